package io.github.torchscript4j.checker.syntax;

import io.github.torchscript4j.checker.source.Code;
import io.github.torchscript4j.checker.source.Diagnostic;
import io.github.torchscript4j.checker.source.SourceFile;
import java.util.ArrayList;

/**
 * Splits Python 3.11 source text into {@link Token}s, the way CPython's tokenizer
 * ({@code Parser/tokenizer.c}) does for {@code ast.parse}.
 *
 * <p>What it does:
 *
 * <ul>
 *   <li>Names (full Unicode, PEP 3131), hard keywords as their own {@link TokenKind}s (soft
 *       keywords stay {@link TokenKind#NAME}), numbers, strings of every prefix and quote form
 *       (f-strings are one {@link TokenKind#STRING} each, as in 3.11), all operators by longest
 *       match.
 *   <li>{@link TokenKind#NEWLINE} at the end of each logical line, covering the line terminator
 *       (empty and synthesized at the end of a file that lacks a final newline);
 *       {@link TokenKind#INDENT}/{@link TokenKind#DEDENT} (empty tokens at the first character of
 *       the line; DEDENTs for open blocks at the end of the file); {@link TokenKind#ENDMARKER}
 *       last. Blank and comment-only lines give no token; newlines inside brackets and
 *       backslash-newline continuations are whitespace.
 *   <li>Type comments: every comment starting {@code #}, spaces or tabs, {@code type:} (including
 *       {@code # type: ignore...}) is also put in {@link LexResult#typeComments()} as a token of
 *       kind {@link TokenKind#NAME} whose range is the whole comment, from {@code #} to the end
 *       of the line. Other comments are dropped.
 *   <li>Every tokenizer error CPython 3.11 reports, with CPython's message, as a
 *       {@link Diagnostic} on the line CPython reports: {@link Code#TOKEN_ERROR} (bad character,
 *       number, string, bracket or line continuation), {@link Code#INDENTATION_ERROR},
 *       {@link Code#TAB_ERROR} and {@link Code#TOO_COMPLEX} (more than 200 nested brackets).
 *       Characters CPython's tokenizer passes on and its parser rejects ({@code ! $ ? `} and
 *       {@code <>}) get a plain "invalid syntax" as {@link Code#SYNTAX_ERROR}: in CPython any
 *       real tokenizer error of the file takes precedence over that generic message. As CPython's
 *       tokenizer stops at its first error, "'(' was never closed" is reported only when no
 *       other tokenizer error came before the end of the file.
 * </ul>
 *
 * <p>A file holding a NUL character gets one diagnostic, "source code string cannot contain null
 * bytes" at the first NUL, and no tokens but the ENDMARKER: CPython refuses such source outright.
 *
 * <p>Recovery: the lexer never throws and always ends with an ENDMARKER. A bad character (or a
 * name containing one, or {@code !}, {@code $}, {@code <>}, an unmatched closing bracket, a
 * misplaced backslash) becomes an {@link TokenKind#ERRORTOKEN}; an unterminated string becomes a
 * STRING token without its closing quote, running to the end of the line (one quote) or the file
 * (three quotes); a malformed number is still a NUMBER token, extended over the letters and
 * digits that follow it. Brackets opened beyond the nesting limit are ERRORTOKENs, as are their
 * closers, so the token stream never nests deeper than 200 brackets. A file ending inside
 * brackets still gets its NEWLINE, DEDENTs and ENDMARKER.
 *
 * <p>What it does not do: decode bytes ({@link SourceDecoder}), check string escapes or f-string
 * contents, or number values (the literal layer), report "unexpected indent" (the parser does,
 * from the INDENT token), or produce COMMENT/NL tokens like the {@code tokenize} module.
 *
 * <p>Offsets in tokens and diagnostics are UTF-16 indices into {@link SourceFile#text()}.
 */
public final class Lexer {
    /** CPython's {@code MAXINDENT}: at most 99 nested indented blocks. */
    static final int MAX_INDENT = 100;
    /** CPython's {@code MAXLEVEL}: at most 200 nested brackets. */
    static final int MAX_LEVEL = 200;

    private static final int TAB_SIZE = 8;
    private static final boolean[] IDENT = new boolean[128];

    static {
        for (int c = 'a'; c <= 'z'; c++) {
            IDENT[c] = true;
            IDENT[c - 'a' + 'A'] = true;
        }
        for (int c = '0'; c <= '9'; c++) {
            IDENT[c] = true;
        }
        IDENT['_'] = true;
    }

    private final SourceFile file;
    /** The lexed text, followed by eight NUL sentinels (so look-ahead never needs a bounds check). */
    private final char[] buf;
    /** Length of the lexed text in {@link #buf}. */
    private final int n;
    /** Offset in the file of {@code buf[0]}. */
    private final int base;
    /** Lexing a region: newlines are whitespace, no NEWLINE/INDENT/DEDENT. */
    private final boolean region;

    private final ArrayList<Token> tokens;
    private final ArrayList<Token> typeComments = new ArrayList<>();
    private final ArrayList<Diagnostic> diagnostics = new ArrayList<>();

    private final int[] indCols = new int[MAX_INDENT];
    /** Indentation columns with tabs counted as one column, for CPython's tab consistency check. */
    private final int[] altCols = new int[MAX_INDENT];
    private int indent;
    private boolean tooDeepReported;

    private final char[] parenChars = new char[MAX_LEVEL];
    private final int[] parenStarts = new int[MAX_LEVEL];
    private int level;
    /** Brackets opened beyond {@link #MAX_LEVEL} and not yet closed. */
    private int overflow;

    /** Whether the current logical line has produced a token (so it needs a NEWLINE). */
    private boolean lineHasTokens;
    /** Whether the current physical line is blank or comment-only (set at its start). */
    private boolean blankLine;
    private boolean nulReported;
    /** Errors other than the parser-level "invalid syntax" ones reported so far. */
    private int tokenizerErrors;
    /** Suppresses diagnostics (for indentation of a line that starts with a bad backslash). */
    private boolean quiet;
    private boolean eofReported;

    private Lexer(SourceFile file, int start, int end, boolean region) {
        this.file = file;
        this.base = start;
        this.n = end - start;
        this.region = region;
        this.buf = new char[n + 8];
        file.text().getChars(start, end, buf, 0);
        this.tokens = new ArrayList<>(Math.max(16, n / 4));
    }

    /** Lexes a whole file (CPython's {@code file_input} mode). Never throws. */
    public static LexResult lex(SourceFile file) {
        int nul = file.text().indexOf('\0');
        if (nul >= 0) {
            return nullBytes(file, nul);
        }
        Lexer lexer = new Lexer(file, 0, file.length(), false);
        lexer.run();
        return lexer.result();
    }

    /**
     * A file holding a NUL: CPython 3.11 refuses it before tokenizing ("source code string cannot
     * contain null bytes", with no line) and reports nothing else. We report the first NUL where
     * it is, and give the parser only an ENDMARKER, so that this is the only error (and the tree
     * an empty module, where CPython builds none).
     */
    private static LexResult nullBytes(SourceFile file, int nul) {
        Diagnostic d = Diagnostic.error(Code.TOKEN_ERROR, file.range(nul, nul + 1),
                "source code string cannot contain null bytes");
        Token end = new Token(TokenKind.ENDMARKER, file.length(), file.length());
        return new LexResult(java.util.List.of(end), java.util.List.of(), java.util.List.of(d));
    }

    /**
     * Lexes {@code [start, end)} of the file as if it were inside brackets: newlines are
     * whitespace and there are no NEWLINE, INDENT or DEDENT tokens; the last token is an
     * ENDMARKER at {@code end}. Used for f-string expressions and type comments. Out-of-range
     * bounds are clamped to the file. Never throws.
     */
    public static LexResult lexRegion(SourceFile file, int start, int end) {
        int s = Math.max(0, Math.min(start, file.length()));
        int e = Math.max(s, Math.min(end, file.length()));
        Lexer lexer = new Lexer(file, s, e, true);
        lexer.run();
        return lexer.result();
    }

    private LexResult result() {
        return new LexResult(tokens, typeComments, diagnostics);
    }

    // ---------------------------------------------------------------- main loop

    private void run() {
        int p = 0;
        boolean bol = !region;
        while (true) {
            if (bol) {
                bol = false;
                p = lineStart(p);
            }
            char c = buf[p];
            switch (c) {
                case ' ':
                case '\t':
                case '\f':
                    p++;
                    break;
                case '\n':
                case '\r': {
                    int e = p + ((c == '\r' && buf[p + 1] == '\n') ? 2 : 1);
                    if (!region) {
                        if (!blankLine && level == 0) {
                            emit(TokenKind.NEWLINE, p, e);
                            lineHasTokens = false;
                        }
                        bol = true;
                    }
                    p = e;
                    break;
                }
                case '#':
                    p = comment(p);
                    break;
                case '\\':
                    p = continuation(p);
                    break;
                case 0:
                    if (p >= n) {
                        finish();
                        return;
                    }
                    nul(p);
                    emit(TokenKind.ERRORTOKEN, p, p + 1);
                    p++;
                    break;
                case 'a': case 'b': case 'c': case 'd': case 'e': case 'f': case 'g': case 'h':
                case 'i': case 'j': case 'k': case 'l': case 'm': case 'n': case 'o': case 'p':
                case 'q': case 'r': case 's': case 't': case 'u': case 'v': case 'w': case 'x':
                case 'y': case 'z':
                case 'A': case 'B': case 'C': case 'D': case 'E': case 'F': case 'G': case 'H':
                case 'I': case 'J': case 'K': case 'L': case 'M': case 'N': case 'O': case 'P':
                case 'Q': case 'R': case 'S': case 'T': case 'U': case 'V': case 'W': case 'X':
                case 'Y': case 'Z':
                case '_':
                    p = name(p);
                    break;
                case '0': case '1': case '2': case '3': case '4':
                case '5': case '6': case '7': case '8': case '9':
                    p = number(p);
                    break;
                case '"':
                case '\'':
                    p = string(p, p);
                    break;
                case '.':
                    if (isDigit(buf[p + 1])) {
                        p = number(p);
                    } else if (buf[p + 1] == '.' && buf[p + 2] == '.') {
                        p = op(TokenKind.ELLIPSIS, p, 3);
                    } else {
                        p = op(TokenKind.DOT, p, 1);
                    }
                    break;
                case '(':
                    p = open(p, TokenKind.LPAR);
                    break;
                case '[':
                    p = open(p, TokenKind.LSQB);
                    break;
                case '{':
                    p = open(p, TokenKind.LBRACE);
                    break;
                case ')':
                    p = close(p, TokenKind.RPAR, '(');
                    break;
                case ']':
                    p = close(p, TokenKind.RSQB, '[');
                    break;
                case '}':
                    p = close(p, TokenKind.RBRACE, '{');
                    break;
                case ':':
                    p = buf[p + 1] == '=' ? op(TokenKind.COLONEQUAL, p, 2) : op(TokenKind.COLON, p, 1);
                    break;
                case ',':
                    p = op(TokenKind.COMMA, p, 1);
                    break;
                case ';':
                    p = op(TokenKind.SEMI, p, 1);
                    break;
                case '~':
                    p = op(TokenKind.TILDE, p, 1);
                    break;
                case '+':
                    p = withEqual(p, TokenKind.PLUS, TokenKind.PLUSEQUAL);
                    break;
                case '-':
                    p = buf[p + 1] == '>' ? op(TokenKind.RARROW, p, 2)
                            : withEqual(p, TokenKind.MINUS, TokenKind.MINEQUAL);
                    break;
                case '*':
                    p = buf[p + 1] == '*'
                            ? (buf[p + 2] == '=' ? op(TokenKind.DOUBLESTAREQUAL, p, 3)
                                    : op(TokenKind.DOUBLESTAR, p, 2))
                            : withEqual(p, TokenKind.STAR, TokenKind.STAREQUAL);
                    break;
                case '/':
                    p = buf[p + 1] == '/'
                            ? (buf[p + 2] == '=' ? op(TokenKind.DOUBLESLASHEQUAL, p, 3)
                                    : op(TokenKind.DOUBLESLASH, p, 2))
                            : withEqual(p, TokenKind.SLASH, TokenKind.SLASHEQUAL);
                    break;
                case '<':
                    if (buf[p + 1] == '<') {
                        p = buf[p + 2] == '=' ? op(TokenKind.LEFTSHIFTEQUAL, p, 3)
                                : op(TokenKind.LEFTSHIFT, p, 2);
                    } else if (buf[p + 1] == '>') {
                        // CPython tokenizes "<>" as NOTEQUAL, then rejects it unless barry_as_FLUFL.
                        p = invalidSyntax(p, 2);
                    } else {
                        p = withEqual(p, TokenKind.LESS, TokenKind.LESSEQUAL);
                    }
                    break;
                case '>':
                    if (buf[p + 1] == '>') {
                        p = buf[p + 2] == '=' ? op(TokenKind.RIGHTSHIFTEQUAL, p, 3)
                                : op(TokenKind.RIGHTSHIFT, p, 2);
                    } else {
                        p = withEqual(p, TokenKind.GREATER, TokenKind.GREATEREQUAL);
                    }
                    break;
                case '=':
                    p = withEqual(p, TokenKind.EQUAL, TokenKind.EQEQUAL);
                    break;
                case '!':
                    p = buf[p + 1] == '=' ? op(TokenKind.NOTEQUAL, p, 2) : invalidSyntax(p, 1);
                    break;
                case '|':
                    p = withEqual(p, TokenKind.VBAR, TokenKind.VBAREQUAL);
                    break;
                case '&':
                    p = withEqual(p, TokenKind.AMPER, TokenKind.AMPEREQUAL);
                    break;
                case '^':
                    p = withEqual(p, TokenKind.CIRCUMFLEX, TokenKind.CIRCUMFLEXEQUAL);
                    break;
                case '%':
                    p = withEqual(p, TokenKind.PERCENT, TokenKind.PERCENTEQUAL);
                    break;
                case '@':
                    p = withEqual(p, TokenKind.AT, TokenKind.ATEQUAL);
                    break;
                default:
                    if (c >= 128) {
                        p = nonAsciiName(p, p);
                    } else if (c < 0x20 || c == 0x7f) {
                        error(Code.TOKEN_ERROR, p, p + 1,
                                String.format("invalid non-printable character U+%04X", (int) c));
                        emit(TokenKind.ERRORTOKEN, p, p + 1);
                        p++;
                    } else {
                        p = invalidSyntax(p, 1); // $ ? `
                    }
                    break;
            }
        }
    }

    /** End of input: unclosed bracket, last NEWLINE, DEDENTs, ENDMARKER. */
    private void finish() {
        if (level > 0 && tokenizerErrors == 0) {
            // CPython's tokenizer stops at its first error, so it only reaches the end of the
            // file with brackets open when there was none.
            int i = level - 1;
            error(Code.TOKEN_ERROR, parenStarts[i], parenStarts[i] + 1,
                    "'" + parenChars[i] + "' was never closed");
        }
        if (!region) {
            if (lineHasTokens) {
                emit(TokenKind.NEWLINE, n, n);
            }
            for (; indent > 0; indent--) {
                emit(TokenKind.DEDENT, n, n);
            }
        }
        emit(TokenKind.ENDMARKER, n, n);
    }

    // ---------------------------------------------------------------- lines and indentation

    /**
     * Measures the indentation of the physical line starting at {@code p}, decides whether it is
     * blank, and emits INDENT/DEDENT tokens. Returns the position of its first non-blank char.
     */
    private int lineStart(int p) {
        int col = 0;
        int alt = 0;
        int contCol = 0;
        int lineBegin = p;
        while (true) {
            char c = buf[p];
            if (c == ' ') {
                col++;
                alt++;
            } else if (c == '\t') {
                col = (col / TAB_SIZE + 1) * TAB_SIZE;
                alt++;
            } else if (c == '\f') {
                col = 0;
                alt = 0;
            } else if (c == '\\' && (buf[p + 1] == '\n' || buf[p + 1] == '\r')) {
                // Indentation cannot be split over lines: the first backslash fixes it.
                contCol = contCol != 0 ? contCol : col;
                int q = p + 1 + ((buf[p + 1] == '\r' && buf[p + 2] == '\n') ? 2 : 1);
                if (q >= n) {
                    unexpectedEof(p);
                    p = n;
                    break;
                }
                p = q;
                lineBegin = q;
                continue;
            } else {
                break;
            }
            p++;
        }
        char c = buf[p];
        blankLine = c == '#' || c == '\n' || c == '\r' || (c == 0 && p >= n);
        if (!blankLine && level == 0) {
            if (contCol != 0) {
                col = contCol;
                alt = contCol;
            }
            // CPython stops at a bad backslash before it compares the indentation.
            quiet = c == '\\';
            indentTo(col, alt, lineBegin, p);
            quiet = false;
        }
        return p;
    }

    private void indentTo(int col, int alt, int lineBegin, int p) {
        int rangeStart = lineBegin < p ? lineBegin : p;
        if (col == indCols[indent]) {
            if (alt != altCols[indent]) {
                tabError(rangeStart, p);
            }
        } else if (col > indCols[indent]) {
            if (indent + 1 >= MAX_INDENT) {
                if (!tooDeepReported) {
                    tooDeepReported = true;
                    error(Code.INDENTATION_ERROR, rangeStart, p, "too many levels of indentation");
                }
                return;
            }
            if (alt <= altCols[indent]) {
                tabError(rangeStart, p);
            }
            indent++;
            indCols[indent] = col;
            altCols[indent] = alt;
            emit(TokenKind.INDENT, p, p);
        } else {
            while (indent > 0 && col < indCols[indent]) {
                indent--;
                emit(TokenKind.DEDENT, p, p);
            }
            if (col != indCols[indent]) {
                error(Code.INDENTATION_ERROR, rangeStart, p,
                        "unindent does not match any outer indentation level");
            } else if (alt != altCols[indent]) {
                tabError(rangeStart, p);
            }
        }
    }

    private void tabError(int start, int p) {
        error(Code.TAB_ERROR, start, p, "inconsistent use of tabs and spaces in indentation");
    }

    /** Skips a comment (collecting type comments); returns the position of its line end. */
    private int comment(int p) {
        int s = p;
        p++;
        while (true) {
            char c = buf[p];
            if (c == '\n' || c == '\r') {
                break;
            }
            if (c == 0) {
                if (p >= n) {
                    break;
                }
                nul(p);
            }
            p++;
        }
        if (!region && isTypeComment(s, p)) {
            typeComments.add(new Token(TokenKind.NAME, base + s, base + p));
        }
        return p;
    }

    /** CPython's type comment prefix: {@code #}, spaces or tabs, {@code type:}. */
    private boolean isTypeComment(int s, int e) {
        int q = s + 1;
        while (q < e && (buf[q] == ' ' || buf[q] == '\t')) {
            q++;
        }
        return e - q >= 5 && buf[q] == 't' && buf[q + 1] == 'y' && buf[q + 2] == 'p'
                && buf[q + 3] == 'e' && buf[q + 4] == ':';
    }

    /** A backslash outside strings: explicit line joining, or an error. */
    private int continuation(int p) {
        char c = buf[p + 1];
        if (c == '\n' || c == '\r') {
            int q = p + 1 + ((c == '\r' && buf[p + 2] == '\n') ? 2 : 1);
            if (q >= n) {
                unexpectedEof(p);
            }
            return q;
        }
        if (p + 1 >= n) {
            unexpectedEof(p);
            return n;
        }
        error(Code.TOKEN_ERROR, p, p + 1, "unexpected character after line continuation character");
        emit(TokenKind.ERRORTOKEN, p, p + 1);
        return p + 1;
    }

    /**
     * A backslash continuing the last line: CPython's tokenizer meets the end of the file there,
     * which it reports as the innermost unclosed bracket when there is one.
     */
    private void unexpectedEof(int p) {
        if (!eofReported) {
            eofReported = true;
            if (level > 0 && !region) {
                int i = level - 1;
                error(Code.TOKEN_ERROR, parenStarts[i], parenStarts[i] + 1,
                        "'" + parenChars[i] + "' was never closed");
            } else {
                error(Code.TOKEN_ERROR, p, p + 1, "unexpected EOF while parsing");
            }
        }
    }

    private void nul(int p) {
        if (!nulReported) {
            nulReported = true;
            error(Code.TOKEN_ERROR, p, p + 1, "source code string cannot contain null bytes");
        }
    }

    // ---------------------------------------------------------------- operators and brackets

    private int op(TokenKind kind, int p, int len) {
        emit(kind, p, p + len);
        return p + len;
    }

    private int withEqual(int p, TokenKind plain, TokenKind withEqual) {
        return buf[p + 1] == '=' ? op(withEqual, p, 2) : op(plain, p, 1);
    }

    /**
     * A character CPython's tokenizer passes on and its parser rejects with a generic "invalid
     * syntax"; reported as {@link Code#SYNTAX_ERROR} because CPython lets any real tokenizer error
     * of the file take precedence over it.
     */
    private int invalidSyntax(int p, int len) {
        error(Code.SYNTAX_ERROR, p, p + len, "invalid syntax");
        emit(TokenKind.ERRORTOKEN, p, p + len);
        return p + len;
    }

    private int open(int p, TokenKind kind) {
        if (level >= MAX_LEVEL) {
            if (overflow == 0) {
                error(Code.TOO_COMPLEX, p, p + 1, "too many nested parentheses");
            }
            overflow++;
            emit(TokenKind.ERRORTOKEN, p, p + 1);
            return p + 1;
        }
        parenChars[level] = buf[p];
        parenStarts[level] = p;
        level++;
        emit(kind, p, p + 1);
        return p + 1;
    }

    private int close(int p, TokenKind kind, char expected) {
        char c = buf[p];
        if (overflow > 0) {
            overflow--;
            emit(TokenKind.ERRORTOKEN, p, p + 1);
            return p + 1;
        }
        if (level == 0) {
            error(Code.TOKEN_ERROR, p, p + 1, "unmatched '" + c + "'");
            emit(TokenKind.ERRORTOKEN, p, p + 1);
            return p + 1;
        }
        level--;
        char opening = parenChars[level];
        if (opening != expected) {
            int openLine = file.lineOf(base + parenStarts[level]);
            String msg = "closing parenthesis '" + c + "' does not match opening parenthesis '"
                    + opening + "'";
            if (openLine != file.lineOf(base + p)) {
                msg += " on line " + openLine;
            }
            error(Code.TOKEN_ERROR, p, p + 1, msg);
        }
        emit(kind, p, p + 1);
        return p + 1;
    }

    // ---------------------------------------------------------------- names

    private int name(int p) {
        int s = p;
        char c = buf[p];
        if (c == 'b' || c == 'B' || c == 'r' || c == 'R' || c == 'u' || c == 'U' || c == 'f'
                || c == 'F') {
            int q = stringPrefixEnd(p);
            if (q >= 0) {
                return string(s, q);
            }
        }
        p++;
        while (true) {
            c = buf[p];
            if (c < 128) {
                if (!IDENT[c]) {
                    break;
                }
                p++;
            } else {
                return nonAsciiName(s, p);
            }
        }
        emit(LexerKeywords.lookup(buf, s, p - s), s, p);
        return p;
    }

    /**
     * If {@code buf[p..]} is a valid string prefix (b, r, u, f, br, rb, fr, rf in any case)
     * followed by a quote, the position of the quote; otherwise -1.
     */
    private int stringPrefixEnd(int p) {
        boolean sawB = false;
        boolean sawR = false;
        boolean sawU = false;
        boolean sawF = false;
        while (true) {
            char c = buf[p];
            if ((c == 'b' || c == 'B') && !(sawB || sawU || sawF)) {
                sawB = true;
            } else if ((c == 'u' || c == 'U') && !(sawB || sawU || sawR || sawF)) {
                sawU = true;
            } else if ((c == 'r' || c == 'R') && !(sawR || sawU)) {
                sawR = true;
            } else if ((c == 'f' || c == 'F') && !(sawF || sawB || sawU)) {
                sawF = true;
            } else {
                return -1;
            }
            p++;
            if (buf[p] == '"' || buf[p] == '\'') {
                return p;
            }
        }
    }

    /** A name with a non-ASCII character at {@code p}; {@code buf[s, p)} is ASCII already. */
    private int nonAsciiName(int s, int p) {
        while (true) {
            char c = buf[p];
            if (c < 128 ? IDENT[c] : true) {
                p++;
            } else {
                break;
            }
        }
        int i = s;
        boolean first = true;
        while (i < p) {
            int cp = Character.codePointAt(buf, i, p);
            boolean ok = first ? LexerUnicode.isXidStart(cp) : LexerUnicode.isXidContinue(cp);
            if (!ok) {
                int e = i + Character.charCount(cp);
                String msg = LexerUnicode.isPrintable(cp)
                        ? String.format("invalid character '%s' (U+%04X)",
                                new String(Character.toChars(cp)), cp)
                        : String.format("invalid non-printable character U+%04X", cp);
                error(Code.TOKEN_ERROR, i, e, msg);
                emit(TokenKind.ERRORTOKEN, s, p);
                return p;
            }
            first = false;
            i += Character.charCount(cp);
        }
        emit(TokenKind.NAME, s, p);
        return p;
    }

    // ---------------------------------------------------------------- strings

    /** A string starting at {@code s} (its prefix) whose opening quote is at {@code q}. */
    private int string(int s, int q) {
        char quote = buf[q];
        int p = q + 1;
        if (buf[p] == quote && buf[p + 1] == quote) {
            return tripleString(s, quote, p + 2);
        }
        while (true) {
            char c = buf[p];
            if (c == quote) {
                p++;
                emit(TokenKind.STRING, s, p);
                return p;
            } else if (c == '\\') {
                if (p + 1 >= n) {
                    p = n;
                } else {
                    p += (buf[p + 1] == '\r' && buf[p + 2] == '\n') ? 3 : 2;
                }
            } else if (c == '\n' || c == '\r') {
                return unterminated(s, p, false);
            } else if (c == 0) {
                if (p >= n) {
                    return unterminated(s, p, false);
                }
                nul(p);
                p++;
            } else {
                p++;
            }
        }
    }

    private int tripleString(int s, char quote, int p) {
        while (true) {
            char c = buf[p];
            if (c == quote) {
                if (buf[p + 1] == quote && buf[p + 2] == quote) {
                    p += 3;
                    emit(TokenKind.STRING, s, p);
                    return p;
                }
                p++;
            } else if (c == '\\') {
                if (p + 1 >= n) {
                    p = n;
                } else {
                    p += (buf[p + 1] == '\r' && buf[p + 2] == '\n') ? 3 : 2;
                }
            } else if (c == 0) {
                if (p >= n) {
                    return unterminated(s, n, true);
                }
                nul(p);
                p++;
            } else {
                p++;
            }
        }
    }

    /**
     * Reports an unterminated string starting at {@code s} and detected at {@code p} (a line
     * terminator or the end of input) and emits it as a STRING token up to {@code p}.
     */
    private int unterminated(int s, int p, boolean triple) {
        int detected = file.lineOf(base + (p < n ? p : Math.max(0, n - 1)));
        int startLine = file.lineOf(base + s);
        int rangeEnd = Math.min(p, file.lineEnd(startLine) - base);
        String msg = (triple ? "unterminated triple-quoted string literal" : "unterminated string literal")
                + " (detected at line " + detected + ")";
        error(Code.TOKEN_ERROR, s, Math.max(s + 1, rangeEnd), msg);
        emit(TokenKind.STRING, s, p);
        return p;
    }

    // ---------------------------------------------------------------- numbers

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isHexDigit(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static boolean isPotentialIdentifierChar(char c) {
        return c >= 128 || IDENT[c];
    }

    /** A number starting at {@code s} (a digit, or a '.' followed by a digit). */
    private int number(int s) {
        int p = s;
        char c = buf[p];
        if (c == '.') {
            return fraction(s, p + 1);
        }
        if (c != '0') {
            p = decimalTail(p);
            if (p < 0) {
                return badNumber(s, -p - 1, "invalid decimal literal");
            }
            return afterInteger(s, p, false, p);
        }
        p++;
        c = buf[p];
        if (c == 'x' || c == 'X') {
            p++;
            do {
                if (buf[p] == '_') {
                    p++;
                }
                if (!isHexDigit(buf[p])) {
                    return badNumber(s, p, "invalid hexadecimal literal");
                }
                while (isHexDigit(buf[p])) {
                    p++;
                }
            } while (buf[p] == '_');
            return endOfNumber(s, p, "hexadecimal");
        }
        if (c == 'o' || c == 'O' || c == 'b' || c == 'B') {
            boolean octal = c == 'o' || c == 'O';
            char max = octal ? '7' : '1';
            String kind = octal ? "octal" : "binary";
            p++;
            do {
                if (buf[p] == '_') {
                    p++;
                }
                c = buf[p];
                if (c < '0' || c > max) {
                    if (isDigit(c)) {
                        return badNumber(s, p, "invalid digit '" + c + "' in " + kind + " literal");
                    }
                    return badNumber(s, p, "invalid " + kind + " literal");
                }
                while (buf[p] >= '0' && buf[p] <= max) {
                    p++;
                }
            } while (buf[p] == '_');
            if (isDigit(buf[p])) {
                return badNumber(s, p, "invalid digit '" + buf[p] + "' in " + kind + " literal");
            }
            return endOfNumber(s, p, kind);
        }
        // Zero, maybe followed by more zeros, a fraction, an exponent or 'j'.
        while (true) {
            if (buf[p] == '_') {
                p++;
                if (!isDigit(buf[p])) {
                    return badNumber(s, p, "invalid decimal literal");
                }
            }
            if (buf[p] != '0') {
                break;
            }
            p++;
        }
        int zerosEnd = p;
        boolean nonzero = false;
        if (isDigit(buf[p])) {
            nonzero = true;
            p = decimalTail(p);
            if (p < 0) {
                return badNumber(s, -p - 1, "invalid decimal literal");
            }
        }
        return afterInteger(s, p, nonzero, zerosEnd);
    }

    /** After the integer part of a decimal number: fraction, exponent, imaginary or end. */
    private int afterInteger(int s, int p, boolean leadingZeros, int zerosEnd) {
        char c = buf[p];
        if (c == '.') {
            return fraction(s, p + 1);
        }
        if (c == 'e' || c == 'E') {
            return exponent(s, p);
        }
        if (c == 'j' || c == 'J') {
            return endOfNumber(s, p + 1, "imaginary");
        }
        if (leadingZeros) {
            return badNumber(s, p,
                    "leading zeros in decimal integer literals are not permitted; "
                            + "use an 0o prefix for octal integers");
        }
        return endOfNumber(s, p, "decimal");
    }

    /** After the '.' of a float at {@code p}. */
    private int fraction(int s, int p) {
        if (isDigit(buf[p])) {
            p = decimalTail(p);
            if (p < 0) {
                return badNumber(s, -p - 1, "invalid decimal literal");
            }
        }
        char c = buf[p];
        if (c == 'e' || c == 'E') {
            return exponent(s, p);
        }
        if (c == 'j' || c == 'J') {
            return endOfNumber(s, p + 1, "imaginary");
        }
        return endOfNumber(s, p, "decimal");
    }

    /** At the 'e' of an exponent (or of a keyword such as {@code else} right after a number). */
    private int exponent(int s, int e) {
        int p = e + 1;
        char c = buf[p];
        if (c == '+' || c == '-') {
            p++;
            if (!isDigit(buf[p])) {
                return badNumber(s, p, "invalid decimal literal");
            }
        } else if (!isDigit(c)) {
            return endOfNumber(s, e, "decimal");
        }
        p = decimalTail(p);
        if (p < 0) {
            return badNumber(s, -p - 1, "invalid decimal literal");
        }
        if (buf[p] == 'j' || buf[p] == 'J') {
            return endOfNumber(s, p + 1, "imaginary");
        }
        return endOfNumber(s, p, "decimal");
    }

    /**
     * Digits with single underscores between them, from the digit at {@code p}. Returns the
     * position after them, or {@code -(q + 1)} when an underscore at {@code q - 1} is not
     * followed by a digit.
     */
    private int decimalTail(int p) {
        while (true) {
            while (isDigit(buf[p])) {
                p++;
            }
            if (buf[p] != '_') {
                return p;
            }
            p++;
            if (!isDigit(buf[p])) {
                return -(p + 1);
            }
        }
    }

    /**
     * CPython's {@code verify_end_of_number}: a number may be followed directly by one of the
     * keywords {@code and else for if in is not or} (a deprecation warning there, not reported
     * here), but not by another letter or digit. As in CPython, the words {@code and else for or
     * not} must end there, while {@code i} followed by {@code f}, {@code n} or {@code s} is enough.
     */
    private int endOfNumber(int s, int p, String kind) {
        char c = buf[p];
        if (c >= 128 || !IDENT[c]) {
            // CPython checks only ASCII here: "1€" is a NUMBER then an invalid character.
            emit(TokenKind.NUMBER, s, p);
            return p;
        }
        if (keywordFollows(p)) {
            emit(TokenKind.NUMBER, s, p);
            return p;
        }
        return badNumber(s, p, "invalid " + kind + " literal");
    }

    private boolean keywordFollows(int p) {
        switch (buf[p]) {
            case 'a':
                return buf[p + 1] == 'n' && buf[p + 2] == 'd' && !isPotentialIdentifierChar(buf[p + 3]);
            case 'e':
                return buf[p + 1] == 'l' && buf[p + 2] == 's' && buf[p + 3] == 'e'
                        && !isPotentialIdentifierChar(buf[p + 4]);
            case 'f':
                return buf[p + 1] == 'o' && buf[p + 2] == 'r' && !isPotentialIdentifierChar(buf[p + 3]);
            case 'i': {
                // CPython checks only the second letter here ("1ifx" is NUMBER NAME).
                char c = buf[p + 1];
                return c == 'f' || c == 'n' || c == 's';
            }
            case 'o':
                return buf[p + 1] == 'r' && !isPotentialIdentifierChar(buf[p + 2]);
            case 'n':
                return buf[p + 1] == 'o' && buf[p + 2] == 't' && !isPotentialIdentifierChar(buf[p + 3]);
            default:
                return false;
        }
    }

    /** Reports a malformed number; its NUMBER token runs over the letters and digits that follow. */
    private int badNumber(int s, int p, String msg) {
        int e = Math.min(p, n);
        while (e < n && buf[e] < 128 && IDENT[buf[e]]) {
            e++;
        }
        error(Code.TOKEN_ERROR, s, Math.max(e, Math.min(p + 1, lineEndFrom(p))), msg);
        emit(TokenKind.NUMBER, s, e);
        return e;
    }

    private int lineEndFrom(int p) {
        return p < n && buf[p] != '\n' && buf[p] != '\r' ? p + 1 : Math.min(p, n);
    }

    // ---------------------------------------------------------------- output

    private void emit(TokenKind kind, int s, int e) {
        tokens.add(new Token(kind, base + s, base + e));
        lineHasTokens = true;
    }

    private void error(Code code, int s, int e, String message) {
        if (quiet) {
            return;
        }
        if (code != Code.SYNTAX_ERROR) {
            tokenizerErrors++;
        }
        int start = Math.min(s, n);
        int end = Math.max(start, Math.min(e, n));
        diagnostics.add(Diagnostic.error(code, file.range(base + start, base + end), message));
    }
}
