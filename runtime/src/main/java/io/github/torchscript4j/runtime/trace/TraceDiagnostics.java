package io.github.torchscript4j.runtime.trace;

import io.github.torchscript4j.checker.ir.Node;
import io.github.torchscript4j.checker.source.SourceFile;
import io.github.torchscript4j.checker.source.SourceRange;
import io.github.torchscript4j.checker.syntax.Parser;
import io.github.torchscript4j.checker.syntax.ast.Stmt;
import io.github.torchscript4j.runtime.python.TorchHost;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The texts of the tracer's warnings — the reference's words ({@link #referenceWarning}) — and the
 * {@link TraceDiagnostic}s that place them and the failed checks at the source lines that caused
 * them, with a suggestion. A check that failed because the graphs differ is placed at the
 * statement that made them differ: the loop or {@code if} around the first diverging operator
 * (found in the traced file's syntax tree), preferring one that the recorder saw decided by an
 * input's shape or a tensor's values.
 */
final class TraceDiagnostics {
    private static final String SCRIPT = "script this function (@torch.jit.script)";

    private TraceDiagnostics() {}

    /** The reference's {@code TracerWarning} text of a conversion of a tensor to a Python value. */
    static String referenceWarning(TorchHost.Conversion conversion) {
        switch (conversion) {
            case LENGTH:
                return "Using len to get tensor shape might cause the trace to be incorrect. Recommended usage would be"
                        + " tensor.shape[0]. Passing a tensor of different shape might lead to errors or silently give"
                        + " incorrect results.";
            case ITERATION:
                return "Iterating over a tensor might cause the trace to be incorrect. Passing a tensor of different shape"
                        + " won't change the number of iterations executed (and might lead to errors or silently give"
                        + " incorrect results).";
            default:
                return "Converting a tensor to " + target(conversion) + " might cause the trace to be incorrect. We can't"
                        + " record the data flow of Python values, so this value will be treated as a constant in the"
                        + " future. This means that the trace might not generalize to other inputs!";
        }
    }

    private static String target(TorchHost.Conversion conversion) {
        switch (conversion) {
            case BOOLEAN:
                return "a Python boolean";
            case INTEGER:
                return "a Python integer";
            case FLOAT:
                return "a Python float";
            case NUMBER:
                return "a Python number";
            case LIST:
                return "a Python list";
            default:
                throw new AssertionError(conversion);
        }
    }

    /** The diagnostic of a conversion at {@code at}; {@code decidesIf}: its value is an {@code if}'s condition. */
    static TraceDiagnostic conversion(TorchHost.Conversion conversion, SourceRange at, boolean decidesIf) {
        switch (conversion) {
            case LENGTH:
                return TraceDiagnostic.warning(TraceDiagnostic.Kind.TENSOR_LENGTH, at,
                        "len() of a tensor is a constant of the trace: the example input's length",
                        "use tensor.shape[0] (or tensor.size(0)), which the trace records");
            case ITERATION:
                return TraceDiagnostic.warning(TraceDiagnostic.Kind.TENSOR_ITERATION, at,
                        "iterating over a tensor: the trace unrolls this loop once per row of the example input",
                        "the number of iterations comes from the input's shape; " + SCRIPT + " to keep the loop");
            case BOOLEAN:
                if (decidesIf) {
                    return TraceDiagnostic.warning(TraceDiagnostic.Kind.TENSOR_TO_PYTHON, at,
                            "a tensor converted to a Python boolean decides this branch: the trace keeps only the"
                                    + " branch the example inputs took",
                            "this branch comes from tensor data; " + SCRIPT + " to keep the branch, or compute both"
                                    + " sides and choose with torch.where");
                }
                return TraceDiagnostic.warning(TraceDiagnostic.Kind.TENSOR_TO_PYTHON, at,
                        "a tensor converted to a Python boolean: the trace keeps the example inputs' value as a constant",
                        "keep the value a tensor, or " + SCRIPT + " to keep its data flow");
            default:
                return TraceDiagnostic.warning(TraceDiagnostic.Kind.TENSOR_TO_PYTHON, at,
                        "a tensor converted to " + target(conversion) + ": the trace keeps the example inputs' value as"
                                + " a constant",
                        "keep the value a tensor (use it in tensor operations), or " + SCRIPT + " to keep its data flow");
        }
    }

    /**
     * A failed check whose graphs differ: at the loop or {@code if} of {@code source} that encloses the
     * first diverging operator ({@code diverging}, of either trace; null when neither has a location),
     * else at the operator.
     *
     * @param decided the lines of the {@code if}s and loops that the inputs decided, in either trace
     * @param check the 1-based number of the check input
     */
    static TraceDiagnostic graphsDiffer(SourceFile source, Node diverging, Map<Integer, TraceRecorder.Decider> decided,
            int check) {
        SourceRange op = diverging == null ? null : diverging.range().orElse(null);
        String what = "the trace on check input " + check + " records other operators than the trace on the example"
                + " inputs";
        String tag = " (Graphs differed across invocations)";
        if (op == null) {
            return TraceDiagnostic.error(TraceDiagnostic.Kind.GRAPHS_DIFFER, null, what + tag,
                    "if a loop or an if of the function depends on the inputs, " + SCRIPT + " to keep it");
        }
        String first = " from the operator at line " + op.startLine() + " on";
        List<Stmt> enclosing = op.file().path().equals(source.path()) && op.file().text().equals(source.text())
                ? enclosing(source, op.start()) : List.of();
        Stmt chosen = null;
        for (Stmt s : enclosing) {
            if (decided.containsKey(s.range().startLine())) {
                chosen = s;
                break;
            }
        }
        if (chosen == null) {
            chosen = enclosing.stream().filter(s -> s instanceof Stmt.For || s instanceof Stmt.While).findFirst()
                    .orElse(enclosing.isEmpty() ? null : enclosing.get(0));
        }
        if (chosen == null) {
            return TraceDiagnostic.error(TraceDiagnostic.Kind.GRAPHS_DIFFER, firstNonBlank(op), what + first + tag,
                    "if this operator's inputs or its being run depend on the inputs' shapes or values, " + SCRIPT
                            + " to keep that control flow");
        }
        SourceRange at = new SourceRange(source, chosen.range().start(), chosen.range().start());
        TraceRecorder.Decider by = decided.get(chosen.range().startLine());
        boolean loop = chosen instanceof Stmt.For || chosen instanceof Stmt.While;
        String keyword = chosen instanceof Stmt.For ? "for" : chosen instanceof Stmt.While ? "while" : "if";
        String message = what + first + ", inside this " + keyword + (loop ? " loop" : "") + tag;
        String why;
        if (loop) {
            why = by == TraceRecorder.Decider.SHAPE ? "this loop's trip count comes from the input's shape"
                    : by == TraceRecorder.Decider.DATA ? "this loop's trip count comes from tensor data"
                    : "this loop runs a number of times that depends on the input";
            return TraceDiagnostic.error(TraceDiagnostic.Kind.GRAPHS_DIFFER, at, message,
                    why + ", and the trace unrolled it for the example inputs; " + SCRIPT + " to keep the loop");
        }
        why = by == TraceRecorder.Decider.SHAPE ? "this branch comes from the input's shape"
                : by == TraceRecorder.Decider.DATA ? "this branch comes from tensor data"
                : "this branch depends on the input";
        return TraceDiagnostic.error(TraceDiagnostic.Kind.GRAPHS_DIFFER, at, message,
                why + ", and the trace keeps only the branch the example inputs took; " + SCRIPT + " to keep the branch");
    }

    /** A failed check on which a run raised, at the location the error names (may be null). */
    static TraceDiagnostic raised(String what, SourceRange at, int check) {
        return TraceDiagnostic.error(TraceDiagnostic.Kind.CHECK_RAISED, at == null ? null : firstNonBlank(at),
                "the " + what + " raised on check input " + check + " (Tracing failed sanity checks!)",
                "a trace holds the shapes and branches of the example inputs; " + SCRIPT
                        + " if its control flow must follow the input");
    }

    /** The nondeterministic-nodes warning, at the first such node. */
    static TraceDiagnostic nondeterministic(Node first) {
        return TraceDiagnostic.warning(TraceDiagnostic.Kind.NONDETERMINISTIC, first.range().map(TraceDiagnostics::firstNonBlank)
                .orElse(null), first.kind() + " gives other values on every run, so the trace checks compare"
                        + " different numbers",
                "seed or remove the randomness (call .eval() on a model with dropout), or check without check_inputs");
    }

    /**
     * An output mismatch, at the operator that last wrote the output ({@code writer}: an in-place
     * assignment, or the operator that computed it); {@code random} is the first nondeterministic
     * node, if any.
     */
    static TraceDiagnostic mismatch(int output, String what, Node writer, Node random) {
        SourceRange at = writer == null ? null : writer.range().map(TraceDiagnostics::firstNonBlank).orElse(null);
        boolean inPlace = writer != null && writer.schema().map(s -> s.arguments().stream().anyMatch(a -> a.isWrite()))
                .orElse(false);
        String message = "output " + output + " of the trace does not match the " + what + "'s on the check input"
                + (inPlace ? "; this in-place assignment wrote it" : "; computed here");
        String suggestion = random != null
                ? "the output depends on " + random.kind() + random.range().map(r -> " (line " + r.startLine() + ")")
                        .orElse("") + ", which gives other values on every run; seed or remove the randomness"
                : "the trace computes the example inputs' operations; if a branch or loop depends on the input, "
                        + SCRIPT + " to keep it";
        return TraceDiagnostic.warning(TraceDiagnostic.Kind.OUTPUT_MISMATCH, at, message, suggestion);
    }

    /** The loops and {@code if}s of {@code source} whose bodies hold {@code offset}, innermost first. */
    static List<Stmt> enclosing(SourceFile source, int offset) {
        List<Stmt> out = new ArrayList<>();
        collect(Parser.parse(source).module().body(), offset, out);
        java.util.Collections.reverse(out);
        return out;
    }

    private static void collect(List<Stmt> body, int offset, List<Stmt> out) {
        for (Stmt s : body) {
            if (!s.range().contains(offset) && s.range().end() != offset) {
                continue;
            }
            if (s instanceof Stmt.For f) {
                if (!f.iter().range().contains(offset)) {
                    out.add(s);
                }
                collect(f.body(), offset, out);
                collect(f.orelse(), offset, out);
            } else if (s instanceof Stmt.While w) {
                out.add(s);
                collect(w.body(), offset, out);
                collect(w.orelse(), offset, out);
            } else if (s instanceof Stmt.If i) {
                if (!i.test().range().contains(offset)) {
                    out.add(s);
                }
                collect(i.body(), offset, out);
                collect(i.orelse(), offset, out);
            } else if (s instanceof Stmt.FunctionDef fd) {
                collect(fd.body(), offset, out);
            } else if (s instanceof Stmt.ClassDef cd) {
                collect(cd.body(), offset, out);
            } else if (s instanceof Stmt.With w) {
                collect(w.body(), offset, out);
            } else if (s instanceof Stmt.Try t) {
                collect(t.body(), offset, out);
                collect(t.orelse(), offset, out);
                collect(t.finalbody(), offset, out);
            }
        }
    }

    /** {@code range}, or, when it is empty at a line's start (the tracer's line locations), the line's first non-blank character. */
    static SourceRange firstNonBlank(SourceRange range) {
        if (range.length() > 0) {
            return range;
        }
        SourceFile file = range.file();
        String text = file.text();
        int i = range.start();
        while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
            i++;
        }
        return new SourceRange(file, i, i);
    }
}
