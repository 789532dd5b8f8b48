"""Shared fixtures: paths, content trees copied to temporary folders, the built sample guide."""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from site_builder.pipeline import build

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
# A frozen copy of the repository's sample guide: the engine's tests never read the live content,
# which editors change (a new provider, the banner removed at go-live, an offer deleted).
SAMPLE = FIXTURES / "sample"
SHARED = ROOT.parent / "shared"
TODAY = date(2026, 12, 1)  # the sample guide's dates are written around this day


# Test files that take a minute or more, longest first (per-file sums of `--durations=0`).
# The suite hands whole files to its workers (`--dist loadfile --no-loadscope-reorder`, see
# scripts/dev.sh): started first, these run while the short files fill the other workers,
# instead of one of them running alone at the end.
LONG_FILES = (
    "test_preview.py", "test_cms_browser.py", "test_browser.py", "test_visitors.py", "test_planning.py",
    "test_funding_browser.py", "test_build.py", "test_search.py", "test_layout.py", "test_bench.py", "test_serve.py",
    "test_contentcache.py", "test_wheel.py", "test_starter.py",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    first = {name: rank for rank, name in enumerate(LONG_FILES)}
    items.sort(key=lambda item: first.get(item.path.name, len(first)))  # stable: the rest keep their order


def eventually(check: Callable[[], object], what: str, seconds: float = 20.0) -> None:
    """Wait until ``check()`` holds (a server, a browser or a git process catching up)."""
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() >= deadline:
            raise AssertionError(f"nach {seconds:g} s nicht eingetreten: {what}")
        time.sleep(0.05)


def copy_tree(target: Path, *layers: Path) -> Path:
    """A content tree made of ``layers`` copied over each other (later files win)."""
    target.mkdir(parents=True, exist_ok=True)
    for layer in layers:
        shutil.copytree(layer, target, dirs_exist_ok=True, ignore=shutil.ignore_patterns("expected.txt"))
    return target


def sample_tree(target: Path) -> Path:
    """A copy of the sample guide fixture."""
    return copy_tree(target, SAMPLE)


@pytest.fixture(scope="session", autouse=True)
def _cache_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Commands run by the tests keep what they read in a folder of the test run, never in
    the home folder of whoever runs them (``contentcache``)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("LOTSE_CACHE", str(tmp_path_factory.mktemp("lotse-cache")))
        yield


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample guide built once for all tests that only read it."""
    out = tmp_path_factory.mktemp("sample") / "_site"
    build(SAMPLE, out, today=TODAY)
    return out


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Headless Debian Chromium, launched by Playwright (never a downloaded browser).

    Module scope, not session: Playwright's sync API keeps an event loop running, and builds
    (which run Pagefind through asyncio) must happen while it is not.
    """
    from playwright.sync_api import sync_playwright

    from .browser import CHROMIUM, LAUNCH_ARGS

    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=LAUNCH_ARGS)
        yield instance
        instance.close()


@pytest.fixture(scope="module")
def tabs(browser: Any, origin: str) -> Iterator[Any]:
    """Reused tabs, one per width, on the module's ``origin`` (see ``browser.Tabs``)."""
    from .browser import Tabs

    found = Tabs(browser, origin)
    yield found
    found.close()


@pytest.fixture
def minimal_tree(tmp_path: Path) -> Path:
    return copy_tree(tmp_path / "src", FIXTURES / "minimal")
