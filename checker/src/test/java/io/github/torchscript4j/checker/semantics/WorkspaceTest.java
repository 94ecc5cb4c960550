package io.github.torchscript4j.checker.semantics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.torchscript4j.checker.emit.Emitter;
import io.github.torchscript4j.checker.ir.CodePrinter;
import io.github.torchscript4j.checker.ir.Function;
import io.github.torchscript4j.checker.source.Diagnostic;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Module resolution, caching and cycles of {@link Workspace}, on projects held in memory (a
 * {@link SourceProvider} over a map, as a language server's unsaved texts would be). Expected
 * messages and printed code were recorded from the reference, PyTorch 1.13.1, with the files on
 * {@code sys.path}.
 */
class WorkspaceTest {
    private static final Path ROOT = Path.of("/project");

    /** A project in memory, counting reads. */
    private static final class Files implements SourceProvider {
        final Map<Path, byte[]> files = new HashMap<>();
        final AtomicInteger reads = new AtomicInteger();

        Files put(String path, String text) {
            files.put(ROOT.resolve(path), text.getBytes(StandardCharsets.UTF_8));
            return this;
        }

        @Override
        public Optional<byte[]> read(Path file) {
            reads.incrementAndGet();
            return Optional.ofNullable(files.get(file.toAbsolutePath().normalize()));
        }

        @Override
        public boolean isDirectory(Path folder) {
            Path f = folder.toAbsolutePath().normalize();
            return files.keySet().stream().anyMatch(p -> p.startsWith(f) && !p.equals(f));
        }
    }

    private static Workspace workspace(Files files) {
        return new Workspace(List.of(ROOT), files);
    }

    private static List<String> messages(CheckedFile f) {
        return f.diagnostics().stream()
                .map(d -> Path.of(d.range().file().path()).getFileName() + ":" + d.range().startLine() + " "
                        + d.code().id() + " " + d.message().split("\n", 2)[0])
                .collect(Collectors.toList());
    }

    @Test
    void modulesAreFilesOrPackagesUnderTheFirstRootThatHasThem() {
        Files files = new Files().put("a/__init__.py", "").put("a/b.py", "").put("a/c/__init__.py", "")
                .put("other/a/b.py", "");
        Workspace ws = new Workspace(List.of(ROOT, ROOT.resolve("other")), files);
        assertEquals(Optional.of(ROOT.resolve("a/b.py")), ws.findModule("a.b"));
        assertEquals(Optional.of(ROOT.resolve("a/c/__init__.py")), ws.findModule("a.c"));
        assertEquals(Optional.of(ROOT.resolve("a/__init__.py")), ws.findModule("a"));
        assertEquals(Optional.empty(), ws.findModule("a.missing"));
        assertEquals(Optional.empty(), ws.findModule("a..b"));
        assertEquals(Optional.empty(), ws.findModule("../etc"));
        Workspace other = new Workspace(List.of(ROOT.resolve("other"), ROOT), files);
        assertEquals(Optional.of(ROOT.resolve("other/a/b.py")), other.findModule("a.b"));
    }

    /**
     * A folder without {@code __init__.py} is a namespace package (PEP 420): {@code import
     * ns.sub.mod as m} and {@code from ns.sub.mod import f} both reach the function, so its
     * wrong use is an error (PyTorch 1.13.1: "Return value was annotated as having type str but is
     * actually of type int"); a module of that name elsewhere on the roots comes first.
     */
    @Test
    void aFolderWithoutInitIsANamespacePackage() {
        Files files = new Files().put("ns/sub/mod.py", "import torch\n\ndef f(x: int) -> int:\n    return x + 1\n")
                .put("main.py", String.join("\n",
                        "import torch",
                        "from ns.sub.mod import f",
                        "import ns.sub.mod as m",
                        "import ns.sub",
                        "",
                        "@torch.jit.script",
                        "def g(x: int) -> str:",
                        "    return f(x) + m.f(x) + ns.sub.mod.f(x)",
                        ""));
        Workspace ws = workspace(files);
        CheckedFile main = ws.check(ROOT.resolve("main.py"), files.files.get(ROOT.resolve("main.py")));
        assertEquals(List.of("main.py:8 TS0109 Return value was annotated as having type str but is actually of type int"),
                messages(main));
        assertEquals(Optional.empty(), ws.findModule("ns"), "a namespace package is no file");
        Files both = new Files().put("ns.py", "X = 1\n").put("ns/sub/mod.py", "");
        assertEquals(Optional.of(ROOT.resolve("ns.py")), new Workspace(List.of(ROOT), both).findModule("ns"));
    }

    @Test
    void aFileIsNamedByTheFirstRootItIsUnder() {
        Workspace ws = new Workspace(List.of(ROOT.resolve("src"), ROOT), new Files());
        assertEquals(Optional.of("pkg.util"), ws.moduleName(ROOT.resolve("src/pkg/util.py")));
        assertEquals(Optional.of("pkg"), ws.moduleName(ROOT.resolve("src/pkg/__init__.py")));
        assertEquals(Optional.of("tools.run"), ws.moduleName(ROOT.resolve("tools/run.py")));
        assertEquals(Optional.empty(), ws.moduleName(Path.of("/elsewhere/x.py")));
        assertEquals(Optional.empty(), ws.moduleName(ROOT.resolve("my-tools/run.py")));
    }

    @Test
    void defaultRootsAreThePackageRootThenTheFilesFolder() {
        Files files = new Files().put("pkg/__init__.py", "").put("pkg/sub/__init__.py", "");
        assertEquals(List.of(ROOT, ROOT.resolve("pkg/sub")),
                Workspace.defaultRoots(ROOT.resolve("pkg/sub/main.py"), files));
        assertEquals(List.of(ROOT), Workspace.defaultRoots(ROOT.resolve("main.py"), files));
        assertEquals(List.of(Path.of(""), Path.of("pkg")), Workspace.defaultRoots(Path.of("pkg/m.py"),
                f -> f.toAbsolutePath().normalize().equals(Path.of("pkg/__init__.py").toAbsolutePath().normalize())
                        ? Optional.of(new byte[0]) : Optional.empty()));
    }

    @Test
    void relativeImportsResolveAgainstThePackage() {
        Files files = new Files()
                .put("pkg/__init__.py", "")
                .put("pkg/util.py", "def helper(x: int) -> int:\n    return x + 1\n")
                .put("pkg/sub/__init__.py", "")
                .put("pkg/sub/m.py", "import torch\nfrom ..util import helper\nfrom .. import util\n"
                        + "@torch.jit.script\ndef f(x: int) -> int:\n    return helper(x) + util.helper(x)\n")
                .put("pkg/sub/bad.py", "import torch\nfrom ...util import helper\nfrom .nothing import x\n");
        Workspace ws = workspace(files);
        assertEquals(List.of(), messages(ws.check(ROOT.resolve("pkg/sub/m.py"), files.files.get(ROOT.resolve("pkg/sub/m.py")))));
        // beyond the top-level package: not modelled, silent; a missing sibling module: Python's error
        assertEquals(List.of("bad.py:3 TS0133 No module named 'pkg.sub.nothing'"),
                messages(ws.check(ROOT.resolve("pkg/sub/bad.py"), files.files.get(ROOT.resolve("pkg/sub/bad.py")))));
    }

    @Test
    void aWrongCallAcrossFilesIsReportedAtTheCallWithTheReferencesMessage() {
        Files files = new Files()
                .put("pkg/__init__.py", "")
                .put("pkg/util.py", "def helper(x: int) -> int:\n    return x + 1\n")
                .put("main.py", "import torch\nfrom pkg.util import helper\n"
                        + "@torch.jit.script\ndef g(x: torch.Tensor):\n    return helper(\"s\")\n");
        CheckedFile f = workspace(files).check(ROOT.resolve("main.py"), files.files.get(ROOT.resolve("main.py")));
        assertEquals(1, f.diagnostics().size(), f.diagnostics().toString());
        Diagnostic d = f.diagnostics().get(0);
        // the reference's first line is "helper(int x) -> int:"; ours drops the colon, as everywhere
        assertEquals("helper(int x) -> int\nExpected a value of type 'int' for argument 'x' but instead found type 'str'.",
                d.message());
        assertEquals("helper", d.range().text());
        assertEquals(f.diagnostics(), f.ownDiagnostics());
        assertTrue(f.importedDiagnostics().isEmpty());
    }

    @Test
    void anErrorInsideAnImportedFunctionBelongsToItsFile() {
        Files files = new Files()
                .put("util.py", "import torch\ndef bad(x: torch.Tensor) -> torch.Tensor:\n    return x + nope\n")
                .put("main.py", "import torch\nimport util as u\n"
                        + "@torch.jit.script\ndef g(x: torch.Tensor):\n    return u.bad(x)\n");
        CheckedFile f = workspace(files).check(ROOT.resolve("main.py"), files.files.get(ROOT.resolve("main.py")));
        assertTrue(f.hasErrors());
        assertEquals(List.of(), f.ownDiagnostics());
        assertEquals(List.of(ROOT.resolve("util.py").toString()), List.copyOf(f.importedDiagnostics().keySet()));
        assertEquals(List.of("util.py:3 TS0101 undefined value nope"), messages(f));
    }

    @Test
    void theFilesACheckReadAreItsDependenciesTransitively() {
        Files files = new Files()
                .put("pkg/__init__.py", "")
                .put("pkg/low.py", "def base(x: int) -> int:\n    return x\n")
                .put("pkg/util.py", "from pkg.low import base\ndef helper(x: int) -> int:\n    return base(x) + 1\n")
                .put("alone.py", "def f(x: int) -> int:\n    return x\n")
                .put("main.py", "import torch\nfrom pkg.util import helper\n"
                        + "@torch.jit.script\ndef g(x: int):\n    return helper(x)\n");
        Workspace ws = workspace(files);
        assertEquals(List.of(), ws.dependencies(ROOT.resolve("main.py")));
        ws.check(ROOT.resolve("main.py"), files.files.get(ROOT.resolve("main.py")));
        assertEquals(List.of(ROOT.resolve("pkg/util.py"), ROOT.resolve("pkg/low.py")),
                ws.dependencies(ROOT.resolve("main.py")));
        ws.check(ROOT.resolve("alone.py"), files.files.get(ROOT.resolve("alone.py")));
        assertEquals(List.of(), ws.dependencies(ROOT.resolve("alone.py")));
    }

    @Test
    void importedFunctionsAndClassesAreNamedByTheirModuleInTheCode() {
        Files files = new Files()
                .put("pkg/__init__.py", "")
                .put("pkg/util.py", "import torch\n\ndef helper(x: int) -> int:\n    return x + 1\n\n"
                        + "@torch.jit.script\nclass Box(object):\n    def __init__(self, v: int):\n        self.v = v\n")
                .put("main.py", "import torch\nimport pkg.util as u\nfrom pkg.util import Box\n\n"
                        + "@torch.jit.script\ndef f(x: int) -> Box:\n    y = u.helper(x)\n    return Box(y)\n");
        CheckedFile f = workspace(files).check(ROOT.resolve("main.py"), files.files.get(ROOT.resolve("main.py")));
        assertEquals(List.of(), f.diagnostics());
        Emitter.Result r = Emitter.emit(f);
        assertEquals(List.of(), r.failures());
        Function main = r.unit().allFunctions().stream().filter(fn -> fn.qualifiedName().equals("__torch__.f"))
                .findFirst().orElseThrow();
        // recorded from the reference: main.f.code with pkg/util.py imported from sys.path
        assertEquals("def f(x: int) -> __torch__.pkg.util.Box:\n"
                + "  y = __torch__.pkg.util.helper(x, )\n"
                + "  _0 = __torch__.pkg.util.Box.__new__(__torch__.pkg.util.Box)\n"
                + "  _1 = (_0).__init__(y, )\n"
                + "  return _0\n", CodePrinter.print(main));
        assertTrue(r.unit().allFunctions().stream().anyMatch(fn -> fn.qualifiedName().equals("__torch__.pkg.util.helper")));
    }

    @Test
    void importCyclesResolveWhatIsDefinedSoFarAndNeverHang() {
        Files files = new Files()
                .put("a.py", "import torch\nfrom b import g\n\ndef f(x: int) -> int:\n    return x\n\n"
                        + "@torch.jit.script\ndef h(x: int) -> int:\n    return g(x)\n")
                .put("b.py", "import torch\nfrom a import f\nimport a\n\ndef g(x: int) -> int:\n    return a.f(x) + f(x)\n");
        Workspace ws = workspace(files);
        // checking a: b imports a while a is at its second line, so b's `f` is opaque (Python would
        // fail that import); `a.f` is looked up when called and resolves
        assertEquals(List.of(), messages(ws.check(ROOT.resolve("a.py"), files.files.get(ROOT.resolve("a.py")))));
        assertEquals(List.of(), messages(ws.check(ROOT.resolve("b.py"), files.files.get(ROOT.resolve("b.py")))));
        Files self = new Files().put("s.py", "import torch\nimport s\nfrom s import k\n"
                + "def k(x: int) -> int:\n    return x\n@torch.jit.script\ndef m(x: int) -> int:\n    return s.k(x)\n");
        assertEquals(List.of(), messages(workspace(self).check(ROOT.resolve("s.py"), self.files.get(ROOT.resolve("s.py")))));
    }

    @Test
    void missingNamesOfProjectModulesAreImportErrorsAndThirdPartyModulesStayOpaque() {
        Files files = new Files()
                .put("pkg/__init__.py", "")
                .put("pkg/util.py", "def helper(x: int) -> int:\n    return x\n")
                .put("main.py", "import torch\nimport numpy as np\nfrom pkg.util import nothere\nimport pkg.nomod\n"
                        + "try:\n    from pkg.util import maybe\nexcept ImportError:\n    maybe = None\n"
                        + "@torch.jit.script\ndef f(x: torch.Tensor):\n    return np.anything(x)\n");
        assertEquals(List.of(
                "main.py:3 TS0133 cannot import name 'nothere' from 'pkg.util' (" + ROOT.resolve("pkg/util.py") + ")",
                "main.py:4 TS0133 No module named 'pkg.nomod'"),
                messages(workspace(files).check(ROOT.resolve("main.py"), files.files.get(ROOT.resolve("main.py")))));
    }

    @Test
    void filesAreParsedOnceAndResultsKeptUntilAFileChanges() {
        Files files = new Files()
                .put("util.py", "def helper(x: int) -> int:\n    return x\n")
                .put("main.py", "import torch\nfrom util import helper\n"
                        + "@torch.jit.script\ndef f(x: int) -> int:\n    return helper(x)\n");
        Workspace ws = workspace(files);
        byte[] main = files.files.get(ROOT.resolve("main.py"));
        CheckedFile first = ws.check(ROOT.resolve("main.py"), main);
        assertSame(first, ws.check(ROOT.resolve("main.py"), main));
        files.put("util.py", "def helper(x: str) -> int:\n    return 1\n");
        CheckedFile second = ws.check(ROOT.resolve("main.py"), main);
        assertNotSame(first, second);
        assertEquals(List.of("main.py:5 TS0115 helper(str x) -> int"), messages(second));
        // a module that appears where an import found nothing invalidates the result too
        Files late = new Files().put("main.py", "import torch\nimport extra\n");
        Workspace lw = workspace(late);
        CheckedFile before = lw.check(ROOT.resolve("main.py"), late.files.get(ROOT.resolve("main.py")));
        late.put("extra.py", "");
        assertNotSame(before, lw.check(ROOT.resolve("main.py"), late.files.get(ROOT.resolve("main.py"))));
    }

    @Test
    void anOverlayShadowsTheFilesBelowIt() {
        Files files = new Files().put("util.py", "def helper(x: int) -> int:\n    return x\n");
        SourceProvider edited = files.overlay(Map.of(ROOT.resolve("util.py"),
                "def helper(x: str) -> int:\n    return 1\n".getBytes(StandardCharsets.UTF_8)));
        assertEquals("def helper(x: str) -> int:\n    return 1\n",
                new String(edited.read(ROOT.resolve("util.py")).orElseThrow(), StandardCharsets.UTF_8));
        assertFalse(edited.read(ROOT.resolve("other.py")).isPresent());
    }

    @Test
    void aFileWithoutImportsChecksAsOnItsOwn() {
        String text = "import torch\n@torch.jit.script\ndef f(x: int) -> int:\n    return x + y\n";
        Files files = new Files().put("one.py", text);
        CheckedFile alone = CheckedFile.check(ROOT.resolve("one.py").toString(), text.getBytes(StandardCharsets.UTF_8));
        CheckedFile inProject = workspace(files).check(ROOT.resolve("one.py"), text.getBytes(StandardCharsets.UTF_8));
        assertEquals(messages(alone), messages(inProject));
    }

    @Test
    void theTypeOfAnInstanceOfAnotherFilesClassLeadsToItsClassStatementThere() {
        Files files = new Files().put("util.py", """
                import torch


                class Box:
                    def __init__(self, n: int):
                        self.n = n

                    def get(self) -> int:
                        return self.n


                class Block(torch.nn.Module):
                    def __init__(self):
                        super().__init__()

                    def forward(self, x: torch.Tensor) -> torch.Tensor:
                        return x
                """);
        String main = """
                import torch
                from util import Box, Block


                @torch.jit.script
                def f() -> int:
                    b = Box(3)
                    return b.get()


                class M(torch.nn.Module):
                    def __init__(self):
                        super().__init__()
                        self.block = Block()

                    def forward(self, x: torch.Tensor) -> torch.Tensor:
                        return self.block(x)
                """;
        CheckedFile checked = workspace(files).check(ROOT.resolve("main.py"), main.getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of(), messages(checked));
        CheckResult r = checked.result().orElseThrow();
        Map<String, String> classes = new HashMap<>();
        r.types().forEach((e, t) -> Queries.declaredClass(t).ifPresent(c -> classes.put(e.range().text(),
                c.name() + "@" + Path.of(c.range().file().path()).getFileName())));
        assertEquals("Box@util.py", classes.get("b"));
        assertEquals("Block@util.py", classes.get("self.block"));
        assertEquals(Optional.empty(), Queries.declaredClass(r.types().values().stream()
                .filter(t -> t instanceof io.github.torchscript4j.checker.types.Type.TensorType).findFirst().orElseThrow()));
    }
}
