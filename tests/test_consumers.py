"""The machine-readable outputs as the programs that read them read them: calendar files
through icalendar, JSON-LD and the sitemap by their specifications' rules, on a built guide."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from .hostile import OFFERS, run


def _build(capsys: pytest.CaptureFixture[str], tree: Path, out: Path, *args: str) -> Path:
    assert run(capsys, "build", "--source", str(tree), "--out", str(out), "--today", "2026-12-01", "--no-index", *args)[0] == 0
    return out


def test_a_calendar_says_a_group_price_per_group_and_a_price_on_request_once(
    minimal_tree: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import icalendar

    offer = minimal_tree / OFFERS / "excel-kompakt.yaml"
    text = offer.read_text().replace("  amount: 189.5\n", "  amount: 2400\n  per: gruppe\n  vat: zuzueglich\n  note: bis 8 Personen\n")
    text = text.replace('    time: "09:00-16:30"\n', '    time: "09:00-16:30"\n  - start: 2027-03-03\n    price:\n      on_request: true\n')
    offer.write_text(text)
    out = _build(capsys, minimal_tree, tmp_path / "site")
    data = (out / "angebote" / "excel-kompakt" / "termine.ics").read_bytes()
    descriptions = [str(e["DESCRIPTION"]).splitlines() for e in icalendar.Calendar.from_ical(data).walk("VEVENT")]
    assert [[line for line in d if "Preis" in line] for d in descriptions] == [
        ["Preis: 2.400 € pro Gruppe zzgl. MwSt. (bis 8 Personen)"],
        ["Preis auf Anfrage"],
    ]


SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def _sitemap_urls(root: ET.Element) -> list[str]:
    assert root.tag == f"{SITEMAP}urlset"
    return [loc.text or "" for loc in root.iter(f"{SITEMAP}loc")]


def test_a_sitemap_past_the_protocols_limit_becomes_an_index_of_parts(
    minimal_tree: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The sitemaps protocol allows 50,000 URLs in one file; more go into parts that
    sitemap.xml lists as a sitemap index (each part in its folder, lastmod its newest page's)."""
    from site_builder import urls

    whole = _sitemap_urls(ET.parse(_build(capsys, minimal_tree, tmp_path / "whole") / "sitemap.xml").getroot())
    monkeypatch.setattr(urls, "SITEMAP_URLS", 4)
    out = _build(capsys, minimal_tree, tmp_path / "parts", "--base-url", "https://example.org/finder/")
    index = ET.parse(out / "sitemap.xml").getroot()
    assert index.tag == f"{SITEMAP}sitemapindex"
    found: list[str] = []
    for entry in index.iter(f"{SITEMAP}sitemap"):
        loc = entry.findtext(f"{SITEMAP}loc") or ""
        assert re.fullmatch(r"https://example\.org/finder/sitemap-\d+\.xml", loc)
        part = ET.parse(out / loc.removeprefix("https://example.org/finder/")).getroot()
        urls_in_part = _sitemap_urls(part)
        assert 0 < len(urls_in_part) <= 4
        lastmods = [m.text or "" for m in part.iter(f"{SITEMAP}lastmod")]
        assert entry.findtext(f"{SITEMAP}lastmod") == (max(lastmods) if lastmods else None)
        found += urls_in_part
    assert found == [u.replace("https://example.org/", "https://example.org/finder/", 1) for u in whole]
    assert len(found) > 8  # three parts at least


def _iri(uri: str) -> str:
    """An RFC 3986 address back in the form it was written (RFC 3987 3.2): host from Punycode,
    path unescaped."""
    from urllib.parse import unquote, urlsplit, urlunsplit

    parts = urlsplit(uri)
    host = (parts.hostname or "").encode("ascii").decode("idna")
    return urlunsplit((parts.scheme, host + (f":{parts.port}" if parts.port else ""), unquote(parts.path), "", ""))


def test_an_address_with_umlauts_reaches_sitemap_robots_and_calendars_as_an_ascii_uri(
    minimal_tree: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The sitemaps protocol, robots.txt and RFC 5545's URI value take RFC 3986 addresses:
    a host with umlauts in Punycode, a path with them percent-encoded. Pages, feed and JSON-LD
    keep the address as written, and the two name the same page."""
    import icalendar

    base = "https://weiterbildung-böblingen.de/für-alle/"
    out = _build(capsys, minimal_tree, tmp_path / "site", "--base-url", base)
    uri_char = re.compile(r"[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+")
    locs = _sitemap_urls(ET.parse(out / "sitemap.xml").getroot())
    assert locs and all(uri_char.fullmatch(loc) for loc in locs)
    assert locs[0] == "https://xn--weiterbildung-bblingen-8hc.de/f%C3%BCr-alle/" and _iri(locs[0]) == base
    robots = (out / "robots.txt").read_text(encoding="utf-8")
    assert "Disallow: /f%C3%BCr-alle/suche/?\n" in robots
    assert "Sitemap: https://xn--weiterbildung-bblingen-8hc.de/f%C3%BCr-alle/sitemap.xml\n" in robots
    event = next(iter(icalendar.Calendar.from_ical((out / "angebote" / "excel-kompakt" / "termine.ics").read_bytes()).walk("VEVENT")))
    url = str(event["URL"])
    assert uri_char.fullmatch(url) and _iri(url) == base + "angebote/excel-kompakt/"
    page = (out / "angebote" / "excel-kompakt" / "index.html").read_text(encoding="utf-8")
    assert f'<link rel="canonical" href="{base}angebote/excel-kompakt/">' in page


# The properties schema.org defines for each type used in an offer's price (its type pages:
# Offer, UnitPriceSpecification with those of PriceSpecification and Thing, QuantitativeValue).
SCHEMA_PROPERTIES = {
    "Offer": {"@type", "price", "priceCurrency", "category", "url", "priceSpecification"},
    "UnitPriceSpecification": {
        "@type", "price", "priceCurrency", "referenceQuantity", "valueAddedTaxIncluded", "description", "unitText", "unitCode",
    },
    "QuantitativeValue": {"@type", "value", "unitText", "unitCode"},
}


def _typed(node: object) -> list[dict[str, object]]:
    """Every object with an @type among the price's, all the way down."""
    if isinstance(node, list):
        return [found for item in node for found in _typed(item)]
    if not isinstance(node, dict):
        return []
    own = [node] if node.get("@type") in SCHEMA_PROPERTIES else []
    return own + [found for value in node.values() for found in _typed(value)]


def test_json_ld_says_a_group_price_and_vat_as_the_page_does(
    minimal_tree: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    offer = minimal_tree / OFFERS / "excel-kompakt.yaml"
    text = offer.read_text().replace("  amount: 189.5\n", "  amount: 2400\n  per: gruppe\n  vat: zuzueglich\n")
    text = text.replace(
        '    time: "09:00-16:30"\n', '    time: "09:00-16:30"\n  - start: 2027-03-03\n    price:\n      amount: 300\n      vat: befreit\n'
    )
    offer.write_text(text)
    out = _build(capsys, minimal_tree, tmp_path / "site")
    page = (out / "angebote" / "excel-kompakt" / "index.html").read_text(encoding="utf-8")
    course = json.loads(page.split('<script type="application/ld+json">')[1].split("</script>")[0])
    assert course["offers"]["priceSpecification"] == {
        "@type": "UnitPriceSpecification",
        "price": 2400,
        "priceCurrency": "EUR",
        "referenceQuantity": {"@type": "QuantitativeValue", "value": 1, "unitText": "Gruppe"},
        "valueAddedTaxIncluded": False,
        "description": "pro Gruppe zzgl. MwSt.",
    }
    exempt = course["hasCourseInstance"][1]["offers"]["priceSpecification"]
    assert "valueAddedTaxIncluded" not in exempt and exempt["description"] == "pro Person umsatzsteuerfrei"
    assert exempt["price"] == course["hasCourseInstance"][1]["offers"]["price"] == 300
    for node in _typed(course["offers"]) + _typed(course["hasCourseInstance"]):
        assert set(node) <= SCHEMA_PROPERTIES[str(node["@type"])], node
    assert "pro Gruppe" in page and "zzgl. MwSt." in page and "umsatzsteuerfrei" in page  # what the page says
