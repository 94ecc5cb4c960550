/**
 * The conformance corpus's VALUE JSON ({@code ../shared/conformance/FORMAT.md}): {@link
 * io.github.torchscript4j.runtime.json.JsonValues} parses and prints runtime values exactly as the
 * reference's recorder writes them (floats by {@link io.github.torchscript4j.runtime.json.PythonFloats},
 * as Python's {@code repr}) and decides whether two values agree.
 */
package io.github.torchscript4j.runtime.json;
