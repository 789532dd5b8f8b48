"""Build behaviour: same bytes twice, all or nothing, sub-path hosting, hostile content."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from site_builder.cli import main
from site_builder.pipeline import build
from site_builder.write import MARKER

from .conftest import FIXTURES, ROOT, SAMPLE, TODAY, copy_tree, sample_tree
from .sitecheck import broken_links, html_files, parse


def snapshot(folder: Path, skip_pagefind: bool = False) -> dict[str, str]:
    """Every file's hash, by relative path; not the marker a build leaves for ``--out`` (the
    preview writes none), with skip_pagefind not the search index either."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != MARKER and not (skip_pagefind and p.relative_to(folder).parts[0] == "pagefind")
    }


def leftovers(folder: Path) -> list[str]:
    """Temporary folders of builds (the state file beside the output is meant to stay)."""
    return [p.name for p in folder.iterdir() if p.name.startswith(".out.") and not p.name.endswith("lotse-state.json")]


@pytest.mark.slow
def test_same_input_gives_same_bytes(tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    build(SAMPLE, first, today=TODAY)
    build(SAMPLE, second, today=TODAY)
    a, b = snapshot(first, skip_pagefind=True), snapshot(second, skip_pagefind=True)
    assert len(a) > 150
    assert a == b
    assert (first / "pagefind" / "pagefind.js").is_file()


def test_failed_build_leaves_previous_output_untouched(minimal_tree: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    assert main(["build", "--source", str(minimal_tree), "--out", str(out), "--today", "2026-12-01"]) == 0
    before = snapshot(out)
    offer = minimal_tree / "offers" / "akademie" / "excel-kompakt.yaml"
    offer.write_text(offer.read_text().replace("amount: 189.5", "amount: viel"))
    assert main(["build", "--source", str(minimal_tree), "--out", str(out), "--today", "2026-12-01"]) == 1
    err = capsys.readouterr().err
    assert "offers/akademie/excel-kompakt.yaml:16:11: price.amount: muss eine Zahl ≥ 0 sein, gefunden: 'viel'" in err
    assert snapshot(out) == before
    assert leftovers(tmp_path) == []


def processes_reading(source: Path) -> list[int]:
    """Processes whose command line names ``source`` (a build and the processes it forked)."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and str(source).encode() in (entry / "cmdline").read_bytes():
                found.append(int(entry.name))
        except OSError:
            continue
    return found


@pytest.mark.slow
def test_killed_build_leaves_previous_output_untouched(tmp_path: Path) -> None:
    source = sample_tree(tmp_path / "src")
    out = tmp_path / "out"
    build(source, out, today=TODAY, search_index=False)
    before = snapshot(out)
    # Kill the build as soon as it has started writing into its temporary folder.
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "build.py"), "--source", str(source), "--out", str(out), "--today", "2026-12-01"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not any(p.name.startswith(".out.tmp") for p in tmp_path.iterdir()):
        time.sleep(0.01)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert snapshot(out) == before
    # Its render processes (forked, with the same command line) end with it.
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and processes_reading(source):
        time.sleep(0.05)
    assert processes_reading(source) == []
    # The next build clears what the killed one left behind and succeeds.
    build(source, out, today=TODAY, search_index=False)
    assert leftovers(tmp_path) == []


def test_sub_path_base_url_is_respected_everywhere(minimal_tree: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(minimal_tree, out, today=TODAY, base_url="https://example.org/weiterbildung/")
    assert broken_links(out, base_path="/weiterbildung/") == []
    for file in html_files(out):
        for _tag, _attr, value in parse(file).links:
            if value.startswith("/"):
                assert value.startswith("/weiterbildung/"), f"{file}: {value}"
    assert "https://example.org/weiterbildung/angebote/mag-schweissen/" in (out / "sitemap.xml").read_text()
    assert "Sitemap: https://example.org/weiterbildung/sitemap.xml" in (out / "robots.txt").read_text()
    page = parse(out / "ueber" / "index.html")
    assert ("link", "href", "https://example.org/weiterbildung/ueber/") in page.links


def test_hostile_content_yields_no_live_markup(tmp_path: Path) -> None:
    tree = copy_tree(tmp_path / "src", FIXTURES / "minimal", FIXTURES / "hostile")
    out = tmp_path / "out"
    build(tree, out, today=TODAY, search_index=False)
    offer = parse(out / "angebote" / "feindlich" / "index.html")
    for file in html_files(out):
        page = parse(file)
        for attrs, text in page.scripts:
            assert attrs.get("type") == "application/ld+json" or attrs.get("src", "").startswith("/"), f"{file}: {attrs} {text[:80]}"
            assert "alert(" not in text or attrs.get("type") == "application/ld+json"
        for tag, name, value in page.attributes:
            assert not name.startswith("on"), f"{file}: <{tag} {name}={value}>"
            if name in ("href", "src", "action"):
                assert not value.strip().lower().startswith(("javascript:", "data:")), f"{file}: {value}"
            assert tag not in ("iframe", "style", "object", "embed", "svg", "img") or name != "onerror"
            assert tag not in ("iframe", "style", "object", "embed"), f"{file}: <{tag}>"
            if tag == "form" and name == "action":
                assert value.startswith("/"), f"{file}: <form action={value}>"
    # Jinja syntax is shown as text, never evaluated.
    assert "{{ 7*7 }}" in offer.text
    assert "{% if true %}Jinja{% endif %}" in offer.text
    assert "<script>alert('titel')</script> {{ 7*7 }} {% raw %}" in offer.text
    # The JSON-LD keeps the hostile title as data and cannot be closed early.
    [course] = offer.jsonld()
    assert course["name"] == "<script>alert('titel')</script> {{ 7*7 }} {% raw %}"
    raw = (out / "angebote" / "feindlich" / "index.html").read_text()
    ld = raw.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    assert "<" not in ld and json.loads(ld)["description"].startswith("</script>")
    page = parse(out / "kontakt" / "index.html")
    assert "{{ 7*7 }}" in page.text and "{% for x in range(3) %}x{% endfor %}" in page.text


def mtimes(folder: Path) -> dict[str, int]:
    return {str(p.relative_to(folder)): p.stat().st_mtime_ns for p in sorted(folder.rglob("*")) if p.is_file()}


def texts(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): p.read_text() for p in html_files(folder)}


@pytest.mark.slow
def test_rebuilds_write_only_what_changed_and_never_leave_stale_pages(minimal_tree: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(minimal_tree, out, today=TODAY)
    first = mtimes(out)
    report = build(minimal_tree, out, today=TODAY)
    assert report.skipped and mtimes(out) == first

    cases = [
        (minimal_tree / "offers" / "akademie" / "excel-kompakt.yaml", "title: Excel kompakt", "title: Tabellen mit Excel", "Excel kompakt", "Tabellen mit Excel"),
        (minimal_tree / "content" / "providers" / "akademie.yaml", "name: Test-Akademie", "name: Neckar-Akademie", "Test-Akademie", "Neckar-Akademie"),
        (minimal_tree / "content" / "taxonomies.yaml", "label: Schweißen", "label: Schweißtechnik", ">Schweißen<", "Schweißtechnik"),
    ]
    for file, old, new, old_shown, new_shown in cases:
        before = texts(out)
        stamps = mtimes(out)
        file.write_text(file.read_text().replace(old, new))
        report = build(minimal_tree, out, today=TODAY)
        after = texts(out)
        assert not report.skipped and report.changed > 0
        assert not [name for name, text in after.items() if old_shown in text], f"{old_shown} steht noch im Ergebnis"
        shown = {name for name, text in after.items() if new_shown in text}
        assert shown >= {name for name, text in before.items() if old_shown in text}
        now = mtimes(out)
        untouched = [name for name in before if before[name] == after[name] and name in stamps]
        assert untouched and all(now[name] == stamps[name] for name in untouched)


@pytest.mark.parametrize(
    ("defer", "forked"),
    [(False, False), (True, False), pytest.param(True, True, marks=pytest.mark.slow)],
    ids=["at-once", "catalogues-later", "forked"],
)
def test_preview_rebuilds_equal_full_builds(
    minimal_tree: Path, tmp_path: Path, defer: bool, forked: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The preview renders only touched pages; the result must be what a full build gives.

    With ``defer`` (as ``serve`` does) the catalogues, sitemap, feed and API come from
    ``finish()``; unchanged files are not read again and unchanged records not checked again.
    ``forked``: rendering spread over two worker processes, as for large guides.
    """
    from site_builder import incremental
    from site_builder.incremental import Memory, rebuild

    if forked:
        monkeypatch.setattr(incremental, "workers_for", lambda pages: 2)

    live, memory = tmp_path / "live", Memory()
    first = rebuild(minimal_tree, live, memory, TODAY, None, defer=defer)
    assert first.full
    assert (first.finish is not None) == defer
    if first.finish:
        first.finish()
    edits = [
        (minimal_tree / "offers" / "akademie" / "excel-kompakt.yaml", "start: 2027-02-03", "start: 2026-12-20"),
        (minimal_tree / "offers" / "akademie" / "excel-kompakt.yaml", "title: Excel kompakt", "title: Tabellen mit Excel"),
        (minimal_tree / "content" / "providers" / "akademie.yaml", "name: Test-Akademie", "name: Neckar-Akademie"),
        (minimal_tree / "offers" / "akademie" / "python-online.yaml", "on_demand: true", "on_demand: false\ndates:\n  - start: 2026-01-01"),
        (minimal_tree / "content" / "taxonomies.yaml", "label: Schweißen", "label: Schweißtechnik"),
    ]
    for number, (file, old, new) in enumerate(edits):
        file.write_text(file.read_text().replace(old, new))
        report = rebuild(minimal_tree, live, memory, TODAY, None, defer=defer)
        if report.finish:
            report.finish()
        full = tmp_path / f"full-{number}"
        build(minimal_tree, full, today=TODAY, search_index=False)
        assert snapshot(live, skip_pagefind=True) == snapshot(full), f"nach Änderung {number}: {old} → {new}"
        if number < 2:  # one offer: some pages (the only provider, or a changed count, reach all)
            assert not report.full and report.rendered < report.total


def test_preview_follows_what_a_trees_own_template_reads(minimal_tree: Path, tmp_path: Path) -> None:
    """A guide's own template may show any list the guide fills (here the offers of an advisory
    point's region): the preview notes what each page read and renders it again exactly when
    one of those lists changes, so it still equals a full build."""
    from site_builder.incremental import Memory, rebuild

    (minimal_tree / "templates").mkdir()
    (minimal_tree / "templates" / "advisory_point.html").write_text(
        '{% extends "base.html" %}{% block content %}<h1>{{ point.name }}</h1>'
        "<p>Angebote in der Region: {{ point.address.region.offers|length }}</p>{% endblock %}\n"
    )
    page = tmp_path / "live" / "beratung" / "beratung-esslingen" / "index.html"
    live, memory = tmp_path / "live", Memory()
    rebuild(minimal_tree, live, memory, TODAY, None)
    assert "Angebote in der Region: 1<" in page.read_text()
    offer = minimal_tree / "offers" / "akademie" / "excel-kompakt.yaml"

    offer.write_text(offer.read_text().replace("title: Excel kompakt", "title: Excel in einem Tag"))
    report = rebuild(minimal_tree, live, memory, TODAY, None)
    assert not report.full and "angebote/excel-kompakt/" in report.paths
    assert "beratung/beratung-esslingen/" not in report.paths

    offer.write_text(offer.read_text().replace("region: stuttgart", "region: esslingen").replace("70173", "73728"))
    rebuild(minimal_tree, live, memory, TODAY, None)
    assert "Angebote in der Region: 2<" in page.read_text()
    build(minimal_tree, tmp_path / "full", today=TODAY, search_index=False)
    assert snapshot(live, skip_pagefind=True) == snapshot(tmp_path / "full")


def test_unchanged_stat_is_trusted_but_a_same_size_edit_is_seen(minimal_tree: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No-change builds skip reading inputs whose stat is as remembered (as git's index does);
    an edit that keeps size and modification time still changes the inode's ctime."""
    import os

    from site_builder import load, state

    out = tmp_path / "out"
    # Only files older than the clock tick are trusted by their stat: let the copied tree count as old.
    monkeypatch.setattr(load, "SETTLE_NS", 0)
    assert not build(minimal_tree, out, today=TODAY, search_index=False).skipped
    assert build(minimal_tree, out, today=TODAY, search_index=False).skipped
    table = state.known_files(out)
    assert table and all(entry[5] for entry in table.values())
    offer = minimal_tree / "offers" / "akademie" / "excel-kompakt.yaml"
    before = offer.stat()
    offer.write_text(offer.read_text().replace("title: Excel kompakt", "title: Excel kompakX"))
    os.utime(offer, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert offer.stat().st_size == before.st_size and offer.stat().st_mtime_ns == before.st_mtime_ns
    report = build(minimal_tree, out, today=TODAY, search_index=False)
    assert not report.skipped
    assert "Excel kompakX" in (out / "angebote" / "excel-kompakt" / "index.html").read_text()


def test_pagefind_is_told_to_hand_memory_back_and_an_operator_setting_wins(
    minimal_tree: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from site_builder import index, processes

    name, value = processes.ALLOCATOR_SETTING
    seen: list[str | None] = []
    start = subprocess.Popen

    def spy(command: list[str], **kwargs: object) -> object:
        if command[0] == str(index.pagefind_binary()):
            seen.append(kwargs["env"].get(name))  # type: ignore[attr-defined]
        return start(command, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(processes.subprocess, "Popen", spy)
    monkeypatch.delenv(name, raising=False)
    assert build(minimal_tree, tmp_path / "a", today=TODAY).indexed > 0
    assert seen == [value] and name not in os.environ

    monkeypatch.setenv(name, "narenas:2,dirty_decay_ms:0")
    assert build(minimal_tree, tmp_path / "b", today=TODAY).indexed > 0
    assert seen[-1] == "narenas:2,dirty_decay_ms:0"


def test_where_processes_cannot_be_forked_the_render_runs_in_the_build_process(
    minimal_tree: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The render normally runs in a forked child (its memory is gone before indexing); without
    fork (Windows, macOS's default) it runs in the build's own process with the same result."""
    from site_builder import processes

    build(minimal_tree, tmp_path / "forked", today=TODAY)
    monkeypatch.setattr(processes.multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    report = build(minimal_tree, tmp_path / "here", today=TODAY)
    assert report.offers > 0 and report.indexed > 0
    assert snapshot(tmp_path / "here", skip_pagefind=True) == snapshot(tmp_path / "forked", skip_pagefind=True)


def test_a_guide_with_nothing_searchable_still_gets_a_search_bundle(minimal_tree: Path, tmp_path: Path) -> None:
    for folder in ("offers", "content/advisory-points", "content/pages"):
        for path in (minimal_tree / folder).rglob("*.*"):
            path.unlink()
    report = build(minimal_tree, tmp_path / "out", today=TODAY)
    assert report.indexed == 0
    assert json.loads((tmp_path / "out" / "pagefind" / "pagefind-entry.json").read_text())["languages"] == {}


def test_preview_after_a_provider_edit_renders_only_its_pages_and_equals_a_full_build(tmp_path: Path) -> None:
    """Offers of other providers keep their objects (and pages); the edited provider's pages,
    its offers' pages and the lists showing them are rendered again."""
    from site_builder.incremental import Memory, rebuild

    tree = sample_tree(tmp_path / "tree")
    live, memory = tmp_path / "live", Memory()
    rebuild(tree, live, memory, TODAY, None)
    provider = tree / "content" / "providers" / "murrtal-institut.yaml"
    provider.write_text(provider.read_text().replace("Murrtal-Institut für soziale Berufe", "Murrtal-Institut Backnang"))
    own = {p.stem for p in (tree / "offers" / "murrtal-institut").glob("*.yaml")}
    report = rebuild(tree, live, memory, TODAY, None)
    assert not report.full and len(own) < report.rendered < report.total / 3
    build(tree, tmp_path / "full", today=TODAY, search_index=False)
    assert snapshot(live, skip_pagefind=True) == snapshot(tmp_path / "full")
    assert "Murrtal-Institut Backnang" in (live / "angebote" / sorted(own)[0] / "index.html").read_text()


@pytest.mark.parametrize("forked", [False, pytest.param(True, marks=pytest.mark.slow)], ids=["here", "forked"])
def test_preview_follows_a_sequence_of_edits_byte_for_byte(tmp_path: Path, forked: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    """The preview decides without working out every page's key which pages an edit reaches
    (unchanged offer pages keep theirs, cards are kept from rebuild to rebuild); after each
    edit of a sequence (up to the guide's own search words), its folder must hold what a full
    build writes."""
    import yaml

    from site_builder import incremental
    from site_builder.incremental import Memory, rebuild

    if forked:  # every rebuild renders in two worker processes, as for a large guide
        monkeypatch.setattr(incremental, "workers_for", lambda pages: 2)
    tree = sample_tree(tmp_path / "tree")
    folder = tree / "offers" / "bauhuette-nuertingen"
    offer, sibling = folder / "trockenbau-quereinstieg.yaml", folder / "cnc-holzbearbeitung-schreinerei.yaml"
    provider = tree / "content" / "providers" / "bauhuette-nuertingen.yaml"
    words = tree / "content" / "search.yaml"
    kept = sibling.read_text()

    def edit(path: Path, change: Callable[[dict[str, Any]], None]) -> None:
        data = yaml.safe_load(path.read_text())
        change(data)
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))

    def move(data: dict[str, Any]) -> None:
        data["dates"][0].update(start="2027-05-03", end="2027-06-25")

    live, memory = tmp_path / "live", Memory()
    first = rebuild(tree, live, memory, TODAY, None, defer=True)
    assert first.finish is not None
    first.finish()
    steps: list[tuple[str, Callable[[], None]]] = [
        ("Titel", lambda: edit(offer, lambda d: d.update(title="Trockenbau für Einsteigende"))),
        ("Preis", lambda: edit(offer, lambda d: d["price"].update(amount=4590))),
        ("Beginn in einem anderen Monat", lambda: edit(offer, move)),
        ("Anbieter umbenannt", lambda: edit(provider, lambda d: d.update(name="Bauhütte Nürtingen"))),
        ("Angebot gelöscht", sibling.unlink),
        ("Angebot wieder da", lambda: sibling.write_text(kept)),
        # A synonym reaches the hidden search words of every offer page with one of its words.
        ("Suchwörter", lambda: words.write_text(words.read_text().replace("[Chef, Führungskraft]", "[Chef, Führungskraft, Teamleitung]"))),
    ]
    for number, (what, step) in enumerate(steps):
        step()
        report = rebuild(tree, live, memory, TODAY, None, defer=True)
        if report.finish:
            report.finish()
        if number < 3:  # one offer: its page and the lists that show it, not the rest
            assert not report.full and 0 < report.rendered < report.total / 3, what
        full = tmp_path / f"full-{number}"
        build(tree, full, today=TODAY, search_index=False)
        assert snapshot(live, skip_pagefind=True) == snapshot(full), f"nach Schritt {number}: {what}"
    shown = (live / "angebote" / "trockenbau-quereinstieg" / "index.html").read_text()
    assert "Trockenbau für Einsteigende" in shown and "4.590" in shown


def test_preview_renders_a_kept_offer_page_again_when_a_list_it_read_changes(tmp_path: Path) -> None:
    """An unchanged offer's page is planned as the same object and keeps its key, unless a
    filled list its template read changed: here a guide's own offer template counts the
    provider's offers, and an offer moves to another provider (the site's counts stay)."""
    from site_builder.incremental import Memory, rebuild
    from site_builder.render import BUILTIN_TEMPLATES

    tree = sample_tree(tmp_path / "tree")
    own = (BUILTIN_TEMPLATES / "offer.html").read_text()
    assert own.count("{% block content %}") == 1
    (tree / "templates").mkdir()
    (tree / "templates" / "offer.html").write_text(
        own.replace("{% block content %}", '{% block content %}<p class="zahl">Angebote des Anbieters: {{ offer.provider.offers|length }}</p>')
    )
    live, memory = tmp_path / "live", Memory()
    rebuild(tree, live, memory, TODAY, None)
    before = {p.stem: (live / "angebote" / p.stem / "index.html").read_text() for p in (tree / "offers" / "buergerkolleg-stuttgart").glob("*.yaml")}
    moved = tree / "offers" / "bauhuette-nuertingen" / "trockenbau-quereinstieg.yaml"
    target = tree / "offers" / "buergerkolleg-stuttgart" / moved.name
    target.write_text(moved.read_text().replace("provider: bauhuette-nuertingen", "provider: buergerkolleg-stuttgart"))
    moved.unlink()
    report = rebuild(tree, live, memory, TODAY, None)
    assert not report.full and report.rendered < report.total / 2
    build(tree, tmp_path / "full", today=TODAY, search_index=False)
    assert snapshot(live, skip_pagefind=True) == snapshot(tmp_path / "full")
    after = (live / "angebote" / sorted(before)[0] / "index.html").read_text()
    count = len(before)
    assert f"Angebote des Anbieters: {count}<" in before[sorted(before)[0]] and f"Angebote des Anbieters: {count + 1}<" in after


def test_preview_cards_that_read_a_filled_list_follow_it(tmp_path: Path) -> None:
    """Cards are kept from one preview rebuild to the next; a card of a guide's own macros
    that reads a filled list (its provider's offers) must not be: every list showing it is
    rendered again when that list changes, with the card as a full build shows it. (Jinja
    keeps an imported template's module with the globals of its first import: the card
    function of the first rebuild, with its cards, answered in every later one.)"""
    from site_builder.incremental import Memory, rebuild
    from site_builder.render import BUILTIN_TEMPLATES

    tree = sample_tree(tmp_path / "tree")
    macros = (BUILTIN_TEMPLATES / "macros.html").read_text()
    anchor = '<p class="karte__text">{{ offer.summary }}</p>'
    assert macros.count(anchor) == 1
    (tree / "templates").mkdir()
    (tree / "templates" / "macros.html").write_text(
        macros.replace(anchor, anchor + '<p class="zahl">Im Programm des Anbieters: {{ offer.provider.offers|length }}</p>')
    )
    live, memory = tmp_path / "live", Memory()
    rebuild(tree, live, memory, TODAY, None)
    name = "trockenbau-quereinstieg.yaml"
    moves = [("bauhuette-nuertingen", "buergerkolleg-stuttgart"), ("buergerkolleg-stuttgart", "bauhuette-nuertingen")]
    for step, (old, new) in enumerate(moves):  # and back: the cards of the first move are at stake
        before = tree / "offers" / old / name
        (tree / "offers" / new / name).write_text(before.read_text().replace(f"provider: {old}", f"provider: {new}"))
        before.unlink()
        report = rebuild(tree, live, memory, TODAY, None)
        assert not report.full
        build(tree, tmp_path / f"full-{step}", today=TODAY, search_index=False)
        assert snapshot(live, skip_pagefind=True) == snapshot(tmp_path / f"full-{step}"), f"Schritt {step}"


def test_preview_files_written_behind_are_on_disk_when_settled_and_their_errors_surface(tmp_path: Path) -> None:
    """The preview hands changed files to writer threads; ``settle`` returns once they are
    written and raises what a write raised (here a file stands where a folder must go)."""
    from site_builder.incremental import _InPlace

    out = tmp_path / "out"
    out.mkdir()
    (out / "angebote").write_text("kein Ordner")
    sink = _InPlace(out)
    pages = {f"seite-{n}/index.html": f"<p>{n}</p>".encode() for n in range(40)}
    assert all(sink.write(path, data) for path, data in pages.items())
    sink.settle()
    assert all((out / path).read_bytes() == data for path, data in pages.items())
    assert not sink.write("seite-3/index.html", b"<p>3</p>")  # unchanged: nothing to write
    assert sink.write("angebote/x/index.html", b"<p>x</p>")
    with pytest.raises(OSError):
        sink.settle()
    assert not list(out.rglob(".*.tmp"))


def test_preview_keeps_list_pages_and_follows_moves_byte_for_byte(tmp_path: Path) -> None:
    """The plan keeps list pages whose offers are the same objects (``plan.Keep``); with three
    offers per page most lists have several pages, of which an edit reaches a few. After each
    step (an offer to another topic, region, month, provider; a sort key changed; an offer new,
    then gone; a draft; an advisory point and a page edited) the preview holds what a full build
    writes, and a title edit renders only the pages the offer is shown on."""
    import yaml

    from site_builder.incremental import Memory, rebuild
    from site_builder.problems import ContentError

    tree = sample_tree(tmp_path / "tree")
    site = tree / "site.yaml"
    site.write_text(site.read_text().replace("per_page: 20", "per_page: 3"))
    folder = tree / "offers" / "bauhuette-nuertingen"
    offer = folder / "trockenbau-quereinstieg.yaml"
    copy = folder / "trockenbau-zweiter-kurs.yaml"
    point = next(iter(sorted((tree / "content" / "advisory-points").glob("*.yaml"))))
    page = tree / "content" / "pages" / "ueber.md"

    def edit(path: Path, change: Callable[[dict[str, Any]], None]) -> None:
        data = yaml.safe_load(path.read_text())
        change(data)
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))

    def to_provider(data: dict[str, Any]) -> None:
        data["provider"] = "buergerkolleg-stuttgart"

    def moved_provider() -> None:
        target = tree / "offers" / "buergerkolleg-stuttgart" / offer.name
        edit(offer, to_provider)
        offer.rename(target)

    live, memory = tmp_path / "live", Memory()
    first = rebuild(tree, live, memory, TODAY, None, defer=True)
    assert first.finish is not None
    first.finish()
    steps: list[tuple[str, Callable[[], None]]] = [
        ("Titel", lambda: edit(offer, lambda d: d.update(title="Trockenbau für Einsteigende"))),
        ("Titel vorne in der Sortierung", lambda: edit(offer, lambda d: d.update(title="Aaa Trockenbau"))),
        ("anderes Thema", lambda: edit(offer, lambda d: d.update(topics=["energie-nachhaltigkeit", "handwerk-bau"]))),
        ("andere Region", lambda: edit(offer, lambda d: d["location"].update(region="ludwigsburg", postal_code="71634", city="Ludwigsburg"))),
        ("anderer Monat", lambda: edit(offer, lambda d: d["dates"][0].update(start="2027-03-01", end="2027-04-20"))),
        ("neues Angebot", lambda: copy.write_text(offer.read_text().replace("Aaa Trockenbau", "Trockenbau, zweiter Kurs"))),
        ("Entwurf", lambda: edit(copy, lambda d: d.update(draft=True))),
        ("Angebot gelöscht", copy.unlink),
        ("anderer Anbieter", moved_provider),
        ("Beratungsstelle", lambda: edit(point, lambda d: d.update(name=d["name"] + " (neu)"))),
        ("Seite", lambda: page.write_text(page.read_text() + "\nEin neuer Absatz.\n")),
        ("Titel nach allem", lambda: edit(tree / "offers" / "buergerkolleg-stuttgart" / offer.name, lambda d: d.update(title="Trockenbau kompakt"))),
    ]
    for number, (what, step) in enumerate(steps):
        step()
        try:
            report = rebuild(tree, live, memory, TODAY, None, defer=True)
        except ContentError as error:
            raise AssertionError(f"{what}: {[p.text() for p in error.problems]}") from None
        if report.finish:
            report.finish()
        if what.startswith("Titel"):
            assert not report.full and 0 < report.rendered < report.total / 4, what
        full = tmp_path / f"full-{number}"
        build(tree, full, today=TODAY, search_index=False)
        assert snapshot(live, skip_pagefind=True) == snapshot(full), f"nach Schritt {number}: {what}"


def test_preview_check_gives_the_lines_of_a_full_check(tmp_path: Path) -> None:
    """The preview checks only changed files and folds in the rest as checked before; its
    error lines after each edit are those of a full check (a broken field, an offer in another
    provider's folder, a duplicate id, a provider file that breaks), and once all is fixed its
    folder holds what a full build writes."""
    from site_builder.incremental import Memory, rebuild
    from site_builder.pipeline import check
    from site_builder.problems import ContentError

    tree = sample_tree(tmp_path / "tree")
    offer = tree / "offers" / "bauhuette-nuertingen" / "trockenbau-quereinstieg.yaml"
    twin = tree / "offers" / "buergerkolleg-stuttgart" / offer.name
    provider = tree / "content" / "providers" / "bauhuette-nuertingen.yaml"
    kept_offer, kept_provider = offer.read_text(), provider.read_text()

    def lines(run: Callable[[], object]) -> list[str]:
        try:
            run()
        except ContentError as error:
            return [p.text() for p in error.problems]
        return []

    live, memory = tmp_path / "live", Memory()
    rebuild(tree, live, memory, TODAY, None)
    steps: list[tuple[str, Callable[[], None]]] = [
        ("Preis ungültig", lambda: offer.write_text(kept_offer.replace("amount: 4680", "amount: viel"))),
        ("Titel fehlt dazu", lambda: offer.write_text(kept_offer.replace("amount: 4680", "amount: viel").replace('title: "Trockenbau für Quereinsteigende"\n', ""))),
        ("behoben", lambda: offer.write_text(kept_offer)),
        ("fremder Anbieter", lambda: offer.write_text(kept_offer.replace("provider: bauhuette-nuertingen", "provider: buergerkolleg-stuttgart"))),
        ("doppelte Id", lambda: twin.write_text(kept_offer.replace("provider: bauhuette-nuertingen", "provider: buergerkolleg-stuttgart"))),
        ("erste Datei ungültig", lambda: offer.write_text(kept_offer.replace("amount: 4680", "amount: viel"))),
        ("Anbieter kaputt", lambda: provider.write_text(kept_provider + "unbekannt: 1\n")),
        ("Doppel entfernt", twin.unlink),
        ("alles behoben", lambda: (offer.write_text(kept_offer), provider.write_text(kept_provider))),
    ]
    for what, step in steps:
        step()
        found = lines(lambda: rebuild(tree, live, memory, TODAY, None))
        assert found == lines(lambda: check(tree)), what
        assert bool(found) == (what != "behoben" and what != "alles behoben"), what
    build(tree, tmp_path / "full", today=TODAY, search_index=False)
    assert snapshot(live, skip_pagefind=True) == snapshot(tmp_path / "full")


def test_files_read_young_are_settled_while_the_preview_waits(minimal_tree: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Files written just before the preview starts are remembered with their bytes (they may
    change again within the clock tick without a new stat). Once they are older, the idle check
    for missed events settles them, so the first edit does not compare its folder's bytes; an
    edit that kept the stat meanwhile is reported as missed instead."""
    from site_builder import load
    from site_builder.incremental import Memory, rebuild

    memory = Memory(files=load.ReadCache(watched=True))
    rebuild(minimal_tree, tmp_path / "live", memory, TODAY, None)
    young = [path for path, (_, _, unsettled) in memory.files.files.items() if unsettled is not None]
    assert young  # just copied: younger than the clock tick
    offer = str((minimal_tree / "offers" / "akademie" / "excel-kompakt.yaml").resolve())
    before = os.stat(offer)
    with open(offer, "r+b") as handle:  # the same size and times, other bytes
        data = handle.read()
        handle.seek(0)
        handle.write(data.replace(b"Excel kompakt", b"Excel kompakX"))
    os.utime(offer, ns=(before.st_atime_ns, before.st_mtime_ns))
    monkeypatch.setattr(load, "SETTLE_NS", 0)  # now they count as old
    assert offer in memory.files.drifted()  # by its ctime, or within its tick by its bytes
    assert all(memory.files.files[path][2] is None for path in young if path != offer)
