package io.github.torchscript4j.checker.emit;

import io.github.torchscript4j.checker.builtins.SchemaArgument;
import io.github.torchscript4j.checker.builtins.SchemaType;
import io.github.torchscript4j.checker.eval.Tuple;
import io.github.torchscript4j.checker.syntax.ast.Expr;
import io.github.torchscript4j.checker.syntax.ast.Literal;
import io.github.torchscript4j.checker.syntax.ast.UnaryOperator;
import io.github.torchscript4j.checker.types.Type;
import io.github.torchscript4j.checker.types.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Compile-time values: the defaults of user functions' parameters (Python expressions the
 * reference evaluates once) and of operator schemas (schema text such as {@code 1}, {@code None},
 * {@code [0, 1]}, {@code contiguous_format}), as {@link io.github.torchscript4j.checker.ir.Constants} values.
 */
final class ConstantValues {
    private ConstantValues() {}

    /** A sentinel for a default the emitter cannot evaluate. */
    static final Object UNKNOWN = new Object();

    /** The value of a parameter default expression. */
    static Object of(Expr e, FunctionEmitter f) {
        if (e instanceof Expr.Constant c) {
            return literal(c.value());
        }
        if (e instanceof Expr.UnaryOp u && u.op() == UnaryOperator.USUB) {
            Object v = of(u.operand(), f);
            if (v instanceof Long l) {
                return -l;
            }
            if (v instanceof Double d) {
                return -d;
            }
        }
        if (e instanceof Expr.Tuple t) {
            List<Object> parts = new ArrayList<>();
            for (Expr x : t.elts()) {
                parts.add(of(x, f));
            }
            return new Tuple(parts);
        }
        if (e instanceof Expr.List l) {
            List<Object> parts = new ArrayList<>();
            for (Expr x : l.elts()) {
                parts.add(of(x, f));
            }
            return List.copyOf(parts);
        }
        if (e instanceof Expr.Attribute || e instanceof Expr.Name) {
            Object v = ExpressionEmitter.knownConstant(e);
            if (v != UNKNOWN) {
                return v;
            }
        }
        return UNKNOWN;
    }

    static Object literal(Literal l) {
        if (l instanceof Literal.Int i) {
            return i.value().longValue();
        }
        if (l instanceof Literal.Float d) {
            return d.value();
        }
        if (l instanceof Literal.Bool b) {
            return b.value();
        }
        if (l instanceof Literal.Str s) {
            return s.value();
        }
        if (l instanceof Literal.None) {
            return null;
        }
        if (l instanceof Literal.Imaginary i) {
            return new io.github.torchscript4j.checker.eval.ComplexValue(0.0, i.imag());
        }
        return UNKNOWN;
    }

    /** The type of a constant value. */
    static Type typeOf(Object v) {
        java.util.Optional<Type> scalar = io.github.torchscript4j.checker.ir.Constants.scalarType(v);
        if (scalar.isPresent()) {
            return scalar.get();
        }
        if (v instanceof Tuple t) {
            List<Type> parts = new ArrayList<>();
            for (Object o : t.elements()) {
                parts.add(typeOf(o));
            }
            return new Type.TupleType(parts);
        }
        if (v instanceof List<?> l) {
            return new Type.ListType(l.isEmpty() ? Types.INT : typeOf(l.get(0)));
        }
        return Types.UNKNOWN;
    }

    private static final Map<String, Long> ENUMS = Map.ofEntries(
            Map.entry("contiguous_format", 0L), Map.entry("preserve_format", 1L), Map.entry("channels_last", 2L),
            Map.entry("channels_last_3d", 3L), Map.entry("strided", 0L), Map.entry("Mean", 1L), Map.entry("Sum", 2L),
            Map.entry("long", 4L), Map.entry("int", 3L), Map.entry("float", 6L), Map.entry("double", 7L),
            Map.entry("half", 5L), Map.entry("bool", 11L), Map.entry("uint8", 0L), Map.entry("per_tensor_affine", 0L));

    /** The value of a schema argument's default text, for the argument's type. */
    static Object schemaDefault(SchemaArgument a) {
        String text = a.defaultValueText().orElseThrow().trim();
        return parseDefault(text, a.type(), a.size());
    }

    private static Object parseDefault(String text, SchemaType type, java.util.OptionalInt size) {
        if (text.equals("None")) {
            return null;
        }
        SchemaType t = type instanceof SchemaType.OptionalType o ? o.element() : type;
        if (t instanceof SchemaType.ListType l) {
            if (text.startsWith("[")) {
                String inner = text.substring(1, text.length() - 1).trim();
                List<Object> parts = new ArrayList<>();
                if (!inner.isEmpty()) {
                    for (String p : inner.split(",")) {
                        parts.add(parseDefault(p.trim(), l.element(), java.util.OptionalInt.empty()));
                    }
                }
                return List.copyOf(parts);
            }
            // int[2] stride=1: the single value repeated
            Object one = parseDefault(text, l.element(), java.util.OptionalInt.empty());
            int n = size.orElse(1);
            List<Object> parts = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                parts.add(one);
            }
            return List.copyOf(parts);
        }
        if (text.equals("True")) {
            return true;
        }
        if (text.equals("False")) {
            return false;
        }
        if (text.startsWith("\"") || text.startsWith("'")) {
            return text.substring(1, text.length() - 1);
        }
        if (ENUMS.containsKey(text)) {
            return ENUMS.get(text);
        }
        boolean floating = t == SchemaType.Primitive.FLOAT || text.contains(".") || text.contains("e") && !text.startsWith("0x");
        try {
            if (t == SchemaType.Primitive.FLOAT || floating && t != SchemaType.Primitive.INT) {
                return Double.parseDouble(text);
            }
            return Long.parseLong(text);
        } catch (NumberFormatException x) {
            return UNKNOWN;
        }
    }
}
