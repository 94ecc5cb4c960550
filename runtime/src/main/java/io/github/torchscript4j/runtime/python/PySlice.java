package io.github.torchscript4j.runtime.python;

/**
 * A Python {@code slice(start, stop, step)} (each bound {@code null} when absent, a {@code Long}
 * otherwise, or any value the host accepts), as {@code a[1:2]} passes it; {@link #ELLIPSIS} is
 * Python's {@code ...}.
 */
public record PySlice(Object start, Object stop, Object step) {
    /** Python's {@code Ellipsis} ({@code ...}). */
    public static final Object ELLIPSIS = new Object() {
        @Override
        public String toString() {
            return "Ellipsis";
        }
    };
}
