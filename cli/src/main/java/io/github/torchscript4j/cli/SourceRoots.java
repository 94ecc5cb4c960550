package io.github.torchscript4j.cli;

import io.github.torchscript4j.checker.semantics.SourceProvider;
import io.github.torchscript4j.checker.semantics.Workspace;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The {@code --source-root DIR} option (repeatable) of the commands that check files, and the
 * {@link Workspace} a file is checked in: the given roots first, then the file's default ones
 * ({@link Workspace#defaultRoots}: the folder above its outermost package, then its own folder),
 * so that imports of the project's own files resolve whether or not roots are named. Files with
 * the same roots share one workspace, so a module imported by several is parsed once.
 */
final class SourceRoots {
    @Option(names = "--source-root", paramLabel = "DIR",
            description = "A folder imports of project modules are resolved under, searched before the default ones "
                    + "(the folder above the file's outermost package, then the file's folder); repeatable.")
    List<Path> roots = new ArrayList<>();

    private final Map<List<Path>, Workspace> workspaces = new HashMap<>();

    /** The workspace {@code file} is checked in. Safe to call from several threads ({@code run --cases}' workers). */
    synchronized Workspace workspaceFor(Path file) {
        List<Path> all = new ArrayList<>(roots);
        all.addAll(Workspace.defaultRoots(file, SourceProvider.fileSystem()));
        return workspaces.computeIfAbsent(List.copyOf(all), Workspace::onDisk);
    }
}
