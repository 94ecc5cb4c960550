package io.github.torchscript4j.checker.syntax.robustness;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A small property-testing harness on plain JUnit 5: runs a property over many randomly
 * generated inputs and, when one fails, shrinks it (by deleting chunks) to a small input that
 * still fails the same way, and reports both with the seed that reproduces them.
 *
 * <p>Runs are deterministic: each property has a fixed seed (derived from its name), so the
 * normal build always tries the same inputs. Two system properties widen the search:
 *
 * <ul>
 *   <li>{@code torchscript4j.fuzz.scale} (a positive integer, default 1) multiplies every
 *       property's number of tries;
 *   <li>{@code torchscript4j.fuzz.seed} (a number, or {@code random}) replaces the fixed seeds.
 * </ul>
 *
 * <pre>mvn -pl checker test -Dtest='*FuzzTest' -Dtorchscript4j.fuzz.scale=50 -Dtorchscript4j.fuzz.seed=random</pre>
 *
 * <p>It generates nothing itself: generators are plain {@code Random -> T} functions. Public so
 * that the checker's robustness tests ({@code semantics.robustness}) share it.
 */
public final class Fuzz {
    private Fuzz() {}

    /** Makes smaller variants of a failing input, most aggressive first. */
    public interface Shrinker<T> {
        List<T> smaller(T value);
    }

    /** Multiplier of every property's tries ({@code -Dtorchscript4j.fuzz.scale}). */
    public static int scale() {
        try {
            return Math.max(1, Integer.parseInt(System.getProperty("torchscript4j.fuzz.scale", "1").trim()));
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    private static final long RANDOM_SEED = System.nanoTime();

    /** The seed of a property: fixed per name unless {@code -Dtorchscript4j.fuzz.seed} says otherwise. */
    public static long seed(String name) {
        String value = System.getProperty("torchscript4j.fuzz.seed", "").trim();
        if (value.equals("random")) {
            return RANDOM_SEED ^ name.hashCode();
        }
        if (!value.isEmpty()) {
            return Long.parseLong(value) ^ name.hashCode();
        }
        return 0x5EEDL * 31 + name.hashCode();
    }

    /**
     * Checks {@code property} on {@code tries * scale()} inputs from {@code generator}. A property
     * fails by throwing (an assertion or anything else).
     */
    public static <T> void check(String name, int tries, Function<Random, T> generator, Consumer<T> property,
            Shrinker<T> shrinker, Function<T, String> show) {
        long seed = seed(name);
        int total = tries * scale();
        for (int i = 0; i < total; i++) {
            long trySeed = seed + i * 0x9E3779B97F4A7C15L;
            T input = generator.apply(new Random(trySeed));
            Throwable failure = failure(property, input);
            if (failure != null) {
                T small = shrink(input, failure.getClass(), property, shrinker);
                Throwable smallFailure = failure(property, small);
                AssertionError error = new AssertionError(name + " failed on try " + (i + 1) + " of " + total
                        + " (seed " + seed + ", reproduce with -Dtorchscript4j.fuzz.seed and the same scale)"
                        + "\n  shrunk input:   " + show.apply(small)
                        + "\n  shrunk failure: " + (smallFailure == null ? "(none)" : smallFailure)
                        + "\n  original input: " + show.apply(input)
                        + "\n  failure: " + failure, failure);
                if (smallFailure != null && smallFailure != failure) {
                    error.addSuppressed(smallFailure);
                }
                throw error;
            }
        }
    }

    private static <T> Throwable failure(Consumer<T> property, T input) {
        try {
            property.accept(input);
            return null;
        } catch (Throwable t) { // the property may fail with anything, StackOverflowError included
            return t;
        }
    }

    /** Greedy shrinking, bounded in attempts and time, keeping the failure's class. */
    private static <T> T shrink(T input, Class<?> failureClass, Consumer<T> property, Shrinker<T> shrinker) {
        long deadline = System.nanoTime() + 30_000_000_000L;
        int attempts = 0;
        T current = input;
        boolean progress = true;
        while (progress && attempts < 2_000 && System.nanoTime() < deadline) {
            progress = false;
            for (T candidate : shrinker.smaller(current)) {
                if (++attempts >= 2_000 || System.nanoTime() >= deadline) {
                    break;
                }
                Throwable t = failure(property, candidate);
                if (t != null && t.getClass() == failureClass) {
                    current = candidate;
                    progress = true;
                    break;
                }
            }
        }
        return current;
    }

    /** Shrinks byte arrays by deleting chunks of halving size. */
    public static final Shrinker<byte[]> BYTES = value -> {
        List<byte[]> out = new ArrayList<>();
        for (int size = Math.max(1, value.length / 2); size >= 1; size /= 2) {
            for (int at = 0; at + size <= value.length; at += size) {
                byte[] b = new byte[value.length - size];
                System.arraycopy(value, 0, b, 0, at);
                System.arraycopy(value, at + size, b, at, value.length - at - size);
                out.add(b);
            }
            if (size == 1) {
                break;
            }
        }
        return out;
    };

    /** Shrinks strings by deleting chunks of halving size. */
    public static final Shrinker<String> STRINGS = value -> {
        List<String> out = new ArrayList<>();
        for (int size = Math.max(1, value.length() / 2); size >= 1; size /= 2) {
            for (int at = 0; at + size <= value.length(); at += size) {
                out.add(value.substring(0, at) + value.substring(at + size));
            }
            if (size == 1) {
                break;
            }
        }
        return out;
    };

    /** No shrinking. */
    public static <T> Shrinker<T> noShrinking() {
        return value -> List.of();
    }

    // Generators' building blocks.

    public static <T> T pick(Random r, List<T> values) {
        return values.get(r.nextInt(values.size()));
    }

    /** An element of {@code lists}, picked with the weights (same length, positive). */
    public static <T> T pickWeighted(Random r, int[] weights, List<List<T>> lists) {
        int total = Arrays.stream(weights).sum();
        int x = r.nextInt(total);
        for (int i = 0; i < weights.length; i++) {
            x -= weights[i];
            if (x < 0) {
                return pick(r, lists.get(i));
            }
        }
        throw new AssertionError();
    }

    /** A Java string literal of {@code s}, with every non-printable-ASCII character escaped. */
    public static String javaLiteral(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (c >= 0x20 && c < 0x7f) {
                        sb.append(c);
                    } else {
                        sb.append(String.format("\\u%04x", (int) c));
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    /** A Java expression building {@code bytes}: a string literal when they are ASCII, else an array. */
    public static String javaBytes(byte[] bytes) {
        boolean ascii = true;
        for (byte b : bytes) {
            ascii &= b >= 0;
        }
        if (ascii) {
            return javaLiteral(new String(bytes, StandardCharsets.US_ASCII)) + ".getBytes(US_ASCII)";
        }
        StringBuilder sb = new StringBuilder("new byte[] {");
        for (int i = 0; i < bytes.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(bytes[i] >= 0 ? "" : "(byte) ").append(bytes[i]);
        }
        return sb.append('}').toString();
    }
}
