package io.github.torchscript4j.checker.source;

/**
 * Every kind of diagnostic the toolchain reports, with a stable identifier.
 *
 * <p>Identifiers are never reused. {@code TS00xx} are syntax errors (what CPython's
 * {@code ast.parse} rejects); later layers add their own ranges.
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
    TOO_COMPLEX("TS0007");

    private final String id;

    Code(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }
}
