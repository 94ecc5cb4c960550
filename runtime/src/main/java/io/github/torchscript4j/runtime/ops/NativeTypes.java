package io.github.torchscript4j.runtime.ops;

import io.github.torchscript4j.checker.builtins.SchemaType;
import io.github.torchscript4j.runtime.Libtorch;
import io.github.torchscript4j.runtime.TorchScriptException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bytedeco.pytorch.FunctionSchema;
import org.bytedeco.pytorch.Type;
import org.bytedeco.pytorch.global.torch;

/**
 * libtorch's {@code c10::TypePtr} for a concrete schema type ({@code int}, {@code (str, Tensor)},
 * {@code Dict(str, Tensor[])}): what a {@code c10::List} needs as its element type and a {@code
 * c10::Dict} as its key and value types. Bytedeco exposes no constructors for most compound types,
 * so the type is read from libtorch's own schema parser ({@code torch::jit::parseSchema}) applied
 * to {@code f(TYPE x) -> ()}; each type is parsed once and kept for the life of the process.
 */
final class NativeTypes {
    private static final Map<String, Type.TypePtr> CACHE = new ConcurrentHashMap<>();

    private NativeTypes() {}

    /**
     * The type pointer for {@code type}, which must contain no type variable. Like the argument
     * types of libtorch's schemas, {@code SymInt} is {@code int} and {@code ScalarType} is {@code int}.
     */
    static Type.TypePtr of(SchemaType type) {
        String text = type.toString();
        Type.TypePtr cached = CACHE.get(text);
        if (cached != null) {
            return cached;
        }
        Libtorch.ensureLoaded();
        Type.TypePtr parsed;
        try {
            FunctionSchema schema = torch.parseSchema("f(" + text + " x) -> ()");
            // A copy of the shared_ptr, so that it outlives the schema; retained so that no
            // PointerScope active in the caller frees it.
            parsed = new Type.TypePtr(schema.arguments().type());
            parsed.retainReference();
            schema.close();
        } catch (RuntimeException e) {
            throw new TorchScriptException("RuntimeError", "libtorch has no type " + text + ": "
                    + TorchScriptException.nativeMessage(e.getMessage()), e);
        }
        Type.TypePtr raced = CACHE.putIfAbsent(text, parsed);
        if (raced != null) {
            parsed.releaseReference();
            return raced;
        }
        return parsed;
    }
}
