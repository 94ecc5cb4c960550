package io.github.torchscript4j.runtime.differential;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Not a test: writes every corpus program's {@link ScriptFile} as {@code NAME.py} into the folder
 * named by {@code -Ddifferential.export=DIR}, for {@code scripts/record-differential-pytorch},
 * which runs them through PyTorch 1.13.1's {@code torch.jit.script}. Skipped unless that property
 * is set.
 */
@EnabledIfSystemProperty(named = CorpusExport.PROPERTY, matches = ".+")
class CorpusExport {
    static final String PROPERTY = "differential.export";

    @Test
    void writeScriptFiles() throws IOException {
        Path folder = Files.createDirectories(Path.of(System.getProperty(PROPERTY)));
        List<Program> programs = Corpus.load();
        for (Program program : programs) {
            Files.writeString(folder.resolve(program.name() + ".py"), ScriptFile.of(program.source()).text(), StandardCharsets.UTF_8);
        }
        System.out.println("differential: wrote " + programs.size() + " script files to " + folder);
    }
}
