package io.github.torchscript4j.checker.semantics.robustness;

import io.github.torchscript4j.checker.syntax.robustness.Fuzz;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Edits that keep a TorchScript file close to valid code, so that the checker (which only runs on
 * files that parse) sees many almost-right programs: delete, duplicate and swap lines and token
 * runs, indent or dedent a line, change an annotation, rename an identifier (one use or all),
 * replace a literal, insert a token, cut the file at a random point.
 */
final class Mutations {
    private Mutations() {}

    enum Kind {
        DELETE_LINES, DUPLICATE_LINES, SWAP_LINES, INDENT, DEDENT, DELETE_TOKENS, DUPLICATE_TOKENS, SWAP_TOKENS,
        CHANGE_ANNOTATION, RENAME_ONE, RENAME_ALL, CHANGE_LITERAL, INSERT_TOKEN, CUT
    }

    static final List<String> TYPE_NAMES = List.of("int", "float", "bool", "str", "Tensor", "torch.Tensor", "None",
            "List[int]", "List[Tensor]", "Optional[int]", "Optional[Tensor]", "Tuple[int, int]", "Tuple[Tensor, ...]",
            "Dict[str, int]", "Dict[int, Tensor]", "Union[int, str]", "Any", "Optional[List[int]]", "List", "Optional",
            "Foo", "torch.device", "torch.dtype", "number", "list[int]", "Tuple[()]", "Final[int]");

    static final List<String> LITERALS = List.of("0", "1", "-1", "2.5", "True", "False", "None", "\"s\"", "[]", "{}",
            "()", "[1, 2]", "(1, 2)", "{\"a\": 1}", "torch.zeros(1)", "1j", "...", "9223372036854775808");

    static final List<String> TOKENS = List.of("self", "self.", "None", "not ", " is None", " is not None", "return ",
            "return", "break", "continue", "yield ", "lambda: ", "*", "**", "[0]", ".x", "(", ")", ",", ":", "@torch.jit.script\n",
            "@torch.jit.ignore\n", "@torch.jit.unused\n", "@torch.jit.export\n", "global g\n", "nonlocal n\n", "del x\n", "async ",
            "await ", "raise\n", "assert ", " if True else 0", "for i in range(3):\n    ", "while True:\n    ",
            "with torch.no_grad():\n    ", "try:\n    ", "class C:\n    ", "def f():\n    ", "print(", "super().", "torch.",
            "F.", "math.", "isinstance(x, int)", "torch.jit.annotate(List[int], [])", "# type: (int) -> int\n");

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z_0-9]*");
    private static final Pattern ANNOTATION = Pattern.compile(
            "(?<=[:>] )(?:Optional|List|Tuple|Dict|Union|int|float|bool|str|Tensor|torch\\.Tensor|None)(?:\\[[^\\]\\n]*\\]+)?");
    private static final Pattern LITERAL = Pattern.compile("\\b\\d+(?:\\.\\d+)?\\b|\\bTrue\\b|\\bFalse\\b|\\bNone\\b|\"[^\"\\n]*\"|'[^'\\n]*'");

    /** {@code text} with one to {@code max} random edits. */
    static String mutate(Random r, String text, int max) {
        int n = 1 + r.nextInt(max);
        for (int i = 0; i < n; i++) {
            text = apply(r, text, Fuzz.pick(r, List.of(Kind.values())));
        }
        return text;
    }

    static String apply(Random r, String text, Kind kind) {
        List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
        int size = lines.size();
        switch (kind) {
            case DELETE_LINES -> {
                int at = r.nextInt(size);
                int n = Math.min(size - at, 1 + r.nextInt(3));
                lines.subList(at, at + n).clear();
            }
            case DUPLICATE_LINES -> {
                int at = r.nextInt(size);
                int n = Math.min(size - at, 1 + r.nextInt(4));
                List<String> copy = new ArrayList<>(lines.subList(at, at + n));
                lines.addAll(r.nextBoolean() ? at : r.nextInt(size + 1), copy);
            }
            case SWAP_LINES -> {
                int a = r.nextInt(size);
                int b = r.nextInt(size);
                String t = lines.get(a);
                lines.set(a, lines.get(b));
                lines.set(b, t);
            }
            case INDENT -> {
                int at = r.nextInt(size);
                lines.set(at, "    " + lines.get(at));
            }
            case DEDENT -> {
                int at = r.nextInt(size);
                String l = lines.get(at);
                lines.set(at, l.startsWith("    ") ? l.substring(4) : l.stripLeading());
            }
            case DELETE_TOKENS, DUPLICATE_TOKENS, SWAP_TOKENS -> {
                return tokens(r, text, kind);
            }
            case CHANGE_ANNOTATION -> {
                return replaceOne(r, text, ANNOTATION, Fuzz.pick(r, TYPE_NAMES));
            }
            case RENAME_ONE, RENAME_ALL -> {
                List<String> names = matches(text, IDENTIFIER);
                if (names.isEmpty()) {
                    return text;
                }
                String from = Fuzz.pick(r, names);
                String to = r.nextInt(3) == 0 ? from + "_" + r.nextInt(3) : Fuzz.pick(r, names);
                if (kind == Kind.RENAME_ALL) {
                    return text.replaceAll("\\b" + Pattern.quote(from) + "\\b", Matcher.quoteReplacement(to));
                }
                return replaceOne(r, text, Pattern.compile("\\b" + Pattern.quote(from) + "\\b"), to);
            }
            case CHANGE_LITERAL -> {
                return replaceOne(r, text, LITERAL, Fuzz.pick(r, LITERALS));
            }
            case INSERT_TOKEN -> {
                int at = r.nextInt(text.length() + 1);
                return text.substring(0, at) + Fuzz.pick(r, TOKENS) + text.substring(at);
            }
            case CUT -> {
                return text.substring(0, r.nextInt(text.length() + 1));
            }
            default -> throw new AssertionError(kind);
        }
        return String.join("\n", lines);
    }

    private static List<String> matches(String text, Pattern p) {
        List<String> out = new ArrayList<>();
        Matcher m = p.matcher(text);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    private static String replaceOne(Random r, String text, Pattern p, String replacement) {
        List<int[]> spans = new ArrayList<>();
        Matcher m = p.matcher(text);
        while (m.find()) {
            spans.add(new int[] {m.start(), m.end()});
        }
        if (spans.isEmpty()) {
            return text;
        }
        int[] s = Fuzz.pick(r, spans);
        return text.substring(0, s[0]) + replacement + text.substring(s[1]);
    }

    /** Token runs: identifier/number characters, blanks, or one other character (as the parser's fuzz test). */
    private static String tokens(Random r, String text, Kind kind) {
        List<int[]> runs = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            int start = i;
            int cls = classOf(text.charAt(i++));
            if (cls < 2) {
                while (i < text.length() && classOf(text.charAt(i)) == cls) {
                    i++;
                }
            }
            runs.add(new int[] {start, i});
        }
        if (runs.size() < 2) {
            return text;
        }
        int first = r.nextInt(runs.size());
        int last = Math.min(runs.size() - 1, first + r.nextInt(6));
        int a = runs.get(first)[0];
        int b = runs.get(last)[1];
        switch (kind) {
            case DELETE_TOKENS:
                return text.substring(0, a) + text.substring(b);
            case DUPLICATE_TOKENS:
                return text.substring(0, b) + text.substring(a);
            default: {
                int[] y = runs.get(r.nextInt(runs.size()));
                if (y[0] >= b) {
                    return text.substring(0, a) + text.substring(y[0], y[1]) + text.substring(b, y[0])
                            + text.substring(a, b) + text.substring(y[1]);
                }
                if (y[1] <= a) {
                    return text.substring(0, y[0]) + text.substring(a, b) + text.substring(y[1], a)
                            + text.substring(y[0], y[1]) + text.substring(b);
                }
                return text;
            }
        }
    }

    private static int classOf(char c) {
        if (Character.isLetterOrDigit(c) || c == '_') {
            return 0;
        }
        return c == ' ' || c == '\t' ? 1 : 2;
    }

    /** Shrinks text by deleting runs of lines, then characters. */
    static final Fuzz.Shrinker<String> LINES_THEN_CHARS = value -> {
        List<String> out = new ArrayList<>();
        String[] lines = value.split("\n", -1);
        for (int size = Math.max(1, lines.length / 2); size >= 1; size /= 2) {
            for (int at = 0; at + size <= lines.length; at += size) {
                List<String> kept = new ArrayList<>(Arrays.asList(lines).subList(0, at));
                kept.addAll(Arrays.asList(lines).subList(at + size, lines.length));
                out.add(String.join("\n", kept));
            }
            if (size == 1) {
                break;
            }
        }
        if (value.length() < 400) {
            out.addAll(Fuzz.STRINGS.smaller(value));
        }
        return out;
    };
}
