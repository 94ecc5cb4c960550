package io.github.torchscript4j.runtime.weights;

import io.github.torchscript4j.runtime.archive.ArchiveException;
import io.github.torchscript4j.runtime.value.TensorRef;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Reads a state dict from a file in either format, told apart by its first bytes. */
public final class StateDicts {
    private StateDicts() {}

    /**
     * The tensors of a {@code torch.save} zip ({@link TorchSaveFile}) or a safetensors file
     * ({@link SafeTensors}), by name in the file's order; the caller owns them.
     *
     * @throws ArchiveException if the file is in neither format or is malformed
     */
    public static Map<String, TensorRef> read(Path path) {
        byte[] head = new byte[4];
        int n;
        try (InputStream in = Files.newInputStream(path)) {
            n = in.readNBytes(head, 0, 4);
        } catch (IOException e) {
            throw new ArchiveException(path + ": cannot be read: " + e.getMessage(), e);
        }
        boolean zip = n == 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4;
        boolean pickle = n >= 2 && (head[0] & 0xff) == 0x80 && head[1] == 2;
        return zip || pickle ? TorchSaveFile.read(path) : SafeTensors.read(path);
    }

    /** Releases every tensor of a state dict read here. */
    public static void release(Map<String, TensorRef> stateDict) {
        stateDict.values().forEach(TensorRef::release);
    }
}
