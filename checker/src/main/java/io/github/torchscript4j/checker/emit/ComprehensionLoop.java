package io.github.torchscript4j.checker.emit;

import io.github.torchscript4j.checker.ir.Block;
import io.github.torchscript4j.checker.ir.Node;
import io.github.torchscript4j.checker.ir.Value;
import io.github.torchscript4j.checker.syntax.ast.Comprehension;
import io.github.torchscript4j.checker.syntax.ast.Expr;
import io.github.torchscript4j.checker.syntax.ast.Stmt;
import io.github.torchscript4j.checker.types.Type;
import java.util.List;
import java.util.Optional;

/**
 * A list or dict comprehension, lowered as the reference does: a loop over its iterable whose
 * body appends each element (that passes the conditions) to a new list, or sets each key to its
 * value in a new dict.
 */
final class ComprehensionLoop {
    private ComprehensionLoop() {}

    /** The placeholder statement standing for a comprehension's body inside its loop. */
    static final Stmt MARKER = new Stmt.Pass(null);

    static void emit(FunctionEmitter f, ExpressionEmitter exprs, Comprehension g, Expr elt, Value out) {
        emit(f, exprs, g, () -> append(exprs, elt, out));
    }

    /** A dict comprehension: {@code _set_item(out, key, value)} in the loop, the key evaluated first. */
    static void emit(FunctionEmitter f, ExpressionEmitter exprs, Comprehension g, Expr key, Expr value, Value out) {
        emit(f, exprs, g, () -> {
            Value k = exprs.emit(key);
            Value v = exprs.emit(value);
            exprs.call("aten::_set_item", List.of(out, k, v), io.github.torchscript4j.checker.types.Types.NONE,
                    key.range().union(value.range()));
        });
    }

    private static void emit(FunctionEmitter f, ExpressionEmitter exprs, Comprehension g, Runnable element) {
        f.comprehensionBodies.push(() -> body(f, exprs, g.ifs(), element));
        try {
            new Loops(f).forLoop(new Stmt.For(g.target(), g.iter(), List.of(MARKER), List.of(), Optional.empty(),
                    g.range()));
        } finally {
            f.comprehensionBodies.pop();
        }
    }

    private static void body(FunctionEmitter f, ExpressionEmitter exprs, List<Expr> ifs, Runnable element) {
        if (ifs.isEmpty()) {
            element.run();
            return;
        }
        if (ifs.size() > 1) {
            throw new EmitException("the emitter does not lower several comprehension conditions yet", ifs.get(1).range());
        }
        Value cond = exprs.condition(ifs.get(0));
        Node n = f.graph.create("prim::If");
        n.addInput(cond);
        f.append(n, null);
        Block outer = f.block;
        f.block = n.addBlock();
        element.run();
        n.addBlock();
        f.block = outer;
    }

    private static void append(ExpressionEmitter exprs, Expr elt, Value out) {
        Value v = exprs.emit(elt);
        exprs.call("aten::append", List.of(out, v), (Type.ListType) out.type(), elt.range());
    }
}
