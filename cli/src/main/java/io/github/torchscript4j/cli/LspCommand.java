package io.github.torchscript4j.cli;

import io.github.torchscript4j.lsp.LanguageServerLauncher;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code torchscript lsp}: runs the TorchScript language server (module {@code lsp-server}) for one
 * editor session, on standard input and output, or on a loopback port for debugging.
 *
 * <p>In stdio mode standard output carries only the protocol: {@code System.out} is redirected to
 * standard error for the session, so a stray print cannot corrupt the stream. The exit status is
 * the protocol's: 0 after {@code shutdown} then {@code exit}, 1 when the client went away without
 * them; 2 when the port cannot be opened.
 */
@Command(
        name = "lsp",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = {
            "Run the TorchScript language server (LSP) for an editor.",
            "",
            "Speaks JSON-RPC on standard input and output, or with --port on one connection",
            "to a port of the loopback interface (for debugging a client).",
        })
final class LspCommand implements Callable<Integer> {
    @Spec private CommandSpec spec;

    @ParentCommand private Main main;

    @Option(names = "--port", paramLabel = "N",
            description = "Listen on 127.0.0.1:N (0: any free port, printed on standard error) instead of stdio.")
    private Integer port;

    @Option(names = "--stdio", description = "Use standard input and output (the default; accepted for editors that pass it).")
    private boolean stdio;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        if (port != null) {
            if (port < 0 || port > 65535) {
                err.println("torchscript lsp: --port must be between 0 and 65535, not " + port);
                return Main.CANNOT_RUN;
            }
            try {
                return LanguageServerLauncher.serve(port, actual -> {
                    err.println("torchscript lsp: listening on 127.0.0.1:" + actual);
                    err.flush();
                });
            } catch (IOException e) {
                err.println("torchscript lsp: cannot listen on port " + port + ": " + e.getMessage());
                return Main.CANNOT_RUN;
            }
        }
        OutputStream stdout = new FileOutputStream(FileDescriptor.out);
        PrintStream previous = System.out;
        System.setOut(System.err);
        try {
            return LanguageServerLauncher.serve(main.stdin(), stdout);
        } finally {
            System.setOut(previous);
        }
    }
}
