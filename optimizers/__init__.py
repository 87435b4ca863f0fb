"""optimizers: how it moves, recorded.

Each optimizer is a frozen dataclass with pure ``init`` / ``step`` methods and
torch.optim's update rule and defaults; ``run`` records a :class:`Trajectory`.

>>> import landscape, optimizers
>>> t = optimizers.run(landscape.get("rosenbrock"), optimizers.get("adam", lr=0.05),
...                    start=(-1.5, 2.0), steps=300)
>>> t.params.shape, t.loss.shape
((301, 2), (301,))
"""
from . import gd, momentum, rmsprop, adam, adamw, nadam, radam, adamax, adagrad  # noqa: F401  (registers, in lecture order)
from . import schedules
from .adagrad import AdaGrad
from .adam import Adam
from .adamax import Adamax
from .adamw import AdamW
from .basins import DIVERGED, UNCONVERGED, Basin, Basins, basins
from .base import OPTIMIZERS, Optimizer, get, hyperparameters, names, optimizer_class, register
from .gd import GD, SGD, MiniBatch
from .momentum import Momentum, Nesterov
from .nadam import NAdam
from .outcome import KINDS, Outcome, outcomes
from .radam import RAdam
from .rmsprop import RMSprop
from .plan import Plan, check_run
from .run import batches, run
from .schedules import SCHEDULES, get_schedule
from .sweep import Sweep, sweep
from .trajectory import Trajectory

__all__ = ["DIVERGED", "KINDS", "UNCONVERGED", "AdaGrad", "Adam", "AdamW", "Adamax", "Basin", "Basins", "basins", "GD", "MiniBatch", "Momentum", "Nesterov", "OPTIMIZERS", "Optimizer",
           "NAdam", "Outcome", "Plan", "RAdam", "RMSprop", "SCHEDULES", "SGD", "Sweep", "Trajectory", "batches", "check_run",
           "get", "get_schedule", "hyperparameters", "names", "optimizer_class", "outcomes", "register",
           "run", "schedules", "sweep"]
