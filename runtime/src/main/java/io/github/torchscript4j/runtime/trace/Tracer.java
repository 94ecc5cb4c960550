package io.github.torchscript4j.runtime.trace;

import io.github.torchscript4j.checker.emit.EmitException;
import io.github.torchscript4j.checker.emit.Emitter;
import io.github.torchscript4j.checker.eval.Tuple;
import io.github.torchscript4j.checker.ir.CompilationUnit;
import io.github.torchscript4j.checker.ir.Function;
import io.github.torchscript4j.checker.ir.Graph;
import io.github.torchscript4j.checker.ir.Node;
import io.github.torchscript4j.checker.ir.Value;
import io.github.torchscript4j.checker.semantics.CheckedFile;
import io.github.torchscript4j.checker.semantics.TracedFunctions;
import io.github.torchscript4j.checker.source.Diagnostic;
import io.github.torchscript4j.checker.source.SourceRange;
import io.github.torchscript4j.checker.types.Type;
import io.github.torchscript4j.checker.types.Types;
import io.github.torchscript4j.runtime.Libtorch;
import io.github.torchscript4j.runtime.TensorText;
import io.github.torchscript4j.runtime.TorchScriptException;
import io.github.torchscript4j.runtime.interp.Interpreter;
import io.github.torchscript4j.runtime.interp.Operators;
import io.github.torchscript4j.runtime.interp.ValueText;
import io.github.torchscript4j.runtime.value.TensorData;
import io.github.torchscript4j.runtime.value.TensorRef;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code torch.jit.trace} of a function of a file, with the reference's automatic trace checks.
 *
 * <pre>{@code
 * Tracer tracer = Tracer.of("model.py", bytes, "loop_in_traced_fn", System.err);
 * Trace t = tracer.trace(List.of(x), List.of(List.of(y)), 1e-5);  // TraceException if a check fails
 * System.out.print(t.graphText());
 * }</pre>
 *
 * <p>The function runs on the IR interpreter with a {@link TraceRecorder} watching, so it must be
 * valid TorchScript once its parameters are typed from the inputs ({@link TraceInputs}): the file
 * is compiled once per list of input types ({@link TracedFunctions}). Functions decorated {@code
 * @torch.jit.script} are recorded as calls. A function that is not TorchScript with those types —
 * {@code **kwargs} calls, {@code *x.shape[1:2]} in a call, Python globals and objects — runs as
 * Python instead ({@link PythonTracing}), every operator the Python interpreter runs recorded, and
 * is checked the same way; its nodes carry the line of Python that ran them, and a custom autograd
 * function is one {@code prim::PythonOp}. Only a function the file does not define at module level
 * is a {@link TraceException} of type {@link #NEEDS_PYTHON}.
 *
 * <p>The checks follow {@code torch.jit._trace._check_trace}: for each check input the function is
 * traced again and the two graphs are compared as text (the reference compares them
 * canonicalized; ours are built the same way, so equal programs print equally); the first trace,
 * the function itself and the second trace are run on copies of the check input, and their tensor
 * outputs compared within {@code checkTolerance} — a mismatch is a warning, as in the reference
 * (with the nondeterministic nodes listed first) — and then differing graphs fail with {@code
 * Tracing failed sanity checks!}, {@code ERROR: Graphs differed across invocations!} and the
 * {@code difflib.ndiff} of the two graphs. A failure to run on a check input fails the same way,
 * with {@code encountered an exception while running the trace with test inputs.}
 */
public final class Tracer implements Traceable {
    /** The {@link TraceException#pythonType()} of a function this tracer cannot run without Python. */
    public static final String NEEDS_PYTHON = "NeedsPythonInterpreter";

    /** Operators whose results differ from run to run, which the reference lists when outputs mismatch. */
    private static final Set<String> NONDETERMINISTIC = Set.of("aten::rand", "aten::rand_like", "aten::randn",
            "aten::randn_like", "aten::randint", "aten::randint_like", "aten::randperm", "aten::normal",
            "aten::bernoulli", "aten::bernoulli_", "aten::multinomial", "aten::poisson", "aten::dropout",
            "aten::feature_dropout", "aten::alpha_dropout", "aten::feature_alpha_dropout", "aten::rrelu",
            "aten::uniform_", "aten::normal_", "aten::exponential_", "aten::geometric_", "aten::cauchy_",
            "aten::log_normal_", "aten::random_");

    private final String path;
    private final byte[] bytes;
    private final String name;
    private final PrintStream out;
    private final Map<List<Type>, Object> compiled = new HashMap<>();
    /** Runs the function as Python where it is not TorchScript. */
    private final PythonTracing python;

    /** The function compiled for one list of input types, and an interpreter running it eagerly. */
    private record Compiled(CheckedFile file, CompilationUnit unit, Function function, Set<String> scripted,
            Interpreter eager) {}

    private Tracer(String path, byte[] bytes, String name, PrintStream out) {
        this.path = path;
        this.bytes = bytes.clone();
        this.name = name;
        this.out = out;
        this.python = new PythonTracing(path, bytes, name, out);
    }

    /**
     * A tracer of function {@code name} of a file's bytes; {@code path} names the file in source
     * locations, and {@code out} is where the program's {@code print} writes.
     */
    public static Tracer of(String path, byte[] bytes, String name, PrintStream out) {
        return new Tracer(path, bytes, name, out);
    }

    /**
     * Traces the function on {@code inputs} without checks.
     *
     * @throws TraceException when the inputs cannot be traced, the function cannot be compiled, or it failed
     */
    @Override
    public Trace trace(List<Object> inputs) {
        return record(inputs).trace();
    }

    /**
     * Traces the function on {@code inputs} and checks the trace on each of {@code checkInputs}, as
     * {@code torch.jit.trace(f, inputs, check_inputs=..., check_tolerance=...)} does.
     *
     * @throws TraceException when tracing fails or a check fails ({@code TracingCheckError})
     */
    @Override
    public Trace trace(List<Object> inputs, List<List<Object>> checkInputs, double checkTolerance) {
        return checked(record(inputs), this::record, this::eager, checkInputs, checkTolerance, out, path, name);
    }

    /** A trace, and the lines of the {@code if}s and loops that its inputs decided ({@link TraceRecorder#decided()}). */
    record Recorded(Trace trace, Map<Integer, TraceRecorder.Decider> decided) {}

    /**
     * Checks the trace {@code main} on each of {@code checkInputs} as {@code torch.jit.trace}'s
     * {@code check_inputs} does: re-traced ({@code record}), the graphs must print alike, and the
     * trace's outputs must match the eager function's ({@code eager}) within {@code checkTolerance}.
     * {@code path} and {@code name} name the traced code in the report's source locations. The
     * warnings of the re-traces join the trace's (once per text and line), then the checks'.
     *
     * @return {@code main} with the checks' warnings
     * @throws TraceException ({@code TracingCheckError}) when a check fails, with the warnings given
     *     before it and the failure's diagnostic
     */
    static Trace checked(Recorded recorded, java.util.function.Function<List<Object>, Recorded> record,
            java.util.function.Function<List<Object>, Object> eager, List<List<Object>> checkInputs,
            double checkTolerance, PrintStream out, String path, String name) {
        Trace main = recorded.trace();
        TraceWarnings warnings = new TraceWarnings();
        warnings.addAll(main);
        int number = 0;
        for (List<Object> check : checkInputs) {
            number++;
            Recorded againRecorded = record.apply(copy(check));
            Trace again = againRecorded.trace();
            warnings.addAll(again);
            String mainText = main.graphText();
            String againText = again.graphText();
            String diff = null;
            TraceDiagnostic differ = null;
            if (!mainText.equals(againText)) {
                diff = graphDiff(main, mainText, again, againText, path, name);
                Map<Integer, TraceRecorder.Decider> decided = new HashMap<>(againRecorded.decided());
                decided.putAll(recorded.decided());
                differ = TraceDiagnostics.graphsDiffer(main.source(), diverging(main, mainText, again, againText),
                        decided, number);
            }
            final String graphs = diff;
            final TraceDiagnostic graphsDiagnostic = differ;
            final int n = number;
            List<TensorRef> traced = run("trace", graphs, graphsDiagnostic, n, warnings,
                    () -> main.call(copy(check), out));
            List<TensorRef> eagerOutputs = run("Python function", graphs, graphsDiagnostic, n, warnings,
                    () -> eager.apply(copy(check)));
            boolean[] warned = {false};
            if (compare(main, traced, eagerOutputs, "Python function", checkTolerance, warned, warnings)) {
                List<TensorRef> repeated = run("repeated trace", graphs, graphsDiagnostic, n, warnings,
                        () -> again.call(copy(check), out));
                compare(main, traced, repeated, "repeated trace", checkTolerance, warned, warnings);
            }
            if (diff != null) {
                List<TraceDiagnostic> diagnostics = new ArrayList<>(warnings.diagnostics());
                diagnostics.add(differ);
                throw new TraceException("TracingCheckError", "Tracing failed sanity checks!\n"
                        + "ERROR: Graphs differed across invocations!\n" + indent(diff) + "\n", warnings.texts(),
                        diagnostics);
            }
        }
        return main.withWarnings(warnings);
    }

    // ---- recording -----------------------------------------------------------------------------

    /** Runs the function itself: compiled, or as Python where it is not TorchScript. */
    private Object eager(List<Object> inputs) {
        if (asPython(TraceInputs.infer(inputs))) {
            return python.run(inputs, null);
        }
        Compiled c = compiled(TraceInputs.infer(inputs));
        return c.eager().call(c.function(), inputs);
    }

    /** Whether the function is not TorchScript with these input types, and the file defines it for Python. */
    private boolean asPython(List<Type> types) {
        Object known = compiled.computeIfAbsent(types, this::compile);
        return known instanceof TraceException e && NEEDS_PYTHON.equals(e.pythonType()) && python.params().isPresent();
    }

    private Recorded record(List<Object> inputs) {
        List<Type> types = TraceInputs.infer(inputs);
        if (asPython(types)) {
            return recordPython(inputs, types);
        }
        Compiled c = compiled(types);
        if (inputs.size() != c.function().params().size()) {
            throw new TraceException("TypeError", name + "() takes " + c.function().params().size()
                    + " positional argument" + (c.function().params().size() == 1 ? "" : "s") + " but "
                    + inputs.size() + " were given");
        }
        Graph graph;
        TraceWarnings warnings;
        Map<Integer, TraceRecorder.Decider> decided;
        try (TraceRecorder recorder = new TraceRecorder(c.scripted(), c.file().file())) {
            Interpreter interpreter = new Interpreter(c.unit(), Operators.standard(), out,
                    new ValueText(TensorText::of), recorder);
            recorder.inputs(c.function(), inputs);
            Object result;
            try {
                result = interpreter.call(c.function(), inputs);
            } catch (TorchScriptException e) {
                throw new TraceException(e.pythonType(), e.detail(), e);
            }
            checkOutput(result);
            recorder.output(result, c.function().returnType());
            graph = canonical(recorder.graph());
            warnings = recorder.warnings();
            decided = recorder.decided();
        }
        List<Function.Param> params = new ArrayList<>();
        for (int i = 0; i < c.function().params().size(); i++) {
            Function.Param p = c.function().params().get(i);
            params.add(new Function.Param(p.name(), p.type(), Optional.empty(), false));
        }
        Function traced = new Function(c.function().qualifiedName(), params, graph.outputs().get(0).type(), graph);
        CompilationUnit unit = new CompilationUnit();
        for (Function f : c.unit().functions().values()) {
            if (!f.qualifiedName().equals(traced.qualifiedName())) {
                unit.addFunction(f);
            }
        }
        c.unit().classes().values().forEach(unit::addClass);
        unit.addFunction(traced);
        return new Recorded(new Trace(traced, unit, c.file().file(), path, warnings.texts(), warnings.diagnostics()),
                decided);
    }

    /**
     * A trace of the function run as Python ({@link PythonTracing}): each operator the Python
     * interpreter's host runs is recorded; no function is recorded as a call.
     */
    private Recorded recordPython(List<Object> inputs, List<Type> types) {
        List<String> names = python.params().orElseThrow();
        if (inputs.size() != names.size()) {
            throw new TraceException("TypeError", name + "() takes " + names.size() + " positional argument"
                    + (names.size() == 1 ? "" : "s") + " but " + inputs.size() + " were given");
        }
        List<Function.Param> params = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            params.add(new Function.Param(names.get(i), types.get(i), Optional.empty(), false));
        }
        Graph graph;
        TraceWarnings warnings;
        Map<Integer, TraceRecorder.Decider> decided;
        try (TraceRecorder recorder = new TraceRecorder(Set.of(), python.source())) {
            recorder.inputs(new Function("__torch__." + name, params, Types.TENSOR, new Graph()), inputs);
            Object result = python.run(inputs, recorder);
            checkOutput(result);
            recorder.output(result, TraceRecorder.typeOf(result));
            graph = canonical(recorder.graph());
            warnings = recorder.warnings();
            decided = recorder.decided();
        }
        Function traced = new Function("__torch__." + name, params, graph.outputs().get(0).type(), graph);
        CompilationUnit unit = new CompilationUnit();
        unit.addFunction(traced);
        ScriptedCallees.addTo(unit, graph, python.source());
        return new Recorded(new Trace(traced, unit, python.source(), path, warnings.texts(), warnings.diagnostics()),
                decided);
    }

    static void checkOutput(Object result) {
        if (result == null) {
            throw new TraceException("RuntimeError", "The traced function didn't return any values! Side-effects"
                    + " are not captured in traces, so it would be a no-op.");
        }
        if (!outputable(result)) {
            throw new TraceException("RuntimeError",
                    "Only tensors, lists, tuples of tensors, or dictionary of tensors can be output from traced functions");
        }
    }

    private static boolean outputable(Object v) {
        if (v instanceof TensorRef) {
            return true;
        }
        if (v instanceof Tuple t) {
            return t.elements().stream().allMatch(Tracer::outputable);
        }
        if (v instanceof List<?> l) {
            return l.stream().allMatch(Tracer::outputable);
        }
        if (v instanceof Map<?, ?> m) {
            return m.values().stream().allMatch(Tracer::outputable);
        }
        return false;
    }

    private Compiled compiled(List<Type> types) {
        Object known = compiled.computeIfAbsent(types, this::compile);
        if (known instanceof TraceException e) {
            throw new TraceException(e.pythonType(), e.getMessage());
        }
        return (Compiled) known;
    }

    private Object compile(List<Type> types) {
        CheckedFile file = TracedFunctions.check(path, bytes, Map.of(name, types));
        Optional<Diagnostic> error = file.firstError();
        if (error.isPresent()) {
            return needsPython(error.get().range(), error.get().message());
        }
        Libtorch.ensureLoaded();
        Emitter.Result emitted = Emitter.emit(file);
        Optional<Function> function = emitted.unit().function("__torch__." + name);
        if (function.isEmpty()) {
            for (EmitException failure : emitted.failures()) {
                return needsPython(failure.range(), failure.getMessage());
            }
            return new TraceException(NEEDS_PYTHON, path + ": no module-level function named '" + name
                    + "' to trace (or it could not be compiled)");
        }
        Optional<Node> traced = missingCallee(emitted.unit(), function.get(), new java.util.HashSet<>());
        if (traced.isPresent()) {
            // a traced function's call (the runtime links those into a script): Python calls it as the function
            return needsPython(traced.get().range().orElse(file.file().range(0, 0)), "calls a traced function");
        }
        Set<String> scripted = TracedFunctions.scriptedFunctions(file.module()).stream()
                .map(n -> "__torch__." + n).collect(Collectors.toSet());
        Interpreter eager = new Interpreter(emitted.unit(), Operators.standard(), out, new ValueText(TensorText::of));
        return new Compiled(file, emitted.unit(), function.get(), scripted, eager);
    }

    /** A {@code prim::CallFunction} that {@code f}, or a function it calls, makes of a function not in {@code unit}. */
    private static Optional<Node> missingCallee(CompilationUnit unit, Function f, Set<Function> seen) {
        if (!seen.add(f)) {
            return Optional.empty();
        }
        java.util.ArrayDeque<io.github.torchscript4j.checker.ir.Block> blocks = new java.util.ArrayDeque<>();
        blocks.add(f.graph().block());
        while (!blocks.isEmpty()) {
            for (Node n : blocks.poll().nodes()) {
                blocks.addAll(n.blocks());
                if (n.is("prim::CallFunction") && n.input(0).type() instanceof Type.FunctionType ft) {
                    Optional<Function> callee = unit.function(ft.qualifiedName());
                    if (callee.isEmpty()) {
                        return Optional.of(n);
                    }
                    Optional<Node> inner = missingCallee(unit, callee.get(), seen);
                    if (inner.isPresent()) {
                        return inner;
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static TraceException needsPython(SourceRange at, String message) {
        return new TraceException(NEEDS_PYTHON, "cannot trace without a Python interpreter: the traced code is not"
                + " TorchScript with these input types: " + at.file().path() + ":" + at.startLine() + ":"
                + at.startColumn() + ": " + message);
    }

    /**
     * The graph without its dead nodes (the tracer's dead code elimination) and numbered afresh,
     * so that two traces of one program print alike.
     */
    static Graph canonical(Graph g) {
        List<Node> nodes = new ArrayList<>(g.block().nodes());
        for (int i = nodes.size() - 1; i >= 0; i--) {
            Node n = nodes.get(i);
            if (n.outputs().stream().noneMatch(Value::hasUses) && !hasSideEffects(n)) {
                n.destroy();
            }
        }
        Graph c = new Graph();
        Map<Value, Value> map = new HashMap<>();
        for (Value in : g.inputs()) {
            Value v = c.addInput(in.type());
            in.debugName().ifPresent(d -> v.setDebugName(baseName(d)));
            map.put(in, v);
        }
        for (Node n : g.block().nodes()) {
            Node m = c.create(n.kind());
            n.inputs().forEach(v -> m.addInput(map.get(v)));
            n.attributes().forEach(m::setAttribute);
            n.schema().ifPresent(m::setSchema);
            n.range().ifPresent(m::setRange);
            for (Value o : n.outputs()) {
                Value v = m.addOutput(o.type());
                o.debugName().ifPresent(d -> v.setDebugName(baseName(d)));
                map.put(o, v);
            }
            c.block().append(m);
        }
        for (Value r : g.outputs()) {
            c.block().addReturn(map.get(r));
        }
        return c;
    }

    private static boolean hasSideEffects(Node n) {
        if (n.outputs().isEmpty() || n.is("prim::CallFunction") || n.is("prim::Print") || n.is("prim::RaiseException")) {
            return true;
        }
        return n.schema().map(s -> s.arguments().stream().anyMatch(a -> a.isWrite())).orElse(false);
    }

    private static String baseName(String debugName) {
        int dot = debugName.lastIndexOf('.');
        return dot > 0 && debugName.substring(dot + 1).chars().allMatch(Character::isDigit)
                ? debugName.substring(0, dot) : debugName;
    }

    // ---- checks --------------------------------------------------------------------------------

    private interface Run {
        Object call();
    }

    /**
     * The tensor outputs of one run on a check input (the {@code number}-th); a failure is the
     * reference's check error, given with the warnings so far and its diagnostics.
     */
    private static List<TensorRef> run(String what, String diff, TraceDiagnostic differ, int number,
            TraceWarnings warnings, Run run) {
        Object result;
        try {
            result = run.call();
        } catch (TorchScriptException | TraceException | Interpreter.InterpreterError e) {
            String message = e instanceof TorchScriptException t ? t.detail() : e.getMessage();
            StringBuilder text = new StringBuilder("Tracing failed sanity checks!\n");
            text.append("encountered an exception while running the ").append(what).append(" with test inputs.\n")
                    .append("Exception:\n").append(indent(message)).append('\n');
            if (diff != null) {
                text.append("ERROR: Graphs differed across invocations!\n").append(indent(diff)).append('\n');
            }
            List<TraceDiagnostic> diagnostics = new ArrayList<>(warnings.diagnostics());
            if (differ != null) {
                diagnostics.add(differ);
            }
            diagnostics.add(TraceDiagnostics.raised(what, errorLocation(e), number));
            throw new TraceException("TracingCheckError", text.toString(), warnings.texts(), diagnostics);
        }
        List<Object> all = result instanceof Tuple t ? t.elements() : List.of(result);
        List<TensorRef> tensors = new ArrayList<>();
        for (Object o : all) {
            if (o instanceof TensorRef r) {
                tensors.add(r);
            }
        }
        return tensors;
    }

    /** The source location of the first located TorchScript error among an exception's causes, or null. */
    private static SourceRange errorLocation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof TorchScriptException s && s.location().isPresent()) {
                return s.location().get();
            }
        }
        return null;
    }

    private static boolean compare(Trace main, List<TensorRef> original, List<TensorRef> reference, String what,
            double tolerance, boolean[] warned, TraceWarnings warnings) {
        boolean ok = true;
        for (int i = 0; i < Math.min(original.size(), reference.size()); i++) {
            Optional<String> mismatch = OutputComparison.mismatch(original.get(i), reference.get(i), tolerance);
            if (mismatch.isPresent()) {
                List<Node> random = nondeterministicNodes(main);
                if (!warned[0]) {
                    warned[0] = true;
                    nondeterministic(main, random).ifPresent(w -> warnings.add(w,
                            TraceDiagnostics.nondeterministic(random.get(0))));
                }
                warnings.add("Output nr " + (i + 1) + ". of the traced function does not match the corresponding output"
                        + " of the " + what + ". Detailed error:\n" + mismatch.get(), TraceDiagnostics.mismatch(i + 1,
                                what, writer(main, i), random.isEmpty() ? null : random.get(0)));
                ok = false;
            }
        }
        return ok;
    }

    /** The trace's nodes that give other values on every run. */
    private static List<Node> nondeterministicNodes(Trace main) {
        return main.function().graph().block().nodes().stream().filter(n -> NONDETERMINISTIC.contains(n.kind())).toList();
    }

    /**
     * The node that last wrote the trace's {@code i}-th tensor output: the last in-place operator on it
     * (or on a view of an input it is, as {@code x[0] = ...} writes {@code x}), else the one that computed it.
     */
    private static Node writer(Trace main, int i) {
        Graph g = main.function().graph();
        Value out = g.outputs().get(0);
        if (out.node().filter(n -> n.is("prim::TupleConstruct")).isPresent()) {
            Node tuple = out.node().get();
            out = i < tuple.inputs().size() ? tuple.input(i) : out;
        }
        Node last = null;
        for (Node n : g.block().nodes()) {
            boolean writes = n.schema().map(s -> s.arguments().stream().anyMatch(a -> a.isWrite())).orElse(false);
            if (writes && !n.inputs().isEmpty() && aliases(n.input(0), out)) {
                last = n;
            }
        }
        return last != null ? last : out.node().orElse(null);
    }

    /** Whether {@code v} is {@code of} or a view made of it by a chain of operators on their first input. */
    private static boolean aliases(Value v, Value of) {
        for (int depth = 0; v != null && depth < 64; depth++) {
            if (v == of) {
                return true;
            }
            Node n = v.node().orElse(null);
            v = n == null || n.inputs().isEmpty() || n.is("prim::GetAttr") ? null : n.input(0);
        }
        return false;
    }

    private static Optional<String> nondeterministic(Trace main, List<Node> random) {
        if (random.isEmpty()) {
            return Optional.empty();
        }
        List<String> lines = nodeLines(main.graphText());
        List<Node> nodes = main.function().graph().block().nodes();
        List<String> found = new ArrayList<>();
        for (int i = 0; i < nodes.size() && i < lines.size(); i++) {
            if (NONDETERMINISTIC.contains(nodes.get(i).kind())) {
                found.add(indent(lines.get(i)));
            }
        }
        return Optional.of("Trace had nondeterministic nodes. Did you forget call .eval() on your model? Nodes:\n"
                + String.join("\n", found.subList(0, Math.min(20, found.size())))
                + "\nThis may cause errors in trace checking. To disable trace checking, pass check_trace=False to"
                + " torch.jit.trace()");
    }

    /**
     * The first diverging operator of two traces that print differently: of the first trace where
     * both have one, else the extra one of the longer; null when the node lines agree.
     */
    private static Node diverging(Trace main, String mainText, Trace again, String againText) {
        List<String> a = nodeLines(mainText);
        List<String> b = nodeLines(againText);
        List<Node> an = main.function().graph().block().nodes();
        List<Node> bn = again.function().graph().block().nodes();
        for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
            if (i < a.size() && i < b.size() && a.get(i).equals(b.get(i))) {
                continue;
            }
            Node n = i < an.size() && i < a.size() ? an.get(i) : i < bn.size() ? bn.get(i) : null;
            if (n != null && n.range().isEmpty() && i < bn.size()) {
                n = bn.get(i);
            }
            return n;
        }
        return null;
    }

    /** The reference's graph diff: the ndiff of the two graphs, then the first pair of nodes that differ. */
    private static String graphDiff(Trace main, String mainText, Trace again, String againText, String path,
            String name) {
        StringBuilder text = new StringBuilder("Graph diff:\n");
        text.append(indent(String.join("", LineDiff.ndiff(LineDiff.lines(mainText), LineDiff.lines(againText))))).append('\n');
        List<String> a = nodeLines(mainText);
        List<String> b = nodeLines(againText);
        List<Node> an = main.function().graph().block().nodes();
        List<Node> bn = again.function().graph().block().nodes();
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            if (!a.get(i).equals(b.get(i))) {
                text.append("First diverging operator:\n");
                text.append("Node diff:\n").append(indent(String.join("",
                        LineDiff.ndiff(LineDiff.lines(a.get(i) + "\n"), LineDiff.lines(b.get(i) + "\n"))))).append('\n');
                location(an, i, path, name).ifPresent(l -> text.append("Trace source location:\n").append(indent(l)).append('\n'));
                location(bn, i, path, name).ifPresent(l -> text.append("Check source location:\n").append(indent(l)).append('\n'));
                break;
            }
        }
        return text.toString();
    }

    private static Optional<String> location(List<Node> nodes, int i, String path, String name) {
        if (i >= nodes.size()) {
            return Optional.empty();
        }
        return nodes.get(i).range().map(r -> path + "(" + r.startLine() + "): " + name);
    }

    /** The printed lines of a graph's nodes, without the header, the indentation and the return. */
    private static List<String> nodeLines(String graphText) {
        List<String> lines = new ArrayList<>(List.of(graphText.split("\n")));
        int start = 0;
        while (start < lines.size() && !lines.get(start).endsWith("):")) {
            start++;
        }
        List<String> out = new ArrayList<>();
        for (int i = start + 1; i < lines.size(); i++) {
            String l = lines.get(i).strip();
            if (!l.startsWith("return (")) {
                out.add(l);
            }
        }
        return out;
    }

    /** Python's {@code torch.jit._trace.indent}: a tab before every line. */
    static String indent(String s) {
        return java.util.Arrays.stream(s.split("\n", -1)).limit(s.endsWith("\n") ? s.split("\n", -1).length - 1 : Long.MAX_VALUE)
                .map(l -> "\t" + l).collect(Collectors.joining("\n"));
    }

    /** A copy of a check input, tensors cloned, as {@code _clone_inputs} makes for each run. */
    static List<Object> copy(List<Object> values) {
        List<Object> out = new ArrayList<>();
        for (Object v : values) {
            out.add(copyValue(v));
        }
        return out;
    }

    private static Object copyValue(Object v) {
        if (v instanceof TensorRef t) {
            return TensorData.read(t).toTensor();
        }
        if (v instanceof Tuple t) {
            List<Object> elements = new ArrayList<>();
            t.elements().forEach(e -> elements.add(copyValue(e)));
            return new Tuple(elements);
        }
        if (v instanceof List<?> l) {
            List<Object> elements = new ArrayList<>();
            l.forEach(e -> elements.add(copyValue(e)));
            return elements;
        }
        if (v instanceof Map<?, ?> m) {
            Map<Object, Object> copy = new LinkedHashMap<>();
            m.forEach((k, x) -> copy.put(k, copyValue(x)));
            return copy;
        }
        return v;
    }
}
