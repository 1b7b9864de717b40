"""Hooks are found where git looks for them (core.hooksPath too) and only when executable."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from store_repos import GitWorkspace

from policyvc.errors import RepositoryError
from policyvc.store.hooks import hook_path, run_hook, run_post_commit


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


def test_post_commit_output_and_failure_are_reported_not_raised(workspace: GitWorkspace) -> None:
    assert run_post_commit(workspace.repo, "the commit") is None  # no hook, nothing to say
    make_hook(Path(workspace.repo.git_dir) / "hooks", "post-commit", "echo out; echo err >&2; exit 3")
    report = run_post_commit(workspace.repo, "the commit abc and tag privacy/v1.0.0")
    assert report is not None
    assert report.output == "out\nerr\n"  # stdout and stderr in the order the hook wrote them
    assert report.warning.startswith("the post-commit hook failed (exit 3): err; the commit abc and tag")


def test_a_post_commit_hook_that_cannot_start_is_a_warning(workspace: GitWorkspace) -> None:
    folder = Path(workspace.repo.git_dir) / "hooks"
    folder.mkdir(parents=True, exist_ok=True)
    broken = folder / "post-commit"
    broken.write_text("#!/no/such/interpreter\n")
    broken.chmod(0o755)
    report = run_post_commit(workspace.repo, "the commit abc")
    assert report is not None
    assert "could not be run" in report.warning and "the commit abc stand" in report.warning

