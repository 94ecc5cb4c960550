a = b = c = 1
a, b = b, a
[a, *rest] = range(5)
(x, (y, z)) = 1, (2, 3)
a.b.c = d[1:2, ::3, ...] = e
x += 1; y -= 2; z *= 3; w @= m; q //= 2; r **= 2; s >>= 1; t <<= 1; u ^= 1; v |= 1; o &= 1; p %= 2; n /= 2
y: int
z: list[int] = []
del a, b[0], c.d
global g
if (n := len(a)) > 10:
    pass
