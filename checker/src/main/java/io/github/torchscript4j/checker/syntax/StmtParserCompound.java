package io.github.torchscript4j.checker.syntax;

import static io.github.torchscript4j.checker.syntax.TokenKind.*;

import io.github.torchscript4j.checker.syntax.ast.Arguments;
import io.github.torchscript4j.checker.syntax.ast.ExceptHandler;
import io.github.torchscript4j.checker.syntax.ast.Expr;
import io.github.torchscript4j.checker.syntax.ast.Stmt;
import io.github.torchscript4j.checker.syntax.ast.TypeComment;
import io.github.torchscript4j.checker.syntax.ast.WithItem;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Compound statements other than {@code match}: decorated and plain function and class
 * definitions, {@code if/elif/else}, {@code while}, {@code for}, {@code with} (including the
 * parenthesized form of 3.10), {@code try} with {@code except} or {@code except*}, and their async
 * forms. Each method starts at the statement's first token and returns after its last block, at a
 * line boundary, whatever errors it met.
 */
final class StmtParserCompound {
    private final StmtParser sp;
    private final ExprParser ep;
    private final TokenStream ts;

    StmtParserCompound(StmtParser sp) {
        this.sp = sp;
        this.ep = sp.ep;
        this.ts = sp.ts;
    }

    Stmt compoundStatement() {
        int s = ts.start();
        switch (ts.kind()) {
            case AT -> {
                return decorated();
            }
            case DEF -> {
                return functionDef(s, List.of(), false);
            }
            case CLASS -> {
                return classDef(s, List.of());
            }
            case IF -> {
                return ifStatement();
            }
            case WHILE -> {
                return whileStatement();
            }
            case FOR -> {
                return forStatement(s, false);
            }
            case TRY -> {
                return tryStatement();
            }
            case WITH -> {
                return withStatement(s, false);
            }
            default -> {
                // ASYNC
                switch (ts.peek(1)) {
                    case DEF -> {
                        return functionDef(s, List.of(), true);
                    }
                    case FOR -> {
                        ts.advance();
                        return forStatement(s, true);
                    }
                    case WITH -> {
                        ts.advance();
                        return withStatement(s, true);
                    }
                    default -> {
                        ts.advance();
                        ts.invalidSyntax();
                        List<Stmt> ignored = new ArrayList<>();
                        sp.recoverLine(ignored);
                        return new Stmt.Error(ts.range(s, ts.prevEnd()));
                    }
                }
            }
        }
    }

    private Stmt decorated() {
        List<Expr> decorators = new ArrayList<>();
        while (ts.at(AT)) {
            ts.advance();
            decorators.add(ep.namedExpression());
            if (!ts.eat(NEWLINE)) {
                ep.unexpectedToken();
                sp.skipToNewline();
                ts.eat(NEWLINE);
            }
        }
        int s = ts.start();
        if (ts.at(DEF)) {
            return functionDef(s, decorators, false);
        }
        if (ts.at(ASYNC) && ts.peek(1) == DEF) {
            return functionDef(s, decorators, true);
        }
        if (ts.at(CLASS)) {
            return classDef(s, decorators);
        }
        ts.invalidSyntax();
        return new Stmt.Error(ts.range(s, s));
    }

    private Stmt functionDef(int s, List<Expr> decorators, boolean async) {
        if (async) {
            ts.advance();
        }
        ts.advance();
        String name = "";
        if (ts.at(NAME)) {
            name = ts.identifier(ts.advance());
        } else {
            ts.invalidSyntax();
        }
        Arguments args;
        if (ts.eat(LPAR)) {
            args = ep.parameters.parameters(false);
            ep.expectClose(RPAR);
        } else {
            if (!ts.panic) {
                ts.error(ts.start(), ts.end(), "expected '('");
            }
            args = new Arguments(List.of(), List.of(), Optional.empty(), List.of(), List.of(), Optional.empty(),
                    List.of(), ts.range(ts.start(), ts.start()));
        }
        Optional<Expr> returns = Optional.empty();
        if (!ts.panic && ts.eat(RARROW)) {
            returns = Optional.of(ep.expression());
        }
        sp.expectColon(true);
        Optional<TypeComment> tc = functionTypeComment();
        List<Stmt> body = sp.block("function definition", s);
        if (async) {
            return new Stmt.AsyncFunctionDef(name, args, body, decorators, returns, tc, ts.range(s, ts.prevEnd()));
        }
        return new Stmt.FunctionDef(name, args, body, decorators, returns, tc, ts.range(s, ts.prevEnd()));
    }

    /** A type comment after a def's ':', on the same line or alone on the next line. */
    private Optional<TypeComment> functionTypeComment() {
        if (ts.typeCommentStarts.length == 0 || !ts.at(NEWLINE)) {
            return Optional.empty();
        }
        int colonEnd = ts.prevEnd();
        int next = ts.pos + 1;
        if (ts.kinds[Math.min(next, ts.last)] == INDENT) {
            next++;
        }
        int limit = ts.starts[Math.min(next, ts.last)];
        int i = ts.typeCommentIn(colonEnd, limit);
        if (i < 0 || ts.line(ts.typeCommentStarts[i]) > ts.line(colonEnd) + 1) {
            return Optional.empty();
        }
        return Optional.of(ParserParameters.typeComment(ts, i));
    }

    /** A type comment after a for or with header's ':' on the same line. */
    private Optional<TypeComment> lineTypeComment() {
        if (ts.typeCommentStarts.length == 0 || !ts.at(NEWLINE)) {
            return Optional.empty();
        }
        int i = ts.typeCommentIn(ts.prevEnd(), ts.start() + 1);
        return i < 0 ? Optional.empty() : Optional.of(ParserParameters.typeComment(ts, i));
    }

    private Stmt classDef(int s, List<Expr> decorators) {
        ts.advance();
        String name = "";
        if (ts.at(NAME)) {
            name = ts.identifier(ts.advance());
        } else {
            ts.invalidSyntax();
        }
        List<Expr> bases = List.of();
        List<io.github.torchscript4j.checker.syntax.ast.Keyword> keywords = List.of();
        if (!ts.panic && ts.at(LPAR)) {
            int open = ts.advance();
            var a = ep.trailers.arguments(open, false);
            bases = a.args();
            keywords = a.keywords();
        }
        sp.expectColon(false);
        List<Stmt> body = sp.block("class definition", s);
        return new Stmt.ClassDef(name, bases, keywords, body, decorators, ts.range(s, ts.prevEnd()));
    }

    private Stmt ifStatement() {
        int s = ts.start();
        ts.advance();
        Expr test = ep.namedExpression();
        sp.expectColon(false);
        List<Stmt> body = sp.block("'if' statement", s);
        if (!ts.at(ELIF)) {
            List<Stmt> orelse = ts.at(ELSE) ? elseBlock() : List.of();
            return new Stmt.If(test, body, orelse, ts.range(s, ts.prevEnd()));
        }
        List<Integer> starts = new ArrayList<>();
        List<Expr> tests = new ArrayList<>();
        List<List<Stmt>> bodies = new ArrayList<>();
        int saved = ts.depth;
        boolean tooDeep = false;
        while (ts.at(ELIF)) {
            int es = ts.start();
            ts.panic = false;
            tooDeep = tooDeep || !ts.enter(1);
            ts.advance();
            Expr t = ep.namedExpression();
            sp.expectColon(false);
            List<Stmt> b = sp.block("'elif' statement", es);
            if (!tooDeep) {
                starts.add(es);
                tests.add(t);
                bodies.add(b);
            }
        }
        ts.depth = saved;
        List<Stmt> orelse = ts.at(ELSE) ? elseBlock() : List.of();
        int end = ts.prevEnd();
        for (int i = tests.size() - 1; i >= 0; i--) {
            orelse = List.of(new Stmt.If(tests.get(i), bodies.get(i), orelse, ts.range(starts.get(i), end)));
        }
        return new Stmt.If(test, body, orelse, ts.range(s, end));
    }

    private List<Stmt> elseBlock() {
        int s = ts.start();
        ts.panic = false;
        ts.advance();
        sp.expectColon(true);
        return sp.block("'else' statement", s);
    }

    private Stmt whileStatement() {
        int s = ts.start();
        ts.advance();
        Expr test = ep.namedExpression();
        sp.expectColon(false);
        List<Stmt> body = sp.block("'while' statement", s);
        List<Stmt> orelse = ts.at(ELSE) ? elseBlock() : List.of();
        return new Stmt.While(test, body, orelse, ts.range(s, ts.prevEnd()));
    }

    private Stmt forStatement(int s, boolean async) {
        int forToken = ts.advance();
        Expr target = ep.trailers.targetList(Targets.Kind.FOR);
        Expr iter;
        if (ts.eat(IN)) {
            iter = ep.starExpressions();
        } else {
            ep.unexpectedToken();
            iter = ep.errorNode();
        }
        sp.expectColon(false);
        Optional<TypeComment> tc = lineTypeComment();
        List<Stmt> body = sp.block("'for' statement", ts.starts[forToken]);
        List<Stmt> orelse = ts.at(ELSE) ? elseBlock() : List.of();
        if (async) {
            return new Stmt.AsyncFor(target, iter, body, orelse, tc, ts.range(s, ts.prevEnd()));
        }
        return new Stmt.For(target, iter, body, orelse, tc, ts.range(s, ts.prevEnd()));
    }

    private Stmt withStatement(int s, boolean async) {
        int withToken = ts.advance();
        List<WithItem> items = null;
        if (ts.at(LPAR)) {
            TokenStream.Mark m = ts.mark();
            ts.panic = false;
            ts.advance();
            List<WithItem> parenthesized = withItems(true);
            if (!ts.panic && ts.at(RPAR) && ts.peek(1) == COLON) {
                ts.advance();
                items = parenthesized;
                ts.panic = m.panic();
            } else {
                ts.reset(m);
            }
        }
        if (items == null) {
            items = withItems(false);
        }
        sp.expectColon(false);
        Optional<TypeComment> tc = lineTypeComment();
        List<Stmt> body = sp.block("'with' statement", ts.starts[withToken]);
        if (async) {
            return new Stmt.AsyncWith(items, body, tc, ts.range(s, ts.prevEnd()));
        }
        return new Stmt.With(items, body, tc, ts.range(s, ts.prevEnd()));
    }

    private List<WithItem> withItems(boolean parenthesized) {
        List<WithItem> items = new ArrayList<>();
        while (true) {
            int s = ts.start();
            Expr e = ep.expression();
            Optional<Expr> vars = Optional.empty();
            if (ts.eat(AS)) {
                Expr target = ep.trailers.targetElement();
                vars = Optional.of(Targets.store(ts, target, Targets.Kind.ASSIGN, false));
            }
            items.add(new WithItem(e, vars, ts.range(s, ts.prevEnd())));
            if (!ts.eat(COMMA)) {
                break;
            }
            if (parenthesized && ts.at(RPAR)) {
                break;
            }
        }
        return items;
    }

    private Stmt tryStatement() {
        int s = ts.start();
        ts.advance();
        sp.expectColon(true);
        List<Stmt> body = sp.block("'try' statement", s);
        List<ExceptHandler> handlers = new ArrayList<>();
        Boolean star = null;
        while (ts.at(EXCEPT)) {
            ts.panic = false;
            int hs = ts.start();
            ts.advance();
            boolean isStar = ts.eat(STAR);
            if (star == null) {
                star = isStar;
            } else if (star != isStar) {
                ts.error(hs, ts.prevEnd(), "cannot have both 'except' and 'except*' on the same 'try'");
            }
            Optional<Expr> type = Optional.empty();
            Optional<String> name = Optional.empty();
            if (!ts.at(COLON)) {
                if (isStar && ts.at(NEWLINE)) {
                    ts.error(ts.start(), ts.end(), "expected one or more exception types");
                } else {
                    Expr e = ep.expression();
                    if (ts.at(COMMA)) {
                        while (ts.eat(COMMA) && ExprParser.startsExpression(ts.kind())) {
                            ep.expression();
                        }
                        ts.error(e.range().start(), ts.prevEnd(), "multiple exception types must be parenthesized");
                    }
                    type = Optional.of(e);
                    if (ts.eat(AS)) {
                        if (ts.at(NAME)) {
                            name = Optional.of(ts.identifier(ts.advance()));
                        } else {
                            ts.invalidSyntax();
                        }
                    }
                }
            } else if (isStar) {
                ts.error(ts.start(), ts.end(), "expected one or more exception types");
            }
            sp.expectColon(false);
            List<Stmt> hbody = sp.block(isStar ? "'except*' statement" : "'except' statement", hs);
            handlers.add(new ExceptHandler(type, name, hbody, ts.range(hs, ts.prevEnd())));
        }
        if (handlers.isEmpty() && !ts.at(FINALLY)) {
            int at = ts.pos;
            int next = at;
            while (ts.kinds[next] == DEDENT) {
                next++;
            }
            if (ts.kinds[next] == ENDMARKER) {
                while (at > 0 && ts.kinds[at] != NEWLINE) {
                    at--;
                }
            }
            ts.error(ts.starts[at], ts.ends[at], "expected 'except' or 'finally' block");
        }
        List<Stmt> orelse = ts.at(ELSE) ? elseBlock() : List.of();
        List<Stmt> finalbody = List.of();
        if (ts.at(FINALLY)) {
            int fs = ts.start();
            ts.panic = false;
            ts.advance();
            sp.expectColon(true);
            finalbody = sp.block("'finally' statement", fs);
        }
        if (Boolean.TRUE.equals(star)) {
            return new Stmt.TryStar(body, handlers, orelse, finalbody, ts.range(s, ts.prevEnd()));
        }
        return new Stmt.Try(body, handlers, orelse, finalbody, ts.range(s, ts.prevEnd()));
    }
}
