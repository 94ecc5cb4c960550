# Control flow, scopes, closures, comprehensions and generators.
for i in range(10):
    if i == 2:
        continue
    if i == 5:
        break
    print("for", i)
else:
    print("not reached")
for i in range(2):
    pass
else:
    print("for-else ran")
n = 0
while n < 3:
    n += 1
else:
    print("while-else", n)
while True:
    n -= 1
    if n == 0:
        break
print("after while", n)
x = 5
if x > 10:
    print("big")
elif x > 3:
    print("medium")
else:
    print("small")
print("yes" if x else "no", x if x < 3 else -x)

counter = 0


def bump():
    global counter
    counter += 1
    return counter


bump()
bump()
print("global", counter)


def make_counter():
    count = 0

    def inc(step=1):
        nonlocal count
        count += step
        return count
    return inc


c1 = make_counter()
c2 = make_counter()
print(c1(), c1(), c1(10), c2())


def adders():
    return [lambda v, i=i: v + i for i in range(3)]


print([f(10) for f in adders()])
late = [lambda: i for i in range(3)]
print([f() for f in late])


def outer():
    v = "outer"

    def middle():
        def inner():
            return v
        return inner()
    return middle()


print(outer())


def gen(n):
    for i in range(n):
        if i % 2 == 0:
            yield i * i
    yield from ["end"]


print(list(gen(6)), sum(x for x in range(5)), list(x * 2 for x in [1, 2]))
g = gen(3)
print(next(g), next(g), next(g), next(g, "done"))
squares = {k: k * k for k in range(4)}
print(squares, [(a, b) for a in range(3) for b in range(a)], [[j for j in range(i)] for i in range(3)])
vals = [3, 8, 1]
if (m := max(vals)) > 5:
    print("walrus", m)
total = 0
for idx, (a, b) in enumerate([(1, 2), (3, 4)]):
    total += idx * (a + b)
print("total", total)
a = b = [1]
a += [2]
print(a, b, a is b)
t = (1,)
t2 = t
t += (2,)
print(t, t2)
del a
try:
    print(a)
except NameError as e:
    print("NameError:", e)


def unbound():
    print(y)
    y = 1


try:
    unbound()
except UnboundLocalError as e:
    print("UnboundLocalError:", e)
it = iter([1, 2])
print(next(it), next(it), next(it, None))
try:
    next(it)
except StopIteration:
    print("StopIteration")
print(__name__ == "__main__")
if __name__ == "__main__":
    print("main block ran")
