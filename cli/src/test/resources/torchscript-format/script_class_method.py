import torch


@torch.jit.script
class Counter(object):
    def __init__(self, start: int):
        self.count = start

    def bump(self) -> int:
        self.count = self.count + 1
        return self.count + "x"
