"""NAdam, as torch.optim.NAdam writes it (Dozat 2016): Adam with Nesterov momentum,
whose momentum coefficient mu_t warms up from beta1 / 2 towards beta1 over thousands of steps.

    t <- t + 1
    g <- g + weight_decay * p                   (when weight_decay > 0)
    mu_t <- beta1 * (1 - 0.5 * 0.96^(t * psi))
    mu_next <- beta1 * (1 - 0.5 * 0.96^((t + 1) * psi))
    mu_product <- mu_product * mu_t             (mu_1 * ... * mu_t)
    m <- beta1 * m + (1 - beta1) * g
    v <- beta2 * v + (1 - beta2) * g^2
    m_hat <- mu_next * m / (1 - mu_product * mu_next) + (1 - mu_t) * g / (1 - mu_product)
    v_hat <- v / (1 - beta2^t)
    p <- p - lr * m_hat / (sqrt(v_hat) + eps)

psi is ``momentum_decay``.
"""
from __future__ import annotations

import dataclasses
from typing import NamedTuple

import numpy as np

from groundwork import checks

from .adam import Adam
from .base import ratio, register


class NAdamState(NamedTuple):
    t: int                # steps taken, from t = 1
    m: np.ndarray         # first moment (mean of g)
    v: np.ndarray         # second moment (mean of g^2)
    mu_product: object    # mu_1 * ... * mu_t (1 before the first step; a column for a population)


@register
@dataclasses.dataclass(frozen=True, kw_only=True)
class NAdam(Adam):
    """Adam whose step looks ahead: this step's gradient and the momentum of the next
    one, each bias-corrected by the product of the momentum coefficients (``psi`` is
    ``momentum_decay``)::

        t = t + 1
        g = g + weight_decay * p
        mu_t = beta1 * (1 - 0.5 * 0.96**(t * psi))
        mu_next = beta1 * (1 - 0.5 * 0.96**((t + 1) * psi))
        mu_product = mu_product * mu_t
        m = beta1 * m + (1 - beta1) * g
        v = beta2 * v + (1 - beta2) * g**2
        m_hat = mu_next * m / (1 - mu_product * mu_next) + (1 - mu_t) * g / (1 - mu_product)
        v_hat = v / (1 - beta2**t)
        p = p - lr * m_hat / (sqrt(v_hat) + eps)

    ``mu_t`` starts near ``beta1 / 2`` and warms up to ``beta1`` over thousands of steps.
    The first step moves every coordinate against the sign of its gradient, like Adam's,
    but by a little more than ``lr``: the look-ahead adds ``mu_2`` of the momentum:

    >>> import numpy as np
    >>> opt = NAdam(lr=0.1)
    >>> p, s = opt.step(np.array([0.0, 0.0]), np.array([300.0, -0.02]), opt.init(np.zeros(2)))
    >>> p.round(4)                    # 0.1 * (1 + 0.1 * mu_2 / (1 - mu_1 * mu_2))
    array([-0.1056,  0.1056])
    >>> round(float(s.mu_product), 4)    # mu_1 = 0.9 * (1 - 0.5 * 0.96**0.004)
    0.4501
    """

    name = "nadam"
    title = "NAdam"
    lr: float = 2e-3
    momentum_decay: float = 4e-3

    def __post_init__(self):
        super().__post_init__()
        self.hyper("momentum_decay", checks.non_negative)

    def init(self, params):
        zeros = np.zeros_like(params, dtype=float)
        return NAdamState(t=0, m=zeros, v=zeros, mu_product=1.0)

    def step(self, params, grad, state):
        t = state.t + 1
        grad = self.decayed(params, grad)
        mu_t = self.beta1 * (1 - 0.5 * 0.96 ** (t * self.momentum_decay))
        mu_next = self.beta1 * (1 - 0.5 * 0.96 ** ((t + 1) * self.momentum_decay))
        mu_product = state.mu_product * mu_t
        m = self.beta1 * state.m + (1 - self.beta1) * grad
        v = self.beta2 * state.v + (1 - self.beta2) * grad**2
        m_hat = mu_next * m / (1 - mu_product * mu_next) + (1 - mu_t) * grad / (1 - mu_product)
        v_hat = v / (1 - self.beta2**t)
        return (params - ratio(self.lr * m_hat, np.sqrt(v_hat) + self.eps),
                NAdamState(t, m, v, mu_product))
