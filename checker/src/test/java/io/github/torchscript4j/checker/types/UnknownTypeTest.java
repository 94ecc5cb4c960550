package io.github.torchscript4j.checker.types;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.torchscript4j.checker.types.Type.DictType;
import io.github.torchscript4j.checker.types.Type.ListType;
import io.github.torchscript4j.checker.types.Type.TupleType;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@link Type.UnknownType}, ours: the type of an erroneous expression is compatible with
 * everything, so that one mistake gives one diagnostic. (No reference to record from.)
 */
class UnknownTypeTest {
    private static final Type UNKNOWN = Types.UNKNOWN;

    @Test
    void compatibleWithEverything() {
        for (Type t : List.of(Types.INT, Types.TENSOR, Types.optional(Types.STR), new ListType(Types.INT), Types.NONE)) {
            assertTrue(UNKNOWN.isSubtypeOf(t));
            assertTrue(t.isSubtypeOf(UNKNOWN));
            assertTrue(TypeRelations.sameType(t, UNKNOWN));
            assertEquals(Optional.of(UNKNOWN), Unification.unifyTypes(t, UNKNOWN));
            assertEquals(Optional.of(UNKNOWN), Unification.unifyTypes(UNKNOWN, t, true));
        }
    }

    @Test
    void insideContainers() {
        assertTrue(new ListType(UNKNOWN).isSubtypeOf(new ListType(Types.INT)));
        assertTrue(new ListType(Types.INT).isSubtypeOf(new ListType(UNKNOWN)));
        assertTrue(new DictType(Types.STR, UNKNOWN).isSubtypeOf(new DictType(Types.STR, Types.TENSOR)));
        assertEquals(Optional.of(new TupleType(List.of(UNKNOWN, Types.STR))),
                Unification.unifyTypes(new TupleType(List.of(Types.INT, Types.STR)), new TupleType(List.of(UNKNOWN, Types.STR))));
    }

    @Test
    void unionsAndOptionalsOfUnknownAreUnknown() {
        assertEquals(UNKNOWN, Types.optional(UNKNOWN));
        assertEquals(UNKNOWN, Types.union(Types.INT, UNKNOWN));
    }

    @Test
    void containsUnknown() {
        assertTrue(Types.containsUnknown(new ListType(new TupleType(List.of(Types.INT, UNKNOWN)))));
        assertFalse(Types.containsUnknown(new DictType(Types.STR, Types.optional(Types.TENSOR))));
        assertTrue(DictType.allowsKey(UNKNOWN));
        assertEquals("Unknown", UNKNOWN.annotationStr());
    }
}
