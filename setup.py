"""Packaging step that pyproject.toml cannot declare: the built-in theme goes into the wheel.

The repository's top-level ``templates/`` stays the one source of the theme (editors see it
next to their own ``templates/`` folder, and an editable install reads it in place); a built
wheel carries a copy as ``site_builder/theme/``, where ``render.BUILTIN_TEMPLATES`` finds it.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

THEME_SOURCE = Path(__file__).resolve().parent / "templates"
THEME_PACKAGE = ("site_builder", "theme")


class BuildWithTheme(build_py):
    """build_py plus a fresh copy of templates/ (a stale file from an earlier build must not ship)."""

    def run(self) -> None:
        super().run()
        if self.editable_mode:  # an editable install reads templates/ where it is
            return
        target = Path(self.build_lib, *THEME_PACKAGE)
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(THEME_SOURCE, target, ignore=shutil.ignore_patterns(".*", "__pycache__"))


setup(cmdclass={"build_py": BuildWithTheme})
