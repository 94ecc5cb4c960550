package io.github.torchscript4j.checker.syntax.ast;

import java.math.BigInteger;
import java.util.Arrays;

/** The value of a {@link Expr.Constant}: CPython's {@code constant}. */
public sealed interface Literal
        permits Literal.Int, Literal.Float, Literal.Imaginary, Literal.Str, Literal.Bytes,
                Literal.Bool, Literal.None, Literal.Ellipsis {

    /** The name of the Python class of this value: {@code int}, {@code float}, {@code complex}, {@code str}, … */
    default String pythonTypeName() {
        if (this instanceof Int) {
            return "int";
        } else if (this instanceof Float) {
            return "float";
        } else if (this instanceof Imaginary) {
            return "complex";
        } else if (this instanceof Str) {
            return "str";
        } else if (this instanceof Bytes) {
            return "bytes";
        } else if (this instanceof Bool) {
            return "bool";
        } else if (this instanceof None) {
            return "NoneType";
        } else if (this instanceof Ellipsis) {
            return "ellipsis";
        }
        throw new AssertionError(this);
    }


    /** An {@code int} of any size. */
    record Int(BigInteger value) implements Literal {}

    /** A {@code float}. */
    record Float(double value) implements Literal {}

    /** An imaginary literal {@code 2j}: a {@code complex} with this imaginary part and real part 0. */
    record Imaginary(double imag) implements Literal {}

    /**
     * A {@code str}: Java strings can hold the lone surrogates Python strings may contain. A Python
     * string can also hold a high and a low surrogate as two separate code points (made by
     * backslash-u escapes), which a Java string would read as one character: {@code splitPairs}
     * lists the indices in {@code value} of such high surrogates, in increasing order (empty for
     * nearly every string).
     */
    record Str(String value, java.util.List<Integer> splitPairs) implements Literal {
        public Str {
            splitPairs = java.util.List.copyOf(splitPairs);
        }

        public Str(String value) {
            this(value, java.util.List.of());
        }
    }

    /** A {@code bytes} value; the array is copied in and never exposed mutable. */
    record Bytes(byte[] data) implements Literal {
        public Bytes {
            data = data.clone();
        }

        @Override
        public byte[] data() {
            return data.clone();
        }

        public int length() {
            return data.length;
        }

        public int byteAt(int i) {
            return data[i] & 0xff;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Bytes b && Arrays.equals(b.data, data);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(data);
        }

        @Override
        public String toString() {
            return "Bytes[" + data.length + "]";
        }
    }

    /** {@code True} / {@code False}. */
    record Bool(boolean value) implements Literal {}

    /** {@code None}. */
    record None() implements Literal {}

    /** {@code ...}. */
    record Ellipsis() implements Literal {}
}
