package io.github.torchscript4j.runtime.interp;

import io.github.torchscript4j.checker.builtins.FunctionSchema;
import io.github.torchscript4j.checker.builtins.OperatorTable;
import io.github.torchscript4j.checker.eval.DeviceValue;
import io.github.torchscript4j.checker.eval.ScriptError;
import io.github.torchscript4j.checker.eval.Tuple;
import io.github.torchscript4j.checker.ir.CompilationUnit;
import io.github.torchscript4j.checker.ir.Function;
import io.github.torchscript4j.checker.ir.Node;
import io.github.torchscript4j.checker.ir.TensorConstant;
import io.github.torchscript4j.checker.types.Type;
import io.github.torchscript4j.runtime.TorchScriptException;
import io.github.torchscript4j.runtime.interp.Plan.Step;
import io.github.torchscript4j.runtime.ops.OpImpl;
import io.github.torchscript4j.runtime.value.ScriptObject;
import io.github.torchscript4j.runtime.value.TensorRef;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Executes the functions of a {@link CompilationUnit}: walks a function's graph node by node, with
 * one frame per call — an array of values indexed by {@link
 * io.github.torchscript4j.checker.ir.Value#unique()} — and the reference's semantics for {@code
 * prim::If}, {@code prim::Loop} and the other {@code prim::} nodes. Every other node is an operator
 * call, dispatched through an {@link OperatorLookup} by the schema the checker matched it to (the
 * implementation is looked up once per node).
 *
 * <h2>Errors</h2>
 *
 * <p>An operator's failure and {@code prim::RaiseException} surface as a {@link
 * TorchScriptException} located at the node's source range (the statement that failed; the
 * innermost frame's, when a called function failed). As in the reference, an exception raised by
 * TorchScript code ({@code raise}, {@code assert}) is a {@code torch.jit.Error} whose message is
 * {@code builtins.ValueError: text} for {@code raise ValueError("text")}, and {@code RuntimeError:
 * text} for {@code raise RuntimeError("text")}, {@code assert} ({@code RuntimeError:
 * AssertionError: text}) and a class TorchScript does not name; operator errors are {@code
 * RuntimeError}s with libtorch's message. {@link #RAISED_TYPE} names the type. A failure of the
 * interpreter itself is an {@link InterpreterError}, never a {@code TorchScriptException}.
 *
 * <h2>Tensor ownership</h2>
 *
 * <p>Following {@link TensorRef}'s counting: every frame slot that holds a tensor owns it. An
 * operator's outputs are the interpreter's (the contract of {@link Operators}); any other tensor
 * written to a slot (an element read out of a list or tuple, an attribute, a block's return, an
 * argument, a tensor constant of an archive's code) is retained. When a value dies (see {@link Plan}) its slot is cleared and the tensor
 * released, so a tensor that only variables held is freed as soon as it is no longer used. A
 * tensor that enters a list, tuple, dict or object (a construct node, {@code prim::SetAttr}, or an
 * operator that stores an argument, such as {@code append}) is retained for the container, which
 * never releases it: such tensors are left to JavaCPP's garbage-collector hook. A call hands its
 * result to the caller with one ownership; the caller's arguments are only borrowed.
 *
 * <p>An interpreter may be used by several threads at once; a frame belongs to one call. A call
 * stops with a {@link CancellationException} when its thread is interrupted (checked at every loop
 * iteration), so a runaway loop can be cancelled.
 */
public final class Interpreter {
    /** The Python type the reference reports for an exception raised by TorchScript code. */
    public static final String RAISED_TYPE = "torch.jit.Error";

    /** Node kinds executed here rather than as operator calls, whatever schema they carry. */
    private static final Set<String> SPECIAL = Set.of(
            "prim::Constant", "prim::ListConstruct", "prim::ListUnpack", "prim::TupleConstruct",
            "prim::TupleUnpack", "prim::TupleIndex", "prim::DictConstruct", "prim::If", "prim::Loop",
            "prim::GetAttr", "prim::SetAttr", "prim::CallFunction", "prim::CallMethod", "prim::CreateObject",
            "prim::RaiseException", "prim::Print", "prim::unchecked_cast", "prim::Uninitialized",
            "prim::isinstance", "aten::__is__", "aten::__isnot__", "prim::id", "aten::warn", "prim::Enter", "prim::Exit",
            "prim::fork", "aten::wait", "prim::PythonOp");

    private final CompilationUnit unit;
    private final OperatorLookup operators;
    private final PrintStream out;
    private final ValueText text;
    private final Map<io.github.torchscript4j.checker.ir.Graph, Plan> plans = new ConcurrentHashMap<>();
    /** Where {@code warnings.warn} writes: standard error, as Python's warnings do. */
    private final PrintStream warnings = System.err;
    /** The {@code aten::warn} nodes that have warned already. */
    private final Set<Node> warned = ConcurrentHashMap.newKeySet();
    /** Told of each operator and call, when tracing; null otherwise. */
    private final ExecutionObserver observer;
    /** Runs {@code prim::PythonOp} calls; null when there is no Python to run them. */
    private final PythonCalls python;

    /**
     * @param unit the functions and classes that calls may reach
     * @param operators where operator nodes find their implementations
     * @param out where {@code print} writes
     * @param text how values (tensors included) are written by {@code print} and in messages
     */
    public Interpreter(CompilationUnit unit, OperatorLookup operators, PrintStream out, ValueText text) {
        this(unit, operators, out, text, null);
    }

    /**
     * An interpreter that tells {@code observer} of every operator it runs and every function it
     * calls (the tracer's recording mode); {@code observer} may be null.
     */
    public Interpreter(CompilationUnit unit, OperatorLookup operators, PrintStream out, ValueText text,
            ExecutionObserver observer) {
        this(unit, operators, out, text, observer, null);
    }

    /**
     * An interpreter that runs calls of {@code @torch.jit.ignore}'d functions ({@code
     * prim::PythonOp}) through {@code python}; {@code observer} and {@code python} may be null.
     */
    public Interpreter(CompilationUnit unit, OperatorLookup operators, PrintStream out, ValueText text,
            ExecutionObserver observer, PythonCalls python) {
        this.unit = Objects.requireNonNull(unit);
        this.operators = Objects.requireNonNull(operators);
        this.out = Objects.requireNonNull(out);
        this.text = Objects.requireNonNull(text);
        this.observer = observer;
        this.python = python;
    }

    public CompilationUnit unit() {
        return unit;
    }

    public ValueText text() {
        return text;
    }

    /** Whether nodes of {@code kind} are executed by the interpreter itself rather than dispatched. */
    static boolean isSpecial(String kind) {
        return SPECIAL.contains(kind);
    }

    /**
     * Calls {@code function} with Java values, checked and converted against its parameters as a
     * call from Python is ({@link Arguments}); missing trailing arguments take their defaults.
     *
     * @return the result (a tuple result is a {@link Tuple}); a tensor result is owned by the caller
     * @throws TorchScriptException when the arguments do not fit (a {@code RuntimeError}, as the
     *     reference's), or when the function raised or an operator failed
     */
    public Object call(Function function, List<?> arguments) {
        return invoke(function, Arguments.bind(function, arguments, text));
    }

    /** Calls {@code function} with arguments already of its parameters' types; borrows them. */
    Object invoke(Function function, List<Object> arguments) {
        return invoke(function.graph(), arguments);
    }

    /** Runs a graph (a function's, or a {@code prim::fork}'s closure) on its arguments; borrows them. */
    private Object invoke(io.github.torchscript4j.checker.ir.Graph graph, List<Object> arguments) {
        Plan plan = plans.computeIfAbsent(graph, Plan::of);
        Object[] frame = new Object[plan.frameSize];
        Step.BlockCode body = plan.body;
        boolean done = false;
        try {
            bind(frame, body.params(), arguments);
            run(frame, body);
            Object result;
            if (body.returns().length == 1) {
                result = retained(frame[body.returns()[0]]);
            } else {
                List<Object> results = new ArrayList<>();
                for (int slot : body.returns()) {
                    results.add(retained(frame[slot]));
                }
                result = new Tuple(results);
            }
            die(frame, body.diesAtEnd());
            done = true;
            return result;
        } finally {
            if (!done) {
                releaseAll(frame);
            }
        }
    }

    /** Runs a block's steps; the block's parameters are already bound. */
    private void run(Object[] frame, Step.BlockCode block) {
        die(frame, block.diesAtStart());
        for (Step step : block.steps()) {
            execute(frame, step);
            die(frame, step.dies);
        }
    }

    private void execute(Object[] frame, Step step) {
        Node node = step.node;
        try {
            switch (step.kind) {
                case Step.OPERATOR -> executeOperator(frame, step);
                case Step.IF -> executeIf(frame, step);
                case Step.LOOP -> executeLoop(frame, step);
                default -> executePrim(frame, step);
            }
        } catch (TorchScriptException e) {
            throw located(e, node);
        } catch (ScriptError e) {
            throw located(new TorchScriptException(e.type(), e.getMessage(), e), node);
        } catch (IndexOutOfBoundsException | ArithmeticException e) {
            throw located(failure(e), node);
        } catch (InterpreterError | CancellationException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new InterpreterError(node, e);
        }
    }

    // ---- control flow ---------------------------------------------------------------------

    private void executeIf(Object[] frame, Step step) {
        Object cond = frame[step.inputs[0]];
        if (observer != null) {
            observer.controlFlow(frame, step.node, List.of(cond));
        }
        Step.BlockCode branch = step.blocks[Boolean.TRUE.equals(cond) ? 0 : 1];
        run(frame, branch);
        Object[] results = new Object[branch.returns().length];
        for (int i = 0; i < results.length; i++) {
            results[i] = retained(frame[branch.returns()[i]]);
        }
        die(frame, branch.diesAtEnd());
        for (int i = 0; i < results.length; i++) {
            frame[step.outputs[i]] = results[i];
        }
    }

    /**
     * The reference's loop: inputs are the maximum trip count, the initial condition and the
     * initial carried values; the body's parameters are the iteration number and the carried
     * values, and it returns the next condition and carried values; the outputs are the final
     * carried values. The body runs while the count is below the maximum and the condition holds.
     */
    private void executeLoop(Object[] frame, Step step) {
        long maxTrips = (Long) frame[step.inputs[0]];
        boolean cond = (Boolean) frame[step.inputs[1]];
        if (observer != null) {
            observer.controlFlow(frame, step.node, List.of(maxTrips, cond));
        }
        int carriedCount = step.inputs.length - 2;
        Object[] carried = new Object[carriedCount];
        for (int i = 0; i < carriedCount; i++) {
            carried[i] = retained(frame[step.inputs[2 + i]]);
        }
        Step.BlockCode body = step.blocks[0];
        boolean done = false;
        try {
            for (long trip = 0; trip < maxTrips && cond; trip++) {
                if (Thread.interrupted()) {
                    throw new CancellationException("the TorchScript call was interrupted");
                }
                frame[body.params()[0]] = trip;
                for (int i = 0; i < carriedCount; i++) {
                    frame[body.params()[1 + i]] = carried[i]; // ownership moves to the slot
                    carried[i] = null;
                }
                run(frame, body);
                cond = (Boolean) frame[body.returns()[0]];
                for (int i = 0; i < carriedCount; i++) {
                    carried[i] = retained(frame[body.returns()[1 + i]]);
                }
                die(frame, body.diesAtEnd());
            }
            for (int i = 0; i < carriedCount; i++) {
                frame[step.outputs[i]] = carried[i];
            }
            done = true;
        } finally {
            if (!done) {
                for (Object v : carried) {
                    release(v);
                }
            }
        }
    }

    // ---- prim nodes -------------------------------------------------------------------------

    private void executePrim(Object[] frame, Step step) {
        Node node = step.node;
        int[] in = step.inputs;
        switch (node.kind()) {
            case "prim::Constant" -> frame[step.outputs[0]] = constant(node);
            case "prim::ListConstruct" -> {
                List<Object> list = new ArrayList<>(in.length);
                for (int slot : in) {
                    list.add(retained(frame[slot]));
                }
                frame[step.outputs[0]] = list;
            }
            case "prim::ListUnpack" -> {
                List<?> list = (List<?>) frame[in[0]];
                if (list.size() != step.outputs.length) {
                    throw new TorchScriptException("RuntimeError",
                            "Expected " + step.outputs.length + " elements in a list but found " + list.size());
                }
                for (int i = 0; i < step.outputs.length; i++) {
                    frame[step.outputs[i]] = retained(list.get(i));
                }
            }
            case "prim::TupleConstruct" -> {
                List<Object> elements = new ArrayList<>(in.length);
                for (int slot : in) {
                    elements.add(retained(frame[slot]));
                }
                frame[step.outputs[0]] = new Tuple(elements);
            }
            case "prim::TupleUnpack" -> {
                Tuple tuple = (Tuple) frame[in[0]];
                for (int i = 0; i < step.outputs.length; i++) {
                    frame[step.outputs[i]] = retained(tuple.get(i));
                }
            }
            case "prim::TupleIndex" -> {
                Tuple tuple = (Tuple) frame[in[0]];
                long index = (Long) frame[in[1]];
                long normalized = index < 0 ? index + tuple.size() : index;
                if (normalized < 0 || normalized >= tuple.size()) {
                    throw new TorchScriptException("RuntimeError", "Tuple index out of range");
                }
                frame[step.outputs[0]] = retained(tuple.get((int) normalized));
            }
            case "prim::DictConstruct" -> {
                Map<Object, Object> dict = new LinkedHashMap<>();
                for (int i = 0; i + 1 < in.length; i += 2) {
                    dict.put(retained(frame[in[i]]), retained(frame[in[i + 1]]));
                }
                frame[step.outputs[0]] = dict;
            }
            case "prim::GetAttr" -> {
                ScriptObject object = (ScriptObject) frame[in[0]];
                frame[step.outputs[0]] = retained(object.get(node.stringAttribute("name")));
            }
            case "prim::SetAttr" -> {
                ScriptObject object = (ScriptObject) frame[in[0]];
                object.set(node.stringAttribute("name"), retained(frame[in[1]]));
            }
            case "prim::CreateObject" -> {
                Type type = node.output().type();
                String name = type instanceof Type.ClassType c ? c.qualifiedName()
                        : type instanceof Type.ModuleType m ? m.qualifiedName() : type.annotationStr();
                frame[step.outputs[0]] = new ScriptObject(name);
            }
            case "prim::CallFunction" -> {
                // input 0 is the callee, a constant of a function type (the reference's form)
                String name = ((io.github.torchscript4j.checker.types.Type.FunctionType) node.input(0).type()).qualifiedName();
                Function callee = unit.function(name).orElseThrow(() ->
                        new UnsupportedOperationException("no function " + name + " in the compilation unit"));
                List<Object> args = inputs(frame, in).subList(1, in.length);
                if (observer == null) {
                    writeCallResult(frame, step, invoke(callee, args));
                } else {
                    observer.enterCall(frame, node, callee, args);
                    Object result = invoke(callee, args);
                    observer.exitCall(frame, node, callee, args, result);
                    writeCallResult(frame, step, result);
                }
            }
            case "prim::CallMethod" -> {
                String name = node.stringAttribute("name");
                Object receiver = frame[in[0]];
                if (!(receiver instanceof ScriptObject object)) {
                    throw new UnsupportedOperationException(
                            "cannot call method " + name + " on a value of type " + RuntimeTypes.pythonTypeName(receiver));
                }
                Function method = unit.classInfo(object.typeName()).flatMap(c -> c.method(name)).orElseThrow(() ->
                        new UnsupportedOperationException("no method " + name + " of " + object.typeName() + " in the compilation unit"));
                writeCallResult(frame, step, invoke(method, inputs(frame, in)));
            }
            case "prim::Enter", "prim::Exit" -> {
                // with statements: the context object's __enter__, or its __exit__(None, None, None)
                boolean enter = node.is("prim::Enter");
                Object receiver = frame[in[0]];
                if (!(receiver instanceof ScriptObject object)) {
                    throw new UnsupportedOperationException("with on a value of type " + RuntimeTypes.pythonTypeName(receiver));
                }
                String name = enter ? "__enter__" : "__exit__";
                Function method = unit.classInfo(object.typeName()).flatMap(c -> c.method(name)).orElseThrow(() ->
                        new UnsupportedOperationException("no method " + name + " of " + object.typeName()));
                List<Object> args = new ArrayList<>();
                args.add(receiver);
                if (!enter) {
                    args.add(null);
                    args.add(null);
                    args.add(null);
                }
                writeCallResult(frame, step, invoke(method, args));
            }
            case "prim::RaiseException" -> {
                String message = (String) frame[in[0]];
                Object cls = in.length > 1 ? frame[in[1]] : null;
                String prefix = cls instanceof String s ? s : "RuntimeError";
                throw new TorchScriptException(RAISED_TYPE, prefix + ": " + message);
            }
            case "prim::Print" -> {
                StringBuilder line = new StringBuilder();
                for (int i = 0; i < in.length; i++) {
                    if (i > 0) {
                        line.append(' ');
                    }
                    line.append(text.printed(frame[in[i]]));
                }
                out.println(line);
                out.flush();
            }
            case "prim::unchecked_cast" -> frame[step.outputs[0]] = retained(frame[in[0]]);
            case "prim::PythonOp" -> {
                if (node.hasAttribute(Node.SUBGRAPH)) {
                    writeCallResult(frame, step, tracedPythonOp(node, inputs(frame, in)));
                } else if (python == null) {
                    throw new TorchScriptException("RuntimeError", "the @torch.jit.ignore'd Python function "
                            + node.stringAttribute("name") + " cannot run here: the runtime has no Python interpreter");
                } else {
                    writeCallResult(frame, step, python.call(node, inputs(frame, in)));
                }
            }
            case "prim::fork" -> {
                // the closure runs at once: its future is complete when wait() reads it
                io.github.torchscript4j.checker.ir.Graph closure =
                        (io.github.torchscript4j.checker.ir.Graph) node.attribute(Node.SUBGRAPH);
                frame[step.outputs[0]] = new Future(invoke(closure, inputs(frame, in)));
            }
            case "aten::wait" -> frame[step.outputs[0]] = retained(((Future) frame[in[0]]).value());
            case "prim::Uninitialized" -> frame[step.outputs[0]] = null;
            case "prim::isinstance" -> frame[step.outputs[0]] = isInstance(frame[in[0]], node.attribute("types"));
            case "prim::id" -> {
                Object v = frame[in[0]];
                frame[step.outputs[0]] = v == null ? 0L : (long) System.identityHashCode(v);
            }
            case "aten::warn" -> {
                // Python's default warning filter shows a warning once per place in the code.
                if (warned.add(node)) {
                    warnings.println("UserWarning: " + frame[in[0]]);
                    warnings.flush();
                }
            }
            case "aten::__is__" -> frame[step.outputs[0]] = same(frame[in[0]], frame[in[1]]);
            case "aten::__isnot__" -> frame[step.outputs[0]] = !same(frame[in[0]], frame[in[1]]);
            default -> throw new AssertionError(node.kind());
        }
    }

    /** A call's result goes to the node's output (or, for several outputs, is unpacked into them). */
    /**
     * A custom autograd function's call that a trace recorded: its {@code Subgraph}, what its
     * forward ran when traced (the reference calls the Python function again; the trace runs
     * without Python). A function that marked an input dirty cannot run, in the reference's words.
     */
    private Object tracedPythonOp(Node node, List<Object> arguments) {
        if (node.hasAttribute("inplace") && Long.valueOf(1L).equals(node.attribute("inplace"))) {
            throw new TorchScriptException("RuntimeError", "inplace " + node.stringAttribute(Node.PYTHON_OP_NAME)
                    + " not supported in the JIT");
        }
        return invoke((io.github.torchscript4j.checker.ir.Graph) node.attribute(Node.SUBGRAPH), arguments);
    }

    private static void writeCallResult(Object[] frame, Step step, Object result) {
        if (step.outputs.length == 1) {
            frame[step.outputs[0]] = result;
        } else if (step.outputs.length > 1) {
            Tuple tuple = (Tuple) result;
            for (int i = 0; i < step.outputs.length; i++) {
                frame[step.outputs[i]] = tuple.get(i);
            }
        } else {
            release(result);
        }
    }

    /**
     * A constant's value; a list constant is copied, since lists are mutable. A tensor constant (an
     * archive's {@code CONSTANTS.cN}, a {@link TensorConstant}) is its tensor, retained for this use:
     * the frame's owner releases it as any other value, and the constant itself is never released
     * by a call (its owner is whoever loaded the archive).
     */
    private static Object constant(Node node) {
        if (!node.hasAttribute("value")) {
            return null;
        }
        Object v = node.attribute("value");
        if (v instanceof List<?> list) {
            return new ArrayList<>(list);
        }
        if (v instanceof TensorConstant c) {
            return retained(c.tensor());
        }
        return v;
    }

    private static boolean isInstance(Object value, Object types) {
        if (types instanceof Type t) {
            return RuntimeTypes.isInstance(value, t);
        }
        if (!(types instanceof Iterable<?> list)) {
            throw new IllegalStateException("prim::isinstance's types attribute is neither a Type nor a list of them: "
                    + types.getClass().getName());
        }
        for (Object t : list) {
            if (RuntimeTypes.isInstance(value, (Type) t)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Python's {@code is} on runtime values: identity for tensors (the same handle or the same
     * libtorch tensor), lists, dicts and objects; equality of the payload for None, numbers,
     * strings and devices, as the reference compares values that are not references.
     */
    static boolean same(Object a, Object b) {
        if (a == b) {
            return true;
        }
        if (a == null || b == null) {
            return false;
        }
        if (a instanceof TensorRef x && b instanceof TensorRef y) {
            return x.tensor().is_same(y.tensor());
        }
        if ((a instanceof Long || a instanceof Double || a instanceof Boolean || a instanceof String
                || a instanceof DeviceValue) && a.getClass() == b.getClass()) {
            return a.equals(b);
        }
        return false;
    }

    // ---- operators ----------------------------------------------------------------------------

    private void executeOperator(Object[] frame, Step step) {
        Node node = step.node;
        OpImpl op = step.op;
        if (op == null) {
            FunctionSchema schema = node.schema().or(() -> onlyOverload(node)).orElseThrow(() ->
                    new UnsupportedOperationException("the interpreter cannot execute " + node.kind()));
            op = operators.find(schema).orElseThrow(() ->
                    new UnsupportedOperationException("no implementation of " + schema));
            op = withConstants(op, node);
            step.op = op;
        }
        List<Object> args = inputs(frame, step.inputs);
        List<Object> results = op.call(args);
        if (results.size() < step.outputs.length) {
            throw new IllegalStateException(op + " returned " + results.size() + " value(s) for "
                    + step.outputs.length + " output(s)");
        }
        if (observer != null) {
            observer.operator(frame, node, args, results);
        }
        for (int i = 0; i < step.outputs.length; i++) {
            frame[step.outputs[i]] = results.get(i); // the caller's: see Operators
        }
    }

    /**
     * {@code op} for {@code node}'s call site: told which of its inputs are constants (see {@link
     * OpImpl#withConstants}): outputs of {@code prim::Constant}, and lists built of such outputs by
     * {@code prim::ListConstruct} (the {@code [1, 1]} of a {@code conv2d}). A list is mutable, so it
     * counts only where every use of it is an operator argument that its schema does not mark as
     * written or kept (so nothing can append to it first). The nodes that make the values still run.
     */
    private static OpImpl withConstants(OpImpl op, Node node) {
        int n = node.inputs().size();
        boolean[] constant = new boolean[n];
        Object[] values = new Object[n];
        boolean any = false;
        for (int i = 0; i < n; i++) {
            Optional<Node> producer = node.input(i).node();
            if (producer.isEmpty()) {
                continue;
            }
            boolean unchanged = neverChanged(node.input(i));
            if (producer.get().is("prim::Constant")) {
                Object value = constantValue(producer.get());
                if (value instanceof TensorConstant) {
                    continue; // a tensor: passed like any tensor value, never converted ahead
                }
                if (!(value instanceof List<?>) || unchanged) {
                    constant[i] = true;
                    values[i] = value;
                    any = true;
                }
            } else if (producer.get().is("prim::ListConstruct") && unchanged) {
                List<Object> elements = new ArrayList<>();
                for (io.github.torchscript4j.checker.ir.Value element : producer.get().inputs()) {
                    Optional<Node> elementProducer = element.node();
                    if (elementProducer.isEmpty() || !elementProducer.get().is("prim::Constant")) {
                        elements = null;
                        break;
                    }
                    elements.add(constantValue(elementProducer.get()));
                }
                if (elements != null) {
                    constant[i] = true;
                    values[i] = elements;
                    any = true;
                }
            }
        }
        return any ? op.withConstants(constant, values) : op;
    }

    /** Whether every use of {@code value} is an operator argument declared neither written nor kept. */
    private static boolean neverChanged(io.github.torchscript4j.checker.ir.Value value) {
        for (io.github.torchscript4j.checker.ir.Value.Use use : value.uses()) {
            Optional<FunctionSchema> schema = use.user().schema();
            if (schema.isEmpty() || isSpecial(use.user().kind()) || schema.get().isVararg()
                    || use.index() >= schema.get().arguments().size()
                    || schema.get().arguments().get(use.index()).alias().isPresent()) {
                return false;
            }
        }
        return true;
    }

    private static Object constantValue(Node constant) {
        return constant.hasAttribute("value") ? constant.attribute("value") : null;
    }

    /**
     * The schema of an operator node that carries none: the operator's only overload with as many
     * arguments as the node has inputs, if there is exactly one.
     */
    private static Optional<FunctionSchema> onlyOverload(Node node) {
        List<FunctionSchema> fitting = OperatorTable.builtin().overloads(node.kind()).stream()
                .filter(s -> !s.isVararg() && s.arguments().size() == node.inputs().size()).toList();
        return fitting.size() == 1 ? Optional.of(fitting.get(0)) : Optional.empty();
    }

    private static List<Object> inputs(Object[] frame, int[] slots) {
        List<Object> args = new ArrayList<>(slots.length);
        for (int slot : slots) {
            args.add(frame[slot]);
        }
        return args;
    }

    // ---- frames and ownership ------------------------------------------------------------------

    private static void bind(Object[] frame, int[] params, List<Object> arguments) {
        if (params.length != arguments.size()) {
            throw new TorchScriptException("RuntimeError",
                    "expected " + params.length + " arguments but received " + arguments.size());
        }
        for (int i = 0; i < params.length; i++) {
            frame[params[i]] = retained(arguments.get(i));
        }
    }

    private static void die(Object[] frame, int[] slots) {
        for (int slot : slots) {
            Object v = frame[slot];
            frame[slot] = null;
            release(v);
        }
    }

    private static void releaseAll(Object[] frame) {
        for (int i = 0; i < frame.length; i++) {
            Object v = frame[i];
            frame[i] = null;
            release(v);
        }
    }

    /** {@code v}, with one more owner if it is a tensor. */
    private static Object retained(Object v) {
        if (v instanceof TensorRef t) {
            t.retain();
        } else if (v instanceof Future f) {
            retained(f.value());
        }
        return v;
    }

    private static void release(Object v) {
        if (v instanceof TensorRef t) {
            t.release();
        } else if (v instanceof Future f) {
            release(f.value());
        }
    }

    /**
     * What {@code prim::fork} returns: the forked call's result, computed when forked. Whoever
     * holds the future holds a share of the result (a tensor result is retained for each holder).
     */
    record Future(Object value) {}

    // ---- errors -------------------------------------------------------------------------------

    private static TorchScriptException located(TorchScriptException e, Node node) {
        node.range().ifPresent(e::locate);
        return e;
    }

    /** An exception of Java's that means what a TorchScript error means. */
    private static TorchScriptException failure(RuntimeException e) {
        if (e instanceof ArithmeticException) {
            // Java's "/ by zero"; the reference says "division by 0".
            String message = "/ by zero".equals(e.getMessage()) ? "division by 0" : String.valueOf(e.getMessage());
            return new TorchScriptException("RuntimeError", message, e);
        }
        return new TorchScriptException("RuntimeError", "list index out of range", e);
    }

    /**
     * A failure of the interpreter itself (or of an operator implementation) rather than of the
     * program: a value of the wrong class where the IR promised another, a missing attribute. It
     * names the node and its place, and is never mistaken for an exception TorchScript raised.
     */
    public static final class InterpreterError extends RuntimeException {
        private static final long serialVersionUID = 1L;

        InterpreterError(Node node, RuntimeException cause) {
            super("internal error executing " + node.kind()
                    + node.range().map(r -> " at " + r.file().path() + ":" + r.startLine() + ":" + r.startColumn()).orElse("")
                    + ": " + cause, cause);
        }
    }

    /**
     * The function called {@code qualifiedName} ({@code __torch__.f}, {@code __torch__.pkg.util.helper}),
     * else {@code __torch__.NAME} (the checked file's own), else the first named {@code name}.
     */
    public Optional<Function> function(String name) {
        Optional<Function> exact = unit.function(name);
        if (exact.isPresent()) {
            return exact;
        }
        Optional<Function> own = unit.function("__torch__." + name); // the checked file's, before an imported one
        if (own.isPresent()) {
            return own;
        }
        for (Function f : unit.functions().values()) {
            if (f.name().equals(name)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }
}
