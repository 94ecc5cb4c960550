# TorchScript4J's own TorchScript source for the context manager torch.jit.strict_fusion, which the
# reference compiles as the class __torch__.torch.jit.strict_fusion when a scripted function uses it.
# Entering and leaving it does nothing at run time (the reference's fuser reads it, not the program).
from typing import Any


class strict_fusion(object):
    def __init__(self) -> None:
        pass

    def __enter__(self) -> None:
        pass

    def __exit__(self, type: Any, value: Any, tb: Any) -> None:
        pass
