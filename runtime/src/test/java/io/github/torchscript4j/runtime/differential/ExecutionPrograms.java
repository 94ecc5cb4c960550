package io.github.torchscript4j.runtime.differential;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * Programs for the execution differential test, generated from seeded templates: each family
 * builds a random function body (expressions, statements) from a {@link Random} seeded with the
 * family and the program's number, so the same build always generates the same programs. The
 * programs are written for {@code torch::jit::compile} (top-level {@code def}s, no imports or
 * exception classes: failures are {@code assert}s, see {@code differential/README.md}); those
 * libtorch rejects anyway are counted and left out by the test. They stay clear of two crashes of
 * libtorch's own interpreter (not of ours): {@code a % 0} on ints dies of SIGFPE, and {@code
 * s.center(n)} and {@code s.zfill(n)} with a negative {@code n} allocate without end.
 *
 * <p>Families: int arithmetic, float arithmetic, tensor expressions, tensor shapes and indexing,
 * loops with {@code break}/{@code continue}, lists, dicts, strings, Optional and tuples, asserts.
 */
final class ExecutionPrograms {
    /** Programs per family. */
    static final int PER_FAMILY = 30;

    private ExecutionPrograms() {}

    private record Family(String name, Function<Random, String> body) {}

    private static final List<Family> FAMILIES = List.of(
            new Family("int", ExecutionPrograms::intArithmetic),
            new Family("float", ExecutionPrograms::floatArithmetic),
            new Family("tensor", ExecutionPrograms::tensorExpression),
            new Family("shape", ExecutionPrograms::tensorShapes),
            new Family("loop", ExecutionPrograms::loops),
            new Family("list", ExecutionPrograms::lists),
            new Family("dict", ExecutionPrograms::dicts),
            new Family("str", ExecutionPrograms::strings),
            new Family("optional", ExecutionPrograms::optionals),
            new Family("assert", ExecutionPrograms::asserts));

    /** Every generated program, family by family; names {@code gen.FAMILY.N}. */
    static List<Program> all() {
        List<Program> programs = new ArrayList<>();
        for (int f = 0; f < FAMILIES.size(); f++) {
            Family family = FAMILIES.get(f);
            for (int i = 0; i < PER_FAMILY; i++) {
                Random random = new Random(1_000_003L * (f + 1) + i);
                String source = family.body().apply(random);
                programs.add(new Program("gen." + family.name() + "." + i, "generated " + family.name() + " program",
                        source.endsWith("\n") ? source : source + "\n", Program.Intent.ACCEPTED, "ExecutionPrograms"));
            }
        }
        return programs;
    }

    private static String pick(Random random, String... choices) {
        return choices[random.nextInt(choices.length)];
    }

    // ---------------------------------------------------------------- ints and floats

    private static String intExpr(Random random, int depth) {
        if (depth == 0 || random.nextInt(4) == 0) {
            return pick(random, "a", "b", "c", "a", "b", String.valueOf(random.nextInt(7) - 2));
        }
        String l = intExpr(random, depth - 1);
        String r = intExpr(random, depth - 1);
        return switch (random.nextInt(10)) {
            case 0 -> "(" + l + " + " + r + ")";
            case 1 -> "(" + l + " - " + r + ")";
            case 2 -> "(" + l + " * " + r + ")";
            case 3 -> "(" + l + " // " + r + ")";
            // never % 0: libtorch's interpreter dies of SIGFPE on it (see ExecutionInputs)
            case 4 -> "(" + l + " % (abs(" + r + ") + 1))";
            case 5 -> "abs(" + l + ")";
            case 6 -> "min(" + l + ", " + r + ")";
            case 7 -> "max(" + l + ", " + r + ")";
            case 8 -> "(" + l + " if " + l + " " + pick(random, "<", ">=", "==", "!=") + " " + r + " else " + r + ")";
            default -> "(-" + l + ")";
        };
    }

    private static String intArithmetic(Random random) {
        return "def f(a: int, b: int, c: int) -> int:\n"
                + "    d = " + intExpr(random, 3) + "\n"
                + "    return " + intExpr(random, 2).replace("c", "d") + "\n";
    }

    private static String floatExpr(Random random, int depth) {
        if (depth == 0 || random.nextInt(4) == 0) {
            return pick(random, "x", "y", "float(a)", "0.5", "2.0", "x");
        }
        String l = floatExpr(random, depth - 1);
        String r = floatExpr(random, depth - 1);
        return switch (random.nextInt(8)) {
            case 0 -> "(" + l + " + " + r + ")";
            case 1 -> "(" + l + " - " + r + ")";
            case 2 -> "(" + l + " * " + r + ")";
            case 3 -> "(" + l + " / " + r + ")";
            case 4 -> "abs(" + l + ")";
            case 5 -> "(" + l + " if " + l + " < " + r + " else " + r + ")";
            case 6 -> "float(" + l + " > " + r + ")";
            default -> "(" + l + " ** 2)";
        };
    }

    private static String floatArithmetic(Random random) {
        String result = pick(random, "float", "int", "bool", "tuple");
        String e = floatExpr(random, 3);
        String ret = switch (result) {
            case "int" -> "int(z) if z == z and abs(z) < 1e15 else 0";
            case "bool" -> "z > x";
            case "tuple" -> "(z, round(z) if z == z and abs(z) < 1e15 else 0.0)";
            default -> "z";
        };
        String type = switch (result) {
            case "int" -> "int";
            case "bool" -> "bool";
            case "tuple" -> "Tuple[float, float]";
            default -> "float";
        };
        return "def f(x: float, y: float, a: int) -> " + type + ":\n"
                + "    z = " + e + "\n"
                + "    return " + ret + "\n";
    }

    // ---------------------------------------------------------------- tensors

    private static String tensorExpr(Random random, int depth) {
        if (depth == 0 || random.nextInt(4) == 0) {
            return pick(random, "x", "y", "x", "y", "s");
        }
        String l = tensorExpr(random, depth - 1);
        String r = tensorExpr(random, depth - 1);
        if (l.equals("s") && r.equals("s")) {
            l = "x";
        }
        return switch (random.nextInt(14)) {
            case 0 -> "(" + l + " + " + r + ")";
            case 1 -> "(" + l + " - " + r + ")";
            case 2 -> "(" + l + " * " + r + ")";
            case 3 -> "torch.relu(" + nonScalar(l) + ")";
            case 4 -> "torch.sigmoid(" + nonScalar(l) + ")";
            case 5 -> "torch.tanh(" + nonScalar(l) + ")";
            case 6 -> "torch.where(" + nonScalar(l) + " > 0, " + nonScalar(l) + ", " + nonScalar(r) + ")";
            case 7 -> "torch.clamp(" + nonScalar(l) + ", -1.0, 1.0)";
            case 8 -> nonScalar(l) + ".abs()";
            case 9 -> "(" + nonScalar(l) + " / (" + nonScalar(r) + ".abs() + 1))";
            case 10 -> "torch.maximum(" + nonScalar(l) + ", " + nonScalar(r) + ")";
            case 11 -> nonScalar(l) + ".exp()";
            case 12 -> "(" + l + " * " + (random.nextInt(5) - 2) + ")";
            default -> "(" + nonScalar(l) + " ** 2)";
        };
    }

    private static String nonScalar(String e) {
        return e.equals("s") ? "x" : e;
    }

    private static String tensorExpression(Random random) {
        String e = tensorExpr(random, 3);
        String tail = pick(random, "z", "z.sum()", "z.mean(0)", "z.sum(1)", "torch.cat([z, x], 0)",
                "torch.stack([z, y])", "z.t().matmul(x)", "z.max()", "z.argmax(1)", "(z > 0.5).sum()",
                "z.softmax(-1)", "z.cumsum(0)");
        return "def f(x: Tensor, y: Tensor, s: float) -> Tensor:\n"
                + "    z = " + e + "\n"
                + "    return " + tail + "\n";
    }

    private static String tensorShapes(Random random) {
        StringBuilder body = new StringBuilder("def f(x: Tensor, i: int, j: int) -> Tensor:\n");
        int statements = 1 + random.nextInt(3);
        for (int k = 0; k < statements; k++) {
            body.append("    x = ").append(pick(random,
                    "x[i]", "x[:, j]", "x[i:]", "x[:, :j]", "x.select(0, i)", "x.narrow(0, 0, i)",
                    "x.view(-1)", "x.reshape(i, -1)", "x.unsqueeze(i)", "x.squeeze(0)", "x.transpose(0, i)",
                    "x.flatten()", "x.repeat(2, 1)", "x.sum(i)", "x.expand(2, 2, 3)", "x[x > 0]",
                    "x.index_select(0, torch.tensor([i]))", "x.view(2, 3)", "x + x.size(0)"))
                    .append('\n');
        }
        body.append("    return ").append(pick(random, "x", "x * x.dim()", "x.contiguous()", "x.float() + x.numel()")).append('\n');
        return body.toString();
    }

    // ---------------------------------------------------------------- control flow

    private static String loops(Random random) {
        StringBuilder body = new StringBuilder("def f(n: int, k: int) -> int:\n    acc = 0\n");
        String loop = pick(random, "for i in range(n):", "for i in range(k, n):", "for i in range(0, n, 2):",
                "i = 0\n    while i < n:");
        body.append("    ").append(loop).append('\n');
        String indent = "        ";
        if (loop.startsWith("i = 0")) {
            body.append(indent).append("i += 1\n");
        }
        int statements = 1 + random.nextInt(4);
        for (int s = 0; s < statements; s++) {
            switch (random.nextInt(6)) {
                case 0 -> body.append(indent).append("if i % ").append(2 + random.nextInt(3)).append(" == 0:\n")
                        .append(indent).append("    continue\n");
                case 1 -> body.append(indent).append("if acc > ").append(5 + random.nextInt(30)).append(":\n")
                        .append(indent).append("    break\n");
                case 2 -> body.append(indent).append("for j in range(i):\n").append(indent).append("    acc += j * k\n");
                case 3 -> body.append(indent).append("if i > k:\n").append(indent).append("    acc -= i\n")
                        .append(indent).append("else:\n").append(indent).append("    acc += 2 * i\n");
                case 4 -> body.append(indent).append("acc = acc * 2 % 1000 + i\n");
                default -> body.append(indent).append("acc += i // k\n");
            }
        }
        body.append("    return acc\n");
        return body.toString();
    }

    // ---------------------------------------------------------------- containers and strings

    private static String lists(Random random) {
        StringBuilder body = new StringBuilder("def f(xs: List[int], i: int) -> List[int]:\n");
        int statements = 1 + random.nextInt(5);
        for (int s = 0; s < statements; s++) {
            body.append("    ").append(pick(random,
                    "xs.append(i)", "xs.insert(0, i)", "xs.pop()", "xs[i] = 7", "del xs[i]", "xs.reverse()",
                    "xs.sort()", "xs = xs[1:]", "xs = xs + [len(xs)]", "xs = [v * 2 for v in xs]",
                    "xs.append(xs[i])", "xs.extend([i, i])", "xs.remove(i)", "xs.clear()",
                    "xs.append(xs.index(i))", "xs.append(xs.count(i))", "xs = xs[::2]", "xs.append(int(i in xs))",
                    "xs.append(max(xs))", "xs.append(sum(xs))", "xs = xs * 2"))
                    .append('\n');
        }
        body.append("    return xs\n");
        return body.toString();
    }

    private static String dicts(Random random) {
        StringBuilder body = new StringBuilder("def f(d: Dict[str, int], k: str) -> Tuple[Dict[str, int], int]:\n    r = 0\n");
        int statements = 1 + random.nextInt(5);
        for (int s = 0; s < statements; s++) {
            body.append("    ").append(pick(random,
                    "r += d[k]", "r += d.get(k, -1)", "d[k] = r", "d['n'] = len(d)", "r += d.pop(k)",
                    "r += int(k in d)", "del d[k]", "r += len(list(d.keys()))",
                    "for key, v in d.items():\n        r += v * len(key)", "d.update({'u': 5})",
                    "r += d.setdefault(k, 3)", "d.clear()", "r += sum(list(d.values()))"))
                    .append('\n');
        }
        body.append("    return d, r\n");
        return body.toString();
    }

    private static String strings(Random random) {
        StringBuilder body = new StringBuilder("def f(s: str, t: str, i: int) -> List[str]:\n    out: List[str] = []\n");
        int statements = 1 + random.nextInt(5);
        for (int k = 0; k < statements; k++) {
            body.append("    ").append(pick(random,
                    "out.append(s + t)", "out.append(s.upper())", "out = out + s.split(',')", "out.append(','.join(out))",
                    "out.append(s.replace('a', t))", "out.append(str(s.find(t)))", "out.append(s[1:3])",
                    "out.append(str(s.startswith(t)))", "out.append(str(len(s)))", "out.append(s.strip())",
                    "out.append(s[i])", "out.append(t.lower() + str(i))", "out = out + s.split()",
                    "out.append(s.zfill(abs(i)))", "out.append(str(s == t))", "out.append(s.center(abs(i), '*'))",
                    "out.append(str(t in s))", "s = s + t", "out.append(s[::-1])", "out.append(str(s.count('a')))",
                    "out.append(s.capitalize())", "out.append(s.title())", "out.append(str(s.isdigit()))"))
                    .append('\n');
        }
        body.append("    return out\n");
        return body.toString();
    }

    private static String optionals(Random random) {
        String check = pick(random, "o is None", "o is not None");
        String use = pick(random, "o + i", "o * 2", "max(o, i)", "o // i", "-o");
        String fallback = pick(random, "i", "0", "len(t)");
        return "def f(o: Optional[int], i: int, t: Tuple[int, str]) -> Tuple[int, Optional[int], str]:\n"
                + "    if " + check + ":\n"
                + "        r = " + (check.equals("o is None") ? fallback : use) + "\n"
                + "    else:\n"
                + "        r = " + (check.equals("o is None") ? use.replace("o", "int(o)") : fallback) + "\n"
                + "    a, b = t\n"
                + "    return r + a, o, b + str(r)\n";
    }

    private static String asserts(Random random) {
        String condition = pick(random, "a < b", "a != 0", "len(xs) > a", "b >= 0 and a >= 0", "xs[a] > 0",
                "a % 2 == 0 or b % 3 == 0", "x.size(0) == a", "bool(x.sum() > 0)");
        String inner = pick(random, "a < 3", "x.size(1) > a", "bool(x.max() < 1.5)", "a >= -1");
        String message = pick(random, "", ", \"bad value\"", ", \"a = \" + str(a)");
        return "def g(x: Tensor, a: int) -> Tensor:\n"
                + "    assert " + inner + message + "\n"
                + "    return x * a\n\n"
                + "def f(x: Tensor, a: int, b: int, xs: List[int]) -> Tensor:\n"
                + "    assert " + condition + message + "\n"
                + "    return g(x, " + pick(random, "a", "b", "a + b") + ")\n";
    }
}
