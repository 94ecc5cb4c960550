package io.github.torchscript4j.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The file {@link LspBenchmark} edits: about 2,000 lines of TorchScript generated from a seed —
 * {@code @torch.jit.script} functions of four kinds (tensor math with {@code Optional} refinement
 * and {@code F.} calls, lists of tensors, dicts and strings, float math), each calling earlier
 * functions of its kind, then an {@code nn.Module} class whose {@code forward} uses several of
 * them, scripted by the last line as {@code torch.jit.script(Model(8))}.
 *
 * <p>It has exactly one error, in the module's {@code forward} (an undefined name, {@link
 * #ERROR_NAME}), the last thing the reference compiles, so that both the reference and our server
 * have to go through the whole file to report it. Everything else compiles with PyTorch 1.13.1.
 *
 * <p>Besides the text it records the places the benchmark uses, as 0-based lines and characters:
 * in each function a local's use that an edit breaks and mends ({@link Site#edit}), a name to
 * hover on ({@link Site#hover}), and for the tensor functions the line where {@code x.} is typed
 * for completion ({@link Site#bodyLine}, {@code x} a {@code Tensor} parameter).
 */
final class LspBenchmarkFile {
    /** The undefined name in {@code Model.forward}: the file's one error. */
    static final String ERROR_NAME = "undefined_bias";

    /** A name to edit or hover on: its line, first character and text. */
    record Spot(int line, int character, String name) {}

    /**
     * One generated function.
     *
     * @param hoverType the type a hover on {@link #hover} shows ({@code Tensor}, {@code int}, {@code float})
     * @param bodyLine the first line of the body (a new line may be inserted there, indented by four)
     * @param tensorParameter whether the function has a parameter {@code x: Tensor}
     */
    record Site(String function, Spot edit, Spot hover, String hoverType, int bodyLine, boolean tensorParameter) {}

    final String text;
    final List<Site> sites;
    final int lines;
    /** The 0-based line and character of {@link #ERROR_NAME}. */
    final Spot error;

    private LspBenchmarkFile(String text, List<Site> sites, Spot error) {
        this.text = text;
        this.sites = List.copyOf(sites);
        this.lines = (int) text.lines().count();
        this.error = error;
    }

    /** A file of about {@code targetLines} lines (at least one function of each kind), the same for the same seed. */
    static LspBenchmarkFile generate(int targetLines, long seed) {
        Random random = new Random(seed);
        Builder b = new Builder();
        b.line("\"\"\"A generated TorchScript library for the language server benchmark (LspBenchmark).\"\"\"");
        b.line("import math");
        b.line("from typing import Dict, List, Optional, Tuple");
        b.line("");
        b.line("import torch");
        b.line("import torch.nn.functional as F");
        b.line("from torch import Tensor");
        List<Site> sites = new ArrayList<>();
        List<List<String>> byKind = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        int moduleLines = 40;
        for (int i = 0; b.lines.size() < targetLines - moduleLines || i < 4; i++) {
            int kind = i % 4;
            List<String> earlier = byKind.get(kind);
            String callee = earlier.isEmpty() ? null : earlier.get(random.nextInt(earlier.size()));
            b.line("");
            b.line("");
            Site site = switch (kind) {
                case 0 -> tensorFunction(b, "act_" + i, callee, random);
                case 1 -> listFunction(b, "collect_" + i, callee, random);
                case 2 -> dictFunction(b, "rank_" + i, callee, random);
                default -> floatFunction(b, "schedule_" + i, callee, random);
            };
            sites.add(site);
            earlier.add(site.function());
        }
        Spot error = module(b, byKind, random);
        return new LspBenchmarkFile(b.text(), sites, error);
    }

    private static String number(Random random) {
        return String.format(Locale.ROOT, "%.2f", 0.1 + random.nextInt(190) / 100.0);
    }

    private static Site tensorFunction(Builder b, String name, String callee, Random random) {
        b.line("@torch.jit.script");
        b.line("def " + name + "(x: Tensor, w: Optional[Tensor], k: int = " + (1 + random.nextInt(3)) + ") -> Tensor:");
        b.line("    \"\"\"A tensor function: scaling, an optional residual and a few activations.\"\"\"");
        int body = b.lines.size();
        b.line("    y = x * " + number(random) + " + 1.0");
        b.line("    if w is not None:");
        b.line("        y = y + w");
        b.line("    for j in range(k):");
        b.line("        y = F.relu(y) - y.mean() * " + number(random));
        b.line("    z = torch.tanh(y).sum(dim=-1, keepdim=True)");
        Spot edit = b.spot("    s = torch.sigmoid(", "z", ") + x.abs().clamp(min=" + number(random) + ")");
        if (callee != null) {
            b.line("    s = s + " + callee + "(x, w, k - 1) * " + number(random));
        }
        Spot hover = b.spot("    return ", "s", " / (1.0 + x.norm())");
        return new Site(name, edit, hover, "Tensor", body, true);
    }

    private static Site listFunction(Builder b, String name, String callee, Random random) {
        b.line("@torch.jit.script");
        b.line("def " + name + "(xs: List[Tensor], scale: float = " + number(random) + ") -> List[Tensor]:");
        int body = b.lines.size();
        b.line("    out: List[Tensor] = []");
        b.line("    for t in xs:");
        b.line("        if t.dim() > 1:");
        b.line("            out.append(t.flatten() * scale)");
        b.line("        else:");
        b.line("            out.append(t.clamp(min=0.0))");
        Spot hover = b.spot("    ", "total", " = torch.zeros([1])");
        b.line("    for t in out:");
        Spot edit = b.spot("        total = total + ", "t", ".sum()");
        if (callee != null) {
            b.line("    out = out + " + callee + "(xs[:1], scale)");
        }
        b.line("    out.append(total)");
        b.line("    return out");
        return new Site(name, edit, hover, "Tensor", body, false);
    }

    private static Site dictFunction(Builder b, String name, String callee, Random random) {
        b.line("@torch.jit.script");
        b.line("def " + name + "(counts: Dict[str, int], key: str, n: int) -> Tuple[int, str]:");
        int body = b.lines.size();
        Spot hover = b.spot("    ", "best", " = 0");
        b.line("    label = key");
        b.line("    for k, v in counts.items():");
        b.line("        if v * n > best:");
        Spot edit = b.spot("            best = ", "v", " * n");
        b.line("            label = k + \"_" + random.nextInt(100) + "\"");
        b.line("    while best > " + (100 + random.nextInt(900)) + ":");
        b.line("        best = best // 2");
        if (callee != null) {
            b.line("    other, _ = " + callee + "(counts, label, n - 1)");
            b.line("    best = max(best, other)");
        }
        b.line("    return best, label");
        return new Site(name, edit, hover, "int", body, false);
    }

    private static Site floatFunction(Builder b, String name, String callee, Random random) {
        b.line("@torch.jit.script");
        b.line("def " + name + "(step: int, base: float, warmup: int = " + (1 + random.nextInt(500)) + ") -> float:");
        int body = b.lines.size();
        b.line("    if step < warmup:");
        b.line("        return base * (step + 1) / warmup");
        Spot hover = b.spot("    ", "progress", " = float(step - warmup) / " + (1000 + random.nextInt(9000)));
        b.line("    r = 0.0");
        b.line("    for j in range(" + (1 + random.nextInt(4)) + "):");
        Spot edit = b.spot("        r += math.cos(math.pi * ", "progress", " * (j + 1)) / (j + 1)");
        if (callee != null) {
            b.line("    r = r + " + callee + "(step // 2, base, warmup) * " + number(random));
        }
        b.line("    return base * max(0.0, 0.5 * (1.0 + r))");
        return new Site(name, edit, hover, "float", body, false);
    }

    /** The nn.Module class, its one error, and the line that scripts it. */
    private static Spot module(Builder b, List<List<String>> byKind, Random random) {
        b.line("");
        b.line("");
        b.line("class Model(torch.nn.Module):");
        b.line("    \"\"\"A module assembled from the functions above; torch.jit.script(Model(8)) compiles it.\"\"\"");
        b.line("");
        b.line("    def __init__(self, dim: int):");
        b.line("        super().__init__()");
        b.line("        self.dim = dim");
        b.line("        self.scale = 0.5");
        b.line("        self.steps = 3");
        b.line("        self.weight = torch.nn.Parameter(torch.randn(dim, dim))");
        b.line("        self.counts = {\"a\": 1, \"b\": 2}");
        b.line("");
        b.line("    def forward(self, x: Tensor, w: Optional[Tensor] = None) -> Tensor:");
        b.line("        y = torch.matmul(x, self.weight) * self.scale");
        List<String> tensors = byKind.get(0);
        for (int i = 0; i < 4; i++) {
            b.line("        y = y + " + tensors.get(random.nextInt(tensors.size())) + "(y, w, self.steps)");
        }
        List<String> lists = byKind.get(1);
        b.line("        parts = " + lists.get(random.nextInt(lists.size())) + "([y, x], self.scale)");
        b.line("        for p in parts:");
        b.line("            y = y + p.sum()");
        List<String> dicts = byKind.get(2);
        b.line("        best, label = " + dicts.get(random.nextInt(dicts.size())) + "(self.counts, \"model\", self.dim)");
        List<String> floats = byKind.get(3);
        b.line("        lr = " + floats.get(random.nextInt(floats.size())) + "(best, 0.1)");
        Spot error = b.spot("        return y * lr + ", ERROR_NAME, "");
        b.line("");
        b.line("");
        b.line("model = torch.jit.script(Model(8))");
        return error;
    }

    /** Lines of text, and spots found in them as they are written. */
    private static final class Builder {
        final List<String> lines = new ArrayList<>();

        void line(String s) {
            lines.add(s);
        }

        /** Writes {@code before + name + after} as a line and returns where {@code name} is. */
        Spot spot(String before, String name, String after) {
            Spot s = new Spot(lines.size(), before.length(), name);
            lines.add(before + name + after);
            return s;
        }

        String text() {
            return String.join("\n", lines) + "\n";
        }
    }
}
