package io.github.torchscript4j.runtime.python;

/** The descriptor wrappers of {@code @staticmethod}, {@code @classmethod} and {@code @property}. */
final class Descriptors {
    private Descriptors() {}

    /** {@code staticmethod(f)}. */
    record StaticMethod(Object function) {}

    /** {@code classmethod(f)}. */
    record ClassMethod(Object function) {}

    /** {@code property(fget, fset, fdel)}; {@code .setter(f)} makes a copy with a setter. */
    record Property(Object getter, Object setter, Object deleter) {}

    /** {@code super(cls, obj)}: lookups start after {@code cls} in {@code obj}'s MRO. */
    record Super(PyClass after, Object self) {}

    /** A set or frozenset: elements in insertion order. */
    static final class PySet {
        final java.util.LinkedHashSet<Object> elements;
        final boolean frozen;

        PySet(java.util.Collection<?> elements, boolean frozen) {
            this.elements = new java.util.LinkedHashSet<>(elements);
            this.frozen = frozen;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof PySet s && s.elements.equals(elements);
        }

        @Override
        public int hashCode() {
            return elements.hashCode();
        }
    }

    /** {@code range(start, stop, step)}. */
    record Range(long start, long stop, long step) {
        long length() {
            if (step > 0) {
                return start < stop ? (stop - start + step - 1) / step : 0;
            }
            return start > stop ? (start - stop - step - 1) / -step : 0;
        }

        long get(long i) {
            return start + i * step;
        }
    }

    /** An iterator ({@code iter(x)}, a generator's results, {@code zip}, {@code map}...). */
    static final class PyIterator implements java.util.Iterator<Object> {
        final java.util.Iterator<?> inner;

        PyIterator(java.util.Iterator<?> inner) {
            this.inner = inner;
        }

        @Override
        public boolean hasNext() {
            return inner.hasNext();
        }

        @Override
        public Object next() {
            return inner.next();
        }
    }

    /** Python's {@code NotImplemented}. */
    static final Object NOT_IMPLEMENTED = new Object() {
        @Override
        public String toString() {
            return "NotImplemented";
        }
    };

    /** A placeholder of the {@code typing} module: {@code Optional}, {@code List[int]}... subscripting gives itself. */
    record TypingForm(String name) {}
}
