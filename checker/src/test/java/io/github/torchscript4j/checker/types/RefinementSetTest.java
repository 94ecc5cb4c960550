package io.github.torchscript4j.checker.types;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.torchscript4j.checker.types.Type.OptionalType;
import io.github.torchscript4j.checker.types.Type.UnionType;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link RefinementSet}: and/or/not as the reference combines refinements.
 *
 * <p>The behaviour at the edges was recorded from PyTorch 1.13.1 by compiling small functions
 * with {@code torch.jit.CompilationUnit} ("refined" means the guarded code compiles using the
 * variable as the narrower type):
 * <pre>
 *   x: Optional[int], y: Optional[int]
 *     if x is not None and y is not None: return x + y                  refined
 *     if x is None or y is None: return 0; return x + y                 refined after the if
 *     if not (x is None): return x                                      refined
 *     if x is not None or x is not None: return x + 1                   refined
 *     if x is None: return x          (graph: no unchecked_cast; x stays int?)
 *   x: Union[int, str, None]
 *     if x is not None or x is not None: return x    "... is actually of type Union[int, NoneType, str]"
 *   x: Union[int, str]
 *     if isinstance(x, int) or isinstance(x, int): return x + 1         not refined
 * </pre>
 */
class RefinementSetTest {
    private static final OptionalType OPTIONAL_INT = new OptionalType(Types.INT);
    private static final OptionalType OTHER_OPTIONAL_INT = new OptionalType(Types.INT);

    /** {@code name is not None} for a variable of type {@code Optional[T]}: the element, shared. */
    private static RefinementSet isNotNone(String name, OptionalType declared) {
        return RefinementSet.whenTrue(new Refinement(name, declared.elem()));
    }

    /** {@code name is None}: the same refinement, on the false side (never to NoneType). */
    private static RefinementSet isNone(String name, OptionalType declared) {
        return RefinementSet.whenFalse(new Refinement(name, declared.elem()));
    }

    @Test
    void andKeepsBothWhenTrue() {
        RefinementSet both = isNotNone("x", OPTIONAL_INT).and(isNotNone("y", OTHER_OPTIONAL_INT));
        assertEquals(List.of(new Refinement("x", Types.INT), new Refinement("y", Types.INT)), both.activeRefinements());
        assertEquals(List.of(), both.falseRefinements());
    }

    @Test
    void orOfNoneChecksRefinesWhenFalse() {
        RefinementSet either = isNone("x", OPTIONAL_INT).or(isNone("y", OTHER_OPTIONAL_INT));
        assertEquals(List.of(), either.trueRefinements());
        assertEquals(List.of(new Refinement("x", Types.INT), new Refinement("y", Types.INT)), either.falseRefinements());
        // "if x is None or y is None: return" refines what follows: the false side.
        assertEquals(either.falseRefinements(), either.not().activeRefinements());
    }

    @Test
    void notSwapsSides() {
        RefinementSet notNone = isNone("x", OPTIONAL_INT).not();
        assertEquals(isNotNone("x", OPTIONAL_INT), notNone);
        assertEquals(RefinementSet.EMPTY, RefinementSet.EMPTY.not());
    }

    @Test
    void orOfDifferentNamesRefinesNothing() {
        RefinementSet either = isNotNone("x", OPTIONAL_INT).or(isNotNone("y", OTHER_OPTIONAL_INT));
        assertEquals(RefinementSet.EMPTY, either);
    }

    /** Combined with a condition that refines nothing, {@code and} keeps the true side, {@code or} the false side. */
    @Test
    void combiningWithNothing() {
        Refinement x = new Refinement("x", OPTIONAL_INT.elem());
        Refinement y = new Refinement("y", OTHER_OPTIONAL_INT.elem());
        RefinementSet both = new RefinementSet(List.of(x), List.of(y));
        assertEquals(RefinementSet.whenTrue(x), both.and(RefinementSet.EMPTY));
        assertEquals(RefinementSet.whenFalse(y), both.or(RefinementSet.EMPTY));
    }

    /** The intersection compares type objects: the shared Optional element matches itself. */
    @Test
    void orOfTheSameRefinementKeepsItOnlyForTheSameTypeObject() {
        RefinementSet same = isNotNone("x", OPTIONAL_INT).or(isNotNone("x", OPTIONAL_INT));
        assertEquals(List.of(new Refinement("x", Types.INT)), same.activeRefinements());

        // x: Union[int, str, None]: each `x is not None` builds a new Union[int, str].
        UnionType remaining1 = new UnionType(List.of(Types.INT, Types.STR));
        UnionType remaining2 = new UnionType(List.of(Types.INT, Types.STR));
        RefinementSet fresh = RefinementSet.whenTrue(new Refinement("x", remaining1))
                .or(RefinementSet.whenTrue(new Refinement("x", remaining2)));
        assertEquals(List.of(), fresh.activeRefinements());
    }

    /** The union compares types by value, and drops a name refined to two different types. */
    @Test
    void andOfConflictingRefinementsDropsTheName() {
        RefinementSet conflicting = RefinementSet.whenTrue(new Refinement("x", Types.FLOAT))
                .and(RefinementSet.whenTrue(new Refinement("x", Types.INT), new Refinement("y", Types.STR)));
        assertEquals(List.of(new Refinement("y", Types.STR)), conflicting.activeRefinements());

        RefinementSet agreeing = RefinementSet.whenTrue(new Refinement("x", new UnionType(List.of(Types.INT, Types.STR))))
                .and(RefinementSet.whenTrue(new Refinement("x", new UnionType(List.of(Types.INT, Types.STR)))));
        assertEquals(1, agreeing.activeRefinements().size());
    }

    /** {@code (x is not None and y is not None) or x is not None}: x survives, y does not. */
    @Test
    void nested() {
        RefinementSet x = isNotNone("x", OPTIONAL_INT);
        RefinementSet y = isNotNone("y", OTHER_OPTIONAL_INT);
        RefinementSet result = x.and(y).or(x);
        assertEquals(List.of(new Refinement("x", Types.INT)), result.activeRefinements());
        // not (x is None or y is None) == x is not None and y is not None
        assertEquals(x.and(y), isNone("x", OPTIONAL_INT).or(isNone("y", OTHER_OPTIONAL_INT)).not());
    }
}
