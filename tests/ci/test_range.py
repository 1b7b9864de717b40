"""policyvc/store/range.py against real repositories (kept beside the gate's tests: the gate is its user)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from policyvc.config import Config
from policyvc.errors import RepositoryError
from policyvc.store.range import INDEX, policy_range

from .conftest import NOT_SOLD, PRIVACY_V1, SOLD, TERMS_V1, PolicyGitRepo

DAY = "2026-03-01T10:00:00+00:00"


def _range(repo: PolicyGitRepo, **kwargs: object) -> object:
    return policy_range(repo.root, Config(root=repo.root), **kwargs)  # type: ignore[arg-type]


def test_modified_policy_with_texts_commits_and_base_version(published: PolicyGitRepo) -> None:
    base = published.repo.head.commit.hexsha
    published.edit("policies/privacy.md", NOT_SOLD, SOLD)
    published.write("README.md", "Changed too, but not a policy.\n")
    sha = published.commit("Sell data", DAY)
    span = policy_range(published.root, Config(root=published.root))
    assert (span.base, span.head, span.base_label) == (base, sha, "merge base with main")
    [change] = span.changes
    assert (change.policy, change.path, change.old_path, change.status) == (
        "privacy", "policies/privacy.md", "policies/privacy.md", "modified"
    )
    assert change.old_text == PRIVACY_V1 and change.new_text is not None and SOLD in change.new_text
    assert [c.sha for c in change.commits] == [sha]
    assert change.commits[0].date.startswith("2026-03-01")
    assert change.base_version is not None and change.base_version.version == "1.0.0"
    assert change.head_version is None


def test_version_trailer_and_an_acknowledgement_commit_naming_the_policy(published: PolicyGitRepo) -> None:
    published.edit("policies/privacy.md", NOT_SOLD, SOLD)
    first = published.commit("Sell data\n\nPolicy: privacy\nPolicy-Version: 2.0.0", DAY)
    ack = published.commit(
        "Acknowledge\n\nPolicy: privacy\nMaterial-Change-Acknowledged-By: Dana <dana@example.com>",
        "2026-03-02T10:00:00+00:00",
        allow_empty=True,
    )
    published.commit("Unrelated\n\nPolicy: terms", "2026-03-03T10:00:00+00:00", allow_empty=True)
    [change] = policy_range(published.root, Config(root=published.root)).changes
    assert [c.sha for c in change.commits] == [ack, first]
    assert change.head_version is not None and change.head_version.version == "2.0.0"
    assert "Policy-Version" in change.head_version.source


def test_rename_is_followed_and_deletion_and_addition_are_reported(published: PolicyGitRepo) -> None:
    published.repo.git.mv("policies/privacy.md", "policies/privacy-policy.md")
    published.repo.git.rm("-q", "policies/terms.md")
    published.write("policies/cookies.md", "# Cookies\n\nWe use cookies.\n")
    published.commit("Rename, delete, add", DAY)
    changes = {c.path: c for c in policy_range(published.root, Config(root=published.root)).changes}
    assert set(changes) == {"policies/privacy-policy.md", "policies/terms.md", "policies/cookies.md"}
    renamed = changes["policies/privacy-policy.md"]
    assert (renamed.status, renamed.old_path) == ("renamed", "policies/privacy.md")
    assert renamed.policy == "privacy-policy"
    assert renamed.old_text == renamed.new_text == PRIVACY_V1
    assert renamed.base_version is not None and renamed.base_version.version == "1.0.0"
    deleted = changes["policies/terms.md"]
    assert (deleted.status, deleted.old_text, deleted.new_text) == ("deleted", TERMS_V1, None)
    added = changes["policies/cookies.md"]
    assert (added.status, added.old_path, added.old_text) == ("added", None, None)


def test_unknown_base_names_it(published: PolicyGitRepo) -> None:
    with pytest.raises(RepositoryError, match="unknown base ref 'no-such-branch'"):
        _range(published, base="no-such-branch")


def test_shallow_clone_without_the_base_says_how_to_fetch(published: PolicyGitRepo, tmp_path: Path) -> None:
    published.edit("policies/privacy.md", NOT_SOLD, SOLD)
    published.commit("Sell data", DAY)
    clone = tmp_path / "shallow"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", "--branch", "change", f"file://{published.root}", str(clone)],
        check=True,
    )
    config = Config(root=clone)
    with pytest.raises(RepositoryError, match=r"shallow clone.*git fetch --unshallow.*fetch-depth: 0"):
        policy_range(clone, config)
    with pytest.raises(RepositoryError, match=r"base 'main' is not in this shallow clone"):
        policy_range(clone, config, base="main")


def test_on_a_policy_tag_the_base_is_the_previous_version_tag(published: PolicyGitRepo) -> None:
    v1 = published.repo.head.commit.hexsha
    published.edit("policies/privacy.md", NOT_SOLD, SOLD)
    published.commit("Sell data", DAY)
    published.repo.git.checkout("-q", "main")
    published.repo.git.merge("-q", "--ff-only", "change")
    published.tag("privacy/v2.0.0", DAY)
    span = policy_range(published.root, Config(root=published.root))
    assert (span.base, span.base_label) == (v1, "privacy/v1.0.0")
    assert [c.policy for c in span.changes] == ["privacy"]


def test_on_the_default_branch_the_base_is_the_previous_commit(published: PolicyGitRepo) -> None:
    published.repo.git.checkout("-q", "main")
    before = published.repo.head.commit.hexsha
    published.edit("policies/terms.md", "lawful purposes only", "lawful purposes")
    published.commit("Terms wording", DAY)
    span = policy_range(published.root, Config(root=published.root))
    assert span.base == before
    assert [c.path for c in span.changes] == ["policies/terms.md"]


def test_staged_compares_the_index_with_head(published: PolicyGitRepo) -> None:
    published.edit("policies/privacy.md", NOT_SOLD, SOLD)
    (published.root / "policies" / "terms.md").write_text("# Terms\n\nunstaged edit\n", encoding="utf-8")
    span = _range(published, staged=True)
    assert span.head == INDEX  # type: ignore[attr-defined]
    [change] = span.changes  # type: ignore[attr-defined]
    assert change.path == "policies/privacy.md" and SOLD in change.new_text
    assert change.commits == ()


def test_policy_names_follow_the_store_nested_md_files_only(published: PolicyGitRepo) -> None:
    published.write("policies/eu/terms.md", "# EU terms\n\nText.\n")
    published.write("policies/notes.txt", "not a policy\n")
    published.write("docs/privacy.md", "# Not under policies/\n")
    published.commit("Add EU terms\n\nPolicy: eu/terms\nPolicy-Version: 1.0.0", DAY)
    [change] = policy_range(published.root, Config(root=published.root)).changes
    assert (change.policy, change.path, change.status) == ("eu/terms", "policies/eu/terms.md", "added")
    assert change.head_version is not None and change.head_version.version == "1.0.0"
