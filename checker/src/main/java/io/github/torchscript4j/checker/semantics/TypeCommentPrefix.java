package io.github.torchscript4j.checker.semantics;

import io.github.torchscript4j.checker.source.Code;
import io.github.torchscript4j.checker.source.SourceFile;
import io.github.torchscript4j.checker.source.SourceRange;
import io.github.torchscript4j.checker.syntax.ast.Stmt;
import java.util.regex.Pattern;

/**
 * The reference's check for a mistyped {@code # type:} comment prefix ({@code #type   :}), made by
 * {@code torch.jit.annotations.get_type_line} on the source of a function without annotations: when
 * no line of that source contains {@code # type:} (other than a trailing {@code # type: ignore}),
 * the first line that matches {@code #[\t ]*type[\t ]*:} is reported as "The annotation prefix in
 * line N is probably invalid.", N counting from 0 at the function's first decorator (the source
 * {@code inspect.getsource} gives).
 */
final class TypeCommentPrefix {
    private TypeCommentPrefix() {}

    private static final Pattern IGNORE = Pattern.compile("# type:\\ ignore(\\[[a-zA-Z-]+\\])?$");
    private static final Pattern WRONG = Pattern.compile("#[\\t ]*type[\\t ]*(?!: ignore(\\[.*\\])?$):");

    static void check(Stmt.FunctionDef def, DiagnosticSink sink) {
        SourceFile file = def.range().file();
        int start = def.decoratorList().isEmpty() ? def.range().start() : def.decoratorList().get(0).range().start();
        start = file.text().lastIndexOf('\n', start - 1) + 1;
        String[] lines = file.text().substring(start, def.range().end()).split("\n", -1);
        for (String line : lines) {
            if (line.contains("# type:") && !IGNORE.matcher(line).find()) {
                return;
            }
        }
        int offset = start;
        for (int i = 0; i < lines.length; i++) {
            java.util.regex.Matcher m = WRONG.matcher(lines[i]);
            if (m.find()) {
                int lineEnd = offset + lines[i].length();
                sink.error(Code.INVALID_TYPE_ANNOTATION, new SourceRange(file, offset + m.start(), lineEnd),
                        "The annotation prefix in line " + i + " is probably invalid.\nIt must be '# type:'");
                return;
            }
            offset += lines[i].length() + 1;
        }
    }
}
