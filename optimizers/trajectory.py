"""The record of one run: where the optimizer went, and what it saw on the way."""
from __future__ import annotations

import csv
import dataclasses
import json

import numpy as np

from .fileio import atomic_output, check_output


@dataclasses.dataclass(eq=False)
class Trajectory:
    """Parameters and diagnostics at every recorded point ``t = 0 .. T``.

    For one start, ``params`` has shape ``(T+1, dim)`` and ``loss`` ``(T+1,)``; for a
    population of ``K`` starts, ``(T+1, K, dim)`` and ``(T+1, K)``.  ``lr[t]`` is
    the learning rate of the step that led to point ``t`` (``lr[0]`` is NaN).
    ``epoch`` (fractional: samples seen / N) and ``samples`` are ``None`` on
    surfaces without samples.  ``diverged_at`` is the step at which the loss became
    non-finite or exploded (``None`` if it never did; one entry per start for a
    population, where a diverged start is NaN from then on).  ``best`` is the step
    with the lowest validation loss when a validation surface was given.
    """

    params: np.ndarray
    loss: np.ndarray
    grad_norm: np.ndarray
    lr: np.ndarray
    optimizer: dict
    surface: str
    label: str
    epoch: np.ndarray | None = None
    samples: np.ndarray | None = None
    val_loss: np.ndarray | None = None
    best: int | None = None
    stopped_early: bool = False
    diverged_at: int | tuple | None = None
    seed: int | None = None

    @property
    def steps(self) -> int:
        """Number of steps taken (``len(params) - 1``)."""
        return len(self.params) - 1

    @property
    def dim(self) -> int:
        return self.params.shape[-1]

    @property
    def population(self) -> bool:
        """True when the run stepped several starts at once."""
        return self.params.ndim == 3

    @property
    def diverged(self) -> bool:
        if self.population:
            return any(d is not None for d in self.diverged_at)
        return self.diverged_at is not None

    @property
    def final(self) -> np.ndarray:
        """The last recorded parameters."""
        return self.params[-1]

    def __repr__(self) -> str:
        extra = f", diverged_at={self.diverged_at}" if self.diverged else ""
        return f"<Trajectory {self.label} on {self.surface}: {self.steps} steps{extra}>"

    # -- files ---------------------------------------------------------------------
    def save(self, path) -> None:
        """Write the trajectory to ``path`` (``.npz``), atomically."""
        path = check_output(path, (".npz",), "Trajectory.save")
        arrays = {k: getattr(self, k) for k in ("params", "loss", "grad_norm", "lr", "epoch",
                                                "samples", "val_loss")
                  if getattr(self, k) is not None}
        meta = {k: getattr(self, k) for k in ("optimizer", "surface", "label", "best",
                                              "stopped_early", "diverged_at", "seed")}
        with atomic_output(path) as tmp:
            with open(tmp, "wb") as fh:
                np.savez(fh, meta=np.array(json.dumps(meta)), **arrays)

    @classmethod
    def load(cls, path) -> "Trajectory":
        """Read a trajectory written by :meth:`save`."""
        try:
            with np.load(path, allow_pickle=False) as data:
                meta = json.loads(str(data["meta"]))
                arrays = {k: data[k] for k in data.files if k != "meta"}
        except (OSError, KeyError, ValueError) as exc:
            raise ValueError(f"Trajectory.load: cannot read {str(path)!r}: {exc}") from None
        if isinstance(meta.get("diverged_at"), list):
            meta["diverged_at"] = tuple(meta["diverged_at"])
        return cls(**arrays, **meta)

    def to_csv(self, path) -> None:
        """Write one row per recorded point (and per start, for a population)."""
        path = check_output(path, (".csv",), "Trajectory.to_csv")
        params = self.params if self.population else self.params[:, None, :]
        loss = self.loss if self.population else self.loss[:, None]
        columns = ["step", "start", "epoch", "samples", "lr", "loss", "grad_norm"]
        columns += [f"p{i}" for i in range(self.dim)]
        if self.val_loss is not None:
            columns.append("val_loss")
        gn = self.grad_norm if self.population else self.grad_norm[:, None]
        with atomic_output(path) as tmp:
            with open(tmp, "w", newline="") as fh:
                out = csv.writer(fh)
                out.writerow(columns)
                for t in range(len(params)):
                    for k in range(params.shape[1]):
                        row = [t, k,
                               "" if self.epoch is None else repr(float(self.epoch[t])),
                               "" if self.samples is None else int(self.samples[t]),
                               repr(float(self.lr[t])), repr(float(loss[t, k])),
                               repr(float(gn[t, k]))]
                        row += [repr(float(v)) for v in params[t, k]]
                        if self.val_loss is not None:
                            val = self.val_loss[t, k] if self.population else self.val_loss[t]
                            row.append(repr(float(val)))
                        out.writerow(row)
