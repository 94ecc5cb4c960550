package io.github.torchscript4j.runtime.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.torchscript4j.checker.builtins.FunctionSchema;
import io.github.torchscript4j.checker.builtins.OperatorTable;
import io.github.torchscript4j.runtime.TorchScriptException;
import io.github.torchscript4j.runtime.value.Dtypes;
import io.github.torchscript4j.runtime.value.TensorData;
import io.github.torchscript4j.runtime.value.TensorRef;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@link DispatcherOps}: boxed calls of libtorch's operators with converted arguments and results,
 * libtorch's errors as {@link TorchScriptException}s, and which of the builtin table's schemas the
 * dispatcher has. Loads libtorch in this JVM.
 */
@Tag("native")
class DispatcherOpsTest {

    private static OpImpl op(String nameWithOverload) {
        FunctionSchema schema = OperatorTable.builtin().find(nameWithOverload).orElseThrow();
        return DispatcherOps.find(schema).orElseThrow(() -> new AssertionError("not in the dispatcher: " + schema));
    }

    private static TensorRef floats(long[] shape, double... data) {
        return new TensorData(Dtypes.FLOAT32, shape, data, null, null).toTensor();
    }

    private static List<Object> args(Object... values) {
        return new ArrayList<>(Arrays.asList(values));
    }

    private static TensorData only(List<Object> outputs) {
        assertEquals(1, outputs.size());
        TensorRef result = (TensorRef) outputs.get(0);
        try {
            return TensorData.read(result);
        } finally {
            result.release();
        }
    }

    @Test
    void addTensorWithAlpha() {
        try (TensorRef a = floats(new long[] {2}, 1, 2); TensorRef b = floats(new long[] {2}, 10, 20)) {
            TensorData sum = only(op("aten::add.Tensor").call(args(a, b, 2L)));
            assertEquals(new TensorData(Dtypes.FLOAT32, new long[] {2}, new double[] {21, 42}, null, null), sum);
            TensorData scaled = only(op("aten::add.Tensor").call(args(a, b, 0.5)));
            assertArrayEquals(new double[] {6, 12}, scaled.floats());
        }
    }

    @Test
    void zerosWithAnIntListAndOptionalDtype() {
        TensorData floats = only(op("aten::zeros").call(args(new ArrayList<>(List.of(2L, 3L)), null, null, null, null)));
        assertEquals(Dtypes.FLOAT32, floats.dtype());
        assertArrayEquals(new long[] {2, 3}, floats.shape());
        assertArrayEquals(new double[6], floats.floats());
        TensorData ints = only(op("aten::zeros").call(args(new ArrayList<>(List.of(4L)), Dtypes.INT64, null, null, null)));
        assertEquals(new TensorData(Dtypes.INT64, new long[] {4}, null, new long[4], null), ints);
    }

    @Test
    void catOfATensorList() {
        try (TensorRef a = floats(new long[] {1, 2}, 1, 2); TensorRef b = floats(new long[] {2, 2}, 3, 4, 5, 6)) {
            TensorData joined = only(op("aten::cat").call(args(new ArrayList<>(List.of(a, b)), 0L)));
            assertArrayEquals(new long[] {3, 2}, joined.shape());
            assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, joined.floats());
        }
    }

    @Test
    void maxDimReturnsTwoTensors() {
        try (TensorRef x = floats(new long[] {2, 3}, 1, 9, 3, 7, 5, 6)) {
            List<Object> outputs = op("aten::max.dim").call(args(x, 1L, false));
            assertEquals(2, outputs.size());
            TensorRef values = (TensorRef) outputs.get(0);
            TensorRef indices = (TensorRef) outputs.get(1);
            assertArrayEquals(new double[] {9, 7}, TensorData.read(values).floats());
            assertEquals(new TensorData(Dtypes.INT64, new long[] {2}, null, new long[] {1, 0}, null), TensorData.read(indices));
            values.release();
            indices.release();
        }
    }

    @Test
    void anInPlaceOperatorReturnsItsSelfArgument() {
        try (TensorRef x = floats(new long[] {2}, 1, 2); TensorRef one = floats(new long[] {1}, 1)) {
            List<Object> outputs = op("aten::add_.Tensor").call(args(x, one, 1L));
            assertSame(x, outputs.get(0));
            assertEquals(2, x.owners(), "the output is one more owner");
            x.release();
            assertArrayEquals(new double[] {2, 3}, TensorData.read(x).floats());
        }
    }

    @Test
    void aCallSitesConstantArgumentsGiveTheResultsOfThePlainOperator() {
        OpImpl add = op("aten::add.Tensor");
        OpImpl site = add.withConstants(new boolean[] {false, false, true}, new Object[] {null, null, 2L});
        assertNotSame(add, site, "the alpha constant is converted once for the site");
        try (TensorRef a = floats(new long[] {2}, 1, 2); TensorRef b = floats(new long[] {2}, 10, 20)) {
            for (int i = 0; i < 3; i++) {
                assertEquals(only(add.call(args(a, b, 2L))), only(site.call(args(a, b, 2L))));
            }
            // A constant that does not convert is left to each call, which fails as the operator does.
            OpImpl wrong = add.withConstants(new boolean[] {false, false, true}, new Object[] {null, null, "two"});
            String expected = assertThrows(TorchScriptException.class, () -> add.call(args(a, b, "two"))).getMessage();
            assertEquals(expected, assertThrows(TorchScriptException.class, () -> wrong.call(args(a, b, "two"))).getMessage());
        }
        // Nothing to prepare: no constant, or only the self argument of an in-place operator.
        assertSame(add, add.withConstants(new boolean[3], new Object[3]));
        OpImpl addInPlace = op("aten::add_.Tensor");
        assertSame(addInPlace, addInPlace.withConstants(new boolean[] {true, false, false}, new Object[] {1L, null, null}));
    }

    @Test
    void aCallAfterOneThatLeftAListOnTheStackSeesOnlyItsOwnArguments() {
        try (TensorRef x = floats(new long[] {2, 2}, 1, 2, 3, 4)) {
            List<Object> rows = op("aten::unbind.int").call(args(x, 0L));
            List<?> list = (List<?>) rows.get(0);
            assertEquals(2, list.size());
            list.forEach(row -> ((TensorRef) row).release());
            // sum's dtype is None: the stack's slot for it must hold None, not what unbind left there.
            TensorData sum = only(op("aten::sum").call(args(x, null)));
            assertArrayEquals(new double[] {10}, sum.floats());
        }
    }

    @Test
    void aShapeMismatchIsLibtorchsRuntimeError() {
        try (TensorRef a = floats(new long[] {2}, 1, 2); TensorRef b = floats(new long[] {4}, 1, 2, 3, 4)) {
            TorchScriptException e = assertThrows(TorchScriptException.class,
                    () -> op("aten::add.Tensor").call(args(a, b, 1L)));
            assertEquals("RuntimeError", e.pythonType());
            assertEquals("The size of tensor a (2) must match the size of tensor b (4) at non-singleton dimension 0",
                    e.firstLine());
            assertFalse(e.detail().contains("Exception raised from"), e.detail());
            assertFalse(e.detail().contains("frame #"), e.detail());
            assertTrue(e.location().isEmpty(), "the interpreter fills in the location");
        }
    }

    @Test
    void anIndexOutOfRangeIsARuntimeErrorAsInTheReferencesInterpreter() {
        try (TensorRef x = floats(new long[] {2, 3}, 1, 2, 3, 4, 5, 6)) {
            TorchScriptException e = assertThrows(TorchScriptException.class,
                    () -> op("aten::select.int").call(args(x, 0L, 5L)));
            assertEquals("RuntimeError", e.pythonType());
            assertEquals("select(): index 5 out of range for tensor of size [2, 3] at dimension 0", e.detail());
        }
    }

    @Test
    void aMissingKernelIsNotImplementedError() {
        try (TensorRef x = floats(new long[] {2}, 1, 2)) {
            List<Object> sparse = op("aten::to_sparse").call(args(x, null, null, null));
            TensorRef s = (TensorRef) sparse.get(0);
            TorchScriptException e = assertThrows(TorchScriptException.class,
                    () -> op("aten::view").call(args(s, new ArrayList<>(List.of(2L)))));
            s.release();
            assertEquals("NotImplementedError", e.pythonType());
            assertTrue(e.firstLine().startsWith("Could not run 'aten::view' with arguments from the 'SparseCPU' backend."),
                    e.firstLine());
        }
    }

    @Test
    void badArgumentsAreRefusedBeforeLibtorchSeesThem() {
        OpImpl add = op("aten::add.Tensor");
        try (TensorRef a = floats(new long[] {1}, 1)) {
            TorchScriptException count = assertThrows(TorchScriptException.class, () -> add.call(args(a, a)));
            assertEquals("aten::add.Tensor() expected 3 argument(s) but got 2", count.detail());
            TorchScriptException type = assertThrows(TorchScriptException.class, () -> add.call(args(a, 2L, 1L)));
            assertEquals("Expected a value of type 'Tensor' for argument 'other' but instead found type 'int'.",
                    type.detail());
            assertThrows(TorchScriptException.class, () -> add.call(args(a, null, 1L)));
        }
        TensorRef freed = floats(new long[] {1}, 1);
        freed.release();
        assertThrows(IllegalStateException.class, () -> add.call(args(freed, freed, 1L)));
    }

    @Test
    void operatorsOnlyTheInterpreterKnowsAreNotFound() {
        OperatorTable table = OperatorTable.builtin();
        for (String name : List.of("aten::add.int", "aten::append.t", "aten::len.t", "aten::dict.str",
                "prim::device", "aten::__getitem__.t")) {
            FunctionSchema schema = table.find(name).orElseThrow(() -> new AssertionError(name));
            assertEquals(Optional.empty(), DispatcherOps.find(schema), name);
        }
        assertSame(op("aten::add.Tensor"), op("aten::add.Tensor"), "one OpImpl per schema");
    }

    @Test
    void releasingTheLastOwnerFreesTheNativeTensorAtOnce() {
        try (TensorRef x = floats(new long[] {2}, 1, 2)) {
            TensorRef out = (TensorRef) op("aten::add.Tensor").call(args(x, x, 1L)).get(0);
            Tensor probe = new Tensor(out.tensor()); // another at::Tensor on the output's TensorImpl
            long counted = probe.use_count(); // the TensorRef's handles (IValue, at::Tensor) and the probe
            assertTrue(counted >= 2, "the TensorRef's handles and the probe: " + counted);
            out.retain();
            out.release();
            assertEquals(counted, probe.use_count());
            out.release();
            assertEquals(1, probe.use_count(), "the TensorRef's handles are gone");
            assertTrue(out.isFreed());
            probe.close();
        }
    }

    /** Reports how many of the builtin table's schemas libtorch's dispatcher can run. */
    @Test
    void mostAtenSchemasResolveInTheDispatcher() {
        List<FunctionSchema> schemas = OperatorTable.builtin().schemas();
        int resolved = 0;
        int aten = 0;
        int atenResolved = 0;
        for (FunctionSchema schema : schemas) {
            boolean found = DispatcherOps.find(schema).isPresent();
            resolved += found ? 1 : 0;
            if (schema.namespace().equals("aten")) {
                aten++;
                atenResolved += found ? 1 : 0;
            }
        }
        System.out.printf("DispatcherOps: %d of %d schemas resolve in the dispatcher (aten: %d of %d)%n",
                resolved, schemas.size(), atenResolved, aten);
        assertTrue(atenResolved > aten / 2, atenResolved + " of " + aten);
    }

    /**
     * 100,000 calls with every output released: the process's resident memory stays flat. The
     * tensors are 32 x 32 floats, so that leaked outputs (4 KiB and 8 KiB each) would add some 600
     * MiB. Resident memory also counts the JVM heap's pages as the collector first touches them,
     * which varies from run to run (measured: from -11 MiB to +99 MiB on a busy 2-core machine), so
     * the bound is 192 MiB: far below a leak, far above that noise.
     */
    @Test
    void aHundredThousandCallsDoNotGrowNativeMemory() throws Exception {
        OpImpl add = op("aten::add.Tensor");
        OpImpl cat = op("aten::cat");
        try (TensorRef a = floats(new long[] {32, 32}, new double[1024]);
                TensorRef b = floats(new long[] {32, 32}, new double[1024])) {
            Runnable batch = () -> {
                for (int i = 0; i < 1_000; i++) {
                    ((TensorRef) add.call(args(a, b, 1L)).get(0)).release();
                    ((TensorRef) cat.call(args(new ArrayList<>(List.of(a, b)), 0L)).get(0)).release();
                }
            };
            for (int i = 0; i < 20; i++) {
                batch.run(); // warm-up: allocator caches, compiled Java code, heap pages
            }
            System.gc();
            long before = residentKiB();
            for (int i = 0; i < 50; i++) {
                batch.run(); // 50 x 2,000 = 100,000 calls
            }
            System.gc();
            long after = residentKiB();
            System.out.printf("DispatcherOps: VmRSS before %d KiB, after 100,000 calls %d KiB (%+d KiB)%n",
                    before, after, after - before);
            assertTrue(after - before < 192 * 1024, "resident memory grew by " + (after - before) + " KiB");
        }
    }

    private static long residentKiB() throws java.io.IOException {
        for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new AssertionError("no VmRSS in /proc/self/status");
    }
}
