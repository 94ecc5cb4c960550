package io.github.torchscript4j.checker.types;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.torchscript4j.checker.types.Type.ClassType;
import io.github.torchscript4j.checker.types.Type.EnumType;
import io.github.torchscript4j.checker.types.Type.ListType;
import io.github.torchscript4j.checker.types.Type.VarType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link TypeRelations#sameType} (the reference's {@code ==}) against Java's {@code equals}.
 *
 * <p>{@code equality.tsv} was recorded from PyTorch 1.13.1 by {@code
 * scripts/record_torchscript_types.py}: for every pair of its 51 types, {@code a == b} on types
 * built through {@code torch._C}, e.g. {@code torch._C.UnionType([int_t, float_t, complex_t]) ==
 * torch._C.NumberType.get()} is {@code True}.
 */
class SameTypeTest {

    @Test
    void recordedMatrix() {
        List<String> wrong = new ArrayList<>();
        for (List<String> row : Recorded.rows("equality.tsv")) {
            boolean expected = Boolean.parseBoolean(row.get(2));
            if (TypeRelations.sameType(TypeSyntax.parse(row.get(0)), TypeSyntax.parse(row.get(1))) != expected) {
                wrong.add(row.get(0) + " == " + row.get(1) + " should be " + expected);
            }
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void numberUnionIsNumberButNotEqual() {
        Type numberUnion = TypeSyntax.parse("Union[int, float, complex]");
        assertTrue(TypeRelations.sameType(numberUnion, Types.NUMBER));
        assertTrue(TypeRelations.sameType(new ListType(numberUnion), new ListType(Types.NUMBER)));
        assertNotEquals(Types.NUMBER, numberUnion);
        assertEquals(TypeSyntax.parse("Union[float, complex, int]"), numberUnion);
    }

    @Test
    void tensorsEqualWhetherInferredOrNot() {
        assertEquals(Types.TENSOR, Types.INFERRED_TENSOR);
        assertEquals(Types.TENSOR.hashCode(), Types.INFERRED_TENSOR.hashCode());
        assertTrue(TypeRelations.sameType(Types.TENSOR, Types.INFERRED_TENSOR));
    }

    /** From {@code class_type.h}, {@code enum_type.h}: by name; VarType::equals compares kinds only. */
    @Test
    void nominalTypesAndTypeVariables() {
        TypeDeclaration one = new TypeDeclaration() {};
        TypeDeclaration other = new TypeDeclaration() {};
        assertEquals(new ClassType("__torch__.Foo", one), new ClassType("__torch__.Foo", other));
        assertNotEquals(new ClassType("__torch__.Foo", one), new ClassType("__torch__.Bar", one));
        assertNotEquals(new EnumType("__torch__.E", Types.INT, one), new EnumType("__torch__.E", Types.STR, one));
        assertTrue(TypeRelations.sameType(new VarType("t"), new VarType("t1")));
        assertNotEquals(new VarType("t"), new VarType("t1"));
        assertFalse(TypeRelations.sameType(new VarType("t"), Types.INT));
    }
}
