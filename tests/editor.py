"""The browser editor in tests: a guide in a git repository, Decap's local proxy server on
loopback in front of it (as partners' edits go through GitHub, here through git itself), and
the editor page built into a site folder."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from site_builder import cms

from .conftest import ROOT

SERVER = cms.NODE_MODULES / "decap-server" / "dist" / "index.js"
GIT_USER = {
    "GIT_AUTHOR_NAME": "Redaktion Test",
    "GIT_AUTHOR_EMAIL": "redaktion@example.org",
    "GIT_COMMITTER_NAME": "Redaktion Test",
    "GIT_COMMITTER_EMAIL": "redaktion@example.org",
}


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=True, env={**os.environ, **GIT_USER})
    return done.stdout


def init_repo(repo: Path) -> Path:
    """``repo`` (a content tree) as a git repository with one commit on ``main``."""
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Inhalte")
    return repo


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def decap_server(repo: Path) -> Iterator[str]:
    """decap-server in git mode for ``repo`` on 127.0.0.1; yields its API address."""
    port = free_port()
    env = {**os.environ, **GIT_USER, "GIT_REPO_DIRECTORY": str(repo), "PORT": str(port), "BIND_HOST": "127.0.0.1", "MODE": "git", "LOG_LEVEL": "error"}
    process = subprocess.Popen(["node", str(SERVER)], cwd=repo, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    api = f"http://127.0.0.1:{port}/api/v1"
    try:
        _wait_for(api, process)
        yield api
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_for(api: str, process: subprocess.Popen[bytes]) -> None:
    request = urllib.request.Request(api, data=json.dumps({"action": "info"}).encode(), headers={"Content-Type": "application/json"})
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"decap-server ended: {process.stderr.read().decode() if process.stderr else ''}")
        try:
            with urllib.request.urlopen(request, timeout=2) as response:
                if json.loads(response.read()).get("type") == "local_git":
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)
    raise RuntimeError("decap-server did not answer")


DOCS = ROOT / "docs"


def screenshot_folder() -> Path | None:
    """Where the walk-through saves its screenshots: docs/ when LOTSE_DOCS_SCREENSHOTS=1 (to
    renew the pictures in docs/redaktion.md); else none are taken (nobody looked at them, and
    each cost a pause and a capture)."""
    return DOCS if os.environ.get("LOTSE_DOCS_SCREENSHOTS") == "1" else None
