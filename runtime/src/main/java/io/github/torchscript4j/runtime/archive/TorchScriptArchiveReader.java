package io.github.torchscript4j.runtime.archive;

import io.github.torchscript4j.checker.eval.Tuple;
import io.github.torchscript4j.runtime.value.ScriptObject;
import io.github.torchscript4j.runtime.value.TensorRef;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a TorchScript archive ({@code torch.jit.save}'s, PyTorch's or ours): the module's state
 * from {@code data.pkl} as {@link ScriptObject}s (the root module, its submodules and their
 * attributes: tensors, numbers, strings, lists, dicts, tuples), the tensor constants of {@code
 * constants.pkl} (which the code names {@code CONSTANTS.c0}, {@code CONSTANTS.c1}, ...; every
 * traced module has them), the code files of {@code code/} as text, and the format version.
 *
 * <p>{@code data.pkl} is read by the restricted {@link Unpickler}: besides the tensor globals of
 * {@link TensorPolicy}, it allows classes of the {@code __torch__} namespace, which only name the
 * type of a {@link ScriptObject} ({@code NEWOBJ} with no arguments, {@code BUILD} with a dict of
 * attributes: nothing is looked up or run), and {@code torch.jit._pickle}'s {@code build_intlist},
 * {@code build_doublelist}, {@code build_boollist}, {@code build_tensorlist} and {@code
 * restore_type_tag}, which return their list or value. Any other global is refused.
 *
 * <p>The code is not compiled here.
 */
public final class TorchScriptArchiveReader {
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Set<String> JIT_PICKLE = Set.of(
            "build_intlist", "build_doublelist", "build_boollist", "build_tensorlist", "restore_type_tag");

    /**
     * What an archive holds.
     *
     * @param module the root module object; its tensors belong to the caller
     * @param code the code files by path below {@code code/} ({@code __torch__.py})
     * @param version the format version ({@code version} or {@code .data/version})
     * @param constants the tensor constants in order ({@code CONSTANTS.c0} first); they belong to
     *     the caller ({@link #release(List)})
     */
    public record Archive(ScriptObject module, Map<String, String> code, int version, List<TensorRef> constants) {}

    private TorchScriptArchiveReader() {}

    /**
     * Reads the archive at {@code path}.
     *
     * @throws ArchiveException if it is not a TorchScript archive, is malformed or truncated, or its
     *     pickles ask for a global that is not allowed
     */
    public static Archive read(Path path) {
        String name = path.toString();
        try (ZipArchive zip = ZipArchive.open(path)) {
            String versionRecord = zip.has(".data/version") ? ".data/version" : "version";
            String versionText = new String(zip.read(versionRecord), StandardCharsets.US_ASCII).trim();
            if (!versionText.matches("\\d{1,4}")) {
                throw new ArchiveException(name + ": " + zip.folder() + "/" + versionRecord + " is not a version number");
            }
            Map<String, String> code = new LinkedHashMap<>();
            for (String record : zip.names()) {
                if (record.startsWith("code/") && record.endsWith(".py")) {
                    code.put(record.substring("code/".length()), new String(zip.read(record), StandardCharsets.UTF_8));
                }
            }
            ModulePolicy policy = new ModulePolicy(zip, "data/");
            ModulePolicy constantsPolicy = new ModulePolicy(zip, "constants/");
            try {
                Object root = Unpickler.load(name + ": " + zip.folder() + "/data.pkl", zip.read("data.pkl"), policy);
                if (!(root instanceof ScriptObject module)) {
                    throw new ArchiveException(name + ": data.pkl holds " + Unpickler.describe(root) + ", not a module");
                }
                Object constants = Unpickler.load(name + ": " + zip.folder() + "/constants.pkl",
                        zip.read("constants.pkl"), constantsPolicy);
                if (!(constants instanceof Tuple t)) {
                    throw new ArchiveException(name + ": constants.pkl holds " + Unpickler.describe(constants)
                            + ", not a tuple of tensors (the code's CONSTANTS)");
                }
                List<TensorRef> tensors = new ArrayList<>();
                for (int i = 0; i < t.size(); i++) {
                    if (!(t.get(i) instanceof TensorRef tensor)) {
                        throw new ArchiveException(name + ": constants.pkl holds " + Unpickler.describe(t.get(i))
                                + " as CONSTANTS.c" + i + ", not a tensor");
                    }
                    tensors.add(tensor);
                }
                return new Archive(module, Collections.unmodifiableMap(code), Integer.parseInt(versionText),
                        List.copyOf(tensors));
            } catch (RuntimeException e) {
                policy.releaseAll();
                constantsPolicy.releaseAll();
                throw e;
            } finally {
                policy.releaseStorages();
                constantsPolicy.releaseStorages();
            }
        }
    }

    /** A class of the {@code __torch__} namespace, named by a {@code GLOBAL}. */
    private record ClassName(String qualifiedName) {
        @Override
        public String toString() {
            return "class " + qualifiedName;
        }
    }

    /** A function of {@code torch.jit._pickle}. */
    private record JitPickle(String name) {
        @Override
        public String toString() {
            return "torch.jit._pickle." + name;
        }
    }

    private static final class ModulePolicy extends TensorPolicy {
        ModulePolicy(ZipArchive zip, String storageFolder) {
            super(zip, "a TorchScript archive", storageFolder);
        }

        @Override
        protected Object otherGlobal(String module, String name) {
            if ((module.equals("__torch__") || module.startsWith("__torch__.")) && IDENTIFIER.matcher(name).matches()
                    && List.of(module.split("\\.", -1)).stream().allMatch(p -> IDENTIFIER.matcher(p).matches())) {
                return new ClassName(module + "." + name);
            }
            if (module.equals("torch.jit._pickle") && JIT_PICKLE.contains(name)) {
                return new JitPickle(name);
            }
            return super.otherGlobal(module, name);
        }

        @Override
        protected Object otherReduce(Object callable, Tuple args) {
            if (callable instanceof JitPickle f) {
                if (f.name().equals("restore_type_tag")) {
                    if (args.size() != 2 || !(args.get(1) instanceof String)) {
                        throw new IllegalArgumentException("restore_type_tag expects (value, type string)");
                    }
                    return args.get(0);
                }
                if (args.size() != 1 || !(args.get(0) instanceof List<?> list)) {
                    throw new IllegalArgumentException(f + " expects one list");
                }
                return new ArrayList<>(list);
            }
            return super.otherReduce(callable, args);
        }

        @Override
        public Object newObject(Object cls, Tuple args) {
            if (cls instanceof ClassName c && args.size() == 0) {
                return new ScriptObject(c.qualifiedName());
            }
            throw new IllegalArgumentException("cannot create an object of " + Unpickler.describe(cls));
        }

        @Override
        public Object build(Object target, Object state) {
            if (target instanceof ScriptObject object) {
                if (!(state instanceof Map<?, ?> attributes)) {
                    throw new IllegalArgumentException("the state of " + object + " is " + Unpickler.describe(state)
                            + ", not a dict of attributes");
                }
                for (Map.Entry<?, ?> e : attributes.entrySet()) {
                    if (!(e.getKey() instanceof String attribute)) {
                        throw new IllegalArgumentException("an attribute name of " + object + " is "
                                + Unpickler.describe(e.getKey()));
                    }
                    object.set(attribute, e.getValue());
                }
                return object;
            }
            return super.build(target, state);
        }
    }

    /** Releases the tensor constants of an archive read here. */
    public static void release(List<TensorRef> constants) {
        constants.forEach(TensorRef::release);
    }

    /** Releases every tensor held by an object tree read here (shared tensors once). */
    public static void release(ScriptObject module) {
        java.util.Set<Object> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        releaseValue(module, seen);
    }

    private static void releaseValue(Object v, java.util.Set<Object> seen) {
        if (v == null || !seen.add(v)) {
            return;
        }
        if (v instanceof TensorRef t) {
            t.release();
        } else if (v instanceof ScriptObject o) {
            o.attributes().values().forEach(x -> releaseValue(x, seen));
        } else if (v instanceof List<?> l) {
            l.forEach(x -> releaseValue(x, seen));
        } else if (v instanceof Map<?, ?> m) {
            m.forEach((k, x) -> {
                releaseValue(k, seen);
                releaseValue(x, seen);
            });
        } else if (v instanceof Tuple t) {
            t.elements().forEach(x -> releaseValue(x, seen));
        }
    }
}
