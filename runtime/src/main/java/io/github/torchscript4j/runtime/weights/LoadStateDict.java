package io.github.torchscript4j.runtime.weights;

import io.github.torchscript4j.runtime.archive.TorchScriptArchiveWriter.Attribute;
import io.github.torchscript4j.runtime.archive.TorchScriptArchiveWriter.Kind;
import io.github.torchscript4j.runtime.archive.TorchScriptArchiveWriter.ModuleInstance;
import io.github.torchscript4j.runtime.value.TensorRef;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;

/**
 * {@code module.load_state_dict(state_dict, strict)} as PyTorch 1.13 does it: each parameter and
 * buffer of the module tree (keys {@code w}, {@code sub.t}) takes the values of the state dict's
 * tensor of the same key, copied into it in place (so it keeps its own dtype and device); shape
 * mismatches are errors; with {@code strict}, missing and unexpected keys are errors too. Errors
 * carry PyTorch's message:
 *
 * <pre>
 * Error(s) in loading state_dict for M:
 * 	Missing key(s) in state_dict: "sub.t".
 * 	Unexpected key(s) in state_dict: "extra".
 * 	size mismatch for w: copying a param with shape torch.Size([3, 2]) from checkpoint, the shape in current model is torch.Size([2, 3]).
 * </pre>
 *
 * Nothing is copied when there is an error.
 */
public final class LoadStateDict {
    /** The keys that did not match, as {@code load_state_dict} returns them. */
    public record IncompatibleKeys(List<String> missingKeys, List<String> unexpectedKeys) {}

    /** A state dict that does not fit its module, with PyTorch's message. */
    public static final class LoadStateDictException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public LoadStateDictException(String message) {
            super(message);
        }
    }

    private LoadStateDict() {}

    /**
     * Copies {@code stateDict}'s tensors into {@code module}'s parameters and buffers.
     *
     * @throws LoadStateDictException on a shape mismatch, or with {@code strict} on a missing or
     *     unexpected key
     */
    public static IncompatibleKeys load(ModuleInstance module, Map<String, TensorRef> stateDict, boolean strict) {
        Map<String, TensorRef> targets = new LinkedHashMap<>();
        List<String> unexpected = new ArrayList<>();
        walk(module, "", stateDict, targets, unexpected);
        List<String> missing = new ArrayList<>();
        List<String> mismatches = new ArrayList<>();
        for (Map.Entry<String, TensorRef> e : targets.entrySet()) {
            TensorRef given = stateDict.get(e.getKey());
            if (given == null) {
                missing.add(e.getKey());
                continue;
            }
            long[] want = e.getValue().tensor().sizes().vec().get();
            long[] got = given.tensor().sizes().vec().get();
            if (!Arrays.equals(want, got)) {
                mismatches.add("size mismatch for " + e.getKey() + ": copying a param with shape " + size(got)
                        + " from checkpoint, the shape in current model is " + size(want) + ".");
            }
        }
        List<String> errors = new ArrayList<>();
        if (strict && !missing.isEmpty()) {
            errors.add("Missing key(s) in state_dict: " + quoted(missing) + ". ");
        }
        if (strict && !unexpected.isEmpty()) {
            errors.add("Unexpected key(s) in state_dict: " + quoted(unexpected) + ". ");
        }
        errors.addAll(mismatches);
        if (!errors.isEmpty()) {
            String name = module.qualifiedName().substring(module.qualifiedName().lastIndexOf('.') + 1);
            throw new LoadStateDictException("Error(s) in loading state_dict for " + name + ":\n\t"
                    + String.join("\n\t", errors));
        }
        try (PointerScope scope = new PointerScope(); NoGradGuard noGrad = new NoGradGuard()) {
            for (Map.Entry<String, TensorRef> e : targets.entrySet()) {
                TensorRef given = stateDict.get(e.getKey());
                if (given != null) {
                    e.getValue().tensor().copy_(given.tensor());
                }
            }
        }
        return new IncompatibleKeys(List.copyOf(missing), List.copyOf(unexpected));
    }

    /** Collects the module's tensors by key, and the keys under its prefix that match nothing, module by module. */
    private static void walk(ModuleInstance module, String prefix, Map<String, TensorRef> stateDict,
            Map<String, TensorRef> targets, List<String> unexpected) {
        Map<String, Attribute> locals = new LinkedHashMap<>();
        Map<String, ModuleInstance> children = new LinkedHashMap<>();
        for (Kind kind : List.of(Kind.PARAMETER, Kind.BUFFER, Kind.MODULE)) {
            for (Attribute a : module.attributes()) {
                if (a.kind() != kind) {
                    continue;
                }
                if (kind == Kind.MODULE) {
                    children.put(a.name(), (ModuleInstance) a.value());
                } else if (a.value() instanceof TensorRef t) {
                    locals.put(a.name(), a);
                    targets.put(prefix + a.name(), t);
                }
            }
        }
        for (String key : stateDict.keySet()) {
            if (key.startsWith(prefix)) {
                String rest = key.substring(prefix.length());
                String first = rest.split("\\.", 2)[0];
                if (!locals.containsKey(rest) && !children.containsKey(first)) {
                    unexpected.add(key);
                }
            }
        }
        children.forEach((name, child) -> walk(child, prefix + name + ".", stateDict, targets, unexpected));
    }

    private static String size(long[] shape) {
        return Arrays.stream(shape).mapToObj(Long::toString).collect(Collectors.joining(", ", "torch.Size([", "])"));
    }

    private static String quoted(List<String> keys) {
        return keys.stream().map(k -> "\"" + k + "\"").collect(Collectors.joining(", "));
    }
}
