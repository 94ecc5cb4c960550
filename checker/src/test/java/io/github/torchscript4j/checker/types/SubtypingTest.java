package io.github.torchscript4j.checker.types;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.torchscript4j.checker.types.Type.ClassType;
import io.github.torchscript4j.checker.types.Type.EnumType;
import io.github.torchscript4j.checker.types.Type.ListType;
import io.github.torchscript4j.checker.types.Type.ModuleType;
import io.github.torchscript4j.checker.types.Type.TupleType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@link TypeRelations#isSubtypeOf}: the recorded matrix, the "why not" text, NamedTuples and
 * nominal types.
 *
 * <p>{@code subtyping.tsv} was recorded from PyTorch 1.13.1 by {@code
 * scripts/record_torchscript_types.py}: for every pair of its 51 types, {@code
 * a.isSubtypeOf(b)} with both built through {@code torch._C} (e.g. {@code
 * torch._C.OptionalType(torch._C.IntType.get())}). {@code named_subtyping.tsv}: whether a
 * function taking one tuple type compiles when called with a NamedTuple ({@code def
 * q_as_p(q: Q) -> int: return takes_p(q)}).
 */
class SubtypingTest {

    @Test
    void recordedMatrix() {
        List<String> wrong = new ArrayList<>();
        List<List<String>> rows = Recorded.rows("subtyping.tsv");
        for (List<String> row : rows) {
            boolean expected = Boolean.parseBoolean(row.get(2));
            if (TypeSyntax.parse(row.get(0)).isSubtypeOf(TypeSyntax.parse(row.get(1))) != expected) {
                wrong.add(row.get(0) + " <: " + row.get(1) + " should be " + expected);
            }
        }
        assertEquals(List.of(), wrong);
        assertEquals(51 * 51, rows.size());
    }

    @Test
    void highlights() {
        assertSubtype("int", "number");
        assertNotSubtype("bool", "int");
        assertNotSubtype("bool", "number");
        assertSubtype("NoneType", "Optional[Tensor]");
        assertSubtype("Tensor", "Optional[Tensor]");
        assertSubtype("Optional[int]", "Optional[number]");
        assertSubtype("Union[int, float]", "number");
        assertSubtype("number", "Union[int, float, complex, str]");
        assertNotSubtype("List[int]", "List[number]");
        assertSubtype("Tuple[int, str]", "Tuple[number, str]");
        assertSubtype("Future[int]", "Future[Optional[int]]");
        assertNotSubtype("RRef[int]", "RRef[Optional[int]]");
        assertNotSubtype("Dict[str, int]", "Dict[str, Optional[int]]");
        assertSubtype("Optional[Any]", "Any");
        assertSubtype("Any", "Optional[Any]");
        // The reference's asymmetry: an Optional's element must fit a single member.
        assertSubtype("Union[int, str, NoneType]", "Optional[Union[int, str]]");
        assertNotSubtype("Optional[Union[int, str]]", "Union[int, str, NoneType]");
    }

    /**
     * Recorded from the reference's messages for calling {@code def g(x: U) -> int} with a
     * {@code y: T}: "Expected a value of type 'U' for argument 'x' but instead found type 'T'."
     * and, on the next line, the explanation (empty for the last two).
     */
    @Test
    void whyNot() {
        assertEquals("Union[int, str] cannot hold None", whyNot("Optional[int]", "Union[int, str]"));
        assertEquals("Union[int, str] cannot hold None", whyNot("Optional[float]", "Union[int, str]"));
        assertEquals("Union[int, NoneType, str] cannot hold 1", whyNot("Optional[float]", "Union[int, str, None]"));
        assertEquals("Union[int, NoneType, str] cannot hold 1", whyNot("Optional[List[int]]", "Union[int, str, None]"));
        assertEquals("", whyNot("List[bool]", "List[int]"));
        assertEquals("", whyNot("Tuple[int, str]", "Tuple[int, int]"));
    }

    private static String whyNot(String lhs, String rhs) {
        StringBuilder why = new StringBuilder();
        assertFalse(TypeRelations.isSubtypeOf(TypeSyntax.parse(lhs), TypeSyntax.parse(rhs), why));
        return why.toString();
    }

    private static TupleType namedTuple(String name, List<String> fields, Type... elements) {
        return new TupleType(List.of(elements), Optional.of(new TupleType.Named(name, fields)));
    }

    @Test
    void namedTuples() {
        TupleType p = namedTuple("__torch__.m.P", List.of("a", "b"), Types.INT, Types.STR);
        TupleType q = namedTuple("__torch__.m.Q", List.of("a", "b"), Types.INT, Types.STR);
        TupleType r = namedTuple("__torch__.m.R", List.of("x", "y"), Types.INT, Types.STR);
        TupleType s = namedTuple("__torch__.m.S", List.of("a", "b"), Types.optional(Types.INT), Types.STR);
        TupleType plain = new TupleType(List.of(Types.INT, Types.STR));
        Map<String, Boolean> relations = Map.of(
                "p_as_tuple", p.isSubtypeOf(plain),
                "tuple_as_p", plain.isSubtypeOf(p),
                "q_as_p", q.isSubtypeOf(p),
                "r_as_p", r.isSubtypeOf(p),
                "p_as_s", p.isSubtypeOf(s));
        for (List<String> row : Recorded.rows("named_subtyping.tsv")) {
            assertEquals(row.get(1).equals("compiled"), relations.get(row.get(0)), row.get(0));
        }
    }

    /** From the reference's source: {@code ClassType::isSubtypeOfExt}, {@code EnumType::isSubtypeOfExt}. */
    @Test
    void nominalTypes() {
        ClassType foo = new ClassType("__torch__.Foo", TypeDeclaration.NONE);
        ClassType bar = new ClassType("__torch__.Bar", TypeDeclaration.NONE);
        ModuleType module = new ModuleType("__torch__.M", TypeDeclaration.NONE);
        EnumType color = new EnumType("__torch__.Color", Types.INT, TypeDeclaration.NONE);
        assertTrue(foo.isSubtypeOf(new ClassType("__torch__.Foo", new TypeDeclaration() {})));
        assertFalse(foo.isSubtypeOf(bar));
        assertTrue(foo.isSubtypeOf(Types.optional(foo)));
        assertTrue(foo.isSubtypeOf(Types.ANY));
        assertTrue(foo.isSubtypeOf(Types.ANY_CLASS));
        assertTrue(module.isSubtypeOf(Types.ANY_CLASS));
        assertFalse(module.isSubtypeOf(foo));
        assertTrue(color.isSubtypeOf(Types.ANY_ENUM));
        assertFalse(color.isSubtypeOf(Types.INT));
        assertFalse(foo.isSubtypeOf(Types.ANY_ENUM));
        assertTrue(new ListType(foo).isSubtypeOf(new ListType(foo)));
        assertTrue(Types.INFERRED_TENSOR.isSubtypeOf(Types.TENSOR));
        assertTrue(Types.TENSOR.isSubtypeOf(Types.INFERRED_TENSOR));
    }

    private static void assertSubtype(String lhs, String rhs) {
        assertTrue(TypeSyntax.parse(lhs).isSubtypeOf(TypeSyntax.parse(rhs)), lhs + " <: " + rhs);
    }

    private static void assertNotSubtype(String lhs, String rhs) {
        assertFalse(TypeSyntax.parse(lhs).isSubtypeOf(TypeSyntax.parse(rhs)), lhs + " </: " + rhs);
    }
}
