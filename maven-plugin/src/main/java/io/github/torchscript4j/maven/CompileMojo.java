package io.github.torchscript4j.maven;

import java.io.File;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Checks and compiles the project's TorchScript sources ({@code mvn torchscript:compile}).
 *
 * <p>Today the goal only reports where it would look: checking the sources, failing the build with
 * {@code file:line:col} errors and writing each function's graph and code under {@code target/}
 * come in a later issue. It does not pretend to check anything yet.
 */
@Mojo(name = "compile", defaultPhase = LifecyclePhase.COMPILE, threadSafe = true)
public final class CompileMojo extends AbstractMojo {

    /** Skips the goal entirely. */
    @Parameter(property = "torchscript.skip", defaultValue = "false")
    private boolean skip;

    /** The folder holding the TorchScript ({@code .py}) sources to check. */
    @Parameter(
            property = "torchscript.sourceDirectory",
            defaultValue = "${project.basedir}/src/main/torchscript")
    private File sourceDirectory;

    @Override
    public void execute() {
        if (skip) {
            getLog().info("TorchScript: skipped (torchscript.skip=true)");
            return;
        }
        getLog().info("TorchScript sources: " + sourceDirectory);
        getLog().info("TorchScript: checking is not implemented yet; a later issue adds it."
                + " Nothing was checked.");
    }
}
