package io.github.torchscript4j.cli;

import io.github.torchscript4j.checker.semantics.CheckedFile;
import io.github.torchscript4j.cli.render.Report;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
 * <p>Today the checker parses (CPython 3.11's grammar, with recovery), so {@code check} reports
 * decoding and syntax errors; later layers add name resolution and type checking behind the same
 * command and formats.
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
        for (String path : files) {
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(Path.of(path));
            } catch (IOException e) {
                err.println("torchscript check: " + path + ": cannot read: " + e.getMessage());
                status = Main.CANNOT_RUN;
                continue;
            }
            CheckedFile result;
            try {
                result = CheckedFile.check(path, bytes);
            } catch (RuntimeException | StackOverflowError e) {
                // A bug, not a property of the file: say so, and go on with the other files.
                err.println("torchscript check: " + path + ": internal error: " + e);
                e.printStackTrace(err);
                status = Main.CANNOT_RUN;
                continue;
            }
            report.file(path, result.diagnostics());
            if (result.hasErrors() && status == Main.OK) {
                status = Main.PROBLEMS;
            }
        }
        report.finish();
        err.flush();
        return status;
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
