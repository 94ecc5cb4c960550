package io.github.torchscript4j.cli.render;

import io.github.torchscript4j.checker.source.Code;
import io.github.torchscript4j.checker.source.Diagnostic;
import io.github.torchscript4j.checker.source.SourceRange;
import java.io.PrintWriter;
import java.util.List;

/**
 * The report in TorchScript's own words and shape ({@code ErrorReport::what()} in PyTorch 1.13.1),
 * as {@code torch.jit.script} words the text of its {@code RuntimeError}:
 *
 * <pre>
 * message:
 *   File "helper.py", line 3
 * def helper(x: int) -&gt; int:
 *     return x + "a"
 *            ~~~~~~ &lt;--- HERE
 * 'helper' is being compiled since it was called from 'main'
 *   File "helper.py", line 6
 * ...
 * </pre>
 *
 * <p>The message is followed by a colon and the {@link SourceHighlighter highlight} of its range,
 * with TorchScript's ranges ({@link TorchScriptRanges}) and only the source of the function the
 * range is in as context; then each related location ({@code and was used here:} and its
 * highlight); then the call chain ({@link Diagnostic.Related.Kind#CALLED_FROM}), each step's
 * sentence without a colon and the highlight of the call. Diagnostics are separated by an empty
 * line (the reference stops at its first error). The reference's text starts with a newline after
 * {@code RuntimeError: }; this report leaves it out.
 *
 * <p>Message shapes that differ from our one-line-first messages: a call that matches none of an
 * operator's overloads ends with {@code The original call is}; a call that does not match the one
 * schema of its callee has a colon after the schema and a newline after the reason; a module
 * without the attribute is followed by a space (where the reference puts a hint). {@code
 * src/test/resources/torchscript-format/} holds the reference's reports this is compared with.
 */
public final class TorchScriptReport implements Report {
    private final PrintWriter out;
    private final TorchScriptRanges ranges = new TorchScriptRanges();
    private boolean first = true;

    public TorchScriptReport(PrintWriter out) {
        this.out = out;
    }

    @Override
    public void file(String path, List<Diagnostic> diagnostics) {
        for (Diagnostic d : diagnostics) {
            if (!first) {
                out.print('\n');
            }
            first = false;
            out.print(format(d, ranges));
        }
    }

    /** One diagnostic as TorchScript would print it, ending with a newline. */
    public static String format(Diagnostic d) {
        return format(d, new TorchScriptRanges());
    }

    private static String format(Diagnostic d, TorchScriptRanges ranges) {
        StringBuilder text = new StringBuilder();
        text.append(message(d)).append(":\n").append(highlight(ranges.reference(d.range()), d.range(), ranges));
        for (Diagnostic.Related related : d.related()) {
            if (related.kind() == Diagnostic.Related.Kind.CALLED_FROM) {
                text.append(related.message()).append('\n')
                        .append(highlight(ranges.callSite(related.range()), related.range(), ranges));
            } else {
                text.append(related.message()).append(":\n")
                        .append(highlight(ranges.reference(related.range()), related.range(), ranges));
            }
        }
        return text.toString();
    }

    /** The highlight of {@code shown} within the source of the function that holds {@code original}. */
    private static String highlight(SourceRange shown, SourceRange original, TorchScriptRanges ranges) {
        TorchScriptRanges.Window w = ranges.window(original);
        return SourceHighlighter.highlight(shown, w.firstLine(), w.lastLine());
    }

    /** The message as the reference's report holds it before the colon. */
    private static String message(Diagnostic d) {
        String m = d.message();
        if (m.startsWith("Arguments for call are not valid.\n")) {
            return m + "\n\nThe original call is";
        }
        if ((d.code() == Code.NO_MATCHING_SCHEMA || d.code() == Code.CALL_ARGUMENTS) && schemaFirstLine(m)) {
            int newline = m.indexOf('\n');
            return m.substring(0, newline) + ":" + m.substring(newline) + "\n";
        }
        if (d.code() == Code.NO_ATTRIBUTE && m.startsWith("Module '") && m.endsWith("'")) {
            return m + " "; // the reference leaves room for a hint that is not there
        }
        return m;
    }

    /** Whether a message starts with a schema line ({@code add(int a, int b) -> int:}) and gives a reason below it. */
    private static boolean schemaFirstLine(String m) {
        int newline = m.indexOf('\n');
        return newline > 0 && m.substring(0, newline).contains(") -> ");
    }

    @Override
    public void finish() {
        out.flush();
    }
}
