"""Heavy-ball momentum and Nesterov momentum, as torch.optim.SGD writes them.

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


class MomentumState(NamedTuple):
    v: np.ndarray  # the momentum buffer ("velocity")


@register
@dataclasses.dataclass(frozen=True, kw_only=True)
class Momentum(Optimizer):
    """SGD with heavy-ball momentum (``mu`` is ``momentum``)::

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
    momentum: float = 0.9

    def __post_init__(self):
        super().__post_init__()
        self.hyper("momentum", checks.unit)

    def init(self, params):
        return MomentumState(v=np.zeros_like(params, dtype=float))

    def step(self, params, grad, state):
        v = self.momentum * state.v + grad
        return params - self.lr * v, MomentumState(v)


@register
@dataclasses.dataclass(frozen=True, kw_only=True)
class Nesterov(Momentum):
    """Nesterov momentum, as torch.optim.SGD(nesterov=True) writes it::

        v = mu * v + g
        p = p - lr * (g + mu * v)
    """

    name = "nesterov"
    title = "Nesterov"

    def __post_init__(self):
        super().__post_init__()
        self.hyper("momentum", checks.unit, low_open=True)

    def step(self, params, grad, state):
        v = self.momentum * state.v + grad
        return params - self.lr * (grad + self.momentum * v), MomentumState(v)
