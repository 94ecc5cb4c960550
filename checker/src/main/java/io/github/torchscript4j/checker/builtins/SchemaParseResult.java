package io.github.torchscript4j.checker.builtins;

import java.util.Objects;
import java.util.Optional;

/** What {@link SchemaParser#parse(String)} makes of one line: a schema, or why there is none. */
public sealed interface SchemaParseResult permits SchemaParseResult.Parsed, SchemaParseResult.Failed {

    /** The schema, if the line is one. */
    Optional<FunctionSchema> schema();

    /** A well-formed schema. */
    record Parsed(FunctionSchema value) implements SchemaParseResult {
        public Parsed {
            Objects.requireNonNull(value);
        }

        @Override
        public Optional<FunctionSchema> schema() {
            return Optional.of(value);
        }
    }

    /**
     * A malformed line.
     *
     * @param message what is wrong, e.g. {@code expected ')' but found ','}
     * @param offset the 0-based offset in the line where the problem was found
     */
    record Failed(String message, int offset) implements SchemaParseResult {
        public Failed {
            Objects.requireNonNull(message);
        }

        @Override
        public Optional<FunctionSchema> schema() {
            return Optional.empty();
        }

        /** {@code message (column N)}, with a 1-based column. */
        @Override
        public String toString() {
            return message + " (column " + (offset + 1) + ")";
        }
    }
}
