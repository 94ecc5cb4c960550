# Parameters of every kind, and the TypeErrors of calls that do not fit, in CPython's words.


def f(a, b=2, *args, c, d=4, **kwargs):
    return (a, b, args, c, d, kwargs)


print(f(1, c=3))
print(f(1, 5, 6, 7, c=3, e=9, d=0))
print(f(*[1, 2, 3], **{"c": 5, "z": 6}))


def g(a, b, /, c, *, d):
    return a + b + c + d


print(g(1, 2, 3, d=4), g(1, 2, c=3, d=4))


def h(a, b):
    return a - b


def show(call):
    try:
        print(call())
    except TypeError as e:
        print("TypeError:", e)


show(lambda: h(1))
show(lambda: h())
show(lambda: h(1, 2, 3))
show(lambda: h(1, c=2))
show(lambda: h(1, a=2))
show(lambda: f(1))
show(lambda: f())
show(lambda: g(1, 2, 3, 4))
show(lambda: (lambda x, y=1: x)(1, 2, 3))
show(lambda: (lambda: 0)(1))
show(lambda: len())
show(lambda: "abc" + 1)
show(lambda: 1 + "abc")
show(lambda: [1] + (2,))
show(lambda: -"x")
show(lambda: 1 < "x")
show(lambda: None())
show(lambda: len(5))
show(lambda: [1][None])
show(lambda: hash([]))
show(lambda: {[]: 1})


class K:
    def m(self, a):
        return a


show(lambda: K().m())
show(lambda: K().m(1, 2))
show(lambda: K(1))


def deco(fn):
    def wrapper(*a, **k):
        return ("wrapped", fn(*a, **k))
    return wrapper


@deco
def decorated(x):
    return x * 2


def param_deco(tag):
    def d(fn):
        fn.tag = tag
        return fn
    return d


@param_deco("T")
def tagged():
    return 1


print(decorated(4), tagged.tag, tagged(), decorated.__name__, tagged.__name__)


def annotated(x: "Optional[int]" = None, *, y: int = 3) -> int:
    return y if x is None else x


print(annotated(), annotated(7), annotated(y=1))


def recurse(n):
    return 0 if n == 0 else 1 + recurse(n - 1)


print(recurse(500))
try:
    recurse(100000)
except RecursionError:
    print("RecursionError")


def fact(n):
    return 1 if n <= 1 else n * fact(n - 1)


print(fact(20))
