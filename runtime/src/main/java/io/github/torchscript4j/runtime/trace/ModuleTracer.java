package io.github.torchscript4j.runtime.trace;

import io.github.torchscript4j.checker.ir.CompilationUnit;
import io.github.torchscript4j.checker.ir.Function;
import io.github.torchscript4j.checker.ir.Graph;
import io.github.torchscript4j.checker.source.SourceFile;
import io.github.torchscript4j.checker.types.Type;
import io.github.torchscript4j.checker.types.TypeDeclaration;
import io.github.torchscript4j.checker.types.Types;
import io.github.torchscript4j.runtime.archive.TorchScriptArchiveWriter.Attribute;
import io.github.torchscript4j.runtime.archive.TorchScriptArchiveWriter.Kind;
import io.github.torchscript4j.runtime.archive.TorchScriptArchiveWriter.ModuleInstance;
import io.github.torchscript4j.runtime.python.PyBoundMethod;
import io.github.torchscript4j.runtime.python.PyException;
import io.github.torchscript4j.runtime.python.PyFunction;
import io.github.torchscript4j.runtime.python.PyInstance;
import io.github.torchscript4j.runtime.python.PythonInterpreter;
import io.github.torchscript4j.runtime.python.TorchHost;
import io.github.torchscript4j.runtime.value.ScriptObject;
import io.github.torchscript4j.runtime.value.TensorRef;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Traces a method of an {@code nn.Module} instance, as {@code torch.jit.trace(module, inputs)}
 * ({@code trace_module} with {@code forward}) does: the Python interpreter that built the instance
 * runs the method on the inputs, and its torch host hands every operator to a {@link
 * TraceRecorder}. The recorded graph's first input is the module; its parameters and buffers are
 * read with {@code prim::GetAttr} (through the submodules that hold them) where the trace first
 * uses them, so the traced module keeps its weights as state rather than as constants.
 *
 * <p>The result is a {@link Trace} whose function is the class's {@code forward}, in a unit that
 * holds one class per module of the tree (named as the reference names them, {@code
 * __torch__.torch.nn.modules.linear.Linear}, mangled where two instances of one class differ in
 * their attributes); submodules are state only, the graph being flat. A submodule that {@code
 * torch.jit.script} was applied to ({@code self.dg = torch.jit.script(Gate())}) is the exception,
 * as in the reference: its class is compiled against its instance by the {@link ModuleCompiler}
 * given, joins the unit with its methods, and a call of it in the traced code is one {@code
 * prim::CallMethod}, so its control flow is kept. {@link #instance()} is the module's state as the
 * archive writer saves it. Checks on other inputs ({@code check_inputs}) are {@link Tracer}'s.
 *
 * <pre>{@code
 * ModuleTracer tracer = ModuleTracer.of(python, host, module, "forward", source, "model.py", out);
 * Trace t = tracer.trace(List.of(x), List.of(List.of(y)), 1e-5);
 * TorchScriptArchiveWriter.writeModule(t.unit(), tracer.instance(), Path.of("model.pt"));
 * }</pre>
 */
public final class ModuleTracer implements Traceable {
    private final PythonInterpreter python;
    private final TorchHost host;
    private final PyInstance module;
    private final String method;
    private final SourceFile source;
    private final String path;
    private final PrintStream out;
    private final ModuleInstance instance;
    private final ScriptObject self;
    private final Type.ModuleType selfType;
    private final Map<TensorRef, List<TraceRecorder.Step>> tensors = new IdentityHashMap<>();
    private final CompilationUnit classes = new CompilationUnit();
    private final ModuleCompiler compiler;
    /** The compiled classes (and functions) of the scripted submodules. */
    private final CompilationUnit scriptedClasses = new CompilationUnit();
    /** The scripted submodules' states, by the instance each was compiled from. */
    private final Map<ModuleInstance, PyInstance> scriptedInstances = new IdentityHashMap<>();
    /** The scripted submodules, by Python instance: where the trace reads each, and its class. */
    private final Map<PyInstance, TraceRecorder.ScriptedModule> scripted = new IdentityHashMap<>();

    /**
     * A submodule that {@code torch.jit.script} was applied to, compiled against its instance: the
     * unit holding its class (with its methods) and the classes and functions that class uses, and
     * the submodule's state as the archive writer saves it, naming that class.
     */
    public record CompiledModule(CompilationUnit unit, ModuleInstance instance) {}

    /** Compiles a scripted submodule against its instance (the packager's concrete-type compiler). */
    @FunctionalInterface
    public interface ModuleCompiler {
        /**
         * The compiled {@code module}.
         *
         * @throws TraceException when the module cannot be compiled
         */
        CompiledModule compile(PyInstance module);
    }

    private ModuleTracer(PythonInterpreter python, TorchHost host, PyInstance module, String method, SourceFile source,
            String path, PrintStream out, ModuleCompiler compiler) {
        this.compiler = compiler;
        this.python = python;
        this.host = host;
        this.module = module;
        this.method = method;
        this.source = source;
        this.path = path;
        this.out = out;
        Naming naming = new Naming();
        this.instance = describe(module, naming);
        collect(instance, List.of());
        this.selfType = new Type.ModuleType(instance.qualifiedName(), TypeDeclaration.NONE);
        this.self = scriptObject(instance);
    }

    /**
     * A tracer of {@code module.method} (an instance built by {@code python}, whose host is {@code
     * host}); {@code source} and {@code path} name the model's file in graphs and reports, and
     * {@code out} is where the model's {@code print} goes.
     *
     * @throws TraceException if the module tree holds something that is not a module where a submodule belongs
     */
    public static ModuleTracer of(PythonInterpreter python, TorchHost host, PyInstance module, String method,
            SourceFile source, String path, PrintStream out) {
        return of(python, host, module, method, source, path, out, m -> {
            throw new TraceException("RuntimeError", "cannot trace a module whose submodule " + m.pyClass().name()
                    + " is scripted without a compiler of scripted submodules");
        });
    }

    /**
     * As {@link #of(PythonInterpreter, TorchHost, PyInstance, String, SourceFile, String,
     * PrintStream)}; a submodule that {@code torch.jit.script} was applied to is compiled by {@code
     * compiler}, and a call of one of its methods in the traced code is one {@code
     * prim::CallMethod} (its control flow kept), as the reference records it.
     *
     * @throws TraceException if the module tree holds something that is not a module where a
     *     submodule belongs, or a scripted submodule does not compile
     */
    public static ModuleTracer of(PythonInterpreter python, TorchHost host, PyInstance module, String method,
            SourceFile source, String path, PrintStream out, ModuleCompiler compiler) {
        return new ModuleTracer(python, host, module, method, source, path, out, compiler);
    }

    /** The module's state as the trace reads it: parameters, buffers, {@code training} and submodules, per class. */
    public ModuleInstance instance() {
        return instance;
    }

    /**
     * Traces the method on {@code inputs} (lent) without checks.
     *
     * @throws TraceException when the method raised, or returned what a trace cannot output
     */
    @Override
    public Trace trace(List<Object> inputs) {
        return record(inputs).trace();
    }

    /**
     * Traces the method on {@code inputs} and checks the trace on each of {@code checkInputs} as
     * {@code torch.jit.trace(module, inputs, check_inputs=..., check_tolerance=...)} does.
     *
     * @throws TraceException when tracing fails or a check fails ({@code TracingCheckError})
     */
    @Override
    public Trace trace(List<Object> inputs, List<List<Object>> checkInputs, double checkTolerance) {
        return Tracer.checked(record(inputs), this::record, this::eager, checkInputs, checkTolerance, out, path,
                method);
    }

    private Tracer.Recorded record(List<Object> inputs) {
        Object bound = bound();
        List<String> names = parameterNames(bound);
        if (names.size() != inputs.size()) {
            throw new TraceException("TypeError", method + "() takes " + (names.size() + 1) + " positional argument"
                    + (names.size() == 0 ? "" : "s") + " but " + (inputs.size() + 1) + " were given");
        }
        Graph graph;
        TraceWarnings warnings;
        Map<Integer, TraceRecorder.Decider> decided;
        try (TraceRecorder recorder = new TraceRecorder(Set.of(), source)) {
            recorder.self(selfType, tensors);
            recorder.scriptedModules(scripted);
            recorder.inputs(names, inputs);
            host.observeOperators(recorder.pythonObserver());
            recorder.locatePython(python::location);
            Object result;
            try {
                result = python.call(bound, new ArrayList<>(inputs), Map.of());
            } catch (PyException e) {
                throw new TraceException(e.type(), e.describe(), e);
            } finally {
                host.observeOperators(null);
            }
            Tracer.checkOutput(result);
            recorder.output(result, TraceRecorder.typeOf(result));
            graph = Tracer.canonical(recorder.graph());
            warnings = recorder.warnings();
            decided = recorder.decided();
        }
        List<Function.Param> params = new ArrayList<>();
        params.add(new Function.Param("self", selfType, Optional.empty(), false));
        for (int i = 0; i < names.size(); i++) {
            params.add(new Function.Param(names.get(i), graph.inputs().get(i + 1).type(), Optional.empty(), false));
        }
        Function traced = new Function(instance.qualifiedName() + "." + method, params, graph.outputs().get(0).type(),
                graph);
        CompilationUnit unit = new CompilationUnit();
        List<CompilationUnit.ClassInfo> rootFirst = new ArrayList<>(classes.classes().values());
        rootFirst.sort(java.util.Comparator.comparing(c -> !c.qualifiedName().equals(instance.qualifiedName())));
        for (CompilationUnit.ClassInfo c : rootFirst) {
            CompilationUnit.ClassInfo copy = new CompilationUnit.ClassInfo(c.qualifiedName(), true);
            copy.attributes().putAll(c.attributes());
            if (c.qualifiedName().equals(instance.qualifiedName())) {
                copy.methods().put(method, traced);
            }
            unit.addClass(copy);
        }
        for (CompilationUnit.ClassInfo c : scriptedClasses.classes().values()) {
            if (unit.classInfo(c.qualifiedName()).isEmpty()) {
                unit.addClass(c);
            }
        }
        for (Function f : scriptedClasses.functions().values()) {
            if (unit.function(f.qualifiedName()).isEmpty()) {
                unit.addFunction(f);
            }
        }
        ScriptedCallees.addTo(unit, graph, source);
        return new Tracer.Recorded(new Trace(traced, unit, source, path, warnings.texts(), warnings.diagnostics(), self),
                decided);
    }

    private Object eager(List<Object> inputs) {
        try {
            return python.call(bound(), new ArrayList<>(inputs), Map.of());
        } catch (PyException e) {
            throw new TraceException(e.type(), e.describe(), e);
        }
    }

    private Object bound() {
        try {
            return python.getAttr(module, method);
        } catch (PyException e) {
            throw new TraceException(e.type(), e.describe(), e);
        }
    }

    /** The positional parameters of the bound method, {@code self} left out. */
    private List<String> parameterNames(Object bound) {
        if (bound instanceof PyBoundMethod m && m.function() instanceof PyFunction f) {
            List<String> names = f.positionalParameters();
            return names.isEmpty() ? names : names.subList(1, names.size());
        }
        throw new TraceException("TypeError", module.pyClass().name() + "." + method
                + " is not a method defined in Python: " + python.repr(bound));
    }

    // ---- the module tree as state ------------------------------------------------------------------

    /** Class names as the reference gives them: one per class, mangled when instances' attributes differ. */
    private static final class Naming {
        private final Map<String, List<String>> signatures = new HashMap<>();
        private int mangle;

        String name(String qualified, List<String> signature) {
            List<String> known = signatures.get(qualified);
            if (known == null) {
                signatures.put(qualified, signature);
                return qualified;
            }
            if (known.equals(signature)) {
                return qualified;
            }
            int dot = qualified.lastIndexOf('.');
            String mangled = qualified.substring(0, dot) + ".___torch_mangle_" + mangle++ + qualified.substring(dot);
            signatures.put(mangled, signature);
            return mangled;
        }
    }

    private ModuleInstance describe(PyInstance m, Naming naming) {
        List<Attribute> attributes = new ArrayList<>();
        Map<String, Object> dict = m.dict();
        if (dict.get("training") instanceof Boolean training) {
            attributes.add(new Attribute("training", Types.BOOL, Kind.ATTRIBUTE, training));
        }
        for (Map.Entry<String, Object> e : entries(dict.get("_parameters"))) {
            if (e.getValue() instanceof TensorRef t) {
                attributes.add(new Attribute(e.getKey(), Types.TENSOR, Kind.PARAMETER, t));
            }
        }
        for (Map.Entry<String, Object> e : entries(dict.get("_buffers"))) {
            if (e.getValue() instanceof TensorRef t) {
                attributes.add(new Attribute(e.getKey(), Types.TENSOR, Kind.BUFFER, t));
            }
        }
        List<String> signature = new ArrayList<>();
        attributes.forEach(a -> signature.add(a.kind() + " " + a.name() + " : " + a.type().annotationStr()));
        List<ModuleInstance> subs = new ArrayList<>();
        List<String> subNames = new ArrayList<>();
        for (Map.Entry<String, Object> e : entries(dict.get("_modules"))) {
            if (e.getValue() == null) {
                continue;
            }
            if (!(e.getValue() instanceof PyInstance sub)) {
                throw new TraceException("RuntimeError", "submodule '" + e.getKey() + "' of " + m.pyClass().name()
                        + " is not a module instance: " + python.repr(e.getValue()));
            }
            ModuleInstance described = host.isScripted(sub) ? compiled(sub) : describe(sub, naming);
            subs.add(described);
            subNames.add(e.getKey());
            signature.add("MODULE " + e.getKey() + " : " + described.qualifiedName());
        }
        for (int i = 0; i < subs.size(); i++) {
            attributes.add(new Attribute(subNames.get(i),
                    new Type.ModuleType(subs.get(i).qualifiedName(), TypeDeclaration.NONE), Kind.MODULE, subs.get(i)));
        }
        String pythonModule = m.pyClass().module();
        String qualified = "__torch__." + (pythonModule.equals("__main__") ? "" : pythonModule + ".") + m.pyClass().name();
        String name = naming.name(qualified, signature);
        if (classes.classInfo(name).isEmpty()) {
            CompilationUnit.ClassInfo info = classes.addClass(new CompilationUnit.ClassInfo(name, true));
            attributes.forEach(a -> info.attributes().put(a.name(), a.type()));
        }
        return new ModuleInstance(name, attributes);
    }

    /** A scripted submodule's state, its class compiled (once per instance) into {@link #scriptedClasses}. */
    private ModuleInstance compiled(PyInstance sub) {
        for (Map.Entry<ModuleInstance, PyInstance> e : scriptedInstances.entrySet()) {
            if (e.getValue() == sub) {
                return e.getKey();
            }
        }
        CompiledModule c = compiler.compile(sub);
        for (CompilationUnit.ClassInfo k : c.unit().classes().values()) {
            if (scriptedClasses.classInfo(k.qualifiedName()).isEmpty()) {
                scriptedClasses.addClass(k);
            }
        }
        for (Function f : c.unit().functions().values()) {
            if (scriptedClasses.function(f.qualifiedName()).isEmpty()) {
                scriptedClasses.addFunction(f);
            }
        }
        scriptedInstances.put(c.instance(), sub);
        return c.instance();
    }

    /** Notes where each tensor of the tree is read from (the first path where a tensor is shared). */
    private void collect(ModuleInstance m, List<TraceRecorder.Step> at) {
        for (Attribute a : m.attributes()) {
            List<TraceRecorder.Step> path = new ArrayList<>(at);
            path.add(new TraceRecorder.Step(a.name(), a.type()));
            if (a.value() instanceof TensorRef t && (a.kind() == Kind.PARAMETER || a.kind() == Kind.BUFFER)) {
                tensors.putIfAbsent(t, path);
            } else if (a.value() instanceof ModuleInstance sub) {
                PyInstance py = scriptedInstances.get(sub);
                if (py != null) {
                    scripted.putIfAbsent(py, new TraceRecorder.ScriptedModule(List.copyOf(path),
                            scriptedClasses.classInfo(sub.qualifiedName()).orElseThrow()));
                }
                collect(sub, path);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Map.Entry<String, Object>> entries(Object dict) {
        if (dict instanceof Map<?, ?> m) {
            return new ArrayList<>(((Map<String, Object>) m).entrySet());
        }
        return List.of();
    }

    /** The module as our interpreter holds it: one {@link ScriptObject} per module, sharing the tensors. */
    private static ScriptObject scriptObject(ModuleInstance m) {
        ScriptObject o = new ScriptObject(m.qualifiedName());
        Map<String, Object> values = new LinkedHashMap<>();
        for (Attribute a : m.attributes()) {
            values.put(a.name(), a.value() instanceof ModuleInstance sub ? scriptObject(sub) : a.value());
        }
        values.forEach(o::set);
        return o;
    }
}
