"""Linear layers in a step loop whose weight gradients are computed once for all steps.

In a step loop (the input-feeding decoder under teacher forcing) every linear layer runs once per
target step on a (batch, in) input. Its weight gradient, gradᵀ @ input, is then one product per
step with an inner size of only `batch` (64), which runs at about half the speed of a large
product on a CPU. `StepLinears` instead keeps each step's (grad, input) pair during backward and
computes the weight's gradient in one product over all steps: the same sum, in one GEMM with an
inner size of batch × steps.

How: the first use of a weight in the loop passes it through a `_Gather` node; every step's
linear uses that node's output and returns no gradient for it, only records its pair. Autograd
runs `_Gather`'s backward after all of its users' (that is its dependency order), so by then every
pair is recorded; it returns the summed gradient, which flows on to the parameter as usual.

    linears = StepLinears()
    for t in range(steps):
        y = linears(x_t, layer.weight, layer.bias)   # x_t (B, in) -> y (B, out)
    loss.backward()
"""

from __future__ import annotations

import torch
import torch.nn.functional as F


class StepLinears:
    """Applies linear layers in a step loop; one per loop (its records live until backward)."""

    def __init__(self):
        self._gathered: dict[int, tuple[torch.Tensor, torch.Tensor | None, list]] = {}

    def __call__(self, x: torch.Tensor, weight: torch.Tensor, bias: torch.Tensor | None) -> torch.Tensor:
        """x (..., in), weight (out, in), bias (out,) or None -> (..., out), as F.linear.

        `weight` must be the same tensor object at every step (a parameter, or a slice of one
        taken once before the loop).
        """
        needs_grad = weight.requires_grad or (bias is not None and bias.requires_grad)
        # under autocast the gradients would come back in another dtype than the weights'
        if not (torch.is_grad_enabled() and needs_grad) or torch.is_autocast_enabled(x.device.type):
            return F.linear(x, weight, bias)
        key = id(weight)
        if key not in self._gathered:
            records: list[tuple[torch.Tensor, torch.Tensor]] = []
            self._gathered[key] = (*_Gather.apply(weight, bias, records), records)
        gathered_weight, gathered_bias, records = self._gathered[key]
        return _StepLinear.apply(x, gathered_weight, gathered_bias, records)


class _Gather(torch.autograd.Function):
    """Identity on (weight, bias) forward; backward: the gradient summed over all recorded steps."""

    @staticmethod
    def forward(ctx, weight, bias, records):
        ctx.records = records
        ctx.has_bias = bias is not None
        ctx.set_materialize_grads(False)
        return weight.view_as(weight), (None if bias is None else bias.view_as(bias))

    @staticmethod
    def backward(ctx, _weight_grad, _bias_grad):
        records, ctx.records = ctx.records, None
        if not records:
            return None, None, None
        grad = torch.cat([g for g, _ in records])  # (steps × B, out)
        inputs = torch.cat([x for _, x in records])  # (steps × B, in)
        records.clear()
        return grad.t() @ inputs, (grad.sum(0) if ctx.has_bias else None), None


class _StepLinear(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, weight, bias, records):
        ctx.save_for_backward(x, weight)
        ctx.records = records
        return F.linear(x, weight, bias)

    @staticmethod
    def backward(ctx, grad):
        x, weight = ctx.saved_tensors
        ctx.records.append((grad.reshape(-1, grad.size(-1)), x.reshape(-1, x.size(-1))))
        grad_x = grad @ weight if ctx.needs_input_grad[0] else None  # (..., in)
        return grad_x, None, None, None
