"""The cyclic garbage collector around the command line's start-up and its one-shot commands.

A `check` of a 50,000-row sheet makes hundreds of thousands of objects that are acyclic and live
until the process ends (pandas' modules and ours, the rows and records read). The collector's passes
over them free nothing and cost ~10% of the command's CPU; so the collector is paused while they are
made and they are handed to its oldest generation (constant time) before it is switched back on.
Both leave the collector as they found it: `main()` also runs in-process (tests, the window's process).
"""

from __future__ import annotations

import atexit
import gc
from collections.abc import Iterator
from contextlib import contextmanager


def to_oldest_generation() -> None:
    """Every object the collector tracks moved to its oldest generation and the young count reset, in
    constant time (freeze moves them all to the permanent generation, unfreeze to the oldest one)."""
    gc.freeze()
    gc.unfreeze()


@contextmanager
def paused_while_loading() -> Iterator[None]:
    """For the module imports: ~1/4 of a million objects that live as long as the process. Otherwise the
    collector's passes walk them again and again as they arrive, and once more (a young pass over all of
    them) right after: measured ~0.1 s of a 50,000-row check's CPU, `python -m` and the installed
    command alike."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        to_oldest_generation()
        if collecting:
            gc.enable()


@contextmanager
def one_shot() -> Iterator[None]:
    """For a command that reads, analyses, prints and exits: no collection while it runs (peak RSS of
    a 50,000-row check measured the same with the collector on and off), its objects frozen at exit (the
    interpreter's last collection would walk them all once more only to end the process: 0.19-0.22 s
    of CPU at 50,000 rows, 0.05 s frozen), and handed to the oldest generation when it returns, so that
    the first allocation after (the exit itself) does not start a young pass over all of them."""
    collecting = gc.isenabled()
    gc.disable()
    atexit.unregister(gc.freeze)  # once, however often main() runs in one process
    atexit.register(gc.freeze)
    try:
        yield
    finally:
        if collecting:
            to_oldest_generation()
            gc.enable()
