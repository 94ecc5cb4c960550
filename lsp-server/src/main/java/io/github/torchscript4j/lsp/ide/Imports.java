package io.github.torchscript4j.lsp.ide;

import io.github.torchscript4j.checker.semantics.Queries;
import io.github.torchscript4j.checker.syntax.ast.Alias;
import io.github.torchscript4j.checker.syntax.ast.Module;
import io.github.torchscript4j.checker.syntax.ast.Stmt;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The Python modules a file's top-level imports bind, by local name: {@code import torch},
 * {@code import torch.nn.functional as F}, {@code from torch import nn}, {@code import math}.
 */
public final class Imports {
    /** Modules without recorded members that still lead to ones that have them. */
    private static final Set<String> PACKAGES = Set.of("torch", "torch.nn");

    private final Map<String, String> modules = new HashMap<>();

    private Imports(Module tree) {
        for (Stmt s : tree.body()) {
            if (s instanceof Stmt.Import i) {
                for (Alias a : i.names()) {
                    if (a.asname().isPresent()) {
                        modules.put(a.asname().get(), a.name());
                    } else {
                        String first = a.name().split("\\.", 2)[0];
                        modules.put(first, first);
                    }
                }
            } else if (s instanceof Stmt.ImportFrom f && f.level() == 0 && f.module().isPresent()) {
                for (Alias a : f.names()) {
                    String dotted = f.module().get() + "." + a.name();
                    if (isModule(dotted)) {
                        modules.put(a.asname().orElse(a.name()), dotted);
                    }
                }
            }
        }
    }

    public static Imports of(Module tree) {
        return new Imports(tree);
    }

    /** Whether the checker knows {@code dotted} as a module (members recorded, or a package leading to some). */
    public static boolean isModule(String dotted) {
        return PACKAGES.contains(dotted) || !Queries.moduleMembers(dotted).isEmpty();
    }

    /**
     * The module a dotted expression names ({@code F}, {@code torch.nn.functional}, {@code nn.functional}),
     * if it names one through this file's imports.
     */
    public Optional<String> module(String dottedExpression) {
        String[] parts = dottedExpression.split("\\.", -1);
        String base = modules.get(parts[0]);
        if (base == null) {
            return Optional.empty();
        }
        StringBuilder b = new StringBuilder(base);
        for (int i = 1; i < parts.length; i++) {
            b.append('.').append(parts[i]);
        }
        String dotted = b.toString();
        return isModule(dotted) ? Optional.of(dotted) : Optional.empty();
    }
}
