package io.github.torchscript4j.checker.ir;

import io.github.torchscript4j.checker.builtins.FunctionSchema;
import io.github.torchscript4j.checker.builtins.OperatorTable;
import io.github.torchscript4j.checker.builtins.SchemaArgument;
import io.github.torchscript4j.checker.eval.DeviceValue;
import io.github.torchscript4j.checker.eval.Tuple;
import io.github.torchscript4j.checker.types.Type;
import io.github.torchscript4j.checker.types.TypeDeclaration;
import io.github.torchscript4j.checker.types.Types;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Test tool: reads the reference's {@code fn.graph} text back into our IR, so that {@link
 * CodePrinter} can be checked against the reference's {@code fn.code} of the very same graph,
 * independently of the emitter. Operator nodes get the overload whose argument count and types fit
 * their inputs best (the graph text does not name overloads). What the text cannot say is lost: a
 * function constant knows only its short name (read as {@code __torch__.NAME}), and parameters have
 * no defaults.
 */
final class ReferenceGraphParser {
    private final Graph graph = new Graph();
    private final Map<String, Value> values = new HashMap<>();

    private ReferenceGraphParser() {}

    /** The function {@code name} whose graph the reference printed as {@code text}. */
    static Function parseFunction(String qualifiedName, String text) {
        ReferenceGraphParser p = new ReferenceGraphParser();
        p.parse(text);
        List<Function.Param> params = new ArrayList<>();
        for (Value in : p.graph.inputs()) {
            params.add(new Function.Param(CodePrinter.baseName(in), in.type(), Optional.empty(), false));
        }
        Type ret = p.graph.outputs().size() == 1 ? p.graph.outputs().get(0).type() : Types.NONE;
        return new Function(qualifiedName, params, ret, p.graph);
    }

    private void parse(String text) {
        String[] lines = text.split("\n");
        int i = 0;
        StringBuilder header = new StringBuilder(lines[i].strip());
        while (!header.toString().endsWith("):")) {
            header.append(' ').append(lines[++i].strip());
        }
        i++;
        String h = header.toString();
        String inner = h.substring("graph(".length(), h.length() - 2).strip();
        for (String decl : splitTop(inner, ',')) {
            if (!decl.isBlank()) {
                declare(decl.strip(), graph.block());
            }
        }
        Deque<Block> blocks = new ArrayDeque<>();
        blocks.push(graph.block());
        Deque<Node> owners = new ArrayDeque<>();
        for (; i < lines.length; i++) {
            String line = stripComment(lines[i]).strip();
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("return (")) {
                for (String v : splitTop(line.substring(8, line.length() - 1), ',')) {
                    if (!v.isBlank()) {
                        graph.block().addReturn(value(v.strip()));
                    }
                }
                break;
            }
            if (line.startsWith("block") && line.endsWith("):")) {
                Node owner = owners.peek();
                Block b = owner.addBlock();
                String params = line.substring(line.indexOf('(') + 1, line.length() - 2);
                for (String decl : splitTop(params, ',')) {
                    if (!decl.isBlank()) {
                        declare(decl.strip(), b);
                    }
                }
                blocks.push(b);
                continue;
            }
            if (line.startsWith("-> (")) {
                Block b = blocks.pop();
                for (String v : splitTop(line.substring(4, line.length() - 1), ',')) {
                    if (!v.isBlank()) {
                        b.addReturn(value(v.strip()));
                    }
                }
                Node owner = owners.peek();
                if (owner.blocks().size() == expectedBlocks(owner)) {
                    owners.pop();
                }
                continue;
            }
            Node n = node(line, blocks.peek());
            if (expectedBlocks(n) > 0) {
                owners.push(n);
            }
        }
    }

    private static int expectedBlocks(Node n) {
        return n.is("prim::If") ? 2 : n.is("prim::Loop") ? 1 : 0;
    }

    private static String stripComment(String line) {
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\' && quoted) {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == '#' && !quoted) {
                return line.substring(0, i);
            }
        }
        return line;
    }

    private void declare(String decl, Block b) {
        int colon = decl.indexOf(" : ");
        String name = decl.substring(1, colon);
        Value v = b.addParam(TypeText.parse(decl.substring(colon + 3).strip()));
        name(v, name);
    }

    private void name(Value v, String name) {
        if (!name.chars().allMatch(Character::isDigit)) {
            v.setDebugName(name.replaceFirst("\\.\\d+$", ""));
        }
        values.put(name, v);
    }

    private Value value(String ref) {
        Value v = values.get(ref.substring(1));
        if (v == null) {
            throw new IllegalArgumentException("unknown value " + ref);
        }
        return v;
    }

    private Node node(String line, Block b) {
        int eq = line.indexOf(" = ");
        String lhs = line.startsWith("=") ? "" : line.substring(0, eq).strip();
        String rhs = line.startsWith("=") ? line.substring(1).strip() : line.substring(eq + 3).strip();
        int open = rhs.indexOf('(');
        int bracket = rhs.indexOf('[');
        String kind;
        String attrs = "";
        String args;
        if (bracket >= 0 && bracket < open) {
            kind = rhs.substring(0, bracket);
            int close = matching(rhs, bracket);
            attrs = rhs.substring(bracket + 1, close);
            args = rhs.substring(close + 2, rhs.lastIndexOf(')'));
        } else {
            kind = rhs.substring(0, open);
            args = rhs.substring(open + 1, rhs.lastIndexOf(')'));
        }
        Node n = graph.create(kind);
        for (String a : splitTop(args, ',')) {
            if (!a.isBlank()) {
                n.addInput(value(a.strip()));
            }
        }
        if (!lhs.isEmpty()) {
            for (String decl : splitTop(lhs, ',')) {
                decl = decl.strip();
                int colon = decl.indexOf(" : ");
                Value v = n.addOutput(TypeText.parse(decl.substring(colon + 3).strip()));
                name(v, decl.substring(1, colon));
            }
        }
        for (String attr : splitTop(attrs, ',')) {
            if (attr.isBlank()) {
                continue;
            }
            int e = attr.indexOf('=');
            String key = attr.substring(0, e).strip();
            String text = attr.substring(e + 1).strip();
            n.setAttribute(key, attribute(n, key, text));
        }
        if (!kind.equals("prim::Constant")) {
            chooseSchema(n);
        }
        b.append(n);
        return n;
    }

    private Object attribute(Node n, String key, String text) {
        if (key.equals("types")) {
            List<Type> types = new ArrayList<>();
            for (String t : splitTop(text.substring(1, text.length() - 1), ',')) {
                types.add(TypeText.parse(t.strip()));
            }
            return types;
        }
        if (key.equals("name")) {
            String name = unquote(text);
            if (n.is("prim::Constant")) {
                n.output().setType(new Type.FunctionType("__torch__." + name, TypeDeclaration.NONE));
            }
            return name;
        }
        if (key.equals("value") && n.is("prim::Constant")) {
            return constant(text, n.output().type());
        }
        return text.startsWith("\"") ? unquote(text) : text;
    }

    private static Object constant(String text, Type t) {
        if (t instanceof Type.BoolType) {
            return text.equals("1") || text.equals("True");
        }
        if (t instanceof Type.IntType) {
            return Long.parseLong(text);
        }
        if (t instanceof Type.FloatType) {
            return parseDouble(text);
        }
        if (t instanceof Type.StrType) {
            return unquote(text);
        }
        if (t instanceof Type.DeviceType) {
            return DeviceValue.parse(unquote(text));
        }
        if (t instanceof Type.EnumType) {
            return text.substring(text.lastIndexOf('.') + 1);
        }
        if (t instanceof Type.ListType l) {
            List<Object> items = new ArrayList<>();
            for (String s : splitTop(text.substring(1, text.length() - 1), ',')) {
                if (!s.isBlank()) {
                    items.add(constant(s.strip(), l.elem()));
                }
            }
            return List.copyOf(items);
        }
        if (t instanceof Type.TupleType tt) {
            List<String> parts = splitTop(text.substring(1, text.length() - 1), ',');
            List<Object> items = new ArrayList<>();
            int k = 0;
            for (String s : parts) {
                if (!s.isBlank()) {
                    items.add(constant(s.strip(), tt.elements().get(k++)));
                }
            }
            return new Tuple(items);
        }
        return text;
    }

    private static double parseDouble(String text) {
        return switch (text) {
            case "inf" -> Double.POSITIVE_INFINITY;
            case "-inf" -> Double.NEGATIVE_INFINITY;
            case "nan" -> Double.NaN;
            default -> Double.parseDouble(text);
        };
    }

    private static String unquote(String text) {
        String s = text.substring(1, text.length() - 1);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char e = s.charAt(++i);
                switch (e) {
                    case 'n' -> b.append('\n');
                    case 't' -> b.append('\t');
                    case 'r' -> b.append('\r');
                    case 'f' -> b.append('\f');
                    case 'v' -> b.append('\u000b');
                    case 'a' -> b.append('\u0007');
                    case 'b' -> b.append('\b');
                    default -> {
                        if (e >= '0' && e <= '7' && i + 2 < s.length()) {
                            b.append((char) Integer.parseInt(s.substring(i, i + 3), 8));
                            i += 2;
                        } else {
                            b.append(e);
                        }
                    }
                }
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    private static void chooseSchema(Node n) {
        List<FunctionSchema> overloads = OperatorTable.builtin().overloads(n.kind());
        FunctionSchema best = null;
        int bestScore = Integer.MIN_VALUE;
        for (FunctionSchema s : overloads) {
            List<SchemaArgument> args = s.arguments();
            if (!(args.size() == n.inputs().size() || (s.isVararg() && args.size() <= n.inputs().size()))) {
                continue;
            }
            int score = 0;
            for (int i = 0; i < args.size(); i++) {
                score += fit(args.get(i).type().toString(), n.input(i).type());
            }
            if (score > bestScore) {
                bestScore = score;
                best = s;
            }
        }
        if (best != null) {
            n.setSchema(best);
        }
    }

    private static int fit(String schemaType, Type t) {
        String s = t.str();
        if (schemaType.equals(s)) {
            return 3;
        }
        if (schemaType.endsWith("?") && (t instanceof Type.NoneType || schemaType.equals(s + "?"))) {
            return 3;
        }
        if (schemaType.startsWith("Scalar") && (t instanceof Type.IntType || t instanceof Type.FloatType
                || t instanceof Type.BoolType || t instanceof Type.ComplexType || t instanceof Type.NumberType)) {
            return 2;
        }
        if (schemaType.equals("ScalarType") || schemaType.equals("Layout") || schemaType.equals("MemoryFormat")) {
            return t instanceof Type.IntType ? 2 : 0;
        }
        if (schemaType.length() <= 2 || schemaType.contains("t") && schemaType.matches(".*\\bt\\b.*")) {
            return 1;
        }
        if (schemaType.equals("Any")) {
            return 1;
        }
        return 0;
    }

    private static int matching(String s, int open) {
        int depth = 0;
        boolean quoted = false;
        for (int i = open; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quoted) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    quoted = false;
                }
                continue;
            }
            if (c == '"') {
                quoted = true;
            } else if (c == '[' || c == '(' || c == '{' || c == '<') {
                depth++;
            } else if (c == ']' || c == ')' || c == '}' || c == '>') {
                depth--;
                if (depth == 0) {
                    return i;
                }
            }
        }
        throw new IllegalArgumentException("unbalanced: " + s);
    }

    /** Splits at {@code sep} outside brackets and quotes. */
    static List<String> splitTop(String s, char sep) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quoted) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    quoted = false;
                }
                continue;
            }
            if (c == '"') {
                quoted = true;
            } else if (c == '[' || c == '(' || c == '{' || c == '<') {
                depth++;
            } else if (c == ']' || c == ')' || c == '}' || c == '>') {
                depth--;
            } else if (c == sep && depth == 0) {
                parts.add(s.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(s.substring(start));
        return parts;
    }

    /** Types as {@code .graph} prints them ({@code Dict(str, int)}, {@code (int, Tensor)[]}). */
    static final class TypeText {
        private final String s;
        private int pos;

        private TypeText(String s) {
            this.s = s;
        }

        static Type parse(String text) {
            TypeText p = new TypeText(text.strip());
            Type t = p.type();
            if (p.pos != p.s.length()) {
                throw new IllegalArgumentException("trailing text in type " + text);
            }
            return t;
        }

        private Type type() {
            Type t = base();
            while (pos < s.length()) {
                if (s.startsWith("[]", pos)) {
                    t = new Type.ListType(t);
                    pos += 2;
                } else if (s.charAt(pos) == '?') {
                    t = Types.optional(t);
                    pos++;
                } else {
                    break;
                }
            }
            return t;
        }

        private Type base() {
            if (s.charAt(pos) == '(') {
                pos++;
                List<Type> elems = list(')');
                return new Type.TupleType(elems);
            }
            int start = pos;
            while (pos < s.length() && (Character.isLetterOrDigit(s.charAt(pos)) || s.charAt(pos) == '_' || s.charAt(pos) == '.')) {
                pos++;
            }
            String name = s.substring(start, pos);
            if (pos < s.length() && s.charAt(pos) == '(') {
                pos++;
                switch (name) {
                    case "Dict" -> {
                        List<Type> kv = list(')');
                        return new Type.DictType(kv.get(0), kv.get(1));
                    }
                    case "Union" -> {
                        return Types.union(list(')'));
                    }
                    case "Future" -> {
                        return new Type.FutureType(list(')').get(0));
                    }
                    case "RRef" -> {
                        return new Type.RRefType(list(')').get(0));
                    }
                    case "NamedTuple" -> {
                        List<String> names = new ArrayList<>();
                        List<Type> types = new ArrayList<>();
                        while (s.charAt(pos) != ')') {
                            int colon = s.indexOf(" : ", pos);
                            names.add(s.substring(pos, colon).strip());
                            pos = colon + 3;
                            types.add(type());
                            if (s.startsWith(", ", pos)) {
                                pos += 2;
                            }
                        }
                        pos++;
                        return new Type.TupleType(types, Optional.of(new Type.TupleType.Named("NamedTuple", names)));
                    }
                    default -> {
                        // A refined tensor type, Float(3, 4, strides=...): a tensor.
                        int depth = 1;
                        while (depth > 0) {
                            char c = s.charAt(pos++);
                            depth += c == '(' ? 1 : c == ')' ? -1 : 0;
                        }
                        return Types.TENSOR;
                    }
                }
            }
            if ((name.equals("Future") || name.equals("RRef")) && pos < s.length() && s.charAt(pos) == '[') {
                pos++;
                Type elem = type();
                pos++;
                return name.equals("Future") ? new Type.FutureType(elem) : new Type.RRefType(elem);
            }
            if (name.isEmpty()) {
                throw new IllegalArgumentException("cannot read type at " + pos + ": " + s);
            }
            if (name.equals("Enum") && s.charAt(pos) == '<') {
                int close = s.indexOf('>', pos);
                String q = s.substring(pos + 1, close);
                pos = close + 1;
                return new Type.EnumType(q, Types.INT, TypeDeclaration.NONE);
            }
            return switch (name) {
                case "Tensor" -> Types.TENSOR;
                case "int", "ScalarType", "Layout", "MemoryFormat" -> Types.INT;
                case "float" -> Types.FLOAT;
                case "bool" -> Types.BOOL;
                case "str" -> Types.STR;
                case "complex" -> Types.COMPLEX;
                case "NoneType" -> Types.NONE;
                case "Device" -> Types.DEVICE;
                case "Any" -> Types.ANY;
                case "Scalar", "number" -> Types.NUMBER;
                case "Function" -> new Type.FunctionType("__torch__.function", TypeDeclaration.NONE);
                case "Generator" -> Types.GENERATOR;
                case "Storage" -> Types.STORAGE;
                default -> new Type.ClassType(name, TypeDeclaration.NONE);
            };
        }

        private List<Type> list(char close) {
            List<Type> out = new ArrayList<>();
            while (s.charAt(pos) != close) {
                out.add(type());
                if (s.startsWith(", ", pos)) {
                    pos += 2;
                } else if (s.charAt(pos) == ',') {
                    pos++;
                }
            }
            pos++;
            return out;
        }
    }
}
