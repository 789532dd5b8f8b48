"""``python build.py cms``: the browser editor for partner organisations, made from the declarations.

Partners who will not use git edit in Decap CMS, a git-based editor: each save is a branch and
a pull request (its "editorial workflow"), publishing merges it, so every change still passes
``validate`` in the guide's PR workflow and a review. The editor's configuration is written
from the declarations that drive validation, the JSON Schemas and the field reference: one
collection per kind of ``kinds.KINDS``, each field walked with ``introspect`` – its title as
label, description and examples as help (the form's text of it, ``records.described``, in the
form's words: labels for keys and fixed values), required marks, the conditions of
``records.Rule``, select lists from the taxonomies, providers and ``Literal`` choices (with
the site's words for the values), and the checks the
editor can make itself (patterns and lengths, with the German message of the declaration's
own check).

``--out DIR`` (default ``_site/admin``) receives the whole editor: ``config.yml``, the Decap
bundle from ``cms/node_modules`` (npm, pinned in ``cms/package-lock.json`` – the guide's own,
which ``lotse init`` writes, or this repository's), Lotse's own
scripts from ``site_builder/admin/`` (file format, id field, number fields, optional sections, rules across fields checked before saving, help texts linked to their fields for screen readers, preview) and
``lotse.json`` (the id rule, and the names and labels the preview shows). The page loads nothing but from
the site and the git host; no public page links to it, and as it is written after the build,
neither the sitemap nor the search index knows it (a build replaces its whole output folder,
so the deploy writes the editor after each build).

The preview pane renders the offer in the browser (lotse-vorschau.js) rather than linking a
preview deploy per pull request: GitHub Pages, where guides publish, has no deploys per pull
request, and the pane then works the same locally and on any host.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, get_args, get_origin
from urllib.parse import urlsplit

import yaml
from pydantic import AfterValidator, BaseModel, BeforeValidator, TypeAdapter
from pydantic_core import PydanticCustomError

from . import eligibility, model, records, urls
from .eligibility import GOALS, QUALIFICATIONS, SITUATIONS
from .fieldref import PATTERN_LABELS, _length, _resolve
from .introspect import FieldSpec, annotation_of, fields, help_text, is_markdown, ref_of, value_type
from .kinds import KINDS, RecordKind
from .languages import GERMAN_NAMES, ISO_639_1
from .markup import ALLOWED_TAGS
from .model import Guide
from .options import UsageError, base_url, source_dir
from .pipeline import load_guide
from .scaffold import PREFILLED
from .schema import guide_examples, model_schema
from .write import output_dir

HELP = "Redaktion im Browser (Decap CMS) für /admin/ erzeugen"

ROOT = Path(__file__).resolve().parents[1]
NODE_MODULES = ROOT / "cms" / "node_modules"
OWN_FILES = Path(__file__).with_name("admin")  # Lotse's scripts for the editor page
GITHUB_API = "https://api.github.com"
GITHUB_AVATARS = "https://avatars.githubusercontent.com"

# Markdown toolbar buttons and the HTML element each makes: only those the sanitiser keeps
# (markup.ALLOWED_TAGS) are offered, so the editor cannot make what the site would drop.
BUTTONS = {
    "bold": "strong",
    "italic": "em",
    "code": "code",
    "link": "a",
    "heading-one": "h1",
    "heading-two": "h2",
    "heading-three": "h3",
    "heading-four": "h4",
    "heading-five": "h5",
    "heading-six": "h6",
    "quote": "blockquote",
    "bulleted-list": "ul",
    "numbered-list": "ol",
}
# Images are left out although texts may show them: their files belong in templates/assets/,
# which the browser editor does not upload into (its media library would commit past review).
EDITOR_COMPONENTS = {"code-block": "pre"}

# The German words the site shows for fixed values, by field name; others show as written.
VALUE_LABELS: dict[str, Mapping[str, str]] = {
    "format": model.FORMAT_LABELS,
    "level": model.LEVEL_LABELS,
    "kind": model.KIND_LABELS,
    "appointment": model.APPOINTMENT_LABELS,
    "services": model.SERVICE_LABELS,
    "vat": model.VAT_LABELS,
    "per": model.PER_LABELS,
    "mode": model.MODE_LABELS,
    "days": model.WEEKDAY_LABELS,
}

# Where the site shows a record of each folder kind: the editor's "Ansehen" link.
PAGES: dict[str, Callable[[str], str]] = {
    "offer": urls.offer,
    "advisory-point": urls.advisory_point,
    "provider": urls.provider,
    "page": urls.page,
}

# Values the editor sets for new records where the declaration has another default: a new
# offer starts as a draft, so nothing goes live before someone removes the tick (as ``new``).
NEW_RECORD_DEFAULTS: dict[str, dict[str, Any]] = {"offer": {"draft": True}}

TEXTAREA_FROM = 200  # texts that may be longer get a box of several lines
PROBE = "\u00c4 ?"  # a value no checked type accepts: calling a check with it yields its message
BODY = "body"  # Decap's name for the Markdown below a page's front matter


# --- The backend: where the editor reads and writes --------------------------------------------


@dataclass(frozen=True)
class Backend:
    """The GitHub repository, or a local git repository through Decap's proxy server."""

    repo: str | None = None  # owner/name on GitHub
    branch: str = "main"
    auth_url: str | None = None  # the OAuth helper that signs editors in to GitHub
    proxy: str | None = None  # decap-server's API on this machine, e.g. http://127.0.0.1:8081/api/v1

    def check(self) -> None:
        if self.proxy is not None:
            if urlsplit(self.proxy).hostname not in ("127.0.0.1", "localhost", "::1"):
                raise UsageError(f"--local-proxy muss auf diesem Rechner laufen (http://127.0.0.1:…), gefunden: {self.proxy}")
            return
        if not self.repo or not re.fullmatch(r"[\w.-]+/[\w.-]+", self.repo):
            raise UsageError(f"--repo braucht das GitHub-Repository als BESITZER/NAME, gefunden: {self.repo!r}")
        if not self.auth_url or not self.auth_url.startswith("https://"):
            raise UsageError(
                "--auth-url braucht die https-Adresse des Anmeldedienstes für GitHub (OAuth); ohne sie "
                "meldete sich das CMS über einen fremden Dienst (Netlify) an"
            )

    def config(self) -> dict[str, Any]:
        if self.proxy is not None:
            return {"name": "proxy", "proxy_url": self.proxy, "branch": self.branch}
        assert self.auth_url is not None
        parts = urlsplit(self.auth_url)
        return {
            "name": "github",
            "repo": self.repo,
            "branch": self.branch,
            "base_url": f"{parts.scheme}://{parts.netloc}",
            "auth_endpoint": parts.path.strip("/") or "auth",
            # Partners without write access edit in a fork; their pull request is checked the same.
            "open_authoring": True,
        }

    def connects(self) -> list[str]:
        """Origins the editor page talks to besides the site: the git host or the local proxy."""
        if self.proxy is not None:
            parts = urlsplit(self.proxy)
            return [f"{parts.scheme}://{parts.netloc}"]
        assert self.auth_url is not None
        parts = urlsplit(self.auth_url)
        return [GITHUB_API, f"{parts.scheme}://{parts.netloc}"]

    def images(self) -> list[str]:
        """Origins of pictures the editor shows (GitHub's avatars of the signed-in editor)."""
        return [] if self.proxy is not None else [GITHUB_AVATARS]


# --- Select lists ------------------------------------------------------------------------------


def choices(guide: Guide) -> dict[str, list[tuple[str, str]]]:
    """(id, label) of every id a reference may point to, by reference kind, as the site names them."""
    found = {kind: [(term.id, term.label) for term in getattr(guide, kind)] for kind in records.TERM_KINDS}
    found["providers"] = [(p.id, p.name) for p in guide.providers]
    found["pages"] = [(page.slug, page.title) for page in guide.pages]
    return found


def _options(pairs: Iterable[tuple[str, str]]) -> list[dict[str, str]]:
    return [{"label": label, "value": value} for value, label in pairs]


def _language_options() -> list[dict[str, str]]:
    """Languages with a German name first, alphabetically; then the other ISO 639-1 codes."""
    named = sorted(((code, f"{name} ({code})") for code, name in GERMAN_NAMES.items()), key=lambda pair: pair[1])
    rest = sorted((code, code) for code in ISO_639_1 - GERMAN_NAMES.keys())
    return _options([*named, *rest])


# --- Checks the editor can make itself ---------------------------------------------------------


def _checks(annotation: Any) -> Iterator[Callable[..., Any]]:
    """The declaration's own checks of a value (``_check_phone`` …), not the reference checks."""
    if get_origin(annotation) is not Annotated:
        return
    for item in get_args(annotation)[1:]:
        func = getattr(item, "func", None)
        if isinstance(item, (AfterValidator, BeforeValidator)) and callable(func) and not isinstance(func, records.Ref):
            yield func


def check_message(annotation: Any) -> str | None:
    """The German message of the value's check, without its ``gefunden: …``."""
    for check in _checks(value_type(annotation)):
        try:
            check(PROBE)
        except PydanticCustomError as error:
            return re.split(r",? gefunden:", error.message_template)[0].strip()
        except (TypeError, ValueError):
            continue
    return None


def length_pattern(low: int | None, high: int | None) -> str:
    """A text of ``low``–``high`` characters after trimming, counted as validation counts."""
    low = max(low or 1, 1)
    if low == 1:
        return rf"^\s*\S(?:[\s\S]{{0,{high - 2}}}\S)?\s*$" if high is not None else r"^\s*\S[\s\S]*$"
    upper = "" if high is None else str(high - 2)
    return rf"^\s*\S[\s\S]{{{low - 2},{upper}}}\S\s*$"


def text_pattern(schema: Mapping[str, Any], message: str | None) -> list[str] | None:
    """Decap's ``pattern`` of a text: an expression and the German message shown when it fails."""
    if "pattern" in schema:
        regex = str(schema["pattern"])
        if "maxLength" in schema:  # an id: its pattern and its length in one expression
            regex = rf"^(?=[\s\S]{{1,{schema['maxLength']}}}$)" + regex.removeprefix("^")
        return [regex, message or f"muss die Form {PATTERN_LABELS.get(str(schema['pattern']), 'des Musters')} haben"]
    if schema.get("format") == "uri":
        return [r"^https?://[^\s/]+[^\s]*$", message or "muss mit http:// oder https:// beginnen"]
    if schema.get("format") == "email":
        return [r"^[^@\s]+@[^@\s]+\.[^@\s.]+$", message or "muss eine E-Mail-Adresse sein"]
    low, high = schema.get("minLength"), schema.get("maxLength")
    if high is not None or (low or 0) > 1:
        return [length_pattern(low, high), f"muss {_length(low, high)} lang sein"]
    return None


# --- Fields ----------------------------------------------------------------------------------


def rule_notes(section: type[BaseModel]) -> dict[str, list[str]]:
    """The message of every rule of ``section`` that makes a field required under a condition."""
    notes: dict[str, list[str]] = {}
    for rule in getattr(section, "rules", ()):
        if rule.requires:
            for name in rule.fields:
                notes.setdefault(name, []).append(rule.message)
    return notes


def singular(section: type[BaseModel]) -> str:
    """What one entry of a list of ``section`` is called: its docstring up to the first stop."""
    first = re.split(r"[.:;]", (section.__doc__ or section.__name__).strip())[0]
    return re.sub(r"^(Ein|Eine)\s+", "", first)


def field_names(section: type[BaseModel], own: type[BaseModel] | None = None) -> dict[str, str]:
    """The form's name (title) of every key a help text of ``section`` may mention: its own
    fields' and those of the sections inside it. For the help of a field holding the section
    ``own``, that section's fields come first: the price's help means the price's „Hinweis zum
    Preis“ by ``note``, not the date's."""
    names: dict[str, str] = {}
    for spec in fields(section):
        for inner in fields(spec.model) if spec.model is not None else ():
            names.setdefault(inner.key, inner.info.title or inner.key)
    names.update({spec.key: spec.info.title or spec.key for spec in fields(section)})
    names.update({inner.key: inner.info.title or inner.key for inner in (fields(own) if own is not None else ())})
    return names


def field_paths(model: type[BaseModel], prefix: str = "", above: str = "") -> dict[str, str]:
    """The form's way to every field below ``model`` by its dotted path: ``contact.email`` is
    "Kontakt der Redaktion › E-Mail der Redaktion"."""
    found: dict[str, str] = {}
    for spec in fields(model):
        path, name = prefix + spec.key, above + (spec.info.title or spec.key)
        if prefix:
            found[path] = name
        if spec.model is not None and spec.container != "map":
            found.update(field_paths(spec.model, path + ".", name + " › "))
    return found


# Words for fixed values the site shows nowhere, for the form's lists: the Förder-Check's answers.
FORM_LABELS: tuple[Mapping[str, str], ...] = (
    {key: situation.heading for key, situation in SITUATIONS.items()},
    {key: goal.short for key, goal in GOALS.items()},
    QUALIFICATIONS,
)


def value_labels(key: str, values: Iterable[Any]) -> Mapping[str, str]:
    """The German words for the fixed values of the field ``key``: the site's words for that
    field, else words for exactly these values wherever they are kept (``advisory_kinds``
    holds the kinds of a ``kind``)."""
    wanted = {str(value) for value in values}
    own = VALUE_LABELS.get(key)
    if own is not None and wanted <= own.keys():
        return own
    return next((labels for labels in (*VALUE_LABELS.values(), *FORM_LABELS) if labels.keys() == wanted), {})


def _value_words(labels: Mapping[str, str], value: str) -> str:
    """A fixed value as the form shows it: a name as it is („Präsenz“), other words quoted."""
    label = labels.get(value, value)
    if label == value:
        return value
    return label if label[:1].isupper() and not re.search(r"[.,]| oder ", label) else f"„{label}“"


# A lowercase word that may be a key (dotted: a key below another) or a fixed value, perhaps
# with its value (``format: online``): not part of a path, a file name or a quote.
_KEY_WORD = re.compile(
    r"(?<![\w/.<„\"@-])([a-z][a-z_-]*[a-z](?:\.[a-z][a-z_-]*[a-z])*)(?:: ([a-z][a-z-]*[a-z]))?(?![\w/>“\"-]|\.\w)"
)


def in_form_words(text: str, names: Mapping[str, str], values: Mapping[str, str]) -> str:
    """A help text written for YAML files, in the words of the form: field keys become the
    labels the editor sees („Termine“), ``key: true`` and a leading ``true``/``false`` become
    ticks, fixed values their labels (praesenz → Präsenz, ``format: online`` → „Form“: Online)."""
    text = re.sub(r"^true([:,]| bei\b)", lambda m: "Angehakt" + m.group(1), text)
    text = re.sub(r"^false,", "Nicht angehakt,", text)

    def one(word: str) -> str:
        return f"„{names[word]}“" if word in names else _value_words(values, word)

    def word(match: re.Match[str]) -> str:
        key, value = match.group(1), match.group(2)
        if value is None:
            return one(key)
        if key not in names:  # a word before a colon ("fehlt: amount")
            return f"{one(key)}: {value if value == 'true' else one(value)}"
        if value == "true":
            return f"„{names[key]}“ angehakt"
        return f"„{names[key]}“: {_value_words(VALUE_LABELS.get(key.rsplit('.', 1)[-1], {}), value)}"

    return _KEY_WORD.sub(word, text)


def form_about(model: type[BaseModel]) -> str:
    """A kind's description in the form: its docstring without the file it lies in."""
    return re.sub(r"\s*\([^()]*(?:/|\.ya?ml\b|\.md\b)[^()]*\)", "", (model.__doc__ or "").strip())


def date_order(section: type[BaseModel]) -> list[dict[str, str]]:
    """The dates of ``section`` that must come in order (``records.Before``), for the editor's
    list of such sections (``lotse_order``: checked before saving) and for its preview."""
    return [{"first": rule.first, "then": rule.then, "message": rule.message} for rule in getattr(section, "order", ())]


def markdown_widget() -> dict[str, Any]:
    return {
        "widget": "markdown",
        "buttons": [name for name, tag in BUTTONS.items() if tag in ALLOWED_TAGS],
        "editor_components": [name for name, tag in EDITOR_COMPONENTS.items() if tag in ALLOWED_TAGS],
        "modes": ["rich_text", "raw"],
        "sanitize_preview": True,
    }


def _counts(schema: Mapping[str, Any]) -> dict[str, Any]:
    return {name: schema[key] for name, key in (("min", "minItems"), ("max", "maxItems")) if schema.get(key)}


def _number(schema: Mapping[str, Any]) -> dict[str, Any]:
    """A number field. Lotse's own number widget (lotse-cms.js, lotse-zahl.js) reads what a German
    partner types in any browser language ("49,90", "1.234,50") and checks the bounds itself:
    ``lotse_number`` holds its rules (``decimals``: 0 for whole numbers, 2 for euro amounts)."""
    integer = schema.get("type") == "integer"
    bounds = {name: schema[key] for name, key in (("min", "minimum"), ("max", "maximum")) if key in schema}
    out: dict[str, Any] = {"widget": "number", "value_type": "int" if integer else "float", **bounds}
    rules: dict[str, Any] = bounds | ({"above": schema["exclusiveMinimum"]} if "exclusiveMinimum" in schema else {})
    if integer:
        rules["decimals"] = 0
    elif schema.get("multipleOf") == 0.01:  # money
        rules.update(decimals=2, money=True)
    return out | {"lotse_number": rules}


def _summary(nested: list[dict[str, Any]]) -> str:
    """A list entry's line while it is folded: its first two plain values. Not a choice: the
    line would show its codes (``["mo","di"]``), not the words the form offers."""
    plain = [f["name"] for f in nested if f["widget"] in ("string", "text", "datetime", "number")][:2]
    return " · ".join(f"{{{{fields.{name}}}}}" for name in plain)


@dataclass
class Fields:
    """Turns a declared section into Decap fields, in declaration order."""

    refs: Mapping[str, list[tuple[str, str]]]
    defaults: Mapping[str, Any] = field(default_factory=dict)  # new records' values, top level only
    paths: Mapping[str, str] = field(default_factory=dict)  # the record's fields by dotted path (``field_paths``)
    examples: Mapping[str, Any] = field(default_factory=dict)  # the guide's own, by field name (``schema.guide_examples``)

    def of(self, section: type[BaseModel], top: bool = False) -> list[dict[str, Any]]:
        schema = model_schema(section)
        defs = schema.get("$defs", {})
        notes = rule_notes(section)
        return [self.field(section, spec, schema["properties"][spec.key], defs, notes.get(spec.key, []), top) for spec in fields(section)]

    def field(
        self, section: type[BaseModel], spec: FieldSpec, prop: Mapping[str, Any], defs: Mapping[str, Any], notes: list[str], top: bool
    ) -> dict[str, Any]:
        schema = _resolve(dict(prop), dict(defs))
        out: dict[str, Any] = {"name": spec.key, "label": spec.info.title or spec.key, "hint": self.hint(section, spec, schema, defs, notes)}
        out["required"] = spec.required
        out.update(self.widget(spec, schema, defs))
        if out["widget"] in ("boolean", "hidden"):
            out["required"] = False  # false is an answer, not a gap
        if out["widget"] == "hidden":
            del out["hint"]  # the form shows no such field
        if top and spec.key in self.defaults:
            out["default"] = self.defaults[spec.key]
        return out

    def rules(self, section: type[BaseModel]) -> list[dict[str, Any]]:
        """The rules across the fields of ``section`` the form checks before it saves
        (lotse-regeln.js): each with its JSON Schema and its message in the form's words. A
        rule without a schema is left to validation."""
        names = {**field_names(section), **self.paths}
        return [
            {"schema": dict(rule.schema), "message": in_form_words(records.form_text(rule.message), names, VALUE_LABELS.get(rule.fields[0], {}))}
            for rule in getattr(section, "rules", ())
            if rule.schema
        ]

    def hint(self, section: type[BaseModel], spec: FieldSpec, schema: Mapping[str, Any], defs: Mapping[str, Any], notes: list[str]) -> str:
        """The help under the field: the form's text of its description (``records.described``)
        and of the rules that require it, in the words of the form."""
        # A guide for Hannover helps with „Ort, z. B. Hannover“, as its schemas do.
        own = [self.examples[spec.key]] if spec.key in self.examples and spec.examples else None
        text = spec.form_help(own) + "".join(f" Bedingt Pflicht – sonst meldet die Prüfung: {records.form_text(note)}." for note in notes)
        names = {**field_names(section, spec.model if spec.container != "map" else None), **self.paths}
        return in_form_words(text, names, self.labels(spec, schema, defs))

    def labels(self, spec: FieldSpec, schema: Mapping[str, Any], defs: Mapping[str, Any]) -> Mapping[str, str]:
        """The words for the fixed values a field may hold (not for ids and languages)."""
        if spec.ref is None and schema.get("type") == "array" and "items" in schema:
            schema = _resolve(dict(schema["items"]), dict(defs))
        enum = schema.get("enum") if spec.ref is None else None
        if not enum or set(enum) == set(ISO_639_1):
            return VALUE_LABELS.get(spec.key, {})
        return value_labels(spec.key, enum)

    def widget(self, spec: FieldSpec, schema: Mapping[str, Any], defs: Mapping[str, Any]) -> dict[str, Any]:
        if spec.container == "map":
            return self.mapping(spec)
        if spec.container == "list" and spec.model is None and (spec.ref is not None or "enum" in _resolve(dict(schema["items"]), dict(defs))):
            return self.select(spec, _resolve(dict(schema["items"]), dict(defs))) | _counts(schema)
        if spec.model is not None:
            nested = self.of(spec.model)
            if spec.container == "list":
                listed = {"widget": "list", "label_singular": singular(spec.model), "summary": _summary(nested), "fields": nested}
                listed |= {"lotse_rules": rules} if (rules := self.rules(spec.model)) else {}
                return listed | _counts(schema) | ({"lotse_order": date_order(spec.model)} if date_order(spec.model) else {})
            # An optional section may stay empty although some of its fields are required in it.
            section = {"widget": "object" if spec.required else "lotse-section", "collapsed": not spec.required, "fields": nested}
            return section | ({"lotse_rules": rules} if (rules := self.rules(spec.model)) else {})
        return self.value(spec, schema, defs, annotation_of(spec))

    def value(self, spec: FieldSpec, schema: Mapping[str, Any], defs: Mapping[str, Any], annotation: Any) -> dict[str, Any]:
        if spec.ref is not None or "enum" in schema:
            return self.select(spec, schema)
        kind = schema.get("type")
        if kind == "array":
            item = self.value(spec, _resolve(dict(schema["items"]), dict(defs)), defs, value_type(annotation))
            return {"widget": "list", "label_singular": "Eintrag", "field": {"name": "eintrag", "label": "Eintrag"} | item} | _counts(schema)
        if kind == "boolean":
            # Only a ticked default is set: Decap would fill new sections with every false. The
            # declared default is the value lotse-yaml.js leaves unwritten, as editors do; with
            # none (``None``: not stated), false is a statement and is written.
            declared = spec.info.get_default(call_default_factory=True)
            return {"widget": "boolean", "declared_default": declared} | ({"default": True} if declared is True else {})
        if kind in ("number", "integer"):
            return _number(schema)
        if schema.get("format") == "date":
            # Saved as plain JJJJ-MM-TT, as editors write dates by hand. The date of the last
            # check starts as today; other dates start empty.
            # Typed digit by digit, Decap's date field can save a year like 1907 (its issue 7939):
            # the form marks a year outside 20xx before the pull request does (records.YEARS).
            out = {
                "widget": "datetime", "format": "YYYY-MM-DD", "time_format": False,
                "pattern": [records.DATE_PATTERN, "Das Jahr kann nicht stimmen – bitte das Datum im Kalender auswählen"],
            }
            return out | {"default": "{{now}}"} if spec.key == "updated" else out
        if is_markdown(spec):
            return markdown_widget()
        out = {"widget": "text" if (schema.get("maxLength") or 0) > TEXTAREA_FROM else "string"}
        pattern = text_pattern(schema, check_message(annotation))
        return out | ({"pattern": pattern} if pattern else {})

    def select(self, spec: FieldSpec, schema: Mapping[str, Any]) -> dict[str, Any]:
        multiple = spec.container == "list"
        if spec.ref is not None:
            options = _options(self.refs.get(spec.ref, []))
        elif set(schema["enum"]) == set(ISO_639_1):
            options = _language_options()
        else:
            labels = value_labels(spec.key, schema["enum"])
            options = _options((value, labels.get(value, value)) for value in schema["enum"])
        out: dict[str, Any] = {"widget": "select", "options": options}
        return out | {"multiple": True} if multiple else out

    def mapping(self, spec: FieldSpec) -> dict[str, Any]:
        """A mapping keyed by declared ids (postal codes by region) becomes a field per id.
        Free keys (codes of a catalogue) make no form; the editor keeps such a value as it is."""
        annotation = spec.info.annotation
        while get_origin(annotation) is not dict:  # past ``| None``
            annotation = next(a for a in get_args(annotation) if a is not type(None))
        key, values = get_args(annotation)
        key_ref = ref_of(key)
        if key_ref is None or get_origin(values) is not list:
            return {"widget": "hidden"}
        item_type = get_args(values)[0]
        item_schema = TypeAdapter(item_type).json_schema()
        item: dict[str, Any] = {"name": "eintrag", "label": PATTERN_LABELS.get(item_schema.get("pattern", ""), "Eintrag"), "widget": "string"}
        pattern = text_pattern(item_schema, check_message(item_type))
        if pattern:
            item["pattern"] = pattern
        per_key = {"widget": "list", "required": False, "label_singular": item["label"], "field": item}
        return {
            "widget": "lotse-section",
            "collapsed": True,
            "fields": [{"name": term_id, "label": label} | per_key for term_id, label in self.refs.get(key_ref, [])],
        }


# --- Collections ------------------------------------------------------------------------------


def id_field(kind: RecordKind) -> dict[str, Any]:
    """The file name of a new record: the id rule, and no id the site keeps for itself."""
    schema = TypeAdapter(records.Id).json_schema()
    regex, message = text_pattern(schema, check_message(records.Id)) or ["", ""]
    if kind.reserved:
        taken = "|".join(sorted(kind.reserved))
        regex = f"^(?!(?:{taken})$)" + regex.removeprefix("^")
        message += "; nicht erlaubt, weil die Website sie selbst nutzt: " + ", ".join(sorted(kind.reserved))
    return {
        "name": "id",
        "label": "Id (Dateiname)",
        "widget": "lotse-id",
        "required": True,  # an existing record's id is its file name (the widget shows it)
        "pattern": [regex, message],
        "hint": help_text(
            "Die Id ist der Dateiname und erscheint in der Adresse der Seite: Kleinbuchstaben a–z, Ziffern "
            "und einzelne Bindestriche, keine Umlaute (ü → ue), höchstens 80 Zeichen; nach dem Anlegen nicht mehr änderbar",
            ["cnc-grundkurs-2027"],
        ),
    }


def _record_fields(
    kind: RecordKind, refs: Mapping[str, list[tuple[str, str]]], examples: Mapping[str, Any] | None = None,
) -> list[dict[str, Any]]:
    making = Fields(refs, NEW_RECORD_DEFAULTS.get(kind.name, {}), field_paths(kind.model), examples or {})
    found = making.of(kind.model, top=True)
    # The record's own rules, checked on the whole entry: each at the first field it names.
    by_name = {f["name"]: f for f in found}
    for rule, checked in zip((r for r in getattr(kind.model, "rules", ()) if r.schema), making.rules(kind.model), strict=True):
        by_name[rule.fields[0]].setdefault("lotse_record_rules", []).append(checked)
    if kind.suffix == ".md":
        found.append({"name": BODY, "label": "Text der Seite", "hint": "Der Inhalt der Seite in Markdown.", "required": True} | markdown_widget())
    return found


def _display_field(kind: RecordKind) -> str:
    """The field that names a record in lists: its title or name."""
    keys = [spec.key for spec in fields(kind.model)]
    return next(key for key in ("title", "name", *keys) if key in keys)


def collection(kind: RecordKind, refs: Mapping[str, list[tuple[str, str]]], examples: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """One Decap collection for one kind of record, with its own file format (``lotse-<kind>``);
    ``examples``: the guide's own for the hints (``schema.guide_examples``)."""
    common = {
        "name": kind.name,
        "label": kind.plural,
        "label_singular": kind.noun,
        "description": form_about(kind.model),
        "format": f"lotse-{kind.name}",
        "extension": kind.suffix.lstrip("."),
        "editor": {"preview": kind.name == "offer"},
    }
    if not kind.many:
        single = {"name": kind.name, "label": kind.title.removeprefix("Lotse: "), "file": kind.path, "fields": _record_fields(kind, refs, examples)}
        return common | {"files": [single]}
    shown = _display_field(kind)
    out = common | {
        "folder": kind.path,
        "create": True,
        # Deleting would commit to the main branch at once, past review: records end with
        # ``expires`` or ``draft`` (docs/redaktion.md), files go by pull request.
        "delete": False,
        "identifier_field": "id",
        "slug": "{{slug}}",
        "summary": f"{{{{{shown}}}}} ({{{{filename}}}})",
        "sortable_fields": [shown, "updated"] if "updated" in {s.key for s in fields(kind.model)} else [shown],
        "fields": [id_field(kind), *_record_fields(kind, refs, examples)],
    }
    if kind.recursive:
        owner = next(spec.key for spec in fields(kind.model) if spec.ref == "providers" and spec.container is None)
        out["path"] = f"{{{{{owner}}}}}/{{{{slug}}}}"  # a new offer goes into its provider's folder, as with ``new``
    if kind.name in PAGES:
        out["preview_path"] = PAGES[kind.name]("{{filename}}")
    return out


def config(guide: Guide, backend: Backend, source: Path | None = None) -> dict[str, Any]:
    """The whole Decap configuration for the guide's current tree; with ``source``, its hints
    give the guide's own examples (a postal code and town of its first region, its area code)."""
    refs = choices(guide)
    examples = guide_examples(source, {"regions": [r.id for r in guide.regions]}) if source is not None else {}
    return {
        "backend": backend.config(),
        "publish_mode": "editorial_workflow",
        "locale": "de",
        "site_url": guide.urls.base_url,
        "display_url": guide.urls.base_url,
        # No uploads: the guide has no pictures, and the media library would commit past review.
        "media_library": {"name": "lotse-keine-medien"},
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "collections": [collection(kind, refs, examples) for kind in KINDS],
    }


def render_config(data: Mapping[str, Any]) -> str:
    head = "# Erzeugt mit „python build.py cms“ aus den Deklarationen in site_builder/records.py – nicht von Hand ändern.\n"
    return head + yaml.safe_dump(dict(data), allow_unicode=True, sort_keys=False, width=10_000, default_flow_style=False)


# --- What the preview shows -------------------------------------------------------------------


def _address(address: model.Address | None) -> dict[str, Any] | None:
    if address is None:
        return None
    return {"name": address.name, "street": address.street, "postal_code": address.postal_code, "city": address.city}


def preview_data(guide: Guide) -> dict[str, Any]:
    """Names, labels and addresses the preview of an offer needs besides the offer itself."""
    terms: dict[str, dict[str, dict[str, Any]]] = {
        kind: {t.id: {"label": t.label, "url": t.page_url} for t in getattr(guide, kind)} for kind in records.TERM_KINDS
    }
    for t in guide.funding:
        # An offer whose form, hours or times, or whose provider's certifications, visibly break
        # these does not inherit the programme from its provider (eligibility.course_breaks; the
        # preview checks the same).
        assert isinstance(t.record, records.FundingTerm)
        if t.record.course is not None:
            terms["funding"][t.id]["course"] = t.record.course.model_dump(mode="json", exclude_none=True)
        # Whom it fits, to order an offer's programmes by its audiences (eligibility.fit_rank).
        if t.record.for_:
            terms["funding"][t.id]["fit"] = eligibility.situation_fit(t.record)
    for a in guide.audiences:
        terms["audiences"][a.id]["situations"] = eligibility.situations_of([a.id])
    providers = {
        p.id: {
            "name": p.name, "url": p.page_url, "address": _address(p.address), "email": p.email, "phone": p.phone,
            # Its offers inherit these programmes while they hold (the preview checks the day itself).
            "recognitions": [{"funding": r.funding, "valid_until": r.valid_until and r.valid_until.isoformat()} for r in p.recognitions],
            # A programme that asks for a certification (course.certification) is judged on these.
            "certifications": list(p.certifications),
        }
        for p in guide.providers
    }
    return {
        "terms": terms,
        "providers": providers,
        # The dates of each list of an offer that must come in order (records.Before).
        "order": {spec.key: date_order(spec.model) for spec in fields(records.Offer) if spec.model is not None and date_order(spec.model)},
        "labels": {name: dict(labels) for name, labels in VALUE_LABELS.items()},
        "languages": dict(GERMAN_NAMES),
        "links": {
            "leichte_sprache": guide.urls.link(urls.LEICHTE_SPRACHE),
            "employers": guide.urls.link(urls.EMPLOYERS),
            # macros.map_link's address: a link the preview shows, kept out of Lotse's scripts, which load nothing from elsewhere.
            "map_search": "https://www.openstreetmap.org/search?query=",
            "stylesheet": guide.urls.link(urls.asset("lotse.css")),
            # Whether pages offer "Angaben nicht mehr aktuell? Melden" (macros.report_link).
            "report": bool(guide.site.issue_form or (guide.site.contact and guide.site.contact.email)),
        },
    }


# What the id field says of an id another file already has (validation refuses two files with
# one id, also in different providers' folders, which the editor does not see).
TAKEN = "„{id}“ gibt es schon ({path}); Ids müssen eindeutig sein: bitte eine andere wählen"


def taken_ids(source: Path) -> dict[str, dict[str, str]]:
    """The file of every id of each folder kind, by collection: a new record may not take one."""
    return {
        kind.name: {path.stem: path.relative_to(source).as_posix() for path in sorted(source.glob(kind.glob)) if path.is_file()}
        for kind in KINDS
        if kind.many
    }


def lotse_data(guide: Guide, source: Path) -> dict[str, Any]:
    """What Lotse's scripts read besides the configuration (``lotse.json``)."""
    # ``prefilled``: the comment ``new`` marks its suggestions with; saving in the form confirms them.
    return {
        "id_pattern": records.ID_PATTERN, "body": BODY, "prefilled": PREFILLED, "preview": preview_data(guide),
        "taken": taken_ids(source), "taken_message": TAKEN,
    }


# --- The editor's folder ----------------------------------------------------------------------


def policy(backend: Backend) -> str:
    """The page's Content-Security-Policy: scripts only from the site (the bundle compiles its
    config checks, hence eval), connections only to the site and the git host."""
    parts = {
        "default-src": ["'self'"],
        "script-src": ["'self'", "'unsafe-eval'"],
        "style-src": ["'self'", "'unsafe-inline'"],  # the editor's styles are made at runtime
        "img-src": ["'self'", "data:", "blob:", *backend.images()],
        "connect-src": ["'self'", *backend.connects()],
        "font-src": ["'self'", "data:"],
        "frame-src": ["'self'", "blob:"],
        "worker-src": ["'self'", "blob:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'none'"],
    }
    return "; ".join(f"{name} {' '.join(values)}" for name, values in parts.items())


def index_html(guide: Guide, backend: Backend) -> str:
    title = f"Redaktion – {guide.site.title}"
    return f"""<!doctype html>
<html lang="de">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<meta http-equiv="Content-Security-Policy" content="{policy(backend)}">
<title>{_escape(title)}</title>
<link rel="icon" href="{_escape(guide.urls.link(urls.asset("favicon.svg")))}">
<script src="lotse-start.js"></script>
<script src="decap-cms.js"></script>
<script type="module" src="lotse-cms.js"></script>
</head>
<body>
<noscript>Die Redaktion im Browser braucht JavaScript.</noscript>
</body>
</html>
"""


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def node_modules(source: Path) -> Path:
    """Where the npm packages are: the guide's own ``cms/`` (installed by its workflow from its
    ``cms/package-lock.json``, see ``lotse init``), else this checkout's (``setup.sh --cms``)."""
    own = source / "cms" / "node_modules"
    return own if (own / "decap-cms").is_dir() else NODE_MODULES


def bundle_files(source: Path) -> Iterator[tuple[Path, str]]:
    """(file, name in the editor's folder) of everything taken from npm."""
    modules = node_modules(source)
    dist = modules / "decap-cms" / "dist"
    parser = modules / "yaml" / "browser" / "dist"
    if not (dist / "decap-cms.js").is_file() or not parser.is_dir():
        raise UsageError(
            f"Decap CMS fehlt in {source / 'cms' / 'node_modules'}; einmal installieren mit: npm ci --prefix cms "
            "(in Lotses eigenem Repository: bash scripts/setup.sh --cms)"
        )
    for path in sorted(dist.iterdir()):
        if path.name.endswith(("decap-cms.js", ".wasm")):
            yield path, path.name
    for path in sorted(parser.rglob("*.js")):
        yield path, "yaml/" + path.relative_to(parser).as_posix()
    # The licences travel with the code: Decap's notices of what its bundle contains, yaml's own.
    yield dist / "decap-cms.js.LICENSE.txt", "lizenzen/decap-cms.txt"
    yield modules / "yaml" / "LICENSE", "lizenzen/yaml.txt"


def editor_files(source: Path, guide: Guide, backend: Backend) -> dict[str, bytes | Path]:
    """Every file of the editor's folder, by name: generated text or a file to copy."""
    files: dict[str, bytes | Path] = {name: path for path, name in bundle_files(source) if path.is_file()}
    files.update({path.name: path for path in sorted(OWN_FILES.iterdir()) if path.is_file()})
    files["config.yml"] = render_config(config(guide, backend, source)).encode()
    files["lotse.json"] = (json.dumps(lotse_data(guide, source), ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode()
    files["index.html"] = index_html(guide, backend).encode()
    return files


def is_editor(folder: Path) -> bool:
    """Whether ``folder`` holds an editor this command wrote (its configuration, its data and
    Lotse's script for it), which ``cms`` may replace."""
    return all((folder / name).is_file() for name in ("config.yml", "lotse.json", "lotse-cms.js"))


def write_editor(source: Path, out: Path, backend: Backend, base_url: str | None = None) -> int:
    """Write the editor into ``out`` (replaced as a whole); returns the number of files."""
    backend.check()
    guide = load_guide(source, base_url=base_url)
    files = editor_files(source, guide, backend)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".admin-", dir=out.parent))
    try:
        for name, content in files.items():
            target = staging / name
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, Path):
                shutil.copyfile(content, target)
            else:
                target.write_bytes(content)
        if out.exists():
            shutil.rmtree(out)
        staging.rename(out)
    finally:
        if staging.exists():
            shutil.rmtree(staging)
    return len(files)


# --- Command ----------------------------------------------------------------------------------


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "Schreibt die Redaktion im Browser (Decap CMS) in einen Ordner, der unter /admin/ der Website "
        "liegt: Konfiguration aus den Deklarationen, Auswahllisten aus content/taxonomies.yaml und den "
        "Anbietern, das CMS selbst aus npm. Jedes Speichern wird ein Pull Request, den die Prüfung wie "
        "jeden anderen prüft. Nach jedem Bauen erneut ausführen (ein Bau ersetzt den ganzen "
        "Ausgabeordner) – so sind auch neue Anbieter und Wortlisten-Einträge in den Auswahllisten."
    )
    parser.add_argument("--source", type=Path, default=Path("."), metavar="DIR", help="Inhaltsverzeichnis (Standard: .)")
    parser.add_argument("--out", type=Path, default=Path("_site") / "admin", metavar="DIR", help="Zielordner (Standard: _site/admin)")
    parser.add_argument("--base-url", type=base_url, metavar="URL", help="öffentliche Adresse wie beim Bauen (Standard: base_url aus site.yaml)")
    parser.add_argument("--repo", metavar="BESITZER/NAME", help="GitHub-Repository des Weiterbildungsfinders")
    parser.add_argument("--branch", default="main", help="Hauptzweig, in den veröffentlicht wird (Standard: main)")
    parser.add_argument("--auth-url", metavar="URL", help="Anmeldedienst (OAuth) für GitHub, z. B. https://anmeldung.example.org/auth")
    parser.add_argument(
        "--local-proxy", metavar="URL",
        help="statt GitHub ein Git-Repository auf diesem Rechner über decap-server, z. B. http://127.0.0.1:8081/api/v1",
    )


def run(args: argparse.Namespace) -> int:
    source = source_dir(args.source)
    out = args.out.resolve()
    if out == source or out in source.parents or any(out == source / name or source / name in out.parents for name in ("offers", "content", "templates")):
        raise UsageError(f"Zielordner {out} ist ungeeignet: er darf weder die Inhalte enthalten noch in ihnen liegen")
    # The folder is replaced as a whole: only a new or empty one, or an editor written before.
    out = output_dir(source, str(args.out), previous=is_editor)
    backend = Backend(repo=args.repo, branch=args.branch, auth_url=args.auth_url, proxy=args.local_proxy)
    count = write_editor(source, out, backend, args.base_url)
    where = backend.proxy or f"GitHub {backend.repo}"
    print(f"Redaktion im Browser: {count} Dateien → {out} (speichert über {where}, Zweig {backend.branch})", file=sys.stdout)
    return 0
