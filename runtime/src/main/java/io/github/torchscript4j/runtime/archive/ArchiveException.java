package io.github.torchscript4j.runtime.archive;

/**
 * A file in one of PyTorch's serialization formats (a TorchScript archive, a {@code torch.save}
 * zip, a pickle, a safetensors file) that cannot be read: truncated, of the wrong format, or
 * asking for something a restricted reader refuses. The message names the file and, where there
 * is one, the entry and the byte offset.
 */
public class ArchiveException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ArchiveException(String message) {
        super(message);
    }

    public ArchiveException(String message, Throwable cause) {
        super(message, cause);
    }
}
