"""What reading a content file gave, kept between builds and found again by the file's bytes.

Reading YAML is most of the loading (libyaml's events, handled in Python, about 0.5 ms a
file). A file whose exact bytes were read before without any problem gives the same values
again, so a build remembers those values in a cache folder and the next build takes them
from there instead of parsing. What is kept is plain data (the values of the mapping, as
JSON); checking them against the declarations runs on every build, so every message of
``validate`` is made anew from the file's text, with the same line and column.

The key of a file is a BLAKE2 hash of its bytes, keyed with a hash of Lotse's own code
(every module of the package and its data files), its version and the Python version: any change to the reader
or the declarations starts a new cache. Files that gave a problem are never kept, so a
defective file is read – and reported – on every build.

The cache is input Lotse did not write in this run. It is JSON (reading it cannot run code),
read only from a folder and file of the user running Lotse that nobody else may write;
anything unreadable, foreign or of another version is passed over and the files are parsed.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import stat
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import __version__

ENV = "LOTSE_CACHE"
FORMAT = 1
_PACKAGE = Path(__file__).resolve().parent


def default_folder() -> Path | None:
    """``$LOTSE_CACHE``, else ``$XDG_CACHE_HOME/lotse``, else ``~/.cache/lotse``; None (no
    cache) for a user without a home folder (no ``HOME``, no entry in the user database: a
    container run under an arbitrary user id)."""
    try:
        chosen = os.environ.get(ENV)
        if chosen:
            return Path(chosen).expanduser()
        base = os.environ.get("XDG_CACHE_HOME") or str(Path("~/.cache").expanduser())
    except RuntimeError:  # pathlib: "Could not determine home directory."
        return None
    return Path(base) / "lotse"


@functools.cache
def code_digest() -> bytes:
    """What every cached value depends on besides the file: Lotse's code and data, version, Python."""
    digest = hashlib.blake2b(digest_size=32)
    digest.update(f"{FORMAT}\0{__version__}\0{sys.version_info[:2]}\0".encode())
    for module in sorted(p for p in [*_PACKAGE.rglob("*.py"), *(_PACKAGE / "data").rglob("*")] if p.is_file()):
        digest.update(module.relative_to(_PACKAGE).as_posix().encode() + b"\0")
        digest.update(module.read_bytes() + b"\0")
    return digest.digest()


def is_plain(value: Any) -> bool:
    """Whether ``value`` comes back from JSON as it went in: text keys only (YAML allows
    ``1:`` or ``true:`` as keys, JSON would turn them into text), no other types."""
    if isinstance(value, dict):
        return all(isinstance(key, str) and is_plain(item) for key, item in value.items())
    if isinstance(value, list):
        return all(is_plain(item) for item in value)
    return value is None or isinstance(value, (str, bool, int, float))


def _private(info: os.stat_result, kind: int) -> bool:
    """Owned by this user, of the right type, writable by nobody else."""
    if stat.S_IFMT(info.st_mode) != kind or info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return False
    return not hasattr(os, "geteuid") or info.st_uid == os.geteuid()


@dataclass
class Entry:
    data: dict[str, Any]  # the values of the file (of a page: its front matter)
    checked: bool  # the rules and record checks of ``validate`` found nothing in them


class ContentCache:
    """The remembered values for one content tree (one JSON file in ``folder``).

    ``take`` hands out each remembered entry once (a second file with the same bytes is parsed:
    two documents never share one mapping); ``put`` adds what a file gave; ``passed`` notes the
    files ``validate`` found nothing in; ``save`` writes the entries of this reading – entries
    of files gone or changed are dropped.
    """

    def __init__(self, folder: Path, root: Path):
        self.folder = folder
        name = hashlib.blake2b(str(root).encode("utf-8", "surrogateescape"), digest_size=12).hexdigest()
        self.file = folder / f"{name}.json"
        self.salt = code_digest()
        self.known = self._load()
        self.kept: dict[str, dict[str, Any]] = {}
        self.paths: dict[str, str] = {}  # file (relative path) -> key of its entry
        self.dirty = False

    def _load(self) -> dict[str, Any]:
        try:
            if not _private(os.stat(self.folder), stat.S_IFDIR):
                return {}
            fd = os.open(self.file, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        except OSError:
            return {}
        try:
            with os.fdopen(fd, "rb") as handle:
                if not _private(os.fstat(handle.fileno()), stat.S_IFREG):
                    return {}
                stored = json.loads(handle.read())
        except (OSError, ValueError, RecursionError):  # damaged, truncated, not ours
            return {}
        if not isinstance(stored, dict) or stored.get("format") != FORMAT or stored.get("code") != self.salt.hex():
            return {}
        entries = stored.get("entries")
        return entries if isinstance(entries, dict) else {}

    def key(self, kind: str, raw: bytes) -> str:
        """The key of a file of ``kind`` (a record kind's name) holding ``raw``."""
        return hashlib.blake2b(kind.encode() + b"\0" + raw, key=self.salt, digest_size=20).hexdigest()

    def take(self, key: str, path: str) -> Entry | None:
        stored = self.known.pop(key, None)
        if not isinstance(stored, dict) or not isinstance(stored.get("d"), dict):
            return None
        self.kept[key] = stored
        self.paths[path] = key
        return Entry(stored["d"], stored.get("c") is True)

    def put(self, key: str, path: str, data: dict[str, Any]) -> None:
        if key not in self.kept and is_plain(data):
            self.kept[key] = {"d": data, "c": False}
            self.paths[path] = key
            self.dirty = True

    def passed(self, paths: Iterable[str]) -> None:
        """``paths`` gave no problem in ``validate``: their rules and checks need not run again."""
        for path in paths:
            stored = self.kept.get(self.paths.get(path, ""))
            if stored is not None and stored.get("c") is not True:
                stored["c"] = True
                self.dirty = True

    def save(self) -> None:
        """Write the entries of this reading, if they differ from what was there. A folder that
        cannot be written costs the next build its speed, nothing else."""
        if not self.dirty and not self.known:  # every entry taken as it was, none added
            return
        stored = {"format": FORMAT, "code": self.salt.hex(), "entries": self.kept}
        text = json.dumps(stored, ensure_ascii=False, separators=(",", ":"))
        try:
            self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            if not _private(os.stat(self.folder), stat.S_IFDIR):
                return
            fd, temporary = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=self.folder)
            try:
                with os.fdopen(fd, "wb") as handle:
                    handle.write(text.encode("utf-8", "surrogatepass"))
                os.replace(temporary, self.file)
            except BaseException:
                os.unlink(temporary)
                raise
        except OSError:
            return
        self.known, self.dirty = {}, False
