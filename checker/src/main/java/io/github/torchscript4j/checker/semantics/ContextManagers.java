package io.github.torchscript4j.checker.semantics;

import io.github.torchscript4j.checker.source.Code;
import io.github.torchscript4j.checker.syntax.ast.Expr;
import io.github.torchscript4j.checker.syntax.ast.WithItem;
import io.github.torchscript4j.checker.types.Type;
import io.github.torchscript4j.checker.types.Types;

/**
 * The item of a {@code with} statement, as the reference's {@code emitWith} checks it: the
 * expression must be an object of a class that defines {@code __enter__(self)} and {@code
 * __exit__(self, a, b, c)} with {@code Any} parameters; the target gets {@code __enter__}'s result.
 * Python values ({@code torch.no_grad()}) and unknown types are not checked.
 */
final class ContextManagers {
    private ContextManagers() {}

    /** Checks the item and returns the type its {@code as} target gets. */
    static Type enter(ExpressionChecker exprs, WithItem item) {
        Expr e = item.contextExpr();
        Value v = exprs.eval(e);
        if (!(v instanceof Value.Typed typed) || !Environment.known(typed.type())
                || typed.type() instanceof Type.AnyType) {
            return Types.UNKNOWN;
        }
        Type t = typed.type();
        UserClasses.Info info = exprs.checker().classes().infoOf(t);
        if (!(t instanceof Type.ClassType)) {
            if (t instanceof Type.ModuleType || t instanceof Type.EnumType || info != null) {
                return Types.UNKNOWN;
            }
            exprs.sink().error(Code.CONTEXT_MANAGER, e.range(), "With item expression must return an object");
            return Types.UNKNOWN;
        }
        if (info == null || info.open || info.kind != UserClasses.Kind.CLASS) {
            return Types.UNKNOWN;
        }
        var enter = info.methods.get("__enter__");
        var exit = info.methods.get("__exit__");
        if (enter == null || exit == null) {
            if (!info.silent.contains("__enter__") && !info.silent.contains("__exit__")) {
                exprs.sink().error(Code.CONTEXT_MANAGER, e.range(),
                        "Object returned by with item expression does not define __enter__ and __exit__ methods");
            }
            return Types.UNKNOWN;
        }
        UserClasses classes = exprs.checker().classes();
        Signature enterSig = classes.signature(info, enter);
        if (!enterSig.complete() || enterSig.params().size() != 1) {
            exprs.sink().error(Code.CONTEXT_MANAGER, e.range(), "__enter__ must have only one argument and one return value");
            return Types.UNKNOWN;
        }
        Signature exitSig = classes.signature(info, exit);
        if (!exitSig.complete() || exitSig.params().size() != 4) {
            exprs.sink().error(Code.CONTEXT_MANAGER, e.range(), "__exit__ must have four arguments");
            return Types.UNKNOWN;
        }
        for (int i = 1; i < 4; i++) {
            Type p = exitSig.params().get(i).type();
            if (Environment.known(p) && !(p instanceof Type.AnyType)) {
                exprs.sink().error(Code.CONTEXT_MANAGER, e.range(), "argument " + i + " of __exit__ must have Any type; "
                        + "TorchScript does not currently support passing exception type, value, or traceback to the "
                        + "__exit__ function.");
                break;
            }
        }
        return classes.methodReturn(info, enter);
    }
}
