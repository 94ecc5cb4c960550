package io.github.torchscript4j.checker.semantics;

import io.github.torchscript4j.checker.builtins.FunctionSchema;
import io.github.torchscript4j.checker.builtins.OperatorTable;
import io.github.torchscript4j.checker.builtins.SchemaArgument;
import io.github.torchscript4j.checker.types.Type;
import java.util.HashSet;
import java.util.Set;

/**
 * Whether a first-class value of a builtin type has an attribute or method, as the reference's
 * {@code SimpleValue::attr} decides it: a tensor's properties and casts ({@code x.shape}, {@code
 * x.int()}), {@code tolist} and {@code type}, a named tuple's fields, and otherwise a builtin
 * method — an overload of {@code aten::<name>} whose {@code self} argument accepts the receiver.
 * When none exists the reference says "'Tensor' object has no attribute or method 'foo'." — also for
 * an {@code Optional} or {@code Union} that was not refined ({@code x.size()} on an {@code
 * Optional[Tensor]}), and for every attribute of an {@code Any} value.
 *
 * <p>The operator table is libtorch 2.10's: operators added since 1.13 are accepted (a missed
 * error at worst); the few 1.13 tensor methods 2.10 no longer registers are listed here, so they
 * are never rejected. A tuple attribute that is a field name of some operator's named results
 * ({@code values}, {@code indices}) is not judged: the checker's tuples do not carry those names.
 */
final class ValueAttributes {
    private ValueAttributes() {}

    /** Tensor properties the reference emits as {@code prim::}/{@code aten::} operators, and casts. */
    private static final Set<String> TENSOR_PROPERTIES = Set.of(
            "dtype", "device", "grad", "data", "shape", "is_cuda", "is_cpu", "is_xpu", "is_sparse", "is_sparse_csr",
            "is_mkldnn", "is_mps", "is_ort", "is_ipu", "is_quantized", "is_vulkan", "is_meta", "is_nested",
            "is_leaf", "requires_grad", "layout", "T", "mT", "H", "mH", "ndim", "name", "real", "imag",
            "byte", "char", "double", "float", "cfloat", "cdouble", "int", "long", "short", "half",
            "tolist", "type", "__getitem__");

    /** Tensor methods of PyTorch 1.13 that libtorch 2.10 no longer registers. */
    private static final Set<String> REMOVED_SINCE_1_13 = Set.of(
            "symeig", "_nested_tensor_layer_norm");

    private static volatile Set<String> resultFieldNames;

    /** Whether the checker is sure a value of {@code type} has no attribute or method {@code name}. */
    static boolean certainlyMissing(Type type, String name) {
        if (name.startsWith("__") || !Environment.known(type)) {
            return false;
        }
        if (type instanceof Type.AnyType) {
            // no operator but the dunder ones (aten::__is__) takes a type variable or Any as self
            return true;
        }
        if (type instanceof Type.TensorType) {
            if (TENSOR_PROPERTIES.contains(name) || REMOVED_SINCE_1_13.contains(name)) {
                return false;
            }
        } else if (type instanceof Type.TupleType t) {
            if (t.named().isPresent() || resultFieldNames().contains(name)) {
                return false;
            }
        } else if (type instanceof Type.DeviceType) {
            if (name.equals("type") || name.equals("index")) {
                return false;
            }
        } else if (!(type instanceof Type.IntType || type instanceof Type.FloatType || type instanceof Type.BoolType
                || type instanceof Type.StrType || type instanceof Type.ListType || type instanceof Type.DictType
                || type instanceof Type.OptionalType || type instanceof Type.UnionType)) {
            return false;
        }
        for (FunctionSchema schema : OperatorTable.builtin().overloads("aten::" + name)) {
            for (SchemaArgument a : schema.arguments()) {
                if (a.name().equals("self") && SchemaMatcher.acceptsReceiver(a, type)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The field names of every operator's named results ({@code values}, {@code indices}, ...). */
    private static Set<String> resultFieldNames() {
        Set<String> names = resultFieldNames;
        if (names == null) {
            names = new HashSet<>();
            for (FunctionSchema schema : OperatorTable.builtin().schemas()) {
                for (SchemaArgument r : schema.returns()) {
                    if (!r.name().isEmpty()) {
                        names.add(r.name());
                    }
                }
            }
            resultFieldNames = names;
        }
        return names;
    }

    /** The reference's message for a missing attribute of a value of {@code type}. */
    static String message(Type type, String name) {
        return "'" + type.reprStr() + "' object has no attribute or method '" + name + "'.";
    }
}
