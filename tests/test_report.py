"""`lotse report`: each category holds exactly the records the fixture puts there.

tests/fixtures/report/ is written for this test (Stichtag 2027-03-01, so the 30-day window
ends 2027-03-31 and "over 12 months" means updated before 2026-03-01); each file's name
says which category it is meant for, and the boundary cases sit on both sides of a limit.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from site_builder.cli import main
from site_builder.pipeline import build
from site_builder.report import months_before

from .conftest import FIXTURES, copy_tree

TREE = FIXTURES / "report"
TODAY = "2027-03-01"


def report(capsys: pytest.CaptureFixture[str], *extra: str, tree: Path = TREE) -> tuple[int, str]:
    code = main(["report", "--source", str(tree), "--today", TODAY, *extra])
    return code, capsys.readouterr().out


@pytest.fixture
def data(capsys: pytest.CaptureFixture[str]) -> dict:
    code, out = report(capsys, "--format", "json")
    assert code == 0
    return json.loads(out)


def ids(items: list[dict]) -> list[str]:
    return [item["id"] for item in items]


def test_expiring_offers_are_those_gone_within_30_days(data: dict) -> None:
    # In order of the day they leave the site; bleibt-expires (2027-04-01), termin-bleibt
    # (a date on 2027-03-31) and the unpublished vorbei, alt, entwurf are not in it.
    assert [(i["id"], i["ends"], i["reason"]) for i in data["expiring"]] == [
        ("letzter-termin", "2027-03-13", "dates"),
        ("ablauf-expires", "2027-03-20", "expires"),
        ("ablauf-grenze-expires", "2027-03-31", "expires"),
        ("termin-grenze", "2027-03-31", "dates"),
    ]
    assert data["expiring"][0]["file"] == "offers/akademie/letzter-termin.yaml"


def test_stale_records_were_last_reviewed_over_12_months_ago(data: dict) -> None:
    # updated 2026-03-01 (termin-bleibt, schule) is exactly 12 months: not over.
    # Unpublished offers (vorbei, alt, entwurf) are out of sight and not listed.
    assert [(i["kind"], i["id"], i["updated"]) for i in data["stale"]] == [
        ("advisory-point", "beratung-alt", "2026-01-15"),
        ("provider", "werkstatt", "2026-02-27"),
        ("offer", "dauerbrenner", "2026-02-28"),
    ]
    assert data["stale_before"] == "2026-03-01"


def test_providers_without_published_offers(data: dict) -> None:
    assert [(i["id"], i["unpublished_offers"]) for i in data["providers_without_offers"]] == [("schule", "0"), ("werkstatt", "2")]


def test_unused_taxonomy_values(data: dict) -> None:
    # Used only by a draft (beschaeftigte), an expired offer (bildungsgutschein), an advisory
    # point (it), a provider's address (stuttgart) or site.yaml (reutlingen) counts as used:
    # removing those values would break those files.
    assert [(i["kind"], i["id"]) for i in data["unused_terms"]] == [
        ("topics", "kochen"),
        ("regions", "tuebingen"),
        ("audiences", "senioren"),
        ("funding", "bildungszeit"),
    ]


def test_http_links_anywhere_in_the_content(data: dict) -> None:
    # URL fields and links inside texts, of every record: drafts and hidden offers too.
    assert [(i["file"], i["field"], i["url"], i["provider"]) for i in data["insecure_urls"]] == [
        ("content/advisory-points/beratung-neu.yaml", "description", "http://termine.example/esslingen", ""),
        ("content/providers/schule.yaml", "url", "http://schule.example/", "schule"),
        ("offers/akademie/dauerbrenner.yaml", "url", "http://akademie.example/dauerbrenner", "akademie"),
        ("offers/akademie/letzter-termin.yaml", "url", "http://akademie.example/letzter-termin", "akademie"),
        ("offers/akademie/neu-in-arbeit.yaml", "description", "http://hersteller.example/handbuch", "akademie"),
        ("offers/akademie/vorbei.yaml", "url", "http://akademie.example/vorbei", "akademie"),
    ]
    # Each at the line and column where it is written, as validation names a place.
    for item in data["insecure_urls"]:
        line = (TREE / item["file"]).read_text(encoding="utf-8").splitlines()[item["line"] - 1]
        assert item["url"] in line[item["column"] - 1:], item


def test_expired_funding_is_a_warning(data: dict) -> None:
    # valid_until is the last valid day: 2027-03-01 (the Stichtag) still holds, 2027-02-28 does not.
    assert [(i["kind"], i["id"], i["valid_until"], i["provider"]) for i in data["expired_funding"]] == [
        ("funding", "bildungsgutschein", "2027-02-28", ""),
        ("provider", "akademie", "2026-12-31", "akademie"),
    ]
    assert data["expired_funding"][1]["file"] == "content/providers/akademie.yaml"


def test_offers_already_hidden_and_drafts(data: dict) -> None:
    assert [(i["id"], i["reason"], i["since"]) for i in data["hidden"]] == [
        ("vorbei", "dates", "2027-03-01"),
        ("alt", "expires", "2027-01-01"),
    ]
    assert [(i["id"], i["provider"]) for i in data["drafts"]] == [("neu-in-arbeit", "akademie"), ("entwurf", "werkstatt")]


def test_placeholders_waiting_in_drafts(data: dict) -> None:
    assert [(i["id"], i["field"], i["text"]) for i in data["placeholders"]] == [
        ("neu-in-arbeit", "title", "Titel des Angebots"),
        ("neu-in-arbeit", "summary", "Kurzbeschreibung für Karten und Suchmaschinen"),
        ("neu-in-arbeit", "description", "- erster Punkt"),
    ]


def test_one_providers_part(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = report(capsys, "--provider", "werkstatt", "--format", "json")
    part = json.loads(out)
    assert code == 0 and part["provider"] == "werkstatt"
    for name in SECTIONS:
        assert all(item["provider"] == "werkstatt" for item in part[name]), name
    assert ids(part["drafts"]) == ["entwurf"] and ids(part["hidden"]) == ["alt"]
    assert part["unused_terms"] == [] and part["insecure_urls"] == []
    code, out = report(capsys, "--provider", "werkstatt")
    assert out.splitlines()[0] == "Pflegebericht „Pflegetest“, Stichtag 2027-03-01, nur Anbieter Test-Werkstatt (werkstatt)"
    assert "  offers/werkstatt/entwurf.yaml: Entwurf – erst ohne draft: true veröffentlicht" in out.splitlines()


def test_unknown_provider_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", "--source", str(TREE), "--provider", "werkstat"]) == 2
    assert "unbekannter Anbieter 'werkstat'" in capsys.readouterr().err


@pytest.mark.parametrize(("written", "hint"), [
    ("werkstat", "; meinten Sie 'werkstatt'?"),
    ("aka", "; meinten Sie 'akademie'?"),  # the beginning of an id counts ('pflege' for 'pflegeschule-seeklinik')
    ("Schule", "; meinten Sie 'schule'?"),
    ("volkshochschule", "; vorhanden sind: akademie, schule, werkstatt"),
])
def test_an_unknown_provider_gets_the_ones_it_likely_means(capsys: pytest.CaptureFixture[str], written: str, hint: str) -> None:
    assert main(["report", "--source", str(TREE), "--provider", written]) == 2
    assert capsys.readouterr().err == f"Fehler: unbekannter Anbieter {written!r} (keine Datei content/providers/{written}.yaml){hint}\n"


SECTIONS = [
    "drafts", "dropped_html", "expiring", "expired_funding", "gaps", "hidden", "images", "insecure_urls", "placeholders", "providers_without_offers",
    "stale", "school_holidays", "unused_terms", "notes",
]


def test_json_has_stable_keys(data: dict) -> None:
    sections = SECTIONS
    assert sorted(data) == sorted([*sections, "counts", "provider", "stale_before", "today", "window_days"])
    assert data["counts"] == {name: len(data[name]) for name in sections}
    assert data["today"] == TODAY and data["window_days"] == 30
    for name in sections:
        assert len({tuple(sorted(item)) for item in data[name]}) <= 1, f"{name}: items differ in their keys"
        assert all({"kind", "id", "file", "label", "provider"} <= set(item) for item in data[name])


def test_text_report_groups_by_section_then_provider(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = report(capsys)
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "Pflegebericht „Pflegetest“, Stichtag 2027-03-01"
    assert "Angebote, die in den nächsten 30 Tagen von der Website verschwinden: 4" in lines
    assert "Lücken im Aufbau, die Besucher bemerken: 2" in lines
    assert "Angebote, die nicht sichtbar sind (abgelaufen oder alle Termine vorbei): 2" in lines
    assert "Entwürfe (draft: true), nie veröffentlicht: 2" in lines
    assert "Platzhalter aus „new“, die vor der Veröffentlichung ersetzt werden müssen: 3" in lines
    assert "Seit über 12 Monaten nicht geprüft (Feld updated), also vor dem 2026-03-01: 3" in lines
    assert "Anbieter ohne veröffentlichte Angebote: 2" in lines
    assert "Werte aus content/taxonomies.yaml, die nirgends verwendet werden: 4" in lines
    assert "Links mit http:// statt https:// (in allen Feldern und Texten): 6" in lines
    assert "    offers/akademie/letzter-termin.yaml: Letzter Termin bald – ab 13.03.2027 nicht mehr sichtbar (letzter Termin endet am 12.03.2027)" in lines
    assert "    offers/akademie/ablauf-expires.yaml: Läuft per expires ab – ab 20.03.2027 nicht mehr sichtbar (expires: 2027-03-20)" in lines
    # Right whether or not the offer was ever online, in German dates; expires as written.
    assert "    offers/akademie/vorbei.yaml: Seit gestern vorbei – nicht sichtbar: alle Termine vorbei (letzter am 28.02.2027)" in lines
    assert "    offers/werkstatt/alt.yaml: Abgelaufen – nicht sichtbar: abgelaufen (expires: 2027-01-01)" in lines
    assert "  Thema kochen („Kochen“) wird in keiner Datei verwendet" in lines
    assert "    content/providers/schule.yaml: Test-Schule – noch keine Angebote" in lines
    # Findings without a provider first, then one group per provider, by name.
    stale = lines[lines.index("Seit über 12 Monaten nicht geprüft (Feld updated), also vor dem 2026-03-01: 3") + 1:][:5]
    assert stale == [
        "  content/advisory-points/beratung-alt.yaml: Alte Beratung – zuletzt geprüft am 2026-01-15",
        "  Anbieter Test-Akademie (akademie):",
        "    offers/akademie/dauerbrenner.yaml: Dauerbrenner ohne Prüfung – zuletzt geprüft am 2026-02-28",
        "  Anbieter Test-Werkstatt (werkstatt):",
        "    content/providers/werkstatt.yaml: Test-Werkstatt – zuletzt geprüft am 2026-02-27",
    ]
    assert "    content/providers/akademie.yaml: Test-Akademie – Anerkennung für Bildungsgutschein lief am 2026-12-31 aus; seine Angebote erben sie nicht mehr" in lines
    assert "  Förderprogramm bildungsgutschein („Bildungsgutschein“) lief am 2027-02-28 aus; der Förder-Check zeigt es nicht mehr" in lines
    assert lines[-1] == (
        "Zusammenfassung: 2 Lücken im Aufbau, 4 laufen bald aus, 2 nicht sichtbar, 2 Entwürfe, 3 Platzhalter, 3 nicht geprüft, "
        "2 Anbieter ohne Angebote, 4 ungenutzte Werte, 6 Links ohne https, 0 Bilder zu prüfen, "
        "1 HTML-Angaben, die nicht übernommen werden, 2 abgelaufene Förderangaben, 0 Hinweise zu Schulferien, "
        "0 Hinweise der Prüfung."
    )


def test_empty_sections_say_so(minimal_tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = report(capsys, tree=minimal_tree)
    assert code == 0
    assert "Links mit http:// statt https:// (in allen Feldern und Texten): 0\n  (keine)" in out


def test_images_a_visitor_does_not_see_or_hears_nothing_of(minimal_tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Images in texts: one from another website (left out of the page: it would load from a
    foreign server), one whose file is not among the assets, one without a description. A
    local image with its file and description is fine. Each at its line: the same file twice
    is named where it lacks its description."""
    (minimal_tree / "templates" / "assets").mkdir(parents=True)
    (minimal_tree / "templates" / "assets" / "raum.jpg").write_bytes(b"\xff\xd8\xff")
    page = minimal_tree / "content" / "pages" / "ueber.md"
    page.write_text(page.read_text() + (
        "\n![Unser Schulungsraum](/assets/raum.jpg)\n\n![Logo](https://cdn.example.org/logo.png)\n\n"
        "![Plan](/assets/plan.png)\n\n<img src=\"/assets/raum.jpg\">\n"
    ))
    code, out = report(capsys, tree=minimal_tree)
    assert code == 0
    lines = out.splitlines()
    heading = "Bilder in Texten, die nicht oder ohne Beschreibung gezeigt werden: 3"
    assert lines[lines.index(heading) + 1:lines.index(heading) + 4] == [
        "  content/pages/ueber.md:14:1: Über uns – text: Bild https://cdn.example.org/logo.png wird nicht gezeigt: Bilder kommen nur "
        "von dieser Website (keine Anfragen an fremde Server); die Datei nach templates/assets/ legen und als /assets/<Name> einbinden",
        "  content/pages/ueber.md:16:1: Über uns – text: Bild /assets/plan.png gibt es nicht: Bilddateien gehören nach "
        "templates/assets/ und heißen dann /assets/<Name>",
        "  content/pages/ueber.md:18:1: Über uns – text: Bild /assets/raum.jpg ohne Beschreibung: bitte in die eckigen Klammern "
        "schreiben, was es zeigt (![Beschreibung](/assets/raum.jpg))",
    ]


@pytest.mark.parametrize(
    ("state", "today", "finding"),
    [
        (None, TODAY, None),  # no Land: nothing to know
        ("Baden-Württemberg", TODAY, None),  # known years ahead
        ("Baden-Württemberg", "2029-03-01", "die Schulferien für Baden-Württemberg reichen nur bis 2030-01-05: content/schulferien.csv fortschreiben"),
        ("Niedersachsen", TODAY, "für Niedersachsen kennt Lotse keine Schulferien: „in den Sommerferien“ findet in der Suche nichts, "
         "sie sagt nur, dass sie die Termine nicht kennt (Zeilen in content/schulferien.csv ergänzen: land;name;first;last)"),
        ("Atlantis", TODAY, "für Atlantis kennt Lotse keine Schulferien: „in den Sommerferien“ findet in der Suche nichts, "
         "sie sagt nur, dass sie die Termine nicht kennt (state in site.yaml ist keines der 16 Länder)"),
    ],
)
def test_a_land_whose_school_holidays_the_search_does_not_know(
    minimal_tree: Path, capsys: pytest.CaptureFixture[str], state: str | None, today: str, finding: str | None
) -> None:
    if state:
        site = minimal_tree / "site.yaml"
        site.write_text(site.read_text(encoding="utf-8") + f'state: "{state}"\n', encoding="utf-8")
    code = main(["report", "--source", str(minimal_tree), "--today", today, "--format", "json"])
    items = json.loads(capsys.readouterr().out)["school_holidays"]
    assert code == 0
    assert [item["file"] + ": " + item["label"] for item in items] == ([f"site.yaml: {state}"] if finding else [])
    code = main(["report", "--source", str(minimal_tree), "--today", today])
    assert (f"  site.yaml: {state} – {finding}" in capsys.readouterr().out.splitlines()) is bool(finding)


def test_a_guides_own_school_holidays_end_the_warning(minimal_tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Rows for its Land in the guide's content/schulferien.csv reaching a year ahead: nothing to do."""
    site = minimal_tree / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8") + 'state: "Niedersachsen"\n', encoding="utf-8")
    table = minimal_tree / "content" / "schulferien.csv"
    table.write_text("land;name;first;last\nNiedersachsen;Sommerferien;2027-07-08;2027-08-18\n", encoding="utf-8")
    assert main(["report", "--source", str(minimal_tree), "--today", TODAY, "--format", "json"]) == 0
    assert [item["last_day"] for item in json.loads(capsys.readouterr().out)["school_holidays"]] == ["2027-08-18"]
    table.write_text(table.read_text(encoding="utf-8") + "Niedersachsen;Sommerferien;2028-06-29;2028-08-09\n", encoding="utf-8")
    assert main(["report", "--source", str(minimal_tree), "--today", TODAY, "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["school_holidays"] == []


def test_invalid_content_exits_1_without_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    tree = copy_tree(tmp_path / "t", TREE)
    (tree / "offers" / "akademie" / "dauerbrenner.yaml").write_text("title: Kaputt\n")
    code = main(["report", "--source", str(tree), "--today", TODAY])
    captured = capsys.readouterr()
    assert code == 1 and captured.out == ""
    assert "offers/akademie/dauerbrenner.yaml:1:1: description: Pflichtfeld fehlt" in captured.err
    assert "Kein Bericht" in captured.err


def test_usage_errors_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", "--source", str(tmp_path / "fehlt")]) == 2
    assert main(["report", "--source", str(TREE), "--today", "morgen"]) == 2
    assert main(["report", "--source", str(TREE), "--format", "xml"]) == 2
    capsys.readouterr()


@pytest.mark.parametrize(
    ("day", "expected"),
    [(date(2027, 3, 1), date(2026, 3, 1)), (date(2028, 2, 29), date(2027, 2, 28)), (date(2027, 1, 31), date(2026, 1, 31))],
)
def test_twelve_months_before(day: date, expected: date) -> None:
    assert months_before(day, 12) == expected


def test_months_before_keeps_the_day_where_it_exists() -> None:
    assert months_before(date(2027, 3, 31), 1) == date(2027, 2, 28)


ONLINE = "topics: [it]\nformat: online\non_demand: true\nprice:\n  amount: 0\nupdated: 2026-10-15\n"
VIDEO_OFFER = """\
title: Kurs mit eingebettetem Video
provider: akademie
summary: Ein Kurs, dessen Beschreibung HTML enthält.
description: |
  Sie lernen die Grundlagen.

    <iframe src="https://video.example.org/kurs"></iframe>

  Jetzt <a href="/kontakt/" onclick="merken()">merken</a>, <a href="/a/" onclick="b()">oder</a>
  Mehr [im Video](javascript:alert(1)). <script>alert(1)</script> <script>alert(2)</script>
prerequisites: "Keine, <span style='color:red'>wirklich</span>"
"""
PLAIN_OFFER = """\
title: Kurs mit erlaubtem HTML
provider: akademie
summary: Markdown und HTML, das die Website übernimmt.
description: |
  Zeile<br>nächste, <u>unterstrichen</u>, <abbr title="Handwerkskammer">HWK</abbr> <!-- Notiz -->

  | Modul | Stunden |
  |:--|--:|
  | Grundlagen | 40 |

  [Anmelden](mailto:kurse@akademie.example), [Anrufen](tel:+49711123456), [Beratung](/beratung/), 3 < 4.
"""
BECAUSE = "(Texte sind Markdown; Skripte, Formulare, eingebettete Seiten, Stilangaben und Ereignis-Attribute werden entfernt)"


def test_html_the_site_leaves_out_is_named_where_the_editor_wrote_it(minimal_tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An embedded page, an event attribute, a javascript: link and a script in a description:
    one line each (the second onclick and script add none), at the line and column where it
    stands in the literal block; a quoted value, a term's and a page's text too. HTML the
    allow-list keeps and what Markdown makes itself give none, and the built page shows none
    of what is named."""
    offers = minimal_tree / "offers" / "akademie"
    (offers / "video-kurs.yaml").write_text(VIDEO_OFFER + ONLINE, encoding="utf-8")
    (offers / "erlaubt.yaml").write_text(PLAIN_OFFER + ONLINE, encoding="utf-8")
    taxonomies = minimal_tree / "content" / "taxonomies.yaml"
    taxonomies.write_text(taxonomies.read_text(encoding="utf-8").replace(
        "description: Schweißtechnik für Einsteiger und Profis.", 'description: "Schweißtechnik <div class=\\"box\\">für alle</div>"'
    ), encoding="utf-8")
    page = minimal_tree / "content" / "pages" / "ueber.md"
    page.write_text(page.read_text(encoding="utf-8") + '\nSuche:\n<form action="/suche/"><input name="q"></form>\n', encoding="utf-8")
    code, out = report(capsys, tree=minimal_tree)
    assert code == 0
    lines = out.splitlines()
    heading = "HTML in Texten, das die Website nicht übernimmt (Elemente, Attribute, Link-Adressen): 8"
    assert lines[lines.index(heading) + 1:lines.index(heading) + 10] == [
        f"  content/pages/ueber.md:13:1: Über uns – text: HTML-Element <form> wird nicht übernommen {BECAUSE}",
        f"  content/pages/ueber.md:13:24: Über uns – text: HTML-Element <input> wird nicht übernommen {BECAUSE}",
        f"  content/taxonomies.yaml:4:18: Thema schweissen („Schweißen“) – description: HTML-Element <div> wird nicht übernommen {BECAUSE}",
        "  Anbieter Test-Akademie (akademie):",
        f"    offers/akademie/video-kurs.yaml:7:5: Kurs mit eingebettetem Video – description: HTML-Element <iframe> wird nicht übernommen {BECAUSE}",
        f"    offers/akademie/video-kurs.yaml:9:29: Kurs mit eingebettetem Video – description: HTML-Attribut onclick an <a> wird nicht übernommen {BECAUSE}",
        "    offers/akademie/video-kurs.yaml:10:19: Kurs mit eingebettetem Video – description: Adresse mit javascript: an <a> wird nicht "
        "übernommen (erlaubt sind nur http:, https:, mailto: und tel:)",
        f"    offers/akademie/video-kurs.yaml:10:41: Kurs mit eingebettetem Video – description: HTML-Element <script> wird samt Inhalt nicht übernommen {BECAUSE}",
        f"    offers/akademie/video-kurs.yaml:11:16: Kurs mit eingebettetem Video – prerequisites: HTML-Element <span> wird nicht übernommen {BECAUSE}",
    ]
    assert "erlaubt.yaml" not in out
    code, out = report(capsys, "--format", "json", tree=minimal_tree)
    found = json.loads(out)["dropped_html"]
    assert [(i["line"], i["column"], i["field"], i["what"], i["name"]) for i in found if i["id"] == "video-kurs"] == [
        (7, 5, "description", "element", "iframe"), (9, 29, "description", "attribute", "onclick"),
        (10, 19, "description", "scheme", "javascript"), (10, 41, "description", "element", "script"),
        (11, 16, "prerequisites", "element", "span"),
    ]
    build(minimal_tree, minimal_tree.parent / "site", today=date.fromisoformat(TODAY), search_index=False)
    shown = (minimal_tree.parent / "site" / "angebote" / "video-kurs" / "index.html").read_text(encoding="utf-8")
    assert "Sie lernen die Grundlagen." in shown and "merken</a>" in shown and "wirklich" in shown
    for left_out in ("<iframe", "video.example.org", "onclick", "javascript:", "alert(", "color:red"):
        assert left_out not in shown, left_out


FOR_JOB_SEEKERS = (
    "    for: [arbeitsuchende]\n    as_of: 2026-12-01\n    next_step: Mit der Agentur für Arbeit sprechen.\n"
    "    source:\n      - title: SGB III\n        url: https://www.gesetze-im-internet.de/sgb_3/\n"
)


@pytest.mark.parametrize(
    ("added", "finding"),
    [
        ("", "keines sagt, für wen es gedacht ist (for): der Förder-Check hat keine Fragen, die Startseite wirbt nicht für ihn "
         "(bei passenden Programmen for, as_of, source und next_step eintragen)"),
        (FOR_JOB_SEEKERS + "    valid_until: 2027-02-28\n", "alle Programme mit for sind abgelaufen (valid_until): der Förder-Check "
         "hat keine Fragen, die Startseite wirbt nicht für ihn (valid_until verlängern oder den Nachfolger eintragen)"),
        (FOR_JOB_SEEKERS, None),
    ],
)
def test_a_foerdercheck_without_programmes_is_a_gap(minimal_tree: Path, capsys: pytest.CaptureFixture[str], added: str, finding: str | None) -> None:
    taxonomies = minimal_tree / "content" / "taxonomies.yaml"
    taxonomies.write_text(taxonomies.read_text(encoding="utf-8") + added, encoding="utf-8")
    code, out = report(capsys, tree=minimal_tree)
    assert code == 0
    line = f"  content/taxonomies.yaml: Förderprogramme – {finding}"
    assert (line in out.splitlines()) is bool(finding)
    assert bool(finding) is ("Förderprogramme –" in out)


def test_a_guide_without_any_programme_has_an_empty_funding_page(minimal_tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    taxonomies = minimal_tree / "content" / "taxonomies.yaml"
    taxonomies.write_text(taxonomies.read_text(encoding="utf-8").split("funding:")[0] + "funding: []\n", encoding="utf-8")
    offer = minimal_tree / "offers" / "akademie" / "mag-schweissen.yaml"
    offer.write_text(offer.read_text(encoding="utf-8").replace("funding: [bildungsgutschein]\n", ""), encoding="utf-8")
    code, out = report(capsys, "--format", "json", tree=minimal_tree)
    gaps = {item["gap"]: item for item in json.loads(out)["gaps"]}
    assert code == 0 and sorted(gaps) == ["contact", "funding_check"]  # the minimal guide names no contact either
    code, out = report(capsys, tree=minimal_tree)
    assert ("  content/taxonomies.yaml: Förderprogramme – keine eingetragen: die Seite Förderung ist leer, der Förder-Check "
            "hat keine Fragen, die Startseite wirbt nicht für ihn (Programme unter funding eintragen, mit for, as_of, source "
            "und next_step)") in out.splitlines()


@pytest.mark.parametrize(("name", "said"), [
    ("vhs-mitte", "als Name steht noch die Id („vhs-mitte“)"),  # the import's name for a catalogue that names none
    ("nichts", "als Name steht ein Platzhalter („nichts“)"),  # a catalogue's filler, kept by the import
    ("Volkshochschule Mitte", None),
])
def test_a_provider_without_a_real_name_is_a_gap(minimal_tree: Path, capsys: pytest.CaptureFixture[str], name: str, said: str | None) -> None:
    """The import leaves providers named by their id or by a catalogue's filler; only its own
    report said so, once. Every page of their offers reads "Anbieter: vhs-mitte": the
    maintenance report names them among the gaps visitors notice."""
    (minimal_tree / "content" / "providers" / "vhs-mitte.yaml").write_text(f"name: {name}\nupdated: 2026-11-01\n", encoding="utf-8")
    assert main(["report", "--source", str(minimal_tree), "--today", TODAY, "--format", "json"]) == 0
    found = [item for item in json.loads(capsys.readouterr().out)["gaps"] if item["gap"] == "provider_name"]
    assert [(i["id"], i["file"], i["provider"]) for i in found] == ([("vhs-mitte", "content/providers/vhs-mitte.yaml", "vhs-mitte")] if said else [])
    assert main(["report", "--source", str(minimal_tree), "--today", TODAY]) == 0
    text = capsys.readouterr().out
    assert (f"content/providers/vhs-mitte.yaml: {name} – {said}: jede Seite seiner Angebote zeigt „Anbieter: {name}“" in text) is bool(said)


def test_the_sample_guide_has_no_gaps(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = report(capsys, "--format", "json", tree=FIXTURES / "sample")
    assert code == 0 and json.loads(out)["gaps"] == []


def test_a_region_note_is_a_finding_of_its_record(minimal_tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """validate's note on a region that is not the one its postal code belongs to is in the
    report under the record it concerns: an offer under its provider, a provider under itself,
    an advisory point as such."""
    from .test_validation import POSTAL_CODES, REGION_NOTE, _region_against_postal_code

    _region_against_postal_code(minimal_tree)
    assert "postal_codes" in POSTAL_CODES
    for path in ("content/advisory-points/beratung-esslingen.yaml", "content/providers/akademie.yaml"):
        file = minimal_tree / path
        file.write_text(file.read_text(encoding="utf-8").replace("region: esslingen", "region: stuttgart"), encoding="utf-8")
    code, out = report(capsys, "--format", "json", tree=minimal_tree)
    found = [(n["kind"], n["id"], n["provider"], n["field"], n["line"]) for n in json.loads(out)["notes"]]
    assert code == 0 and found == [
        ("advisory-point", "beratung-esslingen", "", "address.region", 8),
        ("provider", "akademie", "akademie", "address.region", 10),
        ("offer", "mag-schweissen", "akademie", "location.region", 17),
    ]
    code, out = report(capsys, tree=minimal_tree)
    where, rest = REGION_NOTE.split(": ", 1)
    assert code == 0 and f"    {where}: MAG-Schweißen Grundkurs – {rest}" in out.splitlines(), out


def test_the_notes_of_validate_are_findings_of_their_provider(minimal_tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """What validate prints as notes (a programme an offer names although it breaks its course
    rules, an offer whose dates were over before its ``updated``) is in the report too, with
    file, line and column, under the offer's provider, in text and JSON; still exit 0."""
    from .test_validation import FUNDING_NOTE, _names_a_programme_it_breaks

    _names_a_programme_it_breaks(minimal_tree)
    old = minimal_tree / "offers" / "akademie" / "alter-kurs.yaml"
    old.write_text(old.read_text(encoding="utf-8").replace("updated: 2026-01-01", "updated: 2026-06-01"), encoding="utf-8")
    code, out = report(capsys, tree=minimal_tree)
    lines = out.splitlines()
    start = lines.index("Hinweise der Prüfung (validate): kein Fehler, aber bitte ansehen: 2")
    where, rest = FUNDING_NOTE.split(": ", 1)
    assert code == 0 and lines[start + 1:start + 4] == [
        "  Anbieter Test-Akademie (akademie):",
        "    offers/akademie/alter-kurs.yaml:8:5: Abgelaufener Kurs – dates[0]: alle Termine lagen schon vor dem Datum "
        "„Zuletzt geprüft am“ (01.06.2026), der letzte am 01.05.2026 – Jahreszahl vertippt? Das Angebot wird deshalb nicht veröffentlicht",
        f"    {where}: Python für Einsteiger – {rest}",
    ]
    assert lines[-1].endswith(", 2 Hinweise der Prüfung.")
    code, out = report(capsys, "--format", "json", "--provider", "akademie", tree=minimal_tree)
    data = json.loads(out)
    assert code == 0 and data["counts"]["notes"] == 2
    assert data["notes"][1] == {
        "kind": "offer", "id": "python-online", "file": "offers/akademie/python-online.yaml", "label": "Python für Einsteiger",
        "provider": "akademie", "line": 13, "column": 11, "field": "funding[0]", "message": rest.split(": ", 1)[1],
    }
