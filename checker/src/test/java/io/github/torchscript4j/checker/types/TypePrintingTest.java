package io.github.torchscript4j.checker.types;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.torchscript4j.checker.types.Type.ClassType;
import io.github.torchscript4j.checker.types.Type.DictType;
import io.github.torchscript4j.checker.types.Type.EnumType;
import io.github.torchscript4j.checker.types.Type.FunctionType;
import io.github.torchscript4j.checker.types.Type.FutureType;
import io.github.torchscript4j.checker.types.Type.ListType;
import io.github.torchscript4j.checker.types.Type.ModuleType;
import io.github.torchscript4j.checker.types.Type.TupleType;
import io.github.torchscript4j.checker.types.Type.VarType;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * How types print: {@link Type#annotationStr}, {@link Type#str}, {@link Type#graphStr}, {@link
 * Type#reprStr}, and which kind a constructed {@code Optional} or {@code Union} has.
 *
 * <p>The expected strings were recorded from PyTorch 1.13.1 by {@code
 * scripts/record_torchscript_types.py} (tables under {@code src/test/resources/types/}), in
 * essence:
 * <pre>
 *   t = torch._C.UnionType([torch._C.IntType.get(), torch._C.FloatType.get(),
 *                           torch._C.ComplexType.get(), torch._C.StringType.get()])
 *   t.kind(), t.annotation_str, t.str()   # 'UnionType', 'Union[, str, number]', 'Union(, str, Scalar)'
 *   # (Python's Type.str() is C++ operator&lt;&lt;: the .graph spelling)
 *   cu = torch.jit.CompilationUnit("def f(x: Optional[torch.jit.Future[int]]):\n    return x\n")
 *   str(cu.f.schema)                      # 'f(Future(int)? x) -> Future(int)?'  (C++ str())
 * </pre>
 * and the classes, enums and NamedTuples of {@code named.tsv} from the graph, code and schema of
 * a scripted function taking them; {@code repr.tsv} from the reference's error messages.
 */
class TypePrintingTest {
    private static final Map<TypeKind, String> REFERENCE_KIND_NAMES = new EnumMap<>(Map.ofEntries(
            Map.entry(TypeKind.ANY, "AnyType"), Map.entry(TypeKind.TENSOR, "TensorType"),
            Map.entry(TypeKind.TUPLE, "TupleType"), Map.entry(TypeKind.LIST, "ListType"),
            Map.entry(TypeKind.DICT, "DictType"), Map.entry(TypeKind.NUMBER, "NumberType"),
            Map.entry(TypeKind.FLOAT, "FloatType"), Map.entry(TypeKind.COMPLEX, "ComplexType"),
            Map.entry(TypeKind.FUTURE, "FutureType"), Map.entry(TypeKind.RREF, "RRefType"),
            Map.entry(TypeKind.INT, "IntType"), Map.entry(TypeKind.NONE, "NoneType"),
            Map.entry(TypeKind.STRING, "StringType"), Map.entry(TypeKind.BOOL, "BoolType"),
            Map.entry(TypeKind.OPTIONAL, "OptionalType"), Map.entry(TypeKind.DEVICE, "DeviceObjType"),
            Map.entry(TypeKind.UNION, "UnionType")));

    static Stream<Arguments> printing() {
        return Recorded.rows("printing.tsv").stream().map(r -> Arguments.of(r.get(0), r.get(1), r.get(2), r.get(3)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void printing(String text, String kind, String annotationStr, String graphStr) {
        Type type = TypeSyntax.parse(text);
        if (kind.equals("!assert")) {
            // The reference fails an internal assertion naming the single type everything merged
            // into ("... has the single type int"); we return that type.
            assertEquals(annotationStr, type.annotationStr());
            return;
        }
        assertEquals(kind, REFERENCE_KIND_NAMES.get(type.kind()), "kind");
        assertEquals(annotationStr, type.annotationStr(), "annotationStr");
        assertEquals(graphStr, type.graphStr(), "graphStr");
    }

    static Stream<Arguments> schemaStr() {
        return Recorded.rows("schema_str.tsv").stream().map(r -> Arguments.of(r.get(0), r.get(1), r.get(2), r.get(3)));
    }

    /** A parameter {@code x: ANNOTATION} as the schema, {@code .graph} and {@code .code} print its type. */
    @ParameterizedTest(name = "{0}")
    @MethodSource
    void schemaStr(String annotation, String schemaStr, String graphStr, String codeStr) {
        // The annotation front end's spellings (not this package's business): torch.dtype is int.
        Type type = TypeSyntax.parse(annotation
                .replace("torch.jit.Future", "Future")
                .replace("torch.device", "Device")
                .replace("torch.dtype", "int"));
        assertEquals(schemaStr, type.str(), "str");
        assertEquals(graphStr, type.graphStr(), "graphStr");
        assertEquals(codeStr, type.annotationStr(), "annotationStr");
    }

    private static final EnumType COLOR = new EnumType("__torch__.m.Color", Types.INT, TypeDeclaration.NONE);
    private static final TupleType P = new TupleType(List.of(Types.INT, Types.STR),
            Optional.of(new TupleType.Named("__torch__.m.P", List.of("a", "b"))));
    private static final ClassType FOO = new ClassType("__torch__.m.Foo", TypeDeclaration.NONE);

    /** The parameters of {@code g} in the recorder's module {@code m}. */
    private static final Map<String, Type> NAMED_PARAMETERS = Map.ofEntries(
            Map.entry("c", COLOR),
            Map.entry("p", P),
            Map.entry("foo", FOO),
            Map.entry("lf", new ListType(FOO)),
            Map.entry("op", Types.optional(P)),
            Map.entry("tp", new TupleType(List.of(P, Types.INT))),
            Map.entry("lp", new ListType(P)),
            Map.entry("dp", new DictType(Types.STR, P)),
            Map.entry("up", Types.union(P, Types.INT)),
            Map.entry("le", new ListType(COLOR)),
            Map.entry("de", new DictType(Types.STR, COLOR)),
            Map.entry("ue", Types.union(COLOR, Types.INT)),
            Map.entry("ofoo", Types.optional(FOO)),
            Map.entry("fut", new FutureType(P)),
            Map.entry("tfut", new TupleType(List.of(new FutureType(Types.INT), P))));

    static Stream<Arguments> named() {
        return Recorded.rows("named.tsv").stream().map(r -> Arguments.of(r.get(0), r.get(1), r.get(2), r.get(3)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void named(String parameter, String schemaStr, String graphStr, String codeStr) {
        Type type = NAMED_PARAMETERS.get(parameter);
        assertEquals(schemaStr, type.str(), "str");
        assertEquals(graphStr, type.graphStr(), "graphStr");
        assertEquals(codeStr, type.annotationStr(), "annotationStr");
    }

    static Stream<Arguments> repr() {
        return Recorded.rows("repr.tsv").stream().map(r -> Arguments.of(r.get(0), r.get(1)));
    }

    /** Messages that print a value's type with {@code repr_str()}. */
    @ParameterizedTest(name = "{0}")
    @MethodSource
    void repr(String function, String firstLine) {
        String assigned = "Variable 'y' is annotated with type %s but is being assigned to a value of type %s:";
        String message;
        switch (function) {
            case "e_tensor":
                message = assigned.formatted("int", Types.INFERRED_TENSOR.reprStr());
                break;
            case "e_enum":
                message = assigned.formatted("int", COLOR.reprStr());
                break;
            case "e_namedtuple":
                message = assigned.formatted("int", P.reprStr());
                break;
            case "e_class":
                message = assigned.formatted("int", FOO.reprStr());
                break;
            case "e_optional_class":
                message = assigned.formatted("int", Types.optional(FOO).reprStr());
                break;
            case "e_list_tensor":
                message = "List type annotation `%s` did not match the types of the given list elements, which were unified to %s:"
                        .formatted(new ListType(Types.INT).reprStr(), Types.INFERRED_TENSOR.reprStr());
                break;
            case "e_union":
                message = assigned.formatted("str", Types.union(COLOR, Types.INT).reprStr());
                break;
            default:
                throw new AssertionError(function);
        }
        assertEquals(firstLine, message);
    }

    /**
     * Kinds that neither a parameter annotation nor {@code torch._C} builds, as 1.13.1 prints them:
     * the argument types of {@code torch._C._jit_get_all_schemas()} ({@code a.type.annotation_str},
     * {@code a.type.str()}), {@code .graph} of {@code g = my_function} ({@code %g : Function}),
     * and {@code FunctionType::annotation_str_impl} (the qualified name).
     */
    @Test
    void schemaOnlyAndReferenceKinds() {
        assertPrints(Types.GENERATOR, "Generator", "Generator");
        assertPrints(Types.STORAGE, "Storage", "Storage");
        assertPrints(Types.STREAM, "Stream", "Stream");
        assertPrints(Types.CAPSULE, "Capsule", "Capsule");
        assertPrints(Types.QSCHEME, "QScheme", "QScheme");
        assertPrints(Types.ANY_ENUM, "AnyEnumType", "AnyEnumType");
        assertPrints(Types.ANY_CLASS, "AnyClassType", "AnyClassType");
        assertPrints(new VarType("t"), "t", "t");
        assertPrints(new ListType(new VarType("t")), "List[t]", "t[]");
        assertPrints(new DictType(Types.STR, new VarType("t")), "Dict[str, t]", "Dict(str, t)");
        FunctionType g = new FunctionType("__torch__.g", TypeDeclaration.NONE);
        assertPrints(g, "__torch__.g", "Function");
        assertEquals("Function", g.str());
        ModuleType module = new ModuleType("__torch__.MyModule", TypeDeclaration.NONE);
        assertPrints(module, "__torch__.MyModule", "__torch__.MyModule");
        assertEquals("__torch__.MyModule (of Python compilation unit at: <address>)", module.reprStr());
        assertEquals("Tensor", Types.INFERRED_TENSOR.annotationStr());
        assertEquals("Tensor", Types.INFERRED_TENSOR.graphStr());
        assertEquals("Tensor", Types.TENSOR.reprStr());
    }

    private static void assertPrints(Type type, String annotationStr, String graphStr) {
        assertEquals(annotationStr, type.annotationStr(), "annotationStr");
        assertEquals(graphStr, type.graphStr(), "graphStr");
    }
}
