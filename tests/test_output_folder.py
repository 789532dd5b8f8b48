"""Output folders are sacred, and no traceback reaches a user: ``--out`` replaces only a new,
empty or earlier Lotse folder; misuse is a German usage error, an internal error one line."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest

from site_builder.cli import main
from site_builder.layout import BUILTIN_TEMPLATES
from site_builder.write import MARKER

from .conftest import ROOT
from .hostile import TOKEN, digest, run
from .sitecheck import snapshot


def test_empty_out_in_a_folder_with_notes_deletes_nothing(
    minimal_tree: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    work = tmp_path / "arbeit"
    work.mkdir()
    (work / "notizen.txt").write_text("wichtig\n")
    monkeypatch.chdir(work)
    code, output = run(capsys, "build", "--source", str(minimal_tree), "--out", "")
    assert code == 2
    assert 'Fehler: leerer Ausgabeordner (--out ""): ist eine Variable nicht gesetzt?' in output
    assert sorted(p.name for p in work.iterdir()) == ["notizen.txt"] and (work / "notizen.txt").read_text() == "wichtig\n"
    # The same through a shell with an unset variable, with the content tree as working folder.
    result = subprocess.run(
        'python "$BUILD" build --out "$UNSET" --no-index', shell=True, cwd=minimal_tree, capture_output=True, text=True,
        env={**os.environ, "BUILD": str(ROOT / "build.py"), "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}"},
    )
    assert result.returncode == 2 and "leerer Ausgabeordner" in result.stderr
    assert (minimal_tree / "site.yaml").is_file()


@pytest.mark.parametrize(
    "out",
    [".", "..", "/", "SRC", "SRC/content", "SRC/content/x", "SRC/offers/neu", "SRC/templates/assets/o", "SRC/.git/o",
     "TMP/fremd", "TMP/datei", "TMP/datei/darunter", "/proc/lotse", "TMP/" + "a" * 300, "SRC/..",
     "PKG/ausgabe", "THEME/assets/ausgabe"],
)
def test_unsuitable_output_folders_are_refused_and_nothing_is_deleted(
    out: str, minimal_tree: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "fremd").mkdir()
    (tmp_path / "fremd" / "bericht.txt").write_text("nicht von Lotse\n")
    (tmp_path / "datei").write_text("eine Datei\n")
    monkeypatch.chdir(minimal_tree)
    before = digest(tmp_path)
    private = tmp_path.parent / f"{tmp_path.name}-tmp"
    private.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(private))
    leftovers = set(os.listdir(tempfile.gettempdir()))
    target = out.replace("SRC", str(minimal_tree)).replace("TMP", str(tmp_path))
    target = target.replace("PKG", str(ROOT / "site_builder")).replace("THEME", str(BUILTIN_TEMPLATES))
    code, output = run(capsys, "build", "--source", str(minimal_tree), "--out", target, "--no-index")
    assert code == 2, output
    assert output.startswith("Fehler: ") and "Traceback" not in output
    assert digest(tmp_path) == before
    assert not {n for n in set(os.listdir(tempfile.gettempdir())) - leftovers if n.startswith("lotse")}


def test_new_empty_and_previous_lotse_folders_are_accepted(minimal_tree: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    empty = tmp_path / "leer"
    empty.mkdir()
    for out in (tmp_path / "neu" / "tief", empty, empty):  # the last: a previous output, marked
        code, output = run(capsys, "build", "--source", str(minimal_tree), "--out", str(out), "--no-index", "--today", "2026-12-01")
        assert code == 0, output
        assert (out / MARKER).is_file() and (out / "index.html").is_file()
    # Built by a version without the marker: its state file beside it says it is Lotse's.
    (empty / MARKER).unlink()
    (empty / "index.html").write_text("von Hand geändert")
    assert run(capsys, "build", "--source", str(minimal_tree), "--out", str(empty), "--no-index", "--today", "2026-12-01")[0] == 0
    assert (empty / MARKER).is_file()


# The marker of versions before it named its folder.
OLD_MARKER = (
    "Dieser Ordner wurde von Lotse erzeugt (python build.py build).\n"
    "Der nächste Build ersetzt ihn vollständig; eigene Dateien gehören nicht hierher.\n"
).encode()


def _out(capsys: pytest.CaptureFixture[str], tree: Path, out: Path) -> tuple[int, str]:
    return run(capsys, "build", "--source", str(tree), "--out", str(out), "--no-index", "--today", "2026-12-01")


def test_a_copied_marker_does_not_make_a_folder_lotses(minimal_tree: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An output copied elsewhere (``cp -r _site /var/www/html``) with other files beside it,
    or the marker alone copied into someone's folder: the marker names the folder it was
    written for, so the copy is not taken for a previous output and nothing is deleted."""
    site = tmp_path / "site"
    assert _out(capsys, minimal_tree, site)[0] == 0
    www = tmp_path / "www"
    shutil.copytree(site, www)
    (www / "impressum.html").write_text("<p>von Hand</p>\n")
    home = tmp_path / "home"
    home.mkdir()
    (home / "brief.odt").write_text("privat\n")
    shutil.copy(site / MARKER, home / MARKER)
    for folder in (www, home):
        before = digest(folder)
        code, output = _out(capsys, minimal_tree, folder)
        assert code == 2, output
        assert f"Fehler: Ausgabeordner {folder} ist ungeeignet: die Datei {MARKER} darin wurde für einen anderen Ordner " in output
        assert "leeren Sie ihn bitte zuerst (nichts wurde verändert)" in output
        assert digest(folder) == before
    # The folder the marker was written for is still Lotse's; a folder that held the copied
    # marker alone loses nothing and is taken; its new marker names it.
    assert _out(capsys, minimal_tree, site)[0] == 0
    alone = tmp_path / "nur-markierung"
    alone.mkdir()
    shutil.copy(site / MARKER, alone / MARKER)
    assert _out(capsys, minimal_tree, alone)[0] == 0
    assert (alone / MARKER).read_bytes() != (site / MARKER).read_bytes()
    assert _out(capsys, minimal_tree, alone)[0] == 0
    # Emptied, the copied output takes a build as the message says.
    shutil.rmtree(www)
    www.mkdir()
    assert _out(capsys, minimal_tree, www)[0] == 0


def test_a_project_moved_as_a_whole_keeps_its_output(minimal_tree: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A project moved or checked out elsewhere with its output (a renamed home, a CI cache
    restored under another path): the marker names the old place, but the state file of the
    last build lies beside the output, as no copy of the folder alone has it. The next build
    takes the output as its own and marks it for the new place."""
    project = tmp_path / "projekt"
    project.mkdir()
    shutil.move(minimal_tree, project / "src")
    assert _out(capsys, project / "src", project / "_site")[0] == 0
    moved = tmp_path / "umgezogen"
    shutil.move(project, moved)
    from site_builder import write

    assert write.marker_origin(moved / "_site") == "kopiert"
    code, output = _out(capsys, moved / "src", moved / "_site")
    assert code == 0, output
    assert write.marker_origin(moved / "_site") == "eigen"


def test_an_output_with_the_marker_of_an_earlier_version(minimal_tree: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A marker that names no folder (written by an earlier version) counts where the state
    file of the last build lies beside the folder, which a copy does not take along; the
    next build writes the new marker. Without the state file the message says what to do."""
    site = tmp_path / "site"
    assert _out(capsys, minimal_tree, site)[0] == 0
    (site / MARKER).write_bytes(OLD_MARKER)
    (site / "index.html").write_text("von Hand geändert")
    assert _out(capsys, minimal_tree, site)[0] == 0
    assert (site / MARKER).read_bytes() != OLD_MARKER and b"Ort: " in (site / MARKER).read_bytes()

    copy = tmp_path / "kopie"
    shutil.copytree(site, copy)
    (copy / MARKER).write_bytes(OLD_MARKER)
    before = digest(copy)
    code, output = _out(capsys, minimal_tree, copy)
    assert code == 2
    assert f"die Datei {MARKER} darin stammt von einer älteren Version von Lotse" in output
    assert "ohne die Datei .kopie.lotse-state.json daneben" in output and "(nichts wurde verändert)" in output
    assert digest(copy) == before


def test_the_preview_marks_its_folder_for_the_place_it_is(
    minimal_tree: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """``serve --out`` writes into the folder directly and marks it itself: a build may
    replace that folder later, a copy of it not."""
    from site_builder import serve, write

    monkeypatch.setattr(serve, "serve", lambda *args, **kwargs: 0)
    out = tmp_path / "vorschau"
    assert run(capsys, "serve", "--source", str(minimal_tree), "--out", str(out))[0] == 0
    assert write.marker_origin(out) == "eigen"
    (out / "index.html").write_text("<p>Vorschau</p>\n")
    shutil.copytree(out, tmp_path / "kopie")
    assert write.marker_origin(tmp_path / "kopie") == "kopiert"
    assert _out(capsys, minimal_tree, tmp_path / "kopie")[0] == 2
    assert _out(capsys, minimal_tree, out)[0] == 0


def test_serve_with_a_port_out_of_range_is_a_usage_error(
    minimal_tree: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    before = {n for n in os.listdir(tempfile.gettempdir()) if n.startswith("lotse-serve-")}
    for port in ("99999", "-1", "http"):
        code, output = run(capsys, "serve", "--source", str(minimal_tree), "--port", port)
        assert code == 2 and f"Fehler: --port: kein Port (0 bis 65535): '{port}'" in output
    assert {n for n in os.listdir(tempfile.gettempdir()) if n.startswith("lotse-serve-")} == before


def test_usage_errors_are_german(capsys: pytest.CaptureFixture[str]) -> None:
    for args, german in (
        (["validate", "--format", "xml"], "Fehler: --format: ungültige Auswahl 'xml' (möglich: 'text', 'github', 'json')"),
        (["validate", "--gibts-nicht"], "Fehler: unbekannte Angaben: --gibts-nicht"),
        (["new"], "Fehler: diese Angaben fehlen: ART, ID"),
        (["build", "--out"], "Fehler: --out: hier fehlt der Wert"),
    ):
        code, output = run(capsys, *args)
        assert code == 2 and german in output and output.startswith("Aufruf: "), output


def test_a_command_from_another_tool_is_named_with_the_one_that_does_it(capsys: pytest.CaptureFixture[str]) -> None:
    """'check' (the name in many tools) is no command here: it is not taken for ``build``'s
    argument, with or without --help, and the line names the command that checks."""
    for args, german in (
        (["check", "--source", "."], "Fehler: unbekannter Befehl 'check' – meinten Sie 'python build.py validate'?"),
        (["check", "--help"], "Fehler: unbekannter Befehl 'check' – meinten Sie 'python build.py validate'?"),
        (["serv"], "meinten Sie 'python build.py serve'?"),
        (["vorschau"], "meinten Sie 'python build.py serve'?"),
        (["xyzzy"], "Fehler: unbekannter Befehl 'xyzzy'. Alle Befehle zeigt 'python build.py --help'."),
    ):
        code, output = run(capsys, *args)
        assert code == 2 and german in output, output
    assert run(capsys, "--source", "/gibt/es/nicht")[0] != 0  # options alone still mean ``build``


def test_an_unexpected_error_is_one_german_line_and_a_report(
    minimal_tree: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import site_builder.pipeline

    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError(f"kaputt {TOKEN}")

    monkeypatch.setattr(site_builder.pipeline, "build", broken)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    code, output = run(capsys, "build", "--source", str(minimal_tree), "--out", str(tmp_path / "o"))
    assert code == 1
    (line,) = output.splitlines()
    assert line.startswith("Interner Fehler in Lotse (RuntimeError): nichts wurde veröffentlicht. Bitte melden Sie den Fehler mit dem Bericht ")
    assert TOKEN not in line and "Traceback" not in output
    report = Path(line.rsplit(" ", 1)[1].rstrip("."))
    assert report.parent == tmp_path and "Traceback" in report.read_text() and "kaputt" in report.read_text()
    monkeypatch.setenv("LOTSE_TRACEBACK", "1")
    with pytest.raises(RuntimeError):
        main(["build", "--source", str(minimal_tree), "--out", str(tmp_path / "o")])


def _site(folder: Path) -> dict[str, str]:
    """``sitecheck.snapshot`` of a built site without its index (Pagefind's files vary) and
    without lost+found."""
    return {name: digest for name, digest in snapshot(folder, skip_pagefind=True).items() if not name.startswith("lost+found/")}


def _build(tree: Path, out: Path, capsys: pytest.CaptureFixture[str]) -> int:
    code = main(["build", "--source", str(tree), "--out", str(out), "--today", "2026-12-01", "--no-index", "-q"])
    capsys.readouterr()
    return code


@pytest.mark.parametrize("exchange", [True, False], ids=["renameat2", "ohne-renameat2"])
def test_a_mounted_output_folder_is_filled_in_place(
    minimal_tree: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], exchange: bool
) -> None:
    """A mount point (a container's volume, a mounted web root) can be neither renamed nor
    swapped: the build stages inside it and swaps entry by entry. Its lost+found stays, the
    folder itself is never replaced, a failed build changes nothing, and the result is what a
    build into an ordinary folder gives."""
    from site_builder import write

    out = tmp_path / "volume"
    (out / "lost+found").mkdir(parents=True)
    monkeypatch.setattr(write, "is_mount_point", lambda path: Path(path) == out)
    if not exchange:
        monkeypatch.setattr(write, "_exchange", lambda a, b: False)
    folder = os.stat(out).st_ino
    offer = minimal_tree / "offers" / "akademie" / "excel-kompakt.yaml"
    for step in ("erster Build", "Titel geändert", "Angebot gelöscht"):
        if step == "Titel geändert":
            offer.write_text(offer.read_text().replace("title: Excel kompakt", "title: Tabellen mit Excel"))
        if step == "Angebot gelöscht":
            offer.unlink()
        assert _build(minimal_tree, out, capsys) == 0, step
        plain = tmp_path / f"gewoehnlich-{step}"
        assert _build(minimal_tree, plain, capsys) == 0
        assert _site(out) == _site(plain), step
        assert os.stat(out).st_ino == folder and (out / "lost+found").is_dir()
        assert not [p.name for p in out.iterdir() if p.name.startswith(write.STAGING)], step
    assert not (out / "angebote" / "excel-kompakt").exists()

    before = _site(out)
    site = minimal_tree / "site.yaml"
    site.write_text(site.read_text() + "titel: vertippt\n")
    assert _build(minimal_tree, out, capsys) == 1
    assert _site(out) == before
    assert not [p.name for p in out.iterdir() if p.name.startswith(write.STAGING)]


def test_a_real_mount_point_takes_a_build(minimal_tree: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The same with a real tmpfs mounted on the output folder (where this machine allows it)."""
    out = tmp_path / "volume"
    out.mkdir()
    if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "tmpfs", str(out)], capture_output=True).returncode != 0:
        pytest.skip("mounting a tmpfs needs root and a system that allows it (a container may not)")
    try:
        assert _build(minimal_tree, out, capsys) == 0
        assert (out / "angebote" / "excel-kompakt" / "index.html").is_file()
        offer = minimal_tree / "offers" / "akademie" / "excel-kompakt.yaml"
        offer.write_text(offer.read_text().replace("title: Excel kompakt", "title: Tabellen mit Excel"))
        assert _build(minimal_tree, out, capsys) == 0
        assert "Tabellen mit Excel" in (out / "angebote" / "excel-kompakt" / "index.html").read_text()
        assert sorted(p.name for p in out.iterdir() if p.name.startswith(".")) == [MARKER]
    finally:
        subprocess.run(["umount", str(out)], check=False)


def test_a_full_disk_is_named_in_one_line_and_publishes_nothing(
    minimal_tree: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A full disk is the machine's failure, not Lotse's: one German line naming it and the
    folder, exit 1, no bug report, and the previous output as it was."""
    import errno

    from site_builder import write

    out = tmp_path / "site"
    assert _build(minimal_tree, out, capsys) == 0
    before = _site(out)
    offer = minimal_tree / "offers" / "akademie" / "excel-kompakt.yaml"
    offer.write_text(offer.read_text().replace("title: Excel kompakt", "title: Tabellen mit Excel"))

    def full(self: Any, relpath: str, data: bytes) -> bool:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(write.SiteWriter, "write", full)
    code = main(["build", "--source", str(minimal_tree), "--out", str(out), "--today", "2026-12-01", "--no-index"])
    err = capsys.readouterr().err
    assert code == 1
    assert err.strip() == (
        f"Fehler: kein Speicherplatz mehr frei (beim Schreiben nach {out}); nichts wurde veröffentlicht, die Ausgabe bleibt, wie sie war."
    )
    assert _site(out) == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".site.tmp")] == []


def test_a_search_index_pagefind_could_not_write_is_not_taken_for_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Pagefind 1.5 ends with exit 0 when its files could not be written (a full disk, tried on
    a small tmpfs): its empty entry file is no index. On a full disk that is the disk's error."""
    import errno

    from site_builder import index

    site = tmp_path / "site"
    (site / "angebote" / "a").mkdir(parents=True)
    (site / "angebote" / "a" / "index.html").write_text("<html><body data-pagefind-body>Kurs</body></html>")

    def silent(command: list[str], niceness: int = 0) -> tuple[int, str, str]:
        target = Path(command[command.index("--output-path") + 1])
        target.mkdir(parents=True)
        (target / "pagefind-entry.json").write_text("")
        return 0, "", ""

    monkeypatch.setattr(index, "run_tool", silent)
    monkeypatch.setattr(index, "_full", lambda folder: True)
    with pytest.raises(OSError) as raised:
        index.build_index(site, "de", [])
    assert raised.value.errno == errno.ENOSPC
    monkeypatch.setattr(index, "_full", lambda folder: False)
    with pytest.raises(RuntimeError, match="keinen lesbaren Suchindex"):
        index.build_index(site, "de", [], target=tmp_path / "zweiter")


def test_a_real_full_disk_fails_the_build_cleanly(minimal_tree: Path, tmp_path: Path) -> None:
    """The same on a real tmpfs of 100 KiB (where this machine lets root mount one)."""
    disk = tmp_path / "klein"
    disk.mkdir()
    if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=100k", "tmpfs", str(disk)], capture_output=True).returncode != 0:
        pytest.skip("mounting a tmpfs needs root and a system that allows it (a container may not)")
    try:
        done = subprocess.run(
            [sys.executable, str(ROOT / "build.py"), "build", "--source", str(minimal_tree), "--out", str(disk / "site"), "--today", "2026-12-01", "--no-cache"],
            capture_output=True, text=True, timeout=300,
        )
        assert done.returncode == 1, done.stderr
        assert "Fehler: kein Speicherplatz mehr frei" in done.stderr and "Interner Fehler" not in done.stderr
        assert sorted(p.name for p in disk.iterdir()) == []
    finally:
        subprocess.run(["umount", str(disk)], check=False)


def test_a_terminated_build_leaves_the_output_as_it_was_and_nothing_beside_it(minimal_tree: Path, tmp_path: Path) -> None:
    """SIGTERM (a cancelled CI job, ``docker stop``, ``kill``) in the middle of a build, here
    while the search index is made: the build ends as with Ctrl+C (exit 143), the previous
    output stays, and neither the staged folder nor the index's copies stay beside it."""
    out = tmp_path / "site"
    script = (
        "import os, signal, sys, time\n"
        "from site_builder import pipeline\n"
        "from site_builder.cli import main\n"
        "def slow(*args, **kwargs):\n"
        "    os.kill(os.getpid(), signal.SIGTERM)\n"
        "    time.sleep(30)\n"
        "pipeline.build_index = slow\n"
        "sys.exit(main(sys.argv[1:]))\n"
    )
    command = [sys.executable, "-c", script, "build", "--source", str(minimal_tree), "--out", str(out), "--no-cache", "-q"]
    assert subprocess.run([*command, "--no-index", "--today", "2026-12-01"], cwd=ROOT, timeout=120).returncode == 0
    before = _site(out)
    done = subprocess.run([*command, "--today", "2026-12-02"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 143, done.stderr
    assert "Traceback" not in done.stderr
    assert _site(out) == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == [".site.lotse-state.json"]


def test_only_what_a_build_leaves_beside_its_output_is_cleared(minimal_tree: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A killed build's folders beside the output (``.site.tmp-<pid>`` …) are cleared by the
    next build; a folder of someone else there whose name merely looks alike stays."""
    dead = 999_999_999
    ours = [f".site.tmp-{dead}", f".site.old-{dead}", f".site.suchindex-{dead}"]
    theirs = [".site.kopie-3", f".site.sicherung-{dead}", ".site.2026-12-01", f".site-alt.tmp-{dead}"]
    for name in ours + theirs:
        (tmp_path / name).mkdir()
        (tmp_path / name / "notiz.txt").write_text("x\n")
    assert _build(minimal_tree, tmp_path / "site", capsys) == 0
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".site") and p.is_dir()) == sorted(theirs)
