package io.github.torchscript4j.runtime.python;

import io.github.torchscript4j.checker.syntax.ast.Arguments;
import io.github.torchscript4j.checker.syntax.ast.Stmt;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A function defined by interpreted code ({@code def} or {@code lambda}): its parameters, body,
 * defaults evaluated at definition, the frame it closes over and its module's globals.
 */
public final class PyFunction implements PyCallable {
    final String name;
    String qualname;
    final Arguments params;
    /** The body; a lambda's is one {@code return}. */
    final List<Stmt> body;
    final List<Object> defaults;
    final Map<String, Object> kwDefaults;
    final Frame closure;
    final PyModuleObject globals;
    final Scopes.Info scope;
    /** The class whose body defined it (for zero-argument {@code super()}), set once the class exists. */
    PyClass owner;
    final LinkedHashMap<String, Object> dict = new LinkedHashMap<>();
    final PythonInterpreter interpreter;

    PyFunction(PythonInterpreter interpreter, String name, String qualname, Arguments params, List<Stmt> body,
            List<Object> defaults, Map<String, Object> kwDefaults, Frame closure, PyModuleObject globals,
            Scopes.Info scope) {
        this.interpreter = interpreter;
        this.name = name;
        this.qualname = qualname;
        this.params = params;
        this.body = body;
        this.defaults = defaults;
        this.kwDefaults = kwDefaults;
        this.closure = closure;
        this.globals = globals;
        this.scope = scope;
    }

    /** {@code __name__}. */
    public String name() {
        return name;
    }

    /** The names of its positional parameters, in order ({@code self} included for a method's function). */
    public java.util.List<String> positionalParameters() {
        java.util.List<String> names = new java.util.ArrayList<>();
        params.posonlyargs().forEach(a -> names.add(a.arg()));
        params.args().forEach(a -> names.add(a.arg()));
        return names;
    }

    /** The module where it was defined. */
    public String module() {
        return globals.name();
    }

    @Override
    public Object call(List<Object> args, Map<String, Object> kwargs) {
        return interpreter.call(this, args, kwargs);
    }

    @Override
    public String toString() {
        return "<function " + qualname + ">";
    }
}
