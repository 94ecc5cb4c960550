package io.github.torchscript4j.checker.syntax.robustness;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Mutates real Python snippets ({@link Snippets}) -- deleting, duplicating and swapping runs of
 * tokens, cutting the file at a random point, inserting random characters (also in the middle of
 * a UTF-8 sequence) -- and checks {@link ParseInvariants} on the result. Mutants stay close to
 * valid code, so they reach deep into the parser's recovery paths that token soup rarely hits.
 *
 * <p>It does not check which errors are reported. Tries are kept low (and seeds fixed) for the
 * normal build; widen the search with {@code -Dtorchscript4j.fuzz.scale=N} and
 * {@code -Dtorchscript4j.fuzz.seed=random} (see {@link Fuzz}).
 */
class MutatedSnippetFuzzTest {

    /** One edit; its numbers are reduced modulo the size of what it edits. */
    enum Kind { DELETE_RUN, DUPLICATE_RUN, SWAP_RUNS, CUT, INSERT_CHAR, DELETE_BYTE }

    record Mutation(Kind kind, int a, int b, int length, String text) {
        @Override
        public String toString() {
            return kind + "(" + a + "," + b + "," + length + ",'" + text.replace("\n", "\\n") + "')";
        }
    }

    static final List<String> INSERTS = List.of(
            "(", ")", "[", "]", "{", "}", ":", "'", "\"", "'''", "\"\"\"", "\\", "\n", "\r", "\r\n",
            "\t", "\f", "\0", " ", "    ", "#", "@", "=", ",", ".", "*", "**", "->", ":=", "f'{",
            "}", "lambda", "yield", "await", "async", "not", "if", "else", "def", "class", "match",
            "case", "\u00e9", "\u4e2d", "\ud83d\ude00", "\ufeff", "\u2028", "\u00a0", "$", "?", "!",
            "0x", "1e", "1_", "0b", "j");

    static Mutation mutation(Random r) {
        return new Mutation(Fuzz.pick(r, List.of(Kind.values())), r.nextInt(100_001), r.nextInt(100_001),
                1 + r.nextInt(8), Fuzz.pick(r, INSERTS));
    }

    /** A random snippet with one to four random mutations applied. */
    static byte[] mutant(Random r) {
        byte[] bytes = Fuzz.pick(r, Snippets.ALL).bytes();
        int n = 1 + r.nextInt(4);
        for (int i = 0; i < n; i++) {
            bytes = apply(bytes, mutation(r));
        }
        return bytes;
    }

    @Test
    void mutatedSnippetsNeverBreakTheParser() {
        Fuzz.check("mutatedSnippets", 500, MutatedSnippetFuzzTest::mutant, ParseInvariants::checkBytes, Fuzz.BYTES,
                Fuzz::javaBytes);
    }

    /** Every snippet is valid Python: it must parse without an error, and keep the invariants. */
    @Test
    void everySnippetParsesWithoutErrors() {
        for (Snippets.Snippet s : Snippets.ALL) {
            ParseInvariants.Outcome outcome = ParseInvariants.checkBytes(s.bytes());
            assertFalse(outcome.hasErrors(), () -> s.name() + ": " + outcome.result().diagnostics());
        }
    }

    /** Every prefix of every snippet (cut at each line end and at a few points inside lines). */
    @Test
    void everyLinePrefixOfEverySnippetKeepsTheInvariants() {
        for (Snippets.Snippet s : Snippets.ALL) {
            byte[] b = s.bytes();
            for (int i = 0; i < b.length; i++) {
                if (b[i] == '\n' || i % 17 == 0) {
                    ParseInvariants.checkBytes(Arrays.copyOf(b, i));
                }
            }
        }
    }

    static byte[] apply(byte[] bytes, Mutation m) {
        List<int[]> runs = runs(bytes);
        switch (m.kind()) {
            case DELETE_RUN: {
                if (runs.isEmpty()) {
                    return bytes;
                }
                int[] span = span(runs, m.a(), m.length());
                return concat(slice(bytes, 0, span[0]), slice(bytes, span[1], bytes.length));
            }
            case DUPLICATE_RUN: {
                if (runs.isEmpty()) {
                    return bytes;
                }
                int[] span = span(runs, m.a(), m.length());
                return concat(slice(bytes, 0, span[1]), slice(bytes, span[0], bytes.length));
            }
            case SWAP_RUNS: {
                if (runs.size() < 2) {
                    return bytes;
                }
                int[] x = span(runs, m.a(), m.length());
                int[] y = span(runs, m.b(), 1);
                if (y[0] < x[0]) {
                    int[] t = x;
                    x = y;
                    y = t;
                }
                if (x[1] > y[0]) {
                    return bytes; // overlapping
                }
                return concat(slice(bytes, 0, x[0]), slice(bytes, y[0], y[1]), slice(bytes, x[1], y[0]),
                        slice(bytes, x[0], x[1]), slice(bytes, y[1], bytes.length));
            }
            case CUT:
                return slice(bytes, 0, bytes.length == 0 ? 0 : m.a() % (bytes.length + 1));
            case INSERT_CHAR: {
                int at = m.a() % (bytes.length + 1);
                byte[] ins = m.text().getBytes(StandardCharsets.UTF_8);
                return concat(slice(bytes, 0, at), ins, slice(bytes, at, bytes.length));
            }
            case DELETE_BYTE: {
                if (bytes.length == 0) {
                    return bytes;
                }
                int at = m.a() % bytes.length;
                return concat(slice(bytes, 0, at), slice(bytes, at + 1, bytes.length));
            }
            default:
                throw new AssertionError(m);
        }
    }

    /** The byte span {@code [start, end)} of {@code count} runs starting at run {@code index}. */
    private static int[] span(List<int[]> runs, int index, int count) {
        int first = index % runs.size();
        int last = Math.min(runs.size() - 1, first + count - 1);
        return new int[] {runs.get(first)[0], runs.get(last)[1]};
    }

    /**
     * Splits bytes into rough token runs: identifier/number characters (and any non-ASCII byte),
     * blanks, a line end, one quote or one other punctuation byte. Crude on purpose: it must not
     * depend on the lexer under test.
     */
    static List<int[]> runs(byte[] b) {
        List<int[]> runs = new ArrayList<>();
        int i = 0;
        while (i < b.length) {
            int start = i;
            int cls = classOf(b[i]);
            i++;
            if (cls == 0 || cls == 1) {
                while (i < b.length && classOf(b[i]) == cls) {
                    i++;
                }
            }
            runs.add(new int[] {start, i});
        }
        return runs;
    }

    private static int classOf(byte c) {
        if (c < 0 || Character.isLetterOrDigit(c) || c == '_') {
            return 0;
        }
        if (c == ' ' || c == '\t') {
            return 1;
        }
        return 2;
    }

    private static byte[] slice(byte[] b, int from, int to) {
        return Arrays.copyOfRange(b, from, to);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
