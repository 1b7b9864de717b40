"""Write one policy version as a unit: file, commit (with hooks) and tag — or nothing at all.

The commit is built with plumbing on a temporary index, so whatever the user has staged or left unstaged stays
exactly as it was; only the policy's own index entry is updated once everything else has succeeded.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import git

from policyvc.atomicfile import write_bytes_atomically, write_text_atomically
from policyvc.errors import RepositoryError
from policyvc.store.gitlog import NULL_SHA, has_commits
from policyvc.store.hooks import run_hook


@dataclass(frozen=True, slots=True)
class CommitRequest:
    path: str  # repository-relative path of the policy file
    text: str
    message: str
    tag: str
    tag_message: str


def check_branch(repo: git.Repo) -> str:
    """The branch ref HEAD points at; RepositoryError when the index is locked or HEAD is detached."""
    lock = Path(repo.git_dir) / "index.lock"
    if lock.exists():
        raise RepositoryError(
            f"{lock} exists: another git command is running or crashed; "
            "wait for it, or if none is running remove that file, then retry"
        )
    try:
        branch = repo.git.symbolic_ref("-q", "HEAD")
    except git.GitCommandError:
        raise RepositoryError(
            "HEAD is detached; check out a branch (git switch <branch>) before recording a version"
        ) from None
    return str(branch)


def check_ready(repo: git.Repo, request: CommitRequest) -> str:
    """The branch to commit on; RepositoryError when the commit or its tag cannot be made safely now."""
    branch = check_branch(repo)
    try:
        repo.git.rev_parse("--verify", "--quiet", f"refs/tags/{request.tag}")
    except git.GitCommandError:
        pass
    else:
        raise RepositoryError(f"tag {request.tag} already exists; the history and the tags disagree")
    try:
        repo.git.check_ref_format(f"refs/tags/{request.tag}")
    except git.GitCommandError:
        raise RepositoryError(f"{request.tag} is not a valid tag name; rename the policy") from None
    return branch


def write_version(repo: git.Repo, request: CommitRequest, *, check_only: bool = False) -> str:
    """Write the file, run the hooks, commit and tag; returns the commit id. On any failure, undo everything.

    The file is written first so hooks see on disk what they see staged, as with `git commit`.
    """
    branch = check_ready(repo, request)
    if check_only:
        return ""
    old_head = repo.git.rev_parse("HEAD") if has_commits(repo) else None
    git_dir = Path(repo.git_dir)
    target = Path(str(repo.working_tree_dir)) / request.path
    before = target.read_bytes() if target.is_file() else None
    fd, index_file = tempfile.mkstemp(dir=git_dir, prefix="policyvc-index-")
    os.close(fd)
    msg_file = git_dir / "POLICYVC_COMMIT_EDITMSG"
    env = {"GIT_INDEX_FILE": index_file, "GIT_EDITOR": ":"}
    commit = ""
    try:
        blob = _write_blob(repo, git_dir, request.text)
        repo.git.read_tree(old_head or "--empty", env=env)
        repo.git.update_index("--add", "--cacheinfo", f"100644,{blob},{request.path}", env=env)
        tree = repo.git.write_tree(env=env)
        target.parent.mkdir(parents=True, exist_ok=True)
        write_text_atomically(target, request.text)
        run_hook(repo, "pre-commit", [], env)
        msg_file.write_text(request.message, encoding="utf-8")
        run_hook(repo, "commit-msg", [str(msg_file)], env)
        parents = ["-p", old_head] if old_head is not None else []
        commit = repo.git.commit_tree(tree, *parents, "-F", str(msg_file))
        subject = request.message.strip().splitlines()[0]
        repo.git.update_ref("-m", f"policyvc commit: {subject}", branch, commit, old_head or NULL_SHA)
        _tag(repo, request, commit)
        repo.git.update_index("--add", "--", request.path)
    except BaseException as exc:
        _roll_back(repo, branch, commit, old_head, request.tag, target, before)
        if isinstance(exc, RepositoryError):
            raise
        if isinstance(exc, (git.GitCommandError, OSError)):
            raise RepositoryError(f"git refused the commit ({_first_line(exc)}); nothing changed") from None
        raise
    finally:
        Path(index_file).unlink(missing_ok=True)
        msg_file.unlink(missing_ok=True)
    return str(commit)


def _tag(repo: git.Repo, request: CommitRequest, commit: str) -> None:
    try:
        repo.git.tag("-a", request.tag, "-m", request.tag_message, commit)
    except git.GitCommandError as exc:
        raise RepositoryError(
            f"could not create tag {request.tag} ({_first_line(exc)}); the commit was rolled back"
        ) from None


def _roll_back(
    repo: git.Repo,
    branch: str,
    commit: str,
    old_head: str | None,
    tag: str,
    target: Path,
    before: bytes | None,
) -> None:
    """Undo whatever part of the write happened: tag, branch move, file."""
    if commit:
        try:
            if repo.git.rev_parse("--verify", "--quiet", f"refs/tags/{tag}^{{commit}}") == commit:
                repo.git.tag("-d", tag)
        except git.GitCommandError:
            pass
        try:
            if repo.git.rev_parse(branch) == commit:
                _undo_commit(repo, branch, commit, old_head)
        except git.GitCommandError:
            pass
    current = target.read_bytes() if target.is_file() else None
    if current != before:
        _restore_file(target, before)


def _undo_commit(repo: git.Repo, branch: str, commit: str, old_head: str | None) -> None:
    if old_head is None:
        repo.git.update_ref("-d", branch, commit)
    else:
        repo.git.update_ref("-m", "policyvc: roll back", branch, old_head, commit)


def _restore_file(target: Path, before: bytes | None) -> None:
    if before is None:
        target.unlink(missing_ok=True)
        return
    write_bytes_atomically(target, before)


def _write_blob(repo: git.Repo, git_dir: Path, text: str) -> str:
    fd, tmp = tempfile.mkstemp(dir=git_dir, prefix="policyvc-blob-")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(text.encode("utf-8"))
        return str(repo.git.hash_object("-w", "--no-filters", tmp))
    finally:
        Path(tmp).unlink(missing_ok=True)


def _first_line(exc: Exception) -> str:
    stderr = getattr(exc, "stderr", "") or str(exc)
    lines = [line.strip() for line in str(stderr).splitlines() if line.strip()]
    return (lines[-1] if lines else str(exc)).removeprefix("stderr: ").strip("'")
