# Classes: inheritance, C3 MRO, super(), descriptors, dunders.


class Base:
    kind = "base"
    count = 0

    def __init__(self, name):
        self.name = name
        Base.count += 1

    def describe(self):
        return f"{self.kind}:{self.name}"

    @staticmethod
    def helper(x):
        return x * 2

    @classmethod
    def make(cls, name):
        return cls(name)

    def __repr__(self):
        return f"{type(self).__name__}({self.name!r})"


class Child(Base):
    kind = "child"

    def __init__(self, name, extra=0):
        super().__init__(name)
        self.extra = extra

    def describe(self):
        return "child/" + super().describe()


b = Base("b")
c = Child.make("c")
print(b.describe(), c.describe(), Base.helper(3), c.helper(4), Base.count, repr(c), str(c), [b, c])
print(isinstance(c, Base), isinstance(b, Child), issubclass(Child, Base), issubclass(Base, object), type(c) is Child)
print(c.__class__.__name__, Child.__name__, Child.__mro__ == (Child, Base, object), c.__dict__, vars(b))
print(hasattr(c, "extra"), hasattr(c, "nope"), getattr(c, "nope", "default"), getattr(c, "name"))
setattr(c, "dyn", 1)
delattr(c, "extra")
print(c.__dict__)


class A:
    def who(self):
        return ["A"]


class B(A):
    def who(self):
        return ["B"] + super().who()


class C(A):
    def who(self):
        return ["C"] + super().who()


class D(B, C):
    def who(self):
        return ["D"] + super().who()


print(D().who(), [k.__name__ for k in D.__mro__])


class Old(B):
    def who(self):
        return ["Old"] + super(Old, self).who()


print(Old().who())


class Temperature:
    def __init__(self):
        self._c = 0.0

    @property
    def celsius(self):
        return self._c

    @celsius.setter
    def celsius(self, v):
        if v < -273.15:
            raise ValueError("below absolute zero")
        self._c = v

    @property
    def fahrenheit(self):
        return self._c * 9 / 5 + 32


t = Temperature()
t.celsius = 100
print(t.celsius, t.fahrenheit)
try:
    t.fahrenheit = 3
except AttributeError as e:
    print("AttributeError", e)
try:
    t.celsius = -300
except ValueError as e:
    print("ValueError", e)


class Vec:
    def __init__(self, *xs):
        self.xs = list(xs)

    def __add__(self, other):
        if isinstance(other, Vec):
            return Vec(*[a + b for a, b in zip(self.xs, other.xs)])
        return Vec(*[a + other for a in self.xs])

    def __radd__(self, other):
        return Vec(*[other + a for a in self.xs])

    def __mul__(self, k):
        return Vec(*[a * k for a in self.xs])

    def __neg__(self):
        return Vec(*[-a for a in self.xs])

    def __eq__(self, other):
        return isinstance(other, Vec) and self.xs == other.xs

    def __lt__(self, other):
        return sum(self.xs) < sum(other.xs)

    def __len__(self):
        return len(self.xs)

    def __getitem__(self, i):
        return self.xs[i]

    def __setitem__(self, i, v):
        self.xs[i] = v

    def __contains__(self, v):
        return v in self.xs

    def __iter__(self):
        return iter(self.xs)

    def __bool__(self):
        return any(self.xs)

    def __call__(self, scale):
        return [a * scale for a in self.xs]

    def __str__(self):
        return "Vec" + str(tuple(self.xs))

    def __hash__(self):
        return hash(tuple(self.xs))


v = Vec(1, 2)
w = v + Vec(10, 20)
print(w, v + 1, 1 + v, v * 3, -v, v == Vec(1, 2), v != Vec(1, 2), v < w, w > v, len(v), v[0], 2 in v, list(v), v(2))
v[1] = 5
v += Vec(1, 1)
print(v, bool(Vec(0, 0)), bool(v), [str(e) for e in sorted([w, v])], sum([Vec(1), Vec(2)], Vec(0)), max(w, v), [x for x in Vec(7, 8)])
print("yes" if Vec(0) else "no", str(v), f"{v}", "%s" % v)
try:
    v - 1
except TypeError as e:
    print("TypeError:", e)


class Ctx:
    def __init__(self, name, swallow=False):
        self.name = name
        self.swallow = swallow

    def __enter__(self):
        print("enter", self.name)
        return self

    def __exit__(self, exc_type, exc, tb):
        print("exit", self.name, exc_type.__name__ if exc_type else None, exc)
        return self.swallow


with Ctx("a") as a, Ctx("b"):
    print("inside", a.name)
with Ctx("c", swallow=True):
    raise KeyError("k")
try:
    with Ctx("d"):
        raise ValueError("v")
except ValueError:
    print("propagated")


class Counter:
    instances = []

    def __init__(self):
        Counter.instances.append(self)
        self.n = len(Counter.instances)


Counter()
Counter()
print(len(Counter.instances), [i.n for i in Counter.instances])


class WithSlots:
    x: int
    y: int = 3
    z = [1]


print(WithSlots.y, WithSlots.__annotations__ if False else "ann", WithSlots().z, hasattr(WithSlots, "x"))


class Meta:
    def __init_subclass__(cls, **kw):
        cls.registered = True


class Sub(Meta):
    pass


print(Sub.registered)


class Node:
    def __init__(self, v, nxt=None):
        self.v, self.nxt = v, nxt

    def __iter__(self):
        node = self
        while node:
            yield node.v
            node = node.nxt


print(list(Node(1, Node(2, Node(3)))))


class Eq:
    def __init__(self, k):
        self.k = k

    def __eq__(self, o):
        return self.k == o.k


print(Eq(1) == Eq(1), Eq(1) != Eq(2), Eq(1) in [Eq(1)], [Eq(1)].index(Eq(1)))
print(type("Dyn", (Base,), {"kind": "dyn"})("z").describe())
obj = object()
print(type(obj).__name__, isinstance(obj, object))
