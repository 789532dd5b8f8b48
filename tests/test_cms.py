"""`python build.py cms`: the browser editor's configuration from the declarations, and its file
format (lotse-yaml.js, run under Node) writing exactly what `new` writes and `validate` reads."""

from __future__ import annotations

import difflib
import json
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import BaseModel, ValidationError

from site_builder import cms, kinds, records
from site_builder.cli import main
from site_builder.introspect import fields
from site_builder.load import load_page, parse_yaml
from site_builder.markup import ALLOWED_TAGS
from site_builder.pipeline import build, load_guide
from site_builder.scaffold import PREFILLED

from .conftest import FIXTURES, ROOT, SHARED, copy_tree, sample_tree

PROXY = "http://127.0.0.1:8081/api/v1"
NODE_DRIVER = ROOT / "tests" / "cms_node.mjs"

needs_bundle = pytest.mark.skipif(not (cms.NODE_MODULES / "decap-cms").is_dir(), reason="bash scripts/setup.sh --cms")


def editor_config(tree: Path, backend: cms.Backend | None = None) -> dict[str, Any]:
    return cms.config(load_guide(tree), backend or cms.Backend(proxy=PROXY))


def collection(config: dict[str, Any], name: str) -> dict[str, Any]:
    return next(c for c in config["collections"] if c["name"] == name)


def record_fields(entry: dict[str, Any]) -> list[dict[str, Any]]:
    """A collection's fields as the record has them: without the file name and a page's body."""
    found = entry["fields"] if "fields" in entry else entry["files"][0]["fields"]
    return [f for f in found if f["widget"] != "lotse-id" and f["name"] != cms.BODY]


def walk(model: type[BaseModel], decap: list[dict[str, Any]], path: str = "") -> Iterator[tuple[str, Any, dict[str, Any]]]:
    """(path, declared field, Decap field) for every field, nested sections too."""
    assert [f["name"] for f in decap] == [spec.key for spec in fields(model)], f"{path or model.__name__}: not in declaration order"
    for spec, field in zip(fields(model), decap, strict=True):
        assert field["widget"] == "hidden" or field["hint"], f"{path}{spec.key}: no help"
        yield f"{path}{spec.key}", spec, field
        if spec.model is not None and spec.container != "map":
            yield from walk(spec.model, field["fields"], f"{path}{spec.key}.")


@pytest.fixture(scope="module")
def sample_config() -> dict[str, Any]:
    return editor_config(ROOT)


# --- The configuration ------------------------------------------------------------------------


@pytest.mark.parametrize("tree", [ROOT, FIXTURES / "minimal"], ids=["sample", "minimal"])
def test_one_collection_per_kind_with_every_field_in_declaration_order(tree: Path) -> None:
    config = editor_config(tree)
    assert [c["name"] for c in config["collections"]] == [k.name for k in kinds.KINDS]
    for kind in kinds.KINDS:
        entry = collection(config, kind.name)
        assert entry["label"] == kind.plural and entry["format"] == f"lotse-{kind.name}"
        if kind.many:
            assert entry["folder"] == kind.path and entry["extension"] == kind.suffix.lstrip(".")
            assert entry["fields"][0]["widget"] == "lotse-id" and entry["identifier_field"] == "id"
        else:
            assert entry["files"][0]["file"] == kind.path
        for path, spec, field in walk(kind.model, record_fields(entry)):
            assert field["label"] == spec.info.title, path
            required = spec.required and field["widget"] not in ("boolean", "hidden")
            assert field["required"] is required, path


def test_editorial_workflow_in_german_without_uploads(sample_config: dict[str, Any]) -> None:
    assert sample_config["publish_mode"] == "editorial_workflow"
    assert sample_config["locale"] == "de"
    assert sample_config["media_library"] == {"name": "lotse-keine-medien"}
    assert "media_folder" not in sample_config
    assert all(c.get("delete") is not True for c in sample_config["collections"])


def test_offers_go_into_their_providers_folder_as_drafts(sample_config: dict[str, Any]) -> None:
    offers = collection(sample_config, "offer")
    assert offers["path"] == "{{provider}}/{{slug}}" and offers["slug"] == "{{slug}}"
    draft = next(f for f in offers["fields"] if f["name"] == "draft")
    assert (draft["widget"], draft["default"]) == ("boolean", True)
    assert offers["preview_path"] == "angebote/{{filename}}/"


def test_select_lists_come_from_the_tree() -> None:
    config = editor_config(FIXTURES / "minimal")
    offer = {f["name"]: f for f in collection(config, "offer")["fields"]}
    assert offer["provider"]["options"] == [{"label": "Test-Akademie", "value": "akademie"}]
    assert [o["value"] for o in offer["topics"]["options"]] == ["schweissen", "it"]
    assert (offer["topics"]["multiple"], offer["topics"]["min"], offer["topics"]["max"]) == (True, 1, 5)
    assert [o["label"] for o in offer["format"]["options"]] == ["Präsenz", "Online", "Hybrid"]
    languages = offer["languages"]["options"]
    assert languages[0] == {"label": "Albanisch (sq)", "value": "sq"} and len(languages) == len(records.ISO_639_1)
    location = {f["name"]: f for f in offer["location"]["fields"]}
    assert [o["value"] for o in location["region"]["options"]] == ["esslingen", "stuttgart"]
    site = {f["name"]: f for f in collection(config, "site")["files"][0]["fields"]}
    assert [f["name"] for f in site["postal_codes"]["fields"]] == ["esslingen", "stuttgart"]
    assert site["import"]["fields"][0]["widget"] == "hidden", "codes of a catalogue are no form: kept as they are"


def test_taxonomies_and_providers_changes_reach_the_lists(tmp_path: Path) -> None:
    tree = copy_tree(tmp_path / "src", FIXTURES / "minimal")
    (tree / "content" / "providers" / "neu.yaml").write_text('name: "Neuer Anbieter"\nupdated: 2026-11-01\n', encoding="utf-8")
    offer = {f["name"]: f for f in collection(editor_config(tree), "offer")["fields"]}
    assert {"label": "Neuer Anbieter", "value": "neu"} in offer["provider"]["options"]


def test_help_texts_speak_of_the_form_not_of_yaml(sample_config: dict[str, Any]) -> None:
    offer = {f["name"]: f for f in collection(sample_config, "offer")["fields"]}
    assert offer["dates"]["hint"].startswith("Termine; „Termine“, „Laufender Einstieg“ oder „Termine auf Anfrage“ ist Pflicht.")
    assert offer["draft"]["hint"] == "Angehakt: wird nie veröffentlicht."
    assert offer["format"]["hint"] == "Form: Präsenz, Online oder Hybrid."
    assert offer["topics"]["hint"] == "1–5 Themen.", "where the list comes from is the files' business"
    assert offer["location"]["hint"].startswith("Veranstaltungsort; Pflicht außer bei „Form“: Online oder")
    location = {f["name"]: f for f in offer["location"]["fields"]}
    assert location["postal_code"]["hint"] == "Fünfstellige Postleitzahl, z. B. „73728“."
    price = {f["name"]: f for f in offer["price"]["fields"]}
    assert price["vat"]["hint"].startswith("Umsatzsteuer: „inkl. MwSt.“, „umsatzsteuerfrei“ (z. B. nach § 4 Nr. 21 UStG) oder „zzgl. MwSt.“")
    assert price["per"]["hint"].startswith("Wofür der Preis gilt: „pro Person“ (Standard) oder „pro Gruppe“")
    assert offer["price"]["hint"].endswith("„Umsatzsteuer“, „Preis gilt je“ und „Hinweis zum Preis“."), "the price's own note"
    point = {f["name"]: f for f in collection(sample_config, "advisory-point")["fields"]}
    assert point["free_of_charge"]["hint"] == "Nicht angehakt, wenn die Beratung etwas kostet."
    site = {f["name"]: f for f in collection(sample_config, "site")["files"][0]["fields"]}
    assert "an „Kontakt der Redaktion › E-Mail der Redaktion“" in site["issue_form"]["hint"], "a key below another: the way to it"
    # The files' text keeps what files need.
    assert "content/taxonomies.yaml" in records.Offer.model_fields["topics"].description  # type: ignore[operator]


# What only people who write the files by hand need: paths, file names, YAML and its quoting,
# codes, keys (snake_case, dotted), ticks written as true/false.
FILE_TALK = re.compile(
    r"content/|offers/|site_builder/|\.github|<id>|\*\*|\.(?:ya?ml|md|dat)\b|(?i:yaml)|ISO[- ]?639|JJJJ|HH:MM"
    r"|Anführungszeichen|\"|\b(?:true|false)\b|\b[a-z]+_[a-z_]+\b|\b[a-z]+\.[a-z]+\b"
)


def _hinted(fields_: list[dict[str, Any]], path: str = "", above: frozenset[str] = frozenset()) -> Iterator[tuple[str, dict[str, Any], set[str]]]:
    """(path, field, labels its help may name: its own, its siblings', those below it and
    beside every section above it) for every field."""
    here = {f["label"] for f in fields_}
    for field in fields_:
        inner = field.get("fields", []) + ([field["field"]] if "field" in field else [])
        below = {f["label"] for _, f, _ in _hinted(inner)}
        yield f"{path}{field['name']}", field, set(above | here | below)
        yield from _hinted(inner, f"{path}{field['name']}.", above | here)


@pytest.mark.parametrize("tree", [ROOT, FIXTURES / "minimal"], ids=["sample", "minimal"])
def test_every_hint_speaks_to_someone_filling_in_the_form(tree: Path) -> None:
    """No help under a field talks of files, YAML, codes or quoting, none names a fixed value by
    its code where the list shows a word, and a field it names is one nearby – not a field of
    the same name elsewhere („Hinweis zum Termin“ under the price)."""
    found = []
    for entry in editor_config(tree)["collections"]:
        texts = [("Beschreibung", entry["description"], {}, set())]
        for path, field, nearby in _hinted(entry.get("fields") or entry["files"][0]["fields"]):
            words = {o["value"]: o["label"] for o in field.get("options", []) if o["label"] != o["value"]} if field["widget"] == "select" else {}
            texts.append((path, field.get("hint") or "", words, nearby))
            texts.append((path, field["label"], {}, set()))
        every_label = {f["label"] for f in _all_fields(entry)}
        for where, text, words, nearby in texts:
            plain = re.sub(r"https?://\S+", "", text)
            if FILE_TALK.search(plain):
                found.append(f"{entry['name']}.{where}: {FILE_TALK.search(plain).group(0)!r} in {text!r}")  # type: ignore[union-attr]
            found += [f"{entry['name']}.{where}: code {code!r} for „{label}“" for code, label in words.items() if re.search(rf"(?<![\w„-]){re.escape(code)}(?![\w“-])", text)]
            found += [f"{entry['name']}.{where}: „{named}“ is no field nearby" for named in re.findall(r"„([^“]+)“", text) if named in every_label and nearby and named not in nearby]
    assert found == []


def test_hints_give_the_guides_own_examples(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A partner in Hannover read „Ort, z. B. „Esslingen am Neckar““ and the postal code 73728
    under the address fields of the form, though `new` and the schemas give Hannover's. The
    form's hints take the same examples from the guide (``schema.guide_examples``)."""
    from .test_scaffold import niedersachsen_guide

    guide = niedersachsen_guide(tmp_path, capsys)
    hints = {
        f"{entry['name']}.{f['name']}": f.get("hint", "")
        for entry in cms.config(load_guide(guide), cms.Backend(proxy=PROXY), guide)["collections"]
        for f in _all_fields(entry)
    }
    assert hints["provider.city"] == "Ort, z. B. „Hannover“."
    assert hints["provider.postal_code"] == "Fünfstellige Postleitzahl, z. B. „30159“."
    # (site.postal_codes shows how a prefix and a range are written, not a place.)
    assert [key for key, hint in hints.items() if re.search(r"Esslingen|Stuttgart|0711|7\d{4}\b|48\.7", hint)] == ["site.postal_codes"]
    # Without the guide's folder, Lotse's own examples (from the Region Stuttgart).
    plain = {f["name"]: f.get("hint", "") for f in _all_fields(collection(editor_config(guide), "provider"))}
    assert plain["city"] == "Ort, z. B. „Esslingen am Neckar“."


def test_select_lists_show_words_not_codes(sample_config: dict[str, Any]) -> None:
    price = {f["name"]: f for f in collection(sample_config, "offer")["fields"] if f["name"] == "price"}["price"]
    options = {f["name"]: [o["label"] for o in f["options"]] for f in price["fields"] if f["widget"] == "select"}
    assert options == {"vat": ["inkl. MwSt.", "umsatzsteuerfrei", "zzgl. MwSt."], "per": ["pro Person", "pro Gruppe"]}
    funding = next(f for f in collection(sample_config, "taxonomies")["files"][0]["fields"] if f["name"] == "funding")
    lists = {f["name"]: {o["value"]: o["label"] for o in f["options"]} for f in funding["fields"] if f["widget"] == "select"}
    assert lists["for"]["unternehmen"] == "Arbeitgeber" and lists["goals"]["zertifikat"] == "Fachkurs oder Zertifikat"
    assert lists["advisory_kinds"]["arbeitsagentur"] == "Agentur für Arbeit / Jobcenter", "the kinds of advisory points, as named there"
    assert lists["qualification"] == {"mit": "einen Berufsabschluss haben", "ohne": "keinen Berufsabschluss haben"}


def test_conditionally_required_fields_say_so(sample_config: dict[str, Any]) -> None:
    offer = {f["name"]: f for f in collection(sample_config, "offer")["fields"]}
    for name in ("location", "dates", "on_demand", "dates_on_request", "expires"):
        assert "Bedingt Pflicht" in offer[name]["hint"], name
    price = {f["name"]: f for f in offer["price"]["fields"]}
    assert "Bedingt Pflicht" in price["amount"]["hint"] and "Bedingt Pflicht" not in price["note"]["hint"]


def test_markdown_offers_only_what_the_sanitiser_keeps(sample_config: dict[str, Any]) -> None:
    markdown = [f for c in sample_config["collections"] for f in _all_fields(c) if f["widget"] == "markdown"]
    assert {f["name"] for f in markdown} >= {"description", "prerequisites", cms.BODY}
    for field in markdown:
        assert field["buttons"] and all(cms.BUTTONS[b] in ALLOWED_TAGS for b in field["buttons"])
        assert "heading-one" not in field["buttons"] and field["editor_components"] == ["code-block"]


def test_dates_are_plain_days(sample_config: dict[str, Any]) -> None:
    dates = [f for c in sample_config["collections"] for f in _all_fields(c) if f["widget"] == "datetime"]
    assert len(dates) >= 8
    for field in dates:
        assert (field["format"], field["time_format"]) == ("YYYY-MM-DD", False)
        assert field.get("default") in (None, "{{now}}")
        # Typed digit by digit, Decap's field saved "1907-03-11" (its issue 7939): the form marks
        # a year outside 20xx, as validate does.
        pattern, message = field["pattern"]
        assert re.match(pattern, "2027-03-11") and not re.match(pattern, "1907-03-11") and "Jahr" in message


def test_checks_carry_the_declarations_german_message(sample_config: dict[str, Any]) -> None:
    offer = {f["name"]: f for f in collection(sample_config, "offer")["fields"]}
    assert offer["id"]["pattern"][1].startswith("muss aus Kleinbuchstaben a–z")
    assert offer["title"]["pattern"][1] == "muss 3–160 Zeichen lang sein"
    assert offer["url"]["pattern"][1] == "muss eine vollständige Adresse mit http:// oder https:// sein"
    contact = {f["name"]: f for f in offer["contact"]["fields"]}
    assert contact["phone"]["pattern"][1].startswith("muss eine Telefonnummer")
    pages = collection(sample_config, "page")["fields"][0]
    assert "angebote" in pages["pattern"][1] and re.search(pages["pattern"][0], "angebote") is None


def test_the_form_checks_the_order_of_a_dates_days_in_validations_words(editor: Path, sample_config: dict[str, Any]) -> None:
    """An end before the start, a registration deadline after it: the form names them (and
    does not save) as validation would, so the partner hears of it before the pull request."""
    dates = next(f for f in collection(sample_config, "offer")["fields"] if f["name"] == "dates")
    assert [(rule["first"], rule["then"]) for rule in dates["lotse_order"]] == [("start", "end"), ("registration_deadline", "start")]
    items = [
        {"start": "2027-06-20", "end": "2027-06-13", "registration_deadline": "2027-06-30"},
        {"start": "2027-07-01", "end": "2027-07-01", "registration_deadline": "2027-06-30"},
    ]
    [named] = node(editor, [{"op": "order", "items": items, "rules": dates["lotse_order"], "noun": dates["label_singular"], "id": records.ID_PATTERN}])
    text = "title: Kurs\nprovider: akademie\nsummary: Kurs\ndescription: Kurs\ntopics: [it]\nformat: online\nprice:\n  amount: 1\nupdated: 2026-11-01\ndates:\n"
    text += "".join(f"  - start: {d['start']}\n    end: {d['end']}\n    registration_deadline: {d['registration_deadline']}\n" for d in items)
    doc, problems = parse_yaml("offers/akademie/kurs.yaml", text)
    assert doc is not None and problems == []
    with pytest.raises(ValidationError) as caught:
        records.Offer.model_validate(doc.data)
    said = [f"Termin {int(e['loc'][1]) + 1}: {e['msg']}" for e in caught.value.errors() if e["loc"][0] == "dates"]
    german = [re.sub(r"(\d{4})-(\d{2})-(\d{2})", r"\3.\2.\1", message) for message in said]
    assert named == german == [
        "Termin 1: das Ende (13.06.2027) liegt vor dem Beginn (20.06.2027)",
        "Termin 1: der Anmeldeschluss (30.06.2027) liegt nach dem Beginn (20.06.2027)",
    ]


# Offers as the form holds them while they are written: empty texts, unticked boxes, empty
# lists and sections left alone are there, and count as not filled in.
EMPTY_PLACE = {"street": "", "postal_code": "", "city": "", "region": None, "accessibility": {"wheelchair": False}}
PLACE = {"street": "Kanalstraße 42", "postal_code": "73728", "city": "Esslingen", "region": "esslingen"}
OFFERS_IN_THE_FORM = [
    {"format": "praesenz", "location": EMPTY_PLACE, "dates": [{"start": "2027-03-01", "location": EMPTY_PLACE}], "on_demand": False},
    {"format": "praesenz", "location": EMPTY_PLACE, "dates": [{"start": "2027-03-01", "location": PLACE}, {"start": "2027-04-01", "location": PLACE}]},
    {"format": "hybrid", "dates": [{"start": "2027-03-01", "location": PLACE}, {"start": "2027-04-01"}]},
    {"format": "praesenz", "location": PLACE, "dates": []},
    {"format": "online", "dates": [{"start": ""}], "on_demand": False, "dates_on_request": False},
    {"format": "online", "on_demand": True},
    {"format": "online", "dates_on_request": True, "expires": ""},
    {"format": "online", "dates_on_request": True, "expires": "2027-06-30"},
    {"format": "", "dates": [{"start": "2027-03-01"}]},
    # Further places of a run (also_at) need a first one: the date's or the offer's.
    {"format": "praesenz", "location": EMPTY_PLACE, "dates": [{"start": "2027-03-01", "location": PLACE, "also_at": [PLACE]}, {"start": "2027-04-01", "also_at": [PLACE]}]},
    {"format": "praesenz", "location": PLACE, "dates": [{"start": "2027-03-01", "also_at": [PLACE]}]},
    {"format": "online", "dates": [{"start": "2027-03-01", "also_at": [EMPTY_PLACE]}]},
]
PRICES_IN_THE_FORM = [
    {"amount": "", "on_request": False, "vat": None}, {"amount": 0}, {"amount": 12.5, "on_request": True},
    {"on_request": True, "note": "je nach Gruppe"}, {"vat": "enthalten"}, {},
]


def _empty(value: Any) -> bool:
    return value is None or value is False or (isinstance(value, (str, list, dict)) and not value)


def _as_validation_reads(data: Any) -> Any:
    """What the form's file holds of ``data`` (lotse-yaml.js leaves empty values out)."""
    if isinstance(data, dict):
        kept = {key: _as_validation_reads(value) for key, value in data.items()}
        return {key: value for key, value in kept.items() if not _empty(value)}
    if isinstance(data, list):
        return [item for item in map(_as_validation_reads, data) if not _empty(item)]
    return data


def test_the_form_checks_the_rules_across_fields_as_validation_does(editor: Path, sample_config: dict[str, Any]) -> None:
    """A place for an offer in presence, a date or "auf Anfrage", an end date for one on
    request, an amount or "Preis auf Anfrage" but not both: the form checks each rule of the
    declarations (records.Rule) before it saves, as validation does, and says it in the form's
    words – else the partner hears of it only in the pull request."""
    offer = {f["name"]: f for f in collection(sample_config, "offer")["fields"]}
    record_rules = [rule for field in offer.values() for rule in field.get("lotse_record_rules", [])]
    declared = [rule for rule in records.Offer.rules if rule.schema]
    assert len(record_rules) == len(declared) == 4
    assert [f["name"] for f in offer.values() if "lotse_record_rules" in f] == ["location", "dates", "expires"]
    assert offer["price"]["lotse_rules"] == next(f for f in offer["dates"]["fields"] if f["name"] == "price")["lotse_rules"]
    assert "„Betrag in Euro“ und „Preis auf Anfrage“ angehakt schließen sich aus" in offer["price"]["lotse_rules"][1]["message"]
    assert "on_request" not in json.dumps([r["message"] for r in record_rules + offer["price"]["lotse_rules"]])
    for name, form in (("advisory-point", "phone"),):
        assert [f["name"] for f in collection(sample_config, name)["fields"] if "lotse_record_rules" in f] == [form]

    cases = [(data, record_rules, declared) for data in OFFERS_IN_THE_FORM]
    cases += [(data, offer["price"]["lotse_rules"], list(records.Price.rules)) for data in PRICES_IN_THE_FORM]
    found = node(editor, [{"op": "rules", "data": data, "rules": rules, "id": records.ID_PATTERN} for data, rules, _ in cases])
    for (data, rules, python), said in zip(cases, found, strict=True):
        broken = [rule.broken(_as_validation_reads(data)) for rule in python]
        assert said == [checked["message"] for checked, hit in zip(rules, broken, strict=True) if hit], data
    assert any(found) and not all(found)


def test_a_new_record_may_not_take_an_id_another_file_has() -> None:
    """Offers lie in their providers' folders, and the editor sees one folder at a time: an id
    that an offer of another provider has would reach the pull request, which validation
    refuses. The id field knows every file's id (lotse.json) and names the file."""
    data = cms.lotse_data(load_guide(ROOT), ROOT)
    offers = sorted((ROOT / "offers").rglob("*.yaml"))
    assert data["taken"]["offer"] == {path.stem: path.relative_to(ROOT).as_posix() for path in offers}
    assert data["taken"]["advisory-point"]["lotsenpunkt-stuttgart-mitte"] == "content/advisory-points/lotsenpunkt-stuttgart-mitte.yaml"
    assert set(data["taken"]) == {kind.name for kind in kinds.KINDS if kind.many}
    assert "{id}" in data["taken_message"] and "{path}" in data["taken_message"]


def test_a_folded_list_entry_shows_no_codes(sample_config: dict[str, Any]) -> None:
    """A folded entry of a list shows a line of its values; a choice would show there as its
    codes (opening hours as ``["mo","di","do"] · 09:00``), so the line names none."""
    lists = [f for entry in sample_config["collections"] for f in _all_fields(entry) if f["widget"] == "list" and "fields" in f]
    assert lists
    for field in lists:
        named = re.findall(r"fields\.(\w+)", field["summary"])
        kinds = {f["name"]: f["widget"] for f in field["fields"]}
        assert all(kinds[name] != "select" for name in named), (field["name"], field["summary"])
    hours = next(f for f in collection(sample_config, "advisory-point")["fields"] if f["name"] == "opening_hours")
    assert hours["summary"] == "{{fields.from}} · {{fields.to}}"


def _all_fields(entry: dict[str, Any]) -> Iterator[dict[str, Any]]:
    todo = list(entry.get("fields") or entry["files"][0]["fields"])
    while todo:
        field = todo.pop()
        yield field
        todo += field.get("fields", []) + ([field["field"]] if "field" in field else [])


# --- The command ------------------------------------------------------------------------------


@needs_bundle
def test_command_writes_the_editor_page(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "_site" / "admin"
    code = main(["cms", "--source", str(FIXTURES / "minimal"), "--out", str(out), "--local-proxy", PROXY])
    assert code == 0, capsys.readouterr().err
    names = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    assert {"index.html", "config.yml", "lotse.json", "decap-cms.js", "lotse-cms.js", "lotse-yaml.js", "yaml/index.js"} <= names
    assert {"lizenzen/decap-cms.txt", "lizenzen/yaml.txt"} <= names
    page = (out / "index.html").read_text(encoding="utf-8")
    assert '<meta name="robots" content="noindex, nofollow">' in page
    policy = re.search(r'Content-Security-Policy" content="([^"]*)"', page)
    assert policy is not None
    assert "connect-src 'self' http://127.0.0.1:8081;" in policy.group(1) and "default-src 'self'" in policy.group(1)
    assert re.findall(r'(?:src|href)="([^"]*)"', page) == ["/assets/favicon.svg", "lotse-start.js", "decap-cms.js", "lotse-cms.js"]
    config = yaml.safe_load((out / "config.yml").read_text(encoding="utf-8"))
    assert config["backend"] == {"name": "proxy", "proxy_url": PROXY, "branch": "main"}
    for own in ("lotse-start.js", "lotse-cms.js", "lotse-yaml.js", "lotse-vorschau.js", "lotse-zahl.js"):
        assert not re.search(r"https?://", (out / own).read_text(encoding="utf-8")), f"{own} must not load from elsewhere"


@needs_bundle
def test_github_backend_needs_repo_and_own_sign_in(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "admin"
    tree = str(FIXTURES / "minimal")
    assert main(["cms", "--source", tree, "--out", str(out)]) == 2
    assert "--repo braucht das GitHub-Repository" in capsys.readouterr().err
    assert main(["cms", "--source", tree, "--out", str(out), "--repo", "verbund/finder"]) == 2
    assert "Anmeldedienstes für GitHub" in capsys.readouterr().err
    assert main(["cms", "--source", tree, "--out", str(out), "--local-proxy", "http://example.org/api/v1"]) == 2
    assert not out.exists()
    args = ["cms", "--source", tree, "--out", str(out), "--repo", "verbund/finder", "--auth-url", "https://anmeldung.example.org/auth"]
    assert main([*args, "--base-url", "https://verbund.github.io/finder/"]) == 0
    config = yaml.safe_load((out / "config.yml").read_text(encoding="utf-8"))
    assert config["backend"] == {
        "name": "github", "repo": "verbund/finder", "branch": "main", "base_url": "https://anmeldung.example.org",
        "auth_endpoint": "auth", "open_authoring": True,
    }
    assert config["site_url"] == "https://verbund.github.io/finder/"
    page = (out / "index.html").read_text(encoding="utf-8")
    assert "connect-src 'self' https://api.github.com https://anmeldung.example.org;" in page
    assert 'href="/finder/assets/favicon.svg"' in page
    assert json.loads((out / "lotse.json").read_text(encoding="utf-8"))["preview"]["links"]["stylesheet"] == "/finder/assets/lotse.css"


def test_editor_never_lands_in_the_content(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    tree = copy_tree(tmp_path / "src", FIXTURES / "minimal")
    for out in (tree, tree / "content" / "admin", tmp_path):
        assert main(["cms", "--source", str(tree), "--out", str(out), "--local-proxy", PROXY]) == 2
        assert "Zielordner" in capsys.readouterr().err
    assert sorted(p.name for p in (tree / "content").iterdir()) == sorted(p.name for p in (FIXTURES / "minimal" / "content").iterdir())


@pytest.mark.slow
@needs_bundle
def test_public_site_neither_links_nor_lists_the_editor(tmp_path: Path) -> None:
    tree = copy_tree(tmp_path / "src", FIXTURES / "minimal")
    site = tmp_path / "_site"
    build(tree, site)
    cms.write_editor(tree, site / "admin", cms.Backend(proxy=PROXY))
    public = [p for p in site.rglob("*") if p.is_file() and "admin" not in p.relative_to(site).parts]
    assert public
    for page in public:
        if page.suffix in (".html", ".xml", ".txt", ".json", ".js", ".css"):
            assert "/admin" not in page.read_text(encoding="utf-8", errors="replace"), page
    fragments = list((site / "pagefind").rglob("*"))
    assert fragments, "the search index was built"


# --- The file format, run under Node ----------------------------------------------------------


@pytest.fixture(scope="module")
def editor(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not (cms.NODE_MODULES / "decap-cms").is_dir() or shutil.which("node") is None:
        pytest.skip("bash scripts/setup.sh --cms")
    out = tmp_path_factory.mktemp("editor") / "admin"
    cms.write_editor(ROOT, out, cms.Backend(proxy=PROXY))
    return out


def node(editor: Path, jobs: list[dict[str, Any]]) -> list[Any]:
    """Run ``jobs`` through lotse-yaml.js (as the browser runs it) and return the results."""
    done = subprocess.run(
        ["node", "--experimental-default-type=module", str(NODE_DRIVER), (editor / "lotse-yaml.js").as_uri()],
        input=json.dumps({"jobs": jobs}), capture_output=True, text=True, check=True, timeout=60,
    )
    return list(json.loads(done.stdout))


def without_comments(text: str) -> str:
    """A file `new` wrote, as it reads without its comments: what an editor keeps."""
    out: list[str] = []
    item = ""  # a list entry "- # …" whose first field follows
    for line in text.splitlines():
        dash = re.match(r"^(\s*)- #", line)
        if dash:
            item = dash.group(1) + "- "
            continue
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        line = line.removesuffix(f"  # {PREFILLED}")  # a value the editor has confirmed
        if item:
            line, item = item + line[len(item):], ""
        out.append(line)
    return "\n".join(out) + "\n"


def test_an_imported_files_header_survives_an_edit_in_the_editor(
    editor: Path, sample_config: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Decap knows only the fields; the header an import writes (where the record came from,
    what the import wrote) is kept through an edit, so the next import still knows the file
    and tells the editor's change from the catalogue's."""
    qcat = SHARED / "formats" / "openqcat" / "openq_beispiel_differenzlieferung.xml"
    if not qcat.is_file():
        pytest.skip(f"Musterdatei fehlt: {qcat} (liegt in ../shared neben dem Repository)")
    tree = Path(shutil.copytree(FIXTURES / "import-site", tmp_path / "src"))
    # As of a day before the sample's dates (2006/07): dates already past are not imported.
    command = ["import", "openqcat", str(qcat), "--provider", "bsp-akademie", "--source", str(tree), "--today", "2006-05-01", "--report-dir", str(tmp_path / "berichte")]
    assert main(command) == 0
    path = tree / "offers" / "bsp-akademie" / "bsp-akademie-vg4983703.yaml"
    text = path.read_text(encoding="utf-8")
    head = "".join(line for line in text.splitlines(keepends=True)[:6] if line.startswith("#"))
    assert "# Vom Import geschrieben: " in head
    entry = collection(sample_config, "offer")
    [written] = node(editor, [{"op": "edit", "text": text, "set": {"title": "Im Editor geändert"}, "fields": entry["fields"], "id": records.ID_PATTERN}])
    assert written.startswith(head) and 'title: "Im Editor geändert"\n' in written and written.count("#") == text.count("#")
    path.write_text(written, encoding="utf-8")
    capsys.readouterr()
    assert main(command) == 0
    out = capsys.readouterr().out
    assert "PRODUCT_ID vg4983703: von Hand geändert und vom Katalog überschrieben: title" in out
    assert "0 neu, 1 geändert" in out


# An offer as people write it by hand: a folded block, comments, bare tags, keys in an order of
# their own (the place's name first). Opened in the editor and saved, it changes only where the
# editor changed a value.
HAND_WRITTEN = """\
# Gepflegt von der Bauhütte; Rückfragen an die Redaktion.
title: Trockenbau für Quereinsteiger
provider: bauhuette-nuertingen
summary: "Vier Wochen Trockenbau: Ständerwände, Decken, Dämmung."
summary_easy: >-
  In diesem Kurs lernen Sie Trockenbau.
  Sie bauen Wände aus Gips-Platten.
  Der Kurs dauert 4 Wochen.
description: |
  Sie lernen Ständerwände und Decken.

  ## Inhalte

  - Metallständerwerk
topics: [handwerk-bau]
format: praesenz
location:
  name: 'Lehrhalle 2'   # hinter dem Hauptgebäude
  street: "Steinachstraße 40"
  postal_code: "72622"
  city: Nürtingen
  region: esslingen

# Termine fürs ganze Jahr
dates:
  - start: 2027-03-01
    end: 2027-03-26
    time: "08:00-16:00"
  - start: 2027-09-06
    end: 2027-10-01
price:
  amount: 1890
updated: 2026-11-01
tags: [Trockenbau, Gipskarton, Quereinstieg]
"""


def edited(editor: Path, sample_config: dict[str, Any], text: str, changes: dict[str, Any], kind: str = "offer") -> str:
    """``text`` opened in the editor, ``changes`` made (None empties a field), saved."""
    entry = collection(sample_config, kind)
    fields_ = entry.get("fields") or entry["files"][0]["fields"]
    [written] = node(editor, [{"op": "edit", "text": text, "set": changes, "fields": fields_, "id": records.ID_PATTERN, "prefilled": PREFILLED}])
    return str(written)


def changed_lines(before: str, after: str) -> tuple[list[str], list[str]]:
    """(lines removed, lines added) from ``before`` to ``after``."""
    diff = list(difflib.ndiff(before.splitlines(), after.splitlines()))
    return [line[2:] for line in diff if line.startswith("- ")], [line[2:] for line in diff if line.startswith("+ ")]


def _hand_written() -> dict[str, Any]:
    doc, problems = parse_yaml("offers/bauhuette-nuertingen/trockenbau.yaml", HAND_WRITTEN)
    assert doc is not None and problems == []
    return json.loads(json.dumps(doc.data, default=str))  # dates as Decap holds them: text


def test_saving_a_title_changes_the_title_line_and_nothing_else(editor: Path, sample_config: dict[str, Any]) -> None:
    """A partner's pull request shows what the partner changed: the folded block stays folded,
    comments and the order of the keys stay, bare words get no quotes."""
    after = edited(editor, sample_config, HAND_WRITTEN, {"title": "Trockenbau für Quereinsteigerinnen und Quereinsteiger"})
    assert changed_lines(HAND_WRITTEN, after) == (
        ["title: Trockenbau für Quereinsteiger"], ['title: "Trockenbau für Quereinsteigerinnen und Quereinsteiger"'],
    )
    assert edited(editor, sample_config, HAND_WRITTEN, {}) == HAND_WRITTEN, "saved unchanged, the file is as it was"
    windows = HAND_WRITTEN.replace("\n", "\r\n")
    assert edited(editor, sample_config, windows, {"title": "Trockenbau"}) == windows.replace("title: Trockenbau für Quereinsteiger", 'title: "Trockenbau"')


def test_edits_in_sections_lists_and_folded_text_touch_only_their_lines(editor: Path, sample_config: dict[str, Any]) -> None:
    data = _hand_written()
    location, dates = data["location"], data["dates"]
    cases: list[tuple[dict[str, Any], tuple[list[str], list[str]]]] = [
        # A word in a folded block: that line, still folded.
        ({"summary_easy": data["summary_easy"].replace("Gips-Platten", "Gips-Karton-Platten")},
         (["  Sie bauen Wände aus Gips-Platten."], ["  Sie bauen Wände aus Gips-Karton-Platten."])),
        # A field added to a section goes where the declaration has it; the others stay put.
        ({"location": {**location, "accessibility": {"wheelchair": True}}}, ([], ["  accessibility:", "    wheelchair: true"])),
        ({"location": {**location, "city": "Nürtingen-Zizishausen"}}, (["  city: Nürtingen"], ['  city: "Nürtingen-Zizishausen"'])),
        # A field emptied, a date dropped, a date added, a date's end moved.
        ({"summary": None}, (['summary: "Vier Wochen Trockenbau: Ständerwände, Decken, Dämmung."'], [])),
        ({"dates": dates[:1]}, (["  - start: 2027-09-06", "    end: 2027-10-01"], [])),
        ({"dates": [*dates, {"start": "2028-01-10"}]}, ([], ["  - start: 2028-01-10"])),
        ({"dates": [dates[0], {**dates[1], "end": "2027-10-08"}]}, (["    end: 2027-10-01"], ["    end: 2027-10-08"])),
        # A tag added: the others as they were written, the new one as the editor writes text.
        ({"tags": [*data["tags"], "Akustikdecke"]},
         (["tags: [Trockenbau, Gipskarton, Quereinstieg]"], ['tags: [Trockenbau, Gipskarton, Quereinstieg, "Akustikdecke"]'])),
        ({"level": "einstieg"}, ([], ["level: einstieg"])),
    ]
    results = node(editor, [
        {"op": "edit", "text": HAND_WRITTEN, "set": changes, "fields": collection(sample_config, "offer")["fields"], "id": records.ID_PATTERN}
        for changes, _ in cases
    ])
    for (changes, expected), after in zip(cases, results, strict=True):
        assert changed_lines(HAND_WRITTEN, after) == expected, changes
        doc, problems = parse_yaml("x.yaml", after)
        assert doc is not None and problems == [], changes
    assert "topics: [handwerk-bau]\nlevel: einstieg\nformat: praesenz\n" in results[-1], "in declaration order among its neighbours"


def test_a_value_new_suggested_is_confirmed_by_saving_it_in_the_form(editor: Path, sample_config: dict[str, Any]) -> None:
    """``new`` marks the values it chose until someone confirms them; the form shows the value
    and cannot show the mark, so saving it there confirms it (as before, when the editor
    dropped every comment)."""
    text = HAND_WRITTEN.replace("  amount: 1890\n", f"  amount: 1890  # {PREFILLED}\n")
    after = edited(editor, sample_config, text, {"title": "Trockenbau kompakt"})
    assert PREFILLED not in after and "  amount: 1890\n" in after
    assert "# Termine fürs ganze Jahr\n" in after and "  # hinter dem Hauptgebäude" in after


def test_a_page_edit_keeps_its_front_matter_as_written(editor: Path, sample_config: dict[str, Any]) -> None:
    text = "---\n# Seite der Redaktion\ntitle: Über uns\nnav_order: 1\n---\nText.\n"
    entry = collection(sample_config, "page")
    [after] = node(editor, [{"op": "page-edit", "text": text, "set": {"nav_order": 2}, "fields": entry["fields"], "id": records.ID_PATTERN}])
    assert after == text.replace("nav_order: 1", "nav_order: 2")


def test_every_sample_record_saved_unchanged_is_left_as_it_is(editor: Path, sample_config: dict[str, Any]) -> None:
    found = [(kind, path) for kind, path in sample_records() if kind.suffix == ".yaml"]
    jobs = []
    for kind, path in found:
        entry = collection(sample_config, kind.name)
        jobs.append({"op": "edit", "text": path.read_text(encoding="utf-8"), "set": {}, "fields": entry.get("fields") or entry["files"][0]["fields"], "id": records.ID_PATTERN})
    results = node(editor, jobs)
    assert len(results) == len(found) > 60
    assert [path for (_, path), after in zip(found, results, strict=True) if after != path.read_text(encoding="utf-8")] == []


@pytest.mark.parametrize(("kind", "args"), [("offer", ["offer", "neu-im-browser", "--provider", "bauhuette-nuertingen"]), ("advisory-point", ["advisory-point", "neu"]), ("provider", ["provider", "neu"])])
def test_saved_record_is_what_new_writes(
    editor: Path, sample_config: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str, args: list[str]
) -> None:
    tree = sample_tree(tmp_path / "src")
    assert main(["new", *args, "--source", str(tree), "--today", "2026-12-01"]) == 0
    path = Path(capsys.readouterr().out.split("Angelegt: ", 1)[1].split("\n", 1)[0])
    expected = without_comments((tree / path).read_text(encoding="utf-8"))
    doc, problems = parse_yaml(path.as_posix(), expected)
    assert doc is not None and problems == []
    entry = collection(sample_config, kind)  # the same tree before `new`: its placeholders are no valid guide yet
    data = {"id": args[1], **doc.data}  # Decap holds the new file name in the data; it is never written
    [written] = node(editor, [{"op": "write", "data": data, "fields": entry["fields"], "id": records.ID_PATTERN}])
    assert written == expected


def sample_records() -> Iterator[tuple[kinds.RecordKind, Path]]:
    for kind in kinds.KINDS:
        base = ROOT / kind.path
        paths = sorted(base.rglob(f"*{kind.suffix}")) if kind.many else [base]
        yield from ((kind, path) for path in paths if path.is_file())


@pytest.mark.slow
def test_every_sample_record_survives_the_editor(editor: Path, sample_config: dict[str, Any], tmp_path: Path) -> None:
    """Read and written again by lotse-yaml.js, every sample file validates to the same record,
    with its fields in declaration order, and writing is stable."""
    found = list(sample_records())
    jobs = []
    for kind, path in found:
        entry = collection(sample_config, kind.name)
        op = "page" if kind.suffix == ".md" else "write"
        jobs.append({"op": f"{op}-roundtrip", "text": path.read_text(encoding="utf-8"), "fields": entry.get("fields") or entry["files"][0]["fields"], "id": records.ID_PATTERN})
    results = node(editor, jobs)
    assert len(results) == len(found) > 60
    for (kind, path), (written, again) in zip(found, results, strict=True):
        relpath = path.relative_to(ROOT).as_posix()
        assert again == written, f"{relpath}: writing is not stable"
        before, after = _record(kind, relpath, path.read_text(encoding="utf-8"), tmp_path), _record(kind, relpath, written, tmp_path)
        assert after == before, relpath
        _assert_declaration_order(kind.model, parse_yaml(relpath, _front(kind, written))[0].data, relpath)  # type: ignore[union-attr]


def _front(kind: kinds.RecordKind, text: str) -> str:
    if kind.suffix != ".md":
        return text
    return text.split("---\n", 2)[1]


def _record(kind: kinds.RecordKind, relpath: str, text: str, folder: Path) -> Any:
    if kind.suffix == ".md":
        path = folder / "seite.md"
        path.write_text(text, encoding="utf-8")
        page, problems = load_page(path.parent, path)
        assert page is not None and problems == [], relpath
        return kind.model.model_validate(page.front.data), page.body.strip()
    doc, problems = parse_yaml(relpath, text)
    assert doc is not None and problems == [], (relpath, problems, text)
    return kind.model.model_validate(doc.data)


def _assert_declaration_order(model: type[BaseModel], data: Any, where: str) -> None:
    order = [spec.key for spec in fields(model)]
    keys = list(data)
    assert keys == [key for key in order if key in keys], f"{where}: {keys}"
    for spec in fields(model):
        value = data.get(spec.key)
        if spec.model is None or value is None or spec.container == "map":
            continue
        for item in value if spec.container == "list" else [value]:
            _assert_declaration_order(spec.model, item, f"{where}: {spec.key}")


def test_values_are_written_as_by_hand(editor: Path) -> None:
    fields_ = [{"name": "a", "widget": "string"}]
    cases = {
        "72622": '"72622"',  # a number to YAML: quoted
        "01067": "01067",  # leading zeros keep it text, as load.py reads it
        "09:00-16:00": '"09:00-16:00"',
        "true": '"true"',
        "null": '"null"',
        "cnc-fertigung": "cnc-fertigung",  # ids and fixed values bare
        "2027-03-01": "2027-03-01",  # dates as plain days
        'Sie sagt: "Ja"': r'"Sie sagt: \"Ja\""',
        "Zeile\n\n- Punkt\n": "|\n  Zeile\n\n  - Punkt",
        " eingerückt\nzwei": r'" eingerückt\nzwei"',
    }
    jobs = [{"op": "write", "data": {"a": value}, "fields": fields_, "id": records.ID_PATTERN} for value in cases]
    for (value, expected), written in zip(cases.items(), node(editor, jobs), strict=True):
        assert written == f"a: {expected}\n", value
        doc, problems = parse_yaml("x.yaml", written)
        assert problems == [] and doc is not None and doc.data["a"].strip() == value.strip(), value


def test_empty_values_and_default_ticks_are_left_out(editor: Path, sample_config: dict[str, Any]) -> None:
    entry = collection(sample_config, "advisory-point")
    data = {
        "name": "Beratung", "organisation": "Träger", "kind": "kammer", "description": "  ", "address": {"street": "", "city": None},
        "email": "a@b.de", "opening_hours": [], "services": [], "free_of_charge": True, "accessibility": {"wheelchair": None, "notes": " "},
        "updated": "2026-12-01",
    }
    [written] = node(editor, [{"op": "write", "data": data, "fields": entry["fields"], "id": records.ID_PATTERN}])
    assert written == 'name: "Beratung"\norganisation: "Träger"\nkind: kammer\nemail: "a@b.de"\nupdated: 2026-12-01\n'
    # Where false is not the default it says something: costs money, not step-free (not: unknown).
    data["free_of_charge"], data["accessibility"] = False, {"wheelchair": False}
    [written] = node(editor, [{"op": "write", "data": data, "fields": entry["fields"], "id": records.ID_PATTERN}])
    assert "free_of_charge: false\naccessibility:\n  wheelchair: false\n" in written


def test_editor_checks_agree_with_validation(editor: Path, sample_config: dict[str, Any]) -> None:
    """Every value of the sample passes the editor's own checks (JavaScript expressions, as the
    browser runs them), and values validation refuses fail them."""
    jobs: list[dict[str, Any]] = []
    for kind, path in sample_records():
        entry = collection(sample_config, kind.name)
        text = _front(kind, path.read_text(encoding="utf-8"))
        doc, _ = parse_yaml(path.name, text)
        assert doc is not None
        for pattern, value in _patterned(record_fields(entry), doc.data):
            jobs.append({"op": "match", "pattern": pattern, "value": value, "expect": True})
        if kind.many:
            jobs.append({"op": "match", "pattern": entry["fields"][0]["pattern"][0], "value": path.stem, "expect": True})
    offer = {f["name"]: f for f in collection(sample_config, "offer")["fields"]}
    contact = {f["name"]: f for f in offer["contact"]["fields"]}
    location = {f["name"]: f for f in offer["location"]["fields"]}
    dates = {f["name"]: f for f in offer["dates"]["fields"]}
    wrong = [
        (offer["id"], "Mein Kurs"), (offer["id"], "kurs--2027"), (offer["id"], "x" * 81), (offer["title"], "AB"),
        (offer["title"], "x" * 161), (offer["url"], "www.example.org"), (contact["phone"], "0711 1"),
        (contact["email"], "info(at)example.org"), (location["postal_code"], "7372"), (dates["time"], "9-17 Uhr"),
    ]
    jobs += [{"op": "match", "pattern": field["pattern"][0], "value": value, "expect": False} for field, value in wrong]
    results = node(editor, jobs)
    assert len(results) > 500
    failed = [(job["pattern"], job["value"]) for job, ok in zip(jobs, results, strict=True) if ok != job["expect"]]
    assert failed == []


def _patterned(decap: list[dict[str, Any]], data: Any) -> Iterator[tuple[str, str]]:
    if not isinstance(data, dict):
        return
    for field in decap:
        value = data.get(field["name"])
        if value is None:
            continue
        inner = field.get("field") or field
        if "fields" in field:
            for item in value if isinstance(value, list) else [value]:
                yield from _patterned(field["fields"], item)
        elif "pattern" in inner and field["widget"] != "number":
            for item in value if isinstance(value, list) else [value]:
                yield inner["pattern"][0], str(item)


# --- Number fields -----------------------------------------------------------------------------


def _numbers(decap: list[dict[str, Any]], data: Any) -> Iterator[tuple[dict[str, Any], Any]]:
    """(Decap field, value) of every number in ``data``, nested sections and lists too."""
    if not isinstance(data, dict):
        return
    for field in decap:
        value = data.get(field["name"])
        if value is None:
            continue
        if "fields" in field:
            for item in value if isinstance(value, list) else [value]:
                yield from _numbers(field["fields"], item)
        elif field["widget"] == "number":
            yield field, value


def _number_rules(config: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The rules of the form's number fields by label, e.g. ``Betrag in Euro``."""
    found: dict[str, dict[str, Any]] = {}

    def visit(decap: list[dict[str, Any]]) -> None:
        for field in decap:
            if field["widget"] == "number":
                found.setdefault(field["label"], field["lotse_number"])
            visit(field.get("fields", []))

    for entry in config["collections"]:
        visit(entry["fields"] if "fields" in entry else entry["files"][0]["fields"])
    return found


def test_number_fields_read_what_a_german_partner_types(editor: Path, sample_config: dict[str, Any]) -> None:
    """The form's number fields are read by Lotse (lotse-zahl.js), not by the browser, whose
    language decides what an <input type="number"> takes: German amounts in any way they are
    written become the number meant, what could mean two numbers or none is refused with
    German words that say what to type."""
    rules = _number_rules(sample_config)
    money, seats, hours, lat = rules["Betrag in Euro"], rules["Freie Plätze"], rules["Unterrichtsstunden"], rules["Breitengrad"]
    assert money == {"min": 0, "decimals": 2, "money": True} and seats == {"min": 0, "decimals": 0}
    assert hours == {"above": 0} and lat == {"min": -90, "max": 90}
    cases: list[tuple[dict[str, Any], str, float | str | None]] = [
        (money, "49,90", 49.9), (money, "49.90", 49.9), (money, "1.234,50", 1234.5), (money, "1234", 1234),
        (money, " 49,90 € ", 49.9), (money, "€ 1.290", 1290), (money, "49,– €", 49), (money, "1,234.50", 1234.5),
        (money, "1 234,50", 1234.5), (money, "0", 0), (money, "1.234", 1234), (money, "12.345.678", 12345678),
        (seats, "12", 12), (seats, "1.200", 1200), (seats, "12,0", 12),
        (hours, "7,5", 7.5), (hours, "1,234", 1.234), (hours, "1.600,5", 1600.5),
        (lat, "48,7406", 48.7406), (lat, "48.7406", 48.7406), (lat, "-33,9", -33.9),
        # refused: (field, text, the start of the message)
        (money, "49,999", "„49,999“ ist nicht eindeutig – bitte 49999 schreiben"),
        (money, "49,995 €", "„49,995 €“ ist nicht eindeutig"),
        (money, "49,9,0", "„49,9,0“ ist kein Betrag – bitte den Betrag in Euro eingeben, z. B. 49,90 oder 1.234,50"),
        (money, "ab 49 €", "„ab 49 €“ ist kein Betrag"),
        (money, "12,3456", "darf höchstens 2 Nachkommastellen haben, z. B. 49,90"),
        (money, "-5", "muss mindestens 0 sein"),
        (seats, "1,200", "„1,200“ ist nicht eindeutig – bitte als ganze Zahl ohne Trennzeichen schreiben: 1200"),
        (seats, "2,5", "muss eine ganze Zahl sein, z. B. 12"),
        (seats, "12 €", "„12 €“ ist keine Zahl – bitte eine ganze Zahl eingeben"),
        (hours, "1.600", "„1.600“ ist nicht eindeutig – bitte 1600 (ohne Tausenderpunkt) oder 1,600 (mit Komma"),
        (hours, "0", "muss größer als 0 sein"),
        (lat, "91", "muss zwischen -90 und 90 liegen"),
        (lat, "vier", "„vier“ ist keine Zahl – bitte eine Zahl eingeben, z. B. 12 oder 7,5"),
    ]
    jobs = [{"op": "read-number", "text": text, "rules": field} for field, text, _ in cases]
    for (_, text, expected), read in zip(cases, node(editor, jobs), strict=True):
        if isinstance(expected, str):
            assert read.get("problem", "").startswith(expected), (text, read)
        else:
            assert read == {"value": expected}, (text, read)
    assert node(editor, [{"op": "read-number", "text": "  ", "rules": money}]) == [{"empty": True}]


def test_number_fields_accept_every_number_of_the_sample(editor: Path, sample_config: dict[str, Any]) -> None:
    """Every number the sample holds passes the form's checks, and the text the field shows
    for it (49,90) is read back as the same number."""
    jobs: list[dict[str, Any]] = []
    for kind, path in sample_records():
        data = yaml.safe_load(_front(kind, path.read_text(encoding="utf-8")))  # numbers as the browser reads them
        for field, value in _numbers(record_fields(collection(sample_config, kind.name)), data):
            jobs.append({"op": "number-problem", "value": value, "rules": field["lotse_number"]})
    assert len(jobs) > 20
    for job, (problem, read) in zip(jobs, node(editor, jobs), strict=True):
        assert problem is None and read == {"value": job["value"]}, job
    wrong = [(1.234, {"decimals": 2, "money": True}), (-1, {"min": 0, "decimals": 0}), (2.5, {"decimals": 0})]
    problems = node(editor, [{"op": "number-problem", "value": value, "rules": rules} for value, rules in wrong])
    assert [problem for problem, _ in problems] == [
        "darf höchstens 2 Nachkommastellen haben, z. B. 49,90 oder 1.234,50", "muss mindestens 0 sein", "muss eine ganze Zahl sein, z. B. 12",
    ]


@pytest.mark.parametrize("kind", ["fremd", "verlinkt", "arbeitsordner"])
def test_the_editor_never_replaces_a_folder_of_someone_else(
    kind: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """``cms --out`` replaces its folder as a whole: a folder with files of someone else (a
    typo, ``--out ~/Dokumente``, a link to one, the working folder with ``--out .``) is a usage
    error and keeps every file; needs no npm packages, the folder is checked first."""
    tree = copy_tree(tmp_path / "src", FIXTURES / "minimal")
    documents = tmp_path / "Dokumente"
    documents.mkdir()
    (documents / "brief.txt").write_text("wichtig\n")
    out = documents
    if kind == "verlinkt":
        out = tmp_path / "admin"
        out.symlink_to(documents, target_is_directory=True)
    if kind == "arbeitsordner":
        monkeypatch.chdir(documents)
        out = Path(".")
    assert main(["cms", "--source", str(tree), "--out", str(out), "--local-proxy", PROXY]) == 2
    assert "ist ungeeignet" in capsys.readouterr().err
    assert sorted(p.name for p in documents.iterdir()) == ["brief.txt"] and (documents / "brief.txt").read_text() == "wichtig\n"


@needs_bundle
def test_the_editor_replaces_the_editor_it_wrote(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "_site" / "admin"
    out.mkdir(parents=True)  # empty, as after a build
    for _ in range(2):
        assert main(["cms", "--source", str(FIXTURES / "minimal"), "--out", str(out), "--local-proxy", PROXY]) == 0, capsys.readouterr().err
    assert cms.is_editor(out) and not [p for p in out.parent.iterdir() if p.name != "admin"]
