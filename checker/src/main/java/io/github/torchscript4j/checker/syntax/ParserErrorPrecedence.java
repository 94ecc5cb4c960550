package io.github.torchscript4j.checker.syntax;

import static io.github.torchscript4j.checker.syntax.TokenKind.NEWLINE;

import io.github.torchscript4j.checker.source.Code;
import io.github.torchscript4j.checker.source.Diagnostic;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * CPython 3.11's precedence between tokenizer errors and parser errors, applied to the
 * diagnostics of one file after parsing. Three decisions:
 *
 * <ol>
 *   <li><b>Unclosed brackets</b> ({@link #reconcileUnclosedBrackets}). CPython's tokenizer reports
 *       "'(' was never closed" only on reaching the end of the file: when the parser fetches the
 *       end of the file inside the bracket (it fails there, or looks there for its message), or,
 *       after a parser error, when the parser had read a token on a line after the bracket's.
 *       Otherwise the parser's error wins. The loser is dropped: everything after an unclosed
 *       bracket is inside it, so the parser errors after it are its consequences, and a bracket
 *       the parser rejected first is part of the parser's error.
 *   <li><b>Consequences of a later tokenizer error</b> ({@link #dropConsequences}). A parser error
 *       followed closely (before the end of its logical line, or within the next three lines) by
 *       a tokenizer error that CPython would let replace it is mostly a consequence of that
 *       error (a string ending too soon, a bracket closed too early): it is dropped. Farther
 *       away, both are kept: they are independent problems, and the diagnostics show every
 *       problem.
 *   <li><b>CPython's error</b> ({@link #cpythonsError}), the one a {@code SyntaxError} would
 *       carry: the first error by position, unless it is a parser error and the tokenizer's first
 *       error after it, anywhere in the file, replaces it. After a parser error CPython tokenizes
 *       the rest of the file and raises the first tokenizer error that comes with an exception
 *       of its own (unterminated string, bad character or number, unmatched or mismatched
 *       bracket, too deep nesting, bad encoding); the tokenizer stops at its first error, so an
 *       indentation error, a misplaced line continuation ("unexpected character after line
 *       continuation character"), an unexpected end of file or an unclosed bracket first (see
 *       1.) keeps the parser's error. The parser's "unexpected indent" and "unexpected unindent"
 *       are raised without looking further, and so are never replaced. Literal errors (bad
 *       escapes, bytes with non-ASCII characters, f-string errors) are parser errors here, as
 *       CPython raises them in the parser's actions.
 * </ol>
 *
 * <p>The lexer's "invalid syntax" for characters such as {@code $} or {@code !} ({@link
 * Code#SYNTAX_ERROR} among the lexer's diagnostics) is a parser error in CPython (the tokenizer
 * passes them on): it can be replaced and it never replaces.
 *
 * <p>What it does not do: suppress parser errors caused by a tokenizer error the parser meets
 * while parsing the statement (the {@link TokenStream} does that as errors are reported), or
 * decide anything inside f-strings or type comments.
 */
final class ParserErrorPrecedence {
    private ParserErrorPrecedence() {}

    /**
     * Drops either the lexer's "never closed" or the parser's errors after its bracket, as CPython
     * reports one or the other. {@code diagnostics} holds the lexer's ({@code [0, lexerCount)})
     * then the parser's; returns the number of the lexer's left.
     */
    static int reconcileUnclosedBrackets(List<Diagnostic> diagnostics, int lexerCount, TokenStream ts) {
        Diagnostic neverClosed = null;
        for (int i = 0; i < lexerCount; i++) {
            if (TokenStream.isNeverClosed(diagnostics.get(i))) {
                neverClosed = diagnostics.get(i);
            }
        }
        if (neverClosed == null) {
            return lexerCount;
        }
        int bracket = neverClosed.range().start();
        Diagnostic first = null;
        Diagnostic firstAfter = null;
        for (int i = lexerCount; i < diagnostics.size(); i++) {
            Diagnostic d = diagnostics.get(i);
            if (d.code() == Code.TOO_COMPLEX) {
                continue;
            }
            if (first == null || d.range().start() < first.range().start()) {
                first = d;
            }
            if (d.range().start() >= bracket && (firstAfter == null || d.range().start() < firstAfter.range().start())) {
                firstAfter = d;
            }
        }
        int firstReach = first == null || first == firstAfter ? 0 : ts.starts[reach(first, ts)];
        if (firstReach >= ts.text.length() || firstReach > bracket && ts.line(firstReach) > ts.line(bracket)) {
            // An error before the bracket whose look-ahead ran into it, to the end of the input
            // or to a line after the bracket's.
            int from = first.range().start();
            diagnostics.subList(lexerCount, diagnostics.size())
                    .removeIf(d -> d.range().start() >= from && d.code() != Code.TOO_COMPLEX);
            return lexerCount;
        }
        if (firstAfter == null) {
            return lexerCount;
        }
        int reach = reach(firstAfter, ts);
        boolean atEnd = ts.starts[reach] >= ts.text.length();
        if (!atEnd && ts.line(ts.starts[reach]) <= ts.line(bracket)) {
            diagnostics.remove(neverClosed);
            return lexerCount - 1;
        }
        diagnostics.subList(lexerCount, diagnostics.size())
                .removeIf(d -> d.range().start() >= bracket && d.code() != Code.TOO_COMPLEX);
        return lexerCount;
    }

    /**
     * The furthest token CPython's parser fetched for {@code error}: for its generic error, the
     * failing token, or, when that token could continue the expression before it, the token
     * where the expression its second pass reads there (looking for "Perhaps you forgot a
     * comma?") stops, and if another expression could start there, where that one stops (a
     * calibration against CPython, not a derivation: one more step is too many); for "Maybe you
     * meant '==' instead of '='?", where the value after the {@code =} stops; for other
     * messages, the token after the error's range (it looked one token past it).
     */
    private static int reach(Diagnostic error, TokenStream ts) {
        String m = error.message();
        int after = ts.tokenAtOrAfter(error.range().end());
        if (m.equals("invalid syntax")) {
            int at = ts.tokenAtOrAfter(error.range().start());
            if (!continuesAfter(ts, at)) {
                return at;
            }
            int reach = expressionReach(ts, at);
            // The expression read there is complete and followed by another: CPython reads that
            // one too.
            boolean complete = ts.levelAfter(reach - 1) == ts.levelAfter(at - 1);
            return reach < ts.last && complete && continuesAfter(ts, reach) ? expressionReach(ts, reach) : reach;
        }
        if (m.endsWith("Maybe you meant '==' instead of '='?")) {
            return expressionReach(ts, ts.kinds[after] == TokenKind.EQUAL ? after + 1 : after);
        }
        return after;
    }

    /**
     * Whether token {@code at} starts an expression right after one that ends at the token
     * before, in a statement made of expressions (not the names of a def, import or global).
     */
    private static boolean continuesAfter(TokenStream ts, int at) {
        boolean follows = at > 0 && ExprParser.startsExpression(ts.kinds[at]) && switch (ts.kinds[at - 1]) {
            case NAME, NUMBER, STRING, RPAR, RSQB, RBRACE, TRUE, FALSE, NONE, ELLIPSIS -> true;
            default -> false;
        };
        if (!follows) {
            return false;
        }
        int i = at - 1;
        while (i > 0 && !(ts.kinds[i - 1] == NEWLINE || ts.kinds[i - 1] == TokenKind.INDENT
                || ts.kinds[i - 1] == TokenKind.DEDENT || ts.kinds[i - 1] == TokenKind.SEMI)) {
            i--;
        }
        return switch (ts.kinds[i]) {
            case DEF, FROM, IMPORT, GLOBAL, NONLOCAL -> false;
            default -> true;
        };
    }

    /**
     * Parses an expression at token {@code at} on the side: the token it fails at, or the one
     * after it (the end of the input, where CPython's tokenizer raises "never closed", when it
     * runs into it).
     */
    private static int expressionReach(TokenStream ts, int at) {
        List<Diagnostic> sink = new ArrayList<>();
        TokenStream side = new TokenStream(ts, Math.min(at, ts.last), sink);
        Parser.newExprParser(side).expression();
        int stop = side.pos;
        for (Diagnostic d : sink) {
            if (d.isError()) {
                // the error's last token ("Perhaps you forgot a comma?" spans two expressions)
                int s = d.range().start();
                int e = d.range().end();
                stop = Math.min(stop, e > s ? ts.tokenAtOrAfter(e) - 1 : ts.tokenAtOrAfter(s));
            }
        }
        return Math.max(at, stop);
    }

    /**
     * Drops the parser errors that are consequences of a tokenizer error right after them (see
     * the class comment), and repeated parser errors at the same offset. {@code diagnostics} holds the lexer's ({@code [0, lexerCount)}) then
     * the parser's.
     */
    static void dropConsequences(List<Diagnostic> diagnostics, int lexerCount, TokenStream ts) {
        List<Diagnostic> lexer = List.copyOf(diagnostics.subList(0, lexerCount));
        List<Diagnostic> parserErrors = diagnostics.subList(lexerCount, diagnostics.size());
        // A second error at the offset of an earlier one is its cascade (the statement after a
        // missing block starting at the token the block error points at).
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        parserErrors.removeIf(d -> d.code() != Code.TOO_COMPLEX && !seen.add(d.range().start()));
        parserErrors.removeIf(d -> {
            if (!replaceable(d)) {
                return false;
            }
            Diagnostic next = nextTokenizerError(lexer, d);
            if (next == null || !replaces(next)) {
                return false;
            }
            int p = d.range().start();
            int i = ts.tokenAtOrAfter(p);
            while (i < ts.last && ts.kinds[i] != NEWLINE) {
                i++;
            }
            int nearby = ts.line(p) + 3;
            int lineEnd = Math.max(ts.ends[i], nearby <= ts.file.lineCount() ? ts.file.lineEnd(nearby) : ts.text.length());
            return next.range().start() <= lineEnd;
        });
    }

    /**
     * The error CPython raises for the file (see the class comment), among the tokenizer's
     * diagnostics (decoder's and lexer's) and the parser's; empty when there is no error.
     */
    static Optional<Diagnostic> cpythonsError(List<Diagnostic> tokenizer, List<Diagnostic> parser) {
        Diagnostic first = null;
        boolean firstFromParser = false;
        for (Diagnostic d : tokenizer) {
            if (d.isError() && (first == null || Diagnostic.BY_POSITION.compare(d, first) < 0)) {
                first = d;
            }
        }
        for (Diagnostic d : parser) {
            // At the same offset, the parser's first reported comes first (the others are
            // cascades, like the statement after a missing block).
            if (d.isError() && (first == null || d.range().start() < first.range().start()
                    || !firstFromParser && Diagnostic.BY_POSITION.compare(d, first) < 0)) {
                first = d;
                firstFromParser = true;
            }
        }
        if (first == null) {
            return Optional.empty();
        }
        if (!(firstFromParser || first.code() == Code.SYNTAX_ERROR) || !replaceable(first)) {
            return Optional.of(first);
        }
        Diagnostic next = nextTokenizerError(tokenizer, first);
        return Optional.of(next != null && replaces(next) ? next : first);
    }

    /** Whether CPython lets a later tokenizer error replace this parser error. */
    private static boolean replaceable(Diagnostic parserError) {
        String m = parserError.message();
        return parserError.isError() && parserError.code() != Code.TOO_COMPLEX
                && !m.equals("unexpected indent") && !m.equals("unexpected unindent");
    }

    /**
     * The tokenizer's first error from {@code d}'s start on (lexer "invalid syntax" aside), or
     * null. One at the same offset is at the token after an empty DEDENT the parser failed at.
     */
    private static Diagnostic nextTokenizerError(List<Diagnostic> tokenizer, Diagnostic d) {
        Diagnostic next = null;
        for (Diagnostic t : tokenizer) {
            if (t.isError() && t.code() != Code.SYNTAX_ERROR && t.range().start() >= d.range().start()
                    && (next == null || Diagnostic.BY_POSITION.compare(t, next) < 0)) {
                next = t;
            }
        }
        return next;
    }

    /**
     * Whether this tokenizer error, met after a parser error, replaces it: whether CPython's
     * tokenizer raises an exception for it rather than only stopping.
     */
    private static boolean replaces(Diagnostic tokenizerError) {
        return switch (tokenizerError.code()) {
            case INDENTATION_ERROR, TAB_ERROR, SYNTAX_ERROR -> false;
            default -> !TokenStream.isNeverClosed(tokenizerError)
                    && !tokenizerError.message().equals("unexpected character after line continuation character")
                    && !tokenizerError.message().equals("unexpected EOF while parsing");
        };
    }
}
