"""For visitors: Merkliste, advice nearby, the printable catalogue and Leichte Sprache.

Most tests run in the real browser against tests/fixtures/visitors (five advisory points with
known hours, languages, services and positions; five offers, one of them a draft), some against
the sample guide. Expected values come from the YAML files, read here independently of Lotse.
"""

from __future__ import annotations

import json
import math
import re
import urllib.request
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from site_builder.pipeline import build
from site_builder.postal import region_for

from .browser import AXE, CHROMIUM, Gate, Walk, axe_violations, static_server
from .conftest import FIXTURES, SAMPLE, TODAY, copy_tree
from .sitecheck import html_files, parse
from .test_site import offer_sources, published, regions_of

pytestmark = pytest.mark.browser
playwright_api = pytest.importorskip("playwright.sync_api")

if not CHROMIUM.exists() or not AXE.exists():
    pytest.fail("Chromium oder axe-core fehlt: bash scripts/setup.sh --test installiert beides", pytrace=False)

VISITORS = FIXTURES / "visitors"
KEY = "lotse-merkliste:/"
WEEKDAYS = ["Mo", "Di", "Mi", "Do", "Fr", "Sa", "So"]


# --- The fixture's YAML, read without Lotse -------------------------------------------------


def load(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def fixture_offers() -> dict[str, dict]:
    return {p.stem: load(p) for p in sorted((VISITORS / "offers").rglob("*.yaml"))}


def fixture_points() -> dict[str, dict]:
    return {p.stem: load(p) for p in sorted((VISITORS / "content" / "advisory-points").glob("*.yaml"))}


def fixture_labels(kind: str) -> dict[str, str]:
    return {t["id"]: t["label"] for t in load(VISITORS / "content" / "taxonomies.yaml")[kind]}


def fixture_site() -> dict:
    return load(VISITORS / "site.yaml")


def euro(amount: Any) -> str:
    value = Decimal(str(amount))
    if value == 0:
        return "kostenfrei"
    if value == value.to_integral_value():
        return f"{int(value):,}".replace(",", ".") + " €"
    whole, frac = f"{value:,.2f}".split(".")
    return f"{whole.replace(',', '.')},{frac} €"


def day(value: Any) -> str:
    d = value if isinstance(value, date) else date.fromisoformat(str(value))
    return f"{WEEKDAYS[d.weekday()]}, {d.strftime('%d.%m.%Y')}"


def expected_comparison(offer: dict) -> dict[str, list[str] | None]:
    """The comparison column of one offer, as lines of text, straight from its YAML."""
    providers = {p.stem: load(p) for p in (VISITORS / "content" / "providers").glob("*.yaml")}
    funding = fixture_labels("funding")
    dates = [d for d in offer.get("dates", []) if (d.get("end") or d["start"]) >= TODAY]
    lines = []
    for d in dates[:3]:
        text = day(d["start"])
        if d.get("end") and d["end"] != d["start"]:
            text += " – " + day(d["end"])
        if d.get("time"):
            text += ", " + d["time"].replace("-", "–") + " Uhr"
        if d.get("seats_available") == 0:
            text += " (ausgebucht)"
        lines.append(text)
        # Below each date what decides whether one can still go: its own town, deadline, seats.
        if d.get("location") and offer["format"] != "online" and d["location"]["city"] != (offer.get("location") or {}).get("city"):
            lines.append("in " + d["location"]["city"])
        if d.get("registration_deadline"):
            passed = d["registration_deadline"] < TODAY < d["start"]
            lines.append("Anmeldeschluss " + day(d["registration_deadline"]) + (" (vorbei)" if passed else ""))
        if d.get("seats_available"):
            lines.append("1 Platz frei" if d["seats_available"] == 1 else f"{d['seats_available']} Plätze frei")
    if len(dates) > 3:
        more = len(dates) - 3
        lines.append(f"und {more} weiterer Termin" if more == 1 else f"und {more} weitere Termine")
    if offer.get("on_demand"):
        lines.append("Laufender Einstieg: Beginn jederzeit")
    if offer["format"] == "online":
        place = "Online"
    else:
        loc = offer["location"]
        place = ", ".join(p for p in (loc.get("name"), loc["street"], f"{loc['postal_code']} {loc['city']}") if p)
    duration = offer.get("duration") or {}
    parts = []
    if "hours" in duration:
        hours = Decimal(str(duration["hours"]))
        # Lotse writes fractional hours like money, with two places: 7,50 Stunden.
        number = str(int(hours)) if hours == hours.to_integral_value() else f"{hours:.2f}".replace(".", ",")
        parts.append(f"{number} Stunde" if hours == 1 else f"{number} Stunden")
    if duration.get("text"):
        parts.append(duration["text"])
    # With what the amount is for, as the offer page says it: per person (or group), and VAT if stated.
    terms = [{"person": "pro Person", "gruppe": "pro Gruppe"}[offer["price"].get("per", "person")]]
    terms += [{"enthalten": "inkl. MwSt.", "befreit": "umsatzsteuerfrei", "zuzueglich": "zzgl. MwSt."}[offer["price"]["vat"]]] if offer["price"].get("vat") else []
    amount = euro(offer["price"]["amount"]) + (" " + ", ".join(terms) if offer["price"]["amount"] else "")
    price = [amount] + ([offer["price"]["note"]] if offer["price"].get("note") else [])
    return {
        "termine": lines,
        "ort": [place],
        "format": [{"praesenz": "Präsenz", "online": "Online", "hybrid": "Hybrid"}[offer["format"]]],
        "dauer": [" · ".join(parts)] if parts else None,
        "preis": price,
        "foerderung": [", ".join(funding[f] for f in offer["funding"])] if offer.get("funding") else None,
        "abschluss": [offer["certificate"]] if offer.get("certificate") else None,
        "anbieter": [providers[offer["provider"]]["name"]] + contact_lines(providers[offer["provider"]]),
    }


def contact_lines(provider: dict) -> list[str]:
    """The provider's phone, e-mail and web site, as the comparison lists them."""
    lines = [f"Telefon {provider['phone']}"] if provider.get("phone") else []
    lines += [f"E-Mail {provider['email']}"] if provider.get("email") else []
    if provider.get("url"):
        lines.append("Web " + provider["url"].split("://", 1)[1].rstrip("/"))
    return lines


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    la1, lo1, la2, lo2 = (math.radians(x) for x in (*a, *b))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 6371 * 2 * math.atan2(math.sqrt(h), math.sqrt(1 - h))


# --- Sites, servers, browser ------------------------------------------------------------------


def build_site(tree: Path, out: Path) -> None:
    """Build in a thread of its own: the search index runs asyncio, Playwright's loop may be running."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(build, tree, out, TODAY).result()


def build_fixture(target: Path) -> tuple[Path, Path]:
    tree = copy_tree(target / "src", VISITORS)
    out = target / "_site"
    build_site(tree, out)
    return tree, out


@pytest.fixture(scope="module")
def visitors_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_fixture(tmp_path_factory.mktemp("visitors"))[1]


@pytest.fixture(scope="module")
def origin(visitors_site: Path) -> Iterator[str]:
    with static_server(visitors_site) as url:
        yield url


@pytest.fixture(scope="module")
def sample_origin(sample_site: Path) -> Iterator[str]:
    with static_server(sample_site) as url:
        yield url


class Session(Walk):
    """A visitor's session (``browser.Walk``)."""


@pytest.fixture
def session(tabs: Any) -> Iterator[Session]:
    s = Session.on(tabs)
    yield s
    s.close()


def saved(tab: Any) -> list[str]:
    return [item["id"] for item in json.loads(tab.evaluate(f"localStorage.getItem({KEY!r})") or "[]")]


def seed(tab: Any, origin: str, items: list[tuple[str, str]]) -> None:
    """Put offers on this browser's Merkliste as if saved earlier: [(id, title)]."""
    tab.goto(origin + "/leichte-sprache/", wait_until="networkidle")
    value = json.dumps([{"id": i, "titel": t} for i, t in items])
    tab.evaluate("([key, value]) => localStorage.setItem(key, value)", [KEY, value])


def header_count(tab: Any) -> str:
    """The number the header shows next to "Merkliste" ("" when hidden)."""
    badge = tab.locator(".kopf__service [data-merkliste-zahl]")
    if badge.is_hidden():
        return ""
    visible = badge.evaluate("b => [...b.childNodes].filter(n => n.nodeType === 3).map(n => n.textContent).join('')")
    assert badge.text_content().strip() == f": {visible} {'Angebot' if visible == '1' else 'Angebote'} gemerkt"
    return visible


def open_merkliste(tab: Any, url: str) -> None:
    tab.goto(url)
    tab.wait_for_function("() => { const s = document.getElementById('merkliste-status'); return s && s.textContent && !s.textContent.includes('geladen'); }")


def comparison(tab: Any) -> dict[str, dict[str, list[str] | None]]:
    """The comparison table: offer id → row key → lines of text (None for "keine Angabe")."""
    raw = tab.evaluate(
        """() => {
          const t = document.getElementById('merkliste-vergleich');
          const ids = [...t.querySelectorAll('thead th[data-angebot]')].map(th => th.dataset.angebot);
          const rows = {};
          t.querySelectorAll('tbody tr[data-zeile]').forEach(tr => {
            rows[tr.dataset.zeile] = [...tr.querySelectorAll('td')].map(td => td.innerText);
          });
          return {ids, rows};
        }"""
    )
    out: dict[str, dict[str, list[str] | None]] = {oid: {} for oid in raw["ids"]}
    for key, cells in raw["rows"].items():
        for oid, text in zip(raw["ids"], cells, strict=True):
            lines = [line.strip() for line in text.splitlines() if line.strip()]
            out[oid][key] = None if "keine Angabe" in text else lines
    return out


# --- Without a browser: data and plan -------------------------------------------------------------


def test_sample_postal_codes_put_every_address_in_its_region() -> None:
    table = load(SAMPLE / "site.yaml")["postal_codes"]
    assert set(table) == {"stuttgart", "esslingen", "boeblingen", "goeppingen", "ludwigsburg", "rems-murr-kreis"}
    places = []
    for folder in ("content/advisory-points", "content/providers", "offers"):
        for path in sorted((SAMPLE / folder).rglob("*.yaml")):
            data = load(path)
            address = data.get("address") or data.get("location")
            if address:
                places.append((path.name, str(address["postal_code"]), address["region"]))
    assert len(places) > 80
    assert [p for p in places if region_for(p[1], table) != p[2]] == []
    known = {
        "70173": "stuttgart", "70629": "stuttgart", "70771": "esslingen", "72622": "esslingen", "73230": "esslingen",
        "71032": "boeblingen", "71229": "boeblingen", "73033": "goeppingen", "73312": "goeppingen",
        "71638": "ludwigsburg", "74321": "ludwigsburg", "71563": "ludwigsburg", "71332": "rems-murr-kreis",
        "73614": "rems-murr-kreis", "70736": "rems-murr-kreis", "71737": "rems-murr-kreis",
        "71543": None, "73340": None, "80331": None,
    }
    assert {code: region_for(code, table) for code in known} == known


def test_new_pages_are_planned_and_in_the_sitemap(sample_site: Path) -> None:
    regions = [t["id"] for t in load(SAMPLE / "content" / "taxonomies.yaml")["regions"]]
    for path in ["merkliste", "katalog", "leichte-sprache", *(f"katalog/{r}" for r in regions)]:
        assert (sample_site / path / "index.html").is_file(), path
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = {e.text for e in ET.parse(sample_site / "sitemap.xml").getroot().findall("s:url/s:loc", ns)}
    base = "https://weiterbildung.example.org/"
    assert {base + "katalog/", base + "leichte-sprache/"} | {f"{base}katalog/{r}/" for r in regions} <= locs
    # The contract: every published page is in the sitemap, the Merkliste (which explains itself without JS) too.
    assert base + "merkliste/" in locs


def test_every_page_links_leichte_sprache_and_merkliste_in_its_header(sample_site: Path) -> None:
    for file in html_files(sample_site):
        text = file.read_text()
        header = text.split('<header class="kopf"', 1)[1].split("</header>", 1)[0]
        assert 'href="/leichte-sprache/"' in header and ">Leichte Sprache<" in header, file
        assert 'href="/merkliste/"' in header and "data-merkliste-zahl" in header, file
        assert 'src="/assets/merkliste.js"' in text, file


def test_summary_easy_is_shown_under_in_leichter_sprache(sample_site: Path) -> None:
    easy = {k: v for k, v in offer_sources().items() if published(v) and v.get("summary_easy")}
    assert len(easy) >= 10
    for oid, offer in easy.items():
        page = parse(sample_site / "angebote" / oid / "index.html")
        assert "In Leichter Sprache " + " ".join(offer["summary_easy"].split()) in page.text, oid
    others = [k for k, v in offer_sources().items() if published(v) and not v.get("summary_easy")]
    assert "In Leichter Sprache" not in parse(sample_site / "angebote" / others[0] / "index.html").text


def test_advice_page_carries_the_data_for_the_browser(visitors_site: Path) -> None:
    page = parse(visitors_site / "beratung" / "index.html")
    [blob] = [value for tag, name, value in page.attributes if tag == "section" and name == "data-finder"]
    data = json.loads(blob)
    site = fixture_site()
    assert data["timezone"] == site["timezone"]
    assert data["postal_codes"] == site["postal_codes"]
    points = {p["id"]: p for p in data["points"]}
    for pid, point in fixture_points().items():
        assert points[pid]["region"] == point["address"]["region"]
        assert points[pid]["languages"] == point["languages"]
        assert points[pid]["services"] == point["services"]
        assert points[pid]["topics"] == point["topics"]
        assert points[pid]["geo"] == point.get("geo")
        assert points[pid]["hours"] == [{"days": h["days"], "from": h["from"], "to": h["to"]} for h in point.get("opening_hours", [])]


def test_api_has_what_the_comparison_needs(visitors_site: Path) -> None:
    api = json.loads((visitors_site / "api" / "angebote.json").read_text())
    offers = {o["id"]: o for o in api["offers"]}
    assert set(offers) == {"kurs-praesenz", "kurs-hybrid", "kurs-online", "kurs-vergeht"}
    first = offers["kurs-praesenz"]
    assert first["path"] == "angebote/kurs-praesenz/"
    assert first["format_label"] == "Präsenz"
    assert first["duration"] == {"hours": 80, "text": "2 Wochen Vollzeit", "label": "80 Stunden · 2 Wochen Vollzeit", "span": "12 Tage"}
    assert first["price"]["label"] == "1.290 €" and first["price"]["amount"] == 1290


# --- Merkliste in the browser ---------------------------------------------------------------------


def test_bookmark_reload_and_remove(session: Session) -> None:
    tab, origin = session.tab, session.origin
    tab.goto(origin + "/angebote/kurs-praesenz/")
    toggle = tab.get_by_role("button", name=re.compile(r"^Merken: Pflegehilfe Grundkurs"))
    assert toggle.get_attribute("aria-pressed") == "false"
    assert header_count(tab) == ""
    toggle.click()
    assert toggle.get_attribute("aria-pressed") == "true"
    tab.wait_for_function("() => document.querySelector('[role=status].sr-only').textContent.includes('gemerkt')")
    assert header_count(tab) == "1"
    tab.reload()
    assert tab.get_by_role("button", name=re.compile(r"^Merken: Pflegehilfe"), pressed=True).count() == 1
    assert header_count(tab) == "1"

    # The cards in lists carry the same toggle and know the state.
    tab.goto(origin + "/angebote/")
    assert tab.locator(".angebotskarte:has-text('Pflegehilfe Grundkurs') .merken").get_attribute("aria-pressed") == "true"
    tab.locator(".angebotskarte:has-text('Excel kompakt') .merken").click()
    assert saved(tab) == ["kurs-praesenz", "kurs-hybrid"]
    assert header_count(tab) == "2"

    open_merkliste(tab, origin + "/merkliste/")
    assert tab.inner_text("#merkliste-status") == "2 Angebote auf Ihrer Merkliste."
    assert list(comparison(tab)) == ["kurs-praesenz", "kurs-hybrid"]
    tab.get_by_role("button", name="Entfernen: Pflegehilfe Grundkurs").click()
    assert list(comparison(tab)) == ["kurs-hybrid"]
    assert tab.evaluate("document.activeElement.getAttribute('data-entfernen')") == "kurs-hybrid"
    assert saved(tab) == ["kurs-hybrid"]
    assert header_count(tab) == "1"
    open_merkliste(tab, origin + "/merkliste/")
    assert list(comparison(tab)) == ["kurs-hybrid"]
    tab.get_by_role("button", name="Entfernen: Excel kompakt").click()
    assert tab.is_visible("#merkliste-leer")
    assert tab.evaluate("document.activeElement.id") == "merkliste-titel"
    assert header_count(tab) == ""
    assert session.context.cookies() == [], "die Merkliste braucht kein Cookie"


def test_keyboard_toggles_and_announces(session: Session) -> None:
    tab = session.tab
    tab.goto(session.origin + "/angebote/kurs-online/")
    button = tab.locator(".faktenbox .merken")
    button.focus()
    tab.keyboard.press("Space")
    assert button.get_attribute("aria-pressed") == "true"
    tab.wait_for_function("() => document.querySelector('[role=status].sr-only').textContent.startsWith('„Python für Einsteiger“ gemerkt')")
    tab.keyboard.press("Enter")
    assert button.get_attribute("aria-pressed") == "false"
    tab.wait_for_function("() => document.querySelector('[role=status].sr-only').textContent.includes('entfernt')")
    assert saved(tab) == []


def test_search_results_get_the_toggle(session: Session) -> None:
    tab = session.tab
    tab.goto(session.origin + "/suche/")
    tab.wait_for_selector("#suche-treffer[aria-busy=false]", state="attached")
    cards = tab.locator(".treffer-angebot")
    assert cards.count() == 4
    assert tab.locator(".treffer-angebot .merken").count() == 4
    tab.locator(".treffer-angebot:has-text('Excel kompakt') .merken").click()
    assert saved(tab) == ["kurs-hybrid"]
    assert header_count(tab) == "1"


def test_comparison_values_equal_the_yaml(session: Session) -> None:
    tab = session.tab
    ids = ["kurs-praesenz", "kurs-online", "kurs-hybrid", "kurs-vergeht"]
    seed(tab, session.origin, [(i, "") for i in ids])
    open_merkliste(tab, session.origin + "/merkliste/")
    table = comparison(tab)
    assert list(table) == ids
    offers = fixture_offers()
    for oid in ids:
        expected = expected_comparison(offers[oid])
        if expected["dauer"] is None:  # no duration of its own: how long its next date runs, as its page says
            page = urllib.request.urlopen(f"{session.origin}/angebote/{oid}/").read().decode("utf-8")
            expected["dauer"] = re.findall(r"<dt data-pagefind-ignore>Dauer</dt> <dd>([^<]+)</dd>", page) or None
        assert table[oid] == expected, oid
    titles = tab.eval_on_selector_all("#merkliste-vergleich thead th a", "as => as.map(a => [a.textContent, a.getAttribute('href')])")
    assert titles == [[offers[i]["title"], f"/angebote/{i}/"] for i in ids]
    # Titles of published offers are kept in storage, for the day one of them goes.
    stored = json.loads(tab.evaluate(f"localStorage.getItem({KEY!r})"))
    assert [s["titel"] for s in stored] == [offers[i]["title"] for i in ids]


def test_comparison_of_a_course_at_several_sites_names_them_and_its_length(browser: Any, tmp_path: Path) -> None:
    """A course with a place per date and no duration of its own: the comparison names its
    towns and how long its next date runs, as its page does, not "Auf Anfrage" and "–"."""
    tree = copy_tree(tmp_path / "src", VISITORS)
    (tree / "offers" / "akademie" / "kurs-orte.yaml").write_text(
        "title: Schweißen an zwei Orten\nprovider: akademie\nsummary: Zwei Orte.\ndescription: Text.\ntopics: [pflege]\n"
        "format: praesenz\ndates:\n"
        "  - {start: 2027-02-01, end: 2027-02-26, location: {street: Werkstraße 1, postal_code: '73728', city: Esslingen am Neckar, region: esslingen}}\n"
        "  - {start: 2027-04-05, end: 2027-04-30, location: {street: Hafenweg 2, postal_code: '70327', city: Stuttgart, region: stuttgart}}\n"
        "price: {amount: 2150}\nupdated: 2026-11-20\n",
        encoding="utf-8",
    )
    out = tmp_path / "_site"
    build_site(tree, out)
    with static_server(out) as origin:
        s = Session(browser, origin)
        seed(s.tab, origin, [("kurs-orte", "")])
        open_merkliste(s.tab, origin + "/merkliste/")
        column = comparison(s.tab)["kurs-orte"]
        assert column["ort"] == ["Esslingen am Neckar, Stuttgart (je nach Termin)"]
        assert column["dauer"] == ["4 Wochen"]
        s.close()


def test_comparison_mail_and_printout_give_what_a_person_deciding_needs(browser: Any, tmp_path: Path) -> None:
    """Deadline and free seats below each date, every town of a course held in several, the
    provider's phone, e-mail and web site, the day it was printed; the e-mail lists each
    offer with its next date and place, price and link, and falls back to the link alone
    when that would make too long a mailto link."""
    import urllib.parse

    tree = copy_tree(tmp_path / "src", VISITORS)
    (tree / "offers" / "akademie" / "kurs-orte.yaml").write_text(
        "title: Schweißen an zwei Orten\nprovider: akademie\nsummary: Zwei Orte.\ndescription: Text.\ntopics: [pflege]\n"
        "format: praesenz\nlocation: {street: Werkstraße 1, postal_code: '73728', city: Esslingen am Neckar, region: esslingen}\n"
        "dates:\n"
        "  - {start: 2027-02-01, end: 2027-02-26, registration_deadline: 2027-01-18, seats_available: 1}\n"
        "  - {start: 2027-04-05, end: 2027-04-30, seats_available: 6, location: {street: Hafenweg 2, postal_code: '70327', city: Stuttgart, region: stuttgart}}\n"
        "price: {amount: 2150}\nupdated: 2026-11-20\n",
        encoding="utf-8",
    )
    for n in range(14):
        (tree / "offers" / "akademie" / f"lang-{n}.yaml").write_text(
            f"title: Ein Lehrgang mit einem sehr langen Titel, der in keine kurze E-Mail passt, Teil {n}\nprovider: akademie\n"
            "summary: Lang.\ndescription: Text.\ntopics: [pflege]\nformat: online\ndates: [{start: 2027-03-01}]\n"
            "price: {amount: 100}\nupdated: 2026-11-20\n",
            encoding="utf-8",
        )
    out = tmp_path / "_site"
    build_site(tree, out)
    with static_server(out) as origin:
        s = Session(browser, origin)
        seed(s.tab, origin, [("kurs-orte", ""), ("kurs-praesenz", "")])
        open_merkliste(s.tab, origin + "/merkliste/")
        column = comparison(s.tab)["kurs-orte"]
        assert column["termine"] == [
            "Mo, 01.02.2027 – Fr, 26.02.2027", "Anmeldeschluss Mo, 18.01.2027", "1 Platz frei",
            "Mo, 05.04.2027 – Fr, 30.04.2027", "in Stuttgart", "6 Plätze frei",
        ]
        assert column["ort"] == ["Werkstraße 1, 73728 Esslingen am Neckar", "Termine auch in Stuttgart"]
        assert column["anbieter"] == ["Test-Akademie", "Telefon 0711 123456", "E-Mail info@akademie.example", "Web akademie.example"]
        assert s.tab.get_attribute(".vergleich__kontakt a[href^='tel:']", "href") == "tel:0711123456"
        stand = s.tab.inner_text("#merkliste-stand")
        assert re.match(r"Stand: \d\d\.\d\d\.\d{4}", stand) and "verbindlich sind die Angaben der Anbieter" in stand
        # On paper: the table and the day, without buttons and the share form.
        s.tab.emulate_media(media="print")
        assert s.tab.is_visible("#merkliste-stand") and s.tab.is_visible("#merkliste-vergleich")
        assert s.tab.is_hidden("#merkliste-aktionen") and s.tab.is_hidden(".vergleich__aktionen")
        s.tab.emulate_media(media="screen")
        href = s.tab.get_attribute("#merkliste-mail", "href")
        assert len(href) <= 1900
        body = urllib.parse.unquote(href.split("&body=", 1)[1])
        assert "\r\n" in body
        assert (
            "1. Schweißen an zwei Orten\r\nNächster Termin: Mo, 01.02.2027 – Fr, 26.02.2027, Esslingen am Neckar\r\n"
            "Anmeldeschluss Mo, 18.01.2027\r\nPreis: 2.150 € pro Person\r\nhttps://example.org/angebote/kurs-orte/"
        ) in body, body
        assert "2. Pflegehilfe Grundkurs\r\nNächster Termin: Mo, 11.01.2027 – Fr, 22.01.2027, 08:00–15:30 Uhr, Esslingen am Neckar" in body
        assert body.endswith(f"Alle im Vergleich: {origin}/merkliste/#angebote=kurs-orte,kurs-praesenz")
        # Too many for one mailto link, even as titles and links: the link alone.
        long = [f"lang-{n}" for n in range(14)]
        seed(s.tab, origin, [(oid, "") for oid in long])
        open_merkliste(s.tab, origin + "/merkliste/")
        href = s.tab.get_attribute("#merkliste-mail", "href")
        assert urllib.parse.unquote(href.split("&body=", 1)[1]) == f"{origin}/merkliste/#angebote=" + ",".join(long)
        s.close()


def test_a_shared_link_restores_the_list_on_another_device(browser: Any, origin: str) -> None:
    first = Session(browser, origin)
    tab = first.tab
    for oid in ("kurs-hybrid", "kurs-praesenz"):
        tab.goto(f"{origin}/angebote/{oid}/")
        tab.locator(".faktenbox .merken").click()
    open_merkliste(tab, origin + "/merkliste/")
    link = tab.input_value("#merkliste-link")
    assert link == f"{origin}/merkliste/#angebote=kurs-hybrid,kurs-praesenz"
    assert "kurs-hybrid%2Ckurs-praesenz" in tab.get_attribute("#merkliste-mail", "href")
    first.close()

    other = Session(browser, origin, viewport={"width": 375, "height": 800})
    tab = other.tab
    open_merkliste(tab, link)
    assert list(comparison(tab)) == ["kurs-hybrid", "kurs-praesenz"]
    assert saved(tab) == ["kurs-hybrid", "kurs-praesenz"]
    assert tab.evaluate("location.hash") == ""
    assert header_count(tab) == "2"
    tab.goto(origin + "/angebote/kurs-hybrid/")
    assert tab.locator(".faktenbox .merken").get_attribute("aria-pressed") == "true"
    other.close()

    # A device with a list of its own shows the shared one without overwriting its own.
    third = Session(browser, origin)
    tab = third.tab
    tab.goto(origin + "/angebote/kurs-online/")
    tab.locator(".faktenbox .merken").click()
    open_merkliste(tab, link)
    assert tab.is_visible("#merkliste-geteilt")
    assert list(comparison(tab)) == ["kurs-hybrid", "kurs-praesenz"]
    assert tab.locator("[data-entfernen]").count() == 0
    assert saved(tab) == ["kurs-online"]
    tab.click("#merkliste-uebernehmen")
    assert saved(tab) == ["kurs-online", "kurs-hybrid", "kurs-praesenz"]
    assert list(comparison(tab)) == ["kurs-online", "kurs-hybrid", "kurs-praesenz"]
    assert tab.is_hidden("#merkliste-geteilt")
    third.close()


def test_unknown_and_draft_ids_show_nicht_mehr_verfuegbar(session: Session) -> None:
    tab = session.tab
    open_merkliste(tab, session.origin + "/merkliste/#angebote=kurs-entwurf,kurs-hybrid,gibt-es-nicht,Kaputt!")
    assert list(comparison(tab)) == ["kurs-hybrid"]
    gone = tab.eval_on_selector_all("#merkliste-weg-liste li", "lis => lis.map(li => [li.dataset.angebot, li.innerText])")
    assert [g[0] for g in gone] == ["kurs-entwurf", "gibt-es-nicht"]
    assert all("nicht mehr verfügbar" in g[1] for g in gone)
    assert tab.inner_text("#merkliste-status") == "3 Angebote auf Ihrer Merkliste, davon 2 nicht mehr verfügbar."
    tab.get_by_role("button", name="Entfernen: kurs-entwurf").click()
    assert saved(tab) == ["kurs-hybrid", "gibt-es-nicht"]


def test_an_offer_that_is_unpublished_later(browser: Any, tmp_path: Path) -> None:
    tree, out = build_fixture(tmp_path)
    with static_server(out) as origin:
        s = Session(browser, origin)
        tab = s.tab
        tab.goto(origin + "/angebote/kurs-vergeht/")
        tab.locator(".faktenbox .merken").click()
        tab.goto(origin + "/angebote/kurs-hybrid/")
        tab.locator(".faktenbox .merken").click()
        open_merkliste(tab, origin + "/merkliste/")
        assert list(comparison(tab)) == ["kurs-vergeht", "kurs-hybrid"]

        source = tree / "offers" / "sprachschule" / "kurs-vergeht.yaml"
        source.write_text(source.read_text(encoding="utf-8") + "draft: true\n", encoding="utf-8")
        build_site(tree, out)
        assert not (out / "angebote" / "kurs-vergeht").exists()

        open_merkliste(tab, origin + "/merkliste/")
        assert list(comparison(tab)) == ["kurs-hybrid"]
        assert " ".join(tab.inner_text("#merkliste-weg-liste li").split()) == 'Deutsch B1 "für den Beruf" nicht mehr verfügbar Entfernen'
        assert tab.inner_text("#merkliste-status") == "2 Angebote auf Ihrer Merkliste, davon 1 nicht mehr verfügbar."
        assert header_count(tab) == "2"
        s.close()


def test_without_javascript_nothing_breaks(browser: Any, origin: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    tab.goto(origin + "/angebote/kurs-praesenz/")
    assert tab.locator(".merken").count() == 0
    assert tab.locator(".merken-platz").count() == 1
    assert tab.is_hidden("[data-merkliste-zahl]")
    assert tab.is_visible(".kopf__service >> text=Merkliste")
    assert tab.is_visible("section.leichte-sprache >> text=In diesem Kurs lernen Sie die Pflege.")
    tab.goto(origin + "/merkliste/")
    assert tab.is_visible("text=Die Merkliste braucht JavaScript")
    assert tab.is_hidden("#merkliste-app")
    tab.goto(origin + "/beratung/")
    assert tab.is_hidden("#beratungsfinder")
    assert tab.locator("#beratung-regionen article[data-beratung]").count() == len(fixture_points())
    # The points for employers (the audience "arbeitgeber" stands for them) as a list of their own.
    tab.click(".sprungliste >> text=Für Arbeitgeber und Betriebe")
    assert tab.evaluate("location.hash") == "#fuer-arbeitgeber"
    listed = tab.eval_on_selector_all("#fuer-arbeitgeber li", "lis => lis.map(li => li.dataset.arbeitgeber)")
    assert listed == points_matching(audiences="arbeitgeber") == ["stelle-stuttgart", "stelle-boeblingen"]
    assert tab.locator(".oeffnung").count() == 0
    tab.goto(origin + "/katalog/")
    assert tab.is_hidden("[data-drucken]")
    assert tab.locator(".katalog-eintrag").count() == 4
    context.close()


# --- Advice nearby --------------------------------------------------------------------------------


def advice(session: Session) -> Any:
    tab = session.tab
    tab.goto(session.origin + "/beratung/")
    tab.wait_for_selector("#beratungsfinder:not([hidden])")
    return tab


def enter_postal_code(tab: Any, code: str) -> None:
    tab.fill("#finder-plz-feld", code)
    tab.press("#finder-plz-feld", "Enter")


def result_lists(tab: Any) -> list[list[str]]:
    return tab.eval_on_selector_all(
        "#finder-treffer > ul", "uls => uls.map(ul => [...ul.querySelectorAll('article')].map(a => a.dataset.beratung))"
    )


def points_matching(**chosen: str) -> list[str]:
    """Point ids in the page's default order (region order, then name) that fit the filters."""
    regions = list(fixture_labels("regions"))
    points = fixture_points()
    ordered = sorted(points, key=lambda pid: (regions.index(points[pid]["address"]["region"]), points[pid]["name"].casefold()))
    return [pid for pid in ordered if all(value in points[pid].get(key, []) for key, value in chosen.items())]


def by_distance_from(visitors_site: Path, code: str, ids: list[str]) -> list[str]:
    """``ids`` ordered by the distance of each point to the centroid of ``code`` (the built
    suche/orte.json), the nearest first; points without a position last, in the given order."""
    lat, lon = json.loads((visitors_site / "suche" / "orte.json").read_text())["codes"][code]
    points = fixture_points()

    def km(pid: str) -> float:
        geo = points[pid].get("geo")
        return distance_km((lat, lon), (geo["lat"], geo["lon"])) if geo else math.inf

    return sorted(ids, key=km)


def wait_for_distances(tab: Any) -> None:
    """The centroids come from suche/orte.json, loaded when the field is first used; the list
    stands by region until they are there."""
    tab.wait_for_function("() => document.getElementById('finder-status').textContent.includes('nächste zuerst')")


def test_postal_code_puts_its_region_first(session: Session, visitors_site: Path) -> None:
    tab = advice(session)
    enter_postal_code(tab, "73728")
    wait_for_distances(tab)
    near = [p for p in points_matching() if fixture_points()[p]["address"]["region"] == "esslingen"]
    rest = [p for p in points_matching() if p not in near]
    assert near == ["stelle-esslingen", "stelle-nuertingen"]
    assert result_lists(tab) == [by_distance_from(visitors_site, "73728", near), by_distance_from(visitors_site, "73728", rest)]
    assert tab.eval_on_selector_all("#finder-treffer h3", "hs => hs.map(h => h.textContent)") == [
        "In Ihrer Region Esslingen", "Weitere Beratungsstellen"
    ]
    assert tab.inner_text("#finder-status") == (
        "Postleitzahl 73728: Region Esslingen. 2 Beratungsstellen dort, 3 weitere darunter, jeweils die nächste zuerst."
    )
    assert tab.is_hidden("#beratung-regionen")
    assert tab.locator("#finder-treffer .karte__titel").first.evaluate("h => h.tagName") == "H4"

    # Filters apply within the ordering.
    tab.select_option("#finder-sprache", "tr")
    assert result_lists(tab) == [["stelle-esslingen"], ["stelle-boeblingen"]]

    tab.click("#finder-zurueck")
    assert tab.is_visible("#beratung-regionen") and tab.is_hidden("#finder-treffer")
    assert tab.input_value("#finder-plz-feld") == "" and tab.input_value("#finder-sprache") == ""
    assert tab.evaluate("document.activeElement.id") == "finder-plz-feld"


def test_the_answer_to_a_postal_code_is_said_once_when_the_places_come_soon(session: Session) -> None:
    """The status line is a live region: every change is read out. The postal-code centres
    (suche/orte.json) are asked for when the field gets focus; an answer given before they came
    and given again, ordered, when they came was heard twice. The answer now waits a moment
    for them; later than that it stands by region first and is ordered when they come."""
    tab = advice(session)
    tab.evaluate(
        "() => { window.__said = []; new MutationObserver(() => window.__said.push(document.getElementById('finder-status').textContent))"
        ".observe(document.getElementById('finder-status'), {childList: true, characterData: true, subtree: true}); }"
    )
    gate = Gate(tab, "**/suche/orte.json")
    tab.fill("#finder-plz-feld", "73728")
    assert gate.wait_for_request()
    tab.press("#finder-plz-feld", "Enter")
    tab.wait_for_timeout(400)
    gate.release()
    wait_for_distances(tab)
    tab.wait_for_timeout(300)
    tab.unroute("**/suche/orte.json")  # the tab serves the next test
    assert tab.evaluate("window.__said") == [
        "Postleitzahl 73728: Region Esslingen. 2 Beratungsstellen dort, 3 weitere darunter, jeweils die nächste zuerst."
    ]


def test_the_answer_stands_by_region_while_the_places_are_slow(session: Session) -> None:
    tab = advice(session)
    gate = Gate(tab, "**/suche/orte.json")
    tab.fill("#finder-plz-feld", "73728")
    assert gate.wait_for_request()
    tab.press("#finder-plz-feld", "Enter")
    tab.wait_for_function("() => document.getElementById('finder-status').textContent !== ''", timeout=5000)
    assert tab.inner_text("#finder-status") == "Postleitzahl 73728: Region Esslingen. 2 Beratungsstellen dort, 3 weitere darunter."
    gate.release()
    wait_for_distances(tab)
    tab.unroute("**/suche/orte.json")


def test_postal_code_orders_each_group_by_distance_and_says_how_far(session: Session, visitors_site: Path) -> None:
    """From Böblingen (71032) Stuttgart-Vaihingen is nearer than Stuttgart-Mitte, which the
    region order puts first: the further points stand by distance to the code's centroid (as
    the offer search measures), each card says how far, a point without a position comes last."""
    tab = advice(session)
    enter_postal_code(tab, "71032")
    wait_for_distances(tab)
    points = fixture_points()
    near = [p for p in points_matching() if points[p]["address"]["region"] == "boeblingen"]
    rest = by_distance_from(visitors_site, "71032", [p for p in points_matching() if p not in near])
    assert rest != [p for p in points_matching() if p not in near]  # the case tells the orders apart
    assert result_lists(tab) == [near, rest]
    lat, lon = json.loads((visitors_site / "suche" / "orte.json").read_text())["codes"]["71032"]
    notes = tab.eval_on_selector_all("#finder-treffer .karte__region", "ps => ps.map(p => p.textContent)")
    regions = fixture_labels("regions")
    expected = []
    for pid in near + rest:
        geo = points[pid].get("geo")
        km = distance_km((lat, lon), (geo["lat"], geo["lon"])) if geo else None
        said = "Entfernung unbekannt" if km is None else "ca. " + (f"{km:.1f}".replace(".", ",") if km < 10 else str(round(km))) + " km entfernt"
        expected.append(f"Region {regions[points[pid]['address']['region']]} · {said}")
    assert notes == expected
    assert notes[-1].endswith("Entfernung unbekannt")
    # A filter keeps the order by distance.
    tab.select_option("#finder-sprache", "en")
    assert result_lists(tab) == [by_distance_from(visitors_site, "71032", points_matching(languages="en"))]
    assert tab.inner_text("#finder-status") == (
        "Postleitzahl 71032: Region Böblingen. 0 Beratungsstellen dort, 2 weitere darunter, die nächste zuerst (Sprache: Englisch)."
    )


@pytest.mark.parametrize(
    "chosen",
    [
        {"languages": "tr"},
        {"services": "online"},
        {"topics": "it"},
        {"languages": "en", "topics": "it"},
        {"services": "aufsuchend", "topics": "pflege"},
        {"languages": "ar", "services": "online"},
        {"audiences": "arbeitgeber"},
        {"audiences": "arbeitgeber", "languages": "en"},
    ],
)
def test_filters_give_the_expected_points(session: Session, chosen: dict[str, str]) -> None:
    tab = advice(session)
    selects = {"languages": "#finder-sprache", "services": "#finder-weg", "topics": "#finder-thema", "audiences": "#finder-zielgruppe"}
    for key, value in chosen.items():
        tab.select_option(selects[key], value)
    expected = points_matching(**chosen)
    assert result_lists(tab) == ([expected] if expected else [[]])
    status = tab.inner_text("#finder-status")
    if expected:
        assert status.startswith(f"{len(expected)} Beratungsstelle")
    else:
        assert status == "Keine Beratungsstelle passt zu allen Filtern. Wählen Sie weniger Filter."


def test_postal_code_matching_equals_postal_py(session: Session) -> None:
    tab = advice(session)
    table = fixture_site()["postal_codes"]
    labels = fixture_labels("regions")
    codes = ["70173", "70629", "70630", "70771", "70999", "71032", "71100", "71159", "71229", "71500",
             "73300", "73728", "73779", "73780", "80331", "01067", "99999"]
    answers = {}
    for code in codes:
        enter_postal_code(tab, code)
        status = tab.inner_text("#finder-status")
        match = re.match(r"Postleitzahl \d{5}: Region (.+?)\.", status)
        answers[code] = match.group(1) if match else ("keine" if "gehört zu keiner Region" in status else status)
    expected = {code: labels[r] if (r := region_for(code, table)) else "keine" for code in codes}
    assert answers == expected
    assert len(set(expected.values())) == 4  # every region and "none" occur


def test_a_town_typed_instead_of_a_postal_code_is_taken(session: Session) -> None:
    """"Nürtingen" in the postal-code field (a helper typed "Ludwigsburg" and kept "Ludwi":
    the field took five characters): the town's postal code puts its region first; a name
    the guide does not know is explained."""
    tab = advice(session)
    enter_postal_code(tab, "Nürtingen")
    assert tab.is_hidden("#finder-plz-fehler")
    assert tab.inner_text("#finder-status").startswith("Nürtingen (72"), tab.inner_text("#finder-status")
    assert ": Region Esslingen. 2 Beratungsstellen dort" in tab.inner_text("#finder-status")
    assert result_lists(tab)[0] == ["stelle-esslingen", "stelle-nuertingen"]
    enter_postal_code(tab, "Atlantis")
    assert "Diesen Ort kennen wir nicht" in tab.inner_text("#finder-plz-fehler")
    assert tab.get_attribute("#finder-plz-feld", "aria-invalid") == "true"


def test_a_wrong_postal_code_is_explained(session: Session) -> None:
    tab = advice(session)
    enter_postal_code(tab, "7372")
    assert tab.is_visible("#finder-plz-fehler")
    assert "fünf Ziffern" in tab.inner_text("#finder-plz-fehler")
    assert tab.get_attribute("#finder-plz-feld", "aria-invalid") == "true"
    assert tab.evaluate("document.activeElement.id") == "finder-plz-feld"
    assert tab.is_visible("#beratung-regionen")
    enter_postal_code(tab, "70173")
    assert tab.is_hidden("#finder-plz-fehler")
    assert tab.get_attribute("#finder-plz-feld", "aria-invalid") is None


def test_near_me_asks_only_on_click_and_sorts_by_distance(browser: Any, origin: str) -> None:
    here = (48.745, 9.30)
    s = Session(browser, origin, permissions=["geolocation"], geolocation={"latitude": here[0], "longitude": here[1]})
    s.context.add_init_script(
        "window.__asked = 0; const real = navigator.geolocation.getCurrentPosition.bind(navigator.geolocation);"
        "navigator.geolocation.getCurrentPosition = (...a) => { window.__asked++; return real(...a); };"
    )
    tab = advice(s)
    assert tab.evaluate("window.__asked") == 0
    tab.click("#finder-naehe")
    tab.wait_for_function("() => document.getElementById('finder-status').textContent.includes('nächste zuerst')")
    assert tab.evaluate("window.__asked") == 1
    points = fixture_points()
    with_geo = sorted((p for p in points if points[p].get("geo")), key=lambda p: distance_km(here, (points[p]["geo"]["lat"], points[p]["geo"]["lon"])))
    without = [p for p in points_matching() if not points[p].get("geo")]
    assert result_lists(tab) == [with_geo + without]
    notes = tab.eval_on_selector_all("#finder-treffer .karte__region", "ps => ps.map(p => p.textContent)")
    first_km = distance_km(here, (points[with_geo[0]]["geo"]["lat"], points[with_geo[0]]["geo"]["lon"]))
    km = f"{first_km:.1f}".replace(".", ",")
    assert notes[0] == f"Region Esslingen · ca. {km} km entfernt"
    assert notes[-1].endswith("Entfernung unbekannt")
    s.close()


OPENING = [
    # Berlin time in the comment; the browser itself runs in New York.
    ("2026-12-01T09:30:00Z", {  # Tue 10:30
        "stelle-stuttgart": "Jetzt geöffnet bis 12:00",
        "stelle-esslingen": "Geschlossen, öffnet heute 14:00",
        "stelle-boeblingen": "Geschlossen, öffnet Sa 10:00",
        "stelle-vaihingen": "Geschlossen, öffnet Mi 8:30",
        "stelle-nuertingen": None,
    }),
    ("2026-12-01T11:30:00Z", {"stelle-stuttgart": "Geschlossen, öffnet heute 13:00"}),  # Tue 12:30
    ("2026-12-01T16:59:00Z", {  # Tue 17:59
        "stelle-stuttgart": "Geschlossen, öffnet Mi 9:00",
        "stelle-esslingen": "Jetzt geöffnet bis 18:00",
    }),
    ("2026-12-05T10:59:00Z", {  # Sat 11:59
        "stelle-boeblingen": "Jetzt geöffnet bis 12:00",
        "stelle-stuttgart": "Geschlossen, öffnet Mo 9:00",
    }),
    ("2026-12-05T11:00:00Z", {"stelle-boeblingen": "Geschlossen, öffnet Sa 10:00"}),  # Sat 12:00: next week
    ("2026-12-02T19:00:00Z", {"stelle-vaihingen": "Geschlossen, öffnet Mi 8:30"}),  # Wed 20:00
    ("2026-12-06T23:30:00Z", {"stelle-stuttgart": "Geschlossen, öffnet heute 9:00"}),  # Mon 0:30, in New York still Sunday
    ("2027-07-06T08:30:00Z", {"stelle-stuttgart": "Jetzt geöffnet bis 12:00"}),  # Tue 10:30 summer time
]


@pytest.mark.parametrize(("instant", "expected"), OPENING, ids=[i for i, _ in OPENING])
def test_opening_badges_at_fixed_times(browser: Any, origin: str, instant: str, expected: dict[str, str | None]) -> None:
    s = Session(browser, origin, timezone_id="America/New_York")
    s.tab.clock.set_fixed_time(datetime.fromisoformat(instant.replace("Z", "+00:00")))
    tab = advice(s)
    for pid, text in expected.items():
        badge = tab.locator(f"#beratung-regionen article[data-beratung='{pid}'] .oeffnung")
        if text is None:
            assert badge.count() == 0, pid
        else:
            assert badge.inner_text() == text, pid
            assert badge.get_attribute("data-oeffnung") == ("offen" if text.startswith("Jetzt") else "zu")
    # The cards of a result list carry the same badge.
    enter_postal_code(tab, "70173")
    for pid, text in expected.items():
        if text is not None:
            assert tab.inner_text(f"#finder-treffer article[data-beratung='{pid}'] .oeffnung") == text
    s.close()


# --- Printable catalogue ---------------------------------------------------------------------------


def printed_entries(tab: Any) -> list[str]:
    return tab.eval_on_selector_all(
        ".katalog-eintrag", "es => es.filter(e => e.checkVisibility()).map(e => e.dataset.angebot)"
    )


def test_printed_catalogue_holds_every_published_offer_once(browser: Any, sample_origin: str) -> None:
    live = {k: v for k, v in offer_sources().items() if published(v)}
    s = Session(browser, sample_origin)
    tab = s.tab
    tab.emulate_media(media="print")
    tab.goto(sample_origin + "/katalog/")
    entries = printed_entries(tab)
    assert Counter(entries) == Counter(set(live))
    assert tab.is_hidden(".hauptnav") and tab.is_hidden(".katalog__werkzeuge") and tab.is_hidden(".kopf__service")
    assert tab.is_visible(".katalog__inhalt")
    assert tab.evaluate("getComputedStyle(document.querySelector('.katalog__inhalt')).breakAfter") == "page"
    assert tab.evaluate("getComputedStyle(document.querySelector('.katalog-eintrag')).breakInside") == "avoid"
    # Each entry stands under its first topic; addresses and phone numbers are printed as text.
    labels = {t["id"]: t["label"] for t in load(SAMPLE / "content" / "taxonomies.yaml")["topics"]}
    placed = tab.eval_on_selector_all(
        ".katalog-eintrag", "es => es.map(e => [e.dataset.angebot, e.closest('section').querySelector('h2').textContent])"
    )
    assert {oid: topic for oid, topic in placed} == {oid: labels[o["topics"][0]] for oid, o in live.items()}
    text = tab.inner_text(".katalog")
    for oid in live:
        assert f"weiterbildung.example.org/angebote/{oid}" in text
    phones = {(o.get("contact") or {}).get("phone") for o in live.values()} - {None}
    assert phones and all(p in text for p in phones)
    toc = tab.eval_on_selector_all(".katalog__inhaltsliste a", "as => as.map(a => a.getAttribute('href'))")
    assert toc[:-1] == [f"#{i}" for i in tab.eval_on_selector_all(".katalog__thema", "ss => ss.map(s => s.id)")]

    regions = [t["id"] for t in load(SAMPLE / "content" / "taxonomies.yaml")["regions"]]
    for region in regions:
        tab.goto(f"{sample_origin}/katalog/{region}/")
        # The offers on site in the region, then every online offer in a section of its own.
        here = {k for k, o in live.items() if o["format"] != "online" and region in regions_of(o)}
        online = {k for k, o in live.items() if o["format"] == "online"}
        assert Counter(printed_entries(tab)) == Counter(here | online), region
    s.close()


def test_catalogue_pdf_has_running_headers(browser: Any, origin: str, tmp_path: Path) -> None:
    context = browser.new_context()
    tab = context.new_page()
    tab.goto(origin + "/katalog/esslingen/")
    style = tab.eval_on_selector("head style", "s => s.textContent")
    assert '"Testfinder Besucher"' in style and '"Weiterbildungskatalog Region Esslingen · Stand 01.12.2026"' in style
    assert 'counter(page) " von " counter(pages)' in style
    pdf = tab.pdf(format="A4")
    assert pdf.startswith(b"%PDF")
    assert len(re.findall(rb"/Type\s*/Page(?!s)", pdf)) >= 2, "Inhaltsverzeichnis und Angebote auf eigenen Seiten"
    assert printed_entries(tab) == ["kurs-praesenz", "kurs-online"]
    context.close()


# --- Accessibility of every new page and state ------------------------------------------------------


def state_merkliste_empty(tab: Any, origin: str) -> None:
    open_merkliste(tab, origin + "/merkliste/")


def state_merkliste_full(tab: Any, origin: str) -> None:
    seed(tab, origin, [("kurs-praesenz", ""), ("kurs-online", ""), ("kurs-hybrid", ""), ("kurs-weg", "Alter Kurs")])
    open_merkliste(tab, origin + "/merkliste/")
    tab.focus("#merkliste-tabelle")


def state_merkliste_shared(tab: Any, origin: str) -> None:
    seed(tab, origin, [("kurs-online", "")])
    open_merkliste(tab, origin + "/merkliste/#angebote=kurs-praesenz,kurs-entwurf")


def state_advice_postal_code(tab: Any, origin: str) -> None:
    tab.goto(origin + "/beratung/")
    enter_postal_code(tab, "73728")
    tab.select_option("#finder-sprache", "tr")


def state_advice_error(tab: Any, origin: str) -> None:
    tab.goto(origin + "/beratung/")
    enter_postal_code(tab, "12")


def state_advice_near(tab: Any, origin: str) -> None:
    tab.context.grant_permissions(["geolocation"])
    tab.context.set_geolocation({"latitude": 48.78, "longitude": 9.18})
    tab.goto(origin + "/beratung/")
    tab.click("#finder-naehe")
    tab.wait_for_function("() => document.getElementById('finder-status').textContent.includes('nächste zuerst')")


def state_advice_nothing(tab: Any, origin: str) -> None:
    tab.goto(origin + "/beratung/")
    tab.select_option("#finder-sprache", "ar")
    tab.select_option("#finder-weg", "online")


def state_offer_saved(tab: Any, origin: str) -> None:
    tab.goto(origin + "/angebote/kurs-praesenz/")
    tab.locator(".faktenbox .merken").click()
    tab.locator(".faktenbox .merken").focus()


def state_search_with_toggles(tab: Any, origin: str) -> None:
    tab.goto(origin + "/suche/")
    tab.wait_for_selector("#suche-treffer[aria-busy=false]", state="attached")
    tab.locator(".treffer-angebot .merken").first.click()


STATES = {
    "merkliste leer": state_merkliste_empty,
    "merkliste mit vergleich": state_merkliste_full,
    "merkliste geteilt": state_merkliste_shared,
    "beratung plz und filter": state_advice_postal_code,
    "beratung falsche plz": state_advice_error,
    "beratung in der naehe": state_advice_near,
    "beratung ohne treffer": state_advice_nothing,
    "angebot gemerkt": state_offer_saved,
    "suche mit merken": state_search_with_toggles,
}
# The catalogues and the Leichte-Sprache page are checked by axe in test_browser.py.


@pytest.mark.parametrize("width", [1280, 375])
@pytest.mark.parametrize("name", list(STATES))
def test_axe_finds_no_violations_on_new_pages_and_states(tabs: Any, origin: str, name: str, width: int) -> None:
    tab, traffic = tabs.fresh(width)
    STATES[name](tab, origin)
    assert axe_violations(tab) == []
    assert tab.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), "waagrechtes Scrollen"
    assert traffic.errors == [], "Konsolenfehler"
    assert traffic.failed == [], "fehlgeschlagene Anfragen"
    assert traffic.foreign() == [], "Anfragen an fremde Hosts"
