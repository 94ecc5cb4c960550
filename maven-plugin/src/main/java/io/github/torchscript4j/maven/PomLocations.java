package io.github.torchscript4j.maven;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Where each {@code <model>} of a POM and its elements are, so that a problem of a model's
 * declaration points at its line ({@code pom.xml:[23,15]}), as the compiler plugin points at a
 * source line. Maven hands a Mojo its configuration without locations, so the POM is read again:
 * every {@code <model>} directly inside a {@code <models>} element, in document order, with the
 * position of each child element ({@code <inputs>}, {@code <checkInputs>}...) and the text of its
 * {@code <name>}. A model declared in a parent POM, or a POM that cannot be read, has no location.
 */
final class PomLocations {
    /** One {@code <model>}: its own position, its name, and the positions of its child elements. */
    record ModelElement(int line, int column, String name, Map<String, int[]> children) {}

    private final Path pom;
    private final List<ModelElement> models;

    private PomLocations(Path pom, List<ModelElement> models) {
        this.pom = pom;
        this.models = models;
    }

    /** The models of {@code pom}; none when it is null, missing or not well-formed XML. */
    static PomLocations read(Path pom) {
        if (pom == null || !Files.isRegularFile(pom)) {
            return new PomLocations(pom, List.of());
        }
        try {
            String text = Files.readString(pom, StandardCharsets.UTF_8);
            return new PomLocations(pom, parse(text));
        } catch (IOException | XMLStreamException | RuntimeException e) {
            return new PomLocations(pom, List.of());
        }
    }

    /**
     * Where the declaration of the {@code index}-th model named {@code name} (null when it has
     * none) is, at its element {@code child} ({@code inputs}, {@code checkInputs}...) when it has
     * one, else at the {@code <model>}: {@code path:[line,column]}.
     */
    Optional<String> locate(int index, String name, String child) {
        ModelElement found = null;
        if (name != null) {
            for (ModelElement m : models) {
                if (name.equals(m.name())) {
                    found = m;
                    break;
                }
            }
        }
        if (found == null && index >= 0 && index < models.size()) {
            found = models.get(index);
        }
        if (found == null) {
            return Optional.empty();
        }
        int[] at = child == null ? null : found.children().get(child);
        int line = at == null ? found.line() : at[0];
        int column = at == null ? found.column() : at[1];
        return Optional.of(pom + ":[" + line + "," + column + "]");
    }

    private static List<ModelElement> parse(String text) throws XMLStreamException {
        XMLInputFactory factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        XMLStreamReader r = factory.createXMLStreamReader(new StringReader(text));
        String[] lines = text.split("\n", -1);
        List<ModelElement> out = new ArrayList<>();
        Deque<String> path = new ArrayDeque<>();
        int[] model = null;
        Map<String, int[]> children = null;
        String name = null;
        StringBuilder nameText = null;
        while (r.hasNext()) {
            int event = r.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                String element = r.getLocalName();
                int[] at = start(lines, r.getLocation().getLineNumber(), element);
                if (element.equals("model") && "models".equals(path.peek())) {
                    model = at;
                    children = new LinkedHashMap<>();
                    name = null;
                } else if (model != null && "model".equals(path.peek())) {
                    children.putIfAbsent(element, at);
                    if (element.equals("name")) {
                        nameText = new StringBuilder();
                    }
                }
                path.push(element);
            } else if (event == XMLStreamConstants.CHARACTERS || event == XMLStreamConstants.CDATA) {
                if (nameText != null) {
                    nameText.append(r.getText());
                }
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                String element = path.pop();
                if (element.equals("name") && nameText != null) {
                    name = nameText.toString().strip();
                    nameText = null;
                } else if (element.equals("model") && model != null && "models".equals(path.peek())) {
                    out.add(new ModelElement(model[0], model[1], name, Map.copyOf(children)));
                    model = null;
                }
            }
        }
        return out;
    }

    /**
     * The 1-based line and column of the start tag {@code <element} that ends on {@code line} (the
     * parser reports where a start tag ends): searched back from that line.
     */
    private static int[] start(String[] lines, int line, String element) {
        for (int l = Math.min(line, lines.length); l >= 1; l--) {
            int col = lines[l - 1].lastIndexOf("<" + element);
            if (col >= 0) {
                return new int[] {l, col + 1};
            }
        }
        return new int[] {line, 1};
    }
}
