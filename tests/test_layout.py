"""Every page type of the built sample at a phone's and a desktop's width, as a newcomer sees it.

For each: no control with text below 16 px, no page wider than the screen, nothing that scrolls
sideways without a visible hint (``aria-describedby`` naming a shown element), no placeholder
or label cut off, no stacked table's label drawn over its value, and the page's text –
including what the scripts wrote into it – passes the German text check. Screenshots (the first two screens) of every page type at both widths go to docs/screenshots/
when the templates have changed since they were taken (or with LOTSE_DOCS_SCREENSHOTS=1), so
the shots a reviewer looks at match the templates; otherwise none are taken (a full-page
capture of the long pages was a third of this test's time).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .browser import CHROMIUM, Traffic, static_server
from .conftest import ROOT
from .textcheck import problems

pytestmark = pytest.mark.browser
playwright_api = pytest.importorskip("playwright.sync_api")

if not CHROMIUM.exists():
    pytest.fail("Chromium fehlt: bash scripts/setup.sh --test installiert es", pytrace=False)

WIDTHS = {"handy": (390, 844), "desktop": (1280, 900)}
SHOTS = ROOT / "docs" / "screenshots"
STAMP = SHOTS / "vorlagen.sha256"

# What the page checks measure, in the browser.
MEASURE = """() => {
  const found = [];
  const shown = (el) => {
    const box = el.getBoundingClientRect(), style = getComputedStyle(el);
    return box.width > 1 && box.height > 1 && style.visibility !== "hidden" && style.display !== "none";
  };
  const name = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
    (el.className && typeof el.className === "string" ? "." + el.className.trim().split(/\\s+/).join(".") : "") +
    " „" + (el.innerText || el.value || el.placeholder || "").trim().slice(0, 40) + "“";
  const controls = "button, select, textarea, summary, input:not([type=hidden]):not([type=checkbox]):not([type=radio])";
  for (const el of document.querySelectorAll(controls)) {
    if (!shown(el)) continue;
    const size = parseFloat(getComputedStyle(el).fontSize);
    if (size < 15.95) found.push("Schrift " + size.toFixed(1) + " px: " + name(el));
  }
  const root = document.documentElement;
  if (root.scrollWidth > root.clientWidth + 1) found.push("Seite " + root.scrollWidth + " px breit bei " + root.clientWidth + " px");
  for (const el of document.querySelectorAll("body *")) {
    if (!shown(el)) continue;
    const style = getComputedStyle(el);
    const wide = el.scrollWidth > el.clientWidth + 1;
    if (wide && (style.overflowX === "auto" || style.overflowX === "scroll")) {
      const ids = (el.getAttribute("aria-describedby") || "").split(/\\s+/).filter(Boolean);
      if (!ids.some((id) => document.getElementById(id) && shown(document.getElementById(id)))) {
        found.push("scrollt seitlich ohne sichtbaren Hinweis: " + name(el));
      }
    }
    if (wide && style.textOverflow === "ellipsis") found.push("abgeschnitten: " + name(el));
  }
  // A table wider than the column it stands in runs under its neighbours (a programme's
  // conditions under its sources) or widens the page; only a box with a hint may scroll one.
  for (const el of document.querySelectorAll("table")) {
    const box = el.parentElement, style = getComputedStyle(box);
    if (!shown(el) || style.overflowX === "auto" || style.overflowX === "scroll") continue;
    if (el.getBoundingClientRect().width > box.clientWidth + 1) found.push("Tabelle breiter als ihre Spalte: " + name(el));
  }
  // A stacked table's label stands in the cell's left padding, beside the value; a narrow
  // table's row header (flush left) once drew the employers' company size over its label.
  for (const el of document.querySelectorAll(".tabelle--stapel [data-label]")) {
    const label = getComputedStyle(el, "::before");
    if (!shown(el) || label.position !== "absolute") continue;
    if (parseFloat(getComputedStyle(el).paddingLeft) < parseFloat(label.left) + parseFloat(label.width)) {
      found.push("Beschriftung über dem Wert: " + name(el));
    }
  }
  const pen = document.createElement("canvas").getContext("2d");
  for (const el of document.querySelectorAll("input[placeholder], textarea[placeholder]")) {
    if (!shown(el) || el.value) continue;
    const style = getComputedStyle(el);
    pen.font = style.fontStyle + " " + style.fontWeight + " " + style.fontSize + " " + style.fontFamily;
    const room = el.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    if (pen.measureText(el.placeholder).width > room + 0.5) found.push("Platzhalter abgeschnitten: „" + el.placeholder + "“");
  }
  return found;
}"""


def first(site: Path, section: str, skip: tuple[str, ...] = ("seite",)) -> str:
    """The address of the first page below a section (an offer, a topic …)."""
    below = sorted(p for p in (site / section).iterdir() if p.is_dir() and p.name not in skip and (p / "index.html").is_file())
    return f"/{section}/{below[0].name}/"


def dates_columns(site: Path, offer: str) -> int:
    """The columns of an offer page's dates table (0 without one)."""
    page = (site / "angebote" / offer / "index.html").read_text(encoding="utf-8")
    table = page.split('class="tabelle tabelle--stapel termintabelle"', 1)[1:]
    return table[0].split("</thead>", 1)[0].count('<th scope="col"') if table else 0


def page_types(site: Path) -> dict[str, str]:
    months = sorted((site / "angebote" / "beginn").iterdir())
    offers = sorted(p.name for p in (site / "angebote").iterdir() if p.is_dir() and p.name not in ("beginn", "seite"))
    # A course at several places with deadlines and seats: its dates table has the most columns
    # (one of six squeezed its places to a few letters a line beside the offer's facts).
    widest = max(offers, key=lambda offer: (dates_columns(site, offer), offer))
    return {
        "start": "/",
        "angebote": "/angebote/",
        "angebot": f"/angebote/{offers[0]}/",
        "angebot-termine": f"/angebote/{widest}/",
        "beginn": f"/angebote/beginn/{months[0].name}/",
        "themen": "/themen/",
        "thema": first(site, "themen"),
        "regionen": "/regionen/",
        "region": first(site, "regionen"),
        "anbieterliste": "/anbieter/",
        "anbieter": first(site, "anbieter"),
        "beratung": "/beratung/",
        "beratungsstelle": first(site, "beratung"),
        "foerderung": "/foerderung/",
        "programm": first(site, "foerderung", ("check", "seite")),
        "foerder-check": "/foerderung/check/",
        "entscheidungstabelle": "/foerderung/check/tabelle/",
        "unternehmen": "/unternehmen/",
        "suche": "/suche/?q=Schwei%C3%9Fen",
        "suche-leer": "/suche/",
        "merkliste": "/merkliste/#angebote=" + ",".join(offers[:3]),
        "katalog": "/katalog/",
        "leichte-sprache": "/leichte-sprache/",
        "seite": "/datenschutz/",
        "nicht-gefunden": "/gibt-es-nicht/",
    }


def templates_stamp() -> str:
    digest = hashlib.sha256()
    for file in sorted((ROOT / "templates").rglob("*")):
        if file.is_file():
            digest.update(file.relative_to(ROOT).as_posix().encode() + b"\0" + file.read_bytes())
    return digest.hexdigest()


@pytest.fixture(scope="module")
def shots() -> Iterator[Path | None]:
    """docs/screenshots/ when its shots are older than the templates, else None."""
    stamp = templates_stamp()
    if os.environ.get("LOTSE_DOCS_SCREENSHOTS") != "1" and STAMP.is_file() and STAMP.read_text().strip() == stamp:
        yield None
        return
    SHOTS.mkdir(parents=True, exist_ok=True)
    yield SHOTS
    STAMP.write_text(stamp + "\n")


def write_index(folder: Path, kinds: dict[str, str]) -> None:
    """docs/screenshots/README.md: every page type, phone beside desktop."""
    lines = [
        "# Bildschirmfotos aller Seitentypen",
        "",
        "Das Beispiel (`tests/fixtures/sample`) mit 390 px (Handy) und 1280 px (Desktop), je die ersten",
        "zwei Bildschirmhöhen. Geschrieben von `tests/test_layout.py`, sobald sich `templates/` ändert",
        "(oder mit `LOTSE_DOCS_SCREENSHOTS=1`); `vorlagen.sha256` hält fest, zu welchen Vorlagen sie gehören.",
        "",
        "| Seite | Adresse | Handy | Desktop |",
        "| --- | --- | --- | --- |",
    ]
    for kind, path in kinds.items():
        lines.append(f"| {kind} | `{path}` | ![{kind}, Handy]({kind}-handy.jpg) | ![{kind}, Desktop]({kind}-desktop.jpg) |")
    (folder / "README.md").write_text("\n".join(lines) + "\n")


@pytest.fixture(scope="module")
def origin(sample_site: Path) -> Iterator[str]:
    with static_server(sample_site) as url:
        yield url


@pytest.mark.parametrize("width", list(WIDTHS))
def test_every_page_type_fits_reads_and_is_photographed(browser: Any, sample_site: Path, origin: str, shots: Path | None, width: str) -> None:
    w, h = WIDTHS[width]
    context = browser.new_context(viewport={"width": w, "height": h}, locale="de-DE", reduced_motion="reduce")
    tab = context.new_page()
    traffic = Traffic(origin)
    traffic.watch(tab)
    found = []
    kinds = page_types(sample_site)
    if shots:
        write_index(shots, kinds)
    try:
        for kind, path in kinds.items():
            if kind == "merkliste":  # a list of its own, and a shared link to three others
                tab.evaluate("() => localStorage.setItem('lotse-merkliste:/', JSON.stringify([{id: 'x-gibt-es-nicht', titel: 'Alt'}]))")
            tab.goto(origin + path)  # waits for "load"; only the search and the Merkliste fetch after it (waited for below)
            if kind.startswith("suche"):
                tab.wait_for_selector("#suche-app:not([hidden])")
                tab.wait_for_function("() => !document.querySelector('[aria-busy=true]')")
            if kind == "merkliste":
                tab.wait_for_selector("#merkliste-tabelle:not([hidden])")
                assert "geteilte Merkliste mit 3 Angeboten" in tab.inner_text("#merkliste-geteilt")
            found += [f"{kind} ({w} px): {p}" for p in tab.evaluate(MEASURE)]
            found += [f"{kind} ({w} px): {p}" for p in problems(tab.inner_text("body"))]
            if shots:  # the first two screens: what a visitor sees first, at a size a repository can carry
                tall = min(tab.evaluate("() => document.documentElement.scrollHeight"), 2 * h)
                clip = {"x": 0, "y": 0, "width": w, "height": tall}
                tab.screenshot(path=str(shots / f"{kind}-{width}.jpg"), full_page=True, clip=clip, type="jpeg", quality=60)
    finally:
        context.close()
    assert not found, "\n".join(found)
    # The missing page answers 404, as it should; the browser logs that as an error.
    assert traffic.foreign() == [] and [e for e in traffic.errors if "404 (Not Found)" not in e] == []


@pytest.mark.parametrize(("width", "text"), [(320, 1), (800, 1), (390, 2), (320, 2)], ids=["320px", "800px", "390px-text-200", "320px-text-200"])
def test_every_page_type_reflows_at_320_px_and_with_text_doubled(browser: Any, sample_site: Path, origin: str, width: int, text: int) -> None:
    """WCAG 1.4.10 and 1.4.4: at 320 CSS px, at a tablet's 800 px (the Förder-Check's decision
    table was wider), and on a phone whose text size is doubled (at 390 and at 320 px, where
    the page is ten letters wide), no page scrolls sideways (a long word such as
    "Qualifizierungschancengesetz" in a filter label, a date kept on one line, a guide's long
    name) and no text is squeezed (below). What has its own sideways scrolling with a hint
    (the Merkliste's comparison table) is left to the test above."""
    context = browser.new_context(viewport={"width": width, "height": 800}, locale="de-DE", reduced_motion="reduce")
    tab = context.new_page()
    wide = []
    try:
        for kind, path in page_types(sample_site).items():
            tab.goto(origin + path)
            if kind.startswith("suche"):
                tab.wait_for_selector("#suche-app:not([hidden])")
                tab.wait_for_function("() => !document.querySelector('[aria-busy=true]')")
            if text != 1:
                # Without transitions, whatever the stylesheet says: one started by the new size
                # would leave the old one to be measured in this frame (see the reduced-motion test).
                tab.add_style_tag(content=f"html {{ font-size: {100 * text}% !important; }} *, *::before, *::after {{ transition: none !important; }}")
            size = tab.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
            if size[0] > size[1] + 1:
                wide.append(f"{kind}: {size[0]} px breit bei {size[1]} px")
            if text != 1:
                wide += [f"{kind}: {p}" for p in tab.evaluate(SQUEEZED)]
                # Stacked or not, a table stays a table with its headers for a screen reader.
                for table in tab.locator("main table:visible").all():
                    tree = table.aria_snapshot()
                    if not tree.lstrip("- '").startswith("table") or "columnheader" not in tree:
                        wide.append(f"{kind}: keine Tabelle mehr für Screenreader: {tree[:80]}")
    finally:
        context.close()
    assert not wide, "\n".join(wide)


def test_with_reduced_motion_a_change_of_style_applies_at_once(browser: Any, origin: str) -> None:
    """Under reduced motion nothing transitions: the text size a visitor sets (or a wider
    window) is there in the same frame, not after a transition of every property."""
    context = browser.new_context(viewport={"width": 390, "height": 800}, locale="de-DE", reduced_motion="reduce")
    tab = context.new_page()
    try:
        tab.goto(origin + "/")
        sizes = tab.evaluate("""() => {
          const before = getComputedStyle(document.body).fontSize;
          document.documentElement.style.setProperty("font-size", "200%", "important");
          return [before, getComputedStyle(document.body).fontSize];
        }""")
    finally:
        context.close()
    assert sizes == ["17px", "34px"]


# With text doubled on a phone, nothing may be left too little room to be read or typed in: a
# stacked table's value beside its 8em label stood one letter a line, the home page's search
# field beside "Suchen" was 50 px wide and hid what was typed (found by a stranger's test).
SQUEEZED = r"""() => {
  const out = [];
  const shown = (el, r) => {
    if (r.width < 2 || r.height < 2 || el.closest('[hidden], .visually-hidden')) return false;
    for (let up = el.parentElement; up; up = up.parentElement) {
      if (up.getBoundingClientRect().width <= 1) return false;  // inside a box clipped away (a stacked table's head)
    }
    return true;
  };
  // A field needs room for six letters, or for as many as it takes (a postcode's five).
  for (const el of document.querySelectorAll('input[type=search], input[type=text], input:not([type])')) {
    const r = el.getBoundingClientRect();
    const size = parseFloat(getComputedStyle(el).fontSize);
    if (shown(el, r) && r.width < Math.min(6, el.maxLength > 0 ? el.maxLength : 6) * size) out.push(`Eingabefeld ${el.id || el.name}: ${Math.round(r.width)} px breit bei ${size} px Schrift`);
  }
  // Text in a column narrower than five letters' widths, broken into more lines than it has
  // words and fewer than five letters a line (a long word in a wider column breaks as it
  // must, and is not counted). Measured on the text itself, not its box: a padded cell or
  // button left its words 30 px of a wide box.
  // (The parts fixed so far: stacked tables' cells, a card's facts, a tile's count, the
  // catalogue's contents, the home page's regions, tables' captions, opening hours, buttons.)
  const parts = '.tabelle--stapel td, .tabelle--stapel th, .kurzfakten dd, .kurzfakten dt, .kachel span, ' +
    '.katalog__inhaltsliste li, .regionsliste li, main caption, .oeffnungszeiten th, .oeffnungszeiten td, .knopf';
  for (const el of document.querySelectorAll(parts)) {
    const r = el.getBoundingClientRect();
    if (!shown(el, r)) continue;
    const boxes = [], texts = [];
    const walk = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let n = walk.nextNode(); n; n = walk.nextNode()) {
      if (!n.textContent.trim() || n.parentElement.closest('.sr-only, .visually-hidden, [hidden]')) continue;
      const range = document.createRange();
      range.selectNodeContents(n);
      boxes.push(...[...range.getClientRects()].filter((b) => b.width > 0));
      texts.push(n.textContent.trim());
    }
    const words = texts.join(' ');
    if (words.length < 8 || !boxes.length) continue;
    boxes.sort((a, b) => a.top - b.top);
    let lines = 0, bottom = -Infinity;
    for (const b of boxes) {
      if (b.top >= bottom - 2) lines++;  // a line's text boxes overlap; the next line's start below
      bottom = b.top >= bottom - 2 ? b.bottom : Math.max(bottom, b.bottom);
    }
    const width = Math.max(...boxes.map((b) => b.right)) - Math.min(...boxes.map((b) => b.left));
    const count = words.split(/\s+/).length;
    if (width < 5 * parseFloat(getComputedStyle(el).fontSize) && lines > count && words.length < 5 * lines) {
      out.push(`„${words.slice(0, 30)}“: ${lines} Zeilen für ${count} Wörter, ${Math.round(width)} px breit`);
    }
  }
  return out;
}"""


# The focus indicator of what has the focus, as a keyboard visitor sees it: its outline and
# its box shadows (or the outline of the card its link fills), each measured against the
# background it stands on. WCAG 1.4.11 asks 3:1 of what shows a state; the yellow alone on the
# Förder-Check's grey was 1.5:1, and a date field tabbed to showed none at all.
FOCUS_INDICATOR = r"""() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const rgb = (text) => {
    const m = /rgba?\(([^)]+)\)/.exec(text);
    if (!m) return null;
    const p = m[1].split(/[\s,/]+/).filter(Boolean).map(Number);
    return p.length > 3 && p[3] < 0.5 ? null : p.slice(0, 3);
  };
  const lum = (c) => {
    const [r, g, b] = c.map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const contrast = (a, b) => (Math.max(lum(a), lum(b)) + 0.05) / (Math.min(lum(a), lum(b)) + 0.05);
  let ground = [255, 255, 255];
  for (let up = el.parentElement; up; up = up.parentElement) {
    const c = rgb(getComputedStyle(up).backgroundColor);
    if (c) { ground = c; break; }
  }
  const colours = [];
  for (const box of [el, el.closest(".karte")].filter(Boolean)) {
    const style = getComputedStyle(box);
    if (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2) colours.push(rgb(style.outlineColor));
    for (const m of style.boxShadow.matchAll(/rgba?\([^)]+\)/g)) colours.push(rgb(m[0]));
  }
  const best = Math.max(0, ...colours.filter(Boolean).map((c) => contrast(c, ground)));
  const what = el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + " „" + (el.getAttribute("aria-label") || el.textContent || "").trim().slice(0, 30) + "“";
  return [what, Math.round(best * 10) / 10];
}"""


def test_every_focus_reached_by_tab_shows_with_3_to_1(browser: Any, sample_site: Path, origin: str) -> None:
    """Tab through the pages a visitor looking for a course goes through (the search with its
    planning fields open, an offer, its provider, a region, the Förder-Check, the Merkliste):
    wherever the focus lands it shows, at 3:1 against the background (WCAG 2.4.7, 1.4.11)."""
    kinds = page_types(sample_site)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="de-DE", reduced_motion="reduce")
    tab = context.new_page()
    faint = []
    try:
        for kind in ("start", "suche", "angebot", "anbieter", "region", "foerder-check", "merkliste"):
            tab.goto(origin + kinds[kind])
            if kind == "suche":
                tab.wait_for_selector("#suche-app:not([hidden])")
                tab.wait_for_function("() => !document.querySelector('[aria-busy=true]')")
            seen = set()
            for _ in range(300):
                tab.keyboard.press("Tab")
                found = tab.evaluate(FOCUS_INDICATOR)
                if found is None or found[0] in seen and found[0].startswith("a „Zum Inhalt"):
                    break  # past the page's end
                seen.add(found[0])
                if found[1] < 3:
                    faint.append(f"{kind}: {found[0]} – Fokus {found[1]}:1")
    finally:
        context.close()
    assert not faint, "\n".join(faint)
