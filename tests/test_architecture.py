"""The package's structure: data flows one way through the pipeline steps, no import runs back
up or in a circle, and no pipeline step handles processes itself."""

from __future__ import annotations

import ast
from pathlib import Path

from .conftest import ROOT

PACKAGE = ROOT / "site_builder"

# The pipeline in order, each step with the declarations and helpers it stands on. A module
# may import modules of its own layer or earlier ones, never later ones.
LAYERS = [
    {"languages", "german", "postal", "places", "problems", "options", "records", "kinds", "layout", "introspect", "markup", "urls", "processes", "boundary", "wordforms", "eligibility", "contentcache"},
    {"load"},
    {"validate"},
    {"model"},
    {"search", "funding", "plan", "holidays", "notes"},
    {"structured_data", "machine_readable", "render"},
    {"index", "write", "state"},
    {"pipeline", "incremental", "schema", "fieldref", "scaffold", "placeholders", "report", "owners", "changes", "starter", "linkcheck", "searchcheck", "cms"},
    {"serve", "cli", "importers", "__main__"},
]
STEPS = {"load", "validate", "model", "plan", "search", "render", "structured_data", "machine_readable", "index", "write"}
PROCESS_HANDLING = {"gc", "multiprocessing", "signal", "subprocess", "concurrent", "threading"}


def modules() -> dict[str, Path]:
    found = {p.stem: p for p in PACKAGE.glob("*.py") if p.stem != "__init__"}
    found["importers"] = PACKAGE / "importers"
    return found


def imports(path: Path) -> tuple[set[str], set[str]]:
    """(package modules, outside modules) that the file or folder at ``path`` imports."""
    files = sorted(path.rglob("*.py")) if path.is_dir() else [path]
    own, outside = set(), set()
    for file in files:
        tree = ast.parse(file.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.level > 0:
                base = (node.module or "").split(".")[0]
                if node.level == 1 and path.is_dir():
                    continue  # within the importers package
                own |= {base} if base else {alias.name for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module:
                (own if node.module.startswith("site_builder") else outside).add(node.module.split(".")[-1 if node.module.startswith("site_builder.") else 0])
            elif isinstance(node, ast.Import):
                outside |= {alias.name.split(".")[0] for alias in node.names}
    return own - {"site_builder"}, outside


def test_every_module_has_a_layer() -> None:
    placed = set().union(*LAYERS)
    assert sorted(set(modules()) - placed) == []


def test_imports_never_run_back_up_the_pipeline() -> None:
    layer = {name: number for number, names in enumerate(LAYERS) for name in names}
    backwards = []
    for name, path in modules().items():
        for target in imports(path)[0]:
            if target in layer and layer[target] > layer[name]:
                backwards.append(f"{name} → {target}")
    assert backwards == []


def test_no_import_cycles() -> None:
    graph = {name: imports(path)[0] & set(modules()) for name, path in modules().items()}
    state: dict[str, int] = {}
    cycles = []

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for target in sorted(graph[node]):
            if state.get(target) == 1:
                cycles.append(" → ".join([*trail[trail.index(target):], target]))
            elif target not in state:
                visit(target, [*trail, target])
        state[node] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    assert cycles == []


def test_pipeline_steps_leave_processes_to_processes_py() -> None:
    mixed = {name: sorted(imports(path)[1] & PROCESS_HANDLING) for name, path in modules().items() if name in STEPS}
    assert {name: found for name, found in mixed.items() if found} == {}
