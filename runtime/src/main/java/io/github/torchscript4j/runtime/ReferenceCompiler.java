package io.github.torchscript4j.runtime;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bytedeco.pytorch.CompilationUnit;
import org.bytedeco.pytorch.global.torch;

/**
 * libtorch's own TorchScript front end as an oracle: compiles TorchScript source text with {@code
 * torch::jit::compile} (Bytedeco's {@link torch#compile(String)}) and says whether it compiled, and
 * if not, libtorch's message and the line it points at. It runs nothing and keeps nothing: the
 * compilation unit is released before {@link #compile} returns.
 *
 * <h2>What {@code torch::jit::compile} accepts</h2>
 *
 * <p>It is not {@code torch.jit.script}. It parses a compilation unit's source with libtorch's C++
 * lexer and parser and resolves free names with libtorch's {@code nativeResolver}:
 *
 * <ul>
 *   <li>Only top-level {@code def}s: {@code import}, decorators and {@code class} are syntax errors
 *       ({@code expected def but found 'class' here}). Every function is compiled, called or not,
 *       and functions may call each other in any order.
 *   <li>The only free name it knows is {@code torch}, as the operator namespace {@code aten}: {@code
 *       torch.relu(x)} is {@code aten::relu}, but {@code torch.float}, {@code torch.device}, {@code
 *       torch.no_grad}, {@code torch.nn.functional} and {@code torch.jit} are not what Python's
 *       resolver makes of them, and {@code math}, exception classes such as {@code ValueError},
 *       and user classes are undefined values.
 *   <li>Type annotations know TorchScript's builtin types without imports ({@code Tensor}, {@code
 *       List[int]}, {@code Optional[Tensor]}, {@code Dict[str, Tensor]}, {@code Tuple[...]}, {@code
 *       Any}, {@code Union[...]}) and nothing else.
 *   <li>f-strings are a syntax error: the C++ lexer has none (Python's front end rewrites them
 *       before TorchScript sees them).
 * </ul>
 *
 * <p>A source without a final newline is rejected by libtorch's parser ({@code expected newline
 * but found 'eof'}) although it is a valid file; {@link #compile} adds the newline.
 *
 * <h2>Errors</h2>
 *
 * <p>libtorch reports a rejected program by throwing a C++ exception ({@code ErrorReport}, a {@code
 * std::exception}; {@code c10::Error}); JavaCPP turns it into a Java {@link RuntimeException} whose
 * message is the exception's {@code what()}: the message, then an excerpt {@code File "<string>",
 * line N} with the offending range underlined and marked {@code <--- HERE}, possibly followed by
 * further excerpts ({@code and was used here:}) and libtorch's call stack. {@link Rejection} keeps
 * that whole text, its first line, and {@code N} of the first excerpt: the line where the first
 * highlighted range starts. Any exception out of the native call is a rejection.
 *
 * <h2>Deep nesting</h2>
 *
 * <p>libtorch's parser and emitter recurse once per level of nesting, on the native stack of the
 * calling thread, and a native stack overflow kills the JVM (a program of 5,000 nested parentheses
 * did, on a thread with the default 8 MiB stack). So every compilation runs on one daemon thread
 * with a {@value #STACK_MIB} MiB stack (reserved, not committed, until used), which compiled
 * 100,000 nested parentheses, or a sum of 100,000 terms, without trouble. Valid Python never comes
 * close: CPython's tokenizer refuses more than 200 nested brackets. Calls from several threads are
 * therefore serialized.
 */
public final class ReferenceCompiler {
    /** The header of libtorch's first source excerpt: {@code File "<string>", line N}. */
    private static final Pattern EXCERPT_LINE = Pattern.compile("^\\s*File \"<string>\", line (\\d+)", Pattern.MULTILINE);

    /** The stack of the compiling thread, in MiB. */
    static final int STACK_MIB = 512;

    private static final ExecutorService COMPILER = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(null, task, "torchscript4j-reference-compiler", (long) STACK_MIB << 20);
        thread.setDaemon(true);
        return thread;
    });

    private ReferenceCompiler() {}

    /** What libtorch's front end said of one program. */
    public record Verdict(Optional<Rejection> rejection) {
        public Verdict {
            Objects.requireNonNull(rejection);
        }

        public static final Verdict ACCEPTED = new Verdict(Optional.empty());

        public static Verdict rejected(Rejection rejection) {
            return new Verdict(Optional.of(rejection));
        }

        public boolean accepted() {
            return rejection.isEmpty();
        }

        @Override
        public String toString() {
            return rejection.map(Rejection::toString).orElse("accepted");
        }
    }

    /**
     * Why libtorch rejected a program.
     *
     * @param message the first line of libtorch's message, without the colon that introduces the
     *     source excerpt ({@code undefined value y})
     * @param line the 1-based line of the program where the first highlighted range starts; empty
     *     when the message has no excerpt
     * @param report libtorch's whole message, excerpts included
     */
    public record Rejection(String message, OptionalInt line, String report) {
        public Rejection {
            Objects.requireNonNull(message);
            Objects.requireNonNull(line);
            Objects.requireNonNull(report);
        }

        /** Reads libtorch's {@code what()} text. */
        public static Rejection fromReport(String report) {
            String text = report == null ? "" : report;
            Matcher excerpt = EXCERPT_LINE.matcher(text);
            String message = text.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse("");
            OptionalInt line = OptionalInt.empty();
            if (excerpt.find()) {
                line = OptionalInt.of(Integer.parseInt(excerpt.group(1)));
                int messageEnd = text.indexOf(message) + message.length();
                // ErrorReport writes "<message>:\n<excerpt>": that colon is layout, not message.
                if (message.endsWith(":") && messageEnd <= excerpt.start()
                        && text.substring(messageEnd, excerpt.start()).isBlank()) {
                    message = message.substring(0, message.length() - 1);
                }
            }
            return new Rejection(message, line, text);
        }

        @Override
        public String toString() {
            return (line.isPresent() ? "line " + line.getAsInt() + ": " : "") + message;
        }
    }

    /**
     * Compiles {@code source} (a compilation unit: top-level {@code def}s only) with libtorch's
     * front end. Never throws for a program libtorch rejects.
     *
     * @throws LibtorchUnavailableException when libtorch cannot be loaded
     * @throws CancellationException when the calling thread is interrupted while it waits (the
     *     compilation itself cannot be interrupted; it finishes on the compiler's thread)
     */
    public static Verdict compile(String source) {
        Objects.requireNonNull(source);
        Libtorch.ensureLoaded();
        String text = source.endsWith("\n") ? source : source + "\n";
        Future<Verdict> verdict = COMPILER.submit(() -> compileOnThisThread(text));
        try {
            return verdict.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            CancellationException cancelled = new CancellationException("interrupted while libtorch compiled");
            cancelled.initCause(e);
            throw cancelled;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException("the reference compiler failed", cause);
        }
    }

    private static Verdict compileOnThisThread(String text) {
        try (CompilationUnit unit = torch.compile(text)) {
            return unit == null || unit.isNull()
                    ? Verdict.rejected(Rejection.fromReport("torch::jit::compile returned no compilation unit"))
                    : Verdict.ACCEPTED;
        } catch (RuntimeException e) {
            return Verdict.rejected(Rejection.fromReport(e.getMessage()));
        }
    }
}
