package io.github.torchscript4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code torchscript lsp} as editors start it: on a loopback port through {@link Main#execute}, and
 * on standard input and output of a separate JVM (the way an editor spawns it). The messages are
 * written and read by hand here, Content-Length framing included, so the test does not depend on
 * a protocol library speaking to itself.
 */
class LspCommandTest {
    private static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\","
            + "\"params\":{\"processId\":null,\"rootUri\":null,\"capabilities\":{},"
            + "\"initializationOptions\":{\"diagnosticsDelayMs\":0}}}";
    private static final String INITIALIZED = "{\"jsonrpc\":\"2.0\",\"method\":\"initialized\",\"params\":{}}";
    private static final String OPEN = "{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/didOpen\",\"params\":{"
            + "\"textDocument\":{\"uri\":\"file:///m.py\",\"languageId\":\"python\",\"version\":1,"
            + "\"text\":\"import torch\\n\\n@torch.jit.script\\ndef f(x: torch.Tensor) -> torch.Tensor:\\n    return x + y\\n\"}}}";
    private static final String SHUTDOWN = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"shutdown\",\"params\":null}";
    private static final String EXIT = "{\"jsonrpc\":\"2.0\",\"method\":\"exit\",\"params\":null}";

    @Test
    void servesOneClientOnALoopbackPort() throws Exception {
        StringWriter err = new StringWriter();
        CompletableFuture<Integer> status = CompletableFuture.supplyAsync(() -> Main.execute(
                new String[] {"lsp", "--port", "0"}, new ByteArrayInputStream(new byte[0]),
                new PrintWriter(new StringWriter()), new PrintWriter(err, true)));
        Pattern listening = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)");
        Matcher m = listening.matcher("");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!(m = listening.matcher(err.toString())).find()) {
            assertTrue(System.nanoTime() < deadline && !status.isDone(), "the server did not listen: " + err);
            Thread.sleep(20);
        }
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), Integer.parseInt(m.group(1)))) {
            session(socket.getInputStream(), socket.getOutputStream());
        }
        assertEquals(0, status.get(60, TimeUnit.SECONDS));
    }

    @Test
    void servesOnStandardInputAndOutputOfItsOwnProcess() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "lsp", "--stdio")
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            session(p.getInputStream(), p.getOutputStream());
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the server did not exit");
            assertEquals(0, p.exitValue());
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void aBadPortCannotRun() {
        StringWriter err = new StringWriter();
        int status = Main.execute(new String[] {"lsp", "--port", "70000"}, new ByteArrayInputStream(new byte[0]),
                new PrintWriter(new StringWriter()), new PrintWriter(err));
        assertEquals(Main.CANNOT_RUN, status);
        assertTrue(err.toString().contains("--port"), err.toString());
    }

    /** initialize, open a file with an undefined name, receive its diagnostic, shut down and exit. */
    private static void session(InputStream in, OutputStream out) throws IOException {
        send(out, INITIALIZE);
        JsonObject init = receive(in, "id");
        assertEquals("torchscript4j", init.getAsJsonObject("result").getAsJsonObject("serverInfo").get("name").getAsString());
        send(out, INITIALIZED);
        send(out, OPEN);
        JsonObject published = receive(in, "method");
        assertEquals("textDocument/publishDiagnostics", published.get("method").getAsString());
        JsonObject diagnostic = published.getAsJsonObject("params").getAsJsonArray("diagnostics").get(0).getAsJsonObject();
        assertEquals("TS0101", diagnostic.get("code").getAsString());
        assertEquals(4, diagnostic.getAsJsonObject("range").getAsJsonObject("start").get("line").getAsInt());
        send(out, SHUTDOWN);
        assertEquals(2, receive(in, "id").get("id").getAsInt());
        send(out, EXIT);
    }

    private static void send(OutputStream out, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        out.write(("Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
    }

    /** The next message that has {@code key} (a response: "id"; a notification: "method"). */
    private static JsonObject receive(InputStream in, String key) throws IOException {
        while (true) {
            int length = -1;
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            while (true) {
                int b = in.read();
                if (b < 0) {
                    throw new IOException("the server closed the stream");
                }
                if (b == '\n') {
                    String header = line.toString(StandardCharsets.US_ASCII).trim();
                    line.reset();
                    if (header.isEmpty()) {
                        break;
                    }
                    if (header.startsWith("Content-Length:")) {
                        length = Integer.parseInt(header.substring("Content-Length:".length()).trim());
                    }
                } else {
                    line.write(b);
                }
            }
            byte[] body = in.readNBytes(length);
            JsonObject message = JsonParser.parseString(new String(body, StandardCharsets.UTF_8)).getAsJsonObject();
            if (message.has(key) && !(key.equals("id") && message.has("method"))) {
                return message;
            }
        }
    }
}
