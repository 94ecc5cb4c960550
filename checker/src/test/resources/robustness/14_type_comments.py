def f(a,  # type: int
      b,  # type: str
      ):
    # type: (...) -> None
    x = []  # type: List[int]
    for i in x:  # type: int
        pass
    with a as b:  # type: ignore
        pass


def g(x):
    # type: (int) -> Tensor
    return x
