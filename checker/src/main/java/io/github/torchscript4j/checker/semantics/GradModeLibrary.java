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
import java.util.Map;
import java.util.Optional;

/**
 * The bundled TorchScript source of the context managers of {@code torch.autograd.grad_mode}
 * ({@code library/torch_autograd_grad_mode.py}): {@code with torch.no_grad():} compiles, as in the
 * reference, to an object of the class {@code __torch__.torch.autograd.grad_mode.no_grad} whose
 * {@code __enter__}/{@code __exit__} switch grad mode. Its classes are checked in the module's
 * own scope ({@link #environment()}), like another project file's.
 *
 * <p>Parsed once, on first use (class-holder idiom); its environment is made once, on first use.
 */
final class GradModeLibrary {
    /** The Python module the library stands for. */
    static final String MODULE = "torch.autograd.grad_mode";

    private static final String RESOURCE = "/io/github/torchscript4j/checker/library/torch_autograd_grad_mode.py";

    private final ParseResult parsed;
    /** Made on first use: collecting it resolves the library's own imports through {@link PythonValues}. */
    private ModuleEnvironment environment;
    private final Map<String, Stmt.ClassDef> classes = new HashMap<>();

    private static final class Holder {
        static final GradModeLibrary INSTANCE = new GradModeLibrary();
    }

    private GradModeLibrary() {
        this.parsed = Parser.parse(new SourceFile("torch/autograd/grad_mode.py", read()));
        for (Stmt s : parsed.module().body()) {
            if (s instanceof Stmt.ClassDef c) {
                classes.put(c.name(), c);
            }
        }
    }

    static GradModeLibrary get() {
        return Holder.INSTANCE;
    }

    /**
     * What {@code module.name} is when it names one of the library's classes: {@code
     * torch.no_grad}, {@code torch.autograd.no_grad}, {@code torch.autograd.grad_mode.no_grad}.
     */
    Optional<Value> member(String module, String name) {
        if (!module.equals("torch") && !module.equals("torch.autograd") && !module.equals(MODULE)) {
            return Optional.empty();
        }
        Stmt.ClassDef c = classes.get(name);
        return c == null ? Optional.empty() : Optional.of(new Value.UserClass(c));
    }

    synchronized ModuleEnvironment environment() {
        if (environment == null) {
            environment = new ModuleEnvironment(parsed.module(), MODULE, false, "torch/autograd/grad_mode.py",
                    ModuleEnvironment.ProjectImports.NONE).collect();
        }
        return environment;
    }

    /** Whether {@code file} is the library's source. */
    boolean owns(SourceFile file) {
        return file == parsed.module().range().file();
    }

    private static String read() {
        try (InputStream in = GradModeLibrary.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
