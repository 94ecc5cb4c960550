package io.github.torchscript4j.runtime.differential;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads the differential corpus: the files {@code accepted-*.txt} and {@code rejected-*.txt} of the
 * test resource folder {@code differential/} (its {@code README.md} is the user's guide).
 *
 * <p>The format, line by line:
 *
 * <pre>
 * # lines before the first header: the file's comment
 * === NAME: COMMENT                         a program's header (": COMMENT" optional)
 * $ VAR = VALUE | LABEL =&gt; VALUE | ...      template variables, directly after the header
 * def f(x: Tensor) -&gt; Tensor:               the program, up to the next header
 *     return x ${VAR} 1
 * </pre>
 *
 * <p>A header with template variables stands for one program per combination of their values (the
 * first variable varies slowest): {@code ${VAR}} becomes the value in the program and its label in
 * the name. A value without {@code LABEL =>} is its own label, with every run of characters other
 * than letters, digits and {@code _} made one {@code _}; with a label, a value may be empty. In a
 * value, {@code \n} is a line break; values cannot contain {@code |}. Leading
 * and trailing blank lines of a program are dropped. Names are made of letters, digits, {@code _},
 * {@code .} and {@code -}, and unique in the corpus.
 *
 * <p>Malformed corpus text is a bug of the corpus: it throws {@link IllegalArgumentException} with
 * the file and line.
 */
final class Corpus {
    static final String FOLDER = "differential";

    private static final Pattern HEADER = Pattern.compile("=== ([^:\\s]+)\\s*(?::\\s*(.*))?");
    private static final Pattern VARIABLE = Pattern.compile("\\$ ([A-Za-z_][A-Za-z0-9_]*) = (.*)");
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]+");

    private Corpus() {}

    /** Every program of the corpus on the test class path, in file-name order, then file order. */
    static List<Program> load() {
        Path folder = folderOnClassPath();
        List<Path> files;
        try (Stream<Path> listing = Files.list(folder)) {
            files = listing.filter(Corpus::isCorpusFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Program> programs = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (Path file : files) {
            String fileName = file.getFileName().toString();
            Program.Intent intent = fileName.startsWith("accepted-") ? Program.Intent.ACCEPTED : Program.Intent.REJECTED;
            String text;
            try {
                text = Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            for (Program program : parse(fileName, text, intent)) {
                if (!names.add(program.name())) {
                    throw new IllegalArgumentException(program.origin() + ": duplicate program name " + program.name());
                }
                programs.add(program);
            }
        }
        return programs;
    }

    static boolean isCorpusFile(Path file) {
        String name = file.getFileName().toString();
        return (name.startsWith("accepted-") || name.startsWith("rejected-")) && name.endsWith(".txt");
    }

    /** The corpus folder of the test class path (a directory: tests run from {@code target/test-classes}). */
    static Path folderOnClassPath() {
        URL url = Corpus.class.getResource("/" + FOLDER + "/");
        if (url == null || !"file".equals(url.getProtocol())) {
            throw new IllegalStateException("the test resource folder " + FOLDER + "/ is not a directory on the class path: " + url);
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The programs of one corpus file. */
    static List<Program> parse(String fileName, String text, Program.Intent intent) {
        List<String> lines = text.lines().toList();
        List<Program> programs = new ArrayList<>();
        int i = 0;
        while (i < lines.size() && !lines.get(i).startsWith("===")) {
            i++;
        }
        while (i < lines.size()) {
            int headerLine = i + 1;
            String origin = fileName + ":" + headerLine;
            Matcher header = HEADER.matcher(lines.get(i));
            if (!header.matches()) {
                throw new IllegalArgumentException(origin + ": expected '=== NAME: COMMENT', found: " + lines.get(i));
            }
            String name = header.group(1);
            String comment = header.group(2) == null ? "" : header.group(2).strip();
            i++;
            Map<String, List<String[]>> variables = new LinkedHashMap<>();
            while (i < lines.size() && lines.get(i).startsWith("$ ")) {
                Matcher variable = VARIABLE.matcher(lines.get(i));
                if (!variable.matches()) {
                    throw new IllegalArgumentException(fileName + ":" + (i + 1) + ": expected '$ VAR = VALUE | ...', found: " + lines.get(i));
                }
                variables.put(variable.group(1), values(fileName + ":" + (i + 1), variable.group(2)));
                i++;
            }
            int bodyStart = i;
            while (i < lines.size() && !lines.get(i).startsWith("===")) {
                i++;
            }
            String body = body(lines.subList(bodyStart, i));
            if (body.isEmpty()) {
                throw new IllegalArgumentException(origin + ": program " + name + " is empty");
            }
            for (Map<String, String[]> binding : combinations(variables)) {
                String programName = substitute(origin, name, binding, 0);
                if (!NAME.matcher(programName).matches()) {
                    throw new IllegalArgumentException(origin + ": bad program name " + programName);
                }
                programs.add(new Program(programName, substitute(origin, comment, binding, 1),
                        substitute(origin, body, binding, 1), intent, origin));
            }
        }
        return programs;
    }

    /** A template variable's values, each {@code {label, text}}. */
    private static List<String[]> values(String origin, String list) {
        List<String[]> values = new ArrayList<>();
        for (String item : list.split("\\|", -1)) {
            String value = item.strip();
            String label;
            int arrow = value.indexOf("=>");
            if (arrow >= 0) {
                label = value.substring(0, arrow).strip();
                value = value.substring(arrow + 2).strip();
            } else {
                label = value.replaceAll("[^A-Za-z0-9_]+", "_").replaceAll("^_+|_+$", "");
            }
            if (label.isEmpty()) {
                throw new IllegalArgumentException(origin + ": no label for '" + item + "' (write LABEL => VALUE)");
            }
            values.add(new String[] {label, value.replace("\\n", "\n")});
        }
        return values;
    }

    private static List<Map<String, String[]>> combinations(Map<String, List<String[]>> variables) {
        List<Map<String, String[]>> result = new ArrayList<>();
        result.add(new LinkedHashMap<>());
        for (Map.Entry<String, List<String[]>> variable : variables.entrySet()) {
            List<Map<String, String[]>> next = new ArrayList<>();
            for (Map<String, String[]> partial : result) {
                for (String[] value : variable.getValue()) {
                    Map<String, String[]> binding = new LinkedHashMap<>(partial);
                    binding.put(variable.getKey(), value);
                    next.add(binding);
                }
            }
            result = next;
        }
        return result;
    }

    /** Replaces every {@code ${VAR}} by the value's label ({@code which} 0) or text (1). */
    private static String substitute(String origin, String text, Map<String, String[]> binding, int which) {
        Matcher reference = REFERENCE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (reference.find()) {
            String[] value = binding.get(reference.group(1));
            if (value == null) {
                throw new IllegalArgumentException(origin + ": undefined template variable " + reference.group());
            }
            reference.appendReplacement(out, Matcher.quoteReplacement(value[which]));
        }
        reference.appendTail(out);
        return out.toString();
    }

    /** The program lines without leading and trailing blank lines, each ended by a newline. */
    private static String body(List<String> lines) {
        int start = 0;
        int end = lines.size();
        while (start < end && lines.get(start).isBlank()) {
            start++;
        }
        while (end > start && lines.get(end - 1).isBlank()) {
            end--;
        }
        StringBuilder out = new StringBuilder();
        for (String line : lines.subList(start, end)) {
            out.append(line).append('\n');
        }
        return out.toString();
    }
}
