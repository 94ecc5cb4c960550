package io.github.torchscript4j.checker.semantics;

import io.github.torchscript4j.checker.source.SourceFile;
import io.github.torchscript4j.checker.syntax.ParseResult;
import io.github.torchscript4j.checker.syntax.Parser;
import io.github.torchscript4j.checker.syntax.SourceDecoder;
import io.github.torchscript4j.checker.syntax.ast.Module;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A project of Python files under source roots, checked with their imports of each other
 * resolved: the front end's entry point when a file is part of a project ({@link
 * CheckedFile#check(String, byte[])} checks a file on its own, where every import is opaque).
 *
 * <p>A module named {@code a.b.c} is the file {@code a/b/c.py}, or {@code a/b/c/__init__.py}, or
 * else a namespace package, the folder {@code a/b/c} without code of its own (PEP 420), under
 * the first source root that has either, as Python's path finder looks along {@code sys.path}.
 * The checked file's own module name comes from the first root it lies under; relative imports
 * ({@code from . import x}, {@code from ..m import f}) resolve against its package. Imported
 * names are the very functions and classes of the other file ({@link ModuleEnvironment}): calls
 * to them are checked against their signatures, their bodies are checked as TorchScript in their
 * own file's scope when the checked file's TorchScript reaches them, and what is wrong inside them
 * is reported at their own file's ranges ({@link CheckedFile#importedDiagnostics()}). The
 * reference's names follow the module: {@code __torch__.pkg.util.helper} ({@link
 * CheckResult.CheckedFunction#pythonModule()}), {@code __torch__.pkg.util.Box}; the checked file
 * itself is named as a script run directly ({@code __torch__.f}).
 *
 * <p>Imports of modules that no root holds are third-party ones, opaque as before. A name that a
 * project module lacks, or a missing submodule of a project package, is Python's {@code
 * ImportError} at the import ({@link io.github.torchscript4j.checker.source.Code#IMPORT_ERROR}).
 * Import cycles are safe: modules are collected in statement order, and a module being collected
 * exposes what it has defined so far; a name not yet defined is opaque.
 *
 * <p>Files are read through a {@link SourceProvider} (the disk, or unsaved editor texts in front
 * of it). Each file is decoded and parsed once per content (cached by path and SHA-256 of its
 * bytes); the result of checking a file is kept until it or a file it read changes. Checking is
 * done under the workspace's lock; the results are immutable.
 */
public final class Workspace {
    private final List<Path> roots;
    private final SourceProvider files;
    /** Parsed files by absolute path, with the digest of the bytes they were parsed from. */
    private final Map<Path, Parsed> parsed = new HashMap<>();
    /** The last result of checking each file, with the digests of every file it read (null: absent). */
    private final Map<Path, Result> results = new HashMap<>();

    private record Parsed(String digest, SourceDecoder.Decoded decoded, ParseResult result) {}

    private record Result(Map<Path, String> reads, CheckedFile checked) {}

    /** A workspace over {@code sourceRoots} (searched in order), reading through {@code files}. */
    public Workspace(List<Path> sourceRoots, SourceProvider files) {
        this.roots = List.copyOf(sourceRoots.stream().map(Path::normalize).distinct().toList());
        this.files = files;
    }

    /** A workspace over {@code sourceRoots} on disk. */
    public static Workspace onDisk(List<Path> sourceRoots) {
        return new Workspace(sourceRoots, SourceProvider.fileSystem());
    }

    /**
     * The source roots implied by one file, as running it in its project would have them: the
     * folder above its outermost package (walking up while a folder has {@code __init__.py}), so
     * that {@code pkg/main.py} imports {@code pkg.util}; then the file's own folder, as Python puts
     * a script's folder first on {@code sys.path}. The same folder once when the file is in no package.
     */
    public static List<Path> defaultRoots(Path file, SourceProvider files) {
        Path dir = file.toAbsolutePath().normalize().getParent();
        if (dir == null) {
            return List.of();
        }
        Path top = dir;
        while (top.getParent() != null && files.read(top.resolve("__init__.py")).isPresent()) {
            top = top.getParent();
        }
        Path relDir = file.normalize().getParent();
        Path own = relDir == null ? Path.of("") : relDir;
        Path up = own;
        for (Path d = dir; !d.equals(top); d = d.getParent()) {
            up = up.resolve("..");
        }
        List<Path> r = new ArrayList<>();
        r.add(up.normalize());
        r.add(own.normalize());
        return List.copyOf(r.stream().distinct().toList());
    }

    /** The source roots, in search order. */
    public List<Path> sourceRoots() {
        return roots;
    }

    /** Checks the file at {@code file}, read through the workspace's {@link SourceProvider}. */
    public CheckedFile check(Path file) throws IOException {
        Optional<byte[]> bytes = files.read(file);
        if (bytes.isEmpty()) {
            throw new NoSuchFileException(file.toString());
        }
        return check(file, bytes.get());
    }

    /**
     * Checks {@code bytes} as the contents of {@code file} (which need not exist on disk), with its
     * imports of the workspace's modules resolved. Never throws on bad input.
     */
    public synchronized CheckedFile check(Path file, byte[] bytes) {
        Path key = key(file);
        Result last = results.get(key);
        if (last != null && last.reads().get(key).equals(digest(bytes)) && unchanged(last.reads(), key)) {
            return last.checked();
        }
        Session session = new Session();
        Parsed entry = parse(file, bytes);
        session.reads.put(key, entry.digest());
        CheckedFile checked = CheckedFile.check(entry.decoded(), entry.result(), p -> {
            Optional<String> name = moduleName(file);
            ModuleEnvironment env = session.environment(key, name.orElse(""),
                    file.getFileName() != null && file.getFileName().toString().equals("__init__.py"), entry);
            return Checker.check(env);
        });
        results.put(key, new Result(java.util.Collections.unmodifiableMap(new LinkedHashMap<>(session.reads)), checked));
        lastAbsent.put(key, session.absent);
        return checked;
    }

    /**
     * The other project files that the last {@link #check(Path, byte[]) check} of {@code file} read:
     * the modules it imports, and theirs, transitively (absolute, normalized paths, in the order
     * they were read); empty when {@code file} was not checked or imports no project file. A build
     * tool keys its stale-source detection on them: the result of the check can only change when
     * {@code file} or one of these does (or a module file appears where none was found).
     */
    public synchronized List<Path> dependencies(Path file) {
        Path key = key(file);
        Result last = results.get(key);
        if (last == null) {
            return List.of();
        }
        return last.reads().keySet().stream().filter(p -> !p.equals(key)).toList();
    }

    /** The candidate files each last check found absent; a file appearing there invalidates it. */
    private final Map<Path, List<Path>> lastAbsent = new HashMap<>();

    private boolean unchanged(Map<Path, String> reads, Path entry) {
        for (Map.Entry<Path, String> e : reads.entrySet()) {
            if (e.getKey().equals(entry)) {
                continue;
            }
            Optional<byte[]> now = files.read(e.getKey());
            if (now.isEmpty() || !digest(now.get()).equals(e.getValue())) {
                return false;
            }
        }
        for (Path p : lastAbsent.getOrDefault(entry, List.of())) {
            if (files.read(p).isPresent()) {
                return false;
            }
        }
        return true;
    }

    /**
     * The file of module {@code dotted}: {@code a/b/c.py} or {@code a/b/c/__init__.py} under the
     * first root that has either; empty when no root does, or the name is no dotted identifier.
     */
    public synchronized Optional<Path> findModule(String dotted) {
        return locate(dotted, null);
    }

    /**
     * The folder of {@code dotted} when it is a namespace package (PEP 420): no root has {@code
     * a/b/c.py} or {@code a/b/c/__init__.py}, but one has a folder {@code a/b/c}; the first such root's.
     */
    private Optional<Path> namespaceFolder(String dotted) {
        if (!isDottedName(dotted)) {
            return Optional.empty();
        }
        String rel = dotted.replace('.', '/');
        for (Path root : roots) {
            Path folder = root.resolve(rel);
            if (files.isDirectory(folder)) {
                return Optional.of(folder.normalize());
            }
        }
        return Optional.empty();
    }

    private Optional<Path> locate(String dotted, List<Path> absent) {
        if (!isDottedName(dotted)) {
            return Optional.empty();
        }
        String rel = dotted.replace('.', '/');
        for (Path root : roots) {
            for (Path candidate : List.of(root.resolve(rel + ".py"), root.resolve(rel).resolve("__init__.py"))) {
                if (files.read(candidate).isPresent()) {
                    return Optional.of(candidate.normalize());
                }
                if (absent != null) {
                    absent.add(key(candidate));
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The dotted module name of {@code file} under the first source root that contains it ({@code
     * pkg.util} for {@code ROOT/pkg/util.py}, {@code pkg} for {@code ROOT/pkg/__init__.py}); empty
     * when no root contains it or a folder on the way is no identifier.
     */
    public Optional<String> moduleName(Path file) {
        Path abs = key(file);
        for (Path root : roots) {
            Path r = key(root);
            if (!abs.startsWith(r) || abs.equals(r)) {
                continue;
            }
            List<String> parts = new ArrayList<>();
            for (Path p : r.relativize(abs)) {
                parts.add(p.toString());
            }
            String last = parts.remove(parts.size() - 1);
            if (!last.endsWith(".py")) {
                continue;
            }
            if (!last.equals("__init__.py")) {
                parts.add(last.substring(0, last.length() - 3));
            }
            String name = String.join(".", parts);
            if (isDottedName(name)) {
                return Optional.of(name);
            }
        }
        return Optional.empty();
    }

    private static boolean isDottedName(String dotted) {
        if (dotted.isEmpty()) {
            return false;
        }
        for (String part : dotted.split("\\.", -1)) {
            if (part.isEmpty() || !Character.isJavaIdentifierStart(part.charAt(0)) || part.contains("$")
                    || !part.chars().allMatch(Character::isJavaIdentifierPart)) {
                return false;
            }
        }
        return true;
    }

    private static Path key(Path p) {
        return p.toAbsolutePath().normalize();
    }

    private Parsed parse(Path file, byte[] bytes) {
        Path key = key(file);
        String digest = digest(bytes);
        Parsed p = parsed.get(key);
        if (p != null && p.digest().equals(digest) && p.decoded().file().path().equals(file.toString())) {
            return p;
        }
        SourceDecoder.Decoded decoded = SourceDecoder.decode(file.toString(), bytes);
        p = new Parsed(digest, decoded, Parser.parse(decoded));
        parsed.put(key, p);
        return p;
    }

    private static String digest(byte[] bytes) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] d = md.digest(bytes);
            StringBuilder sb = new StringBuilder();
            for (byte b : d) {
                sb.append(String.format("%02x", b & 0xff));
            }
            return sb.toString();
        } catch (NoSuchAlgorithmException e) {
            return Integer.toHexString(Arrays.hashCode(bytes)) + ":" + bytes.length;
        }
    }

    /**
     * The modules of one check: each project module's environment, made on first import (before
     * its statements are collected, so that a cycle finds it), by name and by source file.
     */
    private final class Session implements ModuleEnvironment.ProjectImports {
        private final Map<String, Optional<ModuleEnvironment>> byName = new HashMap<>();
        private final Map<Path, ModuleEnvironment> byPath = new HashMap<>();
        private final Map<SourceFile, ModuleEnvironment> byFile = new IdentityHashMap<>();
        /** Every file read, with its digest. */
        final Map<Path, String> reads = new LinkedHashMap<>();
        /** Candidate files probed and not found. */
        final List<Path> absent = new ArrayList<>();

        ModuleEnvironment environment(Path key, String name, boolean isPackage, Parsed p) {
            ModuleEnvironment existing = byPath.get(key);
            if (existing != null) {
                return existing;
            }
            Module tree = p.result().hasErrors()
                    ? new Module(List.of(), List.of(), p.result().module().range()) // Python could not import it
                    : p.result().module();
            ModuleEnvironment env = new ModuleEnvironment(tree, name, isPackage, p.decoded().file().path(), this);
            if (p.result().hasErrors()) {
                env.makeOpaque();
            }
            byPath.put(key, env);
            byFile.put(p.decoded().file(), env);
            if (!name.isEmpty()) {
                byName.put(name, Optional.of(env));
            }
            return env.collect();
        }

        @Override
        public Optional<ModuleEnvironment> module(String dotted) {
            Optional<ModuleEnvironment> known = byName.get(dotted);
            if (known != null) {
                return known;
            }
            Optional<Path> file = locate(dotted, absent);
            if (file.isEmpty()) {
                Optional<Path> folder = namespaceFolder(dotted);
                if (folder.isPresent()) { // a namespace package: no code of its own, its submodules below
                    Path key = key(folder.get());
                    return Optional.of(environment(key, dotted, true, parse(folder.get(), new byte[0])));
                }
                byName.put(dotted, Optional.empty());
                return Optional.empty();
            }
            Path key = key(file.get());
            ModuleEnvironment same = byPath.get(key); // the checked file itself, imported back
            if (same != null) {
                byName.put(dotted, Optional.of(same));
                return Optional.of(same);
            }
            Optional<byte[]> bytes = files.read(file.get());
            if (bytes.isEmpty()) {
                byName.put(dotted, Optional.empty());
                return Optional.empty();
            }
            Parsed p = parse(file.get(), bytes.get());
            reads.put(key, p.digest());
            boolean isPackage = file.get().getFileName().toString().equals("__init__.py");
            return Optional.of(environment(key, dotted, isPackage, p));
        }

        @Override
        public Optional<ModuleEnvironment> owner(SourceFile file) {
            return Optional.ofNullable(byFile.get(file));
        }
    }
}
