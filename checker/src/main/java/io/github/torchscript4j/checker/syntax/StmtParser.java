package io.github.torchscript4j.checker.syntax;

import static io.github.torchscript4j.checker.syntax.TokenKind.*;

import io.github.torchscript4j.checker.syntax.ast.Alias;
import io.github.torchscript4j.checker.syntax.ast.Expr;
import io.github.torchscript4j.checker.syntax.ast.Module;
import io.github.torchscript4j.checker.syntax.ast.Operator;
import io.github.torchscript4j.checker.syntax.ast.Stmt;
import io.github.torchscript4j.checker.syntax.ast.TypeComment;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Statements: the file, statement lists and blocks, and the simple statements (assignments,
 * expression statements, {@code return}, {@code import}, ...). Compound statements are in
 * {@link StmtParserCompound}, {@code match} in {@link PatternParser}.
 *
 * <p>Recovery is panic mode at statement level: after the first error of a statement the rest of
 * its logical line is skipped (the lexer drops NEWLINEs inside brackets, so this also skips
 * balanced brackets), and a block introduced by the broken line is still parsed, so that its
 * statements are kept and do not cause an "unexpected indent" cascade.
 */
final class StmtParser {
    final TokenStream ts;
    final ExprParser ep;
    final StmtParserCompound compound;
    final PatternParser patterns;

    StmtParser(TokenStream ts) {
        this.ts = ts;
        this.ep = new ExprParser(ts);
        this.ep.parameters = new ParserParameters(ep);
        this.compound = new StmtParserCompound(this);
        this.patterns = new PatternParser(this);
    }

    Module file() {
        List<Stmt> body = new ArrayList<>();
        while (!ts.at(ENDMARKER)) {
            statementInto(body);
        }
        return new Module(body, List.of(), ts.range(0, ts.text.length()));
    }

    /** Statements up to the DEDENT closing the current block (not consumed) or the end. */
    List<Stmt> statementsUntilDedent() {
        List<Stmt> body = new ArrayList<>();
        while (!ts.at(DEDENT) && !ts.at(ENDMARKER)) {
            statementInto(body);
        }
        return body;
    }

    /** Parses one statement (or one line of simple statements) into {@code out}; always progresses. */
    void statementInto(List<Stmt> out) {
        int before = ts.pos;
        ts.panic = false;
        ts.statementStart = ts.start();
        switch (ts.kind()) {
            case NEWLINE, SEMI -> {
                if (ts.at(SEMI)) {
                    ts.invalidSyntax();
                    recoverLine(out);
                } else {
                    ts.advance();
                }
            }
            case INDENT -> {
                ts.invalidSyntax();
                ts.advance();
                List<Stmt> inner = statementsUntilDedent();
                out.addAll(inner);
                ts.eat(DEDENT);
            }
            case DEDENT -> ts.advance();
            case DEF, CLASS, AT, IF, WHILE, FOR, TRY, WITH, ASYNC -> {
                out.add(compound.compoundStatement());
                ts.panic = false;
            }
            case NAME -> {
                if (ts.atName("match")) {
                    Stmt m = patterns.matchStatement();
                    if (m != null) {
                        out.add(m);
                        ts.panic = false;
                        break;
                    }
                }
                simpleStatements(out);
            }
            case ELSE, ELIF, EXCEPT, FINALLY -> {
                ts.invalidSyntax();
                out.add(new Stmt.Error(ts.tokenRange(ts.pos)));
                recoverLine(out);
            }
            default -> simpleStatements(out);
        }
        if (ts.pos == before) {
            ts.advance();
        }
    }

    /**
     * After an error: skips the rest of the logical line; if the line ended with ':' and an
     * indented block follows, parses that block too and keeps its statements.
     */
    void recoverLine(List<Stmt> out) {
        while (!ts.at(NEWLINE) && !ts.at(ENDMARKER)) {
            if (ts.at(INDENT) || ts.at(DEDENT)) {
                break;
            }
            ts.advance();
        }
        boolean colon = ts.pos > 0 && ts.kinds[ts.pos - 1] == COLON;
        ts.eat(NEWLINE);
        if (colon && ts.at(INDENT)) {
            ts.advance();
            if (ts.enter(TokenStream.BLOCK_COST)) {
                out.addAll(statementsUntilDedent());
                ts.eat(DEDENT);
            } else {
                skipBlock();
            }
            ts.leave(TokenStream.BLOCK_COST);
        }
        ts.panic = false;
    }

    /** {@code simple_stmts}: simple statements separated by ';' up to the NEWLINE. */
    void simpleStatements(List<Stmt> out) {
        while (true) {
            out.add(simpleStatement());
            if (ts.panic) {
                recoverLine(out);
                return;
            }
            if (ts.eat(SEMI)) {
                if (ts.at(NEWLINE) || ts.at(ENDMARKER)) {
                    ts.eat(NEWLINE);
                    return;
                }
                continue;
            }
            if (ts.eat(NEWLINE) || ts.at(ENDMARKER)) {
                return;
            }
            ep.unexpectedToken();
            recoverLine(out);
            return;
        }
    }

    /** One {@code simple_stmt}. */
    Stmt simpleStatement() {
        int s = ts.start();
        switch (ts.kind()) {
            case PASS -> {
                ts.advance();
                return new Stmt.Pass(ts.range(s, ts.prevEnd()));
            }
            case BREAK -> {
                ts.advance();
                return new Stmt.Break(ts.range(s, ts.prevEnd()));
            }
            case CONTINUE -> {
                ts.advance();
                return new Stmt.Continue(ts.range(s, ts.prevEnd()));
            }
            case RETURN -> {
                ts.advance();
                Optional<Expr> value = ExprParser.startsStarExpression(ts.kind())
                        ? Optional.of(ep.starExpressions()) : Optional.empty();
                return new Stmt.Return(value, ts.range(s, ts.prevEnd()));
            }
            case RAISE -> {
                return raise(s);
            }
            case GLOBAL, NONLOCAL -> {
                boolean global = ts.at(GLOBAL);
                ts.advance();
                List<String> names = new ArrayList<>();
                do {
                    if (!ts.at(NAME)) {
                        ts.invalidSyntax();
                        break;
                    }
                    names.add(ts.identifier(ts.advance()));
                } while (ts.eat(COMMA));
                return global ? new Stmt.Global(names, ts.range(s, ts.prevEnd()))
                        : new Stmt.Nonlocal(names, ts.range(s, ts.prevEnd()));
            }
            case DEL -> {
                return delete(s);
            }
            case ASSERT -> {
                ts.advance();
                Expr test = ep.expression();
                Optional<Expr> msg = Optional.empty();
                if (ts.eat(COMMA)) {
                    msg = Optional.of(ep.expression());
                }
                return new Stmt.Assert(test, msg, ts.range(s, ts.prevEnd()));
            }
            case IMPORT -> {
                return importName(s);
            }
            case FROM -> {
                return importFrom(s);
            }
            default -> {
                if (!ExprParser.startsStarExpression(ts.kind()) && !ts.at(YIELD)) {
                    ts.invalidSyntax();
                    return new Stmt.Error(ts.range(s, ts.end()));
                }
                return expressionStatement(s);
            }
        }
    }

    private Stmt raise(int s) {
        ts.advance();
        Optional<Expr> exc = Optional.empty();
        Optional<Expr> cause = Optional.empty();
        if (ExprParser.startsExpression(ts.kind())) {
            exc = Optional.of(ep.expression());
            if (ts.eat(FROM)) {
                cause = Optional.of(ep.expression());
            }
        }
        return new Stmt.Raise(exc, cause, ts.range(s, ts.prevEnd()));
    }

    private Stmt delete(int s) {
        ts.advance();
        List<Expr> targets = new ArrayList<>();
        do {
            if (!ExprParser.startsStarExpression(ts.kind())) {
                if (targets.isEmpty()) {
                    ts.invalidSyntax();
                }
                break;
            }
            Expr e = ep.starExpression();
            targets.add(Targets.store(ts, e, Targets.Kind.DEL, false));
        } while (ts.eat(COMMA));
        return new Stmt.Delete(targets, ts.range(s, ts.prevEnd()));
    }

    private Stmt importName(int s) {
        ts.advance();
        List<Alias> names = new ArrayList<>();
        do {
            int as = ts.start();
            String name = dottedName();
            if (name == null) {
                break;
            }
            Optional<String> asname = Optional.empty();
            if (ts.eat(AS)) {
                if (!ts.at(NAME)) {
                    ts.invalidSyntax();
                    break;
                }
                asname = Optional.of(ts.identifier(ts.advance()));
            }
            names.add(new Alias(name, asname, ts.range(as, ts.prevEnd())));
        } while (ts.eat(COMMA));
        return new Stmt.Import(names, ts.range(s, ts.prevEnd()));
    }

    /** {@code dotted_name}, or null after reporting when there is none. */
    private String dottedName() {
        if (!ts.at(NAME)) {
            ts.invalidSyntax();
            return null;
        }
        String name = ts.identifier(ts.advance());
        if (!ts.at(DOT)) {
            return name;
        }
        StringBuilder sb = new StringBuilder(name);
        while (ts.eat(DOT)) {
            if (!ts.at(NAME)) {
                ts.invalidSyntax();
                break;
            }
            sb.append('.').append(ts.identifier(ts.advance()));
        }
        return sb.toString();
    }

    private Stmt importFrom(int s) {
        ts.advance();
        int level = 0;
        while (ts.at(DOT) || ts.at(ELLIPSIS)) {
            level += ts.at(DOT) ? 1 : 3;
            ts.advance();
        }
        Optional<String> module = Optional.empty();
        if (level == 0 || ts.at(NAME)) {
            String name = dottedName();
            if (name == null) {
                return new Stmt.ImportFrom(module, List.of(), level, ts.range(s, ts.prevEnd()));
            }
            module = Optional.of(name);
        }
        if (!ts.eat(IMPORT)) {
            ts.invalidSyntax();
            return new Stmt.ImportFrom(module, List.of(), level, ts.range(s, ts.prevEnd()));
        }
        List<Alias> names = new ArrayList<>();
        if (ts.at(STAR)) {
            int star = ts.advance();
            names.add(new Alias("*", Optional.empty(), ts.tokenRange(star)));
        } else {
            boolean paren = ts.eat(LPAR);
            while (true) {
                if (!ts.at(NAME)) {
                    if (names.isEmpty() || !paren) {
                        if (!names.isEmpty() && (ts.at(NEWLINE) || ts.at(ENDMARKER))) {
                            ts.error(ts.start(), ts.start(), "trailing comma not allowed without surrounding parentheses");
                        } else {
                            ts.invalidSyntax();
                        }
                    }
                    break;
                }
                int as = ts.start();
                String name = ts.identifier(ts.advance());
                Optional<String> asname = Optional.empty();
                if (ts.eat(AS)) {
                    if (!ts.at(NAME)) {
                        ts.invalidSyntax();
                        break;
                    }
                    asname = Optional.of(ts.identifier(ts.advance()));
                }
                names.add(new Alias(name, asname, ts.range(as, ts.prevEnd())));
                if (!ts.eat(COMMA)) {
                    break;
                }
            }
            if (paren && !ts.panic) {
                ep.expectClose(RPAR);
            }
        }
        return new Stmt.ImportFrom(module, names, level, ts.range(s, ts.prevEnd()));
    }

    /** Assignments, annotated and augmented assignments, and expression statements. */
    private Stmt expressionStatement(int s) {
        int startToken = ts.pos;
        Expr first = ep.annotatedRhs();
        switch (ts.kind()) {
            case EQUAL -> {
                return assignment(s, first);
            }
            case COLON -> {
                return annotatedAssignment(s, startToken, first);
            }
            default -> {
                Operator op = augmentedOperator(ts.kind());
                if (op != null) {
                    if (!Targets.isSingleTarget(first)) {
                        ts.error(first.range().start(), first.range().end(),
                                "'" + Targets.describe(first) + "' is an illegal expression for augmented assignment");
                    }
                    ts.advance();
                    Expr target = Targets.isSingleTarget(first)
                            ? Targets.withContext(first, io.github.torchscript4j.checker.syntax.ast.ExprContext.STORE)
                            : first;
                    Expr value = ep.annotatedRhs();
                    return new Stmt.AugAssign(target, op, value, ts.range(s, ts.prevEnd()));
                }
                return new Stmt.ExprStmt(first, ts.range(s, ts.prevEnd()));
            }
        }
    }

    private Stmt assignment(int s, Expr first) {
        List<Expr> targets = new ArrayList<>();
        Expr value = first;
        boolean isFirst = true;
        while (ts.at(EQUAL)) {
            if ((value instanceof Expr.Yield || value instanceof Expr.YieldFrom)
                    && !ts.parenthesized(value.range().start(), value.range().end())) {
                ts.error(value.range().start(), value.range().end(), "assignment to yield expression not possible");
            }
            targets.add(Targets.store(ts, value, Targets.Kind.ASSIGN, isFirst));
            isFirst = false;
            ts.advance();
            if (!ExprParser.startsStarExpression(ts.kind()) && !ts.at(YIELD)) {
                ts.invalidSyntax();
                value = ep.errorNode();
                break;
            }
            value = ep.annotatedRhs();
        }
        Optional<TypeComment> tc = Optional.empty();
        if (ts.typeCommentStarts.length > 0 && (ts.at(NEWLINE) || ts.at(ENDMARKER))) {
            int i = ts.typeCommentIn(ts.prevEnd(), ts.start() + 1);
            if (i >= 0) {
                tc = Optional.of(ParserParameters.typeComment(ts, i));
            }
        }
        return new Stmt.Assign(targets, value, tc, ts.range(s, ts.prevEnd()));
    }

    private Stmt annotatedAssignment(int s, int startToken, Expr target) {
        int simple = 0;
        if (!Targets.isSingleTarget(target) && !ExprParser.startsExpression(ts.peek(1))) {
            int next = Math.min(ts.pos + 1, ts.last);
            ts.error(ts.starts[next], ts.starts[next], "invalid syntax");
        } else if (target instanceof Expr.Name) {
            simple = ts.kinds[startToken] == NAME ? 1 : 0;
        } else if (target instanceof Expr.Tuple) {
            ts.error(target.range().start(), target.range().end(), "only single target (not tuple) can be annotated");
        } else if (target instanceof Expr.List) {
            ts.error(target.range().start(), target.range().end(), "only single target (not list) can be annotated");
        } else if (!Targets.isSingleTarget(target) && !(target instanceof Expr.Error)) {
            ts.error(target.range().start(), target.range().end(), "illegal target for annotation");
        }
        ts.advance();
        Expr annotation = ep.expression();
        Optional<Expr> value = Optional.empty();
        if (ts.eat(EQUAL)) {
            value = Optional.of(ep.annotatedRhs());
        }
        Expr stored = Targets.isSingleTarget(target)
                ? Targets.withContext(target, io.github.torchscript4j.checker.syntax.ast.ExprContext.STORE) : target;
        return new Stmt.AnnAssign(stored, annotation, value, simple, ts.range(s, ts.prevEnd()));
    }

    private static Operator augmentedOperator(TokenKind k) {
        switch (k) {
            case PLUSEQUAL -> {
                return Operator.ADD;
            }
            case MINEQUAL -> {
                return Operator.SUB;
            }
            case STAREQUAL -> {
                return Operator.MULT;
            }
            case ATEQUAL -> {
                return Operator.MAT_MULT;
            }
            case SLASHEQUAL -> {
                return Operator.DIV;
            }
            case PERCENTEQUAL -> {
                return Operator.MOD;
            }
            case AMPEREQUAL -> {
                return Operator.BIT_AND;
            }
            case VBAREQUAL -> {
                return Operator.BIT_OR;
            }
            case CIRCUMFLEXEQUAL -> {
                return Operator.BIT_XOR;
            }
            case LEFTSHIFTEQUAL -> {
                return Operator.LSHIFT;
            }
            case RIGHTSHIFTEQUAL -> {
                return Operator.RSHIFT;
            }
            case DOUBLESTAREQUAL -> {
                return Operator.POW;
            }
            case DOUBLESLASHEQUAL -> {
                return Operator.FLOOR_DIV;
            }
            default -> {
                return null;
            }
        }
    }

    // ---- blocks ----

    /**
     * Expects the ':' of a compound statement header. When it is missing, reports "expected ':'"
     * (if {@code always}, or when the line ends there) or "invalid syntax", and skips the rest of the
     * header line so that the block can still be parsed.
     */
    void expectColon(boolean always) {
        if (ts.eat(COLON)) {
            return;
        }
        if (!ts.panic) {
            if (always || ts.at(NEWLINE)) {
                int end = ts.at(NEWLINE) || ts.at(ENDMARKER) ? ts.start() : ts.end();
                ts.error(ts.start(), end, "expected ':'");
            } else {
                ep.unexpectedToken();
            }
        }
        skipToNewline();
    }

    void skipToNewline() {
        while (!ts.at(NEWLINE) && !ts.at(ENDMARKER) && !ts.at(INDENT) && !ts.at(DEDENT)) {
            ts.advance();
        }
    }

    /**
     * {@code block} after a header's ':' (or where it should have been): an indented statement
     * list, or simple statements on the same line. {@code what} names the construct for the
     * "expected an indented block after ..." message, {@code headerStart} is its first offset.
     */
    List<Stmt> block(String what, int headerStart) {
        if (ts.at(NEWLINE) || ts.at(ENDMARKER)) {
            ts.eat(NEWLINE);
            if (ts.at(INDENT)) {
                ts.advance();
                if (!ts.enter(TokenStream.BLOCK_COST)) {
                    ts.leave(TokenStream.BLOCK_COST);
                    skipBlock();
                    return List.of();
                }
                List<Stmt> body = statementsUntilDedent();
                ts.leave(TokenStream.BLOCK_COST);
                ts.eat(DEDENT);
                return body;
            }
            int at = ts.pos; // at the end of the input: reported on the last line read
            ts.indentationError(ts.starts[at], ts.ends[at],
                    "expected an indented block after " + what + " on line " + ts.line(headerStart));
            return List.of();
        }
        if (ts.panic) {
            return List.of();
        }
        List<Stmt> body = new ArrayList<>();
        simpleStatements(body);
        return body;
    }

    /** Skips an indented block after a too-deep header, balancing INDENT and DEDENT. */
    private void skipBlock() {
        int level = 1;
        while (level > 0 && !ts.at(ENDMARKER)) {
            if (ts.at(INDENT)) {
                level++;
            } else if (ts.at(DEDENT)) {
                level--;
            }
            ts.advance();
        }
    }
}
