package io.github.torchscript4j.checker.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.torchscript4j.checker.builtins.FunctionSchema;
import io.github.torchscript4j.checker.builtins.OperatorTable;
import io.github.torchscript4j.checker.builtins.SchemaArgument;
import io.github.torchscript4j.checker.builtins.SchemaType;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every case of {@code eval/scalar-ops.tsv} through {@link ScalarOps} and compares outputs,
 * the arguments after the call (mutation) and errors with what PyTorch 1.13.1's interpreter did.
 *
 * <p>Results of libm's transcendental functions ({@link #LIBM}) may differ from the reference's
 * (glibc) by up to two units in the last place; everything else must match bit for bit.
 *
 * <p>The table is recorded from the reference; regenerate it with {@code /usr/bin/python3
 * scripts/record-scalar-ops} (needs PyTorch 1.13.1) and review the diff.
 */
class ScalarOpsTest {
    private static final String RESOURCE = "/eval/scalar-ops.tsv";

    /** Operators computed by libm functions, whose last bits Java's Math need not reproduce. */
    static final Set<String> LIBM = Set.of("atan2", "sin", "cos", "tan", "asin", "acos", "atan", "sinh", "cosh", "tanh",
            "asinh", "acosh", "atanh", "exp", "expm1", "log", "log10", "log1p", "pow", "mathremainder");

    /** One recorded case. */
    record Case(int line, String op, String args, String verdict, String outputs, String after) {}

    static List<Case> cases() throws IOException {
        List<Case> cases = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                Objects.requireNonNull(ScalarOpsTest.class.getResourceAsStream(RESOURCE)), StandardCharsets.UTF_8))) {
            String line;
            int number = 0;
            while ((line = in.readLine()) != null) {
                number++;
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                String[] f = line.split("\t", -1);
                cases.add(new Case(number, f[0], f[1], f[2], f[3], f[4]));
            }
        }
        return cases;
    }

    @Test
    void theTableIsLargeAndSpansTheFamilies() throws IOException {
        List<Case> cases = cases();
        assertTrue(cases.size() >= 300, "cases: " + cases.size());
        Set<String> ops = new TreeSet<>();
        cases.forEach(c -> ops.add(c.op()));
        for (String op : List.of("aten::floordiv.int", "aten::str", "aten::split.str", "aten::append.t",
                "aten::__getitem__.Dict_str", "prim::min.self_int", "aten::sort.str", "aten::divmod.float")) {
            assertTrue(ops.contains(op), op);
        }
    }

    @TestFactory
    Stream<DynamicTest> recordedCases() throws IOException {
        OperatorTable table = OperatorTable.builtin();
        return cases().stream().map(c -> DynamicTest.dynamicTest(c.line() + ": " + c.op() + c.args(), () -> {
            FunctionSchema schema = table.find(c.op()).orElseThrow(() -> new AssertionError("not in the table: " + c.op()));
            ScalarOp op = ScalarOps.find(schema).orElseThrow(() -> new AssertionError("not implemented: " + c.op()));
            String where = "line " + c.line() + ": " + c.op() + " " + c.args() + ": ";
            List<Object> args = ScalarOps.list(PyLiteral.parse(c.args()));
            List<Object> outputs;
            try {
                outputs = op.call(args);
            } catch (ScriptError e) {
                if (c.verdict().equals("ok")) {
                    fail(where + "raised " + e + ", expected " + c.outputs());
                }
                assertEquals(c.outputs() + ": " + c.after(), e.type() + ": " + e.getMessage(), where);
                return;
            }
            if (c.verdict().equals("error")) {
                fail(where + "returned " + show(outputs) + ", expected " + c.outputs() + ": " + c.after());
            }
            Object expected = PyLiteral.parse(c.outputs());
            String unqualified = schema.unqualifiedName();
            if (!same(expected, outputs) && !(LIBM.contains(unqualified) && close(expected, outputs))) {
                assertEquals(c.outputs(), show(outputs), where + "outputs");
            }
            if (!same(PyLiteral.parse(c.after()), args)) {
                assertEquals(c.after(), show(args), where + "arguments after the call");
            }
        }));
    }

    /**
     * How many of the table's non-tensor schemas have an implementation; prints the count and the
     * missing ones. A schema is non-tensor when no argument or return mentions a tensor or another
     * runtime-only type (Generator, Storage, Stream, Any, a class, a future, ...).
     */
    @Test
    void enumMembersGiveTheirNameAndValueAndCompareByIdentity() {
        EnumMember red = new EnumMember("__torch__.Color", "RED", 1L);
        EnumMember green = new EnumMember("__torch__.Color", "GREEN", 2L);
        EnumMember otherRed = new EnumMember("__torch__.Other", "RED", 1L);
        assertEquals(List.of("RED"), ScalarOps.find("prim::EnumName").orElseThrow().call(List.of(red)));
        assertEquals(List.of(2L), ScalarOps.find("prim::EnumValue.int").orElseThrow().call(List.of(green)));
        assertEquals(List.of(true), ScalarOps.find("aten::eq.enum").orElseThrow()
                .call(List.of(red, new EnumMember("__torch__.Color", "RED", 1L))));
        assertEquals(List.of(false), ScalarOps.find("aten::eq.enum").orElseThrow().call(List.of(red, otherRed)));
        assertEquals(List.of(true), ScalarOps.find("aten::ne.enum").orElseThrow().call(List.of(red, green)));
    }

    @Test
    void complexArithmeticFoldsAsTheReferencePrintsIt() {
        // PyTorch 1.13.1 folds 3 * 2j to 0.+6.j, 1.5 - 2.25j to 1.5-2.25j, complex(1, True) to 1.+1.j
        assertEquals(List.of(new ComplexValue(0, 6)),
                ScalarOps.find("aten::mul.int_complex").orElseThrow().call(List.of(3L, new ComplexValue(0, 2))));
        assertEquals(List.of(new ComplexValue(1.5, -2.25)),
                ScalarOps.find("aten::sub.float_complex").orElseThrow().call(List.of(1.5, new ComplexValue(0, 2.25))));
        assertEquals(List.of(new ComplexValue(1, 1)),
                ScalarOps.find("aten::Complex.int_bool").orElseThrow().call(List.of(1L, true)));
        assertEquals(List.of(new ComplexValue(0.5, -0.5)), ScalarOps.find("aten::div.complex").orElseThrow()
                .call(List.of(new ComplexValue(1, 0), new ComplexValue(1, 1))));
        assertEquals("0.+6.j", io.github.torchscript4j.checker.ir.Constants.codeText(new ComplexValue(0, 6)));
        assertEquals("0.-nanj", io.github.torchscript4j.checker.ir.Constants.codeText(new ComplexValue(0, Double.NaN)));
    }

    @Test
    void coverageOfNonTensorSchemas() {
        List<FunctionSchema> nonTensor = new ArrayList<>();
        for (FunctionSchema schema : OperatorTable.builtin().schemas()) {
            if (schema.arguments().stream().allMatch(a -> valueType(a.type()))
                    && schema.returns().stream().allMatch(a -> valueType(a.type()))
                    && (schema.name().startsWith("aten::") || schema.name().startsWith("prim::"))) {
                nonTensor.add(schema);
            }
        }
        List<String> missing = new ArrayList<>();
        for (FunctionSchema schema : nonTensor) {
            if (ScalarOps.find(schema).isEmpty()) {
                missing.add(schema.toString());
            }
        }
        int implemented = nonTensor.size() - missing.size();
        System.out.println("ScalarOps: " + implemented + " of " + nonTensor.size()
                + " non-tensor aten::/prim:: schemas implemented; missing:");
        missing.forEach(m -> System.out.println("  " + m));
        for (String name : ScalarOps.names()) {
            assertTrue(OperatorTable.builtin().find(name).isPresent(), "implemented but not in the table: " + name);
        }
        assertTrue(implemented * 10 >= nonTensor.size() * 7, implemented + " of " + nonTensor.size());
    }

    private static boolean valueType(SchemaType type) {
        if (type instanceof SchemaType.Primitive) {
            switch ((SchemaType.Primitive) type) {
                case INT: case SYM_INT: case FLOAT: case SYM_FLOAT: case BOOL: case SYM_BOOL: case STR: case SCALAR:
                case COMPLEX: case DEVICE: case SCALAR_TYPE: case LAYOUT: case MEMORY_FORMAT: case NONE_TYPE:
                case ANY_ENUM_TYPE:
                    return true;
                default:
                    return false;
            }
        }
        if (type instanceof SchemaType.TypeVariable) {
            return true;
        }
        if (type instanceof SchemaType.OptionalType) {
            return valueType(((SchemaType.OptionalType) type).element());
        }
        if (type instanceof SchemaType.ListType) {
            return valueType(((SchemaType.ListType) type).element());
        }
        if (type instanceof SchemaType.TupleType) {
            return ((SchemaType.TupleType) type).elements().stream().allMatch(ScalarOpsTest::valueType);
        }
        if (type instanceof SchemaType.DictType) {
            return valueType(((SchemaType.DictType) type).key()) && valueType(((SchemaType.DictType) type).value());
        }
        return false;
    }

    /** Two lists of floats, each pair within two ulps. */
    private static boolean close(Object expected, List<Object> actual) {
        List<?> x = (List<?>) expected;
        if (x.size() != actual.size()) {
            return false;
        }
        for (int k = 0; k < x.size(); k++) {
            if (!(x.get(k) instanceof Double && actual.get(k) instanceof Double)) {
                return false;
            }
            double a = (Double) x.get(k);
            double b = (Double) actual.get(k);
            if (Math.abs(a - b) > 2 * Math.ulp(a)) {
                return false;
            }
        }
        return true;
    }

    /** Equality that tells int from float from bool, and compares floats bit for bit (nan equals nan). */
    static boolean same(Object a, Object b) {
        if (a == null || b == null) {
            return a == b;
        }
        if (a instanceof List<?> && b instanceof List<?>) {
            List<?> x = (List<?>) a;
            List<?> y = (List<?>) b;
            if (x.size() != y.size()) {
                return false;
            }
            for (int k = 0; k < x.size(); k++) {
                if (!same(x.get(k), y.get(k))) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof Tuple && b instanceof Tuple) {
            return same(((Tuple) a).elements(), ((Tuple) b).elements());
        }
        if (a instanceof Map<?, ?> && b instanceof Map<?, ?>) {
            Iterator<? extends Map.Entry<?, ?>> x = ((Map<?, ?>) a).entrySet().iterator();
            Iterator<? extends Map.Entry<?, ?>> y = ((Map<?, ?>) b).entrySet().iterator();
            while (x.hasNext() && y.hasNext()) {
                Map.Entry<?, ?> p = x.next();
                Map.Entry<?, ?> q = y.next();
                if (!same(p.getKey(), q.getKey()) || !same(p.getValue(), q.getValue())) {
                    return false;
                }
            }
            return !x.hasNext() && !y.hasNext();
        }
        return a.getClass() == b.getClass() && a.equals(b);
    }

    /** A value in the table's syntax, for failure messages. */
    static String show(Object v) {
        if (v == null) {
            return "None";
        }
        if (v instanceof Boolean) {
            return (Boolean) v ? "True" : "False";
        }
        if (v instanceof Double) {
            double d = (Double) v;
            return Double.isNaN(d) ? "nan" : Double.isInfinite(d) ? (d > 0 ? "inf" : "-inf") : Double.toString(d);
        }
        if (v instanceof String) {
            return '"' + ((String) v).replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + '"';
        }
        if (v instanceof List<?>) {
            List<String> parts = new ArrayList<>();
            ((List<?>) v).forEach(x -> parts.add(show(x)));
            return "[" + String.join(", ", parts) + "]";
        }
        if (v instanceof Tuple) {
            List<String> parts = new ArrayList<>();
            ((Tuple) v).elements().forEach(x -> parts.add(show(x)));
            return "(" + String.join(", ", parts) + (parts.size() == 1 ? ",)" : ")");
        }
        if (v instanceof Map<?, ?>) {
            List<String> parts = new ArrayList<>();
            ((Map<?, ?>) v).forEach((k, x) -> parts.add(show(k) + ": " + show(x)));
            return "{" + String.join(", ", parts) + "}";
        }
        if (v instanceof DeviceValue) {
            return "device(\"" + v + "\")";
        }
        return String.valueOf(v);
    }
}
