"""What `policyvc diff` compares: files, policy@version, REV:path, a policy vs its working tree, --base."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from store_repos import V1, V2, V3, GitWorkspace

from policyvc.config import load_config
from policyvc.errors import InputError, RepositoryError, UsageError
from policyvc.store.operands import resolve_pairs

PATH = "policies/privacy.md"


@pytest.fixture
def ws(workspace: GitWorkspace) -> GitWorkspace:
    workspace.commit_file(PATH, V1, "Add", "2026-01-01T09:00:00+00:00")
    workspace.repo.git.branch("before-sale")
    workspace.commit_file(PATH, V2, "Sell", "2026-02-01T09:00:00+00:00")
    return workspace


def pairs(ws: GitWorkspace, old: str | None, new: str | None = None, base: str | None = None) -> list[Any]:
    return resolve_pairs(old, new, base, load_config(ws.root))


def test_files_keep_working_without_a_repository(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(V1)
    (tmp_path / "b.md").write_text(V2)
    (pair,) = resolve_pairs(str(tmp_path / "a.md"), str(tmp_path / "b.md"), None, load_config(tmp_path))
    assert (pair.old.text, pair.new.text, pair.policy) == (V1, V2, "b")


def test_versions_by_number_and_latest(ws: GitWorkspace) -> None:
    (pair,) = pairs(ws, "privacy@1.0.0", "privacy@latest")
    assert (pair.old.label, pair.new.label) == ("privacy@1.0.0", "privacy@2.0.0")
    assert (pair.old.text, pair.new.text) == (V1, V2)
    assert pair.policy == "privacy" and pair.new.path == PATH


def test_git_revision_and_path(ws: GitWorkspace) -> None:
    (pair,) = pairs(ws, f"before-sale:{PATH}", f"HEAD:{PATH}")
    assert (pair.old.text, pair.new.text) == (V1, V2)
    assert pair.old.label == f"before-sale:{PATH}" and pair.old.path == PATH


def test_bare_policy_is_last_version_against_the_working_tree(ws: GitWorkspace) -> None:
    ws.write(PATH, V3)
    (pair,) = pairs(ws, "privacy")
    assert (pair.old.label, pair.new.label) == ("privacy@2.0.0", PATH)
    assert (pair.old.text, pair.new.text) == (V2, V3)


def test_base_gives_every_policy_changed_since_the_ref(ws: GitWorkspace) -> None:
    ws.write("policies/terms.md", "# Terms\n")
    ws.commit_file("policies/cookies.md", "# Cookies\n", "Cookies", "2026-02-02T09:00:00+00:00")
    found = pairs(ws, None, base="before-sale")
    assert [p.policy for p in found] == ["cookies", "privacy", "terms"]
    privacy = found[1]
    assert (privacy.old.text, privacy.new.text) == (V1, V2)
    assert found[0].old.text == "" and found[2].old.text == ""  # new since the base
    only = pairs(ws, "privacy", base="before-sale")
    assert [p.policy for p in only] == ["privacy"]


def test_unknown_things_are_clear_errors(ws: GitWorkspace) -> None:
    with pytest.raises(RepositoryError, match="no such version"):
        pairs(ws, "privacy@9.0.0", "privacy@latest")
    with pytest.raises(RepositoryError, match="no such file at that revision"):
        pairs(ws, f"nope:{PATH}", f"HEAD:{PATH}")
    with pytest.raises(RepositoryError, match="unknown revision"):
        pairs(ws, None, base="no-such-ref")
    with pytest.raises(InputError, match="no such file"):
        pairs(ws, "missing.md", "privacy@latest")
    with pytest.raises(UsageError):
        pairs(ws, None)
