import torch


def choose(x):
    if x.sum() > 0:
        return x * 2
    else:
        return x - 1
