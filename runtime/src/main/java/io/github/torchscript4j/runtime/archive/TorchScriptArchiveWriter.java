package io.github.torchscript4j.runtime.archive;

import io.github.torchscript4j.checker.builtins.FunctionSchema;
import io.github.torchscript4j.checker.emit.ConcreteModuleCompiler;
import io.github.torchscript4j.checker.eval.Tuple;
import io.github.torchscript4j.checker.ir.Block;
import io.github.torchscript4j.checker.ir.CodePrinter;
import io.github.torchscript4j.checker.ir.CompilationUnit;
import io.github.torchscript4j.checker.ir.Constants;
import io.github.torchscript4j.checker.ir.Function;
import io.github.torchscript4j.checker.ir.Graph;
import io.github.torchscript4j.checker.ir.Node;
import io.github.torchscript4j.checker.ir.Value;
import io.github.torchscript4j.checker.semantics.ConcreteModuleType;
import io.github.torchscript4j.checker.types.Type;
import io.github.torchscript4j.checker.types.TypeDeclaration;
import io.github.torchscript4j.checker.types.Types;
import io.github.torchscript4j.runtime.value.TensorRef;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;

/**
 * Writes a TorchScript archive as PyTorch 1.13's {@code torch.jit.save} does, for {@code
 * torch.jit.load} (PyTorch) and {@code torch::jit::load} (libtorch) to load:
 *
 * <pre>
 * NAME/data/0 ...              one record per tensor storage, raw little-endian bytes, 64-byte aligned
 * NAME/data.pkl                the module object: its class, then its attributes' values (a pickle)
 * NAME/code/__torch__.py       the classes and functions of the __torch__ namespace, as CodePrinter prints them
 * NAME/code/__torch__/a/b.py   those of __torch__.a.b
 * NAME/constants.pkl           the tensor constants of the code (an empty tuple: code with tensor
 *                              constants, an archive's CONSTANTS.cN, is refused)
 * NAME/version                 the format version: 3, or the highest version of an operator used
 *                              (torch.div 4, torch.full 5, torch.linspace 8, ...); .data/version from 6
 * </pre>
 *
 * <p>A module's class is written as the reference writes it: {@code class M(Module):}, {@code
 * __parameters__} and {@code __buffers__}, one {@code name : Type} line per attribute (parameters,
 * buffers, other attributes, submodules, in that order), {@code name : Final[T] = value} per
 * constant, then its methods ({@link CodePrinter#printMethod}); module-level functions that the code
 * calls follow the classes of their file. A scripted function is saved as the reference saves it:
 * the method {@code forward} of a module {@code __torch__.PlaceholderModule} with only {@code
 * training}.
 *
 * <p>{@code data.pkl} is written in the forms of TorchScript's pickler: the object as {@code
 * GLOBAL}, {@code NEWOBJ} and {@code BUILD} with a dict of its attributes; tensors as {@code
 * torch._utils._rebuild_tensor_v2} over a persistent id {@code ('storage', torch.FloatStorage,
 * key, 'cpu', numel)}; lists of ints, floats, bools and tensors through {@code torch.jit._pickle}'s
 * {@code build_intlist} etc., other lists and dicts through {@code restore_type_tag} with their
 * type. Tensors that share a storage share its record.
 */
public final class TorchScriptArchiveWriter {
    /** The class {@code torch.jit.save} wraps a scripted function in. */
    public static final String PLACEHOLDER = "__torch__.PlaceholderModule";

    /** What an attribute of a module is. */
    public enum Kind { PARAMETER, BUFFER, ATTRIBUTE, MODULE, CONSTANT }

    /**
     * An attribute of a module instance: a tensor for a parameter or buffer, a {@link
     * ModuleInstance} for a submodule, a runtime value ({@code runtime.value}) otherwise; a
     * constant's value is a {@link Constants} value.
     */
    public record Attribute(String name, Type type, Kind kind, Object value) {}

    /**
     * A module instance to save: its class's qualified name ({@code __torch__.M}, whose methods
     * the compilation unit holds) and its attributes. Within each kind the order is kept, and is
     * the order the reference gives (the order {@code __init__} assigned them). Without a {@code
     * training} attribute the module gets {@code training : bool = True} before its other
     * attributes.
     */
    public record ModuleInstance(String qualifiedName, List<Attribute> attributes) {
        public ModuleInstance {
            attributes = List.copyOf(attributes);
        }
    }

    /**
     * The instance to save for a module compiled against its concrete type ({@link
     * ConcreteModuleCompiler}): each instance gets the class compiled for it, its attributes the
     * description's kinds, types and values (a tensor's value a {@link TensorRef}, a constant's a
     * checker value), in the description's order.
     *
     * @throws IllegalArgumentException if an instance is not of {@code compiled}'s tree
     */
    public static ModuleInstance moduleInstance(ConcreteModuleType module, ConcreteModuleCompiler.Result compiled) {
        List<Attribute> attributes = new ArrayList<>();
        for (ConcreteModuleType.Attribute a : module.attributes()) {
            switch (a.kind()) {
                case PARAMETER -> attributes.add(new Attribute(a.name(), a.type(), Kind.PARAMETER, a.value()));
                case BUFFER -> attributes.add(new Attribute(a.name(), a.type(), Kind.BUFFER, a.value()));
                case ATTRIBUTE -> attributes.add(new Attribute(a.name(), a.type(), Kind.ATTRIBUTE, a.value()));
                case CONSTANT -> attributes.add(new Attribute(a.name(), a.type(), Kind.CONSTANT, a.value()));
                case MODULE -> attributes.add(new Attribute(a.name(),
                        new Type.ModuleType(compiled.classOf(a.module()), TypeDeclaration.NONE), Kind.MODULE,
                        moduleInstance(a.module(), compiled)));
                default -> throw new IllegalStateException(a.kind().toString());
            }
        }
        return new ModuleInstance(compiled.classOf(module), attributes);
    }

    /** Operators whose schema changed after version 3, with the version that changed them (1.13's table). */
    private static final Map<String, Integer> OPERATOR_VERSIONS = operatorVersions();

    private final CompilationUnit unit;
    private final Map<String, byte[]> storages = new LinkedHashMap<>();
    private final Map<Long, String> storageKeys = new HashMap<>();
    private final Map<TensorRef, Integer> tensorMemo = new IdentityHashMap<>();

    private TorchScriptArchiveWriter(CompilationUnit unit) {
        this.unit = unit;
    }

    /**
     * Saves the scripted function {@code function} (of {@code unit}) as {@code torch.jit.save}
     * saves one: a {@code PlaceholderModule} whose {@code forward} is the function.
     */
    public static void writeFunction(CompilationUnit unit, Function function, Path path) throws IOException {
        Type.ModuleType placeholder = new Type.ModuleType(PLACEHOLDER, TypeDeclaration.NONE);
        CompilationUnit wrapped = new CompilationUnit();
        unit.functions().values().forEach(wrapped::addFunction);
        unit.classes().values().forEach(wrapped::addClass);
        CompilationUnit.ClassInfo info = wrapped.addClass(new CompilationUnit.ClassInfo(PLACEHOLDER, true));
        info.methods().put("forward", withSelf(function, placeholder, PLACEHOLDER + ".forward"));
        writeModule(wrapped, new ModuleInstance(PLACEHOLDER, List.of()), path);
    }

    /**
     * Saves {@code module}; its classes' methods, and the functions they call, come from {@code unit}.
     * The archive's folder is the file's base name, as {@code torch.jit.save} names it.
     *
     * @throws IllegalArgumentException if a value cannot be saved (a tensor not on the CPU, an
     *     object of a user class) or a called function is not in the unit
     */
    public static void writeModule(CompilationUnit unit, ModuleInstance module, Path path) throws IOException {
        String base = path.getFileName().toString();
        int dot = base.lastIndexOf('.');
        String folder = (dot > 0 ? base.substring(0, dot) : base).replaceAll("[^A-Za-z0-9_.-]", "_");
        try (OutputStream out = Files.newOutputStream(path)) {
            write(unit, module, out, folder.isEmpty() || folder.equals("..") ? "archive" : folder);
        }
    }

    /**
     * Writes the archive of {@code module} to {@code out} under {@code folder}.
     *
     * @throws IllegalArgumentException as {@link #writeModule}, and for code that holds a tensor
     *     constant (an archive's {@code CONSTANTS.cN}, loaded by {@link ArchiveModules}): writing
     *     those back is not supported; and for code that calls Python ({@code prim::PythonOp}: an
     *     ignored function, a traced custom autograd function), in the reference's words
     */
    public static void write(CompilationUnit unit, ModuleInstance module, OutputStream out, String folder)
            throws IOException {
        refuseTensorConstants(unit);
        TorchScriptArchiveWriter w = new TorchScriptArchiveWriter(unit);
        byte[] data = w.dataPickle(module);
        Map<String, String> code = w.code(module);
        int version = w.version(module);
        try (ZipArchiveWriter zip = new ZipArchiveWriter(out, folder)) {
            for (Map.Entry<String, byte[]> s : w.storages.entrySet()) {
                zip.add("data/" + s.getKey(), s.getValue());
            }
            zip.add("data.pkl", data);
            for (Map.Entry<String, String> file : code.entrySet()) {
                zip.add("code/" + file.getKey(), file.getValue().getBytes(StandardCharsets.UTF_8), true);
            }
            zip.add("constants.pkl", new byte[] {(byte) 0x80, 2, ')', '.'});
            zip.add(version >= 6 ? ".data/version" : "version", (version + "\n").getBytes(StandardCharsets.US_ASCII));
        }
    }

    private static void refuseTensorConstants(CompilationUnit unit) {
        List<Function> all = new java.util.ArrayList<>(unit.functions().values());
        unit.classes().values().forEach(c -> all.addAll(c.methods().values()));
        for (Function f : all) {
            for (io.github.torchscript4j.checker.ir.Node n : f.graph().allNodes()) {
                if (n.is("prim::Constant") && n.hasAttribute("value")
                        && n.attribute("value") instanceof io.github.torchscript4j.checker.ir.TensorConstant c) {
                    throw new IllegalArgumentException(f.qualifiedName() + " holds the tensor constant " + c
                            + ": writing an archive's tensor constants back is not supported");
                }
            }
        }
    }

    // ---- attributes ------------------------------------------------------------------------------

    /** The attributes in the reference's order: parameters, buffers, attributes, submodules, constants. */
    private static List<Attribute> ordered(ModuleInstance m) {
        List<Attribute> out = new ArrayList<>();
        boolean hasTraining = m.attributes().stream().anyMatch(a -> a.name().equals("training"));
        for (Kind kind : Kind.values()) {
            if (kind == Kind.ATTRIBUTE && !hasTraining) {
                out.add(new Attribute("training", Types.BOOL, Kind.ATTRIBUTE, true));
            }
            for (Attribute a : m.attributes()) {
                if (a.kind() == kind) {
                    out.add(a);
                }
            }
        }
        return out;
    }

    // ---- data.pkl ----------------------------------------------------------------------------------

    private byte[] dataPickle(ModuleInstance module) {
        Pickler p = new Pickler();
        object(p, module);
        return p.finish();
    }

    private void object(Pickler p, ModuleInstance m) {
        String qualified = m.qualifiedName();
        int dot = qualified.lastIndexOf('.');
        if (dot < 0) {
            throw new IllegalArgumentException("a module's class needs a qualified name: " + qualified);
        }
        p.global(qualified.substring(0, dot), qualified.substring(dot + 1));
        p.op(')').op(0x81).op('}').mark();
        for (Attribute a : ordered(m)) {
            if (a.kind() == Kind.CONSTANT) {
                continue;
            }
            p.string(a.name());
            value(p, a.value(), a.type(), a.kind() == Kind.PARAMETER, m.qualifiedName() + "." + a.name());
        }
        p.op('u').op('b');
        p.memoize();
    }

    private void value(Pickler p, Object v, Type type, boolean parameter, String where) {
        if (v instanceof ModuleInstance sub) {
            object(p, sub);
        } else if (v == null) {
            p.none();
        } else if (v instanceof Boolean b) {
            p.bool(b);
        } else if (v instanceof Long || v instanceof Integer) {
            p.integer(((Number) v).longValue());
        } else if (v instanceof Double || v instanceof Float) {
            p.floating(((Number) v).doubleValue());
        } else if (v instanceof String s) {
            p.string(s);
        } else if (v instanceof TensorRef t) {
            tensor(p, t, parameter);
        } else if (v instanceof Tuple t) {
            List<Type> elements = type instanceof Type.TupleType tt ? tt.elements() : List.of();
            if (t.size() > 3) {
                p.mark();
            }
            for (int i = 0; i < t.size(); i++) {
                value(p, t.get(i), i < elements.size() ? elements.get(i) : Types.ANY, false, where);
            }
            p.op(t.size() == 0 ? ')' : t.size() == 1 ? 0x85 : t.size() == 2 ? 0x86 : t.size() == 3 ? 0x87 : 't');
        } else if (v instanceof List<?> list) {
            list(p, list, type, where);
        } else if (v instanceof Map<?, ?> map) {
            Type.DictType dt = type instanceof Type.DictType d ? d : null;
            if (dt == null) {
                throw new IllegalArgumentException(where + ": a dict needs a Dict type, not " + type.annotationStr());
            }
            p.global("torch.jit._pickle", "restore_type_tag");
            p.op('}').mark();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                value(p, e.getKey(), dt.key(), false, where);
                value(p, e.getValue(), dt.value(), false, where);
            }
            p.op('u');
            p.string(type.annotationStr()).op(0x86).op('R');
        } else {
            throw new IllegalArgumentException(where + ": a value of " + v.getClass().getSimpleName()
                    + " cannot be saved in an archive");
        }
    }

    private void list(Pickler p, List<?> list, Type type, String where) {
        Type element = type instanceof Type.ListType lt ? lt.elem() : null;
        if (element == null) {
            throw new IllegalArgumentException(where + ": a list needs a List type, not " + type.annotationStr());
        }
        String builder = element.equals(Types.INT) ? "build_intlist" : element.equals(Types.FLOAT) ? "build_doublelist"
                : element.equals(Types.BOOL) ? "build_boollist" : element.equals(Types.TENSOR) ? "build_tensorlist" : null;
        if (builder != null) {
            p.global("torch.jit._pickle", builder).mark();
        } else {
            p.global("torch.jit._pickle", "restore_type_tag");
        }
        p.op(']').mark();
        for (Object item : list) {
            value(p, item, element, false, where);
        }
        p.op('e');
        if (builder != null) {
            p.op('t').op('R');
        } else {
            p.string(type.annotationStr()).op(0x86).op('R');
        }
    }

    private void tensor(Pickler p, TensorRef ref, boolean parameter) {
        Integer known = tensorMemo.get(ref);
        if (known != null) {
            p.get(known);
            return;
        }
        try (PointerScope scope = new PointerScope()) {
            Tensor t = ref.tensor();
            long dtype = t.scalar_type().value;
            String storageClass = RawTensors.storageClass(dtype).orElseThrow(() ->
                    new IllegalArgumentException("tensors of dtype code " + dtype + " cannot be saved"));
            long address = t.storage().data().address();
            String key = address == 0 ? null : storageKeys.get(address);
            if (key == null) {
                key = Integer.toString(storages.size());
                storages.put(key, RawTensors.storageBytes(t));
                if (address != 0) {
                    storageKeys.put(address, key);
                }
            }
            long numel = t.storage().nbytes() / t.element_size();
            p.global("torch._utils", "_rebuild_tensor_v2").mark();
            p.mark().string("storage").global("torch", storageClass).string(key).string("cpu").integer(numel).op('t');
            p.op('Q');
            p.memoize();
            p.integer(t.storage_offset());
            p.mark();
            for (long d : t.sizes().vec().get()) {
                p.integer(d);
            }
            p.op('t').mark();
            for (long s : t.strides().vec().get()) {
                p.integer(s);
            }
            p.op('t');
            p.bool(parameter || t.requires_grad());
            p.global("collections", "OrderedDict").op(')').op('R');
            p.op('t').op('R');
            tensorMemo.put(ref, p.memoize());
        }
    }

    // ---- code ------------------------------------------------------------------------------------------

    /** The code files by path below {@code code/}, each with its classes and then its functions. */
    private Map<String, String> code(ModuleInstance root) {
        Map<String, ModuleInstance> classes = new LinkedHashMap<>();
        Deque<ModuleInstance> todo = new ArrayDeque<>(List.of(root));
        while (!todo.isEmpty()) {
            ModuleInstance m = todo.removeFirst();
            if (classes.putIfAbsent(m.qualifiedName(), m) != null) {
                continue;
            }
            for (Attribute a : ordered(m)) {
                if (a.kind() == Kind.MODULE) {
                    if (!(a.value() instanceof ModuleInstance sub)) {
                        throw new IllegalArgumentException(m.qualifiedName() + "." + a.name() + ": a submodule must be a ModuleInstance");
                    }
                    todo.addLast(sub);
                }
            }
        }
        Set<Function> functions = new LinkedHashSet<>();
        for (String name : classes.keySet()) {
            unit.classInfo(name).ifPresent(c -> c.methods().values().forEach(m -> calledFunctions(m, functions)));
        }
        Map<String, StringBuilder> files = new LinkedHashMap<>();
        for (ModuleInstance m : classes.values()) {
            file(files, m.qualifiedName()).append(classText(m));
        }
        for (Function f : functions) {
            file(files, f.qualifiedName()).append(CodePrinter.print(f));
        }
        for (String name : classes.keySet()) {
            unit.classInfo(name).ifPresent(c -> c.methods().values().forEach(TorchScriptArchiveWriter::refusePython));
        }
        functions.forEach(TorchScriptArchiveWriter::refusePython);
        Map<String, String> out = new LinkedHashMap<>();
        files.forEach((k, v) -> out.put(k, v.toString()));
        return out;
    }

    /** Code that calls Python ({@code prim::PythonOp}) cannot be written: the reference's export error. */
    private static void refusePython(Function f) {
        for (Node n : f.graph().allNodes()) {
            if (n.is("prim::PythonOp")) {
                throw new IllegalArgumentException("Could not export Python function call '"
                        + n.stringAttribute(Node.PYTHON_OP_NAME) + "'. Remove calls to Python functions before export."
                        + " Did you forget to add @script or @script_method annotation? If this is a nn.ModuleList,"
                        + " add it to __constants__: in " + f.qualifiedName());
            }
        }
    }

    private static StringBuilder file(Map<String, StringBuilder> files, String qualifiedName) {
        String qualifier = qualifiedName.substring(0, qualifiedName.lastIndexOf('.'));
        if (!qualifier.equals("__torch__") && !qualifier.startsWith("__torch__.")) {
            throw new IllegalArgumentException("not in the __torch__ namespace: " + qualifiedName);
        }
        return files.computeIfAbsent(qualifier.replace('.', '/') + ".py", k -> new StringBuilder());
    }

    private void calledFunctions(Function f, Set<Function> found) {
        for (Node n : f.graph().allNodes()) {
            if (n.is("prim::CallFunction") && n.input(0).type() instanceof Type.FunctionType ft) {
                Function callee = unit.function(ft.qualifiedName()).orElseThrow(() ->
                        new IllegalArgumentException(f.qualifiedName() + " calls " + ft.qualifiedName()
                                + ", which was not compiled"));
                if (found.add(callee)) {
                    calledFunctions(callee, found);
                }
            }
        }
    }

    private String classText(ModuleInstance m) {
        String qualified = m.qualifiedName();
        StringBuilder b = new StringBuilder("class ").append(qualified.substring(qualified.lastIndexOf('.') + 1))
                .append("(Module):\n");
        List<Attribute> attributes = ordered(m);
        b.append("  __parameters__ = [");
        attributes.stream().filter(a -> a.kind() == Kind.PARAMETER).forEach(a -> b.append('"').append(a.name()).append("\", "));
        b.append("]\n  __buffers__ = [");
        attributes.stream().filter(a -> a.kind() == Kind.BUFFER).forEach(a -> b.append('"').append(a.name()).append("\", "));
        b.append("]\n");
        for (Attribute a : attributes) {
            if (a.kind() == Kind.CONSTANT) {
                b.append("  ").append(a.name()).append(" : Final[").append(a.type().annotationStr()).append("] = ")
                        .append(Constants.codeText(a.value())).append('\n');
            } else if (a.name().matches("[A-Za-z_][A-Za-z0-9_]*")) {
                b.append("  ").append(a.name()).append(" : ").append(a.type().annotationStr()).append('\n');
            } else {
                // a name that is no identifier (a ModuleList's "0"), as the reference writes it
                b.append("  __annotations__[").append(Constants.codeText(a.name())).append("] = ")
                        .append(a.type().annotationStr()).append('\n');
            }
        }
        unit.classInfo(qualified).ifPresent(c -> c.methods().values().forEach(f -> b.append(CodePrinter.printMethod(f, 1))));
        return b.toString();
    }

    // ---- version ---------------------------------------------------------------------------------------

    private int version(ModuleInstance root) {
        int version = 3;
        List<Function> all = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        Deque<ModuleInstance> todo = new ArrayDeque<>(List.of(root));
        while (!todo.isEmpty()) {
            ModuleInstance m = todo.removeFirst();
            if (!seen.add(m.qualifiedName())) {
                continue;
            }
            unit.classInfo(m.qualifiedName()).ifPresent(c -> all.addAll(c.methods().values()));
            m.attributes().stream().filter(a -> a.value() instanceof ModuleInstance).forEach(a -> todo.add((ModuleInstance) a.value()));
        }
        Set<Function> functions = new LinkedHashSet<>();
        all.forEach(f -> calledFunctions(f, functions));
        all.addAll(functions);
        for (Function f : all) {
            for (Node n : f.graph().allNodes()) {
                Optional<FunctionSchema> schema = n.schema();
                if (schema.isPresent()) {
                    version = Math.max(version, OPERATOR_VERSIONS.getOrDefault(schema.get().nameWithOverload(), 3));
                }
            }
        }
        return version;
    }

    private static Map<String, Integer> operatorVersions() {
        Map<String, Integer> m = new HashMap<>();
        for (String overload : List.of("Scalar", "Scalar_mode", "Tensor", "Tensor_mode", "out", "out_mode")) {
            m.put("aten::div." + overload, 4);
        }
        for (String overload : List.of("Scalar", "Scalar_mode", "Tensor", "Tensor_mode")) {
            m.put("aten::div_." + overload, 4);
        }
        m.put("aten::full", 5);
        m.put("aten::full.names", 5);
        m.put("aten::full.out", 5);
        m.put("aten::linspace", 8);
        m.put("aten::linspace.out", 8);
        m.put("aten::logspace", 9);
        m.put("aten::logspace.out", 9);
        m.put("aten::gelu", 10);
        m.put("aten::gelu.out", 10);
        return m;
    }

    // ---- a function as a method ------------------------------------------------------------------------

    /** A copy of {@code f} with a first parameter {@code self} of type {@code self}. */
    static Function withSelf(Function f, Type self, String qualifiedName) {
        Graph graph = new Graph();
        graph.addInput(self).setDebugName("self");
        Map<Value, Value> map = new IdentityHashMap<>();
        for (Value in : f.graph().inputs()) {
            map.put(in, named(graph.addInput(in.type()), in));
        }
        copyBlock(f.graph().block(), graph.block(), map);
        List<Function.Param> params = new ArrayList<>();
        params.add(new Function.Param("self", self, Optional.empty(), false));
        params.addAll(f.params());
        return new Function(qualifiedName, params, f.returnType(), graph);
    }

    private static void copyBlock(Block from, Block to, Map<Value, Value> map) {
        for (Node n : from.nodes()) {
            Node copy = to.graph().create(n.kind());
            for (Value in : n.inputs()) {
                Value mapped = map.get(in);
                if (mapped == null) {
                    throw new IllegalStateException("value used before its definition in " + n);
                }
                copy.addInput(mapped);
            }
            for (Value out : n.outputs()) {
                map.put(out, named(copy.addOutput(out.type()), out));
            }
            n.attributes().forEach(copy::setAttribute);
            n.schema().ifPresent(copy::setSchema);
            n.range().ifPresent(copy::setRange);
            to.append(copy);
            for (Block inner : n.blocks()) {
                Block innerCopy = copy.addBlock();
                for (Value param : inner.params()) {
                    map.put(param, named(innerCopy.addParam(param.type()), param));
                }
                copyBlock(inner, innerCopy, map);
            }
        }
        for (Value r : from.returns()) {
            to.addReturn(map.get(r));
        }
    }

    private static Value named(Value copy, Value original) {
        original.debugName().ifPresent(name -> copy.setDebugName(name.replaceFirst("\\.\\d+$", "")));
        return copy;
    }
}
