"""RAdam, as torch.optim.RAdam writes it (Liu et al. 2020): Adam whose adaptive step
waits until the variance of v can be trusted, and is rectified after.

    t <- t + 1
    g <- g + weight_decay * p                     (when weight_decay > 0)
    m <- beta1 * m + (1 - beta1) * g
    v <- beta2 * v + (1 - beta2) * g^2
    m_hat <- m / (1 - beta1^t)
    rho_inf <- 2 / (1 - beta2) - 1
    rho_t <- rho_inf - 2 * t * beta2^t / (1 - beta2^t)
    l <- sqrt(1 - beta2^t) / (sqrt(v) + eps)                                      (rho_t > 5)
    r <- sqrt((rho_t - 4) * (rho_t - 2) * rho_inf / ((rho_inf - 4) * (rho_inf - 2) * rho_t))
    p <- p - lr * m_hat * l * r                   (rho_t > 5)
    p <- p - lr * m_hat                           (else: momentum SGD, not adapted)
"""
from __future__ import annotations

import dataclasses

import numpy as np

from .adam import Adam, AdamState
from .base import ratio, register


@register
@dataclasses.dataclass(frozen=True, kw_only=True)
class RAdam(Adam):
    """Adam rectified: while ``rho_t``, the length of the average ``v`` approximates,
    is at most 5 the step is momentum SGD; after, Adam's step times ``r``, which
    grows from near 0 towards 1::

        t = t + 1
        g = g + weight_decay * p
        m = beta1 * m + (1 - beta1) * g
        v = beta2 * v + (1 - beta2) * g**2
        m_hat = m / (1 - beta1**t)
        rho_inf = 2 / (1 - beta2) - 1
        rho_t = rho_inf - 2 * t * beta2**t / (1 - beta2**t)
        l = sqrt(1 - beta2**t) / (sqrt(v) + eps)
        r = sqrt((rho_t - 4) * (rho_t - 2) * rho_inf / ((rho_inf - 4) * (rho_inf - 2) * rho_t))
        p = p - lr * m_hat * l * r      if rho_t > 5
        p = p - lr * m_hat              otherwise

    With ``eps=0`` a coordinate whose gradients have all been 0 stays where it is
    (``0 / 0`` is taken as 0).

    With torch's ``beta2=0.999`` the first five steps are momentum SGD, so the first
    moves by ``lr * g``, not by ``lr`` as Adam's does:

    >>> import numpy as np
    >>> opt = RAdam(lr=0.1)
    >>> p, _ = opt.step(np.array([0.0, 0.0]), np.array([3.0, -0.02]), opt.init(np.zeros(2)))
    >>> p
    array([-0.3  ,  0.002])
    """

    name = "radam"
    title = "RAdam"

    def step(self, params, grad, state):
        t = state.t + 1
        grad = self.decayed(params, grad)
        m = self.beta1 * state.m + (1 - self.beta1) * grad
        v = self.beta2 * state.v + (1 - self.beta2) * grad**2
        m_hat = m / (1 - self.beta1**t)
        rho_inf = 2 / (1 - np.asarray(self.beta2)) - 1
        rho_t = rho_inf - 2 * t * self.beta2**t / (1 - self.beta2**t)
        rectified = rho_t > 5            # (then rho_inf > rho_t > 5: every factor of r is > 0)
        r = np.sqrt(np.divide((rho_t - 4) * (rho_t - 2) * rho_inf, (rho_inf - 4) * (rho_inf - 2) * rho_t,
                              out=np.ones(np.shape(rho_t)), where=rectified))
        l = ratio(np.sqrt(1 - self.beta2**t), np.sqrt(v) + self.eps)
        return params - self.lr * m_hat * np.where(rectified, l * r, 1.0), AdamState(t, m, v)
