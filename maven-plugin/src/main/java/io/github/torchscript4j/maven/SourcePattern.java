package io.github.torchscript4j.maven;

import java.util.ArrayList;
import java.util.List;

/**
 * One {@code <include>} or {@code <exclude>} pattern, with the Ant semantics every Maven plugin
 * uses for them (the compiler plugin, antlr4, the resources plugin): paths relative to a source
 * directory, {@code /} between segments, {@code *} for any characters within a segment, {@code ?}
 * for one character, and {@code **} for zero or more whole segments. A pattern that ends with
 * {@code /} ends with an implicit {@code **} ({@code tests/} means everything under {@code
 * tests}). Backslashes are read as {@code /}, so patterns written on Windows work everywhere.
 *
 * <p>Matching is case-sensitive, as on the file systems Maven builds run on. This class does not
 * touch the file system; {@link SourceScanner} walks the folders.
 */
final class SourcePattern {
    private final String text;
    private final List<String> segments;

    private SourcePattern(String text, List<String> segments) {
        this.text = text;
        this.segments = segments;
    }

    /** Parses a pattern; never fails (an empty pattern matches nothing but the empty path). */
    static SourcePattern of(String pattern) {
        String p = pattern.trim().replace('\\', '/');
        if (p.endsWith("/")) {
            p = p + "**";
        }
        List<String> segments = new ArrayList<>();
        for (String s : p.split("/")) {
            if (s.isEmpty()) {
                continue; // leading "/", "a//b"
            }
            // "a/**/**/b" means the same as "a/**/b"; collapsing keeps matching linear.
            if (s.equals("**") && !segments.isEmpty() && segments.get(segments.size() - 1).equals("**")) {
                continue;
            }
            segments.add(s);
        }
        return new SourcePattern(pattern, List.copyOf(segments));
    }

    /** Whether {@code relativePath} (segments separated by {@code /}) matches. */
    boolean matches(String relativePath) {
        List<String> path = new ArrayList<>();
        for (String s : relativePath.split("/")) {
            if (!s.isEmpty()) {
                path.add(s);
            }
        }
        return matches(0, path, 0);
    }

    private boolean matches(int si, List<String> path, int pi) {
        while (si < segments.size()) {
            String s = segments.get(si);
            if (s.equals("**")) {
                // Zero or more whole segments: try every suffix of the path.
                for (int skip = pi; skip <= path.size(); skip++) {
                    if (matches(si + 1, path, skip)) {
                        return true;
                    }
                }
                return false;
            }
            if (pi == path.size() || !segmentMatches(s, path.get(pi))) {
                return false;
            }
            si++;
            pi++;
        }
        return pi == path.size();
    }

    /** {@code *} and {@code ?} within one segment, by the classic two-pointer walk with backtracking. */
    static boolean segmentMatches(String pattern, String name) {
        int p = 0;
        int n = 0;
        int star = -1;
        int afterStar = 0;
        while (n < name.length()) {
            if (p < pattern.length() && (pattern.charAt(p) == '?' || pattern.charAt(p) == name.charAt(n))) {
                p++;
                n++;
            } else if (p < pattern.length() && pattern.charAt(p) == '*') {
                star = p++;
                afterStar = n;
            } else if (star >= 0) {
                p = star + 1;
                n = ++afterStar;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }

    @Override
    public String toString() {
        return text;
    }
}
