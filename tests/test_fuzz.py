"""Property-based hostile input: valid trees, mutated (bytes flipped, files cut short, control
characters, nesting, links out of the tree, special files), must give exit 0 or 1 – never a
traceback, never an internal error, never the outside token anywhere – and a failed build
must leave the previous output exactly as it was.

The default run tries 20 trees; ``LOTSE_FUZZ_EXAMPLES=2000`` tries more (and draws
new ones each run instead of the fixed sequence).
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import socket
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from site_builder.cli import main
from site_builder.state import state_file
from site_builder.write import MARKER, marker_text

from .conftest import FIXTURES
from .hostile import TOKEN, deadline, digest, files_holding

EXAMPLES = int(os.environ.get("LOTSE_FUZZ_EXAMPLES", "0") or 0)
BASE = FIXTURES / "minimal"
FILES = sorted(p.relative_to(BASE).as_posix() for p in BASE.rglob("*") if p.is_file())
# Places a mutation may also create: a new offer, page, template or asset.
NEW = ["offers/akademie/neu.yaml", "offers/neu/tief/kurs.yaml", "content/pages/neu.md", "templates/base.html", "templates/assets/neu.txt"]

SNIPPETS = [
    "\x00", "\x01", "\x07", "\x0b", "\x1b[31m", "\x7f", "\x85", "\u2028", "\u2029", "\ufeff", "\ufffe", "\t", "\r", "\r\n",
    " #2 ", " # Kommentar", "'", '"', "[", "]", "{", "}", ": ", "- ", "? ", "&anker ", "*alias", "!tag ", "!!python/object ",
    "%YAML 1.1\n", "---\n", "...\n", "|", ">", "\\x01", '"\\x01"', '"\\ud800"', '"\\e"', "9" * 5000, "0x" + "f" * 3000,
    "1e999", "9999-12-31", "0000-01-01", "2026-02-30", "\n  - ", "\n" + " " * 50 + "x: y", "[" * 300, "{a: " * 200,
    "https://e.org/\nDisallow: /", "<script>alert(1)</script>", "{{ 7*7 }}", "{% include '/etc/passwd' %}", "\udcff",
]

SPECIAL_KINDS = ["fifo", "socket", "link-out", "link-dev", "link-loop", "link-dangling", "folder", "big"]

mutation = st.one_of(
    st.tuples(st.just("flip"), st.sampled_from(FILES), st.floats(0, 1), st.integers(0, 255)),
    st.tuples(st.just("cut"), st.sampled_from(FILES), st.floats(0, 1)),
    st.tuples(st.just("insert"), st.sampled_from(FILES), st.floats(0, 1), st.sampled_from(SNIPPETS)),
    st.tuples(st.just("nest"), st.sampled_from(FILES), st.integers(40, 1200), st.sampled_from(["flow", "block"])),
    st.tuples(st.just("special"), st.sampled_from(FILES + NEW), st.sampled_from(SPECIAL_KINDS)),
)


def apply(tree: Path, secret: Path, change: tuple[Any, ...]) -> None:
    kind, name = change[0], change[1]
    path = tree / name
    if kind == "special":
        if os.path.lexists(path):
            path.unlink() if not path.is_dir() or path.is_symlink() else shutil.rmtree(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        special = change[2]
        if special == "fifo":
            os.mkfifo(path)
        elif special == "socket":
            with socket.socket(socket.AF_UNIX) as server:
                server.bind(str(path))
        elif special == "link-out":
            path.symlink_to(secret)
        elif special == "link-dev":
            path.symlink_to("/dev/zero")
        elif special == "link-loop":
            path.symlink_to(path)
        elif special == "link-dangling":
            path.symlink_to(path.with_name("fehlt"))
        elif special == "folder":
            path.mkdir()
        else:
            with path.open("wb") as handle:
                handle.truncate(3 * 1024 * 1024)
        return
    if not path.is_file() or path.is_symlink():
        return
    data = path.read_bytes()
    at = int(change[2] * len(data)) if kind != "nest" else len(data)
    if kind == "flip" and data:
        at = min(at, len(data) - 1)
        data = data[:at] + bytes([change[3]]) + data[at + 1 :]
    elif kind == "cut":
        data = data[:at]
    elif kind == "insert":
        data = data[:at] + change[3].encode("utf-8", "surrogatepass") + data[at:]
    elif kind == "nest":
        depth, style = change[2], change[3]
        deep = "x: " + "[" * depth + "]" * depth if style == "flow" else "".join("  " * i + "x:\n" for i in range(depth))
        data += ("\n" + deep + "\n").encode()
    path.write_bytes(data)


@pytest.fixture(scope="module")
def previous(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The minimal guide built once: every example starts from a copy of this output."""
    folder = tmp_path_factory.mktemp("previous")
    out = folder / "site"
    with contextlib.redirect_stdout(io.StringIO()):
        assert main(["build", "--source", str(BASE), "--out", str(out), "--no-index", "--today", "2026-12-01"]) == 0
    secret = folder / "geheim.txt"
    secret.write_text(f"title: {TOKEN}\n")
    return out, secret


@settings(
    max_examples=EXAMPLES or 20,
    derandomize=not EXAMPLES,  # the default run is the same every time; LOTSE_FUZZ_EXAMPLES explores
    deadline=None,
    database=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(changes=st.lists(mutation, min_size=1, max_size=3))
def test_mutated_trees_never_crash_and_never_touch_the_previous_output(changes: list[tuple[Any, ...]], previous: tuple[Path, Path]) -> None:
    built, secret = previous
    with tempfile.TemporaryDirectory(prefix="lotse-fuzz-") as work:
        tree, out = Path(work) / "src", Path(work) / "site"
        shutil.copytree(BASE, tree)
        shutil.copytree(built, out)  # copy2: modification times as well
        shutil.copy2(state_file(built), state_file(out))
        (out / MARKER).write_bytes(marker_text(out))  # the marker names its folder: as built here
        before = digest(out)
        for change in changes:
            apply(tree, secret, change)
        for args in (["validate"], ["build", "--out", str(out), "--no-index", "--today", "2026-12-01"]):
            output = io.StringIO()
            with deadline(120), contextlib.redirect_stdout(output), contextlib.redirect_stderr(output):
                code = main([*args, "--source", str(tree)])
            text = output.getvalue()
            assert code in (0, 1), (changes, text)
            assert "Traceback" not in text and "Interner Fehler" not in text, (changes, text)
            assert TOKEN not in text, changes
        if code == 1:
            assert digest(out) == before, changes
        else:
            assert (out / "index.html").is_file()
        assert files_holding(out, TOKEN) == [], changes
        assert [p.name for p in Path(work).iterdir() if p.name.startswith(".site.") and "state" not in p.name] == []
