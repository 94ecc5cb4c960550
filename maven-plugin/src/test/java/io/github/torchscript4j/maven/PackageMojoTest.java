package io.github.torchscript4j.maven;

import static io.github.torchscript4j.maven.TestProject.texts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.torchscript4j.maven.TestProject.Line;
import io.github.torchscript4j.maven.TestProject.RecordingLog;
import java.io.File;
import java.lang.reflect.Field;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.project.MavenProject;
import org.apache.maven.project.MavenProjectHelper;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code package} goal run as Maven runs it (parameters injected into its fields, the log
 * recorded, {@link MavenProjectHelper} a recorder of what is attached): a scripted module with an
 * {@code nn.Linear} is built, compiled, written, verified three ways and attached with its
 * classifier; failures name the model, the stage and the source location, and every model is tried.
 * Loads libtorch.
 */
@Tag("native")
class PackageMojoTest {
    private static final String NET = """
            import torch
            import torch.nn as nn


            class Net(nn.Module):
                def __init__(self, features: int, classes: int = 2):
                    super().__init__()
                    self.fc = nn.Linear(features, classes)

                def forward(self, x):
                    return torch.relu(self.fc(x))


            def helper(x):
                return x + 1
            """;

    @TempDir Path dir;

    /** One {@code attachArtifact(project, type, classifier, file)} call. */
    record Attached(String type, String classifier, File file) {}

    final List<Attached> attached = new ArrayList<>();
    final List<Model> models = new ArrayList<>();

    Model model(String name, String source, String entry, String args, String inputs) {
        Model m = new Model();
        m.name = name;
        m.source = source;
        m.entry = entry;
        m.args = args;
        m.inputs = inputs;
        models.add(m);
        return m;
    }

    void source(String relativePath, String text) throws Exception {
        Path file = dir.resolve("src/main/torchscript").resolve(relativePath);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    PackageMojo mojo(RecordingLog log, boolean skip) throws Exception {
        PackageMojo mojo = new PackageMojo();
        MavenProject project = new MavenProject();
        project.setGroupId("g");
        project.setArtifactId("app");
        project.setVersion("1.0");
        MavenProjectHelper helper = (MavenProjectHelper) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {MavenProjectHelper.class}, (proxy, method, args) -> {
                    if (method.getName().equals("attachArtifact") && args.length == 4) {
                        assertTrue(args[0] == project);
                        attached.add(new Attached((String) args[1], (String) args[2], (File) args[3]));
                        return null;
                    }
                    throw new AssertionError("unexpected call " + method);
                });
        set(mojo, "skip", skip);
        set(mojo, "models", new ArrayList<>(models));
        set(mojo, "sourceDirectory", dir.resolve("src/main/torchscript").toFile());
        set(mojo, "modelsDirectory", dir.resolve("target/torchscript-models").toFile());
        set(mojo, "attach", true);
        set(mojo, "incremental", true);
        set(mojo, "buildDirectory", dir.resolve("target").toFile());
        set(mojo, "basedir", dir.toFile());
        set(mojo, "project", project);
        set(mojo, "projectHelper", helper);
        mojo.setLog(log);
        return mojo;
    }

    private static void set(Object target, String name, Object value) {
        TestProject.set(target, name, value);
    }

    private static Set<String> entries(File archive) throws Exception {
        Set<String> names = new TreeSet<>();
        try (ZipFile zip = new ZipFile(archive)) {
            for (ZipEntry e : Collections.list(zip.entries())) {
                names.add(e.getName().substring(e.getName().indexOf('/') + 1));
            }
        }
        return names;
    }

    @Test
    void aScriptedModulePackagesVerifiesAndIsAttached() throws Exception {
        source("models/net.py", NET);
        model("net", "models/net.py", "Net", "{\"features\": 3}", "float32[2,3](-1,1)").classifier = "linear-net";
        RecordingLog log = new RecordingLog();

        mojo(log, false).execute();

        File archive = dir.resolve("target/torchscript-models/net.pt").toFile();
        assertEquals(List.of(new Attached("pt", "linear-net", archive)), attached);
        assertTrue(entries(archive).containsAll(Set.of("data.pkl", "constants.pkl", "version", "code/__torch__.py")),
                entries(archive).toString());
        List<String> info = texts(log.lines, "INFO");
        assertTrue(info.contains("TorchScript package: net (Net of net.py): built (0 parameters, 0 buffers, 1 submodule),"
                + " compiled __torch__.torch.nn.modules.linear.Linear, __torch__.Net, written " + archive + " ("
                + archive.length() + " bytes)"), info.toString());
        assertTrue(info.stream().anyMatch(l -> l.startsWith("TorchScript package: net: verified: our interpreter,"
                + " libtorch, eager Python agree (rtol 0.00001); output {\"tensor\": {\"dtype\": \"float32\", \"shape\": [2, 2]")),
                info.toString());
        assertTrue(info.contains("TorchScript package: net: attached as app-1.0-linear-net.pt"), info.toString());
        assertTrue(info.contains("TorchScript package: 1 model, 1 packaged and verified, 0 failed"), info.toString());
        assertEquals(List.of(), texts(log.lines, "ERROR"));
    }

    @Test
    void everyModelIsTriedAndEachFailureNamesItsModelStageAndLocation() throws Exception {
        source("models/net.py", NET);
        source("models/bad.py", """
                import torch


                class Bad(torch.nn.Module):
                    def forward(self, x):
                        y: int = x
                        return x
                """);
        model("bad", "models/bad.py", "Bad", null, "float32[3]");
        model("raises", "models/net.py", "Net", "{\"features\": 3, \"colours\": 2}", "float32[3]");
        model("weightless", "models/net.py", "Net", "{\"features\": 3}", "float32[3]").weights = "weights/absent.pt";
        model("good", "models/net.py", "Net", "{\"features\": 3}", "float32[3]");
        RecordingLog log = new RecordingLog();

        MojoFailureException e = assertThrows(MojoFailureException.class, () -> mojo(log, false).execute());

        String bad = dir.resolve("src/main/torchscript/models/bad.py").toString();
        List<String> errors = texts(log.lines, "ERROR");
        assertEquals(3, errors.size(), errors.toString());
        assertTrue(errors.get(0).startsWith("TorchScript package: model 'bad': compiling the module: " + bad
                + ":6:9: Variable 'y' is annotated with type int"), errors.get(0));
        assertTrue(errors.get(1).startsWith("TorchScript package: model 'raises': building the module: TypeError: "),
                errors.get(1));
        assertTrue(errors.get(1).contains("colours"), errors.get(1));
        assertEquals("TorchScript package: model 'weightless': weights 'weights/absent.pt' cannot be read ("
                + dir.resolve("weights/absent.pt") + ")", errors.get(2));
        assertEquals(1, attached.size());
        assertEquals("good", attached.get(0).classifier());
        assertTrue(e.getMessage().startsWith("TorchScript package: 3 models failed (listed above); the first: "
                + "TorchScript package: model 'bad': compiling the module: "), e.getMessage());
        assertTrue(texts(log.lines, "INFO").contains("TorchScript package: 4 models, 1 packaged and verified, 3 failed"));
    }

    /** The reference's weights ({@code torch.save} of PyTorch 1.13, recorded for the runtime's tests) load; others' do not. */
    @Test
    void weightsRelativeToTheProjectAreLoadedThroughLoadStateDict() throws Exception {
        source("models/my_module.py", Files.readString(Path.of("..", "examples", "modules", "my_module.py")));
        source("models/net.py", NET);
        Path weights = dir.resolve("weights/my_module.pt");
        Files.createDirectories(weights.getParent());
        Files.copy(Path.of("..", "runtime", "src", "test", "resources", "packaging", "my_module.weights.pt"), weights);
        model("trained", "models/my_module.py", "MyModule", "{\"N\": 3, \"M\": 4}", "float32[4]").weights =
                "weights/my_module.pt";
        model("wrong", "models/net.py", "Net", "{\"features\": 3}", "float32[3]").weights = "weights/my_module.pt";
        RecordingLog log = new RecordingLog();

        assertThrows(MojoFailureException.class, () -> mojo(log, false).execute());

        assertTrue(texts(log.lines, "INFO").stream().anyMatch(l -> l.startsWith("TorchScript package: trained (MyModule"
                + " of my_module.py): built (1 parameter, 0 buffers, 1 submodule), weights loaded from"
                + " weights/my_module.pt, compiled ")), log.lines.toString());
        List<String> errors = texts(log.lines, "ERROR");
        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.get(0).startsWith("TorchScript package: model 'wrong': loading the weights: " + weights
                + ": RuntimeError: Error(s) in loading state_dict for Net:"), errors.get(0));
        assertTrue(errors.get(0).contains("Missing key(s) in state_dict: \"fc.weight\", \"fc.bias\"."), errors.get(0));
        assertEquals(List.of("trained"), attached.stream().map(Attached::classifier).toList());
    }

    @Test
    void badDeclarationsFailBeforeAnythingIsBuilt() throws Exception {
        source("models/net.py", NET);
        model("json", "models/net.py", "Net", "{\"features\": 3", "float32[3]");
        model("list", "models/net.py", "Net", "[3]", "float32[3]");
        model("classy", "models/net.py", "Net", null, "float32[3]").classifier = "a b";
        RecordingLog log = new RecordingLog();

        MojoFailureException e = assertThrows(MojoFailureException.class, () -> mojo(log, false).execute());

        List<String> errors = texts(log.lines, "ERROR");
        assertEquals(3, errors.size(), errors.toString());
        assertTrue(errors.get(0).startsWith("TorchScript: model 'json': args are not JSON: "), errors.get(0));
        assertEquals("TorchScript: model 'list': bad args '[3]': a JSON object of keyword arguments, such as {\"N\": 3}",
                errors.get(1));
        assertEquals("TorchScript: model 'classy': bad classifier 'a b': use letters, digits, '_', '-' and '.'",
                errors.get(2));
        assertTrue(e.getMessage().startsWith("TorchScript: 3 errors in the <models> declarations"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("target/torchscript-models")));
    }

    @Test
    void aTracedModuleIsCheckedOnItsCheckInputsPackagedAndAttached() throws Exception {
        source("models/net.py", NET);
        Model m = model("traced", "models/net.py", "Net", "{\"features\": 3}", "float32[2,3](-1,1)");
        m.mode = "trace";
        m.checkInputs = List.of("float32[2,3]=1", "float32[5,3](0,1)");
        RecordingLog log = new RecordingLog();

        mojo(log, false).execute();

        File archive = dir.resolve("target/torchscript-models/traced.pt").toFile();
        assertEquals(List.of(new Attached("pt", "traced", archive)), attached);
        List<String> info = texts(log.lines, "INFO");
        assertTrue(info.contains("TorchScript package: traced (Net of net.py): built (0 parameters, 0 buffers, 1 submodule),"
                + " traced forward (checked on 2 check inputs) into __torch__.Net, __torch__.torch.nn.modules.linear.Linear,"
                + " written " + archive + " (" + archive.length() + " bytes)"), info.toString());
        assertTrue(info.contains("TorchScript package: 1 model, 1 packaged and verified, 0 failed"), info.toString());
        assertEquals(List.of(), texts(log.lines, "ERROR"));
    }

    @Test
    void anUnchangedModelIsUpToDateAndAnEditPackagesItAgain() throws Exception {
        source("models/net.py", NET);
        model("net", "models/net.py", "Net", "{\"features\": 3}", "float32[2,3](-1,1)");
        mojo(new RecordingLog(), false).execute();
        File archive = dir.resolve("target/torchscript-models/net.pt").toFile();
        long written = archive.lastModified();

        RecordingLog again = new RecordingLog();
        mojo(again, false).execute();
        List<String> info = texts(again.lines, "INFO");
        assertTrue(info.contains("TorchScript package: net: up to date (" + archive + ")"), info.toString());
        assertTrue(info.contains("TorchScript package: 1 model, 0 packaged and verified, 1 up to date, 0 failed"),
                info.toString());
        assertEquals(written, archive.lastModified());
        assertEquals(2, attached.size(), "attached by both builds");

        source("models/other.py", "def unrelated(x):\n    return x\n"); // a file the model might import
        RecordingLog edited = new RecordingLog();
        mojo(edited, false).execute();
        assertTrue(texts(edited.lines, "INFO").contains("TorchScript package: 1 model, 1 packaged and verified, 0 failed"),
                edited.lines.toString());
    }

    @Test
    void theLoggedOutputShowsTheFirstValuesOfEachTensor() {
        assertEquals("{\"tuple\": [{\"tensor\": {\"dtype\": \"float32\", \"shape\": [6], \"data\": [1.0, 2.0, 3.0, 4.0, ..."
                + " (6 values)]}}, {\"tensor\": {\"dtype\": \"int64\", \"shape\": [2], \"data\": [7, 8]}}]}",
                PackageMojo.abbreviated("{\"tuple\": [{\"tensor\": {\"dtype\": \"float32\", \"shape\": [6], \"data\":"
                        + " [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]}}, {\"tensor\": {\"dtype\": \"int64\", \"shape\": [2], \"data\":"
                        + " [7, 8]}}]}"));
    }

    @Test
    void skippedOrWithoutModelsNothingIsPackaged() throws Exception {
        source("models/net.py", NET);
        model("net", "models/net.py", "Net", "{\"features\": 3}", "float32[3]");
        RecordingLog skipped = new RecordingLog();
        mojo(skipped, true).execute();
        assertEquals(List.of("TorchScript package: skipped (torchscript.skip=true)"), texts(skipped.lines, "INFO"));
        models.clear();
        RecordingLog none = new RecordingLog();
        mojo(none, false).execute();
        assertEquals(List.of("TorchScript package: no models declared"), texts(none.lines, "INFO"));
        assertEquals(List.of(), attached);
        assertFalse(Files.exists(dir.resolve("target/torchscript-models")));
    }

    @Test
    void aTracedFunctionIsPackagedAsAFunctionAndAnUndecoratedScriptedOneSaysWhy() throws Exception {
        source("models/net.py", NET);
        model("traced", "models/net.py", "helper", null, "float32[3]").mode = "trace";
        RecordingLog log = new RecordingLog();
        mojo(log, false).execute();
        File archive = dir.resolve("target/torchscript-models/traced.pt").toFile();
        assertTrue(texts(log.lines, "INFO").contains("TorchScript package: traced (helper of net.py): traced helper into"
                + " __torch__.helper, written " + archive + " (" + archive.length() + " bytes)"), log.lines.toString());
        assertEquals(List.of(new Attached("pt", "traced", archive)), attached);

        models.clear();
        model("scripted", "models/net.py", "helper", null, "float32[3]");
        RecordingLog failed = new RecordingLog();
        assertThrows(MojoFailureException.class, () -> mojo(failed, false).execute());
        assertTrue(texts(failed.lines, "ERROR").get(0).contains("model 'scripted': compiling the module: ")
                && texts(failed.lines, "ERROR").get(0).contains("no TorchScript function named 'helper'"), failed.lines.toString());
    }

    @Test
    void descriptorDeclaresTheGoalItsPhaseAndProperties() throws Exception {
        // Written by maven-plugin-plugin before the tests run.
        String descriptor = Files.readString(Path.of("target/classes/META-INF/maven/plugin.xml"));
        int at = descriptor.indexOf("<goal>package</goal>");
        assertTrue(at > 0, descriptor);
        String mojo = descriptor.substring(at, descriptor.indexOf("</mojo>", at));
        assertTrue(mojo.contains("<phase>package</phase>"), mojo);
        assertTrue(mojo.contains("<threadSafe>true</threadSafe>"), mojo);
        for (String property : List.of("torchscript.skip", "torchscript.sourceDirectory", "torchscript.modelsDirectory",
                "torchscript.attach")) {
            assertTrue(mojo.contains("${" + property + "}"), property);
        }
        assertTrue(mojo.contains("<name>models</name>"), mojo);
    }
}
