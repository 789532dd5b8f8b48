"""Values at their limits are errors, not crashes: dates, numbers, the public address."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from .hostile import OFFERS, run


@pytest.mark.parametrize("field", ["start", "end", "updated", "expires"])
def test_dates_at_the_limits_are_errors_everywhere(field: str, minimal_tree: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    offer = minimal_tree / OFFERS / "mag-schweissen.yaml"
    text = offer.read_text()
    text = {
        "start": text.replace("start: 2027-01-11\n    end: 2027-01-15", "start: 9999-12-31"),
        "end": text.replace("end: 2027-01-15", "end: 9999-12-31"),
        "updated": text.replace("updated: 2026-11-01", "updated: 9999-12-31"),
        "expires": text + "expires: 9999-12-31\n",
    }[field]
    offer.write_text(text)
    for args in (("validate",), ("build", "--out", str(tmp_path / "site"), "--no-index", "--today", "2026-12-01"), ("report", "--today", "2026-12-01")):
        code, output = run(capsys, *args, "--source", str(minimal_tree))
        assert code == 1, (args, output)
        assert "das Jahr 9999 kann nicht stimmen (erwartet 2000–2099), gefunden: '9999-12-31'; bitte das Datum prüfen" in output


@pytest.mark.parametrize("today", ["9999-12-31", "20261203", "2026-W49-4", "2026-12-1", "0001-01-01", " 2026-12-01"])
def test_today_must_be_a_plain_date_within_the_span(today: str, minimal_tree: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for args in (("build", "--out", str(tmp_path / "o")), ("new", "offer", "neu"), ("report",)):
        code, output = run(capsys, *args, "--source", str(minimal_tree), "--today", today)
        assert code == 2, (args, output)
        assert "Fehler: --today: " in output and "Traceback" not in output


def test_new_at_the_last_allowed_day_does_not_crash(minimal_tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, output = run(capsys, "new", "offer", "spaet", "--source", str(minimal_tree), "--today", "2199-12-31")
    assert code in (0, 1) and "Traceback" not in output


BAD_BASE_URLS = [
    "https:///", "https://owner.github.io//", "https://owner.github.io//repo/", "https://example.org/\nDisallow: /",
    "https://example.org/a b/", "https://user:pw@example.org/", "https://example.org/?x=1", "https://example.org/#a",
    "ftp://example.org/", "https://example.org:99999/", "https://example.org/<script>/", "https://exa\u2028mple.org/",
    "https://.example.org/", "https://example..org/", "//example.org/",
]


@pytest.mark.parametrize("url", BAD_BASE_URLS)
def test_base_url_is_strict_in_site_yaml_and_on_the_command_line(
    url: str, minimal_tree: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, output = run(capsys, "build", "--source", str(minimal_tree), "--out", str(tmp_path / "o"), "--base-url", url)
    assert code == 2 and "Fehler: --base-url: " in output and not (tmp_path / "o").exists()
    site = minimal_tree / "site.yaml"
    site.write_text(site.read_text().replace("base_url: https://example.org/", f"base_url: {json.dumps(url)}"))
    code, output = run(capsys, "validate", "--source", str(minimal_tree))
    assert code == 1 and re.search(r"^site.yaml:2:\d+: base_url: ", output, re.M), output


@pytest.mark.parametrize("url", ["https://finder.example.net/weiterbildung/", "http://127.0.0.1:8000/", "https://münchen.example/", "https://[::1]:8000/a/b"])
def test_good_base_urls_pass(url: str, minimal_tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site = minimal_tree / "site.yaml"
    site.write_text(site.read_text().replace("base_url: https://example.org/", f'base_url: "{url}"'))
    assert run(capsys, "validate", "--source", str(minimal_tree))[0] == 0


def test_a_timezone_that_is_a_folder_is_an_error(minimal_tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site = minimal_tree / "site.yaml"
    site.write_text(site.read_text() + "timezone: Europe\n")
    code, output = run(capsys, "validate", "--source", str(minimal_tree))
    assert code == 1 and "timezone: muss eine Zeitzone wie Europe/Berlin sein, gefunden: 'Europe'" in output


def test_texts_of_many_open_brackets_are_read_in_one_pass() -> None:
    """A text of many "](" without ")" (or "![" without "]") was searched for a link target or
    an image again from each of them: 100,000 took minutes for the search words and the
    report. The patterns are bounded now (no timer here; a slow suite shows a relapse)."""
    from site_builder.markup import MarkdownRenderer
    from site_builder.report import _images
    from site_builder.search import plain

    many = 100_000
    assert plain(MarkdownRenderer().lazy("](" * many)) == "](" * many
    assert list(_images("![" * many)) == [] and list(_images("<img " * many)) == []
    assert list(_images("![Haus](/assets/haus.png) " * 3)) == [("Haus", "/assets/haus.png", at) for at in (0, 26, 52)]
