if any((y := f(x)) for x in data):
    print(y)
while chunk := read():
    process(chunk)
[y := 1, y ** 2]
def f(a, b, /, c, d, *, e, f): pass
def g(a=1, /, b=2, *, c=3): pass
