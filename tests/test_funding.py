"""Funding programmes as data: the Förder-Check's rules against a table of cases written from
content/taxonomies.yaml, the decision table that shows them without JavaScript, the pages per
programme, the employers' page, inheritance of provider recognitions and expiry."""

from __future__ import annotations

import copy
import functools
import html
import json
import re
import shutil
import subprocess
import urllib.parse
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml

from site_builder import eligibility
from site_builder.cli import main
from site_builder.pipeline import build, check, load_guide

from .conftest import FIXTURES, SAMPLE, TODAY, copy_tree, sample_tree
from .sitecheck import element_tree
from .test_site import offer_sources, published

BW = "Baden-Württemberg"


@functools.cache
def _read(path: Path) -> Any:
    return yaml.safe_load(path.read_text())


def taxonomy() -> dict[str, Any]:
    # Read once per run (the sample does not change during it); each caller gets its own copy.
    return copy.deepcopy(_read(SAMPLE / "content" / "taxonomies.yaml"))


@functools.cache
def _providers() -> dict[str, dict[str, Any]]:
    return {p.stem: _read(p) for p in sorted((SAMPLE / "content" / "providers").glob("*.yaml"))}


def providers() -> dict[str, dict[str, Any]]:
    return copy.deepcopy(_providers())


def _breaks_course(programme: str, offer: dict[str, Any], today: date) -> bool:
    """Whether what ``offer`` states visibly breaks the programme's ``course`` (form, hours, and
    the times of its dates to come), written from the YAML on its own."""
    course = next((t for t in _read(SAMPLE / "content" / "taxonomies.yaml")["funding"] if t["id"] == programme), {}).get("course") or {}
    if course.get("formats") and offer["format"] not in course["formats"]:
        return True
    hours = (offer.get("duration") or {}).get("hours")
    if hours is not None and (hours <= course.get("hours_more_than", -1) or hours < course.get("hours_min", 0)
                              or hours > course.get("hours_max", float("inf"))):
        return True
    if "hours_per_day_min" in course:
        dates = [d for d in offer.get("dates", []) if (d.get("end") or d["start"]) >= today] or offer.get("dates", [])

        def length(time: str | None) -> float | None:
            if not time or "-" not in time:
                return None
            (a, b), (c, d) = (map(int, part.strip().split(":")) for part in time.split("-"))
            return (c * 60 + d - a * 60 - b) / 60

        lengths = [length(d.get("time")) for d in dates]
        return bool(dates) and all(x is not None and x < course["hours_per_day_min"] for x in lengths)
    return False


def funding_of(offer: dict[str, Any], today: date = TODAY) -> set[str]:
    """An offer's programmes read from YAML: its own and its provider's valid recognitions,
    less those whose course conditions it visibly breaks."""
    inherited = {
        r["funding"] for r in _providers()[offer["provider"]].get("recognitions", [])
        if (r.get("valid_until") is None or r["valid_until"] >= today) and not _breaks_course(r["funding"], offer, today)
    }
    return set(offer.get("funding", [])) | inherited


def live() -> dict[str, dict[str, Any]]:
    return {k: v for k, v in offer_sources().items() if published(v)}


def place_state(place: str | None) -> str | None:
    """The land an answer to "Wo wohnen oder arbeiten Sie?" stands for (site.yaml: state)."""
    if place is None:
        return None
    if place == "anderswo":
        return ""
    return yaml.safe_load((SAMPLE / "site.yaml").read_text())["state"]


# The check's URL parameters for each answer (foerdercheck.js reads them on load).
PARAMS = {"situation": "situation", "employees": "groesse", "place": "ort", "goal": "ziel", "age": "alter", "qualification": "abschluss"}


def ask(situation: str, employees: int | None = None, place: str | None = None, goal: str | None = None,
        age: int | None = None, qualification: str | None = None) -> dict[str, Any]:
    """A case's answers, as the check's form takes them."""
    given = {"situation": situation, "employees": employees, "place": place, "goal": goal, "age": age, "qualification": qualification}
    return {key: value for key, value in given.items() if value is not None}


def answers_of(given: dict[str, Any]) -> eligibility.Answers:
    return eligibility.Answers(
        given["situation"], given.get("employees"), place_state(given.get("place")), given.get("goal"), given.get("age"),
        given.get("qualification"),
    )


def query(given: dict[str, Any]) -> str:
    return "?" + "&".join(f"{PARAMS[key]}={value}" for key, value in given.items())


@pytest.fixture(scope="module")
def table() -> list[eligibility.Row]:
    valid = check(SAMPLE)
    assert valid.taxonomies is not None
    return eligibility.rows(valid.taxonomies.funding, TODAY)


# Each case: the answers, and for each programme that may fit, the sentence and the condition
# the result names – worked out by hand from the sample taxonomy (tests/fixtures/sample; rates
# in order, the first that holds for sure wins).
S82 = "bis zu 50 % der Lehrgangskosten und bis zu 50 % Zuschuss zum Arbeitsentgelt"
BZ = "bis zu fünf bezahlte Arbeitstage im Jahr; die Kursgebühr zahlen Sie selbst"
ESF30 = "bis zu 30 % der Lehrgangskosten – bei Kursgebühren bis 6.000 € ohne Mehrwertsteuer"
QG = "60 % des ausfallenden Nettoentgelts (mit Kind 67 %), wenn bei mindestens 10 % der Belegschaft Bedarf besteht; die Kurskosten trägt der Betrieb"
STIPENDIUM = "bis zu 8.700 € – für Weiterbildungen in bis zu drei Jahren; je Maßnahme zahlen Sie 10 % selbst"
AFBG = ("bis zu 50 % der Lehrgangskosten – als Zuschuss (Gebühren bis 15.000 €); den Rest kann ein KfW-Darlehen decken, "
        "nach bestandener Prüfung wird die Hälfte davon erlassen")
KOMPASS = ("bis zu 90 % der Lehrgangskosten, höchstens 4.500 € – einmal in zwölf Monaten; für Solo-Selbstständige mit höchstens "
           "einer Vollzeitkraft, seit zwei Jahren am Markt")
GUTSCHEIN_AS = "bis zu 100 % der Lehrgangskosten – dazu unter Umständen Fahrt-, Kinderbetreuungs- und Unterbringungskosten"
CASES: dict[str, tuple[dict[str, Any], dict[str, tuple[str, str]]]] = {
    "beschäftigt, 200 Beschäftigte, Fachkurs": (
        ask("beschaeftigte", 200, "boeblingen", "zertifikat"),
        {
            "qualifizierungschancengesetz": (f"weil Sie beschäftigt sind und Ihr Betrieb 200 Beschäftigte hat: {S82}", ""),
            "weiterbildungsstipendium": (
                f"weil Sie beschäftigt sind: {STIPENDIUM}",
                "Das gilt nur, wenn Sie jünger als 25 Jahre sind. Das gilt nur, wenn Sie einen Berufsabschluss haben.",
            ),
            "bildungszeit-bw": (f"weil Sie beschäftigt sind und in {BW} wohnen oder arbeiten: {BZ}", ""),
            "esf-plus-fachkurse": (f"weil Sie beschäftigt sind und in {BW} wohnen oder arbeiten: {ESF30}", ""),
            "qualifizierungsgeld": (f"weil Sie beschäftigt sind und Ihr Betrieb 200 Beschäftigte hat: {QG}", ""),
        },
    ),
    "beschäftigt, 200 Beschäftigte, 50 Jahre": (
        ask("beschaeftigte", 200, "stuttgart", "zertifikat", age=50, qualification="mit"),
        {
            "qualifizierungschancengesetz": (
                "weil Sie beschäftigt sind, 50 Jahre alt sind und Ihr Betrieb 200 Beschäftigte hat: "
                "bis zu 100 % der Lehrgangskosten und bis zu 50 % Zuschuss zum Arbeitsentgelt", ""),
            "bildungszeit-bw": (f"weil Sie beschäftigt sind und in {BW} wohnen oder arbeiten: {BZ}", ""),
            "esf-plus-fachkurse": (f"weil Sie beschäftigt sind und in {BW} wohnen oder arbeiten: {ESF30}", ""),
            "qualifizierungsgeld": (f"weil Sie beschäftigt sind und Ihr Betrieb 200 Beschäftigte hat: {QG}", ""),
        },
    ),
    "beschäftigt im Kleinbetrieb": (
        ask("beschaeftigte", 8, "esslingen", "sprache", age=40, qualification="mit"),
        {
            "qualifizierungschancengesetz": (
                "weil Sie beschäftigt sind und Ihr Betrieb 8 Beschäftigte hat: "
                "bis zu 100 % der Lehrgangskosten und bis zu 75 % Zuschuss zum Arbeitsentgelt", ""),
            "bildungszeit-bw": (
                f"weil Sie beschäftigt sind, in {BW} wohnen oder arbeiten und Ihr Betrieb 8 Beschäftigte hat: bis zu fünf bezahlte "
                "Arbeitstage im Jahr; in Betrieben mit weniger als zehn Beschäftigten darf der Arbeitgeber ablehnen", ""),
            "esf-plus-fachkurse": (f"weil Sie beschäftigt sind und in {BW} wohnen oder arbeiten: {ESF30}", ""),
        },
    ),
    "Lagerarbeiter in Göppingen, Umschulung": (
        ask("beschaeftigte", None, "goeppingen", "umschulung"),
        {
            "bildungsgutschein": (
                "weil Sie beschäftigt sind: bis zu 100 % der Lehrgangskosten – um einen Berufsabschluss nachzuholen",
                "Das gilt nur, wenn Sie keinen Berufsabschluss haben.",
            ),
            "qualifizierungschancengesetz": (
                "weil Sie beschäftigt sind: bis zu 100 % der Lehrgangskosten und bis zu 75 % Zuschuss zum Arbeitsentgelt",
                "Das gilt nur, wenn Ihr Betrieb weniger als 50 Beschäftigte hat.",
            ),
            "qualifizierungsgeld": (f"weil Sie beschäftigt sind: {QG}", "Das gilt nur, wenn Ihr Betrieb weniger als 250 Beschäftigte hat."),
            "weiterbildungspraemie": (
                "weil Sie beschäftigt sind: 1.000 € nach bestandener Zwischenprüfung und 1.500 € nach bestandener Abschlussprüfung",
                "Das gilt nur, wenn Sie keinen Berufsabschluss haben.",
            ),
        },
    ),
    "Arbeitgeber mit 200 Beschäftigten": (
        ask("unternehmen", 200, "boeblingen"),
        {
            "qualifizierungschancengesetz": (
                f"weil Sie als Arbeitgeber Beschäftigte weiterbilden möchten und Ihr Betrieb 200 Beschäftigte hat: {S82}",
                "Das gilt nur für diese Ziele: Fachkurs oder Zertifikat; Umschulung oder Berufsabschluss; Sprache lernen.",
            ),
            "esf-plus-fachkurse": (
                f"weil Sie als Arbeitgeber Beschäftigte weiterbilden möchten und in {BW} wohnen oder arbeiten: {ESF30}",
                "Das gilt nur für diese Ziele: Fachkurs oder Zertifikat; Sprache lernen.",
            ),
            "qualifizierungsgeld": (
                f"weil Sie als Arbeitgeber Beschäftigte weiterbilden möchten und Ihr Betrieb 200 Beschäftigte hat: {QG}",
                "Das gilt nur für diese Ziele: Fachkurs oder Zertifikat; Umschulung oder Berufsabschluss.",
            ),
        },
    ),
    "Großbetrieb, Arbeitgeber": (
        ask("unternehmen", 2500, "stuttgart", "zertifikat"),
        {
            "qualifizierungschancengesetz": (
                "weil Sie als Arbeitgeber Beschäftigte weiterbilden möchten und Ihr Betrieb 2500 Beschäftigte hat: "
                "bis zu 25 % der Lehrgangskosten und bis zu 25 % Zuschuss zum Arbeitsentgelt", ""),
            "esf-plus-fachkurse": (f"weil Sie als Arbeitgeber Beschäftigte weiterbilden möchten und in {BW} wohnen oder arbeiten: {ESF30}", ""),
            "qualifizierungsgeld": (
                "weil Sie als Arbeitgeber Beschäftigte weiterbilden möchten und Ihr Betrieb 2500 Beschäftigte hat: "
                "60 % des ausfallenden Nettoentgelts (mit Kind 67 %), wenn bei mindestens 20 % der Belegschaft Bedarf besteht; "
                "die Kurskosten trägt der Betrieb", ""),
        },
    ),
    "arbeitsuchend, Umschulung": (
        ask("arbeitsuchende", None, "stuttgart", "umschulung"),
        {
            "bildungsgutschein": (f"weil Sie Arbeit suchen: {GUTSCHEIN_AS}", ""),
            "weiterbildungspraemie": (
                "weil Sie Arbeit suchen: 1.000 € nach bestandener Zwischenprüfung, 1.500 € nach bestandener Abschlussprüfung, "
                "dazu 150 € Weiterbildungsgeld im Monat", ""),
        },
    ),
    "arbeitsuchend, 23, Meister": (
        ask("arbeitsuchende", None, None, "aufstieg", age=23, qualification="mit"),
        {
            "bildungsgutschein": (f"weil Sie Arbeit suchen: {GUTSCHEIN_AS}", ""),
            "aufstiegs-bafoeg": (f"weil Sie Arbeit suchen: {AFBG}", ""),
            "weiterbildungsstipendium": (f"weil Sie Arbeit suchen, 23 Jahre alt sind und einen Berufsabschluss haben: {STIPENDIUM}", ""),
        },
    ),
    "beschäftigt, 30, Meister": (
        ask("beschaeftigte", 120, "ludwigsburg", "aufstieg", age=30, qualification="mit"),
        {
            "aufstiegs-bafoeg": (f"weil Sie beschäftigt sind: {AFBG}", ""),
            "bildungszeit-bw": (f"weil Sie beschäftigt sind und in {BW} wohnen oder arbeiten: {BZ}", ""),
        },
    ),
    "selbstständig außerhalb des Landes": (
        ask("selbststaendige", None, "anderswo", "zertifikat"),
        {"kompass": (f"weil Sie selbstständig sind: {KOMPASS}", "")},
    ),
    "selbstständig, 60 Jahre": (
        ask("selbststaendige", None, "land-baden-wuerttemberg", "zertifikat", age=60),
        {
            "esf-plus-fachkurse": (
                f"weil Sie selbstständig sind, in {BW} wohnen oder arbeiten und 60 Jahre alt sind: bis zu 70 % der Lehrgangskosten", ""),
            "kompass": (f"weil Sie selbstständig sind: {KOMPASS}", ""),
        },
    ),
    "Wiedereinstieg ohne Abschluss, Sprache": (
        ask("wiedereinsteigende", None, "rems-murr-kreis", "sprache", qualification="ohne"),
        {
            "esf-plus-fachkurse": (
                f"weil Sie wieder in den Beruf einsteigen möchten, in {BW} wohnen oder arbeiten und keinen Berufsabschluss haben: "
                "bis zu 70 % der Lehrgangskosten",
                "",  # the row for 55 and older comes first, but this one holds for sure
            ),
        },
    ),
    "in Ausbildung": (ask("auszubildende", None, "stuttgart", "zertifikat"), {}),
}


@pytest.mark.parametrize("case", list(CASES))
def test_decision_rules_give_the_expected_programmes_and_reasons(table: list[eligibility.Row], case: str) -> None:
    given, expected = CASES[case]
    found = {m.programme: (m.reason, m.only_if) for m in eligibility.evaluate(table, answers_of(given))}
    assert found == expected


def test_the_issue_example_reads_as_promised(table: list[eligibility.Row]) -> None:
    (match, *_) = eligibility.evaluate(table, answers_of(ask("beschaeftigte", 200, "stuttgart", "zertifikat")))
    assert match.reason.startswith("weil Sie beschäftigt sind und Ihr Betrieb 200 Beschäftigte hat: bis zu 50 % der Lehrgangskosten")


def test_every_text_says_may_fit_never_you_get(table: list[eligibility.Row]) -> None:
    texts = [text for row in table for text in [row.rate, *row.rate_easy, *row.open.values(), *row.open_easy.values()]]
    for given, _ in CASES.values():
        for match in eligibility.evaluate(table, answers_of(given)):
            texts += [match.reason, match.only_if, *match.easy]
            assert "Dann kann dieses Förder·programm passen." in match.easy
    assert texts and not [t for t in texts if re.search(r"\berhalten\b", t)]


def test_leichte_sprache_sentences_are_short(table: list[eligibility.Row]) -> None:
    for given, _ in CASES.values():
        for match in eligibility.evaluate(table, answers_of(given)):
            sentences = [part for text in match.easy for part in re.split(r"(?<=[.:])\s+", text)]
            assert all(len(sentence.split()) <= 12 for sentence in sentences), match.easy


def test_an_expired_programme_leaves_the_check_after_its_last_day() -> None:
    valid = check(SAMPLE)
    assert valid.taxonomies is not None
    programmes = [p.model_copy(update={"valid_until": TODAY}) if p.id == "bildungszeit-bw" else p for p in valid.taxonomies.funding]
    answers = answers_of(ask("beschaeftigte", 200, "stuttgart", "zertifikat"))
    on_the_day = {m.programme for m in eligibility.evaluate(eligibility.rows(programmes, TODAY), answers)}
    day_after = {m.programme for m in eligibility.evaluate(eligibility.rows(programmes, TODAY + timedelta(days=1)), answers)}
    assert "bildungszeit-bw" in on_the_day and "bildungszeit-bw" not in day_after


# --- The decision table without JavaScript shows the same -------------------------------------


def _span(text: str, unit: str) -> tuple[int | None, int | None] | None:
    if text == "egal":
        return None
    numbers = [int(n) for n in re.findall(r"\d+", text.replace(".", ""))]
    if text.startswith("weniger als"):
        return (None, numbers[0] - 1)
    if text.startswith("jünger als"):
        return (None, numbers[0] - 1)
    if "oder mehr" in text or "oder älter" in text:
        return (numbers[0], None)
    return (numbers[0], numbers[1])


def table_rows(page: Path, situation: str) -> list[dict[str, Any]]:
    """The rows of the decision table for a situation, read from the cells visitors read."""
    doc = element_tree(page)
    section = doc.find(f".//section[@data-situation='{situation}']")
    if section is None:
        return []
    rows = []
    goals = {g.short: key for key, g in eligibility.GOALS.items()}
    for tr in section.iterfind(".//tbody/tr"):
        # The rates for some of an employer's staff stand below the row's own, each a paragraph.
        staff = [" ".join("".join(p.itertext()).split()) for p in tr.iterfind(".//p[@class='foerdertabelle__beschaeftigte']")]
        for td in tr:
            for p in td.findall("p[@class='foerdertabelle__beschaeftigte']"):
                td.remove(p)
        cells = {td.get("data-label"): " ".join("".join(td.itertext()).split()) for td in tr if td.tag in ("td", "th")}
        rows.append({
            "programme": tr.get("data-programm"),
            "employees": _span(cells["Betriebsgröße"], "Beschäftigte"),
            "state": None if cells["Wohnort oder Arbeitsort"] == "egal" else cells["Wohnort oder Arbeitsort"].removeprefix("in "),
            "goals": [] if cells["Ziel"] == "egal" else [goals[g] for g in cells["Ziel"].split("; ")],
            "age": _span(cells["Alter"], "Jahre"),
            "qualification": {"egal": None, "ohne Berufsabschluss": "ohne", "mit Berufsabschluss": "mit"}[cells["Berufsabschluss"]],
            "rate": cells["Was möglich ist"],
            "staff": staff,
        })
    return rows


def read_table(rows: list[dict[str, Any]], answers: eligibility.Answers) -> dict[str, str]:
    """What a reader of the table concludes: per programme the first row that surely holds,
    else the first that holds where an answer is missing (as the table's note says)."""
    def holds(row: dict[str, Any]) -> bool | None:
        checks = []
        if row["employees"]:
            low, high = row["employees"]
            checks.append(None if answers.employees is None else (low is None or answers.employees >= low) and (high is None or answers.employees <= high))
        if row["state"]:
            checks.append(None if answers.state is None else answers.state == row["state"])
        if row["goals"]:
            checks.append(None if answers.goal is None else answers.goal in row["goals"])
        if row["age"]:
            low, high = row["age"]
            checks.append(None if answers.age is None else (low is None or answers.age >= low) and (high is None or answers.age <= high))
        if row["qualification"]:
            checks.append(None if answers.qualification is None else answers.qualification == row["qualification"])
        if False in checks:
            return False
        return None if None in checks else True

    sure: dict[str, str] = {}
    maybe: dict[str, str] = {}
    for row in rows:
        verdict = holds(row)
        if verdict is True:
            sure.setdefault(row["programme"], row["rate"])
        elif verdict is None:
            maybe.setdefault(row["programme"], row["rate"])
    return {**maybe, **sure}


@pytest.mark.parametrize("case", list(CASES))
def test_the_table_without_javascript_gives_the_same_result(sample_site: Path, table: list[eligibility.Row], case: str) -> None:
    answers = answers_of(CASES[case][0])
    rows = table_rows(sample_site / "foerderung" / "check" / "tabelle" / "index.html", answers.situation)
    expected = {m.programme: m.row.rate for m in eligibility.evaluate(table, answers)}
    assert read_table(rows, answers) == expected


# --- Pages ------------------------------------------------------------------------------------


def text_of(path: Path) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", path.read_text())).split())


def test_every_programme_page_shows_its_stand_and_sources(sample_site: Path) -> None:
    # Every programme in the check has them (validation makes sure); the others say they lack one.
    for term in taxonomy()["funding"]:
        page = sample_site / "foerderung" / term["id"] / "index.html"
        source = page.read_text()
        if "as_of" not in term:
            assert "for" not in term and "Für dieses Programm ist kein Stand angegeben." in text_of(page)
            continue
        assert f"Stand der Angaben: {term['as_of'].day}. " in text_of(page)
        for link in term["source"]:
            assert f'href="{html.escape(link["url"])}"' in source


def test_overview_has_one_short_block_per_programme_and_the_check(sample_site: Path) -> None:
    doc = element_tree(sample_site / "foerderung" / "index.html")
    blocks = doc.findall(".//li[@class='programmblock']")
    assert [b.get("id") for b in blocks] == [t["id"] for t in taxonomy()["funding"]]
    for block in blocks:
        assert block.find(".//h2/a").get("href") == f"/foerderung/{block.get('id')}/"
    assert doc.find(".//a[@href='/foerderung/check/']") is not None


def test_programme_pages_list_their_offers_by_region_and_page(sample_site: Path) -> None:
    offers = live()
    per_page = yaml.safe_load((SAMPLE / "site.yaml").read_text())["per_page"]
    for term in taxonomy()["funding"]:
        mine = {k for k, o in offers.items() if term["id"] in funding_of(o)}
        base = sample_site / "foerderung" / term["id"]
        shown = set()
        for page in [base / "index.html", *sorted((base / "seite").glob("*/index.html"))]:
            links = re.findall(r'class="karte__link" href="/angebote/([^/]+)/"', page.read_text())
            assert len(links) <= per_page
            shown |= set(links)
        assert shown == mine, term["id"]
        for region in taxonomy()["regions"]:
            there = {k for k in mine if (offers[k].get("location") or {}).get("region") == region["id"]}
            page = base / region["id"] / "index.html"
            assert page.exists() == bool(there)
            if there:
                assert set(re.findall(r'class="karte__link" href="/angebote/([^/]+)/"', page.read_text())) == there


def test_offers_inherit_their_providers_recognitions_while_they_hold(sample_site: Path) -> None:
    api = {o["id"]: o for o in json.loads((sample_site / "api" / "angebote.json").read_text())["offers"]}
    checked = 0
    for key, offer in live().items():
        own = set(offer.get("funding", []))
        expected = funding_of(offer)
        got = {f["id"]: f["via"] for f in api[key]["funding"]}
        assert set(got) == expected
        assert {f for f, via in got.items() if via == "offer"} == own
        checked += "bildungszeit-bw" in expected - own
    assert checked >= 30
    # The Bürgerkolleg's recognition ran out on 2026-10-31: its offers carry no Bildungszeit.
    assert all("bildungszeit-bw" not in {f["id"] for f in o["funding"]} for o in api.values() if o["provider"]["id"] == "buergerkolleg-stuttgart")
    page = (sample_site / "angebote" / "konfliktgespraeche-fuehren" / "index.html").read_text()
    # Shown, but not searchable: the words would match "Anerkennung" (of foreign qualifications).
    assert "Bildungszeit Baden-Württemberg</a> <span class=\"gedaempft\" data-pagefind-ignore>(über die Anerkennung des Anbieters)</span>" in page


def test_recognition_validity_is_inclusive(tmp_path: Path) -> None:
    # The minimal provider's offers carry no Bildungsgutschein of their own except mag-schweissen.
    tree = copy_tree(tmp_path / "src", FIXTURES / "minimal")
    provider = tree / "content" / "providers" / "akademie.yaml"
    provider.write_text(provider.read_text() + "recognitions:\n  - funding: bildungsgutschein\n    valid_until: 2026-12-01\n")
    for day, expected in ((TODAY, "provider"), (TODAY + timedelta(days=1), None)):
        out = tmp_path / f"out-{day.isoformat()}"
        build(tree, out, today=day, search_index=False)
        offers = json.loads((out / "api" / "angebote.json").read_text())["offers"]
        assert offers
        for offer in offers:
            via = {f["id"]: f["via"] for f in offer["funding"]}.get("bildungsgutschein")
            assert via == ("offer" if offer["id"] == "mag-schweissen" else expected), (day, offer["id"])


def test_offer_pages_name_inhouse_booking_and_a_group_price(sample_site: Path) -> None:
    for key, offer in live().items():
        page = text_of(sample_site / "angebote" / key / "index.html")
        rows = re.findall(r'<div class="fakten__zeile">(.*?)</div>', (sample_site / "angebote" / key / "index.html").read_text())
        assert sum("Inhouse" in row for row in rows) == (1 if offer.get("inhouse") else 0), key  # one fact, with the link for employers
        assert ("auch als Inhouse-Schulung buchbar" in page) == bool(offer.get("inhouse")), key
        price = offer["price"]
        # Not where a note says more of what the amount is ("je UE", "Firmenpreis; privat 249 €").
        if price.get("amount") and price.get("per", "person") == "person" and not price.get("note"):
            ten = f"{price['amount'] * 10:,.0f}".replace(",", ".") if float(price["amount"] * 10).is_integer() else None
            # Arithmetic, said as such: no provider offered a group price.
            assert "Gerechnet für 5 Personen: " in page and (ten is None or f"für 10 Personen: {ten} €; Gruppenpreise beim Anbieter erfragen" in page), key
            assert "Für eine Gruppe" not in page
        else:
            assert "Gerechnet für" not in page


def test_an_inhouse_offer_says_who_quotes_the_team_price_and_asks_for_it(sample_site: Path) -> None:
    """The price an offer shows is one person's: an HR manager with six employees learns that the
    provider quotes date and price for the team, and can ask by e-mail with what the provider
    needs to quote (size, period, place, VAT) – sent to the offer's contact or its provider's."""
    asked = 0
    for key, offer in live().items():
        html_text = (sample_site / "angebote" / key / "index.html").read_text()
        links = re.findall(r'<a class="inhouse-anfrage"[^>]* href="mailto:([^"?]+)\?subject=([^"&]+)&amp;body=([^"]+)">Inhouse-Schulung anfragen</a>', html_text)
        if not offer.get("inhouse"):
            assert not links and "Preis für Ihr Team" not in html_text, key
            continue
        assert "Termin und Preis für Ihr Team nennt der Anbieter auf Anfrage." in text_of(sample_site / "angebote" / key / "index.html"), key
        email = (offer.get("contact") or {}).get("email") or providers()[offer["provider"]].get("email")
        if not email:
            assert not links, key
            continue
        (to, subject, body), = links
        body = urllib.parse.unquote(body)
        assert to == email and offer["title"] in urllib.parse.unquote(subject), key
        assert all(word in body for word in ("Anzahl der Teilnehmenden", "Zeitraum", "Ort", "Umsatzsteuer")), key
        asked += 1
    assert asked


def test_employers_page_shows_rates_by_size_inhouse_offers_and_employer_advice(sample_site: Path) -> None:
    page = sample_site / "unternehmen" / "index.html"
    text = text_of(page)
    employer = [t for t in taxonomy()["funding"] if "unternehmen" in t.get("for", [])]
    assert employer
    for term in employer:
        assert term["label"] in text
    assert f"50 bis 499 Beschäftigte {S82}" in text
    inhouse = {k for k, o in live().items() if o.get("inhouse") or o["price"].get("per") == "gruppe"}
    listed = set(re.findall(r'href="/angebote/([^/]+)/"', (sample_site / "unternehmen" / "inhouse" / "index.html").read_text()))
    assert listed == inhouse
    assert "Arbeitgeber-Service Böblingen (Beispiel)" in text
    assert "/suche/?foerderung=" in page.read_text()
    home = (sample_site / "index.html").read_text()
    assert 'href="/unternehmen/"' in home and 'href="/foerderung/check/"' in home


def test_the_employers_page_leads_to_every_point_for_employers(tmp_path: Path) -> None:
    """/unternehmen/ shows the points of the kinds its programmes name; a point for employers of
    another kind (a municipality's business development) is reached through the list on
    /beratung/, which the page links to with the number it holds."""
    tree = sample_tree(tmp_path / "src")
    point = tree / "content" / "advisory-points" / "wirtschaftsfoerderung-test.yaml"
    other = next(p for p in sorted((tree / "content" / "advisory-points").glob("*.yaml")) if _read(p).get("kind") == "kommune")
    data = _read(other) | {"name": "Wirtschaftsförderung (Test)", "audiences": ["unternehmen"]}
    point.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    out = tmp_path / "out"
    build(tree, out, today=TODAY, search_index=False)
    employers = element_tree(out / "unternehmen" / "index.html")
    shown = {a.get("href") for a in employers.iterfind(".//section[@aria-labelledby='beratung-titel']//h3/a")}
    assert "/beratung/wirtschaftsfoerderung-test/" not in shown
    listed = element_tree(out / "beratung" / "index.html").findall(".//section[@id='fuer-arbeitgeber']//li")
    assert "wirtschaftsfoerderung-test" in {li.get("data-arbeitgeber") for li in listed}
    link = next(a for a in employers.iterfind(".//section[@aria-labelledby='beratung-titel']//a") if a.get("href") == "/beratung/#fuer-arbeitgeber")
    assert link.text == f"Alle {len(listed)} Beratungsstellen für Arbeitgeber und Betriebe" and len(listed) > len(shown)


def test_advice_page_lists_the_points_for_employers_without_javascript(sample_site: Path) -> None:
    """An HR person on /beratung/ finds the points that advise employers (``audiences``:
    unternehmen) in a list of their own, linked from the jump list, without JavaScript; the
    finder offers the same as its "Zielgruppe" filter. Expected from the YAML, in the page's
    region order."""
    regions = [r["id"] for r in taxonomy()["regions"]]
    points = {p.stem: _read(p) for p in (SAMPLE / "content" / "advisory-points").glob("*.yaml")}
    expected = sorted((pid for pid, p in points.items() if "unternehmen" in p.get("audiences", [])),
                      key=lambda pid: (regions.index(points[pid]["address"]["region"]), points[pid]["name"].casefold()))
    assert 2 <= len(expected) < len(points)
    doc = element_tree(sample_site / "beratung" / "index.html")
    section = doc.find(".//section[@id='fuer-arbeitgeber']")
    assert section is not None
    assert [li.get("data-arbeitgeber") for li in section.iterfind(".//li")] == expected
    assert [a.get("href") for a in section.iterfind(".//li/a")] == [f"/beratung/{pid}/" for pid in expected]
    assert section.find("h2").text == "Beratung für Arbeitgeber und Betriebe"
    jumps = {a.get("href") for a in doc.iterfind(".//nav[@class='sprungliste']//a")}
    assert "#fuer-arbeitgeber" in jumps
    select = doc.find(".//select[@id='finder-zielgruppe']")
    assert select is not None and select.get("data-filter") == "audiences"
    assert "unternehmen" in {o.get("value") for o in select.iterfind("option")}
    assert doc.find(".//label[@for='finder-zielgruppe']") is not None
    finder = json.loads(doc.find(".//section[@id='beratungsfinder']").get("data-finder"))
    assert {p["id"]: p["audiences"] for p in finder["points"]} == {pid: p.get("audiences", []) for pid, p in points.items()}


def test_check_page_carries_the_rules_the_counts_and_nothing_else(sample_site: Path, table: list[eligibility.Row]) -> None:
    doc = element_tree(sample_site / "foerderung" / "check" / "index.html")
    form = doc.find(".//form[@id='foerdercheck']")
    data = json.loads(form.get("data-check"))
    assert data["rows"] == [row.as_json() for row in table]
    assert form.get("action") is None  # nothing is sent anywhere
    # Counts for the search links: the worker's Bildungsgutschein courses in Göppingen on logistics.
    expected = {k for k, o in live().items() if "bildungsgutschein" in funding_of(o) and "logistik" in o["topics"]
                and (o.get("location") or {}).get("region") == "goeppingen"}
    assert data["offers"]["bildungsgutschein"]["goeppingen"]["logistik"] == len(expected) >= 1
    assert data["advice"]["bildungsgutschein"]["beschaeftigte"]["goeppingen"] == "lotsenpunkt-geislingen"
    assert data["advice"]["qualifizierungschancengesetz"]["unternehmen"]["boeblingen"] == "arbeitgeber-service-boeblingen"
    assert not re.search(r"\berhalten\b", json.dumps(data, ensure_ascii=False))


def test_an_expired_programme_warns_hides_from_the_check_and_is_reported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    tree = sample_tree(tmp_path / "src")
    taxonomies = tree / "content" / "taxonomies.yaml"
    text = taxonomies.read_text()
    taxonomies.write_text(text.replace("    label: \"Weiterbildungsstipendium\"\n", "    label: \"Weiterbildungsstipendium\"\n    valid_until: 2026-11-30\n"))
    out = tmp_path / "out"
    build(tree, out, today=TODAY, search_index=False)
    data = json.loads(element_tree(out / "foerderung" / "check" / "index.html").find(".//form[@id='foerdercheck']").get("data-check"))
    assert "weiterbildungsstipendium" not in data["programmes"]
    assert "weiterbildungsstipendium" not in {row["programme"] for row in data["rows"]}
    assert "lief laut Redaktion am 30. November 2026 aus" in text_of(out / "foerderung" / "weiterbildungsstipendium" / "index.html")
    assert main(["report", "--source", str(tree), "--today", TODAY.isoformat(), "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert ("funding", "weiterbildungsstipendium") in {(i["kind"], i["id"]) for i in report["expired_funding"]}


def test_funding_fields_are_validated_with_their_place(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    tree = copy_tree(tmp_path / "src", FIXTURES / "minimal", FIXTURES / "funding-invalid")
    assert main(["validate", "--source", str(tree)]) == 1
    assert capsys.readouterr().out == (FIXTURES / "funding-invalid" / "expected.txt").read_text()


def test_the_preview_renders_only_the_programme_pages_that_show_a_changed_offer(tmp_path: Path) -> None:
    """A changed offer's card is on its programmes' pages and their region pages; the other
    pages of those programmes (hundreds for a programme most providers are recognised for) stay.
    The check's counts and the employers' page follow with the catalogues (``defer``)."""
    from site_builder.incremental import Memory, rebuild

    tree = sample_tree(tmp_path / "src")
    live_dir, memory = tmp_path / "live", Memory()
    first = rebuild(tree, live_dir, memory, TODAY, None, defer=True)
    assert first.full and first.finish is not None
    first.finish()
    offer = tree / "offers" / "logistik-campus-filstal" / "staplerschein.yaml"
    offer.write_text(offer.read_text().replace('title: "Staplerschein:', 'title: "Gabelstaplerschein:', 1))
    report = rebuild(tree, live_dir, memory, TODAY, None, defer=True)
    assert report.finish is not None
    report.finish()
    shown_on = {
        p.relative_to(live_dir).parent.as_posix() + "/"
        for p in (live_dir / "foerderung").rglob("index.html")
        if 'href="/angebote/staplerschein/"' in p.read_text()
    }
    funding_pages = {path for path in report.paths if path.startswith("foerderung/") and path != "foerderung/"}
    assert shown_on and funding_pages == shown_on


def test_a_guide_whose_programmes_say_not_whom_they_are_for_has_a_check_without_questions(minimal_tree: Path, tmp_path: Path) -> None:
    """No programme says whom it is for (``for``): the Förder-Check had a first question with
    no answers and could not be sent (a helper's new guide). Its page and its table say why
    and lead to the programmes and the advisory points instead."""
    taxonomies = yaml.safe_load((minimal_tree / "content" / "taxonomies.yaml").read_text(encoding="utf-8"))
    assert all("for" not in programme for programme in taxonomies["funding"])
    out = tmp_path / "site"
    build(minimal_tree, out, today=TODAY, search_index=False)
    check = (out / "foerderung" / "check" / "index.html").read_text(encoding="utf-8")
    assert 'id="foerdercheck"' not in check and "der Förder-Check hat deshalb keine Fragen" in check
    assert 'href="/foerderung/"' in check and 'href="/beratung/"' in check
    table = (out / "foerderung" / "check" / "tabelle" / "index.html").read_text(encoding="utf-8")
    assert "die Tabelle hat deshalb keine Zeilen" in table and "<table" not in table


def _recognised_but_one_left_out(tree: Path) -> None:
    """The minimal guide's provider recognised for the Bildungsgutschein, as a Land recognises
    a provider for Bildungszeit or Bildungsurlaub; its one-day Excel course does not qualify."""
    provider = tree / "content" / "providers" / "akademie.yaml"
    provider.write_text(provider.read_text() + "recognitions:\n  - funding: bildungsgutschein\n")
    offer = tree / "offers" / "akademie" / "excel-kompakt.yaml"
    offer.write_text(offer.read_text() + "excluded_funding: [bildungsgutschein]\n")


def test_the_providers_page_names_the_offers_a_recognition_does_not_hold_for(minimal_tree: Path, tmp_path: Path) -> None:
    """"Anerkannt für Bildungsgutschein" on the provider's page, while its Excel course leaves
    the programme out: the page names that course, so nobody counts on it for all of them."""
    _recognised_but_one_left_out(minimal_tree)
    out = tmp_path / "site"
    build(minimal_tree, out, today=TODAY, search_index=False)
    page = (out / "anbieter" / "akademie" / "index.html").read_text(encoding="utf-8")
    box = page.split("Anerkannt für</h3>", 1)[1].split("</ul>", 1)[0]
    text = " ".join(re.sub(r"<[^>]+>", " ", box).split())
    assert text.startswith("Bildungsgutschein") and "gilt nicht für Excel kompakt" in text, text
    assert 'href="/angebote/excel-kompakt/"' in box and "python-online" not in box


def test_an_offer_left_out_of_its_providers_recognition_does_not_carry_the_programme(minimal_tree: Path, tmp_path: Path) -> None:
    """python-online keeps the programme through the recognition; excel-kompakt, which leaves
    it out, lacks it on its page and card, in the search filter, on the programme's page and in
    the API."""
    _recognised_but_one_left_out(minimal_tree)
    out = tmp_path / "site"
    build(minimal_tree, out, today=TODAY, search_index=False)
    api = {o["id"]: o for o in json.loads((out / "api" / "angebote.json").read_text())["offers"]}
    assert api["python-online"]["funding"] == [{"id": "bildungsgutschein", "label": "Bildungsgutschein", "via": "provider"}]
    assert api["excel-kompakt"]["funding"] == [] and "excluded_funding" not in api["excel-kompakt"]
    kept, left = ((out / "angebote" / key / "index.html").read_text() for key in ("python-online", "excel-kompakt"))
    assert 'Bildungsgutschein</a> <span class="gedaempft" data-pagefind-ignore>(über die Anerkennung des Anbieters)</span>' in kept
    assert '<meta name="lotse-foerderung" content="Bildungsgutschein" data-pagefind-filter="foerderung[content]">' in kept
    assert "Bildungsgutschein" not in left and "lotse-foerderung" not in left
    cards = {
        re.search(r'href="/angebote/([^/]+)/"', card).group(1): card  # type: ignore[union-attr]
        for card in (out / "themen" / "it" / "index.html").read_text().split('<article class="karte angebotskarte">')[1:]
    }
    assert "Bildungsgutschein möglich" in cards["python-online"] and "Bildungsgutschein möglich" not in cards["excel-kompakt"]
    listed = set(re.findall(r'class="karte__link" href="/angebote/([^/]+)/"', (out / "foerderung" / "bildungsgutschein" / "index.html").read_text()))
    assert listed == {"python-online", "mag-schweissen"}


EXCLUSION_MISTAKES = {
    "unbekannt": (
        "excel-kompakt", "excluded_funding: [bildungsgutschien]\n",
        "offers/akademie/excel-kompakt.yaml:18:20: excluded_funding[0]: unbekanntes Förderprogramm 'bildungsgutschien' "
        "(nicht deklariert in content/taxonomies.yaml unter funding); meinten Sie 'bildungsgutschein'?",
    ),
    "nicht anerkannt": (
        "excel-kompakt", "excluded_funding: [bildungsgutschein]\n",
        "offers/akademie/excel-kompakt.yaml:18:20: excluded_funding[0]: der Anbieter 'akademie' hat keine Anerkennung für "
        "'bildungsgutschein'; nur geerbte Programme können ausgeschlossen werden: bitte streichen (unter recognitions in "
        "content/providers/akademie.yaml steht keines)",
    ),
    "auch unter funding": (
        "mag-schweissen", "excluded_funding: [bildungsgutschein]\n",
        "offers/akademie/mag-schweissen.yaml:37:20: excluded_funding[0]: 'bildungsgutschein' steht auch unter funding: ein "
        "Programm gilt für das Angebot oder ist ausgenommen, nicht beides; bitte an einer der beiden Stellen streichen",
    ),
}


@pytest.mark.parametrize("mistake", EXCLUSION_MISTAKES)
def test_each_mistake_in_leaving_a_programme_out_gives_its_one_line(
    mistake: str, minimal_tree: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    offer, added, line = EXCLUSION_MISTAKES[mistake]
    if mistake != "nicht anerkannt":
        provider = minimal_tree / "content" / "providers" / "akademie.yaml"
        provider.write_text(provider.read_text() + "recognitions:\n  - funding: bildungsgutschein\n")
    path = minimal_tree / "offers" / "akademie" / f"{offer}.yaml"
    path.write_text(path.read_text() + added)
    assert main(["validate", "--source", str(minimal_tree)]) == 1
    assert capsys.readouterr().out == f"{line}\n1 Fehler gefunden.\n"


def test_an_employer_never_reads_the_step_written_for_employees(tmp_path: Path) -> None:
    """A programme for employees and employers has a next step for each: ``employer_next_step``
    where the reader is an employer (/unternehmen/, the check after "Arbeitgeber", the
    programme page and the table under "Für Arbeitgeber"); without one, a neutral pointer to
    advice, never the employees' step ("Sprechen Sie mit Ihrem Arbeitgeber")."""
    tree = sample_tree(tmp_path / "src")
    taxonomies = tree / "content" / "taxonomies.yaml"
    data = yaml.safe_load(taxonomies.read_text())
    both = [t for t in data["funding"] if "unternehmen" in t.get("for", []) and len(t["for"]) > 1]
    assert len(both) >= 2
    with_own, without = both[0], both[1]
    assert with_own.get("employer_next_step")
    without.pop("employer_next_step", None)
    without["next_step"] = "Sprechen Sie mit Ihrem Arbeitgeber."
    taxonomies.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    out = tmp_path / "out"
    build(tree, out, today=TODAY, search_index=False)
    fallback = "Fragen Sie bei einer Beratungsstelle nach, ob Ihr Betrieb diese Förderung bekommen kann"
    employers = text_of(out / "unternehmen" / "index.html")
    assert "Sprechen Sie mit Ihrem Arbeitgeber" not in employers
    assert " ".join(with_own["employer_next_step"].split()) in employers
    assert fallback in employers
    check_data = json.loads(element_tree(out / "foerderung" / "check" / "index.html").find(".//form[@id='foerdercheck']").get("data-check"))
    steps = check_data["programmes"][without["id"]]["next_steps"]
    assert steps["unternehmen"].startswith(fallback) and steps["beschaeftigte"] == "Sprechen Sie mit Ihrem Arbeitgeber."
    assert check_data["programmes"][with_own["id"]]["next_steps"]["unternehmen"] == " ".join(with_own["employer_next_step"].split())
    page = text_of(out / "foerderung" / without["id"] / "index.html")
    assert re.search(r"Für Beschäftigte[^:]*: Sprechen Sie mit Ihrem Arbeitgeber\.", page) and f"Für Arbeitgeber: {fallback}" in page


def test_the_check_asks_age_and_qualification_only_of_those_answering_for_themselves(sample_site: Path) -> None:
    doc = element_tree(sample_site / "foerderung" / "check" / "index.html")
    person = doc.find(".//fieldset[@id='frage-person']")
    asked = set(person.get("data-nur-fuer").split())
    assert "unternehmen" not in asked
    assert {"beschaeftigte", "arbeitsuchende"} <= asked


def test_an_employer_reads_the_rates_that_depend_on_their_employees_age_or_qualification(table: list[eligibility.Row]) -> None:
    """An employer is not asked the age or Berufsabschluss of whom they train, yet a programme
    with a higher rate for employees of some age or without a Berufsabschluss (the ESF course
    subsidy: 30 %, but 70 % from 55) pays it when the firm pays too. The employer's result names
    those rates beside its own instead of "bis zu 30 %" alone; read here from the YAML."""
    wanted: dict[str, list[str]] = {}
    for term in taxonomy()["funding"]:
        if "unternehmen" not in term.get("for", []):
            continue
        for rate in term.get("rates", []):
            if "beschaeftigte" not in rate.get("for", term["for"]) or rate.get("employees_min") or rate.get("employees_max"):
                continue
            if rate.get("course_costs") is None:
                continue
            who = f"{rate['age_min']} Jahre oder älter sind" if rate.get("age_min") else (
                "keinen Berufsabschluss haben" if rate.get("qualification") == "ohne" else None)
            if who:
                wanted.setdefault(term["id"], []).append(f"Für Beschäftigte, die {who}: bis zu {rate['course_costs']} % der Lehrgangskosten")
    assert wanted, "das Beispiel hat einen solchen Satz"
    found = {m.programme: m for m in eligibility.evaluate(table, answers_of(ask("unternehmen", 40, "stuttgart", "zertifikat")))}
    for programme, sentences in wanted.items():
        staff = found[programme].staff
        assert all(any(line.startswith(s) for line in staff) for s in sentences), (programme, staff)
        assert found[programme].row.rate not in " ".join(staff)
    # Only for someone answering for others: an employee reads their own rate, not others'.
    for match in eligibility.evaluate(table, answers_of(ask("beschaeftigte", 40, "stuttgart", "zertifikat"))):
        assert match.staff == ()
    # A rate for another company size is no employer's at this size (§ 82: 45 or older, 50 to 499).
    def fits(row: eligibility.Row) -> bool:
        return row.employees is None or (row.employees[0] or 0) <= 40 <= (row.employees[1] if row.employees[1] is not None else 40)

    for match in eligibility.evaluate(table, answers_of(ask("unternehmen", 40, "stuttgart", "zertifikat"))):
        ours = {f"Für Beschäftigte, die {r.person}: {r.rate}." for r in table if r.programme == match.programme and r.person and fits(r)}
        assert set(match.staff) <= ours


def test_the_static_tables_tell_an_employer_the_rates_for_their_staff_as_the_check_does(
    sample_site: Path, table: list[eligibility.Row],
) -> None:
    """The decision table and /unternehmen/ print an employer's rows; the check names beside an
    employer's rate the rates for some of their staff (the ESF course subsidy: 30 %, but 70 %
    for employees of 55 or without a Berufsabschluss). The static pages say the same, below
    the row's rate, and only in the employer's rows: each row's sentences are those the check
    gives an employer whose answers pick that row. The ESF sentences are written from the YAML."""
    rows = table_rows(sample_site / "foerderung" / "check" / "tabelle" / "index.html", "unternehmen")
    compared = 0
    for row in rows:
        low, high = row["employees"] or (None, None)
        employees = low if low is not None else (high if high is not None else 10)
        goal = row["goals"][0] if row["goals"] else "zertifikat"
        answers = eligibility.Answers("unternehmen", employees, row["state"] or BW, goal)
        match = next(m for m in eligibility.evaluate(table, answers) if m.programme == row["programme"])
        if match.row.rate == row["rate"]:
            assert row["staff"] == list(match.staff), row
            compared += 1
    assert compared == len(rows)
    esf = next(t for t in taxonomy()["funding"] if t["id"] == "esf-plus-fachkurse")
    wanted = [f"Für Beschäftigte, die {r['age_min']} Jahre oder älter sind: bis zu {r['course_costs']} % der Lehrgangskosten." if r.get("age_min")
              else f"Für Beschäftigte, die keinen Berufsabschluss haben: bis zu {r['course_costs']} % der Lehrgangskosten."
              for r in esf["rates"] if r.get("age_min") or r.get("qualification") == "ohne"]
    assert [r["staff"] for r in rows if r["programme"] == "esf-plus-fachkurse"] == [wanted]
    # Someone answering for themselves reads their own rows, without sentences for others.
    assert not any(r["staff"] for r in table_rows(sample_site / "foerderung" / "check" / "tabelle" / "index.html", "beschaeftigte"))
    # /unternehmen/: the same sentences below the same rates, by company size.
    doc = element_tree(sample_site / "unternehmen" / "index.html")
    article = doc.find(".//article[@aria-labelledby='ag-esf-plus-fachkurse']")
    assert [" ".join("".join(p.itertext()).split()) for p in article.iterfind(".//p[@class='foerdertabelle__beschaeftigte']")] == wanted
    for term_id in {r["programme"] for r in rows}:
        article = doc.find(f".//article[@aria-labelledby='ag-{term_id}']")
        on_page = [[" ".join("".join(p.itertext()).split()) for p in td.iterfind("p")] for td in article.iterfind(".//tbody/tr/td")]
        assert on_page == [r["staff"] for r in rows if r["programme"] == term_id], term_id


def test_course_conditions_stand_next_to_the_rates_for_employers(sample_site: Path) -> None:
    """A programme that declares what a course must meet (``course``) says it beside its rates:
    on /unternehmen/, on its page and in the check's data, so an 80-hour course does not look
    fully paid where more than 120 hours are asked."""
    declared = [t for t in taxonomy()["funding"] if t.get("course", {}).get("hours_more_than") and "unternehmen" in t.get("for", [])]
    assert declared
    employers = text_of(sample_site / "unternehmen" / "index.html")
    data = json.loads(element_tree(sample_site / "foerderung" / "check" / "index.html").find(".//form[@id='foerdercheck']").get("data-check"))
    for term in declared:
        sentence = f"Der Kurs dauert mehr als {term['course']['hours_more_than']} Stunden."
        assert f"Bedingungen für den Kurs: {sentence}" in employers
        assert sentence in data["programmes"][term["id"]]["course"]
        assert sentence in text_of(sample_site / "foerderung" / term["id"] / "index.html")


def test_an_offer_that_visibly_breaks_a_programmes_course_rules_does_not_inherit_it(tmp_path: Path) -> None:
    """A recognised provider's offers carry its programme unless what they state breaks the
    programme's ``course``: mornings of four hours where six a day are asked, or online only
    where presence is. Others of the provider keep it."""
    tree = sample_tree(tmp_path / "src")
    taxonomies = tree / "content" / "taxonomies.yaml"
    data = yaml.safe_load(taxonomies.read_text())
    term = next(t for t in data["funding"] if t.get("course", {}).get("hours_per_day_min"))
    minimum = term["course"]["hours_per_day_min"]
    provider = next(pid for pid, p in providers().items() if any(r["funding"] == term["id"] and r.get("valid_until") is None
                                                                  or r["funding"] == term["id"] and r["valid_until"] >= TODAY
                                                                  for r in p.get("recognitions", [])))
    folder = tree / "offers" / provider
    sources = {path: yaml.safe_load(path.read_text()) for path in sorted(folder.glob("*.yaml"))}
    short_path, long_path = list(sources)[:2]
    for path, hours in ((short_path, minimum - 2), (long_path, minimum + 2)):
        offer = sources[path]
        offer["format"] = "praesenz"
        offer["dates"] = [{"start": date(2027, 3, 1), "end": date(2027, 3, 2), "time": f"08:00-{8 + hours:02d}:00"}]
        offer.pop("excluded_funding", None)
        offer.pop("on_demand", None)
        offer.pop("dates_on_request", None)
        path.write_text(yaml.safe_dump(offer, allow_unicode=True, sort_keys=False))
    out = tmp_path / "out"
    build(tree, out, today=TODAY, search_index=False)
    assert term["label"] not in text_of(out / "angebote" / short_path.stem / "index.html")
    assert term["label"] in text_of(out / "angebote" / long_path.stem / "index.html")


def _recognised_where_azav_is_asked(tree: Path, certifications: list[str]) -> None:
    """The minimal guide's Bildungsgutschein asks for an AZAV certification (``course``), its
    provider is recognised for it and declares ``certifications``."""
    taxonomies = tree / "content" / "taxonomies.yaml"
    taxonomies.write_text(taxonomies.read_text() + "    course:\n      certification: AZAV\n")
    provider = tree / "content" / "providers" / "akademie.yaml"
    text = provider.read_text().replace("certifications: [AZAV]\n", f"certifications: {json.dumps(certifications, ensure_ascii=False)}\n")
    provider.write_text(text + "recognitions:\n  - funding: bildungsgutschein\n")


@pytest.mark.parametrize(("certifications", "inherits"), [
    (["ISO 9001"], False),
    (["ISO 9001", "Trägerzulassung nach AZAV"], True),
    (["azav-zertifiziert"], True),
    ([], True),  # says nothing: not judged
])
def test_a_programme_that_asks_for_a_certification_is_inherited_only_where_the_provider_names_it(
    certifications: list[str], inherits: bool, minimal_tree: Path,
) -> None:
    """A provider recognised for a programme whose courses need AZAV, but whose declared
    certifications name none: its offers do not inherit it. A provider that declares no
    certifications at all is not judged."""
    _recognised_where_azav_is_asked(minimal_tree, certifications)
    guide = load_guide(minimal_tree, TODAY)
    (offer,) = [o for o in guide.offers if o.id == "python-online"]
    assert [t.id for t in offer.funding_via_provider] == (["bildungsgutschein"] if inherits else [])


def test_a_certification_is_named_by_its_words_whole_and_in_a_row() -> None:
    names = eligibility.names_certification
    assert names(["Zulassung nach AZAV"], "AZAV") and names(["AZAV-Trägerzulassung"], "azav") and names(["ISO 9001:2015"], "ISO 9001")
    assert not names(["AZAVplus"], "AZAV") and not names(["ISO 90011"], "ISO 9001") and not names(["9001 ISO"], "ISO 9001")
    assert not names([], "AZAV")


def test_why_an_offer_breaks_a_programmes_course_rules_reads_as_german_for_editors() -> None:
    """Each reason of a note (``eligibility.course_breaks``) says what the files hold, in the
    labels editors read (the browser editor, the field reference) and the values as written,
    and where the provider's certifications are to be fixed: no field names, ids or English."""
    from site_builder import records

    course = records.FundingCourse(hours_more_than=120, hours_per_day_min=6, formats=["praesenz", "hybrid"], certification="AZAV")
    programme = records.FundingTerm.model_construct(course=course)
    offer = records.Offer.model_construct(format="online", duration=records.Duration(hours=16))
    reasons = eligibility.course_breaks(programme, offer, [150, 180], ["ISO 9001", "DIN 29990"], "content/providers/akademie.yaml")
    assert reasons == [
        "die Form ist „Online“, das Programm verlangt „Präsenz“ oder „Hybrid“",
        "der Kurs umfasst 16 Unterrichtsstunden, das Programm verlangt mehr als 120",
        "die Termine dauern höchstens 3 Stunden am Tag, das Programm verlangt im Schnitt mindestens 6",
        "der Anbieter (content/providers/akademie.yaml) nennt als Zertifizierungen nur „ISO 9001“ und „DIN 29990“, "
        "keine Zulassung nach AZAV",
    ]
    said = " ".join(reasons)
    assert not re.search(r"\b(format|online|praesenz|hours\w*|duration|certifications?|provider)\b", said)
    for limits, reason in ((records.FundingCourse(hours_min=40), "verlangt mindestens 40"),
                           (records.FundingCourse(hours_max=10), "erlaubt höchstens 10")):
        found = eligibility.course_breaks(records.FundingTerm.model_construct(course=limits), offer, [])
        assert found == [f"der Kurs umfasst 16 Unterrichtsstunden, das Programm {reason}"]


PREVIEW_SCRIPT = Path(__file__).resolve().parents[1] / "site_builder" / "admin" / "lotse-vorschau.js"


def preview_funding(tree: Path, offers: list[str]) -> dict[str, list[tuple[str, bool]]]:
    """The programmes (labels) the browser editor's preview (lotse-vorschau.js, under Node)
    shows for each of ``offers`` of the minimal guide, in order, with whether each is inherited."""
    if shutil.which("node") is None:
        pytest.skip("node fehlt")
    from site_builder.cms import preview_data

    lotse = preview_data(load_guide(tree, TODAY))
    data = {oid: yaml.safe_load((tree / "offers" / "akademie" / f"{oid}.yaml").read_text()) for oid in offers}
    script = (
        f"import {{ offerView }} from {json.dumps(PREVIEW_SCRIPT.as_uri())};\n"
        "import { readFileSync } from 'node:fs';\n"
        "const { lotse, data, now } = JSON.parse(readFileSync(0, 'utf8'));\n"
        "const out = {};\n"
        "for (const [id, d] of Object.entries(data)) out[id] = offerView(d, lotse, now).funding.map(f => [f.label, f.viaProvider]);\n"
        "process.stdout.write(JSON.stringify(out));\n"
    )
    done = subprocess.run(
        ["node", "--experimental-default-type=module", "--input-type=module", "-e", script],
        input=json.dumps({"lotse": lotse, "data": data, "now": TODAY.isoformat()}, default=str),
        capture_output=True, text=True, check=True, timeout=60,
    )
    return {oid: [(f, via) for f, via in found] for oid, found in json.loads(done.stdout).items()}


@pytest.mark.parametrize("certifications", [["ISO 9001"], ["Trägerzulassung nach AZAV"]])
def test_the_editors_preview_judges_the_certification_as_the_site_does(certifications: list[str], minimal_tree: Path) -> None:
    _recognised_where_azav_is_asked(minimal_tree, certifications)
    guide = load_guide(minimal_tree, TODAY)
    built = {o.id: [(t.label, t in o.funding_via_provider) for t in o.funding] for o in guide.offers if o.id in ("python-online", "mag-schweissen")}
    assert preview_funding(minimal_tree, list(built)) == built


# tests/fixtures/funding-order: each course names the same four programmes in the same order;
# its audiences decide which fits best. Weiterbildung im Betrieb fits employees outright, the
# Bildungsgutschein the unemployed outright and employees only without a Berufsabschluss;
# one programme says nothing of whom it is for, one is for the self-employed only.
FUNDING_ORDER = {
    "kurs-beschaeftigte": ["weiterbildung-im-betrieb", "bildungsgutschein", "ohne-angabe", "gruenderkurs"],
    "kurs-arbeitslose": ["bildungsgutschein", "ohne-angabe", "gruenderkurs", "weiterbildung-im-betrieb"],  # "arbeitslose" stands for arbeitsuchende
    "kurs-senioren": ["bildungsgutschein", "ohne-angabe", "gruenderkurs", "weiterbildung-im-betrieb"],  # no situation: as named
    "kurs-keine": ["bildungsgutschein", "ohne-angabe", "gruenderkurs", "weiterbildung-im-betrieb"],
    "mag-schweissen": ["weiterbildung-im-betrieb", "bildungsgutschein"],  # the first inherited, for employees
}


@pytest.fixture
def funding_order_tree(tmp_path: Path) -> Path:
    return copy_tree(tmp_path / "src", FIXTURES / "minimal", FIXTURES / "funding-order")


def test_an_offers_programmes_come_best_fit_to_its_audiences_first(funding_order_tree: Path) -> None:
    guide = load_guide(funding_order_tree, TODAY)
    assert {o.id: [t.id for t in o.funding] for o in guide.offers if o.id in FUNDING_ORDER} == FUNDING_ORDER


def test_the_programmes_fit_is_read_from_whom_its_rates_ask_nothing_of() -> None:
    valid = check(SAMPLE)
    assert valid.taxonomies is not None
    programmes = {t.id: t for t in valid.taxonomies.funding}
    assert eligibility.situation_fit(programmes["bildungsgutschein"]) == {"arbeitsuchende": eligibility.FIT_WELL, "beschaeftigte": eligibility.FIT_IF}
    assert eligibility.situations_of(["wiedereinstieg", "fuehrungskraefte", "zugewanderte"]) == ["beschaeftigte", "wiedereinsteigende"]
    assert eligibility.fit_rank({}, ["beschaeftigte"]) == eligibility.FIT_UNSAID and eligibility.fit_rank({}, []) == eligibility.FIT_WELL


def test_the_order_is_the_same_on_the_page_the_cards_the_search_and_the_api(funding_order_tree: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    build(funding_order_tree, out, today=TODAY, search_index=False)
    guide = load_guide(funding_order_tree, TODAY)
    labels = {t.id: t.label for t in guide.funding}
    api = {o["id"]: [f["id"] for f in o["funding"]] for o in json.loads((out / "api" / "angebote.json").read_text())["offers"]}
    cards = {
        re.search(r'href="/angebote/([^/]+)/"', card).group(1): card  # type: ignore[union-attr]
        for listing in sorted((out / "themen").rglob("index.html"))  # the topics' pages, each page of them
        for card in listing.read_text().split('<article class="karte angebotskarte">')[1:]
    }
    for oid, expected in FUNDING_ORDER.items():
        page = (out / "angebote" / oid / "index.html").read_text()
        assert [p for p in re.findall(r'<li><a href="/foerderung/([^/]+)/">', page) if p != "check"] == expected, oid  # not the menu's
        assert [html.unescape(v) for v in re.findall(r'<meta name="lotse-foerderung" content="([^"]*)"', page)] == [labels[f] for f in expected]
        assert [html.unescape(b) for b in re.findall(r'<li class="merkmale__gut">(.*?) möglich</li>', cards[oid])] == [labels[f] for f in expected]
        assert api[oid] == expected


def test_the_editors_preview_orders_the_programmes_as_the_site_does(funding_order_tree: Path) -> None:
    guide = load_guide(funding_order_tree, TODAY)
    built = {o.id: [(t.label, t in o.funding_via_provider) for t in o.funding] for o in guide.offers if o.id in FUNDING_ORDER}
    assert preview_funding(funding_order_tree, list(built)) == built
