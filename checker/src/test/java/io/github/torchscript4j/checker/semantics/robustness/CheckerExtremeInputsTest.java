package io.github.torchscript4j.checker.semantics.robustness;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.torchscript4j.checker.semantics.CheckedFile;
import java.time.Duration;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Pathological but legal TorchScript through the whole front end: nesting up to the indentation
 * limit, huge functions, literals and chains, recursion between functions, classes and modules
 * that name themselves. Each must come back with diagnostics ({@link CheckInvariants}) -- never a
 * {@link StackOverflowError}, an exception or a hang -- on the default thread stack. Inputs meant to
 * reach the checker are asserted to parse, so that the checker really ran on them.
 *
 * <p>The time limit is a hang detector only; this class asserts nothing about speed or about which
 * errors are reported.
 */
class CheckerExtremeInputsTest {
    private static final Duration HANG_LIMIT = Duration.ofSeconds(60);
    private static final String HEADER = "import torch\nfrom torch import Tensor\nfrom typing import List, Optional, Tuple\n\n";

    private static CheckedFile check(String source) {
        return CheckInvariants.checkBytes((HEADER + source).getBytes(java.nio.charset.StandardCharsets.UTF_8), HANG_LIMIT);
    }

    /** Checks and requires that the file parsed, so that the checker ran. */
    private static CheckedFile checkParsed(String source) {
        CheckedFile f = check(source);
        assertTrue(f.syntaxError().isEmpty(), () -> "expected the input to parse, got " + f.syntaxError().get().message());
        return f;
    }

    private static String nested(int levels, java.util.function.IntFunction<String> header, String innermost) {
        StringBuilder sb = new StringBuilder("@torch.jit.script\ndef f(x: int, o: Optional[Tensor]) -> int:\n    y = 0\n");
        for (int i = 0; i < levels; i++) {
            String ind = "    ".repeat(i + 1);
            sb.append(ind).append(header.apply(i)).append('\n');
            sb.append(ind).append("    y = y + ").append(i).append('\n');
        }
        sb.append("    ".repeat(levels + 1)).append(innermost).append('\n');
        sb.append("    return y\n");
        return sb.toString();
    }

    /** CPython allows 99 nested blocks; a def and 97 ifs stay just inside. */
    @Test
    void ifsNestedToTheIndentationLimit() {
        checkParsed(nested(97, i -> "if x > " + i + ":", "y = y * 2"));
    }

    @Test
    void ifElseChainsNestedToTheIndentationLimit() {
        StringBuilder sb = new StringBuilder("@torch.jit.script\ndef f(x: int) -> int:\n");
        for (int i = 0; i < 97; i++) {
            String ind = "    ".repeat(i + 1);
            sb.append(ind).append("if x > ").append(i).append(":\n");
            sb.append(ind).append("    z = ").append(i).append("\n");
            sb.append(ind).append("else:\n");
            sb.append(ind).append("    z = ").append(i % 2 == 0 ? "1" : "1.0").append("\n"); // type mismatches on odd levels
        }
        sb.append("    ".repeat(98)).append("z = 0\n    return z\n");
        checkParsed(sb.toString());
    }

    @Test
    void loopsNestedToTheIndentationLimit() {
        checkParsed(nested(97, i -> switch (i % 4) {
            case 0 -> "for i" + i + " in range(x):";
            case 1 -> "while y < " + i + ":";
            case 2 -> "for t" + i + " in [torch.zeros(1), torch.ones(1)]:";
            default -> "with torch.no_grad():";
        }, "break"));
    }

    @Test
    void optionalRefinementsNestedToTheIndentationLimit() {
        checkParsed(nested(97, i -> i % 2 == 0 ? "if o is not None:" : "if o is None or x > " + i + ":",
                "o = None"));
    }

    @Test
    void nestingPastTheIndentationLimit() {
        check(nested(150, i -> "if x > " + i + ":", "pass"));
    }

    @Test
    void tenThousandStatementsInOneFunction() {
        StringBuilder sb = new StringBuilder("@torch.jit.script\ndef f(x: Tensor, n: int) -> Tensor:\n    y = x\n");
        for (int i = 0; i < 10_000; i++) {
            sb.append(switch (i % 5) {
                case 0 -> "    y = y + x\n";
                case 1 -> "    n = n * 2 + " + i + "\n";
                case 2 -> "    v" + i + " = y.sum(dim=0)\n";
                case 3 -> "    if n > " + i + ":\n        y = y * 2\n";
                default -> "    z" + i + ": List[int] = [n, " + i + "]\n";
            });
        }
        sb.append("    return y\n");
        checkParsed(sb.toString());
    }

    @Test
    void fiveThousandElementListLiterals() {
        String ints = IntStream.range(0, 5_000).mapToObj(Integer::toString).collect(Collectors.joining(", "));
        String tensors = IntStream.range(0, 5_000).mapToObj(i -> "x").collect(Collectors.joining(", "));
        String mixed = IntStream.range(0, 5_000).mapToObj(i -> i % 3 == 0 ? "x" : i % 3 == 1 ? "1" : "2.0")
                .collect(Collectors.joining(", "));
        checkParsed("@torch.jit.script\ndef f(x: Tensor) -> List[int]:\n    t = [" + tensors + "]\n    m = [" + mixed
                + "]\n    d = {" + IntStream.range(0, 5_000).mapToObj(i -> "\"k" + i + "\": " + i).collect(Collectors.joining(", "))
                + "}\n    u = (" + ints + ")\n    return [" + ints + "]\n");
    }

    /**
     * One expression holds at most about 500 chained calls before the parser reports "too complex"
     * (as CPython's parser does), so 1,000 chained calls are spread over two chains; and 1,000
     * scripted functions each call the next, in both orders, so that checking callees on demand
     * goes 1,000 deep.
     */
    @Test
    void thousandChainedCalls() {
        checkParsed("@torch.jit.script\ndef f(x: Tensor) -> Tensor:\n    y = x" + ".relu()".repeat(450) + "\n    return y"
                + ".abs()".repeat(450) + "\n\n"
                + "@torch.jit.script\ndef g(x: Tensor) -> int:\n    return x" + ".view(-1).sum(0)".repeat(200) + ".dim()\n\n"
                + "@torch.jit.script\ndef h(x: Tensor) -> Tensor:\n    return x" + ".nope()".repeat(450) + "\n");
    }

    @Test
    void thousandFunctionsCallingTheNext() {
        StringBuilder forwards = new StringBuilder("@torch.jit.script\ndef entry(x: Tensor) -> Tensor:\n    return f0(x)\n\n");
        StringBuilder backwards = new StringBuilder();
        for (int i = 0; i < 1_000; i++) {
            String fn = "def f" + i + "(x: Tensor) -> Tensor:\n    return " + (i == 999 ? "x" : "f" + (i + 1) + "(x) + 1") + "\n\n";
            forwards.append(fn);
            backwards.insert(0, fn);
        }
        checkParsed(forwards.toString());
        checkParsed(backwards + "@torch.jit.script\ndef entry(x: Tensor) -> Tensor:\n    return f0(x)\n");
    }

    /** Nested, not chained: the parser accepts about 140 nested calls (CPython's limit is similar). */
    @Test
    void nestedCallsNearTheParserLimit() {
        checkParsed("@torch.jit.script\ndef f(x: Tensor) -> Tensor:\n    return " + "torch.relu(".repeat(130) + "x"
                + ")".repeat(130) + "\n");
    }

    /**
     * The longest chains the parser accepts (it reports "too complex" at about a thousand): operators
     * and subscripts are walked iteratively by the checker (they overflowed the stack before);
     * unary operators, powers and ternaries nest on the right and stay within the stack.
     */
    @Test
    void operatorAndSubscriptChainsAtTheParserLimit() {
        checkParsed("@torch.jit.script\ndef f(x: Tensor, n: int, l: List[List[int]]) -> Tensor:\n    m = n" + " + n".repeat(990)
                + "\n    b = n < n" + " < n".repeat(5_000) + "\n    c = True" + " and n > 0".repeat(5_000)
                + "\n    d = n > 0" + " or n < 1".repeat(5_000) + "\n    e = l[0]" + "[0]".repeat(985)
                + "\n    p = n" + " ** n".repeat(990) + "\n    q = " + "-".repeat(990) + "n\n    r = " + "not ".repeat(990)
                + "b\n    s = " + "n if b else ".repeat(990) + "n\n    return x" + " * x".repeat(990) + "\n");
    }

    /**
     * A call chain between functions without a return annotation is still checked depth first,
     * from inside each caller (the caller needs the inferred type): about 220 such functions
     * exhaust the default stack. Known limit (a worklist would lift it): the file gets one
     * TOO_COMPLEX diagnostic from {@code CheckedFile.check}, never an exception.
     */
    @Test
    void thousandUnannotatedFunctionsCallingTheNext() {
        StringBuilder sb = new StringBuilder("@torch.jit.script\ndef entry(x: Tensor):\n    return f0(x)\n\n");
        for (int i = 0; i < 1_000; i++) {
            sb.append("def f").append(i).append("(x: Tensor):\n    return ").append(i == 999 ? "x" : "f" + (i + 1) + "(x) + 1")
                    .append("\n\n");
        }
        cleanOrTooComplex(checkParsed(sb.toString()));
    }

    /**
     * Script classes each constructing the next in {@code __init__}: compiling a class compiles the
     * classes it uses from inside it (UserClasses), and about 290 of them exhaust the default
     * stack. Known limit: one TOO_COMPLEX diagnostic, never an exception; modules nested 5,000
     * deep are fine.
     */
    @Test
    void thousandScriptClassesEachUsingTheNext() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 1_000; i++) {
            sb.append("@torch.jit.script\nclass C").append(i).append("(object):\n    def __init__(self):\n        self.x = ")
                    .append(i == 999 ? "1" : "C" + (i + 1) + "()").append("\n\n    def get(self) -> int:\n        return ")
                    .append(i == 999 ? "self.x" : "self.x.get()").append("\n\n");
        }
        cleanOrTooComplex(checkParsed(sb.toString()));
    }

    /** Either the chain was checked (no error), or the stack ran out and that was reported. */
    private static void cleanOrTooComplex(CheckedFile f) {
        assertTrue(f.diagnostics().stream().allMatch(d -> d.code() == io.github.torchscript4j.checker.source.Code.TOO_COMPLEX),
                () -> "unexpected diagnostics: " + f.diagnostics());
    }

    @Test
    void modulesNestedAThousandDeep() {
        StringBuilder sb = new StringBuilder();
        for (int i = 999; i >= 0; i--) {
            sb.append("class M").append(i).append("(torch.nn.Module):\n    def __init__(self):\n        super().__init__()\n")
                    .append("        self.m = ").append(i == 999 ? "torch.nn.ReLU()" : "M" + (i + 1) + "()")
                    .append("\n\n    def forward(self, x: Tensor) -> Tensor:\n        return self.m(x)\n\n");
        }
        checkParsed(sb.toString() + "scripted = torch.jit.script(M0())\n");
    }

    @Test
    void functionCallingItself() {
        check("@torch.jit.script\ndef f(x: int) -> int:\n    if x > 0:\n        return f(x - 1) + 1\n    return 0\n\n"
                + "@torch.jit.script\ndef g(x):\n    return g(g(x))\n");
    }

    @Test
    void recursionBetweenTwoScriptedFunctions() {
        check("@torch.jit.script\ndef even(n: int) -> bool:\n    if n == 0:\n        return True\n    return odd(n - 1)\n\n"
                + "@torch.jit.script\ndef odd(n: int) -> bool:\n    if n == 0:\n        return False\n    return even(n - 1)\n\n"
                + "def helper(x):\n    return other(x)\n\ndef other(x):\n    return helper(x)\n\n"
                + "@torch.jit.script\ndef uses_unscripted(x: Tensor) -> Tensor:\n    return helper(x)\n");
    }

    @Test
    void classWhoseMethodsUseTheClass() {
        check("@torch.jit.script\nclass Node(object):\n    def __init__(self, v: int, nxt: Optional[Node] = None):\n"
                + "        self.v = v\n        self.nxt = nxt\n\n"
                + "    def push(self, v: int) -> Node:\n        return Node(v, self)\n\n"
                + "    def same(self, other: Node) -> bool:\n        return self.v == other.v and self.push(1).same(other)\n\n"
                + "    def length(self) -> int:\n        n = self.nxt\n        if n is None:\n            return 1\n"
                + "        return 1 + n.length()\n\n"
                + "@torch.jit.script\nclass Loop(object):\n    def __init__(self):\n        self.me = Loop()\n\n"
                + "@torch.jit.script\ndef use(n: Node) -> int:\n    return n.push(2).push(3).length() + Loop().me.me.me.x\n");
    }

    @Test
    void modulesThatContainThemselves() {
        check("class M(torch.nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.child = M()\n"
                + "        self.other = N()\n\n    def forward(self, x: Tensor) -> Tensor:\n        return self.child(self.other(x))\n\n"
                + "class N(torch.nn.Module):\n    def __init__(self):\n        super().__init__()\n        self.m = M()\n\n"
                + "    def forward(self, x: Tensor) -> Tensor:\n        return self.m(x)\n\n"
                + "    @torch.jit.export\n    def again(self, x: Tensor) -> Tensor:\n        return self.again(self.forward(x))\n\n"
                + "scripted = torch.jit.script(M())\n");
    }

    @Test
    void methodsCallingEachOtherInAModule() {
        check("class M(torch.nn.Module):\n    def forward(self, x: Tensor) -> Tensor:\n        return self.a(x)\n\n"
                + "    def a(self, x: Tensor) -> Tensor:\n        return self.b(x)\n\n"
                + "    def b(self, x: Tensor) -> Tensor:\n        return self.a(x) + self.forward(x)\n\n"
                + "scripted = torch.jit.script(M())\n");
    }
}
