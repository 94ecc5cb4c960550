package io.github.torchscript4j.checker.emit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.torchscript4j.checker.semantics.ConcreteModuleType;
import io.github.torchscript4j.checker.source.Code;
import io.github.torchscript4j.checker.source.Diagnostic;
import io.github.torchscript4j.checker.source.SourceFile;
import io.github.torchscript4j.checker.syntax.Parser;
import io.github.torchscript4j.checker.types.Types;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What compiling against a concrete module type reports: differences between the checker's
 * static view of a module ({@code __init__}) and the instance that was built, at the {@code
 * __init__} statement; attributes the instance lacks; non-constant container indices.
 */
class ConcreteModuleDiagnosticsTest {
    private static final Object T = ConcreteModuleCompilerTest.T;

    private static final String SOURCE = """
            import torch
            from torch import nn
            from typing import Optional


            class S(nn.Module):
                bias: Optional[torch.Tensor]

                def __init__(self, scale: float, bias: bool):
                    super().__init__()
                    self.scale = scale
                    self.lin = nn.Linear(2, 2)
                    self.bias = torch.zeros(2) if bias else None

                def forward(self, x):
                    y = self.lin(x) * self.scale
                    if self.bias is not None:
                        y = y + self.bias
                    return y


            class L(nn.Module):
                def __init__(self):
                    super().__init__()
                    self.layers = nn.ModuleList([nn.Linear(2, 2)])

                def forward(self, x, i: int):
                    return self.layers[i](x) + self.missing
            """;

    private static ConcreteModuleCompiler.Result compile(ConcreteModuleType root) {
        return ConcreteModuleCompiler.compile(root, Map.of("", Parser.parse(new SourceFile("m.py", SOURCE))));
    }

    private static ConcreteModuleType.Builder s() {
        return ConcreteModuleType.builder("", "S");
    }

    private static List<String> messages(ConcreteModuleCompiler.Result r) {
        return r.diagnostics().stream().map(d -> d.code().id() + " " + lineOf(d) + ": " + d.message()).toList();
    }

    private static int lineOf(Diagnostic d) {
        return d.range().file().lineOf(d.range().start());
    }

    @Test
    void anInstanceThatAgreesWithTheStaticViewCompiles() {
        // a static Optional[Tensor] (class annotation) holds the instance's Tensor, and its None
        ConcreteModuleType withBias = s().attribute("scale", Types.FLOAT, 2.0)
                .module("lin", ConcreteModuleCompilerTest.linear(2, 2, true)).buffer("bias", T).build();
        assertTrue(compile(withBias).ok(), () -> messages(compile(withBias)).toString());
        ConcreteModuleType noBias = s().attribute("scale", Types.FLOAT, 2.0)
                .module("lin", ConcreteModuleCompilerTest.linear(2, 2, true)).attribute("bias", Types.NONE, null).build();
        ConcreteModuleCompiler.Result r = compile(noBias);
        assertTrue(r.ok(), () -> messages(r).toString());
        assertFalse(r.unit().allFunctions().stream().anyMatch(f -> f.graph().toString().contains("aten::add")),
                "the branch on a None attribute is not compiled");
    }

    @Test
    void aTypeThatDiffersFromTheStaticViewIsAnErrorAtItsAssignment() {
        ConcreteModuleType t = s().attribute("scale", Types.INT, 2L)
                .module("lin", ConcreteModuleCompilerTest.linear(2, 2, true)).buffer("bias", T).build();
        assertEquals(List.of("TS0153 11: The attribute 'scale' of module 'S' is int on the module that was built, but "
                + "the checker infers float from __init__. Annotate it in the class body with a type that holds both"),
                messages(compile(t)));
    }

    @Test
    void anotherSubmoduleClassIsAnError() {
        ConcreteModuleType relu = ConcreteModuleType.builder("torch.nn.modules.activation", "ReLU")
                .constant("inplace", false).build();
        ConcreteModuleType t = s().attribute("scale", Types.FLOAT, 2.0).module("lin", relu).buffer("bias", T).build();
        assertEquals(List.of("TS0153 12: The attribute 'lin' of module 'S' is ReLU on the module that was built, but "
                + "the checker infers Linear from __init__. Annotate it in the class body with a type that holds both"),
                messages(compile(t)));
    }

    @Test
    void anAttributeOnlyOneSideHasIsAnError() {
        ConcreteModuleType t = s().module("lin", ConcreteModuleCompilerTest.linear(2, 2, true)).buffer("bias", T)
                .attribute("hidden", Types.STR, "h").build();
        List<String> m = messages(compile(t));
        assertEquals(List.of(
                "TS0153 9: The module 'S' that was built has the attribute 'hidden' (of type str), which the checker "
                        + "does not find in __init__",
                "TS0153 11: The checker infers the attribute 'scale' (float) of module 'S' from __init__, but the "
                        + "module that was built has no such attribute",
                "TS0130 16: Module 'S' has no attribute 'scale'"), m);
        assertTrue(compile(t).check().hasErrors());
        assertTrue(compile(t).unit().classes().isEmpty(), "nothing is emitted for a module with errors");
    }

    @Test
    void forwardIsCheckedAgainstTheInstance() {
        ConcreteModuleType list = ConcreteModuleType.builder("torch.nn.modules.container", "ModuleList")
                .module("0", ConcreteModuleCompilerTest.linear(2, 2, true)).build();
        ConcreteModuleType t = ConcreteModuleType.builder("", "L").module("layers", list).build();
        List<String> m = messages(compile(t));
        assertEquals(List.of(
                "TS0111 28: Expected integer literal for index. ModuleList/Sequential indexing is only supported with "
                        + "integer literals. Enumeration is supported, e.g. 'for index, v in enumerate(self): ...'",
                "TS0130 28: Module 'L' has no attribute 'missing'"), m);
        assertTrue(compile(t).diagnostics().stream().allMatch(d -> d.code() != Code.STATIC_VIEW_MISMATCH));
    }

    @Test
    void attributeTypesAreInferredAsTheReferenceInfersThem() {
        // the reference's torch._C._jit_try_infer_type on the same values
        java.util.function.Predicate<Object> isTensor = v -> v == T;
        Map<Object, String> cases = new java.util.LinkedHashMap<>();
        cases.put(1L, "int");
        cases.put(2.5, "float");
        cases.put(true, "bool");
        cases.put("a", "str");
        cases.put(List.of(1L, 2L), "List[int]");
        cases.put(List.of(), "FAIL: List trace inputs must have elements");
        cases.put(List.of(1L, 2.0), "FAIL: List inputs to traced functions must have consistent element type. Found int and float");
        cases.put(io.github.torchscript4j.checker.eval.Tuple.of(1L, "a"), "Tuple[int, str]");
        cases.put(Map.of("a", 1L), "Dict[str, int]");
        cases.put(Map.of(), "FAIL: Dictionary inputs must have entries");
        cases.put(Map.of(1L, List.of(1.0)), "Dict[int, List[float]]");
        cases.put(List.of(T), "List[Tensor]");
        cases.put(List.of(List.of(1L), List.of(2L)), "List[List[int]]");
        cases.put(io.github.torchscript4j.checker.eval.Tuple.of(), "Tuple[()]");
        cases.put(List.of(1L, true), "FAIL: List inputs to traced functions must have consistent element type. Found int and bool");
        cases.forEach((value, want) -> {
            ConcreteModuleType.Inference i = ConcreteModuleType.inferType(value, isTensor);
            assertEquals(want, i.success() ? i.type().annotationStr() : "FAIL: " + i.failure(), value.toString());
        });
        assertEquals("NoneType", ConcreteModuleType.inferType(null, isTensor).type().annotationStr());
        assertEquals("Tensor", ConcreteModuleType.inferType(T, isTensor).type().annotationStr());
    }

    @Test
    void anAttributeWithoutATypeIsTheReferencesErrorWhereItIsUsed() {
        String source = """
                import torch
                from torch import nn


                class M(nn.Module):
                    def __init__(self):
                        super().__init__()
                        self.xs = []

                    def forward(self, x):
                        return x + len(self.xs)
                """;
        ConcreteModuleType t = ConcreteModuleType.builder("", "M").attribute("xs", new java.util.ArrayList<>(), "list", v -> false)
                .build();
        ConcreteModuleCompiler.Result r = ConcreteModuleCompiler.compile(t, Map.of("", Parser.parse(new SourceFile("m.py", source))));
        assertEquals(List.of("TS0130 11: Module 'M' has no attribute 'xs' (This attribute exists on the Python module, but "
                + "we failed to convert Python type: 'list' to a TorchScript type. List trace inputs must have elements. "
                + "Its type was inferred; try adding a type annotation for the attribute.)"), messages(r));
    }

    @Test
    void containerIndicesOutOfRangeAreTheReferencesErrors() {
        String source = """
                import torch
                from torch import nn


                class M(nn.Module):
                    def __init__(self):
                        super().__init__()
                        self.layers = nn.ModuleList([nn.Linear(2, 2)])
                        self.d = nn.ModuleDict({'a': nn.ReLU()})

                    def forward(self, x):
                        return self.layers[3](x) + self.d['zz'](x) + self.layers[-1](x)


                class P:
                    def forward(self, x):
                        return x
                """;
        ConcreteModuleType list = ConcreteModuleType.builder("torch.nn.modules.container", "ModuleList")
                .module("0", ConcreteModuleCompilerTest.linear(2, 2, true)).build();
        ConcreteModuleType dict = ConcreteModuleType.builder("torch.nn.modules.container", "ModuleDict")
                .module("a", ConcreteModuleCompilerTest.relu()).build();
        ConcreteModuleType t = ConcreteModuleType.builder("", "M").module("layers", list).module("d", dict).build();
        Map<String, io.github.torchscript4j.checker.syntax.ParseResult> sources =
                Map.of("", Parser.parse(new SourceFile("m.py", source)));
        assertEquals(List.of("TS0130 12: Index 3 out of range of length 1", "TS0130 12: Key Error, zz"),
                messages(ConcreteModuleCompiler.compile(t, sources)));
        assertEquals(List.of("TS0151 15: 'P' is not a subclass of torch.nn.Module: it cannot be compiled as a module"),
                messages(ConcreteModuleCompiler.compile(ConcreteModuleType.builder("", "P").build(), sources)));
    }

    @Test
    void aClassWithoutSourceIsRefused() {
        ConcreteModuleType t = ConcreteModuleType.builder("", "Nowhere").build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> compile(t));
        assertEquals("no class Nowhere in the Python module ''", e.getMessage());
        ConcreteModuleType u = ConcreteModuleType.builder("pkg.mod", "M").build();
        assertEquals("no source for the Python module 'pkg.mod'",
                assertThrows(IllegalArgumentException.class, () -> compile(u)).getMessage());
    }

    @Test
    void anInvalidConstantIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> s().constant("c", Map.of("a", 1L)));
        assertTrue(e.getMessage().startsWith("Object {a=1} of constant 'c' is not a valid constant."), e.getMessage());
    }
}
