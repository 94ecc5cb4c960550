package io.github.torchscript4j.lsp;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;
import org.eclipse.lsp4j.jsonrpc.Launcher;
import org.eclipse.lsp4j.launch.LSPLauncher;
import org.eclipse.lsp4j.services.LanguageClient;

/**
 * Runs the language server over a pair of streams (the editor's stdio) or one loopback socket
 * connection: the module's entry point, in plain Java types so that callers (the command line)
 * never see the protocol library.
 *
 * <p>Both methods block until the client sends {@code exit} or closes the connection, and return
 * the protocol's exit status: 0 when {@code shutdown} came before {@code exit}, 1 otherwise.
 *
 * <p>{@link #main} serves stdio without the command line: what tests and benchmarks start with
 * {@code java -cp <this module's class path> io.github.torchscript4j.lsp.LanguageServerLauncher}.
 */
public final class LanguageServerLauncher {
    private LanguageServerLauncher() {}

    /**
     * Serves one client on standard input and output and exits with the protocol's status. Anything
     * else that prints to {@code System.out} goes to standard error, which keeps the channel clean.
     */
    public static void main(String[] args) {
        OutputStream stdout = new FileOutputStream(FileDescriptor.out);
        System.setOut(System.err);
        System.exit(serve(System.in, stdout));
    }

    /** Serves one client on {@code in}/{@code out} (Content-Length framed JSON-RPC). */
    public static int serve(InputStream in, OutputStream out) {
        TorchScriptLanguageServer server = new TorchScriptLanguageServer();
        Launcher<LanguageClient> launcher = LSPLauncher.createServerLauncher(server, in, out);
        server.connect(launcher.getRemoteProxy());
        Future<Void> listening = launcher.startListening();
        CompletableFuture<Boolean> ended = new CompletableFuture<>();
        server.exited().thenAccept(ended::complete);
        Thread watcher = new Thread(() -> {
            try {
                listening.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | java.util.concurrent.CancellationException e) {
                // the connection failed: treated like a closed one
            }
            ended.complete(false);
        }, "torchscript-lsp-connection");
        watcher.setDaemon(true);
        watcher.start();
        boolean orderly = ended.join();
        listening.cancel(true);
        server.shutdown(); // a client that went away without shutdown leaves no threads behind
        return orderly ? 0 : 1;
    }

    /**
     * Listens on {@code port} of the loopback interface (0: any free port), reports the port to
     * {@code listening}, and serves the first client that connects.
     */
    public static int serve(int port, IntConsumer listening) throws IOException {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            listening.accept(socket.getLocalPort());
            try (Socket connection = socket.accept()) {
                return serve(connection.getInputStream(), connection.getOutputStream());
            }
        }
    }
}
