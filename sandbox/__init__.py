"""Running work in a child process with a memory cap and a deadline, so that work needing too much memory or
time stops its own process, never the web worker (MITRE CWE-400, uncontrolled resource consumption).

Two ways, one set of limits:
- run_worker: a fresh interpreter (`python -m MODULE OUTPUT`), for reports: rendering imports WeasyPrint and
  forks layout processes of its own, and may run for minutes. Protocol: stdin is one JSON line of limits,
  taken by `take_job`, then the job's bytes; stdout carries "progress DONE TOTAL" lines; the result is
  written to OUTPUT; a failure exits non-zero, the reason on stderr.
- run_forked: a fork of this process running one function, for uploads: it starts in milliseconds where a
  fresh interpreter needs half a second or more of imports, and what it reads needs nothing more. Its
  address-space cap counts from what the process holds at the fork, since the fork inherits all of it.
  run_forked_each runs several functions so, each in a fork of its own, some at once: a folder of bids.
And collector_paused, for the heavy work such processes do: laying out a report, reading a workbook.
"""
from __future__ import annotations

import faulthandler
import gc
import json
import os
import resource
import signal
import subprocess
import sys
import tempfile
import threading
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

ROOT = Path(__file__).resolve().parents[1]  # the repository: workers run as `python -m app...`
# The child needs neither the database nor the session key.
PRIVATE_ENVIRONMENT = ("SECRET_KEY", "DATABASE_URL", "TEST_DATABASE_URL")
_MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """How long a worker may take, how much address space each of its processes may use (a fork: may add), and
    how many processes it may use."""

    seconds: int = 900
    memory_mb: int = 4096
    processes: int = 1


class WorkerFailed(Exception):
    """The worker exited without a result: it crashed, ran out of memory or out of time."""


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector paused while heavy work builds objects that outlive the work's middle:
    a report's layout (millions of objects, until it is written) or a read workbook's values and lines (a
    million for 100,000 lines). The collector would walk them again and again, freeing nothing: 15-20% of a
    layout's time, 5-25% of a large workbook's reading. Left as it was found; any cycle left is collected once
    it runs again."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def run_worker(module: str, job: bytes, limits: Limits, task: str,
               progress: Callable[[int, int], None] | None = None) -> bytes:
    """Run `python -m module` on the job and return what it wrote; WorkerFailed says why not (task names the work)."""
    header = json.dumps({"memory_mb": limits.memory_mb, "cpu_seconds": limits.seconds}).encode("utf-8") + b"\n"
    env = {key: value for key, value in os.environ.items() if key not in PRIVATE_ENVIRONMENT}
    with tempfile.TemporaryDirectory(prefix="resbid-worker-") as folder:
        output, errors = Path(folder) / "output", Path(folder) / "stderr.txt"
        with errors.open("wb") as stderr:
            # A session of its own, so the deadline stops the worker and the processes it forked alike.
            child = subprocess.Popen([sys.executable, "-m", module, str(output)], cwd=ROOT, env=env,
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=stderr,
                                     start_new_session=True)
            timed_out = threading.Event()
            deadline = threading.Timer(limits.seconds, lambda: (timed_out.set(), _kill_group(child)))
            deadline.start()
            try:
                _send(child, header + job)
                for line in child.stdout:
                    _report_progress(line, progress)
                child.wait()
            finally:
                deadline.cancel()
                child.stdout.close()
                if child.poll() is None:  # left by an exception (a progress report that failed): stopped too
                    _kill_group(child)
                    child.wait()
        if child.returncode != 0 or not output.exists():
            lines = errors.read_text("utf-8", "replace").strip().splitlines() or ["no message"]
            out_of_time = timed_out.is_set() or child.returncode == -signal.SIGXCPU  # wall clock or CPU limit
            reason = f"it ran longer than {limits.seconds} s" if out_of_time else lines[-1]
            raise WorkerFailed(f"{task} failed (exit {child.returncode}): {reason}")
        return output.read_bytes()


def take_job() -> bytes:
    """In the worker: confines this process to the limits sent first, then returns the job's bytes."""
    limits = json.loads(sys.stdin.buffer.readline())
    _confine(limits["memory_mb"] * _MB, limits["cpu_seconds"])
    return sys.stdin.buffer.read()


def run_forked(work: Callable[[], bytes], limits: Limits, task: str) -> bytes:
    """work() run in a fork of this process that may add limits.memory_mb of address space; its bytes, or
    WorkerFailed saying why not (task names the work). Nothing the child does reaches this process but them."""
    [outcome] = run_forked_each([work], limits, task)
    if isinstance(outcome, WorkerFailed):
        raise outcome
    return outcome


def run_forked_each(works: Sequence[Callable[[], bytes]], limits: Limits, task: str, at_once: int = 1
                    ) -> list[bytes | WorkerFailed]:
    """Each work() run as run_forked runs one, in a fork of its own, `at_once` forks at a time (each within the
    limits): in the order of `works`, the bytes each returned or the WorkerFailed saying why it did not."""
    if at_once < 1:
        raise ValueError(f"at_once must be 1 or more, not {at_once}")
    outcomes: list[bytes | WorkerFailed] = []
    running: deque[tuple[int, IO[bytes]]] = deque()
    try:
        for work in works:
            if len(running) == at_once:
                outcomes.append(_outcome(*running.popleft(), limits, task))
            running.append(_started(work, limits))
        while running:
            outcomes.append(_outcome(*running.popleft(), limits, task))
    finally:  # an exception here (an interrupt): no fork outlives the call
        for pid, output in running:
            _kill(pid)
            os.waitpid(pid, 0)
            output.close()
    return outcomes


def _started(work: Callable[[], bytes], limits: Limits) -> tuple[int, IO[bytes]]:
    """A fork running work(), and the file it writes its answer to."""
    output = tempfile.TemporaryFile()
    pid = os.fork()
    if pid == 0:
        _run_child(work, output, limits)
    return pid, output


def _outcome(pid: int, output: IO[bytes], limits: Limits, task: str) -> bytes | WorkerFailed:
    """What the fork wrote once it has ended: its answer, or why it has none."""
    with output:
        _, status = os.waitpid(pid, 0)
        output.seek(0)
        if status == 0:
            return output.read()
        code = os.waitstatus_to_exitcode(status)
        reason = (f"it ran longer than {limits.seconds} s" if code in (-signal.SIGALRM, -signal.SIGXCPU)
                  else output.read(500).decode("utf-8", "replace") or _stopped_by(code))
        return WorkerFailed(f"{task} failed (exit {code}): {reason}")


def _stopped_by(code: int) -> str:
    """Why a child that wrote no reason ended: a signal (SIGABRT is what a failed allocation in native code raises)."""
    if code < 0:
        return f"it was stopped by {signal.Signals(-code).name}" + (" (out of memory?)" if code == -signal.SIGABRT
                                                                    else "")
    return "it gave no reason"


def _run_child(work: Callable[[], bytes], output, limits: Limits) -> None:
    """In the fork: confine, work, write the result (or the reason it failed) and exit without any cleanup
    of the parent's (its database connections, files and threads are the parent's to close)."""
    code = 1
    try:
        # No collections: one would walk, and so copy, every object inherited from the parent, and a read creates
        # a million objects (a 100,000-line sheet's cells), which would set off collections again and again (a
        # fifth of its time). The child is short-lived: what it leaves goes with it, within its memory cap.
        gc.disable()
        faulthandler.disable()  # an abort for lack of memory is reported by its exit status, not a stack dump
        signal.signal(signal.SIGALRM, signal.SIG_DFL)  # the deadline: SIGALRM's default action ends the process
        signal.alarm(limits.seconds)
        _confine(_address_space() + limits.memory_mb * _MB, limits.seconds)
        result = work()
        output.write(result)
        code = 0
    except MemoryError:
        output.write(f"it needed more than {limits.memory_mb:,} MB of memory".encode())
    except BaseException as error:  # anything else is reported, never raised into the parent's stack  # noqa: BLE001
        output.write(f"{type(error).__name__}: {error}".encode("utf-8", "replace"))
    finally:
        output.flush()
        os._exit(code)


def _confine(address_space: int, cpu_seconds: int) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (address_space, address_space))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 5))


def _address_space() -> int:
    """This process's current virtual memory size in bytes (Linux /proc)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmSize:"):
            return int(line.split()[1]) * 1024
    raise RuntimeError("no VmSize in /proc/self/status")


def _kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:  # it ended just now
        pass


def _send(child: subprocess.Popen, job: bytes) -> None:
    """Hand the job to the worker; a worker already stopped by a limit is reported by its exit code instead."""
    try:
        child.stdin.write(job)
        child.stdin.close()
    except BrokenPipeError:
        pass


def _kill_group(child: subprocess.Popen) -> None:
    try:
        os.killpg(child.pid, signal.SIGKILL)
    except ProcessLookupError:  # it ended just now
        pass


def _report_progress(line: bytes, progress: Callable[[int, int], None] | None) -> None:
    words = line.decode("utf-8", "replace").split()
    if progress is not None and len(words) == 3 and words[0] == "progress":
        progress(int(words[1]), int(words[2]))
