# The interpreter's builtin modules: math, typing, collections, functools, itertools, copy, numbers, operator.
import math
import copy
import functools
import itertools
import numbers
import operator
import warnings
from collections import OrderedDict, namedtuple, defaultdict
from typing import Any, Callable, Dict, List, NamedTuple, Optional, Tuple, Union, TYPE_CHECKING, cast

print(math.sqrt(16), math.floor(2.7), math.ceil(2.1), math.floor(-2.5), math.pi, math.e, math.inf, -math.inf)
print(math.log(math.e), math.log(8, 2), math.log10(1000), math.exp(0), math.isnan(math.nan), math.isinf(math.inf))
print(math.prod([1, 2, 3, 4]), math.gcd(12, 18), math.cos(0), math.sin(0), math.fabs(-2), math.isclose(0.1 + 0.2, 0.3))
print(math.factorial(5), math.trunc(-2.7), math.pow(2, 3), math.hypot(3, 4), math.degrees(math.pi), math.atan2(1, 1))
print(TYPE_CHECKING, cast(int, "s"), Optional[int] is not None, List[int] is not None, Dict[str, Tuple[int, ...]] is not None)


def typed(x: Optional[List[int]] = None, y: Union[int, float] = 1, f: Callable[[int], int] = abs) -> Dict[str, Any]:
    return {"x": x, "y": y, "f": f(-3)}


print(typed())
od = OrderedDict()
od["b"] = 1
od["a"] = 2
od.move_to_end("b")
print(list(od.items()), isinstance(od, dict))
Point = namedtuple("Point", ["x", "y"])
p = Point(1, y=2)
print(p, p.x, p[1], p == Point(1, 2), list(p), len(p), p._asdict())
x, y = p
print(x + y)


class Pair(NamedTuple):
    left: int
    right: str = "r"


pr = Pair(3)
print(pr, pr.left, pr.right, Pair(1, "z"))
dd = defaultdict(list)
dd["a"].append(1)
dd["a"].append(2)
dd["b"].append(3)
print(dict(dd))
print(functools.reduce(operator.add, [1, 2, 3]), functools.reduce(lambda a, b: a * b, [1, 2, 3], 10))
add5 = functools.partial(operator.add, 5)
print(add5(10), list(map(functools.partial(pow, 2), [1, 2, 3])))


def wrapper_deco(fn):
    @functools.wraps(fn)
    def inner(*args):
        return fn(*args) + 1
    return inner


@wrapper_deco
def base(v):
    return v


print(base(1))
print(list(itertools.chain([1, 2], (3,), "ab")), list(itertools.repeat("x", 3)), list(itertools.product([0, 1], "ab")))
print(list(itertools.islice(range(10), 2, 8, 2)), list(itertools.accumulate([1, 2, 3])))
orig = {"a": [1, 2], "b": {"c": [3]}}
shallow = copy.copy(orig)
deep = copy.deepcopy(orig)
orig["a"].append(99)
orig["b"]["c"].append(4)
print(shallow["a"], deep["a"], deep["b"], shallow is orig)
print(isinstance(1, numbers.Integral), isinstance(1.5, numbers.Integral), isinstance(1.5, numbers.Real), isinstance("1", numbers.Number))
print(operator.mul(3, 4), operator.itemgetter(1)([5, 6]), operator.itemgetter(0, 2)("abc"))
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
print(sorted({"b": 1, "a": 2}.items(), key=operator.itemgetter(1)))
print(OrderedDict(), OrderedDict([("a", 1), ("b", [2])]), od.copy(), type(od).__name__, OrderedDict(x=1) == {"x": 1})
meta = OrderedDict()
meta._metadata = {"version": 1}
print(meta._metadata, isinstance(meta, OrderedDict), isinstance({}, OrderedDict))
import sys
from collections import abc
import collections.abc
sys.stdout.write("written\n")
print("to stdout", file=sys.stdout)
print(isinstance([1], abc.Iterable), isinstance(5, collections.abc.Iterable), isinstance((1,), abc.Sequence), sys.version_info >= (3, 8))
print(operator.index(5), base.__name__, base.__wrapped__(1))


def _ntuple(n, name="parse"):
    def parse(x):
        if isinstance(x, collections.abc.Iterable):
            return tuple(x)
        return tuple(itertools.repeat(x, n))
    parse.__name__ = name
    return parse


_pair = _ntuple(2, "_pair")
print(_pair(3), _pair([4, 5]), _pair.__name__)
import enum
from enum import Enum, auto


class Color(Enum):
    RED = 1
    GREEN = 2

    def describe(self):
        return self.name.lower()


class Mode(enum.Enum):
    TRAIN = auto()
    EVAL = auto()


print(Color.RED, repr(Color.GREEN), Color.RED.value, Color(2), Color["RED"], [c.name for c in Color], Color.RED.describe())
print(Color.RED == Color.RED, Color.RED is Color(1), Color.RED == Color.GREEN, isinstance(Color.RED, Color), Mode.EVAL.value)
try:
    Color(7)
except ValueError as e:
    print("ValueError:", e)
