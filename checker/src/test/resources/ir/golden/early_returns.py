# A return that only some paths take: the reference's exit transform. Entry: not_early_ret
import torch


@torch.jit.script
def not_early_ret(x):
    s = ""
    if bool(x > 3):
        if bool(x > 4):
            return 1, s
        s += "foo"
    else:
        s += "5"
    s += "hi"
    return 7, s
