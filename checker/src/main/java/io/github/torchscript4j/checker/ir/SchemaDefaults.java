package io.github.torchscript4j.checker.ir;

import io.github.torchscript4j.checker.builtins.SchemaArgument;
import io.github.torchscript4j.checker.eval.Tuple;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A schema argument's default as a {@link Constants} value, so that {@link CodePrinter} can drop
 * trailing arguments equal to their default as the reference does. libtorch's schema text writes
 * defaults as {@code None}, {@code True}, {@code False}, integers, floats ({@code 1.}, {@code
 * 1.0000000000000001e-05}), double-quoted strings and lists of these; a fixed-size list argument
 * ({@code int[2] stride=1}) with a scalar default means the scalar repeated.
 */
final class SchemaDefaults {
    private SchemaDefaults() {}

    /** The default of {@code a}, or empty when it has none or its text is not understood. */
    static Optional<Object> parse(SchemaArgument a) {
        if (a.defaultValueText().isEmpty()) {
            return Optional.empty();
        }
        boolean floating = a.type().toString().startsWith("float");
        Optional<Object> v = parseText(a.defaultValueText().get().strip(), floating);
        if (v.isPresent() && a.size().isPresent() && !(v.get() instanceof List<?>) && v.get() != null) {
            return Optional.of(Collections.nCopies(a.size().getAsInt(), v.get()));
        }
        return v;
    }

    static Optional<Object> parseText(String text, boolean floating) {
        switch (text) {
            case "None":
                return Optional.of(NULL);
            case "True":
                return Optional.of(Boolean.TRUE);
            case "False":
                return Optional.of(Boolean.FALSE);
            default:
                break;
        }
        if (text.startsWith("\"") && text.endsWith("\"") && text.length() >= 2) {
            return Optional.of(unquote(text.substring(1, text.length() - 1)));
        }
        if (text.startsWith("[") && text.endsWith("]")) {
            String inner = text.substring(1, text.length() - 1).strip();
            List<Object> items = new ArrayList<>();
            if (!inner.isEmpty()) {
                for (String part : inner.split(",")) {
                    if (part.isBlank()) {
                        continue;
                    }
                    Optional<Object> item = parseText(part.strip(), floating);
                    if (item.isEmpty()) {
                        return Optional.empty();
                    }
                    items.add(item.get());
                }
            }
            return Optional.of(List.copyOf(items));
        }
        try {
            if (!floating && text.matches("-?\\d+")) {
                return Optional.of(Long.parseLong(text));
            }
            return Optional.of(Double.parseDouble(text));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Stands for a default of None in {@link #parse}'s optional. */
    static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "None";
        }
    };

    /** Whether a constant's value equals a parsed default (None is {@link #NULL}). */
    static boolean sameConstant(Object constant, Object dflt) {
        if (dflt == NULL) {
            return constant == null;
        }
        if (constant instanceof Tuple t) {
            constant = t.elements();
        }
        if (constant instanceof Number c && dflt instanceof Number d) {
            if ((c instanceof Double) != (d instanceof Double)) {
                return false;
            }
            return c.doubleValue() == d.doubleValue() && c.longValue() == d.longValue();
        }
        if (constant instanceof List<?> cl && dflt instanceof List<?> dl) {
            if (cl.size() != dl.size()) {
                return false;
            }
            for (int i = 0; i < cl.size(); i++) {
                if (!sameConstant(cl.get(i), dl.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return Objects.equals(constant, dflt);
    }

    private static String unquote(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char n = s.charAt(++i);
                b.append(switch (n) {
                    case 'n' -> '\n';
                    case 't' -> '\t';
                    case 'r' -> '\r';
                    default -> n;
                });
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
