package io.github.torchscript4j.runtime.packaging;

/**
 * Packaging a model failed: the stage that failed ({@link Stage}) and why, located where the cause
 * is known ({@code model.py:12: in __init__}, a diagnostic's {@code model.py:14:9}).
 */
public final class PackageException extends Exception {
    private static final long serialVersionUID = 1L;

    /** The steps of packaging, in order. */
    public enum Stage {
        /** Running the source and the module's constructor in the Python interpreter. */
        BUILD("building the module"),
        /** Loading the weights file into the built module. */
        WEIGHTS("loading the weights"),
        /** Compiling the module's classes against the built instance. */
        COMPILE("compiling the module"),
        /** Tracing {@code forward} on the example inputs and checking the trace on the check inputs. */
        TRACE("tracing the module"),
        /** Writing the TorchScript archive. */
        WRITE("writing the archive"),
        /** Running the example inputs three ways and comparing. */
        VERIFY("verifying the archive");

        private final String doing;

        Stage(String doing) {
            this.doing = doing;
        }

        /** What the stage does, for messages ({@code building the module}). */
        public String doing() {
            return doing;
        }
    }

    private final Stage stage;

    public PackageException(Stage stage, String message) {
        super(message);
        this.stage = stage;
    }

    public Stage stage() {
        return stage;
    }

    /** A problem found while describing or compiling, given its stage by whoever catches it. */
    static final class Problem extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Problem(String message) {
            super(message);
        }
    }
}
