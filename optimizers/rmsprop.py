"""RMSprop, as torch.optim.RMSprop writes it (centred and with momentum on request).

    g <- g + weight_decay * p                    (when weight_decay > 0)
    v <- alpha * v + (1 - alpha) * g^2
    g_avg <- alpha * g_avg + (1 - alpha) * g     (centered; else g_avg = 0)
    v_tilde <- v - g_avg^2
    b <- momentum * b + g / (sqrt(v_tilde) + eps)
    p <- p - lr * b
"""
from __future__ import annotations

import dataclasses
from typing import NamedTuple

import numpy as np

from groundwork import checks

from .base import Optimizer, ratio, register


class RMSpropState(NamedTuple):
    v: np.ndarray      # running mean of squared gradients
    g_avg: np.ndarray  # running mean of gradients (centered; else stays 0)
    b: np.ndarray      # momentum buffer (with momentum 0: this step's g / (sqrt(v_tilde) + eps))


@register
@dataclasses.dataclass(frozen=True, kw_only=True)
class RMSprop(Optimizer):
    """Divide each step by a running root-mean-square of the gradient::

        g = g + weight_decay * p
        v = alpha * v + (1 - alpha) * g**2
        g_avg = alpha * g_avg + (1 - alpha) * g
        v_tilde = v - g_avg**2
        b = momentum * b + g / (sqrt(v_tilde) + eps)
        p = p - lr * b

    ``centered=False`` (the default) keeps ``g_avg = 0``, so ``v_tilde = v``: the scale is
    the root-mean-square of the gradient, not its standard deviation.  With the default
    ``momentum=0``, ``b`` is this step's ``g / (sqrt(v_tilde) + eps)`` alone.  With
    ``eps=0`` a coordinate whose gradients have all been 0 stays where it is (``0 / 0``
    is taken as 0).

    >>> import numpy as np
    >>> opt = RMSprop(lr=0.01)
    >>> p, s = opt.step(np.array([0.0]), np.array([3.0]), opt.init(np.array([0.0])))
    >>> float(p[0]).__round__(4)   # -lr * 3 / sqrt(0.01 * 9) = -0.1
    -0.1
    """

    name = "rmsprop"
    title = "RMSprop"
    lr: float = 1e-2
    alpha: float = 0.99
    eps: float = 1e-8
    centered: bool = False
    momentum: float = 0.0

    def __post_init__(self):
        super().__post_init__()
        self.hyper("alpha", checks.unit)
        self.hyper("eps", checks.non_negative)
        self.hyper("momentum", checks.unit)
        object.__setattr__(self, "centered", checks.flag(self.name, "centered", self.centered))

    def init(self, params):
        zeros = np.zeros_like(params, dtype=float)
        return RMSpropState(v=zeros, g_avg=zeros, b=zeros)

    def step(self, params, grad, state):
        grad = self.decayed(params, grad)
        v = self.alpha * state.v + (1 - self.alpha) * grad**2
        g_avg = self.alpha * state.g_avg + (1 - self.alpha) * grad if self.centered else state.g_avg
        v_tilde = v - g_avg**2 if self.centered else v
        b = ratio(grad, np.sqrt(v_tilde) + self.eps)
        if isinstance(self.momentum, np.ndarray) or self.momentum:   # (0 * b + x is x: the same bits)
            b = self.momentum * state.b + b
        return params - self.lr * b, RMSpropState(v, g_avg, b)
