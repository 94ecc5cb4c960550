a = [x * y for x in range(3) for y in range(x) if x if y]
b = {k: v for k, v in d.items()}
c = {x for x in s}
d = (x for x in g)
e = sum(x for x in y)
f = [(yield) for _ in ()] if False else None
g = [[j for j in range(i)] for i in range(4)]
