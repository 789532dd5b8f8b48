"""scripts/setup.sh on a fresh machine: as root, as a user with sudo, as a user without sudo.

The script runs for real, with stand-ins for the system around it: ``apt-get``, ``dpkg``,
``sudo`` and ``id`` are small scripts on PATH that note how they were called, Chromium is
looked for where nothing is (``LOTSE_CHROMIUM``), and Java and npm are not on PATH. The
Python and npm steps find their stamps current, so nothing is downloaded.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT

INTERPRETER = os.path.realpath(sys.executable)
# Debian's python3 lacks ensurepip until python3-venv is installed; the script asks for it then.
HAS_VENV = subprocess.run([INTERPRETER, "-c", "import venv, ensurepip"], capture_output=True).returncode == 0
PACKAGES = ("" if HAS_VENV else "python3-venv ") + "chromium fonts-dejavu-core default-jre-headless nodejs npm"
TOOLS = ("bash", "env", "sha256sum", "cut", "cat", "dirname", "grep", "sed", "rm", "readlink", "mkdir", "chmod")
VERSION = f"{sys.version_info[0]}.{sys.version_info[1]}"


def stub(folder: Path, name: str, body: str) -> None:
    path = folder / name
    path.unlink(missing_ok=True)  # never write through a link to the real tool
    path.write_text(f"#!/bin/bash\n{body}\n", encoding="utf-8")
    path.chmod(0o755)


# A virtual environment's Python: says its version when asked (``-c``), notes pip's runs.
VENV_PYTHON = 'if [ "$1" = -c ]; then echo {version}; exit 0; fi\necho ".venv/bin/python $*" >> {log}\nexit ${{FAKE_PIP_EXIT:-0}}'


def stamp(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def machine(tmp_path: Path, uid: int, sudo: bool) -> tuple[Path, dict[str, str]]:
    """A copy of the project's setup inputs and a PATH of stand-ins; returns (project, env)."""
    project = tmp_path / "lotse"
    (project / "scripts").mkdir(parents=True)
    shutil.copy(ROOT / "scripts" / "setup.sh", project / "scripts" / "setup.sh")
    shutil.copy(ROOT / "pyproject.toml", project / "pyproject.toml")
    (project / "tests" / "tools" / "node_modules").mkdir(parents=True)
    shutil.copy(ROOT / "tests" / "tools" / "package-lock.json", project / "tests" / "tools" / "package-lock.json")
    # An existing .venv with current stamps: the script's own Python and npm steps have nothing to do.
    (project / ".venv" / "bin").mkdir(parents=True)
    stub(project / ".venv" / "bin", "python", VENV_PYTHON.format(log=tmp_path / "calls.log", version=VERSION))
    (project / ".venv" / ".lotse-setup").write_text(f"{stamp(project / 'pyproject.toml')}-1\n")
    (project / "tests" / "tools" / "node_modules" / ".lotse-lock").write_text(stamp(project / "tests" / "tools" / "package-lock.json") + "\n")
    (project / "cms" / "node_modules").mkdir(parents=True)  # the browser editor, which --test installs too
    shutil.copy(ROOT / "cms" / "package-lock.json", project / "cms" / "package-lock.json")
    (project / "cms" / "node_modules" / ".lotse-lock").write_text(stamp(project / "cms" / "package-lock.json") + "\n")

    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for tool in TOOLS:
        found = shutil.which(tool)
        assert found, tool
        (bin_dir / tool).symlink_to(found)
    # The interpreter itself, not a wrapper such as a pyenv shim that needs more of PATH.
    (bin_dir / "python3").symlink_to(INTERPRETER)
    log = tmp_path / "calls.log"
    stub(bin_dir, "apt-get", f'echo "apt-get $* (DEBIAN_FRONTEND=${{DEBIAN_FRONTEND:-}}, uid=$FAKE_UID)" >> {log}')
    stub(bin_dir, "dpkg", "exit 1")  # no package is installed
    stub(bin_dir, "id", 'if [ "$1" = -u ]; then echo "$FAKE_UID"; else echo "uid=$FAKE_UID"; fi')
    if sudo:
        # sudo resets the environment: the variable must come through `env`, as on a real machine.
        stub(bin_dir, "sudo", f'echo "sudo $*" >> {log}\nexec env -u DEBIAN_FRONTEND FAKE_UID=0 "$@"')
    env = {
        "PATH": str(bin_dir),
        "HOME": str(tmp_path),
        "FAKE_UID": str(uid),
        "LOTSE_CHROMIUM": str(tmp_path / "no-chromium-here"),
    }
    return project, env


def run(project: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", str(project / "scripts" / "setup.sh"), "--test"],
        cwd=project.parent,  # the script finds its project from its own place, not from the caller's
        env=env, capture_output=True, text=True, timeout=60,
    )


def calls(project: Path) -> list[str]:
    log = project.parent / "calls.log"
    return log.read_text(encoding="utf-8").splitlines() if log.exists() else []


def test_as_root_apt_get_runs_directly(tmp_path: Path) -> None:
    project, env = machine(tmp_path, uid=0, sudo=False)
    result = run(project, env)
    assert result.returncode == 0, result.stderr
    assert calls(project) == [
        "apt-get update -qq (DEBIAN_FRONTEND=noninteractive, uid=0)",
        f"apt-get install -y -qq --no-install-recommends {PACKAGES} (DEBIAN_FRONTEND=noninteractive, uid=0)",
    ]
    assert "command not found" not in result.stderr


def test_as_user_with_sudo_apt_get_runs_through_sudo(tmp_path: Path) -> None:
    project, env = machine(tmp_path, uid=1000, sudo=True)
    result = run(project, env)
    assert result.returncode == 0, result.stderr
    assert calls(project) == [
        "sudo apt-get update -qq",
        "apt-get update -qq (DEBIAN_FRONTEND=, uid=0)",
        f"sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends {PACKAGES}",
        f"apt-get install -y -qq --no-install-recommends {PACKAGES} (DEBIAN_FRONTEND=noninteractive, uid=0)",
    ]


def test_as_user_without_sudo_names_the_packages_and_stops(tmp_path: Path) -> None:
    project, env = machine(tmp_path, uid=1000, sudo=False)
    result = run(project, env)
    assert result.returncode != 0
    assert calls(project) == []
    assert "ohne root-Rechte oder sudo" in result.stderr
    assert f"apt-get install {PACKAGES}" in result.stderr
    assert "command not found" not in result.stderr


@pytest.mark.skipif(not HAS_VENV, reason="this Python lacks ensurepip: python3-venv would be missing")
def test_nothing_missing_needs_neither_root_nor_sudo(tmp_path: Path) -> None:
    project, env = machine(tmp_path, uid=1000, sudo=False)
    bin_dir = Path(env["PATH"])
    for tool in ("java", "npm"):
        stub(bin_dir, tool, "exit 0")
    stub(bin_dir, "dpkg", "exit 0")
    env["LOTSE_CHROMIUM"] = str(bin_dir / "java")  # any executable file will do
    result = run(project, env)
    assert result.returncode == 0, result.stderr
    assert calls(project) == []



@pytest.mark.parametrize("kind", ["folder", "link"])
def test_a_virtual_environment_is_never_committed_folder_or_link(kind: str, tmp_path: Path) -> None:
    """A worktree that links the main checkout's .venv had it committed: ".venv/" ignores a
    folder only, and checking the commit out elsewhere replaced that checkout's environment
    with a link to itself. The environment is ignored whether it is a folder or a link."""
    shutil.copy(ROOT / ".gitignore", tmp_path / ".gitignore")
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    if kind == "folder":
        (tmp_path / ".venv" / "bin").mkdir(parents=True)
        (tmp_path / ".venv" / "bin" / "python").write_text("")
    else:
        (tmp_path / ".venv").symlink_to(tmp_path / "elsewhere")
    subprocess.run(["git", "add", "-A"], cwd=tmp_path, check=True)
    staged = subprocess.run(["git", "diff", "--cached", "--name-only"], cwd=tmp_path, capture_output=True, text=True, check=True).stdout
    assert ".venv" not in staged, staged


def test_the_oldest_python_is_the_one_pyproject_names() -> None:
    script = (ROOT / "scripts" / "setup.sh").read_text(encoding="utf-8")
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    oldest = re.search(r"^MIN_PYTHON=(\S+)$", script, re.M)
    assert oldest is not None and f'requires-python = ">={oldest.group(1)}"' in pyproject


def nothing_missing(env: dict[str, str]) -> None:
    """Java, npm, Chromium and the fonts are there: no apt-get."""
    bin_dir = Path(env["PATH"])
    for tool in ("java", "npm"):
        stub(bin_dir, tool, "exit 0")
    stub(bin_dir, "dpkg", "exit 0")
    env["LOTSE_CHROMIUM"] = str(bin_dir / "java")


def fake_python3(project: Path, env: dict[str, str], version: str) -> None:
    """``python3`` of the given version whose ``-m venv`` makes a stand-in environment."""
    log = project.parent / "calls.log"
    stub(project.parent, "venv-python", VENV_PYTHON.format(log=log, version=version))
    stub(
        Path(env["PATH"]), "python3",
        f'if [ "$1" = -c ]; then echo {version}; exit 0; fi\n'
        f'echo "python3 $*" >> {log}\n'
        'if [ "$1 $2" = "-m venv" ]; then\n'
        f'  mkdir -p "$3/bin" && cat {project.parent / "venv-python"} > "$3/bin/python" && chmod +x "$3/bin/python"\n'
        f'  echo "version = {version}.1" > "$3/pyvenv.cfg"\n'
        "fi",
    )


@pytest.mark.parametrize("made_with", ["3.11.2", "2.7.18"])
def test_an_environment_of_another_python_is_made_anew(made_with: str, tmp_path: Path) -> None:
    """After the system's Python was upgraded (3.11 to 3.13) the environment's packages lie in
    the old version's folder, and its stamp said all was installed: it is made anew, and the
    packages installed into it. So is one too old for Lotse."""
    project, env = machine(tmp_path, uid=1000, sudo=False)
    nothing_missing(env)
    fake_python3(project, env, "3.13")
    (project / ".venv" / "pyvenv.cfg").write_text(f"home = /usr/bin\nversion = {made_with}\n")
    running = "3.13" if made_with.startswith("3") else ""
    stub(project / ".venv" / "bin", "python", VENV_PYTHON.format(log=project.parent / "calls.log", version=running))
    result = run(project, env)
    assert result.returncode == 0, result.stderr
    assert "Python-Umgebung .venv passt nicht" in result.stderr
    made = calls(project)
    assert made[0] == "python3 -m venv .venv", made
    assert made[-1].startswith(".venv/bin/python -m pip install -q --disable-pip-version-check -e .[test]")
    assert (project / ".venv" / ".lotse-setup").read_text().strip().endswith("-1")
    # Run again: nothing to do.
    (project.parent / "calls.log").unlink()
    assert run(project, env).returncode == 0 and calls(project) == []


def test_a_linked_environment_that_does_not_run_is_left_alone(tmp_path: Path) -> None:
    """A worktree links the main checkout's .venv: it is never cleared from here."""
    project, env = machine(tmp_path, uid=1000, sudo=False)
    nothing_missing(env)
    elsewhere = tmp_path / "haupt-venv"
    (project / ".venv").rename(elsewhere)
    (elsewhere / "bin" / "python").unlink()  # its Python is gone
    (project / ".venv").symlink_to(elsewhere, target_is_directory=True)
    result = run(project, env)
    assert result.returncode == 1
    assert f"Fehler: .venv verweist auf {elsewhere}, und die Python-Umgebung dort läuft nicht" in result.stderr
    assert (elsewhere / ".lotse-setup").is_file() and calls(project) == []


def test_a_python_too_old_is_named(tmp_path: Path) -> None:
    project, env = machine(tmp_path, uid=1000, sudo=False)
    nothing_missing(env)
    shutil.rmtree(project / ".venv")
    fake_python3(project, env, "")  # what python_version says of 3.9: nothing
    result = run(project, env)
    assert result.returncode == 1
    assert "Fehler: Lotse braucht Python 3.11 oder neuer; python3 ist älter oder fehlt." in result.stderr
    assert calls(project) == []


@pytest.mark.parametrize("step", ["apt-get", "pip", "npm"])
def test_without_network_the_failing_step_is_named_in_german(step: str, tmp_path: Path) -> None:
    project, env = machine(tmp_path, uid=0, sudo=False)
    bin_dir = Path(env["PATH"])
    if step == "apt-get":
        stub(bin_dir, "apt-get", "echo 'E: Failed to fetch' >&2; exit 100")
        expected = "Fehler: Die Paketlisten von Debian ließen sich nicht laden (die Meldung von apt-get steht darüber)."
    else:
        nothing_missing(env)
        if step == "pip":
            (project / ".venv" / ".lotse-setup").unlink()
            env["FAKE_PIP_EXIT"] = "1"
            expected = "Fehler: pip ließ sich nicht aktualisieren (die Meldung von pip steht darüber)."
        else:
            (project / "cms" / "node_modules" / ".lotse-lock").unlink()
            stub(bin_dir, "npm", "echo 'npm error network' >&2; exit 1")
            expected = "Fehler: Die npm-Pakete ließen sich nicht installieren (die Meldung von npm steht darüber)."
    result = run(project, env)
    assert result.returncode == 1
    assert f"[setup] {expected}" in result.stderr
    assert "Meist fehlt die Verbindung" in result.stderr and "HTTPS_PROXY" in result.stderr
