"""Every output format escapes for itself: nothing that reaches a calendar, the feed, the
sitemap, robots.txt or the API can add a line or make the file ill-formed."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .conftest import TODAY
from .hostile import OFFERS, run


@pytest.fixture
def hostile_guide(minimal_tree: Path) -> Iterator[Any]:
    """The minimal guide with text no validation lets through, as an import or a later
    change might still deliver it: every format must hold it on its own."""
    from site_builder.pipeline import load_guide

    guide = load_guide(minimal_tree, TODAY)
    offer = next(o for o in guide.offers if o.id == "mag-schweissen")
    # Past validation: written into the record the model reads its declared fields from.
    offer.record = offer.record.model_copy(
        update={
            "title": "MAG\rSchweißen\r\nGrund\x0bkurs\x01 \u2028Ende; mit, Zeichen\\ und \x1b[31m" + "ä" * 60,
            "summary": "Zeile eins\nDisallow: /\x00\x08",
        }
    )
    guide.site.title = "Finder\x0c\n<Titel>"
    yield guide, offer


def test_icalendar_has_no_bare_line_breaks_and_folds_right(hostile_guide: Any) -> None:
    import icalendar

    from site_builder.machine_readable import calendar

    guide, offer = hostile_guide
    data = calendar(guide, offer)
    lines = data.split(b"\r\n")
    assert lines[-1] == b"" and all(b"\r" not in line and b"\n" not in line for line in lines)
    assert all(len(line) <= 75 for line in lines)
    assert not re.search(rb"[\x00-\x08\x0b-\x1f\x7f]", data.replace(b"\r\n", b""))
    parsed = icalendar.Calendar.from_ical(data)
    events = list(parsed.walk("VEVENT"))
    assert events
    summary = str(events[0]["SUMMARY"])
    assert summary.startswith("MAG\nSchweißen\nGrundkurs \nEnde; mit, Zeichen\\ und [31m") and summary.endswith("ä" * 60)


def test_atom_sitemap_robots_and_json_stay_well_formed(hostile_guide: Any) -> None:
    import xml.etree.ElementTree as ET

    from site_builder.machine_readable import api_offers, atom_feed, robots, sitemap

    guide, _ = hostile_guide
    guide.urls.base_url = "https://example.org/\nDisallow: /x\n"
    feed = ET.fromstring(atom_feed(guide))
    titles = [e.text or "" for e in feed.iter("{http://www.w3.org/2005/Atom}title")]
    assert any(t.startswith("MAG\nSchweißen") for t in titles) and "Finder\n<Titel> – neue und geänderte Angebote" in titles
    ET.fromstring(sitemap(guide, [("angebote/", None)]))
    lines = robots(guide).decode().splitlines()
    assert [line.split(":")[0] for line in lines] == ["User-agent", "Disallow", "Allow", "Sitemap"]
    json.loads(api_offers(guide))


def test_a_carriage_return_in_a_title_builds_into_valid_calendars(minimal_tree: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import icalendar

    offer = minimal_tree / OFFERS / "mag-schweissen.yaml"
    offer.write_text(offer.read_text().replace("title: MAG-Schweißen Grundkurs", 'title: "MAG-Schweißen\\r\\nGrundkurs\\tTag"'))
    out = tmp_path / "site"
    assert run(capsys, "build", "--source", str(minimal_tree), "--out", str(out), "--today", "2026-12-01", "--no-index")[0] == 0
    data = (out / "angebote" / "mag-schweissen" / "termine.ics").read_bytes()
    assert b"\r" not in data.replace(b"\r\n", b"")
    event = next(iter(icalendar.Calendar.from_ical(data).walk("VEVENT")))
    assert str(event["SUMMARY"]) == "MAG-Schweißen\nGrundkurs\tTag"


@pytest.mark.parametrize(("value", "expected"), [
    ("Grundkurs; Teil 1, C:\\Kurse", "Grundkurs\\; Teil 1\\, C:\\\\Kurse"),
    ("Erste Zeile\nZweite Zeile\n", "Erste Zeile\\nZweite Zeile\\n"),
    ("Zeile\r\nund\rnoch\x85eine\u2028und\u2029Ende", "Zeile\\nund\\nnoch\\neine\\nund\\nEnde"),
    ("Zeile\n\tmit Tab\x01 und\x7f Steuerzeichen", "Zeile\\n\tmit Tab und Steuerzeichen"),
    ("weiches\u00adTrennzeichen\nbleibt", "weiches\u00adTrennzeichen\\nbleibt"),
])
def test_an_ics_text_value_escapes_line_breaks_and_drops_controls(value: str, expected: str) -> None:
    """RFC 5545 3.3.11 TEXT: ';', ',' and '\\' escaped, every kind of line break one "\\n", other
    controls but the tab dropped; a text of plain lines, as an event's DESCRIPTION is, the same."""
    from site_builder.machine_readable import _ics_text

    assert _ics_text(value) == expected
