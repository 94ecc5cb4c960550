package io.github.torchscript4j.checker.types;

/**
 * The kind of a {@link Type}, in the order of the reference's {@code C10_FORALL_TYPES} list
 * ({@code jit_type_base.h}).
 *
 * <p>The order is not cosmetic: {@link Types#union} sorts a union's members by kind before it
 * prints them ({@code Union[Tensor, float, int, NoneType, str, bool]}). Kinds of the reference
 * that TorchScript programs and operator schemas never show (Quantizer, PyObject, Interface,
 * ScalarType, Layout, MemoryFormat, AnyList, AnyTuple, SymInt, SymFloat, Dynamic) are left out;
 * leaving them out does not change the relative order of the others.
 */
public enum TypeKind {
    ANY,
    ENUM,
    ANY_ENUM,
    TENSOR,
    STORAGE,
    TUPLE,
    LIST,
    DICT,
    NUMBER,
    FLOAT,
    COMPLEX,
    FUTURE,
    RREF,
    INT,
    NONE,
    STRING,
    GENERATOR,
    BOOL,
    OPTIONAL,
    VAR,
    DEVICE,
    STREAM,
    FUNCTION,
    /** User classes and modules: both are the reference's {@code ClassType}. */
    CLASS,
    CAPSULE,
    QSCHEME,
    ANY_CLASS,
    UNION,
    INTERFACE,
    /** Ours ({@link Type.UnknownType}); never sorted, since a union with it is unknown. */
    UNKNOWN
}
