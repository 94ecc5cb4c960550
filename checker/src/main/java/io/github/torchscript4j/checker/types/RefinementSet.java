package io.github.torchscript4j.checker.types;

import java.util.ArrayList;
import java.util.List;

/**
 * The refinements a boolean condition implies, as the reference's {@code RefinementSet} ({@code
 * torch/csrc/jit/frontend/ir_emitter.cpp}): those that hold when it is true ({@code
 * trueRefinements}) and those that hold when it is false ({@code falseRefinements}). A
 * comparison produces them (for {@code x: Optional[T]}: {@code x is not None} gives {@code
 * trueRefinements = [x: T]}, {@code x is None} gives {@code falseRefinements = [x: T]}; the
 * reference never refines {@code x} to {@code NoneType}), {@code and}/{@code or}/{@code not}
 * combine them, and an {@code if}, {@code while}, ternary or {@code assert} applies one side to
 * the code it guards.
 *
 * <p>The hard part is that {@code and} and {@code or} are duals that keep different sides:
 * <ul>
 *   <li>{@code a and b} is true only if both were true, so what either knew when true holds:
 *       the <em>union</em> of the true sides. It is false if either was false, and only what
 *       both knew when false holds: the <em>intersection</em> of the false sides.
 *   <li>{@code a or b} is the mirror image: intersection of the true sides, union of the false
 *       sides. So {@code if x is None or y is None: return} leaves {@code x} and {@code y}
 *       refined after the {@code if}, where the condition was false.
 *   <li>{@code not a} swaps the sides.
 * </ul>
 *
 * <p>Two details are the reference's and matter for which programs compile:
 * <ul>
 *   <li>The union keeps one refinement per name, and where the two sides refine the same name to
 *       different types it keeps neither ({@code isinstance(x, float) and isinstance(x, int)}
 *       refines nothing). Types are compared there with {@link TypeRelations#sameType}.
 *   <li>The intersection keeps a refinement only if both sides hold the <em>same type object</em>
 *       for the name: the reference compares the type pointers, not the types. For {@code x:
 *       Optional[int]}, {@code x is not None or x is not None} refines {@code x}, because both
 *       comparisons hand out the element type stored in {@code x}'s {@code Optional}; for {@code
 *       x: Union[int, str, None]} the same condition refines nothing, because each comparison
 *       builds a new {@code Union[int, str]}, and neither does {@code isinstance(x, int) or
 *       isinstance(x, int)} for {@code x: Union[int, str]}. So callers that build refinements
 *       must share type objects exactly where the reference does ({@link
 *       Type.OptionalType#elem()} for {@code is None}), and build new ones where it does.
 * </ul>
 *
 * <p>Immutable; the lists keep the order in which refinements were added.
 */
public record RefinementSet(List<Refinement> trueRefinements, List<Refinement> falseRefinements) {
    /** No refinements: what a condition that compares nothing refinable gives. */
    public static final RefinementSet EMPTY = new RefinementSet(List.of(), List.of());

    public RefinementSet {
        trueRefinements = List.copyOf(trueRefinements);
        falseRefinements = List.copyOf(falseRefinements);
    }

    /** Refinements that hold only where the condition is true. */
    public static RefinementSet whenTrue(Refinement... refinements) {
        return new RefinementSet(List.of(refinements), List.of());
    }

    /** Refinements that hold only where the condition is false. */
    public static RefinementSet whenFalse(Refinement... refinements) {
        return new RefinementSet(List.of(), List.of(refinements));
    }

    /** {@code this and rhs}: union of the true sides, intersection of the false sides. */
    public RefinementSet and(RefinementSet rhs) {
        return new RefinementSet(
                union(trueRefinements, rhs.trueRefinements), intersection(falseRefinements, rhs.falseRefinements));
    }

    /** {@code this or rhs}: intersection of the true sides, union of the false sides. */
    public RefinementSet or(RefinementSet rhs) {
        return new RefinementSet(
                intersection(trueRefinements, rhs.trueRefinements), union(falseRefinements, rhs.falseRefinements));
    }

    /** {@code not this}: the sides swapped. */
    public RefinementSet not() {
        return new RefinementSet(falseRefinements, trueRefinements);
    }

    /** The reference's {@code activeRefinements()}: what holds where the condition is true. */
    public List<Refinement> activeRefinements() {
        return trueRefinements;
    }

    /**
     * {@code a} followed by the refinements of {@code b} on names {@code a} does not refine; a
     * name both refine to different types ({@code sameType}) is dropped altogether.
     */
    private static List<Refinement> union(List<Refinement> a, List<Refinement> b) {
        List<Refinement> result = new ArrayList<>(a);
        for (Refinement r : b) {
            int found = indexOf(result, r.identifier());
            if (found < 0) {
                result.add(r);
            } else if (!TypeRelations.sameType(result.get(found).type(), r.type())) {
                result.remove(found);
            }
        }
        return result;
    }

    /** The refinements of {@code a} whose name {@code b} refines to the very same type object. */
    private static List<Refinement> intersection(List<Refinement> a, List<Refinement> b) {
        List<Refinement> result = new ArrayList<>();
        for (Refinement r : a) {
            int found = indexOf(b, r.identifier());
            if (found >= 0 && b.get(found).type() == r.type()) { // identity, as the reference
                result.add(r);
            }
        }
        return result;
    }

    private static int indexOf(List<Refinement> refinements, String identifier) {
        for (int i = 0; i < refinements.size(); i++) {
            if (refinements.get(i).identifier().equals(identifier)) {
                return i;
            }
        }
        return -1;
    }
}
