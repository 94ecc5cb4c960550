package io.github.torchscript4j.runtime.ops;

import io.github.torchscript4j.runtime.Libtorch;
import java.lang.reflect.Field;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.pytorch.IValue;
import org.bytedeco.pytorch.IValueVector;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * Reads a boxed call's stack (a {@code std::vector<c10::IValue>}) straight from memory, so that
 * looking at an operator's outputs costs no call into native code: the vector's size, where its
 * i-th IValue is, an IValue's tag and, for a tensor, its {@code TensorImpl}'s address. Only reads;
 * every change to a stack still goes through libtorch.
 *
 * <p>This relies on the memory layout of the two types: a vector is three pointers (begin, end,
 * end of storage) and an IValue is a 16-byte object, an 8-byte payload (a tensor's {@code
 * TensorImpl*}) then a 4-byte tag. The layout is checked once, on IValues and a vector made for the
 * purpose; where it is not the expected one (another C++ library or libtorch version), {@link
 * #AVAILABLE} is false and callers ask libtorch instead ({@code IValueVector.size}, {@code get},
 * {@code isTensor}, {@code unsafeToTensorImpl}).
 */
final class StackMemory {
    /** Whether the layout was found as expected, so that the reads here may be used. */
    static final boolean AVAILABLE;
    /** The tag of an IValue holding a tensor (defined or not); -1 when not {@link #AVAILABLE}. */
    static final int TENSOR_TAG;

    private static final long IVALUE_SIZE = 16;
    private static final long TAG_OFFSET = 8;
    private static final sun.misc.Unsafe UNSAFE;

    static {
        sun.misc.Unsafe unsafe = null;
        int tensorTag = -1;
        try {
            Field field = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
            field.setAccessible(true);
            unsafe = (sun.misc.Unsafe) field.get(null);
            tensorTag = check(unsafe);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            tensorTag = -1;
        }
        UNSAFE = unsafe;
        TENSOR_TAG = tensorTag;
        AVAILABLE = tensorTag >= 0;
    }

    private StackMemory() {}

    /**
     * Checks the layout on a stack of known IValues (an int, a tensor, an undefined tensor and a
     * None); returns the tensor tag, or -1 if anything is not where it is expected.
     */
    private static int check(sun.misc.Unsafe unsafe) {
        Libtorch.ensureLoaded();
        if (Loader.sizeof(IValue.class) != IVALUE_SIZE || Loader.sizeof(Pointer.class) != 8) {
            return -1;
        }
        IValueVector stack = new IValueVector();
        Tensor tensor = torch.zeros(2);
        Tensor undefined = new Tensor();
        IValue number = new IValue(1234567L);
        IValue held = new IValue(tensor);
        IValue undefinedHeld = new IValue(undefined);
        try {
            stack.resize(4);
            stack.put(0, number);
            stack.put(1, held);
            stack.put(2, undefinedHeld);
            long vector = stack.address();
            long begin = unsafe.getLong(vector);
            long end = unsafe.getLong(vector + 8);
            if (begin == 0 || end - begin != 4 * IVALUE_SIZE || stack.get(0).address() != begin
                    || stack.get(3).address() != begin + 3 * IVALUE_SIZE) {
                return -1;
            }
            int intTag = unsafe.getInt(begin + TAG_OFFSET);
            int tensorTag = unsafe.getInt(begin + IVALUE_SIZE + TAG_OFFSET);
            int noneTag = unsafe.getInt(begin + 3 * IVALUE_SIZE + TAG_OFFSET);
            boolean ok = unsafe.getLong(begin) == 1234567L
                    && unsafe.getLong(begin + IVALUE_SIZE) == tensor.unsafeGetTensorImpl().address()
                    && unsafe.getInt(begin + 2 * IVALUE_SIZE + TAG_OFFSET) == tensorTag
                    && unsafe.getLong(begin + 2 * IVALUE_SIZE) == undefined.unsafeGetTensorImpl().address()
                    && intTag != tensorTag && noneTag != tensorTag && intTag != noneTag && tensorTag >= 0
                    && stack.get(1).isTensor() && !stack.get(0).isTensor();
            stack.resize(1); // the stack shrunk: its end moved, not its begin
            ok &= unsafe.getLong(vector) == begin && unsafe.getLong(vector + 8) == begin + IVALUE_SIZE;
            return ok ? tensorTag : -1;
        } finally {
            stack.close();
            number.close();
            held.close();
            undefinedHeld.close();
            tensor.close();
            undefined.close();
        }
    }

    /** The number of IValues on {@code stack}. Only when {@link #AVAILABLE}. */
    static long size(IValueVector stack) {
        long vector = stack.address();
        return (UNSAFE.getLong(vector + 8) - UNSAFE.getLong(vector)) / IVALUE_SIZE;
    }

    /** The address of the {@code i}-th IValue of {@code stack} (not checked against its size). */
    static long slot(IValueVector stack, long i) {
        return UNSAFE.getLong(stack.address()) + i * IVALUE_SIZE;
    }

    /** The tag of the IValue at {@code slot}. */
    static int tag(long slot) {
        return UNSAFE.getInt(slot + TAG_OFFSET);
    }

    /** The {@code TensorImpl} address of the IValue at {@code slot}, which holds a tensor. */
    static long tensorImpl(long slot) {
        return UNSAFE.getLong(slot);
    }

    /**
     * An IValue object that designates IValues in memory owned by someone else (a stack's slots),
     * moved from one to the next with {@link #at(long)}: no Java object per slot looked at. It owns
     * nothing and is never freed.
     */
    static final class View extends IValue {
        View() {
            // JavaCPP maps no constructor of IValue that allocates nothing: allocate a None and free
            // it at once, which leaves the object designating nothing (address 0, no deallocator).
            super();
            deallocate();
        }

        /** Makes this view designate the IValue at {@code address}; returns it. */
        View at(long address) {
            this.address = address;
            return this;
        }
    }
}
