# Corners of the language that library code reaches: class scopes, descriptors, formatting, slicing.


class Config:
    size = 4
    double = size * 2
    names = [f"n{i}" for i in range(3)]

    class Inner:
        value = "inner"

    @classmethod
    def create(cls):
        return cls()

    @staticmethod
    def util(x):
        return x + 1


class SubConfig(Config):
    size = 8

    @classmethod
    def create(cls):
        obj = super().create()
        obj.tag = "sub"
        return obj


s = SubConfig.create()
print(Config.double, Config.names, Config.Inner.value, type(s).__name__, s.tag, s.util(1), SubConfig.util(2), s.size)
print(Config, SubConfig.__mro__[1], Config.Inner, Config.__qualname__, Config.Inner.__qualname__, Config.create.__name__)
print(getattr(s, "util")(5), getattr(Config, "size"), [c.__name__ for c in SubConfig.__bases__])


class Lazy:
    def __init__(self):
        self._cache = {}

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        return name.upper()

    @property
    def prop(self):
        return "property wins"


lz = Lazy()
print(lz.anything, lz.prop, hasattr(lz, "_hidden"), getattr(lz, "_x", "fallback"))
print(f"{'x'!s:>5}|{3.14159:08.3f}|{-0.0}|{1e20}|{1.5e-10}|{0.5:.0f}|{2.5:.0f}|{1.5:.0f}|{12:>{5}}|")
print("{:>{w}}|{!r:>6}|{:<4}|".format("x", "y", "z", w=4), "%5s|%-5s|%.2e|%g|%g|%+.1f" % ("a", "b", 12345.678, 1e-5, 123456789, 2.25))
print(1e16, 123456789012345678.0, 1e-5, 1e-4, 0.0001, 1 / 3, 2 / 3, 100.0, 1.5e300 * 1e10, 5e-324, 0.1 * 3)
print(round(-2.5), round(0.125, 2), round(0.375, 2), int(True), abs(-0.0), str(-0.0), divmod(-7, 2), divmod(7.5, 2))
l = list(range(10))
print(l[-1:0:-1], l[::3], l[8:2:-2], l[-3:], l[:-7], l[100:], l[-100:2])
l[len(l):] = [10]
del l[::2]
print(l, sum([[1], [2]], []), ",".join(str(i) for i in l), max(1, 5, 3), min([(2, "b"), (1, "a")]))
pairs = [("b", 2), ("a", 2), ("c", 1)]
pairs.sort(key=lambda t: t[1])
print(pairs, sorted({"x": 3, "y": 1}, key=lambda k: {"x": 3, "y": 1}[k]), list(zip(*[[1, 2], [3, 4]])))
print(*[1, 2], sep="-", end="!\n")
print((lambda *a, **k: (a, k))(1, x=2), "a" "b", not 1 in [1], 1 < 2 == 2, [] is not None)
print(isinstance(True, bool), isinstance((1,), (list, tuple)), type(True).__name__, "x".split(maxsplit=1) if False else "k")


def else_return(x):
    try:
        v = 10 // x
    except ZeroDivisionError:
        return "div0"
    else:
        return f"ok {v}"
    finally:
        print("cleanup", x)


print(else_return(0), else_return(5))
try:
    import definitely_missing_module
except ImportError:
    definitely_missing_module = None
print(definitely_missing_module)


def wrap_error():
    try:
        {}["k"]
    except KeyError as e:
        raise RuntimeError("wrapped") from e


try:
    wrap_error()
except RuntimeError as e:
    print(e, type(e.__cause__).__name__, e.__cause__)
d = {"b": 1, "a": 2}
print(sorted(d), min(d, key=d.get), list(reversed(list(d))), {**d}, d == {"a": 2, "b": 1}, [k for k in d])
x = y = []
x.append(1)
print(y, id(x) == id(y), hash((1, 2)) == hash((1, 2)))
words = "the quick brown fox".split()
print({w: len(w) for w in words}, sorted(set(len(w) for w in words)), "-".join(reversed(words)))
print("%d%%" % 50, "%s and %s" % ("a", "b"), "%r" % [1], "%c" % 65, "%5.1f|" % 3.14159, "%-6.2f|" % 2.5, "%03d" % 7)
n = 0
while n < 10 and not (n > 3 and n % 2 == 0):
    n += 1
print(n)
print(str(1.0 / 3), 3.0 * 1.1, 2 ** 0.5, 10 ** 18, -(2 ** 62), 7 // -2, -7 // -2)


class Slots:
    __slots__ = ("a",)

    def __init__(self):
        self.a = 1


print(Slots().a, Slots.__name__, Slots.__slots__)


class Counter2:
    def __init__(self):
        self.n = 0

    def __iter__(self):
        return self

    def __next__(self):
        self.n += 1
        if self.n > 3:
            raise StopIteration
        return self.n


print(list(Counter2()), [v for v in Counter2()], sum(Counter2()))


class Guarded:
    def __init__(self):
        object.__setattr__(self, "secret", 1)

    def __setattr__(self, name, value):
        raise AttributeError(f"{name} is read-only")

    def peek(self):
        return object.__getattribute__(self, "secret")


gd = Guarded()
try:
    gd.secret = 2
except AttributeError as e:
    print("AttributeError:", e)
print(gd.peek(), gd.secret, type(gd).__name__, float, len, str(slice(1, 2)), Ellipsis, NotImplemented)
