package io.github.torchscript4j.checker.semantics;

import io.github.torchscript4j.checker.source.Diagnostic;
import io.github.torchscript4j.checker.syntax.ast.Expr;
import io.github.torchscript4j.checker.types.Type;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the checker found in one file: its semantic diagnostics, sorted by position, and the type of
 * every expression of checked TorchScript code that it typed (keyed by node identity, because
 * records compare structurally). An expression it did not reach, or could not type, has no entry
 * or {@code UnknownType}.
 */
public final class CheckResult {
    private final List<Diagnostic> diagnostics;
    private final Map<Expr, Type> types;

    CheckResult(List<Diagnostic> diagnostics, IdentityHashMap<Expr, Type> types) {
        this.diagnostics = List.copyOf(diagnostics);
        this.types = Collections.unmodifiableMap(new IdentityHashMap<>(types));
    }

    public List<Diagnostic> diagnostics() {
        return diagnostics;
    }

    /** The type the checker gave {@code expr} (this very node), if it typed it. */
    public Optional<Type> typeOf(Expr expr) {
        return Optional.ofNullable(types.get(expr));
    }

    /** Every typed expression, by identity; unmodifiable. */
    public Map<Expr, Type> types() {
        return types;
    }
}
