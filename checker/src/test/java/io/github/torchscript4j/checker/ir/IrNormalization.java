package io.github.torchscript4j.checker.ir;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one normalisation under which our printed {@code .graph} and {@code .code} are compared with
 * the reference's, in every test and in the corpus comparison. It forgives exactly this and
 * nothing else:
 *
 * <p><b>Graphs</b> ({@link #graph}):
 *
 * <ul>
 *   <li>source-location comments ({@code # path:line:col} at the end of a line) are dropped, and
 *       trailing spaces with them;
 *   <li>{@code prim::Constant} lines are dropped wherever they stand, and each use of a constant is
 *       written as its type and attributes, {@code %4} becoming {@code {int[value=1]}} and a None
 *       {@code {NoneType[]}}: so the order in which constants are pooled, and whether two equal
 *       constants were pooled into one, do not matter;
 *   <li>every other value is renamed {@code %v0}, {@code %v1}, … in the order of its first
 *       appearance in the text: so value numbering and debug-name suffixes ({@code %x.1} versus
 *       {@code %x}) do not matter, but the structure of uses does;
 *   <li>both rules apply to each graph of the text on its own: the function's, and each graph a
 *       node holds ({@code with prim::fork_0 = graph(...)}), which has its own value names.
 * </ul>
 *
 * <p><b>Code</b> ({@link #code}):
 *
 * <ul>
 *   <li>variables — the names a {@code def} line binds as parameters, and names bound at the start
 *       of a statement by {@code NAME = }, {@code NAME, NAME = }, {@code NAME, = }, {@code for NAME
 *       in}, {@code with … as NAME} — are renamed {@code v0}, {@code v1}, … in the order of their
 *       first appearance, everywhere they occur as a whole word outside string literals and not
 *       after a dot: so {@code rv0} versus {@code rv1}, or {@code _3} versus {@code _4}, does not
 *       matter, but which statements exist, their order, and what is inlined, does;
 *   <li>trailing spaces are dropped.
 * </ul>
 *
 * Nothing else is forgiven: types, operator names, argument lists, literals and layout must agree.
 */
public final class IrNormalization {
    private IrNormalization() {}

    private static final Pattern VALUE = Pattern.compile("%([A-Za-z0-9_.]+)");
    private static final Pattern CONSTANT_LINE =
            Pattern.compile("^\\s*%([A-Za-z0-9_.]+) : (.+?) = prim::Constant(\\[.*\\])?\\(\\)\\s*$");

    /** A graph's text, normalised as the class comment says. */
    public static String graph(String text) {
        // each graph of the text (the function's, then each "with prim::fork_0 = graph(...)") names
        // its values on its own
        StringBuilder out = new StringBuilder();
        int start = 0;
        Matcher section = SUBGRAPH.matcher(text);
        while (section.find()) {
            out.append(graphSection(text.substring(start, section.start()))).append('\n');
            start = section.start();
        }
        return out.append(graphSection(text.substring(start))).toString();
    }

    private static final Pattern SUBGRAPH = Pattern.compile("(?m)(?<=\\n)^with \\S+ = graph\\(");

    private static String graphSection(String text) {
        List<String> lines = new ArrayList<>();
        Map<String, String> constants = new HashMap<>();
        for (String raw : text.split("\n", -1)) {
            String line = stripTrailing(dropComment(raw));
            Matcher m = CONSTANT_LINE.matcher(line);
            if (m.matches()) {
                String attrs = m.group(3) == null ? "[]" : m.group(3);
                constants.put(m.group(1), "{" + m.group(2) + attrs + "}");
                continue;
            }
            lines.add(line);
        }
        Map<String, String> renamed = new HashMap<>();
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            Matcher m = VALUE.matcher(line);
            StringBuilder b = new StringBuilder();
            int last = 0;
            while (m.find()) {
                b.append(line, last, m.start());
                String name = m.group(1);
                String constant = constants.get(name);
                if (constant != null) {
                    b.append(constant);
                } else {
                    b.append("%").append(renamed.computeIfAbsent(name, k -> "v" + renamed.size()));
                }
                last = m.end();
            }
            b.append(line.substring(last));
            out.append(b);
            if (i + 1 < lines.size()) {
                out.append('\n');
            }
        }
        return out.toString();
    }

    private static final Pattern DEF = Pattern.compile("^\\s*def \\w+\\((.*)$");
    private static final Pattern ASSIGN = Pattern.compile("^\\s*((?:[A-Za-z_]\\w*, ?)*[A-Za-z_]\\w*,?) =[^=]");
    private static final Pattern FOR = Pattern.compile("^\\s*for ([A-Za-z_]\\w*) in ");
    private static final Pattern WITH_AS = Pattern.compile("^\\s*with .* as ([A-Za-z_]\\w*):");
    private static final Pattern PARAM = Pattern.compile("^\\s*([A-Za-z_]\\w*)\\s*[:,)=]");
    private static final Pattern WORD = Pattern.compile("[A-Za-z_]\\w*");

    /** A {@code .code} text, normalised as the class comment says. */
    public static String code(String text) {
        String[] lines = text.split("\n", -1);
        Set<String> variables = new LinkedHashSet<>();
        boolean inDef = false;
        for (String line : lines) {
            Matcher d = DEF.matcher(line);
            if (d.matches()) {
                addParam(d.group(1), variables);
                inDef = !line.stripTrailing().endsWith(":");
                continue;
            }
            if (inDef) {
                addParam(line, variables);
                inDef = !line.stripTrailing().endsWith(":");
                continue;
            }
            Matcher a = ASSIGN.matcher(line);
            if (a.find()) {
                for (String n : a.group(1).split(",")) {
                    if (!n.isBlank()) {
                        variables.add(n.strip());
                    }
                }
            }
            Matcher f = FOR.matcher(line);
            if (f.find()) {
                variables.add(f.group(1));
            }
            Matcher w = WITH_AS.matcher(line);
            if (w.find()) {
                variables.add(w.group(1));
            }
        }
        Map<String, String> renamed = new HashMap<>();
        StringBuilder out = new StringBuilder();
        for (int li = 0; li < lines.length; li++) {
            String line = stripTrailing(lines[li]);
            StringBuilder b = new StringBuilder();
            int i = 0;
            while (i < line.length()) {
                char c = line.charAt(i);
                if (c == '"' || c == '\'') {
                    int end = endOfString(line, i);
                    b.append(line, i, end);
                    i = end;
                    continue;
                }
                if (Character.isLetter(c) || c == '_') {
                    Matcher m = WORD.matcher(line).region(i, line.length());
                    m.lookingAt();
                    String word = m.group();
                    boolean afterDot = i > 0 && line.charAt(i - 1) == '.';
                    boolean afterDigit = i > 0 && Character.isDigit(line.charAt(i - 1));
                    if (!afterDot && !afterDigit && variables.contains(word)) {
                        b.append(renamed.computeIfAbsent(word, k -> "v" + renamed.size()));
                    } else {
                        b.append(word);
                    }
                    i = m.end();
                    continue;
                }
                b.append(c);
                i++;
            }
            out.append(b);
            if (li + 1 < lines.length) {
                out.append('\n');
            }
        }
        return out.toString();
    }

    private static void addParam(String text, Set<String> variables) {
        Matcher m = PARAM.matcher(text);
        if (m.find()) {
            variables.add(m.group(1));
        }
    }

    private static int endOfString(String line, int start) {
        char q = line.charAt(start);
        for (int i = start + 1; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == q) {
                return i + 1;
            }
        }
        return line.length();
    }

    private static String dropComment(String line) {
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\' && quoted) {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == '#' && !quoted && i > 0 && line.charAt(i - 1) == ' ') {
                return line.substring(0, i);
            }
        }
        return line;
    }

    private static String stripTrailing(String s) {
        return s.stripTrailing();
    }
}
