package io.github.torchscript4j.runtime.weights;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import io.github.torchscript4j.runtime.archive.ArchiveException;
import io.github.torchscript4j.runtime.archive.RawTensors;
import io.github.torchscript4j.runtime.value.Dtypes;
import io.github.torchscript4j.runtime.value.TensorRef;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a safetensors file: an unsigned 64-bit little-endian header length N, N bytes of a JSON
 * object mapping each tensor's name to {@code {"dtype": "F32", "shape": [2, 3], "data_offsets":
 * [begin, end]}} (and an optional {@code "__metadata__"} object of strings), then the data: each
 * tensor's elements in row-major little-endian order at {@code [begin, end)} of the bytes after the
 * header. As the format requires, the ranges must exactly tile the data, without overlap or hole.
 *
 * <p>Tensors are read one at a time from the file, never the whole file at once.
 */
public final class SafeTensors {
    /** The header size the format allows at most (100 MB). */
    static final long MAX_HEADER = 100_000_000;

    /** safetensors' dtype names with the reference's dtype codes. */
    private static final Map<String, Long> DTYPES = Map.ofEntries(
            Map.entry("BOOL", Dtypes.BOOL), Map.entry("U8", Dtypes.UINT8), Map.entry("I8", Dtypes.INT8),
            Map.entry("I16", Dtypes.INT16), Map.entry("I32", Dtypes.INT32), Map.entry("I64", Dtypes.INT64),
            Map.entry("F16", Dtypes.FLOAT16), Map.entry("BF16", Dtypes.BFLOAT16), Map.entry("F32", Dtypes.FLOAT32),
            Map.entry("F64", Dtypes.FLOAT64), Map.entry("C64", Dtypes.COMPLEX64));

    private SafeTensors() {}

    /** One tensor's entry in the header. */
    private record Entry(String name, long dtype, long[] shape, long begin, long end) {}

    /**
     * Reads every tensor of {@code path}, in the header's order; the caller owns them.
     *
     * @throws ArchiveException if the file is truncated, its header is malformed, or a tensor's
     *     dtype, shape and byte range disagree
     */
    public static Map<String, TensorRef> read(Path path) {
        String name = path.toString();
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            long fileSize = channel.size();
            if (fileSize < 8) {
                throw new ArchiveException(name + ": " + fileSize + " bytes, too short for a safetensors header");
            }
            ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(channel, lengthBytes, 0, name);
            long headerLength = lengthBytes.flip().getLong();
            if (headerLength < 2 || headerLength > MAX_HEADER || headerLength > fileSize - 8) {
                throw new ArchiveException(name + ": not a safetensors file (a header length of "
                        + Long.toUnsignedString(headerLength) + " bytes in a file of " + fileSize + ")");
            }
            ByteBuffer header = ByteBuffer.allocate((int) headerLength);
            readFully(channel, header, 8, name);
            List<Entry> entries = parseHeader(name, header.flip());
            long dataStart = 8 + headerLength;
            checkLayout(name, entries, fileSize - dataStart);
            Map<String, TensorRef> out = new LinkedHashMap<>();
            try {
                for (Entry e : entries) {
                    int length = (int) (e.end() - e.begin());
                    ByteBuffer data = ByteBuffer.allocate(length);
                    readFully(channel, data, dataStart + e.begin(), name);
                    TensorRef flat = RawTensors.storage(data.array(), 0, length, e.dtype());
                    try {
                        out.put(e.name(), RawTensors.view(flat, e.shape(), contiguousStrides(e.shape()), 0));
                    } finally {
                        flat.release();
                    }
                }
            } catch (RuntimeException x) {
                out.values().forEach(TensorRef::release);
                throw x;
            }
            return out;
        } catch (IOException e) {
            throw new ArchiveException(name + ": cannot be read: " + e.getMessage(), e);
        }
    }

    private static void readFully(FileChannel channel, ByteBuffer into, long position, String name) throws IOException {
        long at = position;
        while (into.hasRemaining()) {
            int n = channel.read(into, at);
            if (n < 0) {
                throw new ArchiveException(name + ": truncated (the file ends at byte " + at + ")");
            }
            at += n;
        }
    }

    private static List<Entry> parseHeader(String name, ByteBuffer header) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(header).toString();
        } catch (CharacterCodingException e) {
            throw new ArchiveException(name + ": the safetensors header is not valid UTF-8");
        }
        if (!text.startsWith("{")) {
            throw new ArchiveException(name + ": the safetensors header does not start with '{'");
        }
        JsonElement root;
        try {
            com.google.gson.stream.JsonReader reader = new com.google.gson.stream.JsonReader(
                    new java.io.StringReader(text.stripTrailing()));
            reader.setLenient(false);
            root = JsonParser.parseReader(reader);
            if (reader.peek() != com.google.gson.stream.JsonToken.END_DOCUMENT) {
                throw new JsonParseException("text after the JSON object");
            }
        } catch (JsonParseException | IOException | IllegalStateException e) {
            throw new ArchiveException(name + ": the safetensors header is not valid JSON: " + e.getMessage(), e);
        }
        if (!root.isJsonObject()) {
            throw new ArchiveException(name + ": the safetensors header is not a JSON object");
        }
        List<Entry> entries = new ArrayList<>();
        for (Map.Entry<String, JsonElement> field : root.getAsJsonObject().entrySet()) {
            String tensor = field.getKey();
            if (tensor.equals("__metadata__")) {
                checkMetadata(name, field.getValue());
                continue;
            }
            String where = name + ": tensor '" + tensor + "'";
            if (!field.getValue().isJsonObject()) {
                throw new ArchiveException(where + " is not described by a JSON object");
            }
            JsonObject info = field.getValue().getAsJsonObject();
            JsonElement dtypeName = info.get("dtype");
            if (dtypeName == null || !dtypeName.isJsonPrimitive() || !dtypeName.getAsJsonPrimitive().isString()) {
                throw new ArchiveException(where + " has no \"dtype\" string");
            }
            Long dtype = DTYPES.get(dtypeName.getAsString());
            if (dtype == null) {
                throw new ArchiveException(where + " has dtype " + dtypeName.getAsString()
                        + ", which PyTorch 1.13 does not have (supported: " + String.join(", ",
                        DTYPES.keySet().stream().sorted().toList()) + ")");
            }
            long[] shape = integers(where, info, "shape", -1);
            long[] offsets = integers(where, info, "data_offsets", 2);
            if (offsets[0] > offsets[1]) {
                throw new ArchiveException(where + " has data_offsets [" + offsets[0] + ", " + offsets[1]
                        + "] that end before they begin");
            }
            long numel = 1;
            for (long d : shape) {
                numel = Math.multiplyExact(numel, d);
            }
            long expected = Math.multiplyExact(numel, RawTensors.elementSize(dtype));
            if (offsets[1] - offsets[0] != expected) {
                throw new ArchiveException(where + " of dtype " + dtypeName.getAsString() + " and shape "
                        + java.util.Arrays.toString(shape) + " needs " + expected + " bytes, its data_offsets give "
                        + (offsets[1] - offsets[0]));
            }
            entries.add(new Entry(tensor, dtype, shape, offsets[0], offsets[1]));
        }
        return entries;
    }

    private static void checkMetadata(String name, JsonElement metadata) {
        if (!metadata.isJsonObject()) {
            throw new ArchiveException(name + ": \"__metadata__\" is not a JSON object");
        }
        for (Map.Entry<String, JsonElement> e : metadata.getAsJsonObject().entrySet()) {
            if (!e.getValue().isJsonPrimitive() || !e.getValue().getAsJsonPrimitive().isString()) {
                throw new ArchiveException(name + ": \"__metadata__\" entry '" + e.getKey() + "' is not a string");
            }
        }
    }

    private static long[] integers(String where, JsonObject info, String key, int count) {
        JsonElement value = info.get(key);
        if (value == null || !value.isJsonArray()) {
            throw new ArchiveException(where + " has no \"" + key + "\" array");
        }
        JsonArray array = value.getAsJsonArray();
        if (count >= 0 && array.size() != count) {
            throw new ArchiveException(where + " has a \"" + key + "\" of " + array.size() + " numbers, not " + count);
        }
        long[] out = new long[array.size()];
        for (int i = 0; i < out.length; i++) {
            JsonElement e = array.get(i);
            if (!e.isJsonPrimitive() || !((JsonPrimitive) e).isNumber() || !e.getAsString().matches("\\d{1,18}")) {
                throw new ArchiveException(where + " has \"" + key + "\" element " + e
                        + ", not a non-negative integer");
            }
            out[i] = Long.parseLong(e.getAsString());
        }
        return out;
    }

    /** The ranges must tile {@code [0, dataSize)} exactly. */
    private static void checkLayout(String name, List<Entry> entries, long dataSize) {
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long at = 0;
        for (Entry e : sorted) {
            if (e.begin() < at) {
                throw new ArchiveException(name + ": tensor '" + e.name() + "' overlaps the data of another tensor");
            }
            if (e.begin() > at) {
                throw new ArchiveException(name + ": bytes " + at + " to " + e.begin()
                        + " of the data belong to no tensor");
            }
            at = e.end();
        }
        if (at != dataSize) {
            throw new ArchiveException(name + ": the tensors' data ends at byte " + at + " but the file holds "
                    + dataSize + " bytes of data" + (at > dataSize ? " (truncated)" : ""));
        }
    }

    private static long[] contiguousStrides(long[] shape) {
        long[] strides = new long[shape.length];
        long step = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            strides[i] = step;
            step *= Math.max(1, shape[i]);
        }
        return strides;
    }
}
