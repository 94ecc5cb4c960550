def f(a, b=1, *args, c, d=2, **kwargs):
    """Docstring."""
    return a + b


def g(a, /, b, *, c):
    pass


async def h(x: int = 3) -> "Tensor":
    await x
    async for i in x:
        yield i
    async with x as y, z:
        pass
