"""Save sequences as editors' tools produce them, against a running preview: each must end
with the last saved content in the open page. Prints a table.

    .venv/bin/python bench/saves.py GUIDE [--rounds 40] [--seed 1] [--timeout 15]

Each round picks one kind (seeded, so a run can be repeated) and an offer:

- ``Titel``: one save of the offer's title, its page open;
- ``drei Saves``: three saves within about 200 ms, the last one counts;
- ``leeren, schreiben``: the file emptied, then written 1–100 ms later (how many editors save);
- ``stückweise``: the file written in 2–5 pieces up to 0.15 s apart;
- ``Tippfehler``: a save with a mistyped key (the preview shows its error), fixed 0.1–0.5 s later;
- ``Anbieter``: the name of the offer's provider, the provider's page open;
- ``Anbieter zurück``: the same, then the offer's page opened as soon as the provider's page
  shows the new name (rendered on request while the workers write), and the name undone at once.

The open page is a client that does what the preview's reload script does: it reads the page,
connects for reloads with the page's ``stand``, reads the page again when told, and closes
the old connection. A round fails when the page does not show the last save within
``--timeout`` seconds; the script then prints the preview's last lines and exits with 1, as
it does when the preview printed a traceback.
``bench/browser.py`` measures the same way with Chromium, for fewer and plainer saves.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import random
import re
import socket
import statistics
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from browser import Preview  # noqa: E402

KINDS = ("Titel", "drei Saves", "leeren, schreiben", "stückweise", "Tippfehler", "Anbieter", "Anbieter zurück")
MARK = re.compile(r" \(Runde \d+\)$")


def read(port: int, path: str) -> tuple[int, str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read().decode("utf-8", "replace")
    finally:
        connection.close()


class Tab:
    """A page open in a browser with the preview's reload script."""

    def __init__(self, port: int, path: str):
        self.port, self.path = port, path
        self.status, self.body = 0, ""
        self.open = True
        self.connection: http.client.HTTPConnection | None = None
        self.lock = threading.Lock()
        threading.Thread(target=self._run, daemon=True).start()

    def _run(self) -> None:
        while self.open:
            try:
                status, body = read(self.port, self.path)
            except OSError:
                time.sleep(0.1)
                continue
            with self.lock:
                self.status, self.body = status, body
            stand = re.search(r"\?stand=(\d+)", body)
            if stand is None:  # no script (not an HTML page): nothing tells it
                time.sleep(0.2)
                continue
            self._wait_for_reload(stand.group(1))

    def _wait_for_reload(self, stand: str) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        self.connection = connection
        try:
            connection.request("GET", f"/__lotse/events?stand={stand}&seite={self.path}")
            for line in connection.getresponse():
                if not self.open or line.startswith(b"event: reload"):
                    return
        except (OSError, http.client.HTTPException, ValueError):
            time.sleep(0.05)
        finally:
            connection.close()

    def shows(self, text: str) -> bool:
        """Whether the page's heading shows ``text`` (an error page has another)."""
        with self.lock:
            heading = re.search(r"<h1[^>]*>(.*?)</h1>", self.body, re.S)
            return self.status == 200 and heading is not None and text in heading.group(1)

    def close(self) -> None:
        """Leave the page: the preview sees its connection closed at once."""
        self.open = False
        connection = self.connection
        if connection is not None and connection.sock is not None:
            with contextlib.suppress(OSError):
                connection.sock.shutdown(socket.SHUT_RDWR)


def dump(record: dict[str, Any]) -> str:
    return yaml.dump(record, Dumper=yaml.CSafeDumper, allow_unicode=True, sort_keys=False)


def write_in_pieces(path: Path, text: str, pieces: int, gap: float) -> None:
    with path.open("w", encoding="utf-8") as handle:
        step = max(1, len(text) // pieces)
        for start in range(0, len(text), step):
            if start:
                time.sleep(gap)
            handle.write(text[start:start + step])
            handle.flush()


def until(check: Callable[[], bool], timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True


def play(kind: str, number: int, offer: Path, guide: Path, port: int, chance: random.Random, timeout: float) -> tuple[bool, float]:
    """One round: the saves of ``kind``; seconds from the last save until the page shows it."""
    label = f"(Runde {number})"
    record = yaml.load(offer.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    title = MARK.sub("", str(record["title"]))
    provider_file = guide / "content" / "providers" / f"{offer.parent.name}.yaml"
    offer_page, provider_page = f"/angebote/{offer.stem}/", f"/anbieter/{offer.parent.name}/"
    tab = Tab(port, provider_page if kind.startswith("Anbieter") else offer_page)
    try:
        if not until(lambda: tab.status == 200, timeout):
            return False, timeout
        time.sleep(chance.choice((0.05, 0.3, 1.0)))  # read, or just opened
        expected = f"{title} {label}"
        if kind.startswith("Anbieter"):
            provider = yaml.load(provider_file.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
            name = MARK.sub("", str(provider["name"]))
            expected = f"{name} {label}"
            provider_file.write_text(dump({**provider, "name": expected}), encoding="utf-8")
            if kind == "Anbieter zurück":
                if not until(lambda: tab.shows(expected), timeout):
                    return False, timeout
                tab.close()
                tab = Tab(port, offer_page)  # one of its offers: likely not yet written
                if not until(lambda: expected in tab.body, timeout):
                    return False, timeout
                provider_file.write_text(dump({**provider, "name": name}), encoding="utf-8")
                expected = title  # the offer's heading; the name must be the old one again
        else:
            text = dump({**record, "title": expected})
            if kind == "Titel":
                offer.write_text(text, encoding="utf-8")
            elif kind == "drei Saves":
                for step in range(2):
                    offer.write_text(dump({**record, "title": f"{title} (Zwischenstand {step})"}), encoding="utf-8")
                    time.sleep(chance.uniform(0.01, 0.09))
                offer.write_text(text, encoding="utf-8")
            elif kind == "leeren, schreiben":
                offer.write_text("", encoding="utf-8")
                time.sleep(chance.choice((0.001, 0.02, 0.1)))
                offer.write_text(text, encoding="utf-8")
            elif kind == "stückweise":
                # The title last: the new one is complete only with the last piece (an earlier
                # piece may well be a valid offer, shown for a moment).
                last = dump({**{key: value for key, value in record.items() if key != "title"}, "title": expected})
                write_in_pieces(offer, last, chance.choice((2, 5)), chance.choice((0.01, 0.05, 0.15)))
            else:
                offer.write_text(text.replace("title:", "titel:", 1), encoding="utf-8")
                time.sleep(chance.choice((0.1, 0.5)))
                offer.write_text(text, encoding="utf-8")
        saved = time.perf_counter()  # the last save is written and closed
        if kind == "Anbieter zurück":
            done = lambda: tab.shows(expected) and label not in tab.body  # noqa: E731
        else:
            done = lambda: tab.shows(expected)  # noqa: E731
        shown = until(done, timeout)
        return shown, time.perf_counter() - saved
    finally:
        tab.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("guide", type=Path)
    parser.add_argument("--rounds", type=int, default=40)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--timeout", type=float, default=15.0, help="seconds a page may take to show the last save")
    args = parser.parse_args()
    chance = random.Random(args.seed)
    offers = sorted((args.guide / "offers").rglob("*.yaml"))
    preview = Preview(args.guide)
    preview.pages_written()
    times: dict[str, list[float]] = {kind: [] for kind in KINDS}
    failed: dict[str, int] = dict.fromkeys(KINDS, 0)
    try:
        for number in range(args.rounds):
            kind, offer = chance.choice(KINDS), chance.choice(offers)
            started = time.perf_counter()
            shown, seconds = play(kind, number, offer, args.guide, preview.port, chance, args.timeout)
            times[kind].append(seconds)
            if not shown:
                failed[kind] += 1
                print(f"Runde {number} ({kind}, {offer.name}): nach {args.timeout:.0f} s nicht zu sehen; die Vorschau zuletzt:")
                for moment, line in preview.lines[-12:]:
                    print(f"    {moment - started:7.2f}  {line}")
            time.sleep(chance.choice((0.0, 0.1, 0.5, 2.0)))  # the next save: at once, or after a look
    finally:
        preview.stop()
    print(f"{len(offers)} Angebote; {args.rounds} Runden, Zufall {args.seed}")
    print("| Art | Runden | nicht gezeigt | Median s | höchstens s |")
    print("|---|---:|---:|---:|---:|")
    for kind in KINDS:
        if times[kind]:
            print(f"| {kind} | {len(times[kind])} | {failed[kind]} | {statistics.median(times[kind]):.2f} | {max(times[kind]):.2f} |")
    tracebacks = [line for _, line in preview.lines if line.startswith("Traceback")]
    if tracebacks:
        print(f"Die Vorschau gab {len(tracebacks)} Traceback(s) aus.")
    sys.exit(1 if any(failed.values()) or tracebacks else 0)


if __name__ == "__main__":
    main()
