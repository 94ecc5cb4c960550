# The modules of the TorchScript introduction ("Introduction to TorchScript"):
#
# - MyCell, whose decision gate branches on its input's data. Tracing would keep only the branch
#   the example input took, so it is scripted (torch.jit.script(MyCell())): the `if` stays in the
#   compiled code.
# - SimpleCell, the same cell without the gate: no control flow, so it is traced
#   (torch.jit.trace(SimpleCell(), (x, h))) and the trace is checked on inputs of other shapes
#   (check_inputs), which a shape-dependent trace would fail.
import torch


class MyDecisionGate(torch.nn.Module):
    def forward(self, x):
        if x.sum() > 0:
            return x
        else:
            return -x


class MyCell(torch.nn.Module):
    def __init__(self):
        super(MyCell, self).__init__()
        self.dg = MyDecisionGate()
        self.linear = torch.nn.Linear(4, 4)

    def forward(self, x, h):
        new_h = torch.tanh(self.dg(self.linear(x)) + h)
        return new_h, new_h


class SimpleCell(torch.nn.Module):
    def __init__(self):
        super(SimpleCell, self).__init__()
        self.linear = torch.nn.Linear(4, 4)

    def forward(self, x, h):
        new_h = torch.tanh(self.linear(x) + h)
        return new_h, new_h
