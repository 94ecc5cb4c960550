package io.github.torchscript4j.checker.semantics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.torchscript4j.checker.source.Diagnostic;
import io.github.torchscript4j.checker.source.SourceRange;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every project of {@code fixtures/projects/} — a folder of Python files that import each
 * other — through a {@link Workspace}: its {@code main.py} (the one file of that name, at any
 * depth) is checked with the default source roots, and the diagnostics, in whichever file they
 * are, are compared with the expectations written in every file of the project, as {@link
 * SemanticFixtureTest} writes them ({@code #   ^^^ error[TS0101]: message}, first line only).
 * Expected messages were recorded from the reference, PyTorch 1.13.1, with the project's folder on
 * {@code sys.path}; the tests never run it.
 */
class ProjectFixtureTest {
    private static final Pattern EXPECTATION = Pattern.compile("^(\\s*)#(\\s*)(\\^+)(?: up (\\d+))? error\\[(TS\\d{4})\\]: (.*)$");
    private static final String DIR = "/fixtures/projects/";

    @TestFactory
    Stream<DynamicTest> projects() throws IOException, URISyntaxException {
        Path dir = Paths.get(ProjectFixtureTest.class.getResource(DIR).toURI());
        try (Stream<Path> projects = Files.list(dir)) {
            return projects.filter(Files::isDirectory).sorted().toList().stream()
                    .map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> check(p)));
        }
    }

    private static void check(Path project) throws IOException {
        List<Path> sources;
        try (Stream<Path> walk = Files.walk(project)) {
            sources = walk.filter(p -> p.toString().endsWith(".py")).sorted().toList();
        }
        Path main = sources.stream().filter(p -> p.getFileName().toString().equals("main.py")).findFirst().orElseThrow();
        List<String> expected = new ArrayList<>();
        for (Path p : sources) {
            expected.addAll(expectations(project.relativize(p).toString(), Files.readString(p)));
        }
        Workspace ws = Workspace.onDisk(Workspace.defaultRoots(main, SourceProvider.fileSystem()));
        CheckedFile checked = ws.check(main);
        List<String> actual = new ArrayList<>();
        for (Diagnostic d : checked.diagnostics()) {
            SourceRange r = d.range();
            String[] lines = r.file().text().split("\n", -1);
            int line = r.startLine();
            int col = r.startColumn() - 1;
            int end = r.endLine() == line ? r.endColumn() - 1 : lines[line - 1].length();
            String file = project.relativize(Path.of(r.file().path()).toAbsolutePath().normalize()).toString();
            String message = d.message().split("\n", 2)[0].replace(project.toString() + "/", ""); // paths in messages
            actual.add(render(file, line, col, end, d.code().id(), message));
        }
        expected.sort(null);
        actual.sort(null);
        assertEquals(String.join("\n", expected), String.join("\n", actual), project.getFileName().toString());
    }

    private static List<String> expectations(String file, String source) {
        String[] lines = source.split("\n", -1);
        List<String> expected = new ArrayList<>();
        List<Integer> code = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            Matcher m = EXPECTATION.matcher(lines[i]);
            if (!m.matches()) {
                code.add(i);
                continue;
            }
            int up = m.group(4) == null ? 0 : Integer.parseInt(m.group(4));
            int target = code.get(code.size() - 1 - up);
            int col = m.group(1).length() + 1 + m.group(2).length();
            int len = m.group(3).length();
            expected.add(render(file, target + 1, col, col + len, m.group(5), m.group(6)));
        }
        return expected;
    }

    private static String render(String file, int line, int col, int end, String code, String message) {
        return file + ":" + line + ":" + col + "-" + end + " error[" + code + "]: " + message;
    }
}
