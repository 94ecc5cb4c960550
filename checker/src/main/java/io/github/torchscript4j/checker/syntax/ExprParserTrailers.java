package io.github.torchscript4j.checker.syntax;

import static io.github.torchscript4j.checker.syntax.TokenKind.*;

import io.github.torchscript4j.checker.syntax.ast.Comprehension;
import io.github.torchscript4j.checker.syntax.ast.Expr;
import io.github.torchscript4j.checker.syntax.ast.ExprContext;
import io.github.torchscript4j.checker.syntax.ast.Keyword;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The bracketed parts of expressions: call arguments, subscripts and slices, parenthesized
 * expressions, tuples, lists, sets, dicts, comprehensions and their {@code for ... in ... if}
 * clauses, and the target lists of {@code for} clauses and statements.
 *
 * <p>Each method starts at its opening bracket (or keyword) and consumes through the closing one
 * when present; errors are reported through the {@link TokenStream} as in {@link ExprParser}.
 */
final class ExprParserTrailers {
    private final ExprParser ep;
    private final TokenStream ts;

    ExprParserTrailers(ExprParser ep) {
        this.ep = ep;
        this.ts = ep.ts;
    }

    /** Arguments of a call or class definition: positional (with Starred) and keywords. */
    record Arguments(List<Expr> args, List<Keyword> keywords) {}

    /** {@code primary '(' [arguments] ')'}, the cursor at '('. */
    Expr call(Expr func, int s) {
        int open = ts.advance();
        if (!ts.enter(TokenStream.BRACKET_COST)) {
            ts.leave(TokenStream.BRACKET_COST);
            return func;
        }
        Arguments a = arguments(open, true);
        ts.leave(TokenStream.BRACKET_COST);
        return new Expr.Call(func, a.args, a.keywords, ts.range(s, ts.prevEnd()));
    }

    /**
     * The arguments after '(' at token {@code open}, through the ')'. {@code call} allows a bare
     * generator expression as the only argument (not allowed in a class definition's bases).
     */
    Arguments arguments(int open, boolean call) {
        List<Expr> args = new ArrayList<>();
        List<Keyword> keywords = new ArrayList<>();
        boolean sawKeyword = false;
        boolean sawDoubleStar = false;
        String misplaced = null;
        while (!ts.at(RPAR)) {
            int s = ts.start();
            TokenKind k = ts.kind();
            if (k == STAR) {
                ts.advance();
                Expr value = ep.expression();
                if (sawDoubleStar) {
                    ts.error(s, s + 1, "iterable argument unpacking follows keyword argument unpacking");
                }
                if (ts.at(EQUAL)) {
                    ts.invalidSyntax();
                }
                args.add(new Expr.Starred(value, ExprContext.LOAD, ts.range(s, ts.prevEnd())));
            } else if (k == DOUBLESTAR) {
                ts.advance();
                Expr value = ep.expression();
                keywords.add(new Keyword(Optional.empty(), value, ts.range(s, ts.prevEnd())));
                sawDoubleStar = true;
            } else if (k == NAME && ts.peek(1) == EQUAL) {
                int name = ts.advance();
                ts.advance();
                Expr value = ep.expression();
                if (ts.at(FOR) || ts.at(ASYNC) && ts.peek(1) == FOR) {
                    ts.error(s, ts.ends[name + 1], "invalid syntax. Maybe you meant '==' or ':=' instead of '='?");
                }
                keywords.add(new Keyword(Optional.of(ts.identifier(name)), value, ts.range(s, ts.prevEnd())));
                sawKeyword = true;
            } else if ((k == TRUE || k == FALSE || k == NONE) && ts.peek(1) == EQUAL) {
                ts.error(s, ts.ends[ts.pos + 1], "cannot assign to " + k.text());
                ts.advance();
                ts.advance();
                ep.expression();
            } else {
                if (sawKeyword || sawDoubleStar) {
                    // CPython reports a positional argument after keywords only when it parses.
                    TokenStream.Mark m = ts.mark();
                    ts.panic = false;
                    argumentExpression();
                    boolean parses = !ts.panic && (ts.at(COMMA) || ts.at(RPAR));
                    ts.reset(m);
                    if (!parses) {
                        ts.invalidSyntax();
                        break;
                    }
                }
                Expr e = argumentExpression();
                if (isFor() && !call) {
                    ts.invalidSyntax();
                } else if (isFor()) {
                    List<Comprehension> gens = forIfClauses();
                    if (!ts.at(RPAR) && !ts.at(COMMA)) {
                        ep.unexpectedToken();
                    } else if (args.isEmpty() && keywords.isEmpty() && ts.at(RPAR)) {
                        ts.advance();
                        Expr gen = new Expr.GeneratorExp(e, gens, ts.range(ts.starts[open], ts.prevEnd()));
                        args.add(gen);
                        return new Arguments(args, keywords);
                    }
                    ts.error(s, ts.prevEnd(), "Generator expression must be parenthesized");
                    e = new Expr.GeneratorExp(e, gens, ts.range(s, ts.prevEnd()));
                } else if (ts.at(EQUAL)) {
                    ts.error(s, ts.end(), "expression cannot contain assignment, perhaps you meant \"==\"?");
                }
                if (misplaced == null && sawDoubleStar) {
                    misplaced = "positional argument follows keyword argument unpacking";
                } else if (misplaced == null && sawKeyword) {
                    misplaced = "positional argument follows keyword argument";
                }
                args.add(e);
            }
            if (!ts.eat(COMMA)) {
                break;
            }
        }
        if (misplaced != null) {
            // CPython reports it where the argument list ends.
            ts.error(ts.start(), ts.end(), misplaced);
        }
        ep.expectClose(RPAR);
        return new Arguments(args, keywords);
    }

    /** {@code assignment_expression | expression !':='} (or a starred one inside a genexp). */
    private Expr argumentExpression() {
        return ep.namedExpressionNoEquals();
    }

    boolean isFor() {
        return ts.at(FOR) || ts.at(ASYNC) && ts.peek(1) == FOR;
    }

    /** {@code primary '[' slices ']'}, the cursor at '['. */
    Expr subscript(Expr value, int s) {
        ts.advance();
        if (!ts.enter(TokenStream.BRACKET_COST)) {
            ts.leave(TokenStream.BRACKET_COST);
            return value;
        }
        Expr slice = slices();
        ep.expectClose(RSQB);
        ts.leave(TokenStream.BRACKET_COST);
        return new Expr.Subscript(value, slice, ExprContext.LOAD, ts.range(s, ts.prevEnd()));
    }

    /** {@code slices}: one slice, or a Tuple of slices and starred expressions. */
    Expr slices() {
        int s = ts.start();
        Expr first = sliceItem();
        if (!ts.at(COMMA) && !(first instanceof Expr.Starred)) {
            return first;
        }
        List<Expr> elts = new ArrayList<>();
        elts.add(first);
        while (ts.eat(COMMA)) {
            if (ts.at(RSQB)) {
                break;
            }
            elts.add(sliceItem());
        }
        return new Expr.Tuple(elts, ExprContext.LOAD, ts.range(s, ts.prevEnd()));
    }

    private Expr sliceItem() {
        int s = ts.start();
        if (ts.at(STAR)) {
            ts.advance();
            Expr value = ep.expression();
            return new Expr.Starred(value, ExprContext.LOAD, ts.range(s, ts.prevEnd()));
        }
        Optional<Expr> lower = Optional.empty();
        if (!ts.at(COLON)) {
            Expr e = ep.namedExpression();
            if (!ts.at(COLON)) {
                return e;
            }
            lower = Optional.of(e);
        }
        ts.advance();
        Optional<Expr> upper = Optional.empty();
        Optional<Expr> step = Optional.empty();
        if (ExprParser.startsExpression(ts.kind())) {
            upper = Optional.of(ep.expression());
        }
        if (ts.eat(COLON) && ExprParser.startsExpression(ts.kind())) {
            step = Optional.of(ep.expression());
        }
        return new Expr.Slice(lower, upper, step, ts.range(s, ts.prevEnd()));
    }

    /** After '(': the empty tuple, a group, a tuple, a generator expression or a parenthesized yield. */
    Expr parenthesized() {
        int open = ts.advance();
        int s = ts.starts[open];
        if (ts.eat(RPAR)) {
            return new Expr.Tuple(List.of(), ExprContext.LOAD, ts.range(s, ts.prevEnd()));
        }
        if (ts.at(YIELD)) {
            Expr y = ep.yieldExpr();
            ep.expectClose(RPAR);
            return y;
        }
        if (ts.at(DOUBLESTAR)) {
            int star = ts.advance();
            ep.expression();
            ts.error(ts.starts[star], ts.ends[star], "cannot use double starred expression here");
            ep.expectClose(RPAR);
            return new Expr.Error(ts.range(s, ts.prevEnd()));
        }
        Expr first = ep.starNamedExpression();
        if (isFor()) {
            List<Comprehension> gens = forIfClauses();
            ep.expectClose(RPAR);
            return new Expr.GeneratorExp(first, gens, ts.range(s, ts.prevEnd()));
        }
        if (ts.at(COMMA)) {
            List<Expr> elts = new ArrayList<>();
            elts.add(first);
            while (ts.eat(COMMA)) {
                if (ts.at(RPAR)) {
                    break;
                }
                elts.add(ep.starNamedExpression());
            }
            ep.expectClose(RPAR);
            return new Expr.Tuple(elts, ExprContext.LOAD, ts.range(s, ts.prevEnd()));
        }
        if (first instanceof Expr.Starred && ts.at(RPAR)) {
            ts.error(ExprParser.startOf(first), first.range().end(), "cannot use starred expression here");
        }
        ep.expectClose(RPAR);
        return first;
    }

    /** After '[': a list display or a list comprehension. */
    Expr list() {
        int s = ts.start();
        ts.advance();
        if (ts.eat(RSQB)) {
            return new Expr.List(List.of(), ExprContext.LOAD, ts.range(s, ts.prevEnd()));
        }
        Expr first = ep.starNamedExpression();
        if (isFor()) {
            List<Comprehension> gens = forIfClauses();
            ep.expectClose(RSQB);
            return new Expr.ListComp(first, gens, ts.range(s, ts.prevEnd()));
        }
        List<Expr> elts = sequenceRest(first, RSQB);
        return new Expr.List(elts, ExprContext.LOAD, ts.range(s, ts.prevEnd()));
    }

    /** The elements after the first of a list or set display, through the closing bracket. */
    private List<Expr> sequenceRest(Expr first, TokenKind close) {
        List<Expr> elts = new ArrayList<>();
        elts.add(first);
        while (ts.eat(COMMA)) {
            if (ts.at(close)) {
                break;
            }
            elts.add(ep.starNamedExpression());
        }
        if (isFor() && elts.size() > 1) {
            Expr last = elts.get(elts.size() - 1);
            ts.error(ExprParser.startOf(first), last.range().end(),
                    "did you forget parentheses around the comprehension target?");
        } else if (isFor() && ts.kinds[ts.pos - 1] == COMMA) {
            ts.error(ExprParser.startOf(first), ts.prevEnd(),
                    "did you forget parentheses around the comprehension target?");
        }
        ep.expectClose(close);
        return elts;
    }

    /** After '{': a dict or set display, or a dict or set comprehension. */
    Expr braces() {
        int s = ts.start();
        ts.advance();
        if (ts.eat(RBRACE)) {
            return new Expr.Dict(List.of(), List.of(), ts.range(s, ts.prevEnd()));
        }
        if (ts.at(DOUBLESTAR)) {
            return dictRest(s, new ArrayList<>(), new ArrayList<>());
        }
        Expr first = ep.starNamedExpression();
        if (ts.at(COLON) && !(first instanceof Expr.Starred)) {
            ts.advance();
            Expr value = dictValue();
            if (isFor()) {
                List<Comprehension> gens = forIfClauses();
                ep.expectClose(RBRACE);
                return new Expr.DictComp(first, value, gens, ts.range(s, ts.prevEnd()));
            }
            List<Optional<Expr>> keys = new ArrayList<>();
            List<Expr> values = new ArrayList<>();
            keys.add(Optional.of(first));
            values.add(value);
            if (!ts.eat(COMMA)) {
                ep.expectClose(RBRACE);
                return new Expr.Dict(keys, values, ts.range(s, ts.prevEnd()));
            }
            return dictRest(s, keys, values);
        }
        if (isFor()) {
            List<Comprehension> gens = forIfClauses();
            ep.expectClose(RBRACE);
            return new Expr.SetComp(first, gens, ts.range(s, ts.prevEnd()));
        }
        List<Expr> elts = sequenceRest(first, RBRACE);
        return new Expr.Set(elts, ts.range(s, ts.prevEnd()));
    }

    private Expr dictValue() {
        if (ts.at(RBRACE) || ts.at(COMMA)) {
            ts.error(ts.starts[ts.pos - 1], ts.ends[ts.pos - 1], "expression expected after dictionary key and ':'");
            return ep.errorNode();
        }
        if (ts.at(STAR) || ts.at(DOUBLESTAR)) {
            int s = ts.start();
            boolean single = ts.at(STAR);
            ts.advance();
            ep.bitwiseOr();
            ts.error(s, ts.prevEnd(), single ? "cannot use a starred expression in a dictionary value"
                    : "cannot use dict unpacking in a dictionary value");
            return new Expr.Error(ts.range(s, ts.prevEnd()));
        }
        return ep.expression();
    }

    /** Dict entries after a comma (or a leading '**'), through the '}'. */
    private Expr dictRest(int s, List<Optional<Expr>> keys, List<Expr> values) {
        while (!ts.at(RBRACE)) {
            if (ts.at(DOUBLESTAR)) {
                ts.advance();
                keys.add(Optional.empty());
                values.add(ep.bitwiseOr());
            } else {
                Expr key = ep.expression();
                if (ts.eat(COLON)) {
                    keys.add(Optional.of(key));
                    values.add(dictValue());
                } else {
                    if (!(key instanceof Expr.Error) && (ts.at(RBRACE) || ts.at(COMMA))) {
                        int end = key.range().end();
                        ts.error(end - 1, end, "':' expected after dictionary key");
                    } else {
                        ep.unexpectedToken();
                    }
                    keys.add(Optional.of(key));
                    values.add(ep.errorNode());
                }
            }
            if (!ts.eat(COMMA)) {
                break;
            }
        }
        if (isFor() && keys.size() == 1 && keys.get(0).isEmpty()) {
            ts.error(s, ts.start(), "dict unpacking cannot be used in dict comprehension");
            forIfClauses();
        }
        ep.expectClose(RBRACE);
        return new Expr.Dict(keys, values, ts.range(s, ts.prevEnd()));
    }

    /** {@code for_if_clauses}: one or more {@code [async] for targets in disjunction (if disjunction)*}. */
    List<Comprehension> forIfClauses() {
        List<Comprehension> gens = new ArrayList<>(1);
        while (isFor()) {
            int s = ts.start();
            int isAsync = 0;
            if (ts.eat(ASYNC)) {
                isAsync = 1;
            }
            ts.advance();
            Expr target = targetList(Targets.Kind.FOR);
            Expr iter;
            if (ts.eat(IN)) {
                iter = ep.disjunction();
            } else {
                ts.invalidSyntax();
                iter = ep.errorNode();
            }
            List<Expr> ifs = new ArrayList<>(0);
            while (ts.eat(IF)) {
                ifs.add(ep.disjunction());
            }
            gens.add(new Comprehension(target, iter, ifs, isAsync, ts.range(s, ts.prevEnd())));
            if (ts.panic) {
                break;
            }
        }
        ep.lastDisjunctionToken = -1;
        return gens;
    }

    /**
     * {@code star_targets} for {@code for} statements and clauses: elements at {@code bitwise_or}
     * level (so that {@code in} ends them), a Tuple when there is a comma, converted to Store.
     */
    Expr targetList(Targets.Kind kind) {
        int s = ts.start();
        Expr first = targetElement();
        Expr result;
        if (!ts.at(COMMA)) {
            result = first;
        } else {
            List<Expr> elts = new ArrayList<>();
            elts.add(first);
            while (ts.eat(COMMA)) {
                if (!ExprParser.startsStarExpression(ts.kind())) {
                    break;
                }
                elts.add(targetElement());
            }
            result = new Expr.Tuple(elts, ExprContext.LOAD, ts.range(s, ts.prevEnd()));
        }
        return Targets.store(ts, result, kind, false);
    }

    /** One {@code star_target}: {@code '*' star_target} or a target at {@code bitwise_or} level. */
    Expr targetElement() {
        if (ts.at(STAR)) {
            int s = ts.start();
            ts.advance();
            if (!ts.enter(1)) {
                ts.leave(1);
                return ep.errorNode();
            }
            Expr value = targetElement();
            ts.leave(1);
            return new Expr.Starred(value, ExprContext.LOAD, ts.range(s, ts.prevEnd()));
        }
        return ep.bitwiseOr();
    }
}
