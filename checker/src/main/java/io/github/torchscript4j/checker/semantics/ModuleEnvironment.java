package io.github.torchscript4j.checker.semantics;

import io.github.torchscript4j.checker.syntax.ast.Alias;
import io.github.torchscript4j.checker.syntax.ast.ExceptHandler;
import io.github.torchscript4j.checker.syntax.ast.Expr;
import io.github.torchscript4j.checker.syntax.ast.Module;
import io.github.torchscript4j.checker.syntax.ast.Stmt;
import io.github.torchscript4j.checker.syntax.ast.UnaryOperator;
import io.github.torchscript4j.checker.types.Types;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Python environment of one file as TorchScript sees it when it resolves a name that is not a
 * local variable: module-level imports, functions, classes and constants, then Python's builtins.
 *
 * <p>Every module-level binding is found, also inside module-level {@code if}, {@code try},
 * {@code with} and loops. A name bound more than once to different kinds of things, assigned
 * anything but a literal, or bound by {@code global}, is {@link Value.Opaque}: the checker does not
 * guess which binding is live. After {@code from m import *} every unknown name is opaque too. It
 * does not execute anything, and does not follow imports of the project's other files.
 */
final class ModuleEnvironment {
    private final Map<String, Value> names = new HashMap<>();
    /** Every dotted name the file imports, or imports a name from ({@code a.b} for {@code from a import b}). */
    private final java.util.Set<String> imported = new java.util.HashSet<>();
    private boolean starImport;

    ModuleEnvironment(Module module) {
        collect(module.body());
    }

    /**
     * Whether the file imports {@code dotted} or a module below it: importing a submodule makes it
     * an attribute of its parent module, whatever the recorded members say.
     */
    boolean importsAtOrBelow(String dotted) {
        return imported.stream().anyMatch(i -> i.equals(dotted) || i.startsWith(dotted + "."));
    }

    /** The value of the global {@code name}, or empty when it is not defined (undefined value). */
    Optional<Value> lookup(String name) {
        Value v = names.get(name);
        if (v != null) {
            return Optional.of(v);
        }
        if (PythonValues.isBuiltinName(name)) {
            return Optional.of(PythonValues.builtin(name));
        }
        return starImport ? Optional.of(Value.OPAQUE) : Optional.empty();
    }

    private void collect(List<Stmt> body) {
        for (Stmt s : body) {
            collect(s);
        }
    }

    private void collect(Stmt s) {
        if (s instanceof Stmt.FunctionDef f) {
            bind(f.name(), new Value.UserFunction(f));
        } else if (s instanceof Stmt.AsyncFunctionDef f) {
            bind(f.name(), Value.OPAQUE);
        } else if (s instanceof Stmt.ClassDef c) {
            bind(c.name(), new Value.UserClass(c));
        } else if (s instanceof Stmt.Import imp) {
            for (Alias a : imp.names()) {
                imported.add(a.name());
                if (a.asname().isPresent()) {
                    bind(a.asname().get(), PythonValues.qualified(a.name()));
                } else {
                    String first = a.name().contains(".") ? a.name().substring(0, a.name().indexOf('.')) : a.name();
                    bind(first, PythonValues.module(first));
                }
            }
        } else if (s instanceof Stmt.ImportFrom imp) {
            for (Alias a : imp.names()) {
                imp.module().ifPresent(m -> imported.add(m + "." + a.name()));
                if (a.name().equals("*")) {
                    starImport = true;
                    continue;
                }
                String bound = a.asname().orElse(a.name());
                if (imp.level() > 0 || imp.module().isEmpty()) {
                    bind(bound, Value.OPAQUE);
                } else {
                    bind(bound, PythonValues.qualified(imp.module().get() + "." + a.name()));
                }
            }
        } else if (s instanceof Stmt.Assign a) {
            Value v = constant(a.value());
            for (Expr t : a.targets()) {
                bindTarget(t, a.targets().size() == 1 ? v : Value.OPAQUE);
            }
        } else if (s instanceof Stmt.AnnAssign a) {
            bindTarget(a.target(), Value.OPAQUE);
        } else if (s instanceof Stmt.AugAssign a) {
            bindTarget(a.target(), Value.OPAQUE);
        } else if (s instanceof Stmt.For f) {
            bindTarget(f.target(), Value.OPAQUE);
            collect(f.body());
            collect(f.orelse());
        } else if (s instanceof Stmt.While w) {
            collect(w.body());
            collect(w.orelse());
        } else if (s instanceof Stmt.If i) {
            collect(i.body());
            collect(i.orelse());
        } else if (s instanceof Stmt.With w) {
            w.items().forEach(item -> item.optionalVars().ifPresent(t -> bindTarget(t, Value.OPAQUE)));
            collect(w.body());
        } else if (s instanceof Stmt.Try t) {
            collect(t.body());
            for (ExceptHandler h : t.handlers()) {
                h.name().ifPresent(n -> bind(n, Value.OPAQUE));
                collect(h.body());
            }
            collect(t.orelse());
            collect(t.finalbody());
        } else if (s instanceof Stmt.TryStar t) {
            collect(t.body());
            for (ExceptHandler h : t.handlers()) {
                h.name().ifPresent(n -> bind(n, Value.OPAQUE));
                collect(h.body());
            }
            collect(t.orelse());
            collect(t.finalbody());
        } else if (s instanceof Stmt.Global g) {
            g.names().forEach(n -> bind(n, Value.OPAQUE));
        } else if (s instanceof Stmt.Match m) {
            // Pattern captures are not modelled: make every name of the file possible.
            starImport = true;
        } else if (s instanceof Stmt.ExprStmt e) {
            walrus(e.value());
        }
    }

    private void walrus(Expr e) {
        if (e instanceof Expr.NamedExpr n && n.target() instanceof Expr.Name name) {
            bind(name.id(), Value.OPAQUE);
        }
    }

    private void bindTarget(Expr target, Value v) {
        if (target instanceof Expr.Name n) {
            bind(n.id(), v);
        } else if (target instanceof Expr.Tuple t) {
            t.elts().forEach(e -> bindTarget(e, Value.OPAQUE));
        } else if (target instanceof Expr.List l) {
            l.elts().forEach(e -> bindTarget(e, Value.OPAQUE));
        } else if (target instanceof Expr.Starred st) {
            bindTarget(st.value(), Value.OPAQUE);
        }
    }

    private void bind(String name, Value v) {
        Value old = names.get(name);
        if (old == null) {
            names.put(name, v);
        } else if (old instanceof Value.UserFunction && v instanceof Value.UserFunction) {
            names.put(name, v); // redefinition: the last one is live (overloads are not modelled)
            if (isOverloaded((Value.UserFunction) old) && !isOverloaded((Value.UserFunction) v)) {
                names.put(name, Value.OPAQUE);
            }
        } else if (!old.equals(v)) {
            names.put(name, Value.OPAQUE);
        }
    }

    private static boolean isOverloaded(Value.UserFunction f) {
        for (Expr d : f.def().decoratorList()) {
            String text = d.range().text();
            if (text.contains("overload")) {
                return true;
            }
        }
        return false;
    }

    /**
     * A module-level value written as a literal or display. TorchScript does not inline a plain
     * function's globals: it sees the Python object, and using it is "python value of type 'int'
     * cannot be used as a value" (a global bound to {@code None} is not found at all). Anything
     * else is opaque.
     */
    private static Value constant(Expr value) {
        String type = pythonType(value);
        return type == null ? Value.OPAQUE : new Value.PythonObject(type);
    }

    /** The Python type name of a literal or display's value; null when not one. */
    private static String pythonType(Expr value) {
        if (value instanceof Expr.UnaryOp u && (u.op() == UnaryOperator.USUB || u.op() == UnaryOperator.UADD)) {
            String t = pythonType(u.operand());
            return "int".equals(t) || "float".equals(t) || "complex".equals(t) ? t : null;
        }
        if (value instanceof Expr.Constant c) {
            return c.value().pythonTypeName();
        }
        if (value instanceof Expr.List) {
            return "list";
        }
        if (value instanceof Expr.Tuple) {
            return "tuple";
        }
        if (value instanceof Expr.Dict) {
            return "dict";
        }
        if (value instanceof Expr.Set) {
            return "set";
        }
        return null;
    }
}
