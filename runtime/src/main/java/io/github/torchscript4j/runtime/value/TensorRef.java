package io.github.torchscript4j.runtime.value;

import java.lang.ref.Cleaner;
import org.bytedeco.pytorch.IValue;
import org.bytedeco.pytorch.Tensor;

/**
 * A tensor held by the runtime: a handle on a libtorch {@code at::Tensor}. Identity is the
 * handle's identity (two references to one TensorRef are the same value, as in TorchScript).
 *
 * <h2>Ownership</h2>
 *
 * <p>The native tensor is freed deterministically, by counting the TensorRef's owners — the
 * interpreter's variables, lists, dicts, tuples and objects that hold it — not by the garbage
 * collector:
 *
 * <ul>
 *   <li>A new TensorRef has one owner, whoever created it (an operator call hands its outputs to the
 *       caller this way).
 *   <li>Each further holder calls {@link #retain()}; each holder that lets go calls {@link
 *       #release()}. When the count reaches zero the JavaCPP handle is released, which drops this
 *       reference to the {@code TensorImpl} (libtorch frees the storage once no other tensor, view
 *       or autograd node shares it).
 *   <li>{@link #close()} frees the handle at once, whatever the count (for code that owns the
 *       value outright, with try-with-resources).
 * </ul>
 *
 * <p>Operator calls borrow their arguments: they neither retain nor release them. A freed TensorRef
 * cannot be used again: {@link #tensor()} throws {@link IllegalStateException} instead of handing
 * libtorch a dangling pointer. A TensorRef never wraps an undefined tensor: TorchScript sees an
 * undefined tensor as {@code None}.
 *
 * <p>A TensorRef that is dropped without {@link #release()} is still freed eventually, by
 * JavaCPP's garbage-collector hook; the count only makes it deterministic. Counting is thread-safe.
 *
 * <h2>Handles</h2>
 *
 * <p>A TensorRef holds the tensor in an {@code at::Tensor} handle ({@link #tensor()}), in a {@code
 * c10::IValue} ({@link #ivalue()}, what libtorch's boxed operator calls take), or in both: each
 * is made on first use and kept until the TensorRef is freed, so that a tensor passed from one
 * operator call to the next is never wrapped again. Every handle shares the one {@code TensorImpl}.
 */
public final class TensorRef implements AutoCloseable {
    private Tensor tensor; // made on first use; guarded by this
    private IValue value; // made on first use; guarded by this
    private boolean freed; // guarded by this
    private long impl; // the TensorImpl's address once asked for, 0 before; guarded by this
    private int owners = 1; // guarded by this

    /**
     * A reference to the tensor that {@code tensor} designates. The TensorRef makes its own handle
     * (a new {@code at::Tensor} sharing the {@code TensorImpl}), so {@code tensor} stays the
     * caller's: it may be a view into an {@code IValue} or a stack, or be freed with a {@link
     * org.bytedeco.javacpp.PointerScope}, without harm to the TensorRef.
     *
     * @throws IllegalArgumentException if the tensor is undefined or the handle already freed
     */
    public TensorRef(Tensor tensor) {
        if (tensor == null || tensor.isNull() || !tensor.defined()) {
            throw new IllegalArgumentException("a TensorRef needs a defined tensor");
        }
        Tensor own = new Tensor(tensor);
        // One JavaCPP reference of our own, so that a PointerScope the handle was made in does not
        // free it; released by free().
        own.retainReference();
        this.tensor = own;
    }

    private TensorRef(IValue value) {
        this.value = value;
    }

    /**
     * A reference to the tensor that {@code holder} holds, taken out of it: the holder is left
     * {@code None} (its contents are swapped into a new {@code IValue} of the TensorRef's own, so
     * the tensor is neither copied nor counted once more). For operator outputs on a stack.
     *
     * @throws IllegalArgumentException if the holder holds no tensor (an undefined tensor is
     *     {@code None} to TorchScript: see {@link #isDefinedTensor(IValue)})
     */
    public static TensorRef takenFrom(IValue holder) {
        if (holder == null || holder.isNull() || !isDefinedTensor(holder)) {
            throw new IllegalArgumentException("a TensorRef needs an IValue holding a defined tensor");
        }
        return movedFrom(holder);
    }

    /**
     * {@link #takenFrom(IValue)} without its checks, for a caller that has made sure that {@code
     * holder} holds a defined tensor (an operator's output whose {@code TensorImpl} it has looked at).
     */
    public static TensorRef movedFrom(IValue holder) {
        IValue own = Pool.take();
        own.swap(holder);
        return new TensorRef(own);
    }

    /** Whether an IValue holds a defined tensor (an undefined tensor is a tensor to {@code isTensor}). */
    public static boolean isDefinedTensor(IValue value) {
        return value.isTensor() && value.unsafeToTensorImpl().address() != UndefinedImpl.ADDRESS;
    }

    /**
     * Whether the tensor that {@code impl} (the address of a {@code TensorImpl}, as {@code
     * unsafeToTensorImpl} gives it) designates is defined.
     */
    public static boolean isDefined(long impl) {
        return impl != UndefinedImpl.ADDRESS;
    }

    /**
     * Empty ({@code None}) IValues for the TensorRefs made by {@link #takenFrom}, one pool per
     * thread, so that an operator's output costs no native allocation: a freed TensorRef's IValue is
     * emptied (which drops its tensor) and goes back to the pool of the thread that freed it, up to
     * {@link #LIMIT} per thread (beyond that it is freed). A thread's pool is freed once the thread
     * has ended and the pool is unreachable.
     */
    private static final class Pool {
        static final int LIMIT = 64;
        private static final ThreadLocal<Pool> POOLS = ThreadLocal.withInitial(Pool::new);
        private static final Cleaner CLEANER = Cleaner.create();
        private static final IValue NONE = retained(new IValue());

        private final IValue[] items = new IValue[LIMIT];
        private int size;

        Pool() {
            IValue[] held = items;
            CLEANER.register(this, () -> {
                for (IValue item : held) {
                    if (item != null) {
                        item.releaseReference();
                    }
                }
            });
        }

        /** An empty IValue, the caller's until given back. */
        static IValue take() {
            Pool pool = POOLS.get();
            if (pool.size == 0) {
                return retained(new IValue());
            }
            IValue item = pool.items[--pool.size];
            pool.items[pool.size] = null;
            return item;
        }

        /** Empties {@code item} and keeps it for another {@link #take()}, or frees it. */
        static void give(IValue item) {
            item.put(NONE);
            Pool pool = POOLS.get();
            if (pool.size < LIMIT) {
                pool.items[pool.size++] = item;
            } else {
                item.releaseReference();
            }
        }

        /** One JavaCPP reference of our own: no PointerScope the IValue is made in frees it. */
        private static IValue retained(IValue value) {
            value.retainReference();
            return value;
        }
    }

    /** The address of libtorch's {@code UndefinedTensorImpl} singleton, which undefined tensors point to. */
    private static final class UndefinedImpl {
        static final long ADDRESS;

        static {
            try (Tensor undefined = new Tensor()) {
                ADDRESS = undefined.unsafeGetTensorImpl().address();
            }
        }
    }

    /**
     * The libtorch tensor, valid while this TensorRef has an owner.
     *
     * @throws IllegalStateException if it has been freed
     */
    public synchronized Tensor tensor() {
        if (freed) {
            throw new IllegalStateException("tensor used after it was freed");
        }
        if (tensor == null) {
            // A handle of its own (toTensor designates the IValue's payload, which goes back to the
            // pool when this is freed): a caller that kept it too long then fails instead of
            // reading another tensor.
            Tensor own = new Tensor(value.toTensor());
            own.retainReference();
            tensor = own;
        }
        return tensor;
    }

    /**
     * The tensor as a {@code c10::IValue}, valid while this TensorRef has an owner (borrowed: the
     * caller must not free it, and may copy it onto a stack).
     *
     * @throws IllegalStateException if it has been freed
     */
    public synchronized IValue ivalue() {
        if (freed) {
            throw new IllegalStateException("tensor used after it was freed");
        }
        if (value == null) {
            IValue own = new IValue(tensor);
            own.retainReference();
            value = own;
        }
        return value;
    }

    /**
     * The address of the tensor's {@code TensorImpl}, which identifies the tensor: another handle
     * on the same tensor (an operator's output that is its input, as {@code add_} returns {@code
     * self}) has the same.
     *
     * @throws IllegalStateException if it has been freed
     */
    public synchronized long implAddress() {
        if (freed) {
            throw new IllegalStateException("tensor used after it was freed");
        }
        if (impl == 0) {
            impl = value != null ? value.unsafeToTensorImpl().address() : tensor.unsafeGetTensorImpl().address();
        }
        return impl;
    }

    /** Adds an owner; returns this. */
    public synchronized TensorRef retain() {
        if (freed) {
            throw new IllegalStateException("tensor retained after it was freed");
        }
        owners++;
        return this;
    }

    /** Removes an owner, freeing the native tensor when it was the last; extra calls do nothing. */
    public synchronized void release() {
        if (freed) {
            return;
        }
        if (--owners == 0) {
            free();
        }
    }

    /** Frees the native tensor now, whatever the count; idempotent. */
    @Override
    public synchronized void close() {
        if (!freed) {
            free();
        }
    }

    /** Whether the native tensor has been freed. */
    public synchronized boolean isFreed() {
        return freed;
    }

    /** The number of owners; 0 once freed. */
    public synchronized int owners() {
        return freed ? 0 : owners;
    }

    private void free() {
        Tensor handle = tensor;
        IValue held = value;
        tensor = null;
        value = null;
        freed = true;
        owners = 0;
        if (handle != null) {
            handle.releaseReference();
        }
        if (held != null) {
            Pool.give(held);
        }
    }

    @Override
    public String toString() {
        return "Tensor";
    }
}
