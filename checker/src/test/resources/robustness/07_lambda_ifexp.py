f = lambda: 0
g = lambda x, y=1, *a, k, **kw: (x, y, a, k, kw)
h = lambda *, k: k
i = lambda x, /, y: x
v = a if b else c if d else e
w = (lambda: (yield))
