package io.github.torchscript4j.runtime.archive;

import io.github.torchscript4j.checker.emit.ConcreteModuleCompiler;
import io.github.torchscript4j.checker.emit.EmitException;
import io.github.torchscript4j.checker.eval.Tuple;
import io.github.torchscript4j.checker.ir.CompilationUnit;
import io.github.torchscript4j.checker.ir.Function;
import io.github.torchscript4j.checker.semantics.ConcreteModuleType;
import io.github.torchscript4j.checker.semantics.ConcreteModules;
import io.github.torchscript4j.checker.source.Diagnostic;
import io.github.torchscript4j.checker.source.SourceRange;
import io.github.torchscript4j.checker.syntax.ParseResult;
import io.github.torchscript4j.checker.syntax.Parser;
import io.github.torchscript4j.checker.syntax.SourceDecoder;
import io.github.torchscript4j.checker.syntax.ast.Expr;
import io.github.torchscript4j.checker.syntax.ast.Literal;
import io.github.torchscript4j.checker.syntax.ast.Stmt;
import io.github.torchscript4j.checker.syntax.ast.UnaryOperator;
import io.github.torchscript4j.checker.types.Type;
import io.github.torchscript4j.runtime.value.ScriptObject;
import io.github.torchscript4j.runtime.value.TensorRef;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Loads a TorchScript archive ({@code torch.jit.save}'s, PyTorch's or ours) into a compiled module
 * that our IR interpreter runs, from the archive alone: the state read by {@link
 * TorchScriptArchiveReader}, the code compiled from the archive's own {@code code/__torch__/...py}
 * files (no Python source, no bundled library).
 *
 * <p>Each {@link ScriptObject} of the state is described as a {@link ConcreteModuleType}: its class
 * {@code __torch__.a.b.C} is the class {@code C} of the code file {@code __torch__/a/b.py} (the
 * Python module {@code a.b}; {@code __torch__/__torch__.py}... is {@code ""}), whose body in the
 * serialized form names the parameters ({@code __parameters__ = [...]}) and buffers ({@code
 * __buffers__}), declares each attribute's type ({@code words : List[str]}) and each constant's
 * value ({@code eps : Final[float] = 1e-05}); an attribute that is a {@link ScriptObject} is a
 * submodule. The tree is compiled by {@link ConcreteModuleCompiler} with the code files as
 * serialized sources, as the reference's importer compiles them.
 *
 * <p>Every failure is an {@link ArchiveException} naming the archive and the record ({@code
 * code/__torch__/x.py:3:5: ...}).
 */
public final class ArchiveModules {
    /** Attributes of the state that are no part of a compiled module's type. */
    private static final Set<String> IGNORED = Set.of("_is_full_backward_hook");

    private ArchiveModules() {}

    /**
     * A loaded archive.
     *
     * @param module the root module's state; its tensors belong to the caller ({@link TorchScriptArchiveReader#release})
     * @param unit the compiled classes and functions
     * @param className the root module's class in {@code unit}
     * @param concrete the root module's concrete type
     * @param constants the archive's tensor constants, which the compiled code holds ({@code
     *     CONSTANTS.cN}); they belong to the caller ({@link TorchScriptArchiveReader#release(List)})
     */
    public record Loaded(ScriptObject module, CompilationUnit unit, String className, ConcreteModuleType concrete,
            List<TensorRef> constants) {
        /** The root module's method {@code name}. */
        public java.util.Optional<Function> method(String name) {
            return unit.classInfo(className).flatMap(c -> c.method(name));
        }
    }

    /**
     * Reads and compiles the archive at {@code path}.
     *
     * @throws ArchiveException when it cannot be read, its code does not parse or compile, or its
     *     state does not fit its classes
     */
    public static Loaded load(Path path) {
        TorchScriptArchiveReader.Archive archive = TorchScriptArchiveReader.read(path);
        try {
            return compile(path.toString(), archive);
        } catch (RuntimeException e) {
            TorchScriptArchiveReader.release(archive.module());
            TorchScriptArchiveReader.release(archive.constants());
            throw e;
        }
    }

    /** Compiles an archive read by {@link TorchScriptArchiveReader} ({@code name}: the archive, for messages). */
    public static Loaded compile(String name, TorchScriptArchiveReader.Archive archive) {
        Map<String, ParseResult> sources = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : archive.code().entrySet()) {
            String module = pythonModule(e.getKey());
            if (module == null) {
                continue;
            }
            String record = "code/" + e.getKey();
            ParseResult parsed = Parser.parse(SourceDecoder.decode(record, e.getValue().getBytes(StandardCharsets.UTF_8)));
            if (parsed.hasErrors()) {
                Diagnostic d = parsed.primaryError().orElse(parsed.diagnostics().get(0));
                throw new ArchiveException(name + ": " + located(d.range(), d.message()));
            }
            sources.put(module, parsed);
        }
        Describer describer = new Describer(name, sources);
        ConcreteModuleType root = describer.describe(archive.module(), "the root module");
        ConcreteModuleCompiler.Result compiled;
        try {
            compiled = ConcreteModuleCompiler.compile(root, sources, true, archive.constants());
        } catch (IllegalArgumentException e) {
            throw new ArchiveException(name + ": " + e.getMessage());
        } catch (RuntimeException e) {
            // hostile code the checker did not foresee: still the archive's fault, never a crash
            throw new ArchiveException(name + ": the archive's code cannot be compiled: " + e, e);
        }
        List<String> problems = new ArrayList<>();
        for (Diagnostic d : compiled.diagnostics()) {
            if (d.isError()) {
                problems.add(located(d.range(), d.message()));
            }
        }
        for (EmitException e : compiled.failures()) {
            problems.add(located(e.range(), e.getMessage()));
        }
        if (!problems.isEmpty() || !compiled.ok()) {
            throw new ArchiveException(name + ": the archive's code does not compile:\n" + String.join("\n", problems));
        }
        return new Loaded(archive.module(), compiled.unit(), compiled.classOf(root), root, archive.constants());
    }

    /** The Python module of a code file ({@code __torch__/a/b.py} → {@code a.b}, {@code __torch__.py} → {@code ""}), or null. */
    static String pythonModule(String file) {
        if (file.equals("__torch__.py")) {
            return "";
        }
        if (!file.startsWith("__torch__/") || !file.endsWith(".py")) {
            return null;
        }
        return file.substring("__torch__/".length(), file.length() - ".py".length()).replace('/', '.');
    }

    private static String located(SourceRange range, String message) {
        return range == null ? message
                : range.file().path() + ":" + range.startLine() + ":" + range.startColumn() + ": " + message;
    }

    /** Describes the state's objects as concrete module types, from their classes' serialized bodies. */
    private static final class Describer {
        private final String name;
        private final Map<String, ParseResult> sources;

        Describer(String name, Map<String, ParseResult> sources) {
            this.name = name;
            this.sources = sources;
        }

        ConcreteModuleType describe(ScriptObject object, String where) {
            String type = object.typeName();
            if (!type.startsWith("__torch__.")) {
                throw new ArchiveException(name + ": data.pkl: " + where + " has the type " + type
                        + ", not a class of the archive");
            }
            String qualified = type.substring("__torch__.".length());
            int dot = qualified.lastIndexOf('.');
            String module = dot < 0 ? "" : qualified.substring(0, dot);
            String className = qualified.substring(dot + 1);
            String record = "code/__torch__" + (module.isEmpty() ? "" : "/" + module.replace('.', '/')) + ".py";
            ParseResult parsed = sources.get(module);
            if (parsed == null) {
                throw new ArchiveException(name + ": " + record + " is missing (the code of " + type + ", " + where + ")");
            }
            Stmt.ClassDef def = null;
            for (Stmt s : parsed.module().body()) {
                if (s instanceof Stmt.ClassDef c && c.name().equals(className)) {
                    def = c;
                }
            }
            if (def == null) {
                throw new ArchiveException(name + ": " + record + " has no class " + className + " (the type of " + where + ")");
            }
            ClassBody body = ClassBody.of(name, def);
            Map<String, ConcreteModules.ClassAnnotation> annotations;
            try {
                annotations = ConcreteModules.classAnnotations(module, className, sources, true);
            } catch (IllegalArgumentException e) {
                throw new ArchiveException(name + ": " + e.getMessage());
            }
            ConcreteModuleType.Builder b = ConcreteModuleType.builder(module, className);
            for (Map.Entry<String, Object> e : object.attributes().entrySet()) {
                String attribute = e.getKey();
                Object value = e.getValue();
                String at = located(def.range(), type + "." + attribute + " (" + where + ")");
                if (IGNORED.contains(attribute)) {
                    continue;
                }
                if (body.parameters.contains(attribute) || body.buffers.contains(attribute)) {
                    if (value != null && !(value instanceof TensorRef)) {
                        throw new ArchiveException(name + ": " + at + " is a parameter or buffer, but data.pkl holds "
                                + Unpickler.describe(value));
                    }
                    if (body.parameters.contains(attribute)) {
                        b.parameter(attribute, value);
                    } else {
                        b.buffer(attribute, value);
                    }
                } else if (value instanceof ScriptObject sub) {
                    b.module(attribute, describe(sub, where.equals("the root module") ? attribute : where + "." + attribute));
                } else {
                    ConcreteModules.ClassAnnotation a = annotations.get(attribute);
                    if (a == null || a.isFinal()) {
                        throw new ArchiveException(name + ": " + at + " is not declared in its class");
                    }
                    if (!fits(value, a.type())) {
                        throw new ArchiveException(name + ": " + at + " is declared " + a.type().annotationStr()
                                + ", but data.pkl holds " + Unpickler.describe(value));
                    }
                    b.attribute(attribute, a.type(), value);
                }
            }
            for (Map.Entry<String, Object> c : body.constants.entrySet()) {
                if (object.attributes().containsKey(c.getKey())) {
                    continue;
                }
                try {
                    b.constant(c.getKey(), c.getValue());
                } catch (IllegalArgumentException e) {
                    throw new ArchiveException(name + ": " + located(def.range(), e.getMessage()));
                }
            }
            return b.build();
        }

        /** Whether a value of the state can be an attribute of type {@code t} (a shallow check). */
        private static boolean fits(Object v, Type t) {
            if (t instanceof Type.OptionalType o) {
                return v == null || fits(v, o.elem());
            }
            return switch (t.annotationStr()) {
                case "Tensor" -> v instanceof TensorRef;
                case "int" -> v instanceof Long;
                case "float" -> v instanceof Double;
                case "bool" -> v instanceof Boolean;
                case "str" -> v instanceof String;
                case "NoneType" -> v == null;
                default -> {
                    if (t instanceof Type.ListType) {
                        yield v instanceof List<?>;
                    }
                    if (t instanceof Type.DictType) {
                        yield v instanceof Map<?, ?>;
                    }
                    if (t instanceof Type.TupleType) {
                        yield v instanceof Tuple;
                    }
                    yield true;
                }
            };
        }
    }

    /** The serialized declarations of a class body: parameters, buffers, constants' values. */
    private record ClassBody(Set<String> parameters, Set<String> buffers, Map<String, Object> constants) {
        static ClassBody of(String archive, Stmt.ClassDef def) {
            Set<String> parameters = new HashSet<>();
            Set<String> buffers = new HashSet<>();
            Map<String, Object> constants = new LinkedHashMap<>();
            for (Stmt s : def.body()) {
                if (s instanceof Stmt.Assign a && a.targets().size() == 1 && a.targets().get(0) instanceof Expr.Name n
                        && (n.id().equals("__parameters__") || n.id().equals("__buffers__"))) {
                    if (!(a.value() instanceof Expr.List l)) {
                        throw new ArchiveException(archive + ": " + located(a.range(), n.id() + " is not a list"));
                    }
                    for (Expr e : l.elts()) {
                        if (!(e instanceof Expr.Constant c && c.value() instanceof Literal.Str str)) {
                            throw new ArchiveException(archive + ": " + located(e.range(), n.id() + " holds a non-string"));
                        }
                        (n.id().equals("__parameters__") ? parameters : buffers).add(str.value());
                    }
                } else if (s instanceof Stmt.AnnAssign a && a.target() instanceof Expr.Name n && a.value().isPresent()
                        && a.annotation() instanceof Expr.Subscript sub && sub.value() instanceof Expr.Name f
                        && f.id().equals("Final")) {
                    constants.put(n.id(), literal(archive, a.value().get()));
                }
            }
            return new ClassBody(parameters, buffers, constants);
        }

        private static Object literal(String archive, Expr e) {
            if (e instanceof Expr.Constant c) {
                Literal v = c.value();
                if (v instanceof Literal.Int i && i.value().bitLength() < 64) {
                    return i.value().longValue();
                }
                if (v instanceof Literal.Float f) {
                    return f.value();
                }
                if (v instanceof Literal.Str s) {
                    return s.value();
                }
                if (v instanceof Literal.Bool b) {
                    return b.value();
                }
                if (v instanceof Literal.None) {
                    return null;
                }
            }
            if (e instanceof Expr.UnaryOp u && u.op() == UnaryOperator.USUB) {
                Object v = literal(archive, u.operand());
                if (v instanceof Long l) {
                    return -l;
                }
                if (v instanceof Double d) {
                    return -d;
                }
            }
            if (e instanceof Expr.Tuple t) {
                List<Object> items = new ArrayList<>();
                t.elts().forEach(x -> items.add(literal(archive, x)));
                return new Tuple(items);
            }
            throw new ArchiveException(archive + ": " + located(e.range(), "a constant that is not a literal"));
        }
    }
}
