"""How well the search page answers what people type: relevance per query kind, and speed on a slow phone.

    .venv/bin/python bench/search_quality.py                  # sample guide, bench/search_queries.yaml
    .venv/bin/python bench/search_quality.py --per-query      # also one line per query
    .venv/bin/python bench/search_quality.py --slow           # plus bytes and time to first result, Fast 3G
    .venv/bin/python bench/search_quality.py --source DIR --queries FILE --today 2026-12-01

Builds the guide, serves it on 127.0.0.1 and sends every query of the relevance set through
/suche/?q=… in Debian's Chromium, exactly as a visitor would. The ranked list is the one the
page shows first (with tabs: the open tab), read from the result links. Prints per kind:
nDCG@10 (graded 0/1/2), precision@5, recall@10, how many queries have no relevant result in
the top 10 although one exists, and how many show a result judged irrelevant first.

``--slow`` serves the site as over Chrome's "Fast 3G" preset (562.5 ms latency per request,
1.44 Mbit/s shared by all responses, done in the server, so Pagefind's web worker is throttled
too), slows the CPU four times, starts with an empty cache, and reports the files and bytes
sent until the first result is on screen, and that time.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import math
import sys
import tempfile
import threading
import time
from collections import defaultdict
from datetime import date
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from site_builder.pipeline import build  # noqa: E402
from tests.browser import CHROMIUM, LAUNCH_ARGS, static_server  # noqa: E402

SLOW_QUERIES = ["Schweißen", "Exel", "kostenlos"]
# Chrome DevTools' "Fast 3G" preset (throughput in bytes per second).
FAST_3G_LATENCY = 0.5625  # seconds per request
FAST_3G_RATE = 1.6 * 1024 * 1024 / 8 * 0.9  # bytes per second, shared by all requests
# What a visitor sees as the answer, in order: the information page named as typed, linked
# above the results ("Seite dazu: Qualifizierungsgeld"), then the results of the tab open.
RESULT_LINKS = "#suche-app .suche-seite a, #suche-treffer .treffer-titel a"


def dcg(grades: list[int]) -> float:
    return sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(grades))


def scores(ranked: list[str], judged: dict[str, int]) -> dict[str, float]:
    grades = [judged.get(path, 0) for path in ranked]
    relevant = [p for p, g in judged.items() if g > 0]
    ideal = dcg(sorted(judged.values(), reverse=True)[:10])
    found = sum(1 for p in ranked[:10] if judged.get(p, 0) > 0)
    return {
        "ndcg": dcg(grades[:10]) / ideal if ideal else 1.0,
        "p5": sum(1 for g in grades[:5] if g > 0) / 5,
        "r10": found / len(relevant) if relevant else 1.0,
        "missed": 1.0 if relevant and found == 0 else 0.0,
        "junk_first": 1.0 if grades and grades[0] == 0 else 0.0,
    }


def page_path(url: str) -> str:
    return urlsplit(url).path.strip("/")


def wait_for_answer(tab: Any) -> None:
    """Until the search page has settled on its list (all fallbacks and tabs done)."""
    tab.wait_for_selector("#suche-app:not([hidden])", timeout=30000)
    tab.wait_for_selector("#suche-treffer[aria-busy=false]", state="attached", timeout=30000)
    tab.wait_for_timeout(50)
    tab.wait_for_selector("#suche-treffer[aria-busy=false]", state="attached", timeout=30000)


def ranked_list(tab: Any, origin: str, query: str) -> tuple[list[str], str]:
    tab.goto(f"{origin}/suche/?q={quote(query)}")
    wait_for_answer(tab)
    hrefs = tab.eval_on_selector_all(RESULT_LINKS, "links => links.map(a => a.href)")
    return [page_path(h) for h in hrefs], tab.inner_text("#suche-status")


def relevance(origin: str, queries: list[dict[str, Any]], per_query: bool) -> dict[str, dict[str, float]]:
    from playwright.sync_api import sync_playwright

    totals: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="de-DE")
        tab = context.new_page()
        for item in queries:
            judged = {str(k).strip("/"): int(v) for k, v in item["relevant"].items()}
            ranked, status = ranked_list(tab, origin, item["q"])
            result = scores(ranked, judged)
            for bucket in (item["kind"], "gesamt"):
                totals[bucket]["n"] += 1
                for key, value in result.items():
                    totals[bucket][key] += value
            if per_query:
                top = ", ".join(f"{r.split('/')[-1]}({judged.get(r, 0)})" for r in ranked[:5])
                print(f"{result['ndcg']:.2f}  {item['kind']:<11} {item['q']!r:<42} {status[:70]!r} → {top}")
        browser.close()
    return totals


def print_table(totals: dict[str, dict[str, float]]) -> None:
    print("| Art | Anfragen | nDCG@10 | P@5 | R@10 | ohne relevanten Treffer in Top 10 | Müll zuerst |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for kind in sorted(totals, key=lambda k: (k == "gesamt", k)):
        row = totals[kind]
        n = row["n"]
        print(
            f"| {'**gesamt**' if kind == 'gesamt' else kind} | {int(n)} | {row['ndcg'] / n:.3f} | {row['p5'] / n:.3f} | "
            f"{row['r10'] / n:.3f} | {int(row['missed'])} | {int(row['junk_first'])} |"
        )


class Link:
    """One shared slow link: every byte any response sends waits for its turn at ``rate``."""

    def __init__(self, latency: float, rate: float):
        self.latency, self.rate = latency, rate
        self.lock = threading.Lock()
        self.free_at = 0.0
        self.log: list[tuple[float, int, str]] = []  # (finished, bytes, path)

    def send(self, size: int) -> float:
        with self.lock:
            start = max(time.monotonic(), self.free_at)
            self.free_at = start + size / self.rate
            return self.free_at


def throttled_server(folder: Path, link: Link) -> Any:
    """A static server whose answers arrive as over ``link`` (latency per request, shared bandwidth)."""
    from tests.browser import StaticHandler

    class Slow(StaticHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            time.sleep(link.latency)
            path = Path(self.translate_path(self.path))
            if path.is_dir():
                path = path / "index.html"
            status = 200
            if not path.is_file():
                status, path = 404, folder / "404.html"
            body = path.read_bytes()
            kind = self.guess_type(str(path))
            headers = {"Content-Type": kind}
            # A static host compresses text; Pagefind's own files are compressed already.
            if kind.startswith(("text/", "application/javascript", "application/json", "image/svg")) and "gzip" in self.headers.get("Accept-Encoding", ""):
                body = gzip.compress(body, 6)
                headers["Content-Encoding"] = "gzip"
            self.send_response(status)
            for key, value in headers.items():
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            for i in range(0, len(body), 16384):
                chunk = body[i : i + 16384]
                done = link.send(len(chunk))
                time.sleep(max(0.0, done - time.monotonic()))
                self.wfile.write(chunk)
            link.log.append((time.monotonic(), len(body), urlsplit(self.path).path))

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Slow, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def slow_phone(site: Path, queries: list[str]) -> None:
    """Bytes and time to the first result card: empty cache, a Fast-3G-like link, a 4× slower CPU."""
    from playwright.sync_api import sync_playwright

    print()
    print("| Anfrage (Fast 3G: 562 ms, 1,44 Mbit/s; CPU ×4; leerer Cache) | Dateien bis zum ersten Treffer | Bytes bis zum ersten Treffer | Zeit bis zum ersten Treffer s | Dateien insgesamt | Bytes insgesamt |")
    print("|---|---:|---:|---:|---:|---:|")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        for query in queries:
            link = Link(FAST_3G_LATENCY, FAST_3G_RATE)
            server = throttled_server(site, link)
            origin = f"http://127.0.0.1:{server.server_address[1]}"
            context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True, locale="de-DE")
            tab = context.new_page()
            cdp = context.new_cdp_session(tab)
            cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
            started = time.monotonic()
            tab.goto(f"{origin}/suche/?q={quote(query)}", wait_until="commit")
            tab.wait_for_selector(RESULT_LINKS, timeout=120000)
            first = time.monotonic()
            wait_for_answer(tab)
            tab.wait_for_load_state("networkidle")
            context.close()
            server.shutdown()
            server.server_close()
            before = [size for when, size, _ in link.log if when <= first]
            total = [size for _, size, _ in link.log]
            print(f"| {query} | {len(before)} | {sum(before):,} | {first - started:.2f} | {len(total)} | {sum(total):,} |".replace(",", "."))
        browser.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=ROOT)
    parser.add_argument("--queries", type=Path, default=HERE / "search_queries.yaml")
    parser.add_argument("--today", type=date.fromisoformat, default=date(2026, 12, 1))
    parser.add_argument("--site", type=Path, help="an already built site instead of building --source")
    parser.add_argument("--per-query", action="store_true")
    parser.add_argument("--slow", action="store_true", help="also measure the first search on a throttled phone")
    args = parser.parse_args()
    queries = yaml.safe_load(args.queries.read_text(encoding="utf-8"))["queries"]
    with tempfile.TemporaryDirectory(prefix="lotse-quality-") as tmp:
        site = args.site
        if site is None:
            site = Path(tmp) / "site"
            build(args.source, site, today=args.today)
        with static_server(site) as origin:
            totals = relevance(origin, queries, args.per_query)
            print_table(totals)
            if args.slow:
                slow_phone(site, SLOW_QUERIES)


if __name__ == "__main__":
    main()
