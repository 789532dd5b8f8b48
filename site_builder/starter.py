"""``lotse init DIR [--name …]``: a new guide repository, ready for GitHub.

A region adopts Lotse by installing it and starting a repository of its own, not by forking
Lotse. The new tree validates and builds as it is (empty vocabularies, one editorial page),
and carries what a team needs around the content: a German README for editors, VS Code
settings and schemas, GitHub workflows that check pull requests and publish daily (with the
Lotse version pinned in requirements.txt), a pull request checklist, an issue form for
visitors' reports and CODEOWNERS.

The files come from ``starter-files/`` (stored without leading dots, which package data
leaves out); the few values that differ per guide are filled in, nothing else is generated
here. Existing files are never overwritten: when any would be, nothing is written.
"""

from __future__ import annotations

import argparse
import functools
import json
import re
import shlex
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

from . import __version__
from .kinds import KINDS
from .options import UsageError, program
from .owners import TARGET as CODEOWNERS
from .owners import codeowners, read_owners
from .records import base_url_problem
from .schema import generate, render, vscode_yaml_schemas

HELP = "neuen Weiterbildungsfinder anlegen: eigenes Repository mit Inhalten, Workflows und Anleitung"

STARTER = Path(__file__).resolve().parent / "starter-files"
# Stored names -> names in the new guide (package data cannot hold names starting with a dot).
RENAMED = {"gitignore": ".gitignore", "github": ".github"}
# Folders of records the new guide starts without: kept in git by an empty hidden file.
EMPTY_FOLDERS = tuple(k.path for k in KINDS if k.many and not (STARTER / k.path).is_dir())
DEFAULT_BASE_URL = "https://weiterbildung.example.org/"
ISSUE_FORM_COMMENT = (
    "# Meldungen „Angaben nicht mehr aktuell“ über GitHub statt per E-Mail: das Formular in\n"
    "# .github/ISSUE_TEMPLATE/angaben-melden.yml, z. B.\n"
    "# issue_form: https://github.com/organisation/repository/issues/new?template=angaben-melden.yml"
)


@dataclass(frozen=True)
class Settings:
    name: str
    base_url: str
    engine: str  # the pip requirement the workflows install
    repository: str | None  # owner/name on GitHub, for the issue form

    def fill(self, text: str) -> str:
        issue_form = ISSUE_FORM_COMMENT
        if self.repository:
            issue_form = (
                "# Meldungen „Angaben nicht mehr aktuell“ gehen an dieses Formular (.github/ISSUE_TEMPLATE/).\n"
                f"issue_form: https://github.com/{self.repository}/issues/new?template=angaben-melden.yml"
            )
        values = {
            "NAME": self.name,
            "NAME_YAML": json.dumps(self.name, ensure_ascii=False),  # a JSON string is a YAML string
            "BASE_URL_YAML": json.dumps(self.base_url),
            "LOTSE": self.engine,
            "VERSION": __version__,
            "ISSUE_FORM": issue_form,
        }
        return re.sub(r"%%([A-Z_]+)%%", lambda m: values[m.group(1)], text)


def starter_files() -> dict[str, Path]:
    """Target path in the new guide -> stored file."""
    found = {}
    for path in sorted(STARTER.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            parts = list(path.relative_to(STARTER).parts)
            parts[0] = RENAMED.get(parts[0], parts[0])
            found["/".join(parts)] = path
    return found


@functools.cache
def starter_banner() -> str:
    """The banner ``init`` writes into site.yaml ("…ist im Aufbau"): while a guide shows it
    unchanged, the maintenance report asks to take it down."""
    text = Settings("", DEFAULT_BASE_URL, "", None).fill((STARTER / "site.yaml").read_text(encoding="utf-8"))
    return str(yaml.safe_load(text)["banner"])


def guide_files(settings: Settings) -> dict[str, str]:
    """Every file of a new guide, by path, with its text."""
    files = {target: settings.fill(stored.read_text(encoding="utf-8")) for target, stored in starter_files().items()}
    files.update({f"{folder}/.gitkeep": "" for folder in EMPTY_FOLDERS})
    return files


def _derived_files(target: Path) -> dict[str, str]:
    """Files made from the written content: schemas, editor settings, CODEOWNERS."""
    schemas, problems = generate(target)
    assert not problems, problems  # the starter's own taxonomies.yaml: a bug if unreadable
    files = {f"schemas/{name}": render(schema) for name, schema in schemas.items()}
    settings = {
        "yaml.schemas": vscode_yaml_schemas(),
        "yaml.yamlVersion": "1.2",
        "yaml.validate": True,
        "yaml.completion": True,
        "[yaml]": {"editor.tabSize": 2, "editor.insertSpaces": True},
        "files.encoding": "utf8",
    }
    files[".vscode/settings.json"] = json.dumps(settings, ensure_ascii=False, indent=2) + "\n"
    files[".vscode/extensions.json"] = json.dumps({"recommendations": ["redhat.vscode-yaml"]}, indent=2) + "\n"
    owners, _ = read_owners(target)
    files[CODEOWNERS.as_posix()] = codeowners(owners)
    return files


def create(target: Path, settings: Settings) -> list[str]:
    """Write a new guide into ``target`` (new or without any of its files); returns the paths."""
    files = guide_files(settings)
    taken = sorted(path for path in [*files, *_DERIVED] if (target / path).exists())
    if taken:
        shown = ", ".join(taken[:5]) + (f" und {len(taken) - 5} weitere" if len(taken) > 5 else "")
        raise UsageError(f"in {target} gibt es schon {shown}; nichts geschrieben. Bitte einen neuen oder leeren Ordner wählen")
    for path, text in files.items():
        _write(target / path, text)
    derived = _derived_files(target)
    for path, text in derived.items():
        _write(target / path, text)
    return sorted([*files, *derived])


# Derived files, known before they are made, so that a conflict is found before anything is written.
_DERIVED = (".vscode/settings.json", ".vscode/extensions.json", CODEOWNERS.as_posix(), "schemas")


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _repository(value: str) -> str:
    if not re.fullmatch(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})/[A-Za-z0-9._-]{1,100}", value):
        raise argparse.ArgumentTypeError(f"kein GitHub-Repository der Form organisation/name: {value!r}")
    return value


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "Legt einen neuen Weiterbildungsfinder an: site.yaml, leere Wortlisten mit Beispielen, Inhaltsordner, "
        "eine Anleitung für die Redaktion, VS-Code-Einstellungen, Schemas und GitHub-Workflows "
        "(Prüfen, täglich Veröffentlichen) mit fester Lotse-Version. Vorhandene Dateien werden nie überschrieben."
    )
    parser.add_argument("dir", type=Path, metavar="DIR", help="Ordner des neuen Finders (neu oder leer)")
    parser.add_argument("--name", default="Weiterbildungsfinder", help="Name der Website (Standard: Weiterbildungsfinder)")
    parser.add_argument("--base-url", default=DEFAULT_BASE_URL, metavar="URL", help=f"öffentliche Adresse (Standard: {DEFAULT_BASE_URL})")
    parser.add_argument("--repository", type=_repository, metavar="ORG/NAME", help="GitHub-Repository des Finders: Meldungen gehen dann an sein Issue-Formular")
    parser.add_argument(
        "--engine", metavar="PAKET",
        help=(
            "woher die Workflows Lotse installieren (requirements.txt), z. B. "
            f"'lotse @ git+https://github.com/ORG/lotse@v{__version__}' oder die Adresse einer Wheel-Datei; "
            "Standard: die Quelle, aus der dieses Lotse installiert ist, wenn sie öffentlich ist"
        ),
    )


# On PyPI another project is called "lotse": a bare name or version installs it, not this tool.
BARE_NAME = re.compile(r"^\s*lotse\s*(\[[^\]]*\])?\s*(?:[=<>!~]=?[^@]*)?$", re.IGNORECASE)


def installed_source() -> str | None:
    """Where this Lotse was installed from, as a pip requirement, if anyone else can install it
    from there too: a git repository at the installed commit, or a wheel's https address (the
    installer's record, PEP 610). None for a local file, folder or an editable install."""
    from importlib import metadata

    try:
        record = json.loads(metadata.distribution("lotse").read_text("direct_url.json") or "null")
    except (metadata.PackageNotFoundError, ValueError):
        return None
    if not isinstance(record, dict) or not str(record.get("url", "")).startswith("https://"):
        return None
    url = str(record["url"])
    vcs = record.get("vcs_info")
    if isinstance(vcs, dict):
        if vcs.get("vcs") != "git" or not vcs.get("commit_id"):
            return None
        return f"lotse @ git+{url}@{vcs['commit_id']}"
    if isinstance(record.get("archive_info"), dict):
        return f"lotse @ {url}"
    return None


def engine_requirement(given: str | None) -> str:
    """The line of the new guide's requirements.txt (``--engine`` or ``installed_source``).

    A bare "lotse==…" is refused: pip would take it from PyPI, where the name belongs to
    another project, and run that project's code in the guide's workflows with their token."""
    if given is not None:
        given = given.strip()
        if BARE_NAME.match(given):
            raise UsageError(
                f"--engine {given!r} nennt nur Name und Version: pip lädt das von PyPI, wo ein fremdes Paket „lotse“ "
                f"heißt. Bitte die Quelle nennen, z. B. --engine 'lotse @ git+https://github.com/ORG/lotse@v{__version__}' "
                "oder die https-Adresse einer Wheel-Datei."
            )
        if not given or "\n" in given:
            raise UsageError("--engine muss eine Zeile für requirements.txt sein")
        return given
    found = installed_source()
    if found is None:
        raise UsageError(
            "Woher sollen die Workflows des neuen Finders Lotse installieren? Dieses Lotse ist aus einer lokalen Datei "
            f"oder einem Ordner installiert. Bitte --engine angeben, z. B. --engine 'lotse @ git+https://github.com/ORG/lotse@v{__version__}' "
            "oder die https-Adresse einer Wheel-Datei (ein bloßes 'lotse==…' lädt von PyPI ein fremdes Paket gleichen Namens)."
        )
    return found


def run(args: argparse.Namespace) -> int:
    name = " ".join(str(args.name).split())
    if not 1 <= len(name) <= 120:
        raise UsageError("--name muss 1–120 Zeichen lang sein (der Titel der Website)")
    problem = base_url_problem(args.base_url)
    if problem is not None:
        raise UsageError(f"--base-url {args.base_url!r} {problem}")
    base_url = args.base_url if args.base_url.endswith("/") else args.base_url + "/"
    target: Path = args.dir
    if target.exists() and not target.is_dir():
        raise UsageError(f"{target} ist eine Datei, kein Ordner")
    engine = engine_requirement(args.engine)
    written = create(target, Settings(name, base_url, engine, args.repository))
    print(f"Neuer Weiterbildungsfinder „{name}“ in {target}: {len(written)} Dateien.")
    print("Als Nächstes (siehe README.md dort):")
    print(f"  cd {target} && git init && git add -A && git commit -m \"Neuer Weiterbildungsfinder\"")
    if program() == "lotse":
        prog, source = "lotse", ""
    else:
        # Called in a checkout of the engine: the new guide has no build.py of its own, so the
        # hint names this one and the guide's folder (or the guide's own way, in its README).
        prog = f"python {Path(sys.argv[0]).resolve()}"
        source = f" --source {shlex.quote(str(target.resolve()))}"
    print(f"  {prog} serve{source}    Vorschau" + ("" if source else " (im Ordner des Finders)"))
    print(f"  {prog} new provider ID{source}    ersten Anbieter anlegen (vorher Themen und Regionen in content/taxonomies.yaml)")
    if source:
        print("  oder im Ordner des Finders mit der Lotse-Fassung aus requirements.txt: python3 -m venv .venv && "
              ".venv/bin/pip install -r requirements.txt, dann .venv/bin/lotse serve")
    return 0

