package io.github.torchscript4j.checker.ir;

import io.github.torchscript4j.checker.builtins.FunctionSchema;
import io.github.torchscript4j.checker.builtins.OperatorTable;
import io.github.torchscript4j.checker.builtins.SchemaArgument;
import io.github.torchscript4j.checker.eval.DeviceValue;
import io.github.torchscript4j.checker.types.Type;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Prints a {@link Function} in the reference's serialized-code form ({@code fn.code}, and the
 * methods of {@code code/__torch__.py} in an archive), as PyTorch 1.13.1 prints it:
 *
 * <pre>
 * def foo(len: int) -&gt; Tensor:
 *   rv = torch.zeros([3, 4])
 *   rv0 = rv
 *   for i in range(len):
 *     if torch.lt(i, 10):
 *       rv1 = torch.sub(rv0, 1.)
 *     else:
 *       rv1 = torch.add(rv0, 1.)
 *     rv0 = rv1
 *   return rv0
 * </pre>
 *
 * <p>What the reference does, and this printer with it (each rule was observed on the reference
 * and is pinned by {@code CodePrinterTest}):
 *
 * <ul>
 *   <li><b>Inlining.</b> A value is written into its single use, instead of being named, when its
 *       node has one output and no blocks, the value has one use in the same block, the value has
 *       no debug name (unless the use is the block's return), the use is not a loop-carried input
 *       of {@code prim::Loop}, the node is not {@code prim::isinstance}, and the node stands
 *       exactly where a left-to-right evaluation of its user's inputs would evaluate it: scanning
 *       each statement's inputs from the last to the first, every inlined input must be the
 *       nearest preceding non-constant node. So side effects keep their order.
 *   <li><b>Long lines.</b> An inlined expression whose length plus the current indentation is 40
 *       or more is written to a variable before the statement that uses it, together with every
 *       inlined input to its left (so that evaluation order is kept). Long constants (a long
 *       string, a function's qualified name) are assigned to variables at the top of the body, in
 *       the order of their first use; other constants are always inlined.
 *   <li><b>Names.</b> A value is named after its debug name without the {@code .N} suffix, an
 *       unnamed one {@code _}; a name that is taken, or reserved (keywords, {@code _}, {@code
 *       ops}, {@code fork}, {@code CONSTANTS}, …), gets the next number counted for that
 *       candidate: {@code rv}, {@code rv0}, {@code rv1}, {@code _0}, {@code _1}. Names are given in
 *       print order, parameters first.
 *   <li><b>Operators.</b> {@code aten::f} prints as {@code torch.f}, {@code ns::f} as {@code
 *       ops.ns.f}; trailing arguments equal to their schema default are dropped, keyword-only
 *       arguments are written {@code name=value}; {@code aten::Int}, {@code Float}, {@code Bool} and
 *       {@code str} print as Python's {@code int(x)}, {@code float(x)}, {@code bool(x)}, {@code
 *       str(x)}, and {@code aten::__getitem__} as {@code x[i]}.
 *   <li><b>Control flow.</b> {@code prim::If} prints both branches (an empty one as {@code pass})
 *       and assigns the outputs at the end of each; {@code prim::Loop} prints as {@code for t in
 *       range(n):} when its entry and body conditions are the constant {@code True}, otherwise as
 *       {@code while c:}, with the carried values assigned before the loop and at the end of the
 *       body.
 * </ul>
 *
 * <p>Two forms differ only in how {@code self} is written: {@link #print(Function)} writes a
 * method's {@code self} bare, as {@code m.forward.code} does; {@link #printMethod(Function, int)}
 * writes {@code self: __torch__.M} and indents, as an archive's class body does.
 */
public final class CodePrinter {
    /** The reference breaks an inlined expression out when it and the indentation reach this. */
    static final int LINE_LIMIT = 40;

    private static final Set<String> RESERVED = Set.of(
            "_", "as", "aten", "attribute", "CONSTANTS", "fork", "getattr", "inf", "nan", "infj",
            "nanj", "ops", "__torch__", "and", "assert", "async", "await", "break", "class",
            "continue", "def", "del", "elif", "else", "except", "False", "finally", "for", "from",
            "global", "if", "import", "in", "is", "lambda", "None", "nonlocal", "not", "or", "pass",
            "raise", "return", "True", "try", "while", "with", "yield", "uninitialized",
            "unchecked_cast");

    private static final Map<String, String> PYTHON_BUILTINS = Map.of(
            "aten::Int", "int", "aten::Float", "float", "aten::Bool", "bool", "aten::str", "str",
            "aten::sorted", "sorted");

    private final StringBuilder out = new StringBuilder();
    private final Set<Node> inlined = new HashSet<>();
    private final Map<Value, String> exprs = new IdentityHashMap<>();
    private final Set<String> usedNames = new HashSet<>();
    private final Map<String, Integer> nextIds = new HashMap<>();
    /** Values already assigned once: later assignments never carry a type annotation. */
    private final Set<Value> declared = new HashSet<>();
    private int level;

    private CodePrinter(int level) {
        this.level = level;
    }

    /** {@code fn.code}: the function (or a method, with {@code self} bare) and a newline. */
    public static String print(Function f) {
        return new CodePrinter(1).function(f, false, 0);
    }

    /**
     * A method as an archive's class body prints it: {@code def} indented by {@code indent}
     * levels of two spaces, {@code self} with its type.
     */
    public static String printMethod(Function f, int indent) {
        return new CodePrinter(indent + 1).function(f, true, indent);
    }

    // ---- functions ----------------------------------------------------------------------------

    private String function(Function f, boolean annotateSelf, int defIndent) {
        Graph g = f.graph();
        out.append("  ".repeat(defIndent)).append("def ").append(f.name()).append('(');
        List<Value> inputs = g.inputs();
        List<Function.Param> params = f.params();
        for (int i = 0; i < inputs.size(); i++) {
            Value in = inputs.get(i);
            Optional<Function.Param> p = i < params.size() ? Optional.of(params.get(i)) : Optional.empty();
            String base = p.map(Function.Param::name).orElseGet(() -> baseName(in));
            String name = freshName(base);
            exprs.put(in, name);
            if (i > 0) {
                out.append(",\n    ");
            }
            out.append(name);
            boolean bareSelf = i == 0 && !annotateSelf && name.equals("self") && isObjectType(in.type());
            if (!bareSelf) {
                out.append(": ").append(in.type().annotationStr());
            }
            if (p.isPresent() && p.get().defaultValue().isPresent()) {
                out.append('=').append(constantText(p.get().defaultValue().get().value(), in.type()));
            }
        }
        out.append(") -> ").append(f.returnType().annotationStr()).append(":\n");

        Block body = g.block();
        scanBlock(body);
        List<Node> constants = new ArrayList<>();
        collectConstants(body, new LinkedHashSet<>(), constants);
        for (Node c : constants) {
            String text = constantExpr(c);
            if (isLong(text)) {
                definition(c, text);
            } else {
                exprs.put(c.output(), text);
            }
        }
        block(body, !body.returns().isEmpty());
        List<Value> returns = body.returns();
        if (!returns.isEmpty()) {
            splitLongInlines(returns);
            indent();
            out.append("return ").append(valueList(returns)).append('\n');
        }
        return out.toString();
    }

    private static boolean isObjectType(Type t) {
        return t instanceof Type.ClassType || t instanceof Type.ModuleType;
    }

    // ---- which values are inlined ---------------------------------------------------------------

    private void scanBlock(Block b) {
        scanNode(b.returnNode(), b);
        List<Node> nodes = b.nodes();
        for (int i = nodes.size() - 1; i >= 0; i--) {
            scanNode(nodes.get(i), b);
        }
    }

    /**
     * Scans {@code n}'s inputs from the last to the first, inlining each that is produced exactly
     * at the expected point; returns the point expected after {@code n}'s inputs are consumed.
     */
    private Node scanNode(Node n, Block b) {
        if (inlined.contains(n)) {
            return n;
        }
        for (Block inner : n.blocks()) {
            scanBlock(inner);
        }
        Node point = previousNonConstant(n, b);
        List<Value> inputs = n.inputs();
        for (int i = inputs.size() - 1; i >= 0; i--) {
            Value v = inputs.get(i);
            Node producer = v.node;
            if (producer == null) {
                continue;
            }
            if (producer == point && point != null && canInline(v)) {
                point = scanNode(producer, b);
                inlined.add(producer);
            } else if (isConstantLike(producer)) {
                inlined.add(producer);
            }
        }
        return point;
    }

    private static Node previousNonConstant(Node n, Block b) {
        List<Node> nodes = b.nodes();
        int i = n == b.returnNode() ? nodes.size() : indexIn(nodes, n);
        for (i--; i >= 0; i--) {
            if (!isConstantLike(nodes.get(i))) {
                return nodes.get(i);
            }
        }
        return null;
    }

    private static int indexIn(List<Node> nodes, Node n) {
        for (int i = 0; i < nodes.size(); i++) {
            if (nodes.get(i) == n) {
                return i;
            }
        }
        throw new IllegalStateException(n.kind() + " is not in its block");
    }

    private static boolean canInline(Value v) {
        Node n = v.node;
        if (n.outputs().size() != 1 || v.uses().size() != 1 || !n.blocks().isEmpty()) {
            return false;
        }
        Value.Use use = v.uses().get(0);
        String user = use.user().kind();
        if (v.debugName().isPresent() && !user.equals("prim::Return")) {
            return false;
        }
        if (user.equals("prim::Loop") && use.index() >= 2) {
            return false;
        }
        if (user.equals("prim::fork") || user.startsWith("prim::rpc_")) {
            return false;
        }
        return !n.is("prim::isinstance");
    }

    private static boolean isConstantLike(Node n) {
        return n.is("prim::Constant");
    }

    private static void collectConstants(Block b, Set<Node> seen, List<Node> out) {
        for (Node n : b.nodes()) {
            collectConstants(n, seen, out);
        }
        collectConstants(b.returnNode(), seen, out);
    }

    private static void collectConstants(Node n, Set<Node> seen, List<Node> out) {
        for (Value v : n.inputs()) {
            if (v.node != null && isConstantLike(v.node) && seen.add(v.node)) {
                out.add(v.node);
            }
        }
        for (Block inner : n.blocks()) {
            collectConstants(inner, seen, out);
        }
    }

    // ---- statements -----------------------------------------------------------------------------

    private void block(Block b, boolean hasOtherStatements) {
        if (!hasOtherStatements && b.nodes().isEmpty()) {
            indent();
            out.append("pass\n");
        }
        List<Node> nodes = b.nodes();
        int withDepth = 0;
        for (int i = 0; i < nodes.size(); i++) {
            Node n = nodes.get(i);
            if (n.is("prim::Enter")) {
                splitLongInlines(n.inputs());
                indent();
                out.append("with ").append(use(n.input(0)));
                if (n.outputs().size() == 1 && n.output().hasUses()) {
                    nameOutputs(n.outputs());
                    out.append(" as ").append(exprs.get(n.output()));
                }
                out.append(":\n");
                level++;
                withDepth++;
                if (i + 1 < nodes.size() && nodes.get(i + 1).is("prim::Exit")) {
                    indent();
                    out.append("pass\n");
                }
            } else if (n.is("prim::Exit") && withDepth > 0) {
                level--;
                withDepth--;
            } else {
                node(n);
            }
        }
        level -= withDepth;
    }

    private void node(Node n) {
        if (isConstantLike(n)) {
            return;
        }
        splitLongInlines(n.inputs());
        switch (n.kind()) {
            case "prim::If" -> ifStatement(n);
            case "prim::Loop" -> loop(n);
            case "prim::fork" -> fork(n);
            case "prim::TupleUnpack", "prim::ListUnpack" -> {
                nameOutputs(n.outputs());
                indent();
                for (Value o : n.outputs()) {
                    out.append(exprs.get(o)).append(", ");
                }
                out.append("= ").append(use(n.input(0))).append('\n');
            }
            case "prim::SetAttr" -> {
                indent();
                out.append(use(n.input(0))).append('.').append(n.stringAttribute("name"))
                        .append(" = ").append(use(n.input(1))).append('\n');
            }
            default -> {
                String rhs = rhs(n);
                if (inlined.contains(n)) {
                    exprs.put(n.output(), rhs);
                } else {
                    definition(n, rhs);
                }
            }
        }
    }

    /** Prints {@code outputs = expr} (or the bare expression for a node without outputs). */
    private void definition(Node n, String expr) {
        nameOutputs(n.outputs());
        indent();
        if (!n.outputs().isEmpty()) {
            out.append(valueList(n.outputs())).append(" = ");
        }
        out.append(expr).append('\n');
    }

    /**
     * {@code prim::fork}: its graph as a closure without parameters, its inputs read by the names
     * they have here, then {@code fut = fork(__forked_function)}.
     */
    private void fork(Node n) {
        Graph sub = (Graph) n.attribute(Node.SUBGRAPH);
        String name = freshName("__forked_function");
        indent();
        out.append("def ").append(name).append("():\n");
        level++;
        for (int i = 0; i < sub.inputs().size(); i++) {
            exprs.put(sub.inputs().get(i), use(n.input(i)));
        }
        Block body = sub.block();
        scanBlock(body);
        List<Node> constants = new ArrayList<>();
        collectConstants(body, new LinkedHashSet<>(), constants);
        for (Node c : constants) {
            exprs.put(c.output(), constantExpr(c));
        }
        block(body, true);
        splitLongInlines(body.returns());
        indent();
        out.append("return ").append(valueList(body.returns())).append('\n');
        level--;
        definition(n, "fork(" + name + ")");
    }

    private void ifStatement(Node n) {
        nameOutputs(n.outputs());
        indent();
        out.append("if ").append(use(n.input(0))).append(":\n");
        boolean hasOutputs = !n.outputs().isEmpty();
        level++;
        block(n.block(0), hasOutputs);
        branchAssignment(n.outputs(), n.block(0).returns());
        level--;
        indent();
        out.append("else:\n");
        level++;
        block(n.block(1), hasOutputs);
        branchAssignment(n.outputs(), n.block(1).returns());
        level--;
    }

    private void loop(Node n) {
        Block body = n.block(0);
        boolean isFor = isTrue(n.input(1)) && isTrue(body.returns().get(0));
        List<Value> outputs = n.outputs();
        nameOutputs(outputs);
        List<Value> params = body.params();
        for (int i = 0; i < outputs.size(); i++) {
            exprs.put(params.get(i + 1), exprs.get(outputs.get(i)));
        }
        List<Value> initial = n.inputs().subList(2, n.inputs().size());
        splitLongInlines(initial);
        for (int i = 0; i < outputs.size(); i++) {
            Value lhs = outputs.get(i);
            Value rhs = initial.get(i);
            indent();
            out.append(exprs.get(lhs));
            if (declared.add(lhs) && (unionLike(lhs.type()) || !lhs.type().equals(rhs.type()))) {
                out.append(": ").append(lhs.type().annotationStr());
            }
            out.append(" = ").append(use(rhs)).append('\n');
        }
        Value trip = params.get(0);
        nameOutputs(List.of(trip));
        if (isFor) {
            indent();
            out.append("for ").append(exprs.get(trip)).append(" in range(").append(use(n.input(0))).append("):\n");
        } else {
            assignment(List.of(trip), List.of(n.input(1)));
            indent();
            out.append("while ").append(exprs.get(trip)).append(":\n");
        }
        level++;
        int offset = isFor ? 1 : 0;
        List<Value> carried = params.subList(offset, params.size());
        block(body, !carried.isEmpty());
        assignment(carried, body.returns().subList(offset, body.returns().size()));
        level--;
    }

    private static boolean isTrue(Value v) {
        return v.node != null && v.node.is("prim::Constant") && Boolean.TRUE.equals(v.node.attributes().get("value"));
    }

    private static boolean unionLike(Type t) {
        return t instanceof Type.OptionalType || t instanceof Type.UnionType;
    }

    private void assignment(List<Value> lhs, List<Value> rhs) {
        if (lhs.isEmpty()) {
            return;
        }
        splitLongInlines(rhs);
        indent();
        declared.addAll(lhs);
        out.append(valueList(lhs)).append(" = ").append(valueList(rhs)).append('\n');
    }

    /**
     * The outputs of {@code prim::If} assigned at the end of a branch; the first assignment of a
     * single output of an Optional or Union type is annotated, {@code x : T = v}, whatever it is
     * assigned (the reference's rule; a loop's carried values are annotated also where the initial
     * value's type differs).
     */
    private void branchAssignment(List<Value> lhs, List<Value> rhs) {
        if (lhs.size() != 1) {
            assignment(lhs, rhs);
            return;
        }
        splitLongInlines(rhs);
        Value l = lhs.get(0);
        Value r = rhs.get(0);
        indent();
        out.append(exprs.get(l));
        if (declared.add(l) && unionLike(l.type())) {
            out.append(" : ").append(l.type().annotationStr());
        }
        out.append(" = ").append(use(r)).append('\n');
    }

    /**
     * Writes to variables the inlined inputs up to and including the last one whose expression
     * is too long for the current line, so that the statement reads them in order.
     */
    private void splitLongInlines(List<Value> inputs) {
        int last = -1;
        for (int i = 0; i < inputs.size(); i++) {
            Value v = inputs.get(i);
            if (v.node != null && inlined.contains(v.node) && exprs.containsKey(v) && isLong(exprs.get(v))) {
                last = i;
            }
        }
        for (int i = 0; i <= last; i++) {
            Value v = inputs.get(i);
            if (v.node != null && !isConstantLike(v.node) && inlined.contains(v.node)) {
                String expr = exprs.remove(v);
                inlined.remove(v.node);
                definition(v.node, expr);
            }
        }
    }

    private boolean isLong(String s) {
        return s.length() + 2 * level >= LINE_LIMIT;
    }

    // ---- expressions ----------------------------------------------------------------------------

    private String rhs(Node n) {
        List<Value> in = n.inputs();
        switch (n.kind()) {
            case "prim::Uninitialized":
                return "uninitialized(" + n.output().type().annotationStr() + ")";
            case "prim::PythonOp":
                return "^" + n.stringAttribute(Node.PYTHON_OP_NAME) + "("
                        + String.join(", ", GraphPrinter.pythonOpScalarArgs(n)) + ")(" + joined(in) + ")";
            case "prim::ListConstruct": {
                Type t = n.output().type();
                String list = "[" + joined(in) + "]";
                Type elem = t instanceof Type.ListType l ? l.elem() : null;
                if (in.isEmpty() || (elem != null && !inferable(elem))) {
                    return "annotate(" + t.annotationStr() + ", " + list + ")";
                }
                return list;
            }
            case "prim::DictConstruct": {
                Type t = n.output().type();
                StringBuilder b = new StringBuilder("{");
                for (int i = 0; i + 1 < in.size(); i += 2) {
                    if (i > 0) {
                        b.append(", ");
                    }
                    b.append(use(in.get(i))).append(": ").append(use(in.get(i + 1)));
                }
                String dict = b.append('}').toString();
                boolean inferable = !(t instanceof Type.DictType d) || (inferable(d.key()) && inferable(d.value()));
                if (in.isEmpty() || !inferable) {
                    return "annotate(" + t.annotationStr() + ", " + dict + ")";
                }
                return dict;
            }
            case "prim::TupleConstruct": {
                Type t = n.output().type();
                if (t instanceof Type.TupleType tt && tt.named().isPresent()) {
                    return tt.named().get().qualifiedName() + "(" + joined(in) + ")";
                }
                return in.size() == 1 ? "(" + use(in.get(0)) + ",)" : "(" + joined(in) + ")";
            }
            case "prim::TupleIndex":
                return "(" + use(in.get(0)) + ")[" + use(in.get(1)) + "]";
            case "aten::__getitem__":
                if (in.size() == 2) {
                    Value list = in.get(0);
                    boolean expression = list.node != null && inlined.contains(list.node) && !isConstantLike(list.node);
                    String target = expression ? "(" + use(list) + ")" : use(list);
                    return target + "[" + use(in.get(1)) + "]";
                }
                break;
            case "prim::tolist":
                return "annotate(" + n.output().type().annotationStr() + ", " + use(in.get(0)) + ".tolist())";
            case "aten::IntImplicit", "aten::FloatImplicit", "aten::ScalarImplicit":
                // the reference prints these implicit conversions as annotations (not ComplexImplicit)
                if (in.size() == 1) {
                    return "annotate(" + n.output().type().annotationStr() + ", " + use(in.get(0)) + ")";
                }
                break;
            case "prim::CreateObject": {
                String cls = n.output().type().annotationStr();
                return cls + ".__new__(" + cls + ")";
            }
            case "prim::GetAttr": {
                // a name that is no identifier (a ModuleList's "0") is printed as the reference prints it
                String name = n.stringAttribute("name");
                return name.matches("[A-Za-z_][A-Za-z0-9_]*") ? use(in.get(0)) + "." + name
                        : "getattr(" + use(in.get(0)) + ", " + Constants.codeText(name) + ")";
            }
            case "prim::CallFunction": {
                // The reference's form: the callee is a function constant, input 0. A node
                // that names its callee in a "name" attribute instead is printed the same way.
                boolean constantCallee = !in.isEmpty() && in.get(0).type() instanceof Type.FunctionType;
                String callee = constantCallee || !n.hasAttribute("name") ? use(in.get(0)) : n.stringAttribute("name");
                StringBuilder b = new StringBuilder(callee).append('(');
                for (Value v : constantCallee || !n.hasAttribute("name") ? in.subList(1, in.size()) : in) {
                    b.append(use(v)).append(", ");
                }
                return b.append(')').toString();
            }
            case "prim::CallMethod": {
                StringBuilder b = new StringBuilder("(").append(use(in.get(0))).append(").")
                        .append(n.stringAttribute("name")).append('(');
                for (Value v : in.subList(1, in.size())) {
                    b.append(use(v)).append(", ");
                }
                return b.append(')').toString();
            }
            case "prim::isinstance":
                return "isinstance(" + use(in.get(0)) + ", " + isinstanceTypes(n) + ")";
            case "prim::unchecked_cast":
                return "unchecked_cast(" + n.output().type().annotationStr() + ", " + use(in.get(0)) + ")";
            case "prim::Print":
                return "print(" + joined(in) + ")";
            case "prim::EnumName":
                return "(" + use(in.get(0)) + ").name";
            case "prim::EnumValue":
                return "(" + use(in.get(0)) + ").value";
            default:
                break;
        }
        String builtin = PYTHON_BUILTINS.get(n.kind());
        if (builtin != null) {
            return builtin + "(" + joined(in) + ")";
        }
        return operatorCall(n);
    }

    private String isinstanceTypes(Node n) {
        Object types = n.hasAttribute("types") ? n.attribute("types") : null;
        if (types instanceof List<?> l) {
            List<String> names = new ArrayList<>();
            for (Object o : l) {
                names.add(o instanceof Type t ? t.annotationStr() : String.valueOf(o));
            }
            return names.size() == 1 ? names.get(0) : "(" + String.join(", ", names) + ")";
        }
        return types instanceof Type t ? t.annotationStr() : String.valueOf(types);
    }

    /** Whether the reference can infer a display's element type from its members. */
    private static boolean inferable(Type elem) {
        return !(elem instanceof Type.OptionalType || elem instanceof Type.UnionType
                || elem instanceof Type.NoneType || elem instanceof Type.AnyType
                || elem instanceof Type.NumberType || elem instanceof Type.InterfaceType);
    }

    /** {@code torch.f(args)} / {@code ops.ns.f(args)} with defaults dropped and keyword names. */
    private String operatorCall(Node n) {
        String kind = n.kind();
        int sep = kind.indexOf("::");
        String ns = sep < 0 ? "" : kind.substring(0, sep);
        String name = sep < 0 ? kind : kind.substring(sep + 2);
        StringBuilder b = new StringBuilder();
        b.append(ns.equals("aten") ? "torch." : "ops." + ns + ".").append(name).append('(');
        List<Value> in = n.inputs();
        Optional<FunctionSchema> schema = n.schema().or(() -> uniqueSchema(kind, in.size()));
        if (schema.isEmpty()) {
            return b.append(joined(in)).append(')').toString();
        }
        List<SchemaArgument> args = schema.get().arguments();
        int outCount = 0;
        for (int i = args.size() - 1; i >= 0 && args.get(i).kwargOnly() && args.get(i).isWrite(); i--) {
            outCount++;
        }
        int necessary = Math.min(in.size(), args.size() - outCount);
        if (in.size() > args.size()) {
            necessary = in.size() - outCount; // varargs: every extra argument is necessary
        } else {
            while (necessary > 0) {
                SchemaArgument a = args.get(necessary - 1);
                if (a.defaultValueText().isEmpty() || !equalsDefault(in.get(necessary - 1), a)) {
                    break;
                }
                necessary--;
            }
        }
        for (int i = 0; i < necessary; i++) {
            if (i > 0) {
                b.append(", ");
            }
            if (i < args.size() && args.get(i).kwargOnly()) {
                b.append(args.get(i).name()).append('=');
            }
            b.append(use(in.get(i)));
        }
        for (int i = args.size() - outCount; i < args.size() && i < in.size(); i++) {
            if (b.charAt(b.length() - 1) != '(') {
                b.append(", ");
            }
            b.append(args.get(i).name()).append('=').append(use(in.get(i)));
        }
        return b.append(')').toString();
    }

    private static Optional<FunctionSchema> uniqueSchema(String kind, int inputs) {
        List<FunctionSchema> candidates = new ArrayList<>();
        for (FunctionSchema s : OperatorTable.builtin().overloads(kind)) {
            if (s.arguments().size() == inputs || (s.isVararg() && s.arguments().size() <= inputs)) {
                candidates.add(s);
            }
        }
        return candidates.size() == 1 ? Optional.of(candidates.get(0)) : Optional.empty();
    }

    private static boolean equalsDefault(Value v, SchemaArgument a) {
        if (v.node == null || !isConstantLike(v.node) || v.type() instanceof Type.FunctionType) {
            return false;
        }
        Object value = v.node.hasAttribute("value") ? v.node.attribute("value") : null;
        Optional<Object> dflt = SchemaDefaults.parse(a);
        return dflt.isPresent() && SchemaDefaults.sameConstant(value, dflt.get());
    }

    private String constantExpr(Node c) {
        Type t = c.output().type();
        if (t instanceof Type.FunctionType f) {
            return f.qualifiedName();
        }
        Object value = c.hasAttribute("value") ? c.attribute("value") : null;
        return constantText(value, t);
    }

    private static String constantText(Object value, Type t) {
        if (value instanceof DeviceValue d) {
            return "torch.device(" + Constants.quote(d.toString()) + ")";
        }
        if (t instanceof Type.EnumType e && value instanceof String s) {
            return e.qualifiedName() + "." + s;
        }
        return Constants.codeText(value);
    }

    // ---- names and uses -------------------------------------------------------------------------

    private String use(Value v) {
        String e = exprs.get(v);
        if (e == null) {
            // A value printed before its definition (malformed IR): name it rather than fail.
            e = freshName(baseName(v));
            exprs.put(v, e);
        }
        return e;
    }

    private String joined(List<Value> vs) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < vs.size(); i++) {
            if (i > 0) {
                b.append(", ");
            }
            b.append(use(vs.get(i)));
        }
        return b.toString();
    }

    private String valueList(List<Value> vs) {
        return joined(vs);
    }

    private void nameOutputs(List<Value> vs) {
        for (Value v : vs) {
            if (!exprs.containsKey(v)) {
                exprs.put(v, freshName(baseName(v)));
            }
        }
    }

    /** The debug name without its {@code .N} suffix, or {@code _}. */
    static String baseName(Value v) {
        if (v.debugName().isEmpty()) {
            return "_";
        }
        String name = v.debugName().get();
        int dot = name.lastIndexOf('.');
        if (dot > 0 && dot < name.length() - 1 && name.substring(dot + 1).chars().allMatch(Character::isDigit)) {
            return name.substring(0, dot);
        }
        return name;
    }

    private String freshName(String candidate) {
        String name = candidate;
        while (usedNames.contains(name) || RESERVED.contains(name)) {
            int id = nextIds.merge(candidate, 1, Integer::sum) - 1;
            name = candidate + id;
        }
        usedNames.add(name);
        return name;
    }

    private void indent() {
        out.append("  ".repeat(level));
    }
}
