"""Parts of the formats that the reference samples do not use but real deliveries do: each case
is a small invented delivery in tests/fixtures/catalogs, valid against the format's schema."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from site_builder.cli import main

from .conftest import FIXTURES

CATALOGS = FIXTURES / "catalogs"
TODAY = "2026-12-01"


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    return Path(shutil.copytree(FIXTURES / "import-site", tmp_path / "src"))


def run(capsys: pytest.CaptureFixture[str], tree: Path, fmt: str, file: Path) -> str:
    code = main(["import", fmt, str(file), "--source", str(tree), "--today", TODAY, "--report-dir", str(tree.parent / "berichte"), "--topic", "kaufmaennisches"])
    out, err = capsys.readouterr()
    assert code == 0, out + err
    assert "Traceback" not in out + err
    return out


def offer(tree: Path, provider: str, key: str) -> dict[str, Any]:
    data = yaml.safe_load((tree / "offers" / provider / f"{provider}-{key}.yaml").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


@pytest.fixture
def qcat(tree: Path, capsys: pytest.CaptureFixture[str]) -> str:
    return run(capsys, tree, "openqcat", CATALOGS / "formen-openqcat.xml")


def test_the_course_page_as_the_schema_names_it(tree: Path, qcat: str) -> None:
    # SERVICE/MIME_INFO/MIME_ELEMENT; the picture before it is no course page
    assert offer(tree, "formen-akademie", "f1")["url"] == "https://formen.example.org/buchhaltung"


@pytest.fixture
def vhs(tree: Path, capsys: pytest.CaptureFixture[str]) -> str:
    return run(capsys, tree, "openvhs", CATALOGS / "formen-openvhs.xml")


def test_open_vhs_a_place_without_barriers_is_said(tree: Path, vhs: str) -> None:
    data = offer(tree, "vhs-formen", "va")
    assert data["location"]["accessibility"] == {"wheelchair": True}
    assert data["dates"][0]["time"] == "18:30-20:00"
    assert data["price"] == {"amount": 89, "note": "ermäßigt 59 EUR; Ermäßigung möglich"}


def test_disabilities_and_funding_in_words_are_on_the_page(tree: Path, qcat: str) -> None:
    # HANDICAP, DIGITAL_ACCESSIBILITY and SUBSIDY have no field of their own: a section each
    assert offer(tree, "formen-akademie", "f2")["description"] == (
        "Buchhaltung für alle.\n\n## Barrierefreiheit\n\n"
        "Geeignet für Menschen mit: Blindheit und Sehbehinderungen (Unterlagen in Großdruck); "
        "Gehörlosigkeit und Schwerhörigkeit sowie Sprachbehinderung\n\n"
        "Digitale Lerninhalte barrierefrei\n\n"
        "## Fördermöglichkeiten\n\nLand Baden-Württemberg: bis zu 50 % Zuschuss"
    )


def test_codes_the_lists_do_not_know_are_reported(tree: Path, qcat: str) -> None:
    data = offer(tree, "formen-akademie", "f3")
    assert "duration" not in data and "mode" not in data["dates"][0]
    assert "Unterrichtszeit 3 „Bedeutung unbekannt“ (1 Kurs): nicht übernommen (kein Zeitmodell)" in qcat
    assert "Dauerklasse 12 „Bedeutung unbekannt“ (1 Kurs): nicht übernommen" in qcat
