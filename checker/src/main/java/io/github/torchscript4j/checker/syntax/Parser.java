package io.github.torchscript4j.checker.syntax;

import static io.github.torchscript4j.checker.syntax.TokenKind.*;

import io.github.torchscript4j.checker.source.Code;
import io.github.torchscript4j.checker.source.Diagnostic;
import io.github.torchscript4j.checker.source.SourceFile;
import io.github.torchscript4j.checker.syntax.ast.Comprehension;
import io.github.torchscript4j.checker.syntax.ast.Expr;
import io.github.torchscript4j.checker.syntax.ast.ExprContext;
import io.github.torchscript4j.checker.syntax.ast.Mod;
import io.github.torchscript4j.checker.syntax.ast.Module;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The Python 3.11 parser: tokens from the {@link Lexer} to the AST of {@code ast.parse}, with
 * CPython's ranges and, for broken code, CPython's error messages, error nodes and recovery.
 *
 * <p><b>Architecture Invariant:</b> parsing never throws and always returns a complete tree. Errors
 * become {@link Diagnostic}s; nesting deeper than {@link TokenStream#MAX_DEPTH} is reported as
 * {@link Code#TOO_COMPLEX} instead of building a tree that recursive walkers could not handle.
 *
 * <p>This class is only the entry points; the grammar lives in {@link StmtParser},
 * {@link StmtParserCompound}, {@link PatternParser}, {@link ExprParser},
 * {@link ExprParserTrailers}, {@link ParserParameters} and {@link Targets}. Decoding diagnostics are
 * the caller's; {@code # type: ignore} comments are not collected (CPython's default mode).
 */
public final class Parser {
    private Parser() {}

    /**
     * Parses a decoded file: the one entry point for a file read from bytes. The result's
     * diagnostics are the decoder's, the lexer's and the parser's, each once, sorted by position;
     * its primary error is the one CPython would raise (see {@link ParserErrorPrecedence}).
     */
    public static ParseResult parse(SourceDecoder.Decoded decoded) {
        return parse(decoded.file(), decoded.diagnostics());
    }

    /**
     * Parses a whole file ({@code file_input}); diagnostics include the lexer's, sorted by
     * position, and the primary error is the one CPython would raise.
     */
    public static ParseResult parse(SourceFile file) {
        return parse(file, List.of());
    }

    private static ParseResult parse(SourceFile file, List<Diagnostic> decoding) {
        LexResult lex = Lexer.lex(file);
        List<Diagnostic> diagnostics = new ArrayList<>(lex.diagnostics());
        TokenStream ts = new TokenStream(file, lex.tokens(), lex.typeComments(), diagnostics);
        Module module = new StmtParser(ts).file();
        int lexerCount = ParserErrorPrecedence.reconcileUnclosedBrackets(diagnostics, lex.diagnostics().size(), ts);
        List<Diagnostic> tokenizer = new ArrayList<>(decoding);
        tokenizer.addAll(diagnostics.subList(0, lexerCount));
        List<Diagnostic> parser = List.copyOf(diagnostics.subList(lexerCount, diagnostics.size()));
        Optional<Diagnostic> primary = ParserErrorPrecedence.cpythonsError(tokenizer, parser);
        ParserErrorPrecedence.dropConsequences(diagnostics, lexerCount, ts);
        Set<Diagnostic> all = new LinkedHashSet<>(decoding);
        all.addAll(diagnostics);
        List<Diagnostic> sorted = new ArrayList<>(all);
        sorted.sort(Diagnostic.BY_POSITION);
        return new ParseResult(module, sorted, primary);
    }

    /**
     * Parses the expression of an f-string replacement field, the text {@code [start, end)}, as
     * CPython 3.11 does: as if it were written in parentheses, so that a tuple or generator
     * expression spans the braces around it. Errors get CPython's "f-string: " prefix.
     */
    public static Expr parseFStringExpression(SourceFile file, int start, int end, List<Diagnostic> sink) {
        LexResult lex = Lexer.lexRegion(file, start, end);
        sink.addAll(lex.diagnostics());
        int before = sink.size();
        TokenStream ts = new TokenStream(file, lex.tokens(), List.of(), sink);
        ts.statementStart = start;
        ts.panic = hasErrors(lex.diagnostics()); // the tokenizer's error is the one CPython reports
        ts.baseLevel = 1;
        ExprParser ep = newExprParser(ts);
        int open = Math.max(0, start - 1);
        int close = Math.min(file.length(), end + 1);
        Expr result;
        if (ts.at(ENDMARKER)) {
            ts.error(start, end, "f-string: empty expression not allowed");
            return new Expr.Error(ts.range(start, end));
        }
        if (ts.at(YIELD)) {
            result = ep.yieldExpr();
        } else {
            Expr first = ep.starNamedExpression();
            if (ep.trailers.isFor()) {
                List<Comprehension> gens = ep.trailers.forIfClauses();
                result = new Expr.GeneratorExp(first, gens, ts.range(open, close));
            } else if (ts.at(COMMA)) {
                List<Expr> elts = new ArrayList<>();
                elts.add(first);
                while (ts.eat(COMMA)) {
                    if (ts.at(ENDMARKER)) {
                        break;
                    }
                    elts.add(ep.starNamedExpression());
                }
                result = new Expr.Tuple(elts, ExprContext.LOAD, ts.range(open, close));
            } else {
                result = first;
            }
        }
        if (!ts.at(ENDMARKER)) {
            ep.unexpectedToken();
        }
        prefixMessages(sink, before, "f-string: ");
        return result;
    }

    /** Parses a function signature type comment such as {@code (int, Tensor) -> Tensor}. */
    public static Mod.FunctionType parseFunctionTypeComment(
            SourceFile file, int start, int end, List<Diagnostic> sink) {
        LexResult lex = Lexer.lexRegion(file, start, end);
        sink.addAll(lex.diagnostics());
        TokenStream ts = new TokenStream(file, lex.tokens(), List.of(), sink);
        ts.statementStart = start;
        ts.panic = hasErrors(lex.diagnostics()); // the tokenizer's error is the one CPython reports
        ExprParser ep = newExprParser(ts);
        List<Expr> argtypes = new ArrayList<>();
        if (!ts.eat(LPAR)) {
            ts.invalidSyntax();
        } else {
            while (!ts.at(RPAR)) {
                if (ts.at(STAR) || ts.at(DOUBLESTAR)) {
                    ts.advance();
                }
                argtypes.add(ep.expression());
                if (!ts.eat(COMMA)) {
                    break;
                }
            }
            ep.expectClose(RPAR);
        }
        Expr returns;
        if (ts.eat(RARROW)) {
            returns = ep.expression();
        } else {
            ts.invalidSyntax();
            returns = ep.errorNode();
        }
        if (!ts.at(ENDMARKER)) {
            ep.unexpectedToken();
        }
        return new Mod.FunctionType(argtypes, returns, ts.range(start, end));
    }

    /** Parses the type of an assignment or parameter type comment, such as {@code List[int]}. */
    public static Expr parseTypeExpression(SourceFile file, int start, int end, List<Diagnostic> sink) {
        LexResult lex = Lexer.lexRegion(file, start, end);
        sink.addAll(lex.diagnostics());
        TokenStream ts = new TokenStream(file, lex.tokens(), List.of(), sink);
        ts.statementStart = start;
        ts.panic = hasErrors(lex.diagnostics()); // the tokenizer's error is the one CPython reports
        ExprParser ep = newExprParser(ts);
        if (ts.at(ENDMARKER)) {
            ts.invalidSyntax();
            return new Expr.Error(ts.range(start, end));
        }
        int s = ts.start();
        Expr first = ep.expression();
        Expr result = first;
        if (ts.at(COMMA)) {
            List<Expr> elts = new ArrayList<>();
            elts.add(first);
            while (ts.eat(COMMA)) {
                if (!ExprParser.startsExpression(ts.kind())) {
                    break;
                }
                elts.add(ep.expression());
            }
            result = new Expr.Tuple(elts, ExprContext.LOAD, ts.range(s, ts.prevEnd()));
        }
        if (!ts.at(ENDMARKER)) {
            ep.unexpectedToken();
        }
        return result;
    }

    private static boolean hasErrors(List<Diagnostic> diagnostics) {
        for (Diagnostic d : diagnostics) {
            if (d.isError()) {
                return true;
            }
        }
        return false;
    }

    static ExprParser newExprParser(TokenStream ts) {
        ExprParser ep = new ExprParser(ts);
        ep.parameters = new ParserParameters(ep);
        return ep;
    }

    private static void prefixMessages(List<Diagnostic> sink, int from, String prefix) {
        for (int i = from; i < sink.size(); i++) {
            Diagnostic d = sink.get(i);
            if (!d.message().startsWith(prefix) && d.code() != Code.TOO_COMPLEX) {
                sink.set(i, new Diagnostic(d.code(), d.severity(), d.range(), prefix + d.message(), d.related()));
            }
        }
    }
}
