"""Adam, as torch.optim.Adam writes it (Kingma & Ba 2015).

    t <- t + 1
    g <- g + weight_decay * p       (when weight_decay > 0; AdamW decouples it)
    m <- beta1 * m + (1 - beta1) * g
    v <- beta2 * v + (1 - beta2) * g^2
    m_hat <- m / (1 - beta1^t)
    v_hat <- v / (1 - beta2^t)
    p <- p - lr * m_hat / (sqrt(v_hat) + eps)
"""
from __future__ import annotations

import dataclasses
from typing import NamedTuple

import numpy as np

from groundwork import checks

from .base import Optimizer, ratio, register


class AdamState(NamedTuple):
    t: int          # steps taken; bias correction counts from t = 1
    m: np.ndarray   # first moment (mean of g)
    v: np.ndarray   # second moment (mean of g^2)


@register
@dataclasses.dataclass(frozen=True, kw_only=True)
class Adam(Optimizer):
    """Momentum on the gradient, RMSprop on its scale, both bias-corrected::

        t = t + 1
        g = g + weight_decay * p
        m = beta1 * m + (1 - beta1) * g
        v = beta2 * v + (1 - beta2) * g**2
        m_hat = m / (1 - beta1**t)
        v_hat = v / (1 - beta2**t)
        p = p - lr * m_hat / (sqrt(v_hat) + eps)

    With ``eps=0`` a coordinate whose gradients have all been 0 stays where it is
    (``0 / 0`` is taken as 0).

    The first step moves every coordinate by ``lr`` against the sign of the gradient:

    >>> import numpy as np
    >>> opt = Adam(lr=0.1)
    >>> p, _ = opt.step(np.array([0.0, 0.0]), np.array([300.0, -0.02]), opt.init(np.zeros(2)))
    >>> p.round(6)
    array([-0.1,  0.1])
    """

    name = "adam"
    title = "Adam"
    beta1: float = 0.9
    beta2: float = 0.999
    eps: float = 1e-8

    def __post_init__(self):
        super().__post_init__()
        self.hyper("beta1", checks.unit)
        self.hyper("beta2", checks.unit)
        self.hyper("eps", checks.non_negative)

    def init(self, params):
        zeros = np.zeros_like(params, dtype=float)
        return AdamState(t=0, m=zeros, v=zeros)

    def step(self, params, grad, state):
        t = state.t + 1
        grad = self.decayed(params, grad)
        m = self.beta1 * state.m + (1 - self.beta1) * grad
        v = self.beta2 * state.v + (1 - self.beta2) * grad**2
        m_hat = m / (1 - self.beta1**t)
        v_hat = v / (1 - self.beta2**t)
        return params - ratio(self.lr * m_hat, np.sqrt(v_hat) + self.eps), AdamState(t, m, v)
