package io.github.torchscript4j.runtime.value;

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
 */
public final class TensorRef implements AutoCloseable {
    private Tensor tensor; // null once freed; guarded by this
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

    /**
     * The libtorch tensor, valid while this TensorRef has an owner.
     *
     * @throws IllegalStateException if it has been freed
     */
    public synchronized Tensor tensor() {
        if (tensor == null) {
            throw new IllegalStateException("tensor used after it was freed");
        }
        return tensor;
    }

    /** Adds an owner; returns this. */
    public synchronized TensorRef retain() {
        if (tensor == null) {
            throw new IllegalStateException("tensor retained after it was freed");
        }
        owners++;
        return this;
    }

    /** Removes an owner, freeing the native tensor when it was the last; extra calls do nothing. */
    public synchronized void release() {
        if (tensor == null) {
            return;
        }
        if (--owners == 0) {
            free();
        }
    }

    /** Frees the native tensor now, whatever the count; idempotent. */
    @Override
    public synchronized void close() {
        if (tensor != null) {
            free();
        }
    }

    /** Whether the native tensor has been freed. */
    public synchronized boolean isFreed() {
        return tensor == null;
    }

    /** The number of owners; 0 once freed. */
    public synchronized int owners() {
        return tensor == null ? 0 : owners;
    }

    private void free() {
        Tensor handle = tensor;
        tensor = null;
        owners = 0;
        handle.releaseReference();
    }

    @Override
    public String toString() {
        return "Tensor";
    }
}
