package io.github.torchscript4j.checker.syntax;

/**
 * The kinds of Python 3.11 tokens, as CPython's {@code Grammar/Tokens} names them, plus one kind
 * per hard keyword (CPython's parser distinguishes keywords from names the same way).
 *
 * <p>Soft keywords ({@code match}, {@code case}, {@code _}) are {@link #NAME}s. F-strings are
 * {@link #STRING} tokens like other strings; their parts are parsed by the string layer.
 */
public enum TokenKind {
    ENDMARKER(""),
    NAME(""),
    NUMBER(""),
    STRING(""),
    NEWLINE(""),
    INDENT(""),
    DEDENT(""),
    /** A character no token starts with, or the rest of a malformed token; already reported. */
    ERRORTOKEN(""),

    LPAR("("),
    RPAR(")"),
    LSQB("["),
    RSQB("]"),
    COLON(":"),
    COMMA(","),
    SEMI(";"),
    PLUS("+"),
    MINUS("-"),
    STAR("*"),
    SLASH("/"),
    VBAR("|"),
    AMPER("&"),
    LESS("<"),
    GREATER(">"),
    EQUAL("="),
    DOT("."),
    PERCENT("%"),
    LBRACE("{"),
    RBRACE("}"),
    EQEQUAL("=="),
    NOTEQUAL("!="),
    LESSEQUAL("<="),
    GREATEREQUAL(">="),
    TILDE("~"),
    CIRCUMFLEX("^"),
    LEFTSHIFT("<<"),
    RIGHTSHIFT(">>"),
    DOUBLESTAR("**"),
    PLUSEQUAL("+="),
    MINEQUAL("-="),
    STAREQUAL("*="),
    SLASHEQUAL("/="),
    PERCENTEQUAL("%="),
    AMPEREQUAL("&="),
    VBAREQUAL("|="),
    CIRCUMFLEXEQUAL("^="),
    LEFTSHIFTEQUAL("<<="),
    RIGHTSHIFTEQUAL(">>="),
    DOUBLESTAREQUAL("**="),
    DOUBLESLASH("//"),
    DOUBLESLASHEQUAL("//="),
    AT("@"),
    ATEQUAL("@="),
    RARROW("->"),
    ELLIPSIS("..."),
    COLONEQUAL(":="),

    // Hard keywords.
    FALSE("False"),
    NONE("None"),
    TRUE("True"),
    AND("and"),
    AS("as"),
    ASSERT("assert"),
    ASYNC("async"),
    AWAIT("await"),
    BREAK("break"),
    CLASS("class"),
    CONTINUE("continue"),
    DEF("def"),
    DEL("del"),
    ELIF("elif"),
    ELSE("else"),
    EXCEPT("except"),
    FINALLY("finally"),
    FOR("for"),
    FROM("from"),
    GLOBAL("global"),
    IF("if"),
    IMPORT("import"),
    IN("in"),
    IS("is"),
    LAMBDA("lambda"),
    NONLOCAL("nonlocal"),
    NOT("not"),
    OR("or"),
    PASS("pass"),
    RAISE("raise"),
    RETURN("return"),
    TRY("try"),
    WHILE("while"),
    WITH("with"),
    YIELD("yield");

    private final String text;

    TokenKind(String text) {
        this.text = text;
    }

    /** The fixed spelling of an operator or keyword; empty for kinds with variable text. */
    public String text() {
        return text;
    }

    public boolean isKeyword() {
        return ordinal() >= FALSE.ordinal();
    }

    private static final java.util.Map<String, TokenKind> KEYWORDS = new java.util.HashMap<>();

    static {
        for (TokenKind k : values()) {
            if (k.isKeyword()) {
                KEYWORDS.put(k.text, k);
            }
        }
    }

    /** The keyword kind spelled {@code word}, or {@link #NAME}. */
    public static TokenKind keywordOrName(String word) {
        return KEYWORDS.getOrDefault(word, NAME);
    }
}
