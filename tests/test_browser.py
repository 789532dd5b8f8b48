"""The built sample guide in a real browser: search, facets, URL state, accessibility."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
import yaml

from .browser import AXE, CHROMIUM, Traffic, axe_violations, static_server
from .conftest import SAMPLE
from .test_site import as_date, can_begin, offer_sources, published, regions_of, upcoming

pytestmark = pytest.mark.browser
playwright_api = pytest.importorskip("playwright.sync_api")

if not CHROMIUM.exists() or not AXE.exists():
    pytest.fail("Chromium oder axe-core fehlt: bash scripts/setup.sh --test installiert beides", pytrace=False)


def labels(kind: str) -> dict[str, str]:
    data = yaml.safe_load((SAMPLE / "content" / "taxonomies.yaml").read_text())
    return {t["id"]: t["label"] for t in data[kind]}


def live_offers() -> dict[str, dict]:
    """The offers the search shows by default: published, and still to be begun."""
    return {k: v for k, v in offer_sources().items() if published(v) and can_begin(v)}


def advisory_points() -> dict[str, dict]:
    return {p.stem: yaml.safe_load(p.read_text()) for p in sorted((SAMPLE / "content" / "advisory-points").glob("*.yaml"))}


@pytest.fixture(scope="module")
def origin(sample_site: Path) -> Iterator[str]:
    with static_server(sample_site) as url:
        yield url


@pytest.fixture
def page(tabs: Any) -> Iterator[tuple[Any, Traffic]]:
    tab, traffic = tabs.fresh(1280)
    yield tab, traffic
    assert traffic.errors == [], "Konsolenfehler"
    assert traffic.failed == [], "fehlgeschlagene Anfragen"
    assert traffic.foreign() == [], "Anfragen an fremde Hosts"


def open_search(tab: Any, origin: str, query: str = "") -> None:
    tab.goto(f"{origin}/suche/{query}")
    tab.wait_for_selector("#suche-app:not([hidden])")
    wait_for_results(tab)


def wait_for_results(tab: Any) -> None:
    # The results come first, the facets' counts after them: wait for both.
    tab.wait_for_selector("#suche-treffer[aria-busy=false]", state="attached")
    tab.wait_for_selector(".facetten[aria-busy=false]", state="attached")


def result_urls(tab: Any) -> list[str]:
    while tab.is_visible("text=Mehr anzeigen"):
        tab.click("text=Mehr anzeigen")
        wait_for_results(tab)
    return tab.eval_on_selector_all(".treffer-titel a", "links => links.map(a => new URL(a.href).pathname)")


def facet_counts(tab: Any, key: str) -> dict[str, int]:
    pairs = tab.eval_on_selector_all(
        f".facette[data-key='{key}'] li",
        "items => items.map(li => [li.querySelector('input').value, li.querySelector('.anzahl').textContent])",
    )
    # A region's own offers; "(11 + 8 online)" adds those choosing it brings along (online_counts).
    return {value: int(count.strip("()").split(" + ")[0]) for value, count in pairs}


def online_counts(tab: Any) -> dict[str, int]:
    pairs = tab.eval_on_selector_all(
        ".facette[data-key='region'] .anzahl", "spans => spans.map(s => [s.previousSibling.textContent, s.textContent])",
    )
    return {value.strip(): int(count.strip("()").split(" + ")[1].split()[0]) for value, count in pairs if " + " in count}


def tab_counts(tab: Any) -> dict[str, int]:
    texts = tab.eval_on_selector_all("[role=tab]", "tabs => tabs.map(t => t.textContent)")
    return {t.rsplit(" (", 1)[0]: int(t.rsplit("(", 1)[1].rstrip(")")) for t in texts}


def status(tab: Any) -> str:
    return tab.inner_text("#suche-status")


def test_query_finds_the_welding_courses(page: tuple[Any, Traffic], origin: str) -> None:
    tab, _ = page
    open_search(tab, origin, "?q=" + quote("Schweißen"))
    found = {u.split("/")[2] for u in result_urls(tab) if u.startswith("/angebote/")}
    welding = {k for k, v in live_offers().items() if "schweiß" in v["title"].lower()}
    assert len(welding) >= 4
    assert welding <= found


def test_an_inflected_form_finds_the_other_form(page: tuple[Any, Traffic], origin: str) -> None:
    tab, _ = page
    # The genitive "Schweißverfahrens" is written nowhere; a page says "Schweißverfahren".
    texts = {k: yaml.safe_dump(v, allow_unicode=True) for k, v in live_offers().items()}
    assert not any(re.search(r"\bSchweißverfahrens\b", t) for t in texts.values())
    expected = {k for k, t in texts.items() if re.search(r"\bSchweißverfahren\b", t)}
    assert expected
    open_search(tab, origin, "?q=" + quote("Schweißverfahrens"))
    found = {u.split("/")[2] for u in result_urls(tab) if u.startswith("/angebote/")}
    assert expected <= found


def test_facet_counts_equal_the_data(page: tuple[Any, Traffic], origin: str) -> None:
    tab, _ = page
    open_search(tab, origin)
    offers = live_offers()
    assert status(tab).startswith(f"{len(offers)} Angebote")
    regions, topics = labels("regions"), labels("topics")
    assert facet_counts(tab, "region") == dict(Counter(regions[r] for o in offers.values() for r in regions_of(o)))
    online = [o for o in offers.values() if o["format"] == "online"]
    assert online and online_counts(tab) == {
        label: sum(1 for o in online if r not in regions_of(o))
        for r, label in regions.items() if any(r in regions_of(o) for o in offers.values())
    }
    assert facet_counts(tab, "thema") == dict(Counter(topics[t] for o in offers.values() for t in dict.fromkeys(o["topics"])))
    formats = {"praesenz": "Präsenz", "online": "Online", "hybrid": "Hybrid"}
    assert facet_counts(tab, "format") == dict(Counter(formats[o["format"]] for o in offers.values()))
    points = advisory_points()
    # Offers, advisory points and pages are tabs with their counts (pages only for words).
    assert tab_counts(tab) == {"Angebote": len(offers), "Beratungsstellen": len(points)}


def test_or_within_and_across_facets(page: tuple[Any, Traffic], origin: str) -> None:
    tab, _ = page
    offers, points = live_offers(), advisory_points()

    def in_regions(o: dict, *wanted: str) -> bool:
        return bool(regions_of(o) & set(wanted))

    # A place filter includes online offers ("Online-Angebote einbeziehen" is on by default).
    open_search(tab, origin, "?region=Esslingen&region=Stuttgart")
    two_regions = [k for k, o in offers.items() if in_regions(o, "esslingen", "stuttgart") or o["format"] == "online"]
    two_points = [k for k, p in points.items() if p["address"]["region"] in ("esslingen", "stuttgart")]
    assert status(tab).startswith(f"{len(two_regions)} Angebote, {len(two_points)} Beratungsstellen")
    assert tab_counts(tab) == {"Angebote": len(two_regions), "Beratungsstellen": len(two_points)}
    assert tab.is_checked("input[name=region][value=Esslingen]")
    assert tab.is_checked("input[name=region][value=Stuttgart]")
    # Counts of the chosen facet ignore its own selection: every region keeps its number
    # (of the open tab: offers).
    assert facet_counts(tab, "region")["Göppingen"] == sum(1 for o in offers.values() if in_regions(o, "goeppingen"))
    open_search(tab, origin, "?region=Esslingen&region=Stuttgart&format=" + quote("Präsenz"))
    both = [k for k, o in offers.items() if in_regions(o, "esslingen", "stuttgart") and o["format"] == "praesenz"]
    assert status(tab).startswith(f"{len(both)} Angebote")
    assert facet_counts(tab, "format")["Präsenz"] == len(both)
    # The form of a course says nothing about an advisory point: its tab keeps the regions' points.
    assert tab_counts(tab)["Beratungsstellen"] == len(two_points)


def test_filter_only_browsing_sorted_by_start(page: tuple[Any, Traffic], origin: str) -> None:
    tab, _ = page
    topic = labels("topics")["metall-schweissen"]
    open_search(tab, origin, f"?thema={quote(topic)}&sort=beginn")
    offers = {k: o for k, o in live_offers().items() if "metall-schweissen" in o["topics"]}
    first_start = {k: min(as_date(d["start"]) for d in upcoming(o)) for k, o in offers.items() if upcoming(o)}
    urls = result_urls(tab)
    assert len(urls) == len(offers)
    starts = [first_start.get(u.split("/")[2]) for u in urls]
    dated = [s for s in starts if s is not None]
    assert dated == sorted(dated)
    assert urls[0].split("/")[2] == min(first_start, key=lambda k: (first_start[k], k)) or first_start[urls[0].split("/")[2]] == min(first_start.values())
    assert tab.input_value("#suche-sort") == "beginn"


def test_long_facets_show_ten_values_and_a_button_for_the_rest(page: tuple[Any, Traffic], origin: str) -> None:
    tab, _ = page
    open_search(tab, origin)
    counts = facet_counts(tab, "thema")
    assert len(counts) > 12
    assert list(counts.values()) == sorted(counts.values(), reverse=True), "nach Anzahl geordnet"
    visible = ".facette[data-key=thema] li:visible"
    assert tab.locator(visible).count() == 10
    button = tab.locator(".facette[data-key=thema] .facette__mehr")
    assert button.inner_text() == f"Alle {len(counts)} zeigen"
    button.click()
    assert tab.locator(visible).count() == len(counts)
    assert tab.locator(".facette[data-key=thema] .facette__mehr").get_attribute("aria-expanded") == "true"
    # A chosen value below the first ten stays in its place and in view, after them.
    last = list(counts)[-1]
    open_search(tab, origin, "?thema=" + quote(last))
    assert list(facet_counts(tab, "thema")) == list(counts)
    shown = tab.eval_on_selector_all(visible, "lis => lis.map(li => li.querySelector('input').value)")
    assert shown == list(counts)[:10] + [last]


def facet_values(tab: Any, key: str, only_visible: bool = False) -> list[str]:
    return tab.eval_on_selector_all(
        f".facette[data-key='{key}'] li" + (":not([hidden])" if only_visible else ""),
        "items => items.map(li => li.querySelector('input').value)",
    )


def test_a_ticked_value_stays_in_its_place_with_the_focus_on_it(page: tuple[Any, Traffic], origin: str) -> None:
    """Ticking a value neither moves it to the top of its list nor takes the focus off it: a
    screen reader or a phone stays where the visitor was. Below the first ten of a long list
    it stays in view, in its place, when the list is shortened again."""
    tab, _ = page
    open_search(tab, origin)
    before = facet_values(tab, "thema")
    assert len(before) > 12
    fourth = before[3]
    box = f".facette[data-key=thema] input[value='{fourth}']"
    tab.focus(box)
    tab.keyboard.press("Space")
    tab.wait_for_url("**thema=**")
    wait_for_results(tab)
    assert tab.is_checked(box)
    assert facet_values(tab, "thema") == before
    assert tab.evaluate("[document.activeElement.name, document.activeElement.value]") == ["thema", fourth]
    # The whole list, a value near its end ticked, the list shortened: still there, in order.
    tab.click(".facette[data-key=thema] .facette__mehr")
    last = before[-1]
    tab.focus(f".facette[data-key=thema] input[value='{last}']")
    tab.keyboard.press("Space")
    tab.wait_for_function("() => new URL(location.href).searchParams.getAll('thema').length === 2")
    wait_for_results(tab)
    assert facet_values(tab, "thema") == before
    assert tab.evaluate("document.activeElement.value") == last
    tab.click(".facette[data-key=thema] .facette__mehr")
    assert facet_values(tab, "thema", only_visible=True) == before[:10] + [last]


def test_every_filter_field_is_named_with_its_group(page: tuple[Any, Traffic], origin: str) -> None:
    """A screen reader tabbing into a filter hears the group it is in: "Beginn von – bis,
    Gruppe; von, Datum", not a bare "von". A summary does not name the contents of its
    details; the facets' values had a named group, the planning fields (dates, postal code,
    radius) had none."""
    tab, _ = page
    open_search(tab, origin, "?q=" + quote("Schweißen"))
    groups = tab.eval_on_selector_all(
        ".facette",
        """all => all.map(d => [d.querySelector('summary').textContent.trim(),
                                d.querySelector('.facette__inhalt').getAttribute('role'),
                                d.querySelector('.facette__inhalt').getAttribute('aria-label')])""",
    )
    assert len(groups) > 5 and {"Beginn von – bis", "In der Nähe", "Region"} <= {g[0] for g in groups}
    assert [g for g in groups if g[1:] != ["group", g[0]]] == []
    assert tab.get_by_role("group", name="Beginn von – bis").get_by_label("von", exact=True).count() == 1
    assert tab.get_by_role("group", name="In der Nähe").get_by_label("Postleitzahl").count() == 1


def test_url_restores_state_and_back_returns(page: tuple[Any, Traffic], origin: str) -> None:
    tab, _ = page
    open_search(tab, origin, "?q=" + quote("Schweißen") + "&region=Esslingen")
    assert tab.input_value("#suche-q") == "Schweißen"
    assert tab.is_checked("input[name=region][value=Esslingen]")
    before = status(tab)
    tab.check("input[name=format][value='Präsenz']")
    tab.wait_for_url("**format=Pr%C3%A4senz**")
    wait_for_results(tab)
    assert "Präsenz" in status(tab)
    tab.go_back()
    tab.wait_for_function("() => !document.querySelector('input[name=format][value=\"Präsenz\"]')?.checked")
    wait_for_results(tab)
    assert status(tab) == before
    assert tab.is_checked("input[name=region][value=Esslingen]")


def test_keyboard_alone_filters(page: tuple[Any, Traffic], origin: str) -> None:
    tab, _ = page
    open_search(tab, origin)
    tab.focus("input[name=region][value=Esslingen]")
    tab.keyboard.press("Space")
    tab.wait_for_url("**region=Esslingen**")
    wait_for_results(tab)
    assert tab.evaluate("document.activeElement.value") == "Esslingen"


def test_phone_finds_welding_in_esslingen_next_month(browser: Any, origin: str) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True, locale="de-DE")
    tab = context.new_page()
    tab.goto(f"{origin}/themen/metall-schweissen/")
    tab.tap("text=suchen und filtern")
    wait_for_results(tab)
    assert not tab.is_visible(".facette[data-key=region]"), "auf dem Handy sind die Filter zunächst zu"
    tab.tap(".filter-panel > summary")
    tab.tap(".facette[data-key=region] summary")
    tab.tap("label:has-text('Esslingen')")
    wait_for_results(tab)
    tab.tap(".facette[data-key=beginn] summary")
    tab.tap("label:has-text('Januar 2027')")
    tab.wait_for_url("**beginn=Januar**")
    wait_for_results(tab)
    found = {u.split("/")[2] for u in result_urls(tab)}
    # Esslingen or online (included with a place filter), and any start in January 2027.
    expected = {
        k for k, o in live_offers().items()
        if "metall-schweissen" in o["topics"] and ("esslingen" in regions_of(o) or o["format"] == "online")
        and any(as_date(d["start"]).strftime("%Y-%m") == "2027-01" for d in upcoming(o))
    }
    assert len(expected) >= 2 and found == expected
    assert tab.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    context.close()


def test_a_query_asking_for_a_course_opens_the_offers(page: tuple[Any, Traffic], origin: str) -> None:
    """Advisory points for the unemployed name "Arbeitslose" more often than any course does,
    so they score higher; but "Kurs für Arbeitslose" asks for courses and opens the offers,
    and "Beratung für Arbeitslose" the advisory points."""
    tab, _ = page
    for query, art in (("Kurs für Arbeitslose", "Angebot"), ("Umschulung für Arbeitslose", "Angebot"),
                       ("Beratung für Arbeitslose", "Beratungsstelle")):
        open_search(tab, origin, "?q=" + quote(query))
        counts = tab_counts(tab)
        assert counts["Angebote"] and counts["Beratungsstellen"], (query, counts)
        assert tab.get_attribute("[role=tab][aria-selected=true]", "data-art") == art, query


def test_advisory_points_of_a_town_typed_come_nearest_it_first(page: tuple[Any, Traffic], origin: str, sample_site: Path) -> None:
    """"Beratung Nürtingen": the town's region filters, and its advisory points come in order of
    distance from the town (they came by relevance, the point in Nürtingen last of three). The
    status says the order. Each town of the region is tried."""
    from .test_planning import centroids, haversine, search_page_data

    tab, _ = page
    table, codes = centroids(), search_page_data(sample_site)["ortplz"]
    points = {k: p for k, p in advisory_points().items() if p["address"]["region"] == "esslingen"}
    towns = sorted({p["address"]["city"] for p in points.values()})
    assert len(points) >= 3 and len(towns) >= 2
    for town in towns:
        open_search(tab, origin, "?q=" + quote(f"Beratung {town}"))
        assert tab.get_attribute("[role=tab][aria-selected=true]", "data-art") == "Beratungsstelle", town
        assert f"Die Beratungsstellen nach Entfernung von {town}" in status(tab), town
        shown = [u.split("/")[2] for u in result_urls(tab)]
        assert set(shown) == set(points), town
        here = table[codes[town.casefold().replace("ü", "u")]]
        km = [haversine(here, table[points[k]["address"]["postal_code"]]) for k in shown]
        assert km == sorted(km) and km[0] < 1, (town, shown)


def test_a_search_that_finds_nothing_keeps_the_offers_tab_chosen(page: tuple[Any, Traffic], origin: str) -> None:
    """Nothing anywhere (a start in 2030): the offers' tab is the chosen one, not the hidden
    tab of pages (-1 scored as half again more than -1)."""
    tab, _ = page
    open_search(tab, origin, "?q=" + quote("Python Juli 2030"))
    chosen = tab.eval_on_selector_all("[role=tab][aria-selected=true]", "ts => ts.map(t => t.dataset.art)")
    assert chosen == ["Angebot"] and tab_counts(tab) == {"Angebote": 0, "Beratungsstellen": 0}


def test_back_from_a_result_returns_to_it(browser: Any, origin: str) -> None:
    """Back from the twelfth result (after "Mehr anzeigen"): the list is as long as it was,
    and the result is where it was, not the top of the page or the first ten."""
    tab = browser.new_page(viewport={"width": 1280, "height": 800}, locale="de-DE")
    tab.goto(f"{origin}/suche/")
    wait_for_results(tab)
    tab.click("text=Mehr anzeigen")
    wait_for_results(tab)
    link = tab.locator(".treffer-titel a").nth(11)
    title = link.inner_text()
    link.scroll_into_view_if_needed()
    link.click()
    tab.wait_for_url("**/angebote/**")
    tab.go_back()
    wait_for_results(tab)
    tab.wait_for_function("document.querySelectorAll('.treffer-titel a').length >= 12")
    tab.wait_for_function("window.scrollY > 500")
    again = tab.locator(".treffer-titel a").nth(11)
    box = again.bounding_box()
    assert again.inner_text() == title and box is not None and 0 <= box["y"] <= 800 - box["height"], box
    tab.close()


def test_back_from_a_result_opened_by_keyboard_puts_the_focus_on_it(browser: Any, origin: str) -> None:
    """A keyboard or screen-reader visitor opens the third result with Enter and comes back: the
    focus was on the page itself and the next Tab went to "Zum Inhalt springen" far above.
    It is on the result they left from again."""
    tab = browser.new_page(viewport={"width": 1280, "height": 800}, locale="de-DE")
    tab.goto(f"{origin}/suche/")
    wait_for_results(tab)
    open_and_come_back(tab, tab.locator(".treffer-titel a").nth(2))
    tab.close()


def open_and_come_back(tab: Any, link: Any) -> None:
    """Open the result ``link`` with Enter, go back, and wait until the focus is on it again."""
    href = link.get_attribute("href")
    link.focus()
    tab.keyboard.press("Enter")
    tab.wait_for_url("**/angebote/**")
    tab.go_back()
    wait_for_results(tab)
    tab.wait_for_function(f"document.activeElement && document.activeElement.getAttribute('href') === {href!r}")


def test_back_on_a_phone_the_result_with_the_focus_is_in_view(browser: Any, origin: str) -> None:
    """On a phone the visitor opened the filters, went down to a result and opened it. Back,
    the filter panel starts closed again, so the page's old scroll position lay far below the
    result: the focus was on it, off the screen, and nothing showed where it was."""
    # (Without motion the focus scrolls the result into view at once, before Enter leaves.)
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="de-DE", reduced_motion="reduce")
    tab = context.new_page()
    tab.goto(f"{origin}/suche/?q=" + quote("Schweißen"))
    wait_for_results(tab)
    tab.click(".filter-panel > summary")
    open_and_come_back(tab, tab.locator(".treffer-titel a").first)
    box = tab.evaluate("(() => { const r = document.activeElement.getBoundingClientRect(); return [r.top, r.bottom, innerHeight]; })()")
    context.close()
    assert box[0] >= 0 and box[1] <= box[2], box


def test_on_a_phone_escape_closes_the_filter_panel_back_to_its_heading(browser: Any, origin: str) -> None:
    """A keyboard visitor opens the phone's filter panel, goes into it and presses Escape: it
    closes, and the focus is on its heading again, not in a closed panel or on the page."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="de-DE", reduced_motion="reduce")
    tab = context.new_page()
    tab.goto(f"{origin}/suche/?q=" + quote("Schweißen"))
    wait_for_results(tab)
    tab.focus(".filter-panel > summary")
    tab.keyboard.press("Enter")
    assert tab.evaluate("document.querySelector('.filter-panel').open")
    for _ in range(3):
        tab.keyboard.press("Tab")
    assert tab.evaluate("document.activeElement.matches('.filter-panel > summary ~ * *')")
    tab.keyboard.press("Escape")
    state = tab.evaluate("[document.querySelector('.filter-panel').open, document.activeElement.matches('.filter-panel > summary')]")
    context.close()
    assert state == [False, True]


def in_view(tab: Any, selector: str) -> bool:
    box = tab.locator(selector).first.bounding_box()
    # (Scrolled to its top, an element may start a fraction of a pixel above the screen.)
    return box is not None and box["y"] > -1 and box["y"] + box["height"] <= tab.evaluate("window.innerHeight")


def scrolled(tab: Any) -> None:
    """Waits until the page has scrolled down and come to rest (smoothly, unless the visitor
    asks for reduced motion)."""
    tab.wait_for_function("(() => { const y = window.scrollY; return new Promise(r => setTimeout(() => r(y > 0 && y === window.scrollY), 200)); })()")


def test_on_a_phone_a_search_sent_shows_its_first_results(browser: Any, origin: str) -> None:
    """Three taps: the home page's search box, "Suchen", the course. On a phone the banner,
    the navigation, the form and its hint fill the first screen; a query sent brings the
    results into view (with the chips of what was understood above them), and one sent
    from the search page itself also takes the focus to the results' heading."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, locale="de-DE")
    tab = context.new_page()
    tab.goto(f"{origin}/")
    tab.tap("#start-suche")
    tab.fill("#start-suche", "Schweißen Esslingen")
    tab.press("#start-suche", "Enter")
    tab.wait_for_url("**/suche/**")
    wait_for_results(tab)
    scrolled(tab)
    assert in_view(tab, ".treffer-titel a") and in_view(tab, "button.filterchip")
    assert tab.evaluate("document.activeElement === document.body"), "angekommen bleibt der Fokus am Seitenanfang"
    # Sent again from the search page: the results come into view and take the focus.
    tab.evaluate("window.scrollTo({top: 0, behavior: 'instant'})")  # (not smoothly: at once)
    tab.fill("#suche-q", "Staplerschein")
    tab.press("#suche-q", "Enter")
    wait_for_results(tab)
    tab.wait_for_function("document.activeElement.id === 'ergebnis-titel'")
    scrolled(tab)
    assert in_view(tab, ".treffer-titel a") and "Stapler" in tab.locator(".treffer-titel a").first.inner_text()
    # From a topic page's "suchen und filtern": its filter comes with the results in view.
    tab.goto(f"{origin}/themen/metall-schweissen/")
    tab.tap("text=suchen und filtern")
    wait_for_results(tab)
    scrolled(tab)
    where = "[scrollY, document.querySelector('.filter-panel > summary').getBoundingClientRect().y]"
    assert in_view(tab, ".filter-panel > summary") and in_view(tab, ".treffer-titel a"), tab.evaluate(where)
    # Reloaded, the browser keeps its own place; on a wide screen nothing moves.
    tab.evaluate("window.scrollTo({top: 0, behavior: 'instant'})")  # (not smoothly: at once)
    tab.reload()
    wait_for_results(tab)
    tab.wait_for_timeout(300)
    # (Put back by the browser within a pixel or two, not brought down to the results.)
    assert tab.evaluate("window.scrollY") < 50
    context.close()
    wide = browser.new_page(viewport={"width": 1280, "height": 900}, locale="de-DE")
    wide.goto(f"{origin}/suche/?q=" + quote("Schweißen"))
    wait_for_results(wide)
    wide.wait_for_timeout(300)
    assert wide.evaluate("window.scrollY") == 0
    wide.close()


PAGE_TYPES = {
    "home": "/",
    "offer list": "/angebote/",
    "offer": "/angebote/mag-schweissen-grundkurs/",
    "advisory list": "/beratung/",
    "advisory point": "/beratung/lotsenpunkt-stuttgart-mitte/",
    "provider": "/anbieter/neckarwerk-technikakademie/",
    "topic": "/themen/metall-schweissen/",
    "region": "/regionen/esslingen/",
    "funding": "/foerderung/",
    "editorial page": "/barrierefreiheit/",
    "404": "/gibt-es-nicht/",
    "merkliste": "/merkliste/",
    "catalogue": "/katalog/",
    "regional catalogue": "/katalog/esslingen/",
    "leichte sprache": "/leichte-sprache/",
}


@pytest.mark.parametrize("width", [1280, 375])
@pytest.mark.parametrize("name", list(PAGE_TYPES))
def test_axe_finds_no_wcag_violations(tabs: Any, name: str, width: int) -> None:
    tab, response, traffic = tabs.visit(PAGE_TYPES[name], width)
    assert response is not None and response.status == (404 if name == "404" else 200)
    assert axe_violations(tab) == []
    assert tab.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), "waagrechtes Scrollen"
    assert traffic.foreign() == [] and traffic.failed == []
    assert [e for e in traffic.errors if "404" not in e] == []


@pytest.mark.parametrize("width", [1280, 375])
def test_axe_on_search_with_results_and_open_facets(browser: Any, origin: str, width: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="de-DE")
    tab = context.new_page()
    open_search(tab, origin, "?q=" + quote("Schweißen") + "&region=Esslingen")
    tab.eval_on_selector_all("details.filter-panel, details.facette", "ds => ds.forEach(d => d.open = true)")
    assert tab.locator(".treffer").count() > 0
    assert axe_violations(tab) == []
    context.close()


def test_search_page_without_javascript_explains_itself(browser: Any, origin: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    tab.goto(f"{origin}/suche/?q=test")
    # In <noscript>: a browser without JavaScript shows it, one still loading the script does
    # not. (Playwright only switches scripts off, the parser still reads <noscript> as text.)
    assert "Die Suche braucht JavaScript" in tab.eval_on_selector("noscript", "n => n.textContent")
    assert tab.is_visible("#suche-q")
    assert tab.locator("a[href='/themen/metall-schweissen/']").count() == 1
    assert tab.locator("a[href='/regionen/esslingen/']").count() == 1
    context.close()


def test_without_words_the_list_goes_by_start_and_says_so(page: tuple[Any, Traffic], origin: str) -> None:
    tab, _ = page
    open_search(tab, origin, "?thema=" + quote(labels("topics")["metall-schweissen"]))
    assert tab.input_value("#suche-sort") == "beginn"
    assert tab.is_disabled("#suche-sort option[value=relevanz]")
    assert "nach Beginn sortiert" in status(tab)
    open_search(tab, origin, "?q=Excel")
    assert tab.input_value("#suche-sort") == "relevanz"
    assert not tab.is_disabled("#suche-sort option[value=relevanz]")


def test_resetting_the_filters_keeps_the_words(page: tuple[Any, Traffic], origin: str) -> None:
    tab, _ = page
    open_search(tab, origin, "?q=Excel&format=Online")
    assert tab.is_checked("input[name=format][value=Online]")
    tab.click("text=Alle Filter zurücksetzen")
    wait_for_results(tab)
    assert tab.input_value("#suche-q") == "Excel"
    assert "q=Excel" in tab.url and "format=" not in tab.url
    assert not tab.is_checked("input[name=format][value=Online]")


def test_each_facet_is_named_once(page: tuple[Any, Traffic], origin: str) -> None:
    tab, _ = page
    open_search(tab, origin)
    names = tab.eval_on_selector_all(".facette", "fs => fs.map(f => f.querySelectorAll(':scope > div > legend, :scope > fieldset > legend, :scope > div > [role=group]').length)")
    assert names and set(names) == {0}, "the summary names the facet; nothing inside repeats it"
