package io.github.torchscript4j.checker.eval;

import java.util.function.BinaryOperator;

/**
 * Arithmetic of complex numbers with complex, int and float operands ({@code aten::add.complex},
 * {@code aten::mul.int_complex}, {@code aten::div.complex}, ...), {@code ==}/{@code !=} and {@code
 * complex(x, y)}: constant folding of {@code 3 * 2j} and {@code 1.5 - 2.25j} needs them, and the
 * interpreter runs them.
 */
final class ComplexOps {
    private ComplexOps() {}

    static void register(ScalarOps.Registry r) {
        binary(r, "aten::add", ComplexValue::plus);
        binary(r, "aten::sub", ComplexValue::minus);
        binary(r, "aten::mul", ComplexValue::times);
        binary(r, "aten::div", ComplexValue::dividedBy);
        r.one("aten::eq.complex", args -> ComplexValue.of(args.get(0)).equalTo(ComplexValue.of(args.get(1))));
        r.one("aten::ne.complex", args -> !ComplexValue.of(args.get(0)).equalTo(ComplexValue.of(args.get(1))));
        // complex(x, y) of numbers and bools
        String[] kinds = {"int", "float", "bool"};
        for (String x : kinds) {
            for (String y : kinds) {
                r.one("aten::Complex." + x + "_" + y, args -> new ComplexValue(number(args.get(0)), number(args.get(1))));
            }
        }
    }

    private static double number(Object v) {
        return v instanceof Boolean b ? (b ? 1.0 : 0.0) : Values.toDouble(v);
    }

    private static void binary(ScalarOps.Registry r, String name, BinaryOperator<ComplexValue> op) {
        for (String overload : new String[] {"complex", "int_complex", "complex_int", "float_complex", "complex_float"}) {
            r.one(name + "." + overload, args -> op.apply(ComplexValue.of(args.get(0)), ComplexValue.of(args.get(1))));
        }
    }
}
