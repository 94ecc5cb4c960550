package io.github.torchscript4j.runtime.differential;

import io.github.torchscript4j.checker.semantics.CheckedFile;
import io.github.torchscript4j.checker.source.Diagnostic;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Our toolchain's verdict on a file, as the command line reaches it: the errors of decoding and
 * parsing, and where there are none, the errors of {@link Checker#check} (which is not meant for
 * trees with syntax errors, as the reference never gets that far).
 */
final class OurChecker {
    private OurChecker() {}

    /** Our verdict: every error, in the order the front end reports them. */
    record Verdict(List<Diagnostic> errors) {
        Verdict {
            errors = List.copyOf(errors);
        }

        boolean accepted() {
            return errors.isEmpty();
        }

        Optional<Diagnostic> first() {
            return errors.stream().findFirst();
        }
    }

    /** Checks {@code file} as the file {@code name.py}. Throws only when our front end has a bug. */
    static Verdict check(String name, String file) {
        List<Diagnostic> diagnostics =
                CheckedFile.check(name + ".py", file.getBytes(StandardCharsets.UTF_8)).diagnostics();
        List<Diagnostic> errors = new ArrayList<>();
        for (Diagnostic diagnostic : diagnostics) {
            if (diagnostic.isError()) {
                errors.add(diagnostic);
            }
        }
        return new Verdict(errors);
    }
}
