package io.github.torchscript4j.runtime.trace;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * The human-readable line diff the reference prints for graphs that differ: Python's {@code
 * difflib.ndiff} output format ({@code "- "}, {@code "+ "}, {@code "  "} lines, and {@code "? "}
 * lines marking changed characters of a pair of similar lines), computed with the same
 * Ratcliff–Obershelp matching (longest matching block first, then recursively either side), the
 * same similarity cutoff (0.75) for pairing lines, and spaces and tabs as junk within lines.
 */
final class LineDiff {
    private LineDiff() {}

    /** The diff of two lists of lines, each line keeping its line end. */
    static List<String> ndiff(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>();
        Matcher<String> m = new Matcher<>(a, b, x -> false);
        for (Opcode op : m.opcodes()) {
            switch (op.tag) {
                case 'r' -> fancyReplace(a, op.alo, op.ahi, b, op.blo, op.bhi, out);
                case 'd' -> dump("-", a, op.alo, op.ahi, out);
                case 'i' -> dump("+", b, op.blo, op.bhi, out);
                default -> dump(" ", a, op.alo, op.ahi, out);
            }
        }
        return out;
    }

    /** Splits text into lines that keep their {@code \n}, as Python's {@code splitlines(True)}. */
    static List<String> lines(String text) {
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                out.add(text.substring(start, i + 1));
                start = i + 1;
            }
        }
        if (start < text.length()) {
            out.add(text.substring(start));
        }
        return out;
    }

    private static void dump(String tag, List<String> x, int lo, int hi, List<String> out) {
        for (int i = lo; i < hi; i++) {
            out.add(tag + " " + x.get(i));
        }
    }

    private static void plainReplace(List<String> a, int alo, int ahi, List<String> b, int blo, int bhi, List<String> out) {
        if (bhi - blo < ahi - alo) {
            dump("+", b, blo, bhi, out);
            dump("-", a, alo, ahi, out);
        } else {
            dump("-", a, alo, ahi, out);
            dump("+", b, blo, bhi, out);
        }
    }

    private static final Predicate<Character> CHARACTER_JUNK = c -> c == ' ' || c == '\t';

    private static void fancyReplace(List<String> a, int alo, int ahi, List<String> b, int blo, int bhi, List<String> out) {
        double best = 0.74;
        int bestI = -1;
        int bestJ = -1;
        int eqI = -1;
        int eqJ = -1;
        for (int j = blo; j < bhi; j++) {
            List<Character> bj = chars(b.get(j));
            for (int i = alo; i < ahi; i++) {
                if (a.get(i).equals(b.get(j))) {
                    if (eqI < 0) {
                        eqI = i;
                        eqJ = j;
                    }
                    continue;
                }
                List<Character> ai = chars(a.get(i));
                int total = ai.size() + bj.size();
                if (total == 0 || 2.0 * Math.min(ai.size(), bj.size()) / total <= best) {
                    continue;
                }
                if (quickRatio(ai, bj) <= best) {
                    continue;
                }
                double r = new Matcher<>(ai, bj, CHARACTER_JUNK).ratio();
                if (r > best) {
                    best = r;
                    bestI = i;
                    bestJ = j;
                }
            }
        }
        boolean identical = false;
        if (best < 0.75) {
            if (eqI < 0) {
                plainReplace(a, alo, ahi, b, blo, bhi, out);
                return;
            }
            bestI = eqI;
            bestJ = eqJ;
            identical = true;
        }
        fancyHelper(a, alo, bestI, b, blo, bestJ, out);
        String aelt = a.get(bestI);
        String belt = b.get(bestJ);
        if (!identical) {
            StringBuilder atags = new StringBuilder();
            StringBuilder btags = new StringBuilder();
            for (Opcode op : new Matcher<>(chars(aelt), chars(belt), CHARACTER_JUNK).opcodes()) {
                int la = op.ahi - op.alo;
                int lb = op.bhi - op.blo;
                switch (op.tag) {
                    case 'r' -> {
                        atags.append("^".repeat(la));
                        btags.append("^".repeat(lb));
                    }
                    case 'd' -> atags.append("-".repeat(la));
                    case 'i' -> btags.append("+".repeat(lb));
                    default -> {
                        atags.append(" ".repeat(la));
                        btags.append(" ".repeat(lb));
                    }
                }
            }
            qformat(aelt, belt, atags.toString(), btags.toString(), out);
        } else {
            out.add("  " + aelt);
        }
        fancyHelper(a, bestI + 1, ahi, b, bestJ + 1, bhi, out);
    }

    private static void fancyHelper(List<String> a, int alo, int ahi, List<String> b, int blo, int bhi, List<String> out) {
        if (alo < ahi) {
            if (blo < bhi) {
                fancyReplace(a, alo, ahi, b, blo, bhi, out);
            } else {
                dump("-", a, alo, ahi, out);
            }
        } else if (blo < bhi) {
            dump("+", b, blo, bhi, out);
        }
    }

    private static void qformat(String aline, String bline, String atags, String btags, List<String> out) {
        String at = keepWhitespace(aline, atags).stripTrailing();
        String bt = keepWhitespace(bline, btags).stripTrailing();
        out.add("- " + aline);
        if (!at.isEmpty()) {
            out.add("? " + at + "\n");
        }
        out.add("+ " + bline);
        if (!bt.isEmpty()) {
            out.add("? " + bt + "\n");
        }
    }

    /** The tags, with a tab or space of the line kept where the tag is blank (so the marks line up). */
    private static String keepWhitespace(String line, String tags) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < tags.length(); i++) {
            char c = i < line.length() ? line.charAt(i) : ' ';
            char t = tags.charAt(i);
            out.append(t == ' ' && Character.isWhitespace(c) ? c : t);
        }
        return out.toString();
    }

    private static List<Character> chars(String s) {
        List<Character> out = new ArrayList<>(s.length());
        for (int i = 0; i < s.length(); i++) {
            out.add(s.charAt(i));
        }
        return out;
    }

    /** An upper bound of the similarity ratio: the multiset intersection of the elements. */
    private static double quickRatio(List<Character> a, List<Character> b) {
        Map<Character, Integer> counts = new HashMap<>();
        for (Character c : b) {
            counts.merge(c, 1, Integer::sum);
        }
        int matches = 0;
        for (Character c : a) {
            Integer n = counts.get(c);
            if (n != null && n > 0) {
                counts.put(c, n - 1);
                matches++;
            }
        }
        return 2.0 * matches / (a.size() + b.size());
    }

    /** An edit step: 'e'qual, 'r'eplace, 'd'elete, 'i'nsert, over {@code a[alo:ahi]} and {@code b[blo:bhi]}. */
    private record Opcode(char tag, int alo, int ahi, int blo, int bhi) {}

    /** A block {@code a[i:i+size] == b[j:j+size]}. */
    private record Block(int i, int j, int size) {}

    /** Longest-matching-block sequence matching of two sequences, with junk elements of {@code b}. */
    private static final class Matcher<T> {
        private final List<T> a;
        private final List<T> b;
        private final Map<T, List<Integer>> b2j = new HashMap<>();
        private final java.util.Set<T> junk = new java.util.HashSet<>();

        Matcher(List<T> a, List<T> b, Predicate<T> isJunk) {
            this.a = a;
            this.b = b;
            for (int j = 0; j < b.size(); j++) {
                b2j.computeIfAbsent(b.get(j), k -> new ArrayList<>()).add(j);
            }
            for (T t : new ArrayList<>(b2j.keySet())) {
                if (isJunk.test(t)) {
                    junk.add(t);
                    b2j.remove(t);
                }
            }
            int n = b.size();
            if (n >= 200) {
                int limit = n / 100 + 1;
                b2j.entrySet().removeIf(e -> e.getValue().size() > limit);
            }
        }

        private Block longest(int alo, int ahi, int blo, int bhi) {
            int besti = alo;
            int bestj = blo;
            int bestsize = 0;
            Map<Integer, Integer> j2len = new HashMap<>();
            for (int i = alo; i < ahi; i++) {
                Map<Integer, Integer> next = new HashMap<>();
                for (int j : b2j.getOrDefault(a.get(i), List.of())) {
                    if (j < blo) {
                        continue;
                    }
                    if (j >= bhi) {
                        break;
                    }
                    int k = j2len.getOrDefault(j - 1, 0) + 1;
                    next.put(j, k);
                    if (k > bestsize) {
                        besti = i - k + 1;
                        bestj = j - k + 1;
                        bestsize = k;
                    }
                }
                j2len = next;
            }
            for (boolean junkPass : new boolean[] {false, true}) {
                while (besti > alo && bestj > blo && junk.contains(b.get(bestj - 1)) == junkPass
                        && Objects.equals(a.get(besti - 1), b.get(bestj - 1))) {
                    besti--;
                    bestj--;
                    bestsize++;
                }
                while (besti + bestsize < ahi && bestj + bestsize < bhi
                        && junk.contains(b.get(bestj + bestsize)) == junkPass
                        && Objects.equals(a.get(besti + bestsize), b.get(bestj + bestsize))) {
                    bestsize++;
                }
            }
            return new Block(besti, bestj, bestsize);
        }

        List<Block> blocks() {
            List<Block> found = new ArrayList<>();
            java.util.Deque<int[]> queue = new java.util.ArrayDeque<>();
            queue.push(new int[] {0, a.size(), 0, b.size()});
            while (!queue.isEmpty()) {
                int[] q = queue.pop();
                Block x = longest(q[0], q[1], q[2], q[3]);
                if (x.size > 0) {
                    found.add(x);
                    if (q[0] < x.i && q[2] < x.j) {
                        queue.push(new int[] {q[0], x.i, q[2], x.j});
                    }
                    if (x.i + x.size < q[1] && x.j + x.size < q[3]) {
                        queue.push(new int[] {x.i + x.size, q[1], x.j + x.size, q[3]});
                    }
                }
            }
            found.sort((p, q) -> p.i != q.i ? Integer.compare(p.i, q.i) : Integer.compare(p.j, q.j));
            List<Block> merged = new ArrayList<>();
            int i1 = 0;
            int j1 = 0;
            int k1 = 0;
            for (Block x : found) {
                if (i1 + k1 == x.i && j1 + k1 == x.j) {
                    k1 += x.size;
                } else {
                    if (k1 > 0) {
                        merged.add(new Block(i1, j1, k1));
                    }
                    i1 = x.i;
                    j1 = x.j;
                    k1 = x.size;
                }
            }
            if (k1 > 0) {
                merged.add(new Block(i1, j1, k1));
            }
            merged.add(new Block(a.size(), b.size(), 0));
            return merged;
        }

        List<Opcode> opcodes() {
            List<Opcode> out = new ArrayList<>();
            int i = 0;
            int j = 0;
            for (Block x : blocks()) {
                char tag = i < x.i && j < x.j ? 'r' : i < x.i ? 'd' : j < x.j ? 'i' : 0;
                if (tag != 0) {
                    out.add(new Opcode(tag, i, x.i, j, x.j));
                }
                i = x.i + x.size;
                j = x.j + x.size;
                if (x.size > 0) {
                    out.add(new Opcode('e', x.i, i, x.j, j));
                }
            }
            return out;
        }

        double ratio() {
            int matches = 0;
            for (Block x : blocks()) {
                matches += x.size;
            }
            int total = a.size() + b.size();
            return total == 0 ? 1.0 : 2.0 * matches / total;
        }
    }
}
