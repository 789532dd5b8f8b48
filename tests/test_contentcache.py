"""The cache of read files between builds (``contentcache``): never a different site, never a
different message, never trusted when damaged, foreign or from another Lotse."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

import pytest

from site_builder import contentcache
from site_builder.cli import main
from site_builder.contentcache import ContentCache
from site_builder.pipeline import build, check
from site_builder.problems import ContentError, Problem
from site_builder.write import MARKER

from .conftest import FIXTURES, SAMPLE, TODAY, copy_tree, sample_tree

INVALID = sorted(p for p in (FIXTURES / "invalid").iterdir() if p.is_dir() and p.name != "site-invalid")


def files(folder: Path) -> dict[str, bytes]:
    """Every file's bytes; not the marker, which names the folder it lies in."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file() and p.name != MARKER}


def problems(tree: Path, stored: Path | None) -> list[Problem]:
    try:
        check(tree, stored=stored)
    except ContentError as error:
        return error.problems
    return []


def cache_file(cache: Path) -> Path:
    (found,) = cache.glob("*.json")
    return found


def test_warm_build_gives_the_bytes_of_a_cold_one(tmp_path: Path) -> None:
    tree, cache = sample_tree(tmp_path / "src"), tmp_path / "cache"
    build(tree, tmp_path / "plain", today=TODAY, search_index=False)
    build(tree, tmp_path / "cold", today=TODAY, search_index=False, stored=cache)
    entries = json.loads(cache_file(cache).read_text())["entries"]
    assert len(entries) == len([p for p in tree.rglob("*") if p.suffix in (".yaml", ".md")])
    assert all(entry["c"] for entry in entries.values())  # the sample has no defect
    written = cache_file(cache).stat().st_mtime_ns
    build(tree, tmp_path / "warm", today=TODAY, search_index=False, stored=cache)
    assert cache_file(cache).stat().st_mtime_ns == written  # nothing new: not written again
    plain = files(tmp_path / "plain")
    assert plain and files(tmp_path / "cold") == plain and files(tmp_path / "warm") == plain


def test_a_changed_file_is_read_again(minimal_tree: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    offer = minimal_tree / "offers" / "akademie" / "excel-kompakt.yaml"
    check(minimal_tree, stored=cache)
    offer.write_text(offer.read_text().replace("Excel kompakt", "Excel neu", 1))
    assert "Excel neu" in [o.title for o in check(minimal_tree, stored=cache).offers.values()]
    # The entry of the old bytes is gone, the new one kept.
    assert len(json.loads(cache_file(cache).read_text())["entries"]) == len(list(minimal_tree.rglob("*.yaml"))) + 1


def test_messages_are_the_same_with_and_without_cache(tmp_path: Path) -> None:
    """Every defect of the contract's invalid trees, read without cache, into an empty one and
    from a full one: the same messages at the same lines and columns."""
    tree = copy_tree(tmp_path / "all", FIXTURES / "minimal", *INVALID)
    cache = tmp_path / "cache"
    expected = problems(tree, None)
    assert len(expected) > 30
    assert problems(tree, cache) == expected
    assert json.loads(cache_file(cache).read_text())["entries"]  # the good files were kept
    assert problems(tree, cache) == expected


def test_a_check_spared_depends_on_nothing_but_the_bytes(minimal_tree: Path, tmp_path: Path) -> None:
    """A file that passed is checked against the other files again: its provider removed, an
    offer that was fine is not any more, though its own bytes are unchanged."""
    cache = tmp_path / "cache"
    assert problems(minimal_tree, cache) == []
    (minimal_tree / "content" / "providers" / "akademie.yaml").unlink()
    found = problems(minimal_tree, cache)
    assert found == problems(minimal_tree, None)
    assert any(p.file.startswith("offers/akademie/") and p.field == "provider" for p in found)


def test_another_lotse_ignores_the_cache(minimal_tree: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "cache"
    check(minimal_tree, stored=cache)
    assert ContentCache(cache, minimal_tree.resolve()).known
    monkeypatch.setattr(contentcache, "__version__", "99.0")
    contentcache.code_digest.cache_clear()
    try:
        assert ContentCache(cache, minimal_tree.resolve()).known == {}
        check(minimal_tree, stored=cache)  # read anew and kept for this version
        assert ContentCache(cache, minimal_tree.resolve()).known
    finally:
        contentcache.code_digest.cache_clear()


@pytest.mark.parametrize("damage", [
    b"", b"\x00\xff garbage", b"[1, 2, 3]", b'{"format": 1}', b"[" * 100_000,
    b'{"format": 1, "code": "CODE", "entries": {"KEY": 5}}',
    b'{"format": 1, "code": "CODE", "entries": {"KEY": {"d": [1], "c": true}}}',
    b'{"format": 1, "code": "CODE", "entries": "none"}',
])
def test_a_damaged_cache_is_passed_over(minimal_tree: Path, tmp_path: Path, damage: bytes) -> None:
    cache = tmp_path / "cache"
    build(minimal_tree, tmp_path / "plain", today=TODAY, search_index=False)
    check(minimal_tree, stored=cache)
    target = cache_file(cache)
    keys = list(json.loads(target.read_text())["entries"])
    target.write_bytes(damage.replace(b"CODE", contentcache.code_digest().hex().encode()).replace(b"KEY", keys[0].encode()))
    build(minimal_tree, tmp_path / "out", today=TODAY, search_index=False, stored=cache)
    assert files(tmp_path / "out") == files(tmp_path / "plain")


def test_values_changed_in_the_cache_are_what_a_build_shows(minimal_tree: Path, tmp_path: Path) -> None:
    """The cache is trusted like the content itself – which is why it is read only from a
    folder nobody else may write (below)."""
    cache = tmp_path / "cache"
    check(minimal_tree, stored=cache)
    target = cache_file(cache)
    target.write_text(target.read_text().replace("Excel kompakt", "Geändert"))
    assert "Geändert" in [o.title for o in check(minimal_tree, stored=cache).offers.values()]


@pytest.mark.skipif(not hasattr(os, "geteuid"), reason="POSIX permissions")
def test_a_cache_others_may_write_is_not_read(minimal_tree: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    check(minimal_tree, stored=cache)
    assert cache.stat().st_mode & 0o777 == 0o700
    assert ContentCache(cache, minimal_tree.resolve()).known
    cache.chmod(0o777)
    assert ContentCache(cache, minimal_tree.resolve()).known == {}
    cache.chmod(0o700)
    cache_file(cache).chmod(0o666)
    assert ContentCache(cache, minimal_tree.resolve()).known == {}
    target = cache_file(cache)
    link = cache / "link.json"
    target.rename(link)
    target.symlink_to(link)
    assert ContentCache(cache, minimal_tree.resolve()).known == {}


def test_only_what_json_gives_back_unchanged_is_kept() -> None:
    assert contentcache.is_plain({"a": [1, 2.5, True, None, "x", {"b": -1e300}]})
    assert not contentcache.is_plain({1: "eins"})
    assert not contentcache.is_plain({"a": (1, 2)})
    assert not contentcache.is_plain({"a": {True: 1}})


def test_command_line_option_and_variable(minimal_tree: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv(contentcache.ENV, str(tmp_path / "from-env"))
    assert main(["validate", "--source", str(minimal_tree)]) == 0
    assert list((tmp_path / "from-env").glob("*.json"))
    assert main(["validate", "--source", str(minimal_tree), "--cache", str(tmp_path / "option")]) == 0
    assert list((tmp_path / "option").glob("*.json"))
    out = tmp_path / "site"
    assert main(["build", "--source", str(minimal_tree), "--out", str(out), "--no-index", "--no-cache", "--today", "2026-12-01"]) == 0
    assert len(list((tmp_path / "from-env").glob("*.json"))) == 1
    capsys.readouterr()


def test_report_reads_the_content_as_validate_does_with_the_same_cache_options(
    minimal_tree: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv(contentcache.ENV, str(tmp_path / "from-env"))
    assert main(["report", "--source", str(minimal_tree), "--no-cache"]) == 0
    assert not (tmp_path / "from-env").exists()
    assert main(["report", "--source", str(minimal_tree), "--cache", str(tmp_path / "option")]) == 0
    assert list((tmp_path / "option").glob("*.json")) and not (tmp_path / "from-env").exists()
    capsys.readouterr()


def test_the_sample_reads_the_same_through_the_cache(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    plain = check(SAMPLE)
    check(SAMPLE, stored=cache)
    warm = check(SAMPLE, stored=cache)
    assert warm == plain


def test_the_preview_takes_its_first_reading_from_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``serve`` reads the guide through the build's cache once, at its start: a file with the
    same bytes is not parsed again, and the pages are those of a build. Later readings do not
    load the cache: they read only changed files."""
    from site_builder import load
    from site_builder.incremental import Memory, rebuild
    from site_builder.load import ReadCache

    from .sitecheck import snapshot

    tree, cache = sample_tree(tmp_path / "src"), tmp_path / "cache"
    content_files = [p for p in tree.rglob("*") if p.suffix in (".yaml", ".md")]
    build(tree, tmp_path / "built", today=TODAY, search_index=False, stored=cache)
    written = cache_file(cache).stat().st_mtime_ns
    parsed: list[str] = []
    parse_yaml = load.parse_yaml

    def counting(relpath: str, text: str, **options: int) -> object:
        parsed.append(relpath)
        return parse_yaml(relpath, text, **options)

    monkeypatch.setattr(load, "parse_yaml", counting)
    offer = tree / "offers" / "murrtal-institut" / "alltagsbegleitung-senioren.yaml"
    time.sleep(2.1)  # the copied files settle (their ctime cannot be set back)

    memory = Memory(files=ReadCache(watched=True), stored=cache)
    rebuild(tree, tmp_path / "live", memory, TODAY, None)
    assert parsed == [], "eine unveränderte Datei wurde neu gelesen, nicht aus dem Zwischenspeicher genommen"
    assert memory.stored is None
    assert snapshot(tmp_path / "live") == snapshot(tmp_path / "built", skip_pagefind=True)
    assert cache_file(cache).stat().st_mtime_ns == written, "nichts Neues, der Zwischenspeicher bleibt"

    offer.write_text(offer.read_text(encoding="utf-8") + "\n# geändert\n", encoding="utf-8")
    memory.files.touched([str(offer)])
    rebuild(tree, tmp_path / "live", memory, TODAY, None)
    assert parsed == [str(offer.relative_to(tree))]
    assert cache_file(cache).stat().st_mtime_ns == written, "eine spätere Lesung schreibt den Zwischenspeicher nicht"

    parsed.clear()
    rebuild(tree, tmp_path / "cold", Memory(files=ReadCache(watched=True)), TODAY, None)
    assert len(parsed) == len(content_files), "ohne Zwischenspeicher liest die erste Lesung jede Datei"


def test_a_user_without_a_home_folder_builds_without_the_cache(
    minimal_tree: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A container run under an arbitrary user id has no HOME and no entry in the user
    database: pathlib cannot find a home folder. The build then reads without a cache
    (before: an internal error)."""
    import pwd

    for name in ("HOME", contentcache.ENV, "XDG_CACHE_HOME"):
        monkeypatch.delenv(name, raising=False)

    def unknown(uid: int) -> Any:
        raise KeyError(f"getpwuid(): uid not found: {uid}")

    monkeypatch.setattr(pwd, "getpwuid", unknown)
    assert contentcache.default_folder() is None
    assert main(["build", "--source", str(minimal_tree), "--out", str(tmp_path / "site"), "--today", "2026-12-01", "--no-index"]) == 0
    assert "Fertig:" in capsys.readouterr().out
