"""Pagefind's bundle made the same for the same pages: the last touch of step 6 (``index``).

Pagefind 1.5 writes its filter files and the list of them (``pagefind.<hash>.pf_meta``) in
the order of a hash map, which differs from run to run: two builds of the same guide gave 27
of 31 filter files new names, a new meta file and a new ``pagefind-entry.json``. A deploy
then uploaded them again, and the guide's promise (the same input gives the same bytes) held
for every file but these. Pagefind names its fragments and word chunks stably since 1.3.

Each such file is ``gzip("pagefind_dcd" + CBOR)``. Here the values of every filter and the
filters and sort keys in the meta file are put in sorted order (they are read into maps by
name), the files are compressed without a time stamp and named by a hash of their content,
and the meta file and ``pagefind-entry.json`` name the new files. A file that does not read
as expected (another Pagefind) is left as Pagefind wrote it: searches find the same either way.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path
from typing import Any

_SIGNATURE = b"pagefind_dcd"


# --- The part of CBOR (RFC 8949) that Pagefind's files use ------------------------------------


def _decode(data: bytes, at: int = 0) -> tuple[Any, int]:
    """The CBOR item at ``at`` (integers, byte and text strings, arrays, maps) and where it ends."""
    head = data[at]
    major, info = head >> 5, head & 31
    at += 1
    if info < 24:
        number = info
    elif info <= 27:
        size = 1 << (info - 24)
        number = int.from_bytes(data[at : at + size], "big")
        at += size
    else:
        raise ValueError("CBOR ohne feste Länge")
    if major == 0:
        return number, at
    if major == 1:
        return -1 - number, at
    if major == 2:
        return bytes(data[at : at + number]), at + number
    if major == 3:
        return data[at : at + number].decode("utf-8"), at + number
    if major == 4:
        items = []
        for _ in range(number):
            item, at = _decode(data, at)
            items.append(item)
        return items, at
    if major == 5:
        pairs = {}
        for _ in range(number):
            key, at = _decode(data, at)
            pairs[key], at = _decode(data, at)
        return pairs, at
    raise ValueError(f"CBOR-Typ {major}")


def _head(major: int, number: int) -> bytes:
    if number < 24:
        return bytes([major << 5 | number])
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if number < 1 << (8 * size):
            return bytes([major << 5 | info]) + number.to_bytes(size, "big")
    raise ValueError("Zahl zu groß für CBOR")


def _encode(item: Any) -> bytes:
    """``item`` in CBOR, each length in as few bytes as it fits (as Pagefind writes it)."""
    if isinstance(item, bool) or item is None:
        raise ValueError("CBOR-Wert, den Pagefind nicht schreibt")
    if isinstance(item, int):
        return _head(0, item) if item >= 0 else _head(1, -1 - item)
    if isinstance(item, bytes):
        return _head(2, len(item)) + item
    if isinstance(item, str):
        text = item.encode("utf-8")
        return _head(3, len(text)) + text
    if isinstance(item, list):
        return _head(4, len(item)) + b"".join(_encode(part) for part in item)
    if isinstance(item, dict):
        return _head(5, len(item)) + b"".join(_encode(key) + _encode(value) for key, value in item.items())
    raise ValueError(f"CBOR-Wert {type(item).__name__}")


# --- Pagefind's files -------------------------------------------------------------------------


def _read(path: Path) -> Any | None:
    """The CBOR item of a Pagefind file; None where it does not read back to the same bytes."""
    try:
        data = gzip.decompress(path.read_bytes())
    except (OSError, EOFError, gzip.BadGzipFile):
        return None
    if not data.startswith(_SIGNATURE):
        return None
    try:
        item, end = _decode(data, len(_SIGNATURE))
        if end != len(data) or _SIGNATURE + _encode(item) != data:
            return None
    except (ValueError, IndexError, UnicodeDecodeError):
        return None
    return item


def _write(folder: Path, prefix: str, suffix: str, item: Any) -> str:
    """Write ``item`` as a Pagefind file named by its content; returns the hash in its name."""
    data = gzip.compress(_SIGNATURE + _encode(item), compresslevel=6, mtime=0)
    name = f"{prefix}_{hashlib.sha256(data).hexdigest()[: 7 if suffix == '.pf_filter' else 10]}"
    (folder / f"{name}{suffix}" if suffix == ".pf_filter" else folder / f"pagefind.{name}{suffix}").write_bytes(data)
    return name


def _by_name(rows: Any) -> bool:
    """Whether ``rows`` is a list of lists that each begin with a distinct name."""
    return (
        isinstance(rows, list)
        and all(isinstance(row, list) and row and isinstance(row[0], str) for row in rows)
        and len({row[0] for row in rows}) == len(rows)
    )


def steady(bundle: Path) -> bool:
    """Rewrite the filter files and meta files of the Pagefind bundle in ``bundle`` in a stable
    order and under names from their content; whether the bundle was made steady."""
    entry_path = bundle / "pagefind-entry.json"
    try:
        entry = json.loads(entry_path.read_text(encoding="utf-8"))
        languages = entry["languages"]
    except (OSError, ValueError, KeyError, TypeError):
        return False
    renamed: dict[str, str] = {}
    filters = bundle / "filter"
    plans: list[tuple[Path, Any]] = []
    for path in sorted(filters.glob("*.pf_filter")) if filters.is_dir() else []:
        item = _read(path)
        if not (isinstance(item, list) and len(item) == 2 and _by_name(item[1])):
            return False
        plans.append((path, [item[0], sorted(item[1], key=lambda row: row[0])]))
    metas: list[tuple[str, dict[str, Any], Path, Any]] = []
    for language in languages.values():
        path = bundle / f"pagefind.{language.get('hash')}.pf_meta"
        item = _read(path)
        if not (isinstance(item, list) and len(item) >= 5 and _by_name(item[3]) and _by_name(item[4])):
            return False
        metas.append((str(language["hash"]), language, path, item))
    for path, item in plans:
        old = path.name.removesuffix(".pf_filter")
        new = _write(filters, old.split("_", 1)[0], ".pf_filter", item)
        renamed[old] = new
        if new != old:
            path.unlink()
    for old, language, path, item in metas:
        item[3] = sorted(([row[0], renamed.get(row[1], row[1]), *row[2:]] for row in item[3]), key=lambda row: row[0])
        item[4] = sorted(item[4], key=lambda row: row[0])
        new = _write(bundle, old.split("_", 1)[0], ".pf_meta", item)
        language["hash"] = new
        if new != old:
            path.unlink()
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return True
