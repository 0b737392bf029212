"""Sample tasks with sinter (PyMatching, BP-OSD or Relay-BP) into the store, resuming from what it already holds.

`sinter.iter_collect` does the work: given the store's results it counts the shots and errors
already recorded against each task's `max_shots` / `max_errors` (by strong_id), and each new
result is appended to the store as one flushed line (`StoreWriter.append`), so a rerun after
Ctrl-C, kill -9 or a full disk continues with nothing lost that was recorded and nothing counted
twice. Two additions: workers report every FLUSH_SECONDS (sinter's default is up to 120 s of
unrecorded work per worker), and each worker dies with its parent process instead of idling
forever after a kill -9 (on Linux the kernel kills it, PR_SET_PDEATHSIG; elsewhere, and as a
fallback, a thread polls the parent). With the workers gone, multiprocessing's resource tracker
sees its pipe close and exits too.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import sinter

from ftplanner.sampling.decoders import decoder
from ftplanner.sampling.store import open_for_append

FLUSH_SECONDS = 10
PR_SET_PDEATHSIG = 1  # <linux/prctl.h>
_watching = False


def _die_with_parent_linux() -> None:
    """On Linux, ask the kernel to SIGKILL this process when its parent dies (works even mid C call)."""
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # no prctl: the polling thread still ends us
        pass


def _exit_with_parent() -> None:
    """In a worker: leave as soon as the process that started us is gone (we were re-parented)."""
    global _watching
    if _watching:
        return
    _watching = True
    parent = os.getppid()
    _die_with_parent_linux()
    if parent == 1 or os.getppid() != parent:  # the parent died before we asked
        os._exit(0)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(0)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


class ParentBoundDecoder(sinter.Decoder):
    """A task's decoder (`decoders.decoder`: PyMatching, BP-OSD, Relay-BP) that, once unpickled in a worker,
    ends the worker with its parent."""

    def __init__(self, name: str):
        self.name = name
        self.inner = decoder(name)

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        _exit_with_parent()

    def compile_decoder_for_dem(self, *, dem):
        return self.inner.compile_decoder_for_dem(dem=dem)

    def decode_via_files(self, **kwargs) -> None:
        self.inner.decode_via_files(**kwargs)


def sample(tasks: list[sinter.Task], store: str | Path, *, max_shots: int, max_errors: int, workers: int,
           progress: Callable[[sinter.Progress], None] | None = None) -> list[sinter.TaskStats]:
    """Sample until every task has max_shots shots or max_errors errors in the store; all its stats.

    StoreError (one line) if the store cannot be read or a result cannot be written (the store
    then holds every result before it, and the same call resumes).
    """
    decoders = {task.decoder for task in tasks}
    with open_for_append(store) as writer:
        merged = {stat.strong_id: stat for stat in writer.stats}
        updates = sinter.iter_collect(
            num_workers=workers,
            tasks=tasks,
            additional_existing_data=writer.stats,
            max_shots=max_shots,
            max_errors=max_errors,
            max_batch_seconds=FLUSH_SECONDS,
            custom_decoders={name: ParentBoundDecoder(name) for name in decoders},
        )
        with contextlib.closing(updates):  # stops the workers however the loop ends
            for update in updates:
                writer.append(update.new_stats)
                for stat in update.new_stats:
                    merged[stat.strong_id] = merged[stat.strong_id] + stat if stat.strong_id in merged else stat
                if progress is not None:
                    progress(update)
    return list(merged.values())
