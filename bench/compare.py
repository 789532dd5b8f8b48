"""Compare Lotse's cold build at earlier revisions with the working tree, on the same machine,
in the same hour, in turns; prints a table.

    .venv/bin/python bench/compare.py fc4c7e4                  # 10,000 offers, 3 rounds, no index
    .venv/bin/python bench/compare.py fc4c7e4 v1.0 --index     # with the search index
    .venv/bin/python bench/compare.py HEAD --offers 2000 --work /dev/shm

Figures taken on different days of a shared machine differ by a fifth and more; a claim like
"twice as fast as when the issue was filed" needs both builds measured side by side.

Each revision is exported with ``git archive`` (the repository's files at that commit,
nothing else). With this Python and its packages, it and the working tree build one guide,
made by the first given revision's ``bench/generate.py``: that copies the revision's sample
taxonomies, which older code may need, and a later Lotse reads an earlier guide (the
contract is only ever extended). Every round builds each once, in alternating order, into
an output folder never used before (see docs/performance.md: deleting the last output right
before a build slowed the next one on ext4 without journal), without the content cache.

Columns: the median over the rounds (wall time with all runs), the build's own step times,
user and system seconds of all its processes, the peak resident memory of all its processes
together, and render time per page.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402
from run import PYTHON, SMOKE, TODAY, Run, timed  # noqa: E402

WORKING_TREE = "Arbeitsstand"


@dataclass
class Revision:
    label: str  # "fc4c7e4 (2026-12-03)" or the working tree's
    folder: Path
    cache_flag: list[str]  # ``--no-cache`` where the revision has a content cache
    runs: list[Run] = field(default_factory=list)


def export(revision: str, target: Path) -> Revision:
    """The repository's files at ``revision`` in ``target``, as ``git archive`` gives them."""
    described = subprocess.run(
        ["git", "-C", str(ROOT), "log", "-1", "--format=%h (%cs)", revision], capture_output=True, text=True
    )
    if described.returncode != 0:
        raise SystemExit(f"Unbekannter Stand {revision!r}: {described.stderr.strip()}")
    target.mkdir(parents=True)
    archive = subprocess.Popen(["git", "-C", str(ROOT), "archive", "--format=tar", revision], stdout=subprocess.PIPE)
    unpacked = subprocess.run(["tar", "-x", "-C", str(target)], stdin=archive.stdout)
    assert archive.stdout is not None
    archive.stdout.close()
    if archive.wait() != 0 or unpacked.returncode != 0:
        raise SystemExit(f"git archive {revision} ließ sich nicht auspacken")
    return Revision(described.stdout.strip(), target, _cache_flag(target))


def _cache_flag(folder: Path) -> list[str]:
    usage = subprocess.run([PYTHON, "build.py", "build", "--help"], cwd=folder, capture_output=True, text=True)
    if usage.returncode != 0:
        raise SystemExit(f"{folder}: build.py build --help schlug fehl:\n{usage.stderr[-1500:]}")
    return ["--no-cache"] if "--no-cache" in usage.stdout else []


def counted(stdout: str) -> tuple[int, int]:
    """Pages and files from the build's last line: "Fertig: 14189 Seiten, …, 23510 von 23510 Dateien neu"."""
    found = re.search(r"(\d+) Seiten\b.*?\d+ von (\d+) Dateien", stdout)
    return (int(found.group(1)), int(found.group(2))) if found else (0, 0)


def build(revision: Revision, guide: Path, out: Path, index: bool) -> Run:
    command = [PYTHON, "build.py", "build", "--source", str(guide), "--out", str(out), "--today", TODAY, *revision.cache_flag]
    return timed([*command, *(() if index else ("--no-index",))], cwd=revision.folder)


def row(revision: Revision, reference: Revision) -> dict[str, str]:
    runs = revision.runs
    wall = statistics.median(r.seconds for r in runs)

    def step(name: str) -> float:
        return statistics.median(r.steps.get(name, 0.0) for r in runs)

    pages, files = counted(runs[-1].stdout)
    render = step("erzeugen")
    reference_wall = statistics.median(r.seconds for r in reference.runs)
    return {
        "label": revision.label,
        "pages": str(pages or "–"),
        "files": str(files or "–"),
        "wall": f"{wall:.1f} ({' / '.join(f'{r.seconds:.1f}' for r in runs)})",
        "load": f"{step('laden und prüfen'):.1f}",
        "render": f"{render:.1f}",
        "index": f"{step('Suchindex'):.1f}" if any("Suchindex" in r.steps for r in runs) else "–",
        "cpu": f"{statistics.median(r.cpu for r in runs):.1f}" if all(r.cpu for r in runs) else "–",
        "peak": f"{max(r.peak_mib for r in runs):.0f}",
        "per_page": f"{render / pages * 1000:.2f}" if pages else "–",
        "ratio": f"{wall / reference_wall:.2f}",
    }


COLUMNS = [
    ("label", "Stand"),
    ("pages", "Seiten"),
    ("files", "Dateien"),
    ("wall", "Wand s (Median; alle Läufe)"),
    ("load", "laden und prüfen s"),
    ("render", "erzeugen s"),
    ("index", "Suchindex s"),
    ("cpu", "Rechenzeit s"),
    ("peak", "Spitze MiB"),
    ("per_page", "erzeugen ms je Seite"),
    ("ratio", f"Wand / {WORKING_TREE}"),
]


def table(rows: list[dict[str, str]]) -> str:
    lines = ["| " + " | ".join(label for _, label in COLUMNS) + " |", "|---|" + "|".join("---:" for _ in COLUMNS[1:]) + "|"]
    lines += ["| " + " | ".join(r[key] for key, _ in COLUMNS) + " |" for r in rows]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("revisions", nargs="+", help="Git-Stände (Commit, Tag, Zweig), verglichen mit dem Arbeitsstand")
    parser.add_argument("--offers", type=int, default=10000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--index", action="store_true", help="mit Suchindex (sonst nur bis zu den Seiten)")
    parser.add_argument("--guide", type=Path, help="diesen Weiterbildungsfinder bauen statt eines erzeugten")
    parser.add_argument("--work", type=Path, default=None, help="Ordner für Stände und Ausgaben (z. B. /dev/shm)")
    parser.add_argument("--smoke", action="store_true", help=f"nur {SMOKE} Angebote, eine Runde")
    args = parser.parse_args()
    offers, rounds = (SMOKE, 1) if args.smoke else (args.offers, args.rounds)
    load = os.getloadavg()
    print(f"Rechner: {os.cpu_count()} Kerne, Last {load[0]:.2f} / {load[1]:.2f} / {load[2]:.2f} (1/5/15 min); "
          f"{'eigener Weiterbildungsfinder' if args.guide else f'{offers} erzeugte Angebote'}, "
          f"{'mit' if args.index else 'ohne'} Suchindex, Mediane aus {rounds} Runden im Wechsel", flush=True)
    if args.work:
        Path(args.work).mkdir(parents=True, exist_ok=True)  # "--work /dev/shm/vergleich": made if missing
    with tempfile.TemporaryDirectory(prefix="lotse-compare-", dir=args.work) as tmp:
        work = Path(tmp)
        revisions = [export(name, work / f"stand-{number}") for number, name in enumerate(args.revisions)]
        guide = args.guide.resolve() if args.guide else work / "guide"
        if not args.guide:
            generator = revisions[0].folder / "bench" / "generate.py"
            if generator.is_file():
                subprocess.run([PYTHON, str(generator), str(offers), str(guide)], check=True, stdout=subprocess.DEVNULL)
            else:
                generate(offers, guide)
        revisions.append(Revision(WORKING_TREE, ROOT, _cache_flag(ROOT)))
        for number in range(rounds):
            for revision in revisions if number % 2 == 0 else reversed(revisions):
                out = work / f"ausgabe-{number}-{revisions.index(revision)}"
                revision.runs.append(build(revision, guide, out, args.index))
        for revision in revisions[:-1]:
            shutil.rmtree(revision.folder, ignore_errors=True)
        print(table([row(revision, revisions[-1]) for revision in revisions]), flush=True)


if __name__ == "__main__":
    main()
