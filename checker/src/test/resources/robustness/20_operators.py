x = a or b and not c
y = a < b <= c == d != e >= f > g is h is not i in j not in k
z = a | b ^ c & d << e >> f + g - h * i / j // k % l @ m
w = -a ** -b
v = not not a
u = await_ if x else ~y
