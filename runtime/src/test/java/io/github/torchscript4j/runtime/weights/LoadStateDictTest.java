package io.github.torchscript4j.runtime.weights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.torchscript4j.checker.types.Type;
import io.github.torchscript4j.checker.types.TypeDeclaration;
import io.github.torchscript4j.checker.types.Types;
import io.github.torchscript4j.runtime.archive.TorchScriptArchiveWriter.Attribute;
import io.github.torchscript4j.runtime.archive.TorchScriptArchiveWriter.Kind;
import io.github.torchscript4j.runtime.archive.TorchScriptArchiveWriter.ModuleInstance;
import io.github.torchscript4j.runtime.value.Dtypes;
import io.github.torchscript4j.runtime.value.TensorData;
import io.github.torchscript4j.runtime.value.TensorRef;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code load_state_dict} into a module tree, with the messages PyTorch 1.13.1 gives for the same
 * module and state dict (recorded from the reference: {@code M} with a parameter {@code w} of
 * shape [2, 3], a buffer {@code b} of [3] and a submodule {@code sub} with a parameter {@code t}).
 */
@Tag("native")
class LoadStateDictTest {
    private static TensorRef floats(long[] shape, double... values) {
        return new TensorData(Dtypes.FLOAT32, shape, values, null, null).toTensor();
    }

    private static TensorRef ones(long... shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        double[] values = new double[(int) n];
        java.util.Arrays.fill(values, 1);
        return floats(shape, values);
    }

    private static ModuleInstance module() {
        ModuleInstance sub = new ModuleInstance("__torch__.Sub", List.of(
                new Attribute("t", Types.TENSOR, Kind.PARAMETER, ones(3))));
        return new ModuleInstance("__torch__.M", List.of(
                new Attribute("w", Types.TENSOR, Kind.PARAMETER, floats(new long[] {2, 3}, 0, 0, 0, 0, 0, 0)),
                new Attribute("b", Types.TENSOR, Kind.BUFFER,
                        new TensorData(Dtypes.INT64, new long[] {3}, null, new long[] {0, 1, 2}, null).toTensor()),
                new Attribute("sub", new Type.ModuleType("__torch__.Sub", TypeDeclaration.NONE), Kind.MODULE, sub)));
    }

    @Test
    void missingUnexpectedAndMisshapenKeysAreReportedAsPyTorchReportsThem() {
        Map<String, TensorRef> sd = new LinkedHashMap<>();
        sd.put("w", ones(3, 2));
        sd.put("b", ones(4));
        sd.put("extra", ones(1));
        sd.put("z", ones(1));
        ModuleInstance m = module();
        LoadStateDict.LoadStateDictException e = assertThrows(LoadStateDict.LoadStateDictException.class,
                () -> LoadStateDict.load(m, sd, true));
        assertEquals("Error(s) in loading state_dict for M:\n\tMissing key(s) in state_dict: \"sub.t\". \n\t"
                + "Unexpected key(s) in state_dict: \"extra\", \"z\". \n\tsize mismatch for w: copying a param with "
                + "shape torch.Size([3, 2]) from checkpoint, the shape in current model is torch.Size([2, 3]).\n\t"
                + "size mismatch for b: copying a param with shape torch.Size([4]) from checkpoint, the shape in "
                + "current model is torch.Size([3]).", e.getMessage());
        assertEquals(0.0, TensorData.read((TensorRef) m.attributes().get(0).value()).floats()[0], "nothing copied");
    }

    @Test
    void aLenientLoadCopiesIntoTheModulesOwnDtypes() {
        Map<String, TensorRef> sd = new LinkedHashMap<>();
        sd.put("w", new TensorData(Dtypes.FLOAT64, new long[] {2, 3}, new double[] {1, 2, 3, 4, 5, 6}, null, null).toTensor());
        sd.put("b", floats(new long[] {3}, 1, 1, 1));
        sd.put("sub.t", floats(new long[] {3}, 7, 8, 9));
        sd.put("q", ones(1));
        ModuleInstance m = module();
        LoadStateDict.IncompatibleKeys keys = LoadStateDict.load(m, sd, false);
        assertEquals(List.of(), keys.missingKeys());
        assertEquals(List.of("q"), keys.unexpectedKeys());
        assertEquals(new TensorData(Dtypes.FLOAT32, new long[] {2, 3}, new double[] {1, 2, 3, 4, 5, 6}, null, null),
                TensorData.read((TensorRef) m.attributes().get(0).value()));
        assertEquals(new TensorData(Dtypes.INT64, new long[] {3}, null, new long[] {1, 1, 1}, null),
                TensorData.read((TensorRef) m.attributes().get(1).value()));
        ModuleInstance sub = (ModuleInstance) m.attributes().get(2).value();
        assertEquals(new TensorData(Dtypes.FLOAT32, new long[] {3}, new double[] {7, 8, 9}, null, null),
                TensorData.read((TensorRef) sub.attributes().get(0).value()));
    }

    @Test
    void aStateDictSavedByTheReferenceLoadsIntoTheMatchingModule() throws Exception {
        Path file = Path.of(LoadStateDictTest.class.getResource("/weights/state_dict.pt").toURI());
        Map<String, TensorRef> sd = StateDicts.read(file);
        try {
            ModuleInstance lin = new ModuleInstance("__torch__.torch.nn.modules.linear.Linear", List.of(
                    new Attribute("weight", Types.TENSOR, Kind.PARAMETER, floats(new long[] {2, 3}, 0, 0, 0, 0, 0, 0)),
                    new Attribute("bias", Types.TENSOR, Kind.PARAMETER, floats(new long[] {2}, 0, 0))));
            ModuleInstance small = new ModuleInstance("__torch__.Small", List.of(
                    new Attribute("scale", Types.TENSOR, Kind.PARAMETER,
                            new TensorData(Dtypes.FLOAT64, new long[] {}, new double[] {0}, null, null).toTensor()),
                    new Attribute("lin", new Type.ModuleType(lin.qualifiedName(), TypeDeclaration.NONE), Kind.MODULE, lin)));
            LoadStateDict.IncompatibleKeys keys = LoadStateDict.load(small, sd, false);
            assertEquals(List.of(), keys.missingKeys());
            assertEquals(List.of("steps", "mask", "halves", "brain", "octets", "chars", "shorts", "ints", "empty"),
                    keys.unexpectedKeys());
            assertEquals(TensorData.read(sd.get("lin.weight")), TensorData.read((TensorRef) lin.attributes().get(0).value()));
            assertEquals(TensorData.read(sd.get("scale")), TensorData.read((TensorRef) small.attributes().get(0).value()));
        } finally {
            StateDicts.release(sd);
        }
    }
}
