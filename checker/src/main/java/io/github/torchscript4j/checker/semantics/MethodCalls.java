package io.github.torchscript4j.checker.semantics;

import io.github.torchscript4j.checker.source.Code;
import io.github.torchscript4j.checker.syntax.ast.Expr;
import io.github.torchscript4j.checker.syntax.ast.Keyword;
import io.github.torchscript4j.checker.types.Type;
import io.github.torchscript4j.checker.types.TypeRelations;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Matches a call of a user class's constructor or method, a submodule's {@code forward} or a
 * NamedTuple's constructor against its {@link Signature}, as the reference's {@code
 * tryMatchSchema} does for one schema: positional arguments in order, then keywords, then
 * defaults; the first failure is reported at the callee, headed by the schema the reference prints
 * ({@code __init__(__torch__.Foo self, int x, float y=1.5) -> NoneType:}). (Calls of module-level
 * functions are {@link UserCalls}'s; this one knows receivers and constructors.)
 *
 * <p>Conversions follow the reference's for user functions: a tensor converts implicitly to an
 * {@code int}, {@code float} or {@code number}, a tuple to a list of its element type; an {@code
 * int} does <em>not</em> convert to {@code float}. Calls with starred arguments, and signatures the
 * checker does not fully understand, are not checked.
 */
final class MethodCalls {
    private MethodCalls() {}

    /**
     * Checks {@code c} against {@code sig} ({@code hasSelf}: the first parameter is the receiver,
     * supplied by the call) and reports the first mismatch. Arguments are always evaluated.
     */
    static void check(ExpressionChecker exprs, Expr.Call c, Signature sig, boolean hasSelf, Type result) {
        List<Signature.Param> formals = sig.params();
        List<Signature.Param> params = hasSelf && !formals.isEmpty() ? formals.subList(1, formals.size()) : formals;
        boolean starred = c.args().stream().anyMatch(a -> a instanceof Expr.Starred)
                || c.keywords().stream().anyMatch(k -> k.arg().isEmpty());
        List<Type> positional = new ArrayList<>();
        for (int i = 0; i < c.args().size(); i++) {
            Optional<Type> hint = i < params.size() && isEmptyDisplay(c.args().get(i))
                    ? Optional.of(params.get(i).type()) : Optional.empty();
            positional.add(exprs.typeWithHint(c.args().get(i), hint));
        }
        Map<String, Type> keywords = new LinkedHashMap<>();
        Map<String, Signature.Param> byName = new HashMap<>();
        params.forEach(p -> byName.put(p.name(), p));
        for (Keyword k : c.keywords()) {
            Signature.Param p = k.arg().map(byName::get).orElse(null);
            Optional<Type> hint = p != null && isEmptyDisplay(k.value()) ? Optional.of(p.type()) : Optional.empty();
            Type t = exprs.typeWithHint(k.value(), hint);
            k.arg().ifPresent(n -> keywords.put(n, t));
        }
        if (!sig.complete() || starred) {
            return;
        }
        String reason = reason(params, positional, keywords, hasSelf);
        if (reason != null) {
            exprs.sink().error(Code.CALL_ARGUMENTS, c.func().range(), header(sig, result) + ":\n" + reason);
        }
    }

    private static String reason(List<Signature.Param> params, List<Type> positional, Map<String, Type> keywords,
            boolean hasSelf) {
        int used = 0;
        Map<String, Type> unused = new LinkedHashMap<>(keywords);
        for (Signature.Param p : params) {
            Type actual;
            if (!p.keywordOnly() && used < positional.size()) {
                actual = positional.get(used++);
            } else if (unused.containsKey(p.name())) {
                actual = unused.remove(p.name());
            } else if (p.defaultValue().isPresent()) {
                continue;
            } else {
                return "Argument " + p.name() + " not provided.";
            }
            if (!accepts(p.type(), actual)) {
                return "Expected a value of type '" + p.type().annotationStr() + "' for argument '" + p.name()
                        + "' but instead found type '" + actual.reprStr() + "'.";
            }
        }
        if (used < positional.size()) {
            int self = hasSelf ? 1 : 0;
            long max = params.stream().filter(p -> !p.keywordOnly()).count() + self;
            return "Expected at most " + max + " arguments but found " + (positional.size() + self)
                    + " positional arguments.";
        }
        if (!unused.isEmpty()) {
            return "Keyword argument " + unused.keySet().iterator().next() + " unknown.";
        }
        return null;
    }

    /** Whether an argument of type {@code actual} may be passed for a parameter of type {@code formal}. */
    static boolean accepts(Type formal, Type actual) {
        if (!Environment.known(formal) || !Environment.known(actual)) {
            return true;
        }
        if (TypeRelations.isSubtypeOf(actual, formal)) {
            return true;
        }
        Type target = formal instanceof Type.OptionalType o ? o.elem() : formal;
        if (actual instanceof Type.TensorType && (target instanceof Type.IntType || target instanceof Type.FloatType
                || target instanceof Type.NumberType || target instanceof Type.ComplexType)) {
            return true;
        }
        if (actual instanceof Type.TupleType tuple && target instanceof Type.ListType list) {
            return tuple.elements().stream().allMatch(e -> TypeRelations.isSubtypeOf(e, list.elem()));
        }
        if (actual instanceof Type.StrType && target instanceof Type.DeviceType) {
            return true;
        }
        return false;
    }

    private static boolean isEmptyDisplay(Expr e) {
        return e instanceof Expr.List l && l.elts().isEmpty() || e instanceof Expr.Dict d && d.keys().isEmpty();
    }

    /** The schema the reference prints ({@link UserCalls#schema}), with NamedTuple's {@code -> ()}. */
    static String header(Signature sig, Type result) {
        return UserCalls.schema(sig, true, result);
    }

}
