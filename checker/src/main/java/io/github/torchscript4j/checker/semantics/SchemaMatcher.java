package io.github.torchscript4j.checker.semantics;

import io.github.torchscript4j.checker.builtins.FunctionSchema;
import io.github.torchscript4j.checker.builtins.OperatorTable;
import io.github.torchscript4j.checker.builtins.SchemaArgument;
import io.github.torchscript4j.checker.builtins.SchemaType;
import io.github.torchscript4j.checker.source.Code;
import io.github.torchscript4j.checker.source.SourceRange;
import io.github.torchscript4j.checker.syntax.ast.Expr;
import io.github.torchscript4j.checker.syntax.ast.Keyword;
import io.github.torchscript4j.checker.types.Type;
import io.github.torchscript4j.checker.types.TypeRelations;
import io.github.torchscript4j.checker.types.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Calls of libtorch operators — {@code torch.X(...)}, methods of tensors, lists, dicts and strings,
 * and binary operators the checker cannot type otherwise — matched against every overload of the
 * operator in {@code OperatorTable}, as the reference's schema matching does: positional and
 * keyword arguments, defaults, keyword-only arguments, {@code Optional} formals, type variables
 * bound on first use, {@code int[2]} from one int, the implicit conversions of a tensor to a
 * number and of a string to a device.
 *
 * <p>Three outcomes per overload: it matches, it cannot match (with the reason), or the checker is
 * not sure (unknown argument types, varargs packed into a list, schema types it does not model).
 * Only when every overload cannot match is the call reported — "Arguments for call are not valid."
 * with the candidates, or, for an operator with one overload, that schema as the first line, as
 * the reference words it. The result is the return type of the overload the reference picks: the
 * first in the table's order (libtorch's registration order) that matches without implicit
 * conversions, else the first that matches with them; unknown when an overload before it is one the
 * checker is not sure of.
 */
final class SchemaMatcher {
    private SchemaMatcher() {}

    /** One argument of a call: its type and, for an empty list display, that fact. */
    record Arg(Type type, boolean emptyDisplay) {}

    private enum Verdict { MATCH, NO, UNSURE }

    /**
     * One overload's verdict; {@code converted}: the match needs one of the implicit conversions
     * the reference allows only on its second pass (a tensor to a number, a string to a device,
     * single values packed into a list).
     */
    private record Outcome(Verdict verdict, Type result, String reason, boolean converted) {}

    /** Type variables bound so far, and whether an implicit conversion was needed. */
    private static final class Bindings extends HashMap<String, Type> {
        private static final long serialVersionUID = 1L;
        boolean converted;
    }

    static Type function(ExpressionChecker exprs, String operator, Expr.Call c) {
        List<Arg> positional = new ArrayList<>();
        Map<String, Arg> keywords = new LinkedHashMap<>();
        if (!arguments(exprs, c, positional, keywords)) {
            return Types.UNKNOWN;
        }
        return match(exprs, operator, positional, keywords, c.func().range());
    }

    static Type method(ExpressionChecker exprs, Value.BoundMethod m, Expr.Call c) {
        List<Arg> positional = new ArrayList<>();
        positional.add(new Arg(m.receiver(), false));
        Map<String, Arg> keywords = new LinkedHashMap<>();
        if (!arguments(exprs, c, positional, keywords)) {
            return Types.UNKNOWN;
        }
        if (m.name().startsWith("_")) {
            return Types.UNKNOWN;
        }
        return match(exprs, "aten::" + m.name(), positional, keywords, c.func().range());
    }

    /** A binary operator on two typed operands, as the reference emits it: {@code aten::op(a, b)}. */
    static Type operator(ExpressionChecker exprs, String operator, Type left, Type right, SourceRange range) {
        return match(exprs, operator, List.of(new Arg(left, false), new Arg(right, false)), Map.of(), range);
    }

    private static boolean arguments(ExpressionChecker exprs, Expr.Call c, List<Arg> positional, Map<String, Arg> keywords) {
        boolean ok = true;
        for (Expr a : c.args()) {
            if (a instanceof Expr.Starred) {
                exprs.eval(a);
                ok = false;
                continue;
            }
            positional.add(new Arg(exprs.type(a), isEmptyDisplay(a)));
        }
        for (Keyword k : c.keywords()) {
            Type t = exprs.type(k.value());
            if (k.arg().isEmpty()) {
                ok = false;
            } else {
                keywords.put(k.arg().get(), new Arg(t, isEmptyDisplay(k.value())));
            }
        }
        return ok;
    }

    private static boolean isEmptyDisplay(Expr e) {
        return e instanceof Expr.List l && l.elts().isEmpty() || e instanceof Expr.Dict d && d.keys().isEmpty();
    }

    private static Type match(ExpressionChecker exprs, String operator, List<Arg> positional, Map<String, Arg> keywords,
            SourceRange range) {
        List<FunctionSchema> overloads = BuiltinFunctions.withOverloads(OperatorTable.builtin().overloads(operator), operator);
        if (overloads.isEmpty()) {
            return Types.UNKNOWN;
        }
        // The reference tries the overloads in registration order (the table's order), first
        // without implicit conversions, then with them; the first that matches wins. An overload
        // the checker is not sure of before it leaves the result unknown.
        List<Outcome> outcomes = new ArrayList<>();
        boolean unsure = false;
        StringBuilder variants = new StringBuilder();
        String onlyReason = "";
        for (FunctionSchema schema : overloads) {
            Outcome o = tryMatch(schema, positional, keywords);
            outcomes.add(o);
            if (o.verdict == Verdict.UNSURE) {
                unsure = true;
            } else if (o.verdict == Verdict.NO) {
                variants.append("\n  \n  ").append(BuiltinFunctions.display(schema)).append(":\n  ").append(o.reason);
                onlyReason = o.reason;
            }
        }
        for (boolean conversions : new boolean[] {false, true}) {
            for (Outcome o : outcomes) {
                if (o.verdict == Verdict.UNSURE) {
                    return Types.UNKNOWN;
                }
                if (o.verdict == Verdict.MATCH && (conversions || !o.converted)) {
                    return o.result;
                }
            }
        }
        if (overloads.size() == 1) {
            exprs.sink().error(Code.NO_MATCHING_SCHEMA, range, overloads.get(0) + "\n" + onlyReason);
        } else {
            exprs.sink().error(Code.NO_MATCHING_SCHEMA, range,
                    "Arguments for call are not valid.\nThe following variants are available:" + variants);
        }
        return Types.UNKNOWN;
    }

    /**
     * The overload the reference picks for arguments of these types, reporting nothing: the
     * first in registration order that matches without implicit conversions, else the first that
     * matches with them. Overloads the matcher is unsure of are passed over.
     */
    static Optional<Overloads.Choice> choose(String operator, List<Arg> positional, Map<String, Arg> keywords) {
        List<FunctionSchema> overloads = BuiltinFunctions.withOverloads(OperatorTable.builtin().overloads(operator), operator);
        List<Outcome> outcomes = new ArrayList<>();
        for (FunctionSchema schema : overloads) {
            outcomes.add(tryMatch(schema, positional, keywords));
        }
        for (boolean conversions : new boolean[] {false, true}) {
            for (int i = 0; i < outcomes.size(); i++) {
                Outcome o = outcomes.get(i);
                if (o.verdict == Verdict.MATCH && (conversions || !o.converted)) {
                    return Optional.of(new Overloads.Choice(overloads.get(i), o.result));
                }
            }
        }
        // Where the checker was not sure (it accepted the call), the first such overload.
        for (int i = 0; i < outcomes.size(); i++) {
            if (outcomes.get(i).verdict == Verdict.UNSURE && !overloads.get(i).isVararg()) {
                return Optional.of(new Overloads.Choice(overloads.get(i), Types.UNKNOWN));
            }
        }
        return Optional.empty();
    }

    private static Outcome no(String reason) {
        return new Outcome(Verdict.NO, Types.UNKNOWN, reason, false);
    }

    private static final Outcome UNSURE = new Outcome(Verdict.UNSURE, Types.UNKNOWN, "", false);

    private static Outcome tryMatch(FunctionSchema schema, List<Arg> positional, Map<String, Arg> keywords) {
        if (schema.isVararg()) {
            return UNSURE;
        }
        List<SchemaArgument> formals = schema.arguments();
        Bindings bindings = new Bindings();
        boolean unsure = false;
        int positionalFormals = 0;
        while (positionalFormals < formals.size() && !formals.get(positionalFormals).kwargOnly()) {
            positionalFormals++;
        }
        if (positional.size() > positionalFormals) {
            if (positionalFormals > 0 && unwrap(formals.get(positionalFormals - 1).type()) instanceof SchemaType.ListType
                    && !(positional.get(positionalFormals - 1).type() instanceof Type.ListType)) {
                if (!packsIntoList(formals.get(positionalFormals - 1),
                        positional.subList(positionalFormals - 1, positional.size()))) {
                    return packFailure(formals.get(positionalFormals - 1),
                            positional.subList(positionalFormals - 1, positional.size())).map(SchemaMatcher::no).orElse(UNSURE);
                }
                List<Arg> packed = new ArrayList<>(positional.subList(0, positionalFormals - 1));
                packed.add(new Arg(new Type.ListType(toType(((SchemaType.ListType) unwrap(
                        formals.get(positionalFormals - 1).type())).element(), Map.of())), false));
                // Packing values into a last list parameter is no conversion to the reference: it
                // matches on the first pass (x.view(2, 3) is aten::view, not view.dtype).
                return tryMatch(schema, packed, keywords);
            }
        }
        // Too many positional arguments are reported as the reference finds them: after what is
        // wrong with the formals (a mismatch, a missing argument), before unknown keywords.
        String tooMany = positional.size() > positionalFormals ? "Expected at most " + positionalFormals
                + " arguments but found " + positional.size() + " positional arguments." : null;
        boolean[] used = new boolean[formals.size()];
        for (int i = 0; i < Math.min(positional.size(), positionalFormals); i++) {
            SchemaArgument f = formals.get(i);
            used[i] = true;
            Type actual = positional.get(i).type();
            if (i == positionalFormals - 1 && unwrap(f.type()) instanceof SchemaType.ListType
                    && !(actual instanceof Type.ListType) && !(actual instanceof Type.TupleType)
                    && !(actual instanceof Type.OptionalType o && o.elem() instanceof Type.ListType)) {
                // (an Optional[List[T]] is passed as it is to a T[]? formal: upsample_nearest1d.vec)
                // The reference packs single values into a last list formal (rand(2, 3)).
                if (!packsIntoList(f, positional.subList(i, positional.size()))) {
                    Optional<String> failure = packFailure(f, positional.subList(i, positional.size()));
                    if (failure.isPresent()) {
                        return no(failure.get());
                    }
                    unsure = true;
                }
                for (int j = i; j < positional.size(); j++) {
                    used[Math.min(j, formals.size() - 1)] = true;
                }
                break;
            }
            Verdict v = matches(f, positional.get(i), bindings);
            if (v == Verdict.NO) {
                return no(reason(f, positional.get(i).type(), bindings));
            }
            unsure |= v == Verdict.UNSURE;
        }
        for (Map.Entry<String, Arg> k : keywords.entrySet()) {
            int index = -1;
            for (int i = 0; i < formals.size(); i++) {
                if (formals.get(i).name().equals(k.getKey())) {
                    index = i;
                }
            }
            if (tooMany != null && (index < 0 || used[index])) {
                return no(tooMany);
            }
            if (index < 0) {
                return no("Keyword argument " + k.getKey() + " unknown.");
            }
            if (used[index]) {
                return no("Argument " + k.getKey() + " specified twice in schema, submit one or the other.");
            }
            used[index] = true;
            Verdict v = matches(formals.get(index), k.getValue(), bindings);
            if (v == Verdict.NO) {
                return no(reason(formals.get(index), k.getValue().type(), bindings));
            }
            unsure |= v == Verdict.UNSURE;
        }
        for (int i = 0; i < formals.size(); i++) {
            if (!used[i] && formals.get(i).defaultValueText().isEmpty()) {
                return no("Argument " + formals.get(i).name() + " not provided.");
            }
        }
        if (tooMany != null) {
            return no(tooMany);
        }
        if (unsure) {
            return UNSURE;
        }
        return new Outcome(Verdict.MATCH, returnType(schema, bindings), "", bindings.converted);
    }

    /** Whether a {@code self} formal may accept a receiver of {@code type} (not sure counts as yes). */
    static boolean acceptsReceiver(SchemaArgument self, Type type) {
        if (type instanceof Type.TupleType && unwrap(self.type()) instanceof SchemaType.ListType) {
            return false; // no conversion here: the reference requires a subtype
        }
        return matchType(self.type(), type, new Bindings()) != Verdict.NO;
    }

    /**
     * Why single values cannot be packed into a last list formal, when one of them certainly does
     * not have its element type (the reference's {@code tryCreateList} for {@code zeros("3")}).
     */
    private static Optional<String> packFailure(SchemaArgument f, List<Arg> values) {
        SchemaType elem = ((SchemaType.ListType) unwrap(f.type())).element();
        if (elem instanceof SchemaType.TypeVariable) {
            return Optional.empty();
        }
        for (Arg a : values) {
            if (Environment.known(a.type()) && matchType(elem, a.type(), new Bindings()) == Verdict.NO) {
                return Optional.of("Expected a value of type '" + toType(elem, Map.of()).annotationStr()
                        + "' for argument '<varargs>' but instead found type '" + a.type().reprStr() + "'.");
            }
        }
        return Optional.empty();
    }

    /** Whether single values all of an int list formal's element type ({@code int}) fill it. */
    private static boolean packsIntoList(SchemaArgument f, List<Arg> values) {
        SchemaType elem = ((SchemaType.ListType) unwrap(f.type())).element();
        if (elem != SchemaType.Primitive.INT && elem != SchemaType.Primitive.SYM_INT) {
            return false;
        }
        return values.stream().allMatch(a -> a.type() instanceof Type.IntType);
    }

    /**
     * Why {@code actual} does not fit formal {@code f}, in the reference's words: for a formal with
     * type variables, the structural mismatch its type-variable matching finds ("Could not match
     * type int to List[t] in argument 'a': Cannot match List[t] to int."), or else the formal as
     * written ("Expected a value of type 'Dict[int, t]' ..."); for any other, the formal's type.
     */
    private static String reason(SchemaArgument f, Type actual, Map<String, Type> bindings) {
        if (!hasTypeVariable(f.type())) {
            return "Expected a value of type '" + toType(f.type(), bindings).annotationStr() + "' for argument '"
                    + f.name() + "' but instead found type '" + actual.reprStr() + "'.";
        }
        Optional<String> mismatch = variableMismatch(f.type(), actual, bindings);
        if (mismatch.isPresent()) {
            return "Could not match type " + actual.reprStr() + " to " + written(f.type()) + " in argument '"
                    + f.name() + "': " + mismatch.get() + ".";
        }
        return "Expected a value of type '" + written(f.type()) + "' for argument '" + f.name()
                + "' but instead found type '" + actual.reprStr() + "'.";
    }

    private static boolean hasTypeVariable(SchemaType t) {
        if (t instanceof SchemaType.TypeVariable) {
            return true;
        }
        if (t instanceof SchemaType.OptionalType o) {
            return hasTypeVariable(o.element());
        }
        if (t instanceof SchemaType.ListType l) {
            return hasTypeVariable(l.element());
        }
        if (t instanceof SchemaType.DictType d) {
            return hasTypeVariable(d.key()) || hasTypeVariable(d.value());
        }
        if (t instanceof SchemaType.TupleType tt) {
            return tt.elements().stream().anyMatch(SchemaMatcher::hasTypeVariable);
        }
        return false;
    }

    /** The structural mismatch of the reference's type-variable matching, if there is one. */
    private static Optional<String> variableMismatch(SchemaType formal, Type actual, Map<String, Type> bindings) {
        if (formal instanceof SchemaType.OptionalType o) {
            if (actual instanceof Type.NoneType) {
                return Optional.empty();
            }
            return variableMismatch(o.element(), actual instanceof Type.OptionalType ao ? ao.elem() : actual, bindings);
        }
        if (formal instanceof SchemaType.TypeVariable v) {
            Type bound = bindings.get(v.name());
            return bound != null && Environment.known(bound) && !TypeRelations.sameType(bound, actual)
                    ? Optional.of("Type variable '" + v.name() + "' previously matched to type " + bound.reprStr()
                            + " is matched to type " + actual.reprStr())
                    : Optional.empty();
        }
        if (formal instanceof SchemaType.ListType l && hasTypeVariable(l)) {
            if (actual instanceof Type.ListType al) {
                return variableMismatch(l.element(), al.elem(), bindings);
            }
            return actual instanceof Type.TupleType ? Optional.empty()
                    : Optional.of("Cannot match " + written(formal) + " to " + actual.reprStr());
        }
        if (formal instanceof SchemaType.DictType d && hasTypeVariable(d)) {
            if (actual instanceof Type.DictType ad) {
                Optional<String> key = variableMismatch(d.key(), ad.key(), bindings);
                return key.isPresent() ? key : variableMismatch(d.value(), ad.value(), bindings);
            }
            return Optional.of("Cannot match a dict to " + actual.reprStr());
        }
        if (formal instanceof SchemaType.TupleType t && hasTypeVariable(t)) {
            if (actual instanceof Type.TupleType at && at.elements().size() == t.elements().size()) {
                for (int i = 0; i < t.elements().size(); i++) {
                    Optional<String> m = variableMismatch(t.elements().get(i), at.elements().get(i), bindings);
                    if (m.isPresent()) {
                        return m;
                    }
                }
                return Optional.empty();
            }
            return Optional.of("Cannot match a tuple to " + actual.reprStr());
        }
        return Optional.empty();
    }

    /** A schema type as an annotation, its type variables by name ({@code List[t]}, {@code Dict[int, t]}). */
    private static String written(SchemaType t) {
        if (t instanceof SchemaType.TypeVariable v) {
            return v.name();
        }
        if (t instanceof SchemaType.OptionalType o) {
            return "Optional[" + written(o.element()) + "]";
        }
        if (t instanceof SchemaType.ListType l) {
            return "List[" + written(l.element()) + "]";
        }
        if (t instanceof SchemaType.DictType d) {
            return "Dict[" + written(d.key()) + ", " + written(d.value()) + "]";
        }
        if (t instanceof SchemaType.TupleType tt) {
            return "Tuple[" + String.join(", ", tt.elements().stream().map(SchemaMatcher::written).toList()) + "]";
        }
        return toType(t, Map.of()).annotationStr();
    }

    private static SchemaType unwrap(SchemaType t) {
        return t instanceof SchemaType.OptionalType o ? o.element() : t;
    }

    private static Verdict matches(SchemaArgument formal, Arg arg, Bindings bindings) {
        Type actual = arg.type();
        if (!Environment.known(actual) || actual instanceof Type.AnyType) {
            return Verdict.UNSURE;
        }
        if (arg.emptyDisplay()) {
            return Verdict.UNSURE;
        }
        SchemaType f = formal.type();
        if (formal.size().isPresent() && unwrap(f) instanceof SchemaType.ListType l
                && (actual instanceof Type.IntType || actual instanceof Type.FloatType || actual instanceof Type.BoolType)) {
            return matchType(l.element(), actual, bindings);
        }
        return matchType(f, actual, bindings);
    }

    private static Verdict matchType(SchemaType formal, Type actual, Bindings bindings) {
        if (!Environment.known(actual) || actual instanceof Type.AnyType) {
            return Verdict.UNSURE;
        }
        if (formal instanceof SchemaType.OptionalType o) {
            if (actual instanceof Type.NoneType) {
                return Verdict.MATCH;
            }
            if (actual instanceof Type.OptionalType || actual instanceof Type.UnionType) {
                Type bound = toType(formal, bindings);
                return Environment.known(bound) && TypeRelations.isSubtypeOf(actual, bound) ? Verdict.MATCH
                        : Environment.known(bound) ? Verdict.NO : Verdict.UNSURE;
            }
            return matchType(o.element(), actual, bindings);
        }
        if (formal instanceof SchemaType.TypeVariable v) {
            Type bound = bindings.get(v.name());
            if (bound == null) {
                bindings.put(v.name(), actual);
                return Verdict.MATCH;
            }
            return TypeRelations.sameType(bound, actual) ? Verdict.MATCH : Verdict.NO;
        }
        if (formal instanceof SchemaType.ListType l) {
            if (actual instanceof Type.ListType al) {
                if (l.element() instanceof SchemaType.TypeVariable || l.element() instanceof SchemaType.OptionalType) {
                    return matchType(l.element(), al.elem(), bindings);
                }
                Type want = toType(l.element(), bindings);
                if (!Environment.known(want)) {
                    return Verdict.UNSURE;
                }
                return TypeRelations.sameType(al.elem(), want) ? Verdict.MATCH : Verdict.NO;
            }
            if (actual instanceof Type.TupleType tt) {
                // a tuple converts to a list element by element (not a conversion to the
                // reference: it happens on the first pass) when every element is of the list's type
                Type want = l.element() instanceof SchemaType.TypeVariable ? Types.UNKNOWN : toType(l.element(), bindings);
                if (!Environment.known(want) || tt.elements().isEmpty()
                        || !tt.elements().stream().allMatch(Environment::known)) {
                    return Verdict.UNSURE;
                }
                return tt.elements().stream().allMatch(e -> TypeRelations.isSubtypeOf(e, want)) ? Verdict.MATCH
                        : Verdict.NO;
            }
            return Verdict.NO;
        }
        if (formal instanceof SchemaType.TupleType t) {
            if (!(actual instanceof Type.TupleType at) || at.elements().size() != t.elements().size()) {
                return Verdict.NO;
            }
            Verdict result = Verdict.MATCH;
            for (int i = 0; i < t.elements().size(); i++) {
                Verdict v = matchType(t.elements().get(i), at.elements().get(i), bindings);
                if (v == Verdict.NO) {
                    return v;
                }
                if (v == Verdict.UNSURE) {
                    result = v;
                }
            }
            return result;
        }
        if (formal instanceof SchemaType.DictType d) {
            if (!(actual instanceof Type.DictType ad)) {
                return Verdict.NO;
            }
            Verdict k = matchType(d.key(), ad.key(), bindings);
            Verdict v = matchType(d.value(), ad.value(), bindings);
            if (k == Verdict.NO || v == Verdict.NO) {
                return Verdict.NO;
            }
            return k == Verdict.MATCH && v == Verdict.MATCH ? Verdict.MATCH : Verdict.UNSURE;
        }
        if (formal instanceof SchemaType.Primitive p && actual instanceof Type.UnionType u) {
            // A union converts to nothing: it must be a subtype (number is itself a union of scalars).
            if (p == SchemaType.Primitive.ANY) {
                return Verdict.MATCH;
            }
            if (p == SchemaType.Primitive.SCALAR) {
                return u.members().stream().allMatch(m -> m instanceof Type.IntType || m instanceof Type.FloatType
                        || m instanceof Type.ComplexType) ? Verdict.MATCH : Verdict.NO;
            }
            return Verdict.NO;
        }
        if (formal instanceof SchemaType.Primitive p) {
            return matchPrimitive(p, actual, bindings);
        }
        return Verdict.UNSURE;
    }

    private static Verdict matchPrimitive(SchemaType.Primitive p, Type actual, Bindings bindings) {
        Verdict v = matchPrimitive(p, actual);
        if (v == Verdict.MATCH && (actual instanceof Type.TensorType && p != SchemaType.Primitive.TENSOR
                || actual instanceof Type.StrType && p == SchemaType.Primitive.DEVICE)) {
            bindings.converted = true;
        }
        return v;
    }

    private static Verdict matchPrimitive(SchemaType.Primitive p, Type actual) {
        boolean tensor = actual instanceof Type.TensorType;
        boolean bool = actual instanceof Type.BoolType;
        switch (p) {
            case TENSOR:
                return tensor ? Verdict.MATCH : simple(actual) ? Verdict.NO : Verdict.UNSURE;
            // No implicit conversion between bool, int and float (recorded: torch.dropout(x, 0, True)
            // and x.transpose(0, True) are rejected); a tensor converts to a number.
            case INT:
            case SYM_INT:
                return actual instanceof Type.IntType || tensor ? Verdict.MATCH
                        : simple(actual) ? Verdict.NO : Verdict.UNSURE;
            case FLOAT:
            case SYM_FLOAT:
                return actual instanceof Type.FloatType || tensor ? Verdict.MATCH
                        : simple(actual) ? Verdict.NO : Verdict.UNSURE;
            case COMPLEX:
                // a tensor converts (aten::ComplexImplicit), so aten::as_tensor.complex does not
                // hide aten::as_tensor(Tensor), which matches without conversion
                return actual instanceof Type.ComplexType || tensor ? Verdict.MATCH
                        : actual instanceof Type.IntType || actual instanceof Type.FloatType || bool ? Verdict.UNSURE
                        : simple(actual) ? Verdict.NO : Verdict.UNSURE;
            case BOOL:
            case SYM_BOOL:
                return bool ? Verdict.MATCH : simple(actual) ? Verdict.NO : Verdict.UNSURE;
            case STR:
                return actual instanceof Type.StrType ? Verdict.MATCH : simple(actual) ? Verdict.NO : Verdict.UNSURE;
            case SCALAR:
                return actual instanceof Type.IntType || actual instanceof Type.FloatType || actual instanceof Type.ComplexType
                        || actual instanceof Type.NumberType || tensor ? Verdict.MATCH
                        : bool ? Verdict.UNSURE : simple(actual) ? Verdict.NO : Verdict.UNSURE;
            case SCALAR_TYPE:
            case LAYOUT:
            case MEMORY_FORMAT:
            case DEVICE_INDEX:
                // ints in TorchScript's schemas
                return actual instanceof Type.IntType || tensor ? Verdict.MATCH : simple(actual) ? Verdict.NO : Verdict.UNSURE;
            case DEVICE:
                return actual instanceof Type.DeviceType || actual instanceof Type.StrType ? Verdict.MATCH
                        : simple(actual) ? Verdict.NO : Verdict.UNSURE;
            case ANY:
                return Verdict.MATCH;
            case ANY_CLASS_TYPE:
                return actual instanceof Type.ClassType ? Verdict.MATCH : simple(actual) ? Verdict.NO : Verdict.UNSURE;
            case NONE_TYPE:
                return actual instanceof Type.NoneType ? Verdict.MATCH : Verdict.UNSURE;
            default:
                return Verdict.UNSURE;
        }
    }

    /** Types the checker is sure cannot convert to another primitive. */
    private static boolean simple(Type t) {
        return t instanceof Type.TensorType || t instanceof Type.IntType || t instanceof Type.FloatType
                || t instanceof Type.StrType || t instanceof Type.NoneType || t instanceof Type.ListType
                || t instanceof Type.TupleType || t instanceof Type.DictType || t instanceof Type.BoolType
                || t instanceof Type.OptionalType || t instanceof Type.ComplexType;
    }

    private static Type returnType(FunctionSchema schema, Map<String, Type> bindings) {
        if (schema.isVarret()) {
            return Types.UNKNOWN;
        }
        List<SchemaArgument> returns = schema.returns();
        if (returns.isEmpty()) {
            return Types.NONE;
        }
        if (returns.size() == 1) {
            return toType(returns.get(0).type(), bindings);
        }
        List<Type> elements = new ArrayList<>();
        for (SchemaArgument r : returns) {
            elements.add(toType(r.type(), bindings));
        }
        return new Type.TupleType(elements);
    }

    /** A schema type as a checker type, with type variables replaced by their bindings. */
    static Type toType(SchemaType t, Map<String, Type> bindings) {
        if (t instanceof SchemaType.Primitive p) {
            switch (p) {
                case TENSOR:
                    return Types.TENSOR;
                case INT:
                case SYM_INT:
                case SCALAR_TYPE:
                case LAYOUT:
                case MEMORY_FORMAT:
                    return Types.INT;
                case FLOAT:
                case SYM_FLOAT:
                    return Types.FLOAT;
                case BOOL:
                case SYM_BOOL:
                    return Types.BOOL;
                case STR:
                    return Types.STR;
                case COMPLEX:
                    return Types.COMPLEX;
                case SCALAR:
                    return Types.NUMBER;
                case DEVICE:
                    return Types.DEVICE;
                case NONE_TYPE:
                    return Types.NONE;
                case ANY:
                    return Types.ANY;
                case ANY_CLASS_TYPE:
                    return Types.ANY_CLASS;
                default:
                    return Types.UNKNOWN;
            }
        }
        if (t instanceof SchemaType.TypeVariable v) {
            return bindings.getOrDefault(v.name(), Types.UNKNOWN);
        }
        if (t instanceof SchemaType.OptionalType o) {
            return Types.optional(toType(o.element(), bindings));
        }
        if (t instanceof SchemaType.ListType l) {
            return new Type.ListType(toType(l.element(), bindings));
        }
        if (t instanceof SchemaType.TupleType tt) {
            List<Type> elements = new ArrayList<>();
            for (SchemaType e : tt.elements()) {
                elements.add(toType(e, bindings));
            }
            return new Type.TupleType(elements);
        }
        if (t instanceof SchemaType.DictType d) {
            return new Type.DictType(toType(d.key(), bindings), toType(d.value(), bindings));
        }
        return Types.UNKNOWN;
    }
}
