package io.github.torchscript4j.checker.semantics;

import io.github.torchscript4j.checker.syntax.ast.Stmt;
import io.github.torchscript4j.checker.types.Type;
import io.github.torchscript4j.checker.types.Types;

/**
 * What a name or expression denotes while TorchScript is checked: a first-class value with a
 * {@link Type}, or one of the Python values TorchScript resolves at compile time (the
 * reference's {@code SugaredValue}s): a module, a function, a class, a builtin. Anything the
 * checker does not model is {@link Opaque}, which stays silent whatever is done with it.
 */
public sealed interface Value {

    /** A first-class TorchScript value of this type. */
    record Typed(Type type) implements Value {}

    /** A Python module ({@code torch}, {@code torch.nn.functional}, {@code math}), by dotted name. */
    record PyModule(String name) implements Value {}

    /**
     * A module of the project's own files ({@code import pkg.util as u}), by dotted name: its
     * attributes are that file's globals and submodules ({@link Workspace}).
     */
    record ProjectModule(String name) implements Value {}

    /** A module-level function of this file, or of a project file it imports; calling it compiles it. */
    record UserFunction(Stmt.FunctionDef def) implements Value {}

    /**
     * A module-level name bound to {@code torch.jit.trace(f, example_inputs)}, {@code f} a
     * module-level function of the project: TorchScript calls the traced function ({@code
     * __torch__.f}, a {@code prim::CallFunction}) with parameters typed from the example inputs
     * ({@link TracedFunctions#exampleTypes}); using it as a value is the reference's "function
     * cannot be used as a value".
     */
    record TracedFunction(Stmt.FunctionDef def, io.github.torchscript4j.checker.syntax.ast.Expr exampleInputs) implements Value {}

    /**
     * A module-level name bound to {@code torch.jit.trace(M(...), ...)} or {@code
     * torch.jit.trace_module(M(...), ...)}, {@code M} a class of the project: a traced module,
     * which TorchScript functions cannot call ("Cannot call a ScriptModule that is not a submodule
     * of the caller").
     */
    record TracedModule(Stmt.ClassDef def) implements Value {}

    /** A module-level class of this file, or of a project file it imports. */
    record UserClass(Stmt.ClassDef def) implements Value {}

    /**
     * A builtin the checker knows by its qualified Python name: a Python builtin ({@code len},
     * {@code range}), a {@code typing} construct ({@code typing.List}), a {@code torch} function
     * ({@code torch.cat}) or a TorchScript intrinsic ({@code torch.jit.annotate}).
     */
    record Builtin(String qualifiedName) implements Value {}

    /** A method of a user class or module of this file, bound to a receiver of that type ({@code self.helper}). */
    record UserMethod(Type receiver, Stmt.ClassDef cls, Stmt.FunctionDef def) implements Value {}

    /** A method bound to a first-class receiver ({@code x.add}, {@code l.append}). */
    record BoundMethod(Type receiver, String name) implements Value {}

    /**
     * An exception constructed without {@code raise} ({@code a = Exception()}): it may be bound
     * to a name and raised, but using it as a value is the reference's "exception message cannot
     * be used as a value".
     */
    record ExceptionMessage() implements Value {}

    /**
     * A Python object TorchScript does not convert — a class from a module it does not compile
     * ({@code io.BytesIO}, {@code pythonType} "type"), a global variable of a plain function
     * ("int", "list", ...): using it as a value is the reference's "python value of type 'int'
     * cannot be used as a value"; a global bound to {@code None} ("NoneType") is not found at all.
     */
    record PythonObject(String pythonType) implements Value {}

    /** Something the checker does not model; every use of it is silent and unknown. */
    record Opaque() implements Value {}

    Value OPAQUE = new Opaque();
    Value UNKNOWN = new Typed(Types.UNKNOWN);

    static Value typed(Type type) {
        return new Typed(type);
    }
}
