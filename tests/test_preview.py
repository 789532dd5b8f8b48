"""The preview (``serve``'s rebuilds): after each edit only the pages it reaches are rendered
again, and the folder holds what a full build writes, byte for byte."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from site_builder.pipeline import build

from .conftest import TODAY, sample_tree
from .sitecheck import snapshot


def edit_yaml(path: Path, change: Callable[[dict[str, Any]], None]) -> None:
    """An editor's save: the file read, changed and written back whole."""
    import yaml

    data = yaml.safe_load(path.read_text())
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))


def lines(run: Callable[[], object]) -> list[str]:
    """The error lines a rebuild or check gives (none when it passes)."""
    from site_builder.problems import ContentError

    try:
        run()
    except ContentError as error:
        return [p.text() for p in error.problems]
    return []


def warmed(tree: Path, live: Path) -> Any:
    """The preview's memory after its first build, the deferred pages written too."""
    from site_builder.incremental import Memory, rebuild

    memory = Memory()
    first = rebuild(tree, live, memory, TODAY, None, defer=True)
    assert first.finish is not None
    first.finish()
    return memory


@pytest.mark.parametrize("defer", [False, True], ids=["at-once", "catalogues-later"])
def test_preview_rebuilds_equal_full_builds(minimal_tree: Path, tmp_path: Path, defer: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    """The preview renders only touched pages; the result must be what a full build gives.

    With ``defer`` (as ``serve`` does) the catalogues, sitemap, feed and API come from
    ``finish()``; unchanged files are not read again and unchanged records not checked again.
    There every other rebuild spreads its rendering over two worker processes, as for large
    guides, the first one included.
    """
    from site_builder import incremental
    from site_builder.incremental import Memory, rebuild

    workers = [2 if defer else 1]
    monkeypatch.setattr(incremental, "workers_for", lambda pages: workers[0])

    travelling = minimal_tree / "offers" / "akademie" / "stapler-wandernd.yaml"  # dates in two regions
    travelling.write_text(
        "title: Staplerschein an zwei Orten\nprovider: akademie\nsummary: Zwei Tage Stapler.\n"
        "description: Theorie und Praxis.\ntopics: [it]\nformat: praesenz\ndates:\n"
        "  - {start: 2027-01-14, location: {street: Hafenstraße 1, postal_code: '70327', city: Stuttgart, region: stuttgart}}\n"
        "  - {start: 2027-01-28, location: {street: Mühlstraße 2, postal_code: '73728', city: Esslingen am Neckar, region: esslingen}}\n"
        "price: {amount: 289}\nupdated: 2026-11-20\n",
        encoding="utf-8",
    )
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
        (travelling, "start: 2027-01-28", "start: 2026-12-10"),  # its Esslingen date moves ahead of others
        (travelling, "city: Stuttgart, region: stuttgart", "city: Esslingen, region: esslingen"),  # one region only
    ]
    for number, (file, old, new) in enumerate(edits):
        file.write_text(file.read_text().replace(old, new))
        if defer:
            workers[0] = 1 if number % 2 == 0 else 2
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


@pytest.mark.slow
def test_preview_follows_a_sequence_of_edits_byte_for_byte(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The preview decides without working out every page's key which pages an edit reaches
    (unchanged offer pages keep theirs, cards are kept from rebuild to rebuild); after each
    edit of a sequence (up to the guide's own search words), its folder must hold what a full
    build writes. The rebuilds take turns: two worker processes, as for a large guide (their
    cards come back to the preview), then this process alone, which goes on with them."""

    from site_builder import incremental
    from site_builder.incremental import rebuild

    workers = [2]
    monkeypatch.setattr(incremental, "workers_for", lambda pages: workers[0])
    tree = sample_tree(tmp_path / "tree")
    folder = tree / "offers" / "bauhuette-nuertingen"
    offer, sibling = folder / "trockenbau-quereinstieg.yaml", folder / "cnc-holzbearbeitung-schreinerei.yaml"
    provider = tree / "content" / "providers" / "bauhuette-nuertingen.yaml"
    words = tree / "content" / "search.yaml"
    kept = sibling.read_text()

    def move(data: dict[str, Any]) -> None:
        data["dates"][0].update(start="2027-05-03", end="2027-06-25")

    def broader(*words: str) -> str:
        entries = [entry.split() for entry in " ".join(words).split("|")]
        return "broader:\n" + "".join(f"  - term: {term}\n    narrower: [{', '.join(narrower)}]\n" for term, *narrower in entries)

    live = tmp_path / "live"
    memory = warmed(tree, live)
    steps: list[tuple[str, Callable[[], None]]] = [
        ("Titel", lambda: edit_yaml(offer, lambda d: d.update(title="Trockenbau für Einsteigende"))),
        ("Preis", lambda: edit_yaml(offer, lambda d: d["price"].update(amount=4590))),
        ("Beginn in einem anderen Monat", lambda: edit_yaml(offer, move)),
        ("Anbieter umbenannt", lambda: edit_yaml(provider, lambda d: d.update(name="Bauhütte Nürtingen"))),
        ("Angebot gelöscht", sibling.unlink),
        ("Angebot wieder da", lambda: sibling.write_text(kept)),
        # A synonym reaches the hidden search words of every offer page with one of its words.
        ("Suchwörter", lambda: words.write_text(words.read_text().replace("[Chef, Führungskraft]", "[Chef, Führungskraft, Teamleitung]"))),
        # A broader term reaches the pages with a narrower word; then the same words in other
        # entries: "Dämmung" turns from a narrower word into a term.
        ("Oberbegriff", lambda: words.write_text(words.read_text() + broader("Innenausbauwissen", "Gipskarton", "Dämmung", "|", "Fassade", "Putz"))),
        ("Oberbegriffe anders gruppiert", lambda: words.write_text(
            words.read_text().split("broader:")[0] + broader("Innenausbauwissen", "Gipskarton", "|", "Dämmung", "Fassade", "Putz"))),
    ]
    for number, (what, step) in enumerate(steps):
        step()
        workers[0] = 1 if number % 2 == 0 else 2
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
    from site_builder.layout import BUILTIN_TEMPLATES

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


@pytest.mark.parametrize("forked", [False, pytest.param(True, marks=pytest.mark.slow)], ids=["here", "forked"])
def test_preview_cards_that_read_a_filled_list_follow_it(tmp_path: Path, forked: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    """Cards are kept from one preview rebuild to the next; a card of a guide's own macros
    that reads a filled list (its provider's offers) must not be: every list showing it is
    rendered again when that list changes, with the card as a full build shows it. (Jinja
    keeps an imported template's module with the globals of its first import: the card
    function of the first rebuild, with its cards, answered in every later one.) ``forked``:
    the cards of moved offers are rendered before the workers are forked, and the workers
    hand back those they make; neither may keep such a card."""
    from site_builder import incremental
    from site_builder.incremental import Memory, rebuild
    from site_builder.layout import BUILTIN_TEMPLATES

    if forked:
        monkeypatch.setattr(incremental, "workers_for", lambda pages: 2)
    tree = sample_tree(tmp_path / "tree")
    macros = (BUILTIN_TEMPLATES / "macros.html").read_text()
    anchor = '<p class="karte__text"{{ lang }}>{{ offer.lead }}</p>'
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


@pytest.mark.slow
def test_preview_keeps_what_forked_workers_render_and_renews_a_renamed_providers_cards(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Rendered in forked workers, cards and month rows come back to the preview's process:
    after the first build it holds one card per offer and variant shown, and after a provider
    is renamed its offers' cards and rows are those of the new offer objects, with the new
    name (rendered there before forking, or handed back), the old ones gone; the folder
    holds what a full build writes."""
    from site_builder import incremental
    from site_builder.incremental import Memory, rebuild
    from site_builder.render import _Recording

    monkeypatch.setattr(incremental, "workers_for", lambda pages: 2)
    tree = sample_tree(tmp_path / "tree")
    live, memory = tmp_path / "live", Memory()
    rebuild(tree, live, memory, TODAY, None)
    env = memory.templates
    assert isinstance(env, _Recording)
    cards, rows = env.made["offer_card"], env.made["start_row"]
    shown = {offer.id for offer, _ in cards.values()}
    assert shown and shown == {offer.id for offer in memory.guide.published or []}
    assert sum(map(len, (made for _, made in rows.values()))) == sum(
        1 for offer in memory.guide.published or [] for d in offer.dates if not d.started
    )

    provider = tree / "content" / "providers" / "murrtal-institut.yaml"
    provider.write_text(provider.read_text().replace("Murrtal-Institut für soziale Berufe", "Murrtal-Institut Backnang"))
    rebuild(tree, live, memory, TODAY, None)
    own = {p.stem for p in (tree / "offers" / "murrtal-institut").glob("*.yaml")}
    alive = {offer.id: offer for offer in memory.guide.published or []}
    for kept in (cards, rows):
        assert all(alive.get(offer.id) is offer for offer, _ in kept.values())
    renamed = [markup for offer, made in cards.values() if offer.id in own for markup in made.values()]
    assert renamed and all("Murrtal-Institut für soziale Berufe" not in m for m in renamed)
    assert any("Murrtal-Institut Backnang" in m for m in renamed)
    assert {offer.id for offer, _ in cards.values()} == shown
    build(tree, tmp_path / "full", today=TODAY, search_index=False)
    assert snapshot(live, skip_pagefind=True) == snapshot(tmp_path / "full")


@pytest.mark.parametrize("at_once", [False, True], ids=["auf der Platte", "im Speicher"])
def test_preview_files_written_behind_are_on_disk_when_settled_and_their_errors_surface(tmp_path: Path, at_once: bool) -> None:
    """On disk the preview hands changed files to writer threads; ``settle`` returns once they
    are written and raises what a write raised (here a file stands where a folder must go). In
    memory it writes each at once, and the error comes with the write."""
    from site_builder.incremental import _InPlace

    out = tmp_path / "out"
    out.mkdir()
    (out / "angebote").write_text("kein Ordner")
    sink = _InPlace(out, at_once)
    assert (sink.behind is None) == at_once
    pages = {f"seite-{n}/index.html": f"<p>{n}</p>".encode() for n in range(40)}
    assert all(sink.write(path, data) for path, data in pages.items())
    sink.settle()
    assert all((out / path).read_bytes() == data for path, data in pages.items())
    assert not list(out.rglob(".*.tmp")), "eine temporäre Datei ist liegen geblieben"
    assert not sink.write("seite-3/index.html", b"<p>3</p>")  # unchanged: nothing to write
    with pytest.raises(OSError):
        sink.write("angebote/x/index.html", b"<p>x</p>")
        sink.settle()


def test_preview_writes_at_once_where_its_folder_is_in_memory(tmp_path: Path) -> None:
    from site_builder.incremental import _InPlace
    from site_builder.write import mount_type

    memory = Path("/dev/shm")
    if mount_type(memory) != "tmpfs":
        pytest.skip("/dev/shm ist auf diesem Rechner kein tmpfs")
    assert mount_type(memory / "lotse" / "noch-nicht-da") == "tmpfs"
    assert mount_type("/proc/self") == "proc"
    assert _InPlace(memory).behind is None
    assert (_InPlace(tmp_path).behind is None) == (mount_type(tmp_path) == "tmpfs")


def test_mount_points_with_spaces_are_read_from_the_mount_table() -> None:
    from site_builder.write import _unescaped

    assert _unescaped(r"/media/USB\040Stick/Wei\134terbildung") == "/media/USB Stick/Wei\\terbildung"
    assert _unescaped("/srv/ß-guide") == "/srv/ß-guide"


def test_forked_workers_do_not_hand_back_the_cards_the_preview_made_before_forking(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The preview renders a renamed provider's cards before it forks (``Renderer.renew``); the
    workers inherit them and hand back only what they made themselves."""
    from site_builder import incremental
    from site_builder.incremental import Memory, rebuild
    from site_builder.render import Renderer

    monkeypatch.setattr(incremental, "workers_for", lambda pages: 2)
    tree = sample_tree(tmp_path / "tree")
    live, memory = tmp_path / "live", Memory()
    rebuild(tree, live, memory, TODAY, None)
    handed_back: list[tuple[str, tuple[object, ...]]] = []
    adopt = Renderer.adopt

    def recording_adopt(self: Renderer, fresh: list[tuple[str, tuple[object, ...], str, str]]) -> None:
        for name, key, _, _ in fresh:
            own = self._kept.get(name, {}).get(key[0])
            if own is not None and key[1:] in own[1]:
                handed_back.append((name, key))
        adopt(self, fresh)

    monkeypatch.setattr(Renderer, "adopt", recording_adopt)
    provider = tree / "content" / "providers" / "murrtal-institut.yaml"
    provider.write_text(provider.read_text().replace("Murrtal-Institut für soziale Berufe", "Murrtal-Institut Backnang"))
    report = rebuild(tree, live, memory, TODAY, None)
    assert report.rendered
    assert handed_back == [], f"{len(handed_back)} Karten kamen von den Workern zurück, die schon da waren"


def test_preview_keeps_list_pages_and_follows_moves_byte_for_byte(tmp_path: Path) -> None:
    """The plan keeps list pages whose offers are the same objects (``plan.Keep``); with three
    offers per page most lists have several pages, of which an edit reaches a few. After each
    step (an offer to another topic, region, month, provider; a sort key changed; an offer new,
    then gone; a draft; an advisory point and a page edited) the preview holds what a full build
    writes, and a title edit renders only the pages the offer is shown on."""

    from site_builder.incremental import rebuild
    from site_builder.problems import ContentError

    tree = sample_tree(tmp_path / "tree")
    site = tree / "site.yaml"
    site.write_text(site.read_text().replace("per_page: 20", "per_page: 3"))
    folder = tree / "offers" / "bauhuette-nuertingen"
    offer = folder / "trockenbau-quereinstieg.yaml"
    copy = folder / "trockenbau-zweiter-kurs.yaml"
    point = next(iter(sorted((tree / "content" / "advisory-points").glob("*.yaml"))))
    page = tree / "content" / "pages" / "ueber.md"

    def to_provider(data: dict[str, Any]) -> None:
        data["provider"] = "buergerkolleg-stuttgart"

    def moved_provider() -> None:
        target = tree / "offers" / "buergerkolleg-stuttgart" / offer.name
        edit_yaml(offer, to_provider)
        offer.rename(target)

    live = tmp_path / "live"
    memory = warmed(tree, live)
    steps: list[tuple[str, Callable[[], None]]] = [
        ("Titel", lambda: edit_yaml(offer, lambda d: d.update(title="Trockenbau für Einsteigende"))),
        ("Titel vorne in der Sortierung", lambda: edit_yaml(offer, lambda d: d.update(title="Aaa Trockenbau"))),
        ("anderes Thema", lambda: edit_yaml(offer, lambda d: d.update(topics=["energie-nachhaltigkeit", "handwerk-bau"]))),
        ("andere Region", lambda: edit_yaml(offer, lambda d: d["location"].update(region="ludwigsburg", postal_code="71634", city="Ludwigsburg"))),
        ("anderer Monat", lambda: edit_yaml(offer, lambda d: d["dates"][0].update(start="2027-03-01", end="2027-04-20"))),
        ("neues Angebot", lambda: copy.write_text(offer.read_text().replace("Aaa Trockenbau", "Trockenbau, zweiter Kurs"))),
        ("Entwurf", lambda: edit_yaml(copy, lambda d: d.update(draft=True))),
        ("Angebot gelöscht", copy.unlink),
        ("anderer Anbieter", moved_provider),
        ("Beratungsstelle", lambda: edit_yaml(point, lambda d: d.update(name=d["name"] + " (neu)"))),
        ("Seite", lambda: page.write_text(page.read_text() + "\nEin neuer Absatz.\n")),
        ("Titel nach allem", lambda: edit_yaml(tree / "offers" / "buergerkolleg-stuttgart" / offer.name, lambda d: d.update(title="Trockenbau kompakt"))),
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

    tree = sample_tree(tmp_path / "tree")
    offer = tree / "offers" / "bauhuette-nuertingen" / "trockenbau-quereinstieg.yaml"
    twin = tree / "offers" / "buergerkolleg-stuttgart" / offer.name
    provider = tree / "content" / "providers" / "bauhuette-nuertingen.yaml"
    kept_offer, kept_provider = offer.read_text(), provider.read_text()

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


def test_preview_follows_an_offer_left_out_of_its_providers_recognition(minimal_tree: Path, tmp_path: Path) -> None:
    """Leaving a programme out (excluded_funding) renders the offer's page and the programme's
    pages again; when the provider then drops that recognition, the preview gives the line a
    full check gives, though the offer's file did not change; each time as a full build."""
    from site_builder.incremental import Memory, rebuild
    from site_builder.pipeline import check

    provider = minimal_tree / "content" / "providers" / "akademie.yaml"
    unrecognised = provider.read_text()
    provider.write_text(unrecognised + "recognitions:\n  - funding: bildungsgutschein\n")
    offer = minimal_tree / "offers" / "akademie" / "excel-kompakt.yaml"
    programme = tmp_path / "live" / "foerderung" / "bildungsgutschein" / "index.html"
    live, memory = tmp_path / "live", Memory()
    rebuild(minimal_tree, live, memory, TODAY, None)
    assert 'href="/angebote/excel-kompakt/"' in programme.read_text()

    offer.write_text(offer.read_text() + "excluded_funding: [bildungsgutschein]\n")
    report = rebuild(minimal_tree, live, memory, TODAY, None)
    assert not report.full and {"angebote/excel-kompakt/", "foerderung/bildungsgutschein/"} <= set(report.paths)
    assert 'href="/angebote/excel-kompakt/"' not in programme.read_text()
    assert "Bildungsgutschein" not in (live / "angebote" / "excel-kompakt" / "index.html").read_text()
    build(minimal_tree, tmp_path / "full", today=TODAY, search_index=False)
    assert snapshot(live, skip_pagefind=True) == snapshot(tmp_path / "full")

    provider.write_text(unrecognised)
    found = lines(lambda: rebuild(minimal_tree, live, memory, TODAY, None))
    assert found == lines(lambda: check(minimal_tree))
    assert len(found) == 1 and "der Anbieter 'akademie' hat keine Anerkennung für 'bildungsgutschein'" in found[0]


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
    monkeypatch.setattr("site_builder.boundary.SETTLE_NS", 0)  # now they count as old
    assert offer in memory.files.drifted()  # by its ctime, or within its tick by its bytes
    assert all(memory.files.files[path][2] is None for path in young if path != offer)


def test_the_first_build_compiles_the_macros_the_pages_import(minimal_tree: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The first build renders in forked workers; the preview's own process compiles the
    templates for the first edit, and the macros they import with them (compiled on their first
    use otherwise: 0.07 s of the first edit at 10,000 offers)."""
    from site_builder import incremental
    from site_builder.incremental import Memory, rebuild

    monkeypatch.setattr(incremental, "workers_for", lambda pages: 2)  # forked, as for a large guide
    memory = Memory()
    rebuild(minimal_tree, tmp_path / "live", memory, TODAY, None, defer=True)
    assert memory.templates is not None
    ready = {name for _, name in memory.templates.cache} if memory.templates.cache is not None else set()
    assert {"offer.html", "macros.html", "funding_macros.html"} <= ready


def test_files_read_young_are_not_read_again_at_the_first_edit(minimal_tree: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A checkout just before the start is read young; the first edit comes before the idle
    check has settled it (the first build's pages were still being written, say). The files of
    folders without an event are taken as read, not read again (at 10,000 offers their bytes
    cost 0.15 s of the first edit); those in the edited file's folder are, and ``drifted``
    still settles the rest."""
    from site_builder import load
    from site_builder.incremental import Memory, rebuild

    memory = Memory(files=load.ReadCache(watched=True))
    rebuild(minimal_tree, tmp_path / "live", memory, TODAY, None)
    young = {path for path, (_, _, unsettled) in memory.files.files.items() if unsettled is not None}
    offer = (minimal_tree / "offers" / "akademie" / "excel-kompakt.yaml").resolve()
    assert str(offer) in young and len(young) > 5
    offer.write_text(offer.read_text().replace("title: Excel kompakt", "title: Excel frisch"))
    memory.files.touched([str(offer)])
    read: list[str] = []
    real = load._content

    def counted(path: str, root: Path) -> bytes | None:
        read.append(path)
        return real(path, root)

    monkeypatch.setattr(load, "_content", counted)
    report = rebuild(minimal_tree, tmp_path / "live", memory, TODAY, None)
    assert "Excel frisch" in (tmp_path / "live" / "angebote" / "excel-kompakt" / "index.html").read_text()
    assert report.written and str(offer) in read
    assert {os.path.dirname(path) for path in read} == {str(offer.parent)}  # the folder with the event only
    monkeypatch.setattr("site_builder.boundary.SETTLE_NS", 0)  # now they count as old
    assert memory.files.drifted() == []
    assert all(memory.files.files[path][2] is None for path in young)


def test_a_file_saved_unchanged_renders_none_of_its_pages(minimal_tree: Path, tmp_path: Path) -> None:
    """A save without a change (the same bytes, a new stat) reads the file again and finds it
    the same: its record, its objects and every page that shows it stay as they were. One
    changed byte renders its pages."""
    from site_builder import load
    from site_builder.incremental import Memory, rebuild

    memory = Memory(files=load.ReadCache(watched=True))
    rebuild(minimal_tree, tmp_path / "live", memory, TODAY, None)
    provider = minimal_tree / "content" / "providers" / "akademie.yaml"
    text = provider.read_text()
    for saved in (text, text.replace("name: Test-Akademie", "name: Test-Akademie Nord")):
        time.sleep(0.01)
        provider.write_text(saved)
        memory.files.touched([str(provider.resolve())])
        report = rebuild(minimal_tree, tmp_path / "live", memory, TODAY, None)
        shown = [path for path in report.paths if not path.startswith(("katalog/", "foerderung/", "unternehmen/"))]
        if saved == text:
            assert report.written == 0 and shown == [], report.paths  # only the pages read on every rebuild
        else:
            assert report.written > 0 and "anbieter/akademie/" in shown


def test_preview_follows_the_guides_own_school_holidays(minimal_tree: Path, tmp_path: Path) -> None:
    """content/schulferien.csv reaches the search page's data: a saved change to it (made,
    changed, deleted) is read again and renders the search page, not every page, as a full
    build would; a build after such a change is no skipped one."""
    from site_builder import load
    from site_builder.incremental import Memory, rebuild

    site = minimal_tree / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8") + 'state: "Niedersachsen"\n', encoding="utf-8")
    table = minimal_tree / "content" / "schulferien.csv"
    live, memory = tmp_path / "live", Memory(files=load.ReadCache(watched=True))
    rebuild(minimal_tree, live, memory, TODAY, None)
    search = live / "suche" / "index.html"
    summer = "Niedersachsen;Sommerferien;2027-07-08;2027-08-18\n"
    for number, saved in enumerate((summer, summer.replace("2027-07-08", "2027-07-01"), None)):
        time.sleep(0.01)
        if saved is None:
            table.unlink()
        else:
            table.write_text("land;name;first;last\n" + saved, encoding="utf-8")
        memory.files.touched([str(table.resolve())])
        report = rebuild(minimal_tree, live, memory, TODAY, None)
        assert not report.full and "suche/" in report.paths and report.rendered < report.total / 2, report.paths
        page = search.read_text(encoding="utf-8")
        assert ("2027-07-01" in page, "2027-07-08" in page) == [(False, True), (True, False), (False, False)][number]
        full = tmp_path / f"full-{number}"
        build(minimal_tree, full, today=TODAY, search_index=False)
        assert snapshot(live, skip_pagefind=True) == snapshot(full), f"nach Änderung {number}"
    table.write_text("land;name;first;last\n" + summer, encoding="utf-8")
    assert not build(minimal_tree, full, today=TODAY, search_index=False).skipped
    assert "2027-07-08" in (full / "suche" / "index.html").read_text(encoding="utf-8")


def test_preview_follows_the_guides_broader_terms(minimal_tree: Path, tmp_path: Path) -> None:
    """A saved change to the broader terms of content/search.yaml reaches the hidden search words
    of the pages with a narrower word, as a full build writes them, also when only the entries
    change and not their words ("Schweißen" turns from a narrower word into a term)."""
    from site_builder import load
    from site_builder.incremental import Memory, rebuild

    words = minimal_tree / "content" / "search.yaml"
    live, memory = tmp_path / "live", Memory(files=load.ReadCache(watched=True))
    rebuild(minimal_tree, live, memory, TODAY, None)
    page = live / "angebote" / "mag-schweissen" / "index.html"
    saved = [
        "broader:\n  - term: Fügetechnik\n    narrower: [Löten, Schweißen]\n  - term: Metallkunde\n    narrower: [Stahl]\n",
        "broader:\n  - term: Fügetechnik\n    narrower: [Löten]\n  - term: Schweißen\n    narrower: [Metallkunde, Stahl]\n",
    ]
    for number, text in enumerate(saved):
        time.sleep(0.01)
        words.write_text(text, encoding="utf-8")
        memory.files.touched([str(words.resolve())])
        rebuild(minimal_tree, live, memory, TODAY, None)
        hidden = page.read_text(encoding="utf-8").split('class="suchwoerter"')[1].split("</div>")[0]
        assert ("Fügetechnik" in hidden) == (number == 0), number
        full = tmp_path / f"full-{number}"
        build(minimal_tree, full, today=TODAY, search_index=False)
        assert snapshot(live, skip_pagefind=True) == snapshot(full), f"nach Änderung {number}"


def test_pages_a_browser_shows_come_first_and_the_others_follow(minimal_tree: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``serve`` names the pages open in a browser (``first``): when a change reaches more
    pages, those are written before ``rebuild`` returns and the others by ``finish``, before
    the catalogues. Stopped in between (a newer save), the next rebuild writes what was left;
    either way the folder ends as a full build writes it."""
    from site_builder.incremental import rebuild
    from site_builder.render import Stopped

    live = tmp_path / "live"
    memory = warmed(minimal_tree, live)
    provider = minimal_tree / "content" / "providers" / "akademie.yaml"
    offer_page = live / "angebote" / "excel-kompakt" / "index.html"

    provider.write_text(provider.read_text().replace("name: Test-Akademie", "name: Neckar-Akademie"))
    report = rebuild(minimal_tree, live, memory, TODAY, None, defer=True, first=["anbieter/akademie/", "beratung/beratung-esslingen/"])
    assert report.paths == ["anbieter/akademie/"] and report.first == 1
    assert "Neckar-Akademie" in (live / "anbieter" / "akademie" / "index.html").read_text()
    assert "Neckar-Akademie" not in offer_page.read_text()  # not yet: it follows
    assert report.rendered > 1 and report.finish is not None
    report.finish()
    assert "Neckar-Akademie" in offer_page.read_text()
    build(minimal_tree, tmp_path / "full", today=TODAY, search_index=False)
    assert snapshot(live, skip_pagefind=True) == snapshot(tmp_path / "full")

    from site_builder import incremental

    provider.write_text(provider.read_text().replace("name: Neckar-Akademie", "name: Fils-Akademie"))
    report = rebuild(minimal_tree, live, memory, TODAY, None, defer=True, first=["anbieter/akademie/"])
    assert report.finish is not None
    monkeypatch.setattr(incremental, "workers_for", lambda pages: 2)  # as for a large guide: forked workers stop too
    with pytest.raises(Stopped):
        report.finish(lambda: True)
    monkeypatch.undo()
    assert "Fils-Akademie" not in offer_page.read_text()
    report = rebuild(minimal_tree, live, memory, TODAY, None, defer=True)  # nothing changed since
    assert "angebote/excel-kompakt/" in report.paths and report.first == 0
    assert report.finish is not None
    report.finish()
    build(minimal_tree, tmp_path / "full-2", today=TODAY, search_index=False)
    assert snapshot(live, skip_pagefind=True) == snapshot(tmp_path / "full-2")

    # A shown page the change does not reach: nothing to put first, all pages now.
    provider.write_text(provider.read_text().replace("name: Fils-Akademie", "name: Rems-Akademie"))
    report = rebuild(minimal_tree, live, memory, TODAY, None, defer=True, first=["beratung/beratung-esslingen/"])
    assert report.first == 0 and "angebote/excel-kompakt/" in report.paths
    assert report.finish is not None
    report.finish()

    # A change that reaches every page (a template of the guide's own): the open one first too.
    (minimal_tree / "templates").mkdir()
    (minimal_tree / "templates" / "advisory_point.html").write_text(
        '{% extends "base.html" %}{% block content %}<h1>Beratung: {{ point.name }}</h1>{% endblock %}\n'
    )
    report = rebuild(minimal_tree, live, memory, TODAY, None, defer=True, first=["beratung/beratung-esslingen/"])
    assert report.full and report.paths == ["beratung/beratung-esslingen/"]
    assert "Beratung: " in (live / "beratung" / "beratung-esslingen" / "index.html").read_text()
    assert report.finish is not None
    report.finish()
    build(minimal_tree, tmp_path / "full-3", today=TODAY, search_index=False)
    assert snapshot(live, skip_pagefind=True) == snapshot(tmp_path / "full-3")


def test_a_page_the_workers_have_yet_to_write_is_rendered_on_request(
    minimal_tree: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While forked workers write the pages that follow the open one, a browser asking for one
    of them gets it rendered here, as the workers will write it; before the workers are
    forked it waits, and once the pages are written it gets the file."""
    import threading

    from site_builder import incremental
    from site_builder.incremental import Unwritten, rebuild

    live = tmp_path / "live"
    memory = warmed(minimal_tree, live)
    provider = minimal_tree / "content" / "providers" / "akademie.yaml"
    provider.write_text(provider.read_text().replace("name: Test-Akademie", "name: Neckar-Akademie"))
    report = rebuild(minimal_tree, live, memory, TODAY, None, defer=True, first=["anbieter/akademie/"])
    page = "angebote/excel-kompakt/"
    assert page in report.pending and "anbieter/akademie/" not in report.pending
    assert report.finish is not None

    unwritten = Unwritten()
    unwritten.expect(report.pending)
    assert unwritten.page("beratung/beratung-esslingen/") is None  # unchanged: the file as it is
    other = next(path for path in report.pending if path != page)
    assert unwritten.page(other, timeout=0.05) is None  # not open yet: the old file after the wait
    assert unwritten.told() == frozenset()
    answered: list[bytes | None] = []
    asking = threading.Thread(target=lambda: answered.append(unwritten.page(page, timeout=30)))
    opened = threading.Event()
    real_open = unwritten.open

    def open_and_answer(renderer: Any, pages: Any) -> None:
        real_open(renderer, pages)
        opened.set()
        # What a request meanwhile gets: the page new, before any worker may have written it.
        answered.append(unwritten.page(page))
        asking.join(timeout=30)  # the request that waited is answered before the pages are done

    monkeypatch.setattr(unwritten, "open", open_and_answer)
    monkeypatch.setattr(incremental, "workers_for", lambda pages: 2)  # forked, as for a large guide
    asking.start()  # waits for the workers to be forked
    report.finish(None, unwritten)
    asking.join(timeout=30)
    assert opened.is_set() and len(answered) == 2
    written = (live / "angebote" / "excel-kompakt" / "index.html").read_bytes()
    assert all(answer == written for answer in answered) and b"Neckar-Akademie" in written
    assert unwritten.told() == {page}  # no reload needed; ``other`` was answered old: reloaded at the end
    assert unwritten.page(page) is None  # written now: the file

    # So many changed pages that workers are forked, none of them open: none is rendered
    # before ``rebuild`` returns, all are pending (and rendered on request meanwhile).
    provider.write_text(provider.read_text().replace("name: Neckar-Akademie", "name: Fils-Akademie"))
    report = rebuild(minimal_tree, live, memory, TODAY, None, defer=True, first=["beratung/beratung-esslingen/"])
    assert report.paths == [] and report.first == 0 and page in report.pending and "anbieter/akademie/" in report.pending
    assert b"Fils-Akademie" not in (live / "angebote" / "excel-kompakt" / "index.html").read_bytes()
    assert report.finish is not None
    report.finish(None, unwritten)
    build(minimal_tree, tmp_path / "full", today=TODAY, search_index=False)
    assert snapshot(live, skip_pagefind=True) == snapshot(tmp_path / "full")


def test_a_stopped_rebuild_keeps_what_its_finished_tasks_wrote(minimal_tree: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A newer save stops the pages that follow the open one; those of the tasks finished by
    then are written and keyed, so the next rebuild renders only the rest."""
    from site_builder import render
    from site_builder.incremental import rebuild
    from site_builder.render import Stopped

    live = tmp_path / "live"
    memory = warmed(minimal_tree, live)
    provider = minimal_tree / "content" / "providers" / "akademie.yaml"
    provider.write_text(provider.read_text().replace("name: Test-Akademie", "name: Neckar-Akademie"))
    report = rebuild(minimal_tree, live, memory, TODAY, None, defer=True, first=["anbieter/akademie/"])
    assert report.finish is not None and len(report.pending) > 4
    monkeypatch.setattr(render, "_BATCH", 1)  # a task per page
    asked = []

    def stop() -> bool:  # asked before each output: stops at the fourth
        asked.append(True)
        return len(asked) > 3

    with pytest.raises(Stopped):
        report.finish(stop)
    again = rebuild(minimal_tree, live, memory, TODAY, None, defer=True)  # nothing changed since
    kept = set(report.pending) - set(again.paths)  # written before the stop: not rendered again
    assert kept and len(kept) < len(report.pending)
    assert again.finish is not None
    again.finish()
    build(minimal_tree, tmp_path / "full", today=TODAY, search_index=False)
    assert snapshot(live, skip_pagefind=True) == snapshot(tmp_path / "full")


def test_a_page_a_stopped_rebuild_left_unwritten_waits_for_the_next_rebuild(
    minimal_tree: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A newer save stops the pages that follow the open one. A request for one it left
    unwritten (in the first build: a page with no file yet) waits for the next rebuild instead
    of getting the old file, or a 404, in the time between the two."""
    import threading

    from site_builder import render
    from site_builder.incremental import Unwritten, rebuild
    from site_builder.render import Stopped

    live = tmp_path / "live"
    memory = warmed(minimal_tree, live)
    provider = minimal_tree / "content" / "providers" / "akademie.yaml"
    provider.write_text(provider.read_text().replace("name: Test-Akademie", "name: Neckar-Akademie"))
    report = rebuild(minimal_tree, live, memory, TODAY, None, defer=True, first=["anbieter/akademie/"])
    assert report.finish is not None
    monkeypatch.setattr(render, "_BATCH", 1)  # a task per page
    asked = []

    def stop() -> bool:  # asked before each output: stops at the fourth
        asked.append(True)
        return len(asked) > 3

    unwritten = Unwritten()
    unwritten.expect(report.pending)
    with pytest.raises(Stopped):
        report.finish(stop, unwritten)

    def new(path: str) -> bool:
        return "Neckar-Akademie" in (live / path / "index.html").read_text()

    written = [path for path in report.pending if new(path)]
    left = [path for path in report.pending if not new(path)]
    assert written and left
    started = time.monotonic()
    assert unwritten.page(written[0], timeout=5) is None  # its file is new: served at once
    assert time.monotonic() - started < 1
    started = time.monotonic()
    assert unwritten.page(left[0], timeout=0.3) is None  # waited for
    assert time.monotonic() - started >= 0.3

    answered: list[bytes | None] = []
    asking = threading.Thread(target=lambda: answered.append(unwritten.page(left[0], timeout=30)))
    asking.start()
    again = rebuild(minimal_tree, live, memory, TODAY, None, defer=True)  # renders what was left
    assert asking.is_alive()  # still waiting while the next rebuild writes
    unwritten.expect(again.pending)  # as ``serve`` does once a rebuild has written its first pages
    asking.join(timeout=5)
    assert not asking.is_alive() and answered == [None]  # the file, now new
    assert new(left[0])


def test_forked_workers_hand_on_each_result_as_its_task_ends() -> None:
    """``share_out``'s ``each`` sees a result as soon as its task is done, not behind a slower
    one handed out earlier (a stopped rebuild keeps what ended); the results stay in task order."""
    import time

    from site_builder import processes

    def work(task: int) -> int:
        time.sleep(1.0 if task == 0 else 0.0)
        return task * 10

    seen: list[int] = []
    assert processes.share_out(work, 3, 2, each=seen.append) == [0, 10, 20]
    assert sorted(seen) == [0, 10, 20] and seen[-1] == 0


class _Refused(Exception):
    pass


def test_a_failing_task_stops_the_others_and_the_workers_leave_on_their_own(monkeypatch: pytest.MonkeyPatch) -> None:
    """A task that raises (``Stopped`` after a newer save, a broken template): the others are told
    to stop, every task is waited for, and the workers leave on their own before the pool is
    left. Killing them from outside could catch one holding the lock of the results' queue,
    and the pool would then wait for ever (it did, once, in the full test run)."""
    import multiprocessing.pool

    from site_builder import processes

    exit_codes: list[list[int | None]] = []
    leave = multiprocessing.pool.Pool.__exit__

    def recording_exit(self: multiprocessing.pool.Pool, *exc: object) -> None:
        exit_codes.append([worker.exitcode for worker in self._pool])  # type: ignore[attr-defined]
        leave(self, *exc)

    monkeypatch.setattr(multiprocessing.pool.Pool, "__exit__", recording_exit)

    def work(task: int) -> int:
        if task == 3:
            raise _Refused(task)
        deadline = time.monotonic() + 20
        while task > 3 and time.monotonic() < deadline and not processes.should_stop(None):
            time.sleep(0.01)
        return task

    started = time.monotonic()
    with pytest.raises(_Refused):
        processes.share_out(work, 40, 2)
    assert time.monotonic() - started < 10, "die übrigen Aufgaben hörten nicht auf"
    assert exit_codes == [[0, 0]], "die Worker wurden beendet, statt selbst zu gehen"
    assert processes.share_out(lambda task: task, 5, 2) == [0, 1, 2, 3, 4]
    assert exit_codes[-1] == [0, 0]


def test_share_out_says_when_every_task_has_ended_before_its_workers_leave() -> None:
    """``ended`` marks the moment the work is done (the preview's pages are written then, and
    requests read the files), before the forked workers' exit; not after an error."""
    import multiprocessing

    from site_builder import processes

    alive: list[int] = []

    def ended() -> None:
        alive.append(len(multiprocessing.active_children()))

    assert processes.share_out(lambda task: task, 6, 2, ended=ended) == list(range(6))
    assert alive == [2]
    assert processes.share_out(lambda task: task, 3, 1, ended=ended) == [0, 1, 2]  # in this process
    assert alive == [2, 0]

    def refused(task: int) -> int:
        if task == 1:
            raise _Refused(task)
        return task

    with pytest.raises(_Refused):
        processes.share_out(refused, 6, 2, ended=ended)
    assert alive == [2, 0]


def test_a_stop_and_a_lower_priority_reach_forked_workers() -> None:
    """The preview's stop (a newer save) is asked in the parent; forked workers cannot see its
    state change, so ``share_out`` passes it on. Work in the background (``in_background``)
    runs at a lower priority than the preview's server and the browser."""
    import time

    from site_builder import processes

    started = time.monotonic()

    def work(task: int) -> tuple[str, int]:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and not processes.should_stop(None):
            time.sleep(0.01)
        return ("gestoppt" if time.monotonic() < deadline else "durchgelaufen"), os.nice(0)

    with processes.in_background(5):
        results = processes.share_out(work, 2, 2, stop=lambda: time.monotonic() - started > 0.3)
    assert [word for word, _ in results] == ["gestoppt", "gestoppt"]
    assert time.monotonic() - started < 10
    assert {niceness for _, niceness in results} == {min(19, os.nice(0) + 5)}
    assert processes.share_out(lambda task: os.nice(0), 2, 2) == [os.nice(0)] * 2  # outside: as this process


def _state(pid: int) -> str:
    """A process's state letter from /proc (``T``: halted by a signal)."""
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]


def _tool_counting_to(target: Path, count: int) -> list[str]:
    """A command that appends a line to ``target`` every 20 ms, ``count`` times."""
    import sys

    script = f"import time\nfor n in range({count}):\n    open({str(target)!r}, 'a').write('x\\n'); time.sleep(0.02)"
    return [sys.executable, "-c", script]


def _running_tool(timeout: float = 10.0) -> Any:
    from site_builder import processes

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with processes._TOOLS:
            if processes._RUNNING:
                return next(iter(processes._RUNNING))
        time.sleep(0.01)
    raise AssertionError("kein Werkzeug gestartet")


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="liest den Zustand der Prozesse aus /proc (Linux)")
def test_a_tool_halts_while_the_preview_rebuilds_and_goes_on_after(tmp_path: Path) -> None:
    """The preview's index runs in the background (Pagefind, 20 s of both cores at 10,000
    offers); while a later change is rebuilt it halts, losing nothing, and one started
    meanwhile halts at once; ``stop_tools`` still ends a halted one."""
    import threading

    from site_builder import processes

    ticks = tmp_path / "ticks"
    results: list[tuple[int, str, str]] = []
    runner = threading.Thread(target=lambda: results.append(processes.run_tool(_tool_counting_to(ticks, 40))))
    runner.start()
    tool = _running_tool()
    while not ticks.exists():
        time.sleep(0.01)
    with processes.tools_paused():
        time.sleep(0.1)  # a line being written when the signal came is finished
        assert _state(tool.pid) == "T"
        halted = ticks.read_text().count("x")
        time.sleep(0.3)
        assert ticks.read_text().count("x") == halted < 40
    runner.join(10)
    assert results == [(0, "", "")] and ticks.read_text().count("x") == 40

    # Started while halted: halts at once, and goes on after.
    ticks.unlink()
    with processes.tools_paused():
        runner = threading.Thread(target=lambda: results.append(processes.run_tool(_tool_counting_to(ticks, 5))))
        runner.start()
        tool = _running_tool()
        time.sleep(0.3)
        assert _state(tool.pid) == "T"
    runner.join(10)
    assert results[-1] == (0, "", "") and ticks.read_text().count("x") == 5

    # Halted and stopped (the preview ends meanwhile): it ends.
    runner = threading.Thread(target=lambda: results.append(processes.run_tool(_tool_counting_to(ticks, 1000))))
    with processes.tools_paused():
        runner.start()
        _running_tool()
        processes.stop_tools()
        runner.join(10)
    assert not runner.is_alive() and results[-1][0] != 0


def test_a_halted_tool_does_not_outlive_a_preview_that_ends_at_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The second Ctrl+C ends the preview at once (``serve._stopping``); a search index halted
    meanwhile is killed first, without taking the lock the interrupted thread may hold."""
    import threading

    from site_builder import processes

    monkeypatch.setattr(processes, "_ENDING", False)  # ``end_tools_now`` marks the process as ending
    results: list[tuple[int, str, str]] = []
    runner = threading.Thread(target=lambda: results.append(processes.run_tool(_tool_counting_to(tmp_path / "ticks", 1000))))
    with processes.tools_paused():
        runner.start()
        tool = _running_tool()
        with processes._TOOLS:  # as if the interrupted thread held it
            processes.end_tools_now()
        runner.join(10)
    assert not runner.is_alive() and results[0][0] == -9 and tool.returncode == -9


def test_a_tool_whose_start_was_under_way_when_the_preview_ended_is_ended(monkeypatch: pytest.MonkeyPatch) -> None:
    """``end_tools_now`` may run while another thread waits in ``Popen`` for its tool: that
    tool was not yet known, outlived the preview and wrote its index into the folder the
    preview had just removed (one run in thirty-two of a second signal during the first build).
    ``run_tool`` ends it as soon as it knows it."""
    import time

    from site_builder import processes

    monkeypatch.setattr(processes, "_ENDING", False)
    processes.end_tools_now()  # no tool runs: it only marks the process as ending
    started = time.monotonic()
    code, _, _ = processes.run_tool(["sleep", "30"])
    assert code == -9 and time.monotonic() - started < 10


def _ended(pid: int) -> bool:
    """Whether process ``pid`` is gone or a zombie (ended, not yet reaped by its new parent)."""
    try:
        return _state(pid) in ("Z", "X")
    except FileNotFoundError:
        return True


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="liest den Zustand der Prozesse aus /proc (Linux)")
def test_a_halted_background_tool_ends_when_the_preview_is_killed(tmp_path: Path) -> None:
    """SIGKILL to the preview while its index is halted: the index runs in a process group of
    its own, which the kernel ends once it is orphaned (SIGHUP and SIGCONT). In the preview's
    group (where this test's runner keeps the group alive) it stayed halted for good."""
    import subprocess
    import sys

    script = (
        "import os, signal, sys, threading, time\n"
        "from site_builder import processes\n"
        "threading.Thread(target=lambda: processes.run_tool(['sleep', '60'], niceness=5), daemon=True).start()\n"
        "with processes.tools_paused():\n"
        "    while not processes._RUNNING:\n"
        "        time.sleep(0.01)\n"
        "    print(next(iter(processes._RUNNING)).pid, flush=True)\n"
        "    time.sleep(0.2)\n"
        "    os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    root = Path(__file__).resolve().parents[1]
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=root, timeout=60)
    assert done.returncode == -9, done.stderr
    tool = int(done.stdout.split()[0])
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and not _ended(tool):
        time.sleep(0.05)
    ended = _ended(tool)
    if not ended:
        os.kill(tool, 9)
    assert ended, "das angehaltene Werkzeug hat die Vorschau überlebt"


def test_a_tool_ends_with_its_caller_on_ctrl_c(tmp_path: Path) -> None:
    """Ctrl+C while a build waits for Pagefind: the tool does not go on alone."""
    import signal

    from site_builder import processes

    started: list[int] = []

    def interrupt(signum: int, frame: object) -> None:
        started.extend(process.pid for process in processes._RUNNING)
        raise KeyboardInterrupt

    before = signal.signal(signal.SIGALRM, interrupt)
    try:
        signal.setitimer(signal.ITIMER_REAL, 0.3)
        with pytest.raises(KeyboardInterrupt):
            processes.run_tool(["sleep", "60"])
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, before)
    assert started and all(_ended(pid) for pid in started) and not processes._RUNNING


def test_the_preview_halts_its_background_index_while_it_rebuilds(minimal_tree: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A rebuild of the preview renders its pages with the tools halted; the catalogues,
    sitemap, feed and API that follow share the cores with them again (an editor saving every
    two seconds would otherwise keep the index halted for good)."""
    from site_builder import incremental, processes
    from site_builder.serve import Rebuilder, State

    seen: list[tuple[bool, int]] = []
    real = incremental._render

    def watched(guide: Any, plan: Any, *args: Any, **kwargs: Any) -> Any:
        later = any(page.template in incremental.LATER_TEMPLATES for page in plan.pages) or any(
            item.producer in incremental.LATER_PRODUCERS for item in plan.files
        )
        seen.append((later, processes._PAUSED))
        return real(guide, plan, *args, **kwargs)

    monkeypatch.setattr(incremental, "_render", watched)
    rebuilder = Rebuilder(minimal_tree, State(tmp_path / "site"), "http://127.0.0.1:8000/", None)
    try:
        rebuilder.build()
        rebuilder.changed(str(minimal_tree / "site.yaml"))
        rebuilder.build()
    finally:
        rebuilder.stop()
    assert (False, 1) in seen and (True, 0) in seen
    assert all(paused == (0 if later else 1) for later, paused in seen), seen
    assert processes._PAUSED == 0


def test_the_first_reading_hands_settled_files_to_one_batch(tmp_path: Path) -> None:
    """``ReadCache.read_many`` with ``batch``: settled files that are new or changed go to it in
    one call, each remembered with the signature it had before; a file written within the clock
    tick is read on its own (its bytes are compared until it settles); a remembered file whose
    signature is unchanged is taken as it was, even where its folder is not trusted."""
    from site_builder.load import ReadCache, signature

    old, young = tmp_path / "alt", tmp_path / "jung"
    old.mkdir()
    young.mkdir()
    paths = [str(old / f"{n}.yaml") for n in range(3)]
    for path in paths:
        Path(path).write_text(path)
    time.sleep(2.1)
    fresh = str(young / "neu.yaml")
    Path(fresh).write_text("neu")
    one_by_one: list[str] = []
    batches: list[list[str]] = []

    def reader(root: Path, path: Path) -> str:
        one_by_one.append(str(path))
        return path.read_text()

    def batch(many: list[str]) -> list[str]:
        batches.append(many)
        return [Path(p).read_text() for p in many]

    cache = ReadCache()  # not watched: no folder is trusted
    assert cache.read_many([*paths, fresh], reader, tmp_path, batch) == [*paths, "neu"]
    assert batches == [paths] and one_by_one == [fresh]
    assert all(cache.files[p][0] == signature(os.stat(p)) and cache.files[p][2] is None for p in paths)
    assert cache.files[fresh][2] == b"neu", "jung gelesen: die Bytes werden gemerkt"
    Path(paths[1]).write_text("geändert")
    time.sleep(2.1)
    batches.clear()
    one_by_one.clear()
    assert cache.read_many([*paths, fresh], reader, tmp_path, batch) == [paths[0], "geändert", paths[2], "neu"]
    assert batches == [[paths[1]]] and one_by_one == []


@pytest.mark.parametrize("output", ["api", "katalog.html"])
def test_a_newer_change_stops_a_long_output_part_way(tmp_path: Path, output: str) -> None:
    """A save while the preview renders its catalogues and the offer API stops that work
    within the output, not only between outputs: at 10,000 offers the API alone takes a
    second, and a save 0.6 s after the last one came 0.86-1.42 s later instead of 0.3 s.
    Stopped, the output is not written."""
    import subprocess
    import sys

    from site_builder.pipeline import load_guide
    from site_builder.plan import Plan, plan_site
    from site_builder.render import Stopped, environment, render_into

    from .conftest import ROOT

    guide_dir = tmp_path / "guide"
    subprocess.run([sys.executable, str(ROOT / "bench" / "generate.py"), "300", str(guide_dir)], check=True, capture_output=True)
    guide = load_guide(guide_dir, TODAY)
    plan = plan_site(guide)
    part = Plan(pages=[p for p in plan.pages if p.template == output][:1], files=[f for f in plan.files if f.producer == output])
    assert len(part.pages) + len(part.files) == 1

    class Kept:
        written: list[str] = []

        def write(self, relpath: str, data: bytes) -> bool:
            self.written.append(relpath)
            return True

        def settle(self) -> None:
            pass

        def record(self, written: list[str], unchanged: list[str]) -> None:
            pass

    asked: list[bool] = []

    def stop() -> bool:  # the save comes after the output began
        asked.append(bool(asked))
        return asked[-1]

    sink = Kept()
    with pytest.raises(Stopped):
        render_into(sink, guide, part, guide_dir, 1, env=environment(guide_dir, recording=True), stop=stop, renew=False)
    assert len(asked) == 2 and not sink.written


def test_the_region_notes_follow_site_yaml(minimal_tree: Path, tmp_path: Path) -> None:
    """The preview's note on a region its postal code does not belong to comes and goes with
    postal_codes in site.yaml, though the offer's file is unchanged."""
    from site_builder.incremental import Memory, rebuild

    from .test_validation import REGION_NOTE, _region_against_postal_code

    _region_against_postal_code(minimal_tree)
    live, memory = tmp_path / "live", Memory()
    assert [n.text() for n in rebuild(minimal_tree, live, memory, TODAY, None).notes] == [f"Hinweis: {REGION_NOTE}"]
    site = minimal_tree / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8").replace('"73728-73779"', '"73729-73779"'), encoding="utf-8")
    assert rebuild(minimal_tree, live, memory, TODAY, None).notes == []


def test_a_save_looks_again_only_at_the_notes_of_what_changed(minimal_tree: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The preview knows the notes of every offer (``notes.editor_notes``), at their lines
    in the documents it read: a save of one offer looks again at that offer only; a change of the taxonomies looks at every offer again."""
    from site_builder import model
    from site_builder.incremental import Memory, rebuild

    from .test_validation import FUNDING_NOTE, _names_a_programme_it_breaks

    _names_a_programme_it_breaks(minimal_tree)
    live, memory = tmp_path / "live", Memory()
    first = rebuild(minimal_tree, live, memory, TODAY, None)
    assert [n.text() for n in first.notes] == [f"Hinweis: {FUNDING_NOTE}"]
    assert first.note_pages == {"offers/akademie/python-online.yaml": "angebote/python-online/"}
    looked: list[str] = []
    breaks = model.offer_funding_breaks
    monkeypatch.setattr(model, "offer_funding_breaks", lambda file, *rest: looked.append(file) or breaks(file, *rest))
    offer = minimal_tree / "offers" / "akademie" / "python-online.yaml"
    assert memory.files.document(str(offer)) is not None  # where the note's line is looked up
    offer.write_text(offer.read_text().replace("title: Python für Einsteiger", "title: Python für Neugierige"))
    assert [n.text() for n in rebuild(minimal_tree, live, memory, TODAY, None).notes] == [f"Hinweis: {FUNDING_NOTE}"]
    assert looked == ["offers/akademie/python-online.yaml"]
    taxonomies = minimal_tree / "content" / "taxonomies.yaml"
    taxonomies.write_text(taxonomies.read_text().replace("hours_more_than: 120", "hours_more_than: 10"))
    assert [n.field for n in rebuild(minimal_tree, live, memory, TODAY, None).notes] == ["funding[0]"]
    assert len(looked) == 1 + len(memory.notes) == 1 + 4



_GATED: list[bool] = []  # holds True in workers forked for pages a browser may ask for meanwhile


def _task_after_the_stop(task: int) -> Any:
    """A forked worker's task (``processes._call_shared``); in workers forked for pages that
    are rendered on request meanwhile, begun only once the parent's stop is set: the stopped
    rebuild writes none of them."""
    from site_builder import processes

    assert processes._STOP is not None and processes._SHARED is not None
    if _GATED:
        processes._STOP.wait(10)
    return task, processes._SHARED(task)


def test_a_page_served_by_a_stopped_rebuild_reloads_when_the_next_one_finds_its_file_unchanged(
    minimal_tree: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An editor renames a provider, opens one of its offers (rendered on request: the workers
    have yet to write it) and undoes the rename before the workers got there. The next rebuild
    finds that page's file as it is, but the browser shows the stopped rebuild's rendering: it
    is told to reload (found by the browser benchmark at 10,000 offers, where the open page
    kept the name that had been undone)."""
    import queue

    from site_builder import incremental, processes, render
    from site_builder.serve import Rebuilder, State

    monkeypatch.setattr(incremental, "workers_for", lambda pages: 2)  # forked, as for a large guide
    monkeypatch.setattr(render, "_BATCH", 1)
    monkeypatch.setattr(processes, "_call_shared", _task_after_the_stop)
    real_share_out = render.share_out
    undoing: list[bool] = []  # holds True while the rename's rebuild runs

    def share_out(*args: Any, **kwargs: Any) -> Any:
        forked = kwargs.get("forked", args[4] if len(args) > 4 else None)
        _GATED[:] = [True] if forked is not None and undoing else []  # the workers forked next inherit it
        try:
            return real_share_out(*args, **kwargs)
        finally:
            _GATED.clear()

    monkeypatch.setattr(render, "share_out", share_out)
    state = State(tmp_path / "site")
    rebuilder = Rebuilder(minimal_tree, state, "http://127.0.0.1:8000/", None)
    provider = minimal_tree / "content" / "providers" / "akademie.yaml"
    offer_page = "angebote/excel-kompakt/"
    served: list[bytes | None] = []

    def browser(page: str) -> queue.Queue[int]:
        """A page open in a browser, connected for reloads."""
        inbox: queue.Queue[int] = queue.Queue()
        with state.lock:
            state.listeners.append(inbox)
            state.showing[inbox] = page
        return inbox

    def close(inbox: queue.Queue[int]) -> None:
        with state.lock:
            state.listeners.remove(inbox)
            state.showing.pop(inbox)

    try:
        rebuilder.build()
        provider_tab = browser("anbieter/akademie/")
        provider.write_text(provider.read_text().replace("name: Test-Akademie", "name: Neckar-Akademie"))
        rebuilder.changed(str(provider))
        real_open = rebuilder.unwritten.open

        def open_then_asked(renderer: Any, pages: Any) -> None:
            """The workers are forked; the editor opens an offer page, then undoes the rename."""
            real_open(renderer, pages)
            served.append(rebuilder.unwritten.page(offer_page))
            provider.write_text(provider.read_text().replace("name: Neckar-Akademie", "name: Test-Akademie"))
            rebuilder.changed(str(provider))  # stops the workers before they write it

        monkeypatch.setattr(rebuilder.unwritten, "open", open_then_asked)
        rebuilder.pending.clear()
        undoing.append(True)
        rebuilder.build()
        undoing.clear()
        assert served and b"Neckar-Akademie" in (served[0] or b"")
        page_file = tmp_path / "site" / offer_page / "index.html"
        assert b"Neckar-Akademie" not in page_file.read_bytes()  # never written
        close(provider_tab)
        offer_tab = browser(offer_page)  # the browser now shows the page served on request
        monkeypatch.setattr(rebuilder.unwritten, "open", real_open)
        rebuilder.pending.clear()
        rebuilder.build()  # the undo: the offer page's file is as it was
        assert not offer_tab.empty(), "the page showing the undone name was not told to reload"
        assert b"Test-Akademie" in page_file.read_bytes()
        offer_tab.queue.clear()
        rebuilder.changed(str(provider))  # a save without a change: nothing owed any more
        rebuilder.pending.clear()
        rebuilder.build()
        assert offer_tab.empty()
    finally:
        rebuilder.stop()
