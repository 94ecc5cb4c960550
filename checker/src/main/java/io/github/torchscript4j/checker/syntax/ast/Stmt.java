package io.github.torchscript4j.checker.syntax.ast;

import io.github.torchscript4j.checker.source.SourceRange;
import java.util.List;
import java.util.Optional;

/** Statements: CPython's {@code stmt}. */
public sealed interface Stmt extends Node
        permits Stmt.FunctionDef, Stmt.AsyncFunctionDef, Stmt.ClassDef, Stmt.Return, Stmt.Delete,
                Stmt.Assign, Stmt.AugAssign, Stmt.AnnAssign, Stmt.For, Stmt.AsyncFor, Stmt.While,
                Stmt.If, Stmt.With, Stmt.AsyncWith, Stmt.Match, Stmt.Raise, Stmt.Try,
                Stmt.TryStar, Stmt.Assert, Stmt.Import, Stmt.ImportFrom, Stmt.Global,
                Stmt.Nonlocal, Stmt.ExprStmt, Stmt.Pass, Stmt.Break, Stmt.Continue, Stmt.Error {

    record FunctionDef(
            String name,
            Arguments args,
            List<Stmt> body,
            List<Expr> decoratorList,
            Optional<Expr> returns,
            Optional<TypeComment> typeComment,
            SourceRange range)
            implements Stmt {
        public FunctionDef {
            body = List.copyOf(body);
            decoratorList = List.copyOf(decoratorList);
        }
    }

    record AsyncFunctionDef(
            String name,
            Arguments args,
            List<Stmt> body,
            List<Expr> decoratorList,
            Optional<Expr> returns,
            Optional<TypeComment> typeComment,
            SourceRange range)
            implements Stmt {
        public AsyncFunctionDef {
            body = List.copyOf(body);
            decoratorList = List.copyOf(decoratorList);
        }
    }

    record ClassDef(
            String name,
            List<Expr> bases,
            List<Keyword> keywords,
            List<Stmt> body,
            List<Expr> decoratorList,
            SourceRange range)
            implements Stmt {
        public ClassDef {
            bases = List.copyOf(bases);
            keywords = List.copyOf(keywords);
            body = List.copyOf(body);
            decoratorList = List.copyOf(decoratorList);
        }
    }

    record Return(Optional<Expr> value, SourceRange range) implements Stmt {}

    record Delete(List<Expr> targets, SourceRange range) implements Stmt {
        public Delete {
            targets = List.copyOf(targets);
        }
    }

    /** {@code t1 = t2 = value}: several targets for a chained assignment. */
    record Assign(List<Expr> targets, Expr value, Optional<TypeComment> typeComment, SourceRange range)
            implements Stmt {
        public Assign {
            targets = List.copyOf(targets);
        }
    }

    record AugAssign(Expr target, Operator op, Expr value, SourceRange range) implements Stmt {}

    /** {@code target: annotation = value}; {@code simple} is 1 for a bare unparenthesized name. */
    record AnnAssign(Expr target, Expr annotation, Optional<Expr> value, int simple, SourceRange range)
            implements Stmt {}

    record For(
            Expr target,
            Expr iter,
            List<Stmt> body,
            List<Stmt> orelse,
            Optional<TypeComment> typeComment,
            SourceRange range)
            implements Stmt {
        public For {
            body = List.copyOf(body);
            orelse = List.copyOf(orelse);
        }
    }

    record AsyncFor(
            Expr target,
            Expr iter,
            List<Stmt> body,
            List<Stmt> orelse,
            Optional<TypeComment> typeComment,
            SourceRange range)
            implements Stmt {
        public AsyncFor {
            body = List.copyOf(body);
            orelse = List.copyOf(orelse);
        }
    }

    record While(Expr test, List<Stmt> body, List<Stmt> orelse, SourceRange range) implements Stmt {
        public While {
            body = List.copyOf(body);
            orelse = List.copyOf(orelse);
        }
    }

    /** {@code if}; an {@code elif} is a nested {@code If} as the only statement of {@code orelse}. */
    record If(Expr test, List<Stmt> body, List<Stmt> orelse, SourceRange range) implements Stmt {
        public If {
            body = List.copyOf(body);
            orelse = List.copyOf(orelse);
        }
    }

    record With(List<WithItem> items, List<Stmt> body, Optional<TypeComment> typeComment, SourceRange range)
            implements Stmt {
        public With {
            items = List.copyOf(items);
            body = List.copyOf(body);
        }
    }

    record AsyncWith(
            List<WithItem> items, List<Stmt> body, Optional<TypeComment> typeComment, SourceRange range)
            implements Stmt {
        public AsyncWith {
            items = List.copyOf(items);
            body = List.copyOf(body);
        }
    }

    record Match(Expr subject, List<MatchCase> cases, SourceRange range) implements Stmt {
        public Match {
            cases = List.copyOf(cases);
        }
    }

    record Raise(Optional<Expr> exc, Optional<Expr> cause, SourceRange range) implements Stmt {}

    record Try(
            List<Stmt> body,
            List<ExceptHandler> handlers,
            List<Stmt> orelse,
            List<Stmt> finalbody,
            SourceRange range)
            implements Stmt {
        public Try {
            body = List.copyOf(body);
            handlers = List.copyOf(handlers);
            orelse = List.copyOf(orelse);
            finalbody = List.copyOf(finalbody);
        }
    }

    /** {@code try} with {@code except*} handlers. */
    record TryStar(
            List<Stmt> body,
            List<ExceptHandler> handlers,
            List<Stmt> orelse,
            List<Stmt> finalbody,
            SourceRange range)
            implements Stmt {
        public TryStar {
            body = List.copyOf(body);
            handlers = List.copyOf(handlers);
            orelse = List.copyOf(orelse);
            finalbody = List.copyOf(finalbody);
        }
    }

    record Assert(Expr test, Optional<Expr> msg, SourceRange range) implements Stmt {}

    record Import(List<Alias> names, SourceRange range) implements Stmt {
        public Import {
            names = List.copyOf(names);
        }
    }

    /** {@code from ..module import names}; {@code level} counts the leading dots. */
    record ImportFrom(Optional<String> module, List<Alias> names, int level, SourceRange range)
            implements Stmt {
        public ImportFrom {
            names = List.copyOf(names);
        }
    }

    record Global(List<String> names, SourceRange range) implements Stmt {
        public Global {
            names = List.copyOf(names);
        }
    }

    record Nonlocal(List<String> names, SourceRange range) implements Stmt {
        public Nonlocal {
            names = List.copyOf(names);
        }
    }

    /** An expression statement: CPython's {@code Expr} node. */
    record ExprStmt(Expr value, SourceRange range) implements Stmt {
        @Override
        public String pythonName() {
            return "Expr";
        }
    }

    record Pass(SourceRange range) implements Stmt {}

    record Break(SourceRange range) implements Stmt {}

    record Continue(SourceRange range) implements Stmt {}

    /** Stands for a statement the parser could not make sense of. Not in CPython. */
    record Error(SourceRange range) implements Stmt {}
}
