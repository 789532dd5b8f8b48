"""Reading the declarations in ``records``: one walker over the pydantic models.

Validation messages (which fields a section may have), the field reference, ``new``, the
housekeeping report (which references a record makes) and the CMS configuration all ask the
models the same questions; they ask here.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated, Any, get_args, get_origin

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from . import records


@dataclass(frozen=True)
class FieldSpec:
    """One field of a record type as editors write it."""

    name: str  # the attribute
    key: str  # the YAML key (the alias where one is set: ``from`` for ``opens``)
    info: FieldInfo
    model: type[BaseModel] | None  # the section it holds (alone, in a list or as map values)
    container: str | None  # "list" or "map" when it holds several values
    ref: str | None  # the reference kind (``records.VOCABULARIES``) of its values, if any

    @property
    def required(self) -> bool:
        return self.info.is_required()

    @property
    def description(self) -> str:
        return (self.info.description or "").strip()

    @property
    def examples(self) -> list[Any]:
        return list(self.info.examples or [])

    @property
    def help(self) -> str:
        return help_text(self.description, self.examples)

    def form_help(self, examples: list[Any] | None = None) -> str:
        """The help as the browser editor's form says it (``records.described``); ``examples``:
        the guide's own in place of the declared ones (``schema.guide_examples``)."""
        return help_text(records.form_text(self.description), self.examples if examples is None else examples)


def help_text(description: str, examples: list[Any] | None) -> str:
    """A field's description with its examples, as editors read it in comments and docs:
    "Ort, z. B. „Esslingen am Neckar“."."""
    if not examples:
        return description
    shown = " oder ".join(_example_text(example) for example in examples)
    return f"{description.rstrip('.')}, z. B. {shown}."


def _example_text(example: Any) -> str:
    if isinstance(example, list):  # a list field's example: its items
        return ", ".join(_item_text(item) for item in example)
    return str(example) if isinstance(example, (int, float)) else f"„{example}“"


def _item_text(item: Any) -> str:
    return "[" + ", ".join(map(_item_text, item)) + "]" if isinstance(item, list) else str(item)


def _options(annotation: Any) -> Any:
    """``X | None`` -> ``X``; anything else as it is."""
    args = [a for a in get_args(annotation) if a is not type(None)]
    if get_origin(annotation) not in (list, dict, Annotated) and len(args) == 1 and type(None) in get_args(annotation):
        return args[0]
    return annotation


def ref_of(annotation: Any) -> str | None:
    """The reference kind an annotated value is checked against (``TopicRef`` -> ``topics``)."""
    if get_origin(annotation) is Annotated:
        for meta in get_args(annotation)[1:]:
            check = getattr(meta, "func", None)
            if isinstance(check, records.Ref):
                return check.kind
    return None


def _strip(annotation: Any) -> Any:
    annotation = _options(annotation)
    while get_origin(annotation) is Annotated:
        annotation = _options(get_args(annotation)[0])
    return annotation


def _shape(annotation: Any) -> tuple[type[BaseModel] | None, str | None, str | None]:
    """(section model, container, reference kind) of a field's annotation."""
    annotation = _options(annotation)
    bare = _strip(annotation)
    container = None
    item: Any = annotation
    if get_origin(bare) is list:
        container, item = "list", get_args(bare)[0]
    elif get_origin(bare) is dict:
        container, item = "map", get_args(bare)[1]
    ref = ref_of(_options(item))
    inner = _strip(item)
    model = inner if isinstance(inner, type) and issubclass(inner, BaseModel) else None
    return model, container, ref


@functools.cache
def fields(model: type[BaseModel]) -> tuple[FieldSpec, ...]:
    """The fields of ``model`` in declaration order."""
    specs = []
    for name, info in model.model_fields.items():
        annotation = Annotated[(info.annotation, *info.metadata)] if info.metadata else info.annotation
        section, container, ref = _shape(annotation)
        specs.append(FieldSpec(name, info.alias or name, info, section, container, ref))
    return tuple(specs)


def by_key(model: type[BaseModel]) -> dict[str, FieldSpec]:
    return {spec.key: spec for spec in fields(model)}


def section_at(model: type[BaseModel], loc: tuple[Any, ...]) -> type[BaseModel] | None:
    """The model of the section at ``loc`` below ``model`` (list indices and map keys skipped)."""
    current: type[BaseModel] | None = model
    expect_key = False  # inside a map, the next part is a key, not a field
    for part in loc:
        if current is None:
            return None
        if isinstance(part, int) or expect_key:
            expect_key = False
            continue
        spec = by_key(current).get(part)
        if spec is None:
            return None
        current = spec.model
        expect_key = spec.container == "map"
    return current


def keys_at(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """The keys a mapping at ``loc`` below ``model`` may have, sorted."""
    section = section_at(model, loc)
    return sorted(by_key(section)) if section is not None else []


def nested_models(model: type[BaseModel]) -> Iterator[type[BaseModel]]:
    """``model`` and every model its fields contain, each once."""
    seen: set[type[BaseModel]] = set()
    todo = [model]
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        yield current
        todo.extend(spec.model for spec in fields(current) if spec.model is not None)


def references(record: BaseModel) -> Iterator[tuple[str, str]]:
    """Every (reference kind, id) a validated record refers to, nested sections included."""
    for spec in fields(type(record)):
        value = getattr(record, spec.name)
        if value is None:
            continue
        values = value if spec.container == "list" else value.values() if spec.container == "map" else [value]
        if spec.container == "map" and isinstance(value, dict):
            key_ref = ref_of(_options(get_args(_strip(spec.info.annotation))[0]))
            if key_ref is not None:
                yield from ((key_ref, key) for key in value)
        for item in values:
            if spec.ref is not None:
                yield spec.ref, item
            elif isinstance(item, BaseModel):
                yield from references(item)


def annotation_of(spec: FieldSpec) -> Any:
    info = spec.info
    return Annotated[(info.annotation, *info.metadata)] if info.metadata else info.annotation


def value_type(annotation: Any) -> Any:
    """The annotation of one value: without ``| None`` and without the list or mapping around it."""
    while True:
        origin, args = get_origin(annotation), [a for a in get_args(annotation) if a is not type(None)]
        if origin is Annotated or not args:
            return annotation
        if origin in (list, dict):
            annotation = args[-1]
        elif len(args) == 1:
            annotation = args[0]
        else:
            return annotation


def is_markdown(spec: FieldSpec) -> bool:
    """Whether the field holds Markdown (``records.Markdown``), which the site shows as HTML."""
    return bool(value_type(annotation_of(spec)) == records.Markdown)


@functools.cache
def _with_markdown(model: type[BaseModel]) -> tuple[FieldSpec, ...]:
    """The fields of ``model`` that hold Markdown, or sections that do."""
    def holds(section: type[BaseModel]) -> bool:
        return any(is_markdown(spec) for inner in nested_models(section) for spec in fields(inner))

    return tuple(spec for spec in fields(model) if is_markdown(spec) or (spec.model is not None and holds(spec.model)))


def markdown_texts(record: BaseModel, loc: tuple[str | int, ...] = ()) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """(place, text) of every Markdown field a validated record fills, nested sections included."""
    for spec in _with_markdown(type(record)):
        value = getattr(record, spec.name)
        if value is None:
            continue
        items = enumerate(value) if spec.container == "list" else value.items() if spec.container == "map" else [(None, value)]
        for key, item in items:
            place = (*loc, spec.key) if key is None else (*loc, spec.key, key)
            if isinstance(item, BaseModel):
                yield from markdown_texts(item, place)
            elif isinstance(item, str):
                yield place, item


@functools.cache
def _has_rules(model: type[BaseModel]) -> bool:
    """Whether ``model`` or a section inside it declares ``records.Rule``s."""
    return any(getattr(m, "rules", ()) for m in nested_models(model))


def sections_with_rules(model: type[BaseModel], data: Any, loc: tuple[Any, ...] = ()) -> Iterator[tuple[type[BaseModel], tuple[Any, ...], dict[str, Any]]]:
    """(model, place, raw mapping) of every section of raw ``data`` whose model has rules."""
    if not isinstance(data, dict) or not _has_rules(model):
        return
    if getattr(model, "rules", ()):
        yield model, loc, data
    for spec in fields(model):
        value = data.get(spec.key)
        if spec.model is None or value is None:
            continue
        if spec.container == "list" and isinstance(value, list):
            items: Any = enumerate(value)
        elif spec.container == "map" and isinstance(value, dict):
            items = value.items()
        elif spec.container is None:
            items = [(None, value)]
        else:
            continue
        for key, item in items:
            yield from sections_with_rules(spec.model, item, (*loc, spec.key) if key is None else (*loc, spec.key, key))
