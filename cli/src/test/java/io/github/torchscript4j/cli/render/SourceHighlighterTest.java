package io.github.torchscript4j.cli.render;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.torchscript4j.checker.source.SourceFile;
import io.github.torchscript4j.checker.source.SourceRange;
import org.junit.jupiter.api.Test;

/** The TorchScript-style highlight: header, context, underline and marker. */
class SourceHighlighterTest {

    /** Highlights the first occurrence of {@code needle} in {@code text}. */
    private static String highlight(String text, String needle) {
        SourceFile file = new SourceFile("foo.py", text);
        int start = text.indexOf(needle);
        return SourceHighlighter.highlight(new SourceRange(file, start, start + needle.length()));
    }

    @Test
    void singleLineRangeAsInTheTorchScriptDocumentation() {
        String text = "def foo(x):\n    return x + y\n";
        assertEquals(
                "  File \"foo.py\", line 2\n"
                        + "def foo(x):\n"
                        + "    return x + y\n"
                        + "               ~ <--- HERE\n",
                highlight(text, "y"));
    }

    @Test
    void showsTwoLinesOfContextOnEachSide() {
        String text = "a = 1\nb = 2\nc = 3\nd = oops\ne = 5\nf = 6\ng = 7\n";
        assertEquals(
                "  File \"foo.py\", line 4\n"
                        + "b = 2\n"
                        + "c = 3\n"
                        + "d = oops\n"
                        + "    ~~~~ <--- HERE\n"
                        + "e = 5\n"
                        + "f = 6\n",
                highlight(text, "oops"));
    }

    @Test
    void contextStopsAtTheEdgesOfTheShownSource() {
        String text = "import torch\ndef f(x):\n    return x + y\ndef g():\n    pass\n";
        SourceFile file = new SourceFile("foo.py", text);
        int start = text.indexOf("y\n");
        assertEquals(
                "  File \"foo.py\", line 3\n"
                        + "def f(x):\n"
                        + "    return x + y\n"
                        + "               ~ <--- HERE\n",
                SourceHighlighter.highlight(new SourceRange(file, start, start + 1), 2, 3));
    }

    @Test
    void contextStopsAtTheEdgesOfTheFile() {
        assertEquals(
                "  File \"foo.py\", line 1\n"
                        + "oops\n"
                        + "~~~~ <--- HERE\n",
                highlight("oops", "oops"));
    }

    @Test
    void multiLineRangeUnderlinesEveryLineAndMarksTheLast() {
        String text = "x = f(1,\n      2,\n      3)\ny = 0\n";
        assertEquals(
                "  File \"foo.py\", line 1\n"
                        + "x = f(1,\n"
                        + "    ~~~~\n"
                        + "      2,\n"
                        + "      ~~\n"
                        + "      3)\n"
                        + "      ~~ <--- HERE\n"
                        + "y = 0\n",
                highlight(text, "f(1,\n      2,\n      3)"));
    }

    @Test
    void blankLinesInsideARangeAreNotUnderlined() {
        String text = "if x:\n\n    pass\n";
        assertEquals(
                "  File \"foo.py\", line 1\n"
                        + "if x:\n"
                        + "~~~~~\n"
                        + "\n"
                        + "    pass\n"
                        + "    ~~~~ <--- HERE\n",
                highlight(text, "if x:\n\n    pass"));
    }

    @Test
    void aRangeEndingAfterANewlineEndsOnThatLine() {
        String text = "x = 1\ny = 2\n";
        assertEquals(
                "  File \"foo.py\", line 1\n"
                        + "x = 1\n"
                        + "~~~~~ <--- HERE\n"
                        + "y = 2\n",
                highlight(text, "x = 1\n"));
    }

    @Test
    void anEmptyRangeGetsAOneColumnMarker() {
        SourceFile file = new SourceFile("foo.py", "def bar(x)\n    return x\n");
        assertEquals(
                "  File \"foo.py\", line 1\n"
                        + "def bar(x)\n"
                        + "          ~ <--- HERE\n"
                        + "    return x\n",
                SourceHighlighter.highlight(new SourceRange(file, 10, 10)));
    }

    @Test
    void anEmptyRangeAtTheEndOfTheFileIsShown() {
        SourceFile file = new SourceFile("foo.py", "x = (1,\n");
        assertEquals(
                "  File \"foo.py\", line 2\n"
                        + "x = (1,\n"
                        + "\n"
                        + "~ <--- HERE\n",
                SourceHighlighter.highlight(new SourceRange(file, 8, 8)));
    }

    @Test
    void aTabBeforeTheRangeCountsOneSpaceAsInTheReference() {
        assertEquals(
                "  File \"foo.py\", line 2\n"
                        + "if x:\n"
                        + "\treturn y\n"
                        + "        ~ <--- HERE\n",
                highlight("if x:\n\treturn y\n", "y"));
    }

    @Test
    void windowsLineEndingsDoNotLeakIntoTheOutput() {
        assertEquals(
                "  File \"foo.py\", line 2\n"
                        + "a = 1\n"
                        + "b = oops\n"
                        + "    ~~~~ <--- HERE\n",
                highlight("a = 1\r\nb = oops\r\n", "oops"));
    }
}
