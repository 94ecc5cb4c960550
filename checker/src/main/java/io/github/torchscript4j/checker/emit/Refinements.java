package io.github.torchscript4j.checker.emit;

import io.github.torchscript4j.checker.ir.Value;
import io.github.torchscript4j.checker.syntax.ast.BoolOperator;
import io.github.torchscript4j.checker.syntax.ast.CmpOperator;
import io.github.torchscript4j.checker.syntax.ast.Expr;
import io.github.torchscript4j.checker.syntax.ast.Literal;
import io.github.torchscript4j.checker.syntax.ast.UnaryOperator;
import io.github.torchscript4j.checker.types.Type;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The variables a condition narrows in each branch ({@code x is not None} makes an {@code
 * Optional[T]} variable a {@code T} where it holds): the reference inserts {@code
 * prim::unchecked_cast} for them at the start of the branch.
 */
record Refinements(Map<String, Type> whenTrue, Map<String, Type> whenFalse) {
    static final Refinements NONE = new Refinements(Map.of(), Map.of());

    static Refinements of(Expr test, FunctionEmitter f) {
        if (test instanceof Expr.Compare c && c.ops().size() == 1 && c.left() instanceof Expr.Name n
                && c.comparators().get(0) instanceof Expr.Constant k && k.value() instanceof Literal.None) {
            Value v = f.env.values.get(n.id());
            if (v == null || !(v.type() instanceof Type.OptionalType o)) {
                return NONE;
            }
            if (c.ops().get(0) == CmpOperator.IS_NOT) {
                return new Refinements(Map.of(n.id(), o.elem()), Map.of());
            }
            if (c.ops().get(0) == CmpOperator.IS) {
                return new Refinements(Map.of(), Map.of(n.id(), o.elem()));
            }
            return NONE;
        }
        if (test instanceof Expr.Call call && call.args().size() == 2 && call.args().get(0) instanceof Expr.Name n
                && f.check.valueOf(call.func()).map(v -> v instanceof io.github.torchscript4j.checker.semantics.Value.Builtin b
                        && (b.qualifiedName().equals("isinstance") || b.qualifiedName().equals("torch.jit.isinstance")))
                        .orElse(false)) {
            Value v = f.env.values.get(n.id());
            java.util.List<Type> targets = f.exprs.isinstanceTargets(call.args().get(1));
            if (v == null || targets == null || targets.stream().anyMatch(java.util.Objects::isNull)) {
                return NONE;
            }
            // a variable declared wider than its value (x: Union[A, B] = a) is narrowed from its declaration
            Type vt = f.env.declared.getOrDefault(n.id(), v.type());
            if (!v.type().isSubtypeOf(vt)) {
                vt = v.type();
            }
            java.util.List<Type> members = vt instanceof Type.UnionType u ? u.members()
                    : vt instanceof Type.OptionalType o ? java.util.List.of(o.elem(), io.github.torchscript4j.checker.types.Types.NONE)
                    : java.util.List.of(vt);
            java.util.List<Type> yes = new java.util.ArrayList<>();
            java.util.List<Type> no = new java.util.ArrayList<>();
            for (Type m : members) {
                (targets.stream().anyMatch(m::isSubtypeOf) ? yes : no).add(m);
            }
            if (vt instanceof Type.AnyType) {
                yes = targets;
            }
            Map<String, Type> whenTrue = yes.isEmpty() ? Map.of() : Map.of(n.id(), io.github.torchscript4j.checker.types.Types.union(yes));
            // an Any stays an Any where the test fails, but the reference still casts it there
            Map<String, Type> whenFalse = vt instanceof Type.AnyType ? Map.of(n.id(), vt)
                    : no.isEmpty() ? Map.of() : Map.of(n.id(), io.github.torchscript4j.checker.types.Types.union(no));
            return new Refinements(whenTrue, whenFalse);
        }
        if (test instanceof Expr.UnaryOp u && u.op() == UnaryOperator.NOT) {
            Refinements r = of(u.operand(), f);
            return new Refinements(r.whenFalse, r.whenTrue);
        }
        if (test instanceof Expr.BoolOp b) {
            Map<String, Type> all = new LinkedHashMap<>();
            for (Expr e : b.values()) {
                Refinements r = of(e, f);
                all.putAll(b.op() == BoolOperator.AND ? r.whenTrue : r.whenFalse);
            }
            return b.op() == BoolOperator.AND ? new Refinements(all, Map.of()) : new Refinements(Map.of(), all);
        }
        return NONE;
    }
}
