"""A small multilayer perceptron in numpy, with backpropagation written out by hand.

One training step is four named steps (:meth:`MLP.train_step` is exactly this)::

    cache = net.forward(p, X)           # 1. forward:  z = a W + b,  a = f(z), layer by layer
    loss = net.mean_loss(cache, y)      # 2. loss:     mean of l(z_out, y) over the samples
    g = net.backward(p, cache, y)       # 3. backward: delta = dL/dz, from the output back
    p = p - lr * g                      # 4. update

Parameters live in one flat vector ``p`` of length P.  Layer l owns one contiguous
block, ``W_l`` row by row and then ``b_l``: read as a matrix of shape
``(n_in + 1, n_out)`` the block is ``[W_l; b_l]``, the weights with the bias as
their last row.  ``net.views(p)`` gives the named views ``W1, b1, W2, ...``.

The network is a finite-sum Surface of dimension P: ``value`` and ``grad`` are means
over the samples of a mini-batch (an index array), so ``optimizers.run``, epochs,
batches and every optimizer work on it unchanged.  Everything is vectorised over
many parameter vectors at once, ``p`` of shape ``(K, P)``.

Evaluating the loss alone (``value``, and the grids of a plane) takes a faster road
than training, :meth:`MLP.losses`: the same layers and the same loss, with the
samples along the last axis, each bias folded into its weights and every
activation written in place, in float32 where the caller asks for it.
"""
from __future__ import annotations

import dataclasses
import functools
import hashlib
import threading
from typing import ClassVar, NamedTuple

import numpy as np

from groundwork import check_fits, checks

from . import datasets
from .base import as_points, batch_indices
from .finite_sum import sigmoid
from .neuron import PARTS
from .preprocess import SCALINGS
from .registry import register


# ---------------------------------------------------------------- the tables
def _sigmoid(z, out=None):
    if out is None:
        return sigmoid(z)
    np.copyto(out, sigmoid(z))
    return out


# Activations: f(z, out=None) and f'(z) written with a = f(z) where that is cheaper.
# The one table for training and for the fast evaluation (which passes out=z).
ACTIVATIONS = {
    "tanh": (lambda z, out=None: np.tanh(z, out=out), lambda z, a: 1.0 - a * a),
    "relu": (lambda z, out=None: np.maximum(z, 0.0, out=out), lambda z, a: (z > 0).astype(z.dtype)),
    "sigmoid": (_sigmoid, lambda z, a: a * (1.0 - a)),
}


def softplus(s):
    """``log(1 + e^s)`` without overflow: ``max(s, 0) + log(1 + e^-|s|)``."""
    return np.maximum(s, 0.0) + np.log1p(np.exp(-np.abs(s)))


def _mse_mean(z, y):
    """Mean of ``(z - y)^2`` over the last axis (the samples); overwrites ``z``."""
    z -= y
    return np.einsum("...b,...b->...", z, z) / z.shape[-1]


def _bce_mean(z, y):
    """Mean over the samples of ``softplus((1 - 2y) z)``, cross-entropy on a sigmoid output
    for labels 0/1; overwrites ``z``.  Written as ``max(s, 0) + log(1 + e^-|s|)``: both
    parts are >= 0, so their sums lose nothing to cancellation, even in float32."""
    s = np.multiply(z, (1 - 2 * y).astype(z.dtype), out=z)
    t = np.abs(s, out=_scratch("t", s.shape, s.dtype))
    np.negative(t, out=t)
    np.exp(t, out=t)
    np.log1p(t, out=t)
    np.maximum(s, 0, out=s)
    return (s.sum(axis=-1) + t.sum(axis=-1)) / s.shape[-1]


# Per-sample loss of the output pre-activation z: the mean over the samples (in place),
# and dl/dz.  bce: the output is sigmoid(z); -[y log s + (1-y) log(1-s)] = softplus((1-2y) z).
# mse: the output is z itself (a linear output unit).
LOSSES = {
    "mse": (_mse_mean, lambda z, y: 2.0 * (z - y)),
    "bce": (_bce_mean, lambda z, y: sigmoid(z) - y),
}
LOSS_NAMES = {"mse": "MSE", "bce": "cross-entropy"}
ALIASES = {"cross_entropy": "bce", "cross-entropy": "bce", "ce": "bce"}
_DROPOUT = 3          # random stream of the dropout masks (data and split use others)
BLOCK = 1 << 19       # numbers per activation block (2 MB in float32): stays in each
                      # core's L2 cache, and still amortises the per-call costs
_local = threading.local()


def _scratch(key, shape, dtype, ones_row=False):
    """A scratch array kept per thread: no fresh memory (and page faults) for every block.

    ``ones_row``: its last row along axis 1 is set to 1 once, when it is made.
    """
    store = _local.__dict__.setdefault("buffers", {})
    buf = store.get((key, shape, dtype))
    if buf is None:
        if len(store) > 64:            # block shapes of a past job: let them go
            store.clear()
        buf = store[(key, shape, dtype)] = np.empty(shape, dtype)
        if ones_row:
            buf[:, -1] = 1.0
    return buf


class Cache(NamedTuple):
    """What the forward pass keeps for the backward pass (one entry per layer l)."""

    a: list   # a[l]: the input of layer l (a[0] = X), after dropout
    z: list   # z[l] = a[l] W_l + b_l
    h: list   # h[l] = f(z[l]) before dropout (hidden layers only)


@register
@dataclasses.dataclass(frozen=True, repr=False)
class MLP:
    """A network ``d -> hidden... -> 1`` on a generated two-class (or regression) data set.

    The dataclass fields are the settings, kept as given; everything computed from
    them (the data, the layer sizes, the start, the view) is derived state, a cached
    property made once at construction.

    Parameters
    ----------
    data, n, noise, seed : the data set (:func:`landscape.datasets.make`: moons, xor,
        circles, spiral, blobs, ...), its size, noise (None: its own) and the seed of
        data, split, initial weights and dropout masks
    hidden : hidden layer sizes, each >= 1 (one int for one layer); ``()`` is
        logistic (or linear) regression
    activation : ``"tanh"``, ``"relu"`` or ``"sigmoid"``
    loss : ``"bce"``, cross-entropy on a sigmoid output (0/1 labels), or ``"mse"``,
        squared error on a linear output (``"cross-entropy"`` is read as ``"bce"``)
    dropout : share of hidden units dropped in ``grad``, in [0, 1); training only
        (``value`` is the evaluation loss); kept units are scaled by ``1 / (1 - dropout)``
    scale, n_val, part : as for the other finite-sum surfaces (scaling fitted on the
        training part, held-out samples, which part the loss is a mean over)

    Examples
    --------
    >>> import landscape
    >>> net = landscape.get("mlp", data="xor", hidden=(4,), n=100)
    >>> net.dim, [v.shape for v in net.views(net.start).values()]
    (17, [(2, 4), (4,), (4, 1), (1,)])
    >>> p, loss0 = net.train_step(net.start, lr=0.5)
    >>> float(net.value(p)) < loss0        # one step of gradient descent helps
    True
    """

    name: ClassVar[str] = "mlp"
    formula: ClassVar[str] = "L(θ) = 1/N Σ l(f_θ(xᵢ), yᵢ)"
    log_levels: ClassVar[bool] = False
    minima: ClassVar[tuple] = ()
    f_min: ClassVar[float] = 0.0        # a floor, not a minimum: both losses are >= 0

    data: str = "moons"
    n: int = 200
    noise: float | None = None
    seed: int = 0
    hidden: tuple = (16, 16)
    activation: str = "tanh"
    loss: str = "bce"
    dropout: float = 0.0
    scale: str = "standard"
    n_val: int = 0
    part: str = "train"

    def __post_init__(self):
        me = "mlp"
        self.hidden_sizes   # checks hidden
        checks.choice(me, "activation", self.activation, tuple(ACTIVATIONS))
        checks.choice(me, "loss", ALIASES.get(str(self.loss).lower(), self.loss), tuple(LOSSES))
        checks.unit(me, "dropout", self.dropout)
        checks.whole(me, "n", self.n, 2, high=datasets.MAX_SAMPLES, why="about 240 MB in 2-D")
        checks.whole(me, "seed", self.seed, 0)
        checks.whole(me, "n_val", self.n_val, 0, high=datasets.MAX_SAMPLES)
        if self.n + self.n_val > datasets.MAX_SAMPLES:
            raise ValueError(f"{me}: n + n_val = {self.n + self.n_val:,} samples is too many: at most "
                             f"{datasets.MAX_SAMPLES:,} in all")
        checks.choice(me, "scale", self.scale, SCALINGS)
        checks.choice(me, "part", self.part, PARTS)
        if self.noise is not None:
            checks.number(me, "noise", self.noise, low=0.0, high=datasets.MAX_NOISE)
        if self.part == "validation" and self.n_val == 0:
            raise ValueError("mlp: part='validation' needs held-out samples; give n_val >= 1")
        # one gradient of the full data keeps, per sample, every layer's z, f(z) and delta;
        # the weights are P numbers (and the start a tuple of P Python floats)
        units = 2 + sum(self.hidden_sizes) + 1
        sizes = (2, *self.hidden_sizes, 1)
        P = sum((a + 1) * b for a, b in zip(sizes[:-1], sizes[1:]))
        check_fits("mlp", f"a network with hidden={self.hidden_sizes} ({P:,} weights) on "
                          f"n={self.n:,} samples", (self.n + self.n_val) * units * 32 + P * 64,
                   lambda budget: "give fewer samples (n) or smaller hidden layers")
        self.dataset    # builds the data now: a bad combination fails at construction

    # ------------------------------------------------------------ derived state
    @functools.cached_property
    def hidden_sizes(self) -> tuple:
        """The hidden layer sizes as a tuple (``hidden=16`` is one layer of 16)."""
        hidden = (self.hidden,) if isinstance(self.hidden, (int, np.integer)) else self.hidden
        try:
            return tuple(checks.whole("mlp", "hidden size", h, 1) for h in hidden)
        except (TypeError, ValueError):
            raise ValueError(f"mlp: hidden={self.hidden!r} must be layer sizes >= 1, "
                             "e.g. (16, 16)") from None

    @functools.cached_property
    def objective(self) -> str:
        """The loss by its short name: ``"bce"`` or ``"mse"``."""
        return ALIASES.get(str(self.loss).lower(), self.loss)

    @functools.cached_property
    def dataset(self) -> datasets.Dataset:
        """The samples the loss is a mean over: this part, scaled with the training numbers."""
        data = datasets.make(self.data, n=self.n + self.n_val, noise=self.noise, seed=self.seed)
        if self.objective == "bce" and not np.isin(data.y, (0.0, 1.0)).all():
            raise ValueError(f"mlp: loss='bce' needs 0/1 labels, but data {self.data!r} is a "
                             "regression set; use loss='mse'")
        train, val = (datasets.split(data, self.n_val / len(data), seed=self.seed)
                      if self.n_val else (data, None))
        scaler = datasets.fit_scaler(train, self.scale)   # training numbers, for both parts
        return scaler(train if self.part == "train" else val)

    @property
    def X(self) -> np.ndarray:
        return self.dataset.X

    @property
    def y(self) -> np.ndarray:
        return self.dataset.y

    @property
    def n_samples(self) -> int:
        return self.dataset.n

    @functools.cached_property
    def sizes(self) -> tuple:
        """Units per layer, input to output: ``(d, *hidden, 1)``."""
        return (self.dataset.dim, *self.hidden_sizes, 1)

    @functools.cached_property
    def offsets(self) -> tuple:
        """Where each layer's block starts in ``p``, and the end of the last one."""
        return tuple(int(v) for v in np.cumsum(
            [0] + [(a + 1) * b for a, b in zip(self.sizes[:-1], self.sizes[1:])]))

    @property
    def dim(self) -> int:
        """P, the number of parameters."""
        return self.offsets[-1]

    @functools.cached_property
    def start(self) -> tuple:
        """The seeded initial weights (:meth:`init`)."""
        return tuple(self.init(self.seed).tolist())

    @functools.cached_property
    def bounds(self) -> tuple:
        return tuple((v - 1.0, v + 1.0) for v in self.start)

    # ------------------------------------------------------------ parameters
    def init(self, seed=0) -> np.ndarray:
        """Initial weights: Glorot-uniform (He-normal for ReLU), biases zero; seeded."""
        rng = np.random.default_rng([checks.whole("mlp", "seed", seed, 0), 0])
        p = np.zeros(self.dim)
        for W, b in self.layers(p):
            n_in, n_out = W.shape
            if self.activation == "relu":   # keeps the variance of z through ReLU layers
                W[...] = rng.standard_normal(W.shape) * np.sqrt(2.0 / n_in)
            else:                           # keeps tanh / sigmoid out of saturation
                W[...] = rng.uniform(-1, 1, W.shape) * np.sqrt(6.0 / (n_in + n_out))
        return p

    def blocks(self, p) -> list:
        """Each layer's block ``[W; b]`` as a view of shape ``(..., n_in + 1, n_out)``."""
        p = np.asarray(p)
        return [p[..., lo:hi].reshape(p.shape[:-1] + (n_in + 1, n_out))
                for lo, hi, n_in, n_out in zip(self.offsets[:-1], self.offsets[1:],
                                               self.sizes[:-1], self.sizes[1:])]

    def layers(self, p) -> list:
        """``[(W1, b1), (W2, b2), ...]``: views into ``p`` (writing to them writes ``p``)."""
        return [(Wb[..., :-1, :], Wb[..., -1, :]) for Wb in self.blocks(p)]

    def views(self, p) -> dict:
        """The named views ``{"W1": ..., "b1": ..., "W2": ...}`` into ``p``."""
        return {f"{k}{l}": v for l, (W, b) in enumerate(self.layers(p), 1)
                for k, v in (("W", W), ("b", b))}

    # ------------------------------------------------------------ the four steps
    def forward(self, p, X, masks=None) -> Cache:
        """Step 1: ``z = a W + b`` and ``a = f(z)`` (times the dropout mask), layer by layer."""
        f = ACTIVATIONS[self.activation][0]
        layers = self.layers(p)
        a, cache = X, Cache([], [], [])
        for l, (W, b) in enumerate(layers):
            z = a @ W + b[..., None, :]           # (K, B, n_out): every sample, every point
            cache.a.append(a)
            cache.z.append(z)
            if l < len(layers) - 1:               # hidden layer
                h = f(z)
                cache.h.append(h)
                a = h if masks is None else h * masks[l]
        return cache

    def mean_loss(self, cache, y) -> np.ndarray:
        """Step 2: the mean over the samples of ``l(z_out, y)``, one number per point."""
        return LOSSES[self.objective][0](cache.z[-1][..., 0].copy(), y)

    def backward(self, p, cache, y, masks=None) -> np.ndarray:
        """Step 3: the gradient ``dL/dp``, from ``delta = dL/dz`` at the output backwards.

        ``dL/dW = a^T delta`` and ``dL/db = sum over samples of delta``; one layer down,
        ``delta <- (delta W^T) * f'(z)`` (times the same dropout mask as forward).
        """
        df = ACTIVATIONS[self.activation][1]
        layers = self.layers(p)
        g = np.zeros(np.broadcast_shapes(np.shape(p), cache.z[-1].shape[:-2] + (self.dim,)))
        grads = self.layers(g)                    # views: writing gW writes g
        delta = LOSSES[self.objective][1](cache.z[-1], y[:, None]) / len(y)   # (K, B, 1)
        for l in reversed(range(len(layers))):
            gW, gb = grads[l]
            gW[...] = np.swapaxes(cache.a[l], -1, -2) @ delta
            gb[...] = delta.sum(axis=-2)
            if l > 0:
                delta = (delta @ np.swapaxes(layers[l][0], -1, -2)) * df(cache.z[l - 1], cache.h[l - 1])
                if masks is not None:
                    delta = delta * masks[l - 1]
        return g

    def train_step(self, p, lr, batch=None):
        """One step of gradient descent, as the four steps: returns ``(new p, loss)``."""
        X, y = self.samples(batch)
        masks = self.dropout_masks(p, batch) if self.dropout else None
        cache = self.forward(p, X, masks)         # 1. forward
        loss = self.mean_loss(cache, y)           # 2. loss
        g = self.backward(p, cache, y, masks)     # 3. backward
        return np.asarray(p) - lr * g, float(np.mean(loss))   # 4. update

    # ------------------------------------------------------------ evaluation, fast
    def losses(self, points, batch=None) -> np.ndarray:
        """The evaluation loss at each row of ``points`` ``(K, P)``, computed in their
        precision (float32 points: float32 throughout; anything else: float64).

        The forward pass of :meth:`forward` and the loss of :meth:`mean_loss`, laid out
        for speed: samples run along the last axis and each bias is folded into its
        weights (``z = [W; b]^T [a; 1]``, with a row of ones under every activation),
        so a layer is one stacked matrix product and one activation written in place,
        block by block of points that fit a core's cache.

        >>> import landscape
        >>> net = landscape.get("mlp", hidden=(8,), n=50)
        >>> P = net.start + np.random.default_rng(0).normal(0, 0.3, (20, net.dim))
        >>> lecture = net.mean_loss(net.forward(P, net.X), net.y)
        >>> bool(np.allclose(net.losses(P), lecture, rtol=1e-12))
        True
        """
        points = np.asarray(points)
        X, y = self.samples(batch)
        dt = points.dtype if points.dtype == np.float32 else np.dtype(float)
        X1 = np.ascontiguousarray(np.vstack([X.T, np.ones(len(y))]), dtype=dt)   # (d + 1, B)
        y = y.astype(dt)
        out = np.empty(len(points), dt)
        rows = max(1, BLOCK // (len(y) * (max(self.sizes) + 1)))
        rows = -(-len(points) // -(-len(points) // rows)) if len(points) else 1   # equal blocks
        for i in range(0, len(points), rows):
            out[i:i + rows] = self._block_losses(points[i:i + rows].astype(dt, copy=False), X1, y)
        return out

    def _block_losses(self, p, X1, y):
        """Forward pass and mean loss for a block of k points; samples along the last axis."""
        f = ACTIVATIONS[self.activation][0]
        k, B = len(p), X1.shape[1]
        blocks = [np.swapaxes(Wb, -1, -2) for Wb in self.blocks(p)]    # [W; b]^T: (k, n_out, n_in + 1)
        a = X1
        for l, WbT in enumerate(blocks[:-1]):
            a_next = _scratch(("a", l), (k, WbT.shape[1] + 1, B), p.dtype, ones_row=True)
            z = a_next[:, :-1]                                         # the last row stays 1:
            np.matmul(WbT, a, out=z)                                   # z = W^T a + b, k at once
            f(z, out=z)
            a = a_next
        z = np.matmul(blocks[-1], a, out=_scratch("z", (k, 1, B), p.dtype))[:, 0]   # the output unit
        return LOSSES[self.objective][0](z, y)

    # ------------------------------------------------------------ the Surface protocol
    def value(self, p, batch=None) -> np.ndarray:
        """Evaluation loss (no dropout), shape ``(...)``."""
        p = self._points(p)
        return self.losses(p.reshape(-1, self.dim), batch).reshape(p.shape[:-1])

    def grad(self, p, batch=None) -> np.ndarray:
        """Training gradient (forward and backward, with dropout if any), shape ``(..., P)``."""
        p = self._points(p)
        X, y = self.samples(batch)
        masks = self.dropout_masks(p, batch) if self.dropout else None
        return self.backward(p, self.forward(p, X, masks), y, masks)

    def dropout_masks(self, p, batch=None) -> list:
        """One mask per hidden layer, shape ``(..., B, width)``: 0 or ``1 / (1 - dropout)``.

        A mask is drawn from a generator seeded by ``seed``, the parameters and the
        batch: a pure function, with no hidden counter, so the same run gives the same
        masks bit for bit, and each step (new parameters) gets fresh ones.
        """
        p = self._points(p)
        flat = p.reshape(-1, self.dim)
        B = len(self.samples(batch)[1])
        keep = 1.0 - self.dropout
        masks = [np.empty((len(flat), B, h)) for h in self.hidden_sizes]
        tag = b"" if batch is None else np.asarray(batch, dtype=np.int64).tobytes()
        for k, row in enumerate(flat):
            key = hashlib.blake2b(row.tobytes() + tag, digest_size=8).digest()
            rng = np.random.default_rng([self.seed, _DROPOUT, int.from_bytes(key, "little")])
            for m in masks:
                m[k] = (rng.random(m.shape[1:]) < keep) / keep
        return [m.reshape(p.shape[:-1] + m.shape[1:]) for m in masks]

    # ------------------------------------------------------------ predictions
    def output(self, p, X=None) -> np.ndarray:
        """The network's output for inputs ``X`` (default: its data): probability for bce."""
        X = self.X if X is None else np.asarray(X, dtype=float)
        z = self.forward(self._points(p), X).z[-1][..., 0]
        return sigmoid(z) if self.objective == "bce" else z

    def accuracy(self, p) -> np.ndarray:
        """Share of samples classified right (output > 1/2 means class 1)."""
        return ((self.output(p) > 0.5) == (self.y > 0.5)).mean(axis=-1)

    def samples(self, batch=None):
        """``(X, y)`` of the batch (an index array; None = all samples)."""
        if batch is None:
            return self.X, self.y
        idx = batch_indices(batch, self.n_samples, "mlp")
        return self.X[idx], self.y[idx]

    def _points(self, p) -> np.ndarray:
        return as_points(p, self.dim, f"mlp {self.architecture}")

    def validation(self):
        """The same network on the held-out samples, for ``run(validation=...)``."""
        return dataclasses.replace(self, part="validation")

    # ------------------------------------------------------------ for plots
    @property
    def architecture(self) -> str:
        return "-".join(map(str, self.sizes))

    @property
    def params(self) -> dict:
        """The settings, as given."""
        return {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}

    @property
    def label(self) -> str:
        """``"MLP 2-16-16-1, tanh, cross-entropy · moons (n=200)"``."""
        drop = f", dropout {self.dropout:g}" if self.dropout else ""
        return (f"MLP {self.architecture}, {self.activation}, {LOSS_NAMES[self.objective]}{drop}"
                f" · {self.data} (n={self.n_samples})")

    def __repr__(self) -> str:
        return "landscape.get('mlp'" + "".join(f", {k}={v!r}" for k, v in self.params.items()) + ")"
