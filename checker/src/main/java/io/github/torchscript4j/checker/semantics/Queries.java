package io.github.torchscript4j.checker.semantics;

import io.github.torchscript4j.checker.syntax.ast.Expr;
import io.github.torchscript4j.checker.syntax.ast.Module;
import io.github.torchscript4j.checker.syntax.ast.Stmt;
import io.github.torchscript4j.checker.types.Type;
import io.github.torchscript4j.checker.types.Types;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Read-only questions editor tools ask about what the checker knows, without running a check: the
 * members recorded for Python modules ({@code torch}, {@code torch.nn.functional}, {@code math},
 * ...) and the signature TorchScript gives a user function.
 *
 * <p>This is the public face of package-private knowledge ({@code PythonModules}, {@code
 * Signatures}) for the language server's completion, hover and signature help; it reports no
 * diagnostics and changes nothing.
 */
public final class Queries {
    private Queries() {}

    /** What a member of a Python module is, as recorded from the reference's interpreter. */
    public enum MemberKind { TYPE, FUNCTION, MODULE, OTHER }

    /** One parameter of a user function as TorchScript types it (unannotated: {@code Tensor}). */
    public record Parameter(String name, Type type, Optional<Expr> defaultValue, boolean keywordOnly) {}

    /** A user function's signature: parameters (with {@code self} for a method) and the annotated return type. */
    public record FunctionSignature(String name, List<Parameter> parameters, Optional<Type> annotatedReturn) {
        public FunctionSignature {
            parameters = List.copyOf(parameters);
        }
    }

    private static final String RESOURCE = "python-module-members.txt";
    private static volatile Map<String, SortedMap<String, MemberKind>> members;

    /**
     * The recorded members of the Python module {@code dotted} ({@code "torch"}, {@code
     * "torch.nn.functional"}, {@code "math"}), sorted by name; empty for a module that was not recorded.
     */
    public static SortedMap<String, MemberKind> moduleMembers(String dotted) {
        SortedMap<String, MemberKind> m = table().get(dotted);
        return m == null ? Collections.emptySortedMap() : m;
    }

    /**
     * The signature {@code def} has in TorchScript, {@code self} included for a method (typed
     * unknown). Annotations and {@code # type:} comments are read the way the checker reads them;
     * problems with them are not reported here.
     */
    public static FunctionSignature signature(Module tree, Stmt.FunctionDef def, boolean isMethod) {
        TypeAnnotations annotations = new TypeAnnotations(new ModuleEnvironment(tree), new DiagnosticSink());
        Signature s = new Signatures(annotations, new DiagnosticSink()).of(def, isMethod, Types.UNKNOWN);
        return new FunctionSignature(s.name(),
                s.params().stream().map(p -> new Parameter(p.name(), p.type(), p.defaultValue(), p.keywordOnly())).toList(),
                s.annotatedReturn());
    }

    private static Map<String, SortedMap<String, MemberKind>> table() {
        Map<String, SortedMap<String, MemberKind>> t = members;
        if (t == null) {
            t = load();
            members = t;
        }
        return t;
    }

    /** Reads the same resource as {@code PythonModules}: lines {@code module<TAB>name<TAB>kind}. */
    private static Map<String, SortedMap<String, MemberKind>> load() {
        Map<String, SortedMap<String, MemberKind>> t = new TreeMap<>();
        try (InputStream in = Queries.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return Map.of();
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                String[] f = line.split("\t");
                if (line.startsWith("#") || f.length != 3) {
                    continue;
                }
                // a bound method ("method:Random.randint:self,a,b") is a function to a reader
                MemberKind kind = f[2].startsWith("method:") ? MemberKind.FUNCTION
                        : MemberKind.valueOf(f[2].toUpperCase(Locale.ROOT));
                t.computeIfAbsent(f[0], k -> new TreeMap<>()).put(f[1], kind);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        t.replaceAll((k, v) -> Collections.unmodifiableSortedMap(v));
        return Map.copyOf(t);
    }

    /**
     * The {@code class} statement behind a user class's or scripted module's type ({@link
     * Type.ClassType}, {@link Type.ModuleType}), in whichever project file defines it: the very
     * node of the tree the checker read that file into, so {@code range().file()} names the file.
     * Empty for any other type, and for a nominal type whose declaration the checker does not
     * hold (a custom C++ class). Editors list, show and find the class's methods and attributes
     * from it.
     */
    public static Optional<Stmt.ClassDef> declaredClass(Type type) {
        io.github.torchscript4j.checker.types.TypeDeclaration d = type instanceof Type.ClassType c ? c.declaration()
                : type instanceof Type.ModuleType m ? m.declaration() : null;
        if (d instanceof ClassDeclaration cd) {
            return Optional.of(cd.def());
        }
        if (d instanceof ConcreteDeclaration cd) {
            return Optional.of(cd.def());
        }
        return Optional.empty();
    }

    /**
     * The dtype (ScalarType number) a legacy tensor type stands for: {@code torch.LongTensor} is
     * 4; empty for other names.
     */
    public static java.util.Optional<Long> legacyTensorDtype(String qualifiedName) {
        return PythonValues.legacyTensorDtype(qualifiedName);
    }
}
