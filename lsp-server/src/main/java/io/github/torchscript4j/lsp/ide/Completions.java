package io.github.torchscript4j.lsp.ide;

import io.github.torchscript4j.checker.builtins.FunctionSchema;
import io.github.torchscript4j.checker.semantics.Queries;
import io.github.torchscript4j.checker.syntax.ast.Expr;
import io.github.torchscript4j.checker.syntax.ast.Node;
import io.github.torchscript4j.checker.syntax.ast.Stmt;
import io.github.torchscript4j.checker.types.Type;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Completion: what may be written at the cursor. After {@code module.} the members recorded for
 * that module ({@code torch.}, {@code F.}, {@code math.}); after an expression the checker typed as
 * {@code Tensor}, the tensor's methods and properties; after {@code self.}, the attributes the
 * class's {@code __init__} assigns and its methods; inside an annotation or {@code # type:}
 * comment, type names; anywhere else the names in scope, keywords and builtins.
 *
 * <p>Across the project's files: after {@code u.} where {@code u} names a project module ({@code
 * import models.util as u}, {@code from models import util}), that module's functions, classes and
 * globals (and a package's submodules); after {@code from models.util import }, the same names;
 * after an expression the checker typed as a user class or scripted module, defined in this file or
 * another ({@code m = Box(3)}, {@code self.block}), its methods and attributes ({@link ClassMembers}).
 *
 * <p>A cursor after a dot is usually in text that does not parse ({@code x.}), so the receiver is
 * typed by checking the text with the dot and the partial name blanked out (offsets unchanged); if
 * that does not parse either, by the last version of the document that did.
 */
public final class Completions {
    private Completions() {}

    /** What an item is, for the editor's icon. */
    public enum Kind { FUNCTION, METHOD, PROPERTY, FIELD, VARIABLE, MODULE, CLASS, KEYWORD, TYPE }

    /**
     * One completion item.
     *
     * @param operator the qualified operator ({@code aten::add}) whose overloads document the item
     *     on resolve; empty when there is none
     */
    public record Item(String label, Kind kind, String detail, String operator) {}

    /** The items at {@code offset} of {@code current}; {@code reanalyze} checks another text of the same document. */
    public static List<Item> at(Analysis current, Optional<Analysis> lastChecked, int offset,
            Function<String, Analysis> reanalyze) {
        String text = current.text();
        int wordStart = offset;
        while (wordStart > 0 && Character.isJavaIdentifierPart(text.charAt(wordStart - 1))) {
            wordStart--;
        }
        Imports imports = Imports.of(current.module());
        if (inComment(text, wordStart)) {
            return typeCommentContext(text, wordStart) ? typeNames(current) : List.of();
        }
        Optional<List<Item>> fromImport = fromImportNames(current, wordStart);
        if (fromImport.isPresent()) {
            return fromImport.get();
        }
        if (wordStart > 0 && text.charAt(wordStart - 1) == '.') {
            int dot = wordStart - 1;
            int chainStart = dot;
            while (chainStart > 0 && (Character.isJavaIdentifierPart(text.charAt(chainStart - 1)) || text.charAt(chainStart - 1) == '.')) {
                chainStart--;
            }
            String chain = text.substring(chainStart, dot);
            Optional<String> module = chain.isEmpty() ? Optional.empty() : imports.module(chain);
            if (module.isPresent()) {
                return moduleMembers(module.get());
            }
            Optional<List<Item>> projectModule = projectModuleMembers(current, lastChecked, chain);
            if (projectModule.isPresent()) {
                return projectModule.get();
            }
            if (chain.equals("self")) {
                List<Item> members = selfMembers(current, offset);
                if (!members.isEmpty()) {
                    return members;
                }
            }
            Optional<Typed> receiver = receiverType(current, lastChecked, dot, offset, chain, reanalyze);
            if (receiver.isPresent() && receiver.get().type() instanceof Type.TensorType) {
                return tensorMembers();
            }
            return receiver.flatMap(r -> ClassMembers.ownerOf(r.type(), r.in())).map(Completions::classMembers)
                    .orElse(List.of());
        }
        if (inAnnotation(text, wordStart)) {
            return typeNames(current);
        }
        return names(current, offset);
    }

    /** The members recorded for {@code module}, with the operator each function calls. */
    static List<Item> moduleMembers(String module) {
        List<Item> items = new ArrayList<>();
        for (Map.Entry<String, Queries.MemberKind> e : Queries.moduleMembers(module).entrySet()) {
            String name = e.getKey();
            if (name.startsWith("_")) {
                continue;
            }
            List<FunctionSchema> schemas = Operators.moduleFunction(module, name);
            Kind kind = switch (e.getValue()) {
                case TYPE -> Kind.CLASS;
                case FUNCTION -> Kind.FUNCTION;
                case MODULE -> Kind.MODULE;
                case OTHER -> schemas.isEmpty() ? Kind.VARIABLE : Kind.FUNCTION;
            };
            String detail = schemas.isEmpty() ? module + "." + name : schemas.get(0).toString();
            items.add(new Item(name, kind, detail, schemas.isEmpty() ? "" : schemas.get(0).name()));
        }
        if (module.equals("torch")) {
            items.add(new Item("nn", Kind.MODULE, "torch.nn", ""));
        } else if (module.equals("torch.nn")) {
            items.add(new Item("functional", Kind.MODULE, "torch.nn.functional", ""));
        }
        return items;
    }

    static List<Item> tensorMembers() {
        List<Item> items = new ArrayList<>();
        for (String p : new java.util.TreeSet<>(Operators.TENSOR_PROPERTIES)) {
            items.add(new Item(p, Kind.PROPERTY, "Tensor." + p, ""));
        }
        for (Map.Entry<String, FunctionSchema> e : Operators.tensorMethods().entrySet()) {
            if (!Operators.TENSOR_PROPERTIES.contains(e.getKey())) {
                items.add(new Item(e.getKey(), Kind.METHOD, e.getValue().toString(), e.getValue().name()));
            }
        }
        return items;
    }

    /** A receiver's type and the analysis that typed it (where its class's tree is, when it is this file's). */
    private record Typed(Type type, Analysis in) {}

    /**
     * After {@code chain.} where the chain names a project module through this file's imports (read
     * from the recovered tree of the current text, else from the last version that was checked):
     * that module's names.
     */
    private static Optional<List<Item>> projectModuleMembers(Analysis current, Optional<Analysis> lastChecked, String chain) {
        Project project = current.project();
        if (project == null || chain.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> module = project.moduleOfChain(current.module(), current.path(), chain)
                .or(() -> lastChecked.flatMap(l -> project.moduleOfChain(l.module(), current.path(), chain)));
        return module.flatMap(m -> project.parsedModule(current.path(), m).map(a -> moduleNames(project, a, m)));
    }

    private static final java.util.regex.Pattern FROM_IMPORT = java.util.regex.Pattern.compile(
            "\\s*from\\s+(\\.*)\\s*([\\w.]*)\\s+import\\s+\\(?\\s*(\\w+(\\s+as\\s+\\w+)?\\s*,\\s*)*");

    /** After {@code from models.util import } (or a name and a comma): the names of that project module. */
    private static Optional<List<Item>> fromImportNames(Analysis current, int wordStart) {
        Project project = current.project();
        if (project == null) {
            return Optional.empty();
        }
        String text = current.text();
        int lineStart = text.lastIndexOf('\n', wordStart - 1) + 1;
        java.util.regex.Matcher m = FROM_IMPORT.matcher(text.substring(lineStart, wordStart));
        if (!m.matches()) {
            return Optional.empty();
        }
        Optional<String> module = project.absolute(current.path(), m.group(1).length(),
                m.group(2).isEmpty() ? Optional.empty() : Optional.of(m.group(2)));
        return Optional.of(module.flatMap(d -> project.parsedModule(current.path(), d).map(a -> moduleNames(project, a, d)))
                .orElse(List.of()));
    }

    /**
     * The names project module {@code dotted} (parsed in {@code a}) defines at its top level —
     * functions with their signature, classes, globals — and a package's submodules; names with a
     * leading underscore are left out, as for Python's modules.
     */
    static List<Item> moduleNames(Project project, Analysis a, String dotted) {
        Map<String, Item> items = new LinkedHashMap<>();
        for (Stmt s : a.module().body()) {
            if (s instanceof Stmt.FunctionDef f) {
                items.put(f.name(), new Item(f.name(), Kind.FUNCTION, Functions.of(a, f).header(), ""));
            } else if (s instanceof Stmt.ClassDef c) {
                items.put(c.name(), new Item(c.name(), Kind.CLASS, classHeader(c), ""));
            } else if (s instanceof Stmt.AnnAssign aa && aa.target() instanceof Expr.Name n) {
                items.putIfAbsent(n.id(), new Item(n.id(), Kind.VARIABLE, n.id() + ": " + aa.annotation().range().text(), ""));
            } else if (s instanceof Stmt.Assign as) {
                for (Expr t : as.targets()) {
                    if (t instanceof Expr.Name n) {
                        items.putIfAbsent(n.id(), new Item(n.id(), Kind.VARIABLE, "(variable) " + dotted + "." + n.id(), ""));
                    }
                }
            }
        }
        Path file = Path.of(a.file().path());
        if (file.getFileName() != null && file.getFileName().toString().equals("__init__.py") && file.getParent() != null) {
            try (var children = java.nio.file.Files.list(file.getParent())) {
                for (Path c : children.sorted().toList()) {
                    String name = c.getFileName().toString();
                    String sub = name.endsWith(".py") ? name.substring(0, name.length() - 3) : name;
                    boolean isModule = name.endsWith(".py") && !name.equals("__init__.py")
                            || java.nio.file.Files.isRegularFile(c.resolve("__init__.py"));
                    if (isModule && Renames.isIdentifier(sub)) {
                        items.putIfAbsent(sub, new Item(sub, Kind.MODULE, dotted + "." + sub, ""));
                    }
                }
            } catch (java.io.IOException | RuntimeException e) {
                // not on disk (an unsaved package): its own names only
            }
        }
        items.keySet().removeIf(n -> n.startsWith("_"));
        return List.copyOf(items.values());
    }

    /**
     * The methods (but {@code __init__} and other dunders) and attributes of a user class, its own
     * and those it inherits, with a method's signature and the declaring class of an attribute.
     */
    static List<Item> classMembers(ClassMembers.Owner owner) {
        List<Item> items = new ArrayList<>();
        for (ClassMembers.Member m : ClassMembers.members(owner).values()) {
            if (m.name().startsWith("__") && m.name().endsWith("__")) {
                continue;
            }
            items.add(item(m));
        }
        return items;
    }

    private static Item item(ClassMembers.Member m) {
        return m.method().map(f -> new Item(m.name(), Kind.METHOD, Functions.of(m.owner().analysis(), f).header(), ""))
                .orElseGet(() -> new Item(m.name(), Kind.FIELD, m.owner().cls().name() + "." + m.name(), ""));
    }

    private static String classHeader(Stmt.ClassDef c) {
        return "class " + c.name() + (c.bases().isEmpty() ? ""
                : c.bases().stream().map(b -> b.range().text()).collect(java.util.stream.Collectors.joining(", ", "(", ")")));
    }

    /** The type of the expression that ends at {@code dot}, the receiver of a member access. */
    private static Optional<Typed> receiverType(Analysis current, Optional<Analysis> lastChecked, int dot, int offset,
            String chain, Function<String, Analysis> reanalyze) {
        String text = current.text();
        String patched = text.substring(0, dot) + " ".repeat(offset - dot) + text.substring(offset);
        // First only the module-level function or class around the dot and what it uses: in a long
        // file much less to check. Where that leaves the receiver untyped, the whole patched text.
        for (var s : current.module().body()) {
            if ((s instanceof Stmt.FunctionDef || s instanceof Stmt.ClassDef) && Syntax.extent(s).start() <= dot
                    && dot <= s.range().end()) {
                Analysis reduced = reanalyze.apply(IncrementalDiagnostics.onlyWhatItUses(patched, current.module(), s));
                Optional<Type> t = typeEndingAt(reduced, dot);
                if (t.isPresent() && !(t.get() instanceof Type.UnknownType)) {
                    return Optional.of(new Typed(t.get(), reduced));
                }
                break;
            }
        }
        Analysis a = reanalyze.apply(patched);
        Optional<Type> t = typeEndingAt(a, dot);
        if (t.isPresent() || chain.isEmpty() || lastChecked.isEmpty()) {
            return t.map(type -> new Typed(type, a));
        }
        // The last version that was checked: the nearest earlier expression with the same text.
        Analysis last = lastChecked.get();
        Optional<Type>[] best = new Optional[] {Optional.empty()};
        int[] bestStart = {-1};
        Syntax.walk(last.module(), n -> {
            if ((n instanceof Expr.Name || n instanceof Expr.Attribute) && n.range().start() < dot
                    && n.range().start() > bestStart[0] && n.range().text().equals(chain)) {
                Optional<Type> type = last.typeOf((Expr) n);
                if (type.isPresent()) {
                    best[0] = type;
                    bestStart[0] = n.range().start();
                }
            }
        });
        return best[0].map(type -> new Typed(type, last));
    }

    private static Optional<Type> typeEndingAt(Analysis a, int end) {
        if (!a.checked() || end == 0) {
            return Optional.empty();
        }
        Expr best = null;
        for (Node n : Syntax.pathAt(a.module(), end - 1)) {
            if ((n instanceof Expr.Name || n instanceof Expr.Attribute || n instanceof Expr.Call
                    || n instanceof Expr.Subscript) && n.range().end() == end) {
                best = (Expr) n;
                break; // the outermost such expression is the whole receiver
            }
        }
        return best == null ? Optional.empty() : a.typeOf(best);
    }

    /**
     * {@code self.} in a method: attributes assigned through {@code self} in the class, its methods,
     * then what it inherits from its bases ({@link ClassMembers#inherited}).
     */
    private static List<Item> selfMembers(Analysis a, int offset) {
        Optional<Stmt.ClassDef> cls = Syntax.innermost(Syntax.pathAt(a.module(), offset), Stmt.ClassDef.class);
        if (cls.isEmpty()) {
            return List.of();
        }
        Map<String, Item> items = new LinkedHashMap<>();
        for (Stmt s : cls.get().body()) {
            if (s instanceof Stmt.FunctionDef f) {
                Syntax.walk(f, n -> {
                    if (n instanceof Expr.Attribute at && at.value() instanceof Expr.Name self && self.id().equals("self")
                            && at.ctx() == io.github.torchscript4j.checker.syntax.ast.ExprContext.STORE) {
                        items.putIfAbsent(at.attr(), new Item(at.attr(), Kind.FIELD, "self." + at.attr(), ""));
                    }
                });
            }
        }
        for (Stmt s : cls.get().body()) {
            if (s instanceof Stmt.FunctionDef f && !f.name().equals("__init__")) {
                items.putIfAbsent(f.name(), new Item(f.name(), Kind.METHOD, Functions.of(a, f).header(), ""));
            } else if (s instanceof Stmt.AnnAssign aa && aa.target() instanceof Expr.Name n) {
                items.putIfAbsent(n.id(), new Item(n.id(), Kind.FIELD, n.id() + ": " + aa.annotation().range().text(), ""));
            }
        }
        for (ClassMembers.Member m : ClassMembers.inherited(new ClassMembers.Owner(a.path(), a, cls.get()))) {
            if (!(m.name().startsWith("__") && m.name().endsWith("__"))) {
                items.putIfAbsent(m.name(), item(m));
            }
        }
        return List.copyOf(items.values());
    }

    /** Names in scope at the offset, then keywords and builtins. */
    private static List<Item> names(Analysis a, int offset) {
        Map<String, Item> items = new LinkedHashMap<>();
        for (Map.Entry<String, Names.Binding> e : a.names().visibleAt(a.module(), offset).entrySet()) {
            Names.Binding b = e.getValue();
            Kind kind = switch (b.kind()) {
                case FUNCTION -> Kind.FUNCTION;
                case CLASS -> Kind.CLASS;
                case IMPORT -> Kind.MODULE;
                case PARAMETER, VARIABLE -> Kind.VARIABLE;
            };
            String detail = switch (b.kind()) {
                case FUNCTION -> Functions.of(a, (Stmt.FunctionDef) b.node()).header();
                case CLASS -> "class " + e.getKey();
                case IMPORT -> Imports.of(a.module()).module(e.getKey()).orElse("import");
                case PARAMETER -> "(parameter) " + e.getKey();
                case VARIABLE -> b.node() instanceof Expr.Name n
                        ? a.typeOf(n).map(t -> e.getKey() + ": " + t.annotationStr()).orElse("(variable) " + e.getKey())
                        : "(variable) " + e.getKey();
            };
            items.putIfAbsent(e.getKey(), new Item(e.getKey(), kind, detail, ""));
        }
        for (String k : Vocabulary.KEYWORDS) {
            items.putIfAbsent(k, new Item(k, Kind.KEYWORD, "keyword", ""));
        }
        for (String k : Vocabulary.BUILTINS) {
            items.putIfAbsent(k, new Item(k, Kind.FUNCTION, "builtin " + k, ""));
        }
        return List.copyOf(items.values());
    }

    /** TorchScript's type names, the typing constructors and the file's classes. */
    private static List<Item> typeNames(Analysis a) {
        Map<String, Item> items = new LinkedHashMap<>();
        for (String t : Vocabulary.TYPE_NAMES) {
            items.put(t, new Item(t, Kind.TYPE, "type " + t, ""));
        }
        for (Stmt s : a.module().body()) {
            if (s instanceof Stmt.ClassDef c) {
                items.putIfAbsent(c.name(), new Item(c.name(), Kind.CLASS, "class " + c.name(), ""));
            }
        }
        return List.copyOf(items.values());
    }

    private static boolean inComment(String text, int offset) {
        int lineStart = text.lastIndexOf('\n', offset - 1) + 1;
        String line = text.substring(lineStart, offset);
        return stripStrings(line).contains("#");
    }

    private static boolean typeCommentContext(String text, int offset) {
        int lineStart = text.lastIndexOf('\n', offset - 1) + 1;
        return text.substring(lineStart, offset).matches(".*#\\s*type\\s*:.*");
    }

    /**
     * Whether the offset is in an annotation: after {@code ->} in a {@code def} header, after a
     * parameter's {@code :} inside its parentheses, or after {@code name:} of an annotated
     * assignment, with only a type expression in between.
     */
    private static boolean inAnnotation(String text, int offset) {
        int lineStart = text.lastIndexOf('\n', offset - 1) + 1;
        String line = stripStrings(text.substring(lineStart, offset));
        String typeTail = "[\\w\\[\\], .]*$";
        if (line.matches("\\s*(async\\s+)?def\\s.*->\\s*" + typeTail)) {
            return true;
        }
        if (line.matches("\\s*(async\\s+)?def\\s+\\w+\\s*\\(.*:\\s*" + typeTail) && depth(line) > 0) {
            return true;
        }
        return line.matches("\\s*[\\w.]+\\s*:\\s*" + typeTail) && !line.matches("\\s*(else|try|finally)\\s*:.*");
    }

    private static int depth(String s) {
        int d = 0;
        for (char c : s.toCharArray()) {
            if (c == '(' || c == '[') {
                d++;
            } else if (c == ')' || c == ']') {
                d--;
            }
        }
        return d;
    }

    /** The line with string literals' contents removed (good enough for one line of Python). */
    private static String stripStrings(String line) {
        return line.replaceAll("'[^']*'|\"[^\"]*\"", "''");
    }
}
