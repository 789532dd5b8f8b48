"""What the last build read and wrote, so that an unchanged tree is not built again.

The state file lies beside the output folder (``._site.lotse-state.json`` for ``_site``), not
in it, so it is never published. A build is skipped only when every input byte, every option
and every output file (size and modification time) is as the last successful build left it;
anything else, including a hand-edited output file, means a real build.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from . import __version__
from .render import template_dirs

PACKAGE = Path(__file__).resolve().parent


def _files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    found = []
    for root, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d != "__pycache__")
        found += [Path(root) / n for n in sorted(names) if not n.startswith(".")]
    return found


def fingerprint(source: Path, options: dict[str, str]) -> str:
    """A hash of every input of a build: content, templates, Lotse's own code, options."""
    digest = hashlib.blake2b(digest_size=20)
    digest.update(json.dumps({"lotse": __version__, **options}, sort_keys=True).encode())
    inputs = [source / "site.yaml", *_files(source / "content"), *_files(source / "offers")]
    for folder in template_dirs(source):
        inputs += _files(folder)
    inputs += _files(PACKAGE)
    for path in inputs:
        if path.is_file():
            digest.update(str(path).encode() + b"\0")
            digest.update(path.read_bytes())
    return digest.hexdigest()


def state_file(out: Path) -> Path:
    return out.parent / f".{out.name}.lotse-state.json"


def _outputs(out: Path) -> dict[str, list[int]]:
    listing = {}
    for path in _files(out):
        stat = path.stat()
        listing[path.relative_to(out).as_posix()] = [stat.st_size, stat.st_mtime_ns]
    return listing


def unchanged(out: Path, inputs: str) -> bool:
    """True when the last build had exactly these inputs and its output is untouched."""
    try:
        saved = json.loads(state_file(out).read_text())
    except (OSError, ValueError):
        return False
    return bool(saved.get("inputs") == inputs and out.is_dir() and saved.get("outputs") == _outputs(out))


def remember(out: Path, inputs: str) -> None:
    path = state_file(out)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps({"inputs": inputs, "outputs": _outputs(out)}, sort_keys=True))
    os.replace(tmp, path)


def forget(out: Path) -> None:
    state_file(out).unlink(missing_ok=True)
