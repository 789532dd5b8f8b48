"""The GitHub workflows only call what exists: CLI commands and options, scripts and their modes."""

from __future__ import annotations

import contextlib
import io
import re
import shlex
from pathlib import Path
from typing import Any

import pytest
import yaml

from site_builder.cli import COMMANDS, parser

from .conftest import ROOT

WORKFLOWS = ROOT / ".github" / "workflows"
PYTHONS = {".venv/bin/python", "python", "python3"}
LOTSE = {"lotse", ".venv/bin/lotse"}


def read_workflow(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if True in data:  # YAML 1.1 (PyYAML) reads the key `on` as true
        data["on"] = data.pop(True)
    return data


def load(name: str) -> dict[str, Any]:
    return read_workflow(WORKFLOWS / name)


def steps(workflow: dict[str, Any]) -> list[dict[str, Any]]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


# Stand-ins for what GitHub fills in: expressions by their text, variables of the runner.
EXPRESSIONS = {
    "github.base_ref": "main",
    "github.event.pull_request.user.login": "anna",
    "steps.pages.outputs.base_url": "https://owner.github.io/repo",
}
RUNNER_VARIABLES = {"GITHUB_STEP_SUMMARY": "/tmp/summary.md"}


def run_commands(workflow: dict[str, Any]) -> list[list[str]]:
    """Every shell command of every `run:` step, split into words as bash would, with the
    step's environment (``env:``) and the runner's variables put in."""
    commands = []
    for step in steps(workflow):
        script = step.get("run")
        if script is None:
            continue
        variables = {**RUNNER_VARIABLES, **{k: re.sub(r"\$\{\{(.*?)\}\}", _expression_value, str(v)) for k, v in step.get("env", {}).items()}}
        script = re.sub(r"\$\{\{(.*?)\}\}", _expression_value, script.replace("\\\n", " "))
        script = re.sub(r"\$\{?([A-Z_][A-Z0-9_]*)\}?", lambda m, known=variables: known.get(m.group(1), m.group(0)), script)
        for line in script.splitlines():
            for command in re.split(r"&&|;", line):
                words = shlex.split(command, comments=True)
                if words:
                    commands.append(words)
    return commands


def _expression_value(match: re.Match[str]) -> str:
    """A stand-in for ``${{ … }}``: a known value, its literal fallback (``|| 'x'``) or a plain word."""
    if match.group(1).strip() in EXPRESSIONS:
        return EXPRESSIONS[match.group(1).strip()]
    fallback = re.search(r"\|\|\s*'([^']*)'", match.group(1))
    return fallback.group(1) if fallback else "x"


def dev_sh_modes() -> set[str]:
    return set(re.findall(r"^\s+(\w+)\)\s*$", (ROOT / "scripts" / "dev.sh").read_text(encoding="utf-8"), re.M))


def check_command(words: list[str]) -> None:
    if words[0] == "bash":
        script = ROOT / words[1]
        assert script.is_file(), f"Skript fehlt: {words[1]}"
        if words[1] == "scripts/dev.sh":
            assert words[2] in dev_sh_modes(), f"dev.sh kennt {words[2]!r} nicht"
        if words[1] == "scripts/setup.sh":
            assert all(arg in script.read_text(encoding="utf-8") for arg in words[2:]), words
        return
    if words[0] in LOTSE:
        args = words[1:]
    else:
        assert words[0] in PYTHONS and words[1] == "build.py", f"unbekannter Befehl in einem Workflow: {shlex.join(words)}"
        args = words[2:]
    assert args and args[0] in COMMANDS, f"kein Befehl von build.py: {args[:1]}"
    errors = io.StringIO()
    with contextlib.redirect_stderr(errors):
        try:
            parser().parse_args(args)
        except SystemExit as exit_:
            raise AssertionError(f"`{shlex.join(words)}` scheitert am echten Parser ({exit_.code}): {errors.getvalue()}") from None


@pytest.mark.parametrize("name", ["pr.yml", "deploy.yml"])
def test_every_run_step_calls_what_exists(name: str) -> None:
    commands = run_commands(load(name))
    assert commands
    for words in commands:
        check_command(words)


def test_check_command_catches_mistakes() -> None:
    for wrong in (
        ["python", "build.py", "validate", "--format", "xml"],
        ["python", "build.py", "bauen"],
        ["lotse", "init"],
        ["lotse", "check-links", "--tief"],
        ["python", "build.py", "build", "--base-url", "example.org"],
        ["bash", "scripts/fehlt.sh"],
        ["bash", "scripts/dev.sh", "lint"],
        ["make", "test"],
    ):
        with pytest.raises(AssertionError):
            check_command(wrong)


def uses(workflow: dict[str, Any]) -> list[str]:
    return [step["uses"].split("@")[0] for step in steps(workflow) if "uses" in step]


def test_pull_request_workflow() -> None:
    """The guide's checks (as `lotse init` writes them for a guide of its own), then the
    engine's tests, which read a fixture copy of the sample and never the live content."""
    workflow = load("pr.yml")
    assert "pull_request" in workflow["on"] and "merge_group" in workflow["on"]
    assert uses(workflow) == ["actions/checkout", "actions/setup-python", "actions/upload-artifact"]
    assert steps(workflow)[0]["with"]["fetch-depth"] == 0
    assert steps(workflow)[1]["with"]["python-version"] == "3.11"
    commands = [shlex.join(c) for c in run_commands(workflow)]
    assert commands == [
        "bash scripts/setup.sh",
        ".venv/bin/python build.py validate --format github --summary /tmp/summary.md",
        ".venv/bin/python build.py check-changes --base origin/main --author anna --format github",
        ".venv/bin/python build.py build --base-url http://localhost:8000/",
        ".venv/bin/python build.py check-links",
        ".venv/bin/python build.py check-search",
        "bash scripts/dev.sh test",
    ]
    upload = next(s for s in steps(workflow) if s.get("uses", "").startswith("actions/upload-artifact"))
    assert upload["with"]["path"] == "_site"


def test_deploy_workflow() -> None:
    workflow = load("deploy.yml")
    assert workflow["on"]["push"]["branches"] == ["main"] and "workflow_dispatch" in workflow["on"]
    assert workflow["on"]["schedule"] == [{"cron": "15 3 * * *"}]  # early morning in Germany, summer and winter
    assert workflow["permissions"]["pages"] == "write" and workflow["permissions"]["id-token"] == "write"
    assert workflow["concurrency"]["group"]
    assert uses(workflow) == [
        "actions/checkout",
        "actions/setup-python",
        "actions/configure-pages",
        "actions/upload-pages-artifact",
        "actions/deploy-pages",
    ]
    build = next(s for s in steps(workflow) if "build.py build" in s.get("run", ""))
    assert build["env"]["BASE_URL"] == "${{ steps.pages.outputs.base_url }}" and '--base-url "$BASE_URL"' in build["run"]
    assert "github.io" not in (WORKFLOWS / "deploy.yml").read_text(encoding="utf-8").replace("<konto>.github.io", "")
    commands = [shlex.join(c) for c in run_commands(workflow)]
    assert commands.index(".venv/bin/python build.py validate --format github --summary /tmp/summary.md") < commands.index(
        ".venv/bin/python build.py build --base-url https://owner.github.io/repo"
    )
    assert workflow["jobs"]["veroeffentlichen"]["environment"]["name"] == "github-pages"


def test_deploy_writes_the_browser_editor_after_the_build() -> None:
    """The editor goes into the published folder after the build (so neither the sitemap nor
    the search index knows it), with the same address, and only where sign-in is set up."""
    workflow = load("deploy.yml")
    runs = [s for s in steps(workflow) if "run" in s]
    names = [s["run"].split(" --", 1)[0] for s in runs]
    assert names.index(".venv/bin/python build.py cms") > names.index(".venv/bin/python build.py build")
    editor = next(s for s in runs if "build.py cms" in s["run"])
    build = next(s for s in runs if "build.py build" in s["run"])
    assert "--out _site/admin" in editor["run"] and '--repo "$REPO"' in editor["run"]
    assert editor["env"]["REPO"] == "${{ github.repository }}" and editor["env"]["AUTH_URL"] == "${{ vars.CMS_AUTH_URL }}"
    assert editor["env"]["BASE_URL"] == build["env"]["BASE_URL"] and '--base-url "$BASE_URL"' in editor["run"]
    assert all(s["if"] == "${{ vars.CMS_AUTH_URL != '' }}" for s in runs if "--cms" in s["run"] or "build.py cms" in s["run"])


@pytest.mark.parametrize(
    "path",
    [*sorted(WORKFLOWS.glob("*.yml")), *sorted((ROOT / "site_builder" / "starter-files" / "github" / "workflows").glob("*.yml"))],
    ids=lambda p: f"{p.parent.parent.name}/{p.name}",
)
def test_no_expression_is_written_into_a_script(path: Path) -> None:
    """``${{ … }}`` in a ``run:`` script is pasted into its text before bash reads it: a branch
    name, a title or a variable with a quote or ``$(…)`` in it would run as code. Every value
    from outside comes in through ``env:`` and is used as "$NAME"."""
    workflow = read_workflow(path)
    pasted = [s.get("name", s["run"][:40]) for job in workflow["jobs"].values() for s in job.get("steps", []) if "${{" in s.get("run", "")]
    assert not pasted, f"{path.name}: {pasted}"


# ``uses: owner/action@<the commit, 40 hex digits> # v1.2.3``: a tag can be moved to other
# code by whoever controls the action's repository (or steals its keys); a commit cannot.
PINNED = re.compile(r"^\s*(?:-\s+)?uses:\s+([\w.-]+/[\w./-]+)@([0-9a-f]{40}) # (v\d+\.\d+\.\d+)\s*$")


@pytest.mark.parametrize(
    "path",
    [*sorted(WORKFLOWS.glob("*.yml")), *sorted((ROOT / "site_builder" / "starter-files" / "github" / "workflows").glob("*.yml"))],
    ids=lambda p: f"{p.parent.parent.name}/{p.name}",
)
def test_every_action_is_pinned_to_a_commit_with_its_version_beside_it(path: Path) -> None:
    """GitHub's hardening guide: an action is used by the full commit hash, its release named
    in a comment so that a reader (and an update tool) knows which one it is. Local actions
    (``./…``) and containers (``docker://…``) are not what this is about and would be named."""
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if re.match(r"^\s*(?:-\s+)?uses:", line)]
    assert lines, path.name
    unpinned = [line.strip() for line in lines if not PINNED.match(line)]
    assert not unpinned, f"{path.name}: {unpinned}"
    # The same action at the same release is the same commit throughout the file.
    used = [found.groups() for found in map(PINNED.match, lines) if found]
    for action, commit, version in used:
        assert all(c == commit for a, c, v in used if (a, v) == (action, version)), (action, version)
    # The parsed workflow sees the same: the comment is no part of the value.
    workflow = read_workflow(path)
    values = [s["uses"] for job in workflow["jobs"].values() for s in job.get("steps", []) if "uses" in s]
    assert len(values) == len(lines) and all(re.fullmatch(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}", v) for v in values), values
