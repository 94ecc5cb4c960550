package io.github.torchscript4j.runtime.python;

import io.github.torchscript4j.checker.eval.Tuple;
import io.github.torchscript4j.runtime.json.PythonFloats;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;

/**
 * Python's string formatting: the format-spec mini-language of {@code format()} and f-strings
 * ({@code [[fill]align][sign][#][0][width][,|_][.precision][type]}), {@code str.format}, and
 * {@code %}-formatting. Float conversions round the exact binary value half-even, as CPython does.
 */
final class Formatting {
    private Formatting() {}

    private record Spec(char fill, char align, char sign, boolean alt, int width, char group, int precision, char type) {}

    private static Spec parse(String spec) {
        int i = 0;
        int n = spec.length();
        char fill = ' ';
        char align = 0;
        if (n >= 2 && "<>=^".indexOf(spec.charAt(1)) >= 0) {
            fill = spec.charAt(0);
            align = spec.charAt(1);
            i = 2;
        } else if (n >= 1 && "<>=^".indexOf(spec.charAt(0)) >= 0) {
            align = spec.charAt(0);
            i = 1;
        }
        char sign = '-';
        if (i < n && "+- ".indexOf(spec.charAt(i)) >= 0) {
            sign = spec.charAt(i++);
        }
        boolean alt = false;
        if (i < n && spec.charAt(i) == '#') {
            alt = true;
            i++;
        }
        if (i < n && spec.charAt(i) == '0') {
            if (align == 0) {
                fill = '0';
                align = '=';
            }
            i++;
        }
        int width = -1;
        int start = i;
        while (i < n && Character.isDigit(spec.charAt(i))) {
            i++;
        }
        if (i > start) {
            width = Integer.parseInt(spec.substring(start, i));
        }
        char group = 0;
        if (i < n && (spec.charAt(i) == ',' || spec.charAt(i) == '_')) {
            group = spec.charAt(i++);
        }
        int precision = -1;
        if (i < n && spec.charAt(i) == '.') {
            i++;
            start = i;
            while (i < n && Character.isDigit(spec.charAt(i))) {
                i++;
            }
            if (i == start) {
                throw new PyException("ValueError", "Format specifier missing precision");
            }
            precision = Integer.parseInt(spec.substring(start, i));
        }
        char type = 0;
        if (i < n) {
            type = spec.charAt(i++);
        }
        if (i < n) {
            throw new PyException("ValueError", "Invalid format specifier '" + spec + "'");
        }
        return new Spec(fill, align, sign, alt, width, group, precision, type);
    }

    /** {@code format(value, spec)} for builtin values. */
    static String format(Ops ops, Object value, String spec) {
        if (spec.isEmpty()) {
            return ops.str(value);
        }
        Spec s = parse(spec);
        if (value instanceof Boolean b && s.type == 0) {
            return pad(b ? "True" : "False", s, '<');
        }
        if (value instanceof Long || value instanceof Boolean) {
            long v = ops.asLong(value);
            switch (s.type) {
                case 0, 'd', 'n' -> {
                    return number(Long.toString(Math.abs(v)), v < 0, s);
                }
                case 'x', 'X', 'o', 'b' -> {
                    int radix = s.type == 'o' ? 8 : s.type == 'b' ? 2 : 16;
                    String digits = Long.toString(Math.abs(v), radix);
                    if (s.type == 'X') {
                        digits = digits.toUpperCase();
                    }
                    String prefix = s.alt ? "0" + (s.type == 'X' ? 'X' : s.type) : "";
                    return number(prefix + digits, v < 0, s);
                }
                case 'c' -> {
                    return pad(new String(Character.toChars((int) v)), s, '<');
                }
                case 'e', 'E', 'f', 'F', 'g', 'G', '%' -> {
                    return formatFloat((double) v, s);
                }
                default -> throw new PyException("ValueError", "Unknown format code '" + s.type + "' for object of type 'int'");
            }
        }
        if (value instanceof Double d) {
            return formatFloat(d, s);
        }
        if (value instanceof String str) {
            if (s.type != 0 && s.type != 's') {
                throw new PyException("ValueError", "Unknown format code '" + s.type + "' for object of type 'str'");
            }
            String t = s.precision >= 0 && str.length() > s.precision ? str.substring(0, s.precision) : str;
            return pad(t, s, '<');
        }
        if (value instanceof PyInstance) {
            throw new PyException("TypeError", "unsupported format string passed to " + ops.typeName(value) + ".__format__");
        }
        return pad(ops.str(value), s, '<');
    }

    private static String formatFloat(double d, Spec s) {
        boolean neg = d < 0 || (d == 0 && 1 / d < 0);
        double a = Math.abs(d);
        String body;
        char type = s.type;
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            body = Double.isNaN(d) ? "nan" : "inf";
            if (Character.isUpperCase(type)) {
                body = body.toUpperCase();
            }
            if (type == '%') {
                body += "%";
            }
            return number(body, neg && !Double.isNaN(d), new Spec(s.fill == '0' ? ' ' : s.fill, s.align, s.sign, s.alt, s.width, (char) 0, -1, type));
        }
        switch (type) {
            case 'f', 'F' -> body = fixed(a, s.precision < 0 ? 6 : s.precision);
            case '%' -> body = fixed(a * 100, s.precision < 0 ? 6 : s.precision) + "%";
            case 'e', 'E' -> {
                body = sci(a, s.precision < 0 ? 6 : s.precision);
                if (type == 'E') {
                    body = body.toUpperCase();
                }
            }
            case 'g', 'G' -> {
                body = general(a, s.precision < 0 ? 6 : s.precision, s.alt);
                if (type == 'G') {
                    body = body.toUpperCase();
                }
            }
            case 0 -> {
                if (s.precision < 0) {
                    body = PythonFloats.repr(a);
                } else {
                    body = general(a, s.precision, s.alt);
                }
            }
            default -> throw new PyException("ValueError", "Unknown format code '" + type + "' for object of type 'float'");
        }
        return number(body, neg, s);
    }

    static String fixed(double a, int precision) {
        return new BigDecimal(a).setScale(precision, RoundingMode.HALF_EVEN).toPlainString();
    }

    static String sci(double a, int precision) {
        if (a == 0) {
            return (precision > 0 ? "0." + "0".repeat(precision) : "0") + "e+00";
        }
        BigDecimal r = new BigDecimal(a).round(new MathContext(precision + 1, RoundingMode.HALF_EVEN));
        int exp = r.precision() - r.scale() - 1;
        String digits = r.unscaledValue().abs().toString();
        while (digits.length() < precision + 1) {
            digits += "0";
        }
        digits = digits.substring(0, precision + 1);
        String mant = precision > 0 ? digits.charAt(0) + "." + digits.substring(1) : digits.substring(0, 1);
        return mant + "e" + (exp < 0 ? "-" : "+") + (Math.abs(exp) < 10 ? "0" : "") + Math.abs(exp);
    }

    static String general(double a, int precision, boolean alt) {
        int p = precision == 0 ? 1 : precision;
        if (a == 0) {
            return alt ? "0." + "0".repeat(p - 1) : "0";
        }
        BigDecimal r = new BigDecimal(a).round(new MathContext(p, RoundingMode.HALF_EVEN));
        int exp = r.precision() - r.scale() - 1;
        String out;
        if (exp >= -4 && exp < p) {
            out = fixed(a, p - 1 - exp);
        } else {
            out = sci(a, p - 1);
        }
        if (!alt) {
            int e = out.indexOf('e');
            String mant = e >= 0 ? out.substring(0, e) : out;
            String tail = e >= 0 ? out.substring(e) : "";
            if (mant.contains(".")) {
                mant = mant.replaceAll("0+$", "");
                if (mant.endsWith(".")) {
                    mant = mant.substring(0, mant.length() - 1);
                }
            }
            out = mant + tail;
        }
        return out;
    }

    private static String number(String digits, boolean negative, Spec s) {
        if (s.group != 0) {
            int dot = digits.indexOf('.');
            int end = dot >= 0 ? dot : digits.length();
            int start = 0;
            while (start < end && !Character.isDigit(digits.charAt(start))) {
                start++;
            }
            StringBuilder b = new StringBuilder(digits.substring(start, end));
            for (int i = b.length() - 3; i > 0; i -= 3) {
                b.insert(i, s.group);
            }
            digits = digits.substring(0, start) + b + digits.substring(end);
        }
        String sign = negative ? "-" : s.sign == '+' ? "+" : s.sign == ' ' ? " " : "";
        if (s.align == '=') {
            int padding = s.width - sign.length() - digits.length();
            return sign + (padding > 0 ? String.valueOf(s.fill).repeat(padding) : "") + digits;
        }
        return pad(sign + digits, s, '>');
    }

    private static String pad(String text, Spec s, char defaultAlign) {
        int padding = s.width - text.length();
        if (padding <= 0) {
            return text;
        }
        String f = String.valueOf(s.fill);
        char align = s.align == 0 ? defaultAlign : s.align;
        return switch (align) {
            case '<' -> text + f.repeat(padding);
            case '^' -> f.repeat(padding / 2) + text + f.repeat(padding - padding / 2);
            default -> f.repeat(padding) + text;
        };
    }

    // ---- str.format ----

    static String strFormat(Builtins b, Ops ops, String fmt, List<Object> args, Map<String, Object> kwargs) {
        StringBuilder out = new StringBuilder();
        int auto = 0;
        int i = 0;
        while (i < fmt.length()) {
            char c = fmt.charAt(i);
            if (c == '{') {
                if (i + 1 < fmt.length() && fmt.charAt(i + 1) == '{') {
                    out.append('{');
                    i += 2;
                    continue;
                }
                int depth = 1;
                int j = i + 1;
                while (j < fmt.length() && depth > 0) {
                    if (fmt.charAt(j) == '{') {
                        depth++;
                    } else if (fmt.charAt(j) == '}') {
                        depth--;
                    }
                    j++;
                }
                if (depth != 0) {
                    throw new PyException("ValueError", "expected '}' before end of string");
                }
                String field = fmt.substring(i + 1, j - 1);
                String spec = "";
                char conv = 0;
                int colon = field.indexOf(':');
                if (colon >= 0) {
                    spec = field.substring(colon + 1);
                    field = field.substring(0, colon);
                }
                int bang = field.indexOf('!');
                if (bang >= 0) {
                    conv = field.charAt(bang + 1);
                    field = field.substring(0, bang);
                }
                if (spec.contains("{")) {
                    spec = strFormat(b, ops, spec, args, kwargs);
                }
                int end = 0;
                while (end < field.length() && field.charAt(end) != '.' && field.charAt(end) != '[') {
                    end++;
                }
                String head = field.substring(0, end);
                Object value;
                if (head.isEmpty()) {
                    if (auto >= args.size()) {
                        throw new PyException("IndexError", "Replacement index " + auto + " out of range for positional args tuple");
                    }
                    value = args.get(auto++);
                } else if (Character.isDigit(head.charAt(0))) {
                    int idx = Integer.parseInt(head);
                    if (idx >= args.size()) {
                        throw new PyException("IndexError", "Replacement index " + idx + " out of range for positional args tuple");
                    }
                    value = args.get(idx);
                } else {
                    if (!kwargs.containsKey(head)) {
                        throw ops.keyError(head);
                    }
                    value = kwargs.get(head);
                }
                String rest = field.substring(end);
                while (!rest.isEmpty()) {
                    if (rest.charAt(0) == '.') {
                        int k = 1;
                        while (k < rest.length() && rest.charAt(k) != '.' && rest.charAt(k) != '[') {
                            k++;
                        }
                        value = ops.getAttrForFormat(value, rest.substring(1, k));
                        rest = rest.substring(k);
                    } else {
                        int close = rest.indexOf(']');
                        String key = rest.substring(1, close);
                        Object idx = key.chars().allMatch(Character::isDigit) && !key.isEmpty() ? (Object) Long.parseLong(key) : key;
                        value = ops.getItem(value, idx);
                        rest = rest.substring(close + 1);
                    }
                }
                if (conv == 'r' || conv == 'a') {
                    value = ops.repr(value);
                } else if (conv == 's') {
                    value = ops.str(value);
                }
                out.append(ops.formatValue(value, spec));
                i = j;
            } else if (c == '}') {
                if (i + 1 < fmt.length() && fmt.charAt(i + 1) == '}') {
                    out.append('}');
                    i += 2;
                    continue;
                }
                throw new PyException("ValueError", "Single '}' encountered in format string");
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    // ---- % formatting ----

    static String percent(Ops ops, String fmt, Object args) {
        List<Object> values = args instanceof Tuple t ? t.elements() : List.of(new Object[] {args});
        Map<?, ?> mapping = args instanceof Map<?, ?> m ? m : null;
        StringBuilder out = new StringBuilder();
        int next = 0;
        int i = 0;
        while (i < fmt.length()) {
            char c = fmt.charAt(i++);
            if (c != '%') {
                out.append(c);
                continue;
            }
            if (i >= fmt.length()) {
                throw new PyException("ValueError", "incomplete format");
            }
            Object value = null;
            boolean haveValue = false;
            if (fmt.charAt(i) == '(') {
                int close = fmt.indexOf(')', i);
                String key = fmt.substring(i + 1, close);
                if (mapping == null) {
                    throw new PyException("TypeError", "format requires a mapping");
                }
                value = mapping.get(key);
                haveValue = true;
                i = close + 1;
            }
            StringBuilder flags = new StringBuilder();
            while (i < fmt.length() && "-+ #0".indexOf(fmt.charAt(i)) >= 0) {
                flags.append(fmt.charAt(i++));
            }
            int ws = i;
            while (i < fmt.length() && Character.isDigit(fmt.charAt(i))) {
                i++;
            }
            String width = fmt.substring(ws, i);
            String precision = "";
            if (i < fmt.length() && fmt.charAt(i) == '.') {
                int ps = ++i;
                while (i < fmt.length() && Character.isDigit(fmt.charAt(i))) {
                    i++;
                }
                precision = "." + (i > ps ? fmt.substring(ps, i) : "0");
            }
            char type = fmt.charAt(i++);
            if (type == '%') {
                out.append('%');
                continue;
            }
            if (!haveValue) {
                if (next >= values.size()) {
                    throw new PyException("TypeError", "not enough arguments for format string");
                }
                value = values.get(next++);
            }
            String f = flags.toString();
            boolean left = f.contains("-");
            boolean zero = f.contains("0") && !left;
            String sign = f.contains("+") ? "+" : f.contains(" ") ? " " : "";
            String numberAlign = zero ? "0=" : left ? "<" : ">";
            switch (type) {
                case 's' -> out.append(format(ops, ops.str(value), (left ? "<" : ">") + width + precision));
                case 'r', 'a' -> out.append(format(ops, ops.repr(value), (left ? "<" : ">") + width + precision));
                case 'd', 'i', 'u' -> {
                    Object n = value instanceof Double d ? (Object) (long) d.doubleValue() : value;
                    if (!(n instanceof Long || n instanceof Boolean)) {
                        throw new PyException("TypeError", "%" + type + " format: a real number is required, not " + ops.typeName(value));
                    }
                    out.append(format(ops, ops.asLong(n), numberAlign + sign + width + "d"));
                }
                case 'f', 'F', 'e', 'E', 'g', 'G', 'x', 'X', 'o' -> {
                    if (!(value instanceof Long || value instanceof Double || value instanceof Boolean)) {
                        throw new PyException("TypeError", "must be real number, not " + ops.typeName(value));
                    }
                    Object v = "xXo".indexOf(type) >= 0 ? (Object) ops.asLong(value) : (Object) Ops.toDouble(value);
                    String alt = f.contains("#") ? "#" : "";
                    out.append(format(ops, v, numberAlign + sign + alt + width + precision + type));
                }
                case 'c' -> out.append(value instanceof String s ? s : new String(Character.toChars((int) ops.asLong(value))));
                default -> throw new PyException("ValueError", "unsupported format character '" + type + "'");
            }
        }
        if (mapping == null && next < values.size()) {
            throw new PyException("TypeError", "not all arguments converted during string formatting");
        }
        return out.toString();
    }
}
