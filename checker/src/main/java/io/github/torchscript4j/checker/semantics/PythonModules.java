package io.github.torchscript4j.checker.semantics;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The members of some Python standard-library modules ({@code math}, {@code shutil}, {@code io},
 * {@code os}, ...) as the reference's interpreter has them, recorded in {@code
 * python-module-members.txt} by {@code scripts/record_python_module_members.py}: TorchScript
 * looks {@code module.attr} up in the live module, so a name that is not there is "object has no
 * attribute attr", and a class is a Python value that "cannot be used as a value".
 *
 * <p>Modules not in the file are never judged. Read once, on first use; immutable afterwards.
 */
final class PythonModules {
    private PythonModules() {}

    /**
     * What a member is: a class, a function, a module, a bound method of a Python-defined class
     * ({@code random.randint}, see {@link #method}), or anything else.
     */
    enum Kind { TYPE, FUNCTION, MODULE, METHOD, OTHER }

    /**
     * A bound method of a Python class ({@code random.randint} is {@code Random.randint} of the
     * module's hidden instance): TorchScript calls it as a Python operator named {@code qualifiedName}
     * whose schema has a {@code Tensor} for each positional parameter, {@code self} included.
     */
    record Method(String qualifiedName, List<String> params) {}

    private static final String RESOURCE = "python-module-members.txt";
    private static volatile Map<String, Map<String, Kind>> members;
    private static volatile Map<String, Method> methods;

    /** Whether the checker knows {@code module}'s members and {@code name} is not one of them. */
    static boolean lacks(String module, String name) {
        Map<String, Kind> m = table().get(module);
        return m != null && !m.containsKey(name);
    }

    /** What {@code module.name} is, when the module is known and has it. */
    static Optional<Kind> kind(String module, String name) {
        Map<String, Kind> m = table().get(module);
        return m == null ? Optional.empty() : Optional.ofNullable(m.get(name));
    }

    /** The bound method {@code module.name}, when the module is known and has one of that name. */
    static Optional<Method> method(String module, String name) {
        table();
        return Optional.ofNullable(methods.get(module + "." + name));
    }

    private static Map<String, Map<String, Kind>> table() {
        Map<String, Map<String, Kind>> t = members;
        if (t == null) {
            t = load();
            members = t;
        }
        return t;
    }

    private static synchronized Map<String, Map<String, Kind>> load() {
        Map<String, Map<String, Kind>> t = new HashMap<>();
        Map<String, Method> m = new HashMap<>();
        try (InputStream in = PythonModules.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                methods = Map.of();
                return Map.of();
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                String[] f = line.split("\t");
                if (line.startsWith("#") || f.length != 3) {
                    continue;
                }
                Kind kind;
                if (f[2].startsWith("method:")) {
                    String[] sig = f[2].split(":", -1);
                    List<String> params = sig.length < 3 || sig[2].isEmpty() ? List.of() : List.of(sig[2].split(","));
                    m.put(f[0] + "." + f[1], new Method(sig[1], params));
                    kind = Kind.METHOD;
                } else {
                    kind = Kind.valueOf(f[2].toUpperCase(java.util.Locale.ROOT));
                }
                t.computeIfAbsent(f[0], k -> new HashMap<>()).put(f[1], kind);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        methods = Map.copyOf(m);
        return Map.copyOf(t);
    }
}
