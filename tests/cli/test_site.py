"""`policyvc publish` end to end: a real git repository, the real CLI, the site it writes, its errors."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import git
import pytest
from click.testing import Result
from typer.testing import CliRunner

from policyvc.cli import app
from policyvc.errors import ExitCode
from policyvc.store.repo import PolicyRepo

ROOT = Path(__file__).resolve().parents[2]
OLD = (ROOT / "policies/privacy.md").read_text(encoding="utf-8")
NEW = (ROOT / "examples/privacy-revised.md").read_text(encoding="utf-8")
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The Vocalcom statement and its material revision, committed with pinned names and dates."""
    home = tmp_path / "home"
    home.mkdir()
    for key, value in {
        "HOME": str(home), "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "Pat Policy", "GIT_AUTHOR_EMAIL": "pat@example.com",
        "GIT_COMMITTER_NAME": "Pat Policy", "GIT_COMMITTER_EMAIL": "pat@example.com",
    }.items():  # fmt: skip
        monkeypatch.setenv(key, value)
    root = tmp_path / "repo"
    workspace = git.Repo.init(root, initial_branch="main")
    (root / "policies").mkdir()
    config = '[site]\ntitle = "Vocalcom policies"\norganisation = "Vocalcom Group"\n'
    (root / "policyvc.toml").write_text(config)
    for text, message, date in (
        (OLD, "Privacy statement as archived", "2013-05-23T10:00:00+00:00"),
        (NEW, "Share with advertising partners\n\nEffective-Date: 2014-02-01", "2014-01-01T10:00:00+00:00"),
    ):
        (root / "policies/privacy.md").write_text(text, encoding="utf-8")
        workspace.git.add("--", "policies/privacy.md", "policyvc.toml")
        env = {"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
        workspace.git.commit("-q", "--no-verify", "--no-gpg-sign", "-m", message, env=env)
    monkeypatch.chdir(root)
    return root


def publish(*args: str) -> Result:
    return CliRunner().invoke(app, ["publish", *args])


def one_line_error(result: Result, code: ExitCode, fragment: str) -> None:
    assert result.exit_code == code, result.output
    assert result.stderr.startswith("policyvc: ") and result.stderr.count("\n") == 1, result.stderr
    assert fragment in result.stderr
    assert "Traceback" not in result.output


def test_publish_writes_the_site_of_every_recorded_version(repo: Path) -> None:
    result = publish("--out", "site")
    assert result.exit_code == 0, result.output
    assert result.stderr == ""  # no progress bar when stderr is not a terminal
    versions = [v.version for v in PolicyRepo.open(repo).history("privacy")]
    assert len(versions) == 2
    site = repo / "site"
    for number in versions:
        assert (site / f"privacy/versions/{number}.html").is_file()
    assert (site / f"privacy/changes/{versions[1]}.html").is_file()
    assert not (site / f"privacy/changes/{versions[0]}.html").exists()
    redline = (site / f"privacy/changes/{versions[1]}.html").read_text(encoding="utf-8")
    assert "advertising partners" in redline and "<ins>" in redline
    feed = ET.parse(site / "privacy/feed.atom").getroot()
    entries = feed.findall(f"{ATOM}entry")
    assert entries[0].findtext(f"{ATOM}title") == f"Privacy Statement {versions[1]}: material change"
    assert "Important changes" in (entries[0].findtext(f"{ATOM}content") or "")
    assert "2014-02-01" in (site / "index.html").read_text(encoding="utf-8")  # the effective date trailer
    assert f"wrote {len(result.stdout.splitlines()) - 1}," in result.stdout.splitlines()[0]


def test_publishing_again_rewrites_nothing(repo: Path) -> None:
    assert publish("--out", "site").exit_code == 0
    stamps = {p: p.stat().st_mtime_ns for p in (repo / "site").rglob("*") if p.is_file()}
    result = publish("--out", "site", "--format", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["written"] == [] and report["deleted"] == [] and len(report["unchanged"]) == len(stamps) - 1
    assert {p: p.stat().st_mtime_ns for p in (repo / "site").rglob("*") if p.is_file()} == stamps


def test_dry_run_lists_the_files_and_writes_nothing(repo: Path) -> None:
    result = publish("--out", "site", "--dry-run")
    assert result.exit_code == 0, result.output
    assert "would write" in result.stdout and "privacy/index.html" in result.stdout
    assert not (repo / "site").exists()


def test_base_url_makes_feed_links_absolute(repo: Path) -> None:
    assert publish("--out", "site", "--base-url", "https://example.com/legal/").exit_code == 0
    feed = ET.parse(repo / "site/feed.atom").getroot()
    self_link = next(link for link in feed.findall(f"{ATOM}link") if link.get("rel") == "self")
    assert self_link.get("href") == "https://example.com/legal/feed.atom"
    page = (repo / "site/index.html").read_text(encoding="utf-8")
    assert "https://example.com" not in page  # pages stay relative


def test_bad_input_is_one_line_with_its_exit_code(repo: Path, tmp_path: Path) -> None:
    one_line_error(publish("--out", "site", "--base-url", "example.com"), ExitCode.USAGE, "--base-url")
    one_line_error(publish("--out", "site", "--format", "xml"), ExitCode.USAGE, "--format 'xml'")
    one_line_error(publish("--out", "site", "--policy", "cookies"), ExitCode.REPOSITORY, "unknown policy")
    (repo / "taken").write_text("a file\n")
    one_line_error(publish("--out", "taken"), ExitCode.INPUT, "not a folder")
    (repo / "docs").mkdir()
    (repo / "docs" / "index.md").write_text("# Docs\n")
    one_line_error(publish("--out", "docs"), ExitCode.INPUT, "not empty")
    assert sorted(p.name for p in (repo / "docs").iterdir()) == ["index.md"]


def test_outside_a_repository_is_a_repository_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bare = tmp_path / "nowhere"
    bare.mkdir()
    monkeypatch.chdir(bare)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    one_line_error(publish("--out", "site"), ExitCode.REPOSITORY, "")
    assert not (bare / "site").exists()


def test_renaming_the_site_title_keeps_every_feed_id_and_says_how_to_pin_it(repo: Path) -> None:
    def ids(folder: str = "site") -> list[str]:
        return [node.text or "" for feed in sorted((repo / folder).rglob("*.atom"))
                for node in ET.parse(feed).getroot().iter(f"{ATOM}id")]  # fmt: skip

    assert publish("--out", "site").exit_code == 0
    before = ids()
    config = repo / "policyvc.toml"
    config.write_text(config.read_text().replace("Vocalcom policies", "Vocalcom legal"))
    result = publish("--out", "site")
    assert result.exit_code == 0, result.output
    assert ids() == before and len(before) == 3 + 3
    (warning,) = result.stderr.splitlines()
    assert warning.startswith("policyvc: warning: feed ids still derive from 'Vocalcom policies'")
    config.write_text(config.read_text() + 'id = "Vocalcom policies"\n')
    pinned = publish("--out", "fresh")
    assert pinned.exit_code == 0 and pinned.stderr == ""
    assert ids("fresh") == before
