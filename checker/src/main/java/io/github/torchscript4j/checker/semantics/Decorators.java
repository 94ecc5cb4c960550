package io.github.torchscript4j.checker.semantics;

import io.github.torchscript4j.checker.syntax.ast.Expr;
import java.util.List;

/**
 * Reads decorators: {@code @torch.jit.script} (however {@code torch.jit.script} was imported)
 * marks TorchScript; {@code @torch.jit.ignore} and {@code @torch.jit.unused} (also called, as in
 * {@code @torch.jit.ignore(drop=True)}) mark functions TorchScript does not compile.
 */
final class Decorators {
    private Decorators() {}

    static boolean isScript(List<Expr> decorators, TypeAnnotations resolver) {
        return decorators.stream().anyMatch(d -> is(d, resolver, "torch.jit.script"));
    }

    static boolean isIgnored(List<Expr> decorators, TypeAnnotations resolver) {
        return decorators.stream().anyMatch(d -> is(d, resolver, "torch.jit.ignore")
                || is(d, resolver, "torch.jit.unused") || is(d, resolver, "torch.jit._overload"));
    }

    /** {@code @torch.jit.unused}: a call raises where it runs. */
    static boolean isUnused(List<Expr> decorators, TypeAnnotations resolver) {
        return decorators.stream().anyMatch(d -> is(d, resolver, "torch.jit.unused"));
    }

    /** {@code @torch.jit._overload}: a declaration of one overload, not an implementation. */
    static boolean isOverloadDeclaration(List<Expr> decorators, TypeAnnotations resolver) {
        return decorators.stream().anyMatch(d -> is(d, resolver, "torch.jit._overload"));
    }

    private static boolean is(Expr decorator, TypeAnnotations resolver, String name) {
        Expr target = decorator instanceof Expr.Call c ? c.func() : decorator;
        return resolver.resolve(target) instanceof Value.Builtin b && b.qualifiedName().equals(name);
    }
}
