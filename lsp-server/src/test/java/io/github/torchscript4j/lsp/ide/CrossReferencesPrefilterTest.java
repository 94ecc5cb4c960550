package io.github.torchscript4j.lsp.ide;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The text prefilter that decides which files {@link CrossReferences} parses at all. */
class CrossReferencesPrefilterTest {
    @Test
    void aFileMustNameBothTheNameAndItsModuleAsWords() {
        String imports = "from pkg.util import helper\n\nhelper(1)\n";
        assertTrue(CrossReferences.mentions(imports, "helper", Optional.of("util")));
        assertFalse(CrossReferences.mentions(imports, "helper", Optional.of("mid")), "another module's helper");
        assertFalse(CrossReferences.mentions("from pkg.util import helpers\n", "helper", Optional.of("util")));
        assertFalse(CrossReferences.mentions("from pkg.utility import helper\n", "helper", Optional.of("util")));
        assertFalse(CrossReferences.mentions("x = my_helper\nimport util\n", "helper", Optional.of("util")));
        // a package's __init__.py is reached by `from .. import helper`, which names no module
        assertTrue(CrossReferences.mentions("from .. import helper\n", "helper", Optional.empty()));
        assertTrue(CrossReferences.containsWord("helper", "helper"));
        assertTrue(CrossReferences.containsWord("u.helper(x)", "helper"));
        assertFalse(CrossReferences.containsWord("helper2 _helper", "helper"));
    }
}
