package io.github.torchscript4j.lsp.ide;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.torchscript4j.checker.source.Diagnostic;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Project}: files checked with their imports of other project files resolved, the editor's
 * texts in front of the disk, what each check read, and definitions across files; on a project in
 * a temporary directory. The messages are the checker's, recorded from PyTorch 1.13.1 in its own
 * {@code WorkspaceTest}.
 */
class ProjectTest {
    private static final String UTIL = "import torch\n\n\ndef helper(x: int) -> int:\n    return x + 1\n";
    private static final String MAIN = """
            import torch
            from pkg.util import helper


            @torch.jit.script
            def f(x: int) -> int:
                return helper(x)
            """;

    @TempDir
    Path root;
    private final Map<Path, String> open = new HashMap<>();
    private Path main;
    private Path util;

    @BeforeEach
    void files() throws IOException {
        root = root.toAbsolutePath().normalize();
        Files.createDirectories(root.resolve("pkg"));
        Files.writeString(root.resolve("pkg/__init__.py"), "");
        util = root.resolve("pkg/util.py");
        Files.writeString(util, UTIL);
        main = root.resolve("main.py");
        Files.writeString(main, MAIN);
    }

    private Project project() {
        return new Project(() -> List.of(root), p -> Optional.ofNullable(open.get(p)));
    }

    private static List<String> messages(List<Diagnostic> ds) {
        return ds.stream().map(d -> d.range().startLine() + ":" + d.range().text() + " " + d.message().split("\n")[1]).toList();
    }

    @Test
    void anEditInsideAScriptedFunctionIsRecheckedAloneWithItsImportsResolved() {
        Project project = project();
        Analysis a = project.analyze(main, 1, MAIN);
        assertEquals(List.of(), a.diagnostics());
        String edited = MAIN.replace("helper(x)", "helper(2.5)");
        IncrementalDiagnostics.Result r = IncrementalDiagnostics
                .recheck(IncrementalDiagnostics.Base.of(a).orElseThrow(), main.toString(), edited).orElseThrow();
        assertEquals(Optional.of("f"), r.rechecked());
        List<String> expected = List.of(
                "7:helper Expected a value of type 'int' for argument 'x' but instead found type 'float'.");
        assertEquals(expected, messages(r.diagnostics()));
        assertEquals(expected, messages(project.analyze(main, 2, edited).diagnostics()));
    }

    @Test
    void theEditorsTextsShadowTheDiskAndEveryFileReadIsRecorded() {
        Project project = project();
        String edited = MAIN.replace("helper(x)", "helper(2.5)");
        Analysis a = project.analyze(main, 1, edited);
        assertEquals(1, a.diagnostics().size());
        assertTrue(a.reads().contains(util), a.reads().toString());
        assertTrue(a.reads().contains(main), a.reads().toString());
        open.put(util, UTIL.replace("x: int", "x: float"));
        assertEquals(List.of(), project.analyze(main, 1, edited).diagnostics());
    }

    @Test
    void anErrorInsideAnImportedFunctionBelongsToItsFile() {
        open.put(util, UTIL.replace("x + 1", "x + nope"));
        Analysis a = project().analyze(main, 1, MAIN);
        assertEquals(List.of(), a.diagnostics());
        assertTrue(a.hasErrors());
        assertEquals(List.of(util), List.copyOf(a.importedDiagnostics().keySet()));
        assertEquals("undefined value nope", a.importedDiagnostics().get(util).get(0).message().split("\n")[0]);
    }

    @Test
    void definitionsFollowReexportsAndRelativeImports() throws IOException {
        Files.writeString(root.resolve("pkg/__init__.py"), "from .util import helper as h\n");
        String text = "import torch\nimport pkg\nfrom pkg import h\n\ndef g(x: int) -> int:\n    return h(x) + pkg.h(x)\n";
        Project project = project();
        Analysis a = project.analyze(main, 1, text);
        for (String at : List.of("h(x) +", "h(x)\n")) {
            Project.Target t = a.importedDefinition(text.indexOf(at)).orElseThrow(() -> new AssertionError(at));
            assertEquals(util, t.file());
            assertEquals("helper", t.range().text());
        }
        assertEquals(Optional.empty(), a.importedDefinition(text.indexOf("x: int")));
    }
}
