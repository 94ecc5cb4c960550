f()
f(a, b, *c, d=1, **e)
f(x for x in y)
f(*a, *b, **c, **d)
obj.method(1)(2)[3].attr
print(*args, sep="", end="\n", file=sys.stderr)
