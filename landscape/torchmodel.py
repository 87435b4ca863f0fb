"""Any PyTorch model as a surface: ``L(θ) = 1/N Σᵢ l(f_θ(xᵢ), yᵢ)`` over its P weights.

``θ`` is the model's parameters flattened in the order of ``model.parameters()``, each
row-major (the layout of ``torch.nn.utils.parameters_to_vector``).  ``value`` and
``grad`` take K weight vectors at once, ``(..., P)``: the model made functional
(``torch.func.functional_call``), vectorised over the weights (``torch.func.vmap``, the
gradient through ``torch.func.grad``), in float64 on the CPU, chunk by chunk so that a
100 x 100 plane fits in memory.  So planes, figures and every optimizer work on a torch
model as on lossviz's own MLP.

torch is an optional extra (``pip install 'lossviz[torch]'``), imported inside
:func:`from_torch`: ``import landscape`` never imports it.
"""
from __future__ import annotations

import copy
import dataclasses
import functools
import math
import threading
import warnings
from collections.abc import Callable
from typing import ClassVar

import numpy as np

from groundwork import checks

from . import gridding
from .base import as_points, batch_indices

INSTALL = "pip install 'lossviz[torch]'"
BLOCK = 1 << 22     # numbers per chunk of points (32 MB in float64)
# losses that are >= 0 whatever the model outputs: 0 is their floor (contours, loss axes)
NON_NEGATIVE = frozenset({"MSELoss", "L1Loss", "HuberLoss", "SmoothL1Loss", "BCELoss", "BCEWithLogitsLoss",
                          "CrossEntropyLoss", "mse_loss", "l1_loss", "cross_entropy",
                          "binary_cross_entropy_with_logits"})


@dataclasses.dataclass(frozen=True, eq=False, repr=False)
class TorchSurface:
    """A torch model's loss as a Surface of dimension P; see :func:`from_torch`.

    The fields are what :func:`from_torch` made of its arguments: ``model``, a float64
    copy in eval mode (the caller's model is never touched); ``X`` and ``y``, CPU
    tensors (float64 where they hold reals); ``width``, the numbers the forward pass
    makes per sample (it sizes the chunks); ``threads``, each thread's :meth:`functions`.
    """

    minima: ClassVar[tuple] = ()
    log_levels: ClassVar[bool] = False
    formula: ClassVar[str] = "L(θ) = 1/N Σ l(f_θ(xᵢ), yᵢ)"

    model: object
    loss_fn: Callable
    X: object
    y: object
    name: str = "torch"
    bounds: tuple = ()
    start: tuple = ()
    width: int = 1
    threads: threading.local = dataclasses.field(default_factory=threading.local, init=False)

    @functools.cached_property
    def shapes(self) -> tuple:
        """``(name, shape)`` of each parameter, in the order of ``model.parameters()``."""
        return tuple((k, tuple(v.shape)) for k, v in self.model.named_parameters())

    @functools.cached_property
    def offsets(self) -> tuple:
        """Where each parameter starts in ``θ``, and the end of the last one."""
        return tuple(int(v) for v in np.cumsum([0] + [math.prod(s) for _, s in self.shapes]))

    @property
    def dim(self) -> int:
        """P, the number of weights."""
        return self.offsets[-1]

    @property
    def n_samples(self) -> int:
        return len(self.X)

    @property
    def f_min(self) -> float | None:
        """0, a floor, for losses that cannot go below it (MSE, cross-entropy, ...); else None."""
        return 0.0 if loss_name(self.loss_fn) in NON_NEGATIVE else None

    @property
    def params(self) -> dict:
        """No settings of lossviz's: runs record the surface's name alone."""
        return {}

    @property
    def label(self) -> str:
        """``"torch: Sequential (33 weights), BCEWithLogitsLoss (n=200)"``."""
        return (f"{self.name}: {type(self.model).__name__} ({self.dim:,} weights), "
                f"{loss_name(self.loss_fn)} (n={self.n_samples})")

    def views(self, p) -> dict:
        """The named views ``{"0.weight": ..., "0.bias": ...}`` into points ``(..., P)``."""
        p = np.asarray(p)
        return {k: p[..., lo:hi].reshape(p.shape[:-1] + shape) for (k, shape), lo, hi
                in zip(self.shapes, self.offsets[:-1], self.offsets[1:])}

    def functions(self, dtype="float64") -> tuple:
        """``(value, grad)`` of one weight vector, vectorised over a leading axis of them,
        in ``dtype`` (``"float64"``, or ``"float32"`` for contours).  ``functional_call``
        swaps the weights into the module while it runs: each thread calls its own copy."""
        import torch
        from torch.func import functional_call, grad, vmap

        made = self.threads.__dict__.setdefault("functions", {})
        if dtype in made:
            return made[dtype]
        model = copy.deepcopy(self.model).to(getattr(torch, dtype))
        buffers = dict(model.named_buffers())
        cuts = list(zip(self.shapes, self.offsets[:-1], self.offsets[1:]))

        def loss(theta, X, y):
            weights = {k: theta[lo:hi].reshape(shape) for (k, shape), lo, hi in cuts}
            return self.loss_fn(functional_call(model, (weights, buffers), (X,)), y)

        made[dtype] = vmap(loss, in_dims=(0, None, None)), vmap(grad(loss), in_dims=(0, None, None))
        return made[dtype]

    def samples(self, batch=None):
        """``(X, y)`` of the batch (an index array; None = all samples), as tensors."""
        if batch is None:
            return self.X, self.y
        import torch

        idx = torch.from_numpy(batch_indices(batch, self.n_samples, self.name).astype(np.int64))
        return self.X[idx], self.y[idx]

    def value(self, p, batch=None) -> np.ndarray:
        """The loss at points ``(..., P)``, shape ``(...)``: the mean over the batch."""
        p = as_points(p, self.dim, self.name)
        return self._evaluate(0, p.reshape(-1, self.dim), batch).reshape(p.shape[:-1])

    def grad(self, p, batch=None) -> np.ndarray:
        """``dL/dθ`` at points ``(..., P)``, shape ``(..., P)``."""
        p = as_points(p, self.dim, self.name)
        return self._evaluate(1, p.reshape(-1, self.dim), batch).reshape(p.shape)

    def losses(self, points, batch=None) -> np.ndarray:
        """The loss at each row of ``points`` ``(K, P)``, computed in their precision
        (float32 points: float32 throughout, about twice as fast; else float64), as
        :meth:`landscape.mlp.MLP.losses`: a float32 Plane draws its contours through it."""
        points = np.asarray(points)
        dtype = "float32" if points.dtype == np.float32 else "float64"
        return self._evaluate(0, as_points(points, self.dim, self.name).astype(dtype), batch, dtype)

    def _evaluate(self, which, flat, batch, dtype="float64") -> np.ndarray:
        """``value`` (which=0) or ``grad`` (1) at the rows of ``flat``, in chunks: a point
        costs its activations over the batch (a gradient keeps them, their gradients and
        its weights), at most BLOCK numbers a chunk; many chunks run on every core."""
        import torch

        X, y = (v.to(getattr(torch, dtype)) if v.is_floating_point() else v
                for v in self.samples(batch))
        rows = max(1, BLOCK // ((len(y) * self.width + self.dim) * (3 if which else 1)))
        part = functools.partial(self._chunk, which, dtype, X, y)
        return gridding.evaluate(part, flat, chunk=rows)

    def _chunk(self, which, dtype, X, y, flat) -> np.ndarray:
        import torch

        with torch.no_grad():       # (grad mode is a thread's own)
            out = self.functions(dtype)[which](torch.from_numpy(np.ascontiguousarray(flat)), X, y)
        return out.numpy().astype(float, copy=False)

    def __repr__(self) -> str:
        return f"<from_torch {self.label}>"


def loss_name(loss_fn) -> str:
    """A loss by its name: the class of a module (``MSELoss``), else the function's name."""
    is_function = callable(loss_fn) and hasattr(loss_fn, "__name__") and not isinstance(loss_fn, type)
    return loss_fn.__name__ if is_function else type(loss_fn).__name__


def from_torch(model, loss_fn, X, y, *, name="torch", bounds=None, start=None) -> TorchSurface:
    """The loss of a PyTorch ``model`` on data ``(X, y)`` as a Surface of its P weights.

    Parameters
    ----------
    model : a ``torch.nn.Module``; copied, in float64 and eval mode (no dropout,
        BatchNorm on its running statistics), so the surface is deterministic
    loss_fn : ``loss_fn(model(X), y)`` -> one number, the mean over the samples, such as
        ``torch.nn.MSELoss()`` or ``torch.nn.BCEWithLogitsLoss()``
    X, y : the samples and their targets, tensors or numpy arrays of the same length N
        (reals are taken in float64; integer targets, class indices, stay integers)
    name : the surface's name (runs record it)
    bounds, start : P pairs ``(lo, hi)`` and P numbers; default the model's current
        weights ``θ0`` as the start and ``θ0 ± 1`` as the bounds

    One forward pass checks at construction that the model runs on ``X`` and that its
    output fits ``y`` for the loss (torch would broadcast an output ``(N, 1)`` against
    ``y`` ``(N,)`` to an ``(N, N)`` mistake): bad data is one line, here.

    Examples
    --------
    >>> import pytest; torch = pytest.importorskip("torch")   # the optional extra
    >>> import landscape
    >>> _ = torch.manual_seed(0)
    >>> model = torch.nn.Sequential(torch.nn.Linear(2, 8), torch.nn.Tanh(), torch.nn.Linear(8, 1))
    >>> model = model.double()                                   # (so that torch's own loss is exact)
    >>> X = torch.randn(100, 2, dtype=torch.float64)
    >>> y = (X[:, 0] * X[:, 1] > 0).double()[:, None]           # xor: one target per output
    >>> s = landscape.from_torch(model, torch.nn.BCEWithLogitsLoss(), X, y, name="xor")
    >>> s.dim                                                    # (2 + 1) 8 + (8 + 1) 1
    33
    >>> thetas = np.asarray(s.start) + np.random.default_rng(0).normal(0, 0.1, (5, s.dim))
    >>> s.value(thetas).shape, s.grad(thetas).shape              # 5 weight vectors at once
    ((5,), (5, 33))
    >>> with torch.no_grad():                                    # the same loss as torch's own
    ...     own = torch.nn.BCEWithLogitsLoss()(model(X), y).item()
    >>> bool(np.isclose(s.value(s.start), own, rtol=1e-12))
    True
    """
    me = "from_torch"
    try:
        import torch
        import torch.func
    except ImportError:     # (torch.func: torch 2.0 and later)
        raise ImportError(f"from_torch needs PyTorch, an optional extra: {INSTALL}") from None
    if not isinstance(model, torch.nn.Module):
        raise TypeError(f"{me}: model={checks.shown(model)} must be a torch.nn.Module")
    if not callable(loss_fn):
        raise TypeError(f"{me}: loss_fn={checks.shown(loss_fn)} must be callable, such as "
                        "torch.nn.MSELoss()")
    if getattr(loss_fn, "reduction", "mean") != "mean":
        raise ValueError(f"{me}: loss_fn has reduction={loss_fn.reduction!r}; a surface's loss is "
                         "the mean over a batch: give reduction='mean' (the default)")
    if not isinstance(name, str) or not name.strip():
        raise TypeError(f"{me}: name={checks.shown(name)} must be a word, such as 'torch'")
    X, y = (_tensor(torch, key, v) for key, v in (("X", X), ("y", y)))
    if len(X) != len(y) or len(X) == 0:
        raise ValueError(f"{me}: X has {len(X)} samples (shape {tuple(X.shape)}) but y has {len(y)} "
                         f"(shape {tuple(y.shape)}); give one target per sample, at least one")
    net = copy.deepcopy(model).to(device="cpu", dtype=torch.float64).eval().requires_grad_(False)
    if not list(net.parameters()):
        raise ValueError(f"{me}: model {type(model).__name__} has no parameters; its loss is no surface")
    theta0 = torch.nn.utils.parameters_to_vector(net.parameters()).numpy()
    P = len(theta0)
    start = tuple(_numbers(me, "start", theta0 if start is None else start, (P,)).tolist())
    lo_hi = np.stack([np.subtract(start, 1.0), np.add(start, 1.0)], axis=1) if bounds is None \
        else _numbers(me, "bounds", bounds, (P, 2))
    if not np.all(lo_hi[:, 0] < lo_hi[:, 1]):
        raise ValueError(f"{me}: bounds must be {P} pairs (lo, hi) with lo < hi")
    width = _check_forward(torch, net, loss_fn, X, y)
    surface = TorchSurface(net, loss_fn, X, y, name, tuple(map(tuple, lo_hi.tolist())), start, width)
    try:
        surface.value(np.asarray(start)[None])
    except Exception as e:  # noqa: BLE001  (torch's own error, said in one line)
        raise ValueError(f"{me}: the model runs, but not as a function of many weight vectors at "
                         f"once (torch.func.vmap: {_first_line(e)}); models with .item(), in-place "
                         "changes of their weights or data-dependent control flow cannot") from None
    return surface


def _tensor(torch, key, value):
    """``value`` as a CPU tensor, reals in float64; a clear error for anything else."""
    if isinstance(value, np.ndarray):
        if value.dtype.kind not in "biuf":
            raise TypeError(f"from_torch: {key} holds {value.dtype} values; give numbers")
        value = torch.from_numpy(np.array(value))       # a copy of its own (and writable)
    elif not isinstance(value, torch.Tensor):
        raise TypeError(f"from_torch: {key} must be a torch tensor or a numpy array, got "
                        f"{type(value).__name__}; convert it with torch.as_tensor({key})")
    if value.ndim == 0:
        raise ValueError(f"from_torch: {key} is a single number; give one row per sample")
    real = value.is_floating_point()
    return value.detach().to("cpu", torch.float64 if real else value.dtype, copy=True)


def _numbers(owner, key, value, shape) -> np.ndarray:
    """``value`` as finite floats of ``shape``, or a clear error."""
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(f"{owner}: {key}={checks.shown(value)} must be numbers") from None
    if arr.shape != shape or not np.isfinite(arr).all():
        raise ValueError(f"{owner}: {key} must be finite numbers of shape {shape} (the model has "
                         f"{shape[0]} weights), got shape {arr.shape}")
    return arr


def _check_forward(torch, net, loss_fn, X, y) -> int:
    """One forward pass and the loss: the model runs on X, its output fits y, the loss is
    one number.  Returns the numbers the pass makes per sample (every module's output)."""
    made = []
    hooks = [m.register_forward_hook(lambda m, i, out: made.append(getattr(out, "numel", int)()))
             for m in net.modules()]
    try:
        with torch.no_grad():
            out = net(X)
    except Exception as e:  # noqa: BLE001
        raise ValueError(f"from_torch: the model cannot run on X of shape {tuple(X.shape)} "
                         f"({_first_line(e)}); give X as the model's first layer takes it") from None
    finally:
        for h in hooks:
            h.remove()
    shapes = (f"the model's output of shape {tuple(getattr(out, 'shape', ()))} does not fit y of "
              f"shape {tuple(y.shape)} for {loss_name(loss_fn)}")
    with warnings.catch_warnings(record=True) as seen, torch.no_grad():
        warnings.simplefilter("always")
        try:
            loss = loss_fn(out, y)
        except Exception as e:  # noqa: BLE001
            raise ValueError(f"from_torch: {shapes} ({_first_line(e)}); give y the output's "
                             "shape (e.g. y[:, None]) or a model with the output y needs") from None
    broadcast = [w for w in seen if "size" in str(w.message).lower()]
    if broadcast:      # MSELoss and L1Loss broadcast (N, 1) against (N,) to (N, N), with a warning
        raise ValueError(f"from_torch: {shapes}: torch would broadcast them to a wrong loss; give y "
                         "the output's shape (e.g. y[:, None]) or a model with the output y needs")
    if not isinstance(loss, torch.Tensor) or loss.numel() != 1:
        got = f"shape {tuple(loss.shape)}" if isinstance(loss, torch.Tensor) else type(loss).__name__
        raise ValueError(f"from_torch: loss_fn returned {got}; it must return one tensor number, "
                         "the mean over the batch")
    return max(1, math.ceil(sum(made) / len(X)))


def _first_line(error) -> str:
    """The first sentence of torch's message, for an error of one line."""
    return str(error).strip().split("\n")[0].split(". ")[0][:160] or type(error).__name__
