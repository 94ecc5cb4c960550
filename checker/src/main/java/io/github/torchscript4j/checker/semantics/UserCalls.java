package io.github.torchscript4j.checker.semantics;

import io.github.torchscript4j.checker.source.Code;
import io.github.torchscript4j.checker.syntax.ast.Expr;
import io.github.torchscript4j.checker.syntax.ast.Keyword;
import io.github.torchscript4j.checker.syntax.ast.Literal;
import io.github.torchscript4j.checker.syntax.ast.Stmt;
import io.github.torchscript4j.checker.syntax.ast.UnaryOperator;
import io.github.torchscript4j.checker.types.Type;
import io.github.torchscript4j.checker.types.TypeRelations;
import io.github.torchscript4j.checker.types.Types;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Calls of user functions matched against the callee's signature, as the reference's {@code
 * matchSchema} does for one schema with conversions allowed: the formals are walked in order —
 * the next positional argument, else a keyword argument of that name, else the default, else
 * "Argument x not provided." — then left-over positional and keyword arguments are reported. The
 * message's first line is the callee's schema as the reference prints it ({@code f(int x, int
 * y=2) -> int}; a function the reference does not compile, {@code @torch.jit.ignore}, returns
 * {@code Tensor 0}-style named results), the range is the callee expression.
 *
 * <p>Conversions as the reference's {@code tryConvertToType}: {@code Optional[T]} accepts a
 * {@code T}, an empty list display any list, a tuple a list when each element fits, tuples
 * element by element, a tensor or a {@code number} any of {@code int}/{@code float}/{@code
 * complex}/{@code number}, a {@code str} a device. An {@code int} is <em>not</em> a {@code float}
 * here. Unknown argument types, starred arguments and incomplete signatures are never reported.
 */
final class UserCalls {
    private UserCalls() {}

    private record Actual(String name, Type type, boolean emptyList) {}

    /** Checks a call of the user function {@code def} (compiling it) and returns its result type. */
    static Type call(ExpressionChecker exprs, Stmt.FunctionDef def, Expr.Call c) {
        List<Actual> positional = new ArrayList<>();
        List<Actual> keywords = new ArrayList<>();
        boolean checkable = true;
        for (Expr a : c.args()) {
            checkable &= !(a instanceof Expr.Starred);
            positional.add(new Actual("", exprs.type(a), a instanceof Expr.List l && l.elts().isEmpty()));
        }
        for (Keyword k : c.keywords()) {
            Expr v = k.value();
            checkable &= k.arg().isPresent();
            keywords.add(new Actual(k.arg().orElse(""), exprs.type(v), v instanceof Expr.List l && l.elts().isEmpty()));
        }
        Checker checker = exprs.checker();
        if (Decorators.isOverloadDeclaration(def.decoratorList(), checker.annotations())) {
            exprs.sink().error(Code.MISSING_OVERLOAD_IMPLEMENTATION, c.func().range(), "Implementation for the function \"__torch__."
                    + def.name() + "\" is missing. Please make sure a definition is provided and defined after all overload declarations.");
            return Types.UNKNOWN;
        }
        Type returns = checker.function(def, c.range());
        Signature sig = checker.signature(def);
        if (!checkable || !sig.complete()) {
            return returns;
        }
        boolean compiled = !Decorators.isIgnored(def.decoratorList(), checker.annotations());
        Optional<String> reason = match(checker, sig, positional, keywords);
        reason.ifPresent(r -> exprs.sink().error(Code.CALL_ARGUMENTS, c.func().range(), unprintable(sig)
                .orElseGet(() -> schema(sig, compiled, compiled ? returns : sig.annotatedReturn().orElse(Types.TENSOR)) + "\n" + r)));
        return returns;
    }

    /**
     * Checks a call of a traced function ({@link Value.TracedFunction}) against the signature its
     * example inputs give it, as the reference matches a call of the traced {@code ScriptFunction},
     * and returns its result type.
     */
    static Type traced(ExpressionChecker exprs, Value.TracedFunction t, Expr.Call c) {
        Actuals actuals = actuals(exprs, c, true);
        CheckResult.TracedFunction f = exprs.checker().traced(t);
        if (actuals.checkable() && f.signature().complete()) {
            match(exprs.checker(), f.signature(), actuals.positional(), actuals.keywords()).ifPresent(r ->
                    exprs.sink().error(Code.CALL_ARGUMENTS, c.func().range(),
                            schema(f.signature(), true, f.returnType()) + "\n" + r));
        }
        return f.returnType();
    }

    /** A call's arguments as the matcher takes them, and whether it can check them (no {@code *a}, no {@code **k}). */
    private record Actuals(List<Actual> positional, List<Actual> keywords, boolean checkable) {}

    /** The arguments of {@code c}; an empty {@code []} keyword argument is marked as one when {@code emptyKeywords}. */
    private static Actuals actuals(ExpressionChecker exprs, Expr.Call c, boolean emptyKeywords) {
        List<Actual> positional = new ArrayList<>();
        List<Actual> keywords = new ArrayList<>();
        boolean checkable = true;
        for (Expr a : c.args()) {
            checkable &= !(a instanceof Expr.Starred);
            positional.add(new Actual("", exprs.type(a), a instanceof Expr.List l && l.elts().isEmpty()));
        }
        for (Keyword k : c.keywords()) {
            checkable &= k.arg().isPresent();
            keywords.add(new Actual(k.arg().orElse(""), exprs.type(k.value()),
                    emptyKeywords && k.value() instanceof Expr.List l && l.elts().isEmpty()));
        }
        return new Actuals(positional, keywords, checkable);
    }

    /**
     * Checks a call of a Python operator (a bound method of a Python class, {@code random.randint}):
     * the reference infers its schema, a {@code Tensor} for each positional parameter and one
     * {@code Tensor} result named {@code 0} ({@code Random.randint(Tensor self, Tensor a, Tensor b)
     * -> Tensor 0}), and matches the call against it. Returns the result type.
     */
    static Type pythonOp(ExpressionChecker exprs, PythonModules.Method method, Expr.Call c) {
        Actuals actuals = actuals(exprs, c, false);
        List<Actual> positional = actuals.positional();
        List<Actual> keywords = actuals.keywords();
        boolean checkable = actuals.checkable();
        List<Signature.Param> params = new ArrayList<>();
        for (String p : method.params()) {
            params.add(new Signature.Param(p, Types.TENSOR, Optional.empty(), false));
        }
        Signature sig = new Signature(method.qualifiedName(), params, Optional.of(Types.TENSOR), true);
        if (checkable) {
            match(exprs.checker(), sig, positional, keywords).ifPresent(r -> exprs.sink().error(Code.CALL_ARGUMENTS,
                    c.func().range(), schema(sig, false, Types.TENSOR) + "\n" + r));
        }
        return Types.TENSOR;
    }

    /** Why the call cannot match, or empty when it matches or the checker is not sure. */
    private static Optional<String> match(Checker checker, Signature sig, List<Actual> positional, List<Actual> keywords) {
        boolean[] usedKeyword = new boolean[keywords.size()];
        int used = 0;
        boolean unsure = false;
        List<Signature.Param> params = sig.params();
        for (int i = 0; i < params.size(); i++) {
            Signature.Param p = params.get(i);
            Actual actual = null;
            if (!p.keywordOnly() && used < positional.size()) {
                boolean lastPositional = i + 1 == params.size() || params.get(i + 1).keywordOnly();
                if (lastPositional && p.type() instanceof Type.ListType && p.fixedSize() == 0
                        && !(positional.get(used).type() instanceof Type.ListType)
                        && !(positional.get(used).type() instanceof Type.TupleType)) {
                    return Optional.empty(); // the rest would be packed into a list: not modelled
                }
                actual = positional.get(used++);
            } else {
                for (int k = 0; k < keywords.size(); k++) {
                    if (keywords.get(k).name().equals(p.name())) {
                        usedKeyword[k] = true;
                        actual = keywords.get(k);
                        break;
                    }
                }
                if (actual == null) {
                    if (p.defaultValue().isPresent()) {
                        continue;
                    }
                    return unsure ? Optional.empty() : Optional.of("Argument " + p.name() + " not provided.");
                }
            }
            Type formal = p.type();
            if (formal instanceof Type.InterfaceType iface && actual.type() instanceof Type.ClassType) {
                Optional<String> why = checker.classes().notImplementing(actual.type(), iface);
                if (why.isPresent() && !unsure) {
                    return Optional.of("Expected a value of type '" + formal.reprStr() + "' for argument '" + p.name()
                            + "' but instead found type '" + actual.type().reprStr() + "'.\n" + why.get());
                }
                unsure |= why.isPresent();
                continue;
            }
            if (!Environment.known(formal) || !Environment.known(actual.type()) || nominal(formal) || nominal(actual.type())) {
                unsure = true;
                continue;
            }
            Type given = actual.type();
            boolean repeated = p.fixedElement().map(e -> TypeRelations.isSubtypeOf(given, e)).orElse(false);
            if (!repeated && !converts(actual, formal)) {
                return unsure ? Optional.empty() : Optional.of("Expected a value of type '" + formal.reprStr()
                        + "' for argument '" + p.name() + "' but instead found type '" + actual.type().reprStr() + "'.");
            }
        }
        if (unsure) {
            return Optional.empty();
        }
        if (used < positional.size()) {
            return Optional.of("Expected at most " + used + " arguments but found " + positional.size()
                    + " positional arguments.");
        }
        for (int k = 0; k < keywords.size(); k++) {
            if (!usedKeyword[k]) {
                String name = keywords.get(k).name();
                boolean exists = params.stream().anyMatch(p -> p.name().equals(name));
                return Optional.of("Keyword argument " + name + (exists ? " specified twice." : " unknown."));
            }
        }
        return Optional.empty();
    }

    /** Whether {@code t} involves a class, module or enum type (subtyping by interfaces is not modelled). */
    private static boolean nominal(Type t) {
        if (t instanceof Type.ClassType || t instanceof Type.ModuleType || t instanceof Type.EnumType
                || t instanceof Type.AnyClassType || t instanceof Type.AnyEnumType || t instanceof Type.FunctionType) {
            return true;
        }
        return Types.contained(t).stream().anyMatch(UserCalls::nominal);
    }

    private static boolean converts(Actual actual, Type formal) {
        Type t = actual.type();
        if (formal instanceof Type.OptionalType o && !(t instanceof Type.OptionalType) && !(t instanceof Type.NoneType)) {
            formal = o.elem();
        }
        if (actual.emptyList() && formal instanceof Type.ListType) {
            return true;
        }
        return convertsType(t, formal);
    }

    private static boolean convertsType(Type t, Type formal) {
        if (formal instanceof Type.OptionalType o && !(t instanceof Type.OptionalType) && !(t instanceof Type.NoneType)) {
            formal = o.elem();
        }
        if (t instanceof Type.TupleType tuple) {
            if (formal instanceof Type.ListType l
                    && tuple.elements().stream().allMatch(e -> TypeRelations.isSubtypeOf(e, l.elem()))) {
                return true;
            }
            if (formal instanceof Type.TupleType ft && ft.elements().size() == tuple.elements().size()
                    && !TypeRelations.isSubtypeOf(t, formal)) {
                for (int i = 0; i < ft.elements().size(); i++) {
                    if (!convertsType(tuple.elements().get(i), ft.elements().get(i))) {
                        return false;
                    }
                }
                return true;
            }
        }
        boolean scalarFormal = formal instanceof Type.IntType || formal instanceof Type.FloatType
                || formal instanceof Type.ComplexType || formal instanceof Type.NumberType;
        if (t instanceof Type.TensorType && scalarFormal) {
            return true;
        }
        if (t instanceof Type.NumberType && scalarFormal && !(formal instanceof Type.NumberType)) {
            return true;
        }
        if (t instanceof Type.StrType && formal instanceof Type.DeviceType) {
            return true;
        }
        return TypeRelations.isSubtypeOf(t, formal);
    }

    /**
     * What the reference says instead of a schema it cannot print: one whose fixed-size int list
     * has an int default ({@code int[2] padding=0}) fails an internal assertion while the message
     * is being written.
     */
    private static Optional<String> unprintable(Signature sig) {
        for (Signature.Param p : sig.params()) {
            if (p.fixedSize() > 0 && p.fixedElement().orElse(Types.UNKNOWN) instanceof Type.IntType
                    && p.defaultValue().map(d -> Signatures.literalType(d) instanceof Type.IntType).orElse(false)) {
                return Optional.of("isIntList() INTERNAL ASSERT FAILED at \"./aten/src/ATen/core/ivalue_inl.h\":1833, "
                        + "please report a bug to PyTorch. Expected IntList but got Int");
            }
        }
        return Optional.empty();
    }

    /** The callee's schema as the reference prints it. */
    static String schema(Signature sig, boolean compiled, Type returns) {
        StringBuilder s = new StringBuilder(sig.name()).append('(');
        boolean starred = false;
        for (int i = 0; i < sig.params().size(); i++) {
            Signature.Param p = sig.params().get(i);
            if (i > 0) {
                s.append(", ");
            }
            if (p.keywordOnly() && !starred) {
                s.append("*, ");
                starred = true;
            }
            if (p.fixedElement().isPresent()) {
                s.append(p.fixedElement().get().str()).append('[').append(p.fixedSize()).append(']')
                        .append(p.type() instanceof Type.OptionalType ? "?" : "");
            } else {
                s.append(p.type().str());
            }
            s.append(' ').append(p.name());
            p.defaultValue().flatMap(UserCalls::defaultText).ifPresent(d -> s.append('=').append(d));
        }
        s.append(") -> ");
        if (!compiled && returns instanceof Type.TupleType) {
            s.append('(').append(returns.str()).append(" 0)");
        } else {
            s.append(returns.str()).append(compiled ? "" : " 0");
        }
        return s.toString();
    }

    /** A default value as a schema prints it, for the literals whose printing is certain. */
    private static Optional<String> defaultText(Expr e) {
        if (e instanceof Expr.UnaryOp u && u.op() == UnaryOperator.USUB) {
            return defaultText(u.operand()).map(t -> "-" + t);
        }
        if (e instanceof Expr.Constant c) {
            Literal l = c.value();
            if (l instanceof Literal.Int i) {
                return Optional.of(i.value().toString());
            }
            if (l instanceof Literal.Float f) {
                return Optional.of(floatText(f.value()));
            }
            if (l instanceof Literal.Bool b) {
                return Optional.of(b.value() ? "True" : "False");
            }
            if (l instanceof Literal.None) {
                return Optional.of("None");
            }
            if (l instanceof Literal.Str s) {
                return Optional.of("\"" + s.value() + "\"");
            }
        }
        if (e instanceof Expr.Call call && call.args().size() == 1 && call.func().range().text().endsWith("device")
                && call.args().get(0) instanceof Expr.Constant dc && dc.value() instanceof Literal.Str ds) {
            return Optional.of(ds.value());
        }
        if (e instanceof Expr.Tuple t) {
            List<String> parts = new ArrayList<>();
            for (Expr x : t.elts()) {
                Optional<String> p = defaultText(x);
                if (p.isEmpty()) {
                    return Optional.of("?");
                }
                parts.add(p.get());
            }
            return Optional.of("(" + String.join(", ", parts) + (parts.size() == 1 ? ",)" : ")"));
        }
        return Optional.of("?");
    }

    /** A double as C++ prints it with 17 significant digits ({@code %.17g}), with a point when integral: {@code 1.}. */
    static String floatText(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return Double.isNaN(v) ? "nan" : v > 0 ? "inf" : "-inf";
        }
        if (v == 0) {
            return "0.";
        }
        BigDecimal d = new BigDecimal(v).round(new MathContext(17, RoundingMode.HALF_EVEN));
        int exponent = d.precision() - d.scale() - 1;
        String digits = d.unscaledValue().abs().toString();
        digits = digits.replaceAll("0+$", "");
        if (digits.isEmpty()) {
            digits = "0";
        }
        String sign = d.signum() < 0 ? "-" : "";
        if (exponent < -4 || exponent >= 17) {
            String mantissa = digits.length() > 1 ? digits.charAt(0) + "." + digits.substring(1) : digits;
            return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + (Math.abs(exponent) < 10 ? "0" : "") + Math.abs(exponent);
        }
        String text;
        if (exponent < 0) {
            text = "0." + "0".repeat(-exponent - 1) + digits;
        } else if (digits.length() > exponent + 1) {
            text = digits.substring(0, exponent + 1) + "." + digits.substring(exponent + 1);
        } else {
            text = digits + "0".repeat(exponent + 1 - digits.length()) + ".";
        }
        return sign + text;
    }
}
