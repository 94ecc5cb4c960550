package io.github.torchscript4j.runtime.packaging;

import io.github.torchscript4j.checker.emit.ConcreteModuleCompiler;
import io.github.torchscript4j.checker.emit.EmitException;
import io.github.torchscript4j.checker.eval.Tuple;
import io.github.torchscript4j.checker.ir.CompilationUnit;
import io.github.torchscript4j.checker.ir.Function;
import io.github.torchscript4j.checker.source.SourceFile;
import io.github.torchscript4j.checker.semantics.ConcreteModuleType;
import io.github.torchscript4j.checker.source.Diagnostic;
import io.github.torchscript4j.checker.source.Severity;
import io.github.torchscript4j.checker.source.SourceRange;
import io.github.torchscript4j.checker.syntax.ParseResult;
import io.github.torchscript4j.checker.syntax.Parser;
import io.github.torchscript4j.checker.syntax.SourceDecoder;
import io.github.torchscript4j.runtime.LibtorchArchive;
import io.github.torchscript4j.runtime.TensorText;
import io.github.torchscript4j.runtime.TorchScriptException;
import io.github.torchscript4j.runtime.TorchScriptRuntime;
import io.github.torchscript4j.runtime.archive.ArchiveException;
import io.github.torchscript4j.runtime.archive.TorchScriptArchiveReader;
import io.github.torchscript4j.runtime.archive.TorchScriptArchiveWriter;
import io.github.torchscript4j.runtime.interp.Interpreter;
import io.github.torchscript4j.runtime.interp.Operators;
import io.github.torchscript4j.runtime.interp.ValueText;
import io.github.torchscript4j.runtime.json.JsonValues;
import io.github.torchscript4j.runtime.packaging.PackageException.Stage;
import io.github.torchscript4j.runtime.python.PyClass;
import io.github.torchscript4j.runtime.python.PyException;
import io.github.torchscript4j.runtime.python.PyFunction;
import io.github.torchscript4j.runtime.python.PyInstance;
import io.github.torchscript4j.runtime.python.PyModuleObject;
import io.github.torchscript4j.runtime.python.PythonInterpreter;
import io.github.torchscript4j.runtime.python.TorchHost;
import io.github.torchscript4j.runtime.python.TorchSize;
import io.github.torchscript4j.runtime.trace.ModuleTracer;
import io.github.torchscript4j.runtime.trace.OutputComparison;
import io.github.torchscript4j.runtime.trace.Trace;
import io.github.torchscript4j.runtime.trace.TraceException;
import io.github.torchscript4j.runtime.trace.Tracer;
import io.github.torchscript4j.runtime.value.TensorRef;
import io.github.torchscript4j.runtime.weights.StateDicts;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns a model's Python source (and optionally its trained weights) into a verified TorchScript
 * archive, with no Python on the machine — {@code torchscript package} and the Maven plugin's
 * {@code package} goal:
 *
 * <ol>
 *   <li><b>build</b>: the source runs in our Python interpreter ({@code runtime.python}, with the
 *       torch host and our {@code torch.nn} library), then {@code Class(**arguments)}, after {@code
 *       torch.manual_seed(seed)} when a seed is given, so parameters, buffers, submodules and
 *       attributes are made as PyTorch makes them; the module is put in eval mode unless asked not to;
 *   <li><b>weights</b>: a state dict ({@code torch.save} zip or safetensors, read by {@code
 *       runtime.weights} with its restricted unpickler) goes through the module's own {@code
 *       load_state_dict}, with PyTorch's messages for missing, unexpected and mis-shaped keys;
 *   <li><b>compile</b>: the instance is described as {@code torch.jit.script} sees it ({@link
 *       ConcreteTypes}) and its classes compiled against it ({@link ConcreteModuleCompiler}), the
 *       checker's static view of each class checked against the instance;
 *   <li><b>write</b>: {@code torch.jit.save}'s archive layout ({@link TorchScriptArchiveWriter});
 *   <li><b>verify</b>: the example inputs run three ways — our IR interpreter on the archive as our
 *       reader reads it back, libtorch's own runtime loading the archive ({@link LibtorchArchive}),
 *       and eager execution of the Python source through libtorch — and any two that disagree
 *       beyond the tolerance fail the packaging, saying which output and where.
 * </ol>
 *
 * Every failure is a {@link PackageException} naming its stage and, where known, the source
 * location of the cause. Runs on the caller's thread (the Python interpreter uses threads of its
 * own with large stacks); not reentrant per request, but requests are independent.
 */
public final class ModelPackager {
    private ModelPackager() {}

    /**
     * What to package.
     *
     * @param source the Python file that defines the module class
     * @param moduleClass the name of the {@code nn.Module} subclass at the file's top level, or of a
     *     top-level function (packaged as {@code torch.jit.save} saves a scripted or traced function)
     * @param arguments the constructor's keyword arguments (runtime values, as {@code --args} decodes them)
     * @param weights a state dict file to load, or null
     * @param exampleInputs the positional inputs of {@code forward} (runtime values; each way gets its own copy)
     * @param output where the archive goes
     * @param seed {@code torch.manual_seed} before the constructor, or null for libtorch's default generator state
     * @param sourceRoots where the source's imports of project files are found (the file's folder is added last)
     * @param rtol relative tolerance of the comparison of outputs; the absolute one is the dtype's ({@code 1e-5} for float32)
     * @param trainingMode keep the module in training mode (default: {@code eval()} before packaging)
     * @param out where the model's {@code print} goes
     * @param trace trace {@code forward} on the example inputs ({@code torch.jit.trace}) instead of
     *     compiling the module's source ({@code torch.jit.script})
     * @param checkInputs when tracing, the inputs each trace is checked on ({@code check_inputs}; {@code rtol} is the check's tolerance)
     */
    public record Request(Path source, String moduleClass, Map<String, Object> arguments, Path weights,
            List<Object> exampleInputs, Path output, Long seed, List<Path> sourceRoots, double rtol,
            boolean trainingMode, PrintStream out, boolean trace, List<List<Object>> checkInputs) {
        public Request {
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(moduleClass, "moduleClass");
            Objects.requireNonNull(output, "output");
            arguments = arguments == null ? Map.of() : new LinkedHashMap<>(arguments);
            exampleInputs = exampleInputs == null ? List.of() : new ArrayList<>(exampleInputs);
            sourceRoots = sourceRoots == null ? List.of() : List.copyOf(sourceRoots);
            out = out == null ? System.err : out;
            checkInputs = checkInputs == null ? List.of() : List.copyOf(checkInputs);
        }

        /** A request to script the module. */
        public Request(Path source, String moduleClass, Map<String, Object> arguments, Path weights,
                List<Object> exampleInputs, Path output, Long seed, List<Path> sourceRoots, double rtol,
                boolean trainingMode, PrintStream out) {
            this(source, moduleClass, arguments, weights, exampleInputs, output, seed, sourceRoots, rtol, trainingMode,
                    out, false, List.of());
        }

        /** This request, traced on its example inputs and checked on {@code checkInputs}. */
        public Request traced(List<List<Object>> checkInputs) {
            return new Request(source, moduleClass, arguments, weights, exampleInputs, output, seed, sourceRoots, rtol,
                    trainingMode, out, true, checkInputs);
        }

        /** A request with the defaults: no weights, no seed, no extra roots, rtol {@code 1e-5}, eval mode, print to stderr. */
        public static Request of(Path source, String moduleClass, Map<String, Object> arguments,
                List<Object> exampleInputs, Path output) {
            return new Request(source, moduleClass, arguments, null, exampleInputs, output, null, List.of(), 1e-5,
                    false, System.err);
        }
    }

    /**
     * What was packaged: the archive and its size, the module's class and its counts, the
     * TorchScript classes compiled (mangled names included), the warnings the reference would
     * print, and the output of each way of running the example inputs (the runtime values; the
     * caller owns none of them: they are released with the request).
     */
    public record Report(Path archive, long archiveBytes, String moduleClass, int parameters, int buffers,
            int submodules, List<String> classes, List<String> warnings, Map<String, String> outputs,
            boolean function) {
        /** The report of a module. */
        public Report(Path archive, long archiveBytes, String moduleClass, int parameters, int buffers,
                int submodules, List<String> classes, List<String> warnings, Map<String, String> outputs) {
            this(archive, archiveBytes, moduleClass, parameters, buffers, submodules, classes, warnings, outputs, false);
        }
    }

    /**
     * How long the model's Python code (module top level, constructors, eager {@code forward}) may
     * run in all: past it, the packaging fails at the loop or call that was running, instead of hanging.
     */
    public static final java.time.Duration PYTHON_TIME_LIMIT = java.time.Duration.ofMinutes(5);

    /** The three ways the example inputs are run, as reports and messages name them. */
    public static final String OURS = "our interpreter", LIBTORCH = "libtorch", EAGER = "eager Python";

    /**
     * Builds, compiles, writes and verifies the model of {@code request}.
     *
     * @throws PackageException when a stage fails (the archive may exist when only verification failed)
     */
    public static Report packageModel(Request request) throws PackageException {
        try (TorchHost host = new TorchHost()) {
            return new Run(request, host).run();
        }
    }

    /**
     * Compiles, writes and verifies a module already built by {@code python} (whose host is {@code
     * host}) in the mode it is in: the stages after build and weights, for callers that construct
     * the instance themselves (the library's golden test). {@code source} is the Python file whose
     * classes the compiler may need besides the bundled {@code torch.nn} library; the three outputs
     * are compared as {@link #packageModel} compares them.
     *
     * @throws PackageException when a stage fails
     */
    static Report packageInstance(PythonInterpreter python, TorchHost host, PyInstance module, Path source,
            List<Object> exampleInputs, Path output, PrintStream out) throws PackageException {
        Request request = new Request(source, module.pyClass().name(), null, null, exampleInputs, output, null,
                List.of(), 1e-5, true, out);
        return new Run(request, host, python).compileAndVerify(module);
    }

    /**
     * A module built (and its weights loaded) as {@link #packageModel} builds it, for callers that
     * trace it without packaging ({@code trace-check}); closing it releases its tensors.
     */
    public static final class BuiltModule implements AutoCloseable {
        private final TorchHost host;
        private final PythonInterpreter python;
        private final PyInstance module;
        private final Request request;

        private BuiltModule(TorchHost host, PythonInterpreter python, PyInstance module, Request request) {
            this.host = host;
            this.python = python;
            this.module = module;
            this.request = request;
        }

        /** A tracer of the module's {@code method}; the model's {@code print} goes to the request's {@code out}. */
        public ModuleTracer tracer(String method) throws PackageException {
            String path = request.source().toString();
            try {
                SourceFile file = new SourceFile(path, Files.readString(request.source(), StandardCharsets.UTF_8));
                return ModuleTracer.of(python, host, module, method, file, path, request.out(),
                        new Run(request, host, python)::scriptedSubmodule);
            } catch (IOException e) {
                throw new PackageException(Stage.TRACE, path + ": cannot read: " + e.getMessage());
            } catch (TraceException e) {
                throw new PackageException(Stage.TRACE, e.pythonType() + ": " + e.getMessage());
            }
        }

        @Override
        public void close() {
            host.close();
        }
    }

    /**
     * Builds the module of {@code request} and loads its weights (the first two stages of {@link #packageModel}).
     *
     * @throws PackageException when building or loading the weights fails
     */
    public static BuiltModule build(Request request) throws PackageException {
        TorchHost host = new TorchHost();
        try {
            Run run = new Run(request, host);
            PyInstance module = run.build();
            if (request.weights() != null) {
                run.loadWeights(module);
            }
            return new BuiltModule(host, run.python, module, request);
        } catch (PackageException | RuntimeException | Error e) {
            host.close();
            throw e;
        }
    }

    /** One packaging: its interpreter and what the stages hand on. */
    private static final class Run {
        private final Request request;
        private final TorchHost host;
        private final PythonInterpreter python;

        Run(Request request, TorchHost host) {
            this.request = request;
            this.host = host;
            List<Path> roots = new ArrayList<>(request.sourceRoots());
            Path folder = request.source().toAbsolutePath().normalize().getParent();
            if (folder != null) {
                roots.add(folder);
            }
            this.python = new PythonInterpreter(host, roots, request.out());
            this.python.setTimeLimit(PYTHON_TIME_LIMIT);
        }

        Run(Request request, TorchHost host, PythonInterpreter python) {
            this.request = request;
            this.host = host;
            this.python = python;
        }

        Report run() throws PackageException {
            Object entry = entry();
            if (entry instanceof PyFunction function) {
                return packageFunction(function);
            }
            PyInstance module = build();
            if (request.weights() != null) {
                loadWeights(module);
            }
            return compileAndVerify(module);
        }

        Report compileAndVerify(PyInstance module) throws PackageException {
            if (request.trace()) {
                return traceAndVerify(module);
            }
            Map<String, ParseResult> sources = sources(module);
            ConcreteTypes describer = new ConcreteTypes(python, sources);
            ConcreteModuleType concrete;
            try {
                concrete = describer.describe(module);
            } catch (PackageException.Problem | PyException e) {
                throw new PackageException(Stage.COMPILE, message(e));
            }
            ConcreteModuleCompiler.Result compiled = compile(concrete, sources);
            write(concrete, compiled);
            Map<String, String> outputs = verify(module, compiled.unit());
            List<String> classes = new ArrayList<>(compiled.unit().classes().keySet());
            return new Report(request.output(), size(request.output()), compiled.classOf(concrete),
                    count(concrete, ConcreteModuleType.Kind.PARAMETER), count(concrete, ConcreteModuleType.Kind.BUFFER),
                    count(concrete, ConcreteModuleType.Kind.MODULE), classes, describer.warnings(), outputs);
        }

        /** The traced path: trace {@code forward}, check it on the check inputs, write, verify. */
        Report traceAndVerify(PyInstance module) throws PackageException {
            String path = request.source().toString();
            SourceFile file;
            try {
                file = new SourceFile(path, Files.readString(request.source(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new PackageException(Stage.TRACE, path + ": cannot read: " + e.getMessage());
            }
            ModuleTracer tracer;
            Trace trace;
            try {
                tracer = ModuleTracer.of(python, host, module, "forward", file, path, request.out(),
                        this::scriptedSubmodule);
                trace = tracer.trace(copies(), request.checkInputs(), request.rtol());
            } catch (TraceException e) {
                throw new PackageException(Stage.TRACE, e.pythonType() + ": " + e.getMessage());
            }
            try {
                Path parent = request.output().toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                TorchScriptArchiveWriter.writeModule(trace.unit(), tracer.instance(), request.output());
            } catch (IOException e) {
                throw new PackageException(Stage.WRITE, request.output() + ": " + e.getMessage());
            } catch (IllegalArgumentException e) {
                throw new PackageException(Stage.WRITE, e.getMessage());
            }
            Map<String, String> outputs = verify(module, trace.unit());
            TorchScriptArchiveWriter.ModuleInstance root = tracer.instance();
            return new Report(request.output(), size(request.output()), root.qualifiedName(),
                    count(root, TorchScriptArchiveWriter.Kind.PARAMETER), count(root, TorchScriptArchiveWriter.Kind.BUFFER),
                    count(root, TorchScriptArchiveWriter.Kind.MODULE), new ArrayList<>(trace.unit().classes().keySet()),
                    trace.warnings(), outputs);
        }

        /**
         * A submodule of a traced module that {@code torch.jit.script} was applied to, compiled
         * against its instance as the scripted path compiles a module.
         *
         * @throws TraceException when it cannot be described or compiled
         */
        ModuleTracer.CompiledModule scriptedSubmodule(PyInstance module) {
            try {
                Map<String, ParseResult> sources = sources(module);
                ConcreteModuleType concrete = new ConcreteTypes(python, sources).describe(module);
                ConcreteModuleCompiler.Result compiled = compile(concrete, sources);
                return new ModuleTracer.CompiledModule(compiled.unit(),
                        TorchScriptArchiveWriter.moduleInstance(concrete, compiled));
            } catch (PackageException e) {
                throw new TraceException("RuntimeError", "cannot compile the scripted submodule "
                        + module.pyClass().name() + ": " + e.getMessage());
            } catch (PackageException.Problem | PyException | IllegalArgumentException e) {
                throw new TraceException("RuntimeError", "cannot compile the scripted submodule "
                        + module.pyClass().name() + ": " + message(e));
            }
        }

        // ---- build -------------------------------------------------------------------------------

        private PyModuleObject main;

        /** The source run as {@code __main__} (once), after {@code torch.manual_seed} when asked. */
        private PyModuleObject main(String text) {
            if (main == null) {
                if (request.seed() != null) {
                    Object torch = python.importModule("torch");
                    python.call(python.getAttr(torch, "manual_seed"), List.of(request.seed()), Map.of());
                }
                main = python.runSource("__main__", request.source().toString(), text);
            }
            return main;
        }

        /** What the request names at the source's top level (null if nothing). */
        private Object entry() throws PackageException {
            try {
                return main(Files.readString(request.source(), StandardCharsets.UTF_8)).dict().get(request.moduleClass());
            } catch (IOException e) {
                throw new PackageException(Stage.BUILD, request.source() + ": cannot read: " + e.getMessage());
            } catch (PyException e) {
                throw new PackageException(Stage.BUILD, message(e));
            }
        }

        // ---- a function ------------------------------------------------------------------------------

        /**
         * Packages a top-level function as {@code torch.jit.save(torch.jit.script(f))} or {@code
         * torch.jit.save(torch.jit.trace(f, inputs))} does (a {@code PlaceholderModule} whose {@code
         * forward} is the function), verified three ways as a module is.
         */
        private Report packageFunction(PyFunction function) throws PackageException {
            if (!request.arguments().isEmpty() || request.weights() != null) {
                throw new PackageException(Stage.BUILD, request.source() + ": '" + request.moduleClass()
                        + "' is a function: it takes no constructor arguments and no weights");
            }
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(request.source());
            } catch (IOException e) {
                throw new PackageException(Stage.BUILD, request.source() + ": cannot read: " + e.getMessage());
            }
            String path = request.source().toString();
            CompilationUnit unit;
            Function compiled;
            List<String> warnings = List.of();
            if (request.trace()) {
                try {
                    Trace trace = Tracer.of(path, bytes, request.moduleClass(), request.out())
                            .trace(copies(), request.checkInputs(), request.rtol());
                    unit = trace.unit();
                    compiled = trace.function();
                    warnings = trace.warnings();
                } catch (TraceException e) {
                    throw new PackageException(Stage.TRACE, e.pythonType() + ": " + e.getMessage());
                }
            } else {
                try {
                    TorchScriptRuntime runtime = TorchScriptRuntime.compile(
                            TorchScriptRuntime.workspace(request.source(), request.sourceRoots()), request.source(), bytes,
                            request.out());
                    compiled = runtime.function(request.moduleClass());
                    unit = runtime.unit();
                } catch (TorchScriptRuntime.CompilationException e) {
                    throw new PackageException(Stage.COMPILE, e.getMessage());
                }
            }
            try {
                Path parent = request.output().toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                TorchScriptArchiveWriter.writeFunction(unit, compiled, request.output());
            } catch (IOException e) {
                throw new PackageException(Stage.WRITE, request.output() + ": " + e.getMessage());
            } catch (IllegalArgumentException e) {
                throw new PackageException(Stage.WRITE, e.getMessage());
            }
            Object eager = runEager(function);
            Object ours;
            try {
                ours = new Interpreter(unit, Operators.standard(), request.out(), new ValueText(TensorText::of))
                        .call(compiled, copies());
            } catch (TorchScriptException e) {
                String at = e.location().map(r -> located(r, "")).orElse("");
                throw new PackageException(Stage.VERIFY, OURS + " raised: " + at + e.getMessage());
            }
            Map<String, String> outputs = compare(ours, runLibtorch(), eager);
            return new Report(request.output(), size(request.output()), compiled.qualifiedName(), 0, 0, 0,
                    List.of(compiled.qualifiedName()), warnings, outputs, true);
        }

        private PyInstance build() throws PackageException {
            String text;
            try {
                text = Files.readString(request.source(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new PackageException(Stage.BUILD, request.source() + ": cannot read: " + e.getMessage());
            }
            try {
                PyModuleObject file = main(text);
                Object cls = file.dict().get(request.moduleClass());
                if (!(cls instanceof PyClass pyClass)) {
                    throw new PackageException(Stage.BUILD, request.source() + ": no class '" + request.moduleClass()
                            + "' at the top level" + (cls == null ? " (nor a function of that name)"
                                    : " (it is " + python.repr(cls) + ")"));
                }
                Object nnModule = python.getAttr(python.importModule("torch.nn"), "Module");
                if (!(nnModule instanceof PyClass base) || !pyClass.isSubclassOf(base)) {
                    throw new PackageException(Stage.BUILD, request.source() + ": class '" + request.moduleClass()
                            + "' is not a subclass of torch.nn.Module");
                }
                Object instance = python.call(cls, List.of(), new LinkedHashMap<>(request.arguments()));
                if (!(instance instanceof PyInstance m)) {
                    throw new PackageException(Stage.BUILD, request.moduleClass() + "(...) did not make a module: "
                            + python.repr(instance));
                }
                if (!request.trainingMode()) {
                    python.call(python.getAttr(m, "eval"), List.of(), Map.of());
                }
                return m;
            } catch (PyException e) {
                throw new PackageException(Stage.BUILD, message(e));
            }
        }

        private void loadWeights(PyInstance module) throws PackageException {
            Map<String, TensorRef> stateDict;
            try {
                stateDict = StateDicts.read(request.weights());
            } catch (ArchiveException | IllegalArgumentException | java.io.UncheckedIOException e) {
                throw new PackageException(Stage.WEIGHTS, request.weights() + ": " + e.getMessage());
            }
            try {
                python.call(python.getAttr(module, "load_state_dict"), List.of(new LinkedHashMap<Object, Object>(stateDict)),
                        Map.of());
            } catch (PyException e) {
                throw new PackageException(Stage.WEIGHTS, request.weights() + ": " + message(e));
            } finally {
                StateDicts.release(stateDict);
            }
        }

        // ---- compile and write ---------------------------------------------------------------------

        /** The parsed sources of the project modules the source imported and whose classes the instance tree uses ({@code ""}: the file). */
        private Map<String, ParseResult> sources(PyInstance root) throws PackageException {
            Map<String, ParseResult> sources = new LinkedHashMap<>();
            sources.put("", parse(request.source()));
            // every project module the source imported, so that compiled code reaches its functions and classes
            for (Map.Entry<String, Path> e : python.sourceModules().entrySet()) {
                if (!e.getKey().equals("__main__") && !e.getKey().startsWith("torch.")) {
                    sources.putIfAbsent(e.getKey(), parse(e.getValue()));
                }
            }
            List<PyInstance> todo = new ArrayList<>(List.of(root));
            while (!todo.isEmpty()) {
                PyInstance m = todo.remove(todo.size() - 1);
                String module = m.pyClass().module();
                if (!module.equals("__main__") && !module.startsWith("torch.") && !sources.containsKey(module)) {
                    Object loaded = python.importModule(module);
                    if (loaded instanceof PyModuleObject p && Files.isRegularFile(Path.of(p.path()))) {
                        sources.put(module, parse(Path.of(p.path())));
                    }
                }
                if (m.dict().get("_modules") instanceof Map<?, ?> subs) {
                    for (Object sub : subs.values()) {
                        if (sub instanceof PyInstance s) {
                            todo.add(s);
                        }
                    }
                }
            }
            return sources;
        }

        private static ParseResult parse(Path file) throws PackageException {
            try {
                return Parser.parse(SourceDecoder.decode(file.toString(), Files.readAllBytes(file)));
            } catch (IOException e) {
                throw new PackageException(Stage.COMPILE, file + ": cannot read: " + e.getMessage());
            }
        }

        private ConcreteModuleCompiler.Result compile(ConcreteModuleType concrete, Map<String, ParseResult> sources)
                throws PackageException {
            ConcreteModuleCompiler.Result compiled;
            try {
                compiled = ConcreteModuleCompiler.compile(concrete, sources);
            } catch (IllegalArgumentException e) {
                throw new PackageException(Stage.COMPILE, e.getMessage());
            }
            List<String> problems = new ArrayList<>();
            for (Diagnostic d : compiled.diagnostics()) {
                if (d.severity() == Severity.ERROR) {
                    problems.add(located(d.range(), d.message()));
                }
            }
            for (EmitException e : compiled.failures()) {
                problems.add(located(e.range(), e.getMessage()));
            }
            if (!problems.isEmpty() || !compiled.ok()) {
                throw new PackageException(Stage.COMPILE, String.join("\n", problems));
            }
            return compiled;
        }

        private void write(ConcreteModuleType concrete, ConcreteModuleCompiler.Result compiled) throws PackageException {
            try {
                Path parent = request.output().toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                TorchScriptArchiveWriter.writeModule(compiled.unit(),
                        TorchScriptArchiveWriter.moduleInstance(concrete, compiled), request.output());
            } catch (IOException e) {
                throw new PackageException(Stage.WRITE, request.output() + ": " + e.getMessage());
            } catch (IllegalArgumentException e) {
                throw new PackageException(Stage.WRITE, e.getMessage());
            }
        }

        // ---- verify ----------------------------------------------------------------------------------

        private Map<String, String> verify(PyInstance module, CompilationUnit compiled) throws PackageException {
            // eager Python first: an error of the model itself is reported with its Python traceback
            Object eager = runEager(module);
            Object ours = runOurs(compiled);
            return compare(ours, runLibtorch(), eager);
        }

        /** The three ways' outputs, printed; any two that disagree fail the packaging. */
        private Map<String, String> compare(Object ours, Object libtorch, Object eager) throws PackageException {
            Map<String, Object> results = new LinkedHashMap<>();
            results.put(OURS, ours);
            results.put(LIBTORCH, libtorch);
            results.put(EAGER, eager);
            Map<String, String> printed = new LinkedHashMap<>();
            results.forEach((way, value) -> printed.put(way, JsonValues.print(plain(value))));
            Object expected = results.get(EAGER);
            for (String way : List.of(OURS, LIBTORCH)) {
                Optional<String> why = mismatch(plain(results.get(way)), plain(expected), "output", request.rtol());
                if (why.isPresent()) {
                    throw new PackageException(Stage.VERIFY, way + " and " + EAGER + " disagree: " + why.get());
                }
            }
            return printed;
        }

        private Object runOurs(CompilationUnit compiled) throws PackageException {
            try {
                TorchScriptArchiveReader.Archive archive = TorchScriptArchiveReader.read(request.output());
                String cls = archive.module().typeName();
                Function forward = compiled.classInfo(cls).flatMap(c -> c.method("forward"))
                        .orElseThrow(() -> new PackageException.Problem("the archive's class " + cls + " has no forward"));
                Interpreter interpreter = new Interpreter(compiled, Operators.standard(), request.out(),
                        new ValueText(TensorText::of));
                List<Object> args = new ArrayList<>();
                args.add(archive.module());
                args.addAll(copies());
                return interpreter.call(forward, args);
            } catch (TorchScriptException e) {
                String at = e.location().map(r -> located(r, "")).orElse("");
                throw new PackageException(Stage.VERIFY, OURS + " raised: " + at + e.getMessage());
            } catch (ArchiveException | PackageException.Problem e) {
                throw new PackageException(Stage.VERIFY, OURS + " cannot read the archive back: " + e.getMessage());
            }
        }

        private Object runLibtorch() throws PackageException {
            try (LibtorchArchive archive = LibtorchArchive.load(request.output())) {
                return archive.forward(copies());
            } catch (TorchScriptException e) {
                throw new PackageException(Stage.VERIFY, LIBTORCH + " raised: " + e.getMessage());
            }
        }

        private Object runEager(Object module) throws PackageException {
            try {
                return python.call(module, copies(), Map.of());
            } catch (PyException e) {
                throw new PackageException(Stage.VERIFY, EAGER + " raised: " + message(e));
            }
        }

        /** A fresh copy of the example inputs (tensors cloned), so no way sees another's in-place writes. */
        private List<Object> copies() {
            List<Object> out = new ArrayList<>();
            for (Object v : request.exampleInputs()) {
                out.add(copy(v));
            }
            return out;
        }

        private Object copy(Object v) {
            if (v instanceof TensorRef t) {
                return host.keep(new TensorRef(t.tensor().clone()));
            }
            if (v instanceof List<?> l) {
                List<Object> out = new ArrayList<>();
                l.forEach(e -> out.add(copy(e)));
                return out;
            }
            if (v instanceof Tuple t) {
                List<Object> out = new ArrayList<>();
                t.elements().forEach(e -> out.add(copy(e)));
                return new Tuple(out);
            }
            if (v instanceof Map<?, ?> m) {
                Map<Object, Object> out = new LinkedHashMap<>();
                m.forEach((k, e) -> out.put(k, copy(e)));
                return out;
            }
            return v;
        }
    }

    /** Python values that are not TorchScript values, as TorchScript has them ({@code torch.Size} a tuple). */
    static Object plain(Object v) {
        if (v instanceof TorchSize s) {
            return new Tuple(new ArrayList<>(s.dims()));
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(e -> out.add(plain(e)));
            return out;
        }
        if (v instanceof Tuple t) {
            List<Object> out = new ArrayList<>();
            t.elements().forEach(e -> out.add(plain(e)));
            return new Tuple(out);
        }
        return v;
    }

    /** Why {@code actual} is not {@code expected} (tensors close by {@link OutputComparison} within {@code rtol}), at {@code where}. */
    private static Optional<String> mismatch(Object actual, Object expected, String where, double rtol) {
        if (expected instanceof TensorRef e && actual instanceof TensorRef a) {
            return OutputComparison.mismatch(a, e, rtol).map(why -> where + ": " + why);
        }
        if (expected instanceof Tuple e && actual instanceof Tuple a && e.elements().size() == a.elements().size()) {
            for (int i = 0; i < e.elements().size(); i++) {
                Optional<String> why = mismatch(a.elements().get(i), e.elements().get(i), where + "[" + i + "]", rtol);
                if (why.isPresent()) {
                    return why;
                }
            }
            return Optional.empty();
        }
        if (expected instanceof List<?> e && actual instanceof List<?> a && e.size() == a.size()) {
            for (int i = 0; i < e.size(); i++) {
                Optional<String> why = mismatch(a.get(i), e.get(i), where + "[" + i + "]", rtol);
                if (why.isPresent()) {
                    return why;
                }
            }
            return Optional.empty();
        }
        if (JsonValues.agree(expected, actual)) {
            return Optional.empty();
        }
        return Optional.of(where + ": " + JsonValues.print(actual) + " is not " + JsonValues.print(expected));
    }

    /** The tensors of one kind in a module tree (a submodule counts as one, with its own tensors). */
    private static int count(TorchScriptArchiveWriter.ModuleInstance m, TorchScriptArchiveWriter.Kind kind) {
        int n = 0;
        for (TorchScriptArchiveWriter.Attribute a : m.attributes()) {
            if (a.kind() == kind) {
                n++;
            }
        }
        return n;
    }

    private static int count(ConcreteModuleType t, ConcreteModuleType.Kind kind) {
        return (int) t.attributes().stream().filter(a -> a.kind() == kind && a.value() != null).count();
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return -1;
        }
    }

    private static String located(SourceRange range, String message) {
        return range == null ? message
                : range.file().path() + ":" + range.startLine() + ":" + range.startColumn() + ": " + message;
    }

    /** A Python exception with its innermost location first: {@code model.py:9: in __init__: TypeError: ...}. */
    private static String message(Exception e) {
        if (e instanceof PyException p) {
            return p.describe();
        }
        return e.getMessage();
    }
}
