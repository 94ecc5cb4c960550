package io.github.torchscript4j.checker.emit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.torchscript4j.checker.ir.CodePrinter;
import io.github.torchscript4j.checker.ir.CompilationUnit;
import io.github.torchscript4j.checker.ir.Function;
import io.github.torchscript4j.checker.ir.IrNormalization;
import io.github.torchscript4j.checker.semantics.ConcreteModuleType;
import io.github.torchscript4j.checker.source.SourceFile;
import io.github.torchscript4j.checker.syntax.ParseResult;
import io.github.torchscript4j.checker.syntax.Parser;
import io.github.torchscript4j.checker.types.Types;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Modules of {@code concrete/modules.py} (and of our bundled {@code torch.nn} library) compiled
 * against concrete types built by hand as the runtime's interpreter would describe the instances,
 * compared with the reference's {@code torch.jit.script(instance)}: each instance's class name
 * (mangling included) and the {@code .code} of each of its class's methods, under {@link
 * IrNormalization}. {@code concrete/reference.txt} is written by {@code scripts/record-concrete-modules}.
 */
class ConcreteModuleCompilerTest {
    /** A tensor value: opaque to the checker. */
    static final Object T = new Object();

    static ConcreteModuleType linear(long in, long out, boolean bias) {
        return ConcreteModuleType.builder("torch.nn.modules.linear", "Linear").constant("in_features", in)
                .constant("out_features", out).parameter("weight", T).parameter("bias", bias ? T : null).build();
    }

    static ConcreteModuleType relu() {
        return ConcreteModuleType.builder("torch.nn.modules.activation", "ReLU").constant("inplace", false).build();
    }

    static ConcreteModuleType container(String cls, Map<String, ConcreteModuleType> modules) {
        ConcreteModuleType.Builder b = ConcreteModuleType.builder("torch.nn.modules.container", cls);
        modules.forEach(b::module);
        return b.build();
    }

    static ConcreteModuleType indexed(String cls, ConcreteModuleType... modules) {
        Map<String, ConcreteModuleType> m = new LinkedHashMap<>();
        for (ConcreteModuleType t : modules) {
            m.put(Integer.toString(m.size()), t);
        }
        return container(cls, m);
    }

    static ConcreteModuleType constNet(boolean bias) {
        return ConcreteModuleType.builder("", "ConstNet").constant("scales", List.of(1.0, 2.0, 0.5))
                .constant("mode", "sum").attribute("count", Types.INT, 3L).parameter("bias", bias ? T : null).build();
    }

    static ConcreteModuleType child(long k, boolean bias) {
        return ConcreteModuleType.builder("", "Child").attribute("k", Types.INT, k).module("lin", linear(2, 2, bias)).build();
    }

    static Map<String, ConcreteModuleType> cases() {
        Map<String, ConcreteModuleType> cases = new LinkedHashMap<>();
        cases.put("my_module", ConcreteModuleType.builder("", "MyModule").parameter("weight", T)
                .module("linear", linear(3, 4, true)).build());
        cases.put("list_net", ConcreteModuleType.builder("", "ListNet")
                .module("layers", indexed("ModuleList", linear(4, 4, true), linear(4, 4, true)))
                .module("head", indexed("Sequential", linear(4, 8, true), relu(), linear(8, 2, true))).build());
        cases.put("const_bias", constNet(true));
        cases.put("const_nobias", constNet(false));
        Map<String, ConcreteModuleType> blocks = new LinkedHashMap<>();
        blocks.put("first", relu());
        blocks.put("second", linear(3, 3, false));
        cases.put("pair", ConcreteModuleType.builder("", "Pair").module("a", constNet(true)).module("b", constNet(false))
                .module("blocks", container("ModuleDict", blocks)).build());
        cases.put("linear_nobias", linear(2, 3, false));
        cases.put("sequential", indexed("Sequential", linear(2, 2, true), relu()));
        cases.put("outer", ConcreteModuleType.builder("", "Outer").module("c1", child(2, true))
                .module("c2", child(3, false)).build());
        Map<String, ConcreteModuleType> d = new LinkedHashMap<>();
        d.put("a", relu());
        d.put("b", linear(2, 2, true));
        cases.put("loops", ConcreteModuleType.builder("", "Loops").module("d", container("ModuleDict", d))
                .module("layers", indexed("ModuleList", relu(), linear(2, 2, true))).build());
        ConcreteModuleType twice = ConcreteModuleType.builder("", "Twice").build();
        cases.put("mixed", ConcreteModuleType.builder("", "Mixed")
                .module("layers", indexed("ModuleList", linear(2, 2, true), twice, twice)).build());
        cases.put("flags", ConcreteModuleType.builder("", "Flags").constant("flag", true)
                .module("lin", linear(2, 2, true)).build());
        return cases;
    }

    static Stream<Arguments> caseNames() {
        return cases().keySet().stream().map(Arguments::of);
    }

    /** One instance of a recorded tree: its path, its class's qualified name, its methods' code by name. */
    record Instance(String path, String qualifiedName, Map<String, String> methods) {}

    @ParameterizedTest
    @MethodSource("caseNames")
    void matchesTheReference(String name) throws IOException {
        ConcreteModuleType root = cases().get(name);
        ParseResult parsed = Parser.parse(new SourceFile("modules.py", resource("modules.py")));
        ConcreteModuleCompiler.Result r = ConcreteModuleCompiler.compile(root, Map.of("", parsed));
        assertTrue(r.ok(), () -> r.diagnostics() + " " + r.failures());
        List<Instance> ours = new ArrayList<>();
        walk(r, root, "", ours);
        List<Instance> reference = reference().get(name);
        assertEquals(reference.size(), ours.size(), "instances");
        for (int i = 0; i < ours.size(); i++) {
            Instance want = reference.get(i);
            Instance got = ours.get(i);
            assertEquals(want.path() + " " + want.qualifiedName(), got.path() + " " + got.qualifiedName());
            assertEquals(want.methods().keySet(), got.methods().keySet(), want.path() + " methods");
            for (String m : want.methods().keySet()) {
                assertEquals(IrNormalization.code(want.methods().get(m)), IrNormalization.code(got.methods().get(m)),
                        want.path() + "." + m);
            }
        }
    }

    private static void walk(ConcreteModuleCompiler.Result r, ConcreteModuleType t, String path, List<Instance> out) {
        String cls = r.classOf(t);
        Map<String, String> methods = new TreeMap<>();
        CompilationUnit.ClassInfo info = r.unit().classInfo(cls).orElseThrow();
        for (Function f : info.methods().values()) {
            methods.put(f.name(), CodePrinter.print(f).stripTrailing());
        }
        out.add(new Instance(path.isEmpty() ? "<root>" : path, cls, methods));
        for (ConcreteModuleType.Attribute a : t.submodules()) {
            walk(r, a.module(), path + "." + a.name(), out);
        }
    }

    private static Map<String, List<Instance>> reference() throws IOException {
        Map<String, List<Instance>> cases = new LinkedHashMap<>();
        List<Instance> current = null;
        Map<String, String> methods = null;
        String method = null;
        StringBuilder code = new StringBuilder();
        for (String line : (resource("reference.txt") + "### end").split("\n")) {
            if (line.startsWith("### ") || line.startsWith("=== ") || line.startsWith("--- ")) {
                if (method != null) {
                    methods.put(method, code.toString().stripTrailing());
                    method = null;
                }
            }
            if (line.startsWith("### ")) {
                current = new ArrayList<>();
                cases.put(line.substring(4), current);
            } else if (line.startsWith("=== ")) {
                String[] parts = line.substring(4).split(" ");
                methods = new TreeMap<>();
                current.add(new Instance(parts[0], parts[1], methods));
            } else if (line.startsWith("--- ")) {
                method = line.substring(4);
                code.setLength(0);
            } else if (method != null) {
                code.append(line).append('\n');
            }
        }
        return cases;
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = ConcreteModuleCompilerTest.class.getResourceAsStream(
                "/io/github/torchscript4j/checker/concrete/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
