"""AdamW, as torch.optim.AdamW writes it (Loshchilov & Hutter 2019): Adam with the
weight decay taken out of the gradient and applied to the parameters directly.

    t <- t + 1
    p <- p - lr * weight_decay * p
    m <- beta1 * m + (1 - beta1) * g
    v <- beta2 * v + (1 - beta2) * g^2
    m_hat <- m / (1 - beta1^t)
    v_hat <- v / (1 - beta2^t)
    p <- p - lr * m_hat / (sqrt(v_hat) + eps)
"""
from __future__ import annotations

import dataclasses

import numpy as np

from .adam import Adam, AdamState
from .base import ratio, register


@register
@dataclasses.dataclass(frozen=True, kw_only=True)
class AdamW(Adam):
    """Adam with decoupled weight decay: the parameters shrink by ``lr * weight_decay``
    of themselves, and the moments see the loss's gradient alone::

        t = t + 1
        p = p - lr * weight_decay * p
        m = beta1 * m + (1 - beta1) * g
        v = beta2 * v + (1 - beta2) * g**2
        m_hat = m / (1 - beta1**t)
        v_hat = v / (1 - beta2**t)
        p = p - lr * m_hat / (sqrt(v_hat) + eps)

    In Adam the decay ``weight_decay * p`` is added to ``g`` and then divided by
    ``sqrt(v_hat)`` like the rest of the gradient, so a coordinate with large gradients
    is hardly decayed; here every coordinate shrinks by the same share.

    Where the gradient is 0 Adam would not move; AdamW still pulls towards 0 (the
    default ``weight_decay`` is torch's 1e-2):

    >>> import numpy as np
    >>> opt = AdamW(lr=0.1, weight_decay=0.5)
    >>> p, _ = opt.step(np.array([2.0]), np.array([0.0]), opt.init(np.zeros(1)))
    >>> p                 # 2 - 0.1 * 0.5 * 2
    array([1.9])
    """

    name = "adamw"
    title = "AdamW"
    weight_decay: float = 1e-2

    def step(self, params, grad, state):
        t = state.t + 1
        params = params - self.lr * self.weight_decay * params
        m = self.beta1 * state.m + (1 - self.beta1) * grad
        v = self.beta2 * state.v + (1 - self.beta2) * grad**2
        m_hat = m / (1 - self.beta1**t)
        v_hat = v / (1 - self.beta2**t)
        return params - ratio(self.lr * m_hat, np.sqrt(v_hat) + self.eps), AdamState(t, m, v)
