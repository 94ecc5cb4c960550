package io.github.torchscript4j.checker.syntax.robustness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.torchscript4j.checker.source.Diagnostic;
import io.github.torchscript4j.checker.source.SourceFile;
import io.github.torchscript4j.checker.source.SourceRange;
import io.github.torchscript4j.checker.syntax.Parser;
import io.github.torchscript4j.checker.syntax.ParseResult;
import io.github.torchscript4j.checker.syntax.SourceDecoder;
import io.github.torchscript4j.checker.syntax.ast.AstDump;
import io.github.torchscript4j.checker.syntax.ast.Expr;
import io.github.torchscript4j.checker.syntax.ast.Module;
import io.github.torchscript4j.checker.syntax.ast.Pattern;
import io.github.torchscript4j.checker.syntax.ast.Stmt;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;

/**
 * The contract every input must keep, whatever its bytes: decoding and parsing return (no
 * exception escapes, no hang), a {@link Module} and a diagnostics list come back, every diagnostic
 * and every node lies inside the decoded file, error nodes appear exactly when an error is
 * reported, and an error-free file parses again to the same {@link AstDump}.
 *
 * <p>Shared by the robustness tests; it asserts with JUnit and knows nothing of how inputs are
 * generated. The time limit is a hang detector, not a performance assertion. Tree walks are
 * iterative (reflection over record components), so a deep tree cannot overflow the test's stack.
 */
final class ParseInvariants {
    /** Generous bound per input: only an endless loop should ever reach it. */
    static final Duration HANG_LIMIT = Duration.ofSeconds(10);

    private ParseInvariants() {}

    /** What one checked parse produced, for properties that want to look further. */
    record Outcome(SourceFile file, ParseResult result, boolean hasErrors, String dump) {}

    /** Encodes {@code text} as UTF-8 (lone surrogates become {@code ?}) and checks it. */
    static Outcome checkText(String text) {
        return checkBytes(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Decodes and parses {@code bytes} under the hang limit and checks every invariant. */
    static Outcome checkBytes(byte[] bytes) {
        return assertTimeoutPreemptively(HANG_LIMIT, () -> checkBytesNow(bytes),
                () -> "decode+parse+dump did not finish within " + HANG_LIMIT + " for: " + preview(bytes));
    }

    private static Outcome checkBytesNow(byte[] bytes) {
        SourceDecoder.Decoded decoded = SourceDecoder.decode("fuzz.py", bytes);
        assertNotNull(decoded, "SourceDecoder.decode returned null");
        SourceFile file = decoded.file();
        assertNotNull(file, "SourceDecoder.decode returned no file");
        assertNotNull(decoded.diagnostics(), "SourceDecoder.decode returned no diagnostics list");
        checkDiagnostics(file, decoded.diagnostics(), "decoder");
        Outcome outcome = checkFile(file);
        boolean errors = outcome.hasErrors() || decoded.diagnostics().stream().anyMatch(Diagnostic::isError);
        return new Outcome(file, outcome.result(), errors, outcome.dump());
    }

    /** Parses {@code file} and checks every invariant; the caller holds the time limit. */
    static Outcome checkFile(SourceFile file) {
        ParseResult result = Parser.parse(file);
        assertNotNull(result, "Parser.parse returned null");
        Module module = result.module();
        assertNotNull(module, "Parser.parse returned no module");
        assertNotNull(result.diagnostics(), "Parser.parse returned no diagnostics list");
        checkDiagnostics(file, result.diagnostics(), "parser");
        boolean hasErrors = result.diagnostics().stream().anyMatch(Diagnostic::isError);
        long errorNodes = checkTree(file, module);
        if (errorNodes > 0) {
            assertTrue(hasErrors, "the tree holds " + errorNodes + " error node(s) but no error was reported");
        }
        String dump = AstDump.dump(module);
        assertNotNull(dump, "AstDump.dump returned null");
        if (!hasErrors) {
            assertEquals(0, errorNodes, "an error-free parse holds error nodes");
            ParseResult again = Parser.parse(new SourceFile("again.py", file.text()));
            assertTrue(again.diagnostics().stream().noneMatch(Diagnostic::isError),
                    () -> "a second parse of the same text reports " + again.diagnostics());
            assertEquals(dump, AstDump.dump(again.module()), "a second parse of the same text dumps differently");
        }
        return new Outcome(file, result, hasErrors, dump);
    }

    static void checkDiagnostics(SourceFile file, List<Diagnostic> diagnostics, String who) {
        Diagnostic previous = null;
        for (Diagnostic d : diagnostics) {
            assertNotNull(d, who + " reported a null diagnostic");
            checkRange(file, d.range(), who + " diagnostic " + d.message());
            assertTrue(!d.message().isBlank(), who + " reported a diagnostic without a message: " + d);
            for (Diagnostic.Related related : d.related()) {
                checkRange(file, related.range(), who + " related location of " + d.message());
            }
            if (previous != null && "parser".equals(who)) {
                Diagnostic p = previous;
                assertTrue(Diagnostic.BY_POSITION.compare(p, d) <= 0,
                        () -> "diagnostics not sorted by position: " + p + " before " + d);
            }
            previous = d;
        }
    }

    private static void checkRange(SourceFile file, SourceRange range, String what) {
        assertNotNull(range, what + " has no range");
        assertSame(file, range.file(), what + " points into another file: " + range);
        assertTrue(0 <= range.start() && range.start() <= range.end() && range.end() <= file.length(),
                what + " lies outside the file: " + range);
    }

    /**
     * Walks the whole tree without recursion and checks that every {@link SourceRange} in it lies
     * in {@code file}, that no component is null; returns the number of error nodes.
     */
    static long checkTree(SourceFile file, Object root) {
        ArrayDeque<Object> stack = new ArrayDeque<>();
        stack.push(root);
        long errorNodes = 0;
        while (!stack.isEmpty()) {
            Object o = stack.pop();
            if (o instanceof Expr.Error || o instanceof Stmt.Error || o instanceof Pattern.Error) {
                errorNodes++;
            }
            if (o instanceof SourceRange r) {
                checkRange(file, r, "a node");
            } else if (o instanceof List<?> list) {
                for (Object e : list) {
                    assertNotNull(e, "a null element in a node list");
                    stack.push(e);
                }
            } else if (o instanceof Optional<?> opt) {
                opt.ifPresent(stack::push);
            } else if (o instanceof Record rec) {
                for (Method accessor : ACCESSORS.get(rec.getClass())) {
                    Object value = invoke(accessor, rec);
                    if (value == null) {
                        fail("null " + accessor.getName() + " in " + rec.getClass().getSimpleName());
                    }
                    stack.push(value);
                }
            }
        }
        return errorNodes;
    }

    /** Component accessors of the AST's records, other value classes are leaves. */
    private static final ClassValue<Method[]> ACCESSORS = new ClassValue<>() {
        @Override
        protected Method[] computeValue(Class<?> type) {
            if (!type.getPackageName().startsWith("io.github.torchscript4j.checker")) {
                return new Method[0];
            }
            RecordComponent[] components = type.getRecordComponents();
            Method[] accessors = new Method[components.length];
            for (int i = 0; i < components.length; i++) {
                accessors[i] = components[i].getAccessor();
                accessors[i].setAccessible(true);
            }
            return accessors;
        }
    };

    private static Object invoke(Method accessor, Object target) {
        try {
            return accessor.invoke(target);
        } catch (IllegalAccessException e) {
            throw new AssertionError(e);
        } catch (InvocationTargetException e) {
            throw new AssertionError("accessor " + accessor + " threw", e.getCause());
        }
    }

    /** The first bytes of an input, escaped, for failure messages. */
    static String preview(byte[] bytes) {
        String s = new String(bytes, 0, Math.min(bytes.length, 300), StandardCharsets.ISO_8859_1);
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' || c == '"') {
                sb.append('\\').append(c);
            } else if (c >= 0x20 && c < 0x7f) {
                sb.append(c);
            } else if (c == '\n') {
                sb.append("\\n");
            } else {
                sb.append(String.format("\\x%02x", (int) c));
            }
        }
        sb.append(bytes.length > 300 ? "\"... (" + bytes.length + " bytes)" : "\"");
        return sb.toString();
    }
}
