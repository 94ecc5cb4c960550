package io.github.torchscript4j.checker.eval;

/** A {@code torch.device}: a type ({@code cpu}, {@code cuda}) and an index, -1 when none was given. */
public record DeviceValue(String type, int index) {
    public static final DeviceValue CPU = new DeviceValue("cpu", -1);

    /** Parses {@code cpu}, {@code cuda}, {@code cuda:1}. */
    public static DeviceValue parse(String spec) {
        int colon = spec.indexOf(':');
        if (colon < 0) {
            return new DeviceValue(spec, -1);
        }
        return new DeviceValue(spec.substring(0, colon), Integer.parseInt(spec.substring(colon + 1)));
    }

    @Override
    public String toString() {
        return index < 0 ? type : type + ":" + index;
    }
}
