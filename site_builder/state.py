"""What the last build read and wrote, so that an unchanged tree is not built again.

The state file lies beside the output folder (``._site.lotse-state.json`` for ``_site``), not
in it, so it is never published. A build is skipped only when every input byte, every option
and every output file (size and modification time) is as the last successful build left it;
anything else, including a hand-edited output file, means a real build.

Like git's index, the state file keeps each input's signature (size, times, inode) and
hash: a file whose signature is unchanged is not read again, if it was settled when hashed
(``boundary.signature`` and ``boundary.settled``, the rule the live preview's reader follows too).
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from contextlib import suppress
from pathlib import Path
from typing import Any

from . import __version__, boundary
from .boundary import MAX_FILE_BYTES, MAX_TEMPLATE_FILE_BYTES, settled, signature
from .layout import TEMPLATES, template_dirs, top_level

PACKAGE = Path(__file__).resolve().parent


def _files(folder: Path | str) -> list[str]:
    """Every file below ``folder`` (not hidden, no caches), in a fixed order; plain strings,
    as these listings run over tens of thousands of files."""
    found: list[str] = []
    for root, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d != "__pycache__")
        found += [os.path.join(root, n) for n in sorted(names) if not n.startswith(".")]
    return found


# Per input file, by ``_key`` of its path: [size, mtime_ns, ctime_ns, inode, hash, settled]
Files = dict[str, list[Any]]


def _key(path: str) -> str:
    """An input file's entry in the state file: a hash of its path, not the path. The state
    file lies beside the output, and where that folder is served too (a site built into
    ``/var/www/html/finder`` for a sub-path), a list of paths named every draft's file and
    where the content lives on the server."""
    return hashlib.blake2b(path.encode("utf-8", "surrogateescape"), digest_size=16).hexdigest()


def fingerprint(source: Path, options: dict[str, str], known: Files | None = None) -> tuple[str, Files]:
    """A hash of every input of a build (content, templates, Lotse's own code, options), and
    the table of input files it was made from. ``known``: the table of the last build.
    """
    digest = hashlib.blake2b(digest_size=20)
    digest.update(json.dumps({"lotse": __version__, **options}, sort_keys=True).encode())
    inputs = []
    for name in top_level():
        path = source / name
        if name != TEMPLATES:  # a tree's own templates come next, with the built-in ones
            inputs += _files(path) if path.is_dir() else [str(path)]
    for folder in template_dirs(source):
        inputs += _files(folder)
    inputs += _files(PACKAGE)
    known = known or {}
    table: Files = {}
    now = time.time_ns()
    # Only what the build itself may read is read here: a link out of the tree, a FIFO or a
    # device counts by the reason it is refused (the build then reports it), never by content.
    roots = boundary.real_roots([source, *template_dirs(source), PACKAGE])
    for name in inputs:
        try:
            stat = os.stat(name)
        except FileNotFoundError:
            continue
        except OSError as error:  # a link that loops
            digest.update(name.encode() + b"\0" + f"error {error.errno}".encode())
            continue
        current = list(signature(stat))
        key = _key(name)
        before = known.get(key)
        if before is not None and before[:4] == current and before[5]:
            file_hash = before[4]
        else:
            try:
                data = boundary.read_bytes(name, roots, max(MAX_FILE_BYTES, MAX_TEMPLATE_FILE_BYTES))
            except boundary.Refused as refusal:
                digest.update(name.encode() + b"\0" + refusal.message.encode())
                continue
            file_hash = hashlib.blake2b(data, digest_size=16).hexdigest()
        table[key] = [*current, file_hash, settled(stat, now)]
        digest.update(name.encode() + b"\0" + file_hash.encode())
    return digest.hexdigest(), table


def _saved(out: Path) -> dict[str, Any]:
    """The state file of the last build of ``out`` (empty when there is none or it is unreadable)."""
    try:
        saved = json.loads(state_file(out).read_text())
    except (OSError, ValueError):
        return {}
    return saved if isinstance(saved, dict) else {}


def known_files(out: Path) -> Files:
    """The input table the last build of ``out`` remembered (empty when there is none)."""
    files = _saved(out).get("files")
    return files if isinstance(files, dict) else {}


def state_file(out: Path) -> Path:
    return out.parent / f".{out.name}.lotse-state.json"


def _outputs(out: Path) -> dict[str, list[int]]:
    listing = {}
    cut = len(str(out)) + 1
    for path in _files(out):
        stat = os.stat(path)
        listing[path[cut:].replace(os.sep, "/")] = [stat.st_size, stat.st_mtime_ns]
    return listing


def unchanged(out: Path, inputs: str, saved: dict[str, Any]) -> bool:
    """True when the last build (its state file ``saved``) had exactly these inputs and its
    output is untouched."""
    return bool(saved.get("inputs") == inputs and out.is_dir() and saved.get("outputs") == _outputs(out))


def compare(source: Path, options: dict[str, str], out: Path) -> tuple[str, str, bool]:
    """This build's inputs against the last build of ``out``: the fingerprint, its table as
    JSON text (for ``remember``) and whether nothing changed. Run in a process of its own
    (``pipeline``), the last build's state and this one's table (10,000 entries each at
    10,000 offers) never fill the build's process."""
    saved = _saved(out)
    files = saved.get("files")
    inputs, table = fingerprint(source, options, files if isinstance(files, dict) else {})
    return inputs, json.dumps(table, sort_keys=True), unchanged(out, inputs, saved)


def remember(out: Path, inputs: str, files: str) -> None:
    """Write the state file (``files``: the table of ``compare``); where the folder
    beside the output cannot be written (a mounted output folder in a read-only container),
    there is none: the next build is a real one."""
    path = state_file(out)
    tmp = path.with_suffix(".tmp")
    rest = json.dumps({"inputs": inputs, "outputs": _outputs(out)}, sort_keys=True)
    try:
        tmp.write_text('{"files": ' + files + ", " + rest[1:])
        os.replace(tmp, path)
    except OSError:
        with suppress(OSError):  # read-only: neither can be there to remove
            tmp.unlink(missing_ok=True)
            path.unlink(missing_ok=True)  # an older one would not describe this output


def forget(out: Path) -> None:
    state_file(out).unlink(missing_ok=True)
