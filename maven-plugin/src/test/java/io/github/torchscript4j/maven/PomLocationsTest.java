package io.github.torchscript4j.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Problems of model declarations point at their line in the POM. */
class PomLocationsTest {
    @TempDir Path dir;

    private static final String POM = String.join("\n",
            "<project>",
            "  <build><plugins><plugin>",
            "    <configuration>",
            "      <models>",
            "        <model>",
            "          <name>net</name>",
            "          <source>net.py</source>",
            "          <entry>Net</entry>",
            "          <inputs>float32[2,x]</inputs>",
            "        </model>",
            "        <model><name>second</name>",
            "          <source>missing.py</source><entry>f</entry>",
            "          <checkInputs>",
            "            <checkInput>float32[3]</checkInput>",
            "          </checkInputs>",
            "        </model>",
            "      </models>",
            "    </configuration>",
            "  </plugin></plugins></build>",
            "</project>",
            "");

    private Path pom() throws Exception {
        return Files.writeString(dir.resolve("pom.xml"), POM, StandardCharsets.UTF_8);
    }

    @Test
    void eachModelAndItsElementsAreFoundByNameOrPosition() throws Exception {
        Path pom = pom();
        PomLocations locations = PomLocations.read(pom);
        assertEquals(Optional.of(pom + ":[9,11]"), locations.locate(0, "net", "inputs"));
        assertEquals(Optional.of(pom + ":[5,9]"), locations.locate(0, "net", "mode"));
        assertEquals(Optional.of(pom + ":[12,11]"), locations.locate(1, "second", "source"));
        assertEquals(Optional.of(pom + ":[13,11]"), locations.locate(5, "second", "checkInputs"));
        assertEquals(Optional.of(pom + ":[11,9]"), locations.locate(1, null, null));
        assertEquals(Optional.empty(), locations.locate(7, "elsewhere", "inputs"));
    }

    @Test
    void anUnreadablePomLocatesNothing() throws Exception {
        assertEquals(Optional.empty(), PomLocations.read(dir.resolve("none.xml")).locate(0, "net", null));
        Path broken = Files.writeString(dir.resolve("broken.xml"), "<project><models><model>", StandardCharsets.UTF_8);
        assertEquals(Optional.empty(), PomLocations.read(broken).locate(0, "net", null));
    }

    @Test
    void declarationProblemsArePrefixedWithTheirLine() throws Exception {
        Path pom = pom();
        Path src = Files.createDirectories(dir.resolve("src"));
        Files.writeString(src.resolve("net.py"), "import torch\nclass Net(torch.nn.Module):\n    pass\n");
        Model net = new Model();
        net.name = "net";
        net.source = "net.py";
        net.entry = "Net";
        net.inputs = "float32[2,x]";
        ModelDeclarations.Result r = ModelDeclarations.check(List.of(net), List.of(src), PomLocations.read(pom));
        assertEquals(1, r.problems().size(), r.problems().toString());
        assertTrue(r.problems().get(0).startsWith(pom + ":[9,11] model 'net': inputs: "), r.problems().get(0));
    }
}
