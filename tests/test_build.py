"""Build behaviour: same bytes twice, all or nothing, sub-path hosting, hostile content."""

from __future__ import annotations

import dataclasses
import json
import os
import re
import signal
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

import pytest

from site_builder.cli import main
from site_builder.pipeline import build, load_guide
from site_builder.search import place_names

from .conftest import FIXTURES, ROOT, SAMPLE, TODAY, copy_tree, sample_tree
from .sitecheck import broken_links, html_files, parse, snapshot


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


def test_unchanged_stat_is_trusted_but_a_same_size_edit_is_seen(minimal_tree: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No-change builds skip reading inputs whose stat is as remembered (as git's index does);
    an edit that keeps size and modification time still changes the inode's ctime."""
    import os

    from site_builder import state

    out = tmp_path / "out"
    # Only files older than the clock tick are trusted by their stat: let the copied tree count as old.
    monkeypatch.setattr("site_builder.boundary.SETTLE_NS", 0)
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


def test_the_state_file_beside_the_output_names_no_input(minimal_tree: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Built into a sub-folder of a web root (``/var/www/html/finder`` for a sub-path), the
    state file beside the output is served too: it names neither a draft's file nor where the
    content lies, and still spares the next build the reading of unchanged files."""
    from site_builder import state

    monkeypatch.setattr("site_builder.boundary.SETTLE_NS", 0)
    draft = minimal_tree / "offers" / "akademie" / "geheimes-zukunftsprojekt.yaml"
    draft.write_text((minimal_tree / "offers" / "akademie" / "excel-kompakt.yaml").read_text() + "draft: true\n")
    out = tmp_path / "www" / "finder"
    assert not build(minimal_tree, out, today=TODAY, search_index=False).skipped
    text = state.state_file(out).read_text()
    assert "geheimes-zukunftsprojekt" not in text and str(minimal_tree) not in text and "excel-kompakt.yaml" not in text
    assert not list((out / "angebote").glob("geheimes-*"))
    read: list[str] = []
    real = state.boundary.read_bytes
    monkeypatch.setattr(state.boundary, "read_bytes", lambda path, *args: read.append(path) or real(path, *args))
    assert build(minimal_tree, out, today=TODAY, search_index=False).skipped
    assert read == []  # every input known by its signature


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


def test_the_build_process_beside_pagefind_holds_no_renderer(minimal_tree: Path, tmp_path: Path) -> None:
    """Pagefind needs the most memory of a build, and the build's own process lives beside it:
    that process never imports the records, Jinja or Markdown (the render child does)."""
    script = (
        "import sys\n"
        "from site_builder.cli import main\n"
        f"code = main(['build', '--source', {str(minimal_tree)!r}, '--out', {str(tmp_path / 'out')!r}, '--quiet'])\n"
        f"code += main(['build', '--source', {str(minimal_tree)!r}, '--out', {str(tmp_path / 'b')!r}, '--quiet',"
        " '--today', '2026-12-01', '--base-url', 'https://example.org/wb/'])\n"
        "heavy = ('pydantic', 'jinja2', 'markdown', 'site_builder.records', 'site_builder.load', 'site_builder.render')\n"
        "print(code, [m for m in heavy if m in sys.modules])\n"
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.stdout.split("\n")[-2] == "0 []", done.stdout + done.stderr
    assert (tmp_path / "out" / "pagefind" / "pagefind-entry.json").is_file()


def test_today_is_the_sites_day_in_its_timezone(minimal_tree: Path) -> None:
    """Without --today a build's day is today where the guide is (site.yaml ``timezone``), read
    without the records; a site.yaml that cannot be read gives Europe/Berlin's day."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from site_builder.pipeline import site_today

    site = minimal_tree / "site.yaml"
    text = site.read_text(encoding="utf-8")
    for zone in ("Pacific/Kiritimati", "Pacific/Pago_Pago"):  # UTC+14 and UTC-11: never the same day
        site.write_text(f"postal_codes:\n  timezone: [nested]\n{text}timezone: {zone}\n", encoding="utf-8")
        assert site_today(minimal_tree) == datetime.now(ZoneInfo(zone)).date()
    site.unlink()
    os.mkfifo(site)  # read as the build reads files: never opened, never waited for
    assert site_today(minimal_tree) == datetime.now(ZoneInfo("Europe/Berlin")).date()


def test_a_guide_with_nothing_searchable_still_gets_a_search_bundle(
    minimal_tree: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The empty bundle is written by the build from what Pagefind's service hands over: the
    service's own writing answers before its bytes are on disk, and the service is ended right
    after (a CI run found ``pagefind-entry.json`` empty). Here that writing never lands at all."""
    from pagefind.index import PagefindIndex

    async def lands_nothing(self: object, output_path: str | None = None) -> None:
        return None

    monkeypatch.setattr(PagefindIndex, "write_files", lands_nothing)
    for folder in ("offers", "content/advisory-points", "content/pages"):
        for path in (minimal_tree / folder).rglob("*.*"):
            path.unlink()
    # Without programmes, the pages on funding and for employers have nothing of their own to find.
    taxonomies = minimal_tree / "content" / "taxonomies.yaml"
    text = taxonomies.read_text(encoding="utf-8")
    taxonomies.write_text(text[: text.index("\nfunding:")] + "\nfunding: []\n", encoding="utf-8")
    report = build(minimal_tree, tmp_path / "out", today=TODAY)
    assert report.indexed == 0
    assert json.loads((tmp_path / "out" / "pagefind" / "pagefind-entry.json").read_text())["languages"] == {}
    bundle = tmp_path / "out" / "pagefind"
    assert {"pagefind.js", "pagefind-worker.js"} <= {p.name for p in bundle.iterdir()}
    assert all(p.stat().st_size > 0 for p in bundle.iterdir())


def test_templates_compiled_before_forking_leave_a_broken_unused_one_alone(
    minimal_tree: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Render workers inherit the templates compiled once in the process that forks them. A
    guide's own folder may hold a template no page uses; if it does not compile, the build
    goes on as before, and one that a page uses still reports its mistake with the page."""
    from site_builder import pipeline

    monkeypatch.setattr(pipeline, "workers_for", lambda pages: 2)  # workers even for a small guide
    own = minimal_tree / "templates"
    own.mkdir(exist_ok=True)
    (own / "entwurf.html").write_text("{% if %}nie benutzt\n", encoding="utf-8")
    report = build(minimal_tree, tmp_path / "out", today=TODAY, search_index=False)
    assert report.offers > 0
    (own / "offer.html").write_text('{% extends "base.html" %}{% block content %}{{ offer.title }\n{% endblock %}\n', encoding="utf-8")
    assert main(["build", "--source", str(minimal_tree), "--out", str(tmp_path / "b"), "--no-index", "--today", TODAY.isoformat()]) != 0
    err = capsys.readouterr().err
    assert "offer.html" in err and "entwurf.html" not in err


def test_a_course_at_several_sites_is_listed_in_each_region_with_its_dates_there(minimal_tree: Path, tmp_path: Path) -> None:
    """One course, dates in two regions and no place of its own (a forklift course that
    travels): each region's page and catalogue name the next date and town there, not the
    first date anywhere; the list of all offers and the offer page keep every date."""
    offer = minimal_tree / "offers" / "akademie" / "stapler-wandernd.yaml"
    offer.write_text(
        "title: Staplerschein an zwei Orten\nprovider: akademie\nsummary: Zwei Tage Stapler.\n"
        "description: Theorie und Praxis.\ntopics: [it]\nformat: praesenz\ndates:\n"
        "  - {start: 2027-01-14, location: {street: Hafenstraße 1, postal_code: '70327', city: Stuttgart, region: stuttgart}}\n"
        "  - {start: 2027-01-28, location: {street: Mühlstraße 2, postal_code: '73728', city: Esslingen am Neckar, region: esslingen}}\n"
        "  - {start: 2027-02-11, location: {street: Hafenstraße 1, postal_code: '70327', city: Stuttgart, region: stuttgart}}\n"
        "price: {amount: 289}\nupdated: 2026-11-20\n",
        encoding="utf-8",
    )
    out = tmp_path / "site"
    build(minimal_tree, out, today=TODAY, search_index=False)

    def card(page: str) -> str:
        """The text of the course's card on ``page``."""
        html = (out / page).read_text(encoding="utf-8")
        cards = [c for c in html.split('<article class="karte angebotskarte">')[1:] if "Staplerschein an zwei Orten" in c]
        assert len(cards) == 1, page
        return " ".join(re.sub(r"<[^>]+>", " ", cards[0].split("</article>")[0]).split())

    assert "Do, 28. Januar 2027" in card("regionen/esslingen/index.html") and "Esslingen am Neckar" in card("regionen/esslingen/index.html")
    assert "Do, 14. Januar 2027" in card("regionen/stuttgart/index.html") and "Stuttgart" in card("regionen/stuttgart/index.html")
    assert "Do, 14. Januar 2027" in card("angebote/index.html")
    catalogue = " ".join((out / "katalog" / "esslingen" / "index.html").read_text(encoding="utf-8").split())
    entry = catalogue[catalogue.index("Staplerschein an zwei Orten"):][:3000]
    assert "Esslingen am Neckar (siehe Termine)" in entry and "14.01" not in entry and "Auf Anfrage" not in entry
    page = (out / "angebote" / "stapler-wandernd" / "index.html").read_text(encoding="utf-8")
    assert all(day in page for day in ("14.01.2027", "28.01.2027", "11.02.2027"))


def test_the_dates_table_leaves_out_columns_no_date_fills(minimal_tree: Path, tmp_path: Path) -> None:
    """A course that names no registration deadline and no seats: its dates table has no
    column of "– keine Angabe" beside the places and prices it squeezed; one date that names
    either brings its column back, with "keine Angabe" for the others."""
    offer = minimal_tree / "offers" / "akademie" / "zwei-orte.yaml"
    place = "{street: Hafenstraße 1, postal_code: '70327', city: Stuttgart, region: stuttgart}"
    offer.write_text(
        "title: Kurs an zwei Orten\nprovider: akademie\nsummary: Zwei Orte.\ndescription: Text.\ntopics: [it]\n"
        f"format: praesenz\ndates:\n  - {{start: 2027-01-14, location: {place}}}\n"
        f"  - {{start: 2027-02-14, location: {place}, price: {{amount: 300}}}}\nprice: {{amount: 289}}\nupdated: 2026-11-20\n",
        encoding="utf-8",
    )
    out = tmp_path / "site"
    build(minimal_tree, out, today=TODAY, search_index=False)

    def headers() -> list[str]:
        page = (out / "angebote" / "zwei-orte" / "index.html").read_text(encoding="utf-8")
        return re.findall(r'<th scope="col">([^<]+)</th>', page.split("termintabelle", 1)[1].split("</thead>", 1)[0])

    assert headers() == ["Beginn", "Ende", "Zeit/Ablauf", "Ort", "Preis"]
    offer.write_text(offer.read_text(encoding="utf-8").replace(
        "price: {amount: 300}}", "price: {amount: 300}, registration_deadline: 2027-02-01, seats_available: 4}"), encoding="utf-8")
    build(minimal_tree, out, today=TODAY, search_index=False)
    assert headers() == ["Beginn", "Ende", "Zeit/Ablauf", "Ort", "Preis", "Anmeldeschluss", "Plätze"]


def test_a_town_that_names_its_region_is_not_followed_by_it(minimal_tree: Path, tmp_path: Path) -> None:
    """A stranger's guide for the Bodensee: the region "Singen (Hohentwiel)" and a course in the
    town so called read "Singen (Hohentwiel) (Singen)" on every card. A town that names its
    region already stands alone; another town keeps the region beside it."""
    taxonomies = minimal_tree / "content" / "taxonomies.yaml"
    taxonomies.write_text(taxonomies.read_text(encoding="utf-8").replace("label: Esslingen\n", "label: Esslingen (Landkreis)\n"), encoding="utf-8")
    out = tmp_path / "site"
    build(minimal_tree, out, today=TODAY, search_index=False)
    listing = " ".join(re.sub(r"<[^>]+>", " ", (out / "angebote" / "index.html").read_text(encoding="utf-8")).split())
    assert "Esslingen am Neckar" in listing and "Esslingen am Neckar (Esslingen)" not in listing
    guide = load_guide(minimal_tree, TODAY)
    place = next(o.location for o in guide.offers if o.location is not None)
    singen = dataclasses.replace(place.region, label="Singen (Hohentwiel)")
    assert dataclasses.replace(place, city="Singen (Hohentwiel)", region=singen).region_aside is None
    assert dataclasses.replace(place, city="Rielasingen-Worblingen", region=singen).region_aside == "Singen"
    assert dataclasses.replace(place, city="Ulmen", region=dataclasses.replace(place.region, label="Ulm")).region_aside == "Ulm"


def test_a_region_label_with_a_bracket_is_named_without_it_beside_a_town(minimal_tree: Path, tmp_path: Path) -> None:
    """A region labelled "Landkreis Esslingen (Nürtingen, Kirchheim, Filderstadt)": a card says
    "Esslingen am Neckar (Landkreis Esslingen)", not a bracket inside a bracket; the region's
    own page keeps the whole label."""
    taxonomies = minimal_tree / "content" / "taxonomies.yaml"
    taxonomies.write_text(
        taxonomies.read_text(encoding="utf-8").replace(
            "label: Esslingen\n", "label: Landkreis Esslingen (Nürtingen, Kirchheim, Filderstadt)\n"),
        encoding="utf-8",
    )
    out = tmp_path / "site"
    build(minimal_tree, out, today=TODAY, search_index=False)
    listing = " ".join(re.sub(r"<[^>]+>", " ", (out / "angebote" / "index.html").read_text(encoding="utf-8")).split())
    assert "Esslingen am Neckar (Landkreis Esslingen)" in listing and "((" not in listing and "))" not in listing
    region = (out / "regionen" / "esslingen" / "index.html").read_text(encoding="utf-8")
    assert "Landkreis Esslingen (Nürtingen, Kirchheim, Filderstadt)</h1>" in region
    # Typed into the search, the label without its bracket names the region too.
    places = place_names(load_guide(minimal_tree, TODAY))
    label = "Landkreis Esslingen (Nürtingen, Kirchheim, Filderstadt)"
    assert places["landkreis esslingen"][0] == places["esslingen"][0] == label


def test_a_course_described_in_english_is_marked_as_english(minimal_tree: Path, tmp_path: Path) -> None:
    """A course taught and described in English: its title, summary and description carry
    lang="en" on its page and its cards (a screen reader switches voice, WCAG 3.1.2). A course
    taught in English but described in German, and a German one, carry none."""
    offers = minimal_tree / "offers" / "akademie"
    common = "provider: akademie\ntopics: [it]\nformat: online\non_demand: true\nprice: {amount: 90}\nupdated: 2026-11-20\n"
    (offers / "bootcamp.yaml").write_text(
        "title: Data Science Bootcamp (taught in English)\nsummary: Twelve weeks of Python and statistics for you and your team.\n"
        "description: You will learn to clean data, build models and present the results in English.\nlanguages: [en, de]\n" + common,
        encoding="utf-8",
    )
    (offers / "business-english.yaml").write_text(
        "title: Business English am Telefon\nsummary: Acht Abende, in denen Sie auf Englisch telefonieren üben.\n"
        "description: Der Unterricht ist auf Englisch, die Beschreibung auf Deutsch.\nlanguages: [en]\n" + common,
        encoding="utf-8",
    )
    out = tmp_path / "site"
    build(minimal_tree, out, today=TODAY, search_index=False)
    page = (out / "angebote" / "bootcamp" / "index.html").read_text(encoding="utf-8")
    assert '<h1 class="seitenkopf__titel" lang="en">Data Science Bootcamp' in page
    assert '<div lang="en"><p>You will learn' in page
    listing = "".join(page.read_text(encoding="utf-8") for page in (out / "themen" / "it").rglob("index.html"))
    assert 'lang="en">Data Science Bootcamp' in listing and 'lang="en">Twelve weeks' in listing
    for german in ("business-english", "excel-kompakt"):
        assert 'lang="en"' not in (out / "angebote" / german / "index.html").read_text(encoding="utf-8")


def test_a_short_course_on_declared_days_lasts_the_days_it_meets(minimal_tree: Path, tmp_path: Path) -> None:
    """Two weekends (days: [sa, so], 20 to 28 February) last 4 days, not the 9 from first to
    last; a block without days keeps its span, a weekly course its weeks."""
    offers = minimal_tree / "offers" / "akademie"
    common = "provider: akademie\nsummary: Kurz.\ndescription: Text.\ntopics: [it]\nformat: online\nprice: {amount: 90}\nupdated: 2026-11-20\n"
    (offers / "sql-wochenenden.yaml").write_text(
        "title: SQL an zwei Wochenenden\ndates:\n  - {start: 2027-02-20, end: 2027-02-28, days: [sa, so], time: '09:00-16:00'}\n" + common,
        encoding="utf-8",
    )
    (offers / "sql-woche.yaml").write_text("title: SQL eine Woche\ndates:\n  - {start: 2027-02-22, end: 2027-02-26}\n" + common, encoding="utf-8")
    (offers / "sql-abends.yaml").write_text(
        "title: SQL dienstags\ndates:\n  - {start: 2027-03-02, end: 2027-04-20, days: [di], time: '18:00-21:00'}\n" + common, encoding="utf-8"
    )
    out = tmp_path / "site"
    build(minimal_tree, out, today=TODAY, search_index=False)
    for offer, span in (("sql-wochenenden", "4 Tage"), ("sql-woche", "5 Tage"), ("sql-abends", "8 Wochen")):
        page = " ".join(re.sub(r"<[^>]+>", " ", (out / "angebote" / offer / "index.html").read_text(encoding="utf-8")).split())
        assert f"Dauer {span}" in page or f"({span})" in page, (offer, re.findall(r"\d+ (?:Tage|Wochen)", page))


def test_the_build_names_the_offers_it_leaves_out_because_all_their_dates_are_past(
    minimal_tree: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """"13 veröffentlichte Angebote" for 14 files said nothing of the one an editor had given
    last year's dates. The build names it, and with many the latest few and how many more."""
    out = tmp_path / "out"
    assert main(["build", "--source", str(minimal_tree), "--out", str(out), "--today", "2026-12-01", "--no-index"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("Fertig: ") and " 3 veröffentlichte Angebote" in lines[0]
    assert lines[1:] == [
        "1 Angebot nicht veröffentlicht, weil alle Termine vorbei sind: offers/akademie/alter-kurs.yaml (letzter Termin 01.05.2026)"
    ]
    old = (minimal_tree / "offers" / "akademie" / "alter-kurs.yaml").read_text(encoding="utf-8")
    for n, day in enumerate(("2026-11-30", "2026-06-01", "2025-12-24", "2026-11-02"), start=1):
        (minimal_tree / "offers" / "akademie" / f"alt-{n}.yaml").write_text(old.replace("2026-05-01", day), encoding="utf-8")
    assert main(["build", "--source", str(minimal_tree), "--out", str(out), "--today", "2026-12-01", "--no-index"]) == 0
    assert capsys.readouterr().out.splitlines()[1:] == [
        "5 Angebote nicht veröffentlicht, weil alle Termine vorbei sind: offers/akademie/alt-1.yaml (letzter Termin 30.11.2026), "
        "offers/akademie/alt-4.yaml (letzter Termin 02.11.2026), offers/akademie/alt-2.yaml (letzter Termin 01.06.2026) "
        "und 2 weitere (alle nennt der Pflegebericht)"
    ]


def test_a_duration_in_days_places_an_offer_without_dates(minimal_tree: Path, tmp_path: Path) -> None:
    """Catalogues deliver seminars with dates on request and a duration such as "2 Tage" or
    "5,5 Monate" (open-Qcat's DURATION). The "Dauer" filter had no value for them, and search
    engines read no schedule: "2 Tage" is now "bis 1 Woche" and meets daily twice; a text
    that says more than a span ("1 Tag, 5 Stunden") stays as it was."""
    from site_builder.german import span, span_in_days

    assert span("ca. 5,5 Monate") == (Decimal("5.5"), "monat") and span_in_days("3 Wochen") == 21
    assert span("2 Termine à 3 Tage") is None and span("1 Tag, 5 Stunden") is None and span("26 Termine") is None
    offer = (minimal_tree / "offers" / "akademie" / "python-online.yaml").read_text(encoding="utf-8")
    for name, text in (("zwei-tage", "2 Tage"), ("halbes-jahr", "5,5 Monate"), ("gemischt", "1 Tag, 5 Stunden")):
        (minimal_tree / "offers" / "akademie" / f"{name}.yaml").write_text(
            offer.replace("on_demand: true\n", f"dates_on_request: true\nexpires: 2027-06-01\nduration:\n  text: {text}\n")
            .replace("title: Python für Einsteiger", f"title: Seminar {text}"),
            encoding="utf-8",
        )
    out = tmp_path / "out"
    build(minimal_tree, out, today=TODAY, search_index=False)

    def facts(name: str) -> tuple[list[str], dict]:
        page = (out / "angebote" / name / "index.html").read_text(encoding="utf-8")
        band = re.findall(r'content="([^"]*)" data-pagefind-filter="dauer\[content\]"', page)
        course = json.loads(page.split('<script type="application/ld+json">')[1].split("</script>")[0])
        return band, course["hasCourseInstance"][0]["courseSchedule"]

    assert facts("zwei-tage") == (["bis 1 Woche"], {"@type": "Schedule", "description": "Termine auf Anfrage", "repeatFrequency": "Daily", "repeatCount": 2})
    assert facts("halbes-jahr") == (["länger"], {"@type": "Schedule", "description": "Termine auf Anfrage"})
    assert facts("gemischt") == ([], {"@type": "Schedule", "description": "Termine auf Anfrage"})


def test_a_start_alone_claims_no_duration(minimal_tree: Path, tmp_path: Path) -> None:
    """A date without an end: for one session (hours with an end, no weekdays, as editors write
    a seminar day) the page says "1 Tag" and names the day under "Ende"; for a start alone, as
    catalogues send the start of a course of weeks, it claims no duration. It said "Dauer:
    1 Tag" beside "Ende –" before."""
    offer = minimal_tree / "offers" / "akademie" / "excel-kompakt.yaml"
    text = offer.read_text(encoding="utf-8")
    (minimal_tree / "offers" / "akademie" / "excel-aufbau.yaml").write_text(
        text.replace("title: Excel kompakt", "title: Excel Aufbaukurs").replace('    time: "09:00-16:30"\n', ""), encoding="utf-8")
    (minimal_tree / "offers" / "akademie" / "excel-abends.yaml").write_text(
        text.replace("title: Excel kompakt", "title: Excel am Abend").replace('"09:00-16:30"', '"18:00-21:00"\n    days: [mi]'),
        encoding="utf-8")
    out = tmp_path / "out"
    build(minimal_tree, out, today=TODAY, search_index=False)

    def seen(name: str) -> tuple[str | None, str]:
        page = (out / "angebote" / name / "index.html").read_text(encoding="utf-8")
        duration = re.search(r"<dt[^>]*>Dauer</dt>\s*<dd>([^<]*)</dd>", page)
        end = re.search(r'<td data-label="Ende">(.*?)</td>', page)
        assert end is not None
        return duration and duration.group(1), " ".join(re.sub(r"<[^>]+>", " ", end.group(1)).split())

    assert seen("excel-kompakt") == ("1 Tag", "Mi, 03.02.2027 (1 Tag)")
    assert seen("excel-aufbau") == (None, "– keine Angabe")
    assert seen("excel-abends") == (None, "– keine Angabe")


def test_scripts_and_stylesheet_are_served_minified_and_still_parse(sample_site: Path, tmp_path: Path) -> None:
    """The readable files in templates/assets/ go out without comments and indentation
    (render.asset_bytes): the search page's scripts shrink from 250 to 150 KB. A notice in
    /*! … */ stays; every script still parses."""
    import shutil

    from site_builder.render import asset_bytes

    sources = ROOT / "templates" / "assets"
    for name in ("suche.js", "suche-planung.js", "merkliste.js", "lotse.css"):
        served = (sample_site / "assets" / name).read_bytes()
        assert len(served) < 0.8 * (sources / name).stat().st_size, name
        assert b"\n  " not in served and b"// " not in served.replace(b"https:// ", b""), name
    assert (sample_site / "assets" / "favicon.svg").read_bytes() == (sources / "favicon.svg").read_bytes()
    probe = tmp_path / "eigen.js"
    probe.write_text("/*! Lizenzhinweis */\n// weg\nvar a = 1; /* weg */\n", encoding="utf-8")
    assert asset_bytes(probe) == b"/*! Lizenzhinweis */var a=1;"
    if shutil.which("node") is None:
        pytest.skip("node fehlt: die Skripte werden nur auf Größe geprüft")
    for script in sorted((sample_site / "assets").glob("*.js")):
        result = subprocess.run(["node", "--check", str(script)], capture_output=True, text=True)
        assert result.returncode == 0, (script.name, result.stderr)
