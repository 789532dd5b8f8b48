"""Time the live preview's answers to saves, as an editor makes them (what ``serve`` does).

    python bench/preview.py GUIDE [--repeat 3] [--small-provider 200]

Builds GUIDE once as ``serve`` does, right after the files were written (as after a
checkout or a generator run), then measures, as JSON, in seconds until the changed pages
are written:

- ``first``: the first save of one offer's title after the start (nothing warmed up);
- ``first_at_start``: a title saved while the first build's pages are still being written
  (0.5 s into them; ``serve`` stops that work for the save), the offer's page open: until
  that page is written, on a guide of its own start;
- ``pages``: the median of ``--repeat`` further title saves;
- ``later``: the median time until catalogues, sitemap, feed and API have followed;
- ``provider``: a provider's name changed (shown on all of its offers' pages and cards),
  until every changed page is written;
- ``provider_shown``: a second change of the name, with the provider's page open in a
  browser: until that page is written (``serve`` renders pages a browser shows first, the
  others after them: ``rebuild``'s ``first``);
- ``provider_offers``: how many offers that provider has;
- ``small_provider``, ``small_provider_shown``: the same for a provider with
  ``--small-provider`` offers (made before the start: a copy of a provider's file under a new
  id, with that many offers of the largest provider moved to it; 0 leaves the guide as it is);
- ``rapid``: three saves by truncate-and-write within 200 ms, until the last one is served;
- ``cpu``: for ``first``, ``pages`` (median), ``provider``, ``small_provider``, the CPU seconds
  of this process (steadier than the wall clock on a shared machine);
- ``cpu_workers``: the same for the forked render workers of those rebuilds (0 when it
  rendered in this process);
- ``during_catch_up``: the longest of three title saves made 0.2, 0.5 and 0.8 s after the
  last one's pages were written, while its catalogues, sitemap, feed and API are rendered
  (``serve`` stops them for the newer save): until the new save's page is written
  (``during_catch_up_each``: all three);
- ``indexing_pages``, ``indexing_small_provider``: a title save and the small provider's
  name changed while the search index is refreshed in the background, as ``serve`` refreshes
  it after every change (an editor's next save usually comes before it is done), with the
  index halted as ``serve`` halts it (``processes.tools_paused``).

The search index itself is not timed.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from datetime import date
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from site_builder import urls  # noqa: E402
from site_builder.incremental import Memory, rebuild, refresh_index  # noqa: E402
from site_builder.load import ReadCache  # noqa: E402
from site_builder.processes import run_apart, stop_tools, tidy, tools_paused  # noqa: E402
from site_builder.render import Stopped  # noqa: E402
from site_builder.serve import preview_scratch  # noqa: E402

TODAY = date(2026, 12, 1)


def save(path: Path, data: dict[str, object]) -> None:
    path.write_text(yaml.dump(data, Dumper=yaml.CSafeDumper, allow_unicode=True, sort_keys=False), encoding="utf-8")


SMALL = "messprobe-anbieter"
CATCH_UP_DELAYS = (0.2, 0.5, 0.8)  # seconds after a save's pages, into its catalogues and API
CPU: list[float] = []  # this process's CPU seconds of each timed rebuild until its pages are written
WORKERS: list[float] = []  # its render workers' CPU seconds (ended and waited for by then)


def children_cpu() -> float:
    times = os.times()
    return times.children_user + times.children_system


def small_provider(guide: Path, count: int) -> None:
    """Give the guide a provider with ``count`` offers, taken from its largest provider."""
    folders = sorted((f for f in (guide / "offers").iterdir() if f.is_dir() and f.name != SMALL), key=lambda f: -len(list(f.glob("*.yaml"))))
    source = folders[0]
    providers = guide / "content" / "providers"
    record = yaml.load((providers / f"{source.name}.yaml").read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    record["name"] = "Messprobe Bildungszentrum"
    save(providers / f"{SMALL}.yaml", record)
    target = guide / "offers" / SMALL
    target.mkdir(exist_ok=True)
    have = len(list(target.glob("*.yaml")))
    for path in sorted(source.glob("*.yaml"))[: max(0, count - have)]:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
        data["provider"] = SMALL
        save(target / path.name, data)
        path.unlink()


def measured(guide: Path, small: int) -> tuple[list[Path], Path]:
    """The guide's offer files and the one whose title is changed, the small provider made first
    (``small_provider``; 0: none)."""
    if small:
        small_provider(guide, small)
    offers = sorted((guide / "offers").rglob("*.yaml"))
    return offers, offers[len(offers) // 3]


@contextmanager
def indexing(out: Path, language: str, information: list[str]) -> Iterator[None]:
    """The search index refreshed over and over in the background while the block runs, as
    ``serve``'s ``Indexer`` does after each change (at the same lower priority)."""
    done = threading.Event()

    def loop() -> None:
        while not done.is_set():
            try:
                refresh_index(out, language, information)
            except RuntimeError:  # ended by ``stop_tools`` below
                if not done.is_set():
                    raise

    thread = threading.Thread(target=loop, daemon=True)
    thread.start()
    time.sleep(2)  # well into its reading of the pages
    try:
        yield
    finally:
        done.set()
        while thread.is_alive():  # a run may have begun just before ``done`` was set
            stop_tools()
            thread.join(0.1)


def rename_provider(guide: Path, out: Path, memory: Memory, provider_id: str, shown: bool = False) -> float:
    """Seconds until every changed page is written; with ``shown``, until the provider's page
    is, open in a browser (``serve`` renders such pages first, ``rebuild``'s ``first``)."""
    provider = guide / "content" / "providers" / f"{provider_id}.yaml"
    record = yaml.load(provider.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    record["name"] = f"{str(record['name'])[:140]} ({'angesehen' if shown else 'umbenannt'})"
    save(provider, record)
    seconds, _ = timed_rebuild(guide, out, memory, [provider], first=[urls.provider(provider_id)] if shown else [])
    return seconds


def timed_rebuild(guide: Path, out: Path, memory: Memory, changed: list[Path], first: list[str] | None = None) -> tuple[float, float]:
    """Seconds until the changed pages (with ``first``: the pages of ``first``, which a browser
    shows), and until the deferred outputs, are written; with the tools halted until the pages
    are, as ``serve`` rebuilds."""
    with tools_paused() as paused:
        return _timed_rebuild(guide, out, memory, changed, first, paused.end)


def _timed_rebuild(
    guide: Path, out: Path, memory: Memory, changed: list[Path], first: list[str] | None, pages_written: Callable[[], None]
) -> tuple[float, float]:
    os.sync()  # an editor's save, not the write-back of earlier work, is timed
    started, cpu, workers = time.perf_counter(), time.process_time(), children_cpu()
    memory.files.touched([str(p.resolve()) for p in changed])  # as serve's file watcher reports
    report = rebuild(guide, out, memory, TODAY, None, defer=True, first=first or ())
    pages = time.perf_counter() - started
    done = (time.process_time(), children_cpu())
    if report.finish:
        # None shown and the change large: every changed page follows in ``finish`` (which
        # sets ``pages_done``); the CPU seconds until then are read at its first look at ``stop``
        # after that, before the catalogues.
        marks: list[tuple[float, float]] = []

        def stop() -> bool:
            if report.pages_done and not marks:
                marks.append((time.process_time(), children_cpu()))
            return False

        report.finish(stop, None, pages_written)
        if not first and report.pending:
            pages = report.pages_done - started
            done = marks[0] if marks else (time.process_time(), children_cpu())
    later = time.perf_counter() - started
    CPU.append(done[0] - cpu)
    WORKERS.append(done[1] - workers)
    idle(memory)
    return pages, later


def first_at_start(guide: Path, offer: Path) -> float:
    """``first_at_start`` (see above), in an output folder of its own."""
    with tempfile.TemporaryDirectory(prefix="lotse-preview-", dir=preview_scratch(guide)) as tmp:
        out, memory = Path(tmp) / "site", Memory(files=ReadCache(watched=True))
        start = rebuild(guide, out, memory, TODAY, None, defer=True)
        if start.finish is not None:
            deadline = time.monotonic() + 0.5
            with suppress(Stopped):  # as a save stops it
                start.finish(lambda: time.monotonic() > deadline)
        data = yaml.load(offer.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
        data["title"] = f"{str(data['title'])[:120]} (beim Start)"
        save(offer, data)
        os.sync()
        started = time.perf_counter()
        memory.files.touched([str(offer.resolve())])
        with tools_paused():
            rebuild(guide, out, memory, TODAY, None, defer=True, first=[urls.offer(offer.stem)])
        return time.perf_counter() - started


def idle(memory: Memory) -> None:
    """What serve does while it waits for the next save: tidy up, and look for changes that
    came without an event (which settles files written just before the start)."""
    tidy()
    missed = memory.files.drifted()
    assert not missed, missed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("guide", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--small-provider", type=int, default=200)
    args = parser.parse_args()
    guide = args.guide
    offers, offer = measured(guide, args.small_provider)
    for path in offers:  # as if just checked out: every file younger than the clock tick
        os.utime(path)
    # In a process of its own: the preview's memory of that start (kept from the collector,
    # ``keep_out_of_sight``) would otherwise stay, and slowed every measurement after it by a fifth.
    at_start = run_apart(first_at_start, guide, offer)
    for path in offers:  # young again for the start measured next
        os.utime(path)
    # Where ``serve`` puts its pages: in memory when there is room (``preview_scratch``).
    with tempfile.TemporaryDirectory(prefix="lotse-preview-", dir=preview_scratch(guide)) as tmp:
        out, memory = Path(tmp) / "site", Memory(files=ReadCache(watched=True))
        first_build = rebuild(guide, out, memory, TODAY, None, defer=True)
        if first_build.finish:
            first_build.finish()
        idle(memory)
        data = yaml.load(offer.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
        title = str(data["title"])[:120]  # within the 160 characters allowed

        data["title"] = f"{title} (erste Änderung)"
        save(offer, data)
        first, _ = timed_rebuild(guide, out, memory, [offer])
        cpu_first, workers_first = CPU[-1], WORKERS[-1]

        pages, later = [], []
        for number in range(args.repeat):
            data["title"] = f"{title} (Vorschau {number})"
            save(offer, data)
            page, rest = timed_rebuild(guide, out, memory, [offer])
            pages.append(page)
            later.append(rest)
        cpu_pages = statistics.median(CPU[-args.repeat :])
        workers_pages = statistics.median(WORKERS[-args.repeat :])

        provider_id = str(data["provider"])
        provider_time = rename_provider(guide, out, memory, provider_id)
        cpu_provider, workers_provider = CPU[-1], WORKERS[-1]
        provider_shown = rename_provider(guide, out, memory, provider_id, shown=True)
        provider_offers = sum(1 for path in offers if path.parent.name == provider_id)
        small_time = rename_provider(guide, out, memory, SMALL) if args.small_provider else None
        cpu_small = CPU[-1] if args.small_provider else None
        workers_small = WORKERS[-1] if args.small_provider else None
        small_shown = rename_provider(guide, out, memory, SMALL, shown=True) if args.small_provider else None
        small_offers = len(list((guide / "offers" / SMALL).glob("*.yaml"))) if args.small_provider else 0

        # The next saves come while the index of the last one is made (serve starts it after
        # every change; at 10,000 offers it takes about 20 s).
        with indexing(out, first_build.language, first_build.information):
            indexed_pages = []
            for number in range(args.repeat):
                data["title"] = f"{title} (beim Index {number})"
                save(offer, data)
                indexed_pages.append(timed_rebuild(guide, out, memory, [offer])[0])
            indexed_small = rename_provider(guide, out, memory, SMALL) if args.small_provider else None

        # Three saves within 200 ms, each truncating the file before writing it again; the
        # preview rebuilds after the last (serve waits for 0.05 s without an event: the
        # 0.06 s after the last save stand for that). The disk's
        # write-back of the provider's pages is not the saves' time: synced first.
        os.sync()
        started = time.perf_counter()
        for number in range(3):
            with offer.open("r+", encoding="utf-8") as handle:
                handle.truncate(0)
                data["title"] = f"{title} (schnell {number})"
                handle.write(yaml.dump(data, Dumper=yaml.CSafeDumper, allow_unicode=True, sort_keys=False))
            time.sleep(0.06)
        saving = time.perf_counter() - started
        rapid_pages, _ = timed_rebuild(guide, out, memory, [offer])
        page = out / "angebote" / offer.stem / "index.html"
        assert "(schnell 2)" in page.read_text(encoding="utf-8")
        rapid = saving + rapid_pages  # until the last save is served, catalogues not waited for

        # A save while the catalogues, sitemap, feed and API of the last one are rendered:
        # serve stops them for the newer save (``stop``), then rebuilds. From the save until
        # its page is written: the wait for the stop, and the rebuild. Saved 0.2, 0.5 and 0.8 s
        # into them (at 10,000 offers: catalogue pages until 0.4 s, then the API for a second).
        catching_up = []
        for number, delay in enumerate(CATCH_UP_DELAYS):
            data["title"] = f"{title} (vor dem Katalog {number})"
            save(offer, data)
            memory.files.touched([str(offer.resolve())])
            report = rebuild(guide, out, memory, TODAY, None, defer=True)
            newer = threading.Event()
            stopped: list[float] = []

            def catch_up(report: Any = report, newer: threading.Event = newer, stopped: list[float] = stopped) -> None:
                try:
                    if report.finish:
                        report.finish(newer.is_set)
                except Stopped:
                    pass
                stopped.append(time.perf_counter())

            behind = threading.Thread(target=catch_up)
            behind.start()
            time.sleep(delay)
            data["title"] = f"{title} (während des Katalogs {number})"
            save(offer, data)
            started = time.perf_counter()
            newer.set()
            behind.join()
            pages_after, _ = timed_rebuild(guide, out, memory, [offer])
            catching_up.append(max(0.0, stopped[0] - started) + pages_after)  # ended before the save: no wait
            tidy()
        shutil.rmtree(out, ignore_errors=True)
    print(json.dumps({
        "first": first,
        "first_at_start": at_start,
        "pages": statistics.median(pages),
        "later": statistics.median(later),
        "provider": provider_time,
        "provider_shown": provider_shown,
        "provider_offers": provider_offers,
        "small_provider": small_time,
        "small_provider_shown": small_shown,
        "small_provider_offers": small_offers,
        "rapid": rapid,
        "rapid_rebuild": rapid_pages,
        "indexing_pages": statistics.median(indexed_pages),
        "indexing_small_provider": indexed_small,
        "during_catch_up": max(catching_up),
        "during_catch_up_each": catching_up,
        "cpu": {"first": cpu_first, "pages": cpu_pages, "provider": cpu_provider, "small_provider": cpu_small},
        "cpu_workers": {"first": workers_first, "pages": workers_pages, "provider": workers_provider, "small_provider": workers_small},
    }))


if __name__ == "__main__":
    main()
