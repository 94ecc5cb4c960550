package io.github.torchscript4j.checker.types;

import io.github.torchscript4j.checker.types.Type.DictType;
import io.github.torchscript4j.checker.types.Type.FutureType;
import io.github.torchscript4j.checker.types.Type.ListType;
import io.github.torchscript4j.checker.types.Type.RRefType;
import io.github.torchscript4j.checker.types.Type.TupleType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Test helper: builds types from the annotation syntax of the recorded tables, exactly as
 * {@code scripts/record_torchscript_types.py} builds them in the reference: {@code Optional[T]}
 * through {@link Types#optional} (C++ {@code OptionalType::create}) and {@code Union[...]}
 * through {@link Types#union} ({@code UnionType::create}).
 *
 * <pre>
 *   int float complex bool str NoneType None Tensor number Any Device
 *   List[T]  Optional[T]  Union[T, ...]  Tuple[T, ...]  Tuple[()]  Dict[K, V]  Future[T]  RRef[T]
 * </pre>
 */
final class TypeSyntax {
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z_][A-Za-z_0-9]*|\\[|\\]|,|\\(\\)|\\S");
    private static final Map<String, Type> ATOMS = Map.ofEntries(
            Map.entry("int", Types.INT), Map.entry("float", Types.FLOAT), Map.entry("complex", Types.COMPLEX),
            Map.entry("bool", Types.BOOL), Map.entry("str", Types.STR), Map.entry("NoneType", Types.NONE),
            Map.entry("None", Types.NONE), Map.entry("Tensor", Types.TENSOR), Map.entry("number", Types.NUMBER),
            Map.entry("Any", Types.ANY), Map.entry("Device", Types.DEVICE));

    private final List<String> tokens = new ArrayList<>();
    private final String text;
    private int pos;

    private TypeSyntax(String text) {
        this.text = text;
        Matcher m = TOKEN.matcher(text);
        while (m.find()) {
            tokens.add(m.group());
        }
    }

    static Type parse(String text) {
        TypeSyntax parser = new TypeSyntax(text);
        Type type = parser.type();
        if (parser.pos != parser.tokens.size()) {
            throw new IllegalArgumentException("trailing text in " + text);
        }
        return type;
    }

    private String take() {
        if (pos >= tokens.size()) {
            throw new IllegalArgumentException("unexpected end of " + text);
        }
        return tokens.get(pos++);
    }

    private void expect(String token) {
        String found = take();
        if (!found.equals(token)) {
            throw new IllegalArgumentException("expected " + token + " but found " + found + " in " + text);
        }
    }

    private Type type() {
        String name = take();
        Type atom = ATOMS.get(name);
        if (atom != null) {
            return atom;
        }
        expect("[");
        List<Type> args = new ArrayList<>();
        if (tokens.get(pos).equals("()")) {
            take();
        } else {
            args.add(type());
            while (tokens.get(pos).equals(",")) {
                take();
                args.add(type());
            }
        }
        expect("]");
        switch (name) {
            case "List":
                return new ListType(args.get(0));
            case "Optional":
                return Types.optional(args.get(0));
            case "Union":
                return Types.union(args);
            case "Tuple":
                return new TupleType(args);
            case "Dict":
                return new DictType(args.get(0), args.get(1));
            case "Future":
                return new FutureType(args.get(0));
            case "RRef":
                return new RRefType(args.get(0));
            default:
                throw new IllegalArgumentException("unknown type constructor " + name + " in " + text);
        }
    }
}
