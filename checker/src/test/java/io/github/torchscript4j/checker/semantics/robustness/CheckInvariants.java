package io.github.torchscript4j.checker.semantics.robustness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.torchscript4j.checker.semantics.CheckedFile;
import io.github.torchscript4j.checker.source.Diagnostic;
import io.github.torchscript4j.checker.source.SourceFile;
import io.github.torchscript4j.checker.source.SourceRange;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The contract of the whole front end on any input: {@link CheckedFile#check(String, byte[])}
 * returns (no exception escapes, no hang), every diagnostic and related location lies inside the
 * decoded file, diagnostics are sorted by position, and checking the same bytes again gives the
 * same diagnostics (the checker is deterministic).
 *
 * <p>It asserts nothing about which diagnostics are reported. The time limit is a hang detector,
 * not a performance assertion.
 */
final class CheckInvariants {
    /** Generous bound per input: only an endless loop should ever reach it. */
    static final Duration HANG_LIMIT = Duration.ofSeconds(20);

    private CheckInvariants() {}

    /** Encodes {@code text} as UTF-8 and checks it. */
    static CheckedFile checkText(String text) {
        return checkBytes(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Checks {@code bytes} twice under the hang limit and asserts every invariant. */
    static CheckedFile checkBytes(byte[] bytes) {
        return checkBytes(bytes, HANG_LIMIT);
    }

    static CheckedFile checkBytes(byte[] bytes, Duration limit) {
        return assertTimeoutPreemptively(limit, () -> checkBytesNow(bytes),
                () -> "CheckedFile.check did not finish (twice) within " + limit + " for: " + preview(bytes));
    }

    private static CheckedFile checkBytesNow(byte[] bytes) {
        CheckedFile first = CheckedFile.check("fuzz.py", bytes);
        assertNotNull(first, "CheckedFile.check returned null");
        assertNotNull(first.file(), "no file");
        assertNotNull(first.module(), "no module");
        checkDiagnostics(first.file(), first.diagnostics());
        CheckedFile second = CheckedFile.check("fuzz.py", bytes.clone());
        assertEquals(render(first.diagnostics()), render(second.diagnostics()),
                "checking the same bytes twice gave different diagnostics");
        assertEquals(first.syntaxError().map(CheckInvariants::render), second.syntaxError().map(CheckInvariants::render),
                "checking the same bytes twice gave a different syntax error");
        return first;
    }

    static void checkDiagnostics(SourceFile file, List<Diagnostic> diagnostics) {
        Diagnostic previous = null;
        for (Diagnostic d : diagnostics) {
            assertNotNull(d, "a null diagnostic");
            checkRange(file, d.range(), "diagnostic " + d.message());
            assertTrue(!d.message().isBlank(), () -> "a diagnostic without a message: " + d);
            for (Diagnostic.Related related : d.related()) {
                checkRange(file, related.range(), "related location of " + d.message());
            }
            if (previous != null) {
                Diagnostic p = previous;
                assertTrue(Diagnostic.BY_POSITION.compare(p, d) <= 0,
                        () -> "diagnostics not sorted by position: " + render(p) + " before " + render(d));
            }
            previous = d;
        }
    }

    private static void checkRange(SourceFile file, SourceRange range, String what) {
        assertNotNull(range, what + " has no range");
        assertSame(file, range.file(), () -> what + " points into another file: " + range);
        assertTrue(0 <= range.start() && range.start() <= range.end() && range.end() <= file.length(),
                () -> what + " lies outside the file (length " + file.length() + "): " + range);
    }

    /** Diagnostics as comparable text (ranges as offsets, since files differ by identity). */
    static List<String> render(List<Diagnostic> diagnostics) {
        List<String> out = new ArrayList<>();
        for (Diagnostic d : diagnostics) {
            out.add(render(d));
        }
        return out;
    }

    static String render(Diagnostic d) {
        StringBuilder sb = new StringBuilder();
        sb.append(d.code().id()).append(' ').append(d.severity()).append(' ')
                .append(d.range().start()).append('-').append(d.range().end()).append(' ').append(d.message());
        for (Diagnostic.Related r : d.related()) {
            sb.append(" | ").append(r.range().start()).append('-').append(r.range().end()).append(' ').append(r.message());
        }
        return sb.toString();
    }

    /** The first characters of an input, escaped, for failure messages. */
    static String preview(byte[] bytes) {
        String s = new String(bytes, 0, Math.min(bytes.length, 400), StandardCharsets.ISO_8859_1);
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' || c == '"') {
                sb.append('\\').append(c);
            } else if (c >= 0x20 && c < 0x7f) {
                sb.append(c);
            } else if (c == '\n') {
                sb.append("\\n");
            } else {
                sb.append(String.format("\\x%02x", (int) c));
            }
        }
        sb.append(bytes.length > 400 ? "\"... (" + bytes.length + " bytes)" : "\"");
        return sb.toString();
    }
}
