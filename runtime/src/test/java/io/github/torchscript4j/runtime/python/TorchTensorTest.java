package io.github.torchscript4j.runtime.python;

import static io.github.torchscript4j.runtime.python.TorchTestSupport.kw;
import static io.github.torchscript4j.runtime.python.TorchTestSupport.list;
import static io.github.torchscript4j.runtime.python.TorchTestSupport.shape;
import static io.github.torchscript4j.runtime.python.TorchTestSupport.values;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.torchscript4j.checker.eval.Tuple;
import io.github.torchscript4j.runtime.value.TensorRef;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Tensors as Python sees them: attributes, methods, operators, indexing, printing. Expected values
 * are PyTorch 1.13.1's (/usr/bin/python3), written out here.
 */
class TorchTensorTest {
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

    private Object arange12() {
        return py.method(py.torch("arange", 12.0), "reshape", 3L, 4L);
    }

    @Test
    void attributes() {
        Object t = py.torch("zeros", 2L, 3L);
        assertEquals(new TorchSize(List.of(2L, 3L)), py.attr(t, "shape"));
        assertEquals(2L, py.attr(t, "ndim"));
        assertEquals(false, py.attr(t, "requires_grad"));
        assertEquals(false, py.attr(t, "is_cuda"));
        assertEquals(true, py.attr(t, "is_leaf"));
        assertNull(py.attr(t, "grad"));
        assertNull(py.attr(t, "grad_fn"));
        assertEquals("torch.strided", py.attr(t, "layout").toString());
        assertArrayEquals(new long[] {3, 2}, shape(py.attr(t, "T")));
        Object data = py.attr(t, "data");
        assertNotSame(t, data);
        py.method(data, "fill_", 5L);
        assertArrayEquals(new double[] {5, 5, 5, 5, 5, 5}, values(t));
        host.setAttribute(t, "requires_grad", true);
        assertEquals(true, py.attr(t, "requires_grad"));
        assertTrue(host.attribute(t, "no_such_attribute").isEmpty());
        PyException e = assertThrows(PyException.class, () -> host.setAttribute(t, "shape", null));
        assertEquals("AttributeError", e.type());
    }

    @Test
    void methodsTakePythonsArguments() {
        Object t = arange12();
        assertEquals(new TorchSize(List.of(3L, 4L)), py.method(t, "size"));
        assertEquals(4L, py.method(t, "size", 1L));
        assertEquals(3L, py.method(t, "size", -2L));
        assertEquals(2L, py.method(t, "dim"));
        assertEquals(12L, py.method(t, "numel"));
        assertArrayEquals(new long[] {2, 6}, shape(py.method(t, "view", 2L, 6L)));
        assertArrayEquals(new long[] {12}, shape(py.method(t, "view", -1L)));
        assertArrayEquals(new long[] {4, 3}, shape(py.method(t, "permute", 1L, 0L)));
        assertArrayEquals(new long[] {4, 3}, shape(py.method(t, "t")));
        assertArrayEquals(new long[] {1, 3, 4}, shape(py.method(t, "unsqueeze", 0L)));
        assertArrayEquals(new double[] {12, 15, 18, 21}, values(py.methodKw(t, "sum", kw("dim", 0L))));
        assertEquals(66.0, py.method(py.method(t, "sum"), "item"));
        assertEquals(3L, py.method(py.torch("tensor", 3L), "item"));
        assertEquals(true, py.method(py.torch("tensor", true), "item"));
        assertEquals(List.of(List.of(0.0, 1.0), List.of(2.0, 3.0)),
                py.method(py.method(py.torch("arange", 4.0), "view", 2L, 2L), "tolist"));
        assertSame(py.dtype("float64"), py.attr(py.method(t, "double"), "dtype"));
        assertSame(py.dtype("int64"), py.attr(py.method(t, "long"), "dtype"));
        assertSame(py.dtype("float16"), py.attr(py.method(t, "to", py.dtype("float16")), "dtype"));
        assertSame(py.dtype("int32"), py.attr(py.method(t, "to", "cpu", py.dtype("int32")), "dtype"));
        assertSame(py.dtype("float32"), py.attr(py.method(t, "to", "cpu"), "dtype"));
        assertArrayEquals(new long[] {2, 5}, shape(py.methodKw(t, "new_zeros", kw("dtype", py.dtype("int64")), 2L, 5L)));
        assertArrayEquals(new long[] {3}, shape(py.method(t, "new_empty", new Tuple(list(3L)))));
        assertEquals(new Tuple(list(4L, 1L)), py.method(t, "stride"));
        assertEquals("torch.FloatTensor", py.method(t, "type"));
        assertSame(py.dtype("float64"), py.attr(py.method(t, "type", py.dtype("float64")), "dtype"));
        assertSame(py.dtype("int64"), py.attr(py.method(t, "type", "torch.LongTensor"), "dtype"));
        Object made = py.method(t, "new_tensor", list(1L, 2L));
        assertSame(py.dtype("float32"), py.attr(made, "dtype"), "new_tensor takes the receiver's dtype");
        Object c = py.method(t, "clone");
        assertNotSame(t, c);
        assertArrayEquals(values(t), values(c));
        assertEquals(true, py.method(py.method(t, "contiguous"), "is_contiguous"));
    }

    @Test
    void inPlaceMethodsChangeTheTensorAndReturnIt() {
        Object t = py.torch("zeros", 3L);
        assertSame(t, py.method(t, "fill_", 2.5));
        assertArrayEquals(new double[] {2.5, 2.5, 2.5}, values(t));
        assertSame(t, py.method(t, "zero_"));
        assertArrayEquals(new double[] {0, 0, 0}, values(t));
        py.method(t, "copy_", py.torch("tensor", list(1.0, 2.0, 3.0)));
        assertArrayEquals(new double[] {1, 2, 3}, values(t));
        py.method(t, "uniform_", -2L, 2L);
        for (double v : values(t)) {
            assertTrue(v >= -2 && v < 2, String.valueOf(v));
        }
        py.method(t, "normal_", 0L, 1.0);
        py.method(t, "add_", 1L);
        Object u = py.torch("ones", 2L);
        assertSame(u, py.method(u, "requires_grad_"));
        assertEquals(true, py.attr(u, "requires_grad"));
    }

    @Test
    void operatorsWithNumbersOnEitherSide() {
        Object one = py.torch("ones", 2L);
        assertArrayEquals(new double[] {2, 2}, values(host.binary("+", one, 1L).orElseThrow()));
        assertArrayEquals(new double[] {0, 0}, values(host.binary("-", 1L, one).orElseThrow()));
        assertArrayEquals(new double[] {3, 3}, values(host.binary("*", 3.0, one).orElseThrow()));
        assertArrayEquals(new double[] {0.5}, values(host.binary("/", 2L, py.torch("tensor", list(4.0))).orElseThrow()));
        assertArrayEquals(new double[] {3}, values(host.binary("//", 7L, py.torch("tensor", list(2L))).orElseThrow()));
        assertArrayEquals(new double[] {1}, values(host.binary("%", 7L, py.torch("tensor", list(3L))).orElseThrow()));
        assertArrayEquals(new double[] {8}, values(host.binary("**", 2L, py.torch("tensor", list(3L))).orElseThrow()));
        assertArrayEquals(new double[] {0, 1}, values(host.binary("<", 3L, py.torch("tensor", list(1L, 5L))).orElseThrow()));
        assertArrayEquals(new double[] {1, 1}, values(host.binary("==", one, one).orElseThrow()));
        Object m = host.binary("@", py.torch("ones", 2L, 3L), py.torch("ones", 3L, 1L)).orElseThrow();
        assertArrayEquals(new double[] {3, 3}, values(m));
        assertArrayEquals(new double[] {-1, -1}, values(host.unary("-", one).orElseThrow()));
        assertArrayEquals(new double[] {-2}, values(host.unary("~", py.torch("tensor", list(1L))).orElseThrow()));
        Object acc = py.torch("zeros", 2L);
        assertSame(acc, host.binary("+=", acc, 2L).orElseThrow());
        assertArrayEquals(new double[] {2, 2}, values(acc));
        assertSame(acc, host.binary("*=", acc, one).orElseThrow());
        assertTrue(host.binary("+", one, "text").isEmpty());
        assertTrue(host.binary("@", one, 2L).isEmpty());
    }

    @Test
    void truthLengthAndIteration() {
        assertTrue(host.truth(py.torch("ones", 1L)));
        assertFalse(host.truth(py.torch("zeros", 1L, 1L)));
        PyException e = assertThrows(PyException.class, () -> host.truth(py.torch("ones", 2L)));
        assertEquals("RuntimeError", e.type());
        assertEquals("Boolean value of Tensor with more than one value is ambiguous", e.getMessage());
        Object t = arange12();
        assertEquals(3L, host.length(t));
        List<Object> rows = new ArrayList<>();
        host.iterate(t).forEach(rows::add);
        assertEquals(3, rows.size());
        assertArrayEquals(new double[] {4, 5, 6, 7}, values(rows.get(1)));
        assertEquals("TypeError", assertThrows(PyException.class, () -> host.length(py.torch("tensor", 1L))).type());
        assertEquals("TypeError", assertThrows(PyException.class, () -> host.iterate(py.torch("tensor", 1L))).type());
    }

    @Test
    void indexing() {
        Object t = arange12();
        assertArrayEquals(new double[] {4, 5, 6, 7}, values(host.getItem(t, 1L)));
        assertArrayEquals(new double[] {1, 5, 9}, values(host.getItem(t, new Tuple(list(new PySlice(null, null, null), 1L)))));
        assertArrayEquals(new long[] {3, 4, 1}, shape(host.getItem(t, new Tuple(list(PySlice.ELLIPSIS, null)))));
        assertArrayEquals(new long[] {1, 3, 4}, shape(host.getItem(t, null)));
        assertArrayEquals(new long[] {2, 4}, shape(host.getItem(t, py.torch("tensor", list(0L, 2L)))));
        assertArrayEquals(new long[] {2, 4}, shape(host.getItem(t, list(0L, 2L))));
        Object mask = host.binary(">", t, 5L).orElseThrow();
        assertArrayEquals(new double[] {6, 7, 8, 9, 10, 11}, values(host.getItem(t, mask)));
        assertArrayEquals(new double[] {4, 6, 8, 10}, values(host.getItem(t, new Tuple(list(new PySlice(1L, null, null),
                new PySlice(null, null, 2L))))));
        assertArrayEquals(new double[] {11}, values(host.getItem(t, new Tuple(list(-1L, -1L)))));
        assertEquals(0L, py.attr(host.getItem(t, new Tuple(list(-1L, -1L))), "ndim"));
        PyException e = assertThrows(PyException.class, () -> host.getItem(t, 5L));
        assertEquals("IndexError", e.type());
        assertEquals("index 5 is out of bounds for dimension 0 with size 3", e.getMessage());
        PyException many = assertThrows(PyException.class, () -> host.getItem(t, new Tuple(list(1L, 2L, 3L))));
        assertEquals("too many indices for tensor of dimension 2", many.getMessage());
        PyException scalar = assertThrows(PyException.class, () -> host.getItem(py.torch("tensor", 1L), 0L));
        assertTrue(scalar.getMessage().startsWith("invalid index of a 0-dim tensor."), scalar.getMessage());
        Object view = host.getItem(t, 0L);
        py.method(view, "zero_");
        assertArrayEquals(new double[] {0, 0, 0, 0}, values(host.getItem(t, 0L)), "a view shares storage");
    }

    @Test
    void indexAssignment() {
        Object t = py.torch("zeros", 3L, 4L);
        host.setItem(t, 0L, 1L);
        assertArrayEquals(new double[] {1, 1, 1, 1}, values(host.getItem(t, 0L)));
        host.setItem(t, new Tuple(list(new PySlice(null, null, null), 0L)), py.torch("tensor", list(7.0, 8.0, 9.0)));
        assertArrayEquals(new double[] {7, 8, 9}, values(host.getItem(t, new Tuple(list(new PySlice(null, null, null), 0L)))));
        Object mask = host.binary(">", t, 7.5).orElseThrow();
        host.setItem(t, mask, -1.0);
        assertArrayEquals(new double[] {7, 1, 1, 1, -1, 0, 0, 0, -1, 0, 0, 0}, values(host.getItem(t, null)));
        host.setItem(t, py.torch("tensor", list(1L)), py.torch("ones", 4L));
        assertArrayEquals(new double[] {1, 1, 1, 1}, values(host.getItem(t, 1L)));
        assertEquals("TypeError", assertThrows(PyException.class, () -> host.setItem(t, 0L, "x")).type());
    }

    @Test
    void printingFollowsPytorch() {
        assertEquals("tensor([[ 0.,  1.,  2.,  3.],\n        [ 4.,  5.,  6.,  7.],\n        [ 8.,  9., 10., 11.]])",
                host.str(arange12()));
        assertEquals("tensor([ 0.1000,  2.6750, -1.0000])", host.str(py.torch("tensor", list(0.1, 2.675, -1.0))));
        assertEquals("tensor([1.0000e-05, 1.0000e+00])", host.str(py.torch("tensor", list(1e-5, 1.0))));
        assertEquals("tensor([ 0.,  1.,  2.,  3.,  4.,  5.,  6.,  7.,  8.,  9., 10., 11., 12., 13.,\n"
                + "        14., 15., 16., 17., 18., 19., 20., 21., 22., 23., 24., 25., 26., 27.,\n"
                + "        28., 29.])", host.str(py.torch("arange", 30.0)));
        assertEquals("tensor([[1, 2],\n        [3, 4]], dtype=torch.int32)",
                host.str(py.torchKw("tensor", kw("dtype", py.dtype("int32")), list(list(1L, 2L), list(3L, 4L)))));
        assertEquals("tensor([[[0., 0.]],\n\n        [[0., 0.]]])", host.str(py.torch("zeros", 2L, 1L, 2L)));
        assertEquals("tensor(3.)", host.str(py.torch("tensor", 3.0)));
        assertEquals("tensor(2)", host.repr(py.torch("tensor", 2L)));
        assertEquals("tensor([1., 2.], dtype=torch.float64)",
                host.str(py.torchKw("tensor", kw("dtype", py.dtype("float64")), list(1.0, 2.0))));
        assertEquals("tensor([1., 1.], requires_grad=True)", host.str(py.torchKw("ones", kw("requires_grad", true), 2L)));
        Object grad = py.torchKw("ones", kw("requires_grad", true), 2L);
        assertEquals("tensor([2., 2.], grad_fn=<MulBackward0>)", host.str(host.binary("*", grad, 2L).orElseThrow()));
        assertSame(py.dtype("float16"), py.attr(host.binary("*", py.torchKw("ones", kw("dtype", py.dtype("half")), 1L), 2.5)
                .orElseThrow(), "dtype"), "a number does not promote a tensor");
        assertSame(py.dtype("float32"), py.attr(host.binary("+", py.torch("ones", 1L, 1L), 2L).orElseThrow(), "dtype"));
        assertSame(py.dtype("float32"), py.attr(host.binary("+", py.torch("tensor", list(1L)), 2.5).orElseThrow(), "dtype"));
        assertEquals("tensor([0., 0.])", host.str(py.torch("zeros", 2L)));
        assertEquals("tensor([nan])", host.str(py.torch("tensor", list(Double.NaN))));
        assertEquals("tensor([ True, False])", host.str(py.torch("tensor", list(true, false))));
        assertEquals("tensor([], size=(0, 3))", host.str(py.torch("zeros", 0L, 3L)));
        assertEquals("tensor([], dtype=torch.int64)", host.str(py.torch("randperm", 0L)));
        assertEquals("tensor([1.5000, -0.0000])", host.str(py.torch("tensor", list(1.5, -0.0))));
        assertEquals("tensor([1.0000e+10, 1.0000e+00])", host.str(py.torch("tensor", list(1e10, 1.0))));
        assertEquals("tensor([   nan, 1.5000,    inf])",
                host.str(py.torch("tensor", list(Double.NaN, 1.5, Double.POSITIVE_INFINITY))));
        assertEquals("Tensor", host.typeName(py.torch("ones", 1L)));
    }

    @Test
    void largeTensorsPrintSummarized() {
        assertEquals("tensor([0.0000e+00, 1.0000e+00, 2.0000e+00,  ..., 1.9970e+03, 1.9980e+03,\n        1.9990e+03])",
                host.str(py.torch("arange", 2000.0)));
        assertEquals("tensor([[   0,    1,    2,  ...,   97,   98,   99],\n"
                + "        [ 100,  101,  102,  ...,  197,  198,  199],\n"
                + "        [ 200,  201,  202,  ...,  297,  298,  299],\n"
                + "        ...,\n"
                + "        [2700, 2701, 2702,  ..., 2797, 2798, 2799],\n"
                + "        [2800, 2801, 2802,  ..., 2897, 2898, 2899],\n"
                + "        [2900, 2901, 2902,  ..., 2997, 2998, 2999]])",
                host.str(py.method(py.torch("arange", 3000L), "reshape", 30L, 100L)));
        Object sevenths = host.binary("/", py.method(py.torch("arange", 1001.0), "reshape", 7L, 143L), 7L).orElseThrow();
        assertEquals("tensor([[  0.0000,   0.1429,   0.2857,  ...,  20.0000,  20.1429,  20.2857],",
                host.str(sevenths).lines().findFirst().orElseThrow());
    }

    @Test
    void tensorsAreForeignAndInstancesOfTorchTensor() {
        Object t = py.torch("ones", 1L);
        assertTrue(host.isForeign(t));
        assertTrue(host.isInstance(t, py.torch.attribute("Tensor").orElseThrow()));
        assertFalse(host.isInstance(1L, py.torch.attribute("Tensor").orElseThrow()));
        assertTrue((Boolean) py.torch("is_tensor", t));
        assertFalse((Boolean) py.torch("is_tensor", 1L));
        assertTrue((Boolean) py.torch("is_floating_point", t));
        assertTrue(t instanceof TensorRef);
    }
}
