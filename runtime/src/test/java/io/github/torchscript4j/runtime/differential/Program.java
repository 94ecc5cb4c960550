package io.github.torchscript4j.runtime.differential;

import java.util.Objects;

/**
 * One program of the differential corpus: a TorchScript compilation unit (top-level {@code def}s,
 * no imports, no decorators), as {@code torch::jit::compile} takes it.
 *
 * @param name unique in the corpus, the key of {@code known-disagreements.txt}
 * @param comment what the program tests, one line
 * @param source the program text, ending in a newline
 * @param intent whether its author meant the reference to accept or reject it (the file it is in)
 * @param origin where it was written: {@code file:line} of its header
 */
record Program(String name, String comment, String source, Intent intent, String origin) {
    /** What a program is meant to be: which corpus file ({@code accepted-*} or {@code rejected-*}) holds it. */
    enum Intent {
        ACCEPTED,
        REJECTED
    }

    Program {
        Objects.requireNonNull(name);
        Objects.requireNonNull(comment);
        Objects.requireNonNull(source);
        Objects.requireNonNull(intent);
        Objects.requireNonNull(origin);
    }
}
