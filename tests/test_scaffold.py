"""`python build.py new offer|advisory-point|provider ID`: valid, fully commented, never overwriting."""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path

import pytest

from site_builder import scaffold
from site_builder.cli import main
from site_builder.introspect import fields, nested_models
from site_builder.load import dotted, parse_yaml
from site_builder.schema import declared_ids, generate

from .conftest import FIXTURES, copy_tree, sample_tree
from .test_schema import schema_errors

TODAY = date(2026, 12, 1)
FIRST_PROVIDER = "bauhuette-nuertingen"  # first in content/providers/ by path


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    return sample_tree(tmp_path / "src")


def new(capsys: pytest.CaptureFixture[str], tree: Path, *args: str) -> tuple[int, str, str]:
    code = main(["new", *args, "--source", str(tree), "--today", TODAY.isoformat()])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def all_switched_on(tree: Path, kind: str, provider: str | None = None) -> tuple[str, scaffold.Context]:
    """The record `new` writes for ``kind`` in ``tree`` with every commented line switched on,
    and the context it was made in (for ``scaffold.validate_text``)."""
    refs, _ = declared_ids(tree)
    ctx = scaffold.Context(TODAY, refs)
    values = scaffold._values(tree, kind, ctx, provider)
    return "\n".join(scaffold.render_record(kind, ctx, values, activate_all=True)) + "\n", ctx


def validate(capsys: pytest.CaptureFixture[str], tree: Path) -> tuple[int, str]:
    code = main(["validate", "--source", str(tree)])
    return code, capsys.readouterr().out


@pytest.mark.parametrize(
    ("args", "relpath"),
    [
        (("offer", "neuer-kurs", "--provider", "stellwerk-it-akademie"), "offers/stellwerk-it-akademie/neuer-kurs.yaml"),
        (("advisory-point", "neue-beratung"), "content/advisory-points/neue-beratung.yaml"),
        (("provider", "neuer-anbieter"), "content/providers/neuer-anbieter.yaml"),
    ],
)
def test_new_record_is_valid_but_for_its_placeholders(tree: Path, capsys: pytest.CaptureFixture[str], args: tuple[str, ...], relpath: str) -> None:
    """Every value validates; what stops the record (not an offer: that is a draft) from going
    live are the placeholder texts and the values `new` chose (a date, a price, a place), each
    one an error naming its field, until the editor replaced or confirmed them."""
    code, out, err = new(capsys, tree, *args)
    assert (code, err) == (0, "")
    assert f"Angelegt: {relpath}" in out
    assert (tree / relpath).is_file()
    code, report = validate(capsys, tree)
    kind = args[0]
    expected = {dotted(loc) for loc, _ in scaffold.placeholder_texts(kind)} if kind != "offer" else set()
    text = (tree / relpath).read_text(encoding="utf-8")
    chosen = [line for line in text.splitlines() if line.endswith(f"  # {scaffold.PREFILLED}")]
    assert bool(chosen) == (kind != "provider")  # a provider's only required value is its name
    lines = report.splitlines()[:-1]
    placeholders = [line for line in lines if " Platzhalter aus „lotse new“ nicht ersetzt: " in line]
    unconfirmed = [line for line in lines if " vorgeschlagen" in line and "nicht bestätigt" in line]
    assert code == (1 if lines else 0) and all(line.startswith(f"{relpath}:") for line in lines)
    assert {line.split(": ")[1] for line in placeholders} == expected
    assert len(unconfirmed) == (len(chosen) if kind != "offer" else 0) and len(lines) == len(placeholders) + len(unconfirmed)
    schemas, _ = generate(tree)
    assert schema_errors(tree, relpath, schemas) == set(), "the editor's schema must accept the new file too"


def test_placeholders_are_what_new_writes_into_required_fields() -> None:
    assert scaffold.placeholder_texts("provider") == ((("name",), "Name des Anbieters"),)
    offer = dict(scaffold.placeholder_texts("offer"))
    assert offer[("title",)] == "Titel des Angebots" and offer[("location", "city")] == "Ort"
    assert offer[("description",)].startswith("Ausführliche Beschreibung in Markdown.")
    assert dict(scaffold.placeholder_texts("advisory-point"))[("email",)] == scaffold.EMAIL_EXAMPLE


def test_new_offer_says_which_provider(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = new(capsys, tree, "offer", "zweiter-kurs", "--provider", "murrtal-institut")
    assert "Anbieter: murrtal-institut (--provider)" in out


def test_new_offer_without_provider_takes_the_only_one_and_never_guesses_among_several(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The first provider by name was taken silently: the offer landed in its folder, as its
    offer. Among several, --provider is needed; the only one is taken, and said."""
    code, out, err = new(capsys, tree, "offer", "neuer-kurs")
    providers = sorted(p.stem for p in (tree / "content" / "providers").glob("*.yaml"))
    assert (code, out) == (2, "") and len(providers) > 1
    assert err == (
        "Fehler: zu welchem Anbieter gehört das Angebot? Bitte mit --provider ID angeben; "
        f"vorhanden sind: {', '.join(providers)}\n"
    )
    assert not list(tree.rglob("neuer-kurs.yaml"))
    for other in providers[1:]:
        (tree / "content" / "providers" / f"{other}.yaml").unlink()
        shutil.rmtree(tree / "offers" / other, ignore_errors=True)
    code, out, _ = new(capsys, tree, "offer", "neuer-kurs")
    assert code == 0 and f"Anbieter: {FIRST_PROVIDER} (der einzige in content/providers/)" in out
    assert (tree / "offers" / FIRST_PROVIDER / "neuer-kurs.yaml").is_file()


def test_new_offer_is_a_draft_in_the_future_at_the_providers_address(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    new(capsys, tree, "offer", "neuer-kurs", "--provider", FIRST_PROVIDER)
    text = (tree / "offers" / FIRST_PROVIDER / "neuer-kurs.yaml").read_text(encoding="utf-8")
    assert text.rstrip().endswith("draft: true")
    assert 'street: "Sigmaringer Straße 88"' in text and "region: esslingen" in text
    starts = [date.fromisoformat(d) for d in re.findall(r"^    start: (\S+)  # vorausgefüllt – bitte prüfen$", text, re.M)]
    deadlines = [date.fromisoformat(d) for d in re.findall(r"^    registration_deadline: (\S+)  # vorausgefüllt – bitte prüfen$", text, re.M)]
    assert starts and all(d > TODAY for d in starts + deadlines)
    assert f"updated: {TODAY.isoformat()}" in text
    refs, _ = declared_ids(tree)
    assert re.search(r"^topics: \[(.+)\]  # vorausgefüllt", text, re.M).group(1) in refs["topics"]  # type: ignore[union-attr]


def test_a_value_new_chose_is_an_error_until_the_editor_confirms_it(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A stranger replaced title, summary and description of a new offer, deleted `draft: true`
    and `validate` said "Keine Fehler gefunden": the offer would have gone live with the
    template's price of 10 €, its dates in January and the provider's address as the place."""
    new(capsys, tree, "offer", "neuer-kurs", "--provider", FIRST_PROVIDER)
    path = tree / "offers" / FIRST_PROVIDER / "neuer-kurs.yaml"
    text = path.read_text(encoding="utf-8").replace("draft: true", "")
    text = text.replace('title: "Titel des Angebots"', 'title: "Schweißen für Einsteiger"')
    text = text.replace('summary: "Kurzbeschreibung für Karten und Suchmaschinen"', 'summary: "Zwei Wochen MAG-Schweißen."')
    text = re.sub(r"description: \|\n(  .*\n|\n)+", "description: Schweißen lernen.\n\n", text)
    path.write_text(text, encoding="utf-8")
    code, report = validate(capsys, tree)
    lines = report.splitlines()[:-1]
    fields = [line.split(": ")[1] for line in lines]
    assert code == 1 and fields == ["topics", "format", "location", "dates[0].start", "dates[0].end", "dates[0].time", "dates[0].registration_deadline", "price"], report
    start = next(line for line in lines if ": dates[0].start: " in line)
    number = int(start.split(":")[1])
    assert text.splitlines()[number - 1].lstrip().startswith("start: ")
    assert "von „lotse new“ vorgeschlagen (20" in start and "„# vorausgefüllt – bitte prüfen“ am Zeilenende löschen" in start
    # Confirmed by deleting the comment (a changed value keeps it until then): valid.
    path.write_text(text.replace(f"  # {scaffold.PREFILLED}", ""), encoding="utf-8")
    assert validate(capsys, tree) == (0, "Keine Fehler gefunden.\n")


def test_new_offer_gives_examples_from_its_guide_not_from_the_sample(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A guide for Hannover: the commented place of a date and the contact's phone are the
    provider's own, not a street in Esslingen and a Stuttgart number; switched on, they validate."""
    taxonomies = tree / "content" / "taxonomies.yaml"
    taxonomies.write_text(taxonomies.read_text(encoding="utf-8").replace("regions:\n", "regions:\n  - id: hannover\n    label: Region Hannover\n", 1), encoding="utf-8")
    (tree / "content" / "providers" / "leinewerk.yaml").write_text(
        "name: Leinewerk Bildung\nurl: https://www.example.org/\nphone: '0511 700800'\n"
        "address: {street: Goseriede 4, postal_code: '30159', city: Hannover, region: hannover}\nupdated: 2026-11-01\n",
        encoding="utf-8",
    )
    code, _, err = new(capsys, tree, "offer", "neuer-kurs", "--provider", "leinewerk")
    assert code == 0, err
    text = (tree / "offers" / "leinewerk" / "neuer-kurs.yaml").read_text(encoding="utf-8")
    for sample in ("Neckarstraße", "Esslingen", "0711", "70173"):
        assert sample not in text, sample
    assert '#   street: "Goseriede 4"' in text and '#   phone: "0511 700800"' in text
    assert "Straße und Hausnummer, z. B. „Goseriede 4“." in text
    switched_on, ctx = all_switched_on(tree, "offer", "leinewerk")
    assert '    street: "Goseriede 4"' in switched_on and scaffold.validate_text("offer", "x.yaml", switched_on, ctx) == []


def test_new_offer_of_a_recognised_provider_names_the_programme_it_may_leave_out(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The first provider is recognised for Bildungszeit: the commented excluded_funding names
    it and funding another programme, so that, switched on, they pass the check of the whole
    tree (only an inherited programme may be left out, and none the offer names itself)."""
    assert new(capsys, tree, "offer", "neuer-kurs", "--provider", FIRST_PROVIDER)[0] == 0
    path = tree / "offers" / FIRST_PROVIDER / "neuer-kurs.yaml"
    assert "\n# excluded_funding: [bildungszeit-bw]\n" in path.read_text(encoding="utf-8")
    refs, _ = declared_ids(tree)
    ctx = scaffold.Context(TODAY, refs)
    values = scaffold._values(tree, "offer", ctx, FIRST_PROVIDER)
    path.write_text("\n".join(scaffold.render_record("offer", ctx, values, activate_all=True)) + "\n", encoding="utf-8")
    assert validate(capsys, tree) == (0, "Keine Fehler gefunden.\n")


@pytest.mark.parametrize(("kind", "relpath", "schema"), [
    ("offer", f"offers/{FIRST_PROVIDER}/x.yaml", "../../schemas/offer.schema.json"),
    ("advisory-point", "content/advisory-points/x.yaml", "../../schemas/advisory-point.schema.json"),
    ("provider", "content/providers/x.yaml", "../../schemas/provider.schema.json"),
])
def test_first_line_points_to_the_schema(tree: Path, capsys: pytest.CaptureFixture[str], kind: str, relpath: str, schema: str) -> None:
    new(capsys, tree, kind, "x", *(["--provider", FIRST_PROVIDER] if kind == "offer" else []))
    path = tree / relpath
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first == f"# yaml-language-server: $schema={schema}"
    assert (path.parent / schema).resolve() == (tree / "schemas" / Path(schema).name).resolve()


@pytest.mark.parametrize("kind", scaffold.KINDS)
def test_every_declared_field_is_there_with_its_description(tree: Path, capsys: pytest.CaptureFixture[str], kind: str) -> None:
    new(capsys, tree, kind, "alle-felder", *(["--provider", FIRST_PROVIDER] if kind == "offer" else []))
    path = next(tree.rglob("alle-felder.yaml"))
    text = path.read_text(encoding="utf-8")
    for model in nested_models(scaffold.MODELS[kind]):
        for spec in fields(model):
            assert re.search(rf"^[ #-]*{re.escape(spec.key)}:", text, re.M), f"{model.__name__}.{spec.key} fehlt"
            # (With an example of the guide's own where it has one: "z. B. „Sigmaringer Straße 88“".)
            assert f"# {spec.help}" in text or f"# {spec.description.rstrip('.')}, z. B. " in text, f"{model.__name__}.{spec.key}: Beschreibung fehlt"


@pytest.mark.parametrize("kind", scaffold.KINDS)
def test_commented_examples_validate_when_all_are_switched_on(tree: Path, kind: str) -> None:
    refs, _ = declared_ids(tree)
    ctx = scaffold.Context(TODAY, refs)
    values = {
        "offer": scaffold.offer_values(ctx, FIRST_PROVIDER, None),
        "advisory-point": scaffold.advisory_values(ctx),
        "provider": scaffold.plain_values(ctx),
    }[kind]
    text = "\n".join(scaffold.render_record(kind, ctx, values, activate_all=True)) + "\n"
    doc, problems = parse_yaml("x.yaml", text)
    assert doc is not None and not problems
    model = scaffold.MODELS[kind]
    assert sorted(doc.data) == sorted(info.alias or name for name, info in model.model_fields.items())
    assert scaffold.validate_text(kind, "x.yaml", text, ctx) == []


def test_existing_file_is_never_overwritten(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert new(capsys, tree, "provider", "neuer-anbieter")[0] == 0
    path = tree / "content" / "providers" / "neuer-anbieter.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("Name des Anbieters", "Schon bearbeitet"), encoding="utf-8")
    before = path.read_text(encoding="utf-8")
    code, out, err = new(capsys, tree, "provider", "neuer-anbieter")
    assert (code, out) == (1, "")
    assert err == (
        "Fehler: Anbieter mit der Id 'neuer-anbieter' gibt es schon: content/providers/neuer-anbieter.yaml; "
        "nichts überschrieben. Bitte eine andere Id wählen\n"
    )
    assert path.read_text(encoding="utf-8") == before


def test_offer_id_of_another_provider_folder_is_refused(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = new(capsys, tree, "offer", "mag-schweissen-grundkurs", "--provider", FIRST_PROVIDER)
    assert code == 1
    assert "gibt es schon: offers/neckarwerk-technikakademie/mag-schweissen-grundkurs.yaml" in err
    assert not (tree / "offers" / FIRST_PROVIDER / "mag-schweissen-grundkurs.yaml").exists()


def test_existing_advisory_point_is_refused(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = new(capsys, tree, "advisory-point", "lotsenpunkt-stuttgart-mitte")
    assert code == 1 and "Beratungsstelle mit der Id 'lotsenpunkt-stuttgart-mitte' gibt es schon" in err


@pytest.mark.parametrize("bad", ["Schweissen", "cnc_kurs", "_kurs", "kurs-", "cnc--kurs", "schweißen", "kurs 2027", "a" * 81])
def test_invalid_id_is_refused(tree: Path, capsys: pytest.CaptureFixture[str], bad: str) -> None:
    code, out, err = new(capsys, tree, "offer", bad)
    assert (code, out) == (2, "")
    assert err.startswith(f"Fehler: ungültige Id {bad!r}: erlaubt sind Kleinbuchstaben a–z, Ziffern 0–9 und einzelne Bindestriche")
    assert not list(tree.rglob(f"{bad}.yaml"))


@pytest.mark.parametrize(("bad", "meant"), [("sup-yoga-überlingen", "sup-yoga-ueberlingen"), ("Kurs 2027", "kurs-2027"), ("Straße_B", "strasse-b")])
def test_an_invalid_id_is_refused_with_the_id_it_means(tree: Path, capsys: pytest.CaptureFixture[str], bad: str, meant: str) -> None:
    code, _, err = new(capsys, tree, "offer", bad)
    assert code == 2 and err.rstrip().endswith(f"höchstens 80 Zeichen; als Id geschrieben: '{meant}'")


def test_unknown_provider_is_a_usage_error(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = new(capsys, tree, "offer", "neuer-kurs", "--provider", "murtal-institut")
    assert code == 2
    assert "unbekannter Anbieter 'murtal-institut'" in err and "meinten Sie 'murrtal-institut'?" in err


def test_provider_option_only_for_offers(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = new(capsys, tree, "provider", "neu", "--provider", FIRST_PROVIDER)
    assert code == 2 and "--provider gilt nur für: new offer" in err


def test_unknown_kind_and_missing_source_are_usage_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", "kurs", "x", "--source", str(tmp_path)]) == 2
    assert main(["new", "offer", "x", "--source", str(tmp_path / "fehlt")]) == 2
    capsys.readouterr()


def test_offer_needs_a_provider_first(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    tree = copy_tree(tmp_path / "t", FIXTURES / "minimal")
    (tree / "content" / "providers" / "akademie.yaml").unlink()
    code, _, err = new(capsys, tree, "offer", "neuer-kurs")
    assert code == 1 and "zuerst einen anlegen: lotse new provider ID" in err


def test_new_provider_refreshes_existing_schemas(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", "--source", str(tree)]) == 0
    _, out, _ = new(capsys, tree, "provider", "neuer-anbieter")
    assert "schemas/ aktualisiert" in out
    offer_schema = (tree / "schemas" / "offer.schema.json").read_text(encoding="utf-8")
    assert '"neuer-anbieter"' in offer_schema


def test_a_provider_in_a_guide_without_regions_yet(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Right after `lotse init` no region is declared; `new provider` crashed ("Interner Fehler
    … IndexError") on the commented example of its address's region. It writes the provider;
    an offer, which needs a region, asks for one first."""
    guide = tmp_path / "finder"
    assert main(["init", str(guide), "--engine", "lotse @ git+https://github.com/org/lotse@v0.1.0"]) == 0
    capsys.readouterr()
    code, out, err = new(capsys, guide, "provider", "erster-anbieter")
    assert (code, err) == (0, "") and "Angelegt: content/providers/erster-anbieter.yaml" in out
    assert "#   region: beispiel" in (guide / "content" / "providers" / "erster-anbieter.yaml").read_text(encoding="utf-8")
    code, _, err = new(capsys, guide, "offer", "erster-kurs", "--provider", "erster-anbieter")
    assert code == 1 and "content/taxonomies.yaml hat noch keine Einträge unter" in err


def niedersachsen_guide(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """A guide for the Region Hannover straight from `lotse init`: two regions with their
    postal codes (a range, a prefix), the editors' phone in Hannover, no record yet."""
    guide = tmp_path / "hannover"
    assert main(["init", str(guide), "--engine", "lotse @ git+https://github.com/org/lotse@v0.1.0"]) == 0
    capsys.readouterr()
    taxonomies = guide / "content" / "taxonomies.yaml"
    taxonomies.write_text(
        taxonomies.read_text(encoding="utf-8").replace("topics: []", "topics:\n  - id: pflege\n    label: Pflege", 1).replace(
            "regions: []", "regions:\n  - id: hannover\n    label: Landeshauptstadt Hannover\n  - id: umland-sued\n    label: Umland Süd", 1,
        ),
        encoding="utf-8",
    )
    with (guide / "site.yaml").open("a", encoding="utf-8") as site:
        site.write('state: Niedersachsen\ncontact:\n  phone: "0511 616 2000"\npostal_codes:\n  hannover: ["30159-30669"]\n  umland-sued: ["3088"]\n')
    return guide


@pytest.mark.parametrize(("kind", "relpath"), [("advisory-point", "content/advisory-points/neu.yaml"), ("provider", "content/providers/neu.yaml")])
def test_new_address_takes_its_postal_code_from_the_guide_not_from_stuttgart(tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str, relpath: str) -> None:
    """A guide for Hannover: `new advisory-point` prefilled the postal code 70173 (Stuttgart)
    beside the region hannover, and showed Esslingen's coordinates and a Stuttgart number. The
    postal code is one of the region's from site.yaml, the town, centre point and area code
    shown as examples are Hannover's; switched on, they validate."""
    guide = niedersachsen_guide(tmp_path, capsys)
    code, _, err = new(capsys, guide, kind, "neu")
    assert code == 0, err
    text = (guide / relpath).read_text(encoding="utf-8")
    for sample in ("70173", "Esslingen", "0711", "48.7406"):
        assert sample not in text, sample
    assert re.search(r'^#? ?  postal_code: "30159"', text, re.M) and "Ort, z. B. „Hannover“." in text
    assert '# phone: "0511 123456"' in text
    switched_on, ctx = all_switched_on(guide, kind)
    assert scaffold.validate_text(kind, "x.yaml", switched_on, ctx) == []


def test_new_offer_of_a_provider_without_an_address_takes_the_guides_examples(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A provider the import wrote from a catalogue without an address (a name, a date): `new
    offer` for it prefilled the postal code 73728 (Esslingen) beside the region hannover, and
    its hovers named Esslingen am Neckar. The guide's own examples serve as for an advisory
    point: a postal code of the first region, its town, the editors' area code."""
    guide = niedersachsen_guide(tmp_path, capsys)
    (guide / "content" / "providers" / "vhs.yaml").write_text("name: vhs Hannover\nupdated: 2026-11-01\n", encoding="utf-8")
    code, _, err = new(capsys, guide, "offer", "neu", "--provider", "vhs")
    assert code == 0, err
    text = (guide / "offers" / "vhs" / "neu.yaml").read_text(encoding="utf-8")
    for sample in ("70173", "73728", "Esslingen", "0711"):
        assert sample not in text, sample
    assert 'postal_code: "30159"  # vorausgefüllt' in text and "Ort, z. B. „Hannover“." in text
    switched_on, ctx = all_switched_on(guide, "offer", "vhs")
    assert scaffold.validate_text("offer", "x.yaml", switched_on, ctx) == []


def test_the_first_region_is_the_one_site_yaml_lists_first_not_the_first_in_the_alphabet(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Region ids arrive sorted ("erlangen" before "nuernberg"); the example postal code is
    the first region's as the operator wrote them, so `new`, the schemas' hovers and the
    browser form (which knows the declared order) all show the same town."""
    guide = niedersachsen_guide(tmp_path, capsys)
    site = guide / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8").replace('  hannover: ["30159-30669"]\n  umland-sued: ["3088"]\n', '  umland-sued: ["30880"]\n  hannover: ["30159-30669"]\n'), encoding="utf-8")
    assert new(capsys, guide, "advisory-point", "neu")[0] == 0
    assert 'postal_code: "30880"  # vorausgefüllt' in (guide / "content" / "advisory-points" / "neu.yaml").read_text(encoding="utf-8")


def test_a_region_given_by_a_prefix_prefills_a_real_postal_code(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    guide = niedersachsen_guide(tmp_path, capsys)
    (guide / "site.yaml").write_text((guide / "site.yaml").read_text(encoding="utf-8").replace('["30159-30669"]', '["3016"]'), encoding="utf-8")
    assert new(capsys, guide, "advisory-point", "neu")[0] == 0
    assert 'postal_code: "30161"  # vorausgefüllt' in (guide / "content" / "advisory-points" / "neu.yaml").read_text(encoding="utf-8")


def test_without_a_phone_of_its_own_the_example_number_has_no_stuttgart_area_code(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A guide whose site.yaml names no phone (a fresh one in Augsburg): the commented phone
    was "0711 123456", Stuttgart's area code; now a number of no place."""
    guide = niedersachsen_guide(tmp_path, capsys)
    site = guide / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8").replace('contact:\n  phone: "0511 616 2000"\n', ""), encoding="utf-8")
    assert new(capsys, guide, "provider", "neu")[0] == 0
    text = (guide / "content" / "providers" / "neu.yaml").read_text(encoding="utf-8")
    assert "0711" not in text and '# phone: "01234 567890"' in text
