package io.github.torchscript4j.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The incremental state: what counts as up to date, and that any doubt means "check again". */
class BuildStateTest {
    @TempDir Path dir;

    private Path stateFile() {
        return dir.resolve("target/maven-status/torchscript/compile.state");
    }

    @Test
    void aCleanUnchangedSourceIsUpToDateAfterARoundTrip() throws IOException {
        Path src = dir.resolve("a.py");
        BuildState state = BuildState.empty("config A");
        state.put(src, new BuildState.Entry(120, 1_700_000_000_123L, true, "a.py"));
        state.save(stateFile());
        BuildState read = BuildState.load(stateFile(), "config A");
        assertTrue(read.isUpToDate(src, 120, 1_700_000_000_123L));
        assertFalse(read.isUpToDate(src, 121, 1_700_000_000_123L), "size changed");
        assertFalse(read.isUpToDate(src, 120, 1_700_000_000_124L), "modified");
        assertFalse(read.isUpToDate(dir.resolve("b.py"), 120, 1_700_000_000_123L), "never seen");
        assertEquals(Map.of(BuildState.key(src), new BuildState.Entry(120, 1_700_000_000_123L, true, "a.py")),
                read.entries());
    }

    @Test
    void aSourceIsStaleWhenAFileItImportsChangesOrGoes() throws IOException {
        Path src = dir.resolve("main.py");
        Path dep = java.nio.file.Files.writeString(dir.resolve("util.py"), "def f(): pass\n");
        Path other = java.nio.file.Files.writeString(dir.resolve("low.py"), "x = 1\n");
        BuildState state = BuildState.empty("c");
        state.put(src, new BuildState.Entry(5, 6, true, "main.py",
                java.util.List.of(BuildState.Dependency.of(dep), BuildState.Dependency.of(other))));
        state.save(stateFile());
        BuildState read = BuildState.load(stateFile(), "c");
        assertEquals(state.entries(), read.entries(), "the dependencies survive the round trip");
        assertTrue(read.isUpToDate(src, 5, 6));
        java.nio.file.Files.writeString(dep, "def f(): return 1\n");
        assertFalse(read.isUpToDate(src, 5, 6), "an imported file changed");
        java.nio.file.Files.writeString(dep, "def f(): pass\n");
        java.nio.file.Files.setLastModifiedTime(dep, java.nio.file.attribute.FileTime.fromMillis(
                read.entries().get(BuildState.key(src)).dependencies().get(0).lastModified()));
        assertTrue(read.isUpToDate(src, 5, 6), "as it was");
        java.nio.file.Files.delete(other);
        assertFalse(read.isUpToDate(src, 5, 6), "an imported file is gone");
    }

    @Test
    void onlyAChangedStateNeedsWriting() throws IOException {
        Path src = dir.resolve("a.py");
        BuildState state = BuildState.empty("c");
        assertTrue(state.isModified(), "a new state is written");
        state.put(src, new BuildState.Entry(1, 2, true, "a.py"));
        state.save(stateFile());
        BuildState read = BuildState.load(stateFile(), "c");
        assertFalse(read.isModified());
        read.put(src, new BuildState.Entry(1, 2, true, "a.py"));
        assertFalse(read.isModified(), "the same entry again");
        read.put(src, new BuildState.Entry(1, 3, true, "a.py"));
        assertTrue(read.isModified());
        BuildState other = BuildState.load(stateFile(), "c");
        other.remove(BuildState.key(dir.resolve("never.py")));
        assertFalse(other.isModified());
        other.remove(BuildState.key(src));
        assertTrue(other.isModified());
    }

    @Test
    void aSourceThatReportedSomethingIsNeverUpToDate() throws IOException {
        Path src = dir.resolve("bad.py");
        BuildState state = BuildState.empty("c");
        state.put(src, new BuildState.Entry(10, 20, false, "bad.py"));
        state.save(stateFile());
        BuildState read = BuildState.load(stateFile(), "c");
        assertFalse(read.isUpToDate(src, 10, 20));
        assertEquals("bad.py", read.entry(src).orElseThrow().outputPath(), "still known, to clean its outputs");
    }

    @Test
    void anotherConfigurationForgetsEverything() throws IOException {
        Path src = dir.resolve("a.py");
        BuildState state = BuildState.empty("config A");
        state.put(src, new BuildState.Entry(1, 2, true, "a.py"));
        state.save(stateFile());
        assertEquals(Map.of(), BuildState.load(stateFile(), "config B").entries());
    }

    @Test
    void aMissingOrMalformedFileIsAnEmptyState() throws IOException {
        assertEquals(Map.of(), BuildState.load(stateFile(), "c").entries());
        BuildState state = BuildState.empty("c");
        state.put(dir.resolve("a.py"), new BuildState.Entry(1, 2, true, "a.py"));
        state.save(stateFile());
        String good = Files.readString(stateFile());
        for (String broken : new String[] {
            good.replace("\t1\ta.py", "\tyes\ta.py"), // bad flag
            good.replace("1\t2\t", "one\t2\t"), // bad number
            good.replace("\ta.py\t", "\t"), // missing field
            good.replace(BuildState.HEADER, "# some other file"),
        }) {
            Files.writeString(stateFile(), broken);
            assertEquals(Map.of(), BuildState.load(stateFile(), "c").entries(), broken);
        }
        Files.write(stateFile(), new byte[] {(byte) 0xff, (byte) 0xfe, 0});
        assertEquals(Map.of(), BuildState.load(stateFile(), "c").entries());
    }

    @Test
    void aPathWithATabIsNotRecordedSoItIsCheckedEveryTime() throws IOException {
        BuildState state = BuildState.empty("c");
        state.put(dir.resolve("a\tb.py"), new BuildState.Entry(1, 2, true, "a\tb.py"));
        state.put(dir.resolve("ok.py"), new BuildState.Entry(1, 2, true, "ok.py"));
        state.save(stateFile());
        BuildState read = BuildState.load(stateFile(), "c");
        assertEquals(1, read.entries().size(), Files.readString(stateFile(), StandardCharsets.UTF_8));
        assertFalse(read.isUpToDate(dir.resolve("a\tb.py"), 1, 2));
    }
}
