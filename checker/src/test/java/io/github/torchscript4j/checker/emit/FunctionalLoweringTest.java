package io.github.torchscript4j.checker.emit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.torchscript4j.checker.ir.Function;
import io.github.torchscript4j.checker.ir.GraphPrinter;
import io.github.torchscript4j.checker.semantics.CheckedFile;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Functions of the bundled {@code torch.nn.functional} library are lowered like user functions,
 * under the reference's qualified names ({@code __torch__.torch.nn.functional.relu}), and calls of
 * them pass fixed-size lists as the reference does ({@code max_pool2d(x, 2)} passes {@code [2, 2]}).
 */
class FunctionalLoweringTest {

    private static Emitter.Result emit(String source) {
        CheckedFile file = CheckedFile.check("user.py", source.getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of(), file.diagnostics());
        return Emitter.emit(file);
    }

    @Test
    void aCallOfReluLowersToACallOfTheLibraryFunction() {
        Emitter.Result r = emit("""
                import torch
                import torch.nn.functional as F


                @torch.jit.script
                def f(x):
                    return F.relu(x)
                """);
        assertEquals(List.of(), r.failures());
        Function relu = r.unit().function("__torch__.torch.nn.functional.relu").orElseThrow();
        assertEquals("relu", relu.name());
        String graph = GraphPrinter.print(r.unit().function("__torch__.f").orElseThrow().graph());
        assertTrue(graph.contains(": Function = prim::Constant[name=\"relu\"]()"), graph);
        assertTrue(graph.matches("(?s).*prim::CallFunction\\(%\\d+, %x\\.1, %\\d+\\).*"), graph);
        String body = GraphPrinter.print(relu.graph());
        assertTrue(body.contains("aten::relu_(") && body.contains("aten::relu("), body);
    }

    @Test
    void fixedSizeListsAndTuplesArePassedAsLists() {
        Emitter.Result r = emit("""
                import torch
                import torch.nn.functional as F


                @torch.jit.script
                def f(x):
                    return F.max_pool2d(x, 2) + F.adaptive_avg_pool2d(x, (1, 1)) + F.layer_norm(x, (4,))
                """);
        assertEquals(List.of(), r.failures());
        String graph = GraphPrinter.print(r.unit().function("__torch__.f").orElseThrow().graph());
        assertTrue(graph.contains("Function = prim::Constant[name=\"_max_pool2d\"]()"), graph);
        assertTrue(graph.contains("int[] = prim::ListConstruct(%"), graph);
        assertTrue(r.unit().function("__torch__.torch.nn.functional._max_pool2d").isPresent());
        assertTrue(r.unit().function("__torch__.torch.nn.functional._strides").isPresent());
    }

    @Test
    void lpPoolingAndMultilabelSoftMarginLossLower() {
        Emitter.Result r = emit("""
                import torch
                import torch.nn.functional as F


                @torch.jit.script
                def f(x, t):
                    return F.lp_pool1d(x, 2.0, 3, 2) + F.lp_pool2d(x, 2, 3) + F.multilabel_soft_margin_loss(x, t)
                """);
        assertEquals(List.of(), r.failures());
        assertTrue(r.unit().function("__torch__.torch.nn.functional.lp_pool1d").isPresent());
        assertTrue(r.unit().function("__torch__.torch.nn.functional.multilabel_soft_margin_loss").isPresent());
    }

    @Test
    void interpolateBroadcastsAScalarSizeAndLowersEveryMode() {
        Emitter.Result r = emit("""
                import torch
                import torch.nn.functional as F


                @torch.jit.script
                def f(x):
                    return F.interpolate(x, 4, None, 'trilinear', None, False) + F.upsample_nearest(x, scale_factor=2.0)
                """);
        assertEquals(List.of(), r.failures());
        String graph = GraphPrinter.print(r.unit().function("__torch__.f").orElseThrow().graph());
        // the scalar size 4 fills the BroadcastingList1[int] parameter as [4], as in the reference
        assertTrue(graph.contains("int[] = prim::ListConstruct(%"), graph);
        String body = GraphPrinter.print(r.unit().function("__torch__.torch.nn.functional.interpolate").orElseThrow().graph());
        for (String op : List.of("aten::upsample_nearest1d(", "aten::_upsample_nearest_exact2d(", "aten::upsample_linear1d(",
                "aten::_upsample_bilinear2d_aa(", "aten::upsample_bicubic2d(", "aten::upsample_trilinear3d(", "aten::floor(")) {
            assertTrue(body.contains(op), op + " in\n" + body);
        }
    }

    @Test
    void theWholeLibraryThatACommonModelUsesLowers() {
        Emitter.Result r = emit("""
                import torch
                import torch.nn.functional as F
                from typing import List


                @torch.jit.script
                def f(x, t, l: List[int]):
                    a = F.softmax(x, dim=1) + F.log_softmax(x) + F.dropout(x, 0.2, training=False) + F.gelu(x)
                    b = F.leaky_relu(x, 0.1) + F.elu(x) + F.hardtanh(x) + F.silu(x) + F.relu6(x) + F.sigmoid(x)
                    c = F.layer_norm(x, l) + F.batch_norm(x, None, None, training=True) + F.normalize(x)
                    d = F.mse_loss(x, t) + F.cross_entropy(x, t) + F.nll_loss(x, t) + F.embedding(t, x, padding_idx=0)
                    return a + b + c + d + F.max_pool1d(x, 1, 1, return_indices=True)[0]
                """);
        assertEquals(List.of(), r.failures());
    }
}
