"""Process and memory handling for the build, kept apart from the pipeline steps.

The steps (load, validate, model, plan, render, index, write) say what to do; this module
says in which process, with which garbage-collector and allocator settings, and how child
processes end. Everything here is tuning: with every function replaced by its plainest form
(run in this process, collect as usual) the build gives the same bytes.
"""

from __future__ import annotations

import ctypes
import gc
import multiprocessing
import os
import signal
import subprocess
import threading
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager, suppress
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

_PR_SET_PDEATHSIG = 1


def fork_context() -> multiprocessing.context.BaseContext | None:
    """Processes made by forking (they share the parent's memory), or None where the system
    cannot fork: the render processes of a build and its render workers need both."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return None
    return multiprocessing.get_context("fork")


class Terminated(KeyboardInterrupt):
    """SIGTERM, taken as Ctrl+C (``terminate_as_interrupt``)."""


@contextmanager
def terminate_as_interrupt() -> Iterator[None]:
    """While inside, SIGTERM (a cancelled CI job, ``docker stop``, ``kill``) ends the command
    the way Ctrl+C does, with ``Terminated``: a build drops its staged folder and the index's
    copies and leaves the previous output as it was, instead of dying with both beside it.
    Forked workers reset the signal (``die_with_parent``). Only the main thread can."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def terminated(signum: int, frame: object) -> None:
        raise Terminated

    before = signal.signal(signal.SIGTERM, terminated)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, before)


def die_with_parent(parent: int) -> None:
    """End this forked process when ``parent`` ends, even by SIGKILL (Linux ``prctl``).

    A killed build must not leave its render processes behind, waiting for work forever.
    Ctrl+C reaches the whole process group; the children leave it to the parent, which ends
    them, so an interrupt prints no worker tracebacks. A pool ends its workers with SIGTERM:
    they must not run a handler inherited from the parent (the preview's turns it into
    KeyboardInterrupt, which printed a traceback for every worker after every rebuild).
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    try:
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # not Linux: the workers end with their pipes instead
        return
    if os.getppid() != parent:  # the parent ended before the line above
        os._exit(1)


def run_apart(function: Callable[..., R], *args: Any) -> R:
    """``function(*args)`` in a forked process of its own, so that all of its memory is gone
    when it returns; here where processes cannot be forked.

    Returns what the function returned, or raises what it raised (both are pickled).
    """
    context = fork_context()
    if context is None:
        result = function(*args)
        hand_back_memory()
        return result
    receiver, sender = context.Pipe(duplex=False)
    # Not a daemon: it forks render workers of its own.
    child = context.Process(target=_run_child, args=(os.getpid(), sender, function, args))  # type: ignore[attr-defined]
    child.start()
    sender.close()
    try:
        try:
            outcome, value = receiver.recv()
        except EOFError:  # the child died without a word (killed, out of memory)
            child.join()
            raise RuntimeError(f"Der Erzeugungsprozess endete unerwartet (Exit-Code {child.exitcode})") from None
        child.join()
    except BaseException:
        if child.is_alive():  # Ctrl+C or an error here: the child and its workers go too
            child.kill()
            child.join()
        raise
    finally:
        receiver.close()
    if outcome == "error":
        raise value
    return value  # type: ignore[no-any-return]


def _run_child(parent: int, sender: Any, function: Callable[..., Any], args: tuple[Any, ...]) -> None:
    die_with_parent(parent)
    try:
        message: tuple[str, Any] = ("ok", function(*args))
    except BaseException as error:  # noqa: BLE001 - handed to the parent, which raises it
        message = ("error", error)
    try:
        sender.send(message)
    except Exception as error:  # noqa: BLE001 - an error that cannot be pickled
        sender.send(("error", RuntimeError(f"{type(message[1]).__name__}: {message[1]} ({error})")))
    sender.close()


def hand_back_memory() -> None:
    """Return freed memory to the system (after a render that ran in this process)."""
    gc.unfreeze()
    gc.collect()
    trim_heap()


def trim_heap() -> None:
    """Return the C library's free heap to the system (glibc: not only whole arenas). Without a
    collection: in a forked worker, one would touch (and so copy) every inherited object."""
    trim = getattr(ctypes.CDLL(None), "malloc_trim", None)  # the C library the process runs on
    if trim is not None:
        trim(0)


@contextmanager
def no_collection() -> Iterator[None]:
    """No garbage collection while the block runs.

    Loading makes millions of objects that all stay, and next to no garbage: the collector's
    passes over them cost a third of the loading time (10,000 offers: 4.0 -> 2.8 s CPU).
    """
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def keep_out_of_sight() -> None:
    """Move every object alive now out of the collector's view.

    The guide and plan live until the pages are written: the collector need not walk them
    again and again, and forked render workers do not copy their pages by touching them.

    What loading freed goes back to the system first (``trim_heap``, a few milliseconds): the
    C library kept it, and every forked worker counted it in its resident memory again
    (2,000 offers with 40,000 dates: 16 of 179 MB).
    """
    gc.freeze()
    trim_heap()


def tidy() -> None:
    """Collect what earlier rebuilds left, then freeze the rest; for idle moments."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()


def workers_for(pages: int) -> int:
    """Worker processes for this many pages (or files to read): one per core, but forking is
    not worth it for a small site."""
    return 1 if pages < 400 else max(1, min(os.cpu_count() or 1, 8))


# Set just before workers are forked; they inherit it instead of unpickling it.
_SHARED: Any = None
# Added to the niceness of workers forked while ``in_background`` runs.
_NICENESS = 0


@contextmanager
def in_background(niceness: int) -> Iterator[None]:
    """Workers forked in the block run at a lower priority: the preview's pages that follow
    the one a browser shows must not take the cores the browser and the server need to show it."""
    global _NICENESS
    before, _NICENESS = _NICENESS, niceness
    try:
        yield
    finally:
        _NICENESS = before


# Shared by the workers of one ``share_out``: set by the parent when its ``stop`` says so.
_STOP: Any = None
_IN_WORKER = False


def _start_worker(parent: int, niceness: int) -> None:
    global _IN_WORKER
    _IN_WORKER = True
    die_with_parent(parent)
    # A worker lives for one ``share_out`` and makes next to no reference cycles: rendering
    # 10,000 offers in one process without the collector ended 4 MiB larger, and its passes
    # over the cards and entries a worker keeps cost 7 % of the render time.
    gc.disable()
    if niceness:
        os.nice(niceness)


def should_stop(stop: Callable[[], bool] | None) -> bool:
    """``stop()``; in a worker of ``share_out``, whether the parent's ``stop`` said so since
    (the worker's copy of the parent's state would never change)."""
    if _IN_WORKER:
        return _STOP is not None and bool(_STOP.is_set())
    return stop is not None and stop()


def _call_shared(task: int) -> Any:
    return task, _SHARED(task)


def share_out(
    work: Callable[[int], T], tasks: int, workers: int, stop: Callable[[], bool] | None = None,
    forked: Callable[[], None] | None = None, each: Callable[[T], None] | None = None,
    ended: Callable[[], None] | None = None,
) -> list[T]:
    """``work(task)`` for each task 0 … tasks-1, each in whichever forked worker is free next;
    in this process, in order, where forking is not possible or not worth it. Results in task
    order.

    The workers inherit ``work`` without copying it and keep what it builds up from one task
    to the next (the render step's cards): tasks handed out first go to different workers, the
    rest to the first that is done, so uneven tasks still keep every core busy.

    ``stop``: asked here while the workers run; once it answers True, ``should_stop`` answers
    True in the workers too (``work`` asks it, and ends as it sees fit).

    ``forked``: called here once every worker is forked (not when the work runs in this
    process): from then on another thread may use what the workers inherited without a
    worker inheriting a lock that thread holds.

    ``each``: called here with each result as soon as its task is done (in the order the
    tasks end): what a run that is stopped (or fails) part way did is known.

    ``ended``: called here once every task has ended without an error, before the workers
    have left (a forked worker's exit takes 10-60 ms).

    A task that raises (``Stopped``, say) tells the others to stop as ``stop`` does; once every
    task has ended and the workers have left, the first error is raised here.
    """
    global _SHARED, _STOP
    context = fork_context()
    done: list[T] = []
    if workers <= 1 or tasks <= 1 or context is None:
        for task in range(tasks):
            done.append(work(task))
            if each is not None:
                each(done[-1])
        if ended is not None:
            ended()
        return done
    _SHARED, _STOP = work, context.Event()
    if stop is not None and stop():
        _STOP.set()
    try:
        with context.Pool(min(workers, tasks), _start_worker, (os.getpid(), _NICENESS)) as pool:
            results = pool.imap_unordered(_call_shared, range(tasks), chunksize=1)
            if forked is not None:
                forked()
            finished: dict[int, T] = {}
            failures = 0
            first: Exception | None = None
            while len(finished) + failures < tasks:
                try:
                    task, result = results.next(0.05)
                except context.TimeoutError:
                    pass
                except Exception as error:  # a task raised (``Stopped``, say): the rest are told to stop
                    failures += 1
                    first = first or error
                    _STOP.set()
                else:
                    finished[task] = result
                    if each is not None:
                        each(result)
                if stop is not None and not _STOP.is_set() and stop():
                    _STOP.set()
            if first is None and ended is not None:
                ended()
            # Every task has ended: the workers leave on their own. Ending them from outside
            # (what leaving the block does) may kill one while it holds the lock of the queue
            # its results go through, and the pool then waits for that lock for ever.
            pool.close()
            pool.join()
            if first is not None:
                raise first
            return [finished[task] for task in range(tasks)]
    finally:
        _SHARED, _STOP = None, None


# Pagefind's binary allocates through jemalloc, which by default keeps one memory arena per
# thread slot (four per core) and holds freed pages for ten seconds before it returns them.
# One arena lowers the indexer's peak at 10,000 offers from about 1.5 to 1.33 GiB at no cost in
# time on two cores; returning freed pages after two seconds (dirty_decay_ms:2000) lowers it by
# another 60 MiB at about 1 % of the index time. At once (dirty_decay_ms:0) costs 10-20 %; 5 s
# saves only 8 MiB (docs/performance.md). An operator's own setting wins.
ALLOCATOR_SETTING = ("_RJEM_MALLOC_CONF", "narenas:1,dirty_decay_ms:2000")

_RUNNING: set[subprocess.Popen[str]] = set()
_TOOLS = threading.Lock()  # guards _RUNNING and _PAUSED: the preview indexes in a thread of its own
_PAUSED = 0
# Set by ``end_tools_now``: this process ends. A tool whose start was under way (its thread
# waits in ``Popen`` while the handler runs) is ended as soon as it is known: it would
# otherwise outlive the process and write its index into the folder the handler removed.
_ENDING = False


def run_tool(command: list[str], env: Mapping[str, str] | None = None, niceness: int = 0) -> tuple[int, str, str]:
    """Run an external program (Pagefind) with the lean allocator setting; returns its exit
    code, output and errors. ``stop_tools`` ends it early. ``niceness``: added to its
    niceness, for work in the background (the preview's index must not slow down a save)."""
    name, value = ALLOCATOR_SETTING
    environment = {name: value, **os.environ, **(env or {})}
    # Work in the background (the preview's index) gets a process group of its own: halted by
    # ``tools_paused`` when the preview dies by SIGKILL, it is then the only member of an
    # orphaned group, and the kernel ends it (SIGHUP, SIGCONT). Ctrl+C reaches it through the
    # preview (``stop_tools``); the build's own tool stays in the build's group. No tool reads
    # the terminal (one outside its foreground group would be stopped for trying).
    process = subprocess.Popen(
        command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=environment,
        process_group=0 if niceness else None,
    )
    if niceness:
        # Right after the start, before Pagefind starts its threads (they take the value over);
        # the preview has threads, so no preexec_fn.
        with suppress(OSError):
            os.setpriority(os.PRIO_PROCESS, process.pid, os.getpriority(os.PRIO_PROCESS, 0) + niceness)
    with _TOOLS:
        _RUNNING.add(process)
        if _ENDING:
            _signal(process, signal.SIGKILL)
        elif _PAUSED:
            _signal(process, signal.SIGSTOP)
    try:
        stdout, stderr = process.communicate()
    except BaseException:  # Ctrl+C, say: the tool ends with the caller
        process.kill()
        process.wait()
        raise
    finally:
        with _TOOLS:
            _RUNNING.discard(process)
    return process.returncode, stdout, stderr


def _signal(process: subprocess.Popen[str], number: int) -> None:
    with suppress(ProcessLookupError):  # ended meanwhile
        process.send_signal(number)


def _signal_running(number: int) -> None:
    """Send ``number`` to every running tool (called with ``_TOOLS`` held)."""
    for process in _RUNNING:
        _signal(process, number)


def stop_tools() -> None:
    """End external programs still running: the preview may stop while it indexes in the background."""
    with _TOOLS:
        running = list(_RUNNING)
    for process in running:
        process.kill()  # ends a paused one too
        process.wait()


def end_tools_now() -> None:
    """``stop_tools`` for a signal handler that ends this process: takes no lock (the thread
    it interrupted may hold it) and waits for nothing. The preview's index would otherwise
    run on for up to 20 s (or, halted, until the kernel ends it) with up to 1.5 GiB, writing
    into the folder the handler removes."""
    global _ENDING
    _ENDING = True  # first: a tool being started meanwhile is ended by ``run_tool``
    for process in list(_RUNNING):  # copied in one step under the interpreter lock
        if process.returncode is None:
            with suppress(OSError):
                os.kill(process.pid, signal.SIGKILL)


class tools_paused:  # noqa: N801 - used as a context manager, like contextlib's
    """External programs (the preview's Pagefind run) halt while the block runs, or until
    ``end`` is called in it, and go on where they were after; one started meanwhile halts at
    once.

    The preview refreshes its search index in the background after every change (20 s of
    both cores at 10,000 offers). Lowered in priority, it still took a tenth of the cores
    from the next save's workers (whose pages come first): a renamed provider's 1,600 pages
    took 1.25-1.31 s instead of 1.06 s. Halted (SIGSTOP), it costs nothing meanwhile and
    loses no work. A second Ctrl+C ends it with the preview (``end_tools_now``); should the
    preview die by SIGKILL meanwhile, the kernel ends it at once: a tool in the background
    runs in a process group of its own (``run_tool``), orphaned with the preview's death, and
    a halted process in an orphaned group gets SIGHUP and SIGCONT.
    """

    def __init__(self) -> None:
        self.holding = False

    def __enter__(self) -> tools_paused:
        global _PAUSED
        with _TOOLS:
            _PAUSED += 1
            self.holding = True
            if _PAUSED == 1:
                _signal_running(signal.SIGSTOP)
        return self

    def end(self) -> None:
        """Let the programs go on now (the rest of the block is work that may wait for them)."""
        global _PAUSED
        with _TOOLS:
            if not self.holding:
                return
            self.holding = False
            _PAUSED -= 1
            if _PAUSED == 0:
                _signal_running(signal.SIGCONT)

    def __exit__(self, *exc: object) -> None:
        self.end()


class Behind:
    """Calls run by a few threads of this process, for work that mostly waits on the disk.

    Replacing a file that has data (the live preview's pages) makes ext4 write the new data
    out at once (``auto_da_alloc``): 2–4 ms a file on a busy disk, against 0.6 ms for a new
    file. Waits of several files overlap; the caller renders on meanwhile. Threads do not
    survive a fork: a forked process starts its own at its first call.
    """

    def __init__(self, threads: int = 4):
        self.threads = threads
        self._pool: ThreadPoolExecutor | None = None
        self._pid = 0
        self._pending: list[Future[Any]] = []

    def submit(self, call: Callable[..., Any], *args: Any) -> None:
        if self._pool is None or self._pid != os.getpid():
            self._pool, self._pid, self._pending = ThreadPoolExecutor(self.threads), os.getpid(), []
        self._pending.append(self._pool.submit(call, *args))

    def wait(self) -> None:
        """Return when every call so far has ended; raise the first error one of them raised."""
        pending, self._pending = self._pending, []
        for future in pending:
            future.result()
