package io.github.torchscript4j.maven;

import io.github.torchscript4j.maven.ModelDeclarations.Declared;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What a packaged archive was made from, as one SHA-256: the model's declaration, every {@code .py}
 * file under the source directories (a model may import any of them), its weights file, and the
 * plugin's own jar (a new plugin may package differently). The {@code package} goal stores it next
 * to the build's other state after a model is packaged and verified, and packages the model again
 * only when the archive is gone or the fingerprint changed — the stale check of code-generating
 * plugins, for a goal that takes seconds per model.
 */
final class PackageFingerprint {
    private PackageFingerprint() {}

    /** The fingerprint of {@code model}'s inputs; {@code weights} is its resolved weights file or null. */
    static String of(Declared model, Path weights, List<Path> roots) throws IOException {
        MessageDigest digest = sha256();
        text(digest, "declaration " + String.join("\u0000", model.name(), model.file().toString(), model.entry(),
                model.mode().toString(), model.inputs().toString(), model.checkTexts().toString(),
                Long.toString(model.seed()), Double.toString(model.tolerance()), model.device(),
                String.valueOf(model.args()), String.valueOf(model.weights()), String.valueOf(model.classifier())));
        for (Path root : roots) {
            if (!Files.isDirectory(root)) {
                continue;
            }
            List<Path> files;
            try (Stream<Path> walk = Files.walk(root)) {
                files = walk.filter(p -> p.toString().endsWith(".py") && Files.isRegularFile(p)).sorted().toList();
            }
            for (Path file : files) {
                text(digest, "source " + root.relativize(file));
                file(digest, file);
            }
        }
        if (weights != null) {
            text(digest, "weights");
            file(digest, weights);
        }
        Optional<Path> jar = pluginJar();
        if (jar.isPresent() && Files.isRegularFile(jar.get())) {
            text(digest, "plugin " + Files.size(jar.get()) + " " + Files.getLastModifiedTime(jar.get()).toMillis());
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** The fingerprint stored for {@code model} after its last successful packaging, if any. */
    static Optional<String> stored(Path stateDirectory, String model) {
        try {
            return Optional.of(Files.readString(file(stateDirectory, model), StandardCharsets.UTF_8).strip());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Stores {@code fingerprint} for {@code model}. */
    static void store(Path stateDirectory, String model, String fingerprint) throws IOException {
        Files.createDirectories(stateDirectory);
        Files.writeString(file(stateDirectory, model), fingerprint + "\n", StandardCharsets.UTF_8);
    }

    /** Forgets {@code model}'s fingerprint (its packaging failed, or is under way). */
    static void forget(Path stateDirectory, String model) throws IOException {
        Files.deleteIfExists(file(stateDirectory, model));
    }

    private static Path file(Path stateDirectory, String model) {
        return stateDirectory.resolve(model + ".sha256");
    }

    private static Optional<Path> pluginJar() {
        try {
            var source = PackageFingerprint.class.getProtectionDomain().getCodeSource();
            return source == null ? Optional.empty() : Optional.of(Path.of(source.getLocation().toURI()));
        } catch (URISyntaxException | SecurityException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static void text(MessageDigest digest, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        digest.update(Integer.toString(bytes.length).getBytes(StandardCharsets.US_ASCII));
        digest.update((byte) ':');
        digest.update(bytes);
    }

    private static void file(MessageDigest digest, Path file) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(OutputStreamSink.INSTANCE);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /** Discards what is written: the digest stream sees the bytes on the way. */
    private static final class OutputStreamSink extends java.io.OutputStream {
        static final OutputStreamSink INSTANCE = new OutputStreamSink();

        @Override
        public void write(int b) {}

        @Override
        public void write(byte[] b, int off, int len) {}
    }
}
