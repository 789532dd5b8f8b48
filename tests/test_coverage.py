"""Every public surface stays in step with the declaration (in the manner of Datasette's docs
tests): each offer field is shown or in the API (or left out for a stated reason), every API
key is in the README, every template variable and object attribute in docs/templates.md."""

from __future__ import annotations

import dataclasses
import html
import json
import re
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from site_builder import model, records
from site_builder.importers.offerfile import FIELD_ORDER
from site_builder.introspect import fields
from site_builder.load import parse_yaml
from site_builder.pipeline import build, load_guide
from site_builder.plan import plan_site
from site_builder.render import Renderer

from .conftest import FIXTURES, ROOT, TODAY, copy_tree

EVERY_FIELD = FIXTURES / "every-field" / "offers" / "akademie" / "alle-felder.yaml"
TEMPLATES_DOC = ROOT / "docs" / "templates.md"

# Offer fields neither shown on the offer's page nor in the API, and why.
NOT_SHOWN = {
    "expires": "decides publication; a page that is shown has not expired",
    "draft": "drafts are never published",
    "excluded_funding": "takes programmes out of funding, which the page and the API show",
}


def leaves(model_: type[records.Record], prefix: str = "") -> list[str]:
    """Every leaf field of a declaration as a dotted path (``dates[].price.amount``)."""
    found = []
    for spec in fields(model_):
        path = prefix + spec.key
        if spec.model is not None:
            found += leaves(spec.model, path + ("[]." if spec.container == "list" else "."))
        else:
            found.append(path)
    return found


def reference_paths(model_: type[records.Record], prefix: str = "") -> list[str]:
    """The leaf paths whose values are ids of other records or terms."""
    found = []
    for spec in fields(model_):
        path = prefix + spec.key
        if spec.model is not None:
            found += reference_paths(spec.model, path + ("[]." if spec.container == "list" else "."))
        elif spec.ref is not None:
            found.append(path)
    return found


def values_at(data: Any, path: str) -> list[Any]:
    """The values at a dotted path (``[]`` walks every item of a list)."""
    current = [data]
    for part in path.split("."):
        many = part.endswith("[]")
        key = part.removesuffix("[]")
        current = [item.get(key) for item in current if isinstance(item, dict)]
        if many:
            current = [x for item in current if isinstance(item, list) for x in item]
    return [value for value in current if value is not None]


def as_api(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (float, Decimal)):
        return float(value)
    return value


def as_text(value: Any) -> list[str]:
    """How a value may read on a page: as written, or as a German number."""
    if isinstance(value, (float, Decimal)):
        return [str(value).replace(".", ",")]
    if isinstance(value, date):
        return [value.strftime("%d.%m.%Y")]
    return [str(value)]


@pytest.fixture(scope="module")
def every_field_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tree = copy_tree(tmp_path_factory.mktemp("tree") / "src", FIXTURES / "minimal", FIXTURES / "every-field")
    out = tmp_path_factory.mktemp("out") / "_site"
    build(tree, out, today=TODAY, search_index=False)
    return out


def test_the_fixture_sets_every_field_of_an_offer() -> None:
    doc, problems = parse_yaml("alle-felder.yaml", EVERY_FIELD.read_text(encoding="utf-8"))
    assert doc is not None and not problems
    missing = [path for path in leaves(records.Offer) if not values_at(doc.data, path)]
    assert missing == [], f"tests/fixtures/every-field: bitte Werte ergänzen für {missing}"


def test_every_offer_field_is_shown_or_in_the_api(every_field_site: Path) -> None:
    doc, _ = parse_yaml("alle-felder.yaml", EVERY_FIELD.read_text(encoding="utf-8"))
    assert doc is not None
    page = html.unescape(re.sub(r"<[^>]+>", " ", (every_field_site / "angebote" / "alle-felder" / "index.html").read_text()))
    page = re.sub(r"\s+", " ", page)
    api = next(o for o in json.loads((every_field_site / "api" / "angebote.json").read_text())["offers"] if o["id"] == "alle-felder")
    references = set(reference_paths(records.Offer))
    unseen = []
    for path in leaves(records.Offer):
        if path.split(".")[0].removesuffix("[]") in NOT_SHOWN:
            continue
        for value in values_at(doc.data, path):
            items = value if isinstance(value, list) else [value]
            api_path = "registration_url" if path == "url" else path
            if path in references:  # the API resolves an id into {id, label}
                api_path += "[].id" if isinstance(value, list) else ".id"
            in_api = [as_api(v) for v in items] == [as_api(v) for v in values_at(api, api_path)] or all(
                as_api(v) in [as_api(x) for x in values_at(api, api_path)] for v in items
            )
            on_page = all(any(text in page for text in as_text(v)) for v in items)
            if not (in_api or on_page):
                unseen.append(f"{path} = {value!r}")
    assert unseen == [], "weder auf der Seite noch in der API (oder NOT_SHOWN mit Grund ergänzen)"


def test_every_api_key_is_in_the_readme(every_field_site: Path) -> None:
    data = json.loads((every_field_site / "api" / "angebote.json").read_text())
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    listed = set(re.findall(r"`([a-z_]+)`", readme[readme.index("/api/angebote.json") :]))
    keys: set[str] = set(data)

    def collect(value: Any) -> None:
        if isinstance(value, dict):
            keys.update(value)
            for item in value.values():
                collect(item)
        elif isinstance(value, list):
            for item in value:
                collect(item)

    collect(data["offers"])
    assert sorted(keys - listed) == []


def _documented(name: str, text: str) -> bool:
    return re.search(rf"`{re.escape(name)}[`(.\[ ]", text) is not None


def _object_paragraph(doc: str, name: str) -> str:
    match = re.search(rf"^\*\*{name}\*\*.*?(?=^\*\*|^##)", doc, re.M | re.S)
    assert match, f"docs/templates.md: Abschnitt **{name}** fehlt"
    return match.group(0)


def test_every_template_variable_is_documented(minimal_tree: Path) -> None:
    guide = load_guide(minimal_tree, TODAY)
    renderer = Renderer(guide, minimal_tree)
    doc = TEMPLATES_DOC.read_text(encoding="utf-8")
    globals_section = doc[doc.index("## Globals") : doc.index("## Objects")]
    jinja_own = {"range", "dict", "lipsum", "cycler", "joiner", "namespace"}
    undocumented = [name for name in renderer.env.globals if name not in jinja_own and not _documented(name, globals_section)]
    undocumented += [name for name in ("page", "search", "jsonld") if not _documented(name, globals_section)]
    rows = {m.group(1): m.group(0) for m in re.finditer(r"^\| `([\w.]+\.html)` \|.*$", doc, re.M)}
    for page in plan_site(guide).pages:
        row = rows.get(page.template)
        if row is None:
            undocumented.append(page.template)
            continue
        undocumented += [f"{page.template}: {key}" for key in page.context if not _documented(key, row)]
    assert sorted(set(undocumented)) == []


@pytest.mark.parametrize(
    "cls", [model.Term, model.Address, model.Price, model.OfferDate, model.Offer, model.Provider, model.AdvisoryPoint, model.EditorialPage]
)
def test_every_object_attribute_is_documented(cls: type) -> None:
    paragraph = _object_paragraph(TEMPLATES_DOC.read_text(encoding="utf-8"), cls.__name__)
    names = {f.name for f in dataclasses.fields(cls) if not f.name.startswith("_")}  # ``_x``: a ``model.kept`` value
    names |= {n for n, v in vars(cls).items() if isinstance(v, (property, __import__("functools").cached_property, model.kept)) and not n.startswith("_")}
    record = {model.Offer: records.Offer, model.Provider: records.Provider}.get(cls)
    if record is not None:
        names |= set(record.model_fields)
    assert sorted(n for n in names if not _documented(n, paragraph)) == []


def test_importers_write_fields_in_the_declarations_order() -> None:
    assert tuple(spec.key for spec in fields(records.Offer)) == FIELD_ORDER
