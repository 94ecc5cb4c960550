package io.github.torchscript4j.checker.semantics;

import io.github.torchscript4j.checker.source.Code;
import io.github.torchscript4j.checker.syntax.ast.Expr;
import io.github.torchscript4j.checker.types.Refinement;
import io.github.torchscript4j.checker.types.RefinementSet;
import io.github.torchscript4j.checker.types.Type;
import io.github.torchscript4j.checker.types.Types;
import io.github.torchscript4j.checker.types.Unification;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code isinstance(x, T)} and {@code torch.jit.isinstance(x, T)} as conditions, decided and
 * refined as the reference's {@code emitIsInstance} does.
 *
 * <p>The subject's type is split into its members ({@code Union[int, str]}: {@code int} and
 * {@code str}; {@code Optional[int]}: {@code int} and {@code None}), and so is the class info
 * (a tuple, or a union, of types). A member that is a subtype of some target is kept for the true
 * branch as it is; a target that is a subtype of a member is kept instead (the narrowest such);
 * other members go to the false branch. So for {@code x: Union[int, float, str]}, {@code
 * isinstance(x, (int, float))} makes {@code x} a {@code Union[float, int]} where it holds and a
 * {@code str} where it does not. An {@code Any} subject becomes the targets where the test holds
 * and stays {@code Any} where it does not.
 *
 * <p>The test is decided at compile time when every member found a target (then it is true,
 * even where only a narrower target matched: {@code isinstance(x, Tuple[int, int])} for {@code x:
 * Tuple[Any, int]} is true, as in the reference) or when none did (false). Only a plain local
 * name is refined. The types handed out are the member objects themselves where a member is kept
 * as it is: {@link RefinementSet} compares them by identity where {@code or} combines two
 * refinements.
 *
 * <p>{@code list} and {@code tuple} as targets match any list or tuple; {@code dict} is the
 * reference's "Unknown type name 'dict'". A subject or target the checker cannot type makes the
 * condition undecidable (neither branch is checked).
 */
final class Isinstance {
    private Isinstance() {}

    /** One entry of the class info: a type, or the bare {@code list}/{@code tuple} builtins. */
    private record Target(Type type, String anyOf) {
        boolean matchesWhole(Type member) {
            return anyOf.equals("list") ? member instanceof Type.ListType : member instanceof Type.TupleType;
        }
    }

    /** The condition of a call of {@code isinstance} with two positional arguments. */
    static Condition condition(ExpressionChecker exprs, Expr.Call call) {
        Expr subject = call.args().get(0);
        Type lhs = exprs.type(subject);
        List<Target> targets = new ArrayList<>();
        boolean known = targets(exprs, call.args().get(1), targets);
        if (!known || !Environment.known(lhs)) {
            return Condition.UNDECIDABLE;
        }
        List<Type> members = members(lhs);
        List<Type> whenTrue = new ArrayList<>();
        List<Type> whenFalse = new ArrayList<>();
        boolean allMatch = true;
        for (Type member : members) {
            if (member instanceof Type.AnyType) {
                for (Target t : targets) {
                    whenTrue.add(t.type() == null ? Types.UNKNOWN : t.type());
                }
                whenFalse.add(member);
                if (whenTrue.size() != 1 || !(whenTrue.get(0) instanceof Type.AnyType)) {
                    allMatch = false;
                }
                break;
            }
            Type found = null;
            for (Target t : targets) {
                if (t.type() == null) {
                    if (t.matchesWhole(member)) {
                        found = member;
                    }
                    continue;
                }
                Type target = t.type();
                if (member.isSubtypeOf(target)) {
                    found = member;
                } else if (target.isSubtypeOf(member)) {
                    found = found == null ? target : Unification.unifyTypes(found, target).orElse(found);
                }
            }
            if (found != null) {
                whenTrue.add(found);
            } else {
                whenFalse.add(member);
                allMatch = false;
            }
        }
        List<Refinement> trueRefinements = new ArrayList<>();
        List<Refinement> falseRefinements = new ArrayList<>();
        if (subject instanceof Expr.Name n) {
            unified(whenTrue).ifPresent(t -> trueRefinements.add(new Refinement(n.id(), t)));
            unified(whenFalse).ifPresent(t -> falseRefinements.add(new Refinement(n.id(), t)));
        }
        RefinementSet refinements = new RefinementSet(trueRefinements, falseRefinements);
        if (allMatch) {
            return new Condition(refinements, Optional.of(true), false);
        }
        if (whenTrue.isEmpty()) {
            return new Condition(refinements, Optional.of(false), false);
        }
        return new Condition(refinements, Optional.empty(), false);
    }

    private static Optional<Type> unified(List<Type> types) {
        if (types.isEmpty()) {
            return Optional.empty();
        }
        return Unification.unifyTypeList(types, new StringBuilder(), true, Optional.empty());
    }

    /** The members of a union or optional subject; any other type is its only member. */
    private static List<Type> members(Type t) {
        if (t instanceof Type.UnionType u) {
            return u.members();
        }
        if (t instanceof Type.OptionalType o) {
            List<Type> result = new ArrayList<>(members(o.elem()));
            result.add(Types.NONE);
            return result;
        }
        return List.of(t);
    }

    /**
     * Collects the targets of a class-info expression (a tuple of them, nested, or one type),
     * recording each type as an annotation for the emitter; false when one cannot be typed.
     */
    private static boolean targets(ExpressionChecker exprs, Expr e, List<Target> out) {
        if (e instanceof Expr.Tuple t) {
            boolean all = true;
            for (Expr x : t.elts()) {
                all &= targets(exprs, x, out);
            }
            return all;
        }
        Checker checker = exprs.checker();
        if (e instanceof Expr.Call) {
            // the reference's range of an apply ends before its closing parenthesis
            exprs.sink().error(Code.INVALID_TYPE_ANNOTATION, e.range().withEnd(e.range().end() - 1),
                    "Expression of type apply cannot be used in a type expression");
            return false;
        }
        if (e instanceof Expr.Name || e instanceof Expr.Attribute) {
            Value v = checker.annotations().resolve(e);
            if (v instanceof Value.Builtin b) {
                switch (b.qualifiedName()) {
                    case "list":
                    case "tuple":
                        out.add(new Target(null, b.qualifiedName()));
                        return true;
                    case "dict":
                        exprs.sink().error(Code.INVALID_TYPE_ANNOTATION, e.range(), "Unknown type name 'dict'");
                        return false;
                    default:
                        break;
                }
            }
        }
        Type type = checker.annotations().type(e);
        checker.recordAnnotation(e, type);
        if (!Environment.known(type)) {
            return false;
        }
        for (Type m : members(type)) {
            out.add(new Target(m, ""));
        }
        return true;
    }
}
