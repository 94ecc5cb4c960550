package io.github.torchscript4j.maven;

import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.github.torchscript4j.checker.syntax.ParseResult;
import io.github.torchscript4j.checker.syntax.Parser;
import io.github.torchscript4j.checker.syntax.SourceDecoder;
import io.github.torchscript4j.checker.syntax.ast.Stmt;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks the {@code <models>} of the plugin's configuration ({@link Model}) and resolves them: the
 * source found under a source directory and parsed, the entry found in it, the input shorthands
 * parsed ({@link InputSpec}). Every problem of every declaration is reported, each naming the model
 * and the bad value: {@code model 'net': inputs: unknown dtype 'flaot32' in 'flaot32[3]' ...}.
 */
final class ModelDeclarations {
    /** The modes of a model: {@code torch.jit.script} or {@code torch.jit.trace}. */
    enum Mode {
        SCRIPT, TRACE
    }

    /** What the entry names in its source. */
    enum EntryKind {
        FUNCTION, CLASS
    }

    /**
     * A checked declaration.
     *
     * @param name the model's name
     * @param file the source file, absolute
     * @param source the bytes of the source, as read once for the checks
     * @param entry the function or class
     * @param entryKind what {@code entry} is
     * @param mode script or trace
     * @param inputs the example inputs
     * @param checkInputs the check inputs, one list per check
     * @param checkTexts the check inputs as written, for messages and reports
     * @param seed the seed of the inputs' values
     * @param tolerance the relative tolerance of output comparisons
     * @param device the device of the inputs
     * @param args the constructor's keyword arguments as written (a JSON object; {@code "{}"} when none)
     * @param weights the weights file as written (relative to the project), or null
     * @param classifier the classifier of the packaged archive (default: the name)
     */
    record Declared(String name, Path file, byte[] source, String entry, EntryKind entryKind, Mode mode,
            List<InputSpec> inputs, List<List<InputSpec>> checkInputs, List<String> checkTexts, long seed,
            double tolerance, String device, String args, String weights, String classifier) {
        /** Whether {@code trace-check} traces the model: it is traced, or has check inputs. */
        boolean traced() {
            return mode == Mode.TRACE || !checkInputs.isEmpty();
        }
    }

    /** The declarations, or every problem found in them. */
    record Result(List<Declared> models, List<String> problems) {}

    static final double DEFAULT_TOLERANCE = 1e-5;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]*");
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern DEVICE = Pattern.compile("cpu|cuda(:\\d+)?");

    private ModelDeclarations() {}

    /**
     * Checks {@code models} ({@code null} is none); {@code roots} are the source directories,
     * searched in order for each model's {@code source}.
     */
    static Result check(List<Model> models, List<Path> roots) {
        return check(models, roots, PomLocations.read(null));
    }

    /** The problems of one model, each with the element of its declaration it is about ({@code null}: the {@code <model>}). */
    private static final class Problems {
        record Problem(String element, String text) {}

        final List<Problem> list = new ArrayList<>();

        void add(String element, String text) {
            list.add(new Problem(element, text));
        }

        boolean isEmpty() {
            return list.isEmpty();
        }
    }

    /**
     * As {@link #check(List, List)}, each problem located in the POM ({@code pom.xml:[line,col]
     * model 'net': ...}) where {@code pom} declares the model.
     */
    static Result check(List<Model> models, List<Path> roots, PomLocations pom) {
        List<Declared> declared = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        Set<String> names = new HashSet<>();
        if (models == null) {
            return new Result(declared, problems);
        }
        for (int i = 0; i < models.size(); i++) {
            Model m = models.get(i);
            String label = m.name == null || m.name.isBlank() ? "model #" + (i + 1) : "model '" + m.name.strip() + "'";
            Problems mine = new Problems();
            Declared d = check(m, roots, mine);
            if (d != null && !names.add(d.name())) {
                mine.add("name", "name '" + d.name() + "' is declared twice (report files are named after it)");
            }
            int index = i;
            for (Problems.Problem p : mine.list) {
                String at = pom.locate(index, strip(m.name), p.element()).map(l -> l + " ").orElse("");
                problems.add(at + label + ": " + p.text());
            }
            if (mine.isEmpty()) {
                declared.add(d);
            }
        }
        return new Result(declared, problems);
    }

    private static Declared check(Model m, List<Path> roots, Problems problems) {
        String name = strip(m.name);
        if (name == null) {
            problems.add(null, "<name> is missing");
        } else if (!NAME.matcher(name).matches()) {
            problems.add("name", "bad name '" + name + "': use letters, digits, '_', '-' and '.' (it names the report file)");
        }
        Mode mode = Mode.SCRIPT;
        String modeText = strip(m.mode);
        if (modeText != null) {
            switch (modeText) {
                case "script" -> mode = Mode.SCRIPT;
                case "trace" -> mode = Mode.TRACE;
                default -> problems.add("mode", "bad mode '" + modeText + "': expected script or trace");
            }
        }
        List<InputSpec> inputs = List.of();
        try {
            inputs = InputSpec.parseList(m.inputs);
        } catch (InputSpec.SyntaxException e) {
            problems.add("inputs", "inputs: " + e.getMessage());
        }
        List<List<InputSpec>> checks = new ArrayList<>();
        List<String> checkTexts = new ArrayList<>();
        List<String> declaredChecks = m.checkInputs == null ? List.of() : m.checkInputs;
        for (int k = 0; k < declaredChecks.size(); k++) {
            String text = declaredChecks.get(k) == null ? "" : declaredChecks.get(k).strip();
            try {
                checks.add(InputSpec.parseList(text));
                checkTexts.add(text);
            } catch (InputSpec.SyntaxException e) {
                problems.add("checkInputs", "checkInputs #" + (k + 1) + ": " + e.getMessage());
            }
        }
        if ((mode == Mode.TRACE || !declaredChecks.isEmpty()) && strip(m.inputs) == null) {
            problems.add(null, "<inputs> is missing: a traced model, or one with check inputs, needs example inputs");
        }
        double tolerance = m.tolerance == null ? DEFAULT_TOLERANCE : m.tolerance;
        if (!(tolerance > 0) || Double.isInfinite(tolerance)) {
            problems.add("tolerance", "bad tolerance '" + m.tolerance + "': a positive number, such as 1e-5");
        }
        String device = strip(m.device) == null ? "cpu" : strip(m.device);
        if (!DEVICE.matcher(device).matches()) {
            problems.add("device", "unknown device '" + device + "': expected cpu, cuda or cuda:N");
        }
        String args = strip(m.args) == null ? "{}" : strip(m.args);
        try {
            JsonElement parsed = JsonParser.parseString(args);
            if (!parsed.isJsonObject()) {
                problems.add("args", "bad args '" + args + "': a JSON object of keyword arguments, such as {\"N\": 3}");
            }
        } catch (JsonParseException e) {
            problems.add("args", "args are not JSON: " + e.getMessage() + " in '" + args + "'");
        }
        String classifier = strip(m.classifier) == null ? strip(m.name) : strip(m.classifier);
        if (strip(m.classifier) != null && !NAME.matcher(classifier).matches()) {
            problems.add("classifier", "bad classifier '" + classifier + "': use letters, digits, '_', '-' and '.'");
        }
        String entry = strip(m.entry);
        if (entry == null) {
            problems.add(null, "<entry> is missing: name the model's function or class in its source");
        } else if (!IDENTIFIER.matcher(entry).matches()) {
            problems.add("entry", "bad entry '" + entry + "': a function or class name");
        }
        Path file = null;
        byte[] bytes = null;
        EntryKind kind = null;
        String source = strip(m.source);
        if (source == null) {
            problems.add(null, "<source> is missing: the .py file, relative to a source directory");
        } else {
            file = find(source, roots);
            if (file == null) {
                problems.add("source", "source '" + source + "' is not in " + (roots.size() == 1 ? roots.get(0) : roots));
            } else {
                try {
                    bytes = Files.readAllBytes(file);
                } catch (IOException e) {
                    problems.add("source", "source '" + source + "' cannot be read: " + e.getMessage());
                }
            }
        }
        if (bytes != null && entry != null && IDENTIFIER.matcher(entry).matches()) {
            kind = entryKind(file, bytes, entry, problems);
        }
        if (!problems.isEmpty()) {
            return null;
        }
        return new Declared(name, file, bytes, entry, kind, mode, List.copyOf(inputs), List.copyOf(checks),
                List.copyOf(checkTexts), m.seed == null ? 0 : m.seed, tolerance, device, args, strip(m.weights),
                classifier);
    }

    /** The first root that has {@code source} as a regular file, or null. */
    private static Path find(String source, List<Path> roots) {
        for (Path root : roots) {
            try {
                Path p = root.resolve(source).normalize();
                if (p.startsWith(root) && Files.isRegularFile(p)) {
                    return p;
                }
            } catch (InvalidPathException e) {
                return null;
            }
        }
        return null;
    }

    /** Whether {@code entry} is a module-level function or class of the source; null (and a problem) if neither. */
    private static EntryKind entryKind(Path file, byte[] bytes, String entry, Problems problems) {
        ParseResult parsed = Parser.parse(SourceDecoder.decode(file.toString(), bytes));
        if (parsed.primaryError().isPresent()) {
            var e = parsed.primaryError().get();
            problems.add("source", "source does not parse: " + MavenMessages.location(e.range()) + " " + e.message());
            return null;
        }
        List<String> names = new ArrayList<>();
        for (Stmt s : parsed.module().body()) {
            if (s instanceof Stmt.FunctionDef f) {
                if (f.name().equals(entry)) {
                    return EntryKind.FUNCTION;
                }
                names.add(f.name());
            } else if (s instanceof Stmt.ClassDef c) {
                if (c.name().equals(entry)) {
                    return EntryKind.CLASS;
                }
                names.add(c.name());
            }
        }
        problems.add("entry", "entry '" + entry + "' is not a module-level function or class of " + file
                + (names.isEmpty() ? " (it has none)" : " (it has " + String.join(", ", names) + ")"));
        return null;
    }

    private static String strip(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
