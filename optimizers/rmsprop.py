"""RMSprop, as torch.optim.RMSprop writes it (not centred, no momentum).

    v <- alpha * v + (1 - alpha) * g^2
    p <- p - lr * g / (sqrt(v) + eps)
"""
from __future__ import annotations

import dataclasses
from typing import NamedTuple

import numpy as np

from groundwork import checks

from .base import Optimizer, ratio, register


class RMSpropState(NamedTuple):
    v: np.ndarray  # running mean of squared gradients


@register
@dataclasses.dataclass(frozen=True, kw_only=True)
class RMSprop(Optimizer):
    """Divide each step by a running root-mean-square of the gradient::

        v = alpha * v + (1 - alpha) * g**2
        p = p - lr * g / (sqrt(v) + eps)

    With ``eps=0`` a coordinate whose gradients have all been 0 stays where it is
    (``0 / 0`` is taken as 0).

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

    def __post_init__(self):
        super().__post_init__()
        self.hyper("alpha", checks.unit)
        self.hyper("eps", checks.non_negative)

    def init(self, params):
        return RMSpropState(v=np.zeros_like(params, dtype=float))

    def step(self, params, grad, state):
        v = self.alpha * state.v + (1 - self.alpha) * grad**2
        return params - ratio(self.lr * grad, np.sqrt(v) + self.eps), RMSpropState(v)
