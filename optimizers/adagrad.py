"""AdaGrad, as torch.optim.Adagrad writes it (no lr decay, accumulator from 0).

    g <- g + weight_decay * p       (when weight_decay > 0)
    s <- s + g^2
    p <- p - lr * g / (sqrt(s) + eps)
"""
from __future__ import annotations

import dataclasses
from typing import NamedTuple

import numpy as np

from groundwork import checks

from .base import Optimizer, ratio, register


class AdaGradState(NamedTuple):
    s: np.ndarray  # sum of squared gradients so far


@register
@dataclasses.dataclass(frozen=True, kw_only=True)
class AdaGrad(Optimizer):
    """Per-coordinate steps that shrink as squared gradients accumulate::

        g = g + weight_decay * p
        s = s + g**2
        p = p - lr * g / (sqrt(s) + eps)

    With ``eps=0`` a coordinate whose gradients have all been 0 stays where it is
    (``0 / 0`` is taken as 0).

    >>> import numpy as np
    >>> opt = AdaGrad(lr=0.5)
    >>> p, s = opt.step(np.array([1.0]), np.array([4.0]), opt.init(np.array([1.0])))
    >>> p.round(6)        # 1 - 0.5 * 4 / 4
    array([0.5])
    """

    name = "adagrad"
    title = "AdaGrad"
    lr: float = 1e-2
    eps: float = 1e-10

    def __post_init__(self):
        super().__post_init__()
        self.hyper("eps", checks.non_negative)

    def init(self, params):
        return AdaGradState(s=np.zeros_like(params, dtype=float))

    def step(self, params, grad, state):
        grad = self.decayed(params, grad)
        s = state.s + grad**2
        return params - ratio(self.lr * grad, np.sqrt(s) + self.eps), AdaGradState(s)
