package io.github.torchscript4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.github.torchscript4j.runtime.Devices;
import io.github.torchscript4j.runtime.Libtorch;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code torchscript run --device}: {@code cpu} runs as without it; a device that is no device, or
 * CUDA where libtorch is the CPU build, is an error before anything runs (status 2) that says what
 * to do. Loads libtorch.
 */
@Tag("native")
class RunDeviceTest {
    private static final String SOURCE = """
            import torch

            @torch.jit.script
            def twice(x: torch.Tensor) -> torch.Tensor:
                return x * 2
            """;
    private static final String INPUTS = "[{\"tensor\": {\"dtype\": \"float32\", \"shape\": [2], \"data\": [1.0, 2.5]}}]";

    @TempDir Path dir;

    record Run(int status, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.execute(args, new ByteArrayInputStream(new byte[0]), new PrintWriter(out), new PrintWriter(err));
        return new Run(status, out.toString().replace(System.lineSeparator(), "\n"), err.toString());
    }

    private Path file() throws IOException {
        return Files.writeString(dir.resolve("twice.py"), SOURCE, StandardCharsets.UTF_8);
    }

    @Test
    void onTheCpuTheAnswerIsTheSame() throws IOException {
        Run cpu = run("run", file().toString(), "--function", "twice", "--inputs", INPUTS, "--device", "cpu");
        assertEquals(Main.OK, cpu.status(), cpu.err());
        assertEquals("{\"output\": {\"tensor\": {\"dtype\": \"float32\", \"shape\": [2], \"data\": [2.0, 5.0]}}}\n", cpu.out());
    }

    @Test
    void anUnknownDeviceCannotRun() throws IOException {
        Run bad = run("run", file().toString(), "--function", "twice", "--inputs", INPUTS, "--device", "tpu");
        assertEquals(Main.CANNOT_RUN, bad.status());
        assertEquals("", bad.out());
        assertTrue(bad.err().contains("--device tpu: unknown device 'tpu': expected cpu, cuda or cuda:N"), bad.err());
    }

    @Test
    void cudaOnTheCpuBuildCannotRunAndSaysWhy() throws IOException {
        Libtorch.ensureLoaded();
        assumeFalse(Devices.cudaBuild(), "this libtorch is a CUDA build");
        Run cuda = run("run", file().toString(), "--function", "twice", "--inputs", INPUTS, "--device", "cuda:0");
        assertEquals(Main.CANNOT_RUN, cuda.status());
        assertEquals("", cuda.out());
        assertTrue(cuda.err().contains("--device cuda:0: cannot use device cuda:0: this libtorch is Bytedeco's CPU build"), cuda.err());
        assertTrue(cuda.err().contains("-Pcuda"), cuda.err());
    }
}
