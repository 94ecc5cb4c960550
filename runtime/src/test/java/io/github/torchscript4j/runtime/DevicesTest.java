package io.github.torchscript4j.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.torchscript4j.checker.eval.DeviceValue;
import io.github.torchscript4j.runtime.value.Dtypes;
import io.github.torchscript4j.runtime.value.TensorData;
import io.github.torchscript4j.runtime.value.TensorRef;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Devices: {@code cpu} by default, {@code cuda[:N]} only with Bytedeco's GPU build ({@code -Pcuda})
 * and a GPU; otherwise a clear {@link Devices.DeviceUnavailableException}. On a machine without
 * them (CI) the error is what is tested; with them, that tensors really move.
 */
@Tag("native")
class DevicesTest {
    private static final String SOURCE = """
            import torch

            @torch.jit.script
            def where(x: torch.Tensor) -> str:
                return str(x.device)

            @torch.jit.script
            def double(x: torch.Tensor) -> torch.Tensor:
                return x * 2
            """;

    private static TensorRef tensor() {
        return new TensorData(Dtypes.FLOAT32, new long[] {2}, new double[] {1, 2}, null, null).toTensor();
    }

    @Test
    void devicesAreCpuCudaOrCudaN() {
        assertEquals(DeviceValue.CPU, Devices.parse("cpu"));
        assertEquals(new DeviceValue("cuda", 1), Devices.parse("cuda:1"));
        assertEquals(new DeviceValue("cuda", -1), Devices.parse("cuda"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Devices.parse("gpu"));
        assertEquals("unknown device 'gpu': expected cpu, cuda or cuda:N", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Devices.parse("cuda:x"));
    }

    @Test
    void theCpuIsTheDefaultAndAlwaysThere() {
        TorchScriptRuntime script = TorchScriptRuntime.compile("d.py", SOURCE);
        assertEquals(DeviceValue.CPU, script.device());
        assertEquals("cpu", script.onDevice("cpu").call("where", tensor()));
    }

    @Test
    void cudaWithoutACudaBuildIsAClearError() {
        Libtorch.ensureLoaded();
        assumeFalse(Devices.cudaBuild(), "this libtorch is a CUDA build");
        TorchScriptRuntime script = TorchScriptRuntime.compile("d.py", SOURCE);
        Devices.DeviceUnavailableException e =
                assertThrows(Devices.DeviceUnavailableException.class, () -> script.onDevice("cuda:0"));
        assertEquals("cannot use device cuda:0: this libtorch is Bytedeco's CPU build (pytorch:"
                + Libtorch.BYTEDECO_VERSION + ":linux-x86_64); build with the Maven profile -Pcuda for the"
                + " linux-x86_64-gpu artifacts", e.getMessage());
        assertTrue(assertThrows(Devices.DeviceUnavailableException.class, () -> script.onDevice("cuda"))
                .getMessage().startsWith("cannot use device cuda: "));
    }

    @Test
    void onAGpuTensorArgumentsMoveThere() {
        Libtorch.ensureLoaded();
        assumeTrue(Devices.cudaBuild() && torch.cuda_is_available(), "no CUDA build with a GPU here");
        TorchScriptRuntime script = TorchScriptRuntime.compile("d.py", SOURCE).onDevice("cuda:0");
        assertEquals("cuda:0", script.call("where", tensor()));
        TensorRef y = (TensorRef) script.call("double", tensor());
        TensorRef back = (TensorRef) Devices.moveTo(y, DeviceValue.CPU);
        assertEquals(List.of(2.0, 4.0), List.of(TensorData.read(back).floats()[0], TensorData.read(back).floats()[1]));
        Devices.DeviceUnavailableException e = assertThrows(Devices.DeviceUnavailableException.class,
                () -> TorchScriptRuntime.compile("d.py", SOURCE).onDevice("cuda:" + torch.cuda_device_count()));
        assertTrue(e.getMessage().contains("GPU"), e.getMessage());
    }

    @Test
    void movingToTheDeviceATensorIsOnKeepsIt() {
        TensorRef x = tensor();
        List<Object> moved = new ArrayList<>(List.of(x));
        Object same = Devices.moveTo(moved, DeviceValue.CPU);
        assertSame(x, ((List<?>) same).get(0));
        assertEquals(2, x.owners());
    }
}
