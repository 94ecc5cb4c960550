# TorchScript4J's own Python source for torch.autograd.function: custom autograd functions
# (`class MyFn(Function)` with static forward/backward, called as `MyFn.apply(x)`), written from
# PyTorch 1.13.1's documented behaviour. Plain Python, run by TorchScript4J's interpreter; the
# checker never reads this file.
#
# apply runs forward(ctx, *args) without recording gradients, as the reference does. While a trace
# records (PythonTracing), the hooks torch._C._tracer_enter_python_op / _tracer_exit_python_op
# make the call one prim::PythonOp node, as the reference's tracer does: the tensor arguments are
# its inputs, the others its constant (scalar) arguments, and what forward ran is its Subgraph;
# mark_dirty makes it inplace=1, which the traced graph cannot run. backward is never called
# (TorchScript4J does not differentiate), so the ctx methods only record what they are given.
import torch


class FunctionCtx(object):
    """The ctx that forward receives: saves tensors and marks outputs for backward."""

    def save_for_backward(self, *tensors):
        self.to_save = tensors

    def save_for_forward(self, *tensors):
        self.saved_for_forward = tensors

    def mark_dirty(self, *args):
        self.dirty_tensors = args

    def mark_non_differentiable(self, *args):
        self.non_differentiable = args

    def set_materialize_grads(self, value):
        self.materialize_grads = value

    @property
    def saved_tensors(self):
        # what save_for_backward saved, once forward has returned (empty inside forward)
        return getattr(self, "_saved", ())


class Function(object):
    """Base class of custom autograd functions: subclasses define static forward and backward."""

    def __call__(self, *args, **kwargs):
        raise RuntimeError(
            "Legacy autograd function with non-static forward method is deprecated. Please use new-style "
            "autograd function with static forward method. "
            "(Example: https://pytorch.org/docs/stable/autograd.html#torch.autograd.Function)")

    @staticmethod
    def forward(ctx, *args, **kwargs):
        raise NotImplementedError("You must implement the forward function for custom autograd.Function.")

    @staticmethod
    def backward(ctx, *grad_outputs):
        raise NotImplementedError("You must implement either the backward or vjp method for your custom "
                                  "autograd.Function to use it with backward mode AD.")

    @staticmethod
    def jvp(ctx, *grad_inputs):
        raise NotImplementedError("You must implement the jvp function for custom autograd.Function to use "
                                  "it with forward mode AD.")

    @classmethod
    def apply(cls, *args):
        ctx = FunctionCtx()
        ctx.needs_input_grad = tuple(torch.is_tensor(a) and a.requires_grad for a in args)
        torch._C._tracer_enter_python_op(cls.__name__, cls.__module__, args)
        try:
            with torch.no_grad():
                result = cls.forward(ctx, *args)
        except BaseException:
            torch._C._tracer_abandon_python_op()
            raise
        ctx._saved = getattr(ctx, "to_save", ())
        if any(ctx.needs_input_grad):
            _require_grad(result)
        return torch._C._tracer_exit_python_op(result, len(getattr(ctx, "dirty_tensors", ())) > 0)


def _require_grad(result):
    # The outputs of a function whose inputs require grad require grad too.
    if torch.is_tensor(result):
        if result.is_floating_point() and not result.requires_grad:
            result.requires_grad_()
    elif isinstance(result, tuple):
        for r in result:
            _require_grad(r)


def once_differentiable(fn):
    return fn
