package io.github.torchscript4j.checker.types;

import io.github.torchscript4j.checker.types.Type.AnyClassType;
import io.github.torchscript4j.checker.types.Type.AnyEnumType;
import io.github.torchscript4j.checker.types.Type.AnyType;
import io.github.torchscript4j.checker.types.Type.BoolType;
import io.github.torchscript4j.checker.types.Type.CapsuleType;
import io.github.torchscript4j.checker.types.Type.ClassType;
import io.github.torchscript4j.checker.types.Type.ComplexType;
import io.github.torchscript4j.checker.types.Type.DeviceType;
import io.github.torchscript4j.checker.types.Type.DictType;
import io.github.torchscript4j.checker.types.Type.EnumType;
import io.github.torchscript4j.checker.types.Type.FloatType;
import io.github.torchscript4j.checker.types.Type.FunctionType;
import io.github.torchscript4j.checker.types.Type.FutureType;
import io.github.torchscript4j.checker.types.Type.GeneratorType;
import io.github.torchscript4j.checker.types.Type.IntType;
import io.github.torchscript4j.checker.types.Type.ListType;
import io.github.torchscript4j.checker.types.Type.ModuleType;
import io.github.torchscript4j.checker.types.Type.NoneType;
import io.github.torchscript4j.checker.types.Type.NumberType;
import io.github.torchscript4j.checker.types.Type.OptionalType;
import io.github.torchscript4j.checker.types.Type.QSchemeType;
import io.github.torchscript4j.checker.types.Type.RRefType;
import io.github.torchscript4j.checker.types.Type.StorageType;
import io.github.torchscript4j.checker.types.Type.StrType;
import io.github.torchscript4j.checker.types.Type.StreamType;
import io.github.torchscript4j.checker.types.Type.TensorType;
import io.github.torchscript4j.checker.types.Type.TupleType;
import io.github.torchscript4j.checker.types.Type.UnionType;
import io.github.torchscript4j.checker.types.Type.UnknownType;
import io.github.torchscript4j.checker.types.Type.VarType;
import java.util.List;
import java.util.function.Function;

/**
 * The reference's four spellings of a type ({@code annotation_str()}, {@code str()}, {@code
 * operator<<}, {@code repr_str()}); see {@link Type}. They differ only for a few kinds:
 *
 * <pre>
 *                    annotationStr        str                 graphStr             reprStr
 *   number           number               Scalar              Scalar               number
 *   List[int]        List[int]            int[]               int[]                List[int]
 *   Optional[int]    Optional[int]        int?                int?                 Optional[int]
 *   Tuple[int, str]  Tuple[int, str]      (int, str)          (int, str)           Tuple[int, str]
 *   Tuple[()]        Tuple[()]            ()                  ()                   Tuple[()]
 *   Dict[str, int]   Dict[str, int]       Dict(str, int)      Dict(str, int)       Dict[str, int]
 *   Future[int]      Future[int]          Future(int)         Future[int]          Future[int]
 *   NamedTuple P     __torch__.P          __torch__.P         NamedTuple(a : int)  __torch__.P
 *   enum E           __torch__.E          Enum&lt;__torch__.E&gt;  Enum&lt;__torch__.E&gt;   Enum&lt;__torch__.E&gt;
 *   class C          __torch__.C          __torch__.C         __torch__.C          __torch__.C (of Python compilation unit at: &lt;address&gt;)
 *   function f       __torch__.f          Function            Function             __torch__.f
 *   inferred Tensor  Tensor               Tensor              Tensor               Tensor (inferred)
 * </pre>
 *
 * <p>{@code graphStr} recurses with itself only through lists, optionals, futures, rrefs and
 * tuples; dicts and unions print their parts with {@code str}, so {@code .graph} shows {@code
 * Future[int][]} but {@code Dict(int, Future(int))}. {@code reprStr} differs from {@code
 * annotationStr} only at the top: {@code Optional[__torch__.C]}.
 */
final class TypePrinter {
    private TypePrinter() {}

    static String annotationStr(Type type) {
        if (type instanceof OptionalType o) {
            return "Optional[" + annotationStr(o.elem()) + "]";
        } else if (type instanceof UnionType u) {
            return unionStr(u, true);
        } else if (type instanceof ListType l) {
            return "List[" + annotationStr(l.elem()) + "]";
        } else if (type instanceof TupleType t) {
            if (t.named().isPresent()) {
                return t.named().get().qualifiedName();
            }
            // typing.Tuple's spelling of the empty tuple
            return t.elements().isEmpty() ? "Tuple[()]" : "Tuple[" + join(t.elements(), TypePrinter::annotationStr) + "]";
        } else if (type instanceof DictType d) {
            return "Dict[" + annotationStr(d.key()) + ", " + annotationStr(d.value()) + "]";
        } else if (type instanceof FutureType f) {
            return "Future[" + annotationStr(f.elem()) + "]";
        } else if (type instanceof RRefType r) {
            return "RRef[" + annotationStr(r.elem()) + "]";
        } else if (type instanceof NumberType) {
            return "number";
        } else if (type instanceof ClassType c) {
            return c.qualifiedName();
        } else if (type instanceof Type.InterfaceType i) {
            return i.qualifiedName();
        } else if (type instanceof ModuleType m) {
            return m.qualifiedName();
        } else if (type instanceof EnumType e) {
            return e.qualifiedName();
        } else if (type instanceof FunctionType f) {
            return f.qualifiedName();
        }
        return str(type); // the reference's default annotation_str_impl
    }

    static String str(Type type) {
        if (type instanceof TensorType) {
            return "Tensor";
        } else if (type instanceof IntType) {
            return "int";
        } else if (type instanceof FloatType) {
            return "float";
        } else if (type instanceof ComplexType) {
            return "complex";
        } else if (type instanceof BoolType) {
            return "bool";
        } else if (type instanceof StrType) {
            return "str";
        } else if (type instanceof NoneType) {
            return "NoneType";
        } else if (type instanceof NumberType) {
            return "Scalar"; // "match what PythonArgParser says for clarity"
        } else if (type instanceof DeviceType) {
            return "Device";
        } else if (type instanceof AnyType) {
            return "Any";
        } else if (type instanceof OptionalType o) {
            return str(o.elem()) + "?";
        } else if (type instanceof UnionType u) {
            return unionStr(u, false);
        } else if (type instanceof ListType l) {
            return str(l.elem()) + "[]";
        } else if (type instanceof TupleType t) {
            if (t.named().isPresent()) {
                return t.named().get().qualifiedName();
            }
            return "(" + join(t.elements(), TypePrinter::str) + ")";
        } else if (type instanceof DictType d) {
            return "Dict(" + str(d.key()) + ", " + str(d.value()) + ")";
        } else if (type instanceof FutureType f) {
            return "Future(" + str(f.elem()) + ")";
        } else if (type instanceof RRefType r) {
            return "RRef(" + str(r.elem()) + ")";
        } else if (type instanceof ClassType c) {
            return c.qualifiedName();
        } else if (type instanceof ModuleType m) {
            return m.qualifiedName();
        } else if (type instanceof Type.InterfaceType i) {
            return "InterfaceType<" + i.qualifiedName().substring(i.qualifiedName().lastIndexOf('.') + 1) + ">";
        } else if (type instanceof EnumType e) {
            return "Enum<" + e.qualifiedName() + ">";
        } else if (type instanceof FunctionType) {
            return "Function";
        } else if (type instanceof VarType v) {
            return v.name();
        } else if (type instanceof GeneratorType) {
            return "Generator";
        } else if (type instanceof StorageType) {
            return "Storage";
        } else if (type instanceof StreamType) {
            return "Stream";
        } else if (type instanceof CapsuleType) {
            return "Capsule";
        } else if (type instanceof QSchemeType) {
            return "QScheme";
        } else if (type instanceof AnyEnumType) {
            return "AnyEnumType";
        } else if (type instanceof AnyClassType) {
            return "AnyClassType";
        } else if (type instanceof UnknownType) {
            return "Unknown";
        }
        throw new AssertionError(type);
    }

    static String graphStr(Type type) {
        if (type instanceof ListType l) {
            return graphStr(l.elem()) + "[]";
        } else if (type instanceof OptionalType o) {
            return graphStr(o.elem()) + "?";
        } else if (type instanceof FutureType f) {
            return "Future[" + graphStr(f.elem()) + "]";
        } else if (type instanceof RRefType r) {
            return "RRef[" + graphStr(r.elem()) + "]";
        } else if (type instanceof TupleType t) {
            StringBuilder sb = new StringBuilder(t.named().isPresent() ? "NamedTuple(" : "(");
            for (int i = 0; i < t.elements().size(); i++) {
                if (i > 0) {
                    sb.append(", ");
                }
                if (t.named().isPresent()) {
                    sb.append(t.named().get().fieldNames().get(i)).append(" : ");
                }
                sb.append(graphStr(t.elements().get(i)));
            }
            return sb.append(')').toString();
        }
        return str(type);
    }

    static String reprStr(Type type) {
        if (type instanceof TensorType t && t.inferred()) {
            return "Tensor (inferred)";
        } else if (type instanceof EnumType) {
            return str(type);
        } else if (type instanceof ClassType || type instanceof ModuleType) {
            // The reference prints the address of the class's compilation unit; the conformance
            // corpus writes heap addresses as <address>, and so do we.
            return str(type) + " (of Python compilation unit at: <address>)";
        }
        return annotationStr(type);
    }

    /**
     * {@code UnionType::unionStr}. A union that holds {@code int}, {@code float} and {@code
     * complex} prints them as one {@code number} ({@code Scalar}) at the end. The reference only
     * prints a separator before a member whose index is not 0, and only notes that it printed
     * one there; so when the first members are the numbers it skips, the text starts with ", "
     * ({@code Union[, str, number]}), and when only the first member is printed no separator
     * comes before {@code number} ({@code Union[Tensornumber]}). Users see these spellings in
     * messages and {@code .graph}, so we print them too.
     */
    private static String unionStr(UnionType union, boolean annotation) {
        boolean holdsNumber = TypeRelations.canHoldType(union, Types.NUMBER);
        StringBuilder sb = new StringBuilder(annotation ? "Union[" : "Union(");
        boolean printed = false;
        List<Type> members = union.members();
        for (int i = 0; i < members.size(); i++) {
            Type member = members.get(i);
            if (!holdsNumber || !isNumber(member)) {
                if (i > 0) {
                    sb.append(", ");
                    printed = true;
                }
                sb.append(annotation ? annotationStr(member) : str(member));
            }
        }
        if (holdsNumber) {
            if (printed) {
                sb.append(", ");
            }
            sb.append(annotation ? "number" : "Scalar");
        }
        return sb.append(annotation ? ']' : ')').toString();
    }

    private static boolean isNumber(Type t) {
        return TypeRelations.sameType(t, Types.INT) || TypeRelations.sameType(t, Types.FLOAT)
                || TypeRelations.sameType(t, Types.COMPLEX);
    }

    private static String join(List<Type> types, Function<Type, String> printer) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < types.size(); i++) {
            sb.append(i > 0 ? ", " : "").append(printer.apply(types.get(i)));
        }
        return sb.toString();
    }
}
