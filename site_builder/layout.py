"""Where things lie in a content tree, and where Lotse's own templates are.

``kinds`` declares each kind of record at its place here; the build's input fingerprint
(``state``) and the preview's watcher read the places without the records' declarations.
"""

from __future__ import annotations

from pathlib import Path

TEMPLATES = "templates"  # a tree's own templates and assets (see ``template_dirs``)
# A guide's own school holidays (``land;name;first;last``), over Lotse's ``data/schulferien.csv``:
# a table, not a record file of ``kinds.KINDS``; optional.
SCHOOL_HOLIDAYS = "content/schulferien.csv"

# Each kind's place (``kinds.KINDS``): a folder of files, one record each, or a single file.
PLACES = {
    "offer": "offers",
    "advisory-point": "content/advisory-points",
    "provider": "content/providers",
    "taxonomies": "content/taxonomies.yaml",
    "page": "content/pages",
    "site": "site.yaml",
    "search": "content/search.yaml",
}

# The built-in theme: the repository's templates/ in a checkout or an editable install, the copy
# setup.py puts into the package (site_builder/theme/) in an installed wheel.
_PACKAGE = Path(__file__).resolve().parent
BUILTIN_TEMPLATES = next((p for p in (_PACKAGE / "theme", _PACKAGE.parent / "templates") if p.is_dir()), _PACKAGE / "theme")


def top_level() -> list[str]:
    """The first path part of every kind's place, and templates/: what a tree's author edits."""
    return sorted({place.split("/", 1)[0] for place in PLACES.values()} | {TEMPLATES})


def template_dirs(source: Path) -> list[Path]:
    """The folders templates and assets come from: the tree's own templates/ first, then Lotse's."""
    own = (source / TEMPLATES).resolve()
    dirs = [own] if own.is_dir() and own != BUILTIN_TEMPLATES else []
    return [*dirs, BUILTIN_TEMPLATES]


# What an operating system, an editor or a tool leaves beside the files a guide publishes
# (``templates/assets/``): never part of the site. Hidden entries (``.git/``, ``.env``,
# ``.DS_Store``, ``.htpasswd``, vim's ``.x.swp``, Emacs' ``.#x``) anywhere in the path;
# Windows' thumbnails and folder settings; Office's lock files (``~$kurse.xlsx``); backups
# and leftovers of editors, merges and patches.
_LEFT_BEHIND_NAMES = frozenset({"thumbs.db", "ehthumbs.db", "desktop.ini", "icon\r"})
_LEFT_BEHIND_ENDINGS = ("~", ".swp", ".swo", ".bak", ".orig", ".rej", ".tmp", ".old")


def left_behind(relpath: str) -> bool:
    """Whether the file at ``relpath`` (below an assets folder, with ``/``) is such a leftover."""
    parts = relpath.split("/")
    name = parts[-1].lower()
    return (
        any(part.startswith(".") for part in parts)
        or name in _LEFT_BEHIND_NAMES
        or name.startswith("~$")
        or (name.startswith("#") and name.endswith("#"))
        or name.endswith(_LEFT_BEHIND_ENDINGS)
    )
