"""Who the user is to git: the fallback sender of notice emails."""

from __future__ import annotations

from pathlib import Path

import git


def git_user_email(start: Path) -> str | None:
    """git's `user.email` as seen from `start` (repository, global and system config), or None when unset."""
    try:
        value = git.Git(str(start)).config("--get", "user.email")
    except (git.GitCommandError, git.GitCommandNotFound, OSError):
        return None
    value = str(value).strip()
    return value or None
