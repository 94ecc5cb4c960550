/**
 * Lowers checked TorchScript to the IR, as the reference's {@code ir_emitter} does: each function
 * and method the checker compiled becomes a {@link io.github.torchscript4j.checker.ir.Function} of
 * a {@link io.github.torchscript4j.checker.ir.CompilationUnit}.
 *
 * <p>The emitter trusts the checker: it runs only on files without errors and reads what the
 * checker recorded ({@link io.github.torchscript4j.checker.semantics.CheckResult}: the type of
 * every expression, what each name denotes, the checked functions' signatures, the operator
 * overload a call picks). Where it meets a construct it cannot lower yet it reports an {@link
 * io.github.torchscript4j.checker.emit.EmitException} with the source range, never a wrong graph.
 *
 * <p>API Boundary: {@link io.github.torchscript4j.checker.emit.Emitter#emit}.
 */
package io.github.torchscript4j.checker.emit;
