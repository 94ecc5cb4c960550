package io.github.torchscript4j.checker.semantics.robustness;

import io.github.torchscript4j.checker.syntax.robustness.Fuzz;
import io.github.torchscript4j.checker.syntax.robustness.Snippets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The parser's fuzz tests carried through the checker: random TorchScript programs ({@link
 * ProgramGenerator}) and mutants ({@link Mutations}) of the semantic fixtures, of the parser's
 * snippets and of generated programs all go through {@link
 * io.github.torchscript4j.checker.semantics.CheckedFile#check(String, byte[])} and must keep
 * {@link CheckInvariants}: no exception, no hang, diagnostics inside the file and sorted, the same
 * diagnostics on a second check.
 *
 * <p>Seeds are fixed for the normal build; widen the search as for the parser's fuzz tests:
 *
 * <pre>mvn -pl checker test -Dtest='CheckerFuzzTest' -Dtorchscript4j.fuzz.scale=50 -Dtorchscript4j.fuzz.seed=random</pre>
 */
class CheckerFuzzTest {
    static final List<String> FIXTURES = loadFixtures();

    @Test
    void generatedProgramsNeverBreakTheChecker() {
        Fuzz.check("checker.generated", 300, ProgramGenerator::program, CheckInvariants::checkText,
                Mutations.LINES_THEN_CHARS, Fuzz::javaLiteral);
    }

    @Test
    void mutatedFixturesNeverBreakTheChecker() {
        Fuzz.check("checker.mutatedFixtures", 400, r -> Mutations.mutate(r, Fuzz.pick(r, FIXTURES), 4),
                CheckInvariants::checkText, Mutations.LINES_THEN_CHARS, Fuzz::javaLiteral);
    }

    @Test
    void mutatedSnippetsNeverBreakTheChecker() {
        Fuzz.check("checker.mutatedSnippets", 200, CheckerFuzzTest::mutatedSnippet, CheckInvariants::checkText,
                Mutations.LINES_THEN_CHARS, Fuzz::javaLiteral);
    }

    @Test
    void mutatedGeneratedProgramsNeverBreakTheChecker() {
        Fuzz.check("checker.mutatedGenerated", 300, r -> Mutations.mutate(r, ProgramGenerator.program(r), 3),
                CheckInvariants::checkText, Mutations.LINES_THEN_CHARS, Fuzz::javaLiteral);
    }

    /** Every line prefix of every fixture: unfinished functions, classes and modules. */
    @Test
    void everyLinePrefixOfEveryFixtureKeepsTheInvariants() {
        for (String fixture : FIXTURES) {
            for (int i = 0; i <= fixture.length(); i++) {
                if (i == fixture.length() || fixture.charAt(i) == '\n') {
                    CheckInvariants.checkText(fixture.substring(0, i));
                }
            }
        }
    }

    /** The fixtures themselves, and each with every line deleted in turn. */
    @Test
    void everyFixtureWithOneLineDeletedKeepsTheInvariants() {
        for (String fixture : FIXTURES) {
            CheckInvariants.checkText(fixture);
            String[] lines = fixture.split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                if (lines[i].isBlank() || lines[i].stripLeading().startsWith("#")) {
                    continue;
                }
                List<String> kept = new ArrayList<>(List.of(lines));
                kept.remove(i);
                CheckInvariants.checkText(String.join("\n", kept));
            }
        }
    }

    private static String mutatedSnippet(Random r) {
        byte[] bytes = Fuzz.pick(r, Snippets.ALL).bytes();
        return Mutations.mutate(r, new String(bytes, StandardCharsets.UTF_8), 4);
    }

    private static List<String> loadFixtures() {
        try {
            Path dir = Paths.get(CheckerFuzzTest.class.getResource("/fixtures/semantics/").toURI());
            try (Stream<Path> files = Files.list(dir)) {
                List<String> out = new ArrayList<>();
                for (Path p : files.filter(p -> p.toString().endsWith(".py")).sorted().toList()) {
                    out.add(Files.readString(p, StandardCharsets.UTF_8));
                }
                if (out.isEmpty()) {
                    throw new IllegalStateException("no fixtures under fixtures/semantics/");
                }
                return List.copyOf(out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
