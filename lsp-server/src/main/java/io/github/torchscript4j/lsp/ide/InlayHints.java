package io.github.torchscript4j.lsp.ide;

import io.github.torchscript4j.checker.semantics.CheckResult;
import io.github.torchscript4j.checker.semantics.Queries;
import io.github.torchscript4j.checker.syntax.ast.Arg;
import io.github.torchscript4j.checker.syntax.ast.Expr;
import io.github.torchscript4j.checker.syntax.ast.Node;
import io.github.torchscript4j.checker.syntax.ast.Stmt;
import io.github.torchscript4j.checker.types.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Inlay hints: the types TorchScript infers where the source does not write them, in the functions
 * it compiles. A variable's type after its first assignment in its scope ({@code x = torch.zeros(3)}
 * shows {@code x: Tensor}); an unannotated parameter's type, {@code Tensor} as TorchScript assumes
 * (not for {@code self}, nor when a {@code # type:} comment gives the types); the inferred return
 * type after a {@code def} without {@code ->}.
 */
public final class InlayHints {
    private InlayHints() {}

    /** Which hints to give. */
    public record Options(boolean variableTypes, boolean parameterTypes, boolean returnTypes) {}

    public enum Kind { VARIABLE, PARAMETER, RETURN }

    /** A hint: the text to show at an offset (a label such as {@code : Tensor} or {@code -> int}). */
    public record Hint(int offset, String label, Kind kind) {}

    /** The hints whose offsets lie in {@code [start, end]}, in source order. */
    public static List<Hint> in(Analysis a, int start, int end, Options options) {
        List<Hint> out = new ArrayList<>();
        Optional<CheckResult> result = a.result();
        if (result.isEmpty()) {
            return out;
        }
        Names names = a.names();
        for (CheckResult.CheckedFunction f : result.get().functions().values()) {
            Stmt.FunctionDef def = f.def();
            if (def.range().file() != a.file() || def.range().end() < start || def.range().start() > end) {
                continue; // a function of the bundled library, or outside the range
            }
            if (options.parameterTypes() && def.typeComment().isEmpty()) {
                parameters(a, f, out);
            }
            if (options.returnTypes() && def.returns().isEmpty() && def.typeComment().isEmpty()) {
                returnType(a, f, out);
            }
            if (options.variableTypes()) {
                Syntax.walk(def, (Node n) -> {
                    if (n instanceof Stmt.Assign as && as.typeComment().isEmpty() && as.targets().size() == 1
                            && as.targets().get(0) instanceof Expr.Name target) {
                        variable(a, names, as, target, out);
                    }
                });
            }
        }
        out.removeIf(h -> h.offset() < start || h.offset() > end);
        out.sort((x, y) -> Integer.compare(x.offset(), y.offset()));
        return out;
    }

    private static void variable(Analysis a, Names names, Stmt.Assign as, Expr.Name target, List<Hint> out) {
        Optional<Names.Symbol> s = names.symbolOf(target);
        if (s.isEmpty()) {
            return;
        }
        List<Names.Binding> bindings = names.bindings(s.get());
        if (bindings.isEmpty() || bindings.get(0).node() != target) {
            return; // only the first assignment of a name declares its type
        }
        Optional<Type> t = a.typeOf(target).or(() -> a.typeOf(as.value()));
        t.filter(InlayHints::writable)
                .ifPresent(type -> out.add(new Hint(target.range().end(), ": " + type.annotationStr(), Kind.VARIABLE)));
    }

    private static void parameters(Analysis a, CheckResult.CheckedFunction f, List<Hint> out) {
        Stmt.FunctionDef def = f.def();
        Queries.FunctionSignature sig = Queries.signature(a.module(), def, f.self().isPresent());
        List<Arg> args = new ArrayList<>(def.args().posonlyargs());
        args.addAll(def.args().args());
        args.addAll(def.args().kwonlyargs());
        for (int i = 0; i < args.size(); i++) {
            Arg arg = args.get(i);
            if (arg.annotation().isPresent() || arg.typeComment().isPresent() || f.self().isPresent() && i == 0) {
                continue;
            }
            for (Queries.Parameter p : sig.parameters()) {
                if (p.name().equals(arg.arg()) && writable(p.type())) {
                    out.add(new Hint(arg.range().start() + arg.arg().length(), ": " + p.type().annotationStr(),
                            Kind.PARAMETER));
                }
            }
        }
    }

    private static void returnType(Analysis a, CheckResult.CheckedFunction f, List<Hint> out) {
        if (!writable(f.returnType())) {
            return;
        }
        int close = closingParenthesis(a.text(), f.def());
        if (close >= 0) {
            out.add(new Hint(close + 1, " -> " + f.returnType().annotationStr(), Kind.RETURN));
        }
    }

    /** The offset of the {@code )} that closes a {@code def}'s parameters, or -1. */
    private static int closingParenthesis(String text, Stmt.FunctionDef def) {
        int i = Syntax.nameRange(def, "def", def.name()).end();
        int limit = def.body().isEmpty() ? def.range().end() : def.body().get(0).range().start();
        while (i < limit && text.charAt(i) != '(') {
            i++;
        }
        int depth = 0;
        char quote = 0;
        for (; i < limit; i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '#') {
                while (i < limit && text.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                depth--;
                if (depth == 0) {
                    return i;
                }
            }
        }
        return -1;
    }

    /** Whether a type is worth showing: known, and spelled as a user could write it. */
    private static boolean writable(Type t) {
        return !(t instanceof Type.UnknownType || t instanceof Type.FunctionType || t instanceof Type.VarType
                || t instanceof Type.AnyClassType || t instanceof Type.AnyEnumType);
    }
}
