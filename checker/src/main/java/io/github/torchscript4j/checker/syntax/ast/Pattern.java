package io.github.torchscript4j.checker.syntax.ast;

import io.github.torchscript4j.checker.source.SourceRange;
import java.util.List;
import java.util.Optional;

/** {@code match} statement patterns: CPython's {@code pattern}. */
public sealed interface Pattern extends Node
        permits Pattern.MatchValue, Pattern.MatchSingleton, Pattern.MatchSequence,
                Pattern.MatchMapping, Pattern.MatchClass, Pattern.MatchStar, Pattern.MatchAs,
                Pattern.MatchOr, Pattern.Error {

    record MatchValue(Expr value, SourceRange range) implements Pattern {}

    /** {@code None}, {@code True} or {@code False}. */
    record MatchSingleton(Literal value, SourceRange range) implements Pattern {}

    record MatchSequence(List<Pattern> patterns, SourceRange range) implements Pattern {
        public MatchSequence {
            patterns = List.copyOf(patterns);
        }
    }

    record MatchMapping(List<Expr> keys, List<Pattern> patterns, Optional<String> rest, SourceRange range)
            implements Pattern {
        public MatchMapping {
            keys = List.copyOf(keys);
            patterns = List.copyOf(patterns);
        }
    }

    record MatchClass(
            Expr cls,
            List<Pattern> patterns,
            List<String> kwdAttrs,
            List<Pattern> kwdPatterns,
            SourceRange range)
            implements Pattern {
        public MatchClass {
            patterns = List.copyOf(patterns);
            kwdAttrs = List.copyOf(kwdAttrs);
            kwdPatterns = List.copyOf(kwdPatterns);
        }
    }

    /** {@code *name} in a sequence pattern; empty name for {@code *_}. */
    record MatchStar(Optional<String> name, SourceRange range) implements Pattern {}

    /** {@code pattern as name}, a capture {@code name}, or the wildcard {@code _} (both empty). */
    record MatchAs(Optional<Pattern> pattern, Optional<String> name, SourceRange range) implements Pattern {}

    record MatchOr(List<Pattern> patterns, SourceRange range) implements Pattern {
        public MatchOr {
            patterns = List.copyOf(patterns);
        }
    }

    /** Stands for a pattern the parser could not make sense of. Not in CPython. */
    record Error(SourceRange range) implements Pattern {}
}
