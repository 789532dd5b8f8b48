"""Step 7: put the finished site in place, all or nothing, touching only what changed.

Files are written into a temporary folder beside the output folder; only when the whole build
succeeded is it swapped in (an atomic exchange where Linux offers one). A failed or killed
build leaves the previous output exactly as it was. A file whose bytes did not change is
hard-linked from the previous output instead of written, so it keeps its modification time;
when nothing changed at all, the output folder is not touched.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import functools
import hashlib
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from types import TracebackType

from .boundary import os_error_text
from .layout import BUILTIN_TEMPLATES
from .options import UsageError

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100

# Every build writes this file into its output: ``--out`` may replace a folder that holds it
# (a previous Lotse output), but never one with files of someone else (see output_dir).
# The file names the folder it was written for (``Ort:``), so that a copy of it – the output
# copied with ``cp -r _site /var/www/html`` beside other files, or the file alone copied
# elsewhere – does not make another folder Lotse's. The folder is named by a hash of its
# absolute path, not the path itself: the file is published with the site, and a path may
# hold a user name.
MARKER = ".lotse-ausgabe"
_MARKER_HEAD = (
    "Dieser Ordner wurde von Lotse erzeugt (python build.py build).\n"
    "Der nächste Build ersetzt ihn vollständig; eigene Dateien gehören nicht hierher.\n"
)
_PLACE = re.compile(rb"^Ort: ([0-9a-f]{64})$", re.MULTILINE)


def _place(folder: Path) -> str:
    return hashlib.sha256(b"lotse-ausgabe\0" + os.fsencode(folder)).hexdigest()


def marker_text(folder: Path) -> bytes:
    """The marker for the output folder ``folder`` (an absolute, resolved path)."""
    return (
        _MARKER_HEAD
        + "An einen anderen Ort kopiert, gilt der Ordner dort nicht als Ausgabe von Lotse.\n"
        + f"Ort: {_place(folder)}\n"
    ).encode()


def marker_origin(folder: Path) -> str:
    """What the marker in ``folder`` says about it: "eigen" (written for this folder),
    "kopiert" (written for another folder, so copied here), "alt" (by a version before the
    marker named its folder) or "keine" (no marker)."""
    try:
        with open(folder / MARKER, "rb") as file:
            text = file.read(4096)
    except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
        return "keine"
    found = _PLACE.search(text)
    if found is None:
        return "alt"
    return "eigen" if found.group(1).decode() == _place(folder) else "kopiert"


def is_output(folder: Path) -> bool:
    """Whether ``folder`` (resolved) is a previous Lotse output: its marker was written for
    this folder; or the state file of its last build lies beside it. A copy of the folder
    does not take that file along (``cp -r _site /var/www/html``), but a project moved or
    checked out elsewhere as a whole does: its output, whose marker names the old place, is
    still its own (the next build writes the marker for the new one). Outputs of versions
    whose marker did not name the folder, or that wrote none, count the same way."""
    from .state import state_file  # state reads load and render; writing needs neither

    return marker_origin(folder) == "eigen" or state_file(folder).is_file()


@functools.cache
def _renameat2() -> Callable[..., int] | None:
    """libc's renameat2(2), or None where there is none (not Linux, a libc without it)."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        function = libc.renameat2
    except (OSError, AttributeError):
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    function.restype = ctypes.c_int
    return function


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically with renameat2(2): at no moment is either name missing.
    False where that is not available – no such call (ENOSYS, another system), or a file
    system without the exchange (EINVAL, EOPNOTSUPP: NFS, some FUSE and overlay file
    systems): then the caller renames twice, and for a moment there is no ``b``. Any other
    failure also returns False; the renames then fail with the proper error."""
    function = _renameat2()
    if function is None:
        return False
    return bool(function(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0)


def holds(path: str | Path, data: bytes) -> bool:
    """Whether the file at ``path`` exists with exactly these bytes (sizes are compared first)."""
    try:
        if os.stat(path).st_size != len(data):
            return False
        with open(path, "rb") as existing:
            return existing.read() == data
    except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
        return False


def _unescaped(field: str) -> str:
    """A path of the mount table, where space, tab, newline and backslash are octal escapes."""
    return re.sub(r"\\([0-7]{3})", lambda escape: chr(int(escape.group(1), 8)), field)


def _mounts() -> list[tuple[str, str]]:
    """(mount point, file system type) of each line of Linux's ``/proc/self/mounts``, in its
    order; none where that is not available."""
    try:
        table = Path("/proc/self/mounts").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return []
    return [(_unescaped(fields[1]), fields[2]) for fields in map(str.split, table.splitlines()) if len(fields) >= 3]


def mount_type(path: str | Path) -> str:
    """The file system type of the mount holding ``path`` (``"tmpfs"``, ``"ext4"`` …); ""
    where that is not known."""
    where, kind, depth = os.path.realpath(path), "", -1
    for point, fs_type in _mounts():
        inside = where == point or where.startswith(point.rstrip("/") + "/")
        if inside and len(point) >= depth:  # the innermost mount; a later one over it wins
            kind, depth = fs_type, len(point)
    return kind


def is_mount_point(path: str | Path) -> bool:
    """Whether ``path`` is where a file system is mounted (a container's volume, a mounted web
    root, a bind mount): such a folder can be neither renamed nor swapped."""
    if os.path.ismount(path):
        return True
    where = os.path.realpath(path)  # a bind mount from the same file system has its parent's device
    return any(point == where for point, _ in _mounts())


def in_memory(path: str | Path) -> bool:
    """Whether ``path`` lies on a tmpfs: in memory, where replacing a file costs microseconds."""
    return mount_type(path) == "tmpfs"


def replace_file(target: str, data: bytes) -> None:
    """Write ``data`` to the file ``target`` by renaming a new file over it, so that a reader
    never sees half of it; makes the folders it needs."""
    folder, name = os.path.split(target)
    temporary = os.path.join(folder, f".{name}.tmp")
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC
    try:
        descriptor = os.open(temporary, flags, 0o644)
    except FileNotFoundError:
        os.makedirs(folder, exist_ok=True)
        descriptor = os.open(temporary, flags, 0o644)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(descriptor, view) :]
    finally:
        os.close(descriptor)
    os.replace(temporary, target)


def put(root: str | Path, relpath: str, data: bytes, made: set[str]) -> None:
    """Write ``data`` to ``root/relpath``, making its folder the first time; ``made``: the
    folders below ``root`` made so far (one ``makedirs`` each, not one a file)."""
    folder = os.path.dirname(relpath)
    if folder and folder not in made:
        os.makedirs(os.path.join(root, folder), exist_ok=True)
        made.add(folder)
    with open(os.path.join(root, relpath), "wb") as file:
        file.write(data)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_tree(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)


# Where a build stages inside its output folder (a mount point, see ``SiteWriter``): the new
# files, then what the swap took out. Hidden, and left out of every listing of the output.
STAGING = ".lotse-neu-"
# Entries of an output folder that are not Lotse's: the root folder of an ext2/3/4 file system.
FOREIGN = frozenset({"lost+found"})


# The folders a build makes beside its output, ``.<out>.<kind>-<pid>``: the staged site, the
# previous one on its way out, and those of ``SiteWriter.aside``.
BESIDE = ("tmp", "old", "suchindex")


def remove_leftovers(out: Path) -> None:
    """A build that was killed leaves its temporary folder behind; clear those of dead builds.

    Only names a build makes: a folder of someone else beside the output (``._site.kopie-3``)
    is never taken for one."""
    beside = re.compile(rf"\.{re.escape(out.name)}\.(?:{'|'.join(BESIDE)})-(\d+)")
    inside = re.compile(rf"{re.escape(STAGING)}(?:[a-z]+-)?(\d+)")
    candidates = [(p, beside) for p in out.parent.glob(f".{out.name}.*-*")] + [(p, inside) for p in out.glob(f"{STAGING}*")]
    for stale, pattern in candidates:
        found = pattern.fullmatch(stale.name)
        if found is not None and not _alive(int(found.group(1))):
            remove_tree(stale)


def _own(name: str) -> bool:
    """Whether a top-level entry of the output folder belongs to the output."""
    return not name.startswith(STAGING) and name not in FOREIGN


class SiteWriter:
    """Collects output files in a temporary folder and swaps it in on ``commit``.

    ``write`` may be called from several processes at once (render workers): it only
    creates files below the temporary folder and reports whether the bytes are new.

    The temporary folder lies beside the output, which is then swapped in one step. Where the
    output folder is a mount point (a container's volume, a mounted web root), it can be
    neither renamed nor swapped, and the folder beside it is on another file system: the build
    stages inside it (``STAGING``) and swaps entry by entry, each in one step.
    """

    def __init__(self, out: Path):
        self.out = out.resolve()
        self.out.parent.mkdir(parents=True, exist_ok=True)
        remove_leftovers(self.out)
        self.inside = self.out.is_dir() and is_mount_point(self.out)
        self.tmp = self.out / f"{STAGING}{os.getpid()}" if self.inside else self.out.parent / f".{self.out.name}.tmp-{os.getpid()}"
        if self.tmp.exists():
            remove_tree(self.tmp)
        self.tmp.mkdir()
        self.written: set[str] = set()
        self.unchanged: set[str] = set()
        self._folders: set[str] = set()  # made below tmp by this process
        self._aside: list[Path] = []
        self._fresh = not self.out.is_dir()
        try:
            (self.written if self.write(MARKER, marker_text(self.out)) else self.unchanged).add(MARKER)
        except BaseException:  # a full disk, say: no ``with`` block will abort
            self.abort()
            raise

    def write(self, relpath: str, data: bytes) -> bool:
        """Stage one file; True when its bytes differ from the previous output's."""
        if not self._fresh and holds(os.path.join(self.out, relpath), data):
            return False
        put(self.tmp, relpath, data, self._folders)
        return True

    def settle(self) -> None:
        """``write`` has written every file when it returns."""

    def aside(self, name: str) -> Path:
        """A new folder outside the output for the build's own files (what the search index
        reads, ``index.Copying``); it goes with the staged folder, on ``commit`` or ``abort``,
        and a killed build's is cleared like its staged folder (``remove_leftovers``)."""
        assert name in BESIDE, name  # else a killed build's would stay (``remove_leftovers``)
        pid = os.getpid()
        folder = self.out / f"{STAGING}{name}-{pid}" if self.inside else self.out.parent / f".{self.out.name}.{name}-{pid}"
        if folder.exists():
            remove_tree(folder)
        folder.mkdir()
        self._aside.append(folder)
        return folder

    def record(self, written: Iterable[str], unchanged: Iterable[str]) -> None:
        """Note what the render workers staged (they run in other processes)."""
        self.written.update(written)
        self.unchanged.update(unchanged)

    def stale_files(self) -> list[str]:
        """Files of the previous output that this build no longer produces (the index aside)."""
        if not self.out.is_dir():
            return []
        produced = self.written | self.unchanged
        stale = []
        for top in self.out.iterdir():
            if not _own(top.name):
                continue
            for path in (top.rglob("*") if top.is_dir() and not top.is_symlink() else [top]):
                rel = path.relative_to(self.out).as_posix()
                if path.is_file() and not rel.startswith("pagefind/") and rel not in produced:
                    stale.append(rel)
        return sorted(stale)

    def changed(self, stale: list[str]) -> bool:
        """Whether the staged output differs from the previous one (``stale``: from stale_files)."""
        return bool(self.written) or not self.out.is_dir() or bool(stale)

    def keep_unchanged(self, relpaths: Iterable[str]) -> None:
        """Hard-link unchanged files from the previous output: same bytes, same mtime."""
        for rel in relpaths:
            target = self.tmp / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(self.out / rel, target)
            except OSError:  # another file system, or links not allowed: copy instead
                shutil.copy2(self.out / rel, target)

    def keep_folder(self, relpath: str) -> bool:
        """Carry a whole folder of the previous output over unchanged (the search index)."""
        source = self.out / relpath
        if not source.is_dir():
            return False
        self.keep_unchanged(p.relative_to(self.out).as_posix() for p in source.rglob("*") if p.is_file())
        return True

    def commit(self) -> None:
        """Swap the staged folder in: the previous output is gone in one step."""
        for folder in self._aside:
            remove_tree(folder)
        if self.inside:
            self._commit_inside()
            return
        if self.out.exists() and _exchange(self.tmp, self.out):
            remove_tree(self.tmp)  # now holds the previous output
            return
        old = self.out.parent / f".{self.out.name}.old-{os.getpid()}"
        if self.out.exists():
            os.replace(self.out, old)
        os.replace(self.tmp, self.out)
        remove_tree(old)

    def _commit_inside(self) -> None:
        """Swap each entry staged inside the output folder in, one step each (a file, or a
        folder such as ``angebote/`` as a whole), and take out the entries no longer produced.
        The old entries end up in the staging folder, which goes last."""
        staged = sorted(os.listdir(self.tmp))
        old = self.tmp / ".alt"  # no output entry has that name
        old.mkdir()
        for name in staged:
            new, live = self.tmp / name, self.out / name
            if not os.path.lexists(live):
                os.rename(new, live)
            elif not _exchange(new, live):  # no renameat2: the old one aside first
                os.rename(live, old / name)
                os.rename(new, live)
        kept = set(staged)
        for entry in os.listdir(self.out):
            if entry not in kept and _own(entry):
                os.rename(self.out / entry, old / entry)
        remove_tree(self.tmp)

    def abort(self) -> None:
        """Drop the staged folder; the output stays as it was."""
        for folder in self._aside:
            remove_tree(folder)
        remove_tree(self.tmp)

    def __enter__(self) -> SiteWriter:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None
    ) -> None:
        if kind is not None:
            self.abort()


# --- Which folder --out may name ----------------------------------------------------------


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def output_dir(source: Path, value: str, previous: Callable[[Path], bool] = is_output) -> Path:
    """The output folder of ``--out``, resolved, or a usage error; nothing is deleted here.

    A build replaces its output folder as a whole, so it must be a new or empty folder or a
    previous output of the same command (``previous``: ``write.is_output`` for a build, the
    browser editor's own test for ``cms``); never the current folder, the content tree,
    a folder Lotse reads from (content/, offers/, templates/), ``/`` – an unset variable in a
    workflow (``--out "$OUT"``) must not replace the working copy.
    """
    if not value.strip():
        raise UsageError('leerer Ausgabeordner (--out ""): ist eine Variable nicht gesetzt? Bitte einen Ordner angeben, z. B. --out _site')
    if "\0" in value:
        raise UsageError(f"Ausgabeordner {value!r} enthält ein Nullzeichen")
    try:
        out = Path(value).resolve()
        cwd = Path.cwd().resolve()
    except (OSError, RuntimeError) as error:
        raise UsageError(f"Ausgabeordner {value} lässt sich nicht auflösen: {_os_text(error)}") from None
    refuse = f"Ausgabeordner {out} ist ungeeignet"
    if out == Path(out.anchor):
        raise UsageError(f"{refuse}: das Wurzelverzeichnis wird nie ersetzt")
    if _inside(cwd, out):
        raise UsageError(f"{refuse}: es ist der aktuelle Ordner oder enthält ihn; ein Build ersetzt seinen Ausgabeordner vollständig")
    if _inside(source, out):
        raise UsageError(f"{refuse}: er darf die Inhalte nicht enthalten")
    for protected in ("content", "offers", "templates", ".git"):
        if _inside(out, source / protected):
            raise UsageError(f"{refuse}: er liegt in {protected}/, wo Lotse liest; bitte z. B. --out _site verwenden")
    if _inside(out, Path(__file__).resolve().parent) or _inside(out, BUILTIN_TEMPLATES):
        raise UsageError(f"{refuse}: er liegt in Lotse selbst")
    if len(os.fsencode(str(out))) > 3800 or any(len(os.fsencode(part)) > 235 for part in out.parts):
        raise UsageError(f"{refuse}: der Pfad oder ein Name darin ist zu lang")
    try:
        existing = next((p for p in (out, *out.parents) if os.path.lexists(p)), None)
        if existing is not None and existing != out and not existing.is_dir():
            raise UsageError(f"{refuse}: {existing} ist eine Datei, kein Ordner")
        if os.path.lexists(out):
            if not out.is_dir():
                raise UsageError(f"{refuse}: es ist eine Datei, kein Ordner")
            if not previous(out) and any(_own(entry.name) and entry.name != MARKER for entry in out.iterdir()):
                raise UsageError(f"{refuse}: {_not_lotse(out)} (nichts wurde verändert)")
    except OSError as error:
        raise UsageError(f"{refuse}: {_os_text(error)}") from None
    _writable(out, refuse)
    return out


def _not_lotse(out: Path) -> str:
    """Why the folder ``out``, which holds files, is not taken for a previous output, and
    what to do."""
    origin = marker_origin(out)
    if origin == "kopiert":
        return (
            f"die Datei {MARKER} darin wurde für einen anderen Ordner geschrieben und mitkopiert, daher gilt er "
            "nicht als frühere Ausgabe von Lotse, und Lotse würde fremde Dateien darin löschen. Bitte einen neuen "
            "oder leeren Ordner angeben; enthält er nur eine kopierte oder verschobene Ausgabe von Lotse, leeren "
            "Sie ihn bitte zuerst"
        )
    if origin == "alt":
        from .state import state_file

        return (
            f"die Datei {MARKER} darin stammt von einer älteren Version von Lotse, die den Ordner nicht vermerkt "
            f"hat, und ohne die Datei {state_file(out).name} daneben lässt sich nicht prüfen, ob sie mitkopiert "
            "wurde. Bitte einen neuen oder leeren Ordner angeben; ist er Ihre frühere Ausgabe von Lotse, leeren "
            "Sie ihn bitte zuerst"
        )
    return (
        "er enthält Dateien und ist keine frühere Ausgabe von Lotse; Lotse würde sie löschen. Bitte einen "
        "neuen oder leeren Ordner angeben"
    )


def _writable(out: Path, refuse: str) -> None:
    """Make sure the build can create its temporary folder beside ``out`` (and the folders
    above it), so that a path below /proc, on a read-only disk or with too long a name is a
    usage error now, not a traceback after rendering."""
    name_max = 255
    with contextlib.suppress(OSError, ValueError, StopIteration):
        name_max = os.pathconf(next(p for p in out.parents if p.exists()), "PC_NAME_MAX")
    # The build stages into ".<name>.tmp-<pid>" beside the folder, or inside a mount point.
    if len(os.fsencode(out.name)) + 20 > name_max:
        raise UsageError(f"{refuse}: der Name ist zu lang (höchstens {name_max - 20} Zeichen)")
    inside = out.is_dir() and is_mount_point(out)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        probe = tempfile.mkdtemp(prefix=f"{STAGING}probe-" if inside else f".{out.name}.probe-", dir=out if inside else out.parent)
        os.rmdir(probe)
    except OSError as error:
        raise UsageError(f"{refuse}: er kann nicht angelegt werden ({_os_text(error)})") from None


def _os_text(error: BaseException) -> str:
    return os_error_text(error) if isinstance(error, OSError) else "Schleife symbolischer Links"
