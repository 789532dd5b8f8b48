"""The browser editor in a real browser: Decap CMS under /admin/ of a built guide, saving through
its local git proxy (decap-server) into a git repository, as partners' edits go through GitHub.

Run with LOTSE_DOCS_SCREENSHOTS=1 to renew the screenshots in docs/redaktion.md.
"""

from __future__ import annotations

import itertools
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml

from site_builder import cms
from site_builder.pipeline import build, load_guide

from .browser import Traffic, axe_violations, static_server
from .conftest import FIXTURES, ROOT, SAMPLE, copy_tree, eventually, sample_tree
from .editor import decap_server, git, init_repo, screenshot_folder

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not cms.NODE_MODULES.joinpath("decap-server").is_dir(), reason="bash scripts/setup.sh --cms"),
]

WIDTH, HEIGHT = 1280, 900
PROVIDER = "neckarwerk-technikakademie"


@dataclass
class Editor:
    repo: Path
    site: Path
    base: str  # the site's address
    api: str  # decap-server's

    @property
    def admin(self) -> str:
        return self.base + "/admin/"


# Offers for parts of the page no sample offer has: dates with their own place, price, mode and
# note; places with their accessibility; dates on request. Written into the sample guide for the preview test.
EXTRA_OFFERS = {
    "vorschau-eigene-termine": """title: "Vorschau: Termine mit eigenem Ort und Preis"
provider: neckarwerk-technikakademie
summary: "Ein Angebot, dessen Termine an verschiedenen Orten und zu verschiedenen Preisen stattfinden."
description: "Beschreibung."
topics: [cnc-fertigung]
format: praesenz
location:
  street: "Kanalstraße 42"
  postal_code: "73728"
  city: "Esslingen am Neckar"
  region: esslingen
  accessibility:
    wheelchair: true
    notes: "Aufzug im Hof"
dates:
  - start: {first}
    mode: teilzeit
    note: "Abendtermin"
    also_at:
      - name: "Lehrwerkstatt"
        street: "Solitudestraße 20"
        postal_code: "71638"
        city: "Ludwigsburg"
        region: ludwigsburg
        accessibility:
          wheelchair: true
  - start: {second}
    end: {second_end}
    location:
      name: "Zweigstelle"
      street: "Königstraße 1"
      postal_code: "70173"
      city: "Stuttgart"
      region: stuttgart
      accessibility:
        wheelchair: false
    price:
      amount: 1290.5
price:
  amount: 990
updated: 2026-11-20
""",
    "vorschau-auf-anfrage": """title: "Vorschau: Termine auf Anfrage"
provider: neckarwerk-technikakademie
summary: "Ein Angebot ohne feste Termine."
description: "Beschreibung."
topics: [cnc-fertigung]
format: online
dates_on_request: true
price:
  on_request: true
expires: {expires}
updated: 2026-11-20
""",
    # As an import writes a catalogue course without any text: its title as summary and
    # description. Page and preview say it once, in the heading; the keywords stay.
    "vorschau-ohne-text": """title: "Vorschau: Kurs ohne eigenen Text"
provider: neckarwerk-technikakademie
summary: "Vorschau: Kurs ohne eigenen Text"
description: "Vorschau:  Kurs ohne eigenen Text."
topics: [cnc-fertigung]
format: online
dates_on_request: true
price:
  on_request: true
expires: {expires}
updated: 2026-11-20
tags: [Katalog]
""",
}


# An offer as a catalogue import writes it, with its header (importers/offerfile.py), and
# what the editorial office later wrote in by hand (a folded block, bare tags, a comment): for
# the edit that must change its one line and keep the rest. In the minimal guide: the draft it
# leaves stays apart from the sample's editorial workflow and preview cases.
IMPORTED_OFFER = """# Importiert aus open-Qcat (PRODUCT_ID 4711) am 2026-11-20; Felder aus dem Katalog werden beim nächsten Import überschrieben, andere bleiben.
# Felder aus dem Katalog: title, summary, description.
# Vom Import geschrieben: title 1a2b3c, summary 4d5e6f, description 7a8b9c
title: "Aus einem Katalog importiert"
provider: akademie
summary: "Ein Angebot, das ein Katalog-Import geschrieben hat."
summary_easy: >-
  Ein Kurs im Internet.
  Sie lernen am Computer.
description: "Beschreibung."
topics: [it]
format: online
dates_on_request: true
price:
  amount: 120
# bis zum Ende des Katalogs
expires: {expires}
updated: 2026-11-20
tags: [Katalog, Import]
"""


def _extra_offers(repo: Path) -> None:
    first = date.today() + timedelta(days=40)
    values = {
        "first": first.isoformat(), "second": (first + timedelta(days=30)).isoformat(),
        "second_end": (first + timedelta(days=32)).isoformat(), "expires": (first + timedelta(days=300)).isoformat(),
    }
    for offer_id, text in EXTRA_OFFERS.items():
        (repo / "offers" / PROVIDER / f"{offer_id}.yaml").write_text(text.format(**values), encoding="utf-8")


@pytest.fixture(scope="module")
def guides(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path]]:
    """The sample and the minimal guide, each a git repository with its site built (before
    the browser starts: see conftest.browser)."""
    made = {}
    for name, make in (("sample", sample_tree), ("minimal", lambda path: copy_tree(path, FIXTURES / "minimal"))):
        root = tmp_path_factory.mktemp(name)
        tree = make(root / "repo")
        if name == "sample":
            _extra_offers(tree)
        else:
            expires = (date.today() + timedelta(days=300)).isoformat()
            (tree / "offers" / "akademie" / "aus-dem-katalog.yaml").write_text(IMPORTED_OFFER.format(expires=expires), encoding="utf-8")
        repo = init_repo(tree)
        build(repo, root / "_site", search_index=False)
        made[name] = (repo, root / "_site")
    return made


@pytest.fixture(scope="module")
def editors(guides: dict[str, tuple[Path, Path]]) -> Iterator[dict[str, Editor]]:
    """Each guide served on loopback with its editor under /admin/, saving through decap-server."""
    with decap_server(guides["sample"][0]) as sample_api, decap_server(guides["minimal"][0]) as minimal_api:
        apis = {"sample": sample_api, "minimal": minimal_api}
        for name, (repo, site) in guides.items():
            cms.write_editor(repo, site / "admin", cms.Backend(proxy=apis[name]))
        with static_server(guides["sample"][1]) as sample_base, static_server(guides["minimal"][1]) as minimal_base:
            bases = {"sample": sample_base, "minimal": minimal_base}
            yield {name: Editor(repo, site, bases[name], apis[name]) for name, (repo, site) in guides.items()}


def _pages(browser: Any, bypass_csp: bool = False, locale: str = "de-DE") -> Iterator[Any]:
    context = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT}, locale=locale, bypass_csp=bypass_csp)
    page = context.new_page()
    # Decap asks before it publishes ("Jetzt veröffentlichen?"): yes. It also tells, in an alert,
    # why it did nothing (say, the status is not yet "Abgeschlossen"): kept for the test to show.
    page.alerts = []
    page.on("dialog", lambda dialog: (dialog.type == "alert" and page.alerts.append(dialog.message), dialog.accept()))
    yield page
    context.close()


@pytest.fixture
def page(browser: Any, editors: dict[str, Editor]) -> Iterator[Any]:
    yield from _pages(browser)


@pytest.fixture
def axe_page(browser: Any, editors: dict[str, Editor]) -> Iterator[Any]:
    """A page on which axe may run: it is injected as an inline script, which the editor
    page's own policy forbids."""
    yield from _pages(browser, bypass_csp=True)


def watch(page: Any, editor: Editor) -> Traffic:
    traffic = Traffic(editor.base)
    traffic.watch(page)
    return traffic


def foreign(traffic: Traffic, editor: Editor) -> list[str]:
    """Requests to anywhere but the site and the local proxy (the stand-in for the git host)."""
    proxy = urlsplit(editor.api).netloc
    return [url for url in traffic.foreign() if urlsplit(url).netloc != proxy]


def sign_in(page: Any, editor: Editor) -> None:
    page.goto(editor.admin)
    page.get_by_role("button", name="Anmelden").click()
    page.get_by_role("link", name="Angebote").first.wait_for()


def field_id(page: Any, label: str, nth: int = 0) -> str:
    """The id of the control labelled ``label`` (Decap adds " (optional)" to optional ones)."""
    found = page.wait_for_function(
        "([text, nth]) => { const ids = [...document.querySelectorAll('label')]"
        ".filter(l => l.textContent.replace(' (optional)', '').trim() === text).map(l => l.htmlFor);"
        " return ids.length > nth && ids[nth]; }",
        arg=[label, nth],
    )
    return str(found.json_value())


def fill(page: Any, label: str, value: str, nth: int = 0) -> None:
    page.fill(f"#{field_id(page, label, nth)}", value)


def choose(page: Any, label: str, option: str, nth: int = 0) -> None:
    page.click(f"#{field_id(page, label, nth)}")
    page.get_by_role("option", name=option, exact=True).click()


def shot(page: Any, folder: Path | None, name: str) -> None:
    if folder is None:
        return
    page.wait_for_timeout(300)  # let transitions settle
    page.screenshot(path=str(folder / name))


def new_offer(page: Any, editor: Editor) -> None:
    """Signed in, the form of a new offer open."""
    sign_in(page, editor)
    page.goto(editor.admin + "#/collections/offer/new")
    page.wait_for_selector(f"#{field_id(page, 'Id (Dateiname)')}")


def fill_offer(page: Any, offer_id: str, title: str, summary: str, description: str = "Beschreibung.") -> None:
    """What every new offer needs, filled in as a partner does: id, title, the provider,
    short and long description, a topic and the form (online)."""
    fill(page, "Id (Dateiname)", offer_id)
    fill(page, "Titel", title)
    choose(page, "Anbieter", "Neckarwerk Technikakademie")
    fill(page, "Kurzbeschreibung", summary)
    page.locator(f"label[for='{field_id(page, 'Beschreibung')}']").locator("xpath=../..").locator("[contenteditable=true]").click()
    page.keyboard.type(description)
    choose(page, "Themen", "CNC und Fertigungstechnik")
    choose(page, "Form", "Online")


def preview(page: Any) -> Any:
    frame = page.frame_locator("iframe").first
    frame.locator("article.angebot").wait_for()
    return frame


# --- The CMS loads what `lotse cms` writes ----------------------------------------------------


@pytest.mark.parametrize("name", ["sample", "minimal"])
def test_the_cms_loads_the_generated_configuration(page: Any, editors: dict[str, Editor], name: str) -> None:
    """Decap checks its configuration against its own schema when it starts; every collection
    of the guide then opens, listing the guide's records."""
    editor = editors[name]
    traffic = watch(page, editor)
    sign_in(page, editor)
    body = page.locator("body").inner_text()
    assert "Konfiguration" not in body and "Config Errors" not in body
    for label, folder in (("Angebote", "offers"), ("Anbieter", "content/providers"), ("Beratungsstellen", "content/advisory-points"), ("Seiten", "content/pages")):
        page.get_by_role("link", name=label, exact=True).first.click()
        first = sorted((editor.repo / folder).rglob("*.*"))[0]
        page.get_by_text(f"({first.stem})").first.wait_for()
    for label in ("Wortlisten", "Einstellungen"):
        page.get_by_role("link", name=label, exact=True).first.click()
        page.get_by_role("heading").first.wait_for()
    assert traffic.errors == [] or all("404" in e or "Failed to load resource" in e for e in traffic.errors), traffic.errors
    assert foreign(traffic, editor) == []


def test_sign_in_page_for_github_loads_only_from_the_site(browser: Any, guides: dict[str, tuple[Path, Path]], tmp_path: Path) -> None:
    """The editors' deploy: GitHub as backend, signing in through the guide's own OAuth helper.
    Until someone signs in, the page loads nothing but the site's own files."""
    repo, site = guides["minimal"]
    out = tmp_path / "_site"
    copy_tree(out, site)
    cms.write_editor(repo, out / "admin", cms.Backend(repo="verbund/weiterbildungsfinder", auth_url="https://anmeldung.example.org/auth"))
    shots = screenshot_folder()
    with static_server(out) as base:
        context = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT}, locale="de-DE")
        page = context.new_page()
        traffic = Traffic(base)
        traffic.watch(page)
        page.goto(base + "/admin/")
        page.get_by_role("button", name="Mit GitHub anmelden").wait_for()
        shot(page, shots, "cms-anmelden.png")
        context.close()
    assert traffic.foreign() == []
    assert not any("netlify" in url for url in traffic.requests)


# --- A partner creates an offer; the editorial office publishes it ------------------------------


def test_partner_creates_an_offer_that_is_reviewed_published_and_built(page: Any, editors: dict[str, Editor]) -> None:
    editor = editors["sample"]
    shots = screenshot_folder()
    traffic = watch(page, editor)
    first, second = date.today() + timedelta(days=70), date.today() + timedelta(days=140)

    sign_in(page, editor)
    shot(page, shots, "cms-angebote.png")
    page.get_by_role("link", name="Beitrag vom Typ Angebot erstellen").click()
    page.wait_for_selector(f"#{field_id(page, 'Id (Dateiname)')}")
    fill_offer(
        page, "cnc-testkurs-browser", "CNC-Grundlagen für Quereinsteiger",
        "Zwei Tage Grundlagen an der CNC-Fräse: Programme lesen, Maschine einrichten, sicher fräsen.",
        "Sie lernen an zwei Tagen, eine CNC-Fräse sicher einzurichten.",
    )
    dates = page.locator(f"#{field_id(page, 'Termine')}")
    for nth, day in enumerate((first, second)):
        dates.locator("button", has_text="hinzufügen").first.click()
        fill(page, "Beginn", day.isoformat(), nth)
    page.click(f"#{field_id(page, 'Preis auf Anfrage', 2)}")  # the offer's price (1 and 2: its dates')
    page.click(f"#{field_id(page, 'Entwurf')}")  # untick: it shall go live once published
    preview(page).get_by_text("Preis auf Anfrage").first.wait_for()
    page.evaluate("(id) => document.getElementById(id).scrollIntoView({block: 'center'})", field_id(page, "Themen"))
    shot(page, shots, "cms-neues-angebot.png")

    page.get_by_role("button", name="Speichern").click()
    page.get_by_text("Status: Entwurf").wait_for()
    shot(page, shots, "cms-gespeichert.png")
    branch = f"cms/offer/{PROVIDER}/cnc-testkurs-browser"
    relpath = f"offers/{PROVIDER}/cnc-testkurs-browser.yaml"
    saved = git(editor.repo, "show", f"{branch}:{relpath}")
    assert saved == (
        'title: "CNC-Grundlagen für Quereinsteiger"\n'
        f"provider: {PROVIDER}\n"
        'summary: "Zwei Tage Grundlagen an der CNC-Fräse: Programme lesen, Maschine einrichten, sicher fräsen."\n'
        'description: "Sie lernen an zwei Tagen, eine CNC-Fräse sicher einzurichten."\n'
        "topics: [cnc-fertigung]\n"
        "format: online\n"
        "dates:\n"
        f"  - start: {first.isoformat()}\n"
        f"  - start: {second.isoformat()}\n"
        "price:\n"
        "  on_request: true\n"
        f"updated: {date.today().isoformat()}\n"
    )
    assert not (editor.repo / relpath).exists(), "a save is a proposal, not yet on main"

    # Asking for review: the status the editorial office looks for.
    page.get_by_role("button", name="Status: Entwurf").click()
    page.get_by_role("menuitem", name="Zur Überprüfung").click()
    page.get_by_text("Status: Zur Überprüfung").wait_for()
    shot(page, shots, "cms-zur-pruefung.png")
    page.goto(editor.admin + "#/workflow")
    page.get_by_text("CNC-Grundlagen für Quereinsteiger").first.wait_for()
    shot(page, shots, "cms-arbeitsablauf.png")

    # The editorial office approves and publishes: the branch is merged into main.
    page.get_by_text("CNC-Grundlagen für Quereinsteiger").first.click()
    page.get_by_role("button", name="Status: Zur Überprüfung").click()
    page.get_by_role("menuitem", name="Abgeschlossen").click()
    # Decap takes the new status once the proxy has stored it; asked to publish before, it only
    # alerts that the entry is not ready (on a busy machine the click came first once).
    page.get_by_text("Status: Abgeschlossen").wait_for()
    page.get_by_role("button", name="Veröffentlichen").click()
    page.get_by_role("menuitem", name="Jetzt veröffentlichen").click()
    # What counts is the merge, not the notice "Beitrag veröffentlicht": it shows for a few
    # seconds only, and a busy machine (the full suite beside it) looked for it too late once.
    eventually(lambda: page.alerts or (editor.repo / relpath).exists(), "der Beitrag steht auf main", 60)
    assert page.alerts == [], page.alerts
    eventually(lambda: branch not in git(editor.repo, "branch", "--list"), "der Proxy löscht den Zweig nach dem Veröffentlichen", 15)
    assert (editor.repo / relpath).read_text(encoding="utf-8") == saved

    checked = subprocess.run([sys.executable, "build.py", "validate", "--source", str(editor.repo)], cwd=ROOT, capture_output=True, text=True)
    assert (checked.returncode, checked.stdout) == (0, "Keine Fehler gefunden.\n")
    built = subprocess.run(
        [sys.executable, "build.py", "build", "--source", str(editor.repo), "--out", str(editor.site), "--no-index", "-q"],
        cwd=ROOT, capture_output=True, text=True,
    )
    assert built.returncode == 0, built.stderr
    cms.write_editor(editor.repo, editor.site / "admin", cms.Backend(proxy=editor.api))
    page.goto(editor.base + "/angebote/cnc-testkurs-browser/")
    article = page.locator("article.angebot").inner_text()
    for text in ("CNC-Grundlagen für Quereinsteiger", "Preis auf Anfrage", "CNC und Fertigungstechnik", first.strftime("%d.%m.%Y"), second.strftime("%d.%m.%Y")):
        assert text in article, text
    assert foreign(traffic, editor) == []


def test_an_edit_changes_the_one_line_and_keeps_the_import_header(page: Any, editors: dict[str, Editor]) -> None:
    """Decap knows only the fields; saving changes the file where the editor changed a value and
    nowhere else, so the comment lines an import writes at the top of a file (where it came
    from, what the import wrote: importers/offerfile.py) stay, and so does what was written by
    hand: the pull request shows the partner's change alone."""
    editor = editors["minimal"]
    relpath = "offers/akademie/aus-dem-katalog.yaml"
    before = (editor.repo / relpath).read_text(encoding="utf-8")
    head = "".join(itertools.takewhile(lambda line: line.startswith("#"), before.splitlines(keepends=True)))
    sign_in(page, editor)
    page.goto(f"{editor.admin}#/collections/offer")
    page.get_by_role("link", name="Beitrag vom Typ Angebot erstellen").wait_for()
    page.goto(f"{editor.admin}#/collections/offer/entries/akademie/aus-dem-katalog")
    page.wait_for_selector(f"#{field_id(page, 'Kurzbeschreibung')}")
    fill(page, "Kurzbeschreibung", "Von der Redaktion im Browser ergänzt.")
    page.get_by_role("button", name="Speichern").click()
    page.get_by_text("Status: Entwurf").wait_for()
    saved = git(editor.repo, "show", f"cms/offer/akademie/aus-dem-katalog:{relpath}")
    assert saved.startswith(head + 'title: "Aus einem Katalog importiert"\n')
    summary = 'summary: "Ein Angebot, das ein Katalog-Import geschrieben hat."\n'
    assert saved == before.replace(summary, 'summary: "Von der Redaktion im Browser ergänzt."\n')


def test_wrong_values_get_the_german_help_and_nothing_is_saved(page: Any, editors: dict[str, Editor]) -> None:
    editor = editors["sample"]
    shots = screenshot_folder()
    branches = git(editor.repo, "branch", "--list")
    new_offer(page, editor)
    fill(page, "Id (Dateiname)", "Kurs für Einsteiger")
    fill(page, "Titel", "CN")
    page.get_by_role("button", name="Speichern").click()
    messages = {
        "Id (Dateiname): muss aus Kleinbuchstaben a–z, Ziffern und einzelnen Bindestrichen bestehen (höchstens 80 Zeichen).",
        "Titel: muss 3–160 Zeichen lang sein.",
        "Kurzbeschreibung: Pflichtfeld fehlt.",
        "Anbieter: Pflichtfeld fehlt.",
    }
    for message in messages:
        page.get_by_text(message, exact=True).first.wait_for()
    page.locator(f"#{field_id(page, 'Id (Dateiname)')}").scroll_into_view_if_needed()
    shot(page, shots, "cms-fehler.png")
    assert git(editor.repo, "branch", "--list") == branches, "nothing was saved"


def test_dates_out_of_order_are_named_in_the_preview_and_not_saved(page: Any, editors: dict[str, Editor]) -> None:
    """An end before the start and a registration deadline after it: validation would refuse
    the pull request, where a partner does not look. The preview names both in validation's
    words, the end spans no "1 Tag", and the form does not save until they are in order."""
    editor = editors["sample"]
    branches = git(editor.repo, "branch", "--list")
    new_offer(page, editor)
    fill_offer(page, "termine-in-reihenfolge", "Termine in der richtigen Reihenfolge", "Ein Angebot, dessen Termin erst falsch herum eingetragen wird.")
    page.click(f"#{field_id(page, 'Preis auf Anfrage')}")  # the offer's own: no date has one yet
    page.locator(f"#{field_id(page, 'Termine')}").locator("button", has_text="hinzufügen").first.click()
    fill(page, "Beginn", "2027-06-20")
    fill(page, "Ende", "2027-06-13")
    fill(page, "Anmeldeschluss", "2027-06-30")
    frame = preview(page)
    warning = frame.locator(".vorschau-warnung")
    warning.get_by_text("Termin 1: das Ende (13.06.2027) liegt vor dem Beginn (20.06.2027).", exact=True).wait_for()
    warning.get_by_text("Termin 1: der Anmeldeschluss (30.06.2027) liegt nach dem Beginn (20.06.2027).", exact=True).wait_for()
    assert "1 Tag" not in frame.locator("article.angebot").inner_text()

    page.get_by_role("button", name="Speichern").click()
    page.get_by_text("Termine: Termin 1: das Ende (13.06.2027) liegt vor dem Beginn (20.06.2027).", exact=True).first.wait_for()
    page.get_by_text("Termine: Termin 1: der Anmeldeschluss (30.06.2027) liegt nach dem Beginn (20.06.2027).", exact=True).first.wait_for()
    assert git(editor.repo, "branch", "--list") == branches, "nothing was saved"

    fill(page, "Ende", "2027-06-27")
    fill(page, "Anmeldeschluss", "2027-06-06")
    warning.wait_for(state="detached")
    page.get_by_role("button", name="Speichern").click()
    page.get_by_text("Status: Entwurf").wait_for()
    saved = git(editor.repo, "show", f"cms/offer/{PROVIDER}/termine-in-reihenfolge:offers/{PROVIDER}/termine-in-reihenfolge.yaml")
    assert "  - start: 2027-06-20\n    end: 2027-06-27\n    registration_deadline: 2027-06-06\n" in saved


def test_rules_across_fields_and_taken_ids_are_named_before_saving(page: Any, editors: dict[str, Editor]) -> None:
    """What validation refuses about several fields at once – an offer in presence with no
    place, a price both given and "auf Anfrage" – and an id another provider's offer has: the
    form names each in validation's words and saves nothing; put right, it saves."""
    editor = editors["sample"]
    other = next(path for path in sorted((editor.repo / "offers").rglob("*.yaml")) if path.parent.name != PROVIDER)
    config = yaml.safe_load((editor.site / "admin" / "config.yml").read_text(encoding="utf-8"))
    offer = {f["name"]: f for f in next(c for c in config["collections"] if c["name"] == "offer")["fields"]}
    branches = git(editor.repo, "branch", "--list")
    new_offer(page, editor)
    fill_offer(page, other.stem, "Ein Angebot mit Regeln über mehrere Felder", "Ein Angebot, das erst gegen Regeln über mehrere Felder verstößt.")
    choose(page, "Form", "Präsenz")
    page.locator(f"#{field_id(page, 'Termine')}").locator("button", has_text="hinzufügen").first.click()
    fill(page, "Beginn", (date.today() + timedelta(days=50)).isoformat())
    page.locator(f"#{field_id(page, 'Betrag in Euro', 1)}").fill("100")  # the offer's own (0: the date's)
    page.click(f"#{field_id(page, 'Preis auf Anfrage', 1)}")
    page.get_by_role("button", name="Speichern").click()
    taken = f"Id (Dateiname): „{other.stem}“ gibt es schon ({other.relative_to(editor.repo).as_posix()}); Ids müssen eindeutig sein: bitte eine andere wählen."
    for message in (
        taken,
        f"Veranstaltungsort: {offer['location']['lotse_record_rules'][0]['message']}.",
        f"Preis: {offer['price']['lotse_rules'][1]['message']}.",
    ):
        page.get_by_text(message, exact=True).first.wait_for()
    assert git(editor.repo, "branch", "--list") == branches, "nothing was saved"

    fill(page, "Id (Dateiname)", "regeln-ueber-mehrere-felder")
    choose(page, "Form", "Online")
    page.click(f"#{field_id(page, 'Preis auf Anfrage', 1)}")
    page.get_by_role("button", name="Speichern").click()
    page.get_by_text("Status: Entwurf").wait_for()
    saved = git(editor.repo, "show", f"cms/offer/{PROVIDER}/regeln-ueber-mehrere-felder:offers/{PROVIDER}/regeln-ueber-mehrere-felder.yaml")
    assert "format: online\n" in saved and "price:\n  amount: 100\n" in saved


@pytest.mark.parametrize("locale", ["en-US", "de-DE"])
def test_amounts_are_read_as_a_german_partner_types_them(browser: Any, editors: dict[str, Editor], locale: str) -> None:
    """A partner types an amount the German way, in a browser set to English or German:
    Decap's <input type="number"> made "49,90" 4990 in both (Chromium drops the comma) and
    "1.234,50" 1.2345. The form reads it as meant, shows it in the preview, saves a YAML
    number, and refuses what could mean two amounts, saying what to type."""
    editor = editors["sample"]
    offer_id = f"betrag-{locale.lower()}"
    branches = git(editor.repo, "branch", "--list")
    page = next(_pages(browser, locale=locale))
    new_offer(page, editor)
    fill_offer(page, offer_id, "Ein Betrag in deutscher Schreibweise", "Ein Angebot, dessen Preis mit Komma und Tausenderpunkt eingetippt wird.")
    page.click(f"#{field_id(page, 'Laufender Einstieg')}")
    amount = page.locator(f"#{field_id(page, 'Betrag in Euro')}")
    amount.press_sequentially("49,999")
    page.get_by_role("button", name="Speichern").click()
    message = "Betrag in Euro: „49,999“ ist nicht eindeutig – bitte 49999 schreiben, oder Cent mit Komma und höchstens 2 Stellen, z. B. 49,99."
    page.get_by_text(message, exact=True).first.wait_for()
    assert git(editor.repo, "branch", "--list") == branches, "nothing was saved"

    amount.fill("")
    amount.press_sequentially(" 1.234,50 € ")
    page.get_by_text(message, exact=True).first.wait_for(state="detached")
    preview(page).locator(".fakten").get_by_text("1.234,50 €").first.wait_for()
    page.get_by_role("button", name="Speichern").click()
    page.get_by_text("Status: Entwurf").wait_for()
    saved = git(editor.repo, "show", f"cms/offer/{PROVIDER}/{offer_id}:offers/{PROVIDER}/{offer_id}.yaml")
    assert "price:\n  amount: 1234.5\n" in saved
    page.context.close()


def accessible(page: Any, selector: str) -> tuple[str, str, str]:
    """(role, name, description) of the element at ``selector`` as Chromium's accessibility
    tree has them: what a screen reader announces."""
    cdp = page.context.new_cdp_session(page)
    root = cdp.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    assert node, selector
    [found] = cdp.send("Accessibility.getPartialAXTree", {"nodeId": node, "fetchRelatives": False})["nodes"]
    cdp.detach()
    return tuple(str(found.get(key, {}).get("value", "")) for key in ("role", "name", "description"))  # type: ignore[return-value]


def test_hints_and_messages_are_read_with_their_fields(page: Any, editors: dict[str, Editor]) -> None:
    """A screen reader announces each field with its help text and, once the form found one,
    its message – for Decap's fields (text, select, switch, Markdown, lists and sections) as
    for Lotse's own (id, number), also in list entries added later and after the form was
    drawn anew."""
    editor = editors["sample"]
    config = yaml.safe_load((editor.site / "admin" / "config.yml").read_text(encoding="utf-8"))
    offer = {f["name"]: f for f in next(c for c in config["collections"] if c["name"] == "offer")["fields"]}
    hints = {offer[name]["label"]: " ".join(offer[name]["hint"].split()) for name in ("id", "title", "provider", "format", "draft", "description", "dates", "price")}
    hints |= {f["label"]: " ".join(f["hint"].split()) for f in offer["price"]["fields"] + offer["dates"]["fields"] if f["name"] in ("amount", "start")}
    assert list(hints)[-1] == "Beginn"
    new_offer(page, editor)
    roles = {"Anbieter": "combobox", "Form": "combobox", "Entwurf": "switch", "Termine": "group", "Preis": "group", "Beginn": "Date"}
    for label, hint in hints.items():
        if label == "Beginn":  # in a date, added now
            page.locator(f"#{field_id(page, 'Termine')}").locator("button", has_text="hinzufügen").first.click()
        known = field_id(page, label)
        selector = f"[aria-labelledby='{known}-label']" if label == "Beschreibung" else f"#{known}"
        eventually(lambda selector=selector, hint=hint: accessible(page, selector)[2] == hint, f"{label}: {accessible(page, selector)}", 10)
        role, name, _ = accessible(page, selector)
        assert role == roles.get(label, "textbox") and name.casefold().startswith(label.casefold()), (label, role, name)

    page.get_by_role("button", name="Speichern").click()
    title = f"#{field_id(page, 'Titel')}"
    page.get_by_text("Titel: Pflichtfeld fehlt.", exact=True).wait_for()
    # (Chromium takes the message as Decap's style shows it: in capitals)
    said = f"Titel: Pflichtfeld fehlt. {hints['Titel']}".casefold()
    eventually(lambda: accessible(page, title)[2].casefold() == said, f"{accessible(page, title)}", 10)
    fill(page, "Titel", "Ein Titel")
    page.get_by_text("Titel: Pflichtfeld fehlt.", exact=True).wait_for(state="detached")
    assert accessible(page, title)[2] == hints["Titel"]


def test_the_preview_of_an_empty_offer_says_what_is_missing(page: Any, editors: dict[str, Editor]) -> None:
    """Nothing chosen yet is no "Preis auf Anfrage", "Ort: Auf Anfrage" or "Auf Anfrage beim
    Anbieter": a published offer says that, the preview of one being written says what is
    missing – and "auf Anfrage" once the editor ticks it."""
    editor = editors["sample"]
    new_offer(page, editor)
    frame = preview(page)
    facts = frame.locator(".fakten")
    for text in ("noch kein Termin angegeben", "noch kein Ort angegeben", "noch kein Preis angegeben"):
        facts.get_by_text(text, exact=True).wait_for()
    frame.locator("#termine").get_by_text("Noch kein Termin angegeben", exact=False).wait_for()
    assert "Anfrage" not in facts.inner_text()
    page.click(f"#{field_id(page, 'Preis auf Anfrage')}")
    page.click(f"#{field_id(page, 'Termine auf Anfrage')}")
    facts.get_by_text("Preis auf Anfrage", exact=True).wait_for()
    facts.get_by_text("Termine auf Anfrage", exact=True).wait_for()
    assert "noch kein Preis" not in facts.inner_text() and "noch kein Termin" not in facts.inner_text()


# --- The preview shows the offer as the site does ---------------------------------------------


def _sample_offers() -> list[tuple[str, str, str]]:
    """(folder, id, title) of sample offers that together show every part of an offer page."""
    guide = load_guide(SAMPLE)  # the guide the test builds, not the live content
    features = [
        lambda o: o.on_demand, lambda o: o.dates_on_request, lambda o: bool(o.past_dates) and bool(o.upcoming_dates),
        lambda o: o.next_date is not None and o.next_date.sold_out, lambda o: not o.contact.from_provider,
        lambda o: o.format == "online", lambda o: bool(o.summary_easy), lambda o: bool(o.prerequisites),
        lambda o: o.price.amount == 0, lambda o: len(o.languages) > 1, lambda o: bool(o.tags),
        lambda o: any(d.location for d in o.upcoming_dates), lambda o: any(d.price or d.mode or d.note for d in o.upcoming_dates),
        lambda o: bool(o.inhouse), lambda o: o.price.per == "person" and bool(o.price.amount), lambda o: bool(o.booked_label),
        lambda o: bool(o.funding_via_provider), lambda o: any(d.end is None and d.time for d in o.upcoming_dates),
    ]
    chosen: dict[str, tuple[str, str, str]] = {}
    for feature in features:
        offer = next((o for o in guide.offers if feature(o)), None)
        if offer is not None:
            folder = next((SAMPLE / "offers").rglob(f"{offer.id}.yaml")).parent.name  # Decap's entry path
            chosen.setdefault(offer.id, (folder, offer.id, offer.title))
    return sorted(chosen.values())


PARTS = [".seitenkopf", ".fakten", ".leichte-sprache", ".stichwoerter", "#termine > p:not(:has(a))", ".termintabelle", ".vergangen summary", ".anbieterbox", ".stand"]


def _texts(scope: Any) -> dict[str, str]:
    return {part: " ".join(" ".join(scope.locator(part).all_inner_texts()).split()) for part in PARTS}


@pytest.mark.slow
def test_preview_shows_the_offer_as_its_page_does(page: Any, editors: dict[str, Editor]) -> None:
    editor = editors["sample"]
    shots = screenshot_folder()
    sign_in(page, editor)
    offers = _sample_offers() + [(PROVIDER, offer_id, "Vorschau: " + text.split('"Vorschau: ', 1)[1].split('"', 1)[0]) for offer_id, text in EXTRA_OFFERS.items()]
    assert len(offers) >= 8
    for provider, offer_id, title in offers:
        # Decap's editor keeps its entry when only the entry in the address changes: via the list.
        page.goto(f"{editor.admin}#/collections/offer")
        page.get_by_role("link", name="Beitrag vom Typ Angebot erstellen").wait_for()
        page.goto(f"{editor.admin}#/collections/offer/entries/{provider}/{offer_id}")
        frame = preview(page)
        frame.locator(".seitenkopf__titel", has_text=title).wait_for()
        # The title shows first; the preview may still fill in the rest (once under load the
        # comparison read a half-drawn preview): read until two readings agree.
        shown, before = _texts(frame), None
        for _ in range(25):
            if shown == before:
                break
            page.wait_for_timeout(200)
            before, shown = shown, _texts(frame)
        if offer_id == offers[0][1]:
            shot(page, shots, "cms-vorschau.png")
        site = page.context.new_page()
        site.goto(f"{editor.base}/angebote/{offer_id}/")
        built = _texts(site)
        site.close()
        assert shown == built, offer_id


# --- Accessibility ----------------------------------------------------------------------------


@dataclass
class Findings:
    lotse: list[str]  # from what Lotse's configuration and scripts put on the page
    decap: list[str]  # from Decap CMS itself


def _findings(page: Any, with_preview: bool = False) -> Findings:
    """axe's violations, split by origin: Lotse's are those in its id field and in the preview
    it renders (checked in its own frame); the rest of the page is Decap's own."""
    lotse, decap = [], []
    for line in axe_violations(page):
        (lotse if "id-field-" in line else decap).append(line)
    if with_preview:
        frame = next(f for f in page.frames if f != page.main_frame)
        lotse += [f"Vorschau: {line}" for line in axe_violations(frame)]
    return Findings(lotse, decap)


@pytest.mark.slow
def test_admin_page_has_no_violations_from_lotse(axe_page: Any, editors: dict[str, Editor], tmp_path: Path) -> None:
    editor, page = editors["sample"], axe_page
    sign_in(page, editor)
    found = {"Liste": _findings(page)}
    page.goto(editor.admin + "#/collections/offer/new")
    preview(page)
    found["Neues Angebot"] = _findings(page, with_preview=True)
    provider, offer_id, _ = _sample_offers()[0]
    page.goto(f"{editor.admin}#/collections/offer/entries/{provider}/{offer_id}")
    preview(page)
    found["Angebot mit Vorschau"] = _findings(page, with_preview=True)
    report = "\n".join(f"{where}: {line}" for where, f in found.items() for line in f.decap)
    (tmp_path / "axe-decap.txt").write_text(report, encoding="utf-8")
    print(f"\naxe, Decap CMS's own findings (not Lotse's):\n{report}")
    assert {where: f.lotse for where, f in found.items()} == {where: [] for where in found}
