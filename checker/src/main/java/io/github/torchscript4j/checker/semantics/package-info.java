/**
 * The TorchScript checker: what {@code torch.jit.script} would reject in a file that parses.
 *
 * <p>{@link io.github.torchscript4j.checker.semantics.Checker#check} is the API boundary: it takes
 * a {@code ParseResult} and returns a {@link io.github.torchscript4j.checker.semantics.CheckResult}
 * (diagnostics, and the type of every expression it typed, keyed by node identity). Inside, one
 * class per feature:
 *
 * <ul>
 *   <li>{@code ScriptRoots}: which functions of the file are TorchScript (decorated, or called from
 *       TorchScript), checked once each.
 *   <li>{@code ModuleEnvironment} and {@code PythonValues}: the file's Python environment (imports,
 *       module-level functions, classes and constants, builtins) as {@code Value}s.
 *   <li>{@code TypeAnnotations}: annotations and {@code # type:} comments to {@code Type}s; {@code
 *       Signatures}: a function's parameters, defaults and return type.
 *   <li>{@code Environment}: local variables in nested frames, with definedness and if/else merges.
 *   <li>{@code FunctionChecker} (statements), {@code ExpressionChecker} (expressions), {@code
 *       CallChecker} (calls of builtins and user functions) and {@code SchemaMatcher} (calls of
 *       libtorch operators against their schemas).
 *   <li>{@code UserClasses} (script classes, {@code nn.Module} subclasses, enums, NamedTuples;
 *       {@code ModuleAttributes} infers a module's attributes from its {@code __init__}), {@code
 *       MethodCalls} (constructor and method calls) and {@code ContextManagers} ({@code with}).
 *   <li>{@link io.github.torchscript4j.checker.semantics.Workspace}: a file checked with its imports
 *       of the project's other files (under source roots, read through a {@link
 *       io.github.torchscript4j.checker.semantics.SourceProvider}) resolved; the functions and
 *       classes of those files are checked in their own files' scopes.
 * </ul>
 *
 * <p>The rule that governs everything here: never reject what the reference accepts. Where the
 * checker does not know a callee, an attribute or a construct, the expression gets {@code
 * UnknownType}, which absorbs every later check, and nothing is reported.
 *
 * <p>Architecture Invariant: this package never changes the syntax tree and writes no state into
 * it; results are keyed by node identity.
 */
package io.github.torchscript4j.checker.semantics;
