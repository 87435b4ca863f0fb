"""groundwork: what landscape, optimizers and animations all stand on.

It sits at the bottom of the flow and imports none of the three packages:

- :mod:`groundwork.checks`: value checks with one rule for errors (a wrong *type*
  is a TypeError, a wrong *value* a ValueError; the message names the owner, the
  parameter and the value);
- :mod:`groundwork.registry`: one :class:`Registry` for every kind of name
  (surfaces, optimizers, schedules, themes, data sets), forgiving of case and
  separators, with "did you mean" for near misses;
- :mod:`groundwork.files`: output written atomically (a temporary file or folder
  beside the target, renamed when complete);
- :mod:`groundwork.progress`: the one progress bar;
- :mod:`groundwork.machine`: what the machine can spare (memory), for limits
  checked before the work;
- :mod:`groundwork.provenance`: the recipe and versions every output is stamped with.
"""
from . import checks, provenance
from .files import OutputError, atomic_folder, atomic_output, check_folder, check_output
from .machine import check_fits, free_memory, size_text
from .progress import Progress, quiet
from .registry import Registry, suggest

__all__ = ["OutputError", "Progress", "Registry", "atomic_folder", "atomic_output", "check_folder",
           "check_fits", "check_output", "checks", "provenance", "free_memory", "quiet", "size_text", "suggest"]
