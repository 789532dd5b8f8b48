"""Partners own their offers: CODEOWNERS from the maintainers (`lotse owners`), and a pull
request check (`lotse check-changes`) that compares real git commits."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from site_builder.cli import main

from .conftest import FIXTURES, copy_tree

EDITORS = "maintainers: ['@region/redaktion']\n"


def git(tree: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", "-c", "init.defaultBranch=main", *args],
        cwd=tree, check=True, capture_output=True, text=True,
    ).stdout


def write(tree: Path, relpath: str, text: str) -> None:
    path = tree / relpath
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def edit(tree: Path, relpath: str, old: str, new: str) -> None:
    path = tree / relpath
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def provider(name: str, maintainers: list[str]) -> str:
    listed = "".join(f"  - '{m}'\n" for m in maintainers)
    return f"name: {name}\n" + (f"maintainers:\n{listed}" if maintainers else "") + "updated: 2026-11-01\n"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A guide in git: the editors' team, Akademie kept by @anna, Sprachschule by @bernd, the
    Werkstatt by a team; main is the base, the branch `pr` holds the changes."""
    tree = copy_tree(tmp_path / "guide", FIXTURES / "minimal")
    edit(tree, "site.yaml", "per_page: 2\n", "per_page: 2\n" + EDITORS)
    edit(tree, "content/providers/akademie.yaml", "certifications: [AZAV]\n", "certifications: [AZAV]\nmaintainers: ['@anna']\n")
    write(tree, "content/providers/sprachschule.yaml", provider("Sprachschule am Markt", ["@bernd"]))
    write(tree, "content/providers/werkstatt.yaml", provider("Werkstatt", ["@werkstatt-ev/team"]))
    offer = (tree / "offers" / "akademie" / "excel-kompakt.yaml").read_text(encoding="utf-8")
    write(tree, "offers/sprachschule/englisch.yaml", offer.replace("title: Excel kompakt", "title: Englisch").replace("provider: akademie", "provider: sprachschule"))
    write(tree, "offers/werkstatt/schweissen.yaml", offer.replace("title: Excel kompakt", "title: Schweißen").replace("provider: akademie", "provider: werkstatt"))
    write(tree, "offers/themen/excel-extra.yaml", offer.replace("title: Excel kompakt", "title: Excel extra"))
    git(tree, "init", "-q")
    git(tree, "add", "-A")
    git(tree, "commit", "-qm", "Basis")
    git(tree, "checkout", "-qb", "pr")
    return tree


def commit(tree: Path) -> None:
    git(tree, "add", "-A")
    git(tree, "commit", "-qm", "Änderung")


def changes(capsys: pytest.CaptureFixture[str], tree: Path, author: str, *extra: str) -> tuple[int, str, str]:
    code = main(["check-changes", "--source", str(tree), "--base", "main", "--author", author, *extra])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


# --- CODEOWNERS -----------------------------------------------------------------------------


def test_owners_writes_codeowners_editors_first_then_each_partner(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["owners", "--source", str(repo)]) == 0
    assert ".github/CODEOWNERS geschrieben: Redaktion @region/redaktion, 3 Anbieter mit maintainers." in capsys.readouterr().out
    lines = [line for line in (repo / ".github" / "CODEOWNERS").read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    assert lines == [
        "* @region/redaktion",
        "/content/providers/akademie.yaml @region/redaktion @anna",
        "/offers/akademie/ @region/redaktion @anna",
        "/offers/themen/excel-extra.yaml @region/redaktion @anna",  # filed outside offers/akademie/
        "/content/providers/sprachschule.yaml @region/redaktion @bernd",
        "/offers/sprachschule/ @region/redaktion @bernd",
        "/content/providers/werkstatt.yaml @region/redaktion @werkstatt-ev/team",
        "/offers/werkstatt/ @region/redaktion @werkstatt-ev/team",
    ]
    assert main(["owners", "--source", str(repo), "--check"]) == 0
    assert capsys.readouterr().out == ".github/CODEOWNERS passt zu den maintainers.\n"
    edit(repo, "content/providers/sprachschule.yaml", "  - '@bernd'\n", "  - '@bernd'\n  - '@carla'\n")
    assert main(["owners", "--source", str(repo), "--check", "--format", "github"]) == 1
    out = capsys.readouterr().out
    assert out.startswith("::error file=.github/CODEOWNERS,line=1,col=1,title=Lotse::.github/CODEOWNERS passt nicht zu den maintainers")
    assert "lotse owners" in out


# --- check-changes --------------------------------------------------------------------------


def test_a_partner_changes_its_own_offers(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(repo, "offers/akademie/excel-kompakt.yaml", "amount: 189.5", "amount: 199")
    edit(repo, "offers/themen/excel-extra.yaml", "title: Excel extra", "title: Excel extra plus")
    write(repo, "offers/akademie/excel-neu.yaml", (repo / "offers/akademie/excel-kompakt.yaml").read_text())
    edit(repo, "content/providers/akademie.yaml", "certifications: [AZAV]", "certifications: [AZAV, ISO 9001]")
    commit(repo)
    code, out, _ = changes(capsys, repo, "anna")
    assert (code, out) == (0, "Keine Fehler gefunden.\n")


def test_an_offer_of_another_partner_fails(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(repo, "offers/sprachschule/englisch.yaml", "title: Englisch", "title: Englisch günstig")
    (repo / "offers" / "akademie" / "mag-schweissen.yaml").unlink()  # her own: fine
    commit(repo)
    code, out, _ = changes(capsys, repo, "anna")
    assert code == 1
    assert out.splitlines() == [
        "offers/sprachschule/englisch.yaml:1:1: Angebot des Anbieters 'sprachschule', gepflegt von @bernd, @region/redaktion; "
        "@anna pflegt diesen Anbieter nicht. Bitte die Pflegenden oder die Redaktion um die Änderung bitten",
        "1 Fehler gefunden.",
    ]


def test_moving_an_offer_to_another_provider_touches_both(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(repo, "offers/themen/excel-extra.yaml", "provider: akademie", "provider: sprachschule")
    commit(repo)
    code, out, _ = changes(capsys, repo, "anna")
    assert code == 1 and "Angebot des Anbieters 'sprachschule'" in out and "'akademie'" not in out
    code, out, _ = changes(capsys, repo, "bernd")
    assert code == 1 and "Angebot des Anbieters 'akademie'" in out


def test_maintainers_count_as_in_the_base_not_as_in_the_pull_request(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(repo, "content/providers/sprachschule.yaml", "  - '@bernd'\n", "  - '@bernd'\n  - '@anna'\n")
    edit(repo, "offers/sprachschule/englisch.yaml", "title: Englisch", "title: Englisch günstig")
    commit(repo)
    code, out, _ = changes(capsys, repo, "@anna")
    assert code == 1
    assert {line.split(":")[0] for line in out.splitlines()[:-1]} == {"content/providers/sprachschule.yaml", "offers/sprachschule/englisch.yaml"}
    assert changes(capsys, repo, "@Bernd")[0] == 0  # GitHub handles ignore case


def test_deleting_or_renaming_another_partners_offer_fails(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    git(repo, "mv", "offers/sprachschule/englisch.yaml", "offers/sprachschule/englisch-b1.yaml")
    commit(repo)
    code, out, _ = changes(capsys, repo, "anna")
    assert code == 1 and out.startswith("offers/sprachschule/englisch-b1.yaml:1:1: Angebot des Anbieters 'sprachschule'")
    git(repo, "rm", "-q", "offers/sprachschule/englisch-b1.yaml")
    commit(repo)
    code, out, _ = changes(capsys, repo, "anna")
    assert code == 1 and out.startswith("offers/sprachschule/englisch.yaml:1:1: Angebot des Anbieters 'sprachschule'")


def test_the_editors_change_everything_also_through_their_team(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(repo, "offers/sprachschule/englisch.yaml", "title: Englisch", "title: Englisch günstig")
    write(repo, "content/providers/neu.yaml", provider("Neuer Partner", []))
    commit(repo)
    assert changes(capsys, repo, "carla", "--author-teams", "@region/redaktion")[0] == 0
    code, out, _ = changes(capsys, repo, "carla")
    assert code == 1 and "neuen Anbieter 'neu' legt nur die Redaktion an (@region/redaktion); @carla gehört nicht dazu" in out


def test_a_team_without_known_members_is_left_to_the_code_owners(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(repo, "offers/werkstatt/schweissen.yaml", "title: Schweißen", "title: Schweißen kompakt")
    commit(repo)
    code, out, err = changes(capsys, repo, "dora")
    assert code == 0
    assert "Hinweis: offers/werkstatt/schweissen.yaml: Angebot des Anbieters 'werkstatt' gehört Teams" in err
    assert "die Freigabe durch die Code Owners auf GitHub entscheidet" in err
    assert changes(capsys, repo, "dora", "--author-teams", "@werkstatt-ev/team")[:2] == (0, "Keine Fehler gefunden.\n")
    code, out, _ = changes(capsys, repo, "dora", "--author-teams", "@andere/leute")
    assert code == 1 and "@dora pflegt diesen Anbieter nicht" in out


def test_an_offer_filed_under_another_providers_folder_fails(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo, "offers/akademie/englisch-kopie.yaml", (repo / "offers/sprachschule/englisch.yaml").read_text())
    commit(repo)
    code, out, _ = changes(capsys, repo, "carla", "--author-teams", "@region/redaktion")
    assert code == 1
    assert out.splitlines()[0] == (
        "offers/akademie/englisch-kopie.yaml:1:1: provider: das Angebot liegt im Ordner offers/akademie/ des Anbieters "
        "'akademie', nennt aber 'sprachschule'; bitte die Datei nach offers/sprachschule/ verschieben oder provider korrigieren"
    )


def test_without_any_maintainers_nothing_is_enforced(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    tree = copy_tree(tmp_path / "guide", FIXTURES / "minimal")
    git(tree, "init", "-q")
    git(tree, "add", "-A")
    git(tree, "commit", "-qm", "Basis")
    git(tree, "checkout", "-qb", "pr")
    edit(tree, "offers/akademie/excel-kompakt.yaml", "amount: 189.5", "amount: 199")
    commit(tree)
    code, out, err = changes(capsys, tree, "jemand", "--format", "github")
    assert code == 0 and "::notice title=Lotse::Keine maintainers eingetragen" in out


def test_the_author_comes_from_github_actor(repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    edit(repo, "offers/sprachschule/englisch.yaml", "title: Englisch", "title: Englisch günstig")
    commit(repo)
    monkeypatch.setenv("GITHUB_ACTOR", "bernd")
    assert main(["check-changes", "--source", str(repo), "--base", "main"]) == 0
    monkeypatch.setenv("GITHUB_ACTOR", "anna")
    assert main(["check-changes", "--source", str(repo), "--base", "main"]) == 1
    capsys.readouterr()


def test_a_content_tree_in_a_subfolder_of_the_repository(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repository = tmp_path / "repo"
    tree = copy_tree(repository / "finder", FIXTURES / "minimal")
    edit(tree, "content/providers/akademie.yaml", "certifications: [AZAV]\n", "certifications: [AZAV]\nmaintainers: ['@anna']\n")
    git(repository, "init", "-q")
    git(repository, "add", "-A")
    git(repository, "commit", "-qm", "Basis")
    edit(tree, "offers/akademie/excel-kompakt.yaml", "amount: 189.5", "amount: 199")
    git(repository, "commit", "-qam", "Änderung")
    assert main(["check-changes", "--source", str(tree), "--base", "HEAD~1", "--author", "anna"]) == 0
    capsys.readouterr()
    code = main(["check-changes", "--source", str(tree), "--base", "HEAD~1", "--author", "bernd"])
    assert code == 1 and capsys.readouterr().out.startswith("offers/akademie/excel-kompakt.yaml:1:1: Angebot des Anbieters 'akademie'")


def test_usage_errors(repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GITHUB_ACTOR", raising=False)
    assert main(["check-changes", "--source", str(repo), "--base", "main"]) == 2
    assert "--author KONTO angeben" in capsys.readouterr().err
    assert main(["check-changes", "--source", str(repo), "--base", "origin/main", "--author", "anna"]) == 2
    assert "fetch-depth: 0" in capsys.readouterr().err
    assert main(["check-changes", "--source", str(repo), "--base", "--all", "--author", "anna"]) == 2
    capsys.readouterr()
