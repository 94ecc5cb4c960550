/**
 * An interpreter for ordinary Python: the part that module constructors are written in (classes
 * and {@code super().__init__()}, positional, keyword, default and star arguments, {@code if},
 * {@code for}, {@code while}, comprehensions, f-strings, {@code isinstance}, lists, dicts, tuples,
 * exceptions). It runs a module's {@code __init__} and the constructors of our {@code torch.nn}
 * library (bundled Python source, {@code checker/library/}) so that parameters, buffers, submodules
 * and attributes are created as PyTorch creates them, and it runs {@code forward} eagerly on
 * libtorch to verify packaged models.
 *
 * <p>The interpreter evaluates the checker's syntax tree ({@code checker.syntax.ast}); what it does
 * not model itself — tensors, dtypes, devices, the {@code torch} module — belongs to a {@link
 * io.github.torchscript4j.runtime.python.Host}.
 *
 * <h2>Values</h2>
 * <table>
 * <caption>Python value → Java class</caption>
 * <tr><td>{@code None}</td><td>{@code null}</td></tr>
 * <tr><td>{@code bool}, {@code int}, {@code float}, {@code str}</td><td>{@link java.lang.Boolean}, {@link java.lang.Long}, {@link java.lang.Double}, {@link java.lang.String}</td></tr>
 * <tr><td>{@code list}</td><td>{@link java.util.ArrayList}</td></tr>
 * <tr><td>{@code dict}</td><td>{@link java.util.LinkedHashMap}</td></tr>
 * <tr><td>{@code tuple}</td><td>{@link io.github.torchscript4j.checker.eval.Tuple}</td></tr>
 * <tr><td>{@code torch.Tensor}</td><td>{@link io.github.torchscript4j.runtime.value.TensorRef} (or a host wrapper of one)</td></tr>
 * <tr><td>{@code torch.device}</td><td>{@link io.github.torchscript4j.checker.eval.DeviceValue}</td></tr>
 * <tr><td>something Python can call, supplied by the host</td><td>{@link io.github.torchscript4j.runtime.python.PyCallable}</td></tr>
 * <tr><td>a module or object of the host</td><td>{@link io.github.torchscript4j.runtime.python.PyAttributes}</td></tr>
 * <tr><td>interpreted functions, classes, instances, modules</td><td>the interpreter's own classes</td></tr>
 * </table>
 * These are the runtime's value classes ({@code runtime.value}) where TorchScript has the type, so
 * that a built module's attributes go to the archive writer and the IR interpreter unchanged.
 *
 * <p>Errors raised by Python code, by the interpreter's builtins or by the host are {@link
 * io.github.torchscript4j.runtime.python.PyException}s: a Python exception type, a message and
 * the traceback of source locations.
 */
package io.github.torchscript4j.runtime.python;
