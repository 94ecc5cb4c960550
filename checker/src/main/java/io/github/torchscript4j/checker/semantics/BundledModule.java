package io.github.torchscript4j.checker.semantics;

import io.github.torchscript4j.checker.source.SourceFile;
import io.github.torchscript4j.checker.syntax.ParseResult;
import io.github.torchscript4j.checker.syntax.Parser;
import io.github.torchscript4j.checker.syntax.ast.Stmt;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A module of PyTorch whose Python source the reference compiles when a scripted function uses it,
 * bundled as our own TorchScript source under {@code library/}: {@link #GRAD_MODE} ({@code with
 * torch.no_grad():} makes an object of the class {@code __torch__.torch.autograd.grad_mode.no_grad})
 * , {@link #NN_INIT} ({@code torch.nn.init.uniform_} is {@code __torch__.torch.nn.init.uniform_}),
 * {@link #JIT} ({@code torch.jit.strict_fusion}), {@link #PROFILER} ({@code
 * torch.autograd.profiler.record_function}) and {@link #RNN_UTILS} ({@code
 * torch.nn.utils.rnn.pack_padded_sequence}, the NamedTuple {@code PackedSequence}).
 * Its functions and classes are checked in the module's own scope ({@link #environment()}), like
 * another project file's, and named after the module. ({@code torch.nn.functional}, whose names
 * are also operators and dispatches, is {@link FunctionalLibrary}.)
 *
 * <p>Each is parsed once, on first use; its environment is made once, on first use (collecting it
 * resolves the module's own imports through {@link PythonValues}, which consults this class).
 */
final class BundledModule {
    static final BundledModule GRAD_MODE = new BundledModule("torch.autograd.grad_mode",
            "torch_autograd_grad_mode.py", Set.of("torch", "torch.autograd", "torch.autograd.grad_mode"));
    static final BundledModule NN_INIT = new BundledModule("torch.nn.init", "torch_nn_init.py", Set.of("torch.nn.init"));
    static final BundledModule JIT = new BundledModule("torch.jit", "torch_jit.py", Set.of("torch.jit"));
    static final BundledModule PROFILER = new BundledModule("torch.autograd.profiler", "torch_autograd_profiler.py",
            Set.of("torch.autograd.profiler"));
    static final BundledModule RNN_UTILS = new BundledModule("torch.nn.utils.rnn", "torch_nn_utils_rnn.py",
            Set.of("torch.nn.utils.rnn"));
    private static final List<BundledModule> ALL = List.of(GRAD_MODE, NN_INIT, JIT, PROFILER, RNN_UTILS);
    /** The package of our {@code torch.nn} library's module classes, whose files are bundled under the same names. */
    static final String NN_MODULES = "torch.nn.modules";
    /** Modules of {@code torch.nn.modules} found so far (present or not), by name. */
    private static final Map<String, Optional<BundledModule>> NN = new java.util.concurrent.ConcurrentHashMap<>();

    private static final String LIBRARY = "/io/github/torchscript4j/checker/library/";

    private final String module;
    private final String resource;
    /** The Python modules through which its names are reached ({@code torch.no_grad} too). */
    private final Set<String> reachedFrom;
    private volatile Parsed parsed;
    private ModuleEnvironment environment;

    private record Parsed(ParseResult result, Map<String, Value> members) {}

    private BundledModule(String module, String resource, Set<String> reachedFrom) {
        this.module = module;
        this.resource = resource;
        this.reachedFrom = reachedFrom;
    }

    /** The Python module it stands for ({@code torch.nn.init}). */
    String module() {
        return module;
    }

    /**
     * The bundled module {@code torch.nn.modules.NAME} of our {@code torch.nn} library (the
     * resource {@code torch_nn_modules_NAME.py}), if it is bundled: its classes are compiled against
     * the concrete types of built modules ({@link ConcreteModules}), under the reference's names.
     */
    static Optional<BundledModule> nnModule(String module) {
        if (!module.startsWith(NN_MODULES + ".") || !module.matches("[A-Za-z0-9_.]+")) {
            return Optional.empty();
        }
        return NN.computeIfAbsent(module, m -> {
            String resource = m.replace('.', '_') + ".py";
            if (BundledModule.class.getResource(LIBRARY + resource) == null) {
                return Optional.empty();
            }
            return Optional.of(new BundledModule(m, resource, Set.of(m)));
        });
    }

    /** The bundled modules made so far: the fixed ones, then those of {@code torch.nn.modules}. */
    private static List<BundledModule> all() {
        List<BundledModule> all = new java.util.ArrayList<>(ALL);
        NN.values().forEach(m -> m.ifPresent(all::add));
        return all;
    }

    /** The class statement {@code name} at the top level of this module, if any. */
    Optional<Stmt.ClassDef> classDef(String name) {
        return parsed().members().get(name) instanceof Value.UserClass u ? Optional.of(u.def()) : Optional.empty();
    }

    /** What {@code module.name} is when it names a function or class of a bundled module. */
    static Optional<Value> lookup(String module, String name) {
        nnModule(module);
        for (BundledModule m : all()) {
            if (m.reachedFrom.contains(module)) {
                Value v = m.parsed().members().get(name);
                if (v != null) {
                    return Optional.of(v);
                }
            }
        }
        return Optional.empty();
    }

    /** The bundled module whose source {@code file} is, if any. */
    static Optional<BundledModule> owning(SourceFile file) {
        for (BundledModule m : all()) {
            if (m.parsed != null && m.parsed.result().module().range().file() == file) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    synchronized ModuleEnvironment environment() {
        if (environment == null) {
            environment = new ModuleEnvironment(parsed().result().module(), module, false, path(),
                    ModuleEnvironment.ProjectImports.NONE).collect();
        }
        return environment;
    }

    private Parsed parsed() {
        Parsed p = parsed;
        if (p == null) {
            synchronized (this) {
                p = parsed;
                if (p == null) {
                    ParseResult result = Parser.parse(new SourceFile(path(), read()));
                    Map<String, Value> members = new HashMap<>();
                    for (Stmt s : result.module().body()) {
                        if (s instanceof Stmt.ClassDef c) {
                            members.put(c.name(), new Value.UserClass(c));
                        } else if (s instanceof Stmt.FunctionDef f && !f.name().startsWith("_")) {
                            members.put(f.name(), new Value.UserFunction(f));
                        }
                    }
                    p = new Parsed(result, Map.copyOf(members));
                    parsed = p;
                }
            }
        }
        return p;
    }

    private String path() {
        return module.replace('.', '/') + ".py";
    }

    private String read() {
        return library(resource);
    }

    /** The text of {@code library/NAME}, a bundled source (also {@link FunctionalLibrary}'s). */
    static String library(String name) {
        return text(LIBRARY + name);
    }

    /** The text of a resource of the checker (absolute name), UTF-8. */
    static String text(String name) {
        try (InputStream in = BundledModule.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
