package io.github.torchscript4j.checker.builtins;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The operators TorchScript can call: every schema registered in libtorch, read from the table
 * committed as a resource of this package ({@code operator-schemas.txt}, generated from libtorch by
 * {@code scripts/regenerate-operator-schemas}; see the README next to it). The checker never loads
 * libtorch; this table is all it knows of libtorch's operators.
 *
 * <p>{@link #builtin()} reads and parses the resource once, on first use, and is then shared: the
 * table is immutable and safe to use from any thread. A line that does not parse is kept in {@link
 * #failures()} (the table's tests require there are none), never thrown.
 *
 * <p>Overloads keep the table's order, which the generator makes libtorch's registration order for
 * each operator name: the order in which TorchScript's schema matching tries them.
 */
public final class OperatorTable {
    /** The resource holding the builtin table, relative to this class. */
    public static final String RESOURCE = "operator-schemas.txt";

    /** A line of the table that is not a schema. */
    public record Failure(int lineNumber, String line, String message) {}

    private final List<String> comments;
    private final List<FunctionSchema> schemas;
    private final Map<String, List<FunctionSchema>> byName;
    private final Map<String, FunctionSchema> byNameWithOverload;
    private final List<Failure> failures;

    private OperatorTable(List<String> lines) {
        List<String> comments = new ArrayList<>();
        List<FunctionSchema> schemas = new ArrayList<>();
        Map<String, List<FunctionSchema>> byName = new LinkedHashMap<>();
        Map<String, FunctionSchema> byNameWithOverload = new LinkedHashMap<>();
        List<Failure> failures = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            if (line.startsWith("#")) {
                comments.add(line);
                continue;
            }
            SchemaParseResult result = SchemaParser.parse(line);
            if (result instanceof SchemaParseResult.Failed) {
                failures.add(new Failure(i + 1, line, result.toString()));
                continue;
            }
            FunctionSchema schema = result.schema().orElseThrow();
            if (byNameWithOverload.putIfAbsent(schema.nameWithOverload(), schema) != null) {
                failures.add(new Failure(i + 1, line, "a second schema for " + schema.nameWithOverload()));
                continue;
            }
            schemas.add(schema);
            byName.computeIfAbsent(schema.name(), name -> new ArrayList<>()).add(schema);
        }
        byName.replaceAll((name, overloads) -> List.copyOf(overloads));
        this.comments = List.copyOf(comments);
        this.schemas = List.copyOf(schemas);
        this.byName = Collections.unmodifiableMap(byName);
        this.byNameWithOverload = Collections.unmodifiableMap(byNameWithOverload);
        this.failures = List.copyOf(failures);
    }

    /** The table of libtorch's operators, from this package's resource; read on first use. */
    public static OperatorTable builtin() {
        return Builtin.TABLE;
    }

    /** A table of the given lines (schemas, {@code #} comments and blank lines), e.g. for tests. */
    public static OperatorTable of(List<String> lines) {
        return new OperatorTable(List.copyOf(lines));
    }

    /** Every schema, in the table's order. */
    public List<FunctionSchema> schemas() {
        return schemas;
    }

    /** The overloads of a qualified name ({@code aten::add}) in the table's order; empty if unknown. */
    public List<FunctionSchema> overloads(String qualifiedName) {
        return byName.getOrDefault(Objects.requireNonNull(qualifiedName), List.of());
    }

    /**
     * The schema named {@code aten::add.Tensor}, or, for the unnamed overload, {@code aten::add}.
     * (An operator name never contains a dot, so the first dot after {@code ::} starts the overload.)
     */
    public Optional<FunctionSchema> find(String nameWithOverload) {
        return Optional.ofNullable(byNameWithOverload.get(Objects.requireNonNull(nameWithOverload)));
    }

    /** The schema of {@code qualifiedName} with the overload {@code overloadName} ({@code ""} for the unnamed one). */
    public Optional<FunctionSchema> find(String qualifiedName, String overloadName) {
        return find(overloadName.isEmpty() ? qualifiedName : qualifiedName + "." + overloadName);
    }

    /** The distinct qualified operator names, in the table's order. */
    public List<String> names() {
        return List.copyOf(byName.keySet());
    }

    /** The namespaces ({@code aten}, {@code prim}, {@code quantized}, ...), sorted. */
    public SortedSet<String> namespaces() {
        SortedSet<String> namespaces = new TreeSet<>();
        for (FunctionSchema schema : schemas) {
            namespaces.add(schema.namespace());
        }
        return Collections.unmodifiableSortedSet(namespaces);
    }

    /** The table's comment lines, such as the header naming the libtorch it came from. */
    public List<String> comments() {
        return comments;
    }

    /** The lines that are not schemas (or repeat a name and overload), with why; empty for a good table. */
    public List<Failure> failures() {
        return failures;
    }

    /** Reads the builtin table when first asked for (the JVM's class initialisation makes it once, thread-safely). */
    private static final class Builtin {
        static final OperatorTable TABLE = new OperatorTable(readResource());

        private static List<String> readResource() {
            InputStream in = OperatorTable.class.getResourceAsStream(RESOURCE);
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE + " next to " + OperatorTable.class.getName());
            }
            List<String> lines = new ArrayList<>();
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    lines.add(line);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read resource " + RESOURCE, e);
            }
            return lines;
        }
    }
}
