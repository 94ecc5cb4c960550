package io.github.torchscript4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code check}, {@code code} and {@code graph} on files that import each other: the default
 * source roots (the package root, the file's folder), {@code --source-root}, and errors inside
 * an imported file reported under that file, once. Messages and code as the reference prints them.
 */
class CheckImportsTest {
    @TempDir Path dir;

    record Run(int status, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.execute(args, new ByteArrayInputStream(new byte[0]), new PrintWriter(out), new PrintWriter(err));
        return new Run(status, out.toString(), err.toString());
    }

    private String file(String name, String text) throws IOException {
        Path path = dir.resolve(name);
        Files.createDirectories(path.getParent());
        Files.writeString(path, text, StandardCharsets.UTF_8);
        return path.toString();
    }

    private static final String UTIL = "import torch\n\ndef helper(x: int) -> int:\n    return x + 1\n\n"
            + "def bad(x: torch.Tensor) -> torch.Tensor:\n    return x + nope\n";

    @Test
    void aPackageFileImportsItsSiblingsByDefault() throws IOException {
        file("pkg/__init__.py", "");
        file("pkg/util.py", UTIL);
        String main = file("pkg/main.py", "import torch\nfrom pkg.util import helper\nfrom .util import helper as h\n\n"
                + "@torch.jit.script\ndef f(x: torch.Tensor) -> int:\n    return helper(\"s\") + h(1)\n");
        Run run = run("check", main);
        assertEquals(1, run.status(), run.err());
        assertEquals(main + ":7:12: error[TS0115]: helper(int x) -> int\n", run.out().lines().findFirst().orElse("") + "\n");
    }

    @Test
    void anErrorInsideAnImportedFileIsReportedUnderThatFileOnce() throws IOException {
        String util = file("src/lib/util.py", UTIL);
        String a = file("app/a.py", "import torch\nimport lib.util as u\n\n"
                + "@torch.jit.script\ndef f(x: torch.Tensor):\n    return u.bad(x)\n");
        String b = file("app/b.py", "import torch\nfrom lib.util import bad\n\n"
                + "@torch.jit.script\ndef g(x: torch.Tensor):\n    return bad(x)\n");
        // without the root, lib is a third-party module: opaque, no error
        assertEquals(new Run(0, "", ""), run("check", a));
        Run run = run("check", "--source-root", dir.resolve("src").toString(), a, b);
        assertEquals(1, run.status(), run.err());
        // lib (no __init__.py) is a namespace package: a's import through it reaches bad too, and the
        // error is reported once, with the first chain that reached it
        assertEquals(util + ":7:16: error[TS0101]: undefined value nope\n"
                + a + ":6:12: note: 'bad' is being compiled since it was called from 'f'\n", run.out());
    }

    @Test
    void codeNamesImportedFunctionsByTheirModule() throws IOException {
        file("pkg/__init__.py", "");
        file("pkg/util.py", UTIL);
        String main = file("main.py", "import torch\nimport pkg.util as u\n\n"
                + "@torch.jit.script\ndef f(x: int) -> int:\n    return u.helper(x) + 1\n");
        Run run = run("code", main, "--function", "f");
        assertEquals(0, run.status(), run.err());
        // recorded from the reference: main.f.code
        assertEquals("def f(x: int) -> int:\n  _0 = torch.add(__torch__.pkg.util.helper(x, ), 1)\n  return _0\n", run.out());
        Run graph = run("graph", main, "--function", "helper");
        assertTrue(graph.out().startsWith("graph(%x.1 : int):"), graph.out());
    }
}
