"""The content tree is a boundary: only regular files inside it are read, and what a refused
file holds appears nowhere (not in messages, not in the output)."""

from __future__ import annotations

import errno
import os
import socket
from pathlib import Path
from typing import Any

import pytest

from site_builder import boundary

from .hostile import OFFERS, TOKEN, deadline, digest, files_holding, run


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    """A file outside every content tree that holds a (fake) credential."""
    path = tmp_path / "outside" / "token.txt"
    path.parent.mkdir()
    path.write_text(f"title: {TOKEN}\nGITHUB_TOKEN={TOKEN}\n")
    return path


# --- The content tree is a boundary -------------------------------------------------------


def test_a_link_to_a_secret_is_refused_and_the_secret_appears_nowhere(
    minimal_tree: Path, secret: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "site"
    assert run(capsys, "build", "--source", str(minimal_tree), "--out", str(out), "--today", "2026-12-01", "--no-index")[0] == 0
    before = digest(out)
    (minimal_tree / OFFERS / "geheim.yaml").symlink_to(secret)
    (minimal_tree / "templates" / "assets").mkdir(parents=True)
    (minimal_tree / "templates" / "assets" / "umgebung.txt").symlink_to(secret)
    (minimal_tree / "templates" / "base.html").symlink_to(secret)
    (minimal_tree / "content" / "pages" / "geheim.md").symlink_to(secret)
    outputs = []
    for args in (("validate",), ("validate", "--format", "json"), ("validate", "--format", "github"), ("build", "--out", str(out), "--no-index")):
        code, output = run(capsys, *args, "--source", str(minimal_tree))
        assert code == 1, output
        outputs.append(output)
    text = "\n".join(outputs)
    assert TOKEN not in text
    for name in ("offers/akademie/geheim.yaml", "templates/assets/umgebung.txt", "templates/base.html", "content/pages/geheim.md"):
        assert f"{name}:1:1: Datei liegt über einen symbolischen Link außerhalb des Inhaltsverzeichnisses" in outputs[0]
    assert digest(out) == before  # the failed build changed nothing
    assert files_holding(tmp_path, TOKEN) == [secret.as_posix()]  # not in the output, nor the state file beside it


def test_links_inside_the_tree_are_followed(minimal_tree: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shared = minimal_tree / "gemeinsam"
    shared.mkdir()
    (minimal_tree / OFFERS / "python-online.yaml").rename(shared / "python-online.yaml")
    (minimal_tree / OFFERS / "python-online.yaml").symlink_to(Path("../../gemeinsam/python-online.yaml"))
    linked = minimal_tree / "weitere"
    linked.mkdir()
    (linked / "python-kurs.yaml").write_bytes((shared / "python-online.yaml").read_bytes())
    (minimal_tree / "offers" / "verlinkt").symlink_to(Path("../weitere"), target_is_directory=True)
    code, output = run(capsys, "build", "--source", str(minimal_tree), "--out", str(tmp_path / "site"), "--today", "2026-12-01", "--no-index")
    assert code == 0, output
    assert (tmp_path / "site" / "angebote" / "python-online" / "index.html").is_file()
    assert (tmp_path / "site" / "angebote" / "python-kurs" / "index.html").is_file()


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _socket(path: Path) -> None:
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))
    server.close()


SPECIAL = {
    "fifo": (_fifo, "erwartet wird eine gewöhnliche Datei, gefunden: eine benannte Pipe (FIFO); sie wird nicht gelesen"),
    "socket": (_socket, "erwartet wird eine gewöhnliche Datei, gefunden: ein Socket; sie wird nicht gelesen"),
    "device": (lambda p: p.symlink_to("/dev/zero"), "Datei liegt über einen symbolischen Link außerhalb des Inhaltsverzeichnisses"),
    "folder": (lambda p: p.mkdir(), "erwartet wird eine gewöhnliche Datei, gefunden: ein Ordner; sie wird nicht gelesen"),
    "dangling": (lambda p: p.symlink_to(p.parent / "gibt-es-nicht.yaml"), "Datei ist ein symbolischer Link ins Leere (das Ziel fehlt)"),
    "loop": (
        lambda p: (p.symlink_to(p.parent / "zurueck.yaml"), (p.parent / "zurueck.yaml").symlink_to(p)),
        "Datei ist ein symbolischer Link, der im Kreis verweist; bitte durch die Datei selbst ersetzen",
    ),
}


@pytest.mark.parametrize("kind", sorted(SPECIAL))
@pytest.mark.parametrize("where", ["offers/akademie/spezial.yaml", "site.yaml", "content/pages/spezial.md"])
def test_special_files_are_content_errors_and_never_block(
    kind: str, where: str, minimal_tree: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    if kind == "folder" and where != "site.yaml":
        pytest.skip("a folder among offers is walked, not read; only named files must be files")
    make, message = SPECIAL[kind]
    target = minimal_tree / where
    if target.exists():
        target.unlink()
    make(target)
    out = tmp_path / "site"
    # A build, not only validate: the build fingerprints its inputs before it reads them.
    with deadline(60):
        code, output = run(capsys, "build", "--source", str(minimal_tree), "--out", str(out), "--no-index")
    assert code == 1, output
    assert f"{where}:1:1: {message}" in output
    assert "Traceback" not in output and not out.exists()


def test_device_inside_the_tree_is_never_opened(tmp_path: Path) -> None:
    # /dev is the tree here: the link stays inside, and the reader still refuses the device.
    with pytest.raises(boundary.Refused, match="gefunden: eine Gerätedatei"):
        boundary.read_bytes("/dev/zero", ["/dev"], 100)


def test_unreadable_files_and_folders_are_content_errors(
    minimal_tree: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # As root every file is readable; the system's answer for another user is simulated.
    locked_file = os.path.realpath(minimal_tree / OFFERS / "excel-kompakt.yaml")
    locked_folder = os.path.realpath(minimal_tree / "content" / "advisory-points")
    real_open, real_scandir = os.open, os.scandir

    def deny_open(path: Any, *args: Any, **kwargs: Any) -> int:
        if os.fspath(path) == locked_file:
            raise PermissionError(errno.EACCES, "Permission denied", path)
        return real_open(path, *args, **kwargs)

    def deny_scandir(path: Any = ".") -> Any:
        if os.fspath(path) == locked_folder:
            raise PermissionError(errno.EACCES, "Permission denied", path)
        return real_scandir(path)

    monkeypatch.setattr(os, "open", deny_open)
    monkeypatch.setattr(os, "scandir", deny_scandir)
    code, output = run(capsys, "validate", "--source", str(minimal_tree))
    assert code == 1
    assert "offers/akademie/excel-kompakt.yaml:1:1: Datei kann nicht gelesen werden: keine Leserechte" in output
    assert "content/advisory-points:1:1: Ordner kann nicht gelesen werden: keine Berechtigung" in output


def test_linked_folders_outside_the_tree_or_in_a_loop_are_reported(
    minimal_tree: Path, secret: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (minimal_tree / "offers" / "extern").symlink_to(secret.parent, target_is_directory=True)
    secret.rename(secret.with_suffix(".yaml"))
    (minimal_tree / OFFERS / "schleife").symlink_to(minimal_tree / "offers", target_is_directory=True)
    code, output = run(capsys, "validate", "--source", str(minimal_tree))
    assert code == 1 and TOKEN not in output
    assert "offers/extern:1:1: Ordner liegt über einen symbolischen Link außerhalb des Inhaltsverzeichnisses" in output
    assert "offers/akademie/schleife:1:1: Ordner ist ein symbolischer Link auf einen Ordner, der schon gelesen wird (Schleife)" in output


def test_a_folder_where_a_file_belongs_and_a_file_where_a_folder_belongs(minimal_tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (minimal_tree / "content" / "taxonomies.yaml").rename(minimal_tree / "content" / "taxonomies.yml")
    for path in (minimal_tree / "offers").rglob("*.yaml"):
        path.unlink()
    for folder in sorted((minimal_tree / "offers").rglob("*"), reverse=True):
        folder.rmdir()
    (minimal_tree / "offers").rmdir()
    (minimal_tree / "offers").write_text("kein Ordner\n")
    code, output = run(capsys, "validate", "--source", str(minimal_tree))
    assert code == 1
    assert "content/taxonomies.yaml:1:1: Datei fehlt: content/taxonomies.yaml (gefunden: taxonomies.yml – bitte in taxonomies.yaml umbenennen)" in output
    assert "offers:1:1: erwartet wird ein Ordner, gefunden: eine Datei" in output


def test_an_offer_saved_by_an_editor_with_another_ending_is_named(minimal_tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Windows' editor saves 'kurs.yaml' as 'kurs.yaml.txt'; a word processor as '.docx'. Both
    would be passed over without a word, and the offer would be missing from the site."""
    offer = minimal_tree / OFFERS / "python-online.yaml"
    offer.rename(offer.with_name("python-online.yaml.txt"))
    (minimal_tree / OFFERS / "neuer-kurs.docx").write_bytes(b"PK\x03\x04")
    (minimal_tree / OFFERS / "notizen.txt").write_text("Ideen\n", encoding="utf-8")  # no content file: left alone
    code, output = run(capsys, "validate", "--source", str(minimal_tree))
    assert code == 1
    assert (
        f"{OFFERS}/python-online.yaml.txt:1:1: Dateiendung '.txt' wird nicht gelesen (oft vom Editor angehängt);"
        " bitte umbenennen in 'python-online.yaml'" in output
    )
    assert f"{OFFERS}/neuer-kurs.docx:1:1: ein Textdokument ('.docx') wird nicht gelesen" in output
    assert "notizen.txt" not in output


def test_size_is_checked_before_reading(minimal_tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with (minimal_tree / OFFERS / "riesig.yaml").open("wb") as handle:
        handle.truncate(50 * 1024 * 1024 * 1024)  # sparse: 50 GiB of size and no disk space
    code, output = run(capsys, "validate", "--source", str(minimal_tree))
    assert code == 1
    assert "offers/akademie/riesig.yaml:1:1: Datei ist zu groß (53687091200 Bytes); erlaubt sind höchstens 1 MiB" in output


# --- What an editor or the system leaves beside the assets is not published ---------------

LEFT_BEHIND = [
    ".git/config", ".git/objects/ab/cdef", "bilder/.svn/entries", ".env", ".DS_Store", ".htpasswd", "bilder/.DS_Store",
    "Thumbs.db", "bilder/desktop.ini", "lotse.css~", ".lotse.css.swp", ".#lotse.css", "#lotse.css#", "~$kurse.xlsx",
    "logo.svg.bak", "suche.js.orig", "bilder/alt.tmp",
]


def test_files_left_beside_the_assets_are_not_published(minimal_tree: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """templates/assets/ is published as it is: what git, an operating system or an editor
    leaves there (a repository, credentials, thumbnails, lock files, backups) is not."""
    assets = minimal_tree / "templates" / "assets"
    for name in [*LEFT_BEHIND, "bilder/logo.svg", "kurse.xlsx"]:
        (assets / name).parent.mkdir(parents=True, exist_ok=True)
        (assets / name).write_text(f"{name}: {TOKEN}\n" if name in LEFT_BEHIND else "<svg/>\n")
    out = tmp_path / "site"
    code, output = run(capsys, "build", "--source", str(minimal_tree), "--out", str(out), "--today", "2026-12-01", "--no-index")
    assert code == 0, output
    assert (out / "assets" / "bilder" / "logo.svg").is_file() and (out / "assets" / "kurse.xlsx").is_file()
    assert (out / "assets" / "lotse.css").is_file()  # the built-in ones are still there
    assert files_holding(out, TOKEN) == []
    assert not [p for p in (out / "assets").rglob("*") if p.name.startswith(".")]


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("id_rsa", "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n"),
        ("server.pem", "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n-----BEGIN PRIVATE KEY-----\nMIIE\n"),
        ("zugang.txt", "-----BEGIN EC PRIVATE KEY-----\nMHcC\n-----END EC PRIVATE KEY-----\n"),
        ("schluessel.ppk", "PuTTY-User-Key-File-3: ssh-ed25519\n"),
        ("tresor.kdbx", "\x03\xd9\xa2\x9a"),
    ],
)
def test_a_private_key_among_the_assets_stops_the_build(
    name: str, text: str, minimal_tree: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A private key in templates/assets/ would be published to everyone: the build stops,
    names the file (never what it holds), and the previous output stays as it was."""
    out = tmp_path / "site"
    assert run(capsys, "build", "--source", str(minimal_tree), "--out", str(out), "--today", "2026-12-01", "--no-index")[0] == 0
    before = digest(out)
    (minimal_tree / "templates" / "assets" / "ssl").mkdir(parents=True)
    (minimal_tree / "templates" / "assets" / "ssl" / name).write_text(text + TOKEN)
    (minimal_tree / "templates" / "assets" / "zertifikat.pem").write_text("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n")
    code, output = run(capsys, "build", "--source", str(minimal_tree), "--out", str(out), "--today", "2026-12-01", "--no-index")
    assert code == 1
    assert f"templates/assets/ssl/{name}:1:1: Datei sieht aus wie ein privater Schlüssel; alles in templates/assets/ wird veröffentlicht." in output
    assert "zertifikat.pem" not in output and TOKEN not in output
    assert digest(out) == before
