import torch
def helper(x: int) -> int:
    return x + "a"
@torch.jit.script
def main(x: int) -> int:
    return helper(x)
