package io.github.torchscript4j.checker.ir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The public conformance corpus ({@code shared/conformance/public} beside the project), when it is
 * there: its accepted script cases with the reference's {@code graph} and {@code code}.
 */
final class ConformanceCorpus {
    /** One accepted script case: id, file relative to the corpus folder, entry function, texts. */
    record Case(String id, String file, String entry, String graph, String code) {}

    private ConformanceCorpus() {}

    /** The folder holding {@code cases.jsonl}, found from the working directory upwards. */
    static Optional<Path> location() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("ARCHITECTURE.md"))) {
                Path corpus = p.resolveSibling("shared").resolve("conformance").resolve("public");
                return Files.isRegularFile(corpus.resolve("cases.jsonl")) ? Optional.of(corpus) : Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** The accepted script cases that carry a graph and code, in file order. */
    @SuppressWarnings("unchecked")
    static List<Case> scriptCases(Path corpus) throws IOException {
        List<Case> out = new ArrayList<>();
        for (String line : Files.readAllLines(corpus.resolve("cases.jsonl"), StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            Map<String, Object> c = (Map<String, Object>) MiniJson.parse(line);
            if ("script".equals(c.get("kind")) && "ok".equals(c.get("expect")) && c.get("graph") instanceof String g
                    && c.get("code") instanceof String code) {
                out.add(new Case((String) c.get("id"), (String) c.get("file"), (String) c.get("entry"), g, code));
            }
        }
        return out;
    }
}
