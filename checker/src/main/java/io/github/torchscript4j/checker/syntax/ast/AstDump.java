package io.github.torchscript4j.checker.syntax.ast;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Prints a tree exactly as CPython 3.11's {@code ast.dump(node)} does with its default arguments
 * ({@code annotate_fields=True, include_attributes=False, indent=None}): the oracle format the
 * parser is compared against.
 *
 * <p>A node prints as {@code pythonName(field=value, ...)} over its record components in order,
 * without {@code range} (positions are attributes, not fields) and {@code typeComment}; {@code
 * type_ignores} always prints {@code []}. The tree keeps {@code # type:} comments for TorchScript,
 * but CPython's {@code ast.parse} drops them unless {@code type_comments=True}, and the dump shows
 * what the default {@code ast.parse} gives. Camel-case component names print in
 * CPython's snake case. An empty {@link Optional} field is omitted, as CPython omits {@code None}
 * optional fields; inside a list it prints {@code None}. Enums print as {@code Load()}, strings
 * and constants with {@link PyRepr}.
 *
 * <p>It does not print positions, indentation or the error nodes' CPython equivalents (there are
 * none: {@code Expr.Error} prints as {@code Error()}). Record accessors are looked up once per
 * class.
 */
public final class AstDump {
    private AstDump() {}

    /** {@code ast.dump(node)}. */
    public static String dump(Node node) {
        StringBuilder sb = new StringBuilder(256);
        appendNode(sb, node);
        return sb.toString();
    }

    /**
     * One printed field of a record class: its CPython name and accessor; {@code alwaysEmpty} for
     * {@code type_ignores}, printed as {@code []}.
     */
    private record Field(String pythonName, MethodHandle getter, boolean alwaysEmpty) {}

    private static final ClassValue<Field[]> FIELDS =
            new ClassValue<>() {
                @Override
                protected Field[] computeValue(Class<?> type) {
                    return fieldsOf(type);
                }
            };

    private static Field[] fieldsOf(Class<?> type) {
        RecordComponent[] components = type.getRecordComponents();
        if (components == null) {
            throw new IllegalArgumentException("not a record: " + type);
        }
        List<Field> fields = new ArrayList<>();
        MethodHandles.Lookup lookup = MethodHandles.publicLookup();
        for (RecordComponent c : components) {
            String name = c.getName();
            if (name.equals("range") || name.equals("typeComment")) {
                continue;
            }
            try {
                MethodHandle getter =
                        lookup.unreflect(c.getAccessor())
                                .asType(MethodType.methodType(Object.class, Object.class));
                fields.add(new Field(snakeCase(name), getter, name.equals("typeIgnores")));
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }
        return fields.toArray(new Field[0]);
    }

    /** {@code decoratorList} becomes {@code decorator_list}. */
    static String snakeCase(String camel) {
        StringBuilder sb = new StringBuilder(camel.length() + 4);
        for (int i = 0; i < camel.length(); i++) {
            char c = camel.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                sb.append('_').append((char) (c + ('a' - 'A')));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static void appendNode(StringBuilder sb, Node node) {
        sb.append(node.pythonName()).append('(');
        boolean first = true;
        for (Field f : FIELDS.get(node.getClass())) {
            if (f.alwaysEmpty) {
                sb.append(first ? "" : ", ").append(f.pythonName).append("=[]");
                first = false;
                continue;
            }
            Object value;
            try {
                value = f.getter.invokeExact((Object) node);
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            }
            if (value instanceof Optional<?> opt) {
                if (opt.isEmpty()) {
                    continue;
                }
                value = opt.get();
            }
            if (!first) {
                sb.append(", ");
            }
            first = false;
            sb.append(f.pythonName).append('=');
            appendValue(sb, value);
        }
        sb.append(')');
    }

    private static void appendValue(StringBuilder sb, Object value) {
        if (value instanceof Node n) {
            appendNode(sb, n);
        } else if (value instanceof List<?> list) {
            sb.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    sb.append(", ");
                }
                Object item = list.get(i);
                if (item instanceof Optional<?> opt) {
                    if (opt.isEmpty()) {
                        sb.append("None");
                        continue;
                    }
                    item = opt.get();
                }
                appendValue(sb, item);
            }
            sb.append(']');
        } else if (value instanceof String s) {
            PyRepr.appendStr(sb, s);
        } else if (value instanceof Integer i) {
            sb.append(i.intValue());
        } else if (value instanceof Literal lit) {
            sb.append(PyRepr.literal(lit));
        } else if (value instanceof Optional<?> opt) {
            if (opt.isEmpty()) {
                sb.append("None");
            } else {
                appendValue(sb, opt.get());
            }
        } else if (value instanceof ExprContext e) {
            sb.append(e.pythonName()).append("()");
        } else if (value instanceof Operator e) {
            sb.append(e.pythonName()).append("()");
        } else if (value instanceof BoolOperator e) {
            sb.append(e.pythonName()).append("()");
        } else if (value instanceof CmpOperator e) {
            sb.append(e.pythonName()).append("()");
        } else if (value instanceof UnaryOperator e) {
            sb.append(e.pythonName()).append("()");
        } else {
            throw new IllegalArgumentException("unexpected value in a tree: " + value);
        }
    }
}
