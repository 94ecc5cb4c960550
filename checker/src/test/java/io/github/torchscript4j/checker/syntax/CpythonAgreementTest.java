package io.github.torchscript4j.checker.syntax;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.torchscript4j.checker.source.Diagnostic;
import io.github.torchscript4j.checker.syntax.ast.AstDump;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The parser against CPython 3.11 itself, over every {@code .py} file of the standard library of
 * the {@code python3} found on this machine (site-packages excluded, test folders included):
 *
 * <ul>
 *   <li>where CPython parses a file, we parse it with no diagnostic and {@link AstDump} prints
 *       exactly CPython's {@code ast.dump}: at least 99.5% of those files;
 *   <li>where CPython raises {@code SyntaxError}, our first error (by position) is on CPython's
 *       line: at least 95% of those files. CPython's line 0 (no line: an undecodable file, a bad
 *       coding cookie) is matched by an error on line 1 or 2.
 * </ul>
 *
 * <p>CPython's side comes from {@code scripts/cpython_ast_dump.py}; ours is computed in this JVM.
 * The figures and the first mismatches go to standard output and to {@code
 * checker/target/cpython-agreement.txt}. Without a Python 3.11 the test is skipped (aborted) with
 * a message saying so: the unit tests never need Python.
 */
class CpythonAgreementTest {
    private static final double MIN_IDENTICAL = 99.5;
    private static final double MIN_SAME_LINE = 95.0;
    private static final int SHOWN_MISMATCHES = 20;

    @Test
    void agreesWithCpythonOnTheStandardLibrary() throws Exception {
        String python = findPython311();
        if (python == null) {
            System.out.println("CpythonAgreementTest: python3 3.11 not found: CPython comparison skipped");
            Assumptions.abort("python3 3.11 not found: CPython comparison skipped");
        }
        Path root = projectRoot();
        Path script = root.resolve("scripts").resolve("cpython_ast_dump.py");

        Tally tally = new Tally();
        Process process = new ProcessBuilder(python, script.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        try (BufferedReader in = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                tally.add(FlatJson.parse(line));
            }
        }
        if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new AssertionError(script + " failed");
        }

        String report = tally.report(describe(python));
        System.out.print(report);
        Path out = root.resolve("checker").resolve("target").resolve("cpython-agreement.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report, StandardCharsets.UTF_8);

        assertTrue(tally.parsed > 0, "no file parsed by CPython: is the standard library there?");
        assertTrue(tally.identicalPercent() >= MIN_IDENTICAL, report);
        assertTrue(tally.rejected == 0 || tally.sameLinePercent() >= MIN_SAME_LINE, report);
    }

    /** The counts and the first mismatches. */
    private static final class Tally {
        int parsed;
        int identical;
        int rejected;
        int sameLine;
        final List<String> mismatches = new ArrayList<>();
        int mismatchCount;

        void add(Map<String, Object> record) throws IOException {
            String path = (String) record.get("path");
            byte[] bytes = Files.readAllBytes(Path.of(path));
            SourceDecoder.Decoded decoded = SourceDecoder.decode(path, bytes);
            ParseResult parsedFile = Parser.parse(decoded);
            List<Diagnostic> diagnostics = parsedFile.diagnostics();
            Diagnostic firstError = parsedFile.primaryError().orElse(null); // the error CPython would raise

            if (record.containsKey("dump")) {
                parsed++;
                String expected = (String) record.get("dump");
                if (!diagnostics.isEmpty()) {
                    Diagnostic d = diagnostics.get(0);
                    mismatch(path + ": CPython parses it; we report " + d.severity().word() + " line "
                            + d.range().startLine() + ": " + d.message());
                    return;
                }
                String actual = AstDump.dump(parsedFile.module());
                if (actual.equals(expected)) {
                    identical++;
                } else {
                    mismatch(path + ": dumps differ at " + firstDifference(expected, actual));
                }
            } else {
                rejected++;
                int line = ((Number) record.get("error_line")).intValue();
                String message = (String) record.get("message");
                boolean same = firstError != null
                        && (line == 0 ? firstError.range().startLine() <= 2 : firstError.range().startLine() == line);
                if (same) {
                    sameLine++;
                } else {
                    mismatch(path + ": CPython: line " + line + ": " + message + "; we: "
                            + (firstError == null ? "no error"
                                    : "line " + firstError.range().startLine() + ": " + firstError.message()));
                }
            }
        }

        void mismatch(String text) {
            mismatchCount++;
            if (mismatches.size() < SHOWN_MISMATCHES) {
                mismatches.add(text);
            }
        }

        double identicalPercent() {
            return parsed == 0 ? 0 : 100.0 * identical / parsed;
        }

        double sameLinePercent() {
            return rejected == 0 ? 100 : 100.0 * sameLine / rejected;
        }

        String report(String python) {
            StringBuilder sb = new StringBuilder();
            sb.append("CPython comparison (").append(python).append(")\n");
            sb.append(String.format(Locale.ROOT, "parsed-by-CPython: %d files, identical dumps: %d (%.2f%%)%n",
                    parsed, identical, identicalPercent()));
            sb.append(String.format(Locale.ROOT, "rejected-by-CPython: %d files, error on the same line: %d (%.1f%%)%n",
                    rejected, sameLine, sameLinePercent()));
            if (mismatchCount > 0) {
                sb.append("first ").append(mismatches.size()).append(" of ").append(mismatchCount)
                        .append(" mismatches:\n");
                for (String m : mismatches) {
                    sb.append("  ").append(m).append('\n');
                }
            }
            return sb.toString();
        }
    }

    /** "offset N: CPython ...X... / ours ...Y..." around the first differing character. */
    static String firstDifference(String expected, String actual) {
        int n = Math.min(expected.length(), actual.length());
        int i = 0;
        while (i < n && expected.charAt(i) == actual.charAt(i)) {
            i++;
        }
        return "offset " + i + ": CPython ..." + excerpt(expected, i) + "... / ours ..." + excerpt(actual, i) + "...";
    }

    private static String excerpt(String s, int at) {
        return s.substring(Math.max(0, at - 40), Math.min(s.length(), at + 40));
    }

    /** "python3 3.11.7, standard library at DIR". */
    private static String describe(String python) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(python, "-c",
                "import sys, sysconfig; print(sys.version.split()[0], sysconfig.get_paths()['stdlib'])")
                .redirectErrorStream(true)
                .start();
        String[] out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim().split(" ", 2);
        p.waitFor(30, TimeUnit.SECONDS);
        return out.length == 2 ? python + " " + out[0] + ", standard library at " + out[1] : python;
    }

    /** A Python 3.11 interpreter, or null. */
    private static String findPython311() {
        for (String candidate : List.of("python3", "python3.11", "/usr/bin/python3")) {
            try {
                Process p = new ProcessBuilder(candidate, "-c", "import sys; print('%d.%d' % sys.version_info[:2])")
                        .redirectErrorStream(true)
                        .start();
                String version = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
                if (p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0 && version.equals("3.11")) {
                    return candidate;
                }
            } catch (IOException e) {
                // not installed under this name
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        return null;
    }

    /** The directory holding {@code scripts/cpython_ast_dump.py}, searched upwards from here. */
    private static Path projectRoot() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path d = dir; d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("scripts").resolve("cpython_ast_dump.py"))) {
                return d;
            }
        }
        throw new AssertionError("scripts/cpython_ast_dump.py not found above " + dir);
    }

    /** Reads the one-level JSON objects the script prints (string and integer values only). */
    static final class FlatJson {
        private final String s;
        private int i;

        private FlatJson(String s) {
            this.s = s;
        }

        static Map<String, Object> parse(String line) {
            FlatJson p = new FlatJson(line);
            Map<String, Object> map = new HashMap<>();
            p.expect('{');
            p.skipSpaces();
            if (p.peek() == '}') {
                return map;
            }
            while (true) {
                p.skipSpaces();
                String key = p.string();
                p.skipSpaces();
                p.expect(':');
                p.skipSpaces();
                map.put(key, p.peek() == '"' ? p.string() : p.integer());
                p.skipSpaces();
                if (p.peek() == ',') {
                    p.i++;
                    continue;
                }
                p.expect('}');
                return map;
            }
        }

        private char peek() {
            return s.charAt(i);
        }

        private void expect(char c) {
            if (s.charAt(i) != c) {
                throw new IllegalArgumentException("expected " + c + " at " + i + " in " + s);
            }
            i++;
        }

        private void skipSpaces() {
            while (i < s.length() && s.charAt(i) == ' ') {
                i++;
            }
        }

        private Long integer() {
            int start = i;
            if (peek() == '-') {
                i++;
            }
            while (i < s.length() && Character.isDigit(s.charAt(i))) {
                i++;
            }
            return Long.parseLong(s.substring(start, i));
        }

        private String string() {
            expect('"');
            StringBuilder sb = new StringBuilder();
            while (true) {
                char c = s.charAt(i++);
                if (c == '"') {
                    return sb.toString();
                }
                if (c != '\\') {
                    sb.append(c);
                    continue;
                }
                char e = s.charAt(i++);
                switch (e) {
                    case 'n': sb.append('\n'); break;
                    case 't': sb.append('\t'); break;
                    case 'r': sb.append('\r'); break;
                    case 'b': sb.append('\b'); break;
                    case 'f': sb.append('\f'); break;
                    case 'u':
                        sb.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                        i += 4;
                        break;
                    default: sb.append(e); break;
                }
            }
        }
    }
}
