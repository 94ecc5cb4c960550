package io.github.torchscript4j.checker.syntax.ast;

import io.github.torchscript4j.checker.source.SourceRange;
import java.util.List;
import java.util.Optional;

/**
 * The parameters of a function or lambda: CPython's {@code arguments}. {@code defaults} belong to
 * the last positional parameters; {@code kwDefaults} has one entry per keyword-only parameter,
 * empty where it has no default. The range covers the parameter list (empty when there is none).
 */
public record Arguments(
        List<Arg> posonlyargs,
        List<Arg> args,
        Optional<Arg> vararg,
        List<Arg> kwonlyargs,
        List<Optional<Expr>> kwDefaults,
        Optional<Arg> kwarg,
        List<Expr> defaults,
        SourceRange range)
        implements Node {
    public Arguments {
        posonlyargs = List.copyOf(posonlyargs);
        args = List.copyOf(args);
        kwonlyargs = List.copyOf(kwonlyargs);
        kwDefaults = List.copyOf(kwDefaults);
        defaults = List.copyOf(defaults);
    }

    @Override
    public String pythonName() {
        return "arguments";
    }
}
