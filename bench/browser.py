"""Time the live preview as an editor sees it: ``serve`` on a guide, Chromium showing a page,
a file saved, until the browser shows the change. Prints a table.

    .venv/bin/python bench/browser.py GUIDE [--repeat 5] [--small-provider 200]

``bench/preview.py`` times the rebuild inside one process; this adds what lies around it:
the file watcher, the quiet time before a rebuild, the reload event, the browser's request
and its parsing of the page, and the search index refreshed in the background after every
save (Pagefind takes about 20 s at 10,000 offers, so the next save usually meets it).
Measured, each ``--repeat`` times, 6 s apart (an editor looking at the result):

- a title change of an offer, its page open;
- a provider's new name with its page open (a provider with ``--small-provider`` offers,
  made as ``bench/preview.py`` makes it; 0: the provider of that offer);
- the same, and then the page of one of its offers (not open when the name was saved), asked
  for as soon as the open page shows the new name, and asked for right after the save: until
  that page shows the new name (``serve`` renders such a page on request while the forked
  workers write the others, see ``incremental.Unwritten``).

Needs Playwright and Debian's Chromium (the test dependencies, ``scripts/setup.sh --test``).
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

from preview import SMALL, measured, save  # noqa: E402

from tests.browser import CHROMIUM, LAUNCH_ARGS  # noqa: E402 - the test suite's Chromium, launched the same way

TODAY = "2026-12-01"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Preview:
    """``build.py serve`` on ``guide``, its output lines collected with their times."""

    def __init__(self, guide: Path):
        self.port = free_port()
        self.lines: list[tuple[float, str]] = []
        command = [sys.executable, str(ROOT / "build.py"), "serve", "--source", str(guide), "--port", str(self.port), "--today", TODAY]
        self.process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=ROOT)
        threading.Thread(target=self._read, daemon=True).start()
        deadline = time.monotonic() + 600
        while not any(line.startswith("Vorschau: ") for _, line in self.lines):
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit("Die Vorschau startete nicht:\n" + "\n".join(line for _, line in self.lines[-20:]))
            time.sleep(0.1)

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append((time.perf_counter(), line.rstrip()))

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}/{path}"

    def since(self, started: float, prefix: str) -> list[str]:
        return [line for moment, line in self.lines if moment >= started and line.startswith(prefix)]

    def pages_written(self, timeout: float = 600.0) -> None:
        """Wait until the first build's pages are written: a large guide is served once it is
        checked ("Geprüft …"), its pages follow ("Alle … Seiten erzeugt"); a small one has
        written them before it is served."""
        if not any(line.startswith("Geprüft") for _, line in self.lines):
            return
        deadline = time.monotonic() + timeout
        while not any(line.startswith("Alle ") for _, line in self.lines) and time.monotonic() < deadline:
            time.sleep(0.1)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


def shows(page: Any, text: str, where: str = "h1", timeout: float = 60.0, gone: bool = False) -> None:
    """Wait until the page's element ``where`` (its heading, or "body") contains ``text``
    (after the preview's reload, if any); with ``gone``, until it no longer does: the reload a
    save brought has landed. Navigating before that races with it, and Chromium may keep the
    reload and drop the navigation (the next measurement would then wait on the wrong page)."""
    page.wait_for_function(
        "([text, where, gone]) => { const e = document.querySelector(where); return e !== null && e.textContent.includes(text) !== gone; }",
        arg=[text, where, gone], timeout=timeout * 1000,
    )


def go(page: Any, url: str) -> None:
    """``page.goto(url)``, once more if a reload the preview had just begun won over it: Chromium
    keeps a reload already under way and drops a navigation in the same instant (an editor
    who saves and clicks a link at once clicks again)."""
    for attempt in range(3):
        try:
            page.goto(url)
            return
        except Exception as error:  # playwright's Error, whose module the benchmark imports late
            if "interrupted by another navigation" not in str(error) or attempt == 2:
                raise
            page.wait_for_load_state()


def timed_other_page(
    preview: Preview, page: Any, path: Path, open_url: str, other_url: str, repeat: int, pause: float, at_once: bool
) -> list[float]:
    """Seconds from each save of a provider's name in ``path``, its page ``open_url`` open,
    until the page at ``other_url`` (which shows the name too) shows the new one; that page is
    asked for once the open one shows it, or with ``at_once`` right after the save."""
    record = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    base = str(record["name"])[:120]
    times = []
    for number in range(repeat):
        go(page, open_url)
        time.sleep(pause)
        label = f"(Messung {number}{' sofort' if at_once else ''})"
        record["name"] = f"{base} {label}"
        started = time.perf_counter()
        save(path, record)
        preview.lines.append((started, f"--- gespeichert: {path.name}, name {label}"))
        if not at_once:
            shows(page, label)
        go(page, other_url)
        shows(page, label, "body")
        times.append(time.perf_counter() - started)
        preview.lines.append((time.perf_counter(), f"--- andere Seite im Browser nach {times[-1]:.2f} s"))
        record["name"] = base  # as it was, before the next measurement
        save(path, record)
        shows(page, label, "body", gone=True)
        time.sleep(pause)
    return times


def timed_saves(preview: Preview, page: Any, path: Path, field: str, repeat: int, pause: float) -> list[float]:
    """Seconds from each save of ``field`` in ``path`` until the open page shows the new value."""
    record = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    base = str(record[field])[:120]
    times = []
    for number in range(repeat):
        record[field] = f"{base} (Messung {number})"
        started = time.perf_counter()
        save(path, record)
        preview.lines.append((started, f"--- gespeichert: {path.name}, {field} (Messung {number})"))
        shows(page, f"(Messung {number})")
        times.append(time.perf_counter() - started)
        preview.lines.append((time.perf_counter(), f"--- im Browser nach {times[-1]:.2f} s"))
        time.sleep(pause)
    record[field] = base
    save(path, record)
    shows(page, "(Messung ", gone=True)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("guide", type=Path)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--small-provider", type=int, default=200)
    parser.add_argument("--pause", type=float, default=6.0, help="seconds between saves")
    parser.add_argument("--log", action="store_true", help="print the preview's own lines (with seconds since the start) too")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    guide = args.guide
    offers, offer = measured(guide, args.small_provider)
    provider_id = SMALL if args.small_provider else offer.parent.name
    provider_offers = len(list((guide / "offers" / provider_id).glob("*.yaml")))
    preview = Preview(guide)
    # A large guide is served once it is checked, its pages written after (on request before):
    # the measurements begin when the first build's pages are, as before that change.
    preview.pages_written()
    rows = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=LAUNCH_ARGS)
            page = browser.new_page()
            time.sleep(args.pause)  # the first build's catalogues and index are under way, as after a start
            page.goto(preview.url(f"angebote/{offer.stem}/"))
            titles = timed_saves(preview, page, offer, "title", args.repeat, args.pause)
            rows.append(("Titel eines Angebots, seine Seite offen", titles))
            page.goto(preview.url(f"anbieter/{provider_id}/"))
            started = time.perf_counter()
            names = timed_saves(preview, page, guide / "content" / "providers" / f"{provider_id}.yaml", "name", args.repeat, args.pause)
            rows.append((f"Name eines Anbieters mit {provider_offers} Angeboten, seine Seite offen", names))
            done = [float(line.split("nach ")[1].split(" s")[0]) for line in preview.since(started, "Alle ")]
            provider_file = guide / "content" / "providers" / f"{provider_id}.yaml"
            one_offer = sorted((guide / "offers" / provider_id).glob("*.yaml"))[0].stem
            open_url, other_url = preview.url(f"anbieter/{provider_id}/"), preview.url(f"angebote/{one_offer}/")
            for at_once, label in ((False, "sobald die offene Seite ihn zeigt"), (True, "sofort nach dem Save")):
                other = timed_other_page(preview, page, provider_file, open_url, other_url, args.repeat, args.pause, at_once)
                rows.append((f"… dann eine seiner Angebotsseiten geöffnet, {label}", other))
            browser.close()
    except BaseException:
        for moment, line in preview.lines[-40:]:  # what the preview said: the cause, often
            print(f"{moment:12.2f}  {line}", file=sys.stderr)
        raise
    finally:
        preview.stop()
    print(f"Rechner: {os.cpu_count()} Kerne; {len(offers)} Angebote; je {args.repeat} Saves, {args.pause:g} s auseinander")
    print("| Save bis zur Anzeige im Browser | Median s | Einzelwerte s |")
    print("|---|---:|---|")
    for label, times in rows:
        print(f"| {label} | {statistics.median(times):.2f} | {' / '.join(f'{t:.2f}' for t in times)} |")
    if args.log:
        origin = preview.lines[0][0] if preview.lines else 0.0
        for moment, line in preview.lines:
            print(f"{moment - origin:8.2f}  {line}")
    if done:
        print(f"| … bis alle geänderten Seiten geschrieben sind (Meldung der Vorschau) | {statistics.median(done):.2f} | {' / '.join(f'{t:.2f}' for t in done)} |")


if __name__ == "__main__":
    main()
