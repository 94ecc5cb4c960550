# TorchScript4J's own Python source for torch.nn.modules.utils: the helpers that turn an int or an
# iterable into a tuple of n ints (_single, _pair, _triple, _quadruple) and _reverse_repeat_tuple.
# Written for TorchScript4J from PyTorch 1.13.1's documented behaviour. In TorchScript the
# reference maps _single/_pair/_triple/_quadruple to the builtins aten::_single etc. (a list of n
# ints), so module forwards that call them compile to those builtins.


def _ntuple(n, name="parse"):
    def parse(x):
        if isinstance(x, (list, tuple)):
            return tuple(x)
        if isinstance(x, (int, float, bool, str)) or x is None:
            return tuple([x] * n)
        return tuple(x)

    parse.__name__ = name
    return parse


_single = _ntuple(1, "_single")
_pair = _ntuple(2, "_pair")
_triple = _ntuple(3, "_triple")
_quadruple = _ntuple(4, "_quadruple")


def _reverse_repeat_tuple(t, n):
    # (1, 2) with n = 2 -> (2, 2, 1, 1): the order F.pad reads padding in, last dimension first.
    result = []
    for x in reversed(t):
        for _ in range(n):
            result.append(x)
    return tuple(result)
