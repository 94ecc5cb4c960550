package io.github.torchscript4j.checker.semantics;

import io.github.torchscript4j.checker.builtins.OperatorTable;
import io.github.torchscript4j.checker.types.Types;
import java.util.Optional;
import java.util.Set;

/**
 * What the checker knows of Python's and PyTorch's namespaces: the names of Python's builtins,
 * the modules it models ({@code torch} and its submodules, {@code typing}, {@code math}), and
 * which attributes of them are values it understands (dtypes, {@code torch.Tensor}, {@code
 * torch.jit.annotate}, {@code torch.X} and {@code torch._C._nn.X} operators), and the members of
 * {@code torch.nn.functional}, from the bundled library ({@link FunctionalLibrary}).
 *
 * <p>What it does not do: know the members of other modules ({@code os}, {@code shutil}); their
 * attributes are {@link Value.Opaque}, so using them is never reported.
 */
final class PythonValues {
    private PythonValues() {}

    /** Python 3's builtin names (module {@code builtins}). */
    static final Set<String> BUILTIN_NAMES = Set.of(
            "abs", "aiter", "all", "anext", "any", "ascii", "bin", "bool", "breakpoint", "bytearray",
            "bytes", "callable", "chr", "classmethod", "compile", "complex", "copyright", "credits",
            "delattr", "dict", "dir", "divmod", "enumerate", "eval", "exec", "exit", "filter", "float",
            "format", "frozenset", "getattr", "globals", "hasattr", "hash", "help", "hex", "id", "input",
            "int", "isinstance", "issubclass", "iter", "len", "license", "list", "locals", "map", "max",
            "memoryview", "min", "next", "object", "oct", "open", "ord", "pow", "print", "property",
            "quit", "range", "repr", "reversed", "round", "set", "setattr", "slice", "sorted",
            "staticmethod", "str", "sum", "super", "tuple", "type", "vars", "zip", "__import__",
            "__build_class__", "__debug__", "__doc__", "__name__", "__package__", "__spec__",
            "__loader__", "__file__", "__builtins__", "NotImplemented", "Ellipsis", "None", "True",
            "False",
            // exceptions
            "BaseException", "BaseExceptionGroup", "Exception", "ExceptionGroup", "ArithmeticError",
            "AssertionError", "AttributeError", "BlockingIOError", "BrokenPipeError", "BufferError",
            "BytesWarning", "ChildProcessError", "ConnectionAbortedError", "ConnectionError",
            "ConnectionRefusedError", "ConnectionResetError", "DeprecationWarning", "EOFError",
            "EncodingWarning", "EnvironmentError", "FileExistsError", "FileNotFoundError",
            "FloatingPointError", "FutureWarning", "GeneratorExit", "IOError", "ImportError",
            "ImportWarning", "IndentationError", "IndexError", "InterruptedError", "IsADirectoryError",
            "KeyError", "KeyboardInterrupt", "LookupError", "MemoryError", "ModuleNotFoundError",
            "NameError", "NotADirectoryError", "NotImplementedError", "OSError", "OverflowError",
            "PendingDeprecationWarning", "PermissionError", "ProcessLookupError", "RecursionError",
            "ReferenceError", "ResourceWarning", "RuntimeError", "RuntimeWarning", "StopAsyncIteration",
            "StopIteration", "SyntaxError", "SyntaxWarning", "SystemError", "SystemExit", "TabError",
            "TimeoutError", "TypeError", "UnboundLocalError", "UnicodeDecodeError", "UnicodeEncodeError",
            "UnicodeError", "UnicodeTranslateError", "UnicodeWarning", "UserWarning", "ValueError",
            "Warning", "ZeroDivisionError");

    /** Modules whose attributes resolve to further modules rather than values. */
    private static final Set<String> MODULES = Set.of(
            "torch", "torch.jit", "torch.nn", "torch.nn.functional", "torch.nn.init", "torch.nn.parameter", "torch.autograd.grad_mode", "torch.autograd.profiler", "torch.linalg",
            "torch.fft", "torch.special", "torch.autograd", "torch.cuda", "torch.distributed",
            "torch.testing", "torch.backends", "torch.ops", "torch.ops.aten", "torch.ops.prim",
            "torch.nn.quantized", "torch.nn.utils", "torch.nn.utils.rnn", "torch.quantization", "torch.utils", "torch.sparse", "torch.distributions",
            "torch._C", "torch._C._nn", "torch._jit_internal", "typing", "typing_extensions", "math");

    /** {@code torch} attributes that are Python functions in PyTorch (compiled from source), not operators. */
    private static final Set<String> TORCH_PYTHON_FUNCTIONS = Set.of(
            "broadcast_shapes", "cdist", "einsum", "istft", "lu", "lu_unpack",
            "norm", "stft", "tensordot", "unique", "unique_consecutive", "unravel_index",
            "is_tensor", "is_storage", "typename", "compile", "autocast",
            "enable_grad", "get_default_dtype", "jit", "sym_int", "sym_float");
    // (torch.manual_seed, is_grad_enabled, set_grad_enabled, numel, split, meshgrid, atleast_Nd,
    // broadcast_tensors, block_diag, cartesian_prod, chain_matmul and align_tensors are Python
    // functions the reference maps to the operators of the same name, recorded with 1.13.1)

    /** {@code torch} dtype attributes: in TorchScript a dtype is an {@code int}. */
    private static final Set<String> DTYPES = Set.of(
            "float32", "float", "float64", "double", "float16", "half", "bfloat16", "complex32",
            "complex64", "cfloat", "complex128", "cdouble", "uint8", "int8", "int16", "short", "int32",
            "int", "int64", "long", "bool", "qint8", "quint8", "qint32", "quint4x2", "strided",
            "sparse_coo", "contiguous_format", "channels_last", "channels_last_3d", "preserve_format",
            "per_tensor_affine", "per_channel_affine");

    /** Intrinsics and types of {@code torch} and {@code torch.jit} that the checker knows by name. */
    private static final Set<String> TORCH_BUILTINS = Set.of(
            "torch.Tensor", "torch.device", "torch.dtype", "torch.Size", "torch.Generator",
            "torch.layout", "torch.memory_format", "torch.jit.annotate", "torch.jit.isinstance",
            "torch.jit.is_scripting", "torch.jit.is_tracing", "torch.jit.script", "torch.jit.ignore",
            "torch.jit.unused", "torch.jit.export", "torch.jit.interface", "torch.jit.Final",
            "torch.jit._overload", "torch.jit.Future", "torch.jit.fork", "torch.jit.wait",
            "torch.jit.Attribute", "torch.jit.script_method", "torch.jit.trace",
            "torch.nn.Module", "torch.nn.Parameter", "torch.nn.parameter.Parameter", "enum.Enum",
            "torch.DoubleTensor", "torch.FloatTensor", "torch.HalfTensor", "torch.BFloat16Tensor", "torch.LongTensor",
            "torch.IntTensor", "torch.ShortTensor", "torch.CharTensor", "torch.ByteTensor", "torch.BoolTensor");

    /** The dtype (its ScalarType number) of each legacy tensor type, {@code torch.LongTensor}. */
    static final java.util.Map<String, Long> LEGACY_TENSOR_DTYPES = java.util.Map.of(
            "torch.ByteTensor", 0L, "torch.CharTensor", 1L, "torch.ShortTensor", 2L, "torch.IntTensor", 3L,
            "torch.LongTensor", 4L, "torch.HalfTensor", 5L, "torch.FloatTensor", 6L, "torch.DoubleTensor", 7L,
            "torch.BoolTensor", 11L, "torch.BFloat16Tensor", 15L);

    /** The dtype number of the legacy tensor type {@code name}, if it is one. */
    static java.util.Optional<Long> legacyTensorDtype(String name) {
        return java.util.Optional.ofNullable(LEGACY_TENSOR_DTYPES.get(name));
    }

    /**
     * The functions of {@code torch} that the reference maps to an operator it lacks ({@code
     * torch.is_tensor}), recorded by {@code scripts/record-torch-unknown-builtins}.
     */
    static final class UnknownBuiltins {
        static final Set<String> NAMES = load();

        private UnknownBuiltins() {}

        private static Set<String> load() {
            Set<String> names = new java.util.HashSet<>();
            for (String line : BundledModule.text("/io/github/torchscript4j/checker/semantics/torch-unknown-builtins.txt")
                    .split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    names.add(line.strip());
                }
            }
            return Set.copyOf(names);
        }
    }

    /**
     * The functions of {@code torch.nn.init} that the reference (1.13.1) fails to compile, with the
     * first line of its error (an error in PyTorch's own source, reported at the call).
     */
    static final java.util.Map<String, String> NN_INIT_FAILURES = java.util.Map.of(
            "kaiming_uniform_", "'Tensor (inferred)' object has no attribute or method 'lower'.",
            "kaiming_normal_", "'Tensor (inferred)' object has no attribute or method 'lower'.",
            "eye_", "'Tensor (inferred)' object has no attribute or method 'ndimension'.",
            "dirac_", "'Tensor (inferred)' object has no attribute or method 'ndimension'.",
            "orthogonal_", "'Tensor (inferred)' object has no attribute or method 'ndimension'.",
            "sparse_", "'Tensor (inferred)' object has no attribute or method 'ndimension'.",
            "trunc_normal_", "function definitions aren't supported");

    /** Whether {@code torch.name} is a function the reference maps to an operator it does not have. */
    static boolean isUnknownBuiltin(String qualifiedName) {
        return qualifiedName.startsWith("torch.") && qualifiedName.indexOf('.', 6) < 0
                && UnknownBuiltins.NAMES.contains(qualifiedName.substring(6));
    }

    /**
     * The size of {@code torch.nn.modules.utils._single}, {@code _pair}, {@code _triple} and {@code
     * _quadruple} (1 to 4), which TorchScript compiles as its builtin functions of a {@code
     * BroadcastingListN[int]} argument: an int is repeated into a list, a list passed on.
     */
    static Optional<Integer> ntupleSize(String qualifiedName) {
        return switch (qualifiedName) {
            case "torch.nn.modules.utils._single" -> Optional.of(1);
            case "torch.nn.modules.utils._pair" -> Optional.of(2);
            case "torch.nn.modules.utils._triple" -> Optional.of(3);
            case "torch.nn.modules.utils._quadruple" -> Optional.of(4);
            default -> Optional.empty();
        };
    }

    /** Whether {@code name} is a {@code torch} intrinsic or type rather than an operator. */
    static boolean isTorchIntrinsic(String name) {
        return TORCH_BUILTINS.contains(name);
    }

    /** Whether the builtin {@code name} is an exception class ({@code Exception}, {@code ValueError}, ...). */
    static boolean isExceptionClass(String name) {
        return BUILTIN_NAMES.contains(name) && (name.endsWith("Error") || name.endsWith("Exception")
                || name.endsWith("Warning") || name.equals("StopIteration") || name.equals("StopAsyncIteration")
                || name.equals("KeyboardInterrupt") || name.equals("SystemExit") || name.equals("GeneratorExit")
                || name.endsWith("ExceptionGroup"));
    }

    static boolean isBuiltinName(String name) {
        return BUILTIN_NAMES.contains(name);
    }

    /** What the Python builtin {@code name} is to TorchScript. */
    static Value builtin(String name) {
        switch (name) {
            case "None":
                return Value.typed(Types.NONE);
            case "True":
            case "False":
                return Value.typed(Types.BOOL);
            case "__debug__":
                return Value.typed(Types.BOOL);
            case "__name__":
            case "__file__":
                return Value.typed(Types.STR);
            default:
                return new Value.Builtin(name);
        }
    }

    /** The module imported as {@code import dotted}. */
    static Value module(String dotted) {
        return new Value.PyModule(dotted);
    }

    /** {@code module.attr}, where {@code module} is the Python module {@code moduleName}. */
    static Value attribute(String moduleName, String attr) {
        String q = moduleName + "." + attr;
        if (q.equals("collections.OrderedDict")) {
            return new Value.Builtin(q); // a dict to TorchScript
        }
        if (moduleName.equals("torch.nn.modules.utils") && ntupleSize(q).isPresent()) {
            return new Value.Builtin(q); // the reference's builtins aten::_single etc. (CallChecker)
        }
        Optional<Value> bundled = BundledModule.lookup(moduleName, attr);
        if (bundled.isPresent()) {
            return bundled.get(); // torch.no_grad, torch.nn.init.uniform_: our bundled source
        }
        if (moduleName.equals("torch.nn.init") && NN_INIT_FAILURES.containsKey(attr)) {
            return new Value.Builtin(q); // a call is the reference's error (CallChecker)
        }
        if (moduleName.startsWith("torch.ops.") && moduleName.indexOf('.', 10) < 0) {
            // torch.ops.NS.X: the operator NS::X itself, every overload (no Python function in front)
            String ns = moduleName.substring(10);
            return !attr.startsWith("__") && !OperatorTable.builtin().overloads(ns + "::" + attr).isEmpty()
                    ? new Value.Builtin("ops." + ns + "." + attr) : Value.OPAQUE;
        }
        if (MODULES.contains(q) || q.equals(BundledModule.NN_MODULES) || BundledModule.nnModule(q).isPresent()) {
            return new Value.PyModule(q);
        }
        if (moduleName.equals("typing") || moduleName.equals("typing_extensions")) {
            return new Value.Builtin("typing." + attr);
        }
        if (TORCH_BUILTINS.contains(q)) {
            return new Value.Builtin(q);
        }
        if (moduleName.equals("torch")) {
            if (DTYPES.contains(attr)) {
                return Value.typed(Types.INT);
            }
            if (UnknownBuiltins.NAMES.contains(attr)) {
                return new Value.Builtin(q); // a call is an error (CallChecker)
            }
            if (!TORCH_PYTHON_FUNCTIONS.contains(attr) && !attr.startsWith("_")
                    && !OperatorTable.builtin().overloads("aten::" + attr).isEmpty()) {
                return new Value.Builtin(q);
            }
            return Value.OPAQUE;
        }
        if (moduleName.equals("torch.nn.functional")) {
            return FunctionalLibrary.get().member(attr);
        }
        if (moduleName.equals("torch._C._nn")) {
            // The reference's builtins of torch._C._nn are aten operators of the same name, its
            // underscored members (_upsample_nearest_exact1d) included.
            return !attr.startsWith("__") && !OperatorTable.builtin().overloads("aten::" + attr).isEmpty()
                    ? new Value.Builtin("torch." + attr) : Value.OPAQUE;
        }
        if (moduleName.equals("torch._jit_internal") && attr.matches("BroadcastingList[123]")) {
            return new Value.Builtin(q);
        }
        if (moduleName.equals("math")) {
            switch (attr) {
                case "pi":
                case "e":
                case "inf":
                case "nan":
                case "tau":
                    return Value.typed(Types.FLOAT);
                default:
                    return new Value.Builtin(q);
            }
        }
        return Value.OPAQUE;
    }

    /** The value of a dotted name such as {@code torch.nn.functional} or {@code typing.List}. */
    static Value qualified(String dotted) {
        int dot = dotted.indexOf('.');
        if (dot < 0) {
            return module(dotted);
        }
        String[] parts = dotted.split("\\.");
        Value v = module(parts[0]);
        for (int i = 1; i < parts.length; i++) {
            if (!(v instanceof Value.PyModule m)) {
                return Value.OPAQUE;
            }
            v = attribute(m.name(), parts[i]);
        }
        return v;
    }
}
