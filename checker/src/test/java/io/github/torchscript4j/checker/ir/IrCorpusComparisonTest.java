package io.github.torchscript4j.checker.ir;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.torchscript4j.checker.emit.Emitter;
import io.github.torchscript4j.checker.semantics.CheckedFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The corpus comparison of issue 4: every accepted script case of the public conformance corpus is
 * compiled by our front end and emitter, and our printed {@code .code} and {@code .graph} of the
 * entry function are compared with the reference's recorded ones under {@link IrNormalization}.
 * Prints {@code code: N/M (P%)} and {@code graph: N/M (P%)}, and writes a diff for every case that
 * differs to {@code target/ir-reports/corpus-code.txt} and {@code corpus-graph.txt}.
 *
 * <p>Skipped, with a message, when the corpus ({@code ../shared/conformance/public} from the
 * project's root) is not there: the project's own tests never need it. Run it alone with {@code
 * scripts/compare-ir-with-reference}.
 */
class IrCorpusComparisonTest {
    /** Shares below which the emitter and printers have regressed; raise them as they improve. */
    private static final double CODE_FLOOR = 0.40;

    private static final double GRAPH_FLOOR = 0.40;

    @Test
    void comparesPrintedCodeAndGraphWithTheReference() throws IOException {
        Optional<Path> corpus = ConformanceCorpus.location();
        assumeTrue(corpus.isPresent(), "conformance corpus not found beside the project (../shared/conformance); skipped");
        List<ConformanceCorpus.Case> cases = ConformanceCorpus.scriptCases(corpus.get());
        int codeOk = 0;
        int graphOk = 0;
        int notEmitted = 0;
        StringBuilder codeReport = new StringBuilder();
        StringBuilder graphReport = new StringBuilder();
        for (ConformanceCorpus.Case c : cases) {
            Optional<Function> f;
            String why = "";
            try {
                byte[] bytes = Files.readAllBytes(corpus.get().resolve(c.file()));
                Emitter.Result r = Emitter.emit(CheckedFile.check(c.file(), bytes));
                f = r.unit().function("__torch__." + c.entry());
                if (f.isEmpty()) {
                    why = r.failures().isEmpty() ? "entry not emitted" : r.failures().get(0).toString();
                }
            } catch (RuntimeException e) {
                f = Optional.empty();
                why = "exception: " + e;
            }
            if (f.isEmpty()) {
                notEmitted++;
                codeReport.append("=== ").append(c.id()).append(": NOT EMITTED: ").append(why).append("\n\n");
                graphReport.append("=== ").append(c.id()).append(": NOT EMITTED: ").append(why).append("\n\n");
                continue;
            }
            String code;
            try {
                code = CodePrinter.print(f.get());
            } catch (RuntimeException e) {
                code = "<CodePrinter failed: " + e + ">\n";
            }
            String graph;
            try {
                graph = GraphPrinter.print(f.get().graph());
            } catch (RuntimeException e) {
                graph = "<GraphPrinter failed: " + e + ">\n";
            }
            if (IrNormalization.code(code).equals(IrNormalization.code(c.code()))) {
                codeOk++;
            } else {
                diff(codeReport, c.id(), IrNormalization.code(c.code()), IrNormalization.code(code));
            }
            if (IrNormalization.graph(graph).equals(IrNormalization.graph(c.graph()))) {
                graphOk++;
            } else {
                diff(graphReport, c.id(), IrNormalization.graph(c.graph()), IrNormalization.graph(graph));
            }
        }
        int n = cases.size();
        String summary = String.format("code: %d/%d (%.1f%%)%ngraph: %d/%d (%.1f%%)%nnot emitted: %d",
                codeOk, n, 100.0 * codeOk / n, graphOk, n, 100.0 * graphOk / n, notEmitted);
        System.out.println(summary);
        Path out = Path.of("target", "ir-reports");
        Files.createDirectories(out);
        Files.writeString(out.resolve("corpus-code.txt"), summary + "\n\n" + codeReport, StandardCharsets.UTF_8);
        Files.writeString(out.resolve("corpus-graph.txt"), summary + "\n\n" + graphReport, StandardCharsets.UTF_8);
        assertTrue(codeOk >= CODE_FLOOR * n, summary);
        assertTrue(graphOk >= GRAPH_FLOOR * n, summary);
    }

    /** A line diff: the longest common subsequence of lines, others marked - (reference) and + (ours). */
    static void diff(StringBuilder out, String id, String reference, String ours) {
        String[] a = reference.split("\n", -1);
        String[] b = ours.split("\n", -1);
        int[][] lcs = new int[a.length + 1][b.length + 1];
        for (int i = a.length - 1; i >= 0; i--) {
            for (int j = b.length - 1; j >= 0; j--) {
                lcs[i][j] = a[i].equals(b[j]) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        out.append("=== ").append(id).append('\n');
        int i = 0;
        int j = 0;
        while (i < a.length || j < b.length) {
            if (i < a.length && j < b.length && a[i].equals(b[j])) {
                out.append("  ").append(a[i]).append('\n');
                i++;
                j++;
            } else if (j < b.length && (i == a.length || lcs[i][j + 1] >= lcs[i + 1][j])) {
                out.append("+ ").append(b[j++]).append('\n');
            } else {
                out.append("- ").append(a[i++]).append('\n');
            }
        }
        out.append('\n');
    }
}
