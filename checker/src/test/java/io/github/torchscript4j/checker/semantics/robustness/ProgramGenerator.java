package io.github.torchscript4j.checker.semantics.robustness;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Random TorchScript-flavoured files: {@code @torch.jit.script} functions, script classes and
 * {@code torch.nn.Module} subclasses built from a small grammar of statements (assignments,
 * annotated and augmented assignments, {@code if}/{@code elif}/{@code else}, Optional refinement by
 * {@code is None}, {@code assert} and early exits, {@code for} over ranges, lists, {@code enumerate}
 * and {@code zip}, {@code while} with {@code break}/{@code continue}, comprehensions, tuple unpacking,
 * {@code with torch.no_grad()}, {@code raise}, {@code print}, {@code del}) and expressions (literals,
 * operators, {@code torch.*}, {@code F.*} and {@code math.*} calls, Tensor methods, subscripts,
 * ternaries, casts, {@code isinstance}, calls between the file's functions, recursion included).
 *
 * <p>Expressions are built for a wanted type from the variables in scope, so most programs are
 * nearly well typed and reach deep into the checker; a small share of "noise" (a value of another
 * type, an undefined name, a wrong arity) makes them fail in varied ways. Generation is a pure
 * function of the {@link Random}.
 */
final class ProgramGenerator {
    static final List<String> TYPES = List.of("Tensor", "int", "float", "bool", "str", "List[int]", "List[Tensor]",
            "Optional[Tensor]", "Optional[int]", "Tuple[Tensor, int]", "Dict[str, Tensor]", "Union[int, Tensor]");
    private static final List<String> RETURN_TYPES = List.of("Tensor", "int", "float", "bool", "str", "List[int]",
            "List[Tensor]", "Optional[Tensor]", "Tuple[Tensor, int]", "Dict[str, Tensor]", "None");

    private record Fn(String name, List<String> params, String returns) {}

    private final Random r;
    private final StringBuilder out = new StringBuilder();
    private final List<Fn> functions = new ArrayList<>();
    private final List<String> classes = new ArrayList<>();
    private Map<String, String> scope = new LinkedHashMap<>();
    private Map<String, String> attributes = new LinkedHashMap<>();
    private String indent = "";
    private String returnType = "None";
    private int depth;
    private int loops;
    private int counter;
    private final double noise;

    private ProgramGenerator(Random r) {
        this.r = r;
        this.noise = r.nextBoolean() ? 0.0 : 0.01 + r.nextDouble() * 0.04;
    }

    /** One random file. */
    static String program(Random r) {
        return new ProgramGenerator(r).file();
    }

    private String file() {
        out.append("import math\nimport torch\nimport torch.nn as nn\nimport torch.nn.functional as F\n");
        out.append("from torch import Tensor\nfrom typing import Dict, List, Optional, Tuple, Union\n\n");
        if (r.nextInt(4) == 0) {
            // A global int: TorchScript refuses it ("python value of type 'int' cannot be used as a value").
            out.append("SCALE = ").append(r.nextInt(10)).append("\n\n");
            scopeConstant = true;
        }
        int items = 1 + r.nextInt(5);
        // Declare every function's signature first, so that calls may go forwards, backwards and to itself.
        List<Character> kinds = new ArrayList<>();
        for (int i = 0; i < items; i++) {
            int k = r.nextInt(10);
            char kind = k < 6 ? 'f' : k < 8 ? 'm' : 'c';
            kinds.add(kind);
            if (kind == 'f') {
                List<String> params = new ArrayList<>();
                for (int p = r.nextInt(4); p > 0; p--) {
                    params.add(pick(TYPES));
                }
                functions.add(new Fn("fn" + functions.size(), params, pick(RETURN_TYPES)));
            } else if (kind == 'c') {
                classes.add("C" + classes.size());
            }
        }
        int f = 0;
        int c = 0;
        int m = 0;
        for (char kind : kinds) {
            switch (kind) {
                case 'f' -> function(functions.get(f++));
                case 'c' -> scriptClass(classes.get(c++));
                default -> module("M" + m++);
            }
        }
        return out.toString();
    }

    private boolean scopeConstant;

    // ---- top-level items

    private void function(Fn fn) {
        if (r.nextInt(8) != 0) {
            out.append("@torch.jit.script\n");
        }
        StringBuilder params = new StringBuilder();
        Map<String, String> locals = new LinkedHashMap<>();
        boolean typeComment = r.nextInt(8) == 0;
        for (int i = 0; i < fn.params().size(); i++) {
            String t = fn.params().get(i);
            params.append(i == 0 ? "" : ", ").append("p").append(i);
            if (!typeComment && !(t.equals("Tensor") && r.nextBoolean())) {
                params.append(": ").append(t);
            }
            if (i == fn.params().size() - 1 && !typeComment && r.nextInt(4) == 0) {
                params.append(" = ").append(defaultFor(t));
            }
            locals.put("p" + i, t);
        }
        out.append("def ").append(fn.name()).append("(").append(params).append(")");
        if (typeComment) {
            out.append(":\n    # type: (").append(String.join(", ", fn.params())).append(") -> ").append(fn.returns()).append("\n");
        } else {
            out.append(r.nextInt(6) == 0 ? "" : " -> " + fn.returns()).append(":\n");
        }
        body("    ", locals, Map.of(), fn.returns());
        out.append("\n\n");
    }

    private void scriptClass(String name) {
        out.append("@torch.jit.script\nclass ").append(name).append(r.nextInt(4) == 0 ? "(object)" : "").append(":\n");
        Map<String, String> attrs = new LinkedHashMap<>();
        out.append("    def __init__(self, a: int, t: Tensor):\n");
        out.append("        self.a = a\n        self.t = t\n");
        attrs.put("self.a", "int");
        attrs.put("self.t", "Tensor");
        if (r.nextBoolean()) {
            out.append("        self.xs: List[int] = []\n");
            attrs.put("self.xs", "List[int]");
        }
        if (r.nextInt(3) == 0) {
            out.append("        self.o: Optional[Tensor] = None\n");
            attrs.put("self.o", "Optional[Tensor]");
        }
        out.append("\n");
        for (int i = r.nextInt(3); i >= 0; i--) {
            String rt = pick(RETURN_TYPES);
            if (r.nextInt(4) == 0) {
                // A method that uses its own class.
                out.append("    def copy").append(i).append("(self, other: ").append(name).append(") -> ").append(name).append(":\n");
                out.append("        c = ").append(name).append("(self.a + other.a, other.t)\n");
                out.append("        return c\n\n");
                continue;
            }
            Map<String, String> locals = new LinkedHashMap<>();
            locals.put("k", "int");
            out.append("    def m").append(i).append("(self, k: int) -> ").append(rt).append(":\n");
            body("        ", locals, attrs, rt);
            out.append("\n");
        }
        out.append("\n");
    }

    private void module(String name) {
        out.append("class ").append(name).append("(").append(r.nextBoolean() ? "nn.Module" : "torch.nn.Module").append("):\n");
        Map<String, String> attrs = new LinkedHashMap<>();
        if (r.nextInt(3) == 0) {
            out.append("    __constants__ = [\"n\"]\n\n");
        }
        out.append("    def __init__(self, n: int = 4):\n        super().__init__()\n        self.n = n\n");
        attrs.put("self.n", "int");
        out.append("        self.linear = nn.Linear(4, 4)\n");
        attrs.put("self.linear(x)", "Tensor!");
        if (r.nextBoolean()) {
            out.append("        self.w = nn.Parameter(torch.randn(4))\n");
            attrs.put("self.w", "Tensor");
        }
        if (r.nextBoolean()) {
            out.append("        self.register_buffer(\"buf\", torch.zeros(4))\n");
        }
        if (r.nextBoolean()) {
            out.append("        self.scale = ").append(r.nextInt(5)).append(".5\n");
            attrs.put("self.scale", "float");
        }
        boolean layers = r.nextBoolean();
        if (layers) {
            out.append("        self.layers = nn.ModuleList([nn.Linear(4, 4) for _ in range(2)])\n");
        }
        if (r.nextInt(3) == 0) {
            out.append("        self.act = nn.ReLU()\n");
            attrs.put("self.act(x)", "Tensor!");
        }
        out.append("\n");
        Map<String, String> locals = new LinkedHashMap<>();
        locals.put("x", "Tensor");
        String signature = "    def forward(self, x: Tensor";
        if (r.nextBoolean()) {
            signature += ", mask: Optional[Tensor] = None";
            locals.put("mask", "Optional[Tensor]");
        }
        out.append(signature).append(") -> Tensor:\n");
        if (layers && r.nextBoolean()) {
            out.append("        for layer in self.layers:\n            x = layer(x)\n");
        }
        body("        ", locals, attrs, "Tensor");
        if (r.nextBoolean()) {
            String rt = pick(RETURN_TYPES);
            out.append("\n    @torch.jit.export\n    def extra(self, k: int) -> ").append(rt).append(":\n");
            Map<String, String> l2 = new LinkedHashMap<>();
            l2.put("k", "int");
            body("        ", l2, attrs, rt);
        }
        out.append("\n\n");
        if (r.nextBoolean()) {
            out.append("scripted_").append(name).append(" = torch.jit.script(").append(name).append("())\n\n");
        }
    }

    private void body(String ind, Map<String, String> locals, Map<String, String> attrs, String rt) {
        indent = ind;
        scope = new LinkedHashMap<>(locals);
        attributes = new LinkedHashMap<>(attrs);
        if (scopeConstant && r.nextInt(3) == 0) {
            attributes.put("SCALE", "int");
        }
        returnType = rt;
        depth = 0;
        loops = 0;
        int n = 1 + r.nextInt(6);
        for (int i = 0; i < n; i++) {
            statement();
        }
        line("return " + (rt.equals("None") ? (r.nextBoolean() ? "None" : "") : expr(rt, 0)));
    }

    // ---- statements

    private void line(String s) {
        out.append(indent).append(s).append('\n');
    }

    /** A compound statement: the header (which may bind names for the body), then the body. */
    private void block(Runnable header, int statements) {
        Map<String, String> savedScope = new LinkedHashMap<>(scope);
        header.run();
        String saved = indent;
        indent = indent + "    ";
        depth++;
        for (int i = 0; i < statements; i++) {
            statement();
        }
        depth--;
        indent = saved;
        scope = savedScope;
    }

    private String fresh() {
        return "v" + counter++;
    }

    private void statement() {
        int k = depth > 3 ? r.nextInt(9) : r.nextInt(24);
        switch (k) {
            case 0, 1, 2 -> {
                String t = pick(TYPES);
                String v = existingOrFresh(t);
                line(v + (r.nextInt(3) == 0 ? ": " + t : "") + " = " + expr(t, 0));
                scope.put(v, t);
            }
            case 3 -> {
                String v = varOf("int", "float", "Tensor");
                if (v != null) {
                    String t = scope.get(v);
                    line(v + " " + pick(List.of("+=", "-=", "*=")) + " " + expr(t.equals("Tensor") ? pick(List.of("Tensor", "int", "float")) : t, 1));
                } else {
                    line("pass");
                }
            }
            case 4 -> {
                String v = varOf("List[int]", "List[Tensor]");
                if (v != null) {
                    line(v + ".append(" + expr(scope.get(v).equals("List[int]") ? "int" : "Tensor", 1) + ")");
                } else {
                    line("print(" + expr(pick(TYPES), 1) + ")");
                }
            }
            case 5 -> line(pick(List.of("pass", "print(\"x\", " + expr("int", 1) + ")",
                    "assert " + expr("bool", 1) + ", \"message\"")));
            case 6 -> {
                if (loops > 0 && r.nextBoolean()) {
                    block(() -> line("if " + expr("bool", 1) + ":"), 0);
                    line("    " + pick(List.of("break", "continue")));
                } else if (r.nextInt(3) == 0) {
                    block(() -> line("if " + expr("bool", 1) + ":"), 0);
                    line("    raise RuntimeError(\"bad\")");
                } else {
                    line("pass");
                }
            }
            case 7 -> {
                String t = pick(RETURN_TYPES);
                if (depth > 0 && r.nextInt(3) == 0) {
                    line("return " + (returnType.equals("None") ? "" : expr(returnType, 0)));
                } else {
                    String v = fresh();
                    line(v + " = " + expr(t.equals("None") ? "int" : t, 0));
                    scope.put(v, t.equals("None") ? "int" : t);
                }
            }
            case 8 -> {
                String v = varOf("Optional[Tensor]", "Optional[int]");
                if (v == null) {
                    line("pass");
                    return;
                }
                String inner = scope.get(v).substring(9, scope.get(v).length() - 1);
                switch (r.nextInt(4)) {
                    case 0 -> block(() -> line("if " + v + " is not None:"), 0);
                    case 1 -> block(() -> line("if " + v + " is None or " + expr("bool", 2) + ":"), 0);
                    case 2 -> {
                        line("assert " + v + " is not None");
                        scope.put(v, inner);
                        return;
                    }
                    default -> {
                        block(() -> line("if " + v + " is None:"), 0);
                        line("    " + (loops > 0 && r.nextBoolean() ? "continue" : "return " + (returnType.equals("None") ? "" : expr(returnType, 3))));
                        scope.put(v, inner);
                        return;
                    }
                }
                Map<String, String> saved = new LinkedHashMap<>(scope);
                scope.put(v, inner);
                String savedIndent = indent;
                indent += "    ";
                depth++;
                String w = fresh();
                line(w + " = " + v + (inner.equals("int") ? " + 1" : ".relu()"));
                statement();
                depth--;
                indent = savedIndent;
                scope = saved;
            }
            case 9, 10 -> {
                String cond = expr("bool", 0);
                block(() -> line("if " + cond + ":"), 1 + r.nextInt(3));
                if (r.nextInt(3) == 0) {
                    block(() -> line("elif " + expr("bool", 1) + ":"), 1 + r.nextInt(2));
                }
                if (r.nextBoolean()) {
                    block(() -> line("else:"), 1 + r.nextInt(3));
                }
                if (r.nextBoolean()) {
                    // A variable set on both branches, with the same or (rarely) another type.
                    String t = pick(TYPES);
                    String v = fresh();
                    line("if " + expr("bool", 1) + ":");
                    line("    " + v + " = " + expr(t, 1));
                    line("else:");
                    line("    " + v + " = " + expr(r.nextInt(6) == 0 ? pick(TYPES) : t, 1));
                    scope.put(v, t);
                }
            }
            case 11, 12 -> {
                String i = fresh();
                loops++;
                switch (r.nextInt(5)) {
                    case 0 -> block(() -> {
                        line("for " + i + " in range(" + expr("int", 2) + "):");
                        scope.put(i, "int");
                    }, 1 + r.nextInt(3));
                    case 1 -> {
                        String l = varOf("List[int]", "List[Tensor]");
                        String lt = l == null ? "List[int]" : scope.get(l);
                        String src = l == null ? expr("List[int]", 1) : l;
                        block(() -> {
                            line("for " + i + " in " + src + ":");
                            scope.put(i, lt.substring(5, lt.length() - 1));
                        }, 1 + r.nextInt(3));
                    }
                    case 2 -> {
                        String j = fresh();
                        block(() -> {
                            line("for " + i + ", " + j + " in enumerate(" + expr("List[Tensor]", 1) + "):");
                            scope.put(i, "int");
                            scope.put(j, "Tensor");
                        }, 1 + r.nextInt(3));
                    }
                    case 3 -> {
                        String j = fresh();
                        block(() -> {
                            line("for " + i + ", " + j + " in zip(" + expr("List[int]", 1) + ", " + expr("List[Tensor]", 1) + "):");
                            scope.put(i, "int");
                            scope.put(j, "Tensor");
                        }, 1 + r.nextInt(3));
                    }
                    default -> {
                        line(i + " = 0");
                        scope.put(i, "int");
                        block(() -> line("while " + i + " < " + expr("int", 2) + ":"), 0);
                        indent += "    ";
                        depth++;
                        line(i + " += 1");
                        statement();
                        depth--;
                        indent = indent.substring(4);
                    }
                }
                loops--;
            }
            case 13 -> {
                String v = fresh();
                String i = fresh();
                switch (r.nextInt(3)) {
                    case 0 -> {
                        line(v + " = [" + i + " * 2 for " + i + " in range(" + expr("int", 2) + ")]");
                        scope.put(v, "List[int]");
                    }
                    case 1 -> {
                        line(v + " = [" + i + ".relu() for " + i + " in " + expr("List[Tensor]", 1) + "]");
                        scope.put(v, "List[Tensor]");
                    }
                    default -> {
                        line(v + " = {str(" + i + "): " + expr("Tensor", 2) + " for " + i + " in range(3)}");
                        scope.put(v, "Dict[str, Tensor]");
                    }
                }
            }
            case 14 -> {
                String a = fresh();
                String b = fresh();
                line(a + ", " + b + " = " + expr("Tuple[Tensor, int]", 0));
                scope.put(a, "Tensor");
                scope.put(b, "int");
            }
            case 15 -> block(() -> line("with torch.no_grad():"), 1 + r.nextInt(2));
            case 16 -> {
                String v = varOf("Dict[str, Tensor]", "List[int]");
                if (v != null) {
                    line(scope.get(v).startsWith("Dict") ? v + "[\"k\"] = " + expr("Tensor", 1) : "del " + v + "[0]");
                } else {
                    line("pass");
                }
            }
            case 17 -> {
                String v = fresh();
                String t = pick(List.of("List[int]", "Dict[str, Tensor]", "List[Tensor]"));
                line(v + " = torch.jit.annotate(" + t + ", " + (t.startsWith("Dict") == (r.nextInt(8) != 0) ? "{}" : "[]") + ")");
                scope.put(v, t);
            }
            case 18 -> {
                String v = varOf("Union[int, Tensor]");
                if (v == null) {
                    line("pass");
                    return;
                }
                block(() -> {
                    line("if isinstance(" + v + ", int):");
                    scope.put(v, "int");
                    line("    " + fresh() + " = " + v + " + 1");
                }, 0);
                block(() -> {
                    line("else:");
                    scope.put(v, "Tensor");
                }, 1);
            }
            case 19 -> {
                String t = pick(TYPES);
                String v = fresh();
                line(v + " = " + expr("bool", 1) + " if " + expr("bool", 1) + " else " + expr("bool", 1));
                scope.put(v, "bool");
                line(fresh() + " = " + expr(t, 1) + " if " + v + " else " + expr(t, 1));
            }
            default -> {
                String t = pick(TYPES);
                String v = fresh();
                line(v + " = " + expr(t, 0));
                scope.put(v, t);
            }
        }
    }

    // ---- expressions

    private String existingOrFresh(String t) {
        if (r.nextBoolean()) {
            String v = varOf(t);
            if (v != null) {
                return v;
            }
        }
        return fresh();
    }

    /** A local of one of {@code types}, or null. */
    private String varOf(String... types) {
        List<String> found = new ArrayList<>();
        for (Map.Entry<String, String> e : scope.entrySet()) {
            for (String t : types) {
                if (e.getValue().equals(t)) {
                    found.add(e.getKey());
                }
            }
        }
        return found.isEmpty() ? null : pick(found);
    }

    private String attributeOf(String t) {
        List<String> found = new ArrayList<>();
        for (Map.Entry<String, String> e : attributes.entrySet()) {
            if (e.getValue().equals(t)) {
                found.add(e.getKey());
            } else if (e.getValue().equals(t + "!")) {
                String x = varOf("Tensor");
                if (x != null) {
                    found.add(e.getKey().replace("(x)", "(" + x + ")"));
                }
            }
        }
        return found.isEmpty() ? null : pick(found);
    }

    private String expr(String type, int d) {
        if (d <= 2 && r.nextDouble() < noise) {
            return switch (r.nextInt(4)) {
                case 0 -> "undefined_" + r.nextInt(3);
                case 1 -> expr(pick(TYPES), d + 1);
                case 2 -> "torch.no_such_op(" + expr("Tensor", d + 1) + ")";
                default -> recv(expr(type, d + 1)) + "." + pick(List.of("size", "shape", "foo", "t"));
            };
        }
        if (r.nextInt(3) == 0 || d > 3) {
            String v = r.nextInt(4) == 0 ? attributeOf(type) : varOf(type);
            if (v != null) {
                return v;
            }
            if (d > 3) {
                return leaf(type);
            }
        }
        Fn call = callable(type);
        if (call != null && r.nextInt(6) == 0) {
            StringBuilder sb = new StringBuilder(call.name()).append("(");
            int n = call.params().size() - (r.nextInt(8) == 0 ? 1 : 0);
            for (int i = 0; i < n; i++) {
                sb.append(i == 0 ? "" : ", ").append(expr(call.params().get(i), d + 1));
            }
            return sb.append(")").toString();
        }
        int e = d + 1;
        return switch (type) {
            case "Tensor" -> switch (r.nextInt(16)) {
                case 0 -> "torch.zeros(" + expr("int", e) + ", " + leaf("int") + ")";
                case 1 -> "torch.ones([" + leaf("int") + ", " + leaf("int") + "])";
                case 2 -> "torch.randn(" + expr("int", e) + ")";
                case 3 -> expr("Tensor", e) + " " + pick(List.of("+", "-", "*", "/", "@")) + " " + expr("Tensor", e);
                case 4 -> expr("Tensor", e) + " * " + expr(pick(List.of("int", "float")), e);
                case 5 -> recv(expr("Tensor", e)) + "." + pick(List.of("relu()", "sigmoid()", "clone()", "t()", "contiguous()", "float()", "abs()", "exp()", "flatten()"));
                case 6 -> recv(expr("Tensor", e)) + ".sum(dim=" + leaf("int") + ")";
                case 7 -> "torch.cat(" + expr("List[Tensor]", e) + ", dim=0)";
                case 8 -> recv(expr("Tensor", e)) + ".view(-1)";
                case 9 -> "(" + expr("Tensor", e) + ")[" + pick(List.of("0", "1:", ":, 0", "None", "..., 1", "::2")) + "]";
                case 10 -> "torch.where(" + expr("Tensor", e) + " > 0, " + expr("Tensor", e) + ", " + expr("Tensor", e) + ")";
                case 11 -> "F." + pick(List.of("relu", "gelu", "softmax", "dropout", "log_softmax")) + "(" + expr("Tensor", e) + (r.nextBoolean() ? ", " + leaf("int") : "") + ")";
                case 12 -> "torch.tensor(" + expr("List[int]", e) + ")";
                case 13 -> recv(expr("Tuple[Tensor, int]", e)) + "[0]";
                case 14 -> "torch." + pick(List.of("matmul", "add", "mul", "maximum")) + "(" + expr("Tensor", e) + ", " + expr("Tensor", e) + ")";
                default -> "-" + expr("Tensor", e);
            };
            case "int" -> switch (r.nextInt(10)) {
                case 0 -> "len(" + expr(pick(List.of("List[int]", "List[Tensor]", "str", "Dict[str, Tensor]")), e) + ")";
                case 1 -> recv(expr("Tensor", e)) + "." + pick(List.of("dim()", "size(0)", "numel()"));
                case 2 -> expr("int", e) + " " + pick(List.of("+", "-", "*", "//", "%", "<<", "&")) + " " + expr("int", e);
                case 3 -> "int(" + expr(pick(List.of("float", "Tensor", "str", "bool")), e) + ")";
                case 4 -> pick(List.of("max", "min")) + "(" + expr("int", e) + ", " + expr("int", e) + ")";
                case 5 -> recv(expr("List[int]", e)) + "[" + leaf("int") + "]";
                case 6 -> recv(expr("Tuple[Tensor, int]", e)) + "[1]";
                case 7 -> "(" + expr("int", e) + " if " + expr("bool", e) + " else " + expr("int", e) + ")";
                default -> leaf("int");
            };
            case "float" -> switch (r.nextInt(7)) {
                case 0 -> "float(" + expr("int", e) + ")";
                case 1 -> expr("float", e) + " " + pick(List.of("+", "-", "*", "/", "**")) + " " + expr(pick(List.of("int", "float")), e);
                case 2 -> "math." + pick(List.of("sqrt", "exp", "log", "floor", "cos")) + "(" + expr("float", e) + ")";
                case 3 -> recv(expr("Tensor", e)) + ".item()";
                case 4 -> "math.pi";
                default -> leaf("float");
            };
            case "bool" -> switch (r.nextInt(9)) {
                case 0 -> expr("int", e) + " " + pick(List.of("<", ">", "==", "!=", "<=")) + " " + expr(pick(List.of("int", "float")), e);
                case 1 -> "not " + expr("bool", e);
                case 2 -> expr("bool", e) + " " + pick(List.of("and", "or")) + " " + expr("bool", e);
                case 3 -> {
                    String o = varOf("Optional[Tensor]", "Optional[int]");
                    yield o == null ? leaf("bool") : o + pick(List.of(" is None", " is not None", " == None"));
                }
                case 4 -> "isinstance(" + expr(pick(TYPES), e) + ", " + pick(List.of("int", "Tensor", "float", "str", "List[int]", "torch.Tensor")) + ")";
                case 5 -> expr("int", e) + " in " + expr("List[int]", e);
                case 6 -> "torch.jit.is_scripting()";
                case 7 -> "bool(" + recv(expr("Tensor", e)) + ".sum() > 0)";
                default -> leaf("bool");
            };
            case "str" -> switch (r.nextInt(5)) {
                case 0 -> "str(" + expr(pick(List.of("int", "float", "Tensor")), e) + ")";
                case 1 -> "f\"{" + leaf("int") + "} items\"";
                case 2 -> expr("str", e) + " + " + expr("str", e);
                case 3 -> "\"{}-{}\".format(" + expr("int", e) + ", " + expr("str", e) + ")";
                default -> leaf("str");
            };
            case "List[int]" -> switch (r.nextInt(5)) {
                case 0 -> "[" + expr("int", e) + ", " + leaf("int") + "]";
                case 1 -> "list(" + recv(expr("Tensor", e)) + ".size())";
                case 2 -> "[i * 2 for i in range(" + leaf("int") + ")]";
                case 3 -> expr("List[int]", e) + " + " + expr("List[int]", e);
                default -> "[" + leaf("int") + "]";
            };
            case "List[Tensor]" -> switch (r.nextInt(4)) {
                case 0 -> "[" + expr("Tensor", e) + ", " + expr("Tensor", e) + "]";
                case 1 -> "[t * 2 for t in " + expr("List[Tensor]", e) + "]";
                case 2 -> recv(expr("Tensor", e)) + ".split(2)" + (r.nextBoolean() ? "" : "[0:1]");
                default -> "[" + expr("Tensor", e) + "]";
            };
            case "Optional[Tensor]" -> pick(List.of("None", expr("Tensor", e)));
            case "Optional[int]" -> pick(List.of("None", expr("int", e)));
            case "Union[int, Tensor]" -> expr(pick(List.of("int", "Tensor")), e);
            case "Tuple[Tensor, int]" -> "(" + expr("Tensor", e) + ", " + expr("int", e) + ")";
            case "Dict[str, Tensor]" -> r.nextBoolean() ? "{\"a\": " + expr("Tensor", e) + "}" : "{" + expr("str", e) + ": " + expr("Tensor", e) + ", \"b\": " + expr("Tensor", e) + "}";
            default -> classes.contains(type) ? type + "(" + expr("int", e) + ", " + expr("Tensor", e) + ")" : "None";
        };
    }

    /** A receiver of a method call or subscript: parenthesized unless it is a dotted name. */
    private static String recv(String e) {
        return e.matches("[A-Za-z_][A-Za-z_0-9]*(\\.[A-Za-z_][A-Za-z_0-9]*)*") ? e : "(" + e + ")";
    }

    private Fn callable(String type) {
        List<Fn> found = new ArrayList<>();
        for (Fn fn : functions) {
            if (fn.returns().equals(type)) {
                found.add(fn);
            }
        }
        return found.isEmpty() ? null : pick(found);
    }

    private String leaf(String type) {
        String v = varOf(type);
        if (v != null && r.nextBoolean()) {
            return v;
        }
        return switch (type) {
            case "Tensor" -> pick(List.of("torch.zeros(2)", "torch.ones(3, 4)", "torch.randn(4)", "torch.tensor([1.0, 2.0])"));
            case "int" -> String.valueOf(r.nextInt(5) - 1);
            case "float" -> pick(List.of("0.5", "1.0", "2.5e-3", "-1.0"));
            case "bool" -> pick(List.of("True", "False"));
            case "str" -> pick(List.of("\"a\"", "'bc'", "\"\""));
            case "List[int]" -> "[1, 2]";
            case "List[Tensor]" -> "[torch.zeros(2)]";
            case "Tuple[Tensor, int]" -> "(torch.zeros(1), 1)";
            case "Dict[str, Tensor]" -> "{\"a\": torch.zeros(1)}";
            default -> "None";
        };
    }

    private String defaultFor(String t) {
        return switch (t) {
            case "int" -> "1";
            case "float" -> "0.5";
            case "bool" -> "False";
            case "str" -> "\"s\"";
            case "Optional[Tensor]", "Optional[int]" -> "None";
            default -> "None";
        };
    }

    private <T> T pick(List<T> values) {
        return values.get(r.nextInt(values.size()));
    }
}
