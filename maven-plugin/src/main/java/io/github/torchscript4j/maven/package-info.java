/**
 * The Maven plugin ({@code torchscript-maven-plugin}, goal prefix {@code torchscript}).
 *
 * <p>A Mojo only adapts: it turns its parameters into checker calls and renders the checker's
 * {@code Diagnostic}s into Maven's log. <b>Architecture Invariant:</b> this is the only module that
 * depends on {@code org.apache.maven}.
 */
package io.github.torchscript4j.maven;
