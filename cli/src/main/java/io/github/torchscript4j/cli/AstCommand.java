package io.github.torchscript4j.cli;

import io.github.torchscript4j.checker.source.Diagnostic;
import io.github.torchscript4j.checker.syntax.ParseResult;
import io.github.torchscript4j.checker.syntax.Parser;
import io.github.torchscript4j.checker.syntax.SourceDecoder;
import io.github.torchscript4j.checker.syntax.ast.AstDump;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code torchscript ast}: prints syntax trees as CPython 3.11's {@code ast.dump(ast.parse(src))}
 * prints them, so that the parser can be compared with CPython file by file.
 *
 * <p>Output is one line per file. With several files (or {@code --stdin-list}) each line is
 * {@code PATH<TAB>DUMP}; a file with an error prints {@code PATH<TAB>SyntaxError: line N: MESSAGE}
 * for the error CPython would raise (usually its first error by position; see
 * {@code ParseResult.primaryError}), also when it is the only file.
 */
@Command(
        name = "ast",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = {
            "Print each file's syntax tree as CPython 3.11's ast.dump(ast.parse(source)) prints it.",
            "",
            "One line per file. With one file the line is the dump; with several files, or with"
                    + " --stdin-list, it is PATH<TAB>DUMP.",
            "A file with a syntax error prints PATH<TAB>SyntaxError: line N: MESSAGE (the error"
                    + " CPython would raise, usually its first by position), also when it is the only file.",
            "A file that cannot be read prints PATH<TAB>OSError: MESSAGE; an internal error on a"
                    + " file prints PATH<TAB>InternalError: ... and the run goes on.",
        },
        footerHeading = "%nExit status:%n",
        footer = {
            "  0  every file parsed without error",
            "  1  a file has a syntax error",
            "  2  the command could not run (bad usage, unreadable file, internal error)",
        })
final class AstCommand implements Callable<Integer> {
    @Spec private CommandSpec spec;

    @ParentCommand private Main main;

    @Option(
            names = "--stdin-list",
            description = "Also read file paths from standard input, one per line (empty lines"
                    + " ignored), so that thousands of files go through one JVM.")
    private boolean stdinList;

    @Option(
            names = "--time",
            description = "Print the total time spent decoding and parsing (not reading files or"
                    + " dumping) to standard error, as a line 'parse_ns=N files=M'.")
    private boolean time;

    @Parameters(arity = "0..*", paramLabel = "FILE", description = "Files, or directories to search for .py files.")
    private List<String> operands = new ArrayList<>();

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<String> names = new ArrayList<>(operands);
        if (stdinList) {
            BufferedReader in = new BufferedReader(new InputStreamReader(main.stdin(), StandardCharsets.UTF_8));
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (!line.isEmpty()) {
                    names.add(line);
                }
            }
        } else if (names.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "Missing required parameter: 'FILE' (or --stdin-list)");
        }
        List<String> files;
        try {
            files = InputFiles.expand(names);
        } catch (InputFiles.MissingInput e) {
            err.println("torchscript ast: " + e.getMessage());
            return Main.CANNOT_RUN;
        }

        boolean prefixed = stdinList || files.size() > 1;
        int status = Main.OK;
        long parseNanos = 0;
        for (String path : files) {
            String prefix = prefixed ? path + "\t" : "";
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(Path.of(path));
            } catch (IOException e) {
                out.println(prefix + "OSError: " + e.getMessage());
                err.println("torchscript ast: " + path + ": cannot read: " + e.getMessage());
                status = Main.CANNOT_RUN;
                continue;
            }
            String line;
            try {
                long started = System.nanoTime();
                ParseResult result = Parser.parse(SourceDecoder.decode(path, bytes));
                parseNanos += System.nanoTime() - started;
                Optional<Diagnostic> error = result.primaryError();
                if (error.isPresent()) {
                    line = path + "\tSyntaxError: line " + error.get().range().startLine() + ": " + error.get().message();
                    if (status == Main.OK) {
                        status = Main.PROBLEMS;
                    }
                } else {
                    line = prefix + AstDump.dump(result.module());
                }
            } catch (RuntimeException | StackOverflowError e) {
                // A bug, not a property of the file. One line per file still, so that a batch of
                // thousands of files goes on and the comparison sees which file broke.
                line = path + "\tInternalError: " + e;
                err.println("torchscript ast: " + path + ": internal error: " + e);
                e.printStackTrace(err);
                status = Main.CANNOT_RUN;
            }
            out.println(line);
        }
        out.flush();
        if (time) {
            err.println("parse_ns=" + parseNanos + " files=" + files.size());
        }
        err.flush();
        return status;
    }
}
