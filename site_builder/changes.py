"""``lotse check-changes --base REF``: may the author of a pull request change what it changes?

Partners own their offers (``maintainers`` of a provider, see ``owners``). This check compares
the pull request with its base (``git diff REF...HEAD``) and fails, with one German line per
file, when the author changes

- an offer of a provider the author does not maintain (before or after the change: moving an
  offer to another provider touches both), or a provider's own file;
- an offer whose provider differs from the provider its folder is named after.

Who maintains what is read from the base, never from the pull request itself: adding oneself
to ``maintainers`` takes effect once the editors have merged it. The editorial team
(``maintainers`` in site.yaml) may change everything. A tree without any maintainers has
nothing to enforce. Teams (``@organisation/team``) count when the author's teams are given
(``--author-teams``); otherwise a change that only a team could allow is left to the code
owners' review on GitHub, and said so.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from .kinds import RecordKind, kind
from .load import parse_yaml
from .options import UsageError, source_dir
from .owners import Owners, handles
from .problems import Problem, format_problems
from .validate import folder_provider, misfiled

HELP = "Pull Request prüfen: ändert jemand Angebote eines Anbieters, den er nicht pflegt?"

OFFERS, PROVIDERS = kind("offer"), kind("provider")


def _is(record_kind: RecordKind, path: str) -> bool:
    """Whether ``path`` is a file of ``record_kind`` (offers in subfolders too)."""
    folder, _, name = path.rpartition("/")
    inside = folder == record_kind.path or (record_kind.recursive and folder.startswith(record_kind.path + "/"))
    return inside and name.endswith(record_kind.suffix)


@dataclass
class Change:
    status: str  # A, M, D, R, C, T (git diff --name-status)
    old: str | None  # path in the base (None when added)
    new: str | None  # path in the head (None when deleted)


@dataclass
class Verdict:
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


class Git:
    """The few git questions the check asks, in the repository that holds the content tree."""

    def __init__(self, source: Path):
        self.source = source
        top = self._run("rev-parse", "--show-toplevel", cwd=source).strip()
        self.top = Path(top).resolve()
        prefix = source.resolve().relative_to(self.top).as_posix()
        self.prefix = "" if prefix == "." else prefix + "/"

    def _run(self, *args: str, cwd: Path | None = None) -> str:
        try:
            done = subprocess.run(["git", *args], cwd=cwd or self.top, capture_output=True, text=True, check=False)
        except FileNotFoundError:
            raise UsageError("git ist nicht installiert; check-changes vergleicht Git-Stände") from None
        if done.returncode != 0:
            raise UsageError(f"git {' '.join(args)} ist fehlgeschlagen: {done.stderr.strip() or done.stdout.strip()}")
        return done.stdout

    def verify(self, ref: str) -> None:
        if ref.startswith("-"):
            raise UsageError(f"ungültiger Git-Stand: {ref!r}")
        try:
            self._run("rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
        except UsageError:
            raise UsageError(
                f"Git-Stand {ref!r} nicht gefunden. Im Workflow braucht actions/checkout dafür fetch-depth: 0; "
                "lokal z. B. --base origin/main nach git fetch"
            ) from None

    def changes(self, base: str, head: str) -> list[Change]:
        """Files changed between the merge base of ``base`` and ``head``, and ``head``."""
        out = self._run("diff", "--name-status", "-z", "-M", f"{base}...{head}", "--", self.prefix or ".")
        fields = out.split("\0")
        found: list[Change] = []
        i = 0
        while i < len(fields) and fields[i]:
            status = fields[i][0]
            old: str | None
            new: str | None
            if status in "RC":
                old, new = self._inside(fields[i + 1]), self._inside(fields[i + 2])
                i += 3
            else:
                path = self._inside(fields[i + 1])
                old, new = (None, path) if status == "A" else (path, None) if status == "D" else (path, path)
                i += 2
            found.append(Change(status, old, new))
        return found

    def _inside(self, path: str) -> str:
        return path[len(self.prefix):] if path.startswith(self.prefix) else path

    def read(self, ref: str, path: str) -> str | None:
        """A file's text at ``ref`` (None when it is not there)."""
        try:
            return self._run("show", f"{ref}:{self.prefix}{path}")
        except UsageError:
            return None

    def listing(self, ref: str, folder: str) -> list[str]:
        out = self._run("ls-tree", "--name-only", "-z", ref, "--", f"{self.prefix}{folder}/")
        return [self._inside(p) for p in out.split("\0") if p]


def owners_at(git: Git, ref: str) -> Owners:
    """Who maintains what in the content at ``ref``."""
    owners = Owners()
    site = _data(git, ref, kind("site").path)
    owners.editors = handles(site.get("maintainers"))
    for path in git.listing(ref, PROVIDERS.path):
        if _is(PROVIDERS, path):
            pid = Path(path).stem
            data = _data(git, ref, path)
            owners.providers[pid] = handles(data.get("maintainers"))
            owners.names[pid] = str(data.get("name") or pid)
    return owners


def _data(git: Git, ref: str, path: str) -> dict[str, object]:
    text = git.read(ref, path)
    if text is None:
        return {}
    doc, _ = parse_yaml(path, text)
    return doc.data if doc is not None and isinstance(doc.data, dict) else {}


def _provider_of(git: Git, ref: str, path: str | None) -> str | None:
    if path is None:
        return None
    value = _data(git, ref, path).get("provider")
    return value if isinstance(value, str) else None


def normalise(handle: str) -> str:
    handle = handle.strip()
    return (handle if handle.startswith("@") else "@" + handle).casefold()


@dataclass
class Author:
    handle: str
    teams: list[str] | None  # None: not known

    def decides(self, maintainers: list[str]) -> bool | None:
        """True: the author is among ``maintainers``; False: certainly not; None: only a team
        the author might belong to could allow it, and the author's teams are unknown."""
        wanted = {normalise(m) for m in maintainers}
        if normalise(self.handle) in wanted:
            return True
        teams = {m for m in wanted if "/" in m}
        if not teams:
            return False
        if self.teams is None:
            return None
        return bool(teams & {normalise(t) for t in self.teams})


def check(git: Git, base: str, head: str, author: Author) -> Verdict:
    verdict = Verdict()
    owners = owners_at(git, base)
    head_providers = {Path(p).stem for p in git.listing(head, PROVIDERS.path) if _is(PROVIDERS, p)}
    for change in git.changes(base, head):
        if change.new is not None and _is(OFFERS, change.new):
            _folder_rule(git, head, change.new, head_providers, verdict)
        _ownership(git, base, head, change, owners, author, verdict)
    if not owners.configured:
        verdict.notes.append("Keine maintainers eingetragen (weder in site.yaml noch bei einem Anbieter): keine Zuständigkeitsprüfung.")
    return verdict


def _folder_rule(git: Git, head: str, path: str, providers: set[str], verdict: Verdict) -> None:
    folder = folder_provider(path, providers)
    provider = _provider_of(git, head, path)
    if folder is not None and provider is not None and provider != folder:
        verdict.problems.append(Problem(path, 1, 1, "provider", misfiled(folder, provider)))


def _touched_providers(git: Git, base: str, head: str, change: Change, owners: Owners) -> tuple[set[str], str | None]:
    """The providers whose part a change touches, and the file kind ("offer", "provider")."""
    paths = [p for p in (change.old, change.new) if p is not None]
    if all(_is(OFFERS, p) for p in paths):
        touched = {_provider_of(git, base, change.old), _provider_of(git, head, change.new)}
        touched |= {folder_provider(p, owners.providers) for p in paths}
        return {p for p in touched if p is not None}, "offer"
    if all(_is(PROVIDERS, p) for p in paths):
        return {Path(p).stem for p in paths}, "provider"
    return set(), None


def _ownership(git: Git, base: str, head: str, change: Change, owners: Owners, author: Author, verdict: Verdict) -> None:
    if not owners.configured:
        return
    touched, kind = _touched_providers(git, base, head, change, owners)
    path = change.new or change.old or ""
    if kind is None or author.decides(owners.editors):
        return
    shown_author = author.handle if author.handle.startswith("@") else "@" + author.handle
    for pid in sorted(touched):
        maintainers = owners.providers.get(pid)
        if maintainers is None:  # a provider the base does not know: only the editors add one
            if kind == "provider" or owners.editors:
                editors = ", ".join(owners.editors) or "die Redaktion"
                verdict.problems.append(Problem(path, 1, 1, "", f"neuen Anbieter '{pid}' legt nur die Redaktion an ({editors}); {shown_author} gehört nicht dazu"))
            continue
        if not maintainers and not owners.editors:
            continue  # nobody named for this provider: nothing to enforce
        allowed = author.decides(maintainers)
        who = ", ".join([*maintainers, *owners.editors])
        what = "Angebot des Anbieters" if kind == "offer" else "Eintrag des Anbieters"
        if allowed is None:
            verdict.notes.append(
                f"{path}: {what} '{pid}' gehört Teams ({who}); ob {shown_author} dazu gehört, ist hier nicht bekannt "
                "(--author-teams) – die Freigabe durch die Code Owners auf GitHub entscheidet."
            )
        elif not allowed:
            verdict.problems.append(
                Problem(path, 1, 1, "", f"{what} '{pid}', gepflegt von {who}; {shown_author} pflegt diesen Anbieter nicht. "
                        "Bitte die Pflegenden oder die Redaktion um die Änderung bitten")
            )


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "Vergleicht den Pull Request mit seiner Basis (git diff BASIS...HEAD) und scheitert, wenn die Autorin oder der "
        "Autor Angebote oder Einträge eines Anbieters ändert, den sie oder er nicht pflegt (maintainers), oder wenn ein "
        "Angebot in einem Anbieter-Ordner einen anderen Anbieter nennt. Wer was pflegt, gilt wie in der Basis."
    )
    parser.add_argument("--base", required=True, metavar="REF", help="Basis des Pull Requests, z. B. origin/main")
    parser.add_argument("--head", default="HEAD", metavar="REF", help="Stand mit den Änderungen (Standard: HEAD)")
    parser.add_argument("--author", default=None, metavar="KONTO", help="GitHub-Konto der Autorin/des Autors (Standard: $GITHUB_ACTOR)")
    parser.add_argument(
        "--author-teams", default=None, metavar="TEAMS",
        help="Teams der Autorin/des Autors, mit Komma getrennt (@org/team,…); Standard: $LOTSE_AUTHOR_TEAMS, sonst unbekannt",
    )
    parser.add_argument("--source", type=Path, default=Path("."), metavar="DIR", help="Inhaltsverzeichnis (Standard: .)")
    parser.add_argument("--format", choices=("text", "github"), default="text", help="Ausgabeformat (Standard: text)")


def run(args: argparse.Namespace) -> int:
    source = source_dir(args.source)
    handle = args.author or os.environ.get("GITHUB_ACTOR", "")
    if not handle.strip():
        raise UsageError("wer hat die Änderung gemacht? --author KONTO angeben (in GitHub Actions: GITHUB_ACTOR)")
    teams_text = args.author_teams if args.author_teams is not None else os.environ.get("LOTSE_AUTHOR_TEAMS")
    teams = [t.strip() for t in teams_text.split(",") if t.strip()] if teams_text is not None else None
    git = Git(source)
    git.verify(args.base)
    git.verify(args.head)
    verdict = check(git, args.base, args.head, Author(handle.strip(), teams))
    for note in verdict.notes:
        print(f"::notice title=Lotse::{note}" if args.format == "github" else f"Hinweis: {note}", file=sys.stderr if args.format == "text" else sys.stdout)
    print(format_problems(verdict.problems, args.format))
    return 1 if verdict.problems else 0
