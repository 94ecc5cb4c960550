package io.github.torchscript4j.runtime.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.torchscript4j.runtime.archive.ArchiveException;
import io.github.torchscript4j.runtime.value.Dtypes;
import io.github.torchscript4j.runtime.value.TensorData;
import io.github.torchscript4j.runtime.value.TensorRef;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * State dicts written by the reference ({@code scripts/record-weights-fixtures}: {@code
 * torch.save} of PyTorch 1.13.1 and {@code safetensors.torch.save_file}) read back with the same
 * dtype, shape, strides, storage offset and elements ({@code expected.json}, recorded by the same
 * script); broken and hostile files refused with the file and the reason.
 */
@Tag("native")
class StateDictsTest {
    @TempDir
    Path tmp;

    private static Path fixture(String name) {
        try {
            Path dir = Path.of(StateDictsTest.class.getResource("/weights/expected.json").toURI()).getParent();
            return dir.resolve(name);
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonObject expected(String file) {
        try {
            return JsonParser.parseString(Files.readString(fixture("expected.json"))).getAsJsonObject()
                    .getAsJsonObject(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"state_dict.pt", "views.pt", "keep_vars.pt", "state_dict.safetensors"})
    void readsEveryTensorAsTheReferenceStoredIt(String file) {
        JsonObject expected = expected(file);
        Map<String, TensorRef> loaded = StateDicts.read(fixture(file));
        try {
            if (file.endsWith(".safetensors")) { // the header's order is safetensors' own (by dtype, then name)
                assertEquals(new java.util.TreeSet<>(expected.keySet()), new java.util.TreeSet<>(loaded.keySet()));
            } else {
                assertEquals(new ArrayList<>(expected.keySet()), new ArrayList<>(loaded.keySet()), "names in order");
            }
            for (String name : expected.keySet()) {
                JsonObject want = expected.getAsJsonObject(name);
                Tensor t = loaded.get(name).tensor();
                String where = file + ": " + name;
                assertEquals(Dtypes.code(want.get("dtype").getAsString()).orElseThrow(), t.scalar_type().value, where);
                assertArrayEquals(longs(want.getAsJsonArray("shape")), t.sizes().vec().get(), where + " shape");
                assertArrayEquals(longs(want.getAsJsonArray("stride")), t.strides().vec().get(), where + " stride");
                assertEquals(want.get("offset").getAsLong(), t.storage_offset(), where + " offset");
                assertElements(want.getAsJsonArray("values"), TensorData.read(loaded.get(name)), where);
            }
        } finally {
            StateDicts.release(loaded);
        }
    }

    private static void assertElements(JsonArray want, TensorData got, String where) {
        assertEquals(want.size(), got.size(), where + " element count");
        for (int i = 0; i < want.size(); i++) {
            JsonElement w = want.get(i);
            if (got.floats() != null) {
                assertEquals(w.getAsDouble(), got.floats()[i], 0.0, where + " element " + i);
            } else if (got.ints() != null) {
                assertEquals(w.getAsLong(), got.ints()[i], where + " element " + i);
            } else {
                assertEquals(w.getAsBoolean(), got.bools()[i], where + " element " + i);
            }
        }
    }

    private static long[] longs(JsonArray array) {
        long[] out = new long[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).getAsLong();
        }
        return out;
    }

    @Test
    void tensorsThatSharedAStorageStillShareIt() {
        Map<String, TensorRef> loaded = TorchSaveFile.read(fixture("views.pt"));
        try {
            long whole = loaded.get("whole").tensor().storage().data().address();
            assertEquals(whole, loaded.get("transposed").tensor().storage().data().address());
            assertEquals(whole, loaded.get("sliced").tensor().storage().data().address());
            loaded.get("whole").tensor().fill_(new org.bytedeco.pytorch.Scalar(7.0));
            assertEquals(7.0, TensorData.read(loaded.get("sliced")).floats()[0], 0.0);
        } finally {
            StateDicts.release(loaded);
        }
    }

    @Test
    void aPickledModuleIsRefusedByItsClassName() {
        ArchiveException e = assertThrows(ArchiveException.class, () -> TorchSaveFile.read(fixture("whole_module.pt")));
        assertTrue(e.getMessage().contains("whole_module.pt"), e.getMessage());
        assertTrue(e.getMessage().contains("global '__main__.Small' is not allowed in a state dict"), e.getMessage());
        assertTrue(e.getMessage().contains("save model.state_dict() instead"), e.getMessage());
    }

    @Test
    void aForeignGlobalIsRefusedBeforeAnythingRuns() {
        ArchiveException e = assertThrows(ArchiveException.class, () -> StateDicts.read(fixture("foreign_global.pt")));
        assertTrue(e.getMessage().contains("foreign_global.pt: foreign_global/data.pkl (pickle byte "), e.getMessage());
        assertTrue(e.getMessage().contains("global 'posix.system' is not allowed"), e.getMessage());
    }

    @Test
    void theLegacyFormatIsNamed() {
        ArchiveException e = assertThrows(ArchiveException.class, () -> StateDicts.read(fixture("legacy.pt")));
        assertTrue(e.getMessage().contains("legacy format"), e.getMessage());
    }

    @Test
    void aTruncatedZipIsNotAZip() throws IOException {
        byte[] all = Files.readAllBytes(fixture("state_dict.pt"));
        Path cut = tmp.resolve("cut.pt");
        Files.write(cut, Arrays.copyOf(all, all.length / 2));
        ArchiveException e = assertThrows(ArchiveException.class, () -> StateDicts.read(cut));
        assertTrue(e.getMessage().startsWith(cut + ": not a zip archive"), e.getMessage());
    }

    @Test
    void aStorageShorterThanThePickleSaysIsReported() throws IOException {
        Path shortened = rezip("state_dict.pt", (name, data) -> name.endsWith("/data/0") ? Arrays.copyOf(data, data.length - 4) : data);
        ArchiveException e = assertThrows(ArchiveException.class, () -> TorchSaveFile.read(shortened));
        assertTrue(e.getMessage().matches(".*state_dict/data/0 holds \\d+ bytes, but the pickle says \\d+ elements of torch\\.\\w+Storage.*"),
                e.getMessage());
    }

    @Test
    void aTruncatedPickleIsReportedWithItsOffset() throws IOException {
        Path cut = rezip("state_dict.pt", (name, data) -> name.endsWith("data.pkl") ? Arrays.copyOf(data, 100) : data);
        ArchiveException e = assertThrows(ArchiveException.class, () -> TorchSaveFile.read(cut));
        assertTrue(e.getMessage().contains("state_dict/data.pkl (pickle byte "), e.getMessage());
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void anEntryNameThatClimbsOutIsRefused() throws IOException {
        Path evil = tmp.resolve("evil.pt");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(evil))) {
            out.putNextEntry(new ZipEntry("archive/data.pkl"));
            out.write(new byte[] {(byte) 0x80, 2, '}', '.'});
            out.putNextEntry(new ZipEntry("archive/../../etc/passwd"));
            out.write(1);
        }
        ArchiveException e = assertThrows(ArchiveException.class, () -> TorchSaveFile.read(evil));
        assertEquals(evil + ": entry name 'archive/../../etc/passwd' has a '..' component", e.getMessage());
    }

    @Test
    void aZipBombIsStoppedByTheDeclaredSizes() throws IOException {
        Path bomb = tmp.resolve("bomb.pt");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(bomb))) {
            out.putNextEntry(new ZipEntry("archive/data/0"));
            out.write(new byte[8 << 20]);
        }
        assertTrue(Files.size(bomb) < 100_000);
        var limits = new io.github.torchscript4j.runtime.archive.ZipArchive.Limits(10, 4 << 20, 1L << 30, 1100);
        ArchiveException e = assertThrows(ArchiveException.class,
                () -> io.github.torchscript4j.runtime.archive.ZipArchive.open(bomb, limits));
        assertTrue(e.getMessage().contains("declares 8388608 bytes, more than the limit of 4194304"), e.getMessage());
    }

    @Test
    void aRecordLargerThanItsHeaderSaysIsNeverExpandedPastIt() throws IOException {
        Path lying = tmp.resolve("lying.pt");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(lying))) {
            out.putNextEntry(new ZipEntry("archive/data.pkl"));
            out.write(new byte[1 << 16]);
        }
        byte[] bytes = Files.readAllBytes(lying);
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = bytes.length - 22; i >= 0; i--) {
            if (b.getInt(i) == 0x02014b50) { // the central directory's entry: uncompressed size at +24
                b.putInt(i + 24, 100);
                break;
            }
        }
        Files.write(lying, bytes);
        try (var zip = io.github.torchscript4j.runtime.archive.ZipArchive.open(lying)) {
            ArchiveException e = assertThrows(ArchiveException.class, () -> zip.read("data.pkl"));
            assertTrue(e.getMessage().startsWith(lying + ": archive/data.pkl: "), e.getMessage());
        }
    }

    @Test
    void safetensorsWithABadHeaderAreRefused() throws IOException {
        byte[] good = Files.readAllBytes(fixture("state_dict.safetensors"));
        long headerLength = ByteBuffer.wrap(good).order(ByteOrder.LITTLE_ENDIAN).getLong();
        String header = new String(good, 8, (int) headerLength, StandardCharsets.UTF_8);

        assertSafetensorsError(Arrays.copyOf(good, 5), "too short for a safetensors header");
        assertSafetensorsError(Arrays.copyOf(good, good.length - 3), "(truncated)");
        assertSafetensorsError("not safetensors at all".getBytes(StandardCharsets.UTF_8), "not a safetensors file");
        assertSafetensorsError(withHeader(good, header.replace("\"F32\"", "\"F8_E4M3\"")),
                "has dtype F8_E4M3, which PyTorch 1.13 does not have");
        assertSafetensorsError(withHeader(good, header.replace("{\"dtype\"", "{\"dtype\" ")
                .replaceFirst("\\{", "{,")), "not valid JSON");
        assertSafetensorsError(withHeader(good, header.replace("\"shape\":[2,3]", "\"shape\":[3,3]")),
                "of dtype F32 and shape [3, 3] needs 36 bytes, its data_offsets give 24");
        assertSafetensorsError(withHeader(good, header.replace("\"shape\":[2,3]", "\"shape\":[2,-3]")),
                "not a non-negative integer");
    }

    /** The same data after another header, padded to the old length with spaces as the format allows. */
    private static byte[] withHeader(byte[] file, String header) {
        long oldLength = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).getLong();
        byte[] text = header.getBytes(StandardCharsets.UTF_8);
        byte[] padded = new byte[(int) Math.max(oldLength, text.length)];
        Arrays.fill(padded, (byte) ' ');
        System.arraycopy(text, 0, padded, 0, text.length);
        ByteBuffer out = ByteBuffer.allocate(8 + padded.length + file.length - 8 - (int) oldLength)
                .order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(padded.length).put(padded).put(file, 8 + (int) oldLength, file.length - 8 - (int) oldLength);
        return out.array();
    }

    private void assertSafetensorsError(byte[] bytes, String expected) throws IOException {
        Path file = Files.createTempFile(tmp, "bad", ".safetensors");
        Files.write(file, bytes);
        ArchiveException e = assertThrows(ArchiveException.class, () -> StateDicts.read(file));
        assertTrue(e.getMessage().startsWith(file.toString() + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void aFailedReadLeavesNoTensorBehind() throws IOException {
        Path bad = rezip("views.pt", (name, data) -> name.endsWith("data.pkl")
                ? new String(data, StandardCharsets.ISO_8859_1).replace("whole", "who\u00ffe").getBytes(StandardCharsets.ISO_8859_1)
                : data);
        ArchiveException e = assertThrows(ArchiveException.class, () -> TorchSaveFile.read(bad));
        assertTrue(e.getMessage().contains("not valid UTF-8"), e.getMessage());
        assertFalse(e.getMessage().isEmpty());
    }

    private interface Edit {
        byte[] apply(String name, byte[] data);
    }

    /** A copy of a fixture zip with each record's bytes passed through {@code edit}. */
    private Path rezip(String fixture, Edit edit) throws IOException {
        Path out = tmp.resolve(fixture.replace(".pt", "") + ".pt");
        List<String> seen = new ArrayList<>();
        try (java.util.zip.ZipFile in = new java.util.zip.ZipFile(fixture(fixture).toFile());
             ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(out))) {
            for (ZipEntry entry : java.util.Collections.list(in.entries())) {
                seen.add(entry.getName());
                zip.putNextEntry(new ZipEntry(entry.getName()));
                try (InputStream data = in.getInputStream(entry)) {
                    zip.write(edit.apply(entry.getName(), readAll(data)));
                }
            }
        }
        assertFalse(seen.isEmpty());
        return out;
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        in.transferTo(b);
        return b.toByteArray();
    }
}
