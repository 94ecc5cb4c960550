package io.github.torchscript4j.checker.semantics;

import io.github.torchscript4j.checker.source.Code;
import io.github.torchscript4j.checker.source.Diagnostic;
import io.github.torchscript4j.checker.source.SourceRange;
import io.github.torchscript4j.checker.syntax.Parser;
import io.github.torchscript4j.checker.syntax.ast.Arg;
import io.github.torchscript4j.checker.syntax.ast.Arguments;
import io.github.torchscript4j.checker.syntax.ast.Expr;
import io.github.torchscript4j.checker.syntax.ast.Literal;
import io.github.torchscript4j.checker.syntax.ast.Mod;
import io.github.torchscript4j.checker.syntax.ast.Stmt;
import io.github.torchscript4j.checker.syntax.ast.TypeComment;
import io.github.torchscript4j.checker.syntax.ast.UnaryOperator;
import io.github.torchscript4j.checker.types.Type;
import io.github.torchscript4j.checker.types.TypeRelations;
import io.github.torchscript4j.checker.types.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Builds a function's {@link Signature} from its Python annotations or its {@code # type:}
 * comments (one for the whole signature, or {@code (...) -> R} with one comment per parameter), and
 * checks what the reference checks while doing so: the number of types in a comment, and that each
 * default value has its parameter's type.
 *
 * <p>It does not check the body, and gives up (an incomplete signature) on varargs and on
 * keyword-only parameters with defaults, which the reference refuses.
 */
final class Signatures {
    private final TypeAnnotations annotations;
    private final DiagnosticSink sink;

    Signatures(TypeAnnotations annotations, DiagnosticSink sink) {
        this.annotations = annotations;
        this.sink = sink;
    }

    /** The signature of {@code def}; {@code isMethod} drops {@code self} from the typed parameters. */
    Signature of(Stmt.FunctionDef def, boolean isMethod, Type selfType) {
        Arguments a = def.args();
        List<Arg> all = new ArrayList<>(a.posonlyargs());
        all.addAll(a.args());
        // Keyword-only parameters are modelled; with a default they are an error of their own.
        boolean complete = a.vararg().isEmpty() && a.kwarg().isEmpty() && a.kwDefaults().stream().allMatch(Optional::isEmpty);
        // Methods are left alone: an nn.Module's __init__ (often *args, **kwargs) is not compiled.
        boolean compiled = !isMethod && !Decorators.isIgnored(def.decoratorList(), annotations);
        if (compiled) {
            unsupportedParameters(a);
        }
        if (def.returns().isEmpty() && all.stream().allMatch(x -> x.annotation().isEmpty())
                && a.kwonlyargs().stream().allMatch(x -> x.annotation().isEmpty())) {
            TypeCommentPrefix.check(def, sink);
        }
        List<Arg> typed = isMethod && !all.isEmpty() ? all.subList(1, all.size()) : all;
        int nameStart = nameStart(def);
        SourceRange header = new SourceRange(def.range().file(), nameStart, Math.max(nameStart, a.range().end()));

        List<Optional<Type>> types = new ArrayList<>();
        // the annotation each parameter's type comes from (for BroadcastingListN's size)
        List<Optional<Expr>> typeExprs = new ArrayList<>();
        Optional<Type> returns = annotations.type(def.returns());
        Optional<TypeComment> comment = def.typeComment();
        boolean fromComment = false;
        if (comment.isPresent()) {
            List<Diagnostic> ignored = new ArrayList<>();
            SourceRange r = comment.get().range();
            boolean noReturn = !comment.get().text().contains("->");
            Mod.FunctionType ft;
            if (noReturn) {
                // "# type: (int, str)": the reference reads the parameter types alone, the return
                // type is then inferred.
                Expr params = Parser.parseTypeExpression(r.file(), r.start(), r.end(), ignored);
                List<Expr> argtypes = params instanceof Expr.Tuple t ? t.elts() : List.of(params);
                ft = new Mod.FunctionType(argtypes, params, r);
            } else {
                ft = Parser.parseFunctionTypeComment(r.file(), r.start(), r.end(), ignored);
            }
            if (!ignored.isEmpty()) {
                return unknown(def, all, isMethod, selfType, returns);
            }
            fromComment = true;
            returns = noReturn ? Optional.empty() : Optional.of(annotations.type(ft.returns()));
            if (ft.argtypes().size() == 1 && ft.argtypes().get(0) instanceof Expr.Constant c
                    && c.value() instanceof Literal.Ellipsis) {
                int count = 0;
                for (Arg arg : typed) {
                    if (arg.typeComment().isPresent()) {
                        SourceRange tr = arg.typeComment().get().range();
                        Expr t = Parser.parseTypeExpression(tr.file(), tr.start(), tr.end(), ignored);
                        types.add(ignored.isEmpty() ? Optional.of(annotations.type(t)) : Optional.of(Types.UNKNOWN));
                        typeExprs.add(ignored.isEmpty() ? Optional.of(t) : Optional.empty());
                        count++;
                    } else {
                        types.add(Optional.empty());
                        typeExprs.add(Optional.empty());
                    }
                }
                if (count != typed.size()) {
                    sink.error(Code.TYPE_COMMENT_ARITY, header, "Number of type annotations (" + count
                            + ") did not match the number of function parameters (" + typed.size() + ")");
                    return unknown(def, all, isMethod, selfType, returns);
                }
            } else {
                if (ft.argtypes().size() != typed.size()) {
                    sink.error(Code.TYPE_COMMENT_ARITY, header, "Number of type annotations ("
                            + ft.argtypes().size() + ") did not match the number of function parameters ("
                            + typed.size() + ")");
                    return unknown(def, all, isMethod, selfType, returns);
                }
                for (Expr t : ft.argtypes()) {
                    types.add(Optional.of(annotations.type(t)));
                    typeExprs.add(Optional.of(t));
                }
            }
        } else {
            for (Arg arg : typed) {
                types.add(annotations.type(arg.annotation()));
                typeExprs.add(arg.annotation());
            }
        }

        List<Signature.Param> params = new ArrayList<>();
        if (isMethod && !all.isEmpty()) {
            params.add(new Signature.Param(all.get(0).arg(), selfType, Optional.empty(), false));
        }
        int firstDefault = all.size() - a.defaults().size();
        SourceRange whole = def.decoratorList().isEmpty() ? def.range() : def.decoratorList().get(0).range().union(def.range());
        for (int i = 0; i < typed.size(); i++) {
            Arg arg = typed.get(i);
            int index = i + (all.size() - typed.size());
            Optional<Expr> dflt = index >= firstDefault ? Optional.of(a.defaults().get(index - firstDefault)) : Optional.empty();
            Type t = types.get(i).orElse(Types.INFERRED_TENSOR);
            int fixedSize = annotations.fixedSize(typeExprs.get(i));
            params.add(new Signature.Param(arg.arg(), t, dflt, false, fixedSize));
            if (dflt.isPresent() && compiled && mutableDefault(arg.arg(), dflt.get(), whole)) {
                continue;
            }
            Optional<Type> element = params.get(params.size() - 1).fixedElement();
            if (dflt.isPresent() && element.isPresent() && TypeRelations.isSubtypeOf(literalType(dflt.get()), element.get())) {
                continue; // one element stands for the list
            }
            if (dflt.isPresent()) {
                checkDefault(arg.arg(), t, types.get(i).isPresent() || fromComment, dflt.get(), whole);
            }
        }
        for (Arg arg : a.kwonlyargs()) {
            params.add(new Signature.Param(arg.arg(), annotations.type(arg.annotation()).orElse(Types.INFERRED_TENSOR),
                    Optional.empty(), true));
        }
        return new Signature(def.name(), params, returns, complete);
    }

    private Signature unknown(Stmt.FunctionDef def, List<Arg> all, boolean isMethod, Type selfType, Optional<Type> returns) {
        List<Signature.Param> params = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            params.add(new Signature.Param(all.get(i).arg(), i == 0 && isMethod ? selfType : Types.UNKNOWN,
                    Optional.empty(), false));
        }
        return new Signature(def.name(), params, returns.map(r -> Types.UNKNOWN), false);
    }

    /**
     * What the reference's Python frontend refuses before anything else: {@code *args}, {@code
     * **kwargs} and keyword-only parameters with defaults (the first one, at its star or default).
     */
    private void unsupportedParameters(Arguments a) {
        String message = "Compiled functions can't take variable number of arguments or use keyword-only arguments with defaults";
        if (a.vararg().isPresent()) {
            SourceRange r = a.vararg().get().range();
            sink.error(Code.UNSUPPORTED_SYNTAX, new SourceRange(r.file(), Math.max(0, r.start() - 1), r.end()), message);
        } else if (a.kwarg().isPresent()) {
            SourceRange r = a.kwarg().get().range();
            sink.error(Code.UNSUPPORTED_SYNTAX, new SourceRange(r.file(), Math.max(0, r.start() - 1), r.end()), message);
        } else {
            a.kwDefaults().stream().flatMap(Optional::stream).findFirst()
                    .ifPresent(d -> sink.error(Code.UNSUPPORTED_SYNTAX, d.range(), message));
        }
    }

    /** A list, dict or set default ("Mutable default parameters are not supported ..."); reports it. */
    private boolean mutableDefault(String name, Expr dflt, SourceRange range) {
        String cls = dflt instanceof Expr.List || dflt instanceof Expr.ListComp ? "list"
                : dflt instanceof Expr.Dict || dflt instanceof Expr.DictComp ? "dict"
                : dflt instanceof Expr.Set || dflt instanceof Expr.SetComp ? "set" : null;
        if (cls == null) {
            return false;
        }
        sink.error(Code.DEFAULT_VALUE_TYPE, range, "Mutable default parameters are not supported because Python binds them "
                + "to the function and they persist across function calls.\n As a workaround, make the default None and "
                + "instantiate the default parameter within the body of the function. Found <class '" + cls
                + "'> on parameter " + name);
        return true;
    }

    private void checkDefault(String name, Type type, boolean annotated, Expr dflt, SourceRange range) {
        if (type instanceof Type.IntType && annotated && hugeInt(dflt)) {
            sink.error(Code.DEFAULT_VALUE_TYPE, range, "Expected a default value of type int on parameter \"" + name + "\".");
            return;
        }
        Type actual = literalType(dflt);
        if (actual instanceof Type.UnknownType || type instanceof Type.UnknownType) {
            return;
        }
        if (!annotated) {
            if (actual instanceof Type.NoneType) {
                return; // not modelled
            }
            sink.error(Code.DEFAULT_VALUE_TYPE, range, "Expected a default value of type Tensor (inferred) on parameter \""
                    + name + "\".Because \"" + name + "\" was not annotated with an explicit type it is assumed to be type 'Tensor'.");
            return;
        }
        if (TypeRelations.isSubtypeOf(actual, type)
                || actual instanceof Type.IntType && type instanceof Type.FloatType) {
            return;
        }
        sink.error(Code.DEFAULT_VALUE_TYPE, range,
                "Expected a default value of type " + type.annotationStr() + " on parameter \"" + name + "\".");
    }

    /** An integer literal (possibly negated) that does not fit in 64 bits. */
    private static boolean hugeInt(Expr e) {
        if (e instanceof Expr.UnaryOp u && (u.op() == UnaryOperator.USUB || u.op() == UnaryOperator.UADD)) {
            return hugeInt(u.operand());
        }
        return e instanceof Expr.Constant c && c.value() instanceof Literal.Int i && i.value().bitLength() >= 64;
    }

    /** Where the function's name starts, after {@code def}. */
    static int nameStart(Stmt.FunctionDef def) {
        String text = def.range().text();
        int i = text.indexOf(def.name(), text.indexOf("def") + 3);
        return def.range().start() + Math.max(0, i);
    }

    /** The type of a default value written as a literal; unknown for anything else. */
    static Type literalType(Expr e) {
        if (e instanceof Expr.UnaryOp u && (u.op() == UnaryOperator.USUB || u.op() == UnaryOperator.UADD)) {
            Type t = literalType(u.operand());
            return t instanceof Type.IntType || t instanceof Type.FloatType ? t : Types.UNKNOWN;
        }
        if (e instanceof Expr.Constant c) {
            Literal l = c.value();
            if (l instanceof Literal.Int) {
                return Types.INT;
            }
            if (l instanceof Literal.Float) {
                return Types.FLOAT;
            }
            if (l instanceof Literal.Bool) {
                return Types.BOOL;
            }
            if (l instanceof Literal.Str) {
                return Types.STR;
            }
            if (l instanceof Literal.None) {
                return Types.NONE;
            }
        }
        return Types.UNKNOWN;
    }
}
