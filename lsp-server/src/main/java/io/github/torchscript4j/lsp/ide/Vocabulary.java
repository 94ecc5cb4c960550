package io.github.torchscript4j.lsp.ide;

import java.util.List;

/** Fixed word lists: Python's keywords, the builtins TorchScript compiles, and TorchScript's type names. */
final class Vocabulary {
    private Vocabulary() {}

    /** Python 3.11's keywords ({@code keyword.kwlist}). */
    static final List<String> KEYWORDS = List.of(
            "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
            "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in",
            "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with", "yield");

    /** Python builtins TorchScript supports (the TorchScript language reference's builtin functions). */
    static final List<String> BUILTINS = List.of(
            "abs", "all", "any", "bin", "bool", "chr", "divmod", "enumerate", "float", "getattr", "hasattr",
            "hash", "hex", "id", "int", "isinstance", "len", "list", "max", "min", "oct", "ord", "pow", "print",
            "range", "reversed", "round", "sorted", "str", "sum", "tuple", "zip", "dict");

    /** Names an annotation may use. */
    static final List<String> TYPE_NAMES = List.of(
            "Tensor", "int", "float", "bool", "str", "complex", "List", "Dict", "Tuple", "Optional", "Union",
            "Any", "Final", "NamedTuple", "Future", "torch.Tensor", "torch.device", "torch.dtype", "None");
}
