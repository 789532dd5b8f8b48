"""Bytes a browser transfers for a first search on a synthetic guide, printed as a table.

    .venv/bin/python bench/search_transfer.py            # 10,000 offers, query "Schweißen"
    .venv/bin/python bench/search_transfer.py --count 1000 --query Excel

Builds the guide, serves it on 127.0.0.1 and opens /suche/?q=… in Debian's Chromium (fresh
profile, empty cache). Sizes are response bodies as served; Pagefind's index and fragment files
are compressed already, HTML/CSS/JS are also shown gzip-compressed as a static host sends them.
"""

from __future__ import annotations

import argparse
import gzip
import sys
import tempfile
from collections import defaultdict
from pathlib import Path
from urllib.parse import quote, urlsplit

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402

from site_builder.pipeline import build  # noqa: E402
from tests.browser import CHROMIUM, LAUNCH_ARGS, static_server  # noqa: E402


def kind(path: str) -> str:
    if path.startswith("/pagefind/"):
        for part, label in (("/fragment/", "Pagefind: Treffer-Fragmente"), ("/index/", "Pagefind: Index-Teile"),
                            ("/filter/", "Pagefind: Filter"), (".pagefind", "Pagefind: WebAssembly"),
                            (".pf_meta", "Pagefind: Metadaten")):
            if part in path:
                return label
        return "Pagefind: JavaScript"
    if path.endswith(".css"):
        return "CSS"
    if path.endswith(".js"):
        return "JavaScript (Lotse)"
    return "HTML und Sonstiges"


def main() -> None:
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10000)
    parser.add_argument("--query", default="Schweißen")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="lotse-transfer-") as tmp:
        guide = generate(args.count, Path(tmp) / "guide")
        out = Path(tmp) / "site"
        build(guide, out)
        sizes: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
        with static_server(out) as origin, sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
            page = browser.new_page()
            responses = []
            page.on("response", lambda response: responses.append(response))
            page.goto(f"{origin}/suche/?q={quote(args.query)}")
            page.wait_for_selector("#suche-treffer[aria-busy=false]", state="attached", timeout=60000)
            page.wait_for_load_state("networkidle")
            for response in responses:
                path = urlsplit(response.url).path
                body = response.body()
                row = sizes[kind(path)]
                row[0] += 1
                row[1] += len(body)
                precompressed = any(part in path for part in ("/fragment/", "/index/", "/filter/", ".pf_meta", ".pagefind"))
                row[2] += len(body) if precompressed else len(gzip.compress(body))
            hits = page.inner_text("#suche-status")
            browser.close()
    total = [sum(r[i] for r in sizes.values()) for i in range(3)]
    print(f"Erste Suche nach „{args.query}“ bei {args.count:,} Angeboten: {hits}".replace(",", "."))
    print("| Art | Anfragen | Bytes wie ausgeliefert | Bytes mit gzip |")
    print("|---|---:|---:|---:|")
    for label in sorted(sizes):
        count, raw, packed = sizes[label]
        print(f"| {label} | {count} | {raw:,} | {packed:,} |".replace(",", "."))
    print(f"| **gesamt** | {total[0]} | {total[1]:,} | {total[2]:,} |".replace(",", "."))


if __name__ == "__main__":
    main()
