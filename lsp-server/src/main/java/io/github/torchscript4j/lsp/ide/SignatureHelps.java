package io.github.torchscript4j.lsp.ide;

import io.github.torchscript4j.checker.builtins.FunctionSchema;
import io.github.torchscript4j.checker.builtins.SchemaArgument;
import io.github.torchscript4j.checker.syntax.ast.Stmt;
import io.github.torchscript4j.checker.types.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Signature help: inside the parentheses of a call, the callee's signatures and the parameter the
 * cursor is at. The call is found in the text (the innermost unclosed parenthesis before the
 * cursor), since a call being typed rarely parses; the callee is a user function of the file, an
 * operator behind {@code torch.xxx} / {@code F.xxx}, or a tensor method.
 */
public final class SignatureHelps {
    private SignatureHelps() {}

    /** One signature: its label and its parameters' labels (substrings of the label). */
    public record Signature(String label, List<String> parameters) {}

    /** The signatures of a call and which one and which parameter are active. */
    public record Help(List<Signature> signatures, int activeSignature, int activeParameter) {}

    public static Optional<Help> at(Analysis current, Optional<Analysis> lastChecked, int offset) {
        String text = current.text();
        int depth = 0;
        int commas = 0;
        int open = -1;
        int lineStarts = 0;
        for (int i = offset - 1; i >= 0 && lineStarts < 20; i--) {
            char c = text.charAt(i);
            if (c == '\n') {
                lineStarts++;
            } else if (c == ')' || c == ']' || c == '}') {
                depth++;
            } else if (c == '[' || c == '{') {
                if (depth == 0) {
                    return Optional.empty();
                }
                depth--;
            } else if (c == '(') {
                if (depth == 0) {
                    open = i;
                    break;
                }
                depth--;
            } else if (c == ',' && depth == 0) {
                commas++;
            }
        }
        if (open <= 0) {
            return Optional.empty();
        }
        int end = open;
        while (end > 0 && text.charAt(end - 1) == ' ') {
            end--;
        }
        int start = end;
        while (start > 0 && (Character.isJavaIdentifierPart(text.charAt(start - 1)) || text.charAt(start - 1) == '.')) {
            start--;
        }
        String callee = text.substring(start, end);
        if (callee.isEmpty()) {
            return Optional.empty();
        }
        List<Signature> signatures = new ArrayList<>();
        int dot = callee.lastIndexOf('.');
        if (dot < 0) {
            for (Stmt s : current.module().body()) {
                if (s instanceof Stmt.FunctionDef f && f.name().equals(callee)) {
                    Functions fn = Functions.of(lastCheckedOr(current, lastChecked), f);
                    signatures.add(user(fn));
                }
            }
        } else {
            String receiver = callee.substring(0, dot);
            String member = callee.substring(dot + 1);
            Optional<String> module = Imports.of(current.module()).module(receiver);
            if (module.isPresent()) {
                Operators.moduleFunction(module.get(), member).forEach(s -> signatures.add(schema(s, false)));
            } else if (isTensor(current, lastChecked, receiver, start)) {
                Operators.overloads("aten::" + member).forEach(s -> signatures.add(schema(s, true)));
            }
        }
        if (signatures.isEmpty()) {
            return Optional.empty();
        }
        int active = 0;
        for (int i = 0; i < signatures.size(); i++) {
            if (signatures.get(i).parameters().size() > commas) {
                active = i;
                break;
            }
        }
        return Optional.of(new Help(signatures, active, commas));
    }

    private static Analysis lastCheckedOr(Analysis current, Optional<Analysis> lastChecked) {
        return current.checked() ? current : lastChecked.orElse(current);
    }

    private static boolean isTensor(Analysis current, Optional<Analysis> lastChecked, String receiver, int before) {
        Analysis a = lastCheckedOr(current, lastChecked);
        boolean[] tensor = {false};
        int[] best = {-1};
        Syntax.walk(a.module(), n -> {
            if (n instanceof io.github.torchscript4j.checker.syntax.ast.Expr e && n.range().start() < before
                    && n.range().start() > best[0] && n.range().text().equals(receiver)) {
                Optional<Type> t = a.typeOf(e);
                if (t.isPresent()) {
                    best[0] = n.range().start();
                    tensor[0] = t.get() instanceof Type.TensorType;
                }
            }
        });
        return tensor[0];
    }

    private static Signature user(Functions fn) {
        List<String> params = new ArrayList<>();
        for (Functions.Param p : fn.params()) {
            params.add(p.text());
        }
        if (!params.isEmpty() && params.get(0).equals("self")) {
            params.remove(0);
        }
        return new Signature(fn.header(), params);
    }

    private static Signature schema(FunctionSchema s, boolean method) {
        List<String> params = new ArrayList<>();
        for (SchemaArgument a : s.arguments()) {
            if (method && params.isEmpty() && a.name().equals("self") && s.arguments().indexOf(a) == 0) {
                continue;
            }
            params.add(a.toString());
        }
        return new Signature(s.toString(), params);
    }
}
