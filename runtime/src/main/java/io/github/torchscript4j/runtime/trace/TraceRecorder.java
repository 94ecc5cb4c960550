package io.github.torchscript4j.runtime.trace;

import io.github.torchscript4j.checker.builtins.FunctionSchema;
import io.github.torchscript4j.checker.builtins.OperatorTable;
import io.github.torchscript4j.checker.builtins.SchemaArgument;
import io.github.torchscript4j.checker.builtins.SchemaType;
import io.github.torchscript4j.checker.eval.Tuple;
import io.github.torchscript4j.checker.ir.CompilationUnit;
import io.github.torchscript4j.checker.ir.Function;
import io.github.torchscript4j.checker.ir.Graph;
import io.github.torchscript4j.checker.ir.Node;
import io.github.torchscript4j.checker.ir.Value;
import io.github.torchscript4j.checker.source.SourceFile;
import io.github.torchscript4j.checker.source.SourceRange;
import io.github.torchscript4j.checker.types.Type;
import io.github.torchscript4j.checker.types.TypeDeclaration;
import io.github.torchscript4j.checker.types.Types;
import io.github.torchscript4j.runtime.interp.ExecutionObserver;
import io.github.torchscript4j.runtime.python.PyInstance;
import io.github.torchscript4j.runtime.python.TorchHost;
import io.github.torchscript4j.runtime.value.TensorRef;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Records what the interpreter executes into a flat graph, as the reference's tracer records what
 * Python executes.
 *
 * <p>Values are identified by the runtime objects that flow: a tensor by its {@code TensorImpl}
 * (so an in-place operator's result, the same tensor, takes over the new graph value), a list an
 * operator returned by identity, and a number by the IR value of the call that holds it (checked
 * against the number itself). Everything else — a number written in the source or computed
 * without tensors — is a constant, as the tracer inlines Python values. An operator is recorded
 * when its schema involves tensors or one of its arguments is already traced; operators on plain
 * values are not. A tensor list an operator returns is unpacked at once ({@code prim::ListUnpack}),
 * and container inputs are unpacked on entry, as the reference does. A call of a function in
 * {@code scripted} is one {@code prim::CallFunction} node; what runs inside it is not recorded.
 *
 * <p>A tensor converted to a Python value ({@code aten::Bool}, {@code aten::Int}, {@code aten::Float}
 * and {@code aten::item} of a traced value, {@code prim::tolist}, {@code aten::len} of a tensor —
 * or, from Python, {@code bool(t)}, {@code int(t)}, {@code len(t)}, {@code for row in t}) is not
 * recorded: its result is a constant, as the reference's tracer makes it, and the recorder gives
 * the reference's {@code TracerWarning} with a {@link TraceDiagnostic} at the line ({@link
 * #warnings()}). Implicit conversions ({@code aten::IntImplicit}, as Python's {@code __index__})
 * stay data flow, as in the reference. The {@code if}s and loops that a traced number (an input's
 * shape) or a converted tensor decided are noted by line ({@link #decided()}), so that a failed check
 * can point at them.
 *
 * <p>Every tensor seen is retained until {@link #close()}, so that a freed {@code TensorImpl}'s
 * address cannot be reused by another tensor during the trace.
 */
final class TraceRecorder implements ExecutionObserver, AutoCloseable {
    private final Graph graph = new Graph();
    private final Set<String> scripted;
    private final SourceFile source;
    private final Map<Long, Value> tensors = new HashMap<>();
    private final Map<Object, Value> lists = new IdentityHashMap<>();
    private final Map<Object, Map<Value, Scalar>> scalars = new IdentityHashMap<>();
    private final List<TensorRef> held = new ArrayList<>();
    /** One entry per call in progress: the recorded call node, or {@link #INLINED}. */
    private final Deque<Object> calls = new ArrayDeque<>();
    private static final Object INLINED = new Object();
    private int opaque;
    /** The traced module's tensors (parameters and buffers) by address: where they are read from. */
    private final Map<Long, List<Step>> attributes = new HashMap<>();
    /** The {@code prim::GetAttr} values made so far, by attribute path. */
    private final Map<List<String>, Value> attributeValues = new HashMap<>();
    private Value self;
    /** The warnings given while recording. */
    private final TraceWarnings warnings = new TraceWarnings();
    /** Per call, the IR values computed from tensors converted to Python values (constants of the trace). */
    private final Map<Object, Set<Value>> converted = new IdentityHashMap<>();
    /** The lines of the {@code if}s and loops that traced or converted values decided, and by what. */
    private final Map<Integer, Decider> decided = new HashMap<>();

    /** What decided an {@code if} or a loop of the traced code. */
    enum Decider {
        /** A number the trace records: an input's shape ({@code x.size(0)}, {@code x.shape[1]}). */
        SHAPE,
        /** A tensor's values, converted to a Python value. */
        DATA
    }

    /** One step of an attribute path from the traced module: an attribute's name and the type of its value. */
    record Step(String name, Type type) {}

    /**
     * A scripted submodule of the traced module ({@code torch.jit.script(instance)}): its attribute
     * path from the traced module and its compiled class, whose methods a call records.
     */
    record ScriptedModule(List<Step> path, CompilationUnit.ClassInfo compiled) {}

    /** The traced module's scripted submodules, by instance. */
    private final Map<Object, ScriptedModule> scriptedModules = new IdentityHashMap<>();

    /** A number a recorded node produced: its graph value, and the number itself. */
    private record Scalar(Value value, Object runtime) {}

    /**
     * @param scripted qualified names of the functions a call of which is recorded as one node
     * @param source the traced file, for source locations (line only, as the tracer knows them)
     */
    TraceRecorder(Set<String> scripted, SourceFile source) {
        this.scripted = scripted;
        this.source = source;
    }

    Graph graph() {
        return graph;
    }

    /** The tracer warnings given while recording, each with its diagnostic. */
    TraceWarnings warnings() {
        return warnings;
    }

    /** The lines (1-based, of the traced file) of the {@code if}s and loops that the inputs decided. */
    Map<Integer, Decider> decided() {
        return Map.copyOf(decided);
    }

    /** Adds the graph's inputs for {@code function}'s parameters, bound to {@code arguments}. */
    void inputs(Function function, List<Object> arguments) {
        for (int i = 0; i < arguments.size(); i++) {
            Function.Param p = function.params().get(i);
            Value v = graph.addInput(p.type()).setDebugName(p.name());
            unpack(arguments.get(i), v, null);
        }
    }

    /**
     * Adds the graph's first input, the traced module {@code self}, whose tensors are read with
     * {@code prim::GetAttr} where the trace first uses them, as {@code torch.jit.trace_module}'s
     * graph reads its parameters and buffers.
     *
     * @param tensors each parameter and buffer of the module tree, with its attribute path from {@code self}
     */
    void self(Type type, Map<TensorRef, List<Step>> tensors) {
        self = graph.addInput(type).setDebugName("self");
        tensors.forEach((t, path) -> {
            held.add(t.retain());
            attributes.put(address(t), List.copyOf(path));
        });
    }

    /** The scripted submodules (by Python instance) whose methods' calls are recorded as {@code prim::CallMethod}. */
    void scriptedModules(Map<?, ScriptedModule> modules) {
        scriptedModules.putAll(modules);
    }

    /** Adds graph inputs named {@code names}, typed as their values, bound to {@code arguments}. */
    void inputs(List<String> names, List<Object> arguments) {
        for (int i = 0; i < arguments.size(); i++) {
            Value v = graph.addInput(typeOf(arguments.get(i))).setDebugName(names.get(i));
            unpack(arguments.get(i), v, null);
        }
    }

    /** The value of the module's tensor at {@code path}, reading each attribute on the way once. */
    private Value attribute(List<Step> path, SourceRange at) {
        Value v = self;
        for (int i = 0; i < path.size(); i++) {
            List<String> key = path.subList(0, i + 1).stream().map(Step::name).toList();
            Value known = attributeValues.get(key);
            if (known == null) {
                Node n = graph.create("prim::GetAttr");
                n.setAttribute("name", path.get(i).name());
                n.addInput(v);
                String name = path.get(i).name();
                // as the reference names a value after an attribute that is no identifier ("0" of a ModuleList)
                known = n.addOutput(path.get(i).type()).setDebugName(
                        name.matches("[A-Za-z_][A-Za-z0-9_]*") ? name : "_" + name.replaceAll("[^A-Za-z0-9_]", "_"));
                append(n, at);
                attributeValues.put(key, known);
            }
            v = known;
        }
        return v;
    }

    /** Binds the tensors inside an input to graph values, unpacking containers as the tracer does. */
    private void unpack(Object runtime, Value v, SourceRange at) {
        if (runtime instanceof TensorRef t) {
            bindTensor(t, v);
        } else if (runtime instanceof Tuple tuple && v.type() instanceof Type.TupleType tt) {
            Node n = append(graph.create("prim::TupleUnpack"), at);
            n.addInput(v);
            for (Type e : tt.elements()) {
                n.addOutput(e);
            }
            for (int i = 0; i < tuple.size(); i++) {
                unpack(tuple.get(i), n.output(i), at);
            }
        } else if (runtime instanceof List<?> list && v.type() instanceof Type.ListType lt) {
            Node n = append(graph.create("prim::ListUnpack"), at);
            n.addInput(v);
            for (int i = 0; i < list.size(); i++) {
                n.addOutput(lt.elem());
            }
            for (int i = 0; i < list.size(); i++) {
                unpack(list.get(i), n.output(i), at);
            }
        } else if (runtime instanceof Map<?, ?> map && v.type() instanceof Type.DictType dt) {
            Optional<FunctionSchema> getitem = dictGetItem(dt.key());
            for (Map.Entry<?, ?> e : map.entrySet()) {
                Value key = constant(e.getKey(), dt.key(), at);
                Node n = append(graph.create("aten::__getitem__"), at);
                n.addInput(v);
                n.addInput(key);
                getitem.ifPresent(n::setSchema);
                n.addOutput(dt.value());
                unpack(e.getValue(), n.output(), at);
            }
        }
    }

    private static Optional<FunctionSchema> dictGetItem(Type key) {
        String overload = key instanceof Type.StrType ? "Dict_str" : key instanceof Type.IntType ? "Dict_int"
                : key instanceof Type.BoolType ? "Dict_bool" : key instanceof Type.FloatType ? "Dict_float"
                : key instanceof Type.TensorType ? "Dict_Tensor" : "Dict_str";
        return OperatorTable.builtin().find("aten::__getitem__", overload);
    }

    /** The graph's output for the traced function's result. */
    void output(Object result, Type type) {
        graph.block().addReturn(value(null, result, null, type, null));
    }

    // ---- ExecutionObserver ---------------------------------------------------------------------

    @Override
    public void operator(Object frame, Node node, List<Object> inputs, List<Object> outputs) {
        if (opaque > 0) {
            return;
        }
        Optional<TorchHost.Conversion> conversion = conversion(frame, node, inputs);
        if (conversion.isPresent()) {
            warn(conversion.get(), node.range().orElse(null), feedsIf(node));
            node.outputs().forEach(o -> converted.computeIfAbsent(frame, f -> new HashSet<>()).add(o));
            return;
        }
        if (!recorded(frame, node, inputs)) {
            if (frame != null && node.inputs().stream().anyMatch(v -> isConverted(frame, v))) {
                node.outputs().forEach(o -> converted.computeIfAbsent(frame, f -> new HashSet<>()).add(o));
            }
            return;
        }
        SourceRange at = line(node);
        List<Value> values = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            values.add(value(frame, inputs.get(i), node.input(i), node.input(i).type(), at));
        }
        Node n = graph.create(node.kind());
        values.forEach(n::addInput);
        node.schema().ifPresent(n::setSchema);
        append(n, at);
        for (int i = 0; i < node.outputs().size(); i++) {
            Value out = n.addOutput(node.output(i).type());
            node.output(i).debugName().ifPresent(d -> out.setDebugName(baseName(d)));
            bind(frame, node.output(i), outputs.get(i), out, at);
        }
    }

    /**
     * An {@code if} or a loop of the IR: noted when a traced number (an input's shape) or a
     * converted tensor decides it; a traced condition is a conversion to a Python boolean, as the
     * reference's tracer, for which sizes are tensors, warns of it.
     */
    @Override
    public void controlFlow(Object frame, Node node, List<Object> deciders) {
        if (opaque > 0 || node.range().isEmpty()) {
            return;
        }
        Decider by = null;
        for (int i = 0; i < deciders.size() && i < node.inputs().size(); i++) {
            Value ir = node.input(i);
            boolean isCondition = node.is("prim::If") || i == 1;
            if (scalar(frame, ir, deciders.get(i)) != null) {
                if (isCondition && ir.node().map(n -> !n.is("prim::Constant")).orElse(true)) {
                    warn(TorchHost.Conversion.BOOLEAN, ir.node().flatMap(Node::range).orElse(node.range().get()),
                            node.is("prim::If"));
                }
                by = by == null ? Decider.SHAPE : by;
            } else if (isConverted(frame, ir)) {
                by = Decider.DATA;
            }
        }
        if (by != null) {
            decided.merge(node.range().get().startLine(), by, (a, b) -> a == Decider.DATA ? a : b);
        }
    }

    /** Whether {@code ir} of the call {@code frame} was computed from a tensor converted to a Python value. */
    private boolean isConverted(Object frame, Value ir) {
        Set<Value> known = converted.get(frame);
        return known != null && known.contains(ir);
    }

    /**
     * The conversion to a Python value that {@code node} is, if it is one of a traced value: {@code
     * bool()}, {@code int()}, {@code float()}, {@code item()}, {@code tolist()} of a tensor or of a
     * traced number (a size, which the reference traces as a tensor), {@code len()} of a tensor —
     * iteration when the length is a loop's trip count.
     */
    private Optional<TorchHost.Conversion> conversion(Object frame, Node node, List<Object> inputs) {
        // Python's conversions are reported by the host ({@code converted}), not by the operators they run
        if (frame == pythonFrame || inputs.isEmpty() || node.inputs().isEmpty()) {
            return Optional.empty();
        }
        Object in = inputs.get(0);
        boolean tensor = in instanceof TensorRef t && (tensors.containsKey(address(t)) || attributes.containsKey(address(t)));
        boolean traced = tensor || frame != null && scalar(frame, node.input(0), in) != null;
        if (!traced) {
            return Optional.empty();
        }
        switch (node.kind()) {
            case "aten::Bool":
                return Optional.of(TorchHost.Conversion.BOOLEAN);
            case "aten::Int":
                return Optional.of(TorchHost.Conversion.INTEGER);
            case "aten::Float":
                return Optional.of(TorchHost.Conversion.FLOAT);
            case "aten::item":
                return tensor ? Optional.of(TorchHost.Conversion.NUMBER) : Optional.empty();
            case "prim::tolist":
                return tensor ? Optional.of(TorchHost.Conversion.LIST) : Optional.empty();
            case "aten::len":
                if (!tensor) {
                    return Optional.empty();
                }
                boolean tripCount = node.outputs().size() == 1 && node.output().uses().stream()
                        .anyMatch(u -> u.user().is("prim::Loop") && u.index() == 0);
                return Optional.of(tripCount ? TorchHost.Conversion.ITERATION : TorchHost.Conversion.LENGTH);
            default:
                return Optional.empty();
        }
    }

    /** Whether a conversion's result is the condition of an {@code if} (directly). */
    private static boolean feedsIf(Node node) {
        return node.outputs().size() == 1 && node.output().uses().stream()
                .anyMatch(u -> u.user().is("prim::If") && u.index() == 0);
    }

    /** Gives the reference's warning of a conversion, with its diagnostic at {@code at} (may be null). */
    private void warn(TorchHost.Conversion conversion, SourceRange at, boolean decidesIf) {
        SourceRange where = at == null ? null : TraceDiagnostics.firstNonBlank(at);
        warnings.add(TraceDiagnostics.referenceWarning(conversion),
                TraceDiagnostics.conversion(conversion, where, decidesIf));
        if (where != null && (conversion == TorchHost.Conversion.ITERATION || decidesIf)) {
            decided.put(where.startLine(), Decider.DATA);
        }
    }

    @Override
    public void enterCall(Object frame, Node node, Function callee, List<Object> arguments) {
        if (opaque > 0) {
            opaque++;
            calls.push(INLINED);
            return;
        }
        if (!scripted.contains(callee.qualifiedName())) {
            calls.push(INLINED);
            return;
        }
        SourceRange at = line(node);
        List<Value> values = new ArrayList<>();
        for (int i = 0; i < arguments.size(); i++) {
            values.add(value(frame, arguments.get(i), node.input(i + 1), node.input(i + 1).type(), at));
        }
        Node function = append(graph.create("prim::Constant"), null);
        function.setAttribute("name", callee.name());
        function.addOutput(new Type.FunctionType(callee.qualifiedName(), TypeDeclaration.NONE));
        Node call = append(graph.create("prim::CallFunction"), null);
        call.addInput(function.output());
        values.forEach(call::addInput);
        for (Value o : node.outputs()) {
            call.addOutput(o.type());
        }
        calls.push(call);
        opaque++;
    }

    @Override
    public void exitCall(Object frame, Node node, Function callee, List<Object> arguments, Object result) {
        Object entry = calls.pop();
        if (entry == INLINED) {
            if (opaque > 0) {
                opaque--;
            }
            return;
        }
        opaque--;
        Node call = (Node) entry;
        if (call.outputs().size() == 1) {
            bind(frame, node.output(0), result, call.output(0), null);
        } else if (result instanceof Tuple t) {
            for (int i = 0; i < call.outputs().size(); i++) {
                bind(frame, node.output(i), t.get(i), call.output(i), null);
            }
        }
    }

    // ---- operators Python ran (TorchHost's observer) ----------------------------------------------

    /** The graph that the IR-less nodes of {@link #pythonOperator} are made in; never recorded. */
    private final Graph scratch = new Graph();
    /** The one "call" of traced Python code: its numbers are never traced values. */
    private final Object pythonFrame = new Object();
    /** Where the Python code that runs an operator is ({@link #locatePython}); none by default. */
    private java.util.function.IntFunction<Optional<SourceRange>> pythonLocation = outer -> Optional.empty();

    /**
     * Tells the recorder where the running Python code is, for the source locations of what it
     * records from Python (the interpreter's {@code location(outer)}: the running frame's line, or
     * that of the frame {@code outer} calls out); a location in a file with the traced file's path
     * and text is taken to be in the traced file.
     */
    void locatePython(java.util.function.IntFunction<Optional<SourceRange>> where) {
        this.pythonLocation = where;
    }

    /** The source location of what Python runs now ({@code outer} frames out), in the traced file where it is that file, or null. */
    private SourceRange pythonLine(int outer) {
        SourceRange r = pythonLocation.apply(outer).orElse(null);
        if (r != null && r.file() != source && r.file().path().equals(source.path())
                && r.file().text().equals(source.text())) {
            return new SourceRange(source, r.start(), r.end());
        }
        return r;
    }

    /**
     * An operator that the Python interpreter ran ({@link
     * io.github.torchscript4j.runtime.python.TorchHost.OperatorObserver}): recorded as {@link
     * #operator} records a node, with the types of its values read from the values themselves. As
     * in the reference's tracer, the numbers Python computes are constants in the graph.
     */
    void pythonOperator(FunctionSchema schema, List<Object> inputs, List<Object> outputs) {
        Node node = scratch.create(schema.name());
        node.setSchema(schema);
        SourceRange at = pythonLine(0);
        if (at != null) {
            node.setRange(at);
        }
        for (Object in : inputs) {
            node.addInput(scratch.addInput(typeOf(in)));
        }
        for (Object out : outputs) {
            node.addOutput(typeOf(out));
        }
        operator(pythonFrame, node, inputs, outputs);
    }

    /**
     * The observer that records what Python runs: its operators, and custom functions as {@code
     * prim::PythonOp}s. What cannot be traced is raised in Python as the exception its {@link
     * TraceException} names, so that it reaches the tracer with its type and traceback.
     */
    TorchHost.OperatorObserver pythonObserver() {
        return new TorchHost.OperatorObserver() {
            @Override
            public void operator(FunctionSchema schema, List<Object> inputs, List<Object> outputs) {
                inPython(() -> pythonOperator(schema, inputs, outputs));
            }

            @Override
            public void enterPythonOp(String name, String module, List<Object> arguments) {
                inPython(() -> TraceRecorder.this.enterPythonOp(name, module, arguments));
            }

            @Override
            public void exitPythonOp(Object result, boolean inplace) {
                inPython(() -> TraceRecorder.this.exitPythonOp(result, inplace));
            }

            @Override
            public void scriptedCall(String name, List<Object> args, Object result) {
                inPython(() -> TraceRecorder.this.scriptedCall(name, args, result));
            }

            @Override
            public void scriptedMethodCall(PyInstance module, String method, List<Object> args, Object result) {
                inPython(() -> TraceRecorder.this.scriptedMethodCall(module, method, args, result));
            }

            @Override
            public void converted(TorchHost.Conversion conversion) {
                SourceRange at = pythonLine(0);
                if (at == null || at.file() == source) {
                    warn(conversion, at, conversion == TorchHost.Conversion.BOOLEAN);
                }
            }

            @Override
            public void abandonPythonOp() {
                // the forward raised: no call to record (what it ran stays, as dead code)
                pythonOps.pop().node().destroy();
            }
        };
    }

    private static void inPython(Runnable recording) {
        try {
            recording.run();
        } catch (TraceException e) {
            throw new io.github.torchscript4j.runtime.python.PyException(e.pythonType(), e.getMessage());
        }
    }

    /**
     * A call of a {@code @torch.jit.script} function that Python ran: one {@code prim::CallFunction}
     * of {@code __torch__.NAME}, as the reference records it, its result bound to the call's output;
     * the trace's unit must hold the compiled function ({@link ScriptedCallees}).
     */
    private void scriptedCall(String name, List<Object> args, Object result) {
        SourceRange at = pythonLine(0);
        List<Value> values = new ArrayList<>();
        for (Object a : args) {
            values.add(value(pythonFrame, a, null, typeOf(a), at));
        }
        Node function = append(graph.create("prim::Constant"), null);
        function.setAttribute("name", name);
        function.addOutput(new Type.FunctionType("__torch__." + name, TypeDeclaration.NONE));
        Node call = append(graph.create("prim::CallFunction"), null);
        call.addInput(function.output());
        values.forEach(call::addInput);
        Value out = call.addOutput(typeOf(result));
        bind(pythonFrame, null, result, out, at);
    }

    /**
     * A call of a method of a scripted submodule that Python ran: one {@code
     * prim::CallMethod[name=METHOD]} of the submodule (read with {@code prim::GetAttr}), as the
     * reference records it, its output typed as the compiled method returns; the trace's unit must
     * hold the submodule's compiled class.
     */
    private void scriptedMethodCall(PyInstance module, String method, List<Object> args, Object result) {
        ScriptedModule scripted = scriptedModules.get(module);
        if (scripted == null) {
            throw new TraceException("RuntimeError", "cannot trace the call of " + module.pyClass().name() + "."
                    + method + ": the scripted module is not a submodule of the traced module");
        }
        Function compiled = scripted.compiled().method(method).orElseThrow(() -> new TraceException("RuntimeError",
                "cannot trace the call of " + module.pyClass().name() + "." + method
                        + ": the scripted module's class has no compiled method " + method));
        SourceRange at = pythonLine(0);
        List<Value> values = new ArrayList<>();
        values.add(attribute(scripted.path(), at));
        for (Object a : args) {
            values.add(value(pythonFrame, a, null, typeOf(a), at));
        }
        Node call = append(graph.create("prim::CallMethod"), null);
        call.setAttribute("name", method);
        values.forEach(call::addInput);
        Value out = call.addOutput(compiled.returnType());
        bind(pythonFrame, null, result, out, at);
    }

    /** A custom function's call being recorded: its node, and where its forward's operators start. */
    private record PythonOpCall(Node node, int firstInner) {}

    /** The custom functions whose forward is running, innermost first. */
    private final Deque<PythonOpCall> pythonOps = new ArrayDeque<>();

    /**
     * A custom function's {@code apply}: a {@code prim::PythonOp} node, as the reference's tracer
     * makes — its tensor arguments are its inputs ({@code d} in its {@code cconv}), the others
     * constant arguments ({@code c}, printed in Python's {@code repr}); what its forward runs is
     * recorded after it as usual, until {@link #exitPythonOp}.
     */
    private void enterPythonOp(String name, String module, List<Object> arguments) {
        SourceRange at = pythonLine(1); // the line that calls apply, as the reference's apply has no Python frame
        Node op = graph.create("prim::PythonOp");
        op.setAttribute("name", name);
        op.setAttribute("inplace", 0L);
        op.setAttribute("module", module);
        StringBuilder cconv = new StringBuilder();
        List<String> scalars = new ArrayList<>();
        for (Object a : arguments) {
            if (a instanceof TensorRef) {
                op.addInput(value(pythonFrame, a, null, Types.TENSOR, at));
                cconv.append('d');
            } else {
                scalars.add(TraceInputs.repr(a));
                cconv.append('c');
            }
        }
        op.setAttribute(Node.PYTHON_OP_CCONV, cconv.toString());
        op.setAttribute(Node.PYTHON_OP_SCALAR_ARGS, List.copyOf(scalars));
        append(op, at);
        pythonOps.push(new PythonOpCall(op, graph.block().nodes().size()));
    }

    /**
     * The end of a custom function's forward: the nodes recorded since {@link #enterPythonOp} are
     * copied into the node's {@code Subgraph} (they stay in the graph too, where dead code
     * elimination removes them unless they write to a tensor, as in the reference), and the result's
     * tensors are bound to the node's output — one tensor, or a tuple unpacked at once.
     */
    private void exitPythonOp(Object result, boolean inplace) {
        PythonOpCall call = pythonOps.pop();
        Node op = call.node();
        Graph sub = new Graph();
        Map<Value, Value> map = new HashMap<>();
        for (Value in : op.inputs()) {
            Value v = sub.addInput(in.type());
            in.debugName().ifPresent(d -> v.setDebugName(baseName(d)));
            map.put(in, v);
        }
        List<Node> inner = graph.block().nodes().subList(call.firstInner(), graph.block().nodes().size());
        for (Node n : inner) {
            Node m = sub.create(n.kind());
            for (Value in : n.inputs()) {
                Value v = map.get(in);
                if (v == null) {
                    throw new TraceException("RuntimeError", "cannot trace the custom autograd function "
                            + op.stringAttribute("name") + ": its forward uses a tensor that is not one of its arguments");
                }
                m.addInput(v);
            }
            n.attributes().forEach(m::setAttribute);
            n.schema().ifPresent(m::setSchema);
            n.range().ifPresent(m::setRange);
            for (Value o : n.outputs()) {
                Value v = m.addOutput(o.type());
                o.debugName().ifPresent(d -> v.setDebugName(d));
                map.put(o, v);
            }
            sub.block().append(m);
        }
        List<Object> results = result instanceof Tuple t ? t.elements() : java.util.Collections.singletonList(result);
        for (Object r : results) {
            Value inMain = value(pythonFrame, r, null, typeOf(r), null);
            Value v = map.get(inMain);
            Node constant = inMain.node().filter(n -> n.is("prim::Constant")).orElse(null);
            if (v == null && constant != null) {
                // a number or None returned: the constant made just now, after the forward's own nodes
                Node c = sub.create("prim::Constant");
                constant.attributes().forEach(c::setAttribute);
                v = c.addOutput(inMain.type());
                sub.block().append(c);
            } else if (v == null) {
                throw new TraceException("RuntimeError", "cannot trace the custom autograd function "
                        + op.stringAttribute("name") + ": its forward returns a value that it did not compute from its"
                        + " arguments (a list, or a tensor from outside)");
            }
            sub.block().addReturn(v);
        }
        op.setAttribute("inplace", inplace ? 1L : 0L);
        op.setAttribute(Node.SUBGRAPH, sub);
        Value out = op.addOutput(typeOf(result));
        bind(pythonFrame, null, result, out, null);
    }

    /** The static type of a runtime value, as the trace's graph types it. */
    static Type typeOf(Object v) {
        if (v == null) {
            return Types.NONE;
        }
        if (v instanceof TensorRef) {
            return Types.TENSOR;
        }
        if (v instanceof Tuple t) {
            List<Type> types = new ArrayList<>();
            t.elements().forEach(e -> types.add(typeOf(e)));
            return new Type.TupleType(types, Optional.empty());
        }
        if (v instanceof List<?> l) {
            return new Type.ListType(l.isEmpty() ? Types.TENSOR : typeOf(l.get(0)));
        }
        if (v instanceof Map<?, ?> m) {
            Map.Entry<?, ?> first = m.isEmpty() ? null : m.entrySet().iterator().next();
            return new Type.DictType(first == null ? Types.STR : typeOf(first.getKey()),
                    first == null ? Types.TENSOR : typeOf(first.getValue()));
        }
        if (v instanceof io.github.torchscript4j.checker.eval.DeviceValue) {
            return Types.DEVICE;
        }
        return io.github.torchscript4j.checker.ir.Constants.scalarType(v).orElse(Types.ANY);
    }

    // ---- recording -----------------------------------------------------------------------------

    /** Whether an operator is recorded: its schema involves tensors, or an argument is traced. */
    private boolean recorded(Object frame, Node node, List<Object> inputs) {
        Optional<FunctionSchema> schema = node.schema();
        if (schema.isPresent()) {
            for (SchemaArgument a : schema.get().arguments()) {
                if (mentionsTensor(a.type())) {
                    return true;
                }
            }
            for (SchemaArgument a : schema.get().returns()) {
                if (mentionsTensor(a.type())) {
                    return true;
                }
            }
        }
        for (int i = 0; i < inputs.size(); i++) {
            Object v = inputs.get(i);
            if (v instanceof TensorRef || lists.containsKey(v) && v instanceof List<?>
                    || i < node.inputs().size() && scalar(frame, node.input(i), v) != null) {
                return true;
            }
        }
        return false;
    }

    private static boolean mentionsTensor(SchemaType t) {
        if (t instanceof SchemaType.Primitive p) {
            return p.spelling().equals("Tensor");
        }
        if (t instanceof SchemaType.OptionalType o) {
            return mentionsTensor(o.element());
        }
        if (t instanceof SchemaType.ListType l) {
            return mentionsTensor(l.element());
        }
        if (t instanceof SchemaType.TupleType tt) {
            return tt.elements().stream().anyMatch(TraceRecorder::mentionsTensor);
        }
        if (t instanceof SchemaType.DictType d) {
            return mentionsTensor(d.key()) || mentionsTensor(d.value());
        }
        return false;
    }

    /**
     * The graph value for a runtime value used at {@code ir} (an IR value of the call {@code
     * frame}; null where there is none): the traced value, or constants and constructions of them.
     */
    private Value value(Object frame, Object runtime, Value ir, Type type, SourceRange at) {
        if (runtime instanceof TensorRef t) {
            Value v = tensors.get(address(t));
            if (v == null && attributes.containsKey(address(t))) {
                v = attribute(attributes.get(address(t)), at);
                tensors.put(address(t), v);
            }
            if (v == null) {
                throw new TraceException("RuntimeError", "cannot trace a tensor that was not computed from the"
                        + " inputs (a tensor constant)" + where(at));
            }
            return v;
        }
        if (runtime instanceof List<?> list) {
            Value known = lists.get(list);
            if (known != null) {
                return known;
            }
            Node def = ir == null ? null : ir.node().filter(n -> n.is("prim::ListConstruct")
                    && n.inputs().size() == list.size()).orElse(null);
            Type elem = type instanceof Type.ListType lt ? lt.elem()
                    : ir != null && ir.type() instanceof Type.ListType lt2 ? lt2.elem() : elementType(list);
            List<Value> elements = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                elements.add(value(frame, list.get(i), def == null ? null : def.input(i), elem, at));
            }
            Node n = graph.create("prim::ListConstruct");
            elements.forEach(n::addInput);
            n.addOutput(new Type.ListType(elem));
            return append(n, null).output();
        }
        if (runtime instanceof Tuple tuple) {
            Node def = ir == null ? null : ir.node().filter(n -> n.is("prim::TupleConstruct")
                    && n.inputs().size() == tuple.size()).orElse(null);
            List<Value> elements = new ArrayList<>();
            List<Type> types = new ArrayList<>();
            for (int i = 0; i < tuple.size(); i++) {
                Type et = type instanceof Type.TupleType tt && tt.elements().size() == tuple.size() ? tt.elements().get(i)
                        : runtimeType(tuple.get(i));
                Value e = value(frame, tuple.get(i), def == null ? null : def.input(i), et, at);
                elements.add(e);
                types.add(e.type());
            }
            Node n = graph.create("prim::TupleConstruct");
            elements.forEach(n::addInput);
            n.addOutput(new Type.TupleType(types));
            return append(n, null).output();
        }
        if (runtime instanceof Map<?, ?>) {
            throw new TraceException("RuntimeError", "cannot trace a dict that is not an input" + where(at));
        }
        if (frame != null && ir != null) {
            Scalar s = scalar(frame, ir, runtime);
            if (s != null) {
                return s.value();
            }
        }
        return constant(runtime, type, at);
    }

    private Scalar scalar(Object frame, Value ir, Object runtime) {
        Map<Value, Scalar> known = scalars.get(frame);
        Scalar s = known == null ? null : known.get(ir);
        return s != null && java.util.Objects.equals(s.runtime(), runtime) ? s : null;
    }

    /** Binds an operator's result to its graph value. */
    private void bind(Object frame, Value ir, Object runtime, Value v, SourceRange at) {
        if (runtime instanceof TensorRef t) {
            bindTensor(t, v);
        } else if (runtime instanceof List<?> list) {
            lists.put(list, v);
            if (!list.isEmpty() && list.stream().allMatch(e -> e instanceof TensorRef)) {
                Node n = append(graph.create("prim::ListUnpack"), at);
                n.addInput(v);
                for (Object e : list) {
                    n.addOutput(Types.TENSOR);
                }
                for (int i = 0; i < list.size(); i++) {
                    bindTensor((TensorRef) list.get(i), n.output(i));
                }
            }
        } else if (runtime instanceof Tuple tuple && v.type() instanceof Type.TupleType tt) {
            Node n = append(graph.create("prim::TupleUnpack"), at);
            n.addInput(v);
            tt.elements().forEach(n::addOutput);
            for (int i = 0; i < tuple.size() && i < n.outputs().size(); i++) {
                bind(frame, null, tuple.get(i), n.output(i), at);
            }
        } else if (frame != null && ir != null && (runtime instanceof Long || runtime instanceof Double
                || runtime instanceof Boolean)) {
            scalars.computeIfAbsent(frame, f -> new IdentityHashMap<>()).put(ir, new Scalar(v, runtime));
        }
    }

    private void bindTensor(TensorRef t, Value v) {
        held.add(t.retain());
        tensors.put(address(t), v);
    }

    static long address(TensorRef t) {
        return t.tensor().unsafeGetTensorImpl().address();
    }

    private Value constant(Object runtime, Type type, SourceRange at) {
        Node c = graph.create("prim::Constant");
        if (runtime != null) {
            c.setAttribute("value", runtime);
        }
        c.addOutput(runtimeType(runtime));
        return append(c, at).output();
    }

    private static Type runtimeType(Object v) {
        java.util.Optional<Type> scalar = io.github.torchscript4j.checker.ir.Constants.scalarType(v);
        if (scalar.isPresent()) {
            return scalar.get();
        }
        if (v instanceof TensorRef) {
            return Types.TENSOR;
        }
        if (v instanceof List<?> l) {
            return new Type.ListType(elementType(l));
        }
        throw new TraceException("RuntimeError", "cannot trace a value of class " + v.getClass().getSimpleName()
                + " as a constant");
    }

    private static Type elementType(List<?> list) {
        return list.isEmpty() ? Types.TENSOR : runtimeType(list.get(0));
    }

    private Node append(Node n, SourceRange at) {
        if (at != null) {
            n.setRange(at);
        }
        graph.block().append(n);
        return n;
    }

    /** The start of the line a node came from: the tracer knows lines, not columns. */
    private static SourceRange line(Node node) {
        return node.range().map(r -> {
            int start = r.file().lineStart(r.startLine());
            return new SourceRange(r.file(), start, start);
        }).orElse(null);
    }

    private static String where(SourceRange at) {
        return at == null ? "" : " at " + at.file().path() + ":" + at.startLine();
    }

    /** {@code x} for the IR's {@code x.3}. */
    private static String baseName(String debugName) {
        int dot = debugName.lastIndexOf('.');
        return dot > 0 && debugName.substring(dot + 1).chars().allMatch(Character::isDigit)
                ? debugName.substring(0, dot) : debugName;
    }

    SourceFile source() {
        return source;
    }

    @Override
    public void close() {
        for (TensorRef t : held) {
            t.release();
        }
        held.clear();
    }
}
