package io.github.torchscript4j.cli;

import io.github.torchscript4j.checker.ir.Function;
import io.github.torchscript4j.checker.ir.GraphPrinter;
import io.github.torchscript4j.checker.semantics.CheckedFile;
import java.io.PrintWriter;
import picocli.CommandLine.Command;

/** {@code torchscript graph FILE [--function NAME]}: the IR as the reference prints {@code fn.graph}. */
@Command(
        name = "graph",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = {
            "Print the TorchScript IR graph of each function of FILE (or of --function NAME) as PyTorch prints fn.graph,",
            "with # FILE:LINE:COLUMN source locations.",
        },
        footerHeading = "%nExit status:%n",
        footer = {
            "  0  printed",
            "  1  the file has an error, or a function could not be lowered (reported on standard error)",
            "  2  the command could not run (bad usage, unreadable file)",
        })
final class GraphCommand extends IrCommand {
    @Override
    void print(Function f, CheckedFile file, PrintWriter out) {
        out.print(GraphPrinter.print(f.graph(), file.file(), path));
    }

    @Override
    String name() {
        return "graph";
    }
}
