a = *b, c
for x, *y in z:
    pass
print(*[1], *[2])
d = {**a, 'b': 1, **c}
s = {*a, *b}
t = (*a,)
def f(*args: *Ts): pass
