package io.github.torchscript4j.checker.types;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.torchscript4j.checker.types.Type.ListType;
import io.github.torchscript4j.checker.types.Type.TupleType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * {@link Unification}: if/else merges (no default union) and list displays (default union).
 *
 * <p>Recorded from PyTorch 1.13.1 by {@code scripts/record_torchscript_types.py}: {@code
 * unification.tsv} is {@code torch._C.unify_type_list([a, b]).annotation_str} (or {@code -} when
 * it raises) for every ordered pair of its 51 types; {@code list_literals.tsv} is the type {@code
 * .graph} gives {@code a = [e1, e2, ...]} for literal elements ({@code [1, 2.0]} is {@code
 * Union(float, int)[]}).
 */
class UnificationTest {

    @Test
    void recordedMatrix() {
        List<String> wrong = new ArrayList<>();
        for (List<String> row : Recorded.rows("unification.tsv")) {
            Optional<Type> unified = Unification.unifyTypes(TypeSyntax.parse(row.get(0)), TypeSyntax.parse(row.get(1)));
            String actual = unified.map(Type::annotationStr).orElse("-");
            if (!actual.equals(row.get(2))) {
                wrong.add(row.get(0) + " ~ " + row.get(1) + " = " + actual + ", should be " + row.get(2));
            }
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void listDisplaysDefaultToUnion() {
        for (List<String> row : Recorded.rows("list_literals.tsv")) {
            List<Type> elements = Arrays.stream(row.get(0).split(" ; ")).map(TypeSyntax::parse).collect(Collectors.toList());
            Optional<Type> unified = Unification.unifyTypeList(elements, new StringBuilder(), true, Optional.empty());
            assertEquals(row.get(1), new ListType(unified.orElseThrow()).graphStr(), row.get(0));
        }
    }

    /**
     * Recorded: {@code torch._C.unify_type_list([int_t, str_t])} and {@code
     * torch._C.unify_type_list([])} raise these messages.
     */
    @Test
    void whyNot() {
        StringBuilder why = new StringBuilder();
        assertEquals(Optional.empty(), Unification.unifyTypeList(List.of(Types.INT, Types.STR), why));
        assertEquals("Could not unify type list since element 1 of type str did not match the types before it (int)",
                why.toString());
        why.setLength(0);
        assertEquals(Optional.empty(), Unification.unifyTypeList(List.of(), why));
        assertEquals("Cannot get unified type from empty list", why.toString());
    }

    /**
     * If/else merges, recorded from scripted functions: {@code r = torch.zeros(1)} / {@code r =
     * 1} is "Type mismatch: r is set to type Tensor in the true branch and type int in the false
     * branch" (when r is used), {@code r = None} / {@code r = 1} makes {@code r : int?}, {@code
     * a = (1, None)} / {@code a = (None, 2)} makes {@code a : (int?, int?)}, {@code [1]} / {@code
     * [None]} is a type mismatch.
     */
    @Test
    void ifElseMerges() {
        assertEquals(Optional.empty(), Unification.unifyTypes(Types.TENSOR, Types.INT));
        assertEquals("int?", Unification.unifyTypes(Types.NONE, Types.INT).orElseThrow().graphStr());
        Type left = new TupleType(List.of(Types.INT, Types.NONE));
        Type right = new TupleType(List.of(Types.NONE, Types.INT));
        assertEquals("(int?, int?)", Unification.unifyTypes(left, right).orElseThrow().graphStr());
        assertEquals(Optional.empty(), Unification.unifyTypes(new ListType(Types.INT), new ListType(Types.NONE)));
    }

    /** {@code unifyTypes} with a type hint: both fit the hint, nothing closer unifies them. */
    @Test
    void typeHint() {
        Type hint = Types.union(Types.INT, Types.STR);
        assertEquals(Optional.of(hint), Unification.unifyTypes(Types.INT, Types.STR, false, Optional.of(hint)));
        assertEquals(Optional.empty(), Unification.unifyTypes(Types.INT, Types.FLOAT, false, Optional.of(hint)));
    }
}
