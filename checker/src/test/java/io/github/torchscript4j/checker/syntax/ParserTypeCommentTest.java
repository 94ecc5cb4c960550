package io.github.torchscript4j.checker.syntax;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.torchscript4j.checker.source.SourceFile;
import io.github.torchscript4j.checker.syntax.ast.Arg;
import io.github.torchscript4j.checker.syntax.ast.Node;
import io.github.torchscript4j.checker.syntax.ast.Stmt;
import io.github.torchscript4j.checker.syntax.ast.TypeComment;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Type comments attached where CPython's {@code ast.parse(..., type_comments=True)} attaches them:
 * function signatures (after the def's ':' or alone on the next line), per-parameter comments after
 * a parameter's comma, assignments, {@code for} and {@code with} headers. {@code # type: ignore}
 * is not a type comment. The text is what follows {@code type:}, stripped; its range is that text.
 */
class ParserTypeCommentTest {
    private static List<String> typeComments(String source) {
        ParseResult r = Parser.parse(new SourceFile("<test>", source));
        assertEquals("[]", r.diagnostics().toString());
        List<String> out = new ArrayList<>();
        walk(r.module(), out);
        return out;
    }

    private static void walk(Object o, List<String> out) {
        if (o instanceof Optional<?> opt) {
            opt.ifPresent(x -> walk(x, out));
            return;
        }
        if (o instanceof List<?> list) {
            list.forEach(x -> walk(x, out));
            return;
        }
        if (!(o instanceof Node node)) {
            return;
        }
        for (RecordComponent c : o.getClass().getRecordComponents()) {
            try {
                Object v = c.getAccessor().invoke(o);
                if (c.getName().equals("typeComment") && v instanceof Optional<?> opt && opt.isPresent()) {
                    TypeComment tc = (TypeComment) opt.get();
                    String who = node instanceof Arg a ? "arg " + a.arg() : node.pythonName();
                    out.add(who + ": " + tc.text() + " @" + tc.range().startLine() + " " + tc.range().text());
                }
                walk(v, out);
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new AssertionError(e);
            }
        }
    }

    @Test
    void attachesTypeCommentsAsCpythonDoes() {
        String source = String.join("\n",
                "def f(a,  # type: int",
                "      b,  # type: str",
                "      ):",
                "    # type: (...) -> None",
                "    x = 1  # type: int",
                "    for i in y:  # type: int",
                "        pass",
                "    with a as b:  # type:  T  ",
                "        pass",
                "def g(a): # type: (int) -> str",
                "    pass",
                "def h(a, *args, **kw  # type: dict",
                "      ):",
                "    pass",
                "x = []  # type: ignore",
                "");
        assertEquals(List.of(
                "arg a: int @1 int",
                "arg b: str @2 str",
                "Assign: int @5 int",
                "For: int @6 int",
                "With: T @8 T",
                "FunctionDef: (...) -> None @4 (...) -> None",
                "FunctionDef: (int) -> str @10 (int) -> str",
                "arg kw: dict @12 dict"), typeComments(source));
    }

    @Test
    void commentsElsewhereAreIgnored() {
        assertEquals(List.of(), typeComments("# type: int\nx = 1\ny = (1,  # type: int\n 2)\n"));
    }

    @Test
    void functionTypeCommentParses() {
        List<io.github.torchscript4j.checker.source.Diagnostic> sink = new ArrayList<>();
        String text = "(int, List[Tensor]) -> Tensor";
        var ft = Parser.parseFunctionTypeComment(new SourceFile("<t>", text), 0, text.length(), sink);
        assertEquals("[]", sink.toString());
        assertEquals("FunctionType(argtypes=[Name(id='int', ctx=Load()), Subscript(value=Name(id='List', ctx=Load()),"
                + " slice=Name(id='Tensor', ctx=Load()), ctx=Load())], returns=Name(id='Tensor', ctx=Load()))",
                io.github.torchscript4j.checker.syntax.ast.AstDump.dump(ft));
        String t2 = "Optional[int]";
        var e = Parser.parseTypeExpression(new SourceFile("<t>", t2), 0, t2.length(), sink);
        assertEquals("[]", sink.toString());
        assertEquals("Subscript(value=Name(id='Optional', ctx=Load()), slice=Name(id='int', ctx=Load()), ctx=Load())",
                io.github.torchscript4j.checker.syntax.ast.AstDump.dump(e));
        String bad = "(int -> Tensor";
        Parser.parseFunctionTypeComment(new SourceFile("<t>", bad), 0, bad.length(), sink);
        assertEquals(1, sink.size(), sink.toString());
        assertEquals(Stmt.Pass.class, Stmt.Pass.class);
    }
}
