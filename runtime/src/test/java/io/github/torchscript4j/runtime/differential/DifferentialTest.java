package io.github.torchscript4j.runtime.differential;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.torchscript4j.checker.source.Diagnostic;
import io.github.torchscript4j.runtime.ReferenceCompiler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The differential test of issue 3: every program of the corpus ({@code
 * src/test/resources/differential/}, see its {@code README.md}) goes through libtorch's own
 * TorchScript compiler ({@link ReferenceCompiler}, {@code torch::jit::compile}) and through our
 * front end ({@link OurChecker}: decode, parse and {@code Checker.check} on the program's {@link
 * ScriptFile}), and both must give the same verdict — the program compiles, or it has an error.
 *
 * <p>The programs where we do not agree yet are listed, each with the reason, in {@code
 * known-disagreements.txt}. The test fails for a disagreement that is not listed, and for a listed
 * program that now agrees (or no longer exists), so the list only shrinks and stays true. After a
 * change of the checker, regenerate the list and review its diff:
 *
 * <pre>
 * mvn -o -q -pl runtime -am test -Dtest=DifferentialTest -Dsurefire.failIfNoSpecifiedTests=false -Ddifferential.update=true
 * </pre>
 *
 * <p>It also holds the corpus to its own promises: each program gets the verdict its file intends
 * ({@code accepted-*} or {@code rejected-*}), and libtorch 2.10's verdict is PyTorch 1.13.1's, as
 * recorded in {@code pytorch-1.13.txt} by {@code scripts/record-differential-pytorch} (programs on
 * which the two disagree are left out of the corpus).
 *
 * <p>It prints {@code N programs: reference accepts A, rejects R; agreement K/N} and the details.
 * All programs compile in this JVM, in a few seconds. Tagged {@code native}: it loads libtorch.
 */
@Tag("native")
class DifferentialTest {
    static final String KNOWN_DISAGREEMENTS = "known-disagreements.txt";
    static final String PYTORCH_113 = "pytorch-1.13.txt";
    private static final String UPDATE = "differential.update";

    /** One program and both verdicts. */
    record Outcome(Program program, ScriptFile file, ReferenceCompiler.Verdict reference, OurChecker.Verdict ours) {
        boolean agrees() {
            return reference.accepted() == ours.accepted();
        }

        /** Why the verdicts differ, for the known-disagreements list. */
        String disagreement() {
            if (ours.accepted()) {
                return "we accept; libtorch: " + shorten(reference.rejection().orElseThrow().toString());
            }
            Diagnostic first = ours.first().orElseThrow();
            return "we reject: " + first.code().id() + " line " + file.programLine(first.range().startLine())
                    + ": " + shorten(first.message());
        }
    }

    private static List<Outcome> outcomes;

    @BeforeAll
    static void runEveryProgram() {
        List<Program> programs = Corpus.load();
        List<Outcome> results = new ArrayList<>();
        long referenceNanos = 0;
        long ourNanos = 0;
        for (Program program : programs) {
            long start = System.nanoTime();
            ReferenceCompiler.Verdict reference = ReferenceCompiler.compile(program.source());
            long middle = System.nanoTime();
            ScriptFile file = ScriptFile.of(program.source());
            OurChecker.Verdict ours;
            try {
                ours = OurChecker.check(program.name(), file.text());
            } catch (RuntimeException | StackOverflowError e) {
                throw new AssertionError(program.origin() + ": our front end threw on " + program.name() + ":\n" + file.text(), e);
            }
            long end = System.nanoTime();
            referenceNanos += middle - start;
            ourNanos += end - middle;
            results.add(new Outcome(program, file, reference, ours));
        }
        outcomes = List.copyOf(results);
        System.out.printf("differential: libtorch compiled %d programs in %d ms, our front end checked them in %d ms%n",
                programs.size(), referenceNanos / 1_000_000, ourNanos / 1_000_000);
        System.out.println("differential: " + figures());
    }

    @Test
    void ourVerdictIsTheReferencesExceptForTheKnownDisagreements() throws IOException {
        Map<String, String> disagreements = new LinkedHashMap<>();
        for (Outcome outcome : outcomes) {
            if (!outcome.agrees()) {
                disagreements.put(outcome.program().name(), outcome.disagreement());
            }
        }
        if (Boolean.getBoolean(UPDATE)) {
            Path written = writeKnownDisagreements(disagreements);
            System.out.println("differential: wrote " + disagreements.size() + " known disagreements to " + written);
            return;
        }
        Map<String, String> known = NameList.read(KNOWN_DISAGREEMENTS);
        List<String> problems = new ArrayList<>();
        for (Outcome outcome : outcomes) {
            String name = outcome.program().name();
            if (!outcome.agrees() && !known.containsKey(name)) {
                problems.add("new disagreement: " + name + " (" + outcome.program().origin() + "): " + outcome.disagreement());
            } else if (outcome.agrees() && known.containsKey(name)) {
                problems.add("now agrees, remove it from the list: " + name + " (" + outcome.reference() + ")");
            }
        }
        List<String> names = outcomes.stream().map(o -> o.program().name()).toList();
        for (String name : known.keySet()) {
            if (!names.contains(name)) {
                problems.add("listed but not in the corpus: " + name);
            }
        }
        if (!problems.isEmpty()) {
            fail(problems.size() + " differences from " + KNOWN_DISAGREEMENTS + " (" + figures() + "); regenerate it with -D"
                    + UPDATE + "=true and review the diff:\n  " + String.join("\n  ", problems));
        }
    }

    @Test
    void theReferenceGivesEveryProgramTheVerdictItsFileIntends() {
        List<String> problems = new ArrayList<>();
        for (Outcome outcome : outcomes) {
            boolean intendedAccepted = outcome.program().intent() == Program.Intent.ACCEPTED;
            if (outcome.reference().accepted() != intendedAccepted) {
                problems.add(outcome.program().origin() + " " + outcome.program().name() + ": libtorch says " + outcome.reference());
            }
        }
        assertTrue(problems.isEmpty(), "corpus programs in the wrong file:\n  " + String.join("\n  ", problems));
    }

    @Test
    void pytorch113GivesEveryProgramLibtorch210sVerdict() {
        Map<String, String> recorded = NameList.read(PYTORCH_113);
        List<String> problems = new ArrayList<>();
        for (Outcome outcome : outcomes) {
            String name = outcome.program().name();
            String verdict = recorded.get(name);
            if (verdict == null) {
                problems.add("not recorded: " + name + " (run scripts/record-differential-pytorch)");
                continue;
            }
            boolean accepted = verdict.startsWith("accepted");
            if (accepted != outcome.reference().accepted()) {
                problems.add(outcome.program().origin() + " " + name + ": PyTorch 1.13 " + verdict
                        + ", libtorch 2.10 " + outcome.reference() + " (leave it out of the corpus)");
            }
        }
        assertTrue(problems.isEmpty(), "PyTorch 1.13.1 and libtorch 2.10 differ:\n  " + String.join("\n  ", problems));
    }

    /** {@code N programs: reference accepts A, rejects R; agreement K/N}, then the details. */
    static String figures() {
        int accepted = 0;
        int agreed = 0;
        int caught = 0;
        int falseRejections = 0;
        int sameLine = 0;
        for (Outcome outcome : outcomes) {
            if (outcome.reference().accepted()) {
                accepted++;
                if (!outcome.ours().accepted()) {
                    falseRejections++;
                }
            } else if (!outcome.ours().accepted()) {
                caught++;
                int ourLine = outcome.file().programLine(outcome.ours().first().orElseThrow().range().startLine());
                if (outcome.reference().rejection().orElseThrow().line().orElse(-1) == ourLine) {
                    sameLine++;
                }
            }
            if (outcome.agrees()) {
                agreed++;
            }
        }
        int n = outcomes.size();
        int rejected = n - accepted;
        return String.format("%d programs: reference accepts %d, rejects %d; agreement %d/%d"
                        + " (errors caught %d/%d, false rejections %d/%d, first error on the reference's line %d/%d)",
                n, accepted, rejected, agreed, n, caught, rejected, falseRejections, accepted, sameLine, caught);
    }

    private static Path writeKnownDisagreements(Map<String, String> disagreements) throws IOException {
        Path folder = Path.of(System.getProperty("basedir", System.getProperty("user.dir")), "src", "test", "resources", Corpus.FOLDER);
        if (!Files.isDirectory(folder)) {
            throw new IOException("not the runtime module's source tree: " + folder);
        }
        int width = disagreements.keySet().stream().mapToInt(String::length).max().orElse(0);
        StringBuilder out = new StringBuilder();
        out.append("# Programs of the differential corpus on which our checker's verdict is not libtorch's\n");
        out.append("# (DifferentialTest), with the reason. Generated: run the test with -D").append(UPDATE)
                .append("=true\n");
        out.append("# (see README.md), never edited by hand. The list may only shrink.\n");
        for (Map.Entry<String, String> entry : disagreements.entrySet()) {
            out.append(entry.getKey()).append(" ".repeat(width - entry.getKey().length() + 2)).append(entry.getValue()).append('\n');
        }
        Path file = folder.resolve(KNOWN_DISAGREEMENTS);
        Files.writeString(file, out.toString(), StandardCharsets.UTF_8);
        return file;
    }

    private static String shorten(String text) {
        String line = text.lines().findFirst().orElse("").strip();
        return line.length() <= 120 ? line : line.substring(0, 117) + "...";
    }
}
