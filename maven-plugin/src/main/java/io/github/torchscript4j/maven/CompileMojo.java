package io.github.torchscript4j.maven;

import io.github.torchscript4j.checker.emit.EmitException;
import io.github.torchscript4j.checker.semantics.CheckedFile;
import io.github.torchscript4j.checker.source.Diagnostic;
import io.github.torchscript4j.checker.source.Severity;
import io.github.torchscript4j.maven.Compilation.FileResult;
import io.github.torchscript4j.maven.SourceScanner.Source;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.logging.Log;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Checks the project's TorchScript sources and writes what they compile to ({@code mvn
 * torchscript:compile}, bound to the {@code compile} phase).
 *
 * <p>Every source under the source directories that the includes select and the excludes do not
 * is checked as {@code torch.jit.script} (PyTorch 1.13.1) would check it. Each diagnostic is
 * printed as the compiler plugin prints javac's, {@code [ERROR] path:[line,column] TS0101:
 * message}, all of them, warnings as {@code [WARNING]}; any error fails the build (unless {@code
 * failOnError} is false). For each source without errors, the {@code fn.code} and {@code fn.graph}
 * of every compiled function are written under {@code outputDirectory} as {@code <relative
 * path>.code} and {@code <relative path>.graph}. A function the IR emitter cannot lower yet is
 * reported as a warning ("not lowered yet") and never fails the build.
 *
 * <p>Imports of the project's own modules are followed, as Python finds them along {@code
 * sys.path}: the source directories (in order), then the {@code importDirectories}, are the roots a
 * module {@code pkg.util} ({@code pkg/util.py}) is looked up under. A call into another file is
 * checked against its signature, and an error inside an imported function is reported once, at
 * its own file and line, however many sources reach it.
 *
 * <p>Unchanged sources that were clean last time are not checked again (the state lives under
 * {@code target/maven-status/torchscript/}); a source is checked again when it or any project file
 * it imports (transitively) changed. A source with errors or warnings is checked, and its messages
 * printed, on every build until they are gone.
 *
 * <p>Every diagnostic is also written to a SARIF 2.1.0 report, {@code sarifFile} (by default
 * {@code target/torchscript/torchscript.sarif}), for code-scanning tools such as GitHub code
 * scanning: one result per diagnostic, with its code as the rule, its level, message and location
 * (relative to the project's folder). The report always covers every source of the build: an
 * unchanged rebuild writes the same report.
 */
// The Mojo only adapts: parameters in, Compilation (checker and emitter calls), diagnostics out to
// Maven's log, a MojoFailureException for errors in the sources and a MojoExecutionException when
// the build itself cannot proceed (unreadable source, unwritable output). The Javadoc above is the
// goal's documentation (mvn torchscript:help -Ddetail).
@Mojo(name = "compile", defaultPhase = LifecyclePhase.COMPILE, threadSafe = true)
public final class CompileMojo extends TorchScriptMojo {
    static final String DEFAULT_INCLUDE = "**/*.py";

    /**
     * Ant-style patterns, relative to each source folder, of the files to check: {@code *} within a
     * name, {@code **} for any number of folders. Default: {@code **}{@code /*.py}.
     */
    @Parameter
    private Set<String> includes;

    /** Ant-style patterns of files not to check, even when an include selects them. */
    @Parameter
    private Set<String> excludes;

    /**
     * Where the compiled code goes: {@code <relative path>.code} ({@code fn.code} of each function)
     * and {@code <relative path>.graph} ({@code fn.graph}) for each source without errors.
     */
    @Parameter(property = "torchscript.outputDirectory", defaultValue = "${project.build.directory}/torchscript")
    private File outputDirectory;

    /**
     * The SARIF 2.1.0 report of every diagnostic (for GitHub code scanning and other SARIF readers),
     * rewritten on every build, before the build fails on errors. A relative path is relative to
     * the project's folder. An empty value ({@code -Dtorchscript.sarifFile=}, or an empty {@code
     * torchscript.sarifFile} property in the POM) writes no report; note that Maven reads an empty
     * {@code <sarifFile/>} element as unset, which keeps the default.
     */
    @Parameter(property = "torchscript.sarifFile", defaultValue = "${project.build.directory}/torchscript/torchscript.sarif")
    private String sarifFile;

    /** Fails the build when a source has a TorchScript error. When false the errors are still printed. */
    @Parameter(property = "torchscript.failOnError", defaultValue = "true")
    private boolean failOnError;

    /**
     * Fails the build when a source has a checker warning. Functions that are valid but not lowered
     * to the IR yet never fail the build.
     */
    @Parameter(property = "torchscript.failOnWarning", defaultValue = "false")
    private boolean failOnWarning;

    /**
     * Checks only sources that changed, or that had errors or warnings, since the last build.
     * {@code -Dtorchscript.incremental=false} checks everything.
     */
    @Parameter(property = "torchscript.incremental", defaultValue = "true")
    private boolean incremental;

    /** The plugin's version, named as the tool's version in the SARIF report. */
    @Parameter(defaultValue = "${plugin.version}", readonly = true)
    private String pluginVersion;

    /** The project's build folder, which holds the state of incremental builds. */
    @Parameter(defaultValue = "${project.build.directory}", readonly = true, required = true)
    private File buildDirectory;

    @Override
    String goal() {
        return "compile";
    }

    @Override
    void executeGoal() throws MojoExecutionException, MojoFailureException {
        Log log = getLog();
        if (skip) {
            log.info("TorchScript: skipped (torchscript.skip=true)");
            return;
        }
        List<SourcePattern> includePatterns = patterns(includes == null || includes.isEmpty()
                ? Set.of(DEFAULT_INCLUDE) : includes);
        List<SourcePattern> excludePatterns = patterns(excludes == null ? Set.of() : excludes);
        List<Path> roots = roots();
        List<Source> sources = new ArrayList<>();
        Map<String, Source> byRelativePath = new HashMap<>();
        try {
            for (Path root : roots) {
                for (Source s : SourceScanner.scan(root, includePatterns, excludePatterns)) {
                    Source earlier = byRelativePath.putIfAbsent(s.relativePath(), s);
                    if (earlier == null) {
                        sources.add(s);
                    } else {
                        log.warn(s.file() + ": skipped, since " + earlier.file()
                                + " has the same path relative to its source folder");
                    }
                }
            }
        } catch (IOException e) {
            throw new MojoExecutionException("TorchScript: cannot list the sources: " + e.getMessage(), e);
        }
        Path stateFile = buildDirectory.toPath().resolve("maven-status/torchscript/compile.state");
        if (sources.isEmpty() && !Files.exists(stateFile)) {
            log.info("TorchScript: no sources in " + display(roots));
            return;
        }

        BuildState state = BuildState.load(stateFile, configuration(roots, includePatterns, excludePatterns));
        Compilation compilation = new Compilation(outputDirectory.toPath(), Runtime.getRuntime().availableProcessors(),
                importRoots());
        List<FileResult> results;
        try {
            results = compilation.run(sources, state, incremental);
            if (state.isModified()) {
                state.save(stateFile);
            }
        } catch (IOException e) {
            throw new MojoExecutionException("TorchScript: " + e, e);
        } catch (IllegalStateException e) {
            throw new MojoExecutionException("TorchScript: " + e.getMessage()
                    + " (a bug of torchscript-maven-plugin; please report it with the source)", e);
        }
        writeSarif(results);
        if (sources.isEmpty()) { // the outputs of the last build's sources are gone now
            log.info("TorchScript: no sources in " + display(roots));
            return;
        }
        report(results, roots);
    }

    /** Logs every message and the summary, then fails the build if it must. */
    private void report(List<FileResult> results, List<Path> roots) throws MojoFailureException {
        Log log = getLog();
        long errors = 0;
        long warnings = 0;
        long notLowered = 0;
        int checked = 0;
        int filesWithErrors = 0;
        int functions = 0;
        for (FileResult r : results) {
            for (Diagnostic d : r.diagnostics()) {
                String text = MavenMessages.diagnostic(d);
                if (d.severity() == Severity.ERROR) {
                    log.error(text);
                } else if (d.severity() == Severity.WARNING) {
                    log.warn(text);
                } else {
                    log.info(text);
                }
            }
            for (EmitException x : r.notLowered()) {
                log.warn(MavenMessages.notLowered(r.source().file().toString(), x));
            }
            if (r.checked()) {
                checked++;
                functions += r.functions();
                log.debug("TorchScript: checked " + r.source().file() + ": " + plural(r.diagnostics().size(), "diagnostic") + ", "
                        + plural(r.functions(), "function") + " written");
            }
            errors += r.count(Severity.ERROR);
            warnings += r.count(Severity.WARNING);
            notLowered += r.notLowered().size();
            filesWithErrors += r.hasErrors() ? 1 : 0;
        }
        int upToDate = results.size() - checked;
        StringBuilder summary = new StringBuilder("TorchScript: ").append(plural(results.size(), "source"))
                .append(" in ").append(display(roots)).append(": ");
        if (checked == 0) {
            summary.append("all up to date");
        } else {
            summary.append(checked).append(" checked");
            if (upToDate > 0) {
                summary.append(", ").append(upToDate).append(" up to date");
            }
            summary.append("; ").append(plural(errors, "error")).append(", ").append(plural(warnings, "warning"));
            if (notLowered > 0) {
                summary.append(", ").append(plural(notLowered, "function")).append(" not lowered yet");
            }
            summary.append("; ").append(plural(functions, "function")).append(" written to ")
                    .append(display(outputDirectory.toPath()));
        }
        log.info(summary);
        if (errors > 0 && failOnError) {
            throw new MojoFailureException("TorchScript: " + plural(errors, "error") + " in "
                    + plural(filesWithErrors, "file") + " (listed above; -Dtorchscript.failOnError=false reports"
                    + " them without failing)");
        }
        if (warnings > 0 && failOnWarning) {
            throw new MojoFailureException("TorchScript: " + plural(warnings, "warning")
                    + " and failOnWarning is set (listed above)");
        }
    }

    /** Writes the SARIF report of this build's results, unless {@code sarifFile} is empty. */
    private void writeSarif(List<FileResult> results) throws MojoExecutionException {
        if (sarifFile == null || sarifFile.isBlank()) {
            return;
        }
        Path file;
        try {
            file = basedir.toPath().resolve(sarifFile.strip()).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw new MojoExecutionException("TorchScript: sarifFile is not a path: " + sarifFile, e);
        }
        try {
            SarifReport.write(file, results, basedir.toPath(), pluginVersion);
        } catch (IOException e) {
            throw new MojoExecutionException("TorchScript: cannot write the SARIF report " + file + ": " + e, e);
        }
    }

    private static List<SourcePattern> patterns(Set<String> texts) {
        return new TreeSet<>(texts).stream().map(SourcePattern::of).toList();
    }

    /**
     * The text whose fingerprint keys the incremental state: everything that changes every
     * answer at once. The jars' sizes and times stand for the plugin's and checker's versions, so
     * an upgraded (or rebuilt snapshot) checker rechecks every source.
     */
    private String configuration(List<Path> roots, List<SourcePattern> includes, List<SourcePattern> excludes) {
        return "roots=" + roots + "\nimportRoots=" + importRoots() + "\nincludes=" + includes + "\nexcludes=" + excludes
                + "\noutput=" + outputDirectory.toPath().toAbsolutePath().normalize()
                + "\nplugin=" + jarStamp(CompileMojo.class) + "\nchecker=" + jarStamp(CheckedFile.class);
    }

    /** A path relative to the project's folder when it is inside it. */
    private String display(Path p) {
        Path base = basedir.toPath().toAbsolutePath().normalize();
        Path abs = p.toAbsolutePath().normalize();
        return abs.startsWith(base) && !abs.equals(base) ? base.relativize(abs).toString() : abs.toString();
    }

    private String display(List<Path> roots) {
        return roots.size() == 1 ? display(roots.get(0)) : roots.stream().map(this::display).toList().toString();
    }
}
