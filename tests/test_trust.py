"""Trust signals on offer and advisory point pages: when the details were last checked, and a
way to report details that are out of date (an e-mail to the editors or the issue form)."""

from __future__ import annotations

import html
import re
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from site_builder.pipeline import build

from .conftest import TODAY
from .sitecheck import parse


def built(tree: Path, tmp_path: Path, settings: str) -> Path:
    site = tree / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8") + settings, encoding="utf-8")
    out = tmp_path / "out"
    build(tree, out, today=TODAY, search_index=False)
    return out


def report_links(out: Path, page: str) -> tuple[str, list[str]]:
    """The page's visible text and the addresses of its "Melden" links."""
    html_text = (out / page).read_text(encoding="utf-8")
    links = [html.unescape(href) for href in re.findall(r'<a class="stand__melden" href="([^"]*)">Angaben nicht mehr aktuell\? Melden</a>', html_text)]
    return parse(out / page).text, links


def test_stand_and_an_email_to_the_editors(minimal_tree: Path, tmp_path: Path) -> None:
    out = built(minimal_tree, tmp_path, "contact:\n  email: redaktion@example.org\n")
    text, links = report_links(out, "angebote/excel-kompakt/index.html")
    assert "Stand: 1. September 2026 · Angaben nicht mehr aktuell? Melden" in text
    (link,) = links
    parts = urlsplit(link)
    assert parts.scheme == "mailto" and parts.path == "redaktion@example.org"
    query = parse_qs(parts.query)
    assert query["subject"] == ["Angaben nicht mehr aktuell: Excel kompakt"]
    assert query["body"][0].startswith("Seite: https://example.org/angebote/excel-kompakt/\n")
    point_text, point_links = report_links(out, "beratung/beratung-esslingen/index.html")
    assert "Stand: " in point_text and "Angaben nicht mehr aktuell? Melden" in point_text
    assert unquote(point_links[0]).startswith("mailto:redaktion@example.org?subject=Angaben nicht mehr aktuell: ")


def test_the_issue_form_when_one_is_configured(minimal_tree: Path, tmp_path: Path) -> None:
    form = "https://github.com/region/finder/issues/new?template=angaben-melden.yml"
    out = built(minimal_tree, tmp_path, f"contact:\n  email: redaktion@example.org\nissue_form: {form}\n")
    _, (link,) = report_links(out, "angebote/excel-kompakt/index.html")
    assert link.startswith(form + "&")
    query = parse_qs(urlsplit(link).query)
    assert query == {
        "template": ["angaben-melden.yml"],
        "title": ["Angaben nicht mehr aktuell: Excel kompakt"],
        "seite": ["https://example.org/angebote/excel-kompakt/"],
    }


@pytest.mark.parametrize("page", ["angebote/excel-kompakt/index.html", "beratung/beratung-esslingen/index.html"])
def test_without_a_way_to_report_only_the_date_shows(minimal_tree: Path, tmp_path: Path, page: str) -> None:
    out = built(minimal_tree, tmp_path, "")
    text, links = report_links(out, page)
    assert "Stand: " in text and "Melden" not in text and links == []
