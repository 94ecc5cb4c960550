package io.github.torchscript4j.checker.builtins;

import static io.github.torchscript4j.checker.builtins.SchemaType.Primitive.ANY;
import static io.github.torchscript4j.checker.builtins.SchemaType.Primitive.BOOL;
import static io.github.torchscript4j.checker.builtins.SchemaType.Primitive.INT;
import static io.github.torchscript4j.checker.builtins.SchemaType.Primitive.SCALAR;
import static io.github.torchscript4j.checker.builtins.SchemaType.Primitive.STR;
import static io.github.torchscript4j.checker.builtins.SchemaType.Primitive.SYM_INT;
import static io.github.torchscript4j.checker.builtins.SchemaType.Primitive.TENSOR;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.torchscript4j.checker.builtins.SchemaType.CustomClass;
import io.github.torchscript4j.checker.builtins.SchemaType.DictType;
import io.github.torchscript4j.checker.builtins.SchemaType.FutureType;
import io.github.torchscript4j.checker.builtins.SchemaType.ListType;
import io.github.torchscript4j.checker.builtins.SchemaType.OptionalType;
import io.github.torchscript4j.checker.builtins.SchemaType.TupleType;
import io.github.torchscript4j.checker.builtins.SchemaType.TypeVariable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The schema parser on the tricky corners of libtorch's schema text: keyword-only arguments, out
 * variants, alias annotations on lists and their elements, fixed-size lists, optional lists, type
 * variables, dicts, tuples, TorchBind classes, varargs and varrets, named returns, string
 * defaults — and on malformed text, which must give a message, never an exception.
 */
class SchemaParserTest {

    private static FunctionSchema parse(String text) {
        SchemaParseResult result = SchemaParser.parse(text);
        assertInstanceOf(SchemaParseResult.Parsed.class, result, () -> text + ": " + result);
        FunctionSchema schema = result.schema().orElseThrow();
        assertEquals(text, schema.toString(), "printed back");
        return schema;
    }

    private static SchemaArgument arg(String name, SchemaType type) {
        return SchemaArgument.of(name, type);
    }

    private static SchemaArgument arg(String name, SchemaType type, String defaultValue) {
        return new SchemaArgument(name, type, Optional.of(defaultValue), false, Optional.empty(), OptionalInt.empty());
    }

    private static SchemaArgument keywordOnly(SchemaArgument argument) {
        return new SchemaArgument(argument.name(), argument.type(), argument.defaultValueText(), true, argument.alias(),
                argument.size());
    }

    private static SchemaArgument aliased(SchemaArgument argument, AliasInfo alias) {
        return new SchemaArgument(argument.name(), argument.type(), argument.defaultValueText(), argument.kwargOnly(),
                Optional.of(alias), argument.size());
    }

    private static SchemaArgument sized(SchemaArgument argument, int size) {
        return new SchemaArgument(argument.name(), argument.type(), argument.defaultValueText(), argument.kwargOnly(),
                argument.alias(), OptionalInt.of(size));
    }

    private static AliasInfo write(String set) {
        return AliasInfo.of(List.of(set), true);
    }

    @Test
    void keywordOnlyArgumentsFollowTheStar() {
        FunctionSchema add = parse("aten::add.Tensor(Tensor self, Tensor other, *, Scalar alpha=1) -> Tensor");
        assertEquals("aten::add", add.name());
        assertEquals("Tensor", add.overloadName());
        assertEquals("aten", add.namespace());
        assertEquals("add", add.unqualifiedName());
        assertEquals("aten::add.Tensor", add.nameWithOverload());
        assertEquals(List.of(arg("self", TENSOR), arg("other", TENSOR), keywordOnly(arg("alpha", SCALAR, "1"))),
                add.arguments());
        assertEquals(List.of(arg("", TENSOR)), add.returns());
        assertFalse(add.isVararg());
        assertFalse(add.isVarret());
    }

    @Test
    void outVariantsWriteToTheirOutArgument() {
        FunctionSchema out = parse(
                "aten::add.out(Tensor self, Tensor other, *, Scalar alpha=1, Tensor(a!) out) -> Tensor(a!)");
        SchemaArgument outArgument = out.arguments().get(3);
        assertEquals(keywordOnly(aliased(arg("out", TENSOR), write("a"))), outArgument);
        assertTrue(outArgument.isWrite());
        assertEquals(List.of(aliased(arg("", TENSOR), write("a"))), out.returns());
    }

    @Test
    void theUnnamedOverloadHasAnEmptyOverloadName() {
        FunctionSchema add = parse("aten::add(Scalar a, Scalar b) -> Scalar");
        assertEquals("", add.overloadName());
        assertEquals("aten::add", add.nameWithOverload());
    }

    @Test
    void fixedSizeListsKeepTheirSizeAndScalarDefault() {
        FunctionSchema conv = parse("aten::conv2d(Tensor input, Tensor weight, Tensor? bias=None, SymInt[2] stride=1, "
                + "SymInt[2] padding=0, SymInt[2] dilation=1, SymInt groups=1) -> Tensor");
        assertEquals(arg("bias", new OptionalType(TENSOR), "None"), conv.arguments().get(2));
        assertEquals(sized(arg("stride", new ListType(SYM_INT), "1"), 2), conv.arguments().get(3));
        assertEquals(arg("groups", SYM_INT, "1"), conv.arguments().get(6));
    }

    @Test
    void anOptionalFixedSizeListHasTheSizeOnTheList() {
        FunctionSchema sum = parse(
                "aten::sum.dim_IntList(Tensor self, int[1]? dim, bool keepdim=False, *, ScalarType? dtype=None) -> Tensor");
        assertEquals(sized(arg("dim", new OptionalType(new ListType(INT))), 1), sum.arguments().get(1));
        assertEquals(arg("keepdim", BOOL, "False"), sum.arguments().get(2));
    }

    @Test
    void listsOfOptionalsAndOptionalListsOfOptionals() {
        FunctionSchema index = parse("aten::index.Tensor(Tensor self, Tensor?[] indices) -> Tensor");
        assertEquals(arg("indices", new ListType(new OptionalType(TENSOR))), index.arguments().get(1));
        FunctionSchema nested = parse("aten::f(Tensor?[]? x, Tensor[][] y, str[][] z) -> ()");
        assertEquals(arg("x", new OptionalType(new ListType(new OptionalType(TENSOR)))), nested.arguments().get(0));
        assertEquals(arg("y", new ListType(new ListType(TENSOR))), nested.arguments().get(1));
        assertEquals(List.of(), nested.returns());
    }

    @Test
    void anAliasBeforeTheBracketsAnnotatesTheElements() {
        FunctionSchema split = parse("aten::split_copy.Tensor_out(Tensor self, SymInt split_size, int dim=0, *, "
                + "Tensor(a!)[] out) -> ()");
        SchemaArgument out = split.arguments().get(3);
        assertEquals(new ListType(TENSOR), out.type());
        assertEquals(Optional.of(AliasInfo.containing(write("a"))), out.alias());
        assertFalse(out.isWrite(), "the elements are written, not the list");
    }

    @Test
    void anAliasAfterTheBracketsAnnotatesTheList() {
        FunctionSchema append = parse("aten::append.t(t[](a!) self, t(c -> *) el) -> t[](a!)");
        assertEquals(aliased(arg("self", new ListType(new TypeVariable("t"))), write("a")), append.arguments().get(0));
        assertEquals(aliased(arg("el", new TypeVariable("t")), new AliasInfo(List.of("c"), List.of("*"), false, List.of())),
                append.arguments().get(1));
        FunctionSchema getitem = parse("aten::__getitem__.t(t[](a) list, int idx) -> t(*)");
        assertEquals(aliased(arg("", new TypeVariable("t")), AliasInfo.of(List.of(AliasInfo.WILDCARD), false)),
                getitem.returns().get(0));
    }

    @Test
    void aliasSetsKeepTheirPrintedOrderAndOptionalComesAfterTheAlias() {
        FunctionSchema ifThenElse = parse("prim::IfThenElse(bool cond, Any(a) x, Any(b) y) -> Any(b|a)");
        assertEquals(aliased(arg("", ANY), AliasInfo.of(List.of("b", "a"), false)), ifThenElse.returns().get(0));
        FunctionSchema unwrap = parse("prim::unchecked_unwrap_optional(t(a)? optional) -> t(a)");
        SchemaArgument optional = unwrap.arguments().get(0);
        assertEquals(new OptionalType(new TypeVariable("t")), optional.type());
        assertEquals(Optional.of(AliasInfo.of(List.of("a"), false)), optional.alias());
    }

    @Test
    void dictsTuplesFuturesAndClasses() {
        FunctionSchema setitem = parse("aten::_set_item.str(Dict(str, t)(a!) l, str(b -> *) idx, t(c -> *) v) -> ()");
        assertEquals(aliased(arg("l", new DictType(STR, new TypeVariable("t"))), write("a")), setitem.arguments().get(0));
        FunctionSchema dict = parse("aten::dict.str((str, tVal)[] inputs) -> Dict(str, tVal)");
        assertEquals(arg("inputs", new ListType(new TupleType(List.of(STR, new TypeVariable("tVal"))))),
                dict.arguments().get(0));
        FunctionSchema wait = parse("aten::wait(Future(t) self) -> t");
        assertEquals(arg("self", new FutureType(new TypeVariable("t"))), wait.arguments().get(0));
        FunctionSchema conv = parse("quantized::conv2d.new(Tensor qx, "
                + "__torch__.torch.classes.quantized.Conv2dPackedParamsBase packed_weight, float output_scale, "
                + "int output_zero_point) -> Tensor");
        assertEquals(new CustomClass("__torch__.torch.classes.quantized.Conv2dPackedParamsBase"),
                conv.arguments().get(1).type());
    }

    @Test
    void aSingleTupleReturnKeepsItsOwnParentheses() {
        FunctionSchema items = parse("aten::items.str(Dict(str, t) self) -> ((str, t)[])");
        assertEquals(List.of(arg("", new ListType(new TupleType(List.of(STR, new TypeVariable("t")))))), items.returns());
        FunctionSchema pair = parse("aten::popitem.str(Dict(str, t)(a!) self) -> ((str, t))");
        assertEquals(1, pair.returns().size());
        FunctionSchema two = parse("aten::f(Tensor x) -> (Tensor, Tensor)");
        assertEquals(2, two.returns().size());
    }

    @Test
    void namedReturns() {
        FunctionSchema max = parse("aten::max.dim(Tensor self, int dim, bool keepdim=False) -> (Tensor values, Tensor indices)");
        assertEquals(List.of(arg("values", TENSOR), arg("indices", TENSOR)), max.returns());
        FunctionSchema single = parse("quantized::add(Tensor qa, Tensor qb, float scale, int zero_point) -> Tensor qc");
        assertEquals(List.of(arg("qc", TENSOR)), single.returns());
    }

    @Test
    void varargsAndVarrets() {
        FunctionSchema format = parse("aten::format(str self, ...) -> str");
        assertTrue(format.isVararg());
        assertEquals(List.of(arg("self", STR)), format.arguments());
        FunctionSchema print = parse("prim::Print(...) -> ()");
        assertTrue(print.isVararg());
        assertEquals(List.of(), print.arguments());
        assertEquals(List.of(), print.returns());
        assertFalse(print.isVarret());
        FunctionSchema unpack = parse("prim::TupleUnpack(Any tup) -> ...");
        assertTrue(unpack.isVarret());
        assertEquals(List.of(), unpack.returns());
        FunctionSchema both = parse("prim::ConstantChunk(...) -> ...");
        assertTrue(both.isVararg() && both.isVarret());
        FunctionSchema more = parse("aten::f(Tensor x) -> (Tensor, ...)");
        assertTrue(more.isVarret());
        assertEquals(1, more.returns().size());
    }

    @Test
    void defaultsAreKeptAsWritten() {
        FunctionSchema strings = parse("aten::_test_string_default(Tensor dummy, str a=\"\\\"\\'\\\\\", str b='\"') -> Tensor");
        assertEquals(Optional.of("\"\\\"\\'\\\\\""), strings.arguments().get(1).defaultValueText());
        assertEquals(Optional.of("'\"'"), strings.arguments().get(2).defaultValueText());
        FunctionSchema numbers = parse("aten::f(float eps=1.0000000000000001e-05, int[] dims=[-2, -1], float m=2., "
                + "float n=-inf, str s=\" \\n\\t\\f\\v\", int[] e=[], Scalar? x=None) -> ()");
        assertEquals(List.of("1.0000000000000001e-05", "[-2, -1]", "2.", "-inf", "\" \\n\\t\\f\\v\"", "[]", "None"),
                numbers.arguments().stream().map(argument -> argument.defaultValueText().orElseThrow()).toList());
    }

    @Test
    void primitivesTypeVariablesAndUnions() {
        FunctionSchema schema = parse("aten::f(Union(int, str) u, Dimname[] names, ScalarType? dtype, Layout? layout, "
                + "Device? device, MemoryFormat? memory_format, Generator? generator, Storage s, Stream st, "
                + "AnyEnumType e, AnyClassType? c, t1 a, t2 b, SymInt[] shape, complex z) -> Await(t1)");
        assertEquals("Union(int, str)", schema.arguments().get(0).type().toString());
        assertEquals(new TypeVariable("t1"), schema.arguments().get(11).type());
        assertEquals(new SchemaType.AwaitType(new TypeVariable("t1")), schema.returns().get(0).type());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "``                                         | expected an operator namespace but found the end of the line (column 1)",
        "add(Tensor self) -> Tensor                 | expected '::' but found '(' (column 4)",
        "aten::add(                                 | expected a type but found the end of the line (column 11)",
        "aten::add(Tensor self) ->                  | expected a type but found the end of the line (column 26)",
        "aten::add(Tensor self) -> Tensor out extra | unexpected 'e' after the returns (column 38)",
        "aten::add(Foo self) -> Tensor              | unknown type 'Foo' (column 11)",
        "aten::add(Tensor self -> Tensor            | expected ',' but found '-' (column 23)",
        "aten::f(*) -> ()                           | '*' must be followed by a keyword-only argument (column 10)",
        "aten::f(*, Tensor a, *, Tensor b) -> ()    | a second '*' (column 22)",
        "aten::f(..., Tensor a) -> ()               | expected ')' but found ',' (column 12)",
        "aten::f(int[2][3] x) -> ()                 | only the outermost list of an argument can have a fixed size (column 15)",
        "aten::f(Tensor?? x) -> ()                  | '?' twice (column 16)",
        "aten::f(Tensor(a)(b) x) -> ()              | a second alias annotation (column 18)",
        "aten::f(Tensor(a!)[](b)[] x) -> ()         | alias annotations of nested lists' elements are not supported (column 24)",
        "aten::f(Dict(str, Tensor(a)) x) -> ()      | alias annotations are only allowed on an argument, not inside a type (column 25)",
        "aten::f(Dict(str) x) -> ()                 | expected 2 types in Dict(str) (column 9)",
        "aten::f(Dict x) -> ()                      | expected '(' after Dict (column 13)",
        "aten::f(Future x) -> ()                    | expected '(' after Future (column 15)",
        "aten::f(str s=\"abc) -> ()                 | unterminated string (column 15)",
        "aten::f(int x=) -> ()                      | expected a default value but found ')' (column 15)",
        "aten::f(int=1) -> ()                       | a default value needs an argument name (column 12)",
        "aten::f(int x) -> int y=1                  | a return cannot have a default value (column 24)",
        "aten::f(Tensor(a x) -> ()                  | expected ')' but found 'x' (column 18)",
        "aten::f(foo.Bar x) -> ()                   | unknown type 'foo.Bar' (column 9)",
        "aten::f(int[99999999999] x) -> ()          | list size too large: 99999999999 (column 13)",
    })
    void malformedSchemasGiveAMessageAndAColumn(String text, String message) {
        SchemaParseResult result = SchemaParser.parse(text);
        assertInstanceOf(SchemaParseResult.Failed.class, result, text);
        assertEquals(message, result.toString());
        assertFalse(result.schema().isPresent());
    }

    @ParameterizedTest
    @ValueSource(ints = {10, 1_000, 100_000})
    void deeplyNestedTypesAndDefaultsFailWithoutExhaustingTheStack(int depth) {
        String type = "(".repeat(depth) + "int" + ")".repeat(depth);
        assertEquals(depth <= 100, SchemaParser.parse("aten::f(" + type + " x) -> ()").schema().isPresent(), "types");
        String list = "[".repeat(depth) + "1" + "]".repeat(depth);
        assertEquals(depth < 100, SchemaParser.parse("aten::f(int[] x=" + list + ") -> ()").schema().isPresent(), "defaults");
    }

    @Test
    void everyPrefixOfEveryTableLineParsesOrFailsWithoutThrowing() throws IOException {
        List<String> lines;
        try (InputStream in = OperatorTable.class.getResourceAsStream(OperatorTable.RESOURCE)) {
            lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().skip(1).toList();
        }
        long failures = 0;
        for (String line : lines) {
            for (int end = 0; end < line.length(); end++) {
                if (SchemaParser.parse(line.substring(0, end)) instanceof SchemaParseResult.Failed) {
                    failures++;
                }
            }
        }
        assertTrue(failures > 0);
    }
}
