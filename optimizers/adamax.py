"""Adamax, as torch.optim.Adamax writes it (Kingma & Ba 2015, section 7): Adam with
the infinity norm in place of the root-mean-square.

    t <- t + 1
    g <- g + weight_decay * p           (when weight_decay > 0)
    m <- beta1 * m + (1 - beta1) * g
    u <- max(beta2 * u, |g| + eps)
    p <- p - lr * m / ((1 - beta1^t) * u)
"""
from __future__ import annotations

import dataclasses
from typing import NamedTuple

import numpy as np

from .adam import Adam
from .base import ratio, register


class AdamaxState(NamedTuple):
    t: int          # steps taken; bias correction counts from t = 1
    m: np.ndarray   # first moment (mean of g)
    u: np.ndarray   # decaying maximum of |g|


@register
@dataclasses.dataclass(frozen=True, kw_only=True)
class Adamax(Adam):
    """Divide the momentum by a decaying maximum of ``|g|`` (bias correction on ``m``
    only: a maximum is not biased towards 0)::

        t = t + 1
        g = g + weight_decay * p
        m = beta1 * m + (1 - beta1) * g
        u = max(beta2 * u, |g| + eps)
        p = p - lr * m / ((1 - beta1**t) * u)

    With ``eps=0`` a coordinate whose gradients have all been 0 stays where it is
    (``0 / 0`` is taken as 0).

    The first step moves every coordinate by ``lr`` against the sign of its gradient;
    then momentum carries it on, divided by the largest ``|g|`` seen (decayed):

    >>> import numpy as np
    >>> opt = Adamax(lr=0.1, eps=0.0)
    >>> p, s = opt.step(np.array([0.0]), np.array([4.0]), opt.init(np.zeros(1)))
    >>> p
    array([-0.1])
    >>> p, s = opt.step(p, np.array([0.0]), s)   # m = 0.9 * 0.4, u = 0.999 * 4
    >>> p.round(4)                               # -0.1 - 0.1 * (0.36 / 0.19) / 3.996
    array([-0.1474])
    """

    name = "adamax"
    title = "Adamax"
    lr: float = 2e-3

    def init(self, params):
        zeros = np.zeros_like(params, dtype=float)
        return AdamaxState(t=0, m=zeros, u=zeros)

    def step(self, params, grad, state):
        t = state.t + 1
        grad = self.decayed(params, grad)
        m = self.beta1 * state.m + (1 - self.beta1) * grad
        u = np.maximum(self.beta2 * state.u, np.abs(grad) + self.eps)
        return params - ratio(self.lr * m, (1 - self.beta1**t) * u), AdamaxState(t, m, u)
