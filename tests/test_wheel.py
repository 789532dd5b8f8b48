"""The installable engine: a wheel built from the project, installed into a fresh virtual
environment, starts a guide of its own and builds, checks and serves it, away from the checkout."""

from __future__ import annotations

import http.client
import os
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from .conftest import ROOT
from .test_serve import free_port

IGNORED = shutil.ignore_patterns(".git", ".venv", "_site", "node_modules", "__pycache__", ".*_cache", "build", "dist", "*.egg-info")


def run(*args: str | Path, cwd: Path, timeout: int = 600) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    done = subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, f"{' '.join(map(str, args))}: {done.stdout}{done.stderr}"
    return done


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bin folder of a fresh virtual environment with Lotse installed from its wheel."""
    work = tmp_path_factory.mktemp("wheel")
    source = Path(shutil.copytree(ROOT, work / "src", ignore=IGNORED))  # a build writes build/ beside the sources
    run(sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", work / "dist", source, cwd=work)
    (wheel,) = (work / "dist").glob("lotse-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    theme = {f"site_builder/theme/{p.relative_to(ROOT / 'templates').as_posix()}" for p in (ROOT / "templates").rglob("*") if p.is_file()}
    assert theme and theme <= names, f"im Wheel fehlen: {sorted(theme - names)[:5]}"
    assert {"site_builder/searchcheck.mjs", "site_builder/starter-files/site.yaml", "site_builder/starter-files/github/workflows/pruefen.yml"} <= names
    assert "site_builder/data/plz-mittelpunkte.csv" in names, "die Postleitzahl-Mittelpunkte der Umkreissuche"
    assert not any(name.startswith(("templates/", "tests/", "content/", "offers/")) for name in names)
    venv = work / "venv"
    # A venv without pip of its own, filled by this pip (--python): ensurepip and byte-compiling
    # every dependency took two thirds of this test's minute; the wheel and its declared
    # dependencies are installed all the same.
    run(getattr(sys, "_base_executable", sys.executable), "-m", "venv", "--without-pip", venv, cwd=work)
    run(sys.executable, "-m", "pip", "--python", venv / "bin" / "python", "install", "-q", "--no-compile", "--disable-pip-version-check", wheel, cwd=work)
    return venv / "bin"


@pytest.mark.slow
def test_the_installed_tool_starts_builds_checks_and_serves_a_guide(installed: Path, tmp_path: Path) -> None:
    lotse = installed / "lotse"
    usage = run(lotse, "--help", cwd=tmp_path).stdout
    assert usage.startswith("Aufruf: lotse ") and "build.py" not in usage
    where = run(installed / "python", "-c", "import site_builder.layout as r; print(r.BUILTIN_TEMPLATES)", cwd=tmp_path).stdout.strip()
    assert Path(where).parts[-2:] == ("site_builder", "theme") and "site-packages" in where

    guide = tmp_path / "finder"
    # Installed from a file on this machine: the new guide's workflows could not install it from
    # there, and "lotse==…" would fetch another project from PyPI; so init asks where from.
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    asked = subprocess.run([str(lotse), "init", str(guide)], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert asked.returncode == 2 and "Bitte --engine angeben" in asked.stderr and not guide.exists()
    engine = "lotse @ git+https://github.com/lotse-projekt/lotse@v0.1.0"
    run(lotse, "init", guide, "--name", "Weiterbildung Testregion", "--engine", engine, cwd=tmp_path)
    assert (guide / "requirements.txt").read_text(encoding="utf-8").splitlines()[-1] == engine
    run(lotse, "validate", "--source", guide, cwd=tmp_path)
    run(lotse, "build", "--source", guide, "--out", guide / "_site", cwd=tmp_path)
    home = (guide / "_site" / "index.html").read_text(encoding="utf-8")
    assert "Weiterbildung Testregion" in home and (guide / "_site" / "assets" / "lotse.css").is_file()
    assert (guide / "_site" / "pagefind" / "pagefind.js").is_file()
    run(lotse, "check-links", "--out", guide / "_site", cwd=tmp_path)
    run(lotse, "check-search", "--out", guide / "_site", cwd=tmp_path)

    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    server = subprocess.Popen(
        [str(lotse), "serve", "--source", str(guide), "--port", str(port)],
        cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        assert server.stdout is not None
        deadline = time.monotonic() + 60
        for line in server.stdout:
            if line.startswith("Vorschau: ") or time.monotonic() > deadline:
                break
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        connection.request("GET", "/ueber/")
        response = connection.getresponse()
        body = response.read().decode("utf-8")
        assert response.status == 200 and "Über diesen Weiterbildungsfinder" in body
    finally:
        server.terminate()
        server.wait(timeout=30)
