package io.github.torchscript4j.lsp.ide;

import io.github.torchscript4j.checker.semantics.CheckResult;
import io.github.torchscript4j.checker.semantics.Checker;
import io.github.torchscript4j.checker.source.Code;
import io.github.torchscript4j.checker.source.Diagnostic;
import io.github.torchscript4j.checker.source.SourceFile;
import io.github.torchscript4j.checker.source.SourceRange;
import io.github.torchscript4j.checker.syntax.ParseResult;
import io.github.torchscript4j.checker.syntax.Parser;
import io.github.torchscript4j.checker.syntax.ast.Expr;
import io.github.torchscript4j.checker.syntax.ast.Module;
import io.github.torchscript4j.checker.syntax.ast.Node;
import io.github.torchscript4j.checker.syntax.ast.Stmt;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Diagnostics of a new version of a file from those of an earlier one, rechecking only what an
 * edit can affect: the per-function results of the earlier version are kept for every function the
 * edit did not touch, and only the edited function is checked again.
 *
 * <p>That is exact when the edit lies inside the body of one module-level function that is itself
 * decorated {@code @torch.jit.script} (so it is compiled whoever calls it) and has an annotated
 * return type (so what its callers see of it, its signature, did not change), the body has no
 * {@code global} or {@code nonlocal} statement, and it names the same module-level functions and
 * classes as before (so the same functions are compiled). Then nothing outside the function can
 * see the edit: the earlier diagnostics outside it stay, shifted by the edit's length, and the
 * function's own are found by checking a reduced copy of the file — same offsets, every other
 * module-level function and class blanked out except those the function uses, transitively.
 * Otherwise {@link #recheck} answers empty and the caller checks the whole file.
 *
 * <p>A text that does not parse gets its syntax errors (the checker does not run on it, as in
 * {@link Analysis#of}), and the earlier base stays for the next version that parses. The language
 * server still checks the whole file in the background and corrects what it published if the two
 * ever disagree.
 */
public final class IncrementalDiagnostics {
    private IncrementalDiagnostics() {}

    /**
     * A version that parsed and was checked: its file, tree and the checker's diagnostics of it
     * (not the parser's), exactly as a whole-file check reports them.
     */
    public record Base(SourceFile file, Module module, List<Diagnostic> checkerDiagnostics, Check check) {
        public Base {
            checkerDiagnostics = List.copyOf(checkerDiagnostics);
        }

        /** A base of a file checked on its own. */
        public Base(SourceFile file, Module module, List<Diagnostic> checkerDiagnostics) {
            this(file, module, checkerDiagnostics, Check.ALONE);
        }

        /**
         * The base of a whole-file analysis (the checker's diagnostics in the file itself, not those
         * inside files it imports), checking later versions as it was checked ({@link
         * Analysis#checker()}); empty when it did not get to the checker or the check ran out of stack.
         */
        public static Optional<Base> of(Analysis a) {
            return a.result().filter(r -> a.diagnostics().stream().noneMatch(d -> d.code() == Code.TOO_COMPLEX))
                    .map(r -> new Base(a.file(), a.module(),
                            r.diagnostics().stream().filter(d -> d.range().file() == a.file()).toList(), a.checker()));
        }
    }

    /**
     * How the reduced copy of a file is checked: the checker's diagnostics in the copy's own text
     * (none inside other files), or empty when it cannot be checked (the caller then checks the
     * whole file). {@link #ALONE} checks it on its own; {@link Project#checkIn} within its project,
     * so that the function's imports of other project files resolve.
     */
    @FunctionalInterface
    public interface Check {
        /** The diagnostics of {@code reducedText}, the copy of the file that {@code path} names in messages. */
        Optional<List<Diagnostic>> diagnostics(String path, String reducedText);

        /** Checks the copy on its own, every import opaque. */
        Check ALONE = (path, text) -> {
            ParseResult parsed = Parser.parse(new SourceFile(path, text));
            if (parsed.hasErrors()) {
                return Optional.empty();
            }
            CheckResult r = Checker.check(parsed);
            return Optional.of(r.diagnostics());
        };
    }

    /**
     * The new version's diagnostics (sorted by position), the base for the version after it, and
     * which function was rechecked (empty when the text did not parse).
     */
    public record Result(List<Diagnostic> diagnostics, Base base, Optional<String> rechecked) {}

    /**
     * Every diagnostic of {@code text} (the next version of {@code previous}'s file), or empty when
     * the edit may affect more than one function and the whole file must be checked.
     */
    public static Optional<Result> recheck(Base previous, String path, String text) {
        SourceFile file = new SourceFile(path, text);
        ParseResult parsed = Parser.parse(file);
        if (parsed.hasErrors()) {
            return Optional.of(new Result(parsed.diagnostics(), previous, Optional.empty()));
        }
        String old = previous.file().text();
        int prefix = 0;
        int limit = Math.min(old.length(), text.length());
        while (prefix < limit && old.charAt(prefix) == text.charAt(prefix)) {
            prefix++;
        }
        int suffix = 0;
        while (suffix < limit - prefix && old.charAt(old.length() - 1 - suffix) == text.charAt(text.length() - 1 - suffix)) {
            suffix++;
        }
        int oldEnd = old.length() - suffix;
        int delta = text.length() - old.length();
        if (prefix == old.length() && delta == 0) { // the same text
            List<Diagnostic> all = new ArrayList<>(parsed.diagnostics());
            for (Diagnostic d : previous.checkerDiagnostics()) {
                all.add(moved(d, file, Integer.MAX_VALUE, 0));
            }
            all.sort(Diagnostic.BY_POSITION);
            return Optional.of(new Result(all, new Base(file, parsed.module(), previous.checkerDiagnostics(), previous.check()),
                    Optional.empty()));
        }
        List<Stmt> oldBody = previous.module().body();
        List<Stmt> newBody = parsed.module().body();
        if (oldBody.size() != newBody.size()) {
            return Optional.empty();
        }
        int index = -1;
        for (int i = 0; i < oldBody.size(); i++) {
            SourceRange r = oldBody.get(i).range();
            if (r.start() <= prefix && oldEnd <= r.end()) {
                index = i;
                break;
            }
        }
        if (index < 0 || !(oldBody.get(index) instanceof Stmt.FunctionDef before)
                || !(newBody.get(index) instanceof Stmt.FunctionDef after)) {
            return Optional.empty();
        }
        // Inside the body, the function's name, decorators and signature untouched.
        if (before.body().isEmpty() || prefix < before.body().get(0).range().start()
                || after.body().isEmpty() || after.body().get(0).range().start() != before.body().get(0).range().start()
                || after.range().end() != before.range().end() + delta || !after.name().equals(before.name())
                || after.returns().isEmpty() || !scripted(after) || hasGlobalStatement(after)) {
            return Optional.empty();
        }
        Map<String, Stmt> definitions = definitions(parsed.module());
        if (!referenced(before, definitions(previous.module()).keySet()).equals(referenced(after, definitions.keySet()))) {
            return Optional.empty();
        }
        // Related locations of other diagnostics that point into the edited text cannot be moved.
        List<Diagnostic> kept = new ArrayList<>(parsed.diagnostics());
        for (Diagnostic d : previous.checkerDiagnostics()) {
            if (inside(d.range(), before)) {
                continue;
            }
            for (Diagnostic.Related r : d.related()) {
                if (r.range().end() > prefix && r.range().start() < oldEnd) {
                    return Optional.empty();
                }
            }
            kept.add(moved(d, file, oldEnd, delta));
        }
        // Check the function in a copy of the file with what it does not use blanked out.
        Optional<List<Diagnostic>> checked;
        try {
            checked = previous.check().diagnostics(path, onlyWhatItUses(text, parsed.module(), after));
        } catch (StackOverflowError e) {
            return Optional.empty();
        }
        if (checked.isEmpty()) {
            return Optional.empty();
        }
        List<Diagnostic> checker = new ArrayList<>();
        for (Diagnostic d : previous.checkerDiagnostics()) {
            if (!inside(d.range(), before)) {
                checker.add(moved(d, file, oldEnd, delta));
            }
        }
        for (Diagnostic d : checked.get()) {
            if (inside(d.range(), after)) {
                Diagnostic onFile = moved(d, file, Integer.MAX_VALUE, 0);
                checker.add(onFile);
                kept.add(onFile);
            }
        }
        kept.sort(Diagnostic.BY_POSITION);
        checker.sort(Diagnostic.BY_POSITION);
        return Optional.of(new Result(kept, new Base(file, parsed.module(), checker, previous.check()),
                Optional.of(after.name())));
    }

    /**
     * {@code text} with every module-level function and class of {@code module} (its tree) blanked
     * out — spaces, line breaks kept, so offsets and lines stay — except {@code root}, a module-level
     * statement, and the functions and classes it uses, transitively.
     */
    static String onlyWhatItUses(String text, Module module, Stmt root) {
        Set<Stmt> keep = uses(root, definitions(module));
        StringBuilder reduced = new StringBuilder(text);
        for (Stmt s : module.body()) {
            if ((s instanceof Stmt.FunctionDef || s instanceof Stmt.ClassDef) && !keep.contains(s)) {
                SourceRange r = Syntax.extent(s);
                int start = r.start() > 0 && text.charAt(r.start() - 1) == '@' ? r.start() - 1 : r.start();
                for (int i = start; i < Math.min(r.end(), reduced.length()); i++) {
                    char c = reduced.charAt(i);
                    if (c != '\n' && c != '\r') {
                        reduced.setCharAt(i, ' ');
                    }
                }
            }
        }
        return reduced.toString();
    }

    /** Whether {@code r} lies in {@code f}, its decorators included. */
    private static boolean inside(SourceRange r, Stmt.FunctionDef f) {
        SourceRange e = Syntax.extent(f);
        return e.start() <= r.start() && r.end() <= e.end();
    }

    /** {@code d} on {@code file}, every range that starts at or after {@code from} moved by {@code delta}. */
    private static Diagnostic moved(Diagnostic d, SourceFile file, int from, int delta) {
        List<Diagnostic.Related> related = new ArrayList<>();
        for (Diagnostic.Related r : d.related()) {
            related.add(new Diagnostic.Related(moved(r.range(), file, from, delta), r.message(), r.kind()));
        }
        return new Diagnostic(d.code(), d.severity(), moved(d.range(), file, from, delta), d.message(), related);
    }

    private static SourceRange moved(SourceRange r, SourceFile file, int from, int delta) {
        int shift = r.start() >= from ? delta : 0;
        int length = file.text().length();
        return new SourceRange(file, Math.min(length, r.start() + shift), Math.min(length, r.end() + shift));
    }

    /** Whether {@code f} is decorated {@code @torch.jit.script} (as written: {@code torch.jit.script}). */
    private static boolean scripted(Stmt.FunctionDef f) {
        for (Expr d : f.decoratorList()) {
            if (d.range().text().equals("torch.jit.script")) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasGlobalStatement(Stmt.FunctionDef f) {
        boolean[] found = {false};
        Syntax.walk(f, n -> found[0] |= n instanceof Stmt.Global || n instanceof Stmt.Nonlocal);
        return found[0];
    }

    /** The module-level functions and classes by name (the last definition of a name wins, as in Python). */
    private static Map<String, Stmt> definitions(Module m) {
        Map<String, Stmt> out = new HashMap<>();
        for (Stmt s : m.body()) {
            if (s instanceof Stmt.FunctionDef f) {
                out.put(f.name(), f);
            } else if (s instanceof Stmt.ClassDef c) {
                out.put(c.name(), c);
            }
        }
        return out;
    }

    /** The names of module-level functions and classes that {@code node} names anywhere in it. */
    private static Set<String> referenced(Node node, Set<String> definitions) {
        Set<String> out = new HashSet<>();
        Syntax.walk(node, n -> {
            if (n instanceof Expr.Name name && definitions.contains(name.id())) {
                out.add(name.id());
            }
        });
        return out;
    }

    /** {@code root} and the module-level functions and classes it uses, transitively. */
    private static Set<Stmt> uses(Stmt root, Map<String, Stmt> definitions) {
        Set<Stmt> out = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        Deque<Stmt> work = new ArrayDeque<>(List.of(root));
        while (!work.isEmpty()) {
            Stmt s = work.pop();
            if (out.add(s)) {
                for (String name : referenced(s, definitions.keySet())) {
                    work.push(definitions.get(name));
                }
            }
        }
        return out;
    }
}
