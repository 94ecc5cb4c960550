package io.github.torchscript4j.cli;

import io.github.torchscript4j.checker.ir.CodePrinter;
import io.github.torchscript4j.checker.ir.Function;
import io.github.torchscript4j.checker.semantics.CheckedFile;
import java.io.PrintWriter;
import picocli.CommandLine.Command;

/** {@code torchscript code FILE [--function NAME]}: the serialized code, as the reference prints {@code fn.code}. */
@Command(
        name = "code",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = {
            "Print the TorchScript code of each function of FILE (or of --function NAME) as PyTorch prints fn.code:",
            "the form TorchScript archives store and libtorch recompiles.",
        },
        footerHeading = "%nExit status:%n",
        footer = {
            "  0  printed",
            "  1  the file has an error, or a function could not be lowered (reported on standard error)",
            "  2  the command could not run (bad usage, unreadable file)",
        })
final class CodeCommand extends IrCommand {
    @Override
    void print(Function f, CheckedFile file, PrintWriter out) {
        out.print(CodePrinter.print(f));
    }

    @Override
    String name() {
        return "code";
    }
}
