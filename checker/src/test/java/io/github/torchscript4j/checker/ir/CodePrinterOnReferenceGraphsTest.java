package io.github.torchscript4j.checker.ir;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Measures {@link CodePrinter} alone: every accepted script case's reference graph is read back
 * into our IR ({@link ReferenceGraphParser}) and printed, and the result compared with the
 * reference's code for that same graph, exactly and under {@link IrNormalization#code}. Skipped
 * when the conformance corpus is not beside the project. Writes {@code
 * target/ir-reports/printer-on-reference-graphs.txt} with a diff for every case that differs.
 *
 * <p>What cannot agree by construction (the graph text loses it): a called function's qualified
 * name (read as {@code __torch__.NAME}), a NamedTuple's name, parameter defaults.
 */
class CodePrinterOnReferenceGraphsTest {
    /** The share below which the printer has regressed (606/665 when written). */
    private static final double FLOOR = 0.88;

    @Test
    void printsTheReferenceCodeOfTheReferenceGraphs() throws IOException {
        Optional<Path> corpus = ConformanceCorpus.location();
        assumeTrue(corpus.isPresent(), "conformance corpus not found beside the project; skipped");
        List<ConformanceCorpus.Case> cases = ConformanceCorpus.scriptCases(corpus.get());
        int exact = 0;
        int normalized = 0;
        int failed = 0;
        StringBuilder report = new StringBuilder();
        for (ConformanceCorpus.Case c : cases) {
            String ours;
            try {
                Function f = ReferenceGraphParser.parseFunction("__torch__." + c.entry(), c.graph());
                ours = CodePrinter.print(f);
            } catch (RuntimeException e) {
                failed++;
                report.append("=== ").append(c.id()).append(": ").append(e).append("\n\n");
                continue;
            }
            if (ours.equals(c.code())) {
                exact++;
            }
            if (IrNormalization.code(ours).equals(IrNormalization.code(c.code()))) {
                normalized++;
            } else {
                report.append("=== ").append(c.id()).append("\n--- reference\n").append(c.code())
                        .append("--- ours\n").append(ours).append('\n');
            }
        }
        String summary = String.format("printer on reference graphs: exact %d/%d (%.1f%%), normalised %d/%d (%.1f%%), unreadable %d",
                exact, cases.size(), 100.0 * exact / cases.size(), normalized, cases.size(),
                100.0 * normalized / cases.size(), failed);
        System.out.println(summary);
        Path out = Path.of("target", "ir-reports");
        Files.createDirectories(out);
        Files.writeString(out.resolve("printer-on-reference-graphs.txt"), summary + "\n\n" + report, StandardCharsets.UTF_8);
        assertTrue(normalized >= FLOOR * cases.size(), summary);
    }
}
