package io.github.torchscript4j.runtime;

/**
 * The runtime's door to libtorch (Bytedeco's {@code org.bytedeco.pytorch} presets).
 *
 * <p>Today it only names the libtorch version the runtime is built against; a later issue fills it
 * with loading the native libraries, compiling and loading TorchScript and calling operators.
 * Nothing here loads native code yet, so tests of this module run without libtorch's libraries.
 */
public final class Libtorch {
    /** The libtorch version of the Bytedeco presets this module depends on. */
    public static final String VERSION = "2.10.0";

    private Libtorch() {}
}
