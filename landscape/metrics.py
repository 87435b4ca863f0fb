"""Numbers of a network's weights other than its loss, for a plane to contour: a
classifier's accuracy, or any function of weight vectors ``(..., P) -> (...)``.

>>> import landscape
>>> net = landscape.get("mlp", hidden=(4,), n=40)
>>> acc = metric_function(net, "accuracy")
>>> w = np.asarray(net.start)[None]            # one weight vector, (1, P)
>>> bool(acc(w)[0] == net.accuracy(net.start))
True
"""
from __future__ import annotations

import functools

import numpy as np

from groundwork import checks

METRICS = ("accuracy",)     # by name; any function of the weights works too
METRIC_BLOCK = 1 << 19      # numbers per forward pass of a block of points: a few MB


def metric_function(surface, metric, owner="metric_function"):
    """The function ``(K, P) -> (K,)`` of weight vectors behind ``metric`` (a name of
    :data:`METRICS` or a callable), which checks what it returns; picklable.

    >>> import landscape
    >>> metric_function(landscape.get("mlp", data="sine", loss="mse", n=20), "accuracy")
    Traceback (most recent call last):
    ValueError: metric_function: metric='accuracy' needs a classifier (0/1 labels), but 'sine' is a regression set; give a function of the weights instead
    """
    if getattr(metric, "func", None) in (_checked, _accuracy):     # made here already
        return metric
    if callable(metric):
        return functools.partial(_checked, metric, owner)
    checks.choice(owner, "metric", metric, METRICS)
    y = getattr(surface, "y", None)
    if not callable(getattr(surface, "accuracy", None)) or y is None:
        raise TypeError(f"{owner}: metric='accuracy' needs a network (landscape.get('mlp', ...)), "
                        f"got {getattr(surface, 'name', surface)!r}")
    if not np.isin(y, (0.0, 1.0)).all():
        raise ValueError(f"{owner}: metric='accuracy' needs a classifier (0/1 labels), but "
                         f"{getattr(surface, 'data', surface.name)!r} is a regression set; give a "
                         "function of the weights instead")
    return functools.partial(_accuracy, surface)


def _accuracy(net, weights):
    # net.accuracy keeps every sample's activations for every point: in blocks of a few MB
    rows = max(1, METRIC_BLOCK // (len(net.y) * sum(getattr(net, "sizes", (1,)))))
    return np.concatenate([net.accuracy(weights[i:i + rows]) for i in range(0, len(weights), rows)])


def _checked(fn, owner, weights):
    name = getattr(fn, "__name__", type(fn).__name__)
    try:
        out = np.asarray(fn(weights), dtype=float)
    except Exception as exc:      # the user's function: say what it was given, keep its error
        why = (str(exc).splitlines() or [""])[0]
        raise TypeError(f"{owner}: metric={name} failed on weight vectors of shape {weights.shape}"
                        f" ({type(exc).__name__}: {why}); it must take an array (..., P)") from exc
    if out.shape != weights.shape[:-1]:
        raise ValueError(f"{owner}: metric={name} returned shape {out.shape} for weight vectors "
                         f"of shape {weights.shape}; it must return one number per vector, "
                         f"shape {weights.shape[:-1]}")
    return out
