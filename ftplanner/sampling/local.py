"""Sample tasks with sinter and PyMatching into the store, resuming from what it already holds.

`sinter.collect` does the work: with the store as its save/resume file it counts the shots and
errors already recorded against each task's `max_shots` / `max_errors` (by strong_id) and
appends each new result as one flushed line, so a rerun after Ctrl-C or kill -9 continues with
nothing lost that was recorded and nothing counted twice. Two additions: workers report every
FLUSH_SECONDS (sinter's default is up to 120 s of unrecorded work per worker), and each worker
exits when its parent process dies, instead of idling forever after a kill -9.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from pathlib import Path

import sinter

from ftplanner.sampling.store import open_for_append

FLUSH_SECONDS = 10
_watching = False


def _exit_with_parent() -> None:
    """In a worker: leave as soon as the process that started us is gone (we were re-parented)."""
    global _watching
    if _watching:
        return
    _watching = True
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(0)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


class ParentBoundDecoder(sinter.Decoder):
    """A built-in sinter decoder that, once unpickled in a worker, ends the worker with its parent."""

    def __init__(self, name: str):
        self.name = name
        self.inner = sinter.BUILT_IN_DECODERS[name]

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        _exit_with_parent()

    def compile_decoder_for_dem(self, *, dem):
        return self.inner.compile_decoder_for_dem(dem=dem)

    def decode_via_files(self, **kwargs) -> None:
        self.inner.decode_via_files(**kwargs)


def sample(tasks: list[sinter.Task], store: str | Path, *, max_shots: int, max_errors: int, workers: int,
           progress: Callable[[sinter.Progress], None] | None = None) -> list[sinter.TaskStats]:
    """Sample until every task has max_shots shots or max_errors errors in the store; all its stats."""
    decoders = {task.decoder for task in tasks}
    with open_for_append(store) as path:
        return sinter.collect(
            num_workers=workers,
            tasks=tasks,
            save_resume_filepath=path,
            max_shots=max_shots,
            max_errors=max_errors,
            max_batch_seconds=FLUSH_SECONDS,
            progress_callback=progress,
            custom_decoders={name: ParentBoundDecoder(name) for name in decoders},
        )
