package io.github.torchscript4j.checker.eval;

import static io.github.torchscript4j.checker.eval.ScalarOps.b;
import static io.github.torchscript4j.checker.eval.ScalarOps.i;
import static io.github.torchscript4j.checker.eval.ScalarOps.list;
import static io.github.torchscript4j.checker.eval.ScalarOps.s;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.function.IntPredicate;

/**
 * The operators on {@code str}. TorchScript's strings are byte strings: every operation here works
 * on the UTF-8 bytes (held as the chars 0-255 of a Latin-1 string while it runs), and the C
 * locale's character classes apply, so only ASCII letters are letters.
 */
final class StringOps {
    private StringOps() {}

    /** The UTF-8 bytes of {@code s}, one char each. */
    static String bytes(String s) {
        return new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }

    /** The string whose UTF-8 bytes are the chars of {@code bytes}. */
    static String text(String bytes) {
        return new String(bytes.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    }

    private static void bytewise(ScalarOps.Registry r, String name, Function<String, Object> op) {
        r.one(name, args -> {
            Object result = op.apply(bytes(s(args.get(0))));
            return result instanceof String ? text((String) result) : result;
        });
    }

    static boolean upper(char c) {
        return c >= 'A' && c <= 'Z';
    }

    static boolean lower(char c) {
        return c >= 'a' && c <= 'z';
    }

    static boolean alpha(char c) {
        return upper(c) || lower(c);
    }

    static boolean digit(char c) {
        return c >= '0' && c <= '9';
    }

    static boolean space(char c) {
        return c == ' ' || (c >= '\t' && c <= '\r');
    }

    private static boolean all(String s, IntPredicate p) {
        return !s.isEmpty() && s.chars().allMatch(p);
    }

    private static String map(String s, java.util.function.IntUnaryOperator f) {
        StringBuilder out = new StringBuilder(s.length());
        s.chars().forEach(c -> out.append((char) f.applyAsInt(c)));
        return out.toString();
    }

    private static int toUpper(int c) {
        return lower((char) c) ? c - 32 : c;
    }

    private static int toLower(int c) {
        return upper((char) c) ? c + 32 : c;
    }

    static void register(ScalarOps.Registry r) {
        r.one("aten::len.str", args -> (long) bytes(s(args.get(0))).length());
        r.one("aten::add.str", args -> s(args.get(0)) + s(args.get(1)));
        r.one("aten::__getitem__.str", args -> charAt(s(args.get(0)), i(args.get(1))));
        r.one("prim::StringIndex", args -> charAt(s(args.get(0)), i(args.get(1))));
        r.one("aten::list", args -> {
            List<Object> out = new ArrayList<>();
            for (char c : bytes(s(args.get(0))).toCharArray()) {
                out.add(text(String.valueOf(c)));
            }
            return out;
        });
        r.one("aten::slice.str", args -> {
            String s = bytes(s(args.get(0)));
            StringBuilder out = new StringBuilder();
            for (int k : ContainerOps.sliceIndices(s.length(), args.get(1), args.get(2), i(args.get(3)))) {
                out.append(s.charAt(k));
            }
            return text(out.toString());
        });
        bytewise(r, "aten::upper", s -> map(s, StringOps::toUpper));
        bytewise(r, "aten::lower", s -> map(s, StringOps::toLower));
        bytewise(r, "aten::swapcase", s -> map(s, c -> upper((char) c) ? toLower(c) : toUpper(c)));
        bytewise(r, "aten::capitalize", s -> s.isEmpty() ? s : (char) toUpper(s.charAt(0)) + map(s.substring(1), StringOps::toLower));
        bytewise(r, "aten::title", s -> {
            StringBuilder out = new StringBuilder();
            boolean previousCased = false;
            for (char c : s.toCharArray()) {
                out.append((char) (previousCased ? toLower(c) : toUpper(c)));
                previousCased = alpha(c);
            }
            return out.toString();
        });
        bytewise(r, "aten::isupper", s -> s.chars().anyMatch(c -> upper((char) c)) && s.chars().noneMatch(c -> lower((char) c)));
        bytewise(r, "aten::islower", s -> s.chars().anyMatch(c -> lower((char) c)) && s.chars().noneMatch(c -> upper((char) c)));
        bytewise(r, "aten::isalpha", s -> all(s, c -> alpha((char) c)));
        bytewise(r, "aten::isdigit", s -> all(s, c -> digit((char) c)));
        bytewise(r, "aten::isdecimal", s -> all(s, c -> digit((char) c)));
        bytewise(r, "aten::isnumeric", s -> all(s, c -> digit((char) c)));
        bytewise(r, "aten::isalnum", s -> all(s, c -> alpha((char) c) || digit((char) c)));
        bytewise(r, "aten::isspace", s -> all(s, c -> space((char) c)));
        bytewise(r, "aten::isprintable", s -> s.chars().allMatch(c -> c >= 0x20 && c < 0x7f));
        // 1.13.1's isidentifier takes letters and digits only, no '_' (recorded: "ab_c9" is not one)
        bytewise(r, "aten::isidentifier", s -> !s.isEmpty() && !digit(s.charAt(0))
                && s.chars().allMatch(c -> alpha((char) c) || digit((char) c)));
        bytewise(r, "aten::istitle", s -> {
            boolean cased = false;
            boolean previousCased = false;
            for (char c : s.toCharArray()) {
                if (upper(c)) {
                    if (previousCased) {
                        return false;
                    }
                    cased = true;
                    previousCased = true;
                } else if (lower(c)) {
                    if (!previousCased) {
                        return false;
                    }
                    previousCased = true;
                } else {
                    previousCased = false;
                }
            }
            return cased;
        });
        r.one("aten::strip", args -> text(rstrip(lstrip(bytes(s(args.get(0))), bytes(s(args.get(1)))), bytes(s(args.get(1))))));
        r.one("aten::lstrip", args -> text(lstrip(bytes(s(args.get(0))), bytes(s(args.get(1))))));
        r.one("aten::rstrip", args -> text(rstrip(bytes(s(args.get(0))), bytes(s(args.get(1))))));
        r.one("aten::split.str", args -> split(s(args.get(0)), (String) args.get(1), i(args.get(2))));
        r.one("aten::rsplit", args -> rsplit(s(args.get(0)), s(args.get(1)), i(args.get(2))));
        r.one("aten::splitlines", args -> splitlines(s(args.get(0)), b(args.get(1))));
        r.one("aten::join", args -> {
            List<String> parts = new ArrayList<>();
            for (Object part : list(args.get(1))) {
                parts.add(s(part));
            }
            return String.join(s(args.get(0)), parts);
        });
        r.one("aten::replace", args -> replace(s(args.get(0)), s(args.get(1)), s(args.get(2)), i(args.get(3))));
        r.one("aten::startswith", args -> {
            String[] w = window(args);
            return w[0].startsWith(w[1]);
        });
        r.one("aten::endswith", args -> {
            String[] w = window(args);
            return w[0].endsWith(w[1]);
        });
        r.one("aten::find", args -> find(args, false));
        r.one("aten::rfind", args -> find(args, true));
        r.one("aten::index.str", args -> found(find(args, false)));
        r.one("aten::rindex", args -> found(find(args, true)));
        r.one("aten::count", args -> {
            String[] w = window(args);
            if (w[1].isEmpty()) {
                return (long) w[0].length() + 1;
            }
            long count = 0;
            for (int at = w[0].indexOf(w[1]); at >= 0; at = w[0].indexOf(w[1], at + w[1].length())) {
                count++;
            }
            return count;
        });
        r.add("aten::format", args -> ScalarOps.out(format(s(args.get(0)), args.subList(1, args.size()))));
        r.add("aten::percentFormat", args -> ScalarOps.out(percentFormat(s(args.get(0)), args.subList(1, args.size()))));
        r.add("aten::partition", args -> partition(s(args.get(0)), s(args.get(1)), false));
        r.add("aten::rpartition", args -> partition(s(args.get(0)), s(args.get(1)), true));
        r.one("aten::center", args -> pad(s(args.get(0)), i(args.get(1)), s(args.get(2)), 0));
        r.one("aten::ljust", args -> pad(s(args.get(0)), i(args.get(1)), s(args.get(2)), -1));
        r.one("aten::rjust", args -> pad(s(args.get(0)), i(args.get(1)), s(args.get(2)), 1));
        r.one("aten::zfill", args -> {
            // no special case for a sign (recorded: "-42".zfill(5) is "00-42")
            String s = bytes(s(args.get(0)));
            return text("0".repeat((int) Math.max(0, i(args.get(1)) - s.length())) + s);
        });
        r.one("aten::expandtabs", args -> {
            String s = s(args.get(0));
            long size = i(args.get(1));
            StringBuilder out = new StringBuilder();
            int column = 0;
            for (char c : bytes(s).toCharArray()) {
                if (c == '\t') {
                    long spaces = size > 0 ? size - column % size : 0;
                    out.append(" ".repeat((int) spaces));
                    column += (int) spaces;
                } else {
                    out.append(c);
                    // the column is not reset at a line break (recorded from the reference)
                    column++;
                }
            }
            return text(out.toString());
        });
        r.one("aten::str", args -> Values.str(args.get(0)));
        r.one("aten::chr", args -> {
            long code = i(args.get(0));
            if (code < 0 || code >= 0x10ffff) {
                throw ScriptError.runtime("chr() arg not in range(0x110000), found " + code);
            }
            // the reference keeps only the low byte, a one-byte string
            return text(String.valueOf((char) (code & 0xff)));
        });
        r.one("aten::ord", args -> {
            String s = bytes(s(args.get(0)));
            if (s.length() != 1) {
                throw ScriptError.runtime("String for ord() must be 1 character, found " + s.length());
            }
            return (long) s.charAt(0);
        });
    }

    private static String charAt(String s, long index) {
        String b = bytes(s);
        long at = index < 0 ? index + b.length() : index;
        if (at < 0 || at >= b.length()) {
            throw ScriptError.runtime("basic_string::at: __n (which is " + Long.toUnsignedString(at)
                    + ") >= this->size() (which is " + b.length() + ")");
        }
        return text(String.valueOf(b.charAt((int) at)));
    }

    private static String lstrip(String s, String chars) {
        int start = 0;
        while (start < s.length() && chars.indexOf(s.charAt(start)) >= 0) {
            start++;
        }
        return s.substring(start);
    }

    private static String rstrip(String s, String chars) {
        int end = s.length();
        while (end > 0 && chars.indexOf(s.charAt(end - 1)) >= 0) {
            end--;
        }
        return s.substring(0, end);
    }

    private static List<Object> split(String text, String separator, long max) {
        String s = bytes(text);
        List<Object> out = new ArrayList<>();
        if (separator == null) {
            int k = 0;
            while (true) {
                while (k < s.length() && space(s.charAt(k))) {
                    k++;
                }
                if (k == s.length()) {
                    break;
                }
                if (max >= 0 && out.size() == max) {
                    out.add(text(rstrip(s.substring(k), " \t\n\u000b\f\r")));
                    break;
                }
                int start = k;
                while (k < s.length() && !space(s.charAt(k))) {
                    k++;
                }
                out.add(text(s.substring(start, k)));
            }
            return out;
        }
        String sep = bytes(separator);
        if (sep.isEmpty()) {
            throw ScriptError.runtime("ValueError: empty separator");
        }
        int start = 0;
        for (int at = s.indexOf(sep); at >= 0 && (max < 0 || out.size() < max); at = s.indexOf(sep, start)) {
            out.add(text(s.substring(start, at)));
            start = at + sep.length();
        }
        out.add(text(s.substring(start)));
        return out;
    }

    private static List<Object> rsplit(String text, String separator, long max) {
        String s = bytes(text);
        String sep = bytes(separator);
        List<Object> out = new ArrayList<>();
        int end = s.length();
        for (int at = s.lastIndexOf(sep, end - sep.length()); at >= 0 && (max < 0 || out.size() < max);
                at = s.lastIndexOf(sep, end - sep.length())) {
            out.add(0, text(s.substring(at + sep.length(), end)));
            end = at;
            if (end - sep.length() < 0) {
                break;
            }
        }
        out.add(0, text(s.substring(0, end)));
        return out;
    }

    /** Line breaks, each one on its own ({@code \r\n} is two, as recorded from the reference). */
    private static List<Object> splitlines(String text, boolean keepends) {
        String s = bytes(text);
        List<Object> out = new ArrayList<>();
        int start = 0;
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            if ("\n\r\u000b\f\u001c\u001d\u001e".indexOf(c) >= 0) {
                out.add(text(s.substring(start, k)));
                if (keepends) {
                    out.add(text(String.valueOf(c)));
                }
                start = k + 1;
            }
        }
        if (start < s.length()) {
            out.add(text(s.substring(start)));
        }
        return out;
    }

    private static String replace(String text, String old, String replacement, long max) {
        String s = bytes(text);
        String o = bytes(old);
        String n = bytes(replacement);
        StringBuilder out = new StringBuilder();
        int start = 0;
        long done = 0;
        for (int at = s.indexOf(o); at >= 0 && (max < 0 || done < max); at = s.indexOf(o, start)) {
            out.append(s, start, at).append(n);
            start = at + o.length();
            done++;
            if (o.isEmpty()) {
                if (start >= s.length()) {
                    break;
                }
                out.append(s.charAt(start));
                start++;
            }
        }
        out.append(s.substring(Math.min(start, s.length())));
        return text(out.toString());
    }

    /** The string cut to {@code [start, end)} as find and its kin see it, and the substring (both as bytes). */
    private static String[] window(List<Object> args) {
        String s = bytes(s(args.get(0)));
        long start = i(args.get(2));
        long end = i(args.get(3));
        int n = s.length();
        long from = start < 0 ? Math.max(0, start + n) : Math.min(start, n);
        long to = end < 0 ? Math.max(0, end + n + 1) : Math.min(end, n);
        String cut = from <= to ? s.substring((int) from, (int) to) : "";
        return new String[] {cut, bytes(s(args.get(1))), Long.toString(from)};
    }

    private static long find(List<Object> args, boolean last) {
        String[] w = window(args);
        int at = last ? w[0].lastIndexOf(w[1]) : w[0].indexOf(w[1]);
        return at < 0 ? -1 : at + Long.parseLong(w[2]);
    }

    private static long found(long at) {
        if (at < 0) {
            throw ScriptError.runtime("ValueError: substring not found");
        }
        return at;
    }

    /**
     * {@code fmt % values}: the specifiers TorchScript supports ({@code %d %i %f %e %s %c %%}), the
     * values a tuple or one value, with the reference's messages for too few or too many values and
     * for other specifiers.
     */
    static String percentFormat(String fmt, List<Object> rest) {
        List<Object> values = rest.size() == 1 && rest.get(0) instanceof Tuple t ? t.elements() : rest;
        StringBuilder out = new StringBuilder();
        int next = 0;
        for (int i = 0; i < fmt.length(); i++) {
            char c = fmt.charAt(i);
            if (c != '%') {
                out.append(c);
                continue;
            }
            if (i + 1 >= fmt.length()) {
                throw ScriptError.runtime("Incomplete format specifier");
            }
            char spec = fmt.charAt(++i);
            if (spec == '%') {
                out.append('%');
                continue;
            }
            // (the reference asks for a value before it looks at the specifier)
            if (next >= values.size()) {
                throw ScriptError.runtime("Too few arguments for format string");
            }
            if ("difesc".indexOf(spec) < 0) {
                throw ScriptError.runtime("The specifier %" + spec + " is not supported in TorchScript format strings");
            }
            Object v = values.get(next++);
            switch (spec) {
                case 'd', 'i' -> out.append(v instanceof Double d ? Long.toString((long) (double) d)
                        : v instanceof Boolean bool ? (bool ? "1" : "0") : Values.str(v));
                case 'f' -> out.append(String.format(java.util.Locale.ROOT, "%f", number(v)));
                case 'e' -> out.append(String.format(java.util.Locale.ROOT, "%e", number(v)));
                case 'c' -> out.append(v instanceof Long l ? new String(Character.toChars((int) (long) l)) : Values.str(v));
                default -> out.append(Values.str(v));
            }
        }
        if (next < values.size()) {
            throw ScriptError.runtime("Too many arguments for format string");
        }
        return out.toString();
    }

    private static double number(Object v) {
        if (v instanceof Long l) {
            return l;
        }
        if (v instanceof Double d) {
            return d;
        }
        if (v instanceof Boolean bool) {
            return bool ? 1 : 0;
        }
        throw ScriptError.runtime("%f requires a number, not " + Values.str(v));
    }

    static String format(String pattern, List<Object> values) {
        StringBuilder out = new StringBuilder();
        int used = 0;
        int start = 0;
        for (int at = pattern.indexOf("{}"); at >= 0; at = pattern.indexOf("{}", start)) {
            out.append(pattern, start, at);
            if (used >= values.size()) {
                throw ScriptError.runtime("Too few arguments for format string: " + pattern);
            }
            out.append(Values.str(values.get(used++)));
            start = at + 2;
        }
        return out.append(pattern.substring(start)).toString();
    }

    private static List<Object> partition(String text, String separator, boolean last) {
        String s = bytes(text);
        String sep = bytes(separator);
        int at = last ? s.lastIndexOf(sep) : s.indexOf(sep);
        if (at < 0) {
            return Arrays.asList(last ? "" : text, "", last ? text : "");
        }
        return Arrays.asList(text(s.substring(0, at)), separator, text(s.substring(at + sep.length())));
    }

    /** center (side 0), ljust (-1), rjust (1). */
    private static String pad(String text, long width, String fill, int side) {
        String s = bytes(text);
        long total = width - s.length();
        if (total <= 0) {
            return text;
        }
        String f = bytes(fill);
        long left = side < 0 ? 0 : side > 0 ? total : total / 2 + (total & width & 1);
        long right = total - left;
        return text(f.repeat((int) left) + s + f.repeat((int) right));
    }
}
