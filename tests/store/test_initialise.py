"""`init`: creates what is missing, keeps what exists, and writes nothing on --dry-run."""

from __future__ import annotations

from pathlib import Path

import git

from policyvc.config import load_config
from policyvc.store.initialise import init_repository


def test_a_fresh_folder_becomes_a_policy_repository(tmp_path: Path) -> None:
    folder = tmp_path / "legal"
    outcome = init_repository(folder)
    expected = ["git repository", "policyvc.toml", "policies/", ".gitignore entry .policyvc/cache/"]
    assert outcome.created == expected
    assert git.Repo(folder).git_dir
    assert (folder / "policies").is_dir()
    assert load_config(folder).policies_dir == "policies"  # the commented config is valid TOML with defaults
    assert (folder / ".gitignore").read_text() == ".policyvc/cache/\n"


def test_the_written_config_takes_the_tables_the_docs_tell_users_to_add(tmp_path: Path) -> None:
    # the docs and examples/demo.sh append [notify], [site] and [check] blocks to the config init wrote:
    # the template must not declare any table itself, or TOML rejects the second declaration
    init_repository(tmp_path)
    with (tmp_path / "policyvc.toml").open("a", encoding="utf-8") as config:
        config.write('\n[notify]\nsender = "Legal <l@example.org>"\n\n[site]\ntitle = "Ours"\n\n[check]\n')
    assert load_config(tmp_path).site.title == "Ours"


def test_running_twice_changes_nothing(tmp_path: Path) -> None:
    init_repository(tmp_path)
    snapshot = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file() and ".git/" not in str(p)}
    again = init_repository(tmp_path)
    assert again.created == []
    assert {p: p.read_bytes() for p in snapshot} == snapshot


def test_an_existing_repository_and_config_are_kept(tmp_path: Path) -> None:
    git.Repo.init(tmp_path)
    (tmp_path / "pyproject.toml").write_text('[tool.policyvc]\npolicies_dir = "legal"\n')
    outcome = init_repository(tmp_path)
    assert "git repository" not in outcome.created and "policyvc.toml" not in outcome.created
    assert not (tmp_path / "policyvc.toml").exists()
    assert "pyproject.toml" in outcome.kept


def test_dry_run_writes_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "legal"
    outcome = init_repository(folder, dry_run=True)
    assert "git repository" in outcome.created
    assert not folder.exists()
