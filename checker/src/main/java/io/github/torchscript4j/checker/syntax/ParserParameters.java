package io.github.torchscript4j.checker.syntax;

import static io.github.torchscript4j.checker.syntax.TokenKind.*;

import io.github.torchscript4j.checker.syntax.ast.Arg;
import io.github.torchscript4j.checker.syntax.ast.Arguments;
import io.github.torchscript4j.checker.syntax.ast.Expr;
import io.github.torchscript4j.checker.syntax.ast.TypeComment;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Parameter lists of {@code def} (between the parentheses) and {@code lambda} (up to the colon):
 * positional-only parameters before {@code /}, keyword-only ones after {@code *}, defaults,
 * annotations (not for lambdas; {@code *args: *Ts} allowed), and per-parameter type comments
 * after a parameter's comma. Reports CPython 3.11's messages for misplaced markers and defaults.
 */
final class ParserParameters {
    private final ExprParser ep;
    private final TokenStream ts;

    ParserParameters(ExprParser ep) {
        this.ep = ep;
        this.ts = ep.ts;
    }

    /**
     * Parses parameters up to (not including) ')' for a def or ':' for a lambda. Never consumes
     * the closer.
     */
    Arguments parameters(boolean lambda) {
        TokenKind closer = lambda ? COLON : RPAR;
        int s = ts.start();
        Slots p = new Slots();
        boolean sawSlash = false;
        boolean sawStar = false;
        int bareStarToken = -1;
        boolean sawDefault = false;
        while (!ts.at(closer)) {
            TokenKind k = ts.kind();
            int here = ts.start();
            if (p.kwarg.isPresent()) {
                if (k == NAME || k == STAR || k == DOUBLESTAR || k == SLASH) {
                    ts.error(ts.start(), ts.end(), "arguments cannot follow var-keyword argument");
                } else {
                    ts.invalidSyntax();
                }
                break;
            }
            if (k == SLASH) {
                if (sawSlash) {
                    ts.error(ts.start(), ts.end(), "/ may appear only once");
                } else if (sawStar) {
                    ts.error(ts.start(), ts.end(), "/ must be ahead of *");
                } else if (p.args.isEmpty()) {
                    ts.error(ts.start(), ts.end(), "at least one argument must precede /");
                }
                ts.advance();
                p.posonly.addAll(p.args);
                p.args.clear();
                p.last = Slot.NONE;
                sawSlash = true;
            } else if (k == STAR) {
                int star = ts.advance();
                if (sawStar) {
                    ts.error(ts.starts[star], ts.ends[star], "* argument may appear only once");
                }
                sawStar = true;
                if (ts.at(NAME)) {
                    p.vararg = Optional.of(param(lambda, true));
                    p.last = Slot.VARARG;
                    if (ts.at(EQUAL)) {
                        ts.error(ts.start(), ts.end(), "var-positional argument cannot have default value");
                        ts.advance();
                        ep.expression();
                    }
                } else {
                    bareStarToken = star;
                    p.last = Slot.NONE;
                    if (ts.at(closer) || ts.at(COMMA) && (ts.peek(1) == closer || ts.peek(1) == DOUBLESTAR)) {
                        ts.error(ts.starts[star], ts.ends[star], "named arguments must follow bare *");
                    }
                }
            } else if (k == DOUBLESTAR) {
                ts.advance();
                if (!ts.at(NAME)) {
                    ts.invalidSyntax();
                    break;
                }
                p.kwarg = Optional.of(param(lambda, false));
                p.last = Slot.KWARG;
                if (ts.at(EQUAL)) {
                    ts.error(ts.start(), ts.end(), "var-keyword argument cannot have default value");
                    ts.advance();
                    ep.expression();
                }
            } else if (k == NAME) {
                Arg a = param(lambda, false);
                Optional<Expr> dflt = Optional.empty();
                if (ts.at(EQUAL)) {
                    int eq = ts.advance();
                    if (ts.at(COMMA) || ts.at(closer)) {
                        ts.error(ts.starts[eq], ts.ends[eq], "expected default value expression");
                        dflt = Optional.of(ep.errorNode());
                    } else {
                        dflt = Optional.of(ep.expression());
                    }
                }
                if (sawStar) {
                    p.kwonly.add(a);
                    p.kwDefaults.add(dflt);
                    p.last = Slot.KWONLY;
                } else {
                    if (dflt.isPresent()) {
                        p.defaults.add(dflt.get());
                        sawDefault = true;
                    } else if (sawDefault) {
                        ts.error(a.range().start(), a.range().end(), "non-default argument follows default argument");
                    }
                    p.args.add(a);
                    p.last = Slot.ARGS;
                }
            } else if (k == LPAR && parenthesizedParameters(closer)) {
                ts.error(here, ts.prevEnd(), lambda
                        ? "Lambda expression parameters cannot be parenthesized"
                        : "Function parameters cannot be parenthesized");
                break;
            } else {
                ts.invalidSyntax();
                break;
            }
            if (!ts.at(COMMA)) {
                if (ts.at(closer)) {
                    attachTypeComment(p, closer);
                }
                break;
            }
            ts.advance();
            attachTypeComment(p, closer);
        }
        if (bareStarToken >= 0 && p.kwonly.isEmpty()) {
            ts.error(ts.starts[bareStarToken], ts.ends[bareStarToken], "named arguments must follow bare *");
        }
        return new Arguments(p.posonly, p.args, p.vararg, p.kwonly, p.kwDefaults, p.kwarg, p.defaults,
                ts.range(s, Math.max(s, ts.prevEnd())));
    }

    /**
     * At '(' in a parameter list: whether names, commas and a ')' follow, as in CPython's
     * {@code '(' param_no_default+ ','? ')'} (then the cursor is left at the ')').
     */
    private boolean parenthesizedParameters(TokenKind closer) {
        int i = ts.pos + 1;
        int names = 0;
        while (ts.kinds[i] == NAME) {
            names++;
            i++;
            if (ts.kinds[i] == COMMA) {
                i++;
            } else {
                break;
            }
        }
        if (names == 0 || ts.kinds[i] != RPAR) {
            return false;
        }
        ts.pos = i;
        ts.advance();
        return true;
    }

    private enum Slot { NONE, ARGS, KWONLY, VARARG, KWARG }

    /** The parameters collected so far, and where the last one went (for its type comment). */
    private static final class Slots {
        final List<Arg> posonly = new ArrayList<>();
        final List<Arg> args = new ArrayList<>();
        final List<Expr> defaults = new ArrayList<>();
        Optional<Arg> vararg = Optional.empty();
        final List<Arg> kwonly = new ArrayList<>();
        final List<Optional<Expr>> kwDefaults = new ArrayList<>();
        Optional<Arg> kwarg = Optional.empty();
        Slot last = Slot.NONE;
    }

    /** Attaches a type comment between the previous token and the current one to the last parameter. */
    private void attachTypeComment(Slots p, TokenKind closer) {
        if (closer != RPAR || ts.typeCommentStarts.length == 0 || p.last == Slot.NONE) {
            return;
        }
        int tc = ts.typeCommentIn(ts.prevEnd(), ts.start());
        if (tc < 0) {
            return;
        }
        Optional<TypeComment> comment = Optional.of(typeComment(ts, tc));
        switch (p.last) {
            case ARGS -> p.args.set(p.args.size() - 1, with(p.args.get(p.args.size() - 1), comment));
            case KWONLY -> p.kwonly.set(p.kwonly.size() - 1, with(p.kwonly.get(p.kwonly.size() - 1), comment));
            case VARARG -> p.vararg = Optional.of(with(p.vararg.get(), comment));
            case KWARG -> p.kwarg = Optional.of(with(p.kwarg.get(), comment));
            default -> { }
        }
        p.last = Slot.NONE;
    }

    private static Arg with(Arg a, Optional<TypeComment> comment) {
        return new Arg(a.arg(), a.annotation(), comment, a.range());
    }

    /** {@code NAME [':' annotation]}; {@code starAnnotation} allows {@code *args: *Ts}. */
    private Arg param(boolean lambda, boolean starAnnotation) {
        int name = ts.advance();
        Optional<Expr> annotation = Optional.empty();
        if (!lambda && ts.eat(COLON)) {
            annotation = Optional.of(starAnnotation && ts.at(STAR) ? ep.starExpression() : ep.expression());
        }
        return new Arg(ts.identifier(name), annotation, Optional.empty(), ts.range(ts.starts[name], ts.prevEnd()));
    }

    static TypeComment typeComment(TokenStream ts, int index) {
        int start = ts.typeCommentStarts[index];
        int end = ts.typeCommentEnds[index];
        int textStart = ts.typeTextStart(start, end);
        int textEnd = end;
        while (textEnd > textStart && Character.isWhitespace(ts.text.charAt(textEnd - 1))) {
            textEnd--;
        }
        return new TypeComment(ts.text.substring(textStart, textEnd), ts.range(textStart, textEnd));
    }
}
