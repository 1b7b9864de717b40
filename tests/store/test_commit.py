"""Recording versions: numbering by class, trailers and tags, and nothing changed on any failure."""

from __future__ import annotations

import stat
from pathlib import Path
from typing import Any

import pytest
from store_repos import V1, V2, V3, GitWorkspace, pin_dates

from policyvc.errors import RepositoryError, UsageError
from policyvc.model import Bump, Classification
from policyvc.store.commit import CommitOutcome, commit_policy
from policyvc.store.repo import PolicyRepo
from policyvc.store.trailers import parse_trailers


def source(tmp_path: Path, text: str, name: str = "new.md") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def record(ws: GitWorkspace, tmp_path: Path, text: str, effective: str, **options: Any) -> CommitOutcome:
    return commit_policy(
        PolicyRepo.open(ws.root), "privacy", effective=effective, source=source(tmp_path, text), **options
    )


def hook(ws: GitWorkspace, name: str, body: str) -> None:
    path = Path(ws.repo.git_dir) / "hooks" / name
    path.parent.mkdir(exist_ok=True)
    path.write_text(f"#!/bin/sh\n{body}\n", encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IEXEC)


@pytest.fixture
def ws(workspace: GitWorkspace) -> GitWorkspace:
    """A repository with an unrelated committed file, so HEAD exists."""
    workspace.commit_file("README.md", "# Legal\n", "Start", "2025-12-01T09:00:00+00:00")
    return workspace


def test_first_version_is_one_commit_with_only_the_policy_trailers_and_a_tag(
    ws: GitWorkspace, tmp_path: Path
) -> None:
    outcome = commit_policy(
        PolicyRepo.open(ws.root), "privacy", effective="2026-01-15", source=source(tmp_path, V1), message="Hi"
    )
    assert outcome.status == "committed" and outcome.version == "1.0.0"
    head = ws.repo.head.commit
    assert head.hexsha == outcome.commit
    assert list(head.stats.files) == ["policies/privacy.md"]
    assert head.message.startswith("Hi\n\n")
    assert dict(parse_trailers(head.message)) == {
        "Policy": "privacy",
        "Policy-Version": "1.0.0",
        "Effective-Date": "2026-01-15",
        "Change-Class": "none",
    }
    tag = ws.repo.tags["privacy/v1.0.0"]
    assert tag.tag is not None, "the tag must be annotated"
    assert tag.commit.hexsha == head.hexsha
    assert tag.tag.message.strip() == outcome.summary
    assert (ws.root / "policies" / "privacy.md").read_text(encoding="utf-8") == V1
    assert ws.repo.git.status("--porcelain") == ""  # index entry updated, nothing left staged or modified


def test_unrelated_staged_and_unstaged_changes_are_left_exactly_as_they_were(
    ws: GitWorkspace, tmp_path: Path
) -> None:
    ws.write("notes.txt", "staged\n")
    ws.repo.git.add("notes.txt")
    ws.write("notes.txt", "staged\nand then unstaged\n")
    ws.write("README.md", "# Legal, edited but not staged\n")
    ws.write("scratch.txt", "untracked\n")
    index_before = ws.repo.git.ls_files("-s", "notes.txt", "README.md")
    status_before = ws.repo.git.status("--porcelain")
    record(ws, tmp_path, V1, "2026-01-15")
    assert ws.repo.git.ls_files("-s", "notes.txt", "README.md") == index_before
    assert ws.repo.git.status("--porcelain") == status_before
    assert (ws.root / "notes.txt").read_text() == "staged\nand then unstaged\n"
    assert list(ws.repo.head.commit.stats.files) == ["policies/privacy.md"]
    assert "notes.txt" not in ws.repo.git.ls_tree("--name-only", "HEAD")


def test_versions_are_numbered_by_class(
    ws: GitWorkspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    record(ws, tmp_path, V1, "2026-01-15")
    pin_dates(monkeypatch, "2026-02-01T09:00:00+00:00")
    second = record(ws, tmp_path, V2, "2026-03-01")
    assert second.version == "2.0.0" and second.classification == Classification.MATERIAL
    pin_dates(monkeypatch, "2026-03-01T09:00:00+00:00")
    third = record(ws, tmp_path, V3, "2026-03-01")
    assert third.version == "2.0.1" and third.classification == Classification.EDITORIAL
    assert sorted(t.name for t in ws.repo.tags) == ["privacy/v1.0.0", "privacy/v2.0.0", "privacy/v2.0.1"]
    assert parse_trailers(ws.repo.head.commit.message)[-1] == ("Change-Class", "editorial")


def test_a_bump_lower_than_the_class_demands_is_refused(ws: GitWorkspace, tmp_path: Path) -> None:
    record(ws, tmp_path, V1, "2026-01-15")
    before = ws.state()
    with pytest.raises(UsageError, match=r"--bump minor is too low: this change is material.*major"):
        record(ws, tmp_path, V2, "2026-03-01", bump=Bump.MINOR)
    assert ws.state() == before


def test_a_higher_bump_is_allowed(ws: GitWorkspace, tmp_path: Path) -> None:
    record(ws, tmp_path, V2, "2026-01-15")
    assert record(ws, tmp_path, V3, "2026-02-01", bump=Bump.MAJOR).version == "2.0.0"


def test_identical_after_normalisation_records_nothing(ws: GitWorkspace, tmp_path: Path) -> None:
    record(ws, tmp_path, V1, "2026-01-15")
    before = ws.state()
    outcome = record(ws, tmp_path, V1.replace("Sharing", "Sharing  ").replace("\n\n", "\n\n\n"), "2026-02-01")
    assert outcome.status == "unchanged"
    assert "identical" in outcome.summary
    assert ws.state() == before


@pytest.mark.parametrize(
    ("effective", "match"),
    [("next tuesday", "not a date"), ("2026-13-01", "not a date"), ("2025-12-31", "before privacy@1.0.0")],
)
def test_bad_effective_dates_are_usage_errors(
    ws: GitWorkspace, tmp_path: Path, effective: str, match: str
) -> None:
    record(ws, tmp_path, V1, "2026-01-15")
    before = ws.state()
    with pytest.raises(UsageError, match=match):
        record(ws, tmp_path, V2, effective)
    assert ws.state() == before


@pytest.mark.parametrize("hook_name", ["pre-commit", "commit-msg"])
def test_a_failing_hook_leaves_the_repository_exactly_as_before(
    ws: GitWorkspace, tmp_path: Path, hook_name: str
) -> None:
    ws.write("policies/privacy.md", "draft in progress\n")
    hook(ws, hook_name, "echo 'policy lint failed: missing contact section' >&2\nexit 1")
    before = ws.state()
    with pytest.raises(RepositoryError, match=rf"{hook_name} hook refused.*missing contact section"):
        record(ws, tmp_path, V1, "2026-01-15")
    assert ws.state() == before
    assert (ws.root / "policies" / "privacy.md").read_text() == "draft in progress\n"
    assert not ws.repo.tags


def test_hooks_see_the_new_version_and_may_add_a_trailer(
    ws: GitWorkspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    hook(ws, "pre-commit", 'git diff --cached --name-only HEAD > "$OUT"; cat policies/privacy.md >> "$OUT"')
    hook(ws, "commit-msg", 'printf "\\nReviewed-by: Lee <lee@example.com>\\n" >> "$1"')
    out = tmp_path / "staged.txt"
    monkeypatch.setenv("OUT", str(out))
    record(ws, tmp_path, V1, "2026-01-15")
    assert out.read_text() == "policies/privacy.md\n" + V1  # staged, and on disk as git commit would have it
    assert ("Reviewed-by", "Lee <lee@example.com>") in parse_trailers(ws.repo.head.commit.message)


def test_a_locked_index_is_refused_with_what_to_do(ws: GitWorkspace, tmp_path: Path) -> None:
    lock = Path(ws.repo.git_dir) / "index.lock"
    lock.write_text("")
    before = ws.state()
    with pytest.raises(RepositoryError, match=r"index\.lock exists.*remove that file"):
        record(ws, tmp_path, V1, "2026-01-15")
    lock.unlink()
    assert ws.state() == before
    assert not (ws.root / "policies" / "privacy.md").exists()


def test_a_failing_tag_rolls_the_commit_back(ws: GitWorkspace, tmp_path: Path) -> None:
    # A stale lock on the tag's ref makes `git tag` fail after the commit was made.
    lock = Path(ws.repo.git_dir) / "refs" / "tags" / "privacy" / "v1.0.0.lock"
    lock.parent.mkdir(parents=True)
    lock.write_text("")
    before = ws.state()
    with pytest.raises(RepositoryError, match=r"could not create tag privacy/v1\.0\.0.*rolled back"):
        record(ws, tmp_path, V1, "2026-01-15")
    assert ws.state() == before
    assert not (ws.root / "policies" / "privacy.md").exists()


def test_detached_head_is_refused(ws: GitWorkspace, tmp_path: Path) -> None:
    ws.repo.git.checkout("--detach", "HEAD")
    before = ws.state()
    with pytest.raises(RepositoryError, match="detached"):
        record(ws, tmp_path, V1, "2026-01-15")
    assert ws.state() == before


def test_typed_trailers_are_kept_and_acknowledgement_is_recorded(ws: GitWorkspace, tmp_path: Path) -> None:
    record(ws, tmp_path, V1, "2026-01-15")
    record(
        ws,
        tmp_path,
        V2,
        "2026-03-01",
        message="Sell data\n\nLegal sign-off in ticket 42.\n\nTicket: LEGAL-42",
        acknowledge="Dana Counsel <dana@example.com>",
    )
    message = ws.repo.head.commit.message
    trailers = parse_trailers(message)
    assert ("Ticket", "LEGAL-42") in trailers
    assert ("Material-Change-Acknowledged-By", "Dana Counsel <dana@example.com>") in trailers
    assert ("Policy-Version", "2.0.0") in trailers
    assert "Legal sign-off in ticket 42." in message


def test_a_typed_trailer_that_contradicts_the_record_is_refused(ws: GitWorkspace, tmp_path: Path) -> None:
    with pytest.raises(UsageError, match=r"Policy-Version: 9\.9\.9"):
        record(ws, tmp_path, V1, "2026-01-15", message="x\n\nPolicy-Version: 9.9.9")


def test_dry_run_writes_nothing_but_says_what_would_happen(ws: GitWorkspace, tmp_path: Path) -> None:
    before = ws.state()
    outcome = record(ws, tmp_path, V1, "2026-01-15", dry_run=True)
    assert outcome.status == "dry-run" and outcome.version == "1.0.0"
    assert "Policy-Version: 1.0.0" in outcome.message
    assert ws.state() == before
    assert not (ws.root / "policies").exists()


def test_working_tree_file_is_recorded_without_from(ws: GitWorkspace) -> None:
    ws.write("policies/privacy.md", V1.replace("\n", "\r\n"))
    outcome = commit_policy(PolicyRepo.open(ws.root), "privacy", effective="2026-01-15")
    assert outcome.version == "1.0.0"
    assert ws.repo.git.show("HEAD:policies/privacy.md") + "\n" == V1
    assert ws.repo.git.status("--porcelain") == ""


def test_first_commit_in_an_empty_repository(workspace: GitWorkspace, tmp_path: Path) -> None:
    outcome = record(workspace, tmp_path, V1, "2026-01-15")
    assert outcome.version == "1.0.0"
    assert workspace.repo.head.commit.parents == ()
    assert workspace.repo.active_branch.name == "main"


def test_bad_policy_names_and_acknowledgers_are_usage_errors(ws: GitWorkspace, tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="not a policy name"):
        commit_policy(PolicyRepo.open(ws.root), "../etc", effective="2026-01-01", source=source(tmp_path, V1))
    with pytest.raises(UsageError, match="acknowledge"):
        record(ws, tmp_path, V1, "2026-01-15", acknowledge="just a name")


def test_the_same_repo_object_sees_the_version_it_just_recorded(ws: GitWorkspace, tmp_path: Path) -> None:
    repo = PolicyRepo.open(ws.root)
    assert "privacy" not in repo.policies()
    commit_policy(repo, "privacy", effective="2026-01-15", source=source(tmp_path, V1))
    assert [v.version for v in repo.history("privacy")] == ["1.0.0"]
    commit_policy(repo, "privacy", effective="2026-02-15", source=source(tmp_path, V2))
    assert repo.version("privacy").version == "2.0.0"


def test_the_post_commit_hook_runs_once_commit_and_tag_exist(
    ws: GitWorkspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen = tmp_path / "post-commit.txt"
    monkeypatch.setenv("OUT", str(seen))
    hook(ws, "post-commit", '\n'.join([
        'git rev-parse HEAD > "$OUT"',
        'git tag --points-at HEAD >> "$OUT"',
        'git diff --cached --name-only >> "$OUT"',  # nothing staged: the index already holds the new version
        'echo "$GIT_INDEX_FILE" >> "$OUT"',
        'echo "notified the legal channel"',
    ]))  # fmt: skip
    outcome = record(ws, tmp_path, V1, "2026-01-15")
    head = ws.repo.head.commit.hexsha
    index = str(Path(ws.repo.git_dir) / "index")
    assert outcome.commit == head
    assert seen.read_text().splitlines() == [head, "privacy/v1.0.0", index]
    assert outcome.hook_output == "notified the legal channel\n"
    assert outcome.warnings == ()


def test_a_failing_post_commit_hook_is_a_warning_and_the_version_stands(
    ws: GitWorkspace, tmp_path: Path
) -> None:
    hook(ws, "post-commit", "echo 'uploading the notice'\necho 'upload failed: no network' >&2\nexit 7")
    outcome = record(ws, tmp_path, V1, "2026-01-15")
    assert outcome.status == "committed" and ws.repo.head.commit.hexsha == outcome.commit
    assert [t.name for t in ws.repo.tags] == ["privacy/v1.0.0"]
    assert ws.repo.git.status("--porcelain") == ""  # file, index and HEAD agree: nothing rolled back
    assert outcome.hook_output == "uploading the notice\nupload failed: no network\n"
    (warning,) = outcome.warnings
    assert "post-commit hook failed (exit 7): upload failed: no network" in warning
    assert f"the commit {outcome.commit[:12]} and tag privacy/v1.0.0 stand" in warning


def test_neither_a_dry_run_nor_an_unchanged_version_runs_the_post_commit_hook(
    ws: GitWorkspace, tmp_path: Path
) -> None:
    record(ws, tmp_path, V1, "2026-01-15")
    ran = tmp_path / "ran"
    hook(ws, "post-commit", f"touch '{ran}'")
    assert record(ws, tmp_path, V2, "2026-03-01", dry_run=True).status == "dry-run"
    assert record(ws, tmp_path, V1, "2026-03-01").status == "unchanged"
    assert not ran.exists()
    record(ws, tmp_path, V2, "2026-03-01")
    assert ran.exists()
