package io.github.torchscript4j.maven;

import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.logging.SystemStreamLog;

/**
 * A Maven project in a temporary folder and the {@code compile} and {@code trace-check} goals run
 * on it as Maven would run them: parameters injected into the Mojo's fields (Maven sets them by
 * reflection too, defaults already expanded), the log recorded line by line with its level.
 */
final class TestProject {
    /** One logged message: {@code ERROR}, {@code WARNING}, {@code INFO} or {@code DEBUG}, and its text. */
    record Line(String level, String text) {
        @Override
        public String toString() {
            return "[" + level + "] " + text;
        }
    }

    /** A log that keeps every message. */
    static final class RecordingLog extends SystemStreamLog {
        final List<Line> lines = new ArrayList<>();

        @Override
        public void error(CharSequence content) {
            lines.add(new Line("ERROR", content.toString()));
        }

        @Override
        public void warn(CharSequence content) {
            lines.add(new Line("WARNING", content.toString()));
        }

        @Override
        public void info(CharSequence content) {
            lines.add(new Line("INFO", content.toString()));
        }

        @Override
        public void debug(CharSequence content) {
            lines.add(new Line("DEBUG", content.toString()));
        }

        @Override
        public boolean isDebugEnabled() {
            return true;
        }
    }

    final Path basedir;
    /** Parameter values by field name, over the defaults of {@link #TestProject(Path)}. */
    final Map<String, Object> parameters = new HashMap<>();
    /** The {@code trace-check} goal's parameter values by field name, over its defaults. */
    final Map<String, Object> traceParameters = new HashMap<>();
    /** The {@code <models>} of the configuration. */
    final List<Model> models = new ArrayList<>();

    TestProject(Path basedir) {
        this.basedir = basedir.toAbsolutePath();
        parameters.put("skip", false);
        parameters.put("sourceDirectory", basedir.resolve("src/main/torchscript").toFile());
        parameters.put("outputDirectory", basedir.resolve("target/torchscript").toFile());
        parameters.put("failOnError", true);
        parameters.put("failOnWarning", false);
        parameters.put("incremental", true);
        parameters.put("basedir", basedir.toFile());
        parameters.put("buildDirectory", basedir.resolve("target").toFile());
        parameters.put("sarifFile", basedir.resolve("target/torchscript/torchscript.sarif").toString());
        parameters.put("pluginVersion", "1.2.3-TEST");
        traceParameters.put("skip", false);
        traceParameters.put("skipTests", false);
        traceParameters.put("sourceDirectory", basedir.resolve("src/main/torchscript").toFile());
        traceParameters.put("reportsDirectory", basedir.resolve("target/torchscript-reports").toFile());
        traceParameters.put("basedir", basedir.toFile());
        traceParameters.put("failOnMismatch", true);
        traceParameters.put("testFailureIgnore", false);
    }

    /** Declares a model as {@code <model>} would: name, source, entry, mode, inputs, then check inputs. */
    Model model(String name, String source, String entry, String mode, String inputs, String... checkInputs) {
        Model m = new Model();
        m.name = name;
        m.source = source;
        m.entry = entry;
        m.mode = mode;
        m.inputs = inputs;
        m.checkInputs = checkInputs.length == 0 ? null : List.of(checkInputs);
        models.add(m);
        return m;
    }

    /** A JUnit report of {@code trace-check}. */
    Path report(String model) {
        return basedir.resolve("target/torchscript-reports/TEST-" + model + ".xml");
    }

    /** Writes a source under {@code src/main/torchscript}. */
    Path source(String relativePath, String text) throws IOException {
        return write("src/main/torchscript/" + relativePath, text);
    }

    Path write(String relativePath, String text) throws IOException {
        Path file = basedir.resolve(relativePath);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    /** A file under {@code target/torchscript}. */
    Path output(String relativePath) {
        return basedir.resolve("target/torchscript/" + relativePath);
    }

    /** The SARIF report at its default place. */
    Path sarif() {
        return basedir.resolve("target/torchscript/torchscript.sarif");
    }

    /** A source file's absolute path as the messages print it. */
    String path(String relativePath) {
        return basedir.resolve("src/main/torchscript/" + relativePath).normalize().toString();
    }

    /** Runs the goal; the build succeeded. */
    List<Line> compile() throws MojoExecutionException, MojoFailureException {
        RecordingLog log = new RecordingLog();
        mojo(log).execute();
        return log.lines;
    }

    /** Runs the goal, which fails the build; the log and the failure. */
    record Failed(List<Line> lines, MojoFailureException failure) {}

    Failed compileFailing() throws MojoExecutionException {
        RecordingLog log = new RecordingLog();
        try {
            mojo(log).execute();
        } catch (MojoFailureException e) {
            return new Failed(log.lines, e);
        }
        throw new AssertionError("the build did not fail: " + log.lines);
    }

    /** Runs {@code trace-check}; the build succeeded. */
    List<Line> traceCheck() throws MojoExecutionException, MojoFailureException {
        RecordingLog log = new RecordingLog();
        traceMojo(log).execute();
        return log.lines;
    }

    /** Runs {@code trace-check}, which fails the build; the log and the failure. */
    Failed traceCheckFailing() throws MojoExecutionException {
        RecordingLog log = new RecordingLog();
        try {
            traceMojo(log).execute();
        } catch (MojoFailureException e) {
            return new Failed(log.lines, e);
        }
        throw new AssertionError("the build did not fail: " + log.lines);
    }

    private TraceCheckMojo traceMojo(RecordingLog log) {
        TraceCheckMojo mojo = new TraceCheckMojo();
        traceParameters.forEach((name, value) -> set(mojo, name, value));
        set(mojo, "models", new ArrayList<>(models));
        mojo.setLog(log);
        return mojo;
    }

    private CompileMojo mojo(RecordingLog log) {
        CompileMojo mojo = new CompileMojo();
        parameters.forEach((name, value) -> set(mojo, name, value));
        mojo.setLog(log);
        return mojo;
    }

    /** Sets a Mojo's parameter field, as Maven does (declared by the Mojo's class or one above it). */
    static void set(Object target, String name, Object value) {
        for (Class<?> c = target.getClass(); c != null; c = c.getSuperclass()) {
            try {
                Field field = c.getDeclaredField(name);
                field.setAccessible(true);
                field.set(target, value instanceof Path p ? p.toFile() : value);
                return;
            } catch (NoSuchFieldException e) {
                // declared further up
            } catch (ReflectiveOperationException e) {
                throw new AssertionError("cannot set parameter " + name, e);
            }
        }
        throw new AssertionError("no parameter " + name + " in " + target.getClass());
    }

    static List<String> texts(List<Line> lines, String level) {
        return lines.stream().filter(l -> l.level().equals(level)).map(Line::text).toList();
    }
}
