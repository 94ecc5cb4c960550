package io.github.torchscript4j.checker.semantics;

import io.github.torchscript4j.checker.source.Code;
import io.github.torchscript4j.checker.source.SourceRange;
import io.github.torchscript4j.checker.syntax.ast.ExceptHandler;
import io.github.torchscript4j.checker.syntax.ast.Expr;
import io.github.torchscript4j.checker.syntax.ast.Literal;
import io.github.torchscript4j.checker.syntax.ast.Stmt;
import io.github.torchscript4j.checker.types.Type;
import io.github.torchscript4j.checker.types.TypeRelations;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Compares the checker's static view of a module class — the attributes {@link ModuleAttributes}
 * infers from its {@code __init__}, which type the class when it is checked without an instance
 * (the language server, {@code torchscript check}) — with a {@link ConcreteModuleType} of an
 * instance that {@code __init__} really built, and reports each difference as an error at the
 * {@code __init__} statement that assigns the attribute (else at {@code __init__}, else at the
 * class):
 *
 * <ul>
 *   <li>an attribute of the instance that the static view lacks, unless the class is open (it adds
 *       attributes the inference cannot follow);
 *   <li>an attribute whose instance type is no subtype of the type the static view gives it
 *       ({@code Optional[Tensor]} statically and {@code Tensor} on the instance agree); a submodule
 *       of another Python class than the static view's;
 *   <li>an attribute the static view types (a top-level assignment of {@code __init__}) that the
 *       instance lacks.
 * </ul>
 *
 * Attributes the static view cannot type, and constants (a {@code List[float]} assigned, a tuple
 * as the reference holds it), are compared by presence only. Our bundled library's classes are
 * not compared: their constructors are ordinary Python the inference does not follow.
 */
final class StaticView {
    private StaticView() {}

    static void check(Checker checker, UserClasses.Info info, ConcreteModuleType concrete) {
        String module = concrete.className();
        Map<String, Type> statics = info.attributes;
        for (ConcreteModuleType.Attribute a : concrete.attributes()) {
            if (a.name().equals("training")) {
                continue;
            }
            Type st = statics.get(a.name());
            if (st == null) {
                if (!info.open && !info.classAttributes.contains(a.name())) {
                    error(checker, info, a.name(), "The module '" + module + "' that was built has the attribute '"
                            + a.name() + "' (" + describe(a) + "), which the checker does not find in __init__");
                }
                continue;
            }
            if (!Environment.known(st) || a.kind() == ConcreteModuleType.Kind.CONSTANT) {
                continue;
            }
            if (a.kind() == ConcreteModuleType.Kind.MODULE) {
                String want = a.module().qualifiedName();
                if (!(st instanceof Type.ModuleType m) || !m.qualifiedName().equals(want)) {
                    mismatch(checker, info, module, a.name(), want.substring(want.lastIndexOf('.') + 1), st);
                }
            } else if (!TypeRelations.isSubtypeOf(a.type(), st)) {
                mismatch(checker, info, module, a.name(), a.type().annotationStr(), st);
            }
        }
        for (Map.Entry<String, Type> e : statics.entrySet()) {
            if (concrete.attribute(e.getKey()).isEmpty() && !concrete.failedAttributes().containsKey(e.getKey())
                    && Environment.known(e.getValue()) && assignedAtTop(info, e.getKey())) {
                error(checker, info, e.getKey(), "The checker infers the attribute '" + e.getKey() + "' ("
                        + e.getValue().annotationStr() + ") of module '" + module + "' from __init__, but the module "
                        + "that was built has no such attribute");
            }
        }
    }

    private static String describe(ConcreteModuleType.Attribute a) {
        return switch (a.kind()) {
            case MODULE -> "a submodule " + a.module().className();
            case PARAMETER -> "a parameter of type " + a.type().annotationStr();
            case BUFFER -> "a buffer of type " + a.type().annotationStr();
            case CONSTANT -> "a constant " + a.type().annotationStr();
            case ATTRIBUTE -> "of type " + a.type().annotationStr();
        };
    }

    private static void mismatch(Checker checker, UserClasses.Info info, String module, String name, String built,
            Type inferred) {
        String s = inferred instanceof Type.ModuleType m ? m.qualifiedName().substring(m.qualifiedName().lastIndexOf('.') + 1)
                : inferred.annotationStr();
        error(checker, info, name, "The attribute '" + name + "' of module '" + module + "' is " + built
                + " on the module that was built, but the checker infers " + s + " from __init__. Annotate it in the "
                + "class body with a type that holds both");
    }

    private static void error(Checker checker, UserClasses.Info info, String name, String message) {
        checker.sink().error(Code.STATIC_VIEW_MISMATCH, location(info, name), message);
    }

    /** The {@code __init__} statement that first assigns or registers {@code name}; else {@code __init__}; else the class. */
    private static SourceRange location(UserClasses.Info info, String name) {
        Stmt.FunctionDef init = init(info);
        if (init == null) {
            return info.def.range();
        }
        return find(init.body(), name, false).orElse(init.range());
    }

    private static boolean assignedAtTop(UserClasses.Info info, String name) {
        Stmt.FunctionDef init = init(info);
        return init != null && find(init.body(), name, true).isPresent();
    }

    private static Stmt.FunctionDef init(UserClasses.Info info) {
        for (Stmt s : info.def.body()) {
            if (s instanceof Stmt.FunctionDef f && f.name().equals("__init__")) {
                return f;
            }
        }
        return null;
    }

    private static Optional<SourceRange> find(List<Stmt> body, String name, boolean topOnly) {
        for (Stmt s : body) {
            if (s instanceof Stmt.Assign a && a.targets().stream().anyMatch(t -> isSelfAttribute(t, name))
                    || s instanceof Stmt.AnnAssign a2 && isSelfAttribute(a2.target(), name)
                    || s instanceof Stmt.ExprStmt e && registers(e.value(), name)) {
                return Optional.of(s.range());
            }
            if (topOnly) {
                continue;
            }
            Optional<SourceRange> inner = Optional.empty();
            if (s instanceof Stmt.If i) {
                inner = find(i.body(), name, false).or(() -> find(i.orelse(), name, false));
            } else if (s instanceof Stmt.For f) {
                inner = find(f.body(), name, false);
            } else if (s instanceof Stmt.While w) {
                inner = find(w.body(), name, false);
            } else if (s instanceof Stmt.With w) {
                inner = find(w.body(), name, false);
            } else if (s instanceof Stmt.Try t) {
                inner = find(t.body(), name, false);
                for (ExceptHandler h : t.handlers()) {
                    inner = inner.or(() -> find(h.body(), name, false));
                }
            }
            if (inner.isPresent()) {
                return inner;
            }
        }
        return Optional.empty();
    }

    private static boolean isSelfAttribute(Expr t, String name) {
        return t instanceof Expr.Attribute a && a.attr().equals(name) && a.value() instanceof Expr.Name n
                && n.id().equals("self");
    }

    private static boolean registers(Expr e, String name) {
        return e instanceof Expr.Call c && c.func() instanceof Expr.Attribute f && f.value() instanceof Expr.Name n
                && n.id().equals("self") && !c.args().isEmpty() && c.args().get(0) instanceof Expr.Constant k
                && k.value() instanceof Literal.Str s && s.value().equals(name);
    }
}
