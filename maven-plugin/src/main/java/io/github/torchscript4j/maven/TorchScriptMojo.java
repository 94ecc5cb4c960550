package io.github.torchscript4j.maven;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * What the plugin's goals share: {@code skip}, the source folders (where sources are checked and
 * models' sources looked up) and the import folders (where imports of project modules are
 * resolved), the project's folder, and a debug line with the goal's own time ({@code TorchScript
 * timing: GOAL took N ms}, which {@code scripts/plugin-timings} reads).
 */
public abstract class TorchScriptMojo extends AbstractMojo {
    /** Skips the goal entirely ({@code compile}, {@code trace-check} and {@code package} alike). */
    @Parameter(property = "torchscript.skip", defaultValue = "false")
    protected boolean skip;

    /**
     * The folder of the TorchScript ({@code .py}) sources: {@code compile} checks them, and each
     * model's {@code source} is looked up here first. A missing folder has no sources.
     */
    @Parameter(property = "torchscript.sourceDirectory", defaultValue = "${project.basedir}/src/main/torchscript")
    protected File sourceDirectory;

    /**
     * Further folders of TorchScript sources, used like {@code sourceDirectory}, in order. For {@code
     * compile}, a source whose path relative to its folder is already taken by a source of an
     * earlier folder is skipped with a warning, since both would write the same output files.
     */
    @Parameter
    protected List<File> additionalSourceDirectories;

    /**
     * Further folders that imports of project modules are resolved under, searched after the
     * source directories; their files are not checked themselves (only what the sources' TorchScript
     * reaches in them), and no output is written for them.
     */
    @Parameter
    protected List<File> importDirectories;

    /** The project's folder: paths in messages are relative to it, and so are models' {@code weights}. */
    @Parameter(defaultValue = "${project.basedir}", readonly = true, required = true)
    protected File basedir;

    /** The goal's name, as its timing line names it. */
    abstract String goal();

    /** What the goal does. */
    abstract void executeGoal() throws MojoExecutionException, MojoFailureException;

    @Override
    public final void execute() throws MojoExecutionException, MojoFailureException {
        long start = System.nanoTime();
        try {
            executeGoal();
        } finally {
            getLog().debug("TorchScript timing: " + goal() + " took " + (System.nanoTime() - start) / 1_000_000 + " ms");
        }
    }

    /** The source folders, absolute and normalised, in order. */
    List<Path> roots() {
        return SourceScanner.roots(sourceDirectory, additionalSourceDirectories);
    }

    /** The roots imports are resolved under: the source folders, then the import folders. */
    List<Path> importRoots() {
        List<Path> all = new ArrayList<>(roots());
        if (importDirectories != null) {
            for (File f : importDirectories) {
                Path p = f.toPath().toAbsolutePath().normalize();
                if (!all.contains(p)) {
                    all.add(p);
                }
            }
        }
        return all;
    }

    /**
     * The jar {@code c} was loaded from, with its size and time ({@code path@size@millis}), standing
     * for its version in incremental states: a rebuilt snapshot changes it. A classes folder (this
     * module's own tests) is its path; {@code unknown} when it cannot be told.
     */
    static String jarStamp(Class<?> c) {
        try {
            CodeSource source = c.getProtectionDomain().getCodeSource();
            if (source == null || source.getLocation() == null) {
                return "unknown";
            }
            Path p = Path.of(source.getLocation().toURI());
            if (!Files.isRegularFile(p)) {
                return p.toString();
            }
            BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
            return p + "@" + a.size() + "@" + a.lastModifiedTime().toMillis();
        } catch (IOException | URISyntaxException | RuntimeException e) {
            return "unknown";
        }
    }

    static String plural(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
