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
"""
from __future__ import annotations

import dataclasses
import hashlib
from typing import ClassVar, NamedTuple

import numpy as np

from . import datasets
from .base import as_points, batch_indices
from .finite_sum import sigmoid
from .neuron import PARTS
from .preprocess import SCALINGS, check_choice, check_count, check_fraction, check_number
from .registry import register


# Activations f and f'(z); f' is written with a = f(z) where that is the cheaper form.
ACTIVATIONS = {
    "tanh": (np.tanh, lambda z, a: 1.0 - a * a),
    "relu": (lambda z: np.maximum(z, 0.0), lambda z, a: (z > 0).astype(z.dtype)),
    "sigmoid": (sigmoid, lambda z, a: a * (1.0 - a)),
}


def softplus(s):
    """``log(1 + e^s)`` without overflow: ``max(s, 0) + log(1 + e^-|s|)``."""
    return np.maximum(s, 0.0) + np.log1p(np.exp(-np.abs(s)))


# Per-sample loss l(z, y) of the output pre-activation z, and dl/dz.
# bce: the output is sigmoid(z); -[y log s + (1-y) log(1-s)] = softplus((1 - 2y) z) for y in {0, 1}.
# mse: the output is z itself (a linear output unit).
LOSSES = {
    "mse": (lambda z, y: (z - y) ** 2, lambda z, y: 2.0 * (z - y)),
    "bce": (lambda z, y: softplus((1.0 - 2.0 * y) * z), lambda z, y: sigmoid(z) - y),
}
LOSS_NAMES = {"mse": "MSE", "bce": "cross-entropy"}
ALIASES = {"cross_entropy": "bce", "cross-entropy": "bce", "ce": "bce"}
_DROPOUT = 3          # random stream of the dropout masks (data and split use others)
_CHUNK = 1 << 22      # numbers per temporary array in value(): bounds memory for huge K


class Cache(NamedTuple):
    """What the forward pass keeps for the backward pass (one entry per layer l)."""

    a: list   # a[l]: the input of layer l (a[0] = X), after dropout
    z: list   # z[l] = a[l] W_l + b_l
    h: list   # h[l] = f(z[l]) before dropout (hidden layers only)


@register
@dataclasses.dataclass(frozen=True, repr=False)
class MLP:
    """A network ``d -> hidden... -> 1`` on a generated two-class (or regression) data set.

    Parameters
    ----------
    data, n, noise, seed : the data set (:func:`landscape.datasets.make`: moons, xor,
        circles, spiral, blobs, ...), its size, noise (None: its own) and the seed of
        data, split, initial weights and dropout masks
    hidden : hidden layer sizes, each >= 1; ``()`` is logistic (or linear) regression
    activation : ``"tanh"``, ``"relu"`` or ``"sigmoid"``
    loss : ``"bce"``, cross-entropy on a sigmoid output (0/1 labels), or ``"mse"``,
        squared error on a linear output
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
        hidden = (self.hidden,) if isinstance(self.hidden, (int, np.integer)) else self.hidden
        try:
            hidden = tuple(check_count(me, "hidden size", h, 1) for h in hidden)
        except (TypeError, ValueError):
            raise ValueError(f"mlp: hidden={self.hidden!r} must be layer sizes >= 1, "
                             "e.g. (16, 16)") from None
        check_choice(me, "activation", self.activation, tuple(ACTIVATIONS))
        loss = ALIASES.get(str(self.loss).lower(), self.loss)
        check_choice(me, "loss", loss, tuple(LOSSES))
        check_fraction(me, "dropout", self.dropout, zero_ok=True)
        check_count(me, "n", self.n, 2)
        check_count(me, "seed", self.seed, 0)
        check_count(me, "n_val", self.n_val, 0)
        check_choice(me, "scale", self.scale, SCALINGS)
        check_choice(me, "part", self.part, PARTS)
        noise = None if self.noise is None else check_number(me, "noise", self.noise, low=0.0)
        if self.part == "validation" and self.n_val == 0:
            raise ValueError("mlp: part='validation' needs held-out samples; give n_val >= 1")
        data = datasets.make(self.data, n=self.n + self.n_val, noise=noise, seed=self.seed)
        if loss == "bce" and not np.isin(data.y, (0.0, 1.0)).all():
            raise ValueError(f"mlp: loss='bce' needs 0/1 labels, but data {self.data!r} is a "
                             "regression set; use loss='mse'")
        train, val = (datasets.split(data, self.n_val / len(data), seed=self.seed)
                      if self.n_val else (data, None))
        scaler = datasets.fit_scaler(train, self.scale)   # training numbers, for both parts
        own = scaler(train if self.part == "train" else val)
        sizes = (own.dim, *hidden, 1)
        offsets = np.cumsum([0] + [(a + 1) * b for a, b in zip(sizes[:-1], sizes[1:])])
        for key, value in dict(hidden=hidden, loss=loss, noise=noise, dataset=own, X=own.X,
                               y=own.y, n_samples=own.n, sizes=sizes, dim=int(offsets[-1]),
                               _blocks=tuple(zip(offsets[:-1], sizes[:-1], sizes[1:]))).items():
            object.__setattr__(self, key, value)
        start = self.init(self.seed)
        object.__setattr__(self, "start", tuple(start.tolist()))
        object.__setattr__(self, "bounds", tuple((v - 1.0, v + 1.0) for v in self.start))

    # ------------------------------------------------------------ parameters
    def init(self, seed=0) -> np.ndarray:
        """Initial weights: Glorot-uniform (He-normal for ReLU), biases zero; seeded."""
        rng = np.random.default_rng([check_count("mlp", "seed", seed, 0), 0])
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
        return [p[..., lo:lo + (n_in + 1) * n_out].reshape(p.shape[:-1] + (n_in + 1, n_out))
                for lo, n_in, n_out in self._blocks]

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
        return LOSSES[self.loss][0](cache.z[-1][..., 0], y).mean(axis=-1)

    def backward(self, p, cache, y, masks=None) -> np.ndarray:
        """Step 3: the gradient ``dL/dp``, from ``delta = dL/dz`` at the output backwards.

        ``dL/dW = a^T delta`` and ``dL/db = sum over samples of delta``; one layer down,
        ``delta <- (delta W^T) * f'(z)`` (times the same dropout mask as forward).
        """
        df = ACTIVATIONS[self.activation][1]
        layers = self.layers(p)
        g = np.zeros(np.broadcast_shapes(np.shape(p), cache.z[-1].shape[:-2] + (self.dim,)))
        grads = self.layers(g)                    # views: writing gW writes g
        delta = LOSSES[self.loss][1](cache.z[-1], y[:, None]) / len(y)   # (K, B, 1)
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

    # ------------------------------------------------------------ the Surface protocol
    def value(self, p, batch=None) -> np.ndarray:
        """Evaluation loss (no dropout), shape ``(...)``; chunked so huge K fits in memory."""
        p = self._points(p)
        X, y = self.samples(batch)
        flat = p.reshape(-1, self.dim)
        out = np.empty(len(flat))
        rows = max(1, _CHUNK // (len(y) * max(self.sizes)))
        for i in range(0, len(flat), rows):
            out[i:i + rows] = self.mean_loss(self.forward(flat[i:i + rows], X), y)
        return out.reshape(p.shape[:-1])

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
        masks = [np.empty((len(flat), B, h)) for h in self.hidden]
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
        return sigmoid(z) if self.loss == "bce" else z

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
        return {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}

    @property
    def label(self) -> str:
        """``"MLP 2-16-16-1, tanh, cross-entropy · moons (n=200)"``."""
        drop = f", dropout {self.dropout:g}" if self.dropout else ""
        return (f"MLP {self.architecture}, {self.activation}, {LOSS_NAMES[self.loss]}{drop}"
                f" · {self.data} (n={self.n_samples})")

    def __repr__(self) -> str:
        return "landscape.get('mlp'" + "".join(f", {k}={v!r}" for k, v in self.params.items()) + ")"
