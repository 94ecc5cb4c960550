package io.github.torchscript4j.checker.source;

/**
 * Every kind of diagnostic the toolchain reports, with a stable identifier.
 *
 * <p>Identifiers are never reused. {@code TS00xx} are syntax errors (what CPython's
 * {@code ast.parse} rejects); {@code TS01xx} are TorchScript's semantic errors (what {@code
 * torch.jit.script} rejects in a file that parses); later layers add their own ranges.
 */
public enum Code {
    /** A token sequence the grammar does not allow ({@code SyntaxError}). */
    SYNTAX_ERROR("TS0001"),
    /** Inconsistent or unexpected indentation ({@code IndentationError}). */
    INDENTATION_ERROR("TS0002"),
    /** Tabs and spaces mixed inconsistently ({@code TabError}). */
    TAB_ERROR("TS0003"),
    /** The bytes of the file cannot be decoded (bad coding cookie, invalid UTF-8). */
    ENCODING_ERROR("TS0004"),
    /** A malformed token: unterminated string, bad number literal, invalid character. */
    TOKEN_ERROR("TS0005"),
    /** A string or bytes literal whose contents are invalid (bad escape, f-string syntax). */
    LITERAL_ERROR("TS0006"),
    /** Nesting deeper than the parser accepts ("too many nested parentheses", "too complex"). */
    TOO_COMPLEX("TS0007"),

    // ---- TS01xx: TorchScript semantic errors (what torch.jit.script rejects) ----------------

    /** A name that is neither a local variable nor resolvable in the file's Python environment ("undefined value x"). */
    UNDEFINED_VALUE("TS0101"),
    /** A variable assigned in only one branch of an {@code if} and used after it ("y is not defined in the false branch"). */
    NOT_DEFINED_IN_BRANCH("TS0102"),
    /** A variable given types in the two branches of an {@code if} that do not unify, then used ("Type mismatch: ..."). */
    BRANCH_TYPE_MISMATCH("TS0103"),
    /** A variable of an outer block re-assigned in a branch or loop with a type that is not its own ("Variable 'x' previously had type ..."). */
    REASSIGNMENT_TYPE("TS0104"),
    /** An annotation that is not a TorchScript type ("Unknown type constructor int", a bare {@code List}, an expression). */
    INVALID_TYPE_ANNOTATION("TS0105"),
    /** A {@code # type:} comment whose number of parameter types is not the function's ("Number of type annotations ..."). */
    TYPE_COMMENT_ARITY("TS0106"),
    /** A parameter default whose type is not the parameter's ("Expected a default value of type int on parameter "b"."). */
    DEFAULT_VALUE_TYPE("TS0107"),
    /** A function annotated with a return type that can end without returning ("... does not return along all paths"). */
    MISSING_RETURN("TS0108"),
    /** A returned value whose type is not the annotated or previously returned one. */
    RETURN_TYPE("TS0109"),
    /** Unpacking a tuple into a different number of targets ("too many values to unpack: need 2 but found 3"). */
    UNPACK_COUNT("TS0110"),
    /** Python syntax TorchScript does not support ("import statements aren't supported", for ... else, **kwargs). */
    UNSUPPORTED_SYNTAX("TS0111"),
    /** An integer literal outside the signed 64-bit range. */
    INTEGER_OUT_OF_RANGE("TS0112"),
    /** A tuple indexed out of range or assigned through a subscript. */
    TUPLE_INDEX("TS0113"),
    /** A call of a builtin operator that matches none of its schemas ("Arguments for call are not valid."). */
    NO_MATCHING_SCHEMA("TS0114"),
    /** A call of a user function or Python builtin with arguments that do not fit its signature. */
    CALL_ARGUMENTS("TS0115"),
    /** An annotated assignment or container display whose value does not have the annotated type. */
    ANNOTATION_MISMATCH("TS0116"),
    /** A call of a value that is not callable ("cannot call a value of type 'Tensor'"). */
    NOT_CALLABLE("TS0117"),
    /** {@code break} or {@code continue} inside a loop that TorchScript unrolls (over a tuple). */
    BREAK_IN_UNROLLED_LOOP("TS0118"),
    /** A function of {@code torch} the reference maps to an operator it does not have: "Unknown builtin op: aten::is_tensor." */
    UNKNOWN_BUILTIN("TS0119"),
    /** An attribute a value or Python object does not have ("object has no attribute abcd"). */
    NO_ATTRIBUTE("TS0130"),
    /** A Python value used as a first-class value (a class, an exception message). */
    NOT_A_VALUE("TS0131"),
    /** A call of a function that has {@code @torch.jit._overload} declarations but no implementation after them. */
    MISSING_OVERLOAD_IMPLEMENTATION("TS0132"),
    /**
     * An import of the project's own files that Python itself would fail ({@code cannot import name
     * 'f' from 'pkg.util'}, {@code No module named 'pkg.missing'}); imports of other modules are
     * never reported.
     */
    IMPORT_ERROR("TS0133"),
    /** An assignment to an attribute of a class or module that it does not have, or with a value of another type. */
    ATTRIBUTE_ASSIGNMENT("TS0150"),
    /** A class TorchScript cannot compile as declared (inheritance between script classes). */
    CLASS_DEFINITION("TS0151"),
    /** A {@code with} item that is no object, or whose class lacks a well-formed {@code __enter__}/{@code __exit__}. */
    CONTEXT_MANAGER("TS0152"),
    /**
     * A module's attribute as the checker infers it from {@code __init__} differs from the instance
     * that was built (compiling against a concrete module type): missing, or of another type.
     */
    STATIC_VIEW_MISMATCH("TS0153");

    private final String id;

    Code(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }
}
