package io.github.torchscript4j.checker.semantics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.torchscript4j.checker.syntax.ParseResult;
import io.github.torchscript4j.checker.syntax.Parser;
import io.github.torchscript4j.checker.syntax.SourceDecoder;
import io.github.torchscript4j.checker.syntax.ast.Expr;
import io.github.torchscript4j.checker.syntax.ast.Node;
import io.github.torchscript4j.checker.syntax.ast.Stmt;
import io.github.torchscript4j.checker.types.Type;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What the checker hands the IR emitter for code under {@code isinstance} and {@code is None}
 * conditions: every expression of the branches is typed and every callee resolved (none is left
 * unchecked), and each use of a refined name has the type the reference gives it there (the
 * emitter lowers the refinements from these types). The programs' verdicts were confirmed with
 * PyTorch 1.13.1.
 */
class RefinedBranchesTest {

    private static CheckResult check(ParseResult parsed) {
        assertEquals(List.of(), parsed.diagnostics());
        CheckResult result = Checker.check(parsed);
        assertEquals(List.of(), result.diagnostics(), "the program must check clean");
        return result;
    }

    private static String resource(String path) throws IOException {
        try (InputStream in = RefinedBranchesTest.class.getResourceAsStream(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Every node below {@code node}, depth first in source order (records' components in declaration order). */
    private static void walk(Object node, List<Node> out) {
        if (node instanceof Node n) {
            out.add(n);
        }
        if (node instanceof Collection<?> c) {
            c.forEach(x -> walk(x, out));
            return;
        }
        if (node instanceof Optional<?> o) {
            o.ifPresent(x -> walk(x, out));
            return;
        }
        if (node instanceof Record r && node instanceof Node) {
            for (RecordComponent rc : r.getClass().getRecordComponents()) {
                try {
                    walk(rc.getAccessor().invoke(r), out);
                } catch (ReflectiveOperationException e) {
                    throw new AssertionError(e);
                }
            }
        }
    }

    private static Stmt.FunctionDef function(ParseResult parsed, String name) {
        return parsed.module().body().stream().filter(s -> s instanceof Stmt.FunctionDef f && f.name().equals(name))
                .map(s -> (Stmt.FunctionDef) s).findFirst().orElseThrow();
    }

    /** The printed types of every use of {@code name} in {@code def}'s body, in source order. */
    private static List<String> typesOf(CheckResult result, Stmt.FunctionDef def, String name) {
        List<Node> nodes = new ArrayList<>();
        walk(def.body(), nodes);
        List<String> types = new ArrayList<>();
        for (Node n : nodes) {
            if (n instanceof Expr.Name x && x.id().equals(name)) {
                types.add(result.typeOf(x).map(Type::annotationStr).orElse("<untyped>"));
            }
        }
        return types;
    }

    private static ParseResult parse(String name, String source) {
        return Parser.parse(SourceDecoder.decode(name, source.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void everyExpressionUnderNestedIsinstanceIsTypedAndEveryCalleeResolved() throws IOException {
        String source = resource("/ir/golden/union_refinement.py");
        ParseResult parsed = parse("union_refinement.py", source);
        CheckResult result = check(parsed);
        Stmt.FunctionDef describe = function(parsed, "describe");
        List<Node> nodes = new ArrayList<>();
        walk(describe.body(), nodes);
        List<Expr> classInfo = new ArrayList<>();
        for (Node n : nodes) {
            if (n instanceof Expr.Call c && c.func() instanceof Expr.Name f && f.id().equals("isinstance")) {
                List<Node> inside = new ArrayList<>();
                walk(c.args().get(1), inside);
                inside.forEach(x -> classInfo.add((Expr) x));
            }
        }
        List<Expr> callees = new ArrayList<>();
        nodes.stream().filter(n -> n instanceof Expr.Call).forEach(n -> callees.add(((Expr.Call) n).func()));
        for (Node n : nodes) {
            if (!(n instanceof Expr e) || classInfo.stream().anyMatch(c -> c == e) || callees.stream().anyMatch(c -> c == e)) {
                continue; // class infos are annotations, callees builtins (sugared values, not typed)
            }
            assertTrue(result.typeOf(e).isPresent(), "untyped: " + e.range().text() + " at " + e.range().startLine());
            if (e instanceof Expr.Call c) {
                assertTrue(result.valueOf(c.func()).isPresent(), "unresolved callee: " + c.func().range().text());
            }
        }
        // the class infos are the annotations the emitter reads
        assertTrue(classInfo.stream().filter(e -> e instanceof Expr.Name).allMatch(e -> result.annotationType(e).isPresent()));
        assertEquals(List.of("Union[List[str], float, int]", "Union[float, int]", "int", "List[str]", "List[str]"),
                typesOf(result, describe, "x"));
    }

    @Test
    void refinementsFollowGuardsAssertsAndBooleanOperators() {
        String source = """
                import torch
                from typing import Any, List, Optional, Union


                @torch.jit.script
                def guard(x: Union[int, str], y: Optional[int]) -> int:
                    if not isinstance(x, int) or y is None:
                        return 0
                    return x + y


                @torch.jit.script
                def asserted(x: Any) -> int:
                    assert torch.jit.isinstance(x, List[int])
                    return x[0]


                @torch.jit.script
                def chain(x: Union[int, str, List[int]]) -> int:
                    if isinstance(x, int):
                        return x
                    elif isinstance(x, str):
                        return len(x)
                    return x[0]


                @torch.jit.script
                def ternary(x: Optional[int]) -> int:
                    return x if x is not None else 0
                """;
        ParseResult parsed = parse("guards.py", source);
        CheckResult result = check(parsed);
        assertEquals(List.of("Union[int, str]", "int"), typesOf(result, function(parsed, "guard"), "x"));
        assertEquals(List.of("Optional[int]", "int"), typesOf(result, function(parsed, "guard"), "y"));
        assertEquals(List.of("Any", "List[int]"), typesOf(result, function(parsed, "asserted"), "x"));
        assertEquals(List.of("Union[List[int], int, str]", "int", "Union[List[int], str]", "str", "List[int]"),
                typesOf(result, function(parsed, "chain"), "x"));
        assertEquals(List.of("Optional[int]", "int"), typesOf(result, function(parsed, "ternary"), "x").subList(0, 2));
    }
}
