package io.github.torchscript4j.checker.syntax;

import static io.github.torchscript4j.checker.syntax.TokenKind.*;

import io.github.torchscript4j.checker.syntax.ast.Expr;
import io.github.torchscript4j.checker.syntax.ast.ExprContext;
import io.github.torchscript4j.checker.syntax.ast.Literal;
import io.github.torchscript4j.checker.syntax.ast.MatchCase;
import io.github.torchscript4j.checker.syntax.ast.Operator;
import io.github.torchscript4j.checker.syntax.ast.Pattern;
import io.github.torchscript4j.checker.syntax.ast.Stmt;
import io.github.torchscript4j.checker.syntax.ast.UnaryOperator;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code match} statement (PEP 634) and every pattern form. {@code match}, {@code case} and
 * {@code _} are soft keywords: a line starting with the NAME {@code match} is a match statement
 * only when a subject expression and ':' follow, as CPython decides; otherwise the caller parses
 * it as an ordinary statement.
 */
final class PatternParser {
    private final StmtParser sp;
    private final ExprParser ep;
    private final TokenStream ts;

    PatternParser(StmtParser sp) {
        this.sp = sp;
        this.ep = sp.ep;
        this.ts = sp.ts;
    }

    /** A match statement at the cursor, or null (cursor unchanged) when the line is not one. */
    Stmt matchStatement() {
        int s = ts.start();
        TokenKind next = ts.peek(1);
        if (!ExprParser.startsStarExpression(next)) {
            return null;
        }
        TokenStream.Mark m = ts.mark();
        ts.panic = false;
        ts.advance();
        Expr subject = subject();
        boolean clean = !ts.panic;
        if (!(clean && ts.at(COLON) && ts.peek(1) == NEWLINE)) {
            boolean expectedColon = clean && ts.at(NEWLINE) && cannotContinueName(next);
            ts.reset(m);
            if (!expectedColon) {
                return null;
            }
            ts.advance();
            subject = subject();
            ts.error(ts.start(), ts.start(), "expected ':'");
            sp.skipToNewline();
        } else {
            ts.advance();
        }
        List<MatchCase> cases = new ArrayList<>();
        if (!ts.eat(NEWLINE)) {
            ep.unexpectedToken();
            sp.skipToNewline();
            ts.eat(NEWLINE);
        }
        if (!ts.at(INDENT)) {
            int at = ts.pos; // at the end of the input: reported on the last line read
            ts.indentationError(ts.starts[at], ts.ends[at],
                    "expected an indented block after 'match' statement on line " + ts.line(s));
            return new Stmt.Match(subject, cases, ts.range(s, ts.prevEnd()));
        }
        ts.advance();
        if (!ts.enter(1)) {
            ts.leave(1);
            sp.recoverLine(new ArrayList<>());
            return new Stmt.Match(subject, cases, ts.range(s, ts.prevEnd()));
        }
        while (!ts.at(DEDENT) && !ts.at(ENDMARKER)) {
            if (ts.atName("case")) {
                ts.panic = false;
                cases.add(caseBlock());
            } else {
                ts.invalidSyntax();
                int before = ts.pos;
                sp.recoverLine(new ArrayList<>());
                if (ts.pos == before) {
                    ts.advance();
                }
            }
        }
        ts.leave(1);
        ts.eat(DEDENT);
        return new Stmt.Match(subject, cases, ts.range(s, ts.prevEnd()));
    }

    /** Whether a NAME followed by {@code k} cannot be the start of an expression statement. */
    private static boolean cannotContinueName(TokenKind k) {
        switch (k) {
            case NAME, NUMBER, STRING, LBRACE, TILDE, LAMBDA, AWAIT, TRUE, FALSE, NONE, ELLIPSIS -> {
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    /** {@code subject_expr}: a tuple of star_named_expressions, or one named_expression. */
    private Expr subject() {
        int s = ts.start();
        Expr first = ep.starNamedExpression();
        if (!ts.at(COMMA)) {
            return first;
        }
        List<Expr> elts = new ArrayList<>();
        elts.add(first);
        while (ts.eat(COMMA)) {
            if (!ExprParser.startsStarExpression(ts.kind())) {
                break;
            }
            elts.add(ep.starNamedExpression());
        }
        return new Expr.Tuple(elts, ExprContext.LOAD, ts.range(s, ts.prevEnd()));
    }

    private MatchCase caseBlock() {
        int s = ts.start();
        ts.advance();
        Pattern pattern = patterns();
        Optional<Expr> guard = Optional.empty();
        if (ts.eat(IF)) {
            guard = Optional.of(ep.namedExpression());
        }
        sp.expectColon(false);
        List<Stmt> body = sp.block("'case' statement", s);
        return new MatchCase(pattern, guard, body, ts.range(s, ts.prevEnd()));
    }

    /** {@code patterns}: an open sequence pattern (with a comma) or one pattern. */
    Pattern patterns() {
        int s = ts.start();
        Pattern first = maybeStarPattern();
        if (!ts.at(COMMA)) {
            if (first instanceof Pattern.MatchStar) {
                ts.invalidSyntax();
            }
            return first;
        }
        List<Pattern> list = new ArrayList<>();
        list.add(first);
        while (ts.eat(COMMA)) {
            if (ts.at(COLON) || ts.at(IF) || ts.at(NEWLINE)) {
                break;
            }
            list.add(maybeStarPattern());
        }
        return new Pattern.MatchSequence(list, ts.range(s, ts.prevEnd()));
    }

    private Pattern maybeStarPattern() {
        if (!ts.at(STAR)) {
            return pattern();
        }
        int s = ts.advance();
        if (!ts.at(NAME)) {
            ts.invalidSyntax();
            return new Pattern.Error(ts.range(ts.starts[s], ts.prevEnd()));
        }
        int name = ts.advance();
        Optional<String> id = ts.isName(name, "_") ? Optional.empty() : Optional.of(ts.identifier(name));
        return new Pattern.MatchStar(id, ts.range(ts.starts[s], ts.prevEnd()));
    }

    /** {@code pattern}: an or-pattern, optionally {@code as NAME}. */
    Pattern pattern() {
        int s = ts.start();
        if (!ts.enter(TokenStream.BLOCK_COST)) {
            ts.leave(TokenStream.BLOCK_COST);
            return new Pattern.Error(ts.range(s, s));
        }
        Pattern p = orPattern();
        if (ts.eat(AS)) {
            if (ts.atName("_")) {
                ts.error(ts.start(), ts.end(), "cannot use '_' as a target");
            } else if (ts.at(NAME) && (ts.peek(1) == DOT || ts.peek(1) == LPAR || ts.peek(1) == EQUAL)) {
                ts.advance();
                ts.invalidSyntax();
            } else if (!ts.at(NAME)) {
                if (ExprParser.startsExpression(ts.kind())) {
                    int es = ts.start();
                    Expr e = ep.expression();
                    ts.error(es, e.range().end(), "invalid pattern target");
                } else {
                    ts.invalidSyntax();
                }
            } else {
                String name = ts.identifier(ts.advance());
                p = new Pattern.MatchAs(Optional.of(p), Optional.of(name), ts.range(s, ts.prevEnd()));
            }
        }
        ts.leave(TokenStream.BLOCK_COST);
        return p;
    }

    private Pattern orPattern() {
        int s = ts.start();
        Pattern first = closedPattern();
        if (!ts.at(VBAR)) {
            return first;
        }
        List<Pattern> list = new ArrayList<>();
        list.add(first);
        while (ts.eat(VBAR)) {
            list.add(closedPattern());
        }
        return new Pattern.MatchOr(list, ts.range(s, ts.prevEnd()));
    }

    private Pattern closedPattern() {
        int s = ts.start();
        switch (ts.kind()) {
            case NUMBER, MINUS -> {
                Expr value = signedOrComplex();
                return new Pattern.MatchValue(value, ts.range(s, ts.prevEnd()));
            }
            case STRING -> {
                Expr value = ep.strings();
                return new Pattern.MatchValue(value, ts.range(s, ts.prevEnd()));
            }
            case NONE -> {
                ts.advance();
                return new Pattern.MatchSingleton(new Literal.None(), ts.range(s, ts.prevEnd()));
            }
            case TRUE, FALSE -> {
                boolean v = ts.at(TRUE);
                ts.advance();
                return new Pattern.MatchSingleton(new Literal.Bool(v), ts.range(s, ts.prevEnd()));
            }
            case NAME -> {
                return namePattern(s);
            }
            case LPAR -> {
                return parenPattern(s);
            }
            case LSQB -> {
                ts.advance();
                List<Pattern> list = new ArrayList<>();
                while (!ts.at(RSQB)) {
                    list.add(maybeStarPattern());
                    if (!ts.eat(COMMA)) {
                        break;
                    }
                }
                ep.expectClose(RSQB);
                return new Pattern.MatchSequence(list, ts.range(s, ts.prevEnd()));
            }
            case LBRACE -> {
                return mappingPattern(s);
            }
            default -> {
                ts.invalidSyntax();
                return new Pattern.Error(ts.range(s, s));
            }
        }
    }

    /** {@code signed_number} or {@code complex_number}, the cursor at a NUMBER or '-'. */
    private Expr signedOrComplex() {
        int s = ts.start();
        Expr real = signedNumber();
        if (!ts.at(PLUS) && !ts.at(MINUS)) {
            return real;
        }
        Operator op = ts.at(PLUS) ? Operator.ADD : Operator.SUB;
        ts.advance();
        if (!ts.at(NUMBER)) {
            ts.invalidSyntax();
            return real;
        }
        int i = ts.advance();
        Expr imag = ep.number(i);
        if (!(((Expr.Constant) imag).value() instanceof Literal.Imaginary)) {
            ts.error(ts.starts[i], ts.ends[i], "imaginary number required in complex literal");
        } else if (isImaginary(real)) {
            ts.error(real.range().start(), real.range().end(), "real number required in complex literal");
        }
        return new Expr.BinOp(real, op, imag, ts.range(s, ts.prevEnd()));
    }

    private static boolean isImaginary(Expr e) {
        if (e instanceof Expr.UnaryOp u) {
            e = u.operand();
        }
        return e instanceof Expr.Constant c && c.value() instanceof Literal.Imaginary;
    }

    private Expr signedNumber() {
        int s = ts.start();
        boolean negative = ts.eat(MINUS);
        if (!ts.at(NUMBER)) {
            ts.invalidSyntax();
            return ep.errorNode();
        }
        int i = ts.advance();
        Expr number = ep.number(i);
        return negative ? new Expr.UnaryOp(UnaryOperator.USUB, number, ts.range(s, ts.prevEnd())) : number;
    }

    /** Capture, wildcard, value (dotted name) and class patterns. */
    private Pattern namePattern(int s) {
        Expr name = nameOrAttr();
        if (ts.at(LPAR)) {
            return classPattern(s, name);
        }
        if (name instanceof Expr.Attribute) {
            return new Pattern.MatchValue(name, ts.range(s, ts.prevEnd()));
        }
        Expr.Name n = (Expr.Name) name;
        if (n.id().equals("_") && ts.isName(ts.pos - 1, "_")) {
            return new Pattern.MatchAs(Optional.empty(), Optional.empty(), ts.range(s, ts.prevEnd()));
        }
        return new Pattern.MatchAs(Optional.empty(), Optional.of(n.id()), ts.range(s, ts.prevEnd()));
    }

    /** {@code name_or_attr}: NAME ('.' NAME)*, as Name or Attribute (Load). */
    private Expr nameOrAttr() {
        int s = ts.start();
        int first = ts.advance();
        Expr e = new Expr.Name(ts.identifier(first), ExprContext.LOAD, ts.tokenRange(first));
        while (ts.at(DOT)) {
            ts.advance();
            if (!ts.at(NAME)) {
                ts.invalidSyntax();
                break;
            }
            int attr = ts.advance();
            e = new Expr.Attribute(e, ts.identifier(attr), ExprContext.LOAD, ts.range(s, ts.prevEnd()));
        }
        return e;
    }

    private Pattern classPattern(int s, Expr cls) {
        ts.advance();
        List<Pattern> positional = new ArrayList<>();
        List<String> kwdAttrs = new ArrayList<>();
        List<Pattern> kwdPatterns = new ArrayList<>();
        int firstMisplaced = -1;
        int lastMisplacedEnd = -1;
        while (!ts.at(RPAR)) {
            if (ts.at(NAME) && ts.peek(1) == EQUAL) {
                int name = ts.advance();
                ts.advance();
                kwdAttrs.add(ts.identifier(name));
                kwdPatterns.add(pattern());
            } else {
                Pattern p = pattern();
                if (!kwdAttrs.isEmpty()) {
                    if (firstMisplaced < 0) {
                        firstMisplaced = p.range().start();
                    }
                    lastMisplacedEnd = p.range().end();
                }
                positional.add(p);
            }
            if (!ts.eat(COMMA)) {
                break;
            }
        }
        if (firstMisplaced >= 0) {
            ts.error(firstMisplaced, lastMisplacedEnd, "positional patterns follow keyword patterns");
        }
        ep.expectClose(RPAR);
        return new Pattern.MatchClass(cls, positional, kwdAttrs, kwdPatterns, ts.range(s, ts.prevEnd()));
    }

    /** '(' ')' , a group '(' pattern ')', or a parenthesized sequence pattern. */
    private Pattern parenPattern(int s) {
        ts.advance();
        if (ts.eat(RPAR)) {
            return new Pattern.MatchSequence(List.of(), ts.range(s, ts.prevEnd()));
        }
        Pattern first = maybeStarPattern();
        if (!ts.at(COMMA) && !(first instanceof Pattern.MatchStar)) {
            ep.expectClose(RPAR);
            return first;
        }
        List<Pattern> list = new ArrayList<>();
        list.add(first);
        while (ts.eat(COMMA)) {
            if (ts.at(RPAR)) {
                break;
            }
            list.add(maybeStarPattern());
        }
        ep.expectClose(RPAR);
        return new Pattern.MatchSequence(list, ts.range(s, ts.prevEnd()));
    }

    private Pattern mappingPattern(int s) {
        ts.advance();
        List<Expr> keys = new ArrayList<>();
        List<Pattern> values = new ArrayList<>();
        Optional<String> rest = Optional.empty();
        while (!ts.at(RBRACE)) {
            if (ts.at(DOUBLESTAR)) {
                ts.advance();
                if (!ts.at(NAME) || ts.atName("_")) {
                    ts.invalidSyntax();
                    break;
                }
                rest = Optional.of(ts.identifier(ts.advance()));
                ts.eat(COMMA);
                break;
            }
            Expr key = mappingKey();
            if (!ts.eat(COLON)) {
                ts.invalidSyntax();
                break;
            }
            keys.add(key);
            values.add(pattern());
            if (!ts.eat(COMMA)) {
                break;
            }
        }
        ep.expectClose(RBRACE);
        return new Pattern.MatchMapping(keys, values, rest, ts.range(s, ts.prevEnd()));
    }

    /** {@code literal_expr | attr}: the key of a mapping pattern. */
    private Expr mappingKey() {
        int s = ts.start();
        switch (ts.kind()) {
            case NUMBER, MINUS -> {
                return signedOrComplex();
            }
            case STRING -> {
                return ep.strings();
            }
            case NONE -> {
                ts.advance();
                return new Expr.Constant(new Literal.None(), Optional.empty(), ts.range(s, ts.prevEnd()));
            }
            case TRUE, FALSE -> {
                boolean v = ts.at(TRUE);
                ts.advance();
                return new Expr.Constant(new Literal.Bool(v), Optional.empty(), ts.range(s, ts.prevEnd()));
            }
            case NAME -> {
                Expr e = nameOrAttr();
                if (!(e instanceof Expr.Attribute)) {
                    ts.error(e.range().start(), e.range().end(), "invalid syntax");
                }
                return e;
            }
            default -> {
                ts.invalidSyntax();
                return ep.errorNode();
            }
        }
    }
}
