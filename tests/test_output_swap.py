"""The finished build replaces its output folder in one step: on Linux the staged folder and
the previous output are exchanged with renameat2(RENAME_EXCHANGE), so a web server serving
the folder never finds it missing; elsewhere two renames do it, with a moment in between."""

from __future__ import annotations

import ctypes
import errno
import os
import shutil
import sys
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from site_builder import write
from site_builder.write import SiteWriter


def _swap(out: Path, page: bytes) -> None:
    """What a build does with its output, for one page."""
    with SiteWriter(out) as writer:
        writer.write("index.html", page)
        writer.keep_unchanged(writer.unchanged)
        writer.commit()


@pytest.fixture(params=["platte", "tmpfs"])
def place(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Path]:
    """A folder on the test's own file system (ext4 here), and one on a tmpfs."""
    if request.param == "platte":
        yield tmp_path
        return
    if not os.path.isdir("/dev/shm") or write.mount_type("/dev/shm") != "tmpfs" or not os.access("/dev/shm", os.W_OK):
        pytest.skip("kein beschreibbares tmpfs unter /dev/shm")
    folder = Path(tempfile.mkdtemp(prefix="lotse-tausch-", dir="/dev/shm"))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _removed(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, int]]:
    """(name, inode) of each folder the writer removes, noted just before it goes."""
    removed: list[tuple[str, int]] = []
    remove = write.remove_tree

    def noting(path: Path) -> None:
        if path.exists():
            removed.append((path.name, os.stat(path).st_ino))
        remove(path)

    monkeypatch.setattr(write, "remove_tree", noting)
    return removed


def _failing(code: int) -> object:
    """A renameat2 that fails as a kernel or libc without the exchange does."""

    def renameat2(*args: object) -> int:
        ctypes.set_errno(code)
        return -1

    return renameat2


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="renameat2 gibt es nur unter Linux")
def test_the_previous_output_is_exchanged_with_the_new_one_in_one_step(place: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The exchange is really taken: the new output is the staged folder itself, and the
    previous output (its inode) ends up under the staged folder's name, which is removed."""
    assert write._renameat2() is not None
    out = place / "site"
    _swap(out, b"<p>erste Fassung</p>")
    previous = os.stat(out).st_ino
    removed = _removed(monkeypatch)
    staged: list[int] = []
    commit = SiteWriter.commit

    def noting(writer: SiteWriter) -> None:
        staged.append(os.stat(writer.tmp).st_ino)
        commit(writer)

    monkeypatch.setattr(SiteWriter, "commit", noting)
    _swap(out, b"<p>zweite Fassung</p>")
    assert (out / "index.html").read_bytes() == b"<p>zweite Fassung</p>"
    assert os.stat(out).st_ino == staged[0] != previous
    assert removed == [(f".site.tmp-{os.getpid()}", previous)]
    assert sorted(p.name for p in place.iterdir()) == ["site"]


@pytest.mark.parametrize("missing", ["ENOSYS", "EINVAL", "keine-funktion"])
def test_without_the_exchange_two_renames_replace_the_output(
    missing: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where renameat2 is missing (an old kernel: ENOSYS; a file system without the exchange:
    EINVAL; another system or libc: no such function) the previous output is renamed aside
    and the new one into its place; the result is the same and nothing stays beside it."""
    out = tmp_path / "site"
    _swap(out, b"<p>erste Fassung</p>")
    previous = os.stat(out).st_ino
    monkeypatch.setattr(write, "_renameat2", lambda: None if missing == "keine-funktion" else _failing(getattr(errno, missing)))
    removed = _removed(monkeypatch)
    _swap(out, b"<p>zweite Fassung</p>")
    assert (out / "index.html").read_bytes() == b"<p>zweite Fassung</p>"
    assert (out / write.MARKER).is_file()
    assert removed == [(f".site.old-{os.getpid()}", previous)]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def _watch(path: Path, stop: threading.Event, seen: dict[str, int]) -> None:
    while not stop.is_set():
        try:
            os.stat(path)
            seen["da"] += 1
        except FileNotFoundError:
            seen["fehlt"] += 1


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="renameat2 gibt es nur unter Linux")
def test_the_output_folder_is_never_missing_while_builds_swap_it(place: Path) -> None:
    """A web server serving the output folder never meets a 404 during a swap: a thread that
    looks at its start page in a loop finds it every time while 300 builds swap."""
    out = place / "site"
    _swap(out, b"<p>0</p>")
    stop, seen = threading.Event(), {"da": 0, "fehlt": 0}
    watcher = threading.Thread(target=_watch, args=(out / "index.html", stop, seen))
    watcher.start()
    try:
        for number in range(1, 301):
            _swap(out, f"<p>{number}</p>".encode())
    finally:
        stop.set()
        watcher.join()
    assert (out / "index.html").read_bytes() == b"<p>300</p>"
    assert seen["fehlt"] == 0, seen
    assert seen["da"] > 300, seen  # the thread did look while the builds ran
