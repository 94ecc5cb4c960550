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
 * A list comprehension, lowered as the reference does: a loop over its iterable whose body
 * appends each element (that passes the conditions) to a new list.
 */
final class ComprehensionLoop {
    private ComprehensionLoop() {}

    /** The placeholder statement standing for a comprehension's body inside its loop. */
    static final Stmt MARKER = new Stmt.Pass(null);

    static void emit(FunctionEmitter f, ExpressionEmitter exprs, Comprehension g, Expr elt, Value out) {
        f.comprehensionBodies.push(() -> body(f, exprs, g.ifs(), elt, out));
        try {
            new Loops(f).forLoop(new Stmt.For(g.target(), g.iter(), List.of(MARKER), List.of(), Optional.empty(),
                    g.range()));
        } finally {
            f.comprehensionBodies.pop();
        }
    }

    private static void body(FunctionEmitter f, ExpressionEmitter exprs, List<Expr> ifs, Expr elt, Value out) {
        if (ifs.isEmpty()) {
            append(exprs, elt, out);
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
        append(exprs, elt, out);
        n.addBlock();
        f.block = outer;
    }

    private static void append(ExpressionEmitter exprs, Expr elt, Value out) {
        Value v = exprs.emit(elt);
        exprs.call("aten::append", List.of(out, v), (Type.ListType) out.type(), elt.range());
    }
}
