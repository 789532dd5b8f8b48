"""The editor guide (docs/redaktion.md) stays true: generated field reference, real examples."""

from __future__ import annotations

import re
import shlex
import unicodedata
from pathlib import Path

import pytest

from site_builder import fieldref, records
from site_builder.cli import main
from site_builder.load import parse_yaml
from site_builder.schema import declared_ids

from .conftest import FIXTURES, ROOT, SAMPLE
from .test_workflows import check_command

GUIDE = ROOT / "docs" / "redaktion.md"
ERROR_LINE = re.compile(r"^[\w./-]+\.(?:yaml|md|csv):\d+:\d+: ")


def guide() -> str:
    return GUIDE.read_text(encoding="utf-8")


def code_blocks(text: str, language: str | None = None) -> list[str]:
    """Contents of fenced code blocks (with ``language``: only those), indentation removed."""
    blocks: list[str] = []
    current: list[str] | None = None
    indent, kind = 0, ""
    for line in text.splitlines():
        fence = re.match(r"^( *)```(\w*)\s*$", line)
        if fence and current is None:
            current, indent, kind = [], len(fence.group(1)), fence.group(2)
        elif fence and current is not None:
            if language is None or kind == language:
                blocks.append("".join(f"{row[indent:]}\n" for row in current))
            current = None
        elif current is not None:
            current.append(line)
    return blocks


def test_field_reference_is_current() -> None:
    assert fieldref.current_section(guide()) == fieldref.render_reference(), (
        "docs/redaktion.md ist veraltet: .venv/bin/python -m site_builder.fieldref --write"
    )


def test_every_field_of_every_model_has_a_description() -> None:
    assert fieldref.undescribed_fields() == []


def test_undescribed_field_is_found(monkeypatch: pytest.MonkeyPatch) -> None:
    info = records.Price.model_fields["note"]
    monkeypatch.setattr(info, "description", None)
    assert fieldref.undescribed_fields() == ["Price.note"]


def test_reference_covers_every_record_type_and_nested_field() -> None:
    section = fieldref.render_reference()
    for path in ("`dates[].registration_deadline`", "`location.region`", "`opening_hours[].from`", "`import.topics[].keywords`", "`nav_order`"):
        assert f"| {path} |" in section
    assert "| `provider` | Anbieter-Id | ja |" in section
    assert "| `location` | Abschnitt | bedingt |" in section


def test_check_and_write(tmp_path: pytest.TempPathFactory, capsys: pytest.CaptureFixture[str]) -> None:
    stale = tmp_path / "redaktion.md"  # type: ignore[operator]
    stale.write_text(f"# Titel\n\n{fieldref.START}\nalt\n{fieldref.END}\nEnde\n", encoding="utf-8")
    assert fieldref.main(["--check", "--guide", str(stale)]) == 1
    assert fieldref.main(["--write", "--guide", str(stale)]) == 0
    assert fieldref.main(["--check", "--guide", str(stale)]) == 0
    text = stale.read_text(encoding="utf-8")
    assert text.startswith("# Titel\n") and text.endswith(f"{fieldref.END}\nEnde\n")
    capsys.readouterr()


def test_error_examples_are_real_validator_output() -> None:
    real = set()
    for expected in (FIXTURES / "invalid").glob("*/expected.txt"):
        real |= set(expected.read_text(encoding="utf-8").splitlines())
    shown = [line for block in code_blocks(guide()) for line in block.splitlines() if ERROR_LINE.match(line)]
    assert len(shown) >= 8
    assert [line for line in shown if line not in real] == []


def test_note_examples_are_real_validator_output(minimal_tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The guide's note on a programme an offer names although it breaks its course rules is
    what validate prints for the case tests/test_validation.py builds."""
    from .test_validation import _names_a_programme_it_breaks

    _names_a_programme_it_breaks(minimal_tree)
    assert main(["validate", "--source", str(minimal_tree)]) == 0
    real = set(capsys.readouterr().out.splitlines())
    shown = [line for block in code_blocks(guide()) for line in block.splitlines() if re.match(r"Hinweis: [\w./-]+\.yaml:\d+:\d+: ", line)]
    assert shown and [line for line in shown if line not in real] == []


def test_yaml_example_is_a_valid_offer_of_the_sample_guide() -> None:
    (example,) = [block for block in code_blocks(guide(), "yaml") if block.startswith("title:")]
    doc, problems = parse_yaml("offers/neckarwerk-technikakademie/cnc-fraesen-einsteiger.yaml", example)
    assert doc is not None and not problems
    refs, _ = declared_ids(SAMPLE)
    records.Offer.model_validate(doc.data, context={"refs": {k: set(v) for k, v in refs.items()}})


def test_report_excerpt_is_real_output(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", "--source", str(FIXTURES / "report"), "--today", "2027-03-01"]) == 0
    output = capsys.readouterr().out.splitlines()
    (excerpt,) = [block for block in code_blocks(guide()) if block.startswith("Angebote, die")]
    assert all(line in output for line in excerpt.splitlines())


def test_commands_in_the_guide_exist() -> None:
    commands = [block for block in code_blocks(guide(), "sh")]
    assert len(commands) >= 3
    for block in commands:
        for line in block.splitlines():
            words = shlex.split(line, comments=True)
            if words:
                check_command(words)


def slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens."""
    text = unicodedata.normalize("NFC", heading.strip().lower())
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


def test_links_within_the_guide_lead_somewhere() -> None:
    text = guide()
    anchors = {slug(h) for h in re.findall(r"^#{1,6} (.+)$", text, re.M)}
    links = set(re.findall(r"\]\(#([^)]+)\)", re.sub(r"`[^`\n]*`", "", text)))  # examples in code are not links
    assert links and links <= anchors, links - anchors


def test_pictures_in_the_guide_exist() -> None:
    pictures = re.findall(r"!\[[^\]]+\]\(([^)]+)\)", re.sub(r"`[^`\n]*`", "", guide()))  # not the examples in code
    assert len(pictures) >= 8
    assert [p for p in pictures if not (GUIDE.parent / p).is_file()] == []


def test_the_guide_names_every_audience_id_that_stands_for_a_group_of_for() -> None:
    from site_builder.eligibility import SITUATION_AUDIENCES

    text = guide()
    assert [i for key, ids in SITUATION_AUDIENCES.items() for i in ids if i != key and f"`{i}`" not in text] == []
