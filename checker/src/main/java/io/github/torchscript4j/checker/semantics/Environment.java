package io.github.torchscript4j.checker.semantics;

import io.github.torchscript4j.checker.source.Code;
import io.github.torchscript4j.checker.source.SourceRange;
import io.github.torchscript4j.checker.types.Type;
import io.github.torchscript4j.checker.types.TypeRelations;
import io.github.torchscript4j.checker.types.Types;
import io.github.torchscript4j.checker.types.Unification;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The local variables of one function being checked, in nested frames as the reference's
 * environment stack keeps them: the function body, each branch of an {@code if}, each loop body
 * and each comprehension has its own frame.
 *
 * <p>What it models: definedness and the type of each variable on every path. After an {@code
 * if}, {@link #mergeBranches} binds in the enclosing frame what both branches define (with their
 * types unified); a variable that only one branch defines, or whose types do not unify, is
 * <em>poisoned</em>: reading it later reports the reference's error, which is lazy as in the
 * reference (an unused variable is no error). Variables first defined in a loop body or a
 * comprehension are gone after it. It does not resolve non-local names (the function checker falls
 * back to the module environment) and knows nothing of statements.
 */
final class Environment {

    /** What a frame holds for one name. */
    sealed interface Slot {}

    /** A name bound to a value. */
    record Bound(Value value) implements Slot {}

    /**
     * A name that must not be read: reading it reports {@code message} at {@code range} (the
     * {@code if} that made it so), with the read as related location.
     */
    record Poisoned(Code code, String message, SourceRange range) implements Slot {}

    /** Why a frame exists. */
    enum Kind { FUNCTION, BRANCH, LOOP, COMPREHENSION, /** the live branch of a statically decided if */ INLINE }

    static final class Frame {
        final Frame parent;
        final Kind kind;
        final Map<String, Slot> slots = new LinkedHashMap<>();

        Frame(Frame parent, Kind kind) {
            this.parent = parent;
            this.kind = kind;
        }
    }

    private Frame current = new Frame(null, Kind.FUNCTION);

    Frame current() {
        return current;
    }

    /** Whether the current frame is inside a branch or loop (not only statically decided ones). */
    boolean inControlFlow() {
        for (Frame f = current; f != null; f = f.parent) {
            if (f.kind == Kind.BRANCH || f.kind == Kind.LOOP) {
                return true;
            }
        }
        return false;
    }

    void push(Kind kind) {
        current = new Frame(current, kind);
    }

    /** Leaves the innermost frame and returns it (its bindings are the caller's to merge). */
    Frame pop() {
        Frame f = current;
        if (f.parent == null) {
            throw new IllegalStateException("popping the function frame");
        }
        current = f.parent;
        return f;
    }

    /** The innermost slot for {@code name}, or empty when no frame binds it. */
    Optional<Slot> lookup(String name) {
        return lookupFrom(current, name);
    }

    private static Optional<Slot> lookupFrom(Frame frame, String name) {
        for (Frame f = frame; f != null; f = f.parent) {
            Slot s = f.slots.get(name);
            if (s != null) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /**
     * The slot for {@code name} in a frame enclosing the current block, as the reference's {@code
     * findInParentFrame}: what the current frame binds (a refinement, an earlier assignment) does
     * not count, and the live branch of a statically decided {@code if} belongs to its enclosing
     * block.
     */
    Optional<Slot> lookupInParents(String name) {
        Frame block = current;
        while (block.kind == Kind.INLINE && block.parent != null) {
            block = block.parent;
        }
        if (block.parent == null) {
            return Optional.empty();
        }
        return lookupFrom(block.parent, name);
    }

    void bind(String name, Value value) {
        current.slots.put(name, new Bound(value));
    }

    void poison(String name, Poisoned poisoned) {
        current.slots.put(name, poisoned);
    }

    /** Forgets {@code name} in every frame ({@code del x}). */
    void delete(String name) {
        for (Frame f = current; f != null; f = f.parent) {
            f.slots.remove(name);
        }
        // A name still bound in an outer frame would be visible again; the reference deletes the
        // variable from the environment, so shadow it with nothing.
    }

    /**
     * Merges the frames of the two branches of an {@code if} (both already popped) into the
     * current frame. A branch that always exits (return, raise, break, continue) contributes
     * nothing, and the other branch's bindings escape as they are.
     */
    void mergeBranches(Frame whenTrue, boolean trueExits, Frame whenFalse, boolean falseExits, SourceRange ifRange) {
        Set<String> names = new LinkedHashSet<>(whenTrue.slots.keySet());
        names.addAll(whenFalse.slots.keySet());
        for (String name : names) {
            Optional<Slot> tv = lookupFrom(whenTrue, name);
            Optional<Slot> fv = lookupFrom(whenFalse, name);
            if (trueExits && falseExits) {
                continue;
            }
            if (trueExits) {
                fv.ifPresent(s -> current.slots.put(name, s));
                continue;
            }
            if (falseExits) {
                tv.ifPresent(s -> current.slots.put(name, s));
                continue;
            }
            if (tv.isEmpty() || fv.isEmpty()) {
                String branch = tv.isEmpty() ? "true" : "false";
                current.slots.put(name, new Poisoned(Code.NOT_DEFINED_IN_BRANCH,
                        name + " is not defined in the " + branch + " branch", ifRange));
                continue;
            }
            // A variable of an enclosing block may take different types in the branches: then
            // it is their union (the reference's default_to_union where findInParentFrame finds it).
            current.slots.put(name, merge(name, tv.get(), fv.get(), ifRange, lookup(name).isPresent()));
        }
    }

    private static Slot merge(String name, Slot t, Slot f, SourceRange ifRange, boolean outer) {
        if (t instanceof Poisoned) {
            return t;
        }
        if (f instanceof Poisoned) {
            return f;
        }
        Value tv = ((Bound) t).value();
        Value fv = ((Bound) f).value();
        if (tv instanceof Value.Typed tt && fv instanceof Value.Typed ft) {
            Optional<Type> unified = Unification.unifyTypes(tt.type(), ft.type(), outer);
            if (unified.isPresent()) {
                return new Bound(Value.typed(unified.get()));
            }
            return new Poisoned(Code.BRANCH_TYPE_MISMATCH, "Type mismatch: " + name + " is set to type "
                    + tt.type().reprStr() + " in the true branch and type " + ft.type().reprStr()
                    + " in the false branch", ifRange);
        }
        if (tv.equals(fv)) {
            return t;
        }
        return new Bound(Value.OPAQUE);
    }

    /** Whether {@code type} is fully known (no {@code UnknownType} anywhere inside). */
    static boolean known(Type type) {
        return !Types.containsUnknown(type);
    }

    /** The reference's check that an outer variable keeps its type when assigned in a block. */
    static boolean assignableTo(Type value, Type previous) {
        if (!known(value) || !known(previous)) {
            return true;
        }
        if (value instanceof Type.TensorType && (previous instanceof Type.IntType
                || previous instanceof Type.FloatType || previous instanceof Type.NumberType)) {
            return true; // the reference converts a tensor to a number implicitly
        }
        return TypeRelations.isSubtypeOf(value, previous);
    }
}
