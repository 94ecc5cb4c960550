package io.github.torchscript4j.runtime.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.github.torchscript4j.checker.builtins.OperatorTable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The checker's committed operator table is what {@link DumpOperatorSchemas} makes of the libtorch
 * on this class path: after a change of the Bytedeco version this fails until {@code
 * scripts/regenerate-operator-schemas} has been run. Loads libtorch in this JVM.
 */
@Tag("native")
class OperatorSchemasUpToDateTest {

    @Test
    void theCommittedTableIsTheLiveRegistry() throws IOException {
        List<String> committed;
        try (InputStream in = OperatorTable.class.getResourceAsStream(OperatorTable.RESOURCE)) {
            assertNotNull(in, OperatorTable.RESOURCE);
            committed = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
        List<String> live = new ArrayList<>();
        live.add(DumpOperatorSchemas.header());
        live.addAll(DumpOperatorSchemas.schemas());
        assertEquals(live.get(0), committed.get(0), "header");
        List<String> missing = new ArrayList<>(live);
        missing.removeAll(committed);
        List<String> extra = new ArrayList<>(committed);
        extra.removeAll(live);
        assertEquals(List.of(), missing, "registered in libtorch but not in the committed table: regenerate it");
        assertEquals(List.of(), extra, "in the committed table but not registered in libtorch: regenerate it");
        assertEquals(live, committed);
    }
}
