package io.github.torchscript4j.maven;

import io.github.torchscript4j.checker.source.Code;
import io.github.torchscript4j.checker.source.Diagnostic;
import io.github.torchscript4j.checker.source.Severity;
import io.github.torchscript4j.checker.source.SourceRange;
import io.github.torchscript4j.maven.Compilation.FileResult;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The diagnostics of a {@code compile} as a SARIF 2.1.0 log, the format code-scanning tools
 * (GitHub code scanning, IDE SARIF viewers) read.
 *
 * <p>One run: {@code tool.driver} is {@code TorchScript4J} with the plugin's version and one rule
 * per diagnostic code it reported ({@code id} the code, such as {@code TS0101}, {@code name} and
 * {@code shortDescription} from the code's name); one result per diagnostic, with its {@code
 * ruleId}, {@code level} ({@code error}, {@code warning}, {@code note}), {@code message.text}, one
 * {@code physicalLocation} and, for the checker's related information, {@code relatedLocations}.
 * An artifact's {@code uri} is relative to the project's folder, under {@code uriBaseId} {@code
 * %SRCROOT%} (which {@code originalUriBaseIds} maps to that folder), so the report means the same
 * in any checkout; a file outside the project gets its absolute {@code file:} URI. Regions are the
 * checker's: 1-based lines and columns, columns in UTF-16 code units (SARIF's default {@code
 * columnKind}, stated in the run), {@code endColumn} just past the last character.
 *
 * <p>The report lists the diagnostics of every source of the build, including those an
 * incremental build did not check again: such a source is up to date only when its last check
 * reported nothing ({@link BuildState}), so it contributes no result either way, and the report
 * of an unchanged rebuild is the report of the build before it. Functions the IR emitter does not
 * lower yet are limits of this tool, not problems of the code: they are logged, not reported here.
 */
final class SarifReport {
    static final String SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";
    static final String VERSION = "2.1.0";
    static final String TOOL_NAME = "TorchScript4J";
    static final String SRCROOT = "%SRCROOT%";

    private SarifReport() {}

    /**
     * The SARIF text of a build's results.
     *
     * @param basedir the project's folder, which artifact URIs are relative to
     * @param toolVersion the plugin's version, or null when unknown (then left out)
     */
    static String render(List<FileResult> results, Path basedir, String toolVersion) {
        Path base = basedir.toAbsolutePath().normalize();
        Map<String, Code> rules = new TreeMap<>();
        for (FileResult r : results) {
            for (Diagnostic d : r.diagnostics()) {
                rules.put(d.code().id(), d.code());
            }
        }
        List<String> ruleIds = List.copyOf(rules.keySet());

        List<Object> sarifResults = new ArrayList<>();
        for (FileResult r : results) {
            for (Diagnostic d : r.diagnostics()) {
                Map<String, Object> result = object();
                result.put("ruleId", d.code().id());
                result.put("ruleIndex", ruleIds.indexOf(d.code().id()));
                result.put("level", level(d.severity()));
                result.put("message", text(d.message()));
                Map<String, Object> location = object();
                location.put("physicalLocation", physicalLocation(d.range(), base));
                result.put("locations", List.of(location));
                if (!d.related().isEmpty()) {
                    List<Object> related = new ArrayList<>();
                    for (Diagnostic.Related rel : d.related()) {
                        Map<String, Object> l = object();
                        l.put("id", related.size() + 1);
                        l.put("physicalLocation", physicalLocation(rel.range(), base));
                        l.put("message", text(rel.message()));
                        related.add(l);
                    }
                    result.put("relatedLocations", related);
                }
                sarifResults.add(result);
            }
        }

        List<Object> ruleObjects = new ArrayList<>();
        for (Code code : rules.values()) {
            Map<String, Object> rule = object();
            rule.put("id", code.id());
            rule.put("name", ruleName(code));
            rule.put("shortDescription", text(shortDescription(code)));
            ruleObjects.add(rule);
        }
        Map<String, Object> driver = object();
        driver.put("name", TOOL_NAME);
        if (toolVersion != null && !toolVersion.isBlank()) {
            driver.put("version", toolVersion);
        }
        driver.put("rules", ruleObjects);
        Map<String, Object> srcroot = object();
        srcroot.put("uri", directoryUri(base));
        Map<String, Object> run = object();
        run.put("tool", Map.of("driver", driver));
        run.put("originalUriBaseIds", Map.of(SRCROOT, srcroot));
        run.put("columnKind", "utf16CodeUnits");
        run.put("results", sarifResults);
        Map<String, Object> log = object();
        log.put("$schema", SCHEMA);
        log.put("version", VERSION);
        log.put("runs", List.of(run));
        StringBuilder b = new StringBuilder();
        Json.write(log, b, 0);
        return b.append('\n').toString();
    }

    /** Writes the report (through a temporary file and a rename, so a reader never sees half of it). */
    static void write(Path file, List<FileResult> results, Path basedir, String toolVersion) throws IOException {
        Path target = file.toAbsolutePath();
        Files.createDirectories(target.getParent());
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.writeString(tmp, render(results, basedir, toolVersion), StandardCharsets.UTF_8);
        try {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** SARIF's level of a severity. */
    static String level(Severity severity) {
        return switch (severity) {
            case ERROR -> "error";
            case WARNING -> "warning";
            case INFO -> "note";
        };
    }

    /** {@code UNDEFINED_VALUE} as {@code UndefinedValue}. */
    static String ruleName(Code code) {
        StringBuilder b = new StringBuilder();
        for (String word : code.name().split("_")) {
            if (!word.isEmpty()) {
                b.append(word.charAt(0)).append(word.substring(1).toLowerCase(Locale.ROOT));
            }
        }
        return b.toString();
    }

    /** {@code UNDEFINED_VALUE} as {@code Undefined value}. */
    static String shortDescription(Code code) {
        String words = code.name().toLowerCase(Locale.ROOT).replace('_', ' ');
        return Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }

    private static Map<String, Object> physicalLocation(SourceRange range, Path base) {
        Map<String, Object> artifact = object();
        String path = range.file().path();
        Path file = null;
        try {
            file = Path.of(path).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            // not a file path: kept as given below
        }
        if (file != null && file.startsWith(base) && !file.equals(base)) {
            artifact.put("uri", relativeUri(base.relativize(file)));
            artifact.put("uriBaseId", SRCROOT);
        } else if (file != null) {
            artifact.put("uri", file.toUri().toString());
        } else {
            artifact.put("uri", relativeUri(path));
        }
        Map<String, Object> region = object();
        region.put("startLine", range.startLine());
        region.put("startColumn", range.startColumn());
        region.put("endLine", range.endLine());
        region.put("endColumn", range.endColumn());
        Map<String, Object> physical = object();
        physical.put("artifactLocation", artifact);
        physical.put("region", region);
        return physical;
    }

    /** A relative path as a relative URI reference: {@code /} separators, reserved characters escaped. */
    private static String relativeUri(Path relative) {
        List<String> names = new ArrayList<>();
        relative.forEach(n -> names.add(n.toString()));
        return relativeUri(String.join("/", names));
    }

    private static String relativeUri(String path) {
        try {
            // A first segment holding a ':' would read as a scheme: "./" keeps it a path.
            int slash = path.indexOf('/');
            String first = slash < 0 ? path : path.substring(0, slash);
            String p = first.indexOf(':') >= 0 ? "./" + path : path;
            return new URI(null, null, p, null).toASCIIString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot make a URI of " + path, e);
        }
    }

    private static String directoryUri(Path dir) {
        String uri = dir.toUri().toString();
        return uri.endsWith("/") ? uri : uri + "/";
    }

    private static Map<String, Object> text(String text) {
        Map<String, Object> m = object();
        m.put("text", text);
        return m;
    }

    private static Map<String, Object> object() {
        return new LinkedHashMap<>();
    }

    /**
     * A JSON writer for what {@link SarifReport} builds: maps (objects, keys in their order), lists,
     * strings, integers and booleans, indented by two spaces. Strings are escaped as RFC 8259 says:
     * quotes, backslashes and control characters, and lone UTF-16 surrogates (which UTF-8 cannot
     * carry) as {@code \}{@code uXXXX}.
     */
    static final class Json {
        private Json() {}

        static void write(Object value, StringBuilder b, int indent) {
            if (value instanceof Map<?, ?> map) {
                if (map.isEmpty()) {
                    b.append("{}");
                    return;
                }
                b.append('{');
                boolean first = true;
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    b.append(first ? "\n" : ",\n");
                    first = false;
                    pad(b, indent + 1);
                    string(String.valueOf(e.getKey()), b);
                    b.append(": ");
                    write(e.getValue(), b, indent + 1);
                }
                b.append('\n');
                pad(b, indent);
                b.append('}');
            } else if (value instanceof List<?> list) {
                if (list.isEmpty()) {
                    b.append("[]");
                    return;
                }
                b.append('[');
                boolean first = true;
                for (Object item : list) {
                    b.append(first ? "\n" : ",\n");
                    first = false;
                    pad(b, indent + 1);
                    write(item, b, indent + 1);
                }
                b.append('\n');
                pad(b, indent);
                b.append(']');
            } else if (value instanceof String s) {
                string(s, b);
            } else if (value instanceof Integer || value instanceof Long || value instanceof Boolean) {
                b.append(value);
            } else {
                throw new IllegalArgumentException("not a JSON value of the report: " + value);
            }
        }

        static void string(String s, StringBuilder b) {
            b.append('"');
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                switch (c) {
                    case '"' -> b.append("\\\"");
                    case '\\' -> b.append("\\\\");
                    case '\n' -> b.append("\\n");
                    case '\r' -> b.append("\\r");
                    case '\t' -> b.append("\\t");
                    case '\b' -> b.append("\\b");
                    case '\f' -> b.append("\\f");
                    default -> {
                        boolean lone = Character.isHighSurrogate(c)
                                ? i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))
                                : Character.isLowSurrogate(c)
                                        && (i == 0 || !Character.isHighSurrogate(s.charAt(i - 1)));
                        if (c < 0x20 || lone) {
                            b.append(String.format("\\u%04x", (int) c));
                        } else {
                            b.append(c);
                        }
                    }
                }
            }
            b.append('"');
        }

        private static void pad(StringBuilder b, int indent) {
            b.append("  ".repeat(indent));
        }
    }
}
