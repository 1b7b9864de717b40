"""Run a repository's commit hooks the way `git commit` does: pre-commit and commit-msg, then post-commit.

policyvc writes its commit with plumbing (commit-tree, update-ref), which runs no hook at all, so the hooks
`git commit` would run are run here. A failing pre-commit or commit-msg hook refuses the commit; post-commit
runs once commit and tag exist, so its failure can only be reported — git ignores it, policyvc warns.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

import git

from policyvc.errors import RepositoryError


@dataclass(frozen=True, slots=True)
class HookReport:
    """What a hook said after the fact: its output (stdout and stderr in order), a warning if it failed."""

    name: str
    output: str
    warning: str = ""


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
    try:
        result = _run(repo, hook, args, env, stderr=subprocess.PIPE)
    except OSError as exc:
        raise RepositoryError(
            f"the {name} hook {hook} could not be run ({exc.strerror}); nothing was changed — "
            "fix its first line or its permissions, or remove it"
        ) from None
    if result.returncode != 0:
        said = (result.stderr.strip() or result.stdout.strip()).splitlines()
        detail = f": {said[-1]}" if said else ""
        raise RepositoryError(
            f"the {name} hook refused the commit (exit {result.returncode}){detail}; "
            "nothing was changed — fix what it reports and run the command again"
        )


def run_post_commit(repo: git.Repo, done: str) -> HookReport | None:
    """Run the post-commit hook, as `git commit` does once the commit exists; None when there is none.

    `done` names what already exists (the commit and its tag) for the warning: nothing is undone on failure.
    """
    hook = hook_path(repo, "post-commit")
    if hook is None:
        return None
    # As git runs it: after the commit, with the real index; its stdout goes where its stderr goes.
    env = {"GIT_INDEX_FILE": str(Path(repo.git_dir) / "index"), "GIT_EDITOR": ":"}
    try:
        result = _run(repo, hook, [], env, stderr=subprocess.STDOUT)
    except OSError as exc:
        return HookReport(
            "post-commit", "", f"the post-commit hook {hook} could not be run ({exc.strerror}); {done} stand"
        )
    output = result.stdout
    if result.returncode == 0:
        return HookReport("post-commit", output)
    said = output.strip().splitlines()
    detail = f": {said[-1]}" if said else ""
    warning = (
        f"the post-commit hook failed (exit {result.returncode}){detail}; {done} stand — "
        f"fix the hook and run it again by hand if its work is needed ({hook})"
    )
    return HookReport("post-commit", output, warning)


def _run(
    repo: git.Repo, hook: Path, args: list[str], env: dict[str, str], *, stderr: int
) -> subprocess.CompletedProcess[str]:
    """The hook from the working tree root, stdin empty (as git runs hooks), output captured."""
    return subprocess.run(
        [str(hook), *args],
        cwd=str(repo.working_tree_dir),
        env={**os.environ, **env},
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=stderr,
        encoding="utf-8",
        errors="replace",
        check=False,
    )
