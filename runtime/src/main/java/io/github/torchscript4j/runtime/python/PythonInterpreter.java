package io.github.torchscript4j.runtime.python;

import io.github.torchscript4j.checker.eval.Tuple;
import io.github.torchscript4j.checker.source.Diagnostic;
import io.github.torchscript4j.checker.source.SourceFile;
import io.github.torchscript4j.checker.source.SourceRange;
import io.github.torchscript4j.checker.syntax.ParseResult;
import io.github.torchscript4j.checker.syntax.Parser;
import io.github.torchscript4j.checker.syntax.ast.Arg;
import io.github.torchscript4j.checker.syntax.ast.Arguments;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The entry point of the Python interpreter: runs Python source files as modules and calls,
 * inspects and prints their values. Imports resolve, in order, to a module of the {@link Host},
 * a builtin module of the interpreter ({@code math}, {@code typing}, {@code collections}, ...), a
 * bundled library module of the checker ({@code torch.nn.modules.linear} is the resource
 * {@code library/torch_nn_modules_linear.py}), then a source file under one of the source roots
 * ({@code a/b.py} or {@code a/b/__init__.py}).
 *
 * <p>Every Python error is a {@link PyException} with the traceback of the frames it left; a Java
 * exception escaping from the host or from the interpreter becomes a {@code SystemError} there.
 * Recursion is limited to {@link #RECURSION_LIMIT} Python frames ({@code RecursionError}); public
 * calls run on a thread with a large stack for that. There is no protection against code that
 * never ends: a caller that needs one runs the interpreter under its own timeout.
 *
 * <p>An interpreter is not thread-safe; use one per thread.
 */
public final class PythonInterpreter {
    /** Python frames allowed on the stack, as CPython's default recursion limit. */
    public static final int RECURSION_LIMIT = 1000;
    /** The type of the exception that stops code past its {@linkplain #setTimeLimit time limit}; no {@code except} catches it. */
    public static final String TIME_LIMIT = "TimeLimitExceeded";
    private static final long STACK_BYTES = 1L << 30;
    private static final ThreadLocal<Boolean> ON_BIG_STACK = ThreadLocal.withInitial(() -> false);

    private final Host host;
    private final List<Path> sourceRoots;
    final PrintStream out;
    private final Ops ops;
    private final Evaluator evaluator;
    private final Builtins builtins;
    private final Map<String, Object> modules = new HashMap<>();
    private final Map<Object, String> hostModuleNames = new java.util.IdentityHashMap<>();
    private final Set<String> importing = new HashSet<>();
    private int depth;
    /** The module and function frames running, innermost first: where {@link #location} looks. */
    private final java.util.Deque<Frame> running = new java.util.ArrayDeque<>();
    /** The source of each module run, by path, for {@link #location}. */
    private final Map<String, SourceFile> sources = new java.util.concurrent.ConcurrentHashMap<>();
    /** {@link System#nanoTime} past which Python code stops ({@link #setTimeLimit}); MAX_VALUE: none. */
    private volatile long deadline = Long.MAX_VALUE;
    private volatile java.time.Duration timeLimit;

    /**
     * An interpreter asking {@code host} for what it does not model, importing Python source from
     * {@code sourceRoots} and printing {@code print(...)} output to {@code out}.
     */
    public PythonInterpreter(Host host, List<Path> sourceRoots, PrintStream out) {
        this.host = host;
        this.sourceRoots = List.copyOf(sourceRoots);
        this.out = out;
        this.ops = new Ops(this, host);
        this.evaluator = new Evaluator(this, ops);
        this.builtins = new Builtins(this, ops);
    }

    // ---- public API ----

    /**
     * Runs {@code file} as a module named after its path under a source root ({@code pkg/model.py}
     * is {@code pkg.model}) or, outside the roots, after its file name; its {@code __name__} is
     * that name, never {@code "__main__"}.
     */
    public PyModuleObject runFile(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new PyException("OSError", "cannot read " + file + ": " + e.getMessage());
        }
        return runSource(moduleNameOf(file), file.toString(), text);
    }

    /** Runs {@code text} as the module {@code moduleName} (registered for later imports); {@code path} is for messages. */
    public PyModuleObject runSource(String moduleName, String path, String text) {
        return onBigStack(() -> {
            PyModuleObject m = new PyModuleObject(moduleName, path, false);
            modules.put(moduleName, m);
            try {
                execModule(m, text);
            } catch (PyException e) {
                modules.remove(moduleName);
                throw e;
            }
            return m;
        });
    }

    /** Imports module {@code name} as {@code import name} would (absolute name). */
    public Object importModule(String name) {
        return onBigStack(() -> importModule(name, null));
    }

    /** {@code getattr(obj, name)}. */
    public Object getAttr(Object obj, String name) {
        return onBigStack(() -> getAttribute(obj, name));
    }

    /** {@code setattr(obj, name, value)}. */
    public void setAttr(Object obj, String name, Object value) {
        onBigStack(() -> {
            setAttribute(obj, name, value);
            return null;
        });
    }

    /** Calls {@code callable(*args, **kwargs)}. */
    public Object call(Object callable, List<Object> args, Map<String, Object> kwargs) {
        return onBigStack(() -> invoke(callable, args, kwargs));
    }

    /** {@code str(value)}. */
    public String str(Object value) {
        return onBigStack(() -> ops.str(value));
    }

    /** {@code repr(value)}. */
    public String repr(Object value) {
        return onBigStack(() -> ops.repr(value));
    }

    /** {@code isinstance(value, cls)}; {@code cls} may be a tuple of classes. */
    public boolean isInstance(Object value, Object cls) {
        return onBigStack(() -> ops.isInstance(value, cls));
    }

    /**
     * The modules run so far from source files of the project (not builtin, bundled or host ones),
     * by dotted name ({@code __main__} for a file run as the main program), with their files.
     */
    public Map<String, Path> sourceModules() {
        Map<String, Path> out = new java.util.TreeMap<>();
        modules.forEach((name, m) -> {
            if (m instanceof PyModuleObject p && !p.path().startsWith("<")) {
                try {
                    Path file = Path.of(p.path());
                    if (java.nio.file.Files.isRegularFile(file)) {
                        out.put(name, file);
                    }
                } catch (java.nio.file.InvalidPathException e) {
                    // not a file
                }
            }
        });
        return out;
    }

    /** The name of {@code value}'s Python type ({@code int}, {@code list}, {@code Tensor}, a class's name). */
    public String typeName(Object value) {
        return onBigStack(() -> ops.typeName(value));
    }

    /** The elements of an iterable, as {@code list(value)} gives them. */
    public List<Object> iterate(Object value) {
        return onBigStack(() -> {
            List<Object> out = new java.util.ArrayList<>();
            ops.iterate(value).forEachRemaining(out::add);
            return out;
        });
    }

    /**
     * Limits how long Python code may run from now on: past {@code limit}, the next loop iteration or
     * function call raises {@link #TIME_LIMIT} (located, with its traceback; no {@code except} catches it), so a constructor that
     * never ends fails instead of hanging its caller. Null removes the limit (the default).
     */
    public void setTimeLimit(java.time.Duration limit) {
        deadline = limit == null ? Long.MAX_VALUE : System.nanoTime() + limit.toNanos();
        timeLimit = limit;
    }

    /** Raises {@link #TIME_LIMIT} when the time limit has passed. */
    void checkTime() {
        if (deadline != Long.MAX_VALUE && System.nanoTime() - deadline > 0) {
            throw new PyException(TIME_LIMIT, "the Python code ran past its time limit of "
                    + timeLimit.toSeconds() + " s");
        }
    }

    /** The host this interpreter asks about foreign values. */
    public Host host() {
        return host;
    }

    // ---- the big stack ----

    private <T> T onBigStack(java.util.function.Supplier<T> body) {
        if (ON_BIG_STACK.get()) {
            return body.get();
        }
        AtomicReference<Object> result = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = new Thread(null, () -> {
            ON_BIG_STACK.set(true);
            try {
                result.set(body.get());
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "python-interpreter", STACK_BYTES);
        t.start();
        try {
            t.join();
        } catch (InterruptedException e) {
            t.interrupt();
            Thread.currentThread().interrupt();
            throw new PyException("KeyboardInterrupt", "interrupted");
        }
        Throwable e = failure.get();
        if (e instanceof RuntimeException re) {
            throw re;
        } else if (e instanceof Error err) {
            throw err;
        } else if (e != null) {
            throw new PyException("SystemError", e.toString());
        }
        @SuppressWarnings("unchecked")
        T r = (T) result.get();
        return r;
    }

    // ---- modules ----

    private String moduleNameOf(Path file) {
        Path abs = file.toAbsolutePath().normalize();
        for (Path root : sourceRoots) {
            Path r = root.toAbsolutePath().normalize();
            if (abs.startsWith(r)) {
                String rel = r.relativize(abs).toString().replace('\\', '/');
                rel = rel.endsWith(".py") ? rel.substring(0, rel.length() - 3) : rel;
                if (rel.endsWith("/__init__")) {
                    rel = rel.substring(0, rel.length() - "/__init__".length());
                }
                return rel.replace('/', '.');
            }
        }
        String n = abs.getFileName().toString();
        return n.endsWith(".py") ? n.substring(0, n.length() - 3) : n;
    }

    /**
     * Where the running Python code is: the start of the line of the statement that the innermost
     * module or function frame runs (the line a tracer records for an operator, as the
     * reference's tracer takes the innermost Python frame's line); with {@code outer} > 0, that
     * of the frame {@code outer} calls out (1: the caller of the running function). Empty outside
     * any code.
     */
    public Optional<SourceRange> location(int outer) {
        int skip = outer;
        for (Frame f : running) {
            if (skip-- > 0) {
                continue;
            }
            SourceFile file = sources.get(f.globals.path());
            if (file != null && f.line > 0 && f.line <= file.lineCount()) {
                int start = file.lineStart(f.line);
                return Optional.of(new SourceRange(file, start, start));
            }
        }
        return Optional.empty();
    }

    private void execModule(PyModuleObject m, String text) {
        SourceFile source = new SourceFile(m.path(), text);
        sources.put(m.path(), source);
        ParseResult parsed = Parser.parse(source);
        if (parsed.hasErrors()) {
            Diagnostic d = parsed.primaryError().orElse(parsed.diagnostics().get(0));
            throw new PyException("SyntaxError", d.message())
                    .at(m.path() + ":" + d.range().startLine() + ": in <module>");
        }
        Frame f = Frame.module(m);
        depth++;
        running.push(f);
        try {
            evaluator.execBlock(f, parsed.module().body());
        } catch (PyException e) {
            throw e.at(m.path() + ":" + f.line + ": in <module>");
        } catch (StackOverflowError e) {
            throw new PyException("RecursionError", "maximum recursion depth exceeded").at(m.path() + ":" + f.line + ": in <module>");
        } catch (RuntimeException e) {
            throw internal(e).at(m.path() + ":" + f.line + ": in <module>");
        } finally {
            running.pop();
            depth--;
        }
    }

    static PyException internal(RuntimeException e) {
        return new PyException("SystemError", "internal error: " + e);
    }

    /** The absolute module name of {@code from <dots>module import ...} in module {@code from}. */
    String resolveRelative(String module, int level, PyModuleObject from) {
        if (level == 0) {
            return module;
        }
        String base = from.isPackage ? from.name() : parentOf(from.name());
        for (int i = 1; i < level; i++) {
            base = parentOf(base);
        }
        if (base.isEmpty()) {
            throw new PyException("ImportError", "attempted relative import beyond top-level package");
        }
        return module.isEmpty() ? base : base + "." + module;
    }

    private static String parentOf(String name) {
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(0, dot);
    }

    Object importModule(String name, PyModuleObject from) {
        Object m = modules.get(name);
        if (m != null) {
            return m;
        }
        int dot = name.lastIndexOf('.');
        Object parent = null;
        if (dot > 0) {
            String parentName = name.substring(0, dot);
            try {
                parent = importModule(parentName, from);
            } catch (PyException e) {
                if (!e.type().equals("ModuleNotFoundError") || !sourceExists(name)) {
                    throw e;
                }
                parent = namespacePackage(parentName);
            }
            m = modules.get(name);
            if (m != null) {
                return m;
            }
        }
        Optional<PyAttributes> hosted = host.importModule(name);
        if (hosted.isPresent()) {
            m = hosted.get();
            hostModuleNames.put(m, name);
            modules.put(name, m);
            return m;
        }
        PyModuleObject builtin = BuiltinModules.make(name, this, ops);
        if (builtin != null) {
            modules.put(name, builtin);
            return builtin;
        }
        String text = libraryText(name);
        String path = "<library>/" + name.replace('.', '_') + ".py";
        boolean isPackage = text != null && isLibraryPackage(name);
        if (text == null) {
            for (Path root : sourceRoots) {
                Path base = root.resolve(name.replace('.', '/'));
                Path file = base.resolveSibling(base.getFileName() + ".py");
                Path init = base.resolve("__init__.py");
                Path found = Files.isRegularFile(file) ? file : Files.isRegularFile(init) ? init : null;
                if (found != null) {
                    try {
                        text = Files.readString(found, StandardCharsets.UTF_8);
                    } catch (IOException e) {
                        throw new PyException("ImportError", "cannot read " + found + ": " + e.getMessage());
                    }
                    path = found.toString();
                    isPackage = found == init;
                    break;
                }
            }
        }
        if (text == null) {
            if (parent instanceof PyModuleObject || dot < 0) {
                throw new PyException("ModuleNotFoundError", "No module named '" + name + "'");
            }
            throw new PyException("ModuleNotFoundError", "No module named '" + name + "'");
        }
        if (!importing.add(name)) {
            throw new PyException("ImportError", "circular import of '" + name + "'");
        }
        PyModuleObject module = new PyModuleObject(name, path, isPackage);
        modules.put(name, module);
        try {
            execModule(module, text);
        } catch (PyException e) {
            modules.remove(name);
            throw e;
        } finally {
            importing.remove(name);
        }
        if (parent instanceof PyModuleObject pm) {
            pm.dict().putIfAbsent(name.substring(dot + 1), module);
        }
        return module;
    }

    private boolean sourceExists(String name) {
        if (libraryText(name) != null) {
            return true;
        }
        for (Path root : sourceRoots) {
            Path base = root.resolve(name.replace('.', '/'));
            if (Files.isRegularFile(base.resolveSibling(base.getFileName() + ".py")) || Files.isRegularFile(base.resolve("__init__.py"))) {
                return true;
            }
        }
        return false;
    }

    /**
     * An empty package standing for {@code name} when a bundled or source module below it exists
     * but {@code name} itself has no source (as Python's namespace packages): {@code torch.nn.init}
     * is bundled before {@code torch.nn} is.
     */
    private PyModuleObject namespacePackage(String name) {
        PyModuleObject ns = new PyModuleObject(name, "<namespace>", true);
        modules.put(name, ns);
        int dot = name.lastIndexOf('.');
        if (dot > 0 && modules.get(name.substring(0, dot)) instanceof PyModuleObject parent) {
            parent.dict().putIfAbsent(name.substring(dot + 1), ns);
        }
        return ns;
    }

    private static final String LIBRARY = "io/github/torchscript4j/checker/library/";
    private static volatile java.util.Set<String> libraryStems;

    /**
     * Whether bundled module {@code name} is a package: some other bundled file's name extends its
     * own ({@code torch_nn.py} is the package of {@code torch_nn_modules_linear.py}).
     */
    static boolean isLibraryPackage(String name) {
        String prefix = name.replace('.', '_') + "_";
        for (String stem : libraryStems()) {
            if (stem.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /** The names (without {@code .py}) of the bundled library's files, in every class path entry. */
    private static java.util.Set<String> libraryStems() {
        java.util.Set<String> stems = libraryStems;
        if (stems != null) {
            return stems;
        }
        stems = new java.util.TreeSet<>();
        try {
            java.util.Enumeration<java.net.URL> dirs = Parser.class.getClassLoader().getResources(LIBRARY);
            while (dirs.hasMoreElements()) {
                java.net.URL url = dirs.nextElement();
                if (url.getProtocol().equals("file")) {
                    try (java.util.stream.Stream<Path> files = Files.list(Path.of(url.toURI()))) {
                        for (Path f : (Iterable<Path>) files::iterator) {
                            addStem(stems, f.getFileName().toString());
                        }
                    }
                } else if (url.getProtocol().equals("jar")) {
                    java.net.JarURLConnection c = (java.net.JarURLConnection) url.openConnection();
                    c.setUseCaches(false);
                    try (java.util.jar.JarFile jar = c.getJarFile()) {
                        for (java.util.jar.JarEntry e : java.util.Collections.list(jar.entries())) {
                            if (e.getName().startsWith(LIBRARY)) {
                                addStem(stems, e.getName().substring(LIBRARY.length()));
                            }
                        }
                    }
                }
            }
        } catch (IOException | java.net.URISyntaxException | RuntimeException e) {
            // without a listing every bundled module counts as a plain module
        }
        libraryStems = stems;
        return stems;
    }

    private static void addStem(java.util.Set<String> stems, String file) {
        if (file.endsWith(".py") && !file.contains("/")) {
            stems.add(file.substring(0, file.length() - 3));
        }
    }

    private static String libraryText(String name) {
        String resource = "/io/github/torchscript4j/checker/library/" + name.replace('.', '_') + ".py";
        try (InputStream in = Parser.class.getResourceAsStream(resource)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null;
        }
    }

    /** A submodule reached as an attribute of an imported module ({@code torch.nn} after {@code import torch}). */
    private Object submodule(Object module, String attr) {
        String base = module instanceof PyModuleObject m ? m.name() : hostModuleNames.get(module);
        if (base == null) {
            return PyClass.MISSING;
        }
        String full = base + "." + attr;
        if (modules.containsKey(full)) {
            return modules.get(full);
        }
        if (importing.contains(full)) {
            return PyClass.MISSING;
        }
        try {
            return importModule(full, null);
        } catch (PyException e) {
            if (e.type().equals("ModuleNotFoundError")) {
                return PyClass.MISSING;
            }
            throw e;
        }
    }

    // ---- internals used by the evaluator and builtins ----

    Ops ops() {
        return ops;
    }

    Map<String, Object> builtins() {
        return builtins.namespace();
    }

    PyClass builtinClass(String name) {
        return builtins.classNamed(name);
    }

    Object superBuiltin() {
        return builtins.namespace().get("super");
    }

    int depth() {
        return depth;
    }

    String format(Object value, String spec) {
        if (value instanceof PyInstance inst && inst.pyClass().lookup("__format__") != PyClass.MISSING
                && !(inst.pyClass().lookup("__format__") instanceof PyBuiltin)) {
            return (String) invoke(getAttribute(value, "__format__"), List.of(spec), Map.of());
        }
        if (!spec.isEmpty() && ops.foreign(value)) {
            // a one-element tensor formats as its number (Tensor.__format__)
            Object f = findAttribute(value, "__format__");
            if (f != PyClass.MISSING) {
                return ops.str(invoke(f, args(spec), Map.of()));
            }
            Object item = findAttribute(value, "item");
            if (item != PyClass.MISSING) {
                return Formatting.format(ops, invoke(item, List.of(), Map.of()), spec);
            }
        }
        return Formatting.format(ops, value, spec);
    }

    /** A new class (a {@code class} statement, or {@code type(name, bases, dict)}). */
    PyClass newClass(String name, String module, List<Object> baseValues, LinkedHashMap<String, Object> dict) {
        List<PyClass> bases = new ArrayList<>();
        for (Object b : baseValues) {
            if (b instanceof PyClass c) {
                bases.add(c);
            } else if (b instanceof Descriptors.TypingForm t) {
                if (t.name().equals("NamedTuple")) {
                    return Builtins.namedTupleClass(this, name, module, dict);
                }
                if (t.name().equals("Generic") || t.name().equals("Protocol")) {
                    continue;
                }
                throw new PyException("TypeError", "cannot derive from typing." + t.name());
            } else {
                throw new PyException("TypeError", "a class can only derive from interpreted classes, not from "
                        + ops.typeName(b) + " " + ops.repr(b));
            }
        }
        if (bases.isEmpty()) {
            bases.add(builtins.classNamed("object"));
        }
        if (dict.get("__init_subclass__") instanceof PyFunction f) {
            dict.put("__init_subclass__", new Descriptors.ClassMethod(f));
        }
        if (dict.get("__new__") instanceof PyFunction f) {
            dict.put("__new__", new Descriptors.StaticMethod(f));
        }
        if (dict.containsKey("__eq__") && !dict.containsKey("__hash__")) {
            dict.put("__hash__", null);
        }
        PyClass c = new PyClass(name, module, bases, dict, null);
        c.interpreter = this;
        for (Object v : dict.values()) {
            PyFunction fn = functionOf(v);
            if (fn != null && fn.owner == null) {
                fn.owner = c;
            }
        }
        for (PyClass b : c.mro().subList(1, c.mro().size())) {
            if (b.module().equals("enum") && b.name().equals("Enum")) {
                BuiltinModules.makeEnum(this, ops, c);
                break;
            }
        }
        for (int i = 1; i < c.mro().size(); i++) {
            Object hook = c.mro().get(i).dict().get("__init_subclass__");
            if (hook instanceof Descriptors.ClassMethod cm) {
                invoke(cm.function(), List.of(c), Map.of());
                break;
            } else if (hook != null) {
                break;
            }
        }
        return c;
    }

    private static PyFunction functionOf(Object v) {
        if (v instanceof PyFunction f) {
            return f;
        } else if (v instanceof Descriptors.StaticMethod s) {
            return functionOf(s.function());
        } else if (v instanceof Descriptors.ClassMethod s) {
            return functionOf(s.function());
        } else if (v instanceof Descriptors.Property p) {
            return functionOf(p.getter());
        }
        return null;
    }

    // ---- calls ----

    String callableName(Object fn) {
        if (fn instanceof PyFunction f) {
            return f.qualname;
        } else if (fn instanceof PyBoundMethod b) {
            return callableName(b.function());
        } else if (fn instanceof PyBuiltin b) {
            return b.name();
        } else if (fn instanceof PyClass c) {
            return c.name();
        }
        return ops.typeName(fn);
    }

    Object invoke(Object fn, List<Object> args, Map<String, Object> kwargs) {
        if (fn instanceof PyFunction f) {
            return host.callFunction(f, args, () -> callFunction(f, args, kwargs));
        } else if (fn instanceof PyBoundMethod b) {
            List<Object> all = new ArrayList<>(args.size() + 1);
            all.add(b.self());
            all.addAll(args);
            return invoke(b.function(), all, kwargs);
        } else if (fn instanceof PyBuiltin b) {
            try {
                return b.body().call(args, kwargs);
            } catch (ClassCastException e) {
                throw new PyException("TypeError", b.name() + "(): an argument has the wrong type (" + e.getMessage() + ")");
            } catch (IndexOutOfBoundsException e) {
                throw new PyException("TypeError", b.name() + "(): missing argument(s)");
            } catch (NullPointerException e) {
                throw new PyException("TypeError", b.name() + "(): None where a value is needed");
            }
        } else if (fn instanceof PyClass c) {
            return instantiate(c, args, kwargs);
        } else if (fn instanceof PyInstance inst) {
            Object call = inst.pyClass().lookup("__call__");
            if (call == PyClass.MISSING) {
                throw new PyException("TypeError", "'" + inst.pyClass().name() + "' object is not callable");
            }
            return invoke(bind(call, inst, inst.pyClass()), args, kwargs);
        } else if (fn instanceof Descriptors.StaticMethod s) {
            return invoke(s.function(), args, kwargs);
        } else if (fn != null && host.isForeign(fn) && !(fn instanceof PyCallable)) {
            Optional<Object> call = fn instanceof PyAttributes pa ? pa.attribute("__call__") : host.attribute(fn, "__call__");
            if (call.isEmpty()) {
                throw new PyException("TypeError", "'" + ops.typeName(fn) + "' object is not callable");
            }
            return invoke(call.get(), args, kwargs);
        } else if (fn instanceof PyCallable c) {
            return c.call(args, kwargs);
        } else if (fn instanceof PyAttributes pa) {
            Optional<Object> call = pa.attribute("__call__");
            if (call.isEmpty()) {
                throw new PyException("TypeError", "'" + pa.pythonTypeName() + "' object is not callable");
            }
            return invoke(call.get(), args, kwargs);
        }
        throw new PyException("TypeError", "'" + ops.typeName(fn) + "' object is not callable");
    }

    private Object instantiate(PyClass c, List<Object> args, Map<String, Object> kwargs) {
        if (c.constructor != null) {
            return c.constructor.call(args, kwargs);
        }
        Object newMethod = c.lookup("__new__");
        Object obj;
        if (newMethod instanceof Descriptors.StaticMethod sm && !(sm.function() instanceof PyBuiltin)) {
            List<Object> all = new ArrayList<>();
            all.add(c);
            all.addAll(args);
            obj = invoke(sm.function(), all, kwargs);
            if (!(obj instanceof PyInstance pi && pi.pyClass().isSubclassOf(c))) {
                return obj;
            }
        } else {
            obj = new PyInstance(c);
            if (c.isSubclassOf(builtins.classNamed("BaseException"))) {
                initException((PyInstance) obj, new Tuple(args));
            }
        }
        Object init = c.lookup("__init__");
        Object r = invoke(bind(init, obj, c), args, kwargs);
        if (r != null) {
            throw new PyException("TypeError", "__init__() should return None, not '" + ops.typeName(r) + "'");
        }
        return obj;
    }

    /** What attribute lookup gives for class attribute {@code v} found on {@code obj} (null: on the class itself). */
    Object bind(Object v, Object obj, PyClass cls) {
        if (v instanceof PyFunction f) {
            return obj == null ? f : new PyBoundMethod(obj, f, this);
        } else if (v instanceof PyBuiltin b && b.method()) {
            return obj == null ? b : new PyBoundMethod(obj, b, this);
        } else if (v instanceof Descriptors.StaticMethod s) {
            return s.function();
        } else if (v instanceof Descriptors.ClassMethod cm) {
            return new PyBoundMethod(cls, cm.function(), this);
        } else if (v instanceof Descriptors.Property p) {
            if (obj == null) {
                return p;
            }
            if (p.getter() == null) {
                throw new PyException("AttributeError", "property of '" + cls.name() + "' object has no getter");
            }
            return invoke(p.getter(), List.of(obj), Map.of());
        }
        return v;
    }

    private Object callFunction(PyFunction f, List<Object> args, Map<String, Object> kwargs) {
        Frame frame = Frame.call(f);
        bindArguments(f, frame.locals, args, kwargs);
        if (f.scope.generator()) {
            frame.yields = new ArrayList<>();
        }
        checkTime();
        if (++depth > RECURSION_LIMIT) {
            depth--;
            throw new PyException("RecursionError", "maximum recursion depth exceeded");
        }
        String where = f.globals.path();
        running.push(frame);
        try {
            int status = evaluator.execBlock(frame, f.body);
            if (frame.yields != null) {
                return new Descriptors.PyIterator(frame.yields.iterator());
            }
            return status == Evaluator.RETURN ? frame.returned : null;
        } catch (PyException e) {
            throw e.at(where + ":" + frame.line + ": in " + f.name);
        } catch (StackOverflowError e) {
            throw new PyException("RecursionError", "maximum recursion depth exceeded").at(where + ":" + frame.line + ": in " + f.name);
        } catch (RuntimeException e) {
            throw internal(e).at(where + ":" + frame.line + ": in " + f.name);
        } finally {
            running.pop();
            depth--;
        }
    }

    private void bindArguments(PyFunction f, Map<String, Object> locals, List<Object> args, Map<String, Object> kwargs) {
        Arguments p = f.params;
        List<Arg> positional = new ArrayList<>(p.posonlyargs());
        positional.addAll(p.args());
        int n = positional.size();
        String fname = f.qualname;
        for (int i = 0; i < Math.min(n, args.size()); i++) {
            locals.put(positional.get(i).arg(), args.get(i));
        }
        if (args.size() > n) {
            if (p.vararg().isEmpty()) {
                int required = n - f.defaults.size();
                String takes = required == n ? String.valueOf(n) : "from " + required + " to " + n;
                throw new PyException("TypeError", fname + "() takes " + takes + " positional argument"
                        + (n == 1 && required == n ? "" : "s") + " but " + args.size() + (args.size() == 1 ? " was" : " were") + " given");
            }
            locals.put(p.vararg().get().arg(), new Tuple(args.subList(n, args.size())));
        } else if (p.vararg().isPresent()) {
            locals.put(p.vararg().get().arg(), new Tuple(List.of()));
        }
        LinkedHashMap<Object, Object> extra = p.kwarg().isPresent() ? new LinkedHashMap<>() : null;
        for (Map.Entry<String, Object> e : kwargs.entrySet()) {
            String k = e.getKey();
            boolean known = false;
            for (Arg a : p.args()) {
                known |= a.arg().equals(k);
            }
            for (Arg a : p.kwonlyargs()) {
                known |= a.arg().equals(k);
            }
            if (known) {
                if (locals.containsKey(k)) {
                    throw new PyException("TypeError", fname + "() got multiple values for argument '" + k + "'");
                }
                locals.put(k, e.getValue());
            } else if (extra != null) {
                extra.put(k, e.getValue());
            } else {
                throw new PyException("TypeError", fname + "() got an unexpected keyword argument '" + k + "'");
            }
        }
        List<String> missing = new ArrayList<>();
        int firstDefault = n - f.defaults.size();
        for (int i = 0; i < n; i++) {
            String name = positional.get(i).arg();
            if (!locals.containsKey(name)) {
                if (i >= firstDefault) {
                    locals.put(name, f.defaults.get(i - firstDefault));
                } else {
                    missing.add(name);
                }
            }
        }
        if (!missing.isEmpty()) {
            throw new PyException("TypeError", fname + "() missing " + missing.size() + " required positional argument"
                    + (missing.size() == 1 ? "" : "s") + ": " + nameList(missing));
        }
        for (Arg a : p.kwonlyargs()) {
            if (!locals.containsKey(a.arg())) {
                if (f.kwDefaults.containsKey(a.arg())) {
                    locals.put(a.arg(), f.kwDefaults.get(a.arg()));
                } else {
                    missing.add(a.arg());
                }
            }
        }
        if (!missing.isEmpty()) {
            throw new PyException("TypeError", fname + "() missing " + missing.size() + " required keyword-only argument"
                    + (missing.size() == 1 ? "" : "s") + ": " + nameList(missing));
        }
        if (extra != null) {
            locals.put(p.kwarg().get().arg(), extra);
        }
    }

    private static String nameList(List<String> names) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < names.size(); i++) {
            if (i > 0) {
                b.append(names.size() == 2 ? " and " : i == names.size() - 1 ? ", and " : ", ");
            }
            b.append('\'').append(names.get(i)).append('\'');
        }
        return b.toString();
    }

    // ---- attributes ----

    Object getAttribute(Object obj, String name) {
        Object v = findAttribute(obj, name);
        if (v != PyClass.MISSING) {
            return v;
        }
        if (obj instanceof PyInstance inst) {
            Object getattr = inst.pyClass().lookup("__getattr__");
            if (getattr != PyClass.MISSING) {
                return invoke(bind(getattr, inst, inst.pyClass()), List.of(name), Map.of());
            }
            throw new PyException("AttributeError", "'" + inst.pyClass().name() + "' object has no attribute '" + name + "'");
        } else if (obj instanceof PyModuleObject m) {
            throw new PyException("AttributeError", "module '" + m.name() + "' has no attribute '" + name + "'");
        } else if (obj instanceof PyClass c) {
            throw new PyException("AttributeError", "type object '" + c.name() + "' has no attribute '" + name + "'");
        } else if (hostModuleNames.containsKey(obj)) {
            throw new PyException("AttributeError", "module '" + hostModuleNames.get(obj) + "' has no attribute '" + name + "'");
        }
        throw new PyException("AttributeError", "'" + ops.typeName(obj) + "' object has no attribute '" + name + "'");
    }

    /** The attribute, {@link PyClass#MISSING} when normal lookup finds none (no {@code __getattr__}). */
    Object findAttribute(Object obj, String name) {
        if (obj instanceof PyInstance inst) {
            return instanceAttribute(inst, inst.pyClass(), name);
        } else if (obj instanceof PyClass c) {
            switch (name) {
                case "__name__" -> {
                    return c.name();
                }
                case "__qualname__" -> {
                    Object q = c.dict().get("__qualname__");
                    return q != null ? q : c.name();
                }
                case "__module__" -> {
                    return c.module();
                }
                case "__mro__" -> {
                    return new Tuple(new ArrayList<>(c.mro()));
                }
                case "__bases__" -> {
                    return new Tuple(new ArrayList<>(c.bases()));
                }
                case "__dict__" -> {
                    return new LinkedHashMap<Object, Object>(c.dict());
                }
                case "__class__" -> {
                    return builtins.classNamed("type");
                }
                default -> { }
            }
            Object v = c.lookup(name);
            if (v == PyClass.MISSING && c.isBuiltin()) {
                return builtins.unboundMethod(c, name);
            }
            return v == PyClass.MISSING ? v : bind(v, null, c);
        } else if (obj instanceof Descriptors.Super s) {
            return superAttribute(s, name);
        } else if (obj instanceof PyModuleObject m) {
            if (m.dict().containsKey(name)) {
                return m.dict().get(name);
            }
            if (name.equals("__dict__")) {
                return m.dict();
            }
            return submodule(m, name);
        } else if (obj instanceof PyFunction f) {
            if (f.dict.containsKey(name)) {
                return f.dict.get(name);
            }
            return switch (name) {
                case "__name__" -> f.name;
                case "__qualname__" -> f.qualname;
                case "__module__" -> f.module();
                case "__dict__" -> f.dict;
                case "__doc__" -> f.dict.get("__doc__");
                default -> f.dict.containsKey(name) ? f.dict.get(name) : PyClass.MISSING;
            };
        } else if (obj instanceof PyBoundMethod b) {
            return switch (name) {
                case "__self__" -> b.self();
                case "__func__" -> b.function();
                default -> findAttribute(b.function(), name);
            };
        } else if (obj != null && !(obj instanceof PyBuiltin) && host.isForeign(obj)) {
            Optional<Object> v = obj instanceof PyAttributes pa ? pa.attribute(name) : host.attribute(obj, name);
            if (v.isPresent()) {
                return v.get() == Host.NONE ? null : v.get();
            }
            return hostModuleNames.containsKey(obj) ? submodule(obj, name) : PyClass.MISSING;
        } else if (obj instanceof PyAttributes pa) {
            Optional<Object> v = pa.attribute(name);
            if (v.isPresent()) {
                return v.get() == Host.NONE ? null : v.get();
            }
            return hostModuleNames.containsKey(obj) ? submodule(obj, name) : PyClass.MISSING;
        }
        if (name.equals("__class__")) {
            return typeOf(obj);
        }
        if (obj instanceof BuiltinModules.OrderedDictValue od && od.attributes.containsKey(name)) {
            return od.attributes.get(name);
        }
        return builtins.methodOf(obj, name);
    }

    private Object instanceAttribute(PyInstance inst, PyClass cls, String name) {
        Object classValue = cls.lookup(name);
        if (classValue instanceof Descriptors.Property) {
            return bind(classValue, inst, cls);
        }
        Object v = inst.dict().get(name);
        if (v != null || inst.dict().containsKey(name)) {
            return v;
        }
        if (classValue != PyClass.MISSING) {
            return bind(classValue, inst, cls);
        }
        return switch (name) {
            case "__dict__" -> inst.dict();
            case "__class__" -> cls;
            case "__cause__", "__context__", "__traceback__" ->
                    cls.isSubclassOf(builtins.classNamed("BaseException")) ? null : PyClass.MISSING;
            default -> PyClass.MISSING;
        };
    }

    private Object superAttribute(Descriptors.Super s, String name) {
        PyClass start = s.self() instanceof PyClass c && !(s.self() instanceof PyInstance) && c.isSubclassOf(s.after())
                ? c : typeOf(s.self());
        List<PyClass> mro = start.mro();
        int i = mro.indexOf(s.after());
        for (int j = i + 1; j < mro.size(); j++) {
            Map<String, Object> d = mro.get(j).dict();
            if (d.containsKey(name)) {
                Object v = d.get(name);
                if (s.self() instanceof PyClass c && !(v instanceof Descriptors.ClassMethod)) {
                    return bind(v, null, c);
                }
                return bind(v, s.self() instanceof PyClass ? null : s.self(), start);
            }
        }
        throw new PyException("AttributeError", "'super' object has no attribute '" + name + "'");
    }

    void setAttribute(Object obj, String name, Object value) {
        if (obj instanceof PyInstance inst) {
            Object setattr = inst.pyClass().lookup("__setattr__");
            if (!(setattr instanceof PyBuiltin)) {
                invoke(bind(setattr, inst, inst.pyClass()), args(name, value), Map.of());
                return;
            }
            genericSetAttr(inst, name, value);
        } else if (obj instanceof PyClass c) {
            if (c.isBuiltin()) {
                throw new PyException("TypeError", "cannot set '" + name + "' attribute of immutable type '" + c.name() + "'");
            }
            c.mutableDict().put(name, value);
        } else if (obj instanceof PyModuleObject m) {
            m.dict().put(name, value);
        } else if (obj instanceof PyFunction f) {
            f.dict.put(name, value);
        } else if (obj instanceof BuiltinModules.OrderedDictValue od) {
            od.attributes.put(name, value);
        } else if (obj != null && host.isForeign(obj)) {
            if (obj instanceof PyAttributes pa) {
                pa.setAttribute(name, value);
            } else {
                host.setAttribute(obj, name, value);
            }
        } else if (obj instanceof PyAttributes pa) {
            pa.setAttribute(name, value);
        } else {
            throw new PyException("AttributeError", "'" + ops.typeName(obj) + "' object has no attribute '" + name + "'");
        }
    }

    /** {@code object.__setattr__(inst, name, value)}. */
    void genericSetAttr(PyInstance inst, String name, Object value) {
        Object classValue = inst.pyClass().lookup(name);
        if (classValue instanceof Descriptors.Property p) {
            if (p.setter() == null) {
                throw new PyException("AttributeError", "property '" + name + "' of '" + inst.pyClass().name()
                        + "' object has no setter");
            }
            invoke(p.setter(), args(inst, value), Map.of());
            return;
        }
        if (name.equals("__class__") && value instanceof PyClass c) {
            inst.setPyClass(c);
            return;
        }
        inst.dict().put(name, value);
    }

    static List<Object> args(Object... values) {
        List<Object> l = new ArrayList<>(values.length);
        java.util.Collections.addAll(l, values);
        return l;
    }

    void delAttr(Object obj, String name) {
        if (obj instanceof PyInstance inst) {
            Object delattr = inst.pyClass().lookup("__delattr__");
            if (!(delattr instanceof PyBuiltin)) {
                invoke(bind(delattr, inst, inst.pyClass()), List.of(name), Map.of());
                return;
            }
            genericDelAttr(inst, name);
        } else if (obj instanceof PyClass c && !c.isBuiltin() && c.mutableDict().containsKey(name)) {
            c.mutableDict().remove(name);
        } else if (obj instanceof PyModuleObject m && m.dict().containsKey(name)) {
            m.dict().remove(name);
        } else {
            throw new PyException("AttributeError", "'" + ops.typeName(obj) + "' object has no attribute '" + name + "'");
        }
    }

    void genericDelAttr(PyInstance inst, String name) {
        Object classValue = inst.pyClass().lookup(name);
        if (classValue instanceof Descriptors.Property p && p.deleter() != null) {
            invoke(p.deleter(), List.of(inst), Map.of());
            return;
        }
        if (!inst.dict().containsKey(name)) {
            throw new PyException("AttributeError", "'" + inst.pyClass().name() + "' object has no attribute '" + name + "'");
        }
        inst.dict().remove(name);
    }

    // ---- exceptions ----

    /** {@code type(value)} as a class of the interpreter (builtin classes for plain Java values). */
    PyClass typeOf(Object value) {
        if (value instanceof PyInstance inst) {
            return inst.pyClass();
        }
        return builtins.classOf(value);
    }

    /** A new exception instance of {@code cls} raised with {@code args}, as a PyException. */
    PyException exception(PyClass cls, List<Object> args) {
        return toException(invoke(cls, args, Map.of()));
    }

    /** The PyException that {@code raise value} raises. */
    PyException toException(Object value) {
        if (value instanceof PyClass c) {
            value = invoke(c, List.of(), Map.of());
        }
        if (value instanceof PyInstance inst && inst.pyClass().isSubclassOf(builtins.classNamed("BaseException"))) {
            return new PyException(inst.pyClass().name(), ops.str(inst), inst);
        }
        throw new PyException("TypeError", "exceptions must derive from BaseException");
    }

    /** The Python exception object of {@code e}, made from its type and message when the host raised it. */
    Object exceptionValue(PyException e) {
        if (e.value() != null) {
            return e.value();
        }
        PyClass cls = builtins.exceptionClass(e.type());
        PyInstance inst = new PyInstance(cls);
        initException(inst, e.getMessage() == null || e.getMessage().isEmpty() && !e.type().equals("KeyError")
                ? new Tuple(List.of()) : Tuple.of(e.getMessage()));
        return inst;
    }

    static void initException(PyInstance inst, Tuple args) {
        inst.dict().put("args", args);
    }

    /** Whether {@code e} is caught by {@code except spec}. */
    boolean exceptionMatches(PyException e, Object spec) {
        if (spec instanceof Tuple t) {
            for (Object s : t.elements()) {
                if (exceptionMatches(e, s)) {
                    return true;
                }
            }
            return false;
        }
        if (!(spec instanceof PyClass c) || !c.isSubclassOf(builtins.classNamed("BaseException"))) {
            throw new PyException("TypeError", "catching classes that do not inherit from BaseException is not allowed");
        }
        PyClass raised = e.value() instanceof PyInstance inst ? inst.pyClass() : builtins.exceptionClass(e.type());
        return raised.isSubclassOf(c);
    }
}
