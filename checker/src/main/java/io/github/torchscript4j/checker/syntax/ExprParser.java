package io.github.torchscript4j.checker.syntax;

import static io.github.torchscript4j.checker.syntax.TokenKind.*;

import io.github.torchscript4j.checker.syntax.ast.BoolOperator;
import io.github.torchscript4j.checker.syntax.ast.CmpOperator;
import io.github.torchscript4j.checker.syntax.ast.Expr;
import io.github.torchscript4j.checker.syntax.ast.ExprContext;
import io.github.torchscript4j.checker.syntax.ast.Literal;
import io.github.torchscript4j.checker.syntax.ast.Operator;
import io.github.torchscript4j.checker.syntax.ast.UnaryOperator;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Expressions of CPython 3.11's grammar, from {@code star_expressions} down to {@code atom}, by
 * recursive descent with precedence climbing for the binary operators.
 *
 * <p>Ranges follow CPython: a node spans from the first to the last token its rule consumed, so a
 * parenthesized operand's parentheses belong to the enclosing node but not to the operand. Calls,
 * subscripts, displays and comprehensions live in {@link ExprParserTrailers}; parameters in
 * {@link ParserParameters}. On a syntax error a method reports it through the {@link TokenStream}
 * and returns what it has, with {@link Expr.Error} for missing parts; it never throws.
 */
final class ExprParser {
    final TokenStream ts;
    final ExprParserTrailers trailers;
    ParserParameters parameters;

    /** Start and end offsets of the last disjunction parsed (for "Perhaps you forgot a comma?"). */
    int lastDisjunctionStart = -1;
    int lastDisjunctionEnd = -1;
    int lastDisjunctionToken = -1;

    ExprParser(TokenStream ts) {
        this.ts = ts;
        this.trailers = new ExprParserTrailers(this);
    }

    // ---- helpers ----

    Expr.Error errorNode() {
        return new Expr.Error(ts.range(ts.start(), ts.start()));
    }

    /** Whether {@code k} can start an {@code expression} (not counting {@code *}). */
    static boolean startsExpression(TokenKind k) {
        switch (k) {
            case NAME, NUMBER, STRING, LPAR, LSQB, LBRACE, MINUS, PLUS, TILDE, NOT, LAMBDA, AWAIT, TRUE,
                    FALSE, NONE, ELLIPSIS -> {
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    static boolean startsStarExpression(TokenKind k) {
        return k == STAR || startsExpression(k);
    }

    static int startOf(Expr e) {
        return e.range().start();
    }

    // ---- star_expressions and friends ----

    /** {@code star_expressions}: a Tuple (Load) when there is a comma. */
    Expr starExpressions() {
        int s = ts.start();
        Expr first = starExpression();
        if (!ts.at(COMMA)) {
            return first;
        }
        List<Expr> elts = new ArrayList<>();
        elts.add(first);
        while (ts.eat(COMMA)) {
            if (!startsStarExpression(ts.kind())) {
                break;
            }
            elts.add(starExpression());
        }
        return new Expr.Tuple(elts, ExprContext.LOAD, ts.range(s, ts.prevEnd()));
    }

    /** {@code star_expression}: {@code '*' bitwise_or | expression}. */
    Expr starExpression() {
        if (ts.at(STAR)) {
            return starred();
        }
        return expression();
    }

    /** {@code star_named_expression}: {@code '*' bitwise_or | named_expression}. */
    Expr starNamedExpression() {
        if (ts.at(STAR)) {
            return starred();
        }
        return namedExpression();
    }

    /** {@code '*' bitwise_or} as a Starred (Load). */
    Expr starred() {
        int s = ts.start();
        ts.advance();
        if (!ts.enter(1)) {
            ts.leave(1);
            return errorNode();
        }
        Expr value = bitwiseOr();
        ts.leave(1);
        return new Expr.Starred(value, ExprContext.LOAD, ts.range(s, ts.prevEnd()));
    }

    /** {@code yield_expr}. */
    Expr yieldExpr() {
        int s = ts.start();
        ts.advance();
        if (ts.eat(FROM)) {
            Expr value = expression();
            return new Expr.YieldFrom(value, ts.range(s, ts.prevEnd()));
        }
        Optional<Expr> value = Optional.empty();
        if (startsStarExpression(ts.kind())) {
            value = Optional.of(starExpressions());
        }
        return new Expr.Yield(value, ts.range(s, ts.prevEnd()));
    }

    /** {@code annotated_rhs}: {@code yield_expr | star_expressions}. */
    Expr annotatedRhs() {
        return ts.at(YIELD) ? yieldExpr() : starExpressions();
    }

    /** {@code named_expression}: a walrus or an {@code expression}, with CPython's messages for misused '='. */
    Expr namedExpression() {
        return namedExpression(true);
    }

    /** {@code assignment_expression | expression !':='}, leaving a following '=' to the caller. */
    Expr namedExpressionNoEquals() {
        return namedExpression(false);
    }

    private Expr namedExpression(boolean checkEquals) {
        int s = ts.start();
        if (ts.at(NAME) && ts.peek(1) == COLONEQUAL) {
            int name = ts.advance();
            ts.advance();
            Expr target = new Expr.Name(ts.identifier(name), ExprContext.STORE, ts.tokenRange(name));
            if (!ts.enter(1)) {
                ts.leave(1);
                return errorNode();
            }
            Expr value = expression();
            ts.leave(1);
            return new Expr.NamedExpr(target, value, ts.range(s, ts.prevEnd()));
        }
        Expr e = expression();
        if (ts.at(COLONEQUAL) && !checkEquals) {
            ts.invalidSyntax();
        } else if (ts.at(COLONEQUAL)) {
            ts.error(startOf(e), e.range().end(),
                    "cannot use assignment expressions with " + Targets.describe(e));
        } else if (checkEquals && ts.at(EQUAL)) {
            misusedEquals(e, s);
        }
        return e;
    }

    /** CPython's {@code invalid_named_expression}: an '=' after an expression where none is allowed. */
    void misusedEquals(Expr e, int s) {
        if (e instanceof Expr.Name && ts.kinds[ts.pos - 1] == NAME && startOf(e) == s) {
            ts.advance();
            int end = ts.end();
            if (startsExpression(ts.kind())) {
                Expr rhs = bitwiseOr();
                end = rhs.range().end();
            }
            ts.error(s, end, "invalid syntax. Maybe you meant '==' or ':=' instead of '='?");
        } else if (Targets.isBitwiseOrLevel(e) && !startsWithDisplay(s) && !Targets.isSingletonConstant(e)) {
            ts.error(startOf(e), e.range().end(),
                    "cannot assign to " + Targets.describe(e) + " here. Maybe you meant '==' instead of '='?");
        } else {
            ts.invalidSyntax();
        }
    }

    /** Whether the expression starting at offset {@code s} starts with a list, tuple or generator display. */
    boolean startsWithDisplay(int s) {
        int i = ts.pos;
        while (i > 0 && ts.starts[i] > s) {
            i--;
        }
        return ts.starts[i] == s && (ts.kinds[i] == LSQB || ts.kinds[i] == LPAR);
    }

    /** {@code expression}: a conditional expression, a lambda, or a disjunction. */
    Expr expression() {
        if (ts.at(LAMBDA)) {
            return lambda();
        }
        int s = ts.start();
        Expr body = disjunction();
        if (!ts.at(IF)) {
            return body;
        }
        if (!ts.enter(1)) {
            ts.leave(1);
            return body;
        }
        ts.advance();
        Expr test = disjunction();
        Expr orelse;
        if (ts.eat(ELSE)) {
            orelse = expression();
        } else {
            if (!ts.at(COLON) && !(test instanceof Expr.Error)) {
                ts.error(s, test.range().end(), "expected 'else' after 'if' expression");
            } else {
                ts.invalidSyntax();
            }
            orelse = errorNode();
        }
        ts.leave(1);
        lastDisjunctionToken = -1;
        return new Expr.IfExp(test, body, orelse, ts.range(s, ts.prevEnd()));
    }

    Expr lambda() {
        int s = ts.start();
        ts.advance();
        if (!ts.enter(TokenStream.BLOCK_COST)) {
            ts.leave(TokenStream.BLOCK_COST);
            return errorNode();
        }
        var args = parameters.parameters(true);
        Expr body;
        if (ts.eat(COLON)) {
            body = expression();
        } else {
            ts.invalidSyntax();
            body = errorNode();
        }
        ts.leave(TokenStream.BLOCK_COST);
        // The body is an expression of its own: a token after it can be "a missing comma" after
        // the body's last disjunction, as in CPython.
        return new Expr.Lambda(args, body, ts.range(s, ts.prevEnd()));
    }

    /** {@code disjunction}: {@code conjunction ('or' conjunction)*}. */
    Expr disjunction() {
        int s = ts.start();
        Expr first = conjunction();
        if (ts.at(OR)) {
            List<Expr> values = new ArrayList<>();
            values.add(first);
            while (ts.eat(OR)) {
                values.add(conjunction());
            }
            first = new Expr.BoolOp(BoolOperator.OR, values, ts.range(s, ts.prevEnd()));
        }
        lastDisjunctionStart = s;
        lastDisjunctionEnd = ts.prevEnd();
        lastDisjunctionToken = ts.pos;
        return first;
    }

    Expr conjunction() {
        int s = ts.start();
        Expr first = inversion();
        if (ts.at(AND)) {
            List<Expr> values = new ArrayList<>();
            values.add(first);
            while (ts.eat(AND)) {
                values.add(inversion());
            }
            first = new Expr.BoolOp(BoolOperator.AND, values, ts.range(s, ts.prevEnd()));
        }
        return first;
    }

    Expr inversion() {
        if (!ts.at(NOT)) {
            return comparison();
        }
        int s = ts.start();
        ts.advance();
        if (!ts.enter(1)) {
            ts.leave(1);
            return errorNode();
        }
        Expr operand = inversion();
        ts.leave(1);
        return new Expr.UnaryOp(UnaryOperator.NOT, operand, ts.range(s, ts.prevEnd()));
    }

    Expr comparison() {
        int s = ts.start();
        Expr left = bitwiseOr();
        CmpOperator op = comparisonOperator();
        if (op == null) {
            return left;
        }
        List<CmpOperator> ops = new ArrayList<>();
        List<Expr> comparators = new ArrayList<>();
        while (op != null) {
            ts.advance();
            if (op == CmpOperator.NOT_IN || op == CmpOperator.IS_NOT) {
                ts.advance();
            }
            ops.add(op);
            comparators.add(bitwiseOr());
            op = comparisonOperator();
        }
        return new Expr.Compare(left, ops, comparators, ts.range(s, ts.prevEnd()));
    }

    private CmpOperator comparisonOperator() {
        switch (ts.kind()) {
            case EQEQUAL -> {
                return CmpOperator.EQ;
            }
            case NOTEQUAL -> {
                return CmpOperator.NOT_EQ;
            }
            case LESS -> {
                return CmpOperator.LT;
            }
            case LESSEQUAL -> {
                return CmpOperator.LT_E;
            }
            case GREATER -> {
                return CmpOperator.GT;
            }
            case GREATEREQUAL -> {
                return CmpOperator.GT_E;
            }
            case IN -> {
                return CmpOperator.IN;
            }
            case NOT -> {
                return ts.peek(1) == IN ? CmpOperator.NOT_IN : null;
            }
            case IS -> {
                return ts.peek(1) == NOT ? CmpOperator.IS_NOT : CmpOperator.IS;
            }
            default -> {
                return null;
            }
        }
    }

    /** {@code bitwise_or} and everything it contains down to {@code factor}. */
    Expr bitwiseOr() {
        return binary(1);
    }

    private static int precedence(TokenKind k) {
        switch (k) {
            case VBAR -> {
                return 1;
            }
            case CIRCUMFLEX -> {
                return 2;
            }
            case AMPER -> {
                return 3;
            }
            case LEFTSHIFT, RIGHTSHIFT -> {
                return 4;
            }
            case PLUS, MINUS -> {
                return 5;
            }
            case STAR, SLASH, DOUBLESLASH, PERCENT, AT -> {
                return 6;
            }
            default -> {
                return 0;
            }
        }
    }

    private static Operator binaryOperator(TokenKind k) {
        switch (k) {
            case VBAR -> {
                return Operator.BIT_OR;
            }
            case CIRCUMFLEX -> {
                return Operator.BIT_XOR;
            }
            case AMPER -> {
                return Operator.BIT_AND;
            }
            case LEFTSHIFT -> {
                return Operator.LSHIFT;
            }
            case RIGHTSHIFT -> {
                return Operator.RSHIFT;
            }
            case PLUS -> {
                return Operator.ADD;
            }
            case MINUS -> {
                return Operator.SUB;
            }
            case STAR -> {
                return Operator.MULT;
            }
            case SLASH -> {
                return Operator.DIV;
            }
            case DOUBLESLASH -> {
                return Operator.FLOOR_DIV;
            }
            case PERCENT -> {
                return Operator.MOD;
            }
            case AT -> {
                return Operator.MAT_MULT;
            }
            default -> throw new AssertionError(k);
        }
    }

    /** Left-associative binary operators of precedence at least {@code minPrec}. */
    private Expr binary(int minPrec) {
        int s = ts.start();
        Expr left = factor();
        int saved = ts.depth;
        while (true) {
            int prec = precedence(ts.kind());
            if (prec < minPrec || prec == 0) {
                break;
            }
            if (!ts.enter(1)) {
                break;
            }
            Operator op = binaryOperator(ts.kind());
            ts.advance();
            Expr right = binary(prec + 1);
            left = new Expr.BinOp(left, op, right, ts.range(s, ts.prevEnd()));
        }
        ts.depth = saved;
        return left;
    }

    /** {@code factor}: unary plus, minus and invert, then {@code power}. */
    Expr factor() {
        UnaryOperator op;
        switch (ts.kind()) {
            case PLUS -> op = UnaryOperator.UADD;
            case MINUS -> op = UnaryOperator.USUB;
            case TILDE -> op = UnaryOperator.INVERT;
            default -> {
                return power();
            }
        }
        int s = ts.start();
        ts.advance();
        if (!ts.enter(1)) {
            ts.leave(1);
            return errorNode();
        }
        Expr operand = factor();
        ts.leave(1);
        return new Expr.UnaryOp(op, operand, ts.range(s, ts.prevEnd()));
    }

    /** {@code power}: {@code await_primary ['**' factor]}. */
    Expr power() {
        int s = ts.start();
        Expr base = awaitPrimary();
        if (!ts.at(DOUBLESTAR)) {
            return base;
        }
        ts.advance();
        if (!ts.enter(1)) {
            ts.leave(1);
            return base;
        }
        Expr exponent = factor();
        ts.leave(1);
        return new Expr.BinOp(base, Operator.POW, exponent, ts.range(s, ts.prevEnd()));
    }

    Expr awaitPrimary() {
        if (!ts.at(AWAIT)) {
            return primary();
        }
        int s = ts.start();
        ts.advance();
        if (!ts.enter(1)) {
            ts.leave(1);
            return errorNode();
        }
        Expr value = primary();
        ts.leave(1);
        return new Expr.Await(value, ts.range(s, ts.prevEnd()));
    }

    /** {@code primary}: an atom followed by attribute, call and subscript trailers. */
    Expr primary() {
        int s = ts.start();
        Expr e = atom();
        if (e instanceof Expr.Error) {
            return e;
        }
        int saved = ts.depth;
        while (true) {
            TokenKind k = ts.kind();
            if (k != DOT && k != LPAR && k != LSQB) {
                break;
            }
            if (!ts.enter(1)) {
                break;
            }
            if (k == DOT) {
                ts.advance();
                if (ts.at(NAME)) {
                    int name = ts.advance();
                    e = new Expr.Attribute(e, ts.identifier(name), ExprContext.LOAD, ts.range(s, ts.prevEnd()));
                } else {
                    ts.invalidSyntax();
                    break;
                }
            } else if (k == LPAR) {
                e = trailers.call(e, s);
            } else {
                e = trailers.subscript(e, s);
            }
        }
        ts.depth = saved;
        return e;
    }

    /** {@code atom}: names, constants, strings, numbers and the bracketed displays. */
    Expr atom() {
        int i = ts.pos;
        switch (ts.kind()) {
            case NAME -> {
                ts.advance();
                return new Expr.Name(ts.identifier(i), ExprContext.LOAD, ts.tokenRange(i));
            }
            case NUMBER -> {
                ts.advance();
                return number(i);
            }
            case STRING -> {
                return strings();
            }
            case TRUE, FALSE -> {
                ts.advance();
                return new Expr.Constant(new Literal.Bool(ts.kinds[i] == TRUE), Optional.empty(), ts.tokenRange(i));
            }
            case NONE -> {
                ts.advance();
                return new Expr.Constant(new Literal.None(), Optional.empty(), ts.tokenRange(i));
            }
            case ELLIPSIS -> {
                ts.advance();
                return new Expr.Constant(new Literal.Ellipsis(), Optional.empty(), ts.tokenRange(i));
            }
            case LPAR, LSQB, LBRACE -> {
                if (!ts.enter(TokenStream.BRACKET_COST)) {
                    ts.leave(TokenStream.BRACKET_COST);
                    return errorNode();
                }
                Expr e = ts.at(LPAR) ? trailers.parenthesized() : ts.at(LSQB) ? trailers.list() : trailers.braces();
                ts.leave(TokenStream.BRACKET_COST);
                return e;
            }
            default -> {
                ts.invalidSyntax();
                return errorNode();
            }
        }
    }

    /**
     * NUMBER token {@code i} as a Constant. CPython rejects decimal integers of more than 4300
     * significant digits ({@link NumberLiterals#limitError}); such a literal is never converted.
     */
    Expr.Constant number(int i) {
        String text = ts.tokenText(i);
        Optional<String> tooLong = NumberLiterals.limitError(text);
        if (tooLong.isPresent()) {
            ts.report(io.github.torchscript4j.checker.source.Code.LITERAL_ERROR, ts.starts[i], ts.ends[i], tooLong.get());
            return new Expr.Constant(NumberLiterals.OVER_LIMIT, Optional.empty(), ts.tokenRange(i));
        }
        return new Expr.Constant(NumberLiterals.parse(text), Optional.empty(), ts.tokenRange(i));
    }

    /** A run of adjacent STRING tokens, concatenated by the string layer. */
    Expr strings() {
        List<Token> tokens = new ArrayList<>(2);
        while (ts.at(STRING)) {
            int i = ts.advance();
            tokens.add(new Token(STRING, ts.starts[i], ts.ends[i]));
        }
        Token next = new Token(ts.kind(), ts.start(), ts.end());
        return StringLiterals.parse(ts.file, tokens, next, ts.diagnostics);
    }

    // ---- errors after a complete expression ----

    /**
     * Reports the token at the cursor, which cannot follow the expression just parsed, with
     * CPython's specific messages where it has one: a missing comma inside brackets, or a Python 2
     * {@code print}/{@code exec} statement.
     */
    void unexpectedToken() {
        if (ts.panic) {
            return;
        }
        TokenKind k = ts.kind();
        int prev = ts.pos - 1;
        if (prev >= 0 && lastDisjunctionToken == ts.pos && lastDisjunctionEnd == ts.prevEnd()) {
            int aTok = firstTokenAt(lastDisjunctionStart);
            boolean legacy = aTok == prev && ts.kinds[aTok] == NAME
                    && (ts.isName(aTok, "print") || ts.isName(aTok, "exec"));
            if (legacy && startsStarExpression(k) && k != LPAR) {
                int bEnd = speculativeEnd(true);
                if (bEnd >= 0) {
                    String name = ts.tokenText(aTok);
                    ts.error(ts.starts[aTok], bEnd, "Missing parentheses in call to '" + name + "'. Did you mean "
                            + name + "(...)?");
                    return;
                }
            }
            if (!legacy && startsExpression(k) && ts.levelAfter(ts.pos) > 0 && aTok >= 0
                    && !(ts.kinds[aTok] == NAME && ts.kinds[aTok + 1] == STRING)
                    && !isSoftKeyword(aTok)) {
                int bEnd = speculativeEnd(false);
                if (bEnd >= 0) {
                    ts.error(lastDisjunctionStart, bEnd, "invalid syntax. Perhaps you forgot a comma?");
                    return;
                }
            }
        }
        ts.invalidSyntax();
    }

    private boolean isSoftKeyword(int i) {
        return ts.isName(i, "match") || ts.isName(i, "case") || ts.isName(i, "_");
    }

    private int firstTokenAt(int offset) {
        int i = ts.pos - 1;
        while (i > 0 && ts.starts[i] > offset) {
            i--;
        }
        return ts.starts[i] == offset ? i : -1;
    }

    /**
     * End offset of an expression parsed at the cursor without keeping it. When it has errors,
     * CPython's PEG parser still finds the longest valid expression there: at least the atom at
     * the cursor when it is a name, number, string or constant (its end is returned), nothing
     * otherwise (-1). For {@code star} (after a Python 2 {@code print}), -1 on any error.
     */
    private int speculativeEnd(boolean star) {
        TokenStream.Mark m = ts.mark();
        int saveStart = lastDisjunctionStart;
        int saveEnd = lastDisjunctionEnd;
        int saveTok = lastDisjunctionToken;
        ts.panic = false;
        Expr b = star ? starExpressions() : expression();
        boolean ok = !ts.panic && !(b instanceof Expr.Error);
        int end = b.range().end();
        ts.reset(m);
        lastDisjunctionStart = saveStart;
        lastDisjunctionEnd = saveEnd;
        lastDisjunctionToken = saveTok;
        if (ok || star) {
            return ok ? end : -1;
        }
        return switch (ts.kind()) {
            case NAME, NUMBER, STRING, TRUE, FALSE, NONE, ELLIPSIS -> ts.end();
            default -> -1;
        };
    }

    /** Consumes the closing bracket {@code close}, or reports what stands in its place. */
    void expectClose(TokenKind close) {
        if (!ts.eat(close)) {
            unexpectedToken();
        }
    }
}
