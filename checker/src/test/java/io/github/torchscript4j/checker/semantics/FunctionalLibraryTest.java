package io.github.torchscript4j.checker.semantics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.torchscript4j.checker.builtins.OperatorTable;
import io.github.torchscript4j.checker.source.Diagnostic;
import io.github.torchscript4j.checker.syntax.ast.Expr;
import io.github.torchscript4j.checker.syntax.ast.Stmt;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The bundled {@code torch.nn.functional} library: it parses and checks clean, its data lines name
 * operators that exist, and user files reach it however they import it — without its diagnostics
 * (there should be none) ever landing in the user's file. Calls accepted and rejected are in the
 * fixture {@code fixtures/semantics/functional.py}; the library's agreement with the reference is
 * measured by {@code scripts/check-functional-library}.
 */
class FunctionalLibraryTest {

    private static CheckedFile check(String source) {
        return CheckedFile.check("user.py", source.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theLibraryParsesAndChecksWithoutDiagnostics() {
        assertEquals(List.of(), FunctionalLibrary.get().parsed().diagnostics());
        assertEquals(List.of(), Checker.checkLibrary());
    }

    @Test
    void everyOperatorTheLibraryReExportsIsInTheOperatorTable() {
        int operators = 0;
        for (Stmt s : FunctionalLibrary.get().parsed().module().body()) {
            if (s instanceof Stmt.Assign a && a.value() instanceof Expr.Attribute
                    && a.targets().get(0) instanceof Expr.Name n) {
                Value v = FunctionalLibrary.get().member(n.id());
                Value.Builtin b = assertInstanceOf(Value.Builtin.class, v, n.id());
                assertTrue(b.qualifiedName().startsWith("torch."), n.id());
                assertFalse(OperatorTable.builtin().overloads("aten::" + b.qualifiedName().substring(6)).isEmpty(), n.id());
                operators++;
            }
        }
        assertTrue(operators > 30, "operators re-exported: " + operators);
    }

    @Test
    void everyImportFormReachesTheLibraryFunction() {
        String source = """
                import torch
                import torch.nn.functional as F
                from torch.nn import functional as G
                from torch.nn.functional import relu
                import torch.nn.functional


                @torch.jit.script
                def f(x):
                    return F.relu(x) + G.relu(x) + relu(x) + torch.nn.functional.relu(x)
                """;
        CheckedFile file = check(source);
        assertEquals(List.of(), file.diagnostics());
        CheckResult result = file.result().orElseThrow();
        Stmt.FunctionDef libraryRelu = FunctionalLibrary.get().functions().get("relu");
        Stmt.FunctionDef f = (Stmt.FunctionDef) file.module().body().get(5);
        Expr sum = ((Stmt.Return) f.body().get(0)).value().orElseThrow();
        List<Expr.Call> calls = new ArrayList<>();
        collectCalls(sum, calls);
        assertEquals(4, calls.size());
        for (Expr.Call c : calls) {
            Value callee = result.valueOf(c.func()).orElseThrow();
            assertSame(libraryRelu, assertInstanceOf(Value.UserFunction.class, callee).def(), c.func().range().text());
        }
        CheckResult.CheckedFunction checked = result.functions().get(libraryRelu);
        assertEquals("torch.nn.functional", checked.pythonModule());
        assertEquals("", result.functions().get(f).pythonModule());
    }

    private static void collectCalls(Expr e, List<Expr.Call> out) {
        if (e instanceof Expr.Call c) {
            out.add(c);
        } else if (e instanceof Expr.BinOp b) {
            collectCalls(b.left(), out);
            collectCalls(b.right(), out);
        }
    }

    @Test
    void wrongCallsAreReportedInTheUsersFileAtTheCallee() {
        String source = """
                import torch
                import torch.nn.functional as F


                @torch.jit.script
                def f(x, b: bool):
                    return F.relu(x, 3) + F.softmax(x, "a") + F.max_pool2d(x, "a") + F.max_pool2d(x, 2, return_indices=b)
                """;
        CheckedFile file = check(source);
        assertEquals(4, file.diagnostics().size(), file.diagnostics().toString());
        for (Diagnostic d : file.diagnostics()) {
            assertSame(file.file(), d.range().file());
            assertTrue(d.range().text().startsWith("F."), d.range().text());
        }
    }

    @Test
    void aLibraryFunctionIsCheckedOncePerFileAndUnknownNamesStaySilent() {
        String source = """
                import torch
                import torch.nn.functional as F


                @torch.jit.script
                def f(x):
                    return F.softmax(x, 1) + F.softmax(x, 0) + F.gumbel_softmax(x)


                @torch.jit.script
                def g(x):
                    return F.softmax(x, dim=-1)
                """;
        CheckedFile file = check(source);
        assertEquals(List.of(), file.diagnostics());
        Map<Stmt.FunctionDef, CheckResult.CheckedFunction> functions = file.result().orElseThrow().functions();
        long softmaxes = functions.keySet().stream().filter(d -> d.name().equals("softmax")).count();
        assertEquals(1, softmaxes);
        assertTrue(functions.containsKey(FunctionalLibrary.get().functions().get("_get_softmax_dim")));
    }

    @Test
    void theLibraryIsParsedOnceAndSharedAcrossThreads() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<CheckedFile>> tasks = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                tasks.add(() -> check("import torch\nimport torch.nn.functional as F\n\n\n@torch.jit.script\n"
                        + "def f(x):\n    return F.layer_norm(x, [4]) + F.gelu(x)\n"));
            }
            for (Future<CheckedFile> r : pool.invokeAll(tasks)) {
                assertEquals(List.of(), r.get().diagnostics());
            }
        } finally {
            pool.shutdown();
        }
        assertSame(FunctionalLibrary.get(), FunctionalLibrary.get());
    }
}
