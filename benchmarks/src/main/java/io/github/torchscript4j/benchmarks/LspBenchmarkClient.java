package io.github.torchscript4j.benchmarks;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A minimal language client for {@link LspBenchmark}: the server is a child process ({@code java
 * ... LanguageServerLauncher}) and this client writes Content-Length framed JSON-RPC to its
 * standard input and reads its standard output on a thread of its own — the real pipes an editor
 * uses. Messages are plain Gson trees, so the benchmark needs no protocol library.
 *
 * <p>Responses complete the future of their request; {@code textDocument/publishDiagnostics}
 * notifications are queued with the time they arrived; requests from the server ({@code
 * client/registerCapability}, {@code workspace/configuration}) are answered at once with an empty
 * result.
 */
final class LspBenchmarkClient implements AutoCloseable {
    /** A {@code publishDiagnostics} notification's parameters and when it was read, in {@link System#nanoTime()}. */
    record Published(JsonObject params, long nanos) {
        int version() {
            JsonElement v = params.get("version");
            return v == null || v.isJsonNull() ? -1 : v.getAsInt();
        }

        JsonArray diagnostics() {
            return params.getAsJsonArray("diagnostics");
        }
    }

    private final Process process;
    private final OutputStream out;
    private final Map<Integer, CompletableFuture<JsonElement>> pending = new ConcurrentHashMap<>();
    private final BlockingQueue<Published> published = new LinkedBlockingQueue<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();

    LspBenchmarkClient(Process process) {
        this.process = process;
        this.out = process.getOutputStream();
        Thread reader = new Thread(this::read, "lsp-benchmark-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** Sends a request and returns the future of its result (failed with the error of an error response). */
    CompletableFuture<JsonElement> request(String method, JsonElement params) {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonElement> f = new CompletableFuture<>();
        pending.put(id, f);
        JsonObject m = message(method, params);
        m.addProperty("id", id);
        send(m);
        return f;
    }

    void notify(String method, JsonElement params) {
        send(message(method, params));
    }

    /** The next published diagnostics of {@code uri} with {@code version} (-1: any), skipping others; fails after {@code seconds}. */
    Published diagnostics(String uri, int version, long seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
            Published p = published.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (p == null) {
                throw new IllegalStateException("no diagnostics of version " + version + " were published for " + uri
                        + " within " + seconds + " s" + (process.isAlive() ? "" : "; the server exited with " + process.exitValue()));
            }
            if (p.params().get("uri").getAsString().equals(uri) && (version < 0 || p.version() == version)) {
                return p;
            }
        }
    }

    /** Waits for a request's result, failing after {@code seconds}. */
    static JsonElement await(CompletableFuture<JsonElement> f, long seconds) throws Exception {
        return f.get(seconds, TimeUnit.SECONDS);
    }

    private static JsonObject message(String method, JsonElement params) {
        JsonObject m = new JsonObject();
        m.addProperty("jsonrpc", "2.0");
        m.addProperty("method", method);
        m.add("params", params == null ? JsonNull.INSTANCE : params);
        return m;
    }

    private synchronized void send(JsonObject message) {
        byte[] body = message.toString().getBytes(StandardCharsets.UTF_8);
        try {
            out.write(("Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
        } catch (IOException e) {
            throw new IllegalStateException("the server's input is closed", e);
        }
    }

    private void read() {
        try (InputStream in = new BufferedInputStream(process.getInputStream())) {
            while (true) {
                int length = -1;
                String header;
                while (!(header = headerLine(in)).isEmpty()) {
                    if (header.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                        length = Integer.parseInt(header.substring(15).trim());
                    }
                }
                if (length < 0) {
                    throw new IOException("a message without Content-Length");
                }
                byte[] body = in.readNBytes(length);
                if (body.length < length) {
                    break;
                }
                long now = System.nanoTime();
                dispatch(JsonParser.parseString(new String(body, StandardCharsets.UTF_8)).getAsJsonObject(), now);
            }
        } catch (IOException | RuntimeException e) {
            // the server went away: pending requests fail below
        }
        closed.complete(null);
        pending.values().forEach(f -> f.completeExceptionally(new IllegalStateException("the server closed its output")));
    }

    /** One header line without its CR LF; empty at the blank line (or at the end of the stream, which then throws). */
    private static String headerLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) {
                throw new IOException("end of stream");
            }
            if (c != '\r') {
                line.write(c);
            }
        }
        return line.toString(StandardCharsets.US_ASCII);
    }

    private void dispatch(JsonObject m, long now) {
        if (m.has("method")) {
            String method = m.get("method").getAsString();
            if (m.has("id")) { // a request from the server
                JsonObject answer = new JsonObject();
                answer.addProperty("jsonrpc", "2.0");
                answer.add("id", m.get("id"));
                JsonElement result = JsonNull.INSTANCE;
                if (method.equals("workspace/configuration") && m.getAsJsonObject("params").has("items")) {
                    JsonArray nulls = new JsonArray();
                    for (int i = 0; i < m.getAsJsonObject("params").getAsJsonArray("items").size(); i++) {
                        nulls.add(JsonNull.INSTANCE);
                    }
                    result = nulls;
                }
                answer.add("result", result);
                send(answer);
            } else if (method.equals("textDocument/publishDiagnostics")) {
                published.add(new Published(m.getAsJsonObject("params"), now));
            }
            return;
        }
        CompletableFuture<JsonElement> f = pending.remove(m.get("id").getAsInt());
        if (f == null) {
            return;
        }
        if (m.has("error")) {
            f.completeExceptionally(new IllegalStateException("error response: " + m.get("error")));
        } else {
            f.complete(m.has("result") ? m.get("result") : JsonNull.INSTANCE);
        }
    }

    /** Shuts the server down ({@code shutdown}, {@code exit}) and waits for it to end; kills it after 10 s. */
    @Override
    public void close() throws InterruptedException {
        try {
            if (process.isAlive()) {
                await(request("shutdown", null), 10);
                notify("exit", null);
            }
        } catch (Exception e) {
            // it is killed below
        }
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
