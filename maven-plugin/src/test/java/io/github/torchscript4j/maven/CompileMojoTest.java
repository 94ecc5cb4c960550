package io.github.torchscript4j.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.plugin.logging.SystemStreamLog;
import org.junit.jupiter.api.Test;

/** The {@code compile} goal as Maven sees it (its descriptor) and as it behaves today. */
class CompileMojoTest {

    /** A log that keeps the info lines. */
    private static final class RecordingLog extends SystemStreamLog {
        final List<String> infos = new ArrayList<>();

        @Override
        public void info(CharSequence content) {
            infos.add(content.toString());
        }
    }

    private static List<String> run(boolean skip) throws ReflectiveOperationException {
        CompileMojo mojo = new CompileMojo();
        set(mojo, "skip", skip);
        set(mojo, "sourceDirectory", new File("src/main/torchscript"));
        RecordingLog log = new RecordingLog();
        mojo.setLog(log);
        mojo.execute();
        return log.infos;
    }

    private static void set(Object target, String name, Object value) throws ReflectiveOperationException {
        Field field = target.getClass().getDeclaredField(name);
        field.setAccessible(true);
        field.set(target, value);
    }

    @Test
    void saysHonestlyThatNothingIsCheckedYet() throws ReflectiveOperationException {
        List<String> infos = run(false);
        assertTrue(infos.stream().anyMatch(line -> line.contains("not implemented yet")), infos.toString());
    }

    @Test
    void skipSkips() throws ReflectiveOperationException {
        assertEquals(List.of("TorchScript: skipped (torchscript.skip=true)"), run(true));
    }

    @Test
    void descriptorDeclaresTheGoalPrefixPhaseAndParameters() throws IOException {
        // Written by maven-plugin-plugin before the tests run.
        String descriptor = Files.readString(
                Path.of("target/classes/META-INF/maven/plugin.xml"), StandardCharsets.UTF_8);
        assertTrue(descriptor.contains("<goalPrefix>torchscript</goalPrefix>"), descriptor);
        assertTrue(descriptor.contains("<goal>compile</goal>"), descriptor);
        assertTrue(descriptor.contains("<phase>compile</phase>"), descriptor);
        assertTrue(descriptor.contains("<threadSafe>true</threadSafe>"), descriptor);
        assertTrue(descriptor.contains("<skip implementation=\"boolean\" default-value=\"false\">${torchscript.skip}</skip>"), descriptor);
        assertTrue(descriptor.contains("${project.basedir}/src/main/torchscript"), descriptor);
    }
}
