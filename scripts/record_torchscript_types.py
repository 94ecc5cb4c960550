#!/usr/bin/env python3
"""Records how PyTorch 1.13.1's TorchScript types print and relate, for the checker's type tests.

Usage: record_torchscript_types.py [OUTPUT_DIR]
       (default: checker/src/test/resources/types, relative to the project root)

Needs a Python 3 with PyTorch 1.13.1, such as Debian's python3-torch (whose torch.__version__
reads "1.13.0a0"). The tests that read these tables never call Python; rerun this script only
to re-record them, and review the diff.

Types are written in a small annotation syntax that both this script and the Java test helper
(checker/src/test/java/.../types/TypeSyntax.java) parse the same way:

    int float complex bool str NoneType Tensor number Any Device
    List[T]  Optional[T]  Union[T, ...]  Tuple[T, ...]  Tuple[()]  Dict[K, V]  Future[T]  RRef[T]

`Optional[T]` is built with torch._C.OptionalType(T) (C++ OptionalType::create) and `Union[...]`
with torch._C.UnionType([...]) (C++ UnionType::create), so their normalization is the reference's.

Files written (tab-separated, one case a line):

  printing.tsv     TYPE  KIND  ANNOTATION_STR  GRAPH_STR          (t.annotation_str, t.str(): the
                   form `.graph` prints); KIND is `!assert` when the reference refuses to build it
  subtyping.tsv    A  B  true|false                                (A.isSubtypeOf(B))
  equality.tsv     A  B  true|false                                (A == B, C++ Type::operator==)
  unification.tsv  A  B  RESULT|-                                  (torch._C.unify_type_list([A, B]))
  schema_str.tsv   ANNOTATION  SCHEMA_STR  GRAPH_STR  CODE_STR     a parameter `x: ANNOTATION` of a
                   scripted function, as its schema, `.graph` and `.code` print its type
  named.tsv        PARAM  SCHEMA_STR  GRAPH_STR  CODE_STR          the same for classes, enums,
                   NamedTuples, futures
  named_subtyping.tsv  FUNCTION  compiled|error                 whether a NamedTuple is accepted
                   for a parameter of another tuple type (p_as_s: P for a parameter of type S)
  repr.tsv         FUNCTION  FIRST_LINE                            the first line of the error for
                   an annotated assignment of a wrongly typed value (it prints the value's type
                   with C++ repr_str(); heap addresses are written <address>)
  list_literals.tsv  ELEMENTS  GRAPH_STR                           the type `.graph` gives a list
                   display [e1, e2, ...] of literal elements (ELEMENTS: their types, ` ; `-separated)
"""
import importlib.util
import os
import re
import sys
import tempfile
import warnings

import torch

C = torch._C

ATOMS = {
    "int": C.IntType.get(), "float": C.FloatType.get(), "complex": C.ComplexType.get(),
    "bool": C.BoolType.get(), "str": C.StringType.get(), "NoneType": C.NoneType.get(),
    "Tensor": C.TensorType.get(), "number": C.NumberType.get(), "Any": C.AnyType.get(),
    "Device": C.DeviceObjType.get(),
}


def parse(text):
    tokens = re.findall(r"[A-Za-z_][A-Za-z_0-9]*|\[|\]|,|\(\)", text)
    pos = 0

    def take(expected=None):
        nonlocal pos
        token = tokens[pos]
        pos += 1
        if expected is not None and token != expected:
            raise ValueError(f"{text}: expected {expected}, found {token}")
        return token

    def type_():
        name = take()
        if name in ATOMS:
            return ATOMS[name]
        take("[")
        if tokens[pos] == "()":
            take()
            take("]")
            return C.TupleType([])
        args = [type_()]
        while tokens[pos] == ",":
            take()
            args.append(type_())
        take("]")
        if name == "List":
            return C.ListType(args[0])
        if name == "Optional":
            return C.OptionalType(args[0])
        if name == "Union":
            return C.UnionType(args)
        if name == "Tuple":
            return C.TupleType(args)
        if name == "Dict":
            return C.DictType(args[0], args[1])
        if name == "Future":
            return C.FutureType(args[0])
        if name == "RRef":
            return C.RRefType(args[0])
        raise ValueError(f"{text}: unknown type constructor {name}")

    result = type_()
    if pos != len(tokens):
        raise ValueError(f"{text}: trailing tokens")
    return result


PRINTED = [
    "int", "float", "complex", "bool", "str", "NoneType", "Tensor", "number", "Any", "Device",
    "List[int]", "List[List[Tensor]]", "List[Optional[int]]", "List[number]", "List[Any]",
    "Optional[Tensor]", "Optional[List[int]]", "Optional[Tuple[int, str]]", "Optional[Any]",
    "Optional[number]", "Optional[Optional[int]]", "Optional[Optional[number]]",
    "Optional[Union[int, str]]", "Optional[Union[Optional[int], str]]",
    "Optional[Union[int, float, complex]]", "Optional[Union[int, float, complex, str]]",
    "Optional[NoneType]",
    "Tuple[int, str]", "Tuple[()]", "Tuple[int]", "Tuple[Tuple[int], List[str]]",
    "List[Tuple[int, str]]", "Dict[str, Tensor]", "Dict[str, List[Optional[Tensor]]]",
    "Dict[int, Future[int]]", "Future[int]", "Future[Optional[int]]", "RRef[int]",
    "List[Future[int]]", "Union[Future[int], Future[float]]",
    "Union[int, str]", "Union[str, int]", "Union[int, NoneType]", "Union[NoneType, int]",
    "Union[int, str, NoneType]", "Union[int, int, str]", "Union[int, Union[str, float]]",
    "Union[int, float]", "Union[int, float, NoneType]", "Union[bool, int]",
    "Union[Tensor, int, str, bool, float, NoneType]", "Union[Device, int]",
    "Union[int, float, complex]", "Union[int, float, complex, str]", "Union[number, str]",
    "Union[number, NoneType]", "Union[int, float, complex, NoneType]",
    "Union[int, float, complex, str, NoneType]", "Union[Tensor, number]",
    "Union[Tensor, int, float, complex, NoneType]", "Union[bool, number]",
    "Union[List[int], number, NoneType]", "List[Union[Tensor, number]]",
    "List[Union[int, float, complex]]",
    "Union[int, Optional[float]]", "Union[Optional[int], Optional[float]]",
    "Union[Optional[int], str]", "Union[Optional[Tensor], Optional[int]]",
    "Union[Tensor, Optional[Tensor]]", "Union[Optional[number], str]",
    "Union[Tensor, Optional[number]]",
    "Union[List[int], List[Optional[int]]]", "Union[List[str], List[int]]",
    "Union[Dict[str, int], Dict[str, float]]", "Union[Dict[str, int], Dict[str, Optional[int]]]",
    "Union[Tuple[int, str], Tuple[str]]", "Union[Tuple[int, str], Tuple[Optional[int], str], float]",
    "Union[Tuple[int, str], Tuple[NoneType, str], float]", "Union[List[int], Optional[str]]",
    "Union[Any, NoneType]",
    "Union[int, int]", "Union[int, Any]", "Union[NoneType, NoneType]", "Union[Tensor, Tensor]",
    "Union[Tuple[int], Tuple[Optional[int]]]",
]

RELATED = [
    "int", "float", "complex", "bool", "str", "NoneType", "Tensor", "number", "Any", "Device",
    "Optional[int]", "Optional[float]", "Optional[number]", "Optional[Tensor]", "Optional[Any]",
    "Union[int, str]", "Union[int, str, NoneType]", "Union[int, float]",
    "Union[int, float, complex]", "Union[float, str]", "Union[int, float, complex, str]",
    "Union[Tensor, number]",
    "List[int]", "List[float]", "List[Optional[int]]", "List[number]",
    "List[Union[int, float, complex]]", "List[Any]", "List[Union[int, str]]",
    "Tuple[int, str]", "Tuple[Optional[int], str]", "Tuple[NoneType, str]", "Tuple[float, str]",
    "Tuple[int]", "Tuple[()]", "Tuple[number, str]", "Tuple[Any, Any]",
    "Dict[str, int]", "Dict[str, Optional[int]]", "Dict[str, NoneType]", "Dict[str, Any]",
    "Dict[int, int]",
    "Future[int]", "Future[Optional[int]]", "Future[NoneType]", "RRef[int]", "RRef[Optional[int]]",
    "Optional[List[int]]", "Optional[Tuple[int, str]]", "Optional[Union[int, str]]",
    "Optional[Optional[number]]",
]

SCHEMA_ANNOTATIONS = [
    "int", "float", "complex", "bool", "str", "Tensor", "number", "Any", "torch.device",
    "torch.dtype", "Optional[torch.dtype]", "List[int]", "List[List[Tensor]]", "Optional[Tensor]",
    "Optional[List[int]]", "List[Optional[int]]", "Tuple[int, str]", "Tuple[()]", "Tuple[int]",
    "Dict[str, Tensor]", "Dict[str, List[Optional[Tensor]]]", "Union[int, str]",
    "Union[int, str, None]", "Optional[Union[int, str]]", "Optional[number]", "List[number]",
    "Optional[Any]", "List[Any]", "torch.jit.Future[int]", "List[torch.jit.Future[int]]",
    "Dict[int, torch.jit.Future[int]]", "Optional[torch.jit.Future[int]]",
    "Union[torch.jit.Future[int], str]", "Union[Tensor, number]",
]

NAMED_SOURCE = '''
import torch
from enum import Enum
from typing import Dict, List, NamedTuple, Optional, Tuple, Union


class Color(Enum):
    RED = 1


class P(NamedTuple):
    a: int
    b: str


class Q(NamedTuple):
    a: int
    b: str


class R(NamedTuple):
    x: int
    y: str


class S(NamedTuple):
    a: Optional[int]
    b: str


@torch.jit.script
class Foo:
    def __init__(self, x: int):
        self.x = x


def g(c: Color, p: P, foo: Foo, lf: List[Foo], op: Optional[P], tp: Tuple[P, int],
      lp: List[P], dp: Dict[str, P], up: Union[P, int], le: List[Color], de: Dict[str, Color],
      ue: Union[Color, int], ofoo: Optional[Foo], fut: torch.jit.Future[P],
      tfut: Tuple[torch.jit.Future[int], P]):
    return c


def takes_tuple(t: Tuple[int, str]) -> int:
    return 0


def takes_p(p: P) -> int:
    return 0


def takes_s(s: S) -> int:
    return 0


def p_as_tuple(p: P) -> int:
    return takes_tuple(p)


def tuple_as_p(t: Tuple[int, str]) -> int:
    return takes_p(t)


def q_as_p(q: Q) -> int:
    return takes_p(q)


def r_as_p(r: R) -> int:
    return takes_p(r)


def p_as_s(p: P) -> int:
    return takes_s(p)


def e_tensor(x):
    y: int = x
    return y


def e_enum(c: Color):
    y: int = c
    return y


def e_namedtuple(p: P):
    y: int = p
    return y


def e_class(f: Foo):
    y: int = f
    return y


def e_optional_class(f: Optional[Foo]):
    y: int = f
    return y


def e_list_tensor(x):
    y: List[int] = [x]
    return y


def e_union(u: Union[Color, int]):
    y: str = u
    return y
'''

LIST_LITERALS = [
    ("1", "int"), ("2", "int"), ("2.0", "float"), ("'a'", "str"), ("None", "NoneType"), ("True", "bool"),
    ("(1, 'a')", "Tuple[int, str]"), ("(2.0, 'b')", "Tuple[float, str]"),
    ("(None, 'b')", "Tuple[NoneType, str]"), ("[1]", "List[int]"), ("[2.0]", "List[float]"),
    ("torch.zeros(1)", "Tensor"),
]

LIST_DISPLAYS = [
    ["1", "2"], ["1", "2.0"], ["1", "None"], ["None", "1"], ["1", "'a'"], ["1", "2.0", "'a'"],
    ["1", "True"], ["(1, 'a')", "(2.0, 'b')"], ["(1, 'a')", "(None, 'b')"], ["[1]", "[2.0]"],
    ["1", "2.0", "None"], ["None", "None"], ["torch.zeros(1)", "1"], ["torch.zeros(1)", "None"],
    ["[1]", "None"], ["1", "'a'", "None"],
]


def write(path, rows):
    with open(path, "w", encoding="utf-8") as out:
        out.write("# Recorded from PyTorch " + torch.__version__ + " by scripts/record_torchscript_types.py\n")
        for row in rows:
            out.write("\t".join(row) + "\n")


def unify(a, b):
    try:
        return C.unify_type_list([a, b]).annotation_str
    except RuntimeError:
        return "-"


def load_named_module(directory):
    path = os.path.join(directory, "m.py")
    with open(path, "w", encoding="utf-8") as f:
        f.write(NAMED_SOURCE)
    spec = importlib.util.spec_from_file_location("m", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules["m"] = module  # inspect (and so torch.jit.script) finds the source
    spec.loader.exec_module(module)
    return module


def main():
    if not torch.__version__.startswith("1.13."):
        sys.exit(f"record_torchscript_types.py: the reference is PyTorch 1.13.1, not {torch.__version__}")
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    out_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        root, "checker", "src", "test", "resources", "types")
    os.makedirs(out_dir, exist_ok=True)

    rows = []
    for text in PRINTED:
        try:
            t = parse(text)
            rows.append((text, str(t.kind()), t.annotation_str, t.str()))
        except RuntimeError as e:
            single = re.search(r"has the single type (.*?)\. Use the common supertype", str(e))
            rows.append((text, "!assert", single.group(1) if single else "?", ""))
    write(os.path.join(out_dir, "printing.tsv"), rows)

    related = [(text, parse(text)) for text in RELATED]
    write(os.path.join(out_dir, "subtyping.tsv"),
          [(a, b, str(ta.isSubtypeOf(tb)).lower()) for a, ta in related for b, tb in related])
    write(os.path.join(out_dir, "equality.tsv"),
          [(a, b, str(ta == tb).lower()) for a, ta in related for b, tb in related])
    write(os.path.join(out_dir, "unification.tsv"),
          [(a, b, unify(ta, tb)) for a, ta in related for b, tb in related])

    rows = []
    for ann in SCHEMA_ANNOTATIONS:
        cu = torch.jit.CompilationUnit(f"def f(x: {ann}):\n    return x\n")
        schema = str(cu.f.schema)
        schema_str = re.fullmatch(r"f\((.*) x\) -> .*", schema).group(1)
        t = next(cu.f.graph.inputs()).type()
        rows.append((ann, schema_str, t.str(), t.annotation_str))
    write(os.path.join(out_dir, "schema_str.tsv"), rows)

    with tempfile.TemporaryDirectory() as directory, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        module = load_named_module(directory)
        g = torch.jit.script(module.g)
        rows = []
        for value in g.graph.inputs():
            name = value.debugName().split(".")[0]
            t = value.type()
            rows.append((name, schema_str_of(g, name), t.str(), t.annotation_str))
        write(os.path.join(out_dir, "named.tsv"), rows)

        rows = []
        for name in ["p_as_tuple", "tuple_as_p", "q_as_p", "r_as_p", "p_as_s"]:
            try:
                torch.jit.script(getattr(module, name))
                rows.append((name, "compiled"))
            except RuntimeError as e:
                rows.append((name, "error"))
        write(os.path.join(out_dir, "named_subtyping.tsv"), rows)

        rows = []
        for name in ["e_tensor", "e_enum", "e_namedtuple", "e_class", "e_optional_class",
                     "e_list_tensor", "e_union"]:
            try:
                torch.jit.script(getattr(module, name))
                rows.append((name, "(compiled)"))
            except RuntimeError as e:
                first = next(line for line in str(e).splitlines() if line.strip())
                rows.append((name, re.sub(r"0x[0-9a-f]+", "<address>", first.strip())))
        write(os.path.join(out_dir, "repr.tsv"), rows)

    literal_types = dict(LIST_LITERALS)
    rows = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for elements in LIST_DISPLAYS:
            src = "def f():\n    a = [" + ", ".join(elements) + "]\n    return a\n"
            try:
                cu = torch.jit.CompilationUnit(src)
                rows.append((" ; ".join(literal_types[e] for e in elements),
                             cu.f.graph.return_node().input().type().str()))
            except RuntimeError as e:
                first = next(line for line in str(e).splitlines() if line.strip())
                rows.append((" ; ".join(literal_types[e] for e in elements), "!error " + first))
    write(os.path.join(out_dir, "list_literals.tsv"), rows)


def schema_str_of(fn, name):
    """The type of parameter `name` as the function's schema prints it (C++ Type::str())."""
    schema = str(fn.schema)
    params = schema[schema.index("(") + 1:schema.rindex(") ->")]
    depth, start, parts = 0, 0, []
    for i, ch in enumerate(params):
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
        elif ch == "," and depth == 0:
            parts.append(params[start:i].strip())
            start = i + 1
    parts.append(params[start:].strip())
    for part in parts:
        type_str, _, param = part.rpartition(" ")
        if param == name:
            return type_str
    raise KeyError(name)


if __name__ == "__main__":
    main()
