package io.github.torchscript4j.checker.types;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.torchscript4j.checker.types.Type.ListType;
import io.github.torchscript4j.checker.types.Type.OptionalType;
import io.github.torchscript4j.checker.types.Type.TupleType;
import io.github.torchscript4j.checker.types.Type.UnionType;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link Types#optional} and {@link Types#union}: the shapes they build, beyond how those print
 * ({@link TypePrintingTest} checks the printed forms against the reference, e.g. {@code
 * torch._C.OptionalType(torch._C.OptionalType(torch._C.NumberType.get())).annotation_str} is
 * {@code 'Optional[Union[number]]'}).
 */
class UnionsTest {

    @Test
    void oneTypeAndNoneIsOptional() {
        assertEquals(new OptionalType(Types.INT), Types.union(Types.INT, Types.NONE));
        assertEquals(new OptionalType(Types.INT), Types.union(Types.NONE, Types.INT));
        assertEquals(new OptionalType(Types.INT), Types.optional(Types.optional(Types.INT)));
        assertEquals(new OptionalType(Types.TENSOR), Types.union(Types.TENSOR, Types.optional(Types.TENSOR)));
        assertEquals(new OptionalType(Types.ANY), Types.optional(Types.ANY));
    }

    @Test
    void twoTypesAndNoneStayAUnion() {
        Type union = Types.union(Types.STR, Types.NONE, Types.INT);
        assertEquals(new UnionType(List.of(Types.INT, Types.NONE, Types.STR)), union);
        // ... unless built as an Optional, whose element is the union without None.
        assertEquals(new OptionalType(new UnionType(List.of(Types.INT, Types.STR))), Types.optional(union));
    }

    @Test
    void numbers() {
        assertEquals(new OptionalType(Types.NUMBER), Types.optional(Types.NUMBER));
        assertEquals(new OptionalType(Types.NUMBER), Types.union(Types.INT, Types.FLOAT, Types.COMPLEX, Types.NONE));
        assertEquals(new OptionalType(Types.NUMBER), Types.optional(Types.union(Types.INT, Types.FLOAT, Types.COMPLEX)));
        // number is flattened into its three members, sorted by kind: float, complex, int.
        UnionType threeNumbers = new UnionType(List.of(Types.FLOAT, Types.COMPLEX, Types.INT));
        assertEquals(threeNumbers, Types.union(Types.NUMBER, Types.INT));
        assertEquals(new OptionalType(threeNumbers), Types.optional(Types.optional(Types.NUMBER)));
    }

    @Test
    void membersThatUnifyMerge() {
        Type tuples = Types.union(new TupleType(List.of(Types.INT, Types.STR)), new TupleType(List.of(Types.NONE, Types.STR)), Types.FLOAT);
        assertEquals(new UnionType(List.of(new TupleType(List.of(Types.optional(Types.INT), Types.STR)), Types.FLOAT)), tuples);
        // Lists are invariant and never unify element types: both stay.
        Type lists = Types.union(new ListType(Types.INT), new ListType(Types.optional(Types.INT)));
        assertEquals(2, ((UnionType) lists).members().size());
    }

    /** Where the reference fails an internal assertion ("... has the single type X"), the single type. */
    @Test
    void collapsingToOneType() {
        assertEquals(Types.INT, Types.union(Types.INT, Types.INT));
        assertEquals(Types.ANY, Types.union(Types.INT, Types.ANY));
        assertEquals(Types.NONE, Types.optional(Types.NONE));
        assertEquals(Types.INT, Types.union(Types.INT));
        assertThrows(IllegalArgumentException.class, () -> Types.union(List.of()));
    }

    @Test
    void recordsRejectShapesTheFactoriesNeverBuild() {
        assertThrows(IllegalArgumentException.class, () -> new OptionalType(Types.NONE));
        assertThrows(IllegalArgumentException.class, () -> new OptionalType(new OptionalType(Types.INT)));
        assertThrows(IllegalArgumentException.class,
                () -> new OptionalType(new UnionType(List.of(Types.INT, Types.NONE, Types.STR))));
        assertThrows(IllegalArgumentException.class, () -> new UnionType(List.of(Types.INT)));
        assertThrows(IllegalArgumentException.class, () -> new UnionType(List.of(Types.INT, Types.NUMBER)));
        assertThrows(IllegalArgumentException.class,
                () -> new UnionType(List.of(Types.STR, new OptionalType(Types.INT))));
    }
}
