package io.github.torchscript4j.checker.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the value syntax of {@code scalar-ops.tsv} (written by {@code scripts/record-scalar-ops})
 * into this package's value representation: {@code None True 3 -2.5 inf nan "a\n" [..] (..,) {k: v}
 * device("cuda:1")}.
 */
final class PyLiteral {
    private final String text;
    private int at;

    private PyLiteral(String text) {
        this.text = text;
    }

    static Object parse(String text) {
        PyLiteral parser = new PyLiteral(text);
        Object value = parser.value();
        parser.spaces();
        if (parser.at != text.length()) {
            throw parser.error("trailing text");
        }
        return value;
    }

    private IllegalArgumentException error(String message) {
        return new IllegalArgumentException(message + " at " + at + " in " + text);
    }

    private void spaces() {
        while (at < text.length() && text.charAt(at) == ' ') {
            at++;
        }
    }

    private boolean eat(String token) {
        spaces();
        if (text.startsWith(token, at)) {
            at += token.length();
            return true;
        }
        return false;
    }

    private void expect(String token) {
        if (!eat(token)) {
            throw error("expected " + token);
        }
    }

    private Object value() {
        spaces();
        if (eat("None")) {
            return null;
        }
        if (eat("True")) {
            return true;
        }
        if (eat("False")) {
            return false;
        }
        if (eat("nan")) {
            return Double.NaN;
        }
        if (eat("inf")) {
            return Double.POSITIVE_INFINITY;
        }
        if (eat("-inf")) {
            return Double.NEGATIVE_INFINITY;
        }
        if (eat("device(")) {
            String spec = string();
            expect(")");
            return DeviceValue.parse(spec);
        }
        if (eat("[")) {
            List<Object> out = new ArrayList<>();
            items("]", out);
            return out;
        }
        if (eat("(")) {
            List<Object> out = new ArrayList<>();
            items(")", out);
            return new Tuple(out);
        }
        if (eat("{")) {
            Map<Object, Object> out = new LinkedHashMap<>();
            if (eat("}")) {
                return out;
            }
            do {
                Object key = value();
                expect(":");
                out.put(key, value());
            } while (eat(",") && !eat("}") || !eatClose("}"));
            return out;
        }
        if (text.charAt(at) == '"') {
            return string();
        }
        int start = at;
        while (at < text.length() && "+-0123456789.e".indexOf(text.charAt(at)) >= 0) {
            at++;
        }
        String number = text.substring(start, at);
        if (number.isEmpty()) {
            throw error("expected a value");
        }
        return number.contains(".") || number.contains("e") ? (Object) Double.parseDouble(number) : (Object) Long.parseLong(number);
    }

    private boolean eatClose(String close) {
        return eat(close);
    }

    private void items(String close, List<Object> out) {
        if (eat(close)) {
            return;
        }
        while (true) {
            out.add(value());
            if (eat(close)) {
                return;
            }
            expect(",");
            if (eat(close)) {
                return;
            }
        }
    }

    private String string() {
        spaces();
        if (text.charAt(at) != '"') {
            throw error("expected a string");
        }
        at++;
        StringBuilder out = new StringBuilder();
        while (text.charAt(at) != '"') {
            char c = text.charAt(at++);
            if (c != '\\') {
                out.append(c);
                continue;
            }
            char e = text.charAt(at++);
            switch (e) {
                case 'n':
                    out.append('\n');
                    break;
                case 't':
                    out.append('\t');
                    break;
                case 'r':
                    out.append('\r');
                    break;
                case 'u':
                    out.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
                    at += 4;
                    break;
                default:
                    out.append(e);
            }
        }
        at++;
        return out.toString();
    }
}
