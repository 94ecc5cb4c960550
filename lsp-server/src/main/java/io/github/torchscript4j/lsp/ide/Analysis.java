package io.github.torchscript4j.lsp.ide;

import io.github.torchscript4j.checker.emit.Emitter;
import io.github.torchscript4j.checker.ir.CompilationUnit;
import io.github.torchscript4j.checker.semantics.CheckResult;
import io.github.torchscript4j.checker.semantics.CheckedFile;
import io.github.torchscript4j.checker.semantics.Checker;
import io.github.torchscript4j.checker.source.Code;
import io.github.torchscript4j.checker.source.Diagnostic;
import io.github.torchscript4j.checker.source.SourceFile;
import io.github.torchscript4j.checker.syntax.ParseResult;
import io.github.torchscript4j.checker.syntax.Parser;
import io.github.torchscript4j.checker.syntax.ast.Expr;
import io.github.torchscript4j.checker.syntax.ast.Module;
import io.github.torchscript4j.checker.types.Type;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One version of one document after the front end: its text, tree, diagnostics and, when the text
 * parses, what the checker found ({@link CheckResult}, with the type of each expression).
 *
 * <p>It follows the policy of the command line's {@code CheckedFile.check}: a file with a syntax
 * error is not checked (the reference never gets that far), and a checker that runs out of stack is
 * reported as {@link Code#TOO_COMPLEX} rather than escaping. The text comes from the editor, already
 * decoded, so there is no decoding step. A document of a project is analyzed by {@link
 * Project#analyze} instead: its imports of other project files resolved, its own diagnostics here
 * and those inside the files it imports apart. Immutable and safe to share between threads.
 */
public final class Analysis {
    private final int version;
    private final SourceFile file;
    private final Module module;
    private final List<Diagnostic> diagnostics;
    private final Optional<CheckResult> semantics;
    private final boolean anyErrors;
    private final Set<Path> reads;
    private final Project project;
    private final Path path;
    private final Map<Path, List<Diagnostic>> imported;
    private volatile Names names;
    private volatile Emitter.Result emitted;

    private Analysis(int version, SourceFile file, Module module, List<Diagnostic> diagnostics,
            Optional<CheckResult> semantics) {
        this(version, file, module, diagnostics, semantics, diagnostics.stream().anyMatch(Diagnostic::isError),
                Set.of(), null, null, Map.of());
    }

    private Analysis(int version, SourceFile file, Module module, List<Diagnostic> diagnostics,
            Optional<CheckResult> semantics, boolean anyErrors, Set<Path> reads, Project project, Path path,
            Map<Path, List<Diagnostic>> imported) {
        this.version = version;
        this.file = file;
        this.module = module;
        this.diagnostics = List.copyOf(diagnostics);
        this.semantics = semantics;
        this.anyErrors = anyErrors;
        this.reads = Set.copyOf(reads);
        this.project = project;
        this.path = path;
        this.imported = Map.copyOf(imported);
    }

    /**
     * The analysis of a file checked in {@code project} ({@link Project#analyze}): its own
     * diagnostics only ({@link CheckedFile#ownDiagnostics()}; those inside imported files belong to
     * them), and {@code reads}, every file the check read or looked for.
     */
    static Analysis of(CheckedFile checked, int version, Set<Path> reads, Project project, Path path) {
        List<Diagnostic> own = new ArrayList<>(checked.ownDiagnostics());
        own.sort(Diagnostic.BY_POSITION);
        Map<Path, List<Diagnostic>> imported = new java.util.LinkedHashMap<>();
        checked.importedDiagnostics().forEach((p, ds) -> {
            try {
                imported.put(Path.of(p).toAbsolutePath().normalize(), List.copyOf(ds));
            } catch (java.nio.file.InvalidPathException e) {
                // not a file the editor can show
            }
        });
        return new Analysis(version, checked.file(), checked.module(), own, checked.result(), checked.hasErrors(),
                reads, project, path, imported);
    }

    /** Parses and (when it parses) checks {@code text}; {@code path} names the file in messages. Never throws on bad input. */
    public static Analysis of(String path, int version, String text) {
        SourceFile file = new SourceFile(path, text);
        ParseResult parsed = Parser.parse(file);
        if (parsed.hasErrors()) {
            return new Analysis(version, file, parsed.module(), parsed.diagnostics(), Optional.empty());
        }
        List<Diagnostic> all = new ArrayList<>(parsed.diagnostics());
        Optional<CheckResult> semantics;
        try {
            CheckResult result = Checker.check(parsed);
            all.addAll(result.diagnostics());
            semantics = Optional.of(result);
        } catch (StackOverflowError e) {
            all.add(Diagnostic.error(Code.TOO_COMPLEX, file.range(0, file.lineEnd(1)),
                    "program too complex to check: its functions or classes use each other too deeply"));
            semantics = Optional.empty();
        }
        all.sort(Diagnostic.BY_POSITION);
        return new Analysis(version, file, parsed.module(), all, semantics);
    }

    /**
     * This analysis as that of document version {@code version}: the same text checked again gives
     * the same result, so a project's cached analysis serves a later version with the same text.
     */
    Analysis withVersion(int version) {
        Analysis a = new Analysis(version, file, module, diagnostics, semantics, anyErrors, reads, project, path, imported);
        a.names = names;
        a.emitted = emitted;
        return a;
    }

    /** Only parses {@code text} (no types, no checker diagnostics): enough for outlines of files on disk. */
    public static Analysis parsed(String path, String text) {
        SourceFile file = new SourceFile(path, text);
        ParseResult parsed = Parser.parse(file);
        return new Analysis(0, file, parsed.module(), parsed.diagnostics(), Optional.empty());
    }

    /** The document version this analysis is of. */
    public int version() {
        return version;
    }

    public SourceFile file() {
        return file;
    }

    public String text() {
        return file.text();
    }

    public Module module() {
        return module;
    }

    /** Every diagnostic of parsing and checking, sorted by position. */
    public List<Diagnostic> diagnostics() {
        return diagnostics;
    }

    /** The file's name bindings, computed on first use. */
    public Names names() {
        Names n = names;
        if (n == null) {
            n = Names.of(module);
            names = n;
        }
        return n;
    }

    /** Whether the checker ran (the text parses): only then are there types. */
    public boolean checked() {
        return semantics.isPresent();
    }

    /** What the checker found, when it ran. */
    public Optional<CheckResult> result() {
        return semantics;
    }

    /**
     * Whether any diagnostic is an error, this file's or one inside a project file its TorchScript
     * reached (then nothing is lowered to the IR).
     */
    public boolean hasErrors() {
        return anyErrors;
    }

    /**
     * Every file (absolute, normalized) that checking this one read or looked for, itself
     * included: when one of them changes, so may this analysis. Empty for a file checked on its own.
     */
    public Set<Path> reads() {
        return reads;
    }

    /**
     * The diagnostics inside other project files that this file's TorchScript reached, by the
     * absolute path of their file: they belong to that file (an editor shows them there), not to
     * this one. Empty for a file checked on its own.
     */
    public Map<Path, List<Diagnostic>> importedDiagnostics() {
        return imported;
    }

    /**
     * The definition in another project file of the imported name at {@code offset} ({@link
     * Project#definition}); empty when this file was checked on its own or the name is no such import.
     */
    public Optional<Project.Target> importedDefinition(int offset) {
        return project == null ? Optional.empty() : project.definition(this, path, offset);
    }

    /** The project this file was checked in; null when it was checked on its own. */
    Project project() {
        return project;
    }

    /** The file's absolute path in its project; null when it was checked on its own. */
    Path path() {
        return path;
    }

    /** How {@link IncrementalDiagnostics} checks a reduced copy of this file: in its project, or on its own. */
    public IncrementalDiagnostics.Check checker() {
        return project == null ? IncrementalDiagnostics.Check.ALONE : project.checkIn(path);
    }

    /**
     * The file lowered to the IR, computed on first use: empty when the file has errors or was
     * not checked, and with the functions the emitter could not lower in {@code failures()}.
     */
    public Emitter.Result emitted() {
        Emitter.Result e = emitted;
        if (e == null) {
            e = semantics.isEmpty() || hasErrors()
                    ? new Emitter.Result(new CompilationUnit(), List.of())
                    : Emitter.emit(semantics.get());
            emitted = e;
        }
        return e;
    }

    /** The type the checker gave this very node; empty when it did not type it or the file did not parse. */
    public Optional<Type> typeOf(Expr expr) {
        return semantics.flatMap(s -> s.typeOf(expr));
    }
}
