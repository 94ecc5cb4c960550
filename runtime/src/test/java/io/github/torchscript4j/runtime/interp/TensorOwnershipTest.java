package io.github.torchscript4j.runtime.interp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.torchscript4j.checker.builtins.FunctionSchema;
import io.github.torchscript4j.checker.builtins.OperatorTable;
import io.github.torchscript4j.checker.eval.Tuple;
import io.github.torchscript4j.checker.ir.Block;
import io.github.torchscript4j.checker.ir.CompilationUnit;
import io.github.torchscript4j.checker.ir.Function;
import io.github.torchscript4j.checker.ir.Graph;
import io.github.torchscript4j.checker.ir.Node;
import io.github.torchscript4j.checker.ir.Value;
import io.github.torchscript4j.checker.types.Type;
import io.github.torchscript4j.checker.types.Types;
import io.github.torchscript4j.runtime.TorchScriptException;
import io.github.torchscript4j.runtime.ops.OpImpl;
import io.github.torchscript4j.runtime.value.Dtypes;
import io.github.torchscript4j.runtime.value.TensorData;
import io.github.torchscript4j.runtime.value.TensorRef;
import java.io.PrintStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The interpreter's tensor ownership with libtorch's own operators ({@code DispatcherOps}): tensors
 * that only variables hold are freed at their last use, arguments are borrowed, results owned by the
 * caller, and an exception frees what the frame held. Loads libtorch.
 */
@Tag("native")
class TensorOwnershipTest {
    private static final OperatorTable TABLE = OperatorTable.builtin();

    /** Every tensor the operators made, to see which were freed. */
    private final List<TensorRef> made = new ArrayList<>();
    private final Interpreter interpreter = new Interpreter(new CompilationUnit(), this::recording,
            new PrintStream(OutputStream.nullOutputStream()), new ValueText(t -> "tensor"));

    private Optional<OpImpl> recording(FunctionSchema schema) {
        return Operators.standard().find(schema).map(op -> args -> {
            List<Object> out = op.call(args);
            out.stream().filter(TensorRef.class::isInstance).map(TensorRef.class::cast).forEach(made::add);
            return out;
        });
    }

    private static Node op(Block b, String overload, Type out, Value... inputs) {
        FunctionSchema s = TABLE.find(overload).orElseThrow();
        return b.append(b.graph().create(s.name(), List.of(inputs), out).setSchema(s));
    }

    private static TensorRef tensor(double... values) {
        return new TensorData(Dtypes.FLOAT32, new long[] {values.length}, values, null, null).toTensor();
    }

    /** {@code def f(x): y = relu(x); z = neg(y); return z * x} */
    @Test
    void intermediatesAreFreedAtTheirLastUseAndArgumentsBorrowed() {
        Graph g = new Graph();
        Block top = g.block();
        Value x = g.addInput(Types.TENSOR);
        Value y = op(top, "aten::relu", Types.TENSOR, x).output();
        Value z = op(top, "aten::neg", Types.TENSOR, y).output();
        top.addReturn(op(top, "aten::mul.Tensor", Types.TENSOR, z, x).output());
        Function f = new Function("__torch__.f", List.of(new Function.Param("x", Types.TENSOR, Optional.empty(), false)),
                Types.TENSOR, g);

        TensorRef in = tensor(-1, 2);
        TensorRef result = (TensorRef) interpreter.call(f, List.of(in));
        assertArrayEquals(new double[] {0, -4}, TensorData.read(result).floats());
        assertEquals(3, made.size());
        assertTrue(made.get(0).isFreed(), "relu's result dies after neg");
        assertTrue(made.get(1).isFreed(), "neg's result dies after mul");
        assertEquals(1, result.owners(), "the result is the caller's alone");
        assertEquals(1, in.owners(), "the argument is only borrowed");
        result.release();
        in.release();
    }

    /** A tensor put in a tuple outlives its variable; an in-place result is the argument itself. */
    @Test
    void tensorsInContainersAndInPlaceResultsStayAlive() {
        Graph g = new Graph();
        Block top = g.block();
        Value x = g.addInput(Types.TENSOR);
        Value y = op(top, "aten::relu", Types.TENSOR, x).output();
        Value same = op(top, "aten::relu_", Types.TENSOR, y).output();
        Node tuple = g.create("prim::TupleConstruct", List.of(y, same), new Type.TupleType(List.of(Types.TENSOR, Types.TENSOR)));
        top.append(tuple);
        top.addReturn(tuple.output());
        Function f = new Function("__torch__.t", List.of(new Function.Param("x", Types.TENSOR, Optional.empty(), false)),
                tuple.output().type(), g);

        TensorRef in = tensor(-1, 2);
        Tuple result = (Tuple) interpreter.call(f, List.of(in));
        TensorRef first = (TensorRef) result.get(0);
        assertTrue(first == result.get(1), "relu_ returns its argument's TensorRef");
        assertFalse(first.isFreed());
        assertArrayEquals(new double[] {0, 2}, TensorData.read(first).floats());
        assertEquals(1, in.owners());
    }

    /** {@code for i in range(n): x = neg(x)}: each iteration's tensor dies when the next replaces it. */
    @Test
    void loopCarriedTensorsAreFreedIterationByIteration() {
        Graph g = new Graph();
        Block top = g.block();
        Value x = g.addInput(Types.TENSOR);
        Value n = g.addInput(Types.INT);
        Node t = g.create("prim::Constant").setAttribute("value", true);
        t.addOutput(Types.BOOL);
        top.append(t);
        Node loop = g.create("prim::Loop");
        loop.addInput(n);
        loop.addInput(t.output());
        loop.addInput(x);
        loop.addOutput(Types.TENSOR);
        top.append(loop);
        Block body = loop.addBlock();
        body.addParam(Types.INT);
        Value carried = body.addParam(Types.TENSOR);
        body.addReturn(t.output());
        body.addReturn(op(body, "aten::neg", Types.TENSOR, carried).output());
        top.addReturn(loop.output());
        Function f = new Function("__torch__.l", List.of(new Function.Param("x", Types.TENSOR, Optional.empty(), false),
                new Function.Param("n", Types.INT, Optional.empty(), false)), Types.TENSOR, g);

        TensorRef in = tensor(1, -2);
        TensorRef result = (TensorRef) interpreter.call(f, List.of(in, 3L));
        assertArrayEquals(new double[] {-1, 2}, TensorData.read(result).floats());
        assertEquals(3, made.size());
        assertTrue(made.get(0).isFreed() && made.get(1).isFreed(), "earlier iterations' tensors are freed");
        assertEquals(1, result.owners());
        assertEquals(1, in.owners());
        TensorRef same = (TensorRef) interpreter.call(f, List.of(in, 0L));
        assertTrue(same == in, "no iteration: the argument itself comes back");
        assertEquals(2, in.owners(), "one owner for the caller's argument, one for the result");
    }

    @Test
    void anOperatorErrorFreesTheFrameAndIsLocated() {
        Graph g = new Graph();
        Block top = g.block();
        Value x = g.addInput(Types.TENSOR);
        Value y = op(top, "aten::relu", Types.TENSOR, x).output();
        Value bad = op(top, "aten::mm", Types.TENSOR, y, y).output();
        top.addReturn(op(top, "aten::add.Tensor", Types.TENSOR, bad, y,
                constantOne(top)).output());
        Function f = new Function("__torch__.e", List.of(new Function.Param("x", Types.TENSOR, Optional.empty(), false)),
                Types.TENSOR, g);
        TensorRef in = tensor(1, 2);
        TorchScriptException e = assertThrows(TorchScriptException.class, () -> interpreter.call(f, List.of(in)));
        assertEquals("RuntimeError", e.pythonType());
        assertEquals("self must be a matrix", e.detail());
        assertTrue(made.get(0).isFreed(), "relu's result is freed when the frame unwinds");
        assertEquals(1, in.owners());
    }

    private static Value constantOne(Block top) {
        Node c = top.graph().create("prim::Constant").setAttribute("value", 1L);
        c.addOutput(Types.INT);
        top.prepend(c);
        return c.output();
    }
}
