package io.github.torchscript4j.runtime.archive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.torchscript4j.checker.emit.ConcreteModuleCompiler;
import io.github.torchscript4j.checker.semantics.ConcreteModuleType;
import io.github.torchscript4j.checker.source.SourceFile;
import io.github.torchscript4j.checker.syntax.Parser;
import io.github.torchscript4j.runtime.Libtorch;
import io.github.torchscript4j.runtime.ops.IValues;
import io.github.torchscript4j.runtime.value.Dtypes;
import io.github.torchscript4j.runtime.value.TensorData;
import io.github.torchscript4j.runtime.value.TensorRef;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.IValue;
import org.bytedeco.pytorch.IValueVector;
import org.bytedeco.pytorch.JitModule;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A module instance described as the Python interpreter describes what it built (a {@link
 * ConcreteModuleType} tree with libtorch tensors), compiled against its concrete types ({@link
 * ConcreteModuleCompiler}: a user class, our bundled {@code Linear}, {@code ReLU}, {@code
 * ModuleList} and {@code Sequential}, mangled {@code Linear}s, a constant list), saved by {@link
 * TorchScriptArchiveWriter}, then loaded and run by libtorch 2.10 and, where it is present, by
 * PyTorch 1.13.
 */
@Tag("native")
class ConcreteModuleArchiveTest {
    @TempDir
    Path tmp;

    private static final String SOURCE = """
            import torch
            from torch import nn


            class Net(nn.Module):
                __constants__ = ['scales']

                def __init__(self):
                    super().__init__()
                    self.scales = [2.0, 0.5]
                    self.layers = nn.ModuleList([nn.Linear(2, 2), nn.Linear(2, 2, bias=False)])
                    self.head = nn.Sequential(nn.Linear(2, 1), nn.ReLU())

                def forward(self, x):
                    for layer in self.layers:
                        x = layer(x)
                    for s in self.scales:
                        x = x * s
                    return self.head(x) + len(self.layers)
            """;

    private static TensorRef tensor(long[] shape, double... values) {
        return new TensorData(Dtypes.FLOAT32, shape, values, null, null).toTensor();
    }

    private static ConcreteModuleType linear(long in, long out, TensorRef weight, TensorRef bias) {
        return ConcreteModuleType.builder("torch.nn.modules.linear", "Linear").constant("in_features", in)
                .constant("out_features", out).parameter("weight", weight).parameter("bias", bias).build();
    }

    /** {@code Net()} with chosen weights, as the interpreter would describe it. */
    private static ConcreteModuleType net() {
        ConcreteModuleType layers = ConcreteModuleType.builder("torch.nn.modules.container", "ModuleList")
                .module("0", linear(2, 2, tensor(new long[] {2, 2}, 1, 0, 0, 1), tensor(new long[] {2}, 1, -1)))
                .module("1", linear(2, 2, tensor(new long[] {2, 2}, 0, 1, 1, 0), null)).build();
        ConcreteModuleType relu = ConcreteModuleType.builder("torch.nn.modules.activation", "ReLU")
                .constant("inplace", false).build();
        ConcreteModuleType head = ConcreteModuleType.builder("torch.nn.modules.container", "Sequential")
                .module("0", linear(2, 1, tensor(new long[] {1, 2}, 1, 1), tensor(new long[] {1}, 0.5)))
                .module("1", relu).build();
        return ConcreteModuleType.builder("", "Net").constant("scales", List.of(2.0, 0.5))
                .module("layers", layers).module("head", head).build();
    }

    private Path save() throws Exception {
        ConcreteModuleType root = net();
        ConcreteModuleCompiler.Result compiled = ConcreteModuleCompiler.compile(root,
                Map.of("", Parser.parse(new SourceFile("net.py", SOURCE))));
        assertTrue(compiled.ok(), () -> compiled.diagnostics() + " " + compiled.failures());
        assertEquals("__torch__.torch.nn.modules.linear.___torch_mangle_0.Linear",
                compiled.classOf(root.attribute("layers").orElseThrow().module().attribute("1").orElseThrow().module()));
        Path archive = tmp.resolve("net.pt");
        TorchScriptArchiveWriter.writeModule(compiled.unit(), TorchScriptArchiveWriter.moduleInstance(root, compiled),
                archive);
        return archive;
    }

    @Test
    void libtorchLoadsAndRunsAModuleCompiledAgainstItsConcreteType() throws Exception {
        Path archive = save();
        Libtorch.ensureLoaded();
        // [[1, 2]]: layer 0 -> [2, 1], layer 1 -> [1, 2], * 2 * 0.5, head 1 + 2 + 0.5 = 3.5, relu, + 2
        // [[-3, 0]]: -> [-2, -1] -> [-1, -2], head -2.5, relu 0, + 2
        assertArrayEquals(new double[] {5.5, 2}, run(archive, tensor(new long[] {2, 2}, 1, 2, -3, 0)), 0.0);
    }

    @Test
    void pyTorch113LoadsAndRunsIt() throws Exception {
        String python = TorchScriptArchiveWriterTest.findReferencePython();
        Assumptions.assumeTrue(python != null, "no python3 with torch 1.13 found: PyTorch loading not checked");
        Path archive = save();
        String script = "import sys, torch\nm = torch.jit.load(sys.argv[1])\n"
                + "print(m(torch.tensor([[1.0, 2.0], [-3.0, 0.0]])).tolist(), getattr(m.layers, '1')._c._type().qualified_name())\n";
        Process p = new ProcessBuilder(python, "-c", script, archive.toString()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), output);
        assertEquals("[[5.5], [2.0]] __torch__.torch.nn.modules.linear.___torch_mangle_0.Linear\n", output);
    }

    private static double[] run(Path archive, TensorRef x) {
        try (PointerScope scope = new PointerScope()) {
            JitModule module = torch.load(archive.toString());
            IValueVector args = new IValueVector();
            args.push_back(IValues.toIValue(x));
            IValue result = module.forward(args);
            TensorRef out = (TensorRef) IValues.fromIValue(result);
            try {
                return TensorData.read(out).floats();
            } finally {
                out.release();
            }
        }
    }
}
