package io.github.torchscript4j.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Ant-style include and exclude patterns, as Maven's plugins read them, and the folder walk. */
class SourcePatternTest {

    @ParameterizedTest(name = "{0} ~ {1} = {2}")
    @CsvSource(delimiter = '|', textBlock = """
            **/*.py            | a.py                  | true
            **/*.py            | models/net.py         | true
            **/*.py            | models/deep/er/net.py | true
            **/*.py            | a.pyc                 | false
            **/*.py            | models/py             | false
            *.py               | a.py                  | true
            *.py               | models/net.py         | false
            models/**/*.py     | models/net.py         | true
            models/**/*.py     | models/a/b/net.py     | true
            models/**/*.py     | other/net.py          | false
            models/*.py        | models/a/net.py       | false
            **/test_*.py       | pkg/test_net.py       | true
            **/test_*.py       | pkg/net_test.py       | false
            **/experimental/   | experimental/a.py     | true
            **/experimental/   | x/experimental/y/a.py | true
            **/experimental/   | x/experimental.py     | false
            **/experimental/** | x/experimental/a.py   | true
            n?t.py             | net.py                | true
            n?t.py             | neet.py               | false
            *                  | anything.py           | true
            **                 | a/b/c.py              | true
            **/**/*.py         | a.py                  | true
            a*b*c.py           | aXbYc.py              | true
            a*b*c.py           | aXcYb.py              | false
            models\\*.py       | models/net.py         | true
            /models/*.py       | models/net.py         | true
            Models/*.py        | models/net.py         | false
            """)
    void matches(String pattern, String path, boolean expected) {
        assertEquals(expected, SourcePattern.of(pattern).matches(path));
    }

    @Test
    void theScannerListsIncludedFilesNotExcludedSortedByRelativePath(@TempDir Path dir) throws IOException {
        for (String f : List.of("z.py", "b/a.py", "a/c.py", "a/notes.txt", "a/tests/test_c.py", "a/__pycache__/c.pyc")) {
            Files.createDirectories(dir.resolve(f).getParent());
            Files.writeString(dir.resolve(f), "");
        }
        List<String> found = SourceScanner.scan(dir, List.of(SourcePattern.of("**/*.py")),
                        List.of(SourcePattern.of("**/tests/")))
                .stream().map(SourceScanner.Source::relativePath).toList();
        assertEquals(List.of("a/c.py", "b/a.py", "z.py"), found);
    }

    @Test
    void aMissingFolderHasNoSources(@TempDir Path dir) throws IOException {
        assertEquals(List.of(), SourceScanner.scan(dir.resolve("absent"), List.of(SourcePattern.of("**")), List.of()));
    }
}
