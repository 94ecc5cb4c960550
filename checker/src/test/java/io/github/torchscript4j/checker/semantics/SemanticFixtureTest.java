package io.github.torchscript4j.checker.semantics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.torchscript4j.checker.source.Diagnostic;
import io.github.torchscript4j.checker.source.SourceRange;
import io.github.torchscript4j.checker.syntax.ParseResult;
import io.github.torchscript4j.checker.syntax.Parser;
import io.github.torchscript4j.checker.syntax.SourceDecoder;
import java.io.IOException;
import java.io.InputStream;
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
 * Runs every fixture of {@code fixtures/semantics/} through the checker and compares its
 * diagnostics with the expectations written in the fixture.
 *
 * <p>An expectation is a comment line {@code #   ^^^^ error[TS0101]: undefined value y} that
 * refers to the closest line above it that is not itself an expectation ({@code ^^^ up 1 error...}:
 * the line above that one, for a {@code def} line followed by its {@code # type:} comment): the
 * carets sit under the reported range (so a range at column 0 cannot be expected); a range that
 * continues on later lines is marked to the end of its first line. The
 * message is the diagnostic's first line. A fixture without expectations must check clean. The
 * expected messages were recorded from the reference (PyTorch 1.13.1); the tests never run it.
 */
class SemanticFixtureTest {
    private static final Pattern EXPECTATION = Pattern.compile("^(\\s*)#(\\s*)(\\^+)(?: up (\\d+))? error\\[(TS\\d{4})\\]: (.*)$");
    private static final String DIR = "/fixtures/semantics/";

    @TestFactory
    Stream<DynamicTest> fixtures() throws IOException, URISyntaxException {
        Path dir = Paths.get(SemanticFixtureTest.class.getResource(DIR).toURI());
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> sorted = files.filter(p -> p.toString().endsWith(".py")).sorted().toList();
            return sorted.stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(),
                    () -> check(p.getFileName().toString(), read(p.getFileName().toString()))));
        }
    }

    private static String read(String name) throws IOException {
        try (InputStream in = SemanticFixtureTest.class.getResourceAsStream(DIR + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The one helper every fixture goes through: expected versus actual, as text. */
    static void check(String name, String source) {
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
            expected.add(render(target + 1, col, col + len, m.group(5), m.group(6)));
        }
        ParseResult parsed = Parser.parse(SourceDecoder.decode(name, source.getBytes(StandardCharsets.UTF_8)));
        assertEquals(List.of(), parsed.diagnostics(), "the fixture must parse");
        List<String> actual = new ArrayList<>();
        for (Diagnostic d : Checker.check(parsed).diagnostics()) {
            SourceRange r = d.range();
            int line = r.startLine();
            int col = r.startColumn() - 1;
            int end = r.endLine() == line ? r.endColumn() - 1 : lines[line - 1].length();
            actual.add(render(line, col, end, d.code().id(), d.message().split("\n", 2)[0]));
        }
        assertEquals(String.join("\n", expected), String.join("\n", actual), name);
    }

    private static String render(int line, int col, int end, String code, String message) {
        return line + ":" + col + "-" + end + " error[" + code + "]: " + message;
    }
}
