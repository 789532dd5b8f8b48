"""`lotse init`: a new guide repository that validates, builds and carries workflows whose
commands really run, in order, against a guide in git."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import yaml

from site_builder import __version__, starter
from site_builder.cli import main, parser

from .conftest import FIXTURES, ROOT
from .test_workflows import read_workflow

PAGES_BASE_URL = "https://region.github.io/finder"  # what actions/configure-pages would report
EDITOR_CONDITION = "${{ vars.CMS_AUTH_URL != '' }}"  # the browser editor's step needs a sign-in helper
INSTALL = "python -m pip install -r requirements.txt"


# Where a guide's workflows install Lotse from (this checkout is installed from a folder).
ENGINE = f"lotse @ git+https://github.com/lotse-projekt/lotse@v{__version__}"


def init(capsys: pytest.CaptureFixture[str], target: Path, *extra: str) -> tuple[int, str]:
    engine = [] if any(word.startswith("--engine") for word in extra) else ["--engine", ENGINE]
    code = main(["init", str(target), *extra, *engine])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


@pytest.fixture
def guide(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    target = tmp_path / "finder"
    assert init(capsys, target, "--name", "Weiterbildung Neckar-Alb", "--repository", "region/finder")[0] == 0
    return target


def test_a_new_guide_has_everything_a_team_needs(guide: Path, capsys: pytest.CaptureFixture[str]) -> None:
    files = sorted(p.relative_to(guide).as_posix() for p in guide.rglob("*") if p.is_file())
    for wanted in (
        "site.yaml", "content/taxonomies.yaml", "content/pages/ueber.md", "content/providers/.gitkeep",
        "content/advisory-points/.gitkeep", "offers/.gitkeep", "README.md", "requirements.txt", ".gitignore",
        ".vscode/settings.json", ".vscode/extensions.json", "schemas/offer.schema.json", "schemas/site.schema.json",
        ".github/workflows/pruefen.yml", ".github/workflows/veroeffentlichen.yml", ".github/pull_request_template.md",
        ".github/ISSUE_TEMPLATE/angaben-melden.yml", ".github/CODEOWNERS",
    ):
        assert wanted in files, wanted
    assert not [f for f in files if "%%" in (guide / f).read_text(encoding="utf-8")], "a placeholder of the starter is left"
    site = yaml.safe_load((guide / "site.yaml").read_text(encoding="utf-8"))
    assert site["title"] == "Weiterbildung Neckar-Alb"
    assert site["issue_form"] == "https://github.com/region/finder/issues/new?template=angaben-melden.yml"
    taxonomies = (guide / "content" / "taxonomies.yaml").read_text(encoding="utf-8")
    lists = yaml.safe_load(taxonomies)
    assert lists["topics"] == [] and lists["regions"] == []  # the region's own
    assert {"beschaeftigte", "arbeitsuchende", "unternehmen"} <= {a["id"] for a in lists["audiences"]}
    assert {"bildungsgutschein", "aufstiegs-bafoeg", "qualifizierungschancengesetz"} <= {f["id"] for f in lists["funding"]}
    assert "#   - id: metall-schweissen" in taxonomies  # examples in comments
    assert [line for line in (guide / "requirements.txt").read_text().splitlines() if not line.startswith("#")] == [ENGINE]
    settings = json.loads((guide / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    assert all((guide / path).is_file() for path in settings["yaml.schemas"])
    readme = (guide / "README.md").read_text(encoding="utf-8")
    assert readme.startswith("# Weiterbildung Neckar-Alb\n") and "## Partner pflegen ihre eigenen Angebote" in readme
    checklist = (guide / ".github" / "pull_request_template.md").read_text(encoding="utf-8")
    assert checklist.count("- [ ] ") >= 5 and "Platzhalter" in checklist
    form = yaml.safe_load((guide / ".github" / "ISSUE_TEMPLATE" / "angaben-melden.yml").read_text(encoding="utf-8"))
    assert [field["id"] for field in form["body"]] == ["seite", "was"]  # `seite` is what the pages fill in
    assert main(["validate", "--source", str(guide)]) == 0
    assert main(["owners", "--source", str(guide), "--check"]) == 0
    capsys.readouterr()


def test_a_new_guide_builds_and_its_name_may_hold_quotes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "finder"
    assert init(capsys, target, "--name", 'Lernen im "Ländle"', "--base-url", "https://lernen.example/finder")[0] == 0
    assert yaml.safe_load((target / "site.yaml").read_text(encoding="utf-8"))["base_url"] == "https://lernen.example/finder/"
    out = tmp_path / "site"
    assert main(["build", "--source", str(target), "--out", str(out), "--no-index"]) == 0
    assert "<title>Lernen im &#34;Ländle&#34;</title>" in (out / "index.html").read_text(encoding="utf-8")
    # The federal programmes come with it: the Förder-Check works before the first offer.
    check = (out / "foerderung" / "check" / "index.html").read_text(encoding="utf-8")
    assert "Bildungsgutschein" in check and "Aufstiegs-BAföG" in check and "Bildungszeit" not in check
    assert "Stand der Angaben" in (out / "foerderung" / "bildungsgutschein" / "index.html").read_text(encoding="utf-8")
    capsys.readouterr()


def test_the_programmes_a_new_guide_starts_with_are_not_called_unused(guide: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The Förder-Check shows them before any offer names one: the report's "nirgends
    verwendet" lists only what waits for content (audiences, programmes outside the check)."""
    assert main(["report", "--format", "json", "--source", str(guide)]) == 0
    unused = {(i["kind"], i["id"]) for i in json.loads(capsys.readouterr().out)["unused_terms"]}
    lists = yaml.safe_load((guide / "content" / "taxonomies.yaml").read_text(encoding="utf-8"))
    checked = {f["id"] for f in lists["funding"] if f.get("for")}
    assert checked and not {("funding", fid) for fid in checked} & unused
    assert ("funding", "aufstiegsstipendium") in unused  # no "for": not in the check


def test_the_starter_word_lists_are_the_sample_guides_nationwide_ones() -> None:
    """The audiences and federal programmes a new guide starts with are copied from the sample
    guide, where they are kept up to date, by scripts/starter_taxonomies.py."""
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "starter_taxonomies.py"), "--check"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_the_next_steps_work_from_where_init_was_called(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """The new guide has no build.py: called as ``python build.py init``, the hints name this
    checkout's build.py with the guide's folder; called as ``lotse``, the command in the folder."""
    monkeypatch.setattr(sys, "argv", [str(ROOT / "build.py"), "init"])
    code, out = init(capsys, tmp_path / "mein finder")
    assert code == 0
    assert f"python {ROOT / 'build.py'} serve --source '{tmp_path / 'mein finder'}'    Vorschau" in out
    assert ".venv/bin/pip install -r requirements.txt, dann .venv/bin/lotse serve" in out
    monkeypatch.setattr(sys, "argv", ["/usr/local/bin/lotse", "init"])
    code, out = init(capsys, tmp_path / "zweiter")
    assert code == 0 and "  lotse serve    Vorschau (im Ordner des Finders)" in out and "--source" not in out


class _Installed:
    """A distribution whose installer recorded ``record`` (PEP 610's direct_url.json)."""

    def __init__(self, record: dict[str, Any] | None) -> None:
        self.record = record

    def read_text(self, name: str) -> str | None:
        return json.dumps(self.record) if name == "direct_url.json" and self.record is not None else None


@pytest.mark.parametrize(("record", "expected"), [
    ({"url": "https://github.com/org/lotse", "vcs_info": {"vcs": "git", "commit_id": "0123abc", "requested_revision": "v1"}},
     "lotse @ git+https://github.com/org/lotse@0123abc"),
    ({"url": "https://example.org/dist/lotse-0.1.0-py3-none-any.whl", "archive_info": {"hash": "sha256=ab"}},
     "lotse @ https://example.org/dist/lotse-0.1.0-py3-none-any.whl"),
    ({"url": "file:///home/me/dist/lotse-0.1.0-py3-none-any.whl", "archive_info": {}}, None),
    ({"url": "file:///home/me/lotse", "dir_info": {"editable": True}}, None),
    (None, None),  # installed from an index: nothing recorded
])
def test_the_guide_installs_lotse_from_where_this_one_came(monkeypatch: pytest.MonkeyPatch, record: dict[str, Any] | None, expected: str | None) -> None:
    from importlib import metadata

    monkeypatch.setattr(metadata, "distribution", lambda name: _Installed(record))
    assert starter.installed_source() == expected


def test_a_bare_name_or_no_known_source_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """On PyPI "lotse" is another project: "lotse==0.1.0" in requirements.txt would install
    its code into the guide's workflows. Without a source anyone can install from, init asks."""
    monkeypatch.setattr(starter, "installed_source", lambda: None)
    code, out = init(capsys, tmp_path / "a", "--engine=")
    assert code == 2
    code, out = init(capsys, tmp_path / "b", "--engine", f"lotse=={__version__}")
    assert code == 2 and "fremdes Paket" in out and "--engine 'lotse @ git+https://" in out
    code = main(["init", str(tmp_path / "c")])
    out = capsys.readouterr().err
    assert code == 2 and "Bitte --engine angeben" in out
    assert not any((tmp_path / name).exists() for name in "abc")
    monkeypatch.setattr(starter, "installed_source", lambda: "lotse @ git+https://github.com/org/lotse@0123abc")
    assert main(["init", str(tmp_path / "d")]) == 0
    assert (tmp_path / "d" / "requirements.txt").read_text().splitlines()[-1] == "lotse @ git+https://github.com/org/lotse@0123abc"
    out = capsys.readouterr().out
    assert "serve --source" not in out, "the next steps are run in the guide's folder (cd first)"


def test_existing_files_are_never_overwritten(guide: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    readme = guide / "README.md"
    readme.write_text("eigene Notizen\n", encoding="utf-8")
    code, out = init(capsys, guide)
    assert code == 2 and "gibt es schon" in out and "nichts geschrieben" in out
    assert readme.read_text(encoding="utf-8") == "eigene Notizen\n"
    clone = tmp_path / "klon"
    (clone / ".git").mkdir(parents=True)  # a fresh clone of an empty repository is fine
    assert init(capsys, clone)[0] == 0
    assert (clone / "site.yaml").is_file()
    assert init(capsys, tmp_path / "x", "--base-url", "https:///")[0] == 2
    assert init(capsys, tmp_path / "y", "--repository", "nur-ein-name")[0] == 2
    assert not (tmp_path / "x").exists() and not (tmp_path / "y").exists()


# --- The workflows ----------------------------------------------------------------------------


def workflows(guide: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    folder = guide / ".github" / "workflows"
    return read_workflow(folder / "pruefen.yml"), read_workflow(folder / "veroeffentlichen.yml")


def steps(workflow: dict[str, Any]) -> list[dict[str, Any]]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def runs(workflow: dict[str, Any]) -> list[str]:
    return [step["run"] for step in steps(workflow) if "run" in step]


def test_pull_request_workflow_checks_content_never_the_engine(guide: Path) -> None:
    pr, _ = workflows(guide)
    assert "pull_request" in pr["on"] and "merge_group" in pr["on"]
    assert pr["permissions"] == {"contents": "read"}
    commands = runs(pr)
    assert commands[0] == INSTALL
    order = [re.match(r"lotse ([\w-]+)", c).group(1) for c in commands[1:]]  # type: ignore[union-attr]
    assert order == ["validate", "check-changes", "owners", "build", "check-links", "check-search"]
    assert 'lotse validate --format github --summary "$GITHUB_STEP_SUMMARY"' in commands
    text = json.dumps(pr)
    assert not re.search(r"pytest|dev\.sh|ruff|mypy|\btest\b", text), "a content pull request must not run the engine's tests"
    checkout = next(s for s in steps(pr) if s.get("uses", "").startswith("actions/checkout"))
    assert checkout["with"]["fetch-depth"] == 0  # check-changes needs the base
    changes = next(s for s in steps(pr) if "check-changes" in s.get("run", ""))
    assert changes["if"] == "github.event_name == 'pull_request'"  # a merge queue run has no author
    assert next(s for s in steps(pr) if "owners --check" in s.get("run", "")).get("continue-on-error") is True
    setup = next(s for s in steps(pr) if s.get("uses", "").startswith("actions/setup-python"))
    assert setup["with"]["cache-dependency-path"] == "requirements.txt"


def test_deploy_runs_on_push_and_every_morning_with_the_pages_address(guide: Path) -> None:
    _, deploy = workflows(guide)
    assert deploy["on"]["push"]["branches"] == ["main"] and "workflow_dispatch" in deploy["on"]
    (schedule,) = deploy["on"]["schedule"]
    minute, hour, *rest = schedule["cron"].split()
    assert rest == ["*", "*", "*"]
    for day in (datetime(2027, 1, 15), datetime(2027, 7, 15)):  # winter and summer time
        utc = day.replace(hour=int(hour), minute=int(minute), tzinfo=ZoneInfo("UTC"))
        local = utc.astimezone(ZoneInfo("Europe/Berlin"))
        assert 3 <= local.hour <= 7, f"{schedule['cron']} ist in Berlin {local:%H:%M}, kein früher Morgen"
    assert deploy["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    assert deploy["concurrency"]["cancel-in-progress"] is False
    build_steps = steps(deploy)
    pages = next(s for s in build_steps if s.get("uses", "").startswith("actions/configure-pages"))
    build = next(s for s in build_steps if s.get("run", "").startswith("lotse build"))
    assert build["env"]["BASE_URL"] == f"${{{{ steps.{pages['id']}.outputs.base_url }}}}"
    assert build["run"] == 'lotse build --base-url "$BASE_URL"'
    assert "github.io" not in json.dumps(deploy) and "repository.name" not in json.dumps(deploy)
    commands = runs(deploy)
    assert commands.index('lotse validate --format github --summary "$GITHUB_STEP_SUMMARY"') < commands.index(build["run"])
    assert deploy["jobs"]["veroeffentlichen"]["needs"] == "bauen"


def test_both_workflows_keep_what_lotse_read_between_runs(guide: Path) -> None:
    """The workflow cache holds the folder Lotse keeps its read files in (``contentcache``),
    restored before the first command that reads the content."""
    for workflow in workflows(guide):
        (job,) = [j for j in workflow["jobs"].values() if "steps" in j and any("lotse validate" in s.get("run", "") for s in j["steps"])]
        names = [s["run"].split()[1] if "run" in s else s["uses"].split("@")[0] for s in job["steps"]]
        cache = next(s for s in job["steps"] if s.get("uses", "").startswith("actions/cache@"))
        assert cache["with"]["path"] == job["env"]["LOTSE_CACHE"] == "~/.cache/lotse"
        assert cache["with"]["restore-keys"] and cache["with"]["key"].startswith(cache["with"]["restore-keys"])
        assert names.index("actions/cache") < names.index("validate")


# --- The workflows' commands, run in order -----------------------------------------------------

EXPRESSIONS = {
    "github.base_ref": "main",
    "github.event.pull_request.user.login": "anna",
    "vars.PREVIEW_BASE_URL || 'http://localhost:8000/'": "http://localhost:8000/",
    "steps.pages.outputs.base_url": PAGES_BASE_URL,
}


def expression(value: str) -> str:
    def one(match: re.Match[str]) -> str:
        key = match.group(1).strip()
        assert key in EXPRESSIONS, f"unbekannter Ausdruck im Workflow: {key}"
        return EXPRESSIONS[key]

    return re.sub(r"\$\{\{(.*?)\}\}", one, value)


def shims(folder: Path) -> Path:
    """`lotse` as the engine under test, and `python` that takes the install step as done."""
    folder.mkdir()
    lotse = folder / "lotse"
    lotse.write_text(f'#!/bin/bash\nexec "{sys.executable}" -m site_builder "$@"\n')
    python = folder / "python"
    python.write_text(
        "#!/bin/bash\n"
        f'if [ "$*" = "-m pip install -r requirements.txt" ]; then grep -q "^lotse @ git+https://" requirements.txt; exit $?; fi\n'
        f'exec "{sys.executable}" "$@"\n'
    )
    for path in (lotse, python):
        path.chmod(0o755)
    return folder


def run_workflow(workflow: dict[str, Any], guide: Path, event: str, bin_dir: Path, summary: Path) -> list[str]:
    """Every `run:` step of every job, in order, as GitHub would run it for ``event``."""
    ran = []
    for job in workflow["jobs"].values():
        for step in job.get("steps", []):
            if "run" not in step:
                continue
            condition = step.get("if")
            if condition == EDITOR_CONDITION:
                continue  # no sign-in helper here, as in a repository without CMS_AUTH_URL
            if condition is not None:
                assert condition == "github.event_name == 'pull_request'", condition
                if event != "pull_request":
                    continue
            env = {
                **os.environ,
                "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
                "PYTHONPATH": str(ROOT),
                "GITHUB_STEP_SUMMARY": str(summary),
                "GITHUB_ACTIONS": "true",
                **{k: expression(str(v)) for k, v in step.get("env", {}).items()},
            }
            done = subprocess.run(["bash", "-e", "-c", step["run"]], cwd=guide, env=env, capture_output=True, text=True, timeout=600)
            assert done.returncode == 0, f"{step.get('name', step['run'])}: {done.stdout}{done.stderr}"
            ran.append(step["run"])
    return ran


def git(folder: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", "-c", "init.defaultBranch=main", *args],
        cwd=folder, check=True, capture_output=True,
    )


@pytest.mark.slow
def test_the_workflows_commands_run_in_order_in_a_new_guide(guide: Path, tmp_path: Path) -> None:
    # The new guide with the minimal fixture's content: a partner (@anna) keeps the Akademie.
    for part in ("content", "offers"):
        shutil.copytree(FIXTURES / "minimal" / part, guide / part, dirs_exist_ok=True)
    provider = guide / "content" / "providers" / "akademie.yaml"
    provider.write_text(provider.read_text(encoding="utf-8") + "maintainers: ['@anna']\n", encoding="utf-8")
    assert main(["owners", "--source", str(guide)]) == 0
    origin = tmp_path / "origin.git"
    git(tmp_path, "init", "-q", "--bare", str(origin))
    git(guide, "init", "-q")
    git(guide, "add", "-A")
    git(guide, "commit", "-qm", "Neuer Weiterbildungsfinder")
    git(guide, "remote", "add", "origin", str(origin))
    git(guide, "push", "-q", "origin", "main")
    git(guide, "checkout", "-qb", "neuer-termin")
    offer = guide / "offers" / "akademie" / "excel-kompakt.yaml"
    offer.write_text(offer.read_text(encoding="utf-8").replace("amount: 189.5", "amount: 199"), encoding="utf-8")
    git(guide, "commit", "-qam", "Neuer Preis")
    git(guide, "fetch", "-q", "origin")

    pr, deploy = workflows(guide)
    bin_dir = shims(tmp_path / "bin")
    summary = tmp_path / "summary.md"
    ran = run_workflow(pr, guide, "pull_request", bin_dir, summary)
    assert len(ran) == 7
    assert "### Lotse: Inhalte geprüft" in summary.read_text(encoding="utf-8")
    assert (guide / "_site" / "angebote" / "excel-kompakt" / "index.html").is_file()

    shutil.rmtree(guide / "_site")
    ran = run_workflow(deploy, guide, "push", bin_dir, summary)
    assert ran == [INSTALL, *(r for r in runs(deploy) if r != INSTALL and "lotse cms" not in r)]
    home = (guide / "_site" / "index.html").read_text(encoding="utf-8")
    assert f'href="{PAGES_BASE_URL}/"' in home and "/finder/angebote/" in home
    assert "github.io//" not in home


@pytest.mark.slow
def test_two_green_pull_requests_that_clash_never_reach_the_site(guide: Path, tmp_path: Path) -> None:
    """Each pull request adds an offer `excel-abend`, in different folders: each is valid on its
    own, together the id is taken twice. The deploy validates main first and publishes nothing."""
    for part in ("content", "offers"):
        shutil.copytree(FIXTURES / "minimal" / part, guide / part, dirs_exist_ok=True)
    git(guide, "init", "-q")
    git(guide, "add", "-A")
    git(guide, "commit", "-qm", "Basis")
    offer = (guide / "offers" / "akademie" / "excel-kompakt.yaml").read_text(encoding="utf-8")
    for branch, folder in (("erster", "akademie"), ("zweiter", "abendkurse")):
        git(guide, "checkout", "-qb", branch, "main")
        (guide / "offers" / folder).mkdir(exist_ok=True)
        (guide / "offers" / folder / "excel-abend.yaml").write_text(offer, encoding="utf-8")
        git(guide, "add", "-A")
        git(guide, "commit", "-qm", branch)
        assert main(["validate", "--source", str(guide)]) == 0
    git(guide, "checkout", "-q", "main")
    git(guide, "merge", "-q", "--no-edit", "erster")
    git(guide, "merge", "-q", "--no-edit", "zweiter")
    _, deploy = workflows(guide)
    with pytest.raises(AssertionError, match=r"Inhalte prüfen: .*excel-abend.yaml.*kommt auch in"):
        run_workflow(deploy, guide, "push", shims(tmp_path / "bin"), tmp_path / "summary.md")
    assert not (guide / "_site").exists()


def test_deploy_writes_the_browser_editor_where_sign_in_is_set_up(guide: Path) -> None:
    """After the checks, with the pinned Decap CMS from the guide's own cms/package-lock.json
    (the same pin as Lotse's) and the address of the build."""
    _, deploy = workflows(guide)
    build_steps = steps(deploy)
    editor = next(s for s in build_steps if "lotse cms" in s.get("run", ""))
    build = next(s for s in build_steps if s.get("run", "").startswith("lotse build"))
    assert editor["if"] == EDITOR_CONDITION and editor["env"]["BASE_URL"] == build["env"]["BASE_URL"]
    assert editor["env"]["AUTH_URL"] == "${{ vars.CMS_AUTH_URL }}" and '--auth-url "$AUTH_URL"' in editor["run"]
    assert build_steps.index(editor) > build_steps.index(next(s for s in build_steps if s.get("run") == "lotse check-search"))
    install, command = editor["run"].strip().splitlines()
    assert install == "npm ci --prefix cms --ignore-scripts --no-audit --no-fund"
    words = shlex.split(re.sub(r"\$(REPO|BRANCH|AUTH_URL)", "x", command).replace("$BASE_URL", PAGES_BASE_URL))
    assert words[:2] == ["lotse", "cms"] and "--out" in words and words[words.index("--out") + 1] == "_site/admin"
    parser().parse_args(words[1:])  # the engine's own parser accepts it
    for name in ("package.json", "package-lock.json"):
        assert (guide / "cms" / name).read_bytes() == (ROOT / "cms" / name).read_bytes(), f"cms/{name}: one pin for Lotse and its guides"
    # Installed or linked (a second checkout sharing the first one's): git leaves it out either way.
    assert "cms/node_modules" in (guide / ".gitignore").read_text(encoding="utf-8").splitlines()
    (guide / "cms" / "node_modules").symlink_to(ROOT / "cms", target_is_directory=True)
    subprocess.run(["git", "init", "-q", str(guide)], check=True)
    assert subprocess.run(["git", "-C", str(guide), "check-ignore", "-q", "cms/node_modules"]).returncode == 0
