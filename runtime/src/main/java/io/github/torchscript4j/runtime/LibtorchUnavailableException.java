package io.github.torchscript4j.runtime;

/**
 * libtorch's native libraries could not be extracted or loaded into this process (an unsupported
 * platform, a full disk, an unreadable cache, a missing system library). The message names the
 * libtorch version and platform; the cause is JavaCPP's or the JVM's error.
 */
public final class LibtorchUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    LibtorchUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
