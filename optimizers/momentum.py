"""Heavy-ball momentum and Nesterov momentum, as torch.optim.SGD writes them.

    g <- g + weight_decay * p       (when weight_decay > 0)
    v <- mu * v + g
    p <- p - lr * v                 (momentum)
    p <- p - lr * (g + mu * v)      (nesterov)
"""
from __future__ import annotations

import dataclasses
from typing import NamedTuple

import numpy as np

from groundwork import checks

from .base import Optimizer, register


def _plain(bound):
    """A float for one optimizer, the ``(K,)`` values for a population."""
    return float(bound) if np.ndim(bound) == 0 else np.ravel(bound)


class MomentumState(NamedTuple):
    v: np.ndarray  # the momentum buffer ("velocity")


@register
@dataclasses.dataclass(frozen=True, kw_only=True)
class Momentum(Optimizer):
    """SGD with heavy-ball momentum (``mu`` is ``momentum``)::

        g = g + weight_decay * p
        v = mu * v + g
        p = p - lr * v

    ``momentum`` defaults to 0.9, the value every lecture uses (torch.optim.SGD's
    own default of 0 would be plain GD).

    >>> import numpy as np
    >>> opt = Momentum(lr=0.1)
    >>> p, s = opt.step(np.array([1.0]), np.array([1.0]), opt.init(np.array([1.0])))
    >>> p, s = opt.step(p, np.array([1.0]), s)   # v = 0.9*1 + 1 = 1.9
    >>> p
    array([0.71])
    """

    name = "momentum"
    title = "Momentum"
    bound = "(2 + 2β)/λmax"    # β: momentum
    momentum: float = 0.9

    def __post_init__(self):
        super().__post_init__()
        self.hyper("momentum", checks.unit)

    def init(self, params):
        return MomentumState(v=np.zeros_like(params, dtype=float))

    def critical_lr(self, lam_max):
        """``(2 + 2 mu) / lambda_max``: where a root of ``z^2 - (1 + mu - lr lambda) z + mu``
        reaches -1 (Polyak; Goh, "Why momentum really works", 2017); weight decay adds
        ``weight_decay`` to every curvature."""
        return _plain((2 + 2 * self.momentum) / (lam_max + self.weight_decay))

    def step(self, params, grad, state):
        grad = self.decayed(params, grad)
        v = self.momentum * state.v + grad
        return params - self.lr * v, MomentumState(v)


@register
@dataclasses.dataclass(frozen=True, kw_only=True)
class Nesterov(Momentum):
    """Nesterov momentum, as torch.optim.SGD(nesterov=True) writes it::

        g = g + weight_decay * p
        v = mu * v + g
        p = p - lr * (g + mu * v)
    """

    name = "nesterov"
    title = "Nesterov"
    bound = "(2 + 2β)/((1 + 2β) λmax)"

    def __post_init__(self):
        super().__post_init__()
        self.hyper("momentum", checks.unit, low_open=True)

    def critical_lr(self, lam_max):
        """``(2 + 2 mu) / ((1 + 2 mu) lambda_max)``: where an eigenvalue of the update
        ``(p, lr v) -> ((1 - a(1 + mu)) p - mu^2 lr v, a p + mu lr v)``, ``a = lr lambda``,
        reaches -1 (``lambda_max + weight_decay`` with weight decay)."""
        return _plain((2 + 2 * self.momentum) / ((1 + 2 * self.momentum) * (lam_max + self.weight_decay)))

    def step(self, params, grad, state):
        grad = self.decayed(params, grad)
        v = self.momentum * state.v + grad
        return params - self.lr * (grad + self.momentum * v), MomentumState(v)
