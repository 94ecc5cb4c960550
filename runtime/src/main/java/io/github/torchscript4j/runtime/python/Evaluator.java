package io.github.torchscript4j.runtime.python;

import io.github.torchscript4j.checker.eval.Tuple;
import io.github.torchscript4j.checker.syntax.ast.Alias;
import io.github.torchscript4j.checker.syntax.ast.Arguments;
import io.github.torchscript4j.checker.syntax.ast.BoolOperator;
import io.github.torchscript4j.checker.syntax.ast.Comprehension;
import io.github.torchscript4j.checker.syntax.ast.ExceptHandler;
import io.github.torchscript4j.checker.syntax.ast.Expr;
import io.github.torchscript4j.checker.syntax.ast.Keyword;
import io.github.torchscript4j.checker.syntax.ast.Literal;
import io.github.torchscript4j.checker.syntax.ast.Stmt;
import io.github.torchscript4j.checker.syntax.ast.UnaryOperator;
import io.github.torchscript4j.checker.syntax.ast.WithItem;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs statements and evaluates expressions of the checker's syntax tree in a {@link Frame}.
 * Control flow inside a body is a status code ({@link #NORMAL}, {@link #BREAK}, {@link #CONTINUE},
 * {@link #RETURN}); Python exceptions are {@link PyException}s.
 */
final class Evaluator {
    static final int NORMAL = 0;
    static final int BREAK = 1;
    static final int CONTINUE = 2;
    static final int RETURN = 3;

    private final PythonInterpreter py;
    private final Ops ops;
    private final Map<Object, Scopes.Info> scopeCache = Collections.synchronizedMap(new IdentityHashMap<>());

    Evaluator(PythonInterpreter py, Ops ops) {
        this.py = py;
        this.ops = ops;
    }

    // ---- statements ----

    int execBlock(Frame f, List<Stmt> body) {
        for (Stmt s : body) {
            int status = exec(f, s);
            if (status != NORMAL) {
                return status;
            }
        }
        return NORMAL;
    }

    int exec(Frame f, Stmt s) {
        f.line = s.range().startLine();
        if (s instanceof Stmt.ExprStmt e) {
            eval(f, e.value());
        } else if (s instanceof Stmt.Assign a) {
            Object v = eval(f, a.value());
            for (Expr t : a.targets()) {
                assign(f, t, v);
            }
        } else if (s instanceof Stmt.AugAssign a) {
            augAssign(f, a);
        } else if (s instanceof Stmt.AnnAssign a) {
            if (a.value().isPresent()) {
                assign(f, a.target(), eval(f, a.value().get()));
            }
            if (f.kind != Frame.Kind.FUNCTION && a.simple() == 1 && a.target() instanceof Expr.Name n) {
                annotate(f, n.id(), a.annotation());
            }
        } else if (s instanceof Stmt.If i) {
            return execBlock(f, ops.truth(eval(f, i.test())) ? i.body() : i.orelse());
        } else if (s instanceof Stmt.For fo) {
            return execFor(f, fo);
        } else if (s instanceof Stmt.While w) {
            while (ops.truth(eval(f, w.test()))) {
                py.checkTime();
                int status = execBlock(f, w.body());
                if (status == BREAK) {
                    return NORMAL;
                } else if (status == RETURN) {
                    return RETURN;
                }
                f.line = s.range().startLine();
            }
            return execBlock(f, w.orelse());
        } else if (s instanceof Stmt.Return r) {
            f.returned = r.value().isPresent() ? eval(f, r.value().get()) : null;
            return RETURN;
        } else if (s instanceof Stmt.Pass p) {
        } else if (s instanceof Stmt.Break b) {
            return BREAK;
        } else if (s instanceof Stmt.Continue c) {
            return CONTINUE;
        } else if (s instanceof Stmt.FunctionDef d) {
            Object fn = makeFunction(f, d.name(), d.args(), d.body());
            store(f, d.name(), decorate(f, d.decoratorList(), fn));
        } else if (s instanceof Stmt.ClassDef c) {
            store(f, c.name(), decorate(f, c.decoratorList(), makeClass(f, c)));
        } else if (s instanceof Stmt.Delete d) {
            for (Expr t : d.targets()) {
                delete(f, t);
            }
        } else if (s instanceof Stmt.Raise r) {
            throw raise(f, r);
        } else if (s instanceof Stmt.Try t) {
            return execTry(f, t);
        } else if (s instanceof Stmt.Assert a) {
            if (!ops.truth(eval(f, a.test()))) {
                if (a.msg().isPresent()) {
                    Object msg = eval(f, a.msg().get());
                    throw py.exception(py.builtinClass("AssertionError"), PythonInterpreter.args(msg));
                }
                throw new PyException("AssertionError", "");
            }
        } else if (s instanceof Stmt.With w) {
            return execWith(f, w.items(), 0, w.body());
        } else if (s instanceof Stmt.Import i) {
            for (Alias a : i.names()) {
                Object m = py.importModule(a.name(), f.globals);
                if (a.asname().isPresent()) {
                    store(f, a.asname().get(), m);
                } else {
                    String top = a.name().split("\\.")[0];
                    store(f, top, py.importModule(top, f.globals));
                }
            }
        } else if (s instanceof Stmt.ImportFrom i) {
            importFrom(f, i);
        } else if (s instanceof Stmt.Global g) {
        } else if (s instanceof Stmt.Nonlocal n) {
        } else {
            throw new PyException("SyntaxError", "unsupported statement: " + s.pythonName());
        }
        return NORMAL;
    }

    private void annotate(Frame f, String name, Expr annotation) {
        @SuppressWarnings("unchecked")
        Map<Object, Object> ann = (Map<Object, Object>) f.locals.computeIfAbsent("__annotations__", k -> new LinkedHashMap<>());
        Object value;
        try {
            value = eval(f, annotation);
        } catch (PyException e) {
            value = annotation.range().text();
        }
        ann.put(name, value);
    }

    private int execFor(Frame f, Stmt.For fo) {
        Iterator<Object> it = ops.iterate(eval(f, fo.iter()));
        while (it.hasNext()) {
            py.checkTime();
            assign(f, fo.target(), it.next());
            int status = execBlock(f, fo.body());
            if (status == BREAK) {
                return NORMAL;
            } else if (status == RETURN) {
                return RETURN;
            }
        }
        return execBlock(f, fo.orelse());
    }

    private int execWith(Frame f, List<WithItem> items, int index, List<Stmt> body) {
        if (index == items.size()) {
            return execBlock(f, body);
        }
        WithItem item = items.get(index);
        Object manager = eval(f, item.contextExpr());
        Object exit = py.getAttr(manager, "__exit__");
        Object entered = py.invoke(py.getAttr(manager, "__enter__"), List.of(), Map.of());
        if (item.optionalVars().isPresent()) {
            assign(f, item.optionalVars().get(), entered);
        }
        int status;
        try {
            status = execWith(f, items, index + 1, body);
        } catch (PyException e) {
            Object value = py.exceptionValue(e);
            Object suppress = py.invoke(exit, PythonInterpreter.args(py.typeOf(value), value, null), Map.of());
            if (ops.truth(suppress)) {
                return NORMAL;
            }
            throw e;
        }
        List<Object> none = new ArrayList<>();
        none.add(null);
        none.add(null);
        none.add(null);
        py.invoke(exit, none, Map.of());
        return status;
    }

    private int execTry(Frame f, Stmt.Try t) {
        int status;
        try {
            try {
                status = execBlock(f, t.body());
            } catch (PyException e) {
                if (e.type().equals("RecursionError") && py.depth() > PythonInterpreter.RECURSION_LIMIT - 50
                        || e.type().equals(PythonInterpreter.TIME_LIMIT)) {
                    throw e; // no handler may swallow these: the code would go on past its limits
                }
                ExceptHandler handler = null;
                for (ExceptHandler h : t.handlers()) {
                    if (h.type().isEmpty() || py.exceptionMatches(e, eval(f, h.type().get()))) {
                        handler = h;
                        break;
                    }
                }
                if (handler == null) {
                    throw e;
                }
                PyException outer = f.handling;
                f.handling = e;
                try {
                    if (handler.name().isPresent()) {
                        store(f, handler.name().get(), py.exceptionValue(e));
                    }
                    status = execBlock(f, handler.body());
                } catch (PyException inner) {
                    if (inner != e) {
                        Object v = inner.value();
                        if (v instanceof PyInstance iv && iv.dict().get("__context__") == null) {
                            iv.dict().put("__context__", py.exceptionValue(e));
                        }
                    }
                    throw inner;
                } finally {
                    f.handling = outer;
                    if (handler.name().isPresent()) {
                        f.locals.remove(handler.name().get());
                    }
                }
                return finish(f, t, status);
            }
            if (status == NORMAL) {
                status = execBlock(f, t.orelse());
            }
        } catch (PyException e) {
            Object saved = f.returned;
            int fin = execBlock(f, t.finalbody());
            if (fin != NORMAL) {
                return fin;
            }
            f.returned = saved;
            throw e;
        }
        return finish(f, t, status);
    }

    private int finish(Frame f, Stmt.Try t, int status) {
        Object saved = f.returned;
        int fin = execBlock(f, t.finalbody());
        if (fin != NORMAL) {
            return fin;
        }
        f.returned = saved;
        return status;
    }

    private PyException raise(Frame f, Stmt.Raise r) {
        if (r.exc().isEmpty()) {
            for (Frame p = f; p != null; p = p.parent) {
                if (p.handling != null) {
                    return p.handling;
                }
            }
            return new PyException("RuntimeError", "No active exception to reraise");
        }
        Object exc = eval(f, r.exc().get());
        PyException e = py.toException(exc);
        if (r.cause().isPresent()) {
            Object cause = eval(f, r.cause().get());
            if (e.value() instanceof PyInstance iv) {
                iv.dict().put("__cause__", cause instanceof PyClass c ? py.invoke(c, List.of(), Map.of()) : cause);
            }
        }
        return e;
    }

    private void importFrom(Frame f, Stmt.ImportFrom i) {
        String name = py.resolveRelative(i.module().orElse(""), i.level(), f.globals);
        Object module = py.importModule(name, f.globals);
        for (Alias a : i.names()) {
            if (a.name().equals("*")) {
                if (module instanceof PyModuleObject m) {
                    Object all = m.dict().get("__all__");
                    if (all != null) {
                        for (Object n : py.ops().toList(all)) {
                            store(f, (String) n, m.dict().get(n));
                        }
                    } else {
                        for (Map.Entry<String, Object> e : new ArrayList<>(m.dict().entrySet())) {
                            if (!e.getKey().startsWith("_")) {
                                store(f, e.getKey(), e.getValue());
                            }
                        }
                    }
                    continue;
                }
                throw new PyException("ImportError", "'from " + name + " import *' is not supported for this module");
            }
            Object value;
            try {
                value = py.getAttr(module, a.name());
            } catch (PyException e) {
                if (!e.type().equals("AttributeError")) {
                    throw e;
                }
                try {
                    value = py.importModule(name + "." + a.name(), f.globals);
                } catch (PyException e2) {
                    if (!e2.type().equals("ModuleNotFoundError")) {
                        throw e2;
                    }
                    throw new PyException("ImportError", "cannot import name '" + a.name() + "' from '" + name + "'");
                }
            }
            store(f, a.asname().orElse(a.name()), value);
        }
    }

    private Object decorate(Frame f, List<Expr> decorators, Object value) {
        List<Object> ds = new ArrayList<>();
        for (Expr d : decorators) {
            ds.add(eval(f, d));
        }
        for (int i = ds.size() - 1; i >= 0; i--) {
            value = py.invoke(ds.get(i), PythonInterpreter.args(value), Map.of());
        }
        return value;
    }

    private Scopes.Info scope(Object node, Arguments params, List<Stmt> body) {
        return scopeCache.computeIfAbsent(node, k -> Scopes.of(params, body));
    }

    PyFunction makeFunction(Frame f, String name, Arguments params, List<Stmt> body) {
        List<Object> defaults = new ArrayList<>();
        for (Expr d : params.defaults()) {
            defaults.add(eval(f, d));
        }
        Map<String, Object> kwDefaults = new HashMap<>();
        for (int i = 0; i < params.kwonlyargs().size(); i++) {
            Optional<Expr> d = params.kwDefaults().get(i);
            if (d.isPresent()) {
                kwDefaults.put(params.kwonlyargs().get(i).arg(), eval(f, d.get()));
            }
        }
        String qualname = qualname(f, name);
        PyFunction fn = new PyFunction(py, name, qualname, params, body, defaults, kwDefaults, f, f.globals,
                scope(body, params, body));
        return fn;
    }

    private static String qualname(Frame f, String name) {
        Frame scope = f;
        while (scope.kind == Frame.Kind.COMPREHENSION) {
            scope = scope.parent;
        }
        if (scope.kind == Frame.Kind.CLASS) {
            return scope.name + "." + name;
        } else if (scope.kind == Frame.Kind.FUNCTION) {
            return scope.function.qualname + ".<locals>." + name;
        }
        return name;
    }

    private PyClass makeClass(Frame f, Stmt.ClassDef c) {
        List<Object> bases = new ArrayList<>();
        for (Expr b : c.bases()) {
            if (b instanceof Expr.Starred st) {
                bases.addAll(ops.toList(eval(f, st.value())));
            } else {
                bases.add(eval(f, b));
            }
        }
        for (Keyword k : c.keywords()) {
            eval(f, k.value());
        }
        String qual = f.kind == Frame.Kind.CLASS ? f.name + "." + c.name() : c.name();
        Frame body = new Frame(Frame.Kind.CLASS, new LinkedHashMap<>(), f, f.globals, null, qual);
        body.locals.put("__module__", f.globals.name());
        body.locals.put("__qualname__", qual);
        execBlock(body, c.body());
        return py.newClass(c.name(), f.globals.name(), bases, new LinkedHashMap<>(body.locals));
    }

    // ---- assignment ----

    void assign(Frame f, Expr target, Object value) {
        if (target instanceof Expr.Name n) {
            store(f, n.id(), value);
        } else if (target instanceof Expr.Attribute a) {
            py.setAttr(eval(f, a.value()), a.attr(), value);
        } else if (target instanceof Expr.Subscript s) {
            ops.setItem(eval(f, s.value()), eval(f, s.slice()), value);
        } else if (target instanceof Expr.Tuple t) {
            unpack(f, t.elts(), value);
        } else if (target instanceof Expr.List l) {
            unpack(f, l.elts(), value);
        } else {
            throw new PyException("SyntaxError", "cannot assign to " + target.pythonName());
        }
    }

    private void unpack(Frame f, List<Expr> targets, Object value) {
        List<Object> values = ops.toList(value);
        int star = -1;
        for (int i = 0; i < targets.size(); i++) {
            if (targets.get(i) instanceof Expr.Starred) {
                star = i;
            }
        }
        if (star < 0) {
            if (values.size() > targets.size()) {
                throw new PyException("ValueError", "too many values to unpack (expected " + targets.size() + ")");
            }
            if (values.size() < targets.size()) {
                throw new PyException("ValueError", "not enough values to unpack (expected " + targets.size()
                        + ", got " + values.size() + ")");
            }
            for (int i = 0; i < targets.size(); i++) {
                assign(f, targets.get(i), values.get(i));
            }
            return;
        }
        int after = targets.size() - star - 1;
        if (values.size() < targets.size() - 1) {
            throw new PyException("ValueError", "not enough values to unpack (expected at least "
                    + (targets.size() - 1) + ", got " + values.size() + ")");
        }
        for (int i = 0; i < star; i++) {
            assign(f, targets.get(i), values.get(i));
        }
        assign(f, ((Expr.Starred) targets.get(star)).value(),
                new ArrayList<>(values.subList(star, values.size() - after)));
        for (int i = 0; i < after; i++) {
            assign(f, targets.get(star + 1 + i), values.get(values.size() - after + i));
        }
    }

    private void augAssign(Frame f, Stmt.AugAssign a) {
        String op = a.op().symbol() + "=";
        Expr target = a.target();
        if (target instanceof Expr.Name n) {
            Object cur = load(f, n.id());
            store(f, n.id(), ops.binary(op, cur, eval(f, a.value())));
        } else if (target instanceof Expr.Attribute at) {
            Object obj = eval(f, at.value());
            Object cur = py.getAttr(obj, at.attr());
            py.setAttr(obj, at.attr(), ops.binary(op, cur, eval(f, a.value())));
        } else if (target instanceof Expr.Subscript s) {
            Object obj = eval(f, s.value());
            Object index = eval(f, s.slice());
            Object cur = ops.getItem(obj, index);
            ops.setItem(obj, index, ops.binary(op, cur, eval(f, a.value())));
        } else {
            throw new PyException("SyntaxError", "illegal expression for augmented assignment");
        }
    }

    private void delete(Frame f, Expr t) {
        if (t instanceof Expr.Name n) {
            Map<String, Object> where = f.kind == Frame.Kind.FUNCTION && f.function.scope.globals().contains(n.id())
                    ? f.globals.dict() : f.locals;
            if (!where.containsKey(n.id())) {
                throw new PyException("NameError", "name '" + n.id() + "' is not defined");
            }
            where.remove(n.id());
        } else if (t instanceof Expr.Attribute a) {
            py.delAttr(eval(f, a.value()), a.attr());
        } else if (t instanceof Expr.Subscript s) {
            ops.delItem(eval(f, s.value()), eval(f, s.slice()));
        } else if (t instanceof Expr.Tuple tu) {
            tu.elts().forEach(e -> delete(f, e));
        } else if (t instanceof Expr.List li) {
            li.elts().forEach(e -> delete(f, e));
        } else {
            throw new PyException("SyntaxError", "cannot delete " + t.pythonName());
        }
    }

    // ---- names ----

    Object load(Frame f, String name) {
        switch (f.kind) {
            case MODULE -> {
                return global(f, name);
            }
            case CLASS -> {
                if (f.locals.containsKey(name)) {
                    return f.locals.get(name);
                }
                return enclosing(f.parent, name, f);
            }
            case FUNCTION -> {
                Scopes.Info s = f.function.scope;
                if (s.globals().contains(name)) {
                    return global(f, name);
                }
                Object v = f.locals.get(name);
                if (v != null || f.locals.containsKey(name)) {
                    return v;
                }
                if (s.locals().contains(name)) {
                    throw new PyException("UnboundLocalError",
                            "cannot access local variable '" + name + "' where it is not associated with a value");
                }
                return enclosing(f.parent, name, f);
            }
            default -> {
                if (f.locals.containsKey(name)) {
                    return f.locals.get(name);
                }
                return enclosing(f.parent, name, f);
            }
        }
    }

    private Object enclosing(Frame p, String name, Frame from) {
        for (; p != null; p = p.parent) {
            if (p.kind == Frame.Kind.FUNCTION || p.kind == Frame.Kind.COMPREHENSION) {
                Object v = p.locals.get(name);
                if (v != null || p.locals.containsKey(name)) {
                    return v;
                }
            } else if (p.kind == Frame.Kind.MODULE) {
                break;
            }
        }
        return global(from, name);
    }

    private Object global(Frame f, String name) {
        Map<String, Object> g = f.globals.dict();
        Object v = g.get(name);
        if (v != null || g.containsKey(name)) {
            return v;
        }
        Map<String, Object> b = py.builtins();
        if (b.containsKey(name)) {
            return b.get(name);
        }
        throw new PyException("NameError", "name '" + name + "' is not defined");
    }

    void store(Frame f, String name, Object value) {
        if (f.kind == Frame.Kind.FUNCTION) {
            Scopes.Info s = f.function.scope;
            if (s.globals().contains(name)) {
                f.globals.dict().put(name, value);
                return;
            }
            if (s.nonlocals().contains(name)) {
                for (Frame p = f.parent; p != null; p = p.parent) {
                    if (p.kind == Frame.Kind.FUNCTION && (p.locals.containsKey(name) || p.function.scope.locals().contains(name))) {
                        p.locals.put(name, value);
                        return;
                    }
                }
                throw new PyException("SyntaxError", "no binding for nonlocal '" + name + "' found");
            }
        }
        f.locals.put(name, value);
    }

    // ---- expressions ----

    Object eval(Frame f, Expr e) {
        if (e instanceof Expr.Constant c) {
            return constant(c.value());
        } else if (e instanceof Expr.Name n) {
            return load(f, n.id());
        } else if (e instanceof Expr.Attribute a) {
            return py.getAttr(eval(f, a.value()), a.attr());
        } else if (e instanceof Expr.Subscript s) {
            return ops.getItem(eval(f, s.value()), eval(f, s.slice()));
        } else if (e instanceof Expr.Slice s) {
            return new PySlice(s.lower().isPresent() ? eval(f, s.lower().get()) : null,
                    s.upper().isPresent() ? eval(f, s.upper().get()) : null,
                    s.step().isPresent() ? eval(f, s.step().get()) : null);
        } else if (e instanceof Expr.Call c) {
            return evalCall(f, c);
        } else if (e instanceof Expr.BinOp b) {
            Object l = eval(f, b.left());
            return ops.binary(b.op().symbol(), l, eval(f, b.right()));
        } else if (e instanceof Expr.UnaryOp u) {
            Object v = eval(f, u.operand());
            if (u.op() == UnaryOperator.NOT) {
                return !ops.truth(v);
            }
            return ops.unary(u.op().symbol(), v);
        } else if (e instanceof Expr.BoolOp b) {
            Object v = null;
            for (Expr x : b.values()) {
                v = eval(f, x);
                boolean t = ops.truth(v);
                if (b.op() == BoolOperator.AND ? !t : t) {
                    return v;
                }
            }
            return v;
        } else if (e instanceof Expr.Compare c) {
            Object left = eval(f, c.left());
            for (int i = 0; i < c.ops().size(); i++) {
                Object right = eval(f, c.comparators().get(i));
                Object r = ops.compare(c.ops().get(i), left, right);
                if (i == c.ops().size() - 1) {
                    return r;
                }
                if (!ops.truth(r)) {
                    return r;
                }
                left = right;
            }
            return true;
        } else if (e instanceof Expr.IfExp i) {
            return ops.truth(eval(f, i.test())) ? eval(f, i.body()) : eval(f, i.orelse());
        } else if (e instanceof Expr.Lambda l) {
            List<Stmt> body = List.of(new Stmt.Return(Optional.of(l.body()), l.body().range()));
            PyFunction fn = new PyFunction(py, "<lambda>", qualname(f, "<lambda>"), l.args(), body,
                    evalAll(f, l.args().defaults()), kwDefaults(f, l.args()), f, f.globals, scope(l, l.args(), body));
            return fn;
        } else if (e instanceof Expr.List l) {
            return elements(f, l.elts());
        } else if (e instanceof Expr.Tuple t) {
            return new Tuple(elements(f, t.elts()));
        } else if (e instanceof Expr.Set s) {
            return new Descriptors.PySet(elements(f, s.elts()), false);
        } else if (e instanceof Expr.Dict d) {
            LinkedHashMap<Object, Object> m = new LinkedHashMap<>();
            for (int i = 0; i < d.keys().size(); i++) {
                if (d.keys().get(i).isEmpty()) {
                    Object other = eval(f, d.values().get(i));
                    for (Object k : ops.toList(other)) {
                        m.put(ops.key(k), ops.getItem(other, k));
                    }
                } else {
                    Object k = eval(f, d.keys().get(i).get());
                    ops.dictPut(m, k, eval(f, d.values().get(i)));
                }
            }
            return m;
        } else if (e instanceof Expr.ListComp c) {
            List<Object> out = new ArrayList<>();
            comprehension(f, c.generators(), 0, newComprehensionFrame(f), fr -> out.add(eval(fr, c.elt())));
            return out;
        } else if (e instanceof Expr.GeneratorExp c) {
            List<Object> out = new ArrayList<>();
            comprehension(f, c.generators(), 0, newComprehensionFrame(f), fr -> out.add(eval(fr, c.elt())));
            return new Descriptors.PyIterator(out.iterator());
        } else if (e instanceof Expr.SetComp c) {
            List<Object> out = new ArrayList<>();
            comprehension(f, c.generators(), 0, newComprehensionFrame(f), fr -> out.add(eval(fr, c.elt())));
            return new Descriptors.PySet(out, false);
        } else if (e instanceof Expr.DictComp c) {
            LinkedHashMap<Object, Object> m = new LinkedHashMap<>();
            comprehension(f, c.generators(), 0, newComprehensionFrame(f), fr -> {
                Object k = eval(fr, c.key());
                ops.dictPut(m, k, eval(fr, c.value()));
            });
            return m;
        } else if (e instanceof Expr.JoinedStr j) {
            StringBuilder b = new StringBuilder();
            for (Expr part : j.values()) {
                b.append(part instanceof Expr.Constant k ? (String) constant(k.value()) : (String) eval(f, part));
            }
            return b.toString();
        } else if (e instanceof Expr.FormattedValue fv) {
            Object v = eval(f, fv.value());
            if (fv.conversion() == 'r') {
                v = ops.repr(v);
            } else if (fv.conversion() == 's') {
                v = ops.str(v);
            } else if (fv.conversion() == 'a') {
                v = ops.repr(v);
            }
            String spec = fv.formatSpec().isPresent() ? (String) eval(f, fv.formatSpec().get()) : "";
            return py.format(v, spec);
        } else if (e instanceof Expr.NamedExpr ne) {
            Object v = eval(f, ne.value());
            Frame target = f;
            while (target.kind == Frame.Kind.COMPREHENSION) {
                target = target.parent;
            }
            assign(target, ne.target(), v);
            return v;
        } else if (e instanceof Expr.Yield y) {
            Frame g = f;
            while (g != null && g.yields == null) {
                g = g.parent;
            }
            if (g == null) {
                throw new PyException("SyntaxError", "'yield' outside function");
            }
            g.yields.add(y.value().isPresent() ? eval(f, y.value().get()) : null);
            return null;
        } else if (e instanceof Expr.YieldFrom y) {
            Frame g = f;
            while (g != null && g.yields == null) {
                g = g.parent;
            }
            if (g == null) {
                throw new PyException("SyntaxError", "'yield' outside function");
            }
            g.yields.addAll(ops.toList(eval(f, y.value())));
            return null;
        } else if (e instanceof Expr.Starred s) {
            throw new PyException("SyntaxError", "can't use starred expression here");
        } else {
            throw new PyException("SyntaxError", "unsupported expression: " + e.pythonName());
        }
    }

    private Map<String, Object> kwDefaults(Frame f, Arguments params) {
        Map<String, Object> kw = new HashMap<>();
        for (int i = 0; i < params.kwonlyargs().size(); i++) {
            Optional<Expr> d = params.kwDefaults().get(i);
            if (d.isPresent()) {
                kw.put(params.kwonlyargs().get(i).arg(), eval(f, d.get()));
            }
        }
        return kw;
    }

    private List<Object> evalAll(Frame f, List<Expr> es) {
        List<Object> out = new ArrayList<>(es.size());
        for (Expr e : es) {
            out.add(eval(f, e));
        }
        return out;
    }

    private ArrayList<Object> elements(Frame f, List<Expr> elts) {
        ArrayList<Object> out = new ArrayList<>(elts.size());
        for (Expr x : elts) {
            if (x instanceof Expr.Starred s) {
                out.addAll(ops.toList(eval(f, s.value())));
            } else {
                out.add(eval(f, x));
            }
        }
        return out;
    }

    private Frame newComprehensionFrame(Frame f) {
        return new Frame(Frame.Kind.COMPREHENSION, new HashMap<>(), f, f.globals, null, "<listcomp>");
    }

    private void comprehension(Frame outer, List<Comprehension> gens, int index, Frame inner,
            java.util.function.Consumer<Frame> each) {
        Comprehension g = gens.get(index);
        // the first iterable is evaluated in the enclosing scope, as CPython does
        Object iterable = eval(index == 0 ? outer : inner, g.iter());
        Iterator<Object> it = ops.iterate(iterable);
        while (it.hasNext()) {
            assign(inner, g.target(), it.next());
            boolean ok = true;
            for (Expr cond : g.ifs()) {
                if (!ops.truth(eval(inner, cond))) {
                    ok = false;
                    break;
                }
            }
            if (!ok) {
                continue;
            }
            if (index + 1 < gens.size()) {
                comprehension(outer, gens, index + 1, inner, each);
            } else {
                each.accept(inner);
            }
        }
    }

    private Object evalCall(Frame f, Expr.Call c) {
        Object fn = eval(f, c.func());
        List<Object> args = new ArrayList<>(c.args().size() + 1);
        for (Expr a : c.args()) {
            if (a instanceof Expr.Starred s) {
                args.addAll(ops.toList(eval(f, s.value())));
            } else {
                args.add(eval(f, a));
            }
        }
        Map<String, Object> kwargs = c.keywords().isEmpty() ? Map.of() : new LinkedHashMap<>();
        for (Keyword k : c.keywords()) {
            if (k.arg().isPresent()) {
                if (kwargs.containsKey(k.arg().get())) {
                    throw new PyException("SyntaxError", "keyword argument repeated: " + k.arg().get());
                }
                kwargs.put(k.arg().get(), eval(f, k.value()));
            } else {
                Object mapping = eval(f, k.value());
                for (Object key : ops.toList(mapping)) {
                    if (!(key instanceof String ks)) {
                        throw new PyException("TypeError", "keywords must be strings");
                    }
                    if (kwargs.containsKey(ks)) {
                        throw new PyException("TypeError", py.callableName(fn)
                                + "() got multiple values for keyword argument '" + ks + "'");
                    }
                    kwargs.put(ks, ops.getItem(mapping, key));
                }
            }
        }
        if (fn == py.superBuiltin() && args.isEmpty()) {
            return zeroArgSuper(f);
        }
        return py.invoke(fn, args, kwargs);
    }

    private Object zeroArgSuper(Frame f) {
        Frame m = f;
        while (m != null && (m.kind != Frame.Kind.FUNCTION || m.function.owner == null)) {
            m = m.kind == Frame.Kind.FUNCTION ? null : m.parent;
        }
        if (m == null) {
            throw new PyException("RuntimeError", "super(): no arguments");
        }
        Arguments p = m.function.params;
        String first = !p.posonlyargs().isEmpty() ? p.posonlyargs().get(0).arg()
                : !p.args().isEmpty() ? p.args().get(0).arg() : null;
        if (first == null || !m.locals.containsKey(first)) {
            throw new PyException("RuntimeError", "super(): no arguments");
        }
        return new Descriptors.Super(m.function.owner, m.locals.get(first));
    }

    Object constant(Literal l) {
        if (l instanceof Literal.Int i) {
            if (i.value().bitLength() > 63) {
                throw new PyException("OverflowError", "int literal too large for the interpreter's 64-bit int: " + i.value());
            }
            return i.value().longValue();
        } else if (l instanceof Literal.Float fl) {
            return fl.value();
        } else if (l instanceof Literal.Str s) {
            return s.value();
        } else if (l instanceof Literal.Bool b) {
            return b.value();
        } else if (l instanceof Literal.None) {
            return null;
        } else if (l instanceof Literal.Ellipsis) {
            return PySlice.ELLIPSIS;
        } else if (l instanceof Literal.Bytes) {
            throw new PyException("NotImplementedError", "bytes literals are not supported");
        }
        throw new PyException("NotImplementedError", "complex numbers are not supported");
    }
}
