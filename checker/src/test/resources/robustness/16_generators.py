def gen():
    x = yield
    y = yield 1
    z = yield from other()
    yield a, b
    return (yield)
