"""The content tree is a boundary: Lotse reads a file only when it is a regular file inside it.

A symbolic link may point anywhere, and a path may name a device, a FIFO or a socket: read
naively, ``templates/assets/x.txt -> /proc/self/environ`` publishes the build's environment,
a link to ``/dev/zero`` reads until memory runs out, a FIFO blocks the build forever. So
every file is resolved first; only a regular file whose real path lies inside one of the
allowed folders is opened (without following links and without blocking), checked again on
the open descriptor, and read up to its size limit. What a refused file holds never appears
anywhere: the messages name the file and the reason only.

Here too: how large a file may be (``MAX_FILE_BYTES``), and when a file counts as unchanged
(``signature``, ``settled``: the rule of the build's fingerprint and the preview's reader).
"""

from __future__ import annotations

import errno
import functools
import os
import stat
import time
from collections.abc import Iterable
from pathlib import Path

# The largest file read: a content file (YAML, Markdown); a file of a guide's own templates/
# (Jinja templates and assets such as images and fonts).
MAX_FILE_BYTES = 1024 * 1024
MAX_TEMPLATE_FILE_BYTES = 20 * 1024 * 1024

Signature = tuple[int, int, int, int]
SETTLE_NS = 2_000_000_000  # more than any file system's clock tick


def signature(stat_result: os.stat_result) -> Signature:
    """Size, mtime, ctime and inode: what a write or a replacement of the file changes.

    ctime cannot be set back, so an edit that restores size and mtime is seen as well.
    """
    return (stat_result.st_size, stat_result.st_mtime_ns, stat_result.st_ctime_ns, stat_result.st_ino)


def settled(stat_result: os.stat_result, now: int | None = None) -> bool:
    """Whether the file last changed more than two seconds ago, so that any later write
    changes its signature. A file changed again within the file system's clock tick can
    keep its stat; only settled files are remembered by their signature (as in git's index).
    """
    return (now or time.time_ns()) - max(stat_result.st_mtime_ns, stat_result.st_ctime_ns) > SETTLE_NS


class Refused(Exception):
    """A file Lotse does not read; ``message`` says why in German (never what it holds)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


_OS_ERRORS = {
    errno.EACCES: "keine Berechtigung",
    errno.EPERM: "keine Berechtigung",
    errno.ENOENT: "nicht vorhanden",
    errno.ENOTDIR: "ein Teil des Pfads ist eine Datei, kein Ordner",
    errno.EISDIR: "ist ein Ordner",
    errno.ENAMETOOLONG: "der Name oder Pfad ist zu lang",
    errno.ELOOP: "symbolische Links verweisen im Kreis",
    errno.EROFS: "das Dateisystem ist schreibgeschützt",
    errno.ENOSPC: "kein Speicherplatz mehr frei",
    errno.EDQUOT: "das Speicherkontingent ist erschöpft",
    errno.EEXIST: "existiert bereits",
    errno.EXDEV: "liegt auf einem anderen Dateisystem",
    errno.EIO: "Ein-/Ausgabefehler des Datenträgers",
    errno.EMFILE: "zu viele offene Dateien",
    errno.EBUSY: "wird gerade benutzt",
    errno.ENOTEMPTY: "ist nicht leer",
}


def os_error_text(error: OSError) -> str:
    """What went wrong with a file operation, in German (the system's text is English)."""
    known = _OS_ERRORS.get(error.errno or 0)
    return known or f"Systemfehler {errno.errorcode.get(error.errno or 0, error.errno)}"


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        found = "ein Ordner"
    elif stat.S_ISFIFO(mode):
        found = "eine benannte Pipe (FIFO)"
    elif stat.S_ISSOCK(mode):
        found = "ein Socket"
    elif stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        found = "eine Gerätedatei"
    else:
        found = "etwas anderes"
    return f"erwartet wird eine gewöhnliche Datei, gefunden: {found}; sie wird nicht gelesen"


def inside(real: str, roots: Iterable[str]) -> bool:
    """Whether the real path ``real`` is one of ``roots`` (real paths too) or lies below one."""
    return any(real == root or real.startswith(root.rstrip(os.sep) + os.sep) for root in roots)


def real_roots(roots: Iterable[Path | str]) -> list[str]:
    return list(_real_roots(tuple(os.fspath(root) for root in roots)))


@functools.lru_cache(maxsize=64)
def _real_roots(roots: tuple[str, ...]) -> tuple[str, ...]:
    # Asked for every file read; a content tree's root does not move during a build.
    return tuple(os.path.realpath(root) for root in roots)


def _plain_below(path: str, roots: list[str]) -> bool:
    """Whether ``path`` lies textually below a root and no part of it below the root is a link
    (then it is its own real path). Much cheaper than ``realpath``, which runs in Python."""
    for root in roots:
        prefix = root.rstrip(os.sep) + os.sep
        if path.startswith(prefix):
            part = path
            while len(part) >= len(prefix):
                try:
                    if stat.S_ISLNK(os.lstat(part).st_mode):
                        return False
                except OSError:
                    return False
                part = os.path.dirname(part)
            return ".." not in path.split(os.sep) and "." not in path.split(os.sep)
    return False


def _resolve(path: str, roots: list[str]) -> str:
    """The real path of ``path``, refused when a link on the way is dangling, loops or leaves."""
    if _plain_below(path, roots):
        return path
    try:
        real = os.path.realpath(path, strict=True)
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise Refused("Datei ist ein symbolischer Link, der im Kreis verweist; bitte durch die Datei selbst ersetzen") from None
        if error.errno in (errno.EACCES, errno.EPERM):
            raise Refused("Datei kann nicht gelesen werden: keine Berechtigung") from None
        if error.errno == errno.ENOENT and os.path.lexists(path):
            raise Refused("Datei ist ein symbolischer Link ins Leere (das Ziel fehlt)") from None
        raise Refused(f"Datei kann nicht gelesen werden: {os_error_text(error)}") from None
    if not inside(real, roots):
        raise Refused(
            "Datei liegt über einen symbolischen Link außerhalb des Inhaltsverzeichnisses; aus Sicherheitsgründen "
            "wird sie nicht gelesen (bitte die Datei selbst ins Verzeichnis legen)"
        )
    return real


def _too_large(size: int, limit: int) -> Refused:
    shown = f"{limit // (1024 * 1024)} MiB" if limit % (1024 * 1024) == 0 else f"{limit} Bytes"
    return Refused(f"Datei ist zu groß ({size} Bytes); erlaubt sind höchstens {shown}")


def inspect(path: Path | str, roots: list[str], limit: int | None = None) -> os.stat_result:
    """The stat of the regular file ``path`` (links followed inside ``roots`` only), or Refused.

    ``roots`` are real paths (``real_roots``). Nothing is opened.
    """
    real = _resolve(os.fspath(path), roots)
    try:
        info = os.lstat(real)
    except OSError as error:
        raise Refused(f"Datei kann nicht gelesen werden: {os_error_text(error)}") from None
    if not stat.S_ISREG(info.st_mode):
        raise Refused(_kind(info.st_mode))
    if limit is not None and info.st_size > limit:
        raise _too_large(info.st_size, limit)
    return info


def read_bytes(path: Path | str, roots: list[str], limit: int) -> bytes:
    """The bytes of the regular file ``path`` inside ``roots``, at most ``limit`` of them, or Refused."""
    real = _resolve(os.fspath(path), roots)
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        before = os.lstat(real)
        if not stat.S_ISREG(before.st_mode):  # a device is never even opened
            raise Refused(_kind(before.st_mode))
        descriptor = os.open(real, flags)
    except OSError as error:
        if error.errno in (errno.EACCES, errno.EPERM):
            raise Refused("Datei kann nicht gelesen werden: keine Leserechte") from None
        raise Refused(f"Datei kann nicht gelesen werden: {os_error_text(error)}") from None
    try:
        # The file may have been swapped between the check and the opening: ask the descriptor.
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            raise Refused(_kind(info.st_mode))
        if info.st_size > limit:
            raise _too_large(info.st_size, limit)
        # One byte more than the size says, so a file that grows meanwhile is seen to be larger
        # (asking for limit + 1 bytes at once would allocate a MiB for every small file).
        chunks = [os.read(descriptor, info.st_size + 1)]
        total = len(chunks[0])
        while chunks[-1] and total <= limit:
            chunks.append(os.read(descriptor, limit + 1 - total))
            total += len(chunks[-1])
    except OSError as error:
        raise Refused(f"Datei kann nicht gelesen werden: {os_error_text(error)}") from None
    finally:
        os.close(descriptor)
    if total > limit:  # grew since the stat
        raise _too_large(total, limit)
    return b"".join(chunks)
