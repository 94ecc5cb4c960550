package io.github.torchscript4j.checker.emit;

import io.github.torchscript4j.checker.ir.CompilationUnit;
import io.github.torchscript4j.checker.ir.Function;
import io.github.torchscript4j.checker.semantics.ConcreteModuleType;
import io.github.torchscript4j.checker.semantics.ConcreteModules;
import io.github.torchscript4j.checker.source.Diagnostic;
import io.github.torchscript4j.checker.syntax.ParseResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Compiles a module instance as {@code torch.jit.script(instance)} does: the tree of {@link
 * ConcreteModuleType}s that describes it is checked ({@link ConcreteModules}) and each of its
 * classes lowered to the IR, into one {@link CompilationUnit} with every class (its attributes,
 * constants and methods) and every function its methods call.
 *
 * <p>API Boundary: {@link #compile} is what the runtime calls after building a module with its
 * Python interpreter; {@link Result#classOf} names the class of each instance of the tree, for
 * the archive writer's {@code ModuleInstance}s.
 */
public final class ConcreteModuleCompiler {
    private ConcreteModuleCompiler() {}

    /**
     * The compiled unit (empty when the check found errors), the check (classes, instances'
     * classes, diagnostics) and the methods the emitter could not lower.
     */
    public record Result(CompilationUnit unit, ConcreteModules.Result check, List<EmitException> failures) {
        public Result {
            failures = List.copyOf(failures);
        }

        /** The qualified name of the class compiled for an instance of the tree. */
        public String classOf(ConcreteModuleType instance) {
            return check.nameOf(instance);
        }

        public List<Diagnostic> diagnostics() {
            return check.diagnostics();
        }

        /** Whether the module compiled: no error, no method left out. */
        public boolean ok() {
            return !check.hasErrors() && failures.isEmpty();
        }
    }

    /**
     * Compiles the classes of the tree rooted at {@code root}; {@code sources} holds the parsed
     * Python modules of the project by dotted name ({@code ""} for the file being compiled).
     *
     * @throws IllegalArgumentException when a class's source is not found
     */
    public static Result compile(ConcreteModuleType root, Map<String, ParseResult> sources) {
        return compile(root, sources, false);
    }

    /**
     * As {@link #compile(ConcreteModuleType, Map)}; with {@code serialized}, {@code sources} are a
     * TorchScript archive's code files in the serialized form ({@link ConcreteModules#check(
     * ConcreteModuleType, Map, boolean)}), which is how the runtime loads an archive.
     */
    public static Result compile(ConcreteModuleType root, Map<String, ParseResult> sources, boolean serialized) {
        return compile(root, sources, serialized, List.of());
    }

    /**
     * As {@link #compile(ConcreteModuleType, Map, boolean)}, with an archive's tensor constants
     * ({@link ConcreteModules#check(ConcreteModuleType, Map, boolean, List)}): {@code CONSTANTS.cN}
     * compiles to a {@code prim::Constant} of type {@code Tensor} whose value is a {@link
     * io.github.torchscript4j.checker.ir.TensorConstant} holding {@code tensorConstants.get(N)}.
     */
    public static Result compile(ConcreteModuleType root, Map<String, ParseResult> sources, boolean serialized,
            List<?> tensorConstants) {
        ConcreteModules.Result check = ConcreteModules.check(root, sources, serialized, tensorConstants);
        CompilationUnit unit = new CompilationUnit();
        List<EmitException> failures = new ArrayList<>();
        if (check.hasErrors()) {
            return new Result(unit, check, failures);
        }
        for (ConcreteModules.CompiledClass c : check.classes()) {
            CompilationUnit.ClassInfo info = unit.classInfo(c.qualifiedName())
                    .orElseGet(() -> unit.addClass(new CompilationUnit.ClassInfo(c.qualifiedName(), true)));
            for (ConcreteModuleType.Attribute a : c.concrete().attributes()) {
                if (a.kind() == ConcreteModuleType.Kind.CONSTANT) {
                    info.constants().put(a.name(), a.value());
                } else {
                    info.attributes().put(a.name(), a.kind() == ConcreteModuleType.Kind.MODULE
                            ? check.classes().stream().filter(k -> k.concrete().sameType(a.module())).findFirst()
                                    .orElseThrow().type()
                            : a.type());
                }
            }
            if (c.concrete().isContainer("ModuleList") || c.concrete().isContainer("Sequential")
                    || c.concrete().isContainer("ModuleDict")) {
                List<String> keys = c.concrete().submodules().stream().map(ConcreteModuleType.Attribute::name).toList();
                info.methods().put("__len__", ContainerMethods.length(c.type(), keys.size()));
                if (c.concrete().isContainer("ModuleDict")) {
                    info.methods().put("__contains__", ContainerMethods.contains(c.type(), keys));
                }
            }
            Emitter.Result emitted = Emitter.emit(c.result());
            failures.addAll(emitted.failures());
            for (Function f : emitted.unit().functions().values()) {
                if (unit.function(f.qualifiedName()).isEmpty()) {
                    unit.addFunction(f);
                }
            }
            for (CompilationUnit.ClassInfo k : emitted.unit().classes().values()) {
                CompilationUnit.ClassInfo target = unit.classInfo(k.qualifiedName())
                        .orElseGet(() -> unit.addClass(new CompilationUnit.ClassInfo(k.qualifiedName(), k.isModule())));
                k.methods().forEach(target.methods()::putIfAbsent);
                k.attributes().forEach(target.attributes()::putIfAbsent);
                k.constants().forEach(target.constants()::putIfAbsent);
            }
        }
        return new Result(unit, check, failures);
    }
}
