package io.github.torchscript4j.runtime.python;

import java.util.List;
import java.util.Optional;

/**
 * What the interpreter asks about the values it does not model itself: tensors, dtypes, devices,
 * and the modules the host provides ({@code torch}, {@code torch._C._nn}, {@code torch.nn.parameter},
 * {@code torch.jit}, {@code torch._jit_internal}). The interpreter asks the host only about values
 * for which {@link #isForeign} is true, or about an operator where one operand is foreign; everything
 * else ({@code int}, {@code list}, interpreted classes, ...) it handles itself.
 *
 * <p>Every method throws {@link PyException} for what Python would raise (a libtorch error is a
 * {@code RuntimeError} with libtorch's message, without its C++ backtrace).
 */
public interface Host {
    /** A module the host provides, or empty when it is none of its (then the interpreter looks for Python source). */
    Optional<PyAttributes> importModule(String name);

    /** Whether the host models {@code value} (a tensor, dtype, device, or a {@link PyAttributes} of its own). */
    boolean isForeign(Object value);

    /**
     * Python's {@code None} as the value of an attribute that exists: {@link #attribute} and {@link
     * PyAttributes#attribute} return {@code Optional.of(NONE)} for it ({@code t.grad} of a tensor
     * without a gradient), since an {@link Optional} cannot hold {@code null}.
     */
    Object NONE = new Object() {
        @Override
        public String toString() {
            return "None";
        }
    };

    /**
     * Attribute {@code name} of foreign {@code value} ({@code t.shape}, a bound method {@code t.view});
     * empty: none; {@link #NONE}: an attribute whose value is {@code None}.
     */
    Optional<Object> attribute(Object value, String name);

    /** Sets attribute {@code name} of foreign {@code value} ({@code t.requires_grad = False}). */
    void setAttribute(Object value, String name, Object newValue);

    /**
     * A binary operator where at least one operand is foreign; {@code op} is Python's symbol: {@code +
     * - * / // % ** @ & | ^ << >> == != < <= > >=}, or {@code +=} etc. for the in-place forms
     * ({@code __iadd__}). Empty when the host does not support it for these operands (the
     * interpreter then raises {@code TypeError: unsupported operand type(s)}).
     */
    Optional<Object> binary(String op, Object left, Object right);

    /** A unary operator ({@code -}, {@code +}, {@code ~}) on a foreign operand; empty: unsupported. */
    Optional<Object> unary(String op, Object operand);

    /** Python's truth value of a foreign value ({@code bool(t)} for a one-element tensor). */
    boolean truth(Object value);

    /** {@code str(value)} of a foreign value, as PyTorch prints it. */
    String str(Object value);

    /** {@code repr(value)} of a foreign value. */
    String repr(Object value);

    /** The name of a foreign value's Python type ({@code Tensor}, {@code torch.dtype}, {@code Parameter}). */
    String typeName(Object value);

    /** Whether foreign {@code value} is an instance of the host class {@code cls} ({@code torch.Tensor}, {@code Parameter}). */
    boolean isInstance(Object value, Object cls);

    /** {@code len(value)} of a foreign value (a tensor's first dimension). */
    long length(Object value);

    /** The elements of a foreign iterable value, in order ({@code for row in t}, {@code a, b = t.shape}). */
    Iterable<Object> iterate(Object value);

    /** {@code value[index]} of a foreign value; {@code index} may be a tuple, a slice ({@link PySlice}), {@code None} or an ellipsis ({@link PySlice#ELLIPSIS}). */
    Object getItem(Object value, Object index);

    /** {@code value[index] = newValue} on a foreign value. */
    void setItem(Object value, Object index, Object newValue);

    /**
     * Foreign {@code value} converted for the builtin {@code int} or {@code float} ({@code builtin}):
     * the Python number it holds, which the builtin then converts as its own (a tracer warns of the
     * conversion), or empty to convert it through its {@code __int__}, {@code __float__} or {@code
     * item} as Python does. Empty by default.
     */
    default Optional<Object> toNumber(Object value, String builtin) {
        return Optional.empty();
    }

    /**
     * Calls Python function {@code function} with {@code args} ({@code call} runs it): the host may
     * watch the call (a tracer records a call of a scripted function as one node). Runs it by default.
     */
    default Object callFunction(PyFunction function, List<Object> args, java.util.function.Supplier<Object> call) {
        return call.get();
    }

    /** Whether {@code value} is hashable by identity (tensors) when used as a dict key or set element. */
    default boolean hashesByIdentity(Object value) {
        return true;
    }
}
