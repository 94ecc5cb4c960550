package io.github.torchscript4j.checker.syntax;

import io.github.torchscript4j.checker.source.Diagnostic;
import io.github.torchscript4j.checker.source.SourceFile;
import io.github.torchscript4j.checker.source.SourceRange;
import io.github.torchscript4j.checker.syntax.StringLiterals.LiteralError;
import io.github.torchscript4j.checker.syntax.ast.Expr;
import io.github.torchscript4j.checker.syntax.ast.Literal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The parts of one f-string token, as CPython 3.11 splits them ({@code Parser/string_parser.c}):
 * literal text with {@code {{}} / {@code }}} un-doubled and escapes decoded, replacement fields
 * {@code {expr=!conv:spec}} with nested fields in the spec (one level deep), and 3.11's errors in
 * its words ({@code f-string: expecting '}'}, {@code f-string: single '}' is not allowed}, ...).
 *
 * <p>It finds where each expression ends by scanning brackets and quotes as CPython does, then
 * hands the expression's offsets to {@link Parser#parseFStringExpression}; it never parses Python
 * itself. Errors end the work on the literal (see {@link StringLiterals}).
 */
final class FStrings {
    /** CPython's {@code MAXLEVEL}: brackets an f-string expression may nest. */
    private static final int MAX_NESTING = 200;

    private final SourceFile file;
    private final String text;
    /** The f-string token being read. */
    private final Token token;
    private final int end;
    private final boolean raw;
    /** Whether the first token of the whole concatenation starts with {@code u}. */
    private final boolean kindU;
    /** The whole concatenation: CPython gives its position to the parts. */
    private final SourceRange whole;
    /** Where errors are reported (the token after the literal, as CPython does). */
    private final SourceRange errorAt;
    private final List<Diagnostic> sink;
    /** The reading position in {@link #text}. */
    private int pos;

    FStrings(SourceFile file, Token token, int bodyStart, int bodyEnd, boolean raw, boolean kindU,
            SourceRange whole, SourceRange errorAt, List<Diagnostic> sink) {
        this.file = file;
        this.text = file.text();
        this.token = token;
        this.pos = bodyStart;
        this.end = bodyEnd;
        this.raw = raw;
        this.kindU = kindU;
        this.whole = whole;
        this.errorAt = errorAt;
        this.sink = sink;
    }

    /**
     * The values of an implicit concatenation being built: CPython's {@code FstringParser}. Adjacent
     * literal text is merged into one {@link Expr.Constant}; empty text adds nothing.
     */
    static final class Concat {
        private final boolean kindU;
        private final SourceRange range;
        private final StringLiterals.PyStr lastStr = new StringLiterals.PyStr();
        private final List<Expr> values = new ArrayList<>();
        private boolean fmode;

        Concat(boolean kindU, SourceRange range) {
            this.kindU = kindU;
            this.range = range;
        }

        /** The pending literal text, to append to. */
        StringLiterals.PyStr text() {
            return lastStr;
        }

        /** Turns pending literal text into a Constant before an expression part. */
        void addValue(Expr value, boolean constantKindU, SourceRange constantRange) {
            flush(constantKindU, constantRange);
            values.add(value);
        }

        private void flush(boolean constantKindU, SourceRange constantRange) {
            if (!lastStr.isEmpty()) {
                values.add(constant(lastStr.take(), constantKindU, constantRange));
            }
        }

        /** A Constant when no f-string took part, else a JoinedStr. */
        Expr finish() {
            if (!fmode) {
                return constant(lastStr.take(), kindU, range);
            }
            flush(kindU, range);
            return new Expr.JoinedStr(values, range);
        }

        private static Expr.Constant constant(Literal.Str value, boolean u, SourceRange range) {
            return new Expr.Constant(value, u ? Optional.of("u") : Optional.empty(), range);
        }
    }

    /** Reads this f-string's body into {@code state} (CPython's {@code ConcatFstring} at level 0). */
    void concat(Concat state) {
        concat(state, 0);
    }

    private void concat(Concat state, int level) {
        state.fmode = true;
        while (true) {
            boolean again = findLiteral(state, level);
            if (again) {
                continue;
            }
            if (pos >= end || text.charAt(pos) == '}') {
                break;
            }
            Expr value = findExpression(state, level);
            state.addValue(value, kindU, whole);
        }
        if (level == 0 && pos < end - 1) {
            throw error("f-string: unexpected end of string");
        }
        if (level != 0 && (pos >= end || text.charAt(pos) != '}')) {
            throw error("f-string: expecting '}'");
        }
    }

    /**
     * Reads literal text up to a replacement field, the end, or (in a format spec) its closing
     * brace, and adds it to {@code state}. Returns true after a doubled brace, when the caller
     * should simply call again.
     */
    private boolean findLiteral(Concat state, int level) {
        int s = pos;
        int literalStart = s;
        boolean again = false;
        int literalEnd = -1;
        while (s < end) {
            char ch = text.charAt(s++);
            if (!raw && ch == '\\' && s < end) {
                ch = text.charAt(s++);
                if (ch == 'N') {
                    // Skip a \N{NAME} escape: its braces are not fields. A malformed one is
                    // reported when the text is decoded.
                    if (s < end && text.charAt(s++) == '{') {
                        while (s < end && text.charAt(s++) != '}') {
                            // skip the name
                        }
                        continue;
                    }
                    break;
                }
            }
            if (ch == '{' || ch == '}') {
                if (level == 0) {
                    if (s < end && text.charAt(s) == ch) {
                        // A doubled brace: the literal ends after the first one.
                        literalEnd = s;
                        pos = s + 1;
                        again = true;
                        break;
                    }
                    if (ch == '}') {
                        pos = s - 1;
                        throw error("f-string: single '}' is not allowed");
                    }
                }
                s--;
                break;
            }
        }
        if (!again) {
            pos = s;
            literalEnd = s;
        }
        if (literalEnd > literalStart) {
            if (raw) {
                state.text().chars.append(StringLiterals.translateNewlines(text, literalStart, literalEnd));
            } else {
                StringLiterals.decodeEscapes(text, literalStart, literalEnd, errorAt, state.text());
            }
        }
        return again;
    }

    /** Reads one replacement field at {@code pos} (a {@code {}) and returns its FormattedValue. */
    private Expr findExpression(Concat state, int level) {
        if (level >= 2) {
            throw error("f-string: expressions nested too deeply");
        }
        pos++;
        int exprStart = pos;
        char quoteChar = 0;
        int stringType = 0;
        int depth = 0;
        char[] parens = new char[MAX_NESTING];
        for (; pos < end; pos++) {
            char ch = text.charAt(pos);
            if (ch == '\\') {
                throw error("f-string expression part cannot include a backslash");
            }
            if (quoteChar != 0) {
                if (ch == quoteChar) {
                    if (stringType == 3) {
                        if (pos + 2 < end && text.charAt(pos + 1) == ch && text.charAt(pos + 2) == ch) {
                            pos += 2;
                            stringType = 0;
                            quoteChar = 0;
                        }
                    } else {
                        stringType = 0;
                        quoteChar = 0;
                    }
                }
            } else if (ch == '\'' || ch == '"') {
                if (pos + 2 < end && text.charAt(pos + 1) == ch && text.charAt(pos + 2) == ch) {
                    stringType = 3;
                    pos += 2;
                } else {
                    stringType = 1;
                }
                quoteChar = ch;
            } else if (ch == '[' || ch == '{' || ch == '(') {
                if (depth >= MAX_NESTING) {
                    throw error("f-string: too many nested parenthesis");
                }
                parens[depth++] = ch;
            } else if (ch == '#') {
                throw error("f-string expression part cannot include '#'");
            } else if (depth == 0
                    && (ch == '!' || ch == ':' || ch == '}' || ch == '=' || ch == '>' || ch == '<')) {
                if (pos + 1 < end) {
                    char next = text.charAt(pos + 1);
                    if (next == '=' && (ch == '!' || ch == '=' || ch == '<' || ch == '>')) {
                        pos++;
                        continue;
                    }
                    if (ch == '>' || ch == '<') {
                        continue;
                    }
                }
                break;
            } else if (ch == ']' || ch == '}' || ch == ')') {
                if (depth == 0) {
                    throw error("f-string: unmatched '" + ch + "'");
                }
                char opening = parens[--depth];
                if (!(opening == '(' && ch == ')' || opening == '[' && ch == ']' || opening == '{' && ch == '}')) {
                    throw error("f-string: closing parenthesis '" + ch
                            + "' does not match opening parenthesis '" + opening + "'");
                }
            }
        }
        int exprEnd = pos;
        if (quoteChar != 0) {
            throw error("f-string: unterminated string");
        }
        if (depth > 0) {
            throw error("f-string: unmatched '" + parens[depth - 1] + "'");
        }
        if (pos >= end) {
            throw error("f-string: expecting '}'");
        }
        Expr expression = compile(exprStart, exprEnd);

        Optional<String> exprText = Optional.empty();
        if (text.charAt(pos) == '=') {
            pos++;
            while (pos < end && isPySpace(text.charAt(pos))) {
                pos++;
            }
            exprText = Optional.of(StringLiterals.translateNewlines(text, exprStart, pos));
        }
        int conversion = -1;
        if (pos < end && text.charAt(pos) == '!') {
            pos++;
            if (pos >= end) {
                throw error("f-string: expecting '}'");
            }
            conversion = text.charAt(pos++);
            if (conversion != 's' && conversion != 'r' && conversion != 'a') {
                throw error("f-string: invalid conversion character: expected 's', 'r', or 'a'");
            }
        }
        if (pos >= end) {
            throw error("f-string: expecting '}'");
        }
        Optional<Expr> formatSpec = Optional.empty();
        if (text.charAt(pos) == ':') {
            pos++;
            if (pos >= end) {
                throw error("f-string: expecting '}'");
            }
            formatSpec = Optional.of(formatSpec(level + 1));
        }
        if (pos >= end || text.charAt(pos) != '}') {
            throw error("f-string: expecting '}'");
        }
        pos++;
        if (exprText.isPresent()) {
            state.text().chars.append(exprText.get());
            if (formatSpec.isEmpty() && conversion == -1) {
                conversion = 'r';
            }
        }
        return new Expr.FormattedValue(expression, conversion, formatSpec, whole);
    }

    /** A format spec: a JoinedStr of literal text and nested fields (CPython's {@code fstring_parse}). */
    private Expr formatSpec(int level) {
        SourceRange tokenRange = file.range(token.start(), token.end());
        Concat spec = new Concat(false, tokenRange);
        concat(spec, level);
        // Parts before a nested field get the whole literal's position and kind (see concat);
        // the last part and the JoinedStr get the f-string token's, as in CPython.
        return spec.finish();
    }

    /** Parses the expression text {@code [start, end)} of a replacement field. */
    private Expr compile(int start, int end) {
        int s = start;
        while (s < end) {
            char c = text.charAt(s);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != '\f') {
                break;
            }
            s++;
        }
        if (s == end) {
            char at = text.charAt(end);
            if (at == '!' || at == ':' || at == '=') {
                throw error("f-string: expression required before '" + at + "'");
            }
            throw error("f-string: empty expression not allowed");
        }
        int before = sink.size();
        Expr expr = Parser.parseFStringExpression(file, start, end, sink);
        for (int i = before; i < sink.size(); i++) {
            if (sink.get(i).isError()) {
                throw new LiteralError(Optional.empty());
            }
        }
        return expr;
    }

    /** Python's {@code Py_ISSPACE}. */
    private static boolean isPySpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\u000b' || c == '\f';
    }

    private LiteralError error(String message) {
        return StringLiterals.error(errorAt, message);
    }
}
