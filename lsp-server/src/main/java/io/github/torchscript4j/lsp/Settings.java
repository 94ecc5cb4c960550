package io.github.torchscript4j.lsp;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.github.torchscript4j.lsp.ide.InlayHints;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The server's settings, from {@code initializationOptions} or {@code workspace/didChangeConfiguration}
 * (either directly or under a {@code "torchscript"} key):
 *
 * <ul>
 *   <li>{@code diagnosticsDelayMs}: the debounce of diagnostics: an edit within this many
 *       milliseconds of the previous one waits until the document has been quiet that long; an
 *       edit after a quiet spell is checked at once (default {@value #DEFAULT_DELAY_MS}; 0: never wait);
 *   <li>{@code sourceRoots}: folders, relative to each workspace root, that hold TorchScript sources:
 *       the roots imports are resolved from, searched before the workspace folders themselves
 *       (a change rechecks the open documents);
 *   <li>{@code inlayHints}: {@code {"variableTypes": bool, "parameterTypes": bool, "returnTypes":
 *       bool}}, which inferred types are shown as inlay hints (all by default; the editor has its
 *       own switch for inlay hints as a whole).
 * </ul>
 *
 * <p>Unknown keys and values of the wrong type are ignored.
 */
record Settings(long diagnosticsDelayMs, Optional<List<String>> sourceRoots, InlayHints.Options inlayHints) {
    static final long DEFAULT_DELAY_MS = 20;

    static Settings defaults() {
        return new Settings(DEFAULT_DELAY_MS, Optional.empty(), new InlayHints.Options(true, true, true));
    }

    /** These settings updated by the JSON object {@code options} (anything else is ignored). */
    Settings with(Object options) {
        if (!(options instanceof JsonObject o)) {
            return this;
        }
        if (o.has("torchscript") && o.get("torchscript").isJsonObject()) {
            o = o.getAsJsonObject("torchscript");
        }
        long delay = diagnosticsDelayMs;
        JsonElement d = o.get("diagnosticsDelayMs");
        if (d != null && d.isJsonPrimitive() && d.getAsJsonPrimitive().isNumber()) {
            delay = Math.max(0, d.getAsLong());
        }
        Optional<List<String>> roots = sourceRoots;
        JsonElement r = o.get("sourceRoots");
        if (r != null && r.isJsonArray()) {
            List<String> list = new ArrayList<>();
            for (JsonElement e : (JsonArray) r) {
                if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isString()) {
                    list.add(e.getAsString());
                }
            }
            roots = Optional.of(List.copyOf(list));
        }
        InlayHints.Options hints = inlayHints;
        JsonElement h = o.get("inlayHints");
        if (h != null && h.isJsonObject()) {
            JsonObject ho = h.getAsJsonObject();
            hints = new InlayHints.Options(flag(ho, "variableTypes", hints.variableTypes()),
                    flag(ho, "parameterTypes", hints.parameterTypes()), flag(ho, "returnTypes", hints.returnTypes()));
        }
        return new Settings(delay, roots, hints);
    }

    private static boolean flag(JsonObject o, String key, boolean otherwise) {
        JsonElement e = o.get(key);
        return e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isBoolean() ? e.getAsBoolean() : otherwise;
    }
}
