package io.github.torchscript4j.runtime.python;

import static io.github.torchscript4j.runtime.python.TorchTestSupport.kw;
import static io.github.torchscript4j.runtime.python.TorchTestSupport.list;
import static io.github.torchscript4j.runtime.python.TorchTestSupport.shape;
import static io.github.torchscript4j.runtime.python.TorchTestSupport.values;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.torchscript4j.checker.eval.DeviceValue;
import io.github.torchscript4j.checker.eval.Tuple;
import io.github.torchscript4j.runtime.value.TensorRef;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code torch.NAME} calls: factories, overload choice, keywords, dtypes, devices, errors. */
class TorchCallsTest {
    private TorchHost host;
    private TorchTestSupport py;

    @BeforeEach
    void setUp() {
        host = new TorchHost();
        py = new TorchTestSupport(host);
    }

    @AfterEach
    void tearDown() {
        host.close();
    }

    @Test
    void factoriesTakeSizesAsVarargsOrOneSequence() {
        assertArrayEquals(new long[] {2, 3}, shape(py.torch("zeros", 2L, 3L)));
        assertArrayEquals(new long[] {2, 3}, shape(py.torch("zeros", new Tuple(list(2L, 3L)))));
        assertArrayEquals(new long[] {2, 3}, shape(py.torch("ones", list(2L, 3L))));
        assertArrayEquals(new long[] {4}, shape(py.torch("empty", 4L)));
        assertArrayEquals(new long[] {2, 3}, shape(py.torch("zeros", py.attr(py.torch("ones", 2L, 3L), "shape"))));
        assertArrayEquals(new double[] {1, 1}, values(py.torch("ones", 2L)));
    }

    @Test
    void keywordArgumentsBindByTheSchemasNames() {
        Object t = py.torchKw("zeros", kw("dtype", py.dtype("float64")), 2L, 3L);
        assertSame(py.dtype("float64"), py.attr(t, "dtype"));
        assertEquals("torch.float64", py.attr(t, "dtype").toString());
        Object e = py.torchKw("empty", kw("dtype", py.dtype("long"), "device", "cpu"), 2L);
        assertSame(py.dtype("int64"), py.attr(e, "dtype"));
        assertEquals(DeviceValue.CPU, py.attr(e, "device"));
        Object full = py.torchKw("full", kw("size", list(2L), "fill_value", 7L));
        assertArrayEquals(new double[] {7, 7}, values(full));
        Object r = py.torchKw("ones", kw("requires_grad", true), 2L);
        assertEquals(true, py.attr(r, "requires_grad"));
        Object t3 = py.torch("arange", 3.0);
        Object where = py.torchKw("where", kw("input", t3, "other", py.torch("zeros", 3L)), host.binary(">", t3, 0L).orElseThrow());
        assertArrayEquals(new double[] {0, 1, 2}, values(where));
        Object sum = py.torchKw("sum", kw("input", py.torch("ones", 2L, 3L), "dim", 1L));
        assertArrayEquals(new double[] {3, 3}, values(sum));
    }

    @Test
    void theOverloadIsTheOneThatAcceptsTheValues() {
        Object t = py.torch("ones", 2L);
        assertArrayEquals(new double[] {2, 2}, values(py.torch("add", t, 1L)));
        Object t2 = py.torch("full", list(2L), 3.0);
        assertArrayEquals(new double[] {7, 7}, values(py.torchKw("add", kw("alpha", 2L), t, t2)));
        assertArrayEquals(new double[] {0, 1, 2, 3, 4}, values(py.torch("arange", 5L)));
        assertArrayEquals(new double[] {2, 3, 4}, values(py.torch("arange", 2L, 5L)));
        assertArrayEquals(new double[] {0, 0.5}, values(py.torch("arange", 0L, 1L, 0.5)));
        assertSame(py.dtype("int64"), py.attr(py.torch("arange", 5L), "dtype"));
        assertSame(py.dtype("float32"), py.attr(py.torch("arange", 0.0, 2.0), "dtype"));
        Object cat = py.torch("cat", list(t, t2));
        assertArrayEquals(new double[] {1, 1, 3, 3}, values(cat));
        Object stacked = py.torchKw("stack", kw("dim", 1L), new Tuple(list(t, t2)));
        assertArrayEquals(new long[] {2, 2}, shape(stacked));
        Object max = py.torchKw("max", kw("dim", 0L), py.torch("tensor", list(1L, 5L, 3L)));
        assertTrue(max instanceof Tuple);
        assertEquals(4L, ((Tuple) max).elements().size() * 2L);
        assertArrayEquals(new double[] {1}, values(((Tuple) max).elements().get(1)));
        assertEquals(6L, py.torch("numel", py.torch("zeros", 2L, 3L)));
        Object chunks = py.torch("chunk", py.torch("arange", 3L), 3L);
        assertTrue(chunks instanceof Tuple, "a Tensor[] result is a tuple, as PyTorch's bindings return it");
        assertEquals(3, ((Tuple) chunks).elements().size());
    }

    @Test
    void tensorsAsVarargsWherePythonTakesThem() {
        Object a = py.torch("ones", 2L, 3L);
        Object b = py.torch("ones", 3L, 4L);
        Object product = py.torch("einsum", "ij,jk->ik", a, b);
        assertArrayEquals(new long[] {2, 4}, shape(product));
        assertArrayEquals(values(py.torch("matmul", a, b)), values(py.torch("einsum", "ij,jk->ik", list(a, b))));
        Object grids = py.torchKw("meshgrid", kw("indexing", "ij"), py.torch("arange", 2L), py.torch("arange", 3L));
        assertEquals(2, ((Tuple) grids).elements().size());
        assertArrayEquals(new long[] {2, 3}, shape(((Tuple) grids).elements().get(0)));
    }

    @Test
    void cudaAndVersion() {
        PyAttributes cuda = (PyAttributes) py.torch.attribute("cuda").orElseThrow();
        Object available = TorchTestSupport.call(cuda.attribute("is_available").orElseThrow());
        Object count = TorchTestSupport.call(cuda.attribute("device_count").orElseThrow());
        assertEquals((Long) count > 0, available);
        assertEquals("1.13.1", py.torch.attribute("__version__").orElseThrow());
    }

    @Test
    void tensorFromNestedListsInfersOrTakesTheDtype() {
        Object ints = py.torch("tensor", list(list(1L, 2L), list(3L, 4L)));
        assertSame(py.dtype("int64"), py.attr(ints, "dtype"));
        assertArrayEquals(new long[] {2, 2}, shape(ints));
        Object floats = py.torch("tensor", new Tuple(list(1.5, 2.0)));
        assertSame(py.dtype("float32"), py.attr(floats, "dtype"));
        Object d = py.torchKw("tensor", kw("dtype", py.dtype("float64")), list(1L, 2L));
        assertSame(py.dtype("float64"), py.attr(d, "dtype"));
        assertArrayEquals(new double[] {1, 2}, values(d));
        assertEquals(0L, py.attr(py.torch("tensor", 3.5), "ndim"));
        Object mixed = py.torch("tensor", list(list(1L, 2.5)));
        assertSame(py.dtype("float32"), py.attr(mixed, "dtype"));
        assertArrayEquals(new double[] {1, 2.5}, values(mixed));
        Object intsAndBools = py.torch("tensor", list(1L, true));
        assertSame(py.dtype("int64"), py.attr(intsAndBools, "dtype"));
    }

    @Test
    void dtypesPrintAndCarryTheirProperties() {
        assertSame(py.dtype("float"), py.dtype("float32"));
        assertSame(py.dtype("double"), py.dtype("float64"));
        assertSame(py.dtype("long"), py.dtype("int64"));
        assertSame(py.dtype("int"), py.dtype("int32"));
        assertSame(py.dtype("half"), py.dtype("float16"));
        assertEquals("torch.bfloat16", py.dtype("bfloat16").toString());
        assertEquals("torch.complex64", py.dtype("complex64").toString());
        assertEquals(true, py.attr(py.dtype("float16"), "is_floating_point"));
        assertEquals(false, py.attr(py.dtype("uint8"), "is_signed"));
        assertEquals("torch.dtype", host.typeName(py.dtype("bool")));
        assertSame(py.dtype("float32"), py.torch("get_default_dtype"));
        py.torch("set_default_dtype", py.dtype("float64"));
        try {
            assertSame(py.dtype("float64"), py.attr(py.torch("tensor", list(1.0)), "dtype"));
            assertSame(py.dtype("float64"), py.attr(py.torch("zeros", 1L), "dtype"));
        } finally {
            py.torch("set_default_dtype", py.dtype("float32"));
        }
        PyException e = assertThrows(PyException.class, () -> py.torch("set_default_dtype", py.dtype("int64")));
        assertEquals("TypeError", e.type());
    }

    @Test
    void devicesAndSizes() {
        assertEquals(DeviceValue.CPU, py.torch("device", "cpu"));
        assertEquals(new DeviceValue("cuda", 1), py.torch("device", "cuda", 1L));
        assertEquals("device(type='cuda', index=1)", host.repr(new DeviceValue("cuda", 1)));
        assertEquals("cuda", py.attr(new DeviceValue("cuda", 1), "type"));
        Object size = py.attr(py.torch("zeros", 2L, 3L), "shape");
        assertEquals("torch.Size([2, 3])", host.str(size));
        assertEquals(2L, host.length(size));
        assertEquals(3L, host.getItem(size, -1L));
        assertEquals(List.of(2L, 3L), host.iterate(size));
        assertEquals(true, host.binary("==", size, new Tuple(list(2L, 3L))).orElseThrow());
        assertEquals(6L, py.method(size, "numel"));
        assertEquals("torch.Size([3])", host.str(host.getItem(size, new PySlice(1L, null, null))));
        PyAttributes sizeClass = (PyAttributes) py.torch.attribute("Size").orElseThrow();
        assertTrue(host.isInstance(size, sizeClass));
        assertEquals(size, TorchTestSupport.call(sizeClass, list(2L, 3L)));
    }

    @Test
    void wrongArgumentsAreATypeErrorListingTheOverloads() {
        PyException e = assertThrows(PyException.class, () -> py.torch("zeros", "two"));
        assertEquals("TypeError", e.type());
        assertTrue(e.getMessage().startsWith("zeros() received an invalid combination of arguments - got (str), "
                + "but expected one of:\n * (SymInt[] size, *, ScalarType? dtype=None"), e.getMessage());
        PyException k = assertThrows(PyException.class, () -> py.torchKw("ones", kw("colour", 1L), 2L));
        assertTrue(k.getMessage().contains("got (int, colour=int)"), k.getMessage());
        PyException out = assertThrows(PyException.class,
                () -> py.torchKw("add", kw("out", py.torch("ones", 1L)), py.torch("ones", 1L), 1L));
        assertEquals("TypeError", out.type());
    }

    @Test
    void libtorchFailuresAreRuntimeErrorsWithItsMessage() {
        PyException e = assertThrows(PyException.class,
                () -> py.torch("mm", py.torch("ones", 2L, 3L), py.torch("ones", 2L, 3L)));
        assertEquals("RuntimeError", e.type());
        assertTrue(e.getMessage().startsWith("mat1 and mat2 shapes cannot be multiplied (2x3 and 2x3)"), e.getMessage());
        assertFalse(e.getMessage().contains("Exception raised from"), e.getMessage());
    }

    @Test
    void aFreedTensorIsARuntimeErrorNotACrash() {
        TensorRef t = (TensorRef) py.torch("ones", 2L);
        t.close();
        assertEquals("RuntimeError", assertThrows(PyException.class, () -> py.attr(t, "shape")).type());
        assertEquals("RuntimeError", assertThrows(PyException.class, () -> host.str(t)).type());
        assertEquals("RuntimeError", assertThrows(PyException.class, () -> host.binary("+", t, 1L)).type());
        assertEquals("RuntimeError", assertThrows(PyException.class, () -> host.getItem(t, 0L)).type());
        assertEquals("RuntimeError", assertThrows(PyException.class, () -> py.torch("add", t, 1L)).type());
    }

    @Test
    void nnOperatorsAreThereByAtenName() {
        PyAttributes nn = host.importModule("torch._C._nn").orElseThrow();
        Object x = py.torch("ones", 1L, 3L);
        Object w = py.torch("ones", 2L, 3L);
        Object y = TorchTestSupport.call(nn.attribute("linear").orElseThrow(), x, w);
        assertArrayEquals(new double[] {3, 3}, values(y));
        Object g = TorchTestSupport.call(nn.attribute("gelu").orElseThrow(), py.torch("zeros", 2L));
        assertArrayEquals(new double[] {0, 0}, values(g));
        PyCallable pad = (PyCallable) nn.attribute("pad").orElseThrow();
        assertArrayEquals(new long[] {1, 5}, shape(pad.call(list(x, list(1L, 1L)), Map.of())));
        assertTrue(nn.attribute("no_such_operator").isEmpty());
    }

    @Test
    void theHostOwnsWhatItCreatesUntilKeptOrClosed() {
        TensorRef kept;
        try (TorchHost other = new TorchHost()) {
            TorchTestSupport p = new TorchTestSupport(other);
            TensorRef a = (TensorRef) p.torch("ones", 2L);
            kept = other.keep((TensorRef) p.torch("zeros", 2L));
            assertEquals(1, other.ownedCount());
            other.close();
            assertTrue(a.isFreed());
        }
        assertFalse(kept.isFreed());
        kept.release();
        assertTrue(kept.isFreed());
    }
}
