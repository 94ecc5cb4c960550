package io.github.torchscript4j.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.TreeSet;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.global.torch;

/**
 * The program {@link LoadFromEmptyCacheTest} runs in a fresh JVM: loads libtorch, computes with
 * it, and prints which libtorch files the process has mapped ({@code /proc/self/maps}), so that the
 * test can tell Bytedeco's libraries from a foreign libtorch.
 */
public final class LoadLibtorchMain {
    private LoadLibtorchMain() {}

    public static void main(String[] args) throws IOException {
        Libtorch.ensureLoaded();
        Libtorch.ensureLoaded(); // the second call is a no-op
        try (PointerScope scope = new PointerScope()) {
            System.out.println("sum=" + torch.ones(2, 3).sum().item_float());
        }
        TreeSet<String> mapped = new TreeSet<>();
        for (String line : Files.readAllLines(Path.of("/proc/self/maps"))) {
            int slash = line.indexOf('/');
            if (slash >= 0) {
                String file = line.substring(slash);
                String name = file.substring(file.lastIndexOf('/') + 1);
                if (name.startsWith("libtorch") || name.startsWith("libc10") || name.startsWith("libjnitorch")) {
                    mapped.add(file);
                }
            }
        }
        for (String file : mapped) {
            System.out.println("mapped " + file);
        }
        System.out.println("loaded libtorch " + Libtorch.VERSION);
    }
}
