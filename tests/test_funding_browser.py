"""The Förder-Check and the funding pages in a real browser: the same results as the rules in
Python for every case, keyboard only at 1280 and 375 px, axe without violations, the HR and
the worker path, and no request that leaves the site."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from site_builder import eligibility
from site_builder.pipeline import check

from .browser import Walk, axe_violations, static_server
from .conftest import SAMPLE, TODAY
from .test_browser import result_urls, wait_for_results
from .test_funding import CASES, answers_of, ask, funding_of, live, query, taxonomy

pytestmark = pytest.mark.browser
playwright_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def origin(sample_site: Path) -> Iterator[str]:
    with static_server(sample_site) as url:
        yield url


@pytest.fixture(scope="module")
def table() -> list[eligibility.Row]:
    valid = check(SAMPLE)
    assert valid.taxonomies is not None
    return eligibility.rows(valid.taxonomies.funding, TODAY)


class Visit(Walk):
    """A visit (``browser.Walk``) at a given width that counts the visitor's taps."""

    def __init__(self, browser: Any, origin: str, width: int = 1280, javascript: bool = True):
        super().__init__(browser, origin, viewport={"width": width, "height": 900}, java_script_enabled=javascript)
        self.taps = 0

    @classmethod
    def on(cls, tabs: Any) -> Visit:
        visit = super().on(tabs)
        visit.taps = 0
        return visit

    def go(self, path: str) -> None:
        self.tab.goto(self.origin + path)

    def tap(self, locator: Any) -> None:
        self.taps += 1
        locator.click()


@pytest.fixture
def visit(tabs: Any) -> Iterator[Visit]:
    v = Visit.on(tabs)
    yield v
    v.close()


def results(tab: Any) -> dict[str, tuple[str, str]]:
    tab.wait_for_selector("#foerdercheck-ergebnis:not([hidden])")
    pairs = tab.eval_on_selector_all(
        "#ergebnis-liste article[data-programm]",
        """cards => cards.map(c => [c.dataset.programm, c.querySelector('.ergebniskarte__grund').textContent,
              (c.querySelector('.ergebniskarte__bedingung') || {textContent: ''}).textContent])""",
    )
    return {programme: (reason, only_if) for programme, reason, only_if in pairs}


@pytest.mark.parametrize("case", list(CASES))
def test_the_check_in_the_browser_equals_the_rules(visit: Visit, table: list[eligibility.Row], case: str) -> None:
    given, _ = CASES[case]
    visit.go("/foerderung/check/" + query(given))
    expected = {m.programme: (f"Kann passen, {m.reason}.", m.only_if) for m in eligibility.evaluate(table, answers_of(given))}
    if not visit.tab.locator(f"input[name=situation][value={given['situation']}]").count():
        # The check offers only situations some programme is for; for the others nothing fits.
        assert expected == {} and visit.tab.is_hidden("#foerdercheck-ergebnis")
        return
    assert results(visit.tab) == expected
    text = visit.tab.inner_text("#foerdercheck-ergebnis")
    assert "Sie erhalten" not in text and "erhalten Sie" not in text


def tab_to(tab: Any, selector: str, limit: int = 60) -> None:
    """Press Tab until the element ``selector`` names has the focus."""
    for _ in range(limit):
        if tab.evaluate("s => document.activeElement && document.activeElement.matches(s)", selector):
            return
        tab.keyboard.press("Tab")
    raise AssertionError(f"{selector} nicht mit der Tabulatortaste erreichbar")


@pytest.mark.parametrize("width", [1280, 375])
def test_keyboard_only_check_with_axe(browser: Any, origin: str, width: int) -> None:
    v = Visit(browser, origin, width)
    tab = v.tab
    v.go("/foerderung/check/")
    assert axe_violations(tab) == []
    tab_to(tab, "input[name=situation]")
    tab.keyboard.press("Space")  # the first answer: Ich bin beschäftigt
    tab_to(tab, "#check-groesse")
    tab.keyboard.type("200")
    tab_to(tab, "#check-ort")
    tab.keyboard.type("Böblingen")
    tab_to(tab, "input[name=ziel]")
    tab.keyboard.press("Space")  # Einen Fachkurs oder ein Zertifikat
    tab_to(tab, "#foerdercheck button[type=submit]")
    tab.keyboard.press("Enter")
    assert tab.evaluate("document.activeElement.id") == "foerdercheck-ergebnis"
    assert tab.input_value("#check-ort") == "boeblingen"
    assert "situation=beschaeftigte&groesse=200&ort=boeblingen&ziel=zertifikat" in tab.url
    found = results(tab)
    assert found["qualifizierungschancengesetz"][0].startswith(
        "Kann passen, weil Sie beschäftigt sind und Ihr Betrieb 200 Beschäftigte hat: bis zu 50 % der Lehrgangskosten"
    )
    # The Leichte-Sprache texts open with the keyboard too.
    tab_to(tab, "#ergebnis-liste summary")
    tab.keyboard.press("Enter")
    assert tab.is_visible("#ergebnis-liste details[open] .leichte-sprache >> text=Dann kann dieses Förder·programm passen.")
    assert axe_violations(tab) == []
    assert tab.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), "waagrechtes Scrollen"
    v.close()


def test_missing_first_answer_is_explained_and_focused(visit: Visit) -> None:
    tab = visit.tab
    visit.go("/foerderung/check/")
    tab.click("#foerdercheck button[type=submit]")
    assert tab.is_visible("#fehler-situation")
    assert tab.evaluate("document.activeElement.name") == "situation"
    assert tab.is_hidden("#foerdercheck-ergebnis")


def test_the_questions_shown_are_numbered_without_a_gap(visit: Visit) -> None:
    """A question that does not apply is hidden; the numbers of those shown go on without a
    gap, whichever answer hides which."""
    tab = visit.tab

    def numbers() -> list[str]:
        return tab.eval_on_selector_all(
            "#foerdercheck .checkform__frage:not([hidden]) .checkform__nummer", "nodes => nodes.map(n => n.textContent.trim())"
        )

    visit.go("/foerderung/check/")
    situations = tab.eval_on_selector_all("input[name=situation]", "nodes => nodes.map(n => n.value)")
    seen = {tuple(numbers())}
    for situation in situations:
        tab.check(f"#situation-{situation}")
        shown = numbers()
        assert shown == [f"{n}." for n in range(1, len(shown) + 1)], (situation, shown)
        seen.add(tuple(shown))
    assert len({len(shown) for shown in seen}) > 1, "no answer hides a question: nothing checked"


def test_without_javascript_the_check_points_to_the_table(browser: Any, origin: str) -> None:
    v = Visit(browser, origin, javascript=False)
    v.go("/foerderung/check/?situation=beschaeftigte")
    assert v.tab.is_hidden("#foerdercheck")
    v.tab.click("text=Förder-Check als Tabelle")
    # click() returns once the navigation has committed; the table may still be arriving.
    v.tab.wait_for_url("**/foerderung/check/tabelle/", wait_until="load")
    assert v.tab.locator("section[data-situation] tbody tr").count() >= len(CASES)
    v.close()


PAGES = {
    "overview": "/foerderung/",
    "programme": "/foerderung/qualifizierungschancengesetz/",
    "programme in a region": "/foerderung/bildungszeit-bw/goeppingen/",
    "decision table": "/foerderung/check/tabelle/",
    "employers": "/unternehmen/",
    "in-house offers": "/unternehmen/inhouse/",
    "offer with group price": "/angebote/konfliktgespraeche-fuehren/",
    "provider with recognition": "/anbieter/fuehrungskolleg-stuttgart/",
}


@pytest.mark.parametrize("width", [1280, 375])
@pytest.mark.parametrize("name", list(PAGES))
def test_axe_finds_no_violations_on_the_funding_pages(tabs: Any, name: str, width: int) -> None:
    tab, _, traffic = tabs.visit(PAGES[name], width)
    assert axe_violations(tab) == []
    assert tab.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), "waagrechtes Scrollen"
    assert traffic.foreign() == [], "Anfragen an fremde Hosts"
    assert traffic.failed == [] and traffic.errors == []


def test_hr_path_reaches_leadership_courses_with_employer_funding_in_few_taps(visit: Visit) -> None:
    tab = visit.tab
    visit.go("/")
    visit.tap(tab.locator(".schnellliste a", has_text="Für Unternehmen"))
    # The rates by company size are on the way: a firm of 200 reads its line.
    assert tab.locator(".arbeitgeberprogramm tr", has_text="50 bis 499 Beschäftigte").first.is_visible()
    leadership = next(t for t in taxonomy()["topics"] if t["id"] == "fuehrung")
    visit.tap(tab.locator("a.kachel", has_text=leadership["label"]))
    tab.wait_for_selector("#suche-app:not([hidden])")
    wait_for_results(tab)
    found = {u.split("/")[2] for u in result_urls(tab) if u.startswith("/angebote/")}
    employer = {t["id"] for t in taxonomy()["funding"] if "unternehmen" in t.get("for", [])}
    expected = {k for k, o in live().items() if "fuehrung" in o["topics"] and funding_of(o) & employer}
    assert len(expected) >= 3 and found == expected
    assert visit.taps <= 4


def test_worker_path_finds_voucher_courses_near_goeppingen_and_a_phone_number(visit: Visit) -> None:
    tab = visit.tab
    visit.go("/")
    visit.tap(tab.locator(".schnellliste a", has_text="Förderung finden"))
    visit.tap(tab.locator("label", has_text="Ich bin beschäftigt"))
    tab.select_option("#check-ort", "goeppingen")
    visit.tap(tab.locator("label", has_text="Eine Umschulung oder einen Berufsabschluss"))
    tab.select_option("#check-thema", "logistik")
    visit.tap(tab.locator("#foerdercheck button[type=submit]"))
    card = tab.locator("article[data-programm=bildungsgutschein]")
    assert card.is_visible()
    phone = card.locator(".ergebniskarte__beratung a[href^='tel:']")
    assert phone.inner_text() == "07331 0480 2250"
    assert "Lotsenpunkt Weiterbildung Geislingen" in card.locator(".ergebniskarte__beratung").inner_text()
    expected = {k for k, o in live().items() if "bildungsgutschein" in funding_of(o) and "logistik" in o["topics"]
                and (o.get("location") or {}).get("region") == "goeppingen"}
    offers_link = card.locator(".ergebniskarte__angebote a")
    assert offers_link.inner_text().startswith(f"{len(expected)} Angebot")
    visit.tap(offers_link)
    tab.wait_for_selector("#suche-app:not([hidden])")
    wait_for_results(tab)
    assert {u.split("/")[2] for u in result_urls(tab) if u.startswith("/angebote/")} == expected


def test_answers_live_only_in_the_address(visit: Visit) -> None:
    tab = visit.tab
    visit.go("/foerderung/check/" + query(ask("unternehmen", 200, "boeblingen")))
    results(tab)
    assert tab.evaluate("localStorage.length + sessionStorage.length") == 0
    assert tab.evaluate("document.cookie") == ""
    requests = [u for u in visit.traffic.requests if "/foerderung/check/" not in u]
    assert all("/assets/" in u or u.endswith(".svg") for u in requests), requests


def test_an_employer_is_asked_about_the_company_not_about_themselves(visit: Visit) -> None:
    """After "Ich bilde als Arbeitgeber Beschäftigte weiter" the check asks the company size,
    not "Ihr Alter" (that belongs to whoever answers for themselves), and each result names
    the employer's next step, never the employees' "Sprechen Sie mit Ihrem Arbeitgeber"."""
    tab = visit.tab
    visit.go("/foerderung/check/")
    tab.check("#situation-beschaeftigte")
    assert tab.is_visible("#check-alter") and tab.is_visible("#check-groesse")
    tab.check("#situation-unternehmen")
    assert tab.is_hidden("#check-alter") and tab.is_visible("#check-groesse")
    tab.fill("#check-groesse", "40")
    tab.click("#foerdercheck button[type=submit]")
    found = results(tab)
    assert "qualifizierungschancengesetz" in found
    steps = tab.eval_on_selector_all("#ergebnis-liste .ergebniskarte__schritt", "ps => ps.map(p => p.textContent)")
    assert steps and not any("Ihrem Arbeitgeber" in step for step in steps)


@pytest.mark.parametrize("employees", [40, 200])
def test_an_employer_reads_in_the_browser_the_rates_for_some_of_their_employees(
    visit: Visit, table: list[eligibility.Row], employees: int
) -> None:
    """The rates that depend on the employees' age or Berufsabschluss, which the check does not
    ask an employer, stand on the employer's cards exactly as eligibility.staff words them."""
    given = ask("unternehmen", employees, "goeppingen", "zertifikat")
    visit.go("/foerderung/check/" + query(given))
    results(visit.tab)
    shown = dict(visit.tab.eval_on_selector_all(
        "#ergebnis-liste article[data-programm]",
        "cards => cards.map(c => [c.dataset.programm, [...c.querySelectorAll('.ergebniskarte__beschaeftigte')].map(p => p.textContent)])",
    ))
    expected = {m.programme: list(m.staff) for m in eligibility.evaluate(table, answers_of(given))}
    assert any(expected.values())
    assert shown == expected
