package io.github.torchscript4j.checker.eval;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** A TorchScript tuple (or NamedTuple): immutable, compared element by element. */
public record Tuple(List<Object> elements) {
    public Tuple {
        elements = Collections.unmodifiableList(new ArrayList<>(elements));
    }

    public static Tuple of(Object... elements) {
        return new Tuple(java.util.Arrays.asList(elements));
    }

    public Object get(int i) {
        return elements.get(i);
    }

    public int size() {
        return elements.size();
    }
}
