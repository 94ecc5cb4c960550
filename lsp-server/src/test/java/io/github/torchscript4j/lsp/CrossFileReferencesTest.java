package io.github.torchscript4j.lsp;

import static io.github.torchscript4j.lsp.LspClient.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.lsp4j.ClientCapabilities;
import org.eclipse.lsp4j.Location;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.PrepareRenameParams;
import org.eclipse.lsp4j.PrepareRenameResult;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.ReferenceContext;
import org.eclipse.lsp4j.ReferenceParams;
import org.eclipse.lsp4j.RenameParams;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.WorkspaceEdit;
import org.eclipse.lsp4j.jsonrpc.ResponseErrorException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * References and rename of a module-level name across a workspace's files, over JSON-RPC: a
 * package {@code pkg} whose {@code util.py} defines {@code helper} and the global {@code SCALE},
 * reached from other files in every way an import can ({@code from pkg.util import helper}, an
 * alias, {@code import pkg.util}, {@code import pkg.util as u}, {@code from pkg import util}, a
 * relative {@code from . import util}, and a re-export through {@code pkg/mid.py}). {@code
 * pkg/unrelated.py} defines a {@code helper} of its own, which is never one of them. Cursors are
 * marked with {@code |} ({@link Fixture}).
 */
class CrossFileReferencesTest {
    private static final String UTIL = """
            import torch

            SCALE = 2


            def helper(x: int) -> int:
                return x * SCALE


            def other(x: int) -> int:
                return helper(x) + 1
            """;

    private static final String MAIN = """
            import torch
            from pkg.util import helper
            from pkg.util import helper as h
            import pkg.util
            import pkg.util as u
            from pkg import util


            @torch.jit.script
            def f(x: int) -> int:
                return helper(x) + h(x) + pkg.util.helper(x) + u.helper(x) + util.helper(x)
            """;

    private static final String MID = "from .util import helper\n";

    private static final String APP = """
            from pkg.mid import helper


            def g(y: int) -> int:
                return helper(y)
            """;

    private static final String REL = """
            from . import util
            from .util import SCALE


            def k(y: int) -> int:
                return util.helper(y) * SCALE
            """;

    private static final String UNRELATED = """
            def helper(x: int) -> int:
                return x
            """;

    /** The files, by path relative to the root. */
    private static final Map<String, String> FILES = new LinkedHashMap<>();

    static {
        FILES.put("pkg/__init__.py", "");
        FILES.put("pkg/util.py", UTIL);
        FILES.put("pkg/mid.py", MID);
        FILES.put("pkg/rel.py", REL);
        FILES.put("pkg/unrelated.py", UNRELATED);
        FILES.put("main.py", MAIN);
        FILES.put("app.py", APP);
    }

    private static void write(Path root) throws IOException {
        Files.createDirectories(root.resolve("pkg"));
        for (Map.Entry<String, String> e : FILES.entrySet()) {
            Files.writeString(root.resolve(e.getKey()), e.getValue());
        }
    }

    private static LspClient client(Path root) {
        return new LspClient("{\"diagnosticsDelayMs\": 0}", new ClientCapabilities(), root.toUri().toString());
    }

    private static String uri(Path root, String file) {
        return root.resolve(file).toUri().toString();
    }

    /** The locations of each whole word {@code word} in {@code file}'s text. */
    private static List<Location> words(Path root, String file, String text, String word) {
        List<Location> out = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        Pattern p = Pattern.compile("\\b" + word + "\\b");
        for (int i = 0; i < lines.length; i++) {
            Matcher m = p.matcher(lines[i]);
            while (m.find()) {
                out.add(new Location(uri(root, file), new Range(new Position(i, m.start()), new Position(i, m.end()))));
            }
        }
        return out;
    }

    /** Every {@code helper} of the files that reach util's, and the call through the alias {@code h(x)}. */
    private static Set<Location> helpers(Path root) {
        Set<Location> out = new HashSet<>();
        for (String f : List.of("pkg/util.py", "pkg/mid.py", "pkg/rel.py", "main.py", "app.py")) {
            out.addAll(words(root, f, FILES.get(f), "helper"));
        }
        out.add(new Location(uri(root, "main.py"), new Range(new Position(10, 23), new Position(10, 24))));
        return out;
    }

    private static Set<Location> references(LspClient client, String uri, Position at, boolean withDeclaration) {
        return new HashSet<>(get(client.server.getTextDocumentService().references(new ReferenceParams(
                new TextDocumentIdentifier(uri), at, new ReferenceContext(withDeclaration)))));
    }

    private static Fixture at(String text, String marked) {
        return Fixture.of(text.replace(marked.replace("|", ""), marked));
    }

    @Test
    void referencesFromTheDefinitionListEveryUseInEveryFile(@TempDir Path root) throws IOException {
        write(root);
        try (LspClient client = client(root)) {
            client.open(uri(root, "pkg/util.py"), UTIL);
            Fixture def = at(UTIL, "def hel|per");
            assertEquals(helpers(root), references(client, uri(root, "pkg/util.py"), def.cursor(), true));
            Set<Location> withoutDefinition = helpers(root);
            withoutDefinition.remove(new Location(uri(root, "pkg/util.py"),
                    new Range(new Position(5, 4), new Position(5, 10))));
            assertEquals(withoutDefinition, references(client, uri(root, "pkg/util.py"), def.cursor(), false));
        }
    }

    @Test
    void referencesFromAnImportOrAUseInAnotherFileAreTheSame(@TempDir Path root) throws IOException {
        write(root);
        try (LspClient client = client(root)) {
            client.open(uri(root, "main.py"), MAIN);
            client.open(uri(root, "pkg/rel.py"), REL);
            client.open(uri(root, "app.py"), APP);
            for (String marked : List.of("from pkg.util import hel|per as h", "from pkg.util import helper\n",
                    "return hel|per(x) + h", "+ |h(x)", "+ pkg.util.hel|per(x)", "u.helper|(x)", "+ util.h|elper(x)")) {
                Fixture f = marked.equals("from pkg.util import helper\n")
                        ? Fixture.of(MAIN.replace(marked, "from pkg.util import he|lper\n")) : at(MAIN, marked);
                assertEquals(helpers(root), references(client, uri(root, "main.py"), f.cursor(), true), marked);
            }
            assertEquals(helpers(root), references(client, uri(root, "pkg/rel.py"), at(REL, "util.help|er").cursor(), true));
            // through the re-export of pkg/mid.py
            assertEquals(helpers(root), references(client, uri(root, "app.py"), at(APP, "return hel|per").cursor(), true));
        }
    }

    @Test
    void aGlobalIsFollowedIntoTheFilesThatImportIt(@TempDir Path root) throws IOException {
        write(root);
        try (LspClient client = client(root)) {
            client.open(uri(root, "pkg/rel.py"), REL);
            Set<Location> expected = new HashSet<>(words(root, "pkg/util.py", UTIL, "SCALE"));
            expected.addAll(words(root, "pkg/rel.py", REL, "SCALE"));
            assertEquals(4, expected.size());
            assertEquals(expected, references(client, uri(root, "pkg/rel.py"), at(REL, "* SCA|LE").cursor(), true));
        }
    }

    /** The texts after applying {@code edit} to the files on disk (an open document's given text instead). */
    private static Map<String, String> applied(Path root, WorkspaceEdit edit, Map<String, String> open) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : FILES.entrySet()) {
            String text = open.getOrDefault(e.getKey(), e.getValue());
            var changes = edit.getChanges().get(uri(root, e.getKey()));
            out.put(e.getKey(), changes == null ? text : TextEdits.apply(text, changes));
        }
        return out;
    }

    /** What renaming util's {@code helper} to {@code plus_one} makes of each file. */
    private static Map<String, String> renamedHelper() {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : FILES.entrySet()) {
            out.put(e.getKey(), e.getKey().equals("pkg/unrelated.py") ? e.getValue()
                    : e.getValue().replaceAll("\\bhelper\\b", "plus_one"));
        }
        return out;
    }

    private static WorkspaceEdit rename(LspClient client, String uri, Position at, String newName) {
        return get(client.server.getTextDocumentService().rename(new RenameParams(new TextDocumentIdentifier(uri), at, newName)));
    }

    @Test
    void renameFromTheDefinitionAnImportOrAUseEditsEveryFileButKeepsAliases(@TempDir Path root) throws IOException {
        write(root);
        try (LspClient client = client(root)) {
            client.open(uri(root, "pkg/util.py"), UTIL);
            client.open(uri(root, "main.py"), MAIN);
            client.open(uri(root, "app.py"), APP);
            Map<String, String> expected = renamedHelper();
            assertTrue(expected.get("main.py").contains("import plus_one as h") && expected.get("main.py").contains("+ h(x)"));
            List<Object[]> cursors = List.of(
                    new Object[] {"pkg/util.py", at(UTIL, "def hel|per")},
                    new Object[] {"pkg/util.py", at(UTIL, "return |helper(x) + 1")},
                    new Object[] {"main.py", at(MAIN, "import hel|per as h")},
                    new Object[] {"main.py", at(MAIN, "u.he|lper")},
                    new Object[] {"main.py", at(MAIN, "+ pkg.util.helper|(x)")},
                    new Object[] {"app.py", at(APP, "return hel|per")});
            for (Object[] c : cursors) {
                Fixture f = (Fixture) c[1];
                WorkspaceEdit edit = rename(client, uri(root, (String) c[0]), f.cursor(), "plus_one");
                assertFalse(edit.getChanges().containsKey(uri(root, "pkg/unrelated.py")));
                assertEquals(expected, applied(root, edit, Map.of()), c[0] + " at " + f.cursor());
            }
        }
    }

    @Test
    void prepareRenameAcceptsAnImportedNameAndTheRenameOfAnAliasStaysInItsFile(@TempDir Path root) throws IOException {
        write(root);
        try (LspClient client = client(root)) {
            client.open(uri(root, "main.py"), MAIN);
            PrepareRenameResult r = get(client.server.getTextDocumentService().prepareRename(new PrepareRenameParams(
                    new TextDocumentIdentifier(uri(root, "main.py")), at(MAIN, "u.hel|per").cursor()))).getSecond();
            assertEquals("helper", r.getPlaceholder());
            assertEquals(new Range(new Position(10, 53), new Position(10, 59)), r.getRange());
            WorkspaceEdit alias = rename(client, uri(root, "main.py"), at(MAIN, "+ |h(x)").cursor(), "plus");
            assertEquals(Set.of(uri(root, "main.py")), alias.getChanges().keySet());
            assertEquals(MAIN.replace("as h\n", "as plus\n").replace("+ h(x)", "+ plus(x)"),
                    TextEdits.apply(MAIN, alias.getChanges().get(uri(root, "main.py"))));
            assertNull(get(client.server.getTextDocumentService().prepareRename(new PrepareRenameParams(
                    new TextDocumentIdentifier(uri(root, "main.py")), at(MAIN, "import to|rch").cursor()))),
                    "a module is not renamed");
        }
    }

    @Test
    void aRenameThatWouldClashInAnyFileIsRefused(@TempDir Path root) throws IOException {
        write(root);
        try (LspClient client = client(root)) {
            client.open(uri(root, "pkg/util.py"), UTIL);
            Position def = at(UTIL, "def hel|per").cursor();
            assertTrue(refusal(client, uri(root, "pkg/util.py"), def, "other").contains("'other' is already defined"));
            String inMain = refusal(client, uri(root, "pkg/util.py"), def, "u");
            assertTrue(inMain.contains("'u' is already defined") && inMain.contains("main.py"), inMain);
            assertTrue(refusal(client, uri(root, "pkg/util.py"), def, "def").contains("not a valid Python name"));
        }
    }

    private static String refusal(LspClient client, String uri, Position at, String newName) {
        var future = client.server.getTextDocumentService().rename(new RenameParams(new TextDocumentIdentifier(uri), at, newName));
        ExecutionException e = assertThrows(ExecutionException.class, () -> future.get(LspClient.WAIT_SECONDS, TimeUnit.SECONDS));
        return assertInstanceOf(ResponseErrorException.class, e.getCause()).getMessage();
    }

    @Test
    void anOpenDocumentsUnsavedTextWinsOverTheDisk(@TempDir Path root) throws IOException {
        write(root);
        // on disk rel.py uses util.helper; the editor's text no longer does, and calls it from main.py twice
        String rel = REL.replace("util.helper(y)", "y");
        String main = MAIN.replace("+ util.helper(x)", "+ util.helper(x) + helper(2)");
        String util = "# moved down a line, and one more use\n" + UTIL + "\n\nn = helper(3)\n";
        try (LspClient client = client(root)) {
            client.open(uri(root, "pkg/rel.py"), rel);
            client.open(uri(root, "main.py"), main);
            client.open(uri(root, "pkg/util.py"), util);
            Set<Location> expected = helpers(root);
            expected.removeAll(words(root, "pkg/rel.py", REL, "helper"));
            expected.removeAll(words(root, "main.py", MAIN, "helper"));
            expected.addAll(words(root, "main.py", main, "helper"));
            expected.removeAll(words(root, "pkg/util.py", UTIL, "helper"));
            expected.addAll(words(root, "pkg/util.py", util, "helper"));
            Position def = at(util, "def hel|per").cursor();
            assertEquals(expected, references(client, uri(root, "pkg/util.py"), def, true));
            WorkspaceEdit edit = rename(client, uri(root, "pkg/util.py"), def, "plus_one");
            Map<String, String> after = applied(root, edit, Map.of("pkg/rel.py", rel, "main.py", main, "pkg/util.py", util));
            assertEquals(rel, after.get("pkg/rel.py"));
            assertEquals(main.replaceAll("\\bhelper\\b", "plus_one"), after.get("main.py"));
            assertEquals(util.replaceAll("\\bhelper\\b", "plus_one"), after.get("pkg/util.py"));
        }
    }
}
