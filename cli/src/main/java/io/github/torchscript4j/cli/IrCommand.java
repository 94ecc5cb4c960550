package io.github.torchscript4j.cli;

import io.github.torchscript4j.checker.emit.EmitException;
import io.github.torchscript4j.checker.emit.Emitter;
import io.github.torchscript4j.checker.ir.Function;
import io.github.torchscript4j.checker.semantics.CheckedFile;
import io.github.torchscript4j.checker.source.Diagnostic;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * What {@code torchscript graph} and {@code torchscript code} share: check one file, lower it to
 * the IR and print each compiled function (or the one {@code --function} names) in a form the
 * subclass chooses; imports of the project's files are followed as {@code check} follows them
 * ({@link SourceRoots}), and their functions are printed too. A file with errors prints its
 * diagnostics instead and exits 1.
 */
abstract class IrCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--function", paramLabel = "NAME",
            description = "Print only this function: a function name (foo), a method (M.forward) or a qualified name"
                    + " (__torch__.foo).")
    String function;

    @Parameters(index = "0", paramLabel = "FILE", description = "A Python source file.")
    String path;

    @picocli.CommandLine.Mixin SourceRoots sourceRoots = new SourceRoots();

    /** Prints one function. */
    abstract void print(Function f, CheckedFile file, PrintWriter out);

    abstract String name();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(Path.of(path));
        } catch (IOException e) {
            err.println("torchscript " + name() + ": " + path + ": cannot read: " + e.getMessage());
            return Main.CANNOT_RUN;
        }
        CheckedFile file = sourceRoots.workspaceFor(Path.of(path)).check(Path.of(path), bytes);
        if (file.hasErrors()) {
            for (Diagnostic d : file.diagnostics()) {
                err.println(d.range().file().path() + ":" + d.range().startLine() + ":" + d.range().startColumn() + ": "
                        + d.severity().name().toLowerCase(java.util.Locale.ROOT) + ": " + d.message());
            }
            return Main.PROBLEMS;
        }
        Emitter.Result result = Emitter.emit(file);
        List<Function> functions = new ArrayList<>(result.unit().allFunctions());
        if (function != null) {
            Optional<Function> chosen = functions.stream().filter(f -> matches(f, function)).findFirst();
            if (chosen.isEmpty()) {
                for (EmitException x : result.failures()) {
                    err.println(x.describe());
                }
                err.println("torchscript " + name() + ": " + path + ": no compiled function named '" + function + "'");
                return result.failures().isEmpty() ? Main.CANNOT_RUN : Main.PROBLEMS;
            }
            functions = List.of(chosen.get());
        }
        boolean first = true;
        for (Function f : functions) {
            if (!first) {
                out.println();
            }
            first = false;
            print(f, file, out);
        }
        out.flush();
        for (EmitException x : result.failures()) {
            err.println(x.describe());
        }
        return result.failures().isEmpty() ? Main.OK : Main.PROBLEMS;
    }

    private static boolean matches(Function f, String name) {
        String q = f.qualifiedName();
        return q.equals(name) || q.equals("__torch__." + name) || q.endsWith("." + name);
    }
}
