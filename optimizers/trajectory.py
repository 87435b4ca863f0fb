"""The record of one run: where the optimizer went, and what it saw on the way."""
from __future__ import annotations

import csv
import dataclasses
import json
import os
from typing import ClassVar

import numpy as np

from groundwork import atomic_output, check_output, checks

ARRAYS = ("params", "loss", "grad_norm", "lr", "epoch", "samples", "val_loss", "order", "step")
META = ("optimizer", "surface", "label", "best", "stopped_early", "diverged_at", "seed",
        "schedule", "batch_size", "converged_at", "best_loss", "reversals", "style")
LINESTYLES = ("-", "--", ":", "-.", "solid", "dashed", "dotted", "dashdot")
PER_MEMBER = ("diverged_at", "converged_at", "best_loss", "reversals")


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

    What it ran on, so that the figure can be made again: ``optimizer`` and
    ``surface`` are ``{"name": ..., setting: value, ...}`` (every parameter, as
    ``landscape.get(**surface)`` takes them), ``schedule`` likewise or None.  The
    batch plan: ``batch_size`` samples feed each step (N for the full batch; None on
    surfaces without samples) and ``order`` is every sample index in the order the
    steps used them (None for the full batch): see :meth:`batch`.

    What a summary needs, followed at every step whatever was recorded (one entry per
    start for a population): ``converged_at``, the first point whose gradient norm
    fell to ``tol`` times the start's (None if none did); ``best_loss``, the lowest
    loss reached; ``reversals``, how often the path turned back (two consecutive steps
    more than 90 degrees apart) before it converged.  ``step`` is the step number of
    each recorded point when not every step was recorded (None: point t is step t).

    How figures draw it: ``label`` in legends, and ``style`` (see :meth:`styled`),
    ``{"colour": ..., "linestyle": ...}`` or None for the optimizer's own look.
    """

    LINESTYLES: ClassVar[tuple] = LINESTYLES     # what styled(linestyle=...) takes

    params: np.ndarray
    loss: np.ndarray
    grad_norm: np.ndarray
    lr: np.ndarray
    optimizer: dict
    surface: dict
    label: str
    epoch: np.ndarray | None = None
    samples: np.ndarray | None = None
    val_loss: np.ndarray | None = None
    best: int | None = None
    stopped_early: bool = False
    diverged_at: int | tuple | None = None
    seed: int | None = None
    schedule: dict | None = None
    batch_size: int | None = None
    order: np.ndarray | None = None
    converged_at: int | tuple | None = None
    best_loss: float | tuple | None = None
    reversals: int | tuple | None = None
    step: np.ndarray | None = None
    style: dict | None = None

    @property
    def steps(self) -> int:
        """Number of steps taken (``len(params) - 1`` when every step was recorded)."""
        return len(self.params) - 1 if self.step is None else int(self.step[-1])

    @property
    def steps_at(self) -> np.ndarray:
        """The step number of each recorded point."""
        return np.arange(len(self.params)) if self.step is None else self.step

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

    def styled(self, label: str | None = None, colour: str | None = None,
               linestyle: str | None = None) -> "Trajectory":
        """A copy that figures draw with this legend ``label``, ``colour`` (any matplotlib
        colour) and ``linestyle`` (``-``, ``--``, ``:``, ``-.``); None keeps what it was.

        >>> import landscape, optimizers
        >>> t = optimizers.run(landscape.get("booth"), optimizers.get("gd", lr=0.01), steps=2)
        >>> u = t.styled("too small", colour="#E69F00", linestyle="--")
        >>> u.label, u.style
        ('too small', {'colour': '#E69F00', 'linestyle': '--'})
        """
        if label is not None and (not isinstance(label, str) or not label.strip()):
            raise TypeError(f"Trajectory.styled: label={label!r} must be a non-empty string")
        for key, value in (("colour", colour), ("linestyle", linestyle)):
            if value is not None and (not isinstance(value, str) or not value.strip()):
                raise TypeError(f"Trajectory.styled: {key}={value!r} must be a string, e.g. "
                                + ("'#E69F00' or 'C1'" if key == "colour" else "'--'"))
        if linestyle is not None and linestyle not in LINESTYLES:
            raise ValueError(f"Trajectory.styled: linestyle={linestyle!r} must be one of "
                             f"{', '.join(LINESTYLES)}")
        style = dict(self.style or {})
        style.update({k: v for k, v in (("colour", colour), ("linestyle", linestyle)) if v is not None})
        return dataclasses.replace(self, label=self.label if label is None else label, style=style or None)

    def member(self, k: int, label: str | None = None) -> "Trajectory":
        """Member ``k`` of a population as a run of its own (ending, like a single run,
        at its last finite point); ``label`` names it (default the population's).

        >>> import landscape, optimizers
        >>> pop = optimizers.run(landscape.get("booth"), optimizers.get("gd", lr=[0.01, 0.05]), steps=3)
        >>> pop.member(1).params.shape, pop.member(1).optimizer["lr"]
        ((4, 2), 0.05)
        """
        if not self.population:
            raise ValueError(f"Trajectory.member: {self.label!r} is a single run, not a population")
        K = self.params.shape[1]
        k = checks.whole("Trajectory.member", "k", k, 0, high=K - 1, why=f"a member from 0 to {K - 1}")
        finite = np.flatnonzero(np.isfinite(self.params[:, k]).all(-1))
        end = int(finite[-1]) + 1 if len(finite) else 1
        rows = slice(0, end)
        pick = {key: getattr(self, key)[k] for key in PER_MEMBER if getattr(self, key) is not None}
        optimizer = {key: v[k] if isinstance(v, list) and len(v) == K else v
                     for key, v in self.optimizer.items()}
        return dataclasses.replace(
            self, params=self.params[rows, k], loss=self.loss[rows, k], grad_norm=self.grad_norm[rows, k],
            lr=self.lr[rows], epoch=None if self.epoch is None else self.epoch[rows],
            samples=None if self.samples is None else self.samples[rows],
            val_loss=None if self.val_loss is None else self.val_loss[rows, k],
            step=None if self.step is None else self.step[rows], optimizer=optimizer,
            label=self.label if label is None else label, **pick)

    def batch(self, t: int):
        """The sample indices of the step that led to point ``t`` (``1 <= t <= steps``);
        None when every step used all samples (or there are none).

        >>> import landscape, optimizers
        >>> s = landscape.get("linreg", n=6)
        >>> run = optimizers.run(s, optimizers.get("minibatch", lr=0.1, batch_size=4), epochs=1)
        >>> [len(run.batch(t)) for t in (1, 2)], sorted(np.concatenate([run.batch(1), run.batch(2)]).tolist())
        ([4, 2], [0, 1, 2, 3, 4, 5])
        """
        t = checks.whole("Trajectory.batch", "t", t, 1, high=max(self.steps, 1),
                         why=f"a step from 1 to {self.steps}")
        if t > self.steps:
            raise ValueError(f"Trajectory.batch: t={t} must be a step from 1 to {self.steps}")
        if self.order is None:
            return None
        return self.order[int(self.samples[t - 1]):int(self.samples[t])]

    def __repr__(self) -> str:
        extra = f", diverged_at={self.diverged_at}" if self.diverged else ""
        return f"<Trajectory {self.label} on {self.surface.get('name')}: {self.steps} steps{extra}>"

    # -- files ---------------------------------------------------------------------
    def save(self, path) -> None:
        """Write the trajectory to ``path`` (``.npz``), atomically."""
        path = check_output(path, (".npz",), "Trajectory.save")
        arrays = {k: getattr(self, k) for k in ARRAYS if getattr(self, k) is not None}
        meta = {k: getattr(self, k) for k in META}
        with atomic_output(path) as tmp:
            with open(tmp, "wb") as fh:
                np.savez(fh, meta=np.array(json.dumps(meta, default=_plain)), **arrays)

    @staticmethod
    def save_all(path, runs, note: str = "") -> None:
        """Write several trajectories to one ``.npz`` (``--save`` on the command line),
        atomically; :meth:`load_all` reads them back in order, :meth:`note_of` the ``note``
        (the command line keeps the recipe that made them there)."""
        path = check_output(path, (".npz",), "Trajectory.save_all")
        fields = {"note": np.array(str(note))}
        for k, t in enumerate(runs):
            fields.update({f"{k}.{name}": getattr(t, name) for name in ARRAYS if getattr(t, name) is not None})
            fields[f"{k}.meta"] = np.array(json.dumps({m: getattr(t, m) for m in META}, default=_plain))
        with atomic_output(path) as tmp:
            with open(tmp, "wb") as fh:
                np.savez(fh, runs=np.array(len(runs)), **fields)

    @classmethod
    def load_all(cls, path) -> list:
        """The trajectories :meth:`save_all` wrote (a damaged file is a ValueError naming it)."""
        if not isinstance(path, (str, os.PathLike)):
            raise TypeError(f"Trajectory.load_all: path must be a string or Path, got {path!r}")
        try:
            with np.load(path, allow_pickle=False) as data:
                n = int(data["runs"])
                records = [({name: data[f"{k}.{name}"] for name in ARRAYS if f"{k}.{name}" in data.files},
                            json.loads(str(data[f"{k}.meta"]))) for k in range(n)]
            return [cls._from_record(arrays, meta) for arrays, meta in records]
        except FileNotFoundError:
            raise ValueError(f"Trajectory.load_all: cannot read {str(path)!r}: no such file") from None
        except Exception as exc:
            reason = (str(exc).splitlines() or [type(exc).__name__])[0][:80]
            raise ValueError(f"Trajectory.load_all: cannot read {str(path)!r}: not a lossviz runs "
                             f"file ({reason})") from None

    @staticmethod
    def note_of(path) -> str:
        """The note :meth:`save_all` kept with the runs ("" if none)."""
        try:
            with np.load(path, allow_pickle=False) as data:
                return str(data["note"]) if "note" in data.files else ""
        except Exception:
            return ""

    @classmethod
    def load(cls, path) -> "Trajectory":
        """Read a trajectory written by :meth:`save` (also by lossviz 0.1).

        A file that is not one (empty, cut short, damaged, another program's) is a
        ValueError that names it.
        """
        if not isinstance(path, (str, os.PathLike)):
            raise TypeError(f"Trajectory.load: path must be a string or Path, got {path!r}")
        try:
            with np.load(path, allow_pickle=False) as data:
                meta = json.loads(str(data["meta"]))
                arrays = {k: data[k] for k in data.files if k in ARRAYS}
            return cls._from_record(arrays, meta)
        except FileNotFoundError:
            raise ValueError(f"Trajectory.load: cannot read {str(path)!r}: no such file") from None
        except Exception as exc:    # zip, npy and JSON each fail in their own way on a bad file
            reason = (str(exc).splitlines() or [type(exc).__name__])[0][:80]
            raise ValueError(f"Trajectory.load: cannot read {str(path)!r}: not a lossviz trajectory "
                             f"file ({reason})") from None

    @classmethod
    def _from_record(cls, arrays, meta) -> "Trajectory":
        """A trajectory from its arrays and settings, checked (a damaged file raises)."""
        if not isinstance(meta, dict):
            raise ValueError("its record is not a table of settings")
        missing = [k for k in ("params", "loss", "grad_norm", "lr") if k not in arrays] + \
            [k for k in ("optimizer", "surface", "label") if k not in meta]
        if missing:
            raise ValueError(f"it has no {', '.join(missing)}")
        _check_record(arrays, meta)
        for k in PER_MEMBER:
            if isinstance(meta.get(k), list):
                meta[k] = tuple(meta[k])
        if isinstance(meta.get("surface"), str):      # lossviz 0.1: the surface's name alone
            meta["surface"] = {"name": meta["surface"]}
        return cls(**arrays, **{k: v for k, v in meta.items() if k in META})

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


def _check_record(arrays, meta):
    """A ValueError unless what a file holds is a trajectory's record (what ``save`` wrote)."""
    P = arrays["params"]
    if P.dtype.kind not in "fiu" or P.ndim not in (2, 3) or len(P) == 0:
        raise ValueError(f"its params are not points (shape {P.shape}, type {P.dtype})")
    for k in ("loss", "grad_norm", "val_loss"):
        if k in arrays and (arrays[k].dtype.kind not in "fiu" or arrays[k].shape != P.shape[:-1]):
            raise ValueError(f"its {k} does not fit its params")
    for k in ("lr", "epoch", "samples", "step"):
        if k in arrays and (arrays[k].dtype.kind not in "fiu" or arrays[k].shape != P.shape[:1]):
            raise ValueError(f"its {k} does not fit its params")
    surface, optimizer = meta.get("surface"), meta.get("optimizer")
    if not (isinstance(surface, str) or isinstance(surface, dict) and isinstance(surface.get("name"), str)):
        raise ValueError("its surface is not a name and settings")
    if not (isinstance(optimizer, dict) and isinstance(optimizer.get("name"), str)):
        raise ValueError("its optimizer is not a name and settings")
    if not isinstance(meta.get("label"), str):
        raise ValueError("its label is not text")
    last = int(arrays["step"][-1]) if "step" in arrays else len(P) - 1
    for key in ("diverged_at", "converged_at"):
        d = meta.get(key)
        steps = [d] if not isinstance(d, list) else d
        if not all(s is None or isinstance(s, int) and 0 <= s <= last for s in steps):
            raise ValueError(f"its {key} is not a step of the run")


def _plain(value):
    """numpy numbers and arrays (a setting may be one) as JSON numbers and lists."""
    if isinstance(value, (np.generic, np.ndarray)):
        return value.tolist()
    raise TypeError(f"Trajectory.save: cannot record {value!r} ({type(value).__name__})")
