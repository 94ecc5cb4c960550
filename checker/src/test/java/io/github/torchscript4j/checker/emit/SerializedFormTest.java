package io.github.torchscript4j.checker.emit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.torchscript4j.checker.ir.CodePrinter;
import io.github.torchscript4j.checker.ir.Function;
import io.github.torchscript4j.checker.ir.GraphPrinter;
import io.github.torchscript4j.checker.ir.Node;
import io.github.torchscript4j.checker.ir.TensorConstant;
import io.github.torchscript4j.checker.semantics.CheckResult;
import io.github.torchscript4j.checker.semantics.Checker;
import io.github.torchscript4j.checker.semantics.ConcreteModuleType;
import io.github.torchscript4j.checker.source.Diagnostic;
import io.github.torchscript4j.checker.source.SourceFile;
import io.github.torchscript4j.checker.syntax.ParseResult;
import io.github.torchscript4j.checker.syntax.Parser;
import io.github.torchscript4j.checker.types.Types;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The serialized form of a TorchScript archive's code ({@code torch.jit.save}'s {@code
 * code/__torch__/...py}) compiles when it is given as archive sources ({@link
 * ConcreteModuleCompiler#compile(ConcreteModuleType, Map, boolean)}), and only then: user code is
 * still held to {@code torch.jit.script}'s rules.
 */
class SerializedFormTest {
    private static final String ROOT = """
            class Net(Module):
              __parameters__ = ["weight", ]
              __buffers__ = []
              weight : Tensor
              training : bool
              scale : Optional[float]
              sub : __torch__.Sub
              def forward(self: __torch__.Net,
                x: Tensor,
                bias: Optional[Tensor]=None) -> Tensor:
                _0 = __torch__.helper
                out = annotate(List[int], [])
                _1 = torch.append(out, torch.len(out))
                scale = self.scale
                if torch.__isnot__(scale, None):
                  scale0 = unchecked_cast(float, scale)
                else:
                  ops.prim.RaiseException("AssertionError: ")
                  scale0 = uninitialized(float)
                weight = self.weight
                y = torch.linear(x, weight, bias)
                sub = getattr(self, "sub")
                return _0(torch.mul((sub).forward(y, ), scale0), )
            class Sub(Module):
              __parameters__ = []
              __buffers__ = []
              training : bool
              k : Final[int] = 3
              def forward(self: __torch__.Sub,
                y: Tensor) -> Tensor:
                return torch.add(y, 3)
            def helper(z: Tensor) -> Tensor:
              return torch.neg(z)
            """;

    private static ConcreteModuleType net() {
        ConcreteModuleType sub = ConcreteModuleType.builder("", "Sub").attribute("training", Types.BOOL, false)
                .constant("k", 3L).build();
        return ConcreteModuleType.builder("", "Net").parameter("weight", new Object())
                .attribute("training", Types.BOOL, false)
                .attribute("scale", new io.github.torchscript4j.checker.types.Type.OptionalType(Types.FLOAT), 2.0)
                .module("sub", sub).build();
    }

    private static ParseResult parse(String path, String text) {
        return Parser.parse(new SourceFile(path, text));
    }

    @Test
    void archiveCodeCompiles() {
        ConcreteModuleCompiler.Result r = ConcreteModuleCompiler.compile(net(), Map.of("", parse("code/__torch__.py", ROOT)),
                true);
        assertTrue(r.ok(), r.diagnostics() + " " + r.failures());
        String code = CodePrinter.print(r.unit().classInfo("__torch__.Net").orElseThrow().method("forward").orElseThrow());
        assertTrue(code.contains("unchecked_cast(float, scale)"), code);
        assertTrue(code.contains("ops.prim.RaiseException"), code);
        assertTrue(code.contains("__torch__.helper"), code);
    }

    @Test
    void theSameTextIsNotUserCode() {
        ConcreteModuleCompiler.Result r = ConcreteModuleCompiler.compile(net(), Map.of("", parse("net.py", ROOT)), false);
        assertFalse(r.ok());
    }

    private static List<String> errors(String text) {
        CheckResult r = Checker.check(parse("user.py", text));
        return r.diagnostics().stream().filter(Diagnostic::isError).map(Diagnostic::message).toList();
    }

    @Test
    void userCodeKeepsTheRules() {
        String header = "import torch\nfrom typing import List\n\n@torch.jit.script\n";
        assertEquals(List.of("object has no attribute linear"),
                errors(header + "def f(x: torch.Tensor) -> torch.Tensor:\n    return torch.linear(x, x)\n"));
        assertEquals(List.of("undefined value unchecked_cast"),
                errors(header + "def f(x: float) -> float:\n    return unchecked_cast(float, x)\n"));
        assertEquals(List.of("undefined value ops"),
                errors(header + "def f(x: float) -> float:\n    ops.prim.RaiseException('no')\n    return x\n"));
    }

    // ---- tensor constants (CONSTANTS.cN, the tensors of constants.pkl) ----------------------

    private static final String TRACED = """
            class Traced(Module):
              __parameters__ = []
              __buffers__ = []
              training : bool
              def forward(self: __torch__.Traced,
                x: Tensor) -> Tensor:
                _0 = torch.mul(x, CONSTANTS.c1)
                return torch.add(_0, CONSTANTS.c0)
            """;

    private static ConcreteModuleCompiler.Result traced(String text, List<Object> constants) {
        ConcreteModuleType root = ConcreteModuleType.builder("", "Traced").attribute("training", Types.BOOL, false)
                .build();
        return ConcreteModuleCompiler.compile(root, Map.of("", parse("code/__torch__.py", text)), true, constants);
    }

    @Test
    void tensorConstantsAreConstantsHoldingTheRuntimesObjects() {
        Object first = new Object();
        Object second = new Object();
        ConcreteModuleCompiler.Result r = traced(TRACED, List.of(first, second));
        assertTrue(r.ok(), r.diagnostics() + " " + r.failures());
        Function forward = r.unit().classInfo("__torch__.Traced").orElseThrow().method("forward").orElseThrow();
        List<Node> constants = forward.graph().allNodes().stream().filter(n -> n.is("prim::Constant")
                && n.hasAttribute("value") && n.attribute("value") instanceof TensorConstant).toList();
        assertEquals(2, constants.size(), GraphPrinter.print(forward.graph()));
        for (Node n : constants) {
            TensorConstant c = (TensorConstant) n.attribute("value");
            assertSame(c.index() == 0 ? first : second, c.tensor());
            assertEquals(Types.TENSOR, n.output().type());
        }
        String code = CodePrinter.print(forward);
        assertTrue(code.contains("CONSTANTS.c1") && code.contains("CONSTANTS.c0"), code);
        assertTrue(GraphPrinter.print(forward.graph()).contains("prim::Constant[value=CONSTANTS.c1]"),
                GraphPrinter.print(forward.graph()));
    }

    @Test
    void aConstantTheArchiveLacksIsAnError() {
        ConcreteModuleCompiler.Result r = traced(TRACED, List.of(new Object()));
        assertFalse(r.ok());
        assertEquals(List.of("CONSTANTS has no attribute c1: the archive's tensor constants are c0"),
                r.diagnostics().stream().filter(Diagnostic::isError).map(Diagnostic::message).toList());
        r = traced(TRACED.replace("CONSTANTS.c1", "CONSTANTS.weight"), List.of());
        assertEquals(List.of("CONSTANTS has no attribute weight: the archive has no tensor constants",
                "CONSTANTS has no attribute c0: the archive has no tensor constants"),
                r.diagnostics().stream().filter(Diagnostic::isError).map(Diagnostic::message).toList());
    }

    @Test
    void userCodeHasNoConstants() {
        assertEquals(List.of("undefined value CONSTANTS"), errors("import torch\n\n@torch.jit.script\n"
                + "def f(x: torch.Tensor) -> torch.Tensor:\n    return x * CONSTANTS.c0\n"));
    }
}
