"""Hooks are found where git looks for them (core.hooksPath too) and only when executable."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from store_repos import GitWorkspace

from policyvc.errors import RepositoryError
from policyvc.store.hooks import hook_path, run_hook


def make_hook(folder: Path, name: str, body: str, executable: bool = True) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(f"#!/bin/sh\n{body}\n")
    if executable:
        path.chmod(path.stat().st_mode | stat.S_IEXEC)
    return path


def test_core_hooks_path_is_honoured(workspace: GitWorkspace) -> None:
    make_hook(Path(workspace.repo.git_dir) / "hooks", "pre-commit", "exit 0")
    shared = make_hook(workspace.root / ".githooks", "pre-commit", "exit 1")
    workspace.repo.git.config("core.hooksPath", ".githooks")
    assert hook_path(workspace.repo, "pre-commit") == shared
    with pytest.raises(RepositoryError, match=r"pre-commit hook refused the commit \(exit 1\)"):
        run_hook(workspace.repo, "pre-commit", [], {})


def test_a_hook_that_is_not_executable_is_ignored_like_git_does(workspace: GitWorkspace) -> None:
    make_hook(Path(workspace.repo.git_dir) / "hooks", "pre-commit", "exit 1", executable=False)
    assert hook_path(workspace.repo, "pre-commit") is None
    run_hook(workspace.repo, "pre-commit", [], {})


def test_hooks_run_from_the_working_tree_with_the_given_environment(workspace: GitWorkspace) -> None:
    make_hook(Path(workspace.repo.git_dir) / "hooks", "commit-msg", 'pwd > "$1"; echo "$MARK" >> "$1"')
    out = workspace.root / "out.txt"
    run_hook(workspace.repo, "commit-msg", [str(out)], {"MARK": "seen"})
    assert out.read_text().split() == [str(workspace.root.resolve()), "seen"]
