package io.github.torchscript4j.runtime.differential;

import java.util.ArrayList;
import java.util.List;

/**
 * A corpus program as a user writes it in a {@code .py} file, which is what our checker reads:
 * the imports that make the program's free names mean what {@code torch::jit::compile} makes of
 * them, then the program with {@code @torch.jit.script} before every top-level {@code def}.
 *
 * <pre>
 * import torch
 * from torch import Tensor
 * from typing import Any, Dict, List, Optional, Tuple, Union
 *
 * &#64;torch.jit.script
 * def f(x: Tensor) -&gt; Tensor:
 *     return x
 * </pre>
 *
 * <p>Python evaluates annotations when it runs a {@code def}, so {@code Tensor} and the {@code
 * typing} names must be imported; {@code torch.jit.script} compiles a function when it is
 * decorated, so a program must define a function before one that calls it (the compilation unit
 * does not care about order; the corpus keeps to it).
 *
 * <p>{@link #programLine} maps a line of this file back to the program's: diagnostics are compared
 * in the program's lines, which are libtorch's.
 */
final class ScriptFile {
    static final List<String> HEADER = List.of(
            "import torch",
            "from torch import Tensor",
            "from typing import Any, Dict, List, Optional, Tuple, Union",
            "");
    static final String DECORATOR = "@torch.jit.script";

    private final String text;
    /**
     * For each 1-based line of {@link #text} (index 0 unused): the program's line; for a decorator,
     * the line of its {@code def}; 0 for the header.
     */
    private final int[] programLines;

    private ScriptFile(String text, int[] programLines) {
        this.text = text;
        this.programLines = programLines;
    }

    static ScriptFile of(String program) {
        StringBuilder out = new StringBuilder();
        List<Integer> lines = new ArrayList<>();
        lines.add(0);
        for (String line : HEADER) {
            out.append(line).append('\n');
            lines.add(0);
        }
        int programLine = 0;
        for (String line : program.lines().toList()) {
            programLine++;
            if (line.startsWith("def ")) {
                out.append(DECORATOR).append('\n');
                lines.add(programLine); // a decorator's diagnostic belongs to its def
            }
            out.append(line).append('\n');
            lines.add(programLine);
        }
        return new ScriptFile(out.toString(), lines.stream().mapToInt(Integer::intValue).toArray());
    }

    String text() {
        return text;
    }

    /**
     * The program's 1-based line for a 1-based line of this file: for a decorator the wrapper added,
     * its {@code def}'s line; 0 for a header line; for a line past the end (a diagnostic at the end of
     * the file), the program's last line.
     */
    int programLine(int fileLine) {
        if (fileLine >= programLines.length) {
            return programLines[programLines.length - 1];
        }
        return fileLine < 1 ? 0 : programLines[fileLine];
    }
}
