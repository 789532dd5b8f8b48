"""`python build.py serve`: live preview that rebuilds, reloads, shows errors and stays inside."""

from __future__ import annotations

import html
import http.client
import os
import re
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import pytest

from .conftest import ROOT, TODAY, eventually

pytestmark = pytest.mark.slow  # each test starts a preview server


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def get(port: int, path: str) -> tuple[int, str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", path)  # sent as written: no client-side normalising of ../
    response = connection.getresponse()
    body = response.read().decode("utf-8", "replace")
    connection.close()
    return response.status, body


class Events:
    """Listens to the server-sent events stream in the background."""

    def __init__(self, port: int, page: str | None = None):
        self.seen: list[str] = []
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        # As the reload script connects: with the path of the page it is part of.
        self.connection.request("GET", "/__lotse/events" + (f"?seite={quote(page, safe='')}" if page else ""))
        self.response = self.connection.getresponse()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        try:
            for raw in self.response:
                self.seen.append(raw.decode().strip())
        except OSError:
            pass

    def reloads(self) -> int:
        return sum(1 for line in self.seen if line == "event: reload")


LOG: list[str] = []


@pytest.fixture
def server(minimal_tree: Path, tmp_path: Path) -> Iterator[tuple[int, Path, subprocess.Popen[str]]]:
    yield from serving(minimal_tree, tmp_path)


def start_preview(source: Path, port: int, environment: dict[str, str], *options: str) -> subprocess.Popen[str]:
    """``serve`` on ``source`` in a process of its own, once it has named its address."""
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "build.py"), "serve", "--source", str(source), "--port", str(port), *options],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=ROOT, env=environment,
    )
    assert process.stdout is not None
    deadline = time.monotonic() + 60
    for line in process.stdout:
        if line.startswith("Vorschau: "):
            assert f"http://127.0.0.1:{port}/" in line or "--host" in options
            break
        if time.monotonic() > deadline:
            break
    return process


def serving(minimal_tree: Path, tmp_path: Path) -> Iterator[tuple[int, Path, subprocess.Popen[str]]]:
    port = free_port()
    scratch = tmp_path / "scratch"  # the preview's temporary output goes here
    scratch.mkdir()
    process = start_preview(minimal_tree, port, {**os.environ, "TMPDIR": str(scratch)}, "--today", "2026-12-01")
    LOG.clear()
    threading.Thread(target=lambda: [LOG.append(line.strip()) for line in process.stdout], daemon=True).start()  # type: ignore[union-attr]
    yield port, minimal_tree, process
    process.terminate()
    process.wait(timeout=10)
    assert not list(scratch.iterdir()), "die Vorschau hat ihren temporären Ordner nicht entfernt"


def test_edit_reloads_break_shows_errors_fix_recovers(server: tuple[int, Path, subprocess.Popen[str]]) -> None:
    port, tree, _ = server
    status, body = get(port, "/angebote/excel-kompakt/")
    assert status == 200 and "Excel kompakt" in body
    assert "/__lotse/events" in body  # the reload script is added by the server ...
    events = Events(port)
    offer = tree / "offers" / "akademie" / "excel-kompakt.yaml"
    offer.write_text(offer.read_text().replace("title: Excel kompakt", "title: Excel für Fortgeschrittene"))
    eventually(lambda: "Excel für Fortgeschrittene" in get(port, "/angebote/excel-kompakt/")[1], "neuer Titel ausgeliefert")
    eventually(lambda: events.reloads() >= 1, "Reload-Ereignis")
    assert "Excel für Fortgeschrittene" in get(port, "/angebote/")[1]
    # Only the offer's own page and the pages that show it were rendered again, and it says how long it took.
    eventually(lambda: any(re.match(r"Neu erzeugt in [\d.]+ s: \d+ von \d+ Seiten", line) for line in LOG), "Meldung mit Dauer")
    rendered, total = (int(n) for n in re.search(r": (\d+) von (\d+) Seiten", [x for x in LOG if "von" in x][-1]).groups())
    assert 0 < rendered < total
    eventually(lambda: any(line.startswith("Suchindex aktualisiert") for line in LOG[1:]), "Suchindex im Hintergrund")

    offer.write_text(offer.read_text().replace("amount: 189.5", "amount: teuer"))
    eventually(lambda: get(port, "/angebote/excel-kompakt/")[0] == 500, "Fehlerseite")
    status, body = get(port, "/")
    assert status == 500
    assert "offers/akademie/excel-kompakt.yaml:16:11: price.amount: muss eine Zahl ≥ 0 sein, gefunden: &#x27;teuer&#x27;" in body
    assert "1 Fehler gefunden" in body

    offer.write_text(offer.read_text().replace("amount: teuer", "amount: 199"))
    eventually(lambda: get(port, "/angebote/excel-kompakt/")[0] == 200, "Erholung nach der Korrektur")
    assert "199 €" in get(port, "/angebote/excel-kompakt/")[1]
    eventually(lambda: events.reloads() >= 3, "ein Reload je Neubau")


def test_rapid_saves_by_truncate_and_write_end_with_the_last_content(server: tuple[int, Path, subprocess.Popen[str]]) -> None:
    """Editors that truncate a file and write it again, three times within 200 ms and then on
    and on while rebuilds run: the last saved content is served, no traceback is printed."""
    port, tree, process = server
    offer = tree / "offers" / "akademie" / "excel-kompakt.yaml"
    text = offer.read_text()

    def save(title: str) -> None:
        with offer.open("r+", encoding="utf-8") as handle:  # as many editors save: truncate, then write
            handle.truncate(0)
            handle.flush()
            os.fsync(handle.fileno())
            time.sleep(0.01)
            handle.write(text.replace("title: Excel kompakt", f"title: {title}"))

    for number in range(3):
        save(f"Excel Schnell {number}")
        time.sleep(0.06)
    eventually(lambda: "Excel Schnell 2" in get(port, "/angebote/excel-kompakt/")[1], "der dritte Stand wird gezeigt")
    for number in range(12):  # saves while rebuilds, catalogues and the index are under way
        save(f"Excel Dauerlauf {number}")
        time.sleep(0.15)
    eventually(lambda: "Excel Dauerlauf 11" in get(port, "/angebote/excel-kompakt/")[1], "der letzte Stand wird gezeigt")
    eventually(lambda: "Excel Dauerlauf 11" in get(port, "/angebote/")[1], "auch in der Liste")
    time.sleep(1)
    assert not [line for line in LOG if "Traceback" in line or "Error:" in line], LOG


def test_a_save_that_changes_no_page_reloads_no_browser(server: tuple[int, Path, subprocess.Popen[str]]) -> None:
    """The same bytes saved again, or a hidden temporary file coming and going beside a file,
    rebuild and change nothing: no page is told to reload (a reload loses the scroll position);
    the next real change reloads once."""
    port, tree, _ = server
    # The start's own work done first (its catalogues, then its index): a save stopping that
    # work tells the browsers, whose pages may be behind it.
    eventually(lambda: any(line.startswith("Suchindex aktualisiert") for line in LOG), "Start abgeschlossen")
    events = Events(port, "/anbieter/akademie/")
    eventually(lambda: bool(events.seen), "Verbindung für das Neuladen steht")
    provider = tree / "content" / "providers" / "akademie.yaml"
    text = provider.read_text()
    provider.write_text(text)  # saved unchanged: read again, the same; no page of it is rendered
    eventually(lambda: any("0 Dateien geändert" in line for line in LOG), "Neubau ohne Änderung")
    hidden = provider.with_name(".akademie.yaml.tmp")  # an editor's temporary file, a while before the move
    hidden.write_text(text.replace("name: Test-Akademie", "name: Neckar-Akademie"))
    eventually(lambda: sum("0 Dateien geändert" in line for line in LOG) == 2, "Neubau nach dem Ereignis des Ordners")
    time.sleep(0.3)
    assert events.reloads() == 0, LOG
    os.replace(hidden, provider)
    eventually(lambda: "Neckar-Akademie" in get(port, "/anbieter/akademie/")[1], "neuer Name ausgeliefert")
    eventually(lambda: events.reloads() == 1, "ein Neuladen")
    eventually(lambda: any(line.startswith("Alle ") for line in LOG), "die übrigen Seiten gefolgt")
    time.sleep(0.3)
    assert events.reloads() == 1, LOG
    assert not [line for line in LOG if "die übrigen" in line][:-1], LOG  # the same bytes rendered no page


def test_the_page_open_in_the_browser_is_rendered_before_the_others(server: tuple[int, Path, subprocess.Popen[str]]) -> None:
    """A provider's new name reaches its page, its offers' pages and every list showing them:
    the page the browser shows comes first (and reloads), the others follow."""
    port, tree, _ = server
    status, body = get(port, "/anbieter/akademie/")
    assert status == 200 and "&seite='+encodeURIComponent(location.pathname)" in body
    events, other = Events(port, "/anbieter/akademie/"), Events(port, "/beratung/beratung-esslingen/")
    eventually(lambda: bool(events.seen and other.seen), "Verbindungen für das Neuladen stehen")  # the server knows the pages
    provider = tree / "content" / "providers" / "akademie.yaml"
    # Saved as many editors save, through a hidden file moved into place: one event, so one
    # rebuild and its announcements are counted below (a save by truncate and write may reach
    # the watcher as two events and two rebuilds, each announced: see the test above).
    hidden = provider.with_name(".akademie.yaml.tmp")
    hidden.write_text(provider.read_text().replace("name: Test-Akademie", "name: Neckar-Akademie"))
    os.replace(hidden, provider)
    eventually(lambda: any("die geöffnete Seite; die übrigen" in line for line in LOG), "geöffnete Seite zuerst")
    # A page asked for while the others follow is never served as it was: rendered on request
    # (forked workers write the others) or, here, once it is written.
    assert "Neckar-Akademie" in get(port, "/angebote/excel-kompakt/")[1]
    # The others follow ("Alle … Seiten erzeugt"): the lists and the catalogue show the new name.
    others = ["/angebote/", "/themen/it/", "/regionen/esslingen/", "/angebote/beginn/2027-01/", "/katalog/"]
    eventually(lambda: all("Test-Akademie" not in get(port, path)[1] for path in others), "die übrigen Seiten gefolgt")
    assert "Neckar-Akademie" in get(port, "/anbieter/akademie/")[1]
    # The other page (not rendered first) reloads after the first announcement and after the
    # others; the open one only once: it did not change after it was rendered.
    eventually(lambda: other.reloads() == 2, "zweites Neuladen der anderen Seite")
    time.sleep(0.2)
    assert events.reloads() == 1


def test_a_large_guide_is_served_before_its_pages_are_written(tmp_path: Path) -> None:
    """With so many pages that workers are forked, the server answers once the guide is
    checked; a page asked for before the workers wrote it is rendered on request, with its
    stylesheet there."""
    import yaml

    guide = tmp_path / "guide"
    subprocess.run([sys.executable, str(ROOT / "bench" / "generate.py"), "260", str(guide)], check=True, capture_output=True)
    offer = sorted((guide / "offers").rglob("*.yaml"))[0]
    title = yaml.safe_load(offer.read_text(encoding="utf-8"))["title"]
    with contextmanager(serving)(guide, tmp_path) as (port, _, _):
        status, body = get(port, f"/angebote/{offer.stem}/")
        assert status == 200 and html.escape(title) in body
        stylesheet = re.search(r'<link rel="stylesheet" href="([^"]+)"', body)
        assert stylesheet is not None and get(port, stylesheet.group(1))[0] == 200
        # Written after the server's first line: it did not wait for them.
        eventually(lambda: any(re.match(r"Alle \d+ Seiten erzeugt nach", line) for line in LOG), "die Seiten gefolgt")


def test_the_shown_page_is_named_by_its_site_path() -> None:
    from site_builder.serve import site_path

    assert site_path("/") == ""
    assert site_path("/angebote/cnc-kurs/") == "angebote/cnc-kurs/"
    assert site_path("/angebote/cnc-kurs/index.html") == "angebote/cnc-kurs/"
    assert site_path("/angebote/cnc-kurs") == "angebote/cnc-kurs/"
    assert site_path("/f%C3%B6rderung/") == "förderung/"
    assert site_path("/feed.xml") is None and site_path("/404.html") is None
    assert site_path("angebote/") is None and site_path("/a\0b/") is None


def test_saves_through_a_temporary_file_and_new_folders_are_seen(minimal_tree: Path, tmp_path: Path) -> None:
    """Once files are older than the clock tick, the preview trusts folders without file-system
    events and does not even look at their files; editors that save by renaming a hidden
    temporary file, and offers in a new folder, must still show."""
    time.sleep(2.1)
    with contextmanager(serving)(minimal_tree, tmp_path) as (port, tree, _):
        offer = tree / "offers" / "akademie" / "excel-kompakt.yaml"
        get(port, "/")  # let the first build settle
        temporary = offer.with_name(".excel-kompakt.yaml.swp")
        temporary.write_text(offer.read_text().replace("title: Excel kompakt", "title: Excel mit Pivot"))
        os.replace(temporary, offer)
        eventually(lambda: "Excel mit Pivot" in get(port, "/angebote/excel-kompakt/")[1], "Speichern über eine Hilfsdatei")
        folder = tree / "offers" / "zweigstelle"
        folder.mkdir()
        (folder / "excel-aufbau.yaml").write_text(offer.read_text().replace("title: Excel mit Pivot", "title: Excel Aufbau"))
        eventually(lambda: get(port, "/angebote/excel-aufbau/")[0] == 200, "Angebot in neuem Ordner")
        assert "Excel Aufbau" in get(port, "/angebote/")[1]


def _checkout(branch: Path, tree: Path) -> None:
    """Make ``tree`` hold exactly the files of ``branch``, as ``git checkout`` does: only files
    that differ are written, files and folders the branch lacks are removed."""
    wanted = {p.relative_to(branch) for p in branch.rglob("*") if p.is_file()}
    present = {p.relative_to(tree) for p in tree.rglob("*") if p.is_file()}
    for gone in present - wanted:
        (tree / gone).unlink()
    for name in sorted(wanted):
        data = (branch / name).read_bytes()
        if name not in present or (tree / name).read_bytes() != data:
            (tree / name).parent.mkdir(parents=True, exist_ok=True)
            (tree / name).write_bytes(data)
    for folder in sorted((p for p in tree.rglob("*") if p.is_dir()), reverse=True):
        if not any(folder.iterdir()):
            folder.rmdir()


def test_switching_branches_ends_with_a_full_builds_pages_and_then_quiet(minimal_tree: Path, tmp_path: Path) -> None:
    """A branch switch changes many files at once: a new provider with its offers folder, a
    deleted offer, a changed title, and back. Each time the preview ends with what a full build
    gives, and then stays quiet (a deleted folder once made it rebuild ten times a second)."""
    from site_builder.pipeline import build

    from .conftest import copy_tree
    from .sitecheck import snapshot

    def pages(folder: Path) -> dict[str, str] | None:
        """The preview's files but its index, which it rebuilds beside the live one
        (.pagefind-neu, .pagefind-alt) while this reads; None if a file went meanwhile."""
        try:
            return {k: v for k, v in snapshot(folder, skip_pagefind=True).items() if not k.startswith(".pagefind")}
        except FileNotFoundError:
            return None

    main_branch = copy_tree(tmp_path / "main", minimal_tree)
    other = copy_tree(tmp_path / "zweig", minimal_tree)
    provider = other / "content" / "providers"
    (provider / "zweig.yaml").write_text((provider / "akademie.yaml").read_text().replace("name: Test-Akademie", "name: Zweig-Akademie"))
    (other / "offers" / "zweig").mkdir()
    welding = other / "offers" / "akademie" / "mag-schweissen.yaml"
    (other / "offers" / "zweig" / "wig-schweissen.yaml").write_text(
        welding.read_text().replace("provider: akademie", "provider: zweig").replace("title: MAG-Schweißen", "title: WIG-Schweißen")
    )
    (other / "offers" / "akademie" / "python-online.yaml").unlink()
    excel = other / "offers" / "akademie" / "excel-kompakt.yaml"
    excel.write_text(excel.read_text().replace("title: Excel kompakt", "title: Excel im Zweig"))

    port = free_port()
    out = tmp_path / "vorschau"
    process = start_preview(minimal_tree, port, dict(os.environ), "--today", "2026-12-01", "--out", str(out), "--no-cache")
    said: list[str] = []
    threading.Thread(target=lambda: [said.append(line.strip()) for line in process.stdout], daemon=True).start()  # type: ignore[union-attr]
    try:
        for branch in (other, main_branch):
            full = tmp_path / f"voll-{branch.name}"
            build(branch, full, today=TODAY, base_url=f"http://127.0.0.1:{port}/", search_index=False)
            expected = snapshot(full, skip_pagefind=True)
            _checkout(branch, minimal_tree)
            eventually(lambda wanted=expected: pages(out) == wanted, f"Vorschau wie ein ganzer Build ({branch.name})", seconds=60)
        time.sleep(1)  # the index and the idle check that follow the last rebuild
        before = len(said)
        time.sleep(3)
        assert not [line for line in said[before:] if "Neu erzeugt" in line or "ohne Dateiereignis" in line]
        assert not [line for line in said if "Traceback" in line]
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_a_change_without_an_event_is_found_while_idle(minimal_tree: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The preview's read cache trusts event-free folders; ``drifted`` finds what a lost event hid."""
    from site_builder.load import ReadCache, load_sources

    monkeypatch.setattr("site_builder.boundary.SETTLE_NS", 0)  # the copied tree counts as older than the clock tick
    cache = ReadCache(watched=True)
    first = load_sources(minimal_tree, cache)
    offer = minimal_tree / "offers" / "akademie" / "excel-kompakt.yaml"
    offer.write_text(offer.read_text().replace("title: Excel kompakt", "title: Excel still geändert"))
    again = load_sources(minimal_tree, cache)  # no event reported: the folder is trusted
    assert [d.data["title"] for d in again.offers] == [d.data["title"] for d in first.offers]
    assert cache.drifted() == [str(offer)]
    cache.touched(cache.drifted())
    assert "Excel still geändert" in [d.data["title"] for d in load_sources(minimal_tree, cache).offers]
    assert cache.drifted() == []


def test_a_save_whose_event_is_under_way_is_not_called_lost(
    minimal_tree: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A save that lands as a rebuild's catalogues are done has its event on the way: the next
    rebuild takes it, and the console does not claim an event was lost. One whose event is
    lost is found then."""
    from site_builder import serve
    from site_builder.serve import Rebuilder, State

    monkeypatch.setattr("site_builder.boundary.SETTLE_NS", 0)
    rebuilder = Rebuilder(minimal_tree, State(tmp_path / "site"), "http://127.0.0.1:8000/", None)
    offer = minimal_tree / "offers" / "akademie" / "excel-kompakt.yaml"
    page = tmp_path / "site" / "angebote" / "excel-kompakt" / "index.html"
    real_tidy = serve.tidy

    def saved_meanwhile(title: str, event: bool) -> None:
        """The editor saves just before the catch-up looks for lost events."""
        def tidy() -> None:
            real_tidy()
            offer.write_text(re.sub(r"(?m)^title: .*$", f"title: {title}", offer.read_text()))
            if event:
                rebuilder.changed(str(offer))
        monkeypatch.setattr(serve, "tidy", tidy)

    def rebuild() -> str:
        rebuilder.pending.clear()  # as the loop does before it builds
        rebuilder.build()
        return capsys.readouterr().out

    try:
        rebuild()
        saved_meanwhile("Excel frisch gespeichert", event=True)
        assert "ohne Dateiereignis" not in rebuild()
        monkeypatch.setattr(serve, "tidy", real_tidy)
        rebuild()  # the event's rebuild
        assert "Excel frisch gespeichert" in page.read_text()
        saved_meanwhile("Excel ohne Ereignis", event=False)
        assert "1 Änderung(en) ohne Dateiereignis bemerkt" in rebuild()
        monkeypatch.setattr(serve, "tidy", real_tidy)
        rebuild()  # the rebuild the catch-up asked for
        assert "Excel ohne Ereignis" in page.read_text()
    finally:
        rebuilder.stop()


def test_a_deleted_folder_is_forgotten_and_not_found_again_while_idle(minimal_tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A folder that is gone (a provider's offers deleted, a branch without them checked out)
    leaves the read cache with the reading that no longer finds it. Kept, ``drifted`` found it
    changed after every rebuild, and the preview rebuilt ten times a second without end."""
    import shutil

    from site_builder.load import ReadCache, load_sources

    monkeypatch.setattr("site_builder.boundary.SETTLE_NS", 0)
    cache = ReadCache(watched=True)
    nested = minimal_tree / "offers" / "zweigstelle"
    nested.mkdir()
    offer = minimal_tree / "offers" / "akademie" / "excel-kompakt.yaml"
    (nested / "excel-aufbau.yaml").write_text(offer.read_text().replace("title: Excel kompakt", "title: Excel Aufbau"))
    assert "Excel Aufbau" in [d.data["title"] for d in load_sources(minimal_tree, cache).offers]
    assert cache.drifted() == []
    shutil.rmtree(nested)
    cache.touched([str(nested / "excel-aufbau.yaml"), str(nested)])  # what the watcher reports
    assert "Excel Aufbau" not in [d.data["title"] for d in load_sources(minimal_tree, cache).offers]
    assert cache.drifted() == []


TRAVERSALS = ["/../site.yaml", "/%2e%2e/site.yaml", "/angebote/..%2f..%2fsite.yaml", "/%2e%2e%2f%2e%2e%2fetc/passwd", "/..%5c..%5csite.yaml", "/angebote/%00"]


def test_nothing_outside_the_output_is_served(server: tuple[int, Path, subprocess.Popen[str]]) -> None:
    port, _, _ = server
    for path in TRAVERSALS:  # one server for all: each start costs seconds
        status, body = get(port, path)
        assert status == 404, path
        assert "title:" not in body and "root:" not in body, path


def test_built_output_never_contains_the_reload_script(minimal_tree: Path, tmp_path: Path) -> None:
    from site_builder.pipeline import build

    out = tmp_path / "out"
    build(minimal_tree, out, search_index=False)
    assert not [p for p in out.rglob("*.html") if "__lotse" in p.read_text()]


def test_a_draft_previews_with_a_banner_instead_of_the_404_page(minimal_tree: Path, tmp_path: Path) -> None:
    offer = minimal_tree / "offers" / "akademie" / "excel-kompakt.yaml"
    draft = offer.with_name("excel-entwurf.yaml")
    draft.write_text(offer.read_text().replace("title: Excel kompakt", "title: Excel im Entwurf") + "draft: true\n")
    with contextmanager(serving)(minimal_tree, tmp_path) as (port, _, _):
        status, body = get(port, "/angebote/excel-entwurf/")
        assert status == 200
        assert "Entwurf – nicht veröffentlicht." in body and "<h1" in body and "Excel im Entwurf" in body
        assert body.index("lotse-entwurf") > body.index("<main")
        assert "Excel im Entwurf" not in get(port, "/angebote/")[1], "a draft is still not listed"
        assert get(port, "/angebote/gibt-es-nicht/")[0] == 404
        assert "Entwurf" not in get(port, "/angebote/excel-kompakt/")[1]
        # Once the flag is gone, the real page is served, without the banner. (The list is
        # written before the offer's page: wait for the page itself.)
        draft.write_text(draft.read_text().replace("draft: true\n", ""))

        def published() -> bool:
            status, body = get(port, "/angebote/excel-entwurf/")
            return status == 200 and "Excel im Entwurf" in body and "lotse-entwurf" not in body

        eventually(published, "veröffentlicht, ohne Hinweis")
        assert "Excel im Entwurf" in get(port, "/angebote/")[1]


def test_a_drafts_open_page_reloads_when_the_draft_is_saved(minimal_tree: Path, tmp_path: Path) -> None:
    """A draft's page is rendered on request and never written: a save of the draft changes no
    file, yet the browser showing its page reloads. A save of another file that changes no
    page does not reload it."""
    import queue

    from site_builder.serve import Rebuilder, State

    offer = minimal_tree / "offers" / "akademie" / "excel-kompakt.yaml"
    draft = offer.with_name("excel-entwurf.yaml")
    draft.write_text(offer.read_text().replace("title: Excel kompakt", "title: Excel im Entwurf") + "draft: true\n")
    state = State(tmp_path / "site")
    rebuilder = Rebuilder(minimal_tree, state, "http://127.0.0.1:8000/", None)
    tab: queue.Queue[int] = queue.Queue()

    def saved(path: Path) -> None:
        rebuilder.changed(str(path))
        rebuilder.pending.clear()  # as the loop does before it builds
        rebuilder.build()

    try:
        rebuilder.build()
        with state.lock:
            state.listeners.append(tab)
            state.showing[tab] = "angebote/excel-entwurf/"
        draft.write_text(draft.read_text().replace("Excel im Entwurf", "Excel im zweiten Entwurf"))
        saved(draft)
        assert not tab.empty(), "the draft's page was not told to reload"
        assert b"Excel im zweiten Entwurf" in (rebuilder.draft_page("/angebote/excel-entwurf/") or b"")
        tab.queue.clear()
        saved(minimal_tree / "site.yaml")  # saved as it was
        assert tab.empty()
    finally:
        rebuilder.stop()


def test_a_busy_port_is_named_in_german_and_nothing_is_left_behind(minimal_tree: Path, tmp_path: Path) -> None:
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [sys.executable, str(ROOT / "build.py"), "serve", "--source", str(minimal_tree), "--port", str(port)],
            capture_output=True, text=True, cwd=ROOT, env={**os.environ, "TMPDIR": str(scratch)}, timeout=60,
        )
    assert result.returncode == 2
    assert f"Fehler: Port {port} ist schon belegt" in result.stderr
    assert f"python build.py serve --port {port + 1}" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert not list(scratch.iterdir()), "der temporäre Ordner der Vorschau ist geblieben"


def test_the_preview_listens_on_ipv6_on_every_address_and_names_an_unknown_host(minimal_tree: Path, tmp_path: Path) -> None:
    """--host ::1 (IPv6) serves; --host 0.0.0.0 is shown as localhost, with a word that it is
    reachable from the network; a host that does not resolve is one German line, exit 2."""
    try:
        with socket.socket(socket.AF_INET6) as probe:
            probe.bind(("::1", 0))
    except OSError:
        pytest.skip("this machine has no IPv6 loopback address")
    port = free_port()
    process = start_preview(minimal_tree, port, dict(os.environ), "--host", "::1", "--today", "2026-12-01")
    try:
        connection = http.client.HTTPConnection("::1", port, timeout=10)
        connection.request("GET", "/angebote/")
        response = connection.getresponse()
        assert response.status == 200 and "Excel kompakt" in response.read().decode()
        connection.close()
    finally:
        process.terminate()
        process.wait(timeout=10)

    port = free_port()
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "build.py"), "serve", "--source", str(minimal_tree), "--port", str(port), "--host", "0.0.0.0"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=ROOT,
    )
    try:
        assert process.stdout is not None
        shown = next(line for line in process.stdout if line.startswith("Vorschau: "))
        assert shown.startswith(f"Vorschau: http://localhost:{port}/ – auch über die Netzwerkadressen dieses Rechners erreichbar")
        assert get(port, "/")[0] == 200
    finally:
        process.terminate()
        process.wait(timeout=10)

    result = subprocess.run(
        [sys.executable, str(ROOT / "build.py"), "serve", "--source", str(minimal_tree), "--host", "gibt-es-nicht.invalid"],
        capture_output=True, text=True, cwd=ROOT, env={**os.environ, "TMPDIR": str(tmp_path)}, timeout=60,
    )
    assert result.returncode == 2
    assert "Fehler: Die Adresse 'gibt-es-nicht.invalid' ist unbekannt" in result.stderr and "Traceback" not in result.stderr


IN_MEMORY = Path("/dev/shm")


def test_the_preview_keeps_its_pages_in_memory_when_there_is_room(
    minimal_tree: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from site_builder import serve
    from site_builder.write import in_memory

    if not in_memory(IN_MEMORY):
        pytest.skip("/dev/shm ist auf diesem Rechner kein tmpfs")
    monkeypatch.delenv("TMPDIR", raising=False)
    assert serve.preview_scratch(minimal_tree) == str(IN_MEMORY)
    assert serve.preview_scratch(minimal_tree, tmp_path) is None, "ein Ordner auf der Platte ist kein Speicher"
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    assert serve.preview_scratch(minimal_tree) is None, "ein gesetztes TMPDIR gilt"
    monkeypatch.delenv("TMPDIR")
    usage = serve.shutil.disk_usage(IN_MEMORY)
    monkeypatch.setattr(serve.shutil, "disk_usage", lambda path: usage._replace(free=64 * 2**20))
    assert serve.preview_scratch(minimal_tree) is None, "zu wenig Platz neben anderen (ein Container: 64 MiB)"
    monkeypatch.setattr(serve.shutil, "disk_usage", lambda path: usage._replace(free=300 * 2**20))
    assert serve.preview_scratch(minimal_tree) == str(IN_MEMORY)


def test_without_tmpdir_the_preview_writes_into_memory_and_leaves_nothing(minimal_tree: Path) -> None:
    from site_builder.write import in_memory

    if not in_memory(IN_MEMORY):
        pytest.skip("/dev/shm ist auf diesem Rechner kein tmpfs")
    before = set(IN_MEMORY.glob("lotse-serve-*"))
    # A title of this run's own: another preview of the same fixture (a test on the other core)
    # has the same list of offers.
    offer = minimal_tree / "offers" / "akademie" / "excel-kompakt.yaml"
    mark = f"Excel {os.getpid()}-{time.monotonic_ns()}"
    offer.write_text(offer.read_text().replace("title: Excel kompakt", f"title: {mark}"))
    port = free_port()
    environment = {name: value for name, value in os.environ.items() if name != "TMPDIR"}
    process = start_preview(minimal_tree, port, environment, "--today", "2026-12-01")
    try:
        status, body = get(port, "/angebote/")
        assert status == 200
        assert mark in body
        # Ours among any other preview's: the one whose list of offers holds this run's title.
        ours = [
            folder for folder in set(IN_MEMORY.glob("lotse-serve-*")) - before
            if (page := folder / "site" / "angebote" / "index.html").is_file() and mark in page.read_text(encoding="utf-8")
        ]
        assert len(ours) == 1, "die Seiten der Vorschau liegen nicht im Speicher"
    finally:
        process.terminate()
        process.wait(timeout=10)
    assert not ours[0].exists(), "die Vorschau hat ihren Ordner im Speicher nicht entfernt"


def test_an_offer_page_not_written_yet_is_not_held_up_by_a_running_rebuild(minimal_tree: Path, tmp_path: Path) -> None:
    """A missing offer page may be a draft, whose preview waits until the running rebuild is
    done. For any other offer page (one a rebuild has yet to write, a mistyped address) the
    404 came only then: at 10,000 offers a request during the first build waited half a
    minute (measured: a save right after the start, the offer page then answered after the
    client's 5 s timeout). Only the drafts of the last check wait now."""
    import threading
    import time

    from site_builder.serve import Rebuilder, State

    offer = minimal_tree / "offers" / "akademie" / "excel-kompakt.yaml"
    offer.with_name("excel-entwurf.yaml").write_text(offer.read_text().replace("title: Excel kompakt", "title: Excel im Entwurf") + "draft: true\n")
    rebuilder = Rebuilder(minimal_tree, State(tmp_path / "site"), "http://127.0.0.1:8000/", None)
    rebuilder.build()
    try:
        assert rebuilder.drafts == {"excel-entwurf"}
        assert b"Excel im Entwurf" in (rebuilder.draft_page("/angebote/excel-entwurf/") or b"")
        answers: list[bytes | None] = []
        with rebuilder.busy:  # a rebuild runs
            asking = threading.Thread(target=lambda: answers.append(rebuilder.draft_page("/angebote/gibt-es-nicht/")))
            started = time.monotonic()
            asking.start()
            asking.join(5)
            assert not asking.is_alive() and answers == [None] and time.monotonic() - started < 2
            waiting = threading.Thread(target=lambda: answers.append(rebuilder.draft_page("/angebote/excel-entwurf/")))
            waiting.start()
            waiting.join(0.5)
            assert waiting.is_alive(), "the draft's preview reads the preview's memory: it waits for the rebuild"
        waiting.join(10)
        assert b"Excel im Entwurf" in (answers[-1] or b"")
    finally:
        rebuilder.stop()


def test_a_full_folder_is_named_with_its_way_out(minimal_tree: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """When the preview's folder (in memory, say) has no room left, every page and the terminal
    say so in German, with the way out; the next save that fits is served again."""
    import errno

    from site_builder import incremental, serve
    from site_builder.serve import Rebuilder, State

    out = tmp_path / "vorschau" / "site"
    rebuilder = Rebuilder(minimal_tree, State(out), "http://127.0.0.1:8000/", None)
    real = incremental.replace_file

    def full(target: str, data: bytes) -> None:
        raise OSError(errno.ENOSPC, "No space left on device", target)

    monkeypatch.setattr(incremental, "replace_file", full)
    monkeypatch.setattr(serve, "in_memory", lambda path: False)  # on disk: no other way out
    try:
        rebuilder.build()
        assert rebuilder.state.error == f"Kein Platz mehr für die Seiten der Vorschau in {out}: Platz schaffen."
        assert "Traceback" not in capsys.readouterr().err
        monkeypatch.setattr(serve, "in_memory", lambda path: True)  # in memory: the way out is the disk
        rebuilder.failed(OSError(errno.ENOSPC, "No space left on device"))
        assert rebuilder.state.error.endswith("Platz schaffen oder die Vorschau mit --out ORDNER auf die Festplatte schreiben lassen.")
        monkeypatch.setattr(incremental, "replace_file", real)
        rebuilder.changed(str(minimal_tree / "site.yaml"))
        rebuilder.build()
        assert rebuilder.state.error is None and (out / "index.html").is_file()
    finally:
        rebuilder.stop()


def test_serve_reads_through_the_cache_named_on_the_command_line(minimal_tree: Path, tmp_path: Path) -> None:
    """``serve --cache DIR`` fills the build's cache of file values at its start (so the next
    start, and the next build, parse nothing unchanged); ``--no-cache`` leaves it alone."""
    time.sleep(2.1)  # the copied files settle: only settled files are read through the cache
    chosen, default = tmp_path / "zwischen", tmp_path / "standard"
    for options in (["--cache", str(chosen)], ["--no-cache"]):
        port = free_port()
        environment = {**os.environ, "TMPDIR": str(tmp_path), "LOTSE_CACHE": str(default)}
        process = start_preview(minimal_tree, port, environment, *options)
        try:
            assert get(port, "/")[0] == 200
        finally:
            process.terminate()
            process.wait(timeout=10)
        assert len(list(chosen.glob("*.json"))) == 1, "der genannte Zwischenspeicher wurde nicht gefüllt"
        assert not default.exists(), "der Standardordner wurde benutzt"


def test_a_second_signal_while_the_preview_tidies_up_still_removes_its_folder(minimal_tree: Path, tmp_path: Path) -> None:
    """Ctrl+C pressed twice, or SIGTERM to the whole group (``timeout``, a process manager): the
    second signal arrives while the preview tidies up after the first. It used to break off the
    tidying and leave the temporary folder (in memory, 600 MiB at 10,000 offers)."""
    import signal

    scratch = tmp_path / "scratch"
    scratch.mkdir()
    process = start_preview(minimal_tree, free_port(), {**os.environ, "TMPDIR": str(scratch)}, "--today", "2026-12-01")
    assert process.stdout is not None
    assert list(scratch.iterdir()), "die Vorschau hat keinen temporären Ordner"
    process.send_signal(signal.SIGTERM)
    process.send_signal(signal.SIGINT)  # handled right after the first: during the tidying
    output = process.stdout.read()
    process.wait(timeout=30)
    assert not list(scratch.iterdir()), "der temporäre Ordner der Vorschau ist geblieben"
    assert "Traceback" not in output


def test_a_note_is_printed_once_shown_above_its_offer_and_resolved(minimal_tree: Path, tmp_path: Path) -> None:
    """A save that makes an offer draw a note (validate's: a programme it names but visibly
    breaks, dates over before its ``updated``) prints it once in the console, not again on
    later rebuilds; the offer's page (the 404 page of one left out) shows it above its content
    without blocking it; and once fixed the console says it is resolved and the page is plain."""
    from .test_validation import FUNDING_NOTE, _names_a_programme_it_breaks

    _names_a_programme_it_breaks(minimal_tree)
    offer = minimal_tree / "offers" / "akademie" / "python-online.yaml"
    named = offer.read_text(encoding="utf-8")
    offer.write_text(named.replace("funding: [bildungsgutschein]\n", ""), encoding="utf-8")
    with contextmanager(serving)(minimal_tree, tmp_path) as (port, _, _):
        assert "lotse-hinweis" not in get(port, "/angebote/python-online/")[1]
        offer.write_text(named, encoding="utf-8")
        eventually(lambda: f"Hinweis: {FUNDING_NOTE}" in LOG, "Hinweis in der Konsole")
        eventually(lambda: "lotse-hinweis" in get(port, "/angebote/python-online/")[1], "Hinweis auf der Seite")
        status, body = get(port, "/angebote/python-online/")
        assert status == 200 and body.index("<main") < body.index("lotse-hinweis") < body.index("<h1")
        assert "Hinweis für die Redaktion" in body and "der Kurs umfasst 16 Unterrichtsstunden, das Programm verlangt mehr als 120" in body
        assert "lotse-hinweis" not in get(port, "/angebote/excel-kompakt/")[1]

        offer.write_text(named.replace("title: Python für Einsteiger", "title: Python für Neugierige"), encoding="utf-8")
        eventually(lambda: "Python für Neugierige" in get(port, "/angebote/python-online/")[1], "neuer Titel")
        old = minimal_tree / "offers" / "akademie" / "alter-kurs.yaml"
        old.write_text(old.read_text(encoding="utf-8").replace("updated: 2026-01-01", "updated: 2026-06-01"), encoding="utf-8")
        eventually(lambda: any(line.startswith("Hinweis: offers/akademie/alter-kurs.yaml:8:5: dates[0]: alle Termine") for line in LOG),
                   "Hinweis zum Stand")
        status, body = get(port, "/angebote/alter-kurs/")
        assert status == 404 and "lotse-hinweis" in body and "Jahreszahl vertippt?" in body
        assert LOG.count(f"Hinweis: {FUNDING_NOTE}") == 1, "unchanged notes are not printed on every rebuild"

        offer.write_text(named.replace("funding: [bildungsgutschein]\n", ""), encoding="utf-8")
        eventually(lambda: "Erledigt: offers/akademie/python-online.yaml: funding[0]: Der Hinweis entfällt." in LOG, "erledigt")
        eventually(lambda: "lotse-hinweis" not in get(port, "/angebote/python-online/")[1], "Seite ohne Hinweis")


def test_the_error_page_shows_the_lines_around_each_mistake(tmp_path: Path) -> None:
    """As a compiler or a dev server shows a mistake: the numbered lines of the file around it,
    its line marked, a caret under its column (hidden from screen readers, which hear the
    line's number in the excerpt's label). A field missing from the whole file (1:1), a file
    that is gone and a spreadsheet get the line alone; so do problems after the first 50."""
    from site_builder.problems import Problem
    from site_builder.serve import EXCERPTS, State, error_page

    (tmp_path / "offers").mkdir()
    (tmp_path / "offers" / "kurs.yaml").write_text("titel: Schweißen <MAG>\nprovider: akademie\nformat: praesenz\n", encoding="utf-8")
    (tmp_path / "offers" / "kurse.xlsx").write_bytes(b"PK\x03\x04")
    state = State(tmp_path / "site", tmp_path)
    state.problems = [
        Problem("offers/kurs.yaml", 1, 1, "titel", "unbekanntes Feld; meinten Sie 'title'?"),
        Problem("offers/kurs.yaml", 3, 9, "format", "unbekannter Wert"),
        Problem("offers/kurs.yaml", 1, 1, "title", "Pflichtfeld fehlt"),
        Problem("offers/weg.yaml", 4, 3, "dates", "Pflichtfeld fehlt"),
        Problem("offers/kurse.xlsx", 2, 1, "", "Zeile 2: Preis fehlt"),
    ]
    page = error_page(state).decode()
    items = page.split("<li>")[1:]
    assert '<mark><span class="nr">1 |</span> titel: Schweißen &lt;MAG&gt;</mark>\n<span class="nr">2 |</span> provider: akademie</pre></figure>' in items[0]
    assert 'aria-label="Zeilen 1 bis 2 von offers/kurs.yaml, Zeile 1 markiert"' in items[0]
    assert '<span class="nr">1 |</span> titel' in items[1] and '<mark><span class="nr">3 |</span> format: praesenz</mark>' in items[1]
    assert '<span aria-hidden="true">' + " " * 12 + "^</span>" in items[1]
    assert all("<figure" not in item for item in items[2:])
    state.problems = [Problem("offers/kurs.yaml", 2, 1, f"feld{i}", "unbekanntes Feld") for i in range(EXCERPTS + 3)]
    assert error_page(state).decode().count("<figure") == EXCERPTS
    # Without the guide's folder (a state made for a test of requests): the lines alone.
    unknown = State(tmp_path / "site")
    unknown.problems = state.problems
    assert "<figure" not in error_page(unknown).decode() and "feld0" in error_page(unknown).decode()


def test_while_a_file_has_errors_the_error_page_still_shows_the_notes_of_the_others(minimal_tree: Path, tmp_path: Path) -> None:
    """An error in one offer must not hide what the others draw: the error page lists the
    notes of the offers that passed below the errors (a new one too), the file with the error
    has only its errors; once fixed, the notes are above their pages again and each is printed
    in the console once – none again, none as resolved."""
    from .test_validation import FUNDING_NOTE, _names_a_programme_it_breaks

    _names_a_programme_it_breaks(minimal_tree)
    python = minimal_tree / "offers" / "akademie" / "python-online.yaml"
    named = python.read_text(encoding="utf-8")
    python.write_text(named.replace("funding: [bildungsgutschein]\n", ""), encoding="utf-8")
    with contextmanager(serving)(minimal_tree, tmp_path) as (port, _, _):
        python.write_text(named, encoding="utf-8")
        eventually(lambda: f"Hinweis: {FUNDING_NOTE}" in LOG, "Hinweis in der Konsole")
        excel = minimal_tree / "offers" / "akademie" / "excel-kompakt.yaml"
        plain = excel.read_text(encoding="utf-8")
        excel.write_text(plain.replace("amount: 189.5", "amount: teuer"), encoding="utf-8")
        eventually(lambda: get(port, "/angebote/python-online/")[0] == 500, "Fehlerseite")
        status, body = get(port, "/")
        assert status == 500 and "1 Fehler gefunden" in body
        errors, notes = body.split("<h2>Hinweise</h2>")
        assert "offers/akademie/excel-kompakt.yaml:16:11: price.amount:" in errors
        # The lines of the file around the mistake, its line marked and a caret under the value.
        assert '<span class="nr">15 |</span> price:\n<mark><span class="nr">16 |</span>   amount: teuer</mark>\n' \
            '<span aria-hidden="true">' + " " * 15 + "^</span>" in errors
        assert f"<code>{html.escape(FUNDING_NOTE)}</code>" in notes

        # A note that comes while the error stays is shown too; one of a file with an error is not.
        old = minimal_tree / "offers" / "akademie" / "alter-kurs.yaml"
        old.write_text(old.read_text(encoding="utf-8").replace("updated: 2026-01-01", "updated: 2026-06-01"), encoding="utf-8")
        eventually(lambda: "alter-kurs.yaml:8:5: dates[0]: alle Termine" in get(port, "/")[1], "neuer Hinweis auf der Fehlerseite")
        python.write_text(named.replace("hours: 16", "hours: viele"), encoding="utf-8")
        eventually(lambda: "2 Fehler gefunden" in get(port, "/")[1], "zweiter Fehler")
        assert "funding[0]: das Angebot nennt" not in get(port, "/")[1]
        python.write_text(named, encoding="utf-8")
        eventually(lambda: "1 Fehler gefunden" in get(port, "/")[1] and FUNDING_NOTE.split(": ", 1)[1] in html.unescape(get(port, "/")[1]),
                   "Hinweis wieder auf der Fehlerseite")

        excel.write_text(plain, encoding="utf-8")
        eventually(lambda: get(port, "/angebote/python-online/")[0] == 200, "Erholung nach der Korrektur")
        eventually(lambda: "lotse-hinweis" in get(port, "/angebote/python-online/")[1], "Hinweis wieder über dem Angebot")
        eventually(lambda: any(line.startswith("Hinweis: offers/akademie/alter-kurs.yaml:8:5:") for line in LOG), "neuer Hinweis in der Konsole")
        assert "<h2>Hinweise</h2>" not in get(port, "/")[1]
        time.sleep(1)
        assert LOG.count(f"Hinweis: {FUNDING_NOTE}") == 1, "a note the error page showed is not printed again"
        assert sum(line.startswith("Hinweis: offers/akademie/alter-kurs.yaml") for line in LOG) == 1
        assert not [line for line in LOG if line.startswith("Erledigt:")]
