"""Run a repository's commit hooks the way `git commit` does (pre-commit, commit-msg)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import git

from policyvc.errors import RepositoryError


def hook_path(repo: git.Repo, name: str) -> Path | None:
    """The executable hook `name`, honouring core.hooksPath; None when there is none."""
    try:
        configured = repo.git.config("--get", "core.hooksPath")
    except git.GitCommandError:
        configured = ""
    if configured:
        folder = Path(os.path.expanduser(configured))
        if not folder.is_absolute():
            folder = Path(str(repo.working_tree_dir)) / folder
    else:
        folder = Path(repo.git_dir) / "hooks"
    hook = folder / name
    return hook if hook.is_file() and os.access(hook, os.X_OK) else None


def run_hook(repo: git.Repo, name: str, args: list[str], env: dict[str, str]) -> None:
    """Run a hook from the working tree root; RepositoryError with its output when it fails."""
    hook = hook_path(repo, name)
    if hook is None:
        return
    result = subprocess.run(
        [str(hook), *args],
        cwd=str(repo.working_tree_dir),
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        said = (result.stderr.strip() or result.stdout.strip()).splitlines()
        detail = f": {said[-1]}" if said else ""
        raise RepositoryError(
            f"the {name} hook refused the commit (exit {result.returncode}){detail}; "
            "nothing was changed — fix what it reports and run the command again"
        )
