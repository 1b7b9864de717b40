"""PolicyRepo: finding the repository, naming policies, looking versions up by number, date and commit."""

from __future__ import annotations

from pathlib import Path

import pytest
from store_repos import V1, V2, V3, GitWorkspace

from policyvc.errors import RepositoryError, UsageError
from policyvc.model import ChangeKind, Classification
from policyvc.store.repo import PolicyRepo, content_id, split_spec

PATH = "policies/privacy.md"


@pytest.fixture
def three(workspace: GitWorkspace) -> GitWorkspace:
    """privacy 1.0.0 (effective 2026-01-01), 2.0.0 (material, 2026-02-01), 2.0.1 (editorial, 2026-03-01)."""
    workspace.commit_file(PATH, V1, "Add", "2026-01-01T09:00:00+00:00")
    workspace.commit_file(PATH, V2, "Sell", "2026-02-01T09:00:00+00:00")
    workspace.commit_file(PATH, V3, "Typo", "2026-03-01T09:00:00+00:00")
    return workspace


def test_open_outside_a_repository_is_a_repository_error(tmp_path: Path) -> None:
    with pytest.raises(RepositoryError, match="not inside a git repository"):
        PolicyRepo.open(tmp_path)


def test_open_searches_upward_and_reads_the_config(three: GitWorkspace) -> None:
    (three.root / "policyvc.toml").write_text('notice_days = 45\n', encoding="utf-8")
    repo = PolicyRepo.open(three.root / "policies")
    assert repo.root == three.root.resolve()
    assert repo.config.notice_days == 45


def test_policies_come_from_head_and_the_working_tree(three: GitWorkspace) -> None:
    three.write("policies/terms.md", "# Terms\n")
    three.write("policies/legal/cookies.md", "# Cookies\n")
    three.write("policies/notes.txt", "not a policy\n")
    repo = PolicyRepo.open(three.root)
    assert repo.policies() == ["legal/cookies", "privacy", "terms"]
    assert repo.policy_path("privacy") == PATH
    assert repo.policy_path("policies/privacy.md") == PATH
    assert repo.history("terms") == []


def test_an_unknown_policy_names_the_known_ones(three: GitWorkspace) -> None:
    with pytest.raises(RepositoryError, match="unknown policy 'privcy'; known policies: privacy"):
        PolicyRepo.open(three.root).history("privcy")


def test_versions_by_number_latest_and_commit(three: GitWorkspace) -> None:
    repo = PolicyRepo.open(three.root)
    assert repo.version("privacy").version == "2.0.1"
    assert repo.version("privacy", "latest").version == "2.0.1"
    assert repo.version("privacy", "v2.0.0").classification == Classification.MATERIAL
    first = repo.version("privacy", "1.0.0")
    assert repo.version("privacy", first.commit[:10]) == first
    with pytest.raises(RepositoryError, match=r"@3\.0\.0: no such version; known versions: 1\.0\.0, 2\.0\.0"):
        repo.version("privacy", "3.0.0")


def test_a_policy_without_versions_says_how_to_record_one(workspace: GitWorkspace) -> None:
    workspace.write(PATH, V1)
    with pytest.raises(RepositoryError, match="policyvc commit privacy"):
        PolicyRepo.open(workspace.root).version("privacy")


@pytest.mark.parametrize(
    ("date", "expected"),
    [("2026-01-01", "1.0.0"), ("2026-01-31", "1.0.0"), ("2026-02-01", "2.0.0"), ("2030-01-01", "2.0.1")],
)
def test_version_in_force_on_a_date(three: GitWorkspace, date: str, expected: str) -> None:
    assert PolicyRepo.open(three.root).version_at("privacy", date).version == expected


def test_no_version_in_force_before_the_first(three: GitWorkspace) -> None:
    repo = PolicyRepo.open(three.root)
    with pytest.raises(RepositoryError, match="first took effect on 2026-01-01"):
        repo.version_at("privacy", "2025-12-31")
    with pytest.raises(UsageError, match="not a date"):
        repo.version_at("privacy", "yesterday")


def test_text_and_assessment_of_a_version(three: GitWorkspace) -> None:
    repo = PolicyRepo.open(three.root)
    assert repo.text(repo.version("privacy", "2.0.0")) == V2
    assessment = repo.assessment("privacy", "2.0.0")
    assert assessment.classification == Classification.MATERIAL
    assert (assessment.old_label, assessment.new_label) == ("privacy@1.0.0", "privacy@2.0.0")
    since = repo.assessment("privacy", "2.0.1", since="1.0.0")
    assert since.classification == Classification.MATERIAL
    assert repo.assessment("privacy", "2.0.1").classification == Classification.EDITORIAL
    first = repo.assessment("privacy", "1.0.0")
    assert first.counts[ChangeKind.ADDED.value] >= 1


def test_content_id_is_stable_under_formatting_and_changes_with_wording() -> None:
    assert content_id(V1) == content_id(V1.replace("\n", "\r\n").replace("## Sharing", "##  Sharing"))
    assert content_id(V1) != content_id(V3)
    assert content_id(V1).startswith("sha256:") and len(content_id(V1)) == len("sha256:") + 64


def test_split_spec() -> None:
    assert split_spec("privacy@1.0.0") == ("privacy", "1.0.0")
    assert split_spec("privacy") == ("privacy", None)
