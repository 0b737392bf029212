"""Sample tasks on a Dask distributed cluster into the same store, resuming from what it already holds.

Work is cut into (task, shot-batch) pieces. A piece runs on a worker: Stim samples, the task's
decoder (`decoders.decoder`: the same sinter decoder object and settings as a local run)
decodes, and the worker returns a `sinter.TaskStats` with the task's strong_id. The client
appends each result to the store as one flushed line when it arrives, under the store's lock:
a piece lost with a killed worker is rerun by Dask and recorded once, when its result arrives,
and a client killed at any moment leaves every recorded shot counted once. The rows are the
ones `sinter.collect` writes, so a store started here resumes locally and the reverse.

Circuits travel as text, zlib-compressed (Stim text shrinks about tenfold), with every piece:
each piece is self-contained, so the scheduler places it on whichever worker is free (a piece
depending on data held by one worker would wait for that worker) and a dead worker takes no
data with it. A worker parses and compiles a task's sampler and decoder once and caches them
per thread, keyed by strong_id. Strong_ids are computed on the workers first, with the
detector error model sinter would use, so they match a local run's. Text, rather than
rebuilding circuits from their metadata on the worker, makes the worker sample exactly the
circuit whose strong_id the store records, whatever builder version the worker has installed,
and works for any sinter task.

Adaptive stopping as locally: a task gets pieces only while its recorded plus in-flight shots
are below max_shots and its recorded errors below max_errors. Pieces are sized so that those
in flight are not expected to overshoot max_errors, and, as sinter's workers do, a piece stops
early at its share of the errors the task still needs (half of them over all slots), so the
pieces in flight add at most about half the remaining errors.

Batch sizes: pieces start at START_SHOTS and grow (at most GROWTH-fold) towards TARGET_SECONDS
of work at the task's measured pace. Near a task's end they take half the shots it has left,
down to an eighth of a full piece, so that workers share the end of a run rather than one
finishing the last big piece while the others wait. At most PIECES_PER_THREAD pieces per
worker thread are in flight (the next one queued while one runs), spread over the first tasks
in order (one per thread) so that a worker meets few tasks and recompiles rarely. Each result
is one store line: about one per TARGET_SECONDS per thread.
"""

from __future__ import annotations

import threading
import time
import zlib
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import sinter
import stim

from ftplanner.errors import ClusterError
from ftplanner.sampling.decoders import DECODERS
from ftplanner.sampling.decoders import decoder as decoder_for
from ftplanner.sampling.store import open_for_append

if TYPE_CHECKING:
    from distributed import Client, Future

CONNECT_SECONDS = 10.0
START_SHOTS = 256
TARGET_SECONDS = 2.0
GROWTH = 8  # a piece is at most this many times the task's largest piece so far
CHUNK_SHOTS = 1024  # shots per Stim/decoder call inside a piece, as sinter's workers
PIECES_PER_THREAD = 2
CACHED_TASKS = 16  # compiled (sampler, decoder) pairs each worker thread keeps
NTHREADS_SECONDS = 5.0  # how often the client re-reads the cluster's size (workers may come and go)


def connect(address: str) -> Client:
    """A Dask client on the scheduler at `address`; ClusterError if distributed is missing or it is unreachable
    within CONNECT_SECONDS."""
    try:
        from distributed import Client
    except ImportError:
        raise ClusterError("needs the 'distributed' package: pip install 'ftplanner[cluster]'") from None
    try:
        return Client(address, timeout=CONNECT_SECONDS)
    except (OSError, ValueError, TimeoutError) as exc:
        raise ClusterError(f"cannot reach a Dask scheduler at {address} ({exc})") from None


@dataclass(frozen=True)
class _Circuit:
    """A task as it travels to workers: its circuit as compressed text, decoder, metadata and strong_id."""

    text: bytes
    decoder: str
    json_metadata: Any
    strong_id: str = ""

    def task(self) -> sinter.Task:
        """The task with the detector error model sinter's collection gives it (so the same strong_id)."""
        circuit = stim.Circuit(zlib.decompress(self.text).decode())
        try:
            dem = circuit.detector_error_model(decompose_errors=True, approximate_disjoint_errors=True)
        except ValueError:
            dem = circuit.detector_error_model(approximate_disjoint_errors=True)
        return sinter.Task(circuit=circuit, decoder=self.decoder, detector_error_model=dem,
                           json_metadata=self.json_metadata)


def _strong_id(circuit: _Circuit) -> str:
    """On a worker: the task's strong_id."""
    return circuit.task().strong_id()


_local = threading.local()


def _compiled(circuit: _Circuit) -> tuple[stim.CompiledDetectorSampler, sinter.CompiledDecoder]:
    """This thread's compiled sampler and decoder for the task (Stim samplers and matchers are not thread-safe)."""
    cache: OrderedDict = _local.__dict__.setdefault("cache", OrderedDict())
    pair = cache.pop(circuit.strong_id, None)
    if pair is None:
        task = circuit.task()
        decoder = decoder_for(task.decoder).compile_decoder_for_dem(dem=task.detector_error_model)
        pair = (task.circuit.compile_detector_sampler(), decoder)
    cache[circuit.strong_id] = pair
    while len(cache) > CACHED_TASKS:
        cache.popitem(last=False)
    return pair


def _sample_piece(circuit: _Circuit, shots: int, max_errors: int) -> sinter.TaskStats:
    """On a worker: sample and decode up to `shots` shots, stopping early (as sinter's workers do) once
    `max_errors` errors are seen (chunks shrink near it); a shot is an error when any observable is mispredicted."""
    sampler, decoder = _compiled(circuit)
    start = time.monotonic()
    done = errors = 0
    while done < shots and errors < max_errors:
        chunk = min(CHUNK_SHOTS, shots - done)
        if errors:
            chunk = min(chunk, max(1, (max_errors - errors) * done // errors))
        detectors, actual = sampler.sample(chunk, separate_observables=True, bit_packed=True)
        predicted = decoder.decode_shots_bit_packed(bit_packed_detection_event_data=detectors)
        errors += int(np.count_nonzero(np.any(predicted != actual, axis=1)))
        done += chunk
    return sinter.TaskStats(strong_id=circuit.strong_id, decoder=circuit.decoder,
                            json_metadata=circuit.json_metadata, shots=done, errors=errors, discards=0,
                            seconds=time.monotonic() - start)


@dataclass
class _TaskRun:
    """One task's counts on the client: recorded (store and this run), in flight, and this run's pace."""

    circuit: _Circuit
    stats: sinter.TaskStats
    in_flight: int = 0
    in_flight_shots: int = 0
    run_shots: int = 0
    run_seconds: float = 0.0
    largest: int = 0

    def next_piece(self, max_shots: int, max_errors: int) -> int:
        """Shots for the task's next piece; 0 when it needs none now."""
        left = max_shots - self.stats.shots - self.in_flight_shots
        if left <= 0 or self.stats.errors >= max_errors:
            return 0
        if self.run_seconds > 0:
            size = min(int(TARGET_SECONDS * self.run_shots / self.run_seconds), GROWTH * self.largest)
        else:
            size = START_SHOTS
        size = min(size, max(-(-left // 2), size // 8, START_SHOTS), left)
        if self.stats.errors:
            needed = int((max_errors - self.stats.errors) * self.stats.shots / self.stats.errors) - self.in_flight_shots
            if needed <= 0:
                return 0
            size = min(size, max(needed, START_SHOTS))
        return max(1, size)


def _check(tasks: list[sinter.Task]) -> None:
    """What the workers sample: a circuit decoded by one of `decoders.DECODERS`, every shot kept."""
    for task in tasks:
        if task.circuit is None or task.decoder not in DECODERS:
            raise ValueError(f"task {task.json_metadata}: cluster sampling needs a circuit and one of the decoders "
                             f"{', '.join(DECODERS)}")
        if task.postselection_mask is not None or task.postselected_observables_mask is not None:
            raise ValueError(f"task {task.json_metadata}: cluster sampling does not postselect")


def sample_on_dask(tasks: list[sinter.Task], store: str | Path, *, client: Client, max_shots: int, max_errors: int,
                   progress: Callable[[sinter.Progress], None] | None = None) -> list[sinter.TaskStats]:
    """Sample on the client's cluster until every task has max_shots shots or max_errors errors in the store.

    Returns every task's stats (including what the store held before), like `sinter.collect`.
    """
    from distributed import as_completed

    _check(tasks)
    with open_for_append(store) as writer:
        existing = {s.strong_id: s for s in writer.stats}
        circuits = [_Circuit(zlib.compress(str(t.circuit).encode()), t.decoder, t.json_metadata) for t in tasks]
        ids = client.gather(client.map(_strong_id, circuits, pure=False))
        if len(set(ids)) < len(ids):
            raise ValueError("the same task is given twice (as sinter.collect, cluster sampling refuses it)")
        states = [_TaskRun(replace(c, strong_id=i), existing.get(i) or sinter.TaskStats(
            strong_id=i, decoder=c.decoder, json_metadata=c.json_metadata)) for c, i in zip(circuits, ids)]
        pieces: dict[Future, tuple[_TaskRun, int]] = {}  # a piece's task and the shots it was asked for
        running = as_completed()
        threads, read_at = 1, -NTHREADS_SECONDS

        def submit_pieces() -> None:
            nonlocal threads, read_at
            if time.monotonic() - read_at >= NTHREADS_SECONDS:
                threads, read_at = max(1, sum(client.nthreads().values())), time.monotonic()
            slots = PIECES_PER_THREAD * threads
            while len(pieces) < slots:
                sizes = [(s, s.next_piece(max_shots, max_errors)) for s in states]
                open_tasks = [(s, n) for s, n in sizes if n > 0][:threads]
                if not open_tasks:
                    return
                state, shots = min(open_tasks, key=lambda sn: sn[0].in_flight)
                piece_errors = -(-(max_errors - state.stats.errors) // (2 * slots))
                piece = client.submit(_sample_piece, state.circuit, shots, piece_errors, pure=False)
                pieces[piece] = state, shots
                running.add(piece)
                state.in_flight += 1
                state.in_flight_shots += shots
                state.largest = max(state.largest, shots)

        try:
            submit_pieces()
            for piece in running:
                stat: sinter.TaskStats = piece.result()
                state, asked = pieces.pop(piece)
                writer.append([stat])
                state.stats += stat
                state.in_flight -= 1
                state.in_flight_shots -= asked
                state.run_shots += stat.shots
                state.run_seconds += stat.seconds
                if progress is not None:
                    progress(sinter.Progress(new_stats=(stat,), status_message=""))
                submit_pieces()
        finally:
            client.cancel(list(pieces))
    return [state.stats for state in states]
