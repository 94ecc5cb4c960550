package io.github.torchscript4j.cli;

import io.github.torchscript4j.checker.semantics.CheckedFile;
import io.github.torchscript4j.checker.source.Diagnostic;
import io.github.torchscript4j.cli.render.Report;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code torchscript check}: reports the diagnostics of TorchScript sources.
 *
 * <p>Each file is checked in a {@link io.github.torchscript4j.checker.semantics.Workspace} ({@link
 * SourceRoots}: {@code --source-root DIR}, then the file's package root and folder), so imports of
 * the project's own files are followed; an error inside an imported file that an input's
 * TorchScript reaches is reported under that file (once), and makes the input fail.
 */
@Command(
        name = "check",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = {
            "Check TorchScript sources and report every diagnostic.",
            "",
            "A directory stands for every .py file below it, in sorted order.",
        },
        footerHeading = "%nFormats:%n",
        footer = {
            "  text         path:line:col: error[CODE]: message, one line per diagnostic",
            "  json         {\"files\": [{\"path\": P, \"diagnostics\": [{\"severity\": S,",
            "                \"code\": C, \"message\": M, \"range\": {\"start\": {\"line\": L,",
            "                \"column\": K}, \"end\": {\"line\": L2, \"column\": K2}}}]}]}",
            "               with every file listed; 1-based lines and columns, end exclusive",
            "  torchscript  TorchScript's own style: the message, File \"path\", line N, then",
            "               the source with the range underlined: ~~~ <--- HERE",
            "",
            "Exit status:",
            "  0  no file has an error",
            "  1  a file has an error",
            "  2  the command could not run (bad usage, unreadable file, internal error)",
        })
final class CheckCommand implements Callable<Integer> {
    @Spec private CommandSpec spec;

    @Option(
            names = "--format",
            paramLabel = "FORMAT",
            defaultValue = "text",
            converter = FormatConverter.class,
            description = "Output format: text, json or torchscript (default: ${DEFAULT-VALUE}).")
    private Report.Format format;

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "Files, or directories to search for .py files.")
    private List<String> paths;

    @picocli.CommandLine.Mixin private SourceRoots sourceRoots = new SourceRoots();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<String> files;
        try {
            files = InputFiles.expand(paths);
        } catch (InputFiles.MissingInput e) {
            err.println("torchscript check: " + e.getMessage());
            return Main.CANNOT_RUN;
        }

        Report report = format.open(out);
        int status = Main.OK;
        // Every file reported, by absolute path: its name as first seen, and its diagnostics. An
        // error inside an imported project file is reported under that file, once, however many
        // inputs reach it: with the call chain of the first input that reached it.
        Map<Path, String> names = new LinkedHashMap<>();
        Map<Path, Map<List<Object>, Diagnostic>> reported = new LinkedHashMap<>();
        for (String path : files) {
            Path key = Path.of(path).toAbsolutePath().normalize();
            names.putIfAbsent(key, path);
            reported.computeIfAbsent(key, k -> new LinkedHashMap<>());
        }
        for (String path : files) {
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(Path.of(path));
            } catch (IOException e) {
                err.println("torchscript check: " + path + ": cannot read: " + e.getMessage());
                status = Main.CANNOT_RUN;
                reported.remove(Path.of(path).toAbsolutePath().normalize());
                continue;
            }
            CheckedFile result;
            try {
                result = sourceRoots.workspaceFor(Path.of(path)).check(Path.of(path), bytes);
            } catch (RuntimeException | StackOverflowError e) {
                // A bug, not a property of the file: say so, and go on with the other files.
                err.println("torchscript check: " + path + ": internal error: " + e);
                e.printStackTrace(err);
                status = Main.CANNOT_RUN;
                reported.remove(Path.of(path).toAbsolutePath().normalize());
                continue;
            }
            addOnce(reported.get(Path.of(path).toAbsolutePath().normalize()), result.ownDiagnostics());
            result.importedDiagnostics().forEach((other, diagnostics) -> {
                Path key = Path.of(other).toAbsolutePath().normalize();
                names.putIfAbsent(key, other);
                addOnce(reported.computeIfAbsent(key, k -> new LinkedHashMap<>()), diagnostics);
            });
            if (result.hasErrors() && status == Main.OK) {
                status = Main.PROBLEMS;
            }
        }
        for (Map.Entry<Path, Map<List<Object>, Diagnostic>> e : reported.entrySet()) {
            List<Diagnostic> sorted = new ArrayList<>(e.getValue().values());
            sorted.sort(Diagnostic.BY_POSITION);
            report.file(names.get(e.getKey()), sorted);
        }
        report.finish();
        err.flush();
        return status;
    }

    /**
     * Adds the diagnostics not yet in {@code into}: one is the same as another at the same range
     * with the same code and message, whatever its related locations (the call chain of a function
     * reached from several inputs differs by input; the first is kept).
     */
    private static void addOnce(Map<List<Object>, Diagnostic> into, java.util.Collection<Diagnostic> diagnostics) {
        for (Diagnostic d : diagnostics) {
            into.putIfAbsent(List.of(d.range().start(), d.range().end(), d.code().id(), d.severity(), d.message()), d);
        }
    }

    /** Reads {@code --format} case-insensitively and names the formats in lower case when wrong. */
    static final class FormatConverter implements ITypeConverter<Report.Format> {
        @Override
        public Report.Format convert(String value) {
            for (Report.Format f : Report.Format.values()) {
                if (f.name().equalsIgnoreCase(value)) {
                    return f;
                }
            }
            throw new TypeConversionException("expected text, json or torchscript but was '" + value + "'");
        }
    }
}
