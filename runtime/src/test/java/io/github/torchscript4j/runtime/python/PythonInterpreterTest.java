package io.github.torchscript4j.runtime.python;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The interpreter's Java API, its use of the host for foreign values, and its errors. */
class PythonInterpreterTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final BoxHost host = new BoxHost();
    private final PythonInterpreter py = new PythonInterpreter(host, List.of(), new PrintStream(bytes, true, StandardCharsets.UTF_8));

    private String run(String source) {
        py.runSource("prog", "prog.py", source);
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void foreignValuesGoThroughTheHost() {
        String out = run("""
                import boxes
                b = boxes.Box(3)
                c = b + 1
                c += 1
                print(b, c, 2 + b, -b, b * b, bool(b), bool(boxes.Box(0)), len(b), list(b), b[1], [b])
                print(isinstance(b, boxes.Box), isinstance(3, boxes.Box), b.v, b.scaled(2), float(b), int(b), b == 3, b < 4)
                print(f"{b:.2f}|{b}|", type(b).__name__ if False else "", hasattr(b, "v"), hasattr(b, "w"), b in [b], {b: 1}[b])
                b.v = 5
                b[0] = 7
                try:
                    b - 1
                except TypeError as e:
                    print("TypeError:", e)
                try:
                    b.nope
                except AttributeError as e:
                    print("AttributeError:", e)
                """);
        assertEquals("""
                box(3.0) box(5.0) box(5.0) box(-3.0) box(9.0) True False 3 [Box(0.0), Box(1.0), Box(2.0)] box(4.0) [Box(3.0)]
                True False 3.0 box(6.0) 3.0 3 True True
                3.00|box(3.0)|  True False True 1
                TypeError: unsupported operand type(s) for -: 'Box' and 'int'
                AttributeError: 'Box' object has no attribute 'nope'
                """, out);
        assertEquals(List.of("set v=5", "setitem 0=7"), host.log);
    }

    @Test
    void hostContextManagersAndDecorators() {
        String out = run("""
                import boxes
                @boxes.export
                def f(x):
                    return x * 2
                with boxes.guard():
                    print(f(21))
                try:
                    with boxes.guard():
                        raise ValueError("inside")
                except ValueError as e:
                    print("caught", e)
                """);
        assertEquals("42\ncaught inside\n", out);
        assertEquals(List.of("enter", "exit clean", "enter", "exit with exception"), host.log);
    }

    @Test
    void hostErrorsArePythonExceptionsWithLocations() {
        String out = run("""
                import boxes
                try:
                    boxes.fails()
                except RuntimeError as e:
                    print("RuntimeError:", e)
                """);
        assertEquals("RuntimeError: shape '[2]' is invalid for input of size 3\n", out);
        PyException e = assertThrows(PyException.class, () -> py.runSource("bug", "bug.py", """
                import boxes

                def build():
                    return boxes.buggy()

                build()
                """));
        assertEquals("SystemError", e.type());
        assertTrue(e.getMessage().contains("a bug in the host"), e.getMessage());
        assertEquals(List.of("bug.py:4: in build", "bug.py:6: in <module>"), e.traceback());
    }

    @Test
    void tracebacksListEachFrameInnermostFirst() {
        PyException e = assertThrows(PyException.class, () -> py.runSource("m", "m.py", """
                class Layer:
                    def __init__(self, n):
                        if n < 0:
                            raise ValueError(f"negative size {n}")

                def make():
                    return Layer(-1)

                make()
                """));
        assertEquals("ValueError", e.type());
        assertEquals("negative size -1", e.getMessage());
        assertEquals(List.of("m.py:4: in __init__", "m.py:7: in make", "m.py:9: in <module>"), e.traceback());
        assertEquals("ValueError: negative size -1\n  at m.py:4: in __init__\n  at m.py:7: in make\n  at m.py:9: in <module>",
                e.describe());
        assertInstanceOf(PyInstance.class, e.value());
    }

    @Test
    void syntaxErrorsAreReportedWithTheirLine() {
        PyException e = assertThrows(PyException.class, () -> py.runSource("bad", "bad.py", "x = 1\ndef f(:\n"));
        assertEquals("SyntaxError", e.type());
        assertEquals(List.of("bad.py:2: in <module>"), e.traceback());
    }

    @Test
    void unknownNamesAndMissingModules() {
        PyException e = assertThrows(PyException.class, () -> py.runSource("n", "n.py", "print(undefined)"));
        assertEquals("NameError: name 'undefined' is not defined\n  at n.py:1: in <module>", e.describe());
        PyException m = assertThrows(PyException.class, () -> py.runSource("i", "i.py", "import nowhere.deeper"));
        assertEquals("ModuleNotFoundError", m.type());
        assertEquals("No module named 'nowhere'", m.getMessage());
    }

    @Test
    void anInstanceCanBeInspectedAndCalledFromJava() {
        PyModuleObject m = py.runSource("models.small", "small.py", """
                class Base:
                    def __init__(self):
                        self.training = True

                class Small(Base):
                    def __init__(self, width, *, bias=True):
                        super().__init__()
                        self.width = width
                        self.layers = [width] * 2
                        self.bias = bias

                    def forward(self, x, scale=1):
                        return [v * scale + self.width for v in x]

                model = Small(4, bias=False)
                """);
        PyInstance model = (PyInstance) py.getAttr(m, "model");
        assertEquals("Small", model.pyClass().name());
        assertEquals("models.small", model.pyClass().module());
        assertEquals(List.of("Small", "Base", "object"), model.pyClass().mro().stream().map(PyClass::name).toList());
        assertEquals(List.of("training", "width", "layers", "bias"), List.copyOf(model.dict().keySet()));
        assertEquals(4L, model.dict().get("width"));
        Object forward = py.getAttr(model, "forward");
        assertEquals(List.of(7L, 10L), py.call(forward, List.of(List.of(1L, 2L)), Map.of("scale", 3L)));
        Object other = py.call(py.getAttr(m, "Small"), List.of(2L), Map.of());
        py.setAttr(other, "width", 9L);
        assertEquals(9L, ((PyInstance) other).dict().get("width"));
        assertEquals("[4, 4]", py.repr(model.dict().get("layers")));
        assertEquals("1.5", py.str(1.5));
        assertTrue(py.isInstance(model, py.getAttr(m, "Base")));
        assertEquals("False", py.str(py.isInstance(1L, py.getAttr(m, "Base"))));
        PyException e = assertThrows(PyException.class, () -> py.call(forward, List.of(), Map.of()));
        assertEquals("Small.forward() missing 1 required positional argument: 'x'", e.getMessage());
    }

    @Test
    void bundledLibraryModulesImportUnderTheirOwnNames() {
        PyModuleObject m = py.runSource("user", "user.py", """
                import torch.nn.init as init
                from torch.nn.init import uniform_
                name = init.__name__
                where = uniform_.__module__
                """);
        assertEquals("torch.nn.init", py.getAttr(m, "name"));
        assertEquals("torch.nn.init", py.getAttr(m, "where"));
        assertSame(py.importModule("torch.nn.init"), py.importModule("torch.nn.init"));
    }

    @Test
    void bundledPackagesResolveRelativeImports() {
        PyModuleObject m = py.runSource("user2", "user2.py", """
                import zzbundled
                from zzbundled import thing, util, leaf_name
                """);
        assertEquals("thing from zzbundled.util", py.getAttr(m, "thing"));
        assertEquals("zzbundled.sub.leaf from zzbundled.util and thing from zzbundled.util", py.getAttr(m, "leaf_name"));
        assertEquals("zzbundled.util", py.getAttr(py.getAttr(m, "util"), "__name__"));
        assertTrue(PythonInterpreter.isLibraryPackage("zzbundled"));
        assertTrue(!PythonInterpreter.isLibraryPackage("zzbundled.inner"));
    }

    @Test
    void aModelWithAHundredLayersIsBuilt() {
        PyModuleObject m = py.runSource("deep", "deep.py", """
                class Layer:
                    def __init__(self, i):
                        self.weight = [[0.0] * 8 for _ in range(8)]
                        self.index = i

                class Deep:
                    def __init__(self, n):
                        self.layers = {}
                        for i in range(n):
                            self.layers[f"layer{i}"] = Layer(i)

                model = Deep(100)
                """);
        PyInstance model = (PyInstance) py.getAttr(m, "model");
        assertEquals(100, ((Map<?, ?>) model.dict().get("layers")).size());
    }

    @Test
    void runawayRecursionIsARecursionError() {
        PyException e = assertThrows(PyException.class, () -> py.runSource("r", "r.py", "def f(n):\n    return f(n + 1)\nf(0)\n"));
        assertEquals("RecursionError", e.type());
    }

    @Test
    void codeThatNeverEndsStopsAtItsTimeLimitWhateverItCatches() {
        py.setTimeLimit(java.time.Duration.ofMillis(200));
        String source = "n = 0\nwhile True:\n    try:\n        n += 1\n    except:\n        pass\n";
        PyException e = assertThrows(PyException.class, () -> py.runSource("spin", "spin.py", source));
        assertEquals(PythonInterpreter.TIME_LIMIT, e.type());
        assertTrue(e.describe().contains("spin.py:"), e.describe());
    }
}
