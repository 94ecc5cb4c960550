package io.github.torchscript4j.checker.semantics;

import io.github.torchscript4j.checker.source.Code;
import io.github.torchscript4j.checker.source.Diagnostic;
import io.github.torchscript4j.checker.source.SourceFile;
import io.github.torchscript4j.checker.syntax.ParseResult;
import io.github.torchscript4j.checker.syntax.Parser;
import io.github.torchscript4j.checker.syntax.SourceDecoder;
import io.github.torchscript4j.checker.syntax.ast.Module;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One file after the whole front end, as every tool shows it: decoded, parsed, and — only when it
 * has no syntax error, since the reference never gets that far — checked by {@link Checker}.
 *
 * <p>This is the front end's one entry point for a file read from bytes; the command line, the
 * benchmarks and the differential tests all go through {@link #check(String, byte[])}, so they
 * report the same diagnostics.
 *
 * @param diagnostics every diagnostic of decoding, parsing and checking, sorted by position
 * @param syntaxError the syntax error CPython would raise for the file ({@link
 *     ParseResult#primaryError()}), empty when the file parses
 * @param result what the checker found (types, resolutions, checked functions), for the IR emitter and
 *     the editor; empty when the file does not parse or the checker ran out of stack
 */
public record CheckedFile(
        SourceFile file, Module module, List<Diagnostic> diagnostics, Optional<Diagnostic> syntaxError,
        Optional<CheckResult> result) {
    public CheckedFile {
        diagnostics = List.copyOf(diagnostics);
    }

    /** Decodes, parses and checks one file's bytes. Never throws on bad input. */
    public static CheckedFile check(String path, byte[] bytes) {
        SourceDecoder.Decoded decoded = SourceDecoder.decode(path, bytes);
        return check(decoded, Parser.parse(decoded), Checker::check);
    }

    /**
     * Checks a decoded and parsed file with {@code checker} when it parses. The diagnostics are
     * sorted by position, the file's own first; those of other project files that its TorchScript
     * reached ({@link Workspace}) follow, grouped by file.
     */
    static CheckedFile check(SourceDecoder.Decoded decoded, ParseResult parsed,
            java.util.function.Function<ParseResult, CheckResult> checker) {
        if (parsed.hasErrors()) {
            return new CheckedFile(decoded.file(), parsed.module(), parsed.diagnostics(), parsed.primaryError(),
                    Optional.empty());
        }
        List<Diagnostic> all = new ArrayList<>(parsed.diagnostics());
        Optional<CheckResult> result = semantics(parsed, checker);
        all.addAll(result.map(CheckResult::diagnostics).orElseGet(() -> List.of(Diagnostic.error(Code.TOO_COMPLEX,
                decoded.file().range(0, decoded.file().lineEnd(1)),
                "program too complex to check: its functions or classes use each other too deeply"))));
        SourceFile own = decoded.file();
        all.sort(java.util.Comparator.<Diagnostic>comparingInt(d -> d.range().file() == own ? 0 : 1)
                .thenComparing(d -> d.range().file() == own ? "" : d.range().file().path())
                .thenComparing(Diagnostic.BY_POSITION));
        return new CheckedFile(own, parsed.module(), all, Optional.empty(), result);
    }

    /**
     * The checker's diagnostics. The checker follows calls and class uses depth first, so a chain
     * of a few hundred unannotated functions (or classes) each using the next can exhaust the
     * thread's stack; that is reported as {@link Code#TOO_COMPLEX} on the first line (the reference,
     * which compiles such chains recursively too, fails on them with a recursion error) rather
     * than escaping as a crash. Catching here, at the one boundary between a file and the checker,
     * keeps the rest of the tool (the language server's request threads) alive.
     */
    private static Optional<CheckResult> semantics(ParseResult parsed,
            java.util.function.Function<ParseResult, CheckResult> checker) {
        try {
            return Optional.of(checker.apply(parsed));
        } catch (StackOverflowError e) {
            return Optional.empty();
        }
    }

    /** The diagnostics whose range is in this file (all of them, for a file checked on its own). */
    public List<Diagnostic> ownDiagnostics() {
        return diagnostics.stream().filter(d -> d.range().file() == file).toList();
    }

    /**
     * The diagnostics inside other project files that this file's TorchScript reached (a function
     * it calls, a class it uses), by the path of their file, in order; empty for a file checked on
     * its own. They are also in {@link #diagnostics()}: the reference fails to compile this file
     * because of them.
     */
    public java.util.Map<String, List<Diagnostic>> importedDiagnostics() {
        java.util.Map<String, List<Diagnostic>> byPath = new java.util.LinkedHashMap<>();
        for (Diagnostic d : diagnostics) {
            if (d.range().file() != file) {
                byPath.computeIfAbsent(d.range().file().path(), p -> new ArrayList<>()).add(d);
            }
        }
        return byPath;
    }

    public boolean hasErrors() {
        for (Diagnostic d : diagnostics) {
            if (d.isError()) {
                return true;
            }
        }
        return false;
    }

    /**
     * The error to show when one error is shown per file: CPython's syntax error when the file has
     * one, else the first error by position.
     */
    public Optional<Diagnostic> firstError() {
        if (syntaxError.isPresent()) {
            return syntaxError;
        }
        return diagnostics.stream().filter(Diagnostic::isError).findFirst();
    }
}
