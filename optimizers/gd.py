"""Gradient descent, in its three lecture variants.

    g <- g + weight_decay * p       (when weight_decay > 0)
    p <- p - lr * g

GD, SGD and mini-batch GD share this one rule; they differ only in how many
samples feed the gradient ``g``: all of them, one, or ``batch_size``.
"""
from __future__ import annotations

import dataclasses

from .base import Optimizer, register


@register
@dataclasses.dataclass(frozen=True, kw_only=True)
class GD(Optimizer):
    """Full-batch gradient descent, ``p <- p - lr * g`` (torch.optim.SGD, no momentum;
    with ``weight_decay``, ``g + weight_decay * p`` in place of ``g``).

    >>> import numpy as np
    >>> p, _ = GD(lr=0.1).step(np.array([1.0]), np.array([2.0]), ())
    >>> p
    array([0.8])
    """

    name = "gd"
    title = "GD"
    bound = "2/λmax"           # the critical learning rate, as figures name it

    def init(self, params):
        return ()

    def critical_lr(self, lam_max):
        """``2 / lambda_max``: above it ``|1 - lr * lambda_max| > 1`` and GD diverges
        (weight decay adds ``weight_decay`` to every curvature)."""
        return 2.0 / (lam_max + self.weight_decay)

    def step(self, params, grad, state):
        return params - self.lr * self.decayed(params, grad), state


@register
@dataclasses.dataclass(frozen=True, kw_only=True)
class SGD(GD):
    """Stochastic gradient descent: ``p = p - lr * g`` with ``g`` the gradient of one
    sample (``batch_size=1``), a different one each step, reshuffled every epoch."""

    name = "sgd"
    title = "SGD"
    batch_size: int | None = 1


@register
@dataclasses.dataclass(frozen=True, kw_only=True)
class MiniBatch(GD):
    """Mini-batch gradient descent: ``p = p - lr * g`` with ``g`` the mean gradient of
    ``batch_size`` samples."""

    name = "minibatch"
    title = "Mini-batch GD"
    shown = ("lr", "batch_size")
    batch_size: int | None = 32
