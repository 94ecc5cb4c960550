@a
@a.b.c
@a(1)(2)
@a[0]
@(lambda f: f)
@x if y else z
def f():
    ...
