package io.github.torchscript4j.runtime;

import io.github.torchscript4j.runtime.value.Dtypes;
import io.github.torchscript4j.runtime.value.TensorData;
import io.github.torchscript4j.runtime.value.TensorRef;

/**
 * The program {@link FreshMachineRunsTest} runs in a new JVM: compiles a small TorchScript file
 * with {@link TorchScriptRuntime} — loading libtorch, from an empty JavaCPP cache when the test
 * makes it so — calls it, and prints the result.
 */
public final class RunProgramMain {
    private RunProgramMain() {}

    public static void main(String[] args) {
        TorchScriptRuntime script = TorchScriptRuntime.compile("fresh.py", """
                import torch

                @torch.jit.script
                def grow(x: torch.Tensor, n: int) -> torch.Tensor:
                    for i in range(n):
                        x = torch.relu(x * 2 - 1)
                    return x.sum()
                """);
        TensorRef x = new TensorData(Dtypes.FLOAT32, new long[] {3}, new double[] {1, 2, 3}, null, null).toTensor();
        TensorRef y = (TensorRef) script.call("grow", x, 3);
        System.out.println("result=" + TensorData.read(y).floats()[0]);
        System.out.flush();
    }
}
