/**
 * The runtime's representation of TorchScript values, shared by the interpreter, the operator
 * calls and the conversions to and from libtorch's {@code IValue} and the conformance JSON:
 *
 * <table>
 * <caption>TorchScript type → Java class</caption>
 * <tr><td>{@code int}, {@code torch.dtype}, layout, memory format</td><td>{@link java.lang.Long}</td></tr>
 * <tr><td>{@code float}</td><td>{@link java.lang.Double}</td></tr>
 * <tr><td>{@code bool}</td><td>{@link java.lang.Boolean}</td></tr>
 * <tr><td>{@code str}</td><td>{@link java.lang.String}</td></tr>
 * <tr><td>{@code None}</td><td>{@code null}</td></tr>
 * <tr><td>{@code List[T]}</td><td>a mutable {@link java.util.ArrayList}; lists are shared by reference, as in TorchScript</td></tr>
 * <tr><td>{@code Dict[K, V]}</td><td>a mutable {@link java.util.LinkedHashMap} (insertion order); tensor keys compare by identity</td></tr>
 * <tr><td>{@code Tuple[...]}, NamedTuple</td><td>{@link io.github.torchscript4j.checker.eval.Tuple}</td></tr>
 * <tr><td>{@code Tensor}</td><td>{@link io.github.torchscript4j.runtime.value.TensorRef}</td></tr>
 * <tr><td>{@code torch.device}</td><td>{@link io.github.torchscript4j.checker.eval.DeviceValue}</td></tr>
 * <tr><td>user classes and modules</td><td>{@link io.github.torchscript4j.runtime.value.ScriptObject}</td></tr>
 * </table>
 */
package io.github.torchscript4j.runtime.value;
