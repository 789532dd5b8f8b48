"""``lotse owners``: .github/CODEOWNERS from the maintainers named in the content.

Partner organisations maintain their own offers: a provider names its maintainers (GitHub
accounts ``@name`` or teams ``@organisation/team``), site.yaml names the editorial team that
maintains everything. GitHub asks a file's code owners to approve a pull request that touches
it (with "Require review from Code Owners" in the branch protection), so the file written here
makes each partner the reviewer of its provider file and its offers, next to the editors.

The last matching line of CODEOWNERS wins; so every line names the editors as well, and the
editors' catch-all line comes first.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .kinds import kind
from .load import load_sources
from .options import program, source_dir
from .problems import Problem, format_problems
from .validate import folder_provider

HELP = "Datei .github/CODEOWNERS aus den maintainers der Anbieter und der Redaktion (site.yaml) schreiben"

TARGET = Path(".github") / "CODEOWNERS"
OFFERS = kind("offer").path  # offers/<provider>/… when folders are named by provider


@dataclass
class Owners:
    """Who maintains what, as named in one state of the content."""

    editors: list[str] = field(default_factory=list)  # site.yaml maintainers
    providers: dict[str, list[str]] = field(default_factory=dict)  # provider id -> its maintainers
    names: dict[str, str] = field(default_factory=dict)  # provider id -> name, for comments
    offers: dict[str, str] = field(default_factory=dict)  # offer file -> provider id

    @property
    def configured(self) -> bool:
        return bool(self.editors) or any(self.providers.values())


def handles(value: Any) -> list[str]:
    """The handles of a ``maintainers`` list as written, in order, without repeats."""
    if not isinstance(value, list):
        return []
    return list(dict.fromkeys(h.strip() for h in value if isinstance(h, str) and h.strip()))


def read_owners(source: Path) -> tuple[Owners, list[Problem]]:
    """Maintainers and offer files of the tree at ``source``, from the raw files (a tree with
    content errors still has owners; ``validate`` reports the errors)."""
    sources = load_sources(source)
    owners = Owners()
    if sources.site is not None:
        owners.editors = handles(sources.site.data.get("maintainers"))
    for doc in sources.providers:
        owners.providers[doc.stem] = handles(doc.data.get("maintainers"))
        name = doc.data.get("name")
        owners.names[doc.stem] = name.strip() if isinstance(name, str) else doc.stem
    for doc in sources.offers:
        provider = doc.data.get("provider")
        if isinstance(provider, str):
            owners.offers[doc.path] = provider
    return owners, sources.problems


def codeowners(owners: Owners) -> str:
    """The text of .github/CODEOWNERS: the editors own everything, each partner its part."""
    prog = program()
    lines = [
        "# Wer welche Dateien pflegt. GitHub bittet bei jedem Pull Request diese Konten und Teams",
        "# um Freigabe (Branch-Schutz: „Require review from Code Owners“).",
        f"# Erzeugt mit `{prog} owners` aus maintainers in site.yaml (Redaktion) und in",
        f"# content/providers/*.yaml (Anbieter). Bitte dort ändern und `{prog} owners` ausführen.",
    ]
    editors = owners.editors
    if editors:
        lines += ["", "# Redaktion: alles", f"* {' '.join(editors)}"]
    for pid in sorted(owners.providers):
        maintainers = owners.providers[pid]
        if not maintainers:
            continue
        who = " ".join(dict.fromkeys([*editors, *maintainers]))
        lines += ["", f"# {owners.names.get(pid, pid)}", f"/{kind('provider').file(pid)} {who}", f"/{OFFERS}/{pid}/ {who}"]
        # Offers of this provider filed elsewhere (not in offers/<provider>/) are named one by one.
        lines += [f"/{path} {who}" for path, provider in sorted(owners.offers.items()) if provider == pid and folder_provider(path, owners.providers) is None]
    return "\n".join(lines) + "\n"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "Schreibt .github/CODEOWNERS: die Redaktion (maintainers in site.yaml) pflegt alles, jeder Anbieter "
        "mit maintainers seine Datei in content/providers/ und seine Angebote. Mit --check wird nur verglichen."
    )
    parser.add_argument("--source", type=Path, default=Path("."), metavar="DIR", help="Inhaltsverzeichnis (Standard: .)")
    parser.add_argument("--out", type=Path, default=None, metavar="FILE", help="Zieldatei (Standard: .github/CODEOWNERS im Inhaltsverzeichnis)")
    parser.add_argument("--check", action="store_true", help="nichts schreiben; Exit-Code 1, wenn die Datei nicht mehr passt")
    parser.add_argument("--format", choices=("text", "github"), default="text", help="Ausgabe für --check (github: Workflow-Anmerkung)")


def run(args: argparse.Namespace) -> int:
    source = source_dir(args.source)
    out: Path = args.out if args.out is not None else source / TARGET
    owners, problems = read_owners(source)
    if problems:
        print(format_problems(problems, "text"), file=sys.stderr)
        print(f"CODEOWNERS nicht geschrieben: erst die Dateien reparieren ({program()} validate).", file=sys.stderr)
        return 1
    text = codeowners(owners)
    current = out.read_text(encoding="utf-8") if out.is_file() else None
    shown = out.relative_to(source).as_posix() if out.is_relative_to(source) else str(out)
    if args.check:
        if current == text:
            print(f"{shown} passt zu den maintainers.")
            return 0
        message = f"{shown} passt nicht zu den maintainers in site.yaml und content/providers/; neu erzeugen mit: {program()} owners"
        print(Problem(shown, 1, 1, "", message).github() if args.format == "github" else f"Fehler: {message}")
        return 1
    if current != text:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
    partners = sum(1 for m in owners.providers.values() if m)
    print(f"{shown} geschrieben: Redaktion {' '.join(owners.editors) or '(keine)'}, {partners} Anbieter mit maintainers.")
    return 0
