"""``python build.py import feeds``: fetch every catalogue listed under ``import.feeds`` in
site.yaml and import it, one report per provider (the nightly workflow turns each into a
pull request)."""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from ..load import load_sources
from ..validate import validate
from .fetch import FetchError, fetch

SUFFIXES = {"openqcat": ".xml", "openvhs": ".xml", "bawbsuche": ".json", "tabelle": ".xlsx"}


def run_feeds(args: argparse.Namespace) -> int:
    from .command import import_file

    valid, _ = validate(load_sources(args.source.resolve()))
    if valid.site is None:
        print("Fehler: site.yaml ist fehlerhaft; bitte zuerst python build.py validate", file=sys.stderr)
        return 1
    feeds = [f for f in (valid.site.import_.feeds if valid.site.import_ else []) if args.provider in (None, f.provider)]
    if not feeds:
        print("Keine Kataloge unter import.feeds in site.yaml" + (f" für {args.provider}" if args.provider else ""))
        return 0
    failed = 0
    for feed in feeds:
        print(f"== {feed.provider}: {feed.url}")
        try:
            body = fetch(feed.url, feed.format)
        except FetchError as error:
            print(f"Abruf fehlgeschlagen: {error}", file=sys.stderr)
            failed += 1
            continue
        suffix = SUFFIXES[feed.format]
        if feed.format == "tabelle" and (feed.url.lower().endswith(".csv") or not body.startswith(b"PK")):
            suffix = ".csv"  # an .xlsx file is a zip archive
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / f"{feed.provider}{suffix}"
            path.write_bytes(body)
            code = import_file(args, path, feed.url, fmt=feed.format, provider=feed.provider, topic=feed.topic or args.topic)
        failed += code != 0
    return 1 if failed else 0
