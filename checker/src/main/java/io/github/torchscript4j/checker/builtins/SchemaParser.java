package io.github.torchscript4j.checker.builtins;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Parses one operator schema in libtorch's text form into a {@link FunctionSchema}.
 *
 * <p>The grammar, as libtorch prints schemas (spaces are allowed between tokens, but not before
 * a type's suffixes):
 *
 * <pre>
 * schema     = opname [ "." overload ] "(" [ params ] ")" "-&gt;" results
 * opname     = ident "::" ident
 * params     = param { "," param }              -- at most one "*", "..." only last
 * param      = "*" | "..." | argument
 * results    = "..." | "(" [ result { "," result } ] ")" | argument
 * result     = "..." | argument                 -- "..." only last
 * argument   = type [ ident [ "=" default ] ]
 * type       = base { alias | "[" [ int ] "]" | "?" }
 * base       = "(" [ nested { "," nested } ] ")"                    -- tuple
 *            | "Dict(" nested "," nested ")" | "Future(" nested ")" | "Await(" nested ")"
 *            | "RRef(" nested ")" | "Union(" nested { "," nested } ")"
 *            | "__torch__." dotted                                   -- TorchBind class
 *            | primitive | lowercase-ident                           -- type variable
 * nested     = base { "[" "]" | "?" }
 * alias      = "(" sets [ "!" ] [ "-&gt;" sets ] ")"
 * sets       = ( ident | "*" ) { "|" ( ident | "*" ) }
 * default    = string | "[" [ default { "," default } ] "]" | "(" ... ")" | token
 * </pre>
 *
 * <p>An alias annotation before a list's brackets ({@code Tensor(a!)[]}) annotates the elements;
 * after them ({@code t[](a!)}) the list; a fixed size ({@code int[2]}) only fits the outermost
 * list of an argument. These are the places libtorch's own printer puts them.
 *
 * <p><b>Never throws</b> on malformed text: {@link #parse(String)} returns a {@link
 * SchemaParseResult.Failed} with a message and the offset of the problem. (Inside, a private
 * exception unwinds the recursive descent to that one place.)
 */
public final class SchemaParser {
    /** Deeper nesting of types or defaults than this is rejected, so that no input can exhaust the stack. */
    private static final int MAX_DEPTH = 100;

    private final String text;
    private int pos;
    private int depth;

    private SchemaParser(String text) {
        this.text = text;
    }

    /** Parses {@code line}, one schema such as {@code aten::relu(Tensor self) -> Tensor}. */
    public static SchemaParseResult parse(String line) {
        Objects.requireNonNull(line);
        SchemaParser parser = new SchemaParser(line);
        try {
            return new SchemaParseResult.Parsed(parser.schema());
        } catch (Malformed e) {
            return new SchemaParseResult.Failed(e.getMessage(), e.offset);
        }
    }

    // ---------------------------------------------------------------- schema, arguments, returns

    private FunctionSchema schema() {
        skipSpaces();
        String namespace = identifier("an operator namespace");
        expect("::");
        String name = namespace + "::" + identifier("an operator name");
        String overload = "";
        if (peek() == '.') {
            pos++;
            overload = word("an overload name");
        }
        skipSpaces();
        expect("(");
        List<SchemaArgument> arguments = new ArrayList<>();
        boolean keywordOnly = false;
        boolean vararg = false;
        skipSpaces();
        if (!tryConsume(")")) {
            while (true) {
                skipSpaces();
                int start = pos;
                if (tryConsume("...")) {
                    vararg = true;
                    skipSpaces();
                    expect(")");
                    break;
                }
                if (tryConsume("*")) {
                    if (keywordOnly) {
                        throw error(start, "a second '*'");
                    }
                    keywordOnly = true;
                    skipSpaces();
                    if (peek() != ',') {
                        throw error(pos, "'*' must be followed by a keyword-only argument");
                    }
                } else {
                    arguments.add(argument(keywordOnly, true));
                }
                skipSpaces();
                if (tryConsume(")")) {
                    break;
                }
                expect(",");
            }
        }
        if (keywordOnly && (arguments.isEmpty() || !arguments.get(arguments.size() - 1).kwargOnly())) {
            throw error(pos, "'*' must be followed by a keyword-only argument");
        }
        skipSpaces();
        expect("->");
        skipSpaces();
        List<SchemaArgument> returns = new ArrayList<>();
        boolean varret = false;
        if (tryConsume("...")) {
            varret = true;
        } else if (tryConsume("(")) {
            skipSpaces();
            if (!tryConsume(")")) {
                while (true) {
                    skipSpaces();
                    if (tryConsume("...")) {
                        varret = true;
                        skipSpaces();
                        expect(")");
                        break;
                    }
                    returns.add(argument(false, false));
                    skipSpaces();
                    if (tryConsume(")")) {
                        break;
                    }
                    expect(",");
                }
            }
        } else {
            returns.add(argument(false, false));
        }
        skipSpaces();
        if (pos < text.length()) {
            throw error(pos, "unexpected " + describe(pos) + " after the returns");
        }
        return new FunctionSchema(name, overload, arguments, returns, vararg, varret);
    }

    /** {@code type [name [= default]]}; a default only where {@code defaults} (arguments, not returns). */
    private SchemaArgument argument(boolean keywordOnly, boolean defaults) {
        AnnotatedType annotated = annotatedType();
        int afterType = pos;
        skipSpaces();
        String name = "";
        if (isIdentifierStart(peek())) {
            name = identifier("an argument name");
        } else {
            pos = afterType;
        }
        Optional<String> defaultValue = Optional.empty();
        skipSpaces();
        if (peek() == '=') {
            if (name.isEmpty()) {
                throw error(pos, "a default value needs an argument name");
            }
            if (!defaults) {
                throw error(pos, "a return cannot have a default value");
            }
            pos++;
            skipSpaces();
            int start = pos;
            defaultValue();
            defaultValue = Optional.of(text.substring(start, pos));
        }
        return new SchemaArgument(name, annotated.type, defaultValue, keywordOnly, annotated.alias, annotated.size);
    }

    // ------------------------------------------------------------------------------------- types

    private record AnnotatedType(SchemaType type, Optional<AliasInfo> alias, OptionalInt size) {}

    /** A type with the suffixes an argument may carry: alias annotations, {@code [N]}, {@code ?}. */
    private AnnotatedType annotatedType() {
        SchemaType type = baseType();
        AliasInfo pending = null; // the annotation of the type built so far
        AliasInfo contained = null; // the annotation of the outermost list's elements
        OptionalInt size = OptionalInt.empty();
        boolean list = false;
        while (true) {
            int start = pos;
            char c = peek();
            if (c == '(') {
                if (pending != null) {
                    throw error(start, "a second alias annotation");
                }
                pending = aliasAnnotation();
            } else if (c == '[') {
                pos++;
                skipSpaces();
                OptionalInt length = OptionalInt.empty();
                if (isDigit(peek())) {
                    length = OptionalInt.of(integer());
                    skipSpaces();
                }
                expect("]");
                if (size.isPresent()) {
                    throw error(start, "only the outermost list of an argument can have a fixed size");
                }
                if (contained != null || (pending != null && list)) {
                    throw error(start, "alias annotations of nested lists' elements are not supported");
                }
                contained = pending;
                pending = null;
                type = new SchemaType.ListType(type);
                size = length;
                list = true;
            } else if (c == '?') {
                if (type instanceof SchemaType.OptionalType) {
                    throw error(start, "'?' twice");
                }
                pos++;
                type = new SchemaType.OptionalType(type);
            } else {
                break;
            }
        }
        Optional<AliasInfo> alias;
        if (contained == null) {
            alias = Optional.ofNullable(pending);
        } else if (pending == null) {
            alias = Optional.of(AliasInfo.containing(contained));
        } else {
            alias = Optional.of(new AliasInfo(pending.beforeSets(), pending.afterSets(), pending.isWrite(), List.of(contained)));
        }
        return new AnnotatedType(type, alias, size);
    }

    /** A type inside another ({@code Dict(str, t)}, a tuple): {@code []} and {@code ?} only. */
    private SchemaType nestedType() {
        SchemaType type = baseType();
        while (true) {
            int start = pos;
            char c = peek();
            if (c == '[') {
                pos++;
                skipSpaces();
                if (isDigit(peek())) {
                    throw error(pos, "a fixed list size is only allowed on an argument, not inside a type");
                }
                expect("]");
                type = new SchemaType.ListType(type);
            } else if (c == '?') {
                if (type instanceof SchemaType.OptionalType) {
                    throw error(start, "'?' twice");
                }
                pos++;
                type = new SchemaType.OptionalType(type);
            } else if (c == '(') {
                throw error(start, "alias annotations are only allowed on an argument, not inside a type");
            } else {
                return type;
            }
        }
    }

    private SchemaType baseType() {
        int start = pos;
        if (++depth > MAX_DEPTH) {
            throw error(start, "types nested too deeply");
        }
        try {
            if (tryConsume("(")) {
                return new SchemaType.TupleType(typeList(start, 0));
            }
            if (!isIdentifierStart(peek())) {
                throw error(start, "expected a type but found " + describe(start));
            }
            String word = dottedIdentifier();
            if (word.indexOf('.') >= 0) {
                if (word.startsWith("__torch__.") && !word.endsWith(".")) {
                    return new SchemaType.CustomClass(word);
                }
                throw error(start, "unknown type '" + word + "'");
            }
            if (peek() == '(') {
                switch (word) {
                    case "Dict": {
                        pos++;
                        List<SchemaType> types = typeList(start, 2);
                        return new SchemaType.DictType(types.get(0), types.get(1));
                    }
                    case "Future":
                        pos++;
                        return new SchemaType.FutureType(typeList(start, 1).get(0));
                    case "Await":
                        pos++;
                        return new SchemaType.AwaitType(typeList(start, 1).get(0));
                    case "RRef":
                        pos++;
                        return new SchemaType.RRefType(typeList(start, 1).get(0));
                    case "Union": {
                        pos++;
                        List<SchemaType> types = typeList(start, 0);
                        if (types.isEmpty()) {
                            throw error(start, "Union() needs at least one type");
                        }
                        return new SchemaType.UnionType(types);
                    }
                    default:
                        break; // an alias annotation follows
                }
            }
            Optional<SchemaType.Primitive> primitive = SchemaType.Primitive.bySpelling(word);
            if (primitive.isPresent()) {
                return primitive.get();
            }
            if (Character.isLowerCase(word.charAt(0))) {
                return new SchemaType.TypeVariable(word);
            }
            switch (word) {
                case "Dict":
                case "Future":
                case "Await":
                case "RRef":
                case "Union":
                    throw error(pos, "expected '(' after " + word);
                default:
                    throw error(start, "unknown type '" + word + "'");
            }
        } finally {
            depth--;
        }
    }

    /** Comma-separated nested types up to {@code ')'} (just consumed the {@code '('}); {@code count} 0 for any number. */
    private List<SchemaType> typeList(int start, int count) {
        List<SchemaType> types = new ArrayList<>();
        skipSpaces();
        if (!tryConsume(")")) {
            while (true) {
                skipSpaces();
                types.add(nestedType());
                skipSpaces();
                if (tryConsume(")")) {
                    break;
                }
                expect(",");
            }
        }
        if (count > 0 && types.size() != count) {
            throw error(start, "expected " + count + (count == 1 ? " type" : " types") + " in " + text.substring(start, pos));
        }
        return types;
    }

    /** {@code (a)}, {@code (a!)}, {@code (a -> *)}, {@code (b|a)}, {@code (*)}. */
    private AliasInfo aliasAnnotation() {
        expect("(");
        skipSpaces();
        List<String> before = aliasSets();
        boolean write = tryConsume("!");
        skipSpaces();
        List<String> after = before;
        if (tryConsume("->")) {
            skipSpaces();
            after = aliasSets();
            skipSpaces();
        }
        expect(")");
        return new AliasInfo(before, after, write, List.of());
    }

    private List<String> aliasSets() {
        List<String> sets = new ArrayList<>();
        do {
            skipSpaces();
            if (tryConsume("*")) {
                sets.add(AliasInfo.WILDCARD);
            } else {
                sets.add(identifier("an alias set"));
            }
            skipSpaces();
        } while (tryConsume("|"));
        return sets;
    }

    // ---------------------------------------------------------------------------------- defaults

    /** Skips one default value: a string, a list or tuple of defaults, or a token (number, None, True). */
    private void defaultValue() {
        int start = pos;
        if (++depth > MAX_DEPTH) {
            throw error(start, "default value nested too deeply");
        }
        try {
            char c = peek();
            if (c == '"' || c == '\'') {
                stringLiteral();
            } else if (c == '[' || c == '(') {
                char close = c == '[' ? ']' : ')';
                pos++;
                skipSpaces();
                if (!tryConsume(String.valueOf(close))) {
                    while (true) {
                        skipSpaces();
                        defaultValue();
                        skipSpaces();
                        if (tryConsume(String.valueOf(close))) {
                            break;
                        }
                        expect(",");
                    }
                }
            } else {
                while (pos < text.length() && isTokenPart(text.charAt(pos))) {
                    pos++;
                }
                if (pos == start) {
                    throw error(start, "expected a default value but found " + describe(start));
                }
            }
        } finally {
            depth--;
        }
    }

    private void stringLiteral() {
        int start = pos;
        char quote = text.charAt(pos++);
        while (pos < text.length()) {
            char c = text.charAt(pos++);
            if (c == '\\') {
                pos++; // the escaped character, whatever it is
            } else if (c == quote) {
                return;
            }
        }
        pos = text.length();
        throw error(start, "unterminated string");
    }

    // ------------------------------------------------------------------------------------ tokens

    private String identifier(String what) {
        int start = pos;
        if (!isIdentifierStart(peek())) {
            throw error(start, "expected " + what + " but found " + describe(start));
        }
        while (pos < text.length() && isIdentifierPart(text.charAt(pos))) {
            pos++;
        }
        return text.substring(start, pos);
    }

    /** Letters, digits and {@code _}, possibly starting with a digit (overload names). */
    private String word(String what) {
        int start = pos;
        while (pos < text.length() && isIdentifierPart(text.charAt(pos))) {
            pos++;
        }
        if (pos == start) {
            throw error(start, "expected " + what + " but found " + describe(start));
        }
        return text.substring(start, pos);
    }

    /** An identifier, or several joined by dots ({@code __torch__.torch.classes.x.Y}). */
    private String dottedIdentifier() {
        int start = pos;
        identifier("a type");
        while (peek() == '.' && pos + 1 < text.length() && isIdentifierStart(text.charAt(pos + 1))) {
            pos++;
            identifier("a type");
        }
        return text.substring(start, pos);
    }

    private int integer() {
        int start = pos;
        while (pos < text.length() && isDigit(text.charAt(pos))) {
            pos++;
        }
        try {
            return Integer.parseInt(text.substring(start, pos));
        } catch (NumberFormatException e) {
            throw error(start, "list size too large: " + text.substring(start, pos));
        }
    }

    private char peek() {
        return pos < text.length() ? text.charAt(pos) : '\0';
    }

    private boolean tryConsume(String token) {
        if (text.startsWith(token, pos)) {
            pos += token.length();
            return true;
        }
        return false;
    }

    private void expect(String token) {
        if (!tryConsume(token)) {
            throw error(pos, "expected '" + token + "' but found " + describe(pos));
        }
    }

    private void skipSpaces() {
        while (pos < text.length() && text.charAt(pos) == ' ') {
            pos++;
        }
    }

    private String describe(int offset) {
        if (offset >= text.length()) {
            return "the end of the line";
        }
        int c = text.codePointAt(offset);
        return Character.isISOControl(c) ? String.format("U+%04X", c) : "'" + new String(Character.toChars(c)) + "'";
    }

    private static boolean isIdentifierStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    }

    private static boolean isIdentifierPart(char c) {
        return isIdentifierStart(c) || isDigit(c);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** Characters of a bare default token: numbers ({@code -1}, {@code 1e-05}, {@code 2.}), {@code None}, {@code inf}. */
    private static boolean isTokenPart(char c) {
        return isIdentifierPart(c) || c == '.' || c == '-' || c == '+';
    }

    private Malformed error(int offset, String message) {
        return new Malformed(message, offset);
    }

    /** Unwinds the descent to {@link #parse(String)}; never escapes it. */
    private static final class Malformed extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int offset;

        Malformed(String message, int offset) {
            super(message, null, false, false);
            this.offset = offset;
        }
    }
}
