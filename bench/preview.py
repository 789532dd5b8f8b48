"""Time the live preview's answer to one changed offer (what ``serve`` does on save).

    python bench/preview.py GUIDE [--repeat 3]

Builds GUIDE once as ``serve`` does, then changes one offer's title ``--repeat`` times and
prints, as JSON, the median seconds until its page and lists are written (``pages``) and
until catalogues, sitemap, feed and API have followed (``later``; the search index, which
``serve`` rebuilds after that, is not included).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from site_builder.incremental import Memory, rebuild  # noqa: E402
from site_builder.load import ReadCache  # noqa: E402
from site_builder.processes import tidy  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("guide", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    today = date(2026, 12, 1)
    offers = sorted((args.guide / "offers").rglob("*.yaml"))
    offer = offers[len(offers) // 3]
    with tempfile.TemporaryDirectory(prefix="lotse-preview-") as tmp:
        # As serve does: its file watcher reports each changed path (memory.files.touched).
        out, memory = Path(tmp) / "site", Memory(files=ReadCache(watched=True))
        first = rebuild(args.guide, out, memory, today, None, defer=True)
        if first.finish:
            first.finish()
        tidy()
        time.sleep(2.1)  # files younger than the clock tick are read again anyway
        pages, later = [], []
        data = yaml.load(offer.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
        title = str(data["title"])
        for number in range(args.repeat):
            data["title"] = f"{title[:130]} (Vorschau {number})"  # within the 160 characters allowed
            offer.write_text(yaml.dump(data, Dumper=yaml.CSafeDumper, allow_unicode=True, sort_keys=False), encoding="utf-8")
            os.sync()  # an editor's save, not the write-back of the first build, is timed
            started = time.perf_counter()
            memory.files.touched([str(offer.resolve())])
            report = rebuild(args.guide, out, memory, today, None, defer=True)
            pages.append(time.perf_counter() - started)
            if report.finish:
                report.finish()
            later.append(time.perf_counter() - started)
            tidy()  # what serve does while it waits for the next save
        shutil.rmtree(out, ignore_errors=True)
    print(json.dumps({"pages": statistics.median(pages), "later": statistics.median(later)}))


if __name__ == "__main__":
    main()
