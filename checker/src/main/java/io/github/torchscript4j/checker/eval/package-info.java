/**
 * TorchScript's non-tensor values and the operators on them, in plain Java: what constant
 * propagation folds at compile time and what the runtime's interpreter executes without libtorch.
 *
 * <p>Values: {@code int} (and {@code torch.dtype}, layout, memory format) is a {@link
 * java.lang.Long}, {@code float} a {@link java.lang.Double}, {@code bool} a {@link
 * java.lang.Boolean}, {@code str} a {@link java.lang.String}, {@code None} is {@code null}, {@code
 * List[T]} a mutable {@link java.util.ArrayList} (shared by reference), {@code Dict[K, V]} a mutable
 * {@link java.util.LinkedHashMap}, a tuple a {@link io.github.torchscript4j.checker.eval.Tuple} and
 * a device a {@link io.github.torchscript4j.checker.eval.DeviceValue}. The runtime adds tensors and
 * objects.
 */
package io.github.torchscript4j.checker.eval;
