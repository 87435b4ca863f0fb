"""Finite-sum surfaces: one neuron on a generated data set, loss = mean over samples.

    z_i = w x_i + b,        L(w, b) = 1/N  sum_i  l(z_i, y_i)

The three lecture cases differ only in the per-sample loss ``l``:

============  =====================================  ==========================
``linreg``    ``(z - y)^2``                          convex bowl (least squares)
``logreg``    ``-[y log s(z) + (1-y) log(1-s(z))]``  convex (cross-entropy)
``logreg_mse`` ``(s(z) - y)^2``, s = sigmoid          non-convex: flat plateaus
============  =====================================  ==========================

A mini-batch is an integer index array: the same mean over fewer samples, so
its gradient is an unbiased estimate of the full one.  That is all GD, mini-batch
GD and SGD differ in.

>>> import landscape
>>> s = landscape.get("linreg", n=100, noise=0.5)
>>> s.n_samples, s.grad(s.minima[0]).round(12) + 0.0    # zero slope at least squares
(100, array([0., 0.]))
"""
from __future__ import annotations

import dataclasses

import numpy as np

from .neuron import Neuron, newton
from .registry import register


def sigmoid(z):
    """``1 / (1 + e^-z)``, accurate in both tails: ``e^-|z|`` never overflows.

    >>> sigmoid(np.array([-800.0, 0.0, 800.0]))
    array([0. , 0.5, 1. ])
    """
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0, e) / (1.0 + e)


@register
@dataclasses.dataclass(frozen=True, repr=False)
class LinReg(Neuron):
    """Linear regression ``y ~ w x + b`` with the plain mean squared error.

    ``L(w, b) = 1/N sum (w x_i + b - y_i)^2``: the lecture's MSE, with no factor
    1/2, so the gradient is ``2/N sum (w x_i + b - y_i) (x_i, 1)``.  The loss is
    quadratic: its Hessian ``2/N sum (x_i, 1)^T (x_i, 1)`` is the same everywhere and
    its condition number says how narrow the valley is (1 after standardising,
    over 100 for the raw x in [0, 10] of ``scale="none"``).  The minimum is the
    least-squares solution.  Data: :func:`landscape.datasets.linear`.

    >>> bowl, valley = LinReg(scale="standard"), LinReg(scale="none")
    >>> [round(float(np.linalg.cond(s.hessian(s.start)))) for s in (bowl, valley)]
    [1, 171]
    """

    name = "linreg"
    title = "Linear regression, MSE"
    formula = "L = 1/N Σ (w xᵢ + b − yᵢ)²"
    log_levels = True
    data_set = ("linear", {})

    @staticmethod
    def loss(z, y):
        return (z - y) ** 2

    @staticmethod
    def dloss(z, y):
        return 2.0 * (z - y)

    @staticmethod
    def d2loss(z, y):
        return np.full(np.broadcast_shapes(np.shape(z), np.shape(y)), 2.0)

    def minimiser(self, x, y):
        return np.linalg.lstsq(np.stack([x, np.ones_like(x)], axis=1), y, rcond=None)[0]

    @property
    def truth(self) -> tuple:
        """The (w, b) that made the data, in the scaled coordinates of this surface."""
        w, b = self.dataset.truth["w"], self.dataset.truth["b"]
        shift, factor = float(self.fitted.scaler.shift[0]), float(self.fitted.scaler.factor[0])
        return (w * factor, w * shift + b)   # w x + b = (w factor) x' + (w shift + b)


class _Logistic(Neuron):
    """A sigmoid neuron on 1-D two-class data (:func:`landscape.datasets.blobs`, ``dim=1``).

    The classes overlap, so the best weights are finite; on separable data (tiny
    ``noise``) the loss keeps falling as ``|w|`` grows and ``minima`` is empty.
    """

    data_set = ("blobs", {"dim": 1})
    min_half = 4.0

    def minimiser(self, x, y):
        a, b = x[y == 0], x[y == 1]
        if a.size == 0 or b.size == 0 or a.max() <= b.min() or b.max() <= a.min():
            return None   # a threshold splits the classes: the minimum is at infinity
        # Cross-entropy is convex: Newton from 0 finds its minimum; squared error starts there.
        guess = newton(LogReg, x, y, np.zeros(2))
        return guess if guess is None or type(self) is LogReg else newton(self, x, y, guess)

    def window(self, best, x, y):
        """Both signs of ``w`` in view, and a start that is confidently wrong (w < 0).

        From there cross-entropy pulls hard, while squared error sits on a plateau.
        The view comes from the cross-entropy minimum for both losses, so that
        ``logreg`` and ``logreg_mse`` on the same data share window and start.
        """
        anchor = None if best is None else newton(LogReg, x, y, np.zeros(2))
        w, b = (0.0, 0.0) if anchor is None else anchor
        h = max(self.min_half, 1.5 * abs(w), 1.5 * abs(b))
        return np.array([0.0, b]), h, np.array([-0.6 * h, b + 0.6 * h])


@register
@dataclasses.dataclass(frozen=True, repr=False)
class LogReg(_Logistic):
    """Logistic regression ``sigmoid(w x + b)`` with binary cross-entropy (convex).

    ``l = -[y log s(z) + (1 - y) log(1 - s(z))]`` is computed as
    ``log(1 + exp((1 - 2y) z))`` with ``np.logaddexp``, exact for labels 0/1 and
    finite for any ``z`` (``log(sigmoid(z))`` would give ``log(0)``).  Gradient
    ``l' = s(z) - y``.

    >>> s = LogReg()
    >>> float(s.value((0.0, 0.0)))       # predicting 1/2 for everyone costs log 2
    0.693147
    """

    name = "logreg"
    title = "Logistic regression, cross-entropy"
    formula = "L = −1/N Σ [yᵢ log σ(zᵢ) + (1 − yᵢ) log(1 − σ(zᵢ))],  z = w x + b"
    noise: float = 1.0

    @staticmethod
    def loss(z, y):
        return np.logaddexp(0.0, (1.0 - 2.0 * y) * z)

    @staticmethod
    def dloss(z, y):
        return sigmoid(z) - y

    @staticmethod
    def d2loss(z, y):
        s = sigmoid(z)
        return s * (1.0 - s)


@register
@dataclasses.dataclass(frozen=True, repr=False)
class LogRegMSE(_Logistic):
    """The same sigmoid neuron with squared error ``(s(z) - y)^2``: not convex.

    Where the sigmoid saturates, ``s'(z) = s (1 - s)`` is ~0 and so is the gradient,
    even when the prediction is completely wrong: flat plateaus that stall GD, which
    is why classifiers use cross-entropy.

    >>> s = LogRegMSE()
    >>> wrong = (-8.0, 0.0)        # confidently wrong, yet almost no slope
    >>> bool(s.value(wrong) > 0.4 and np.linalg.norm(s.grad(wrong)) < 0.05)
    True
    """

    name = "logreg_mse"
    title = "Logistic regression, MSE"   # the same model as logreg: only the loss differs
    formula = "L = 1/N Σ (σ(w xᵢ + b) − yᵢ)²"
    noise: float = 1.0

    @staticmethod
    def loss(z, y):
        return (sigmoid(z) - y) ** 2

    @staticmethod
    def dloss(z, y):
        s = sigmoid(z)
        return 2.0 * (s - y) * s * (1.0 - s)

    @staticmethod
    def d2loss(z, y):
        s = sigmoid(z)
        ds = s * (1.0 - s)
        return 2.0 * (ds * ds + (s - y) * ds * (1.0 - 2.0 * s))
