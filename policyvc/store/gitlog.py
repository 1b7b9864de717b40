"""Low-level git reads: open a repository, list the commits that changed a path (following renames), blobs."""

from __future__ import annotations

import hashlib
import subprocess
from dataclasses import dataclass
from pathlib import Path

import git

from policyvc.errors import InputError, RepositoryError
from policyvc.parse.source import decode_policy_bytes

_RECORD = "\x1e"
_FIELD = "\x1f"
NULL_SHA = "0" * 40


@dataclass(frozen=True, slots=True)
class PathCommit:
    """One commit that changed a file: the file's path and blob at that commit."""

    commit: str
    commit_date: str  # ISO 8601, committer date
    message: str
    path: str
    blob: str  # NULL_SHA when the commit deleted the file


@dataclass(frozen=True, slots=True)
class TagInfo:
    name: str
    commit: str
    message: str


def open_git_repo(start: Path) -> git.Repo:
    """The git repository containing `start`, searching upward; RepositoryError when there is none."""
    try:
        repo = git.Repo(start, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        raise RepositoryError(f"{start}: not inside a git repository; run `policyvc init` first") from None
    if repo.bare or repo.working_tree_dir is None:
        raise RepositoryError(f"{repo.git_dir}: a bare repository has no working tree; use a clone")
    return repo


def has_commits(repo: git.Repo) -> bool:
    """False for a fresh repository whose branch has no commit yet."""
    try:
        repo.git.rev_parse("--verify", "--quiet", "HEAD^{commit}")
    except git.GitCommandError:
        return False
    return True


def path_commits(repo: git.Repo, path: str) -> list[PathCommit]:
    """Every commit that changed `path`, oldest first, following renames (`git log --follow`)."""
    if not has_commits(repo):
        return []
    out = _unquoted(repo).log(
        "--follow",
        "-M",
        "--raw",
        "--no-abbrev",
        f"--format={_RECORD}%H{_FIELD}%cI{_FIELD}%B{_FIELD}",
        "HEAD",
        "--",
        path,
    )
    commits: list[PathCommit] = []
    for record in out.split(_RECORD)[1:]:
        sha, date, message, raw = record.split(_FIELD, 3)
        commits.append(_path_commit(repo, sha, date, message.strip(), raw, path))
    commits.reverse()
    return commits


def _path_commit(repo: git.Repo, sha: str, date: str, message: str, raw: str, path: str) -> PathCommit:
    for line in raw.splitlines():
        if not line.startswith(":"):
            continue
        meta, _, names = line.partition("\t")
        parts = meta.split()
        status, new_blob = parts[4], parts[3]
        new_path = names.split("\t")[-1]
        if status.startswith("D"):
            return PathCommit(sha, date, message, new_path, NULL_SHA)
        return PathCommit(sha, date, message, new_path, new_blob)
    # A merge that changed the file shows no raw line: ask for the blob directly.
    blob = repo.git.rev_parse(f"{sha}:{path}")
    return PathCommit(sha, date, message, path, blob)


def blob_text(repo: git.Repo, blob: str, name: str) -> str:
    """The decoded text of a blob (persistent `git cat-file --batch`)."""
    try:
        _sha, _kind, _size, data = repo.git.get_object_data(blob)
    except ValueError:
        raise RepositoryError(f"{name}: blob {blob} is missing from the repository") from None
    try:
        return decode_policy_bytes(data, name)
    except InputError as exc:
        raise InputError(exc.message) from None


def blob_texts(repo: git.Repo, blobs: list[str], name: str) -> dict[str, str]:
    """Many blobs in one `git cat-file --batch` run (one round trip instead of one per blob)."""
    wanted = list(dict.fromkeys(blobs))
    if not wanted:
        return {}
    result = subprocess.run(
        ["git", "cat-file", "--batch"],
        input="".join(f"{blob}\n" for blob in wanted).encode(),
        cwd=repo.working_tree_dir,
        capture_output=True,
        check=False,
    )
    if result.returncode != 0:
        said = result.stderr.decode(errors="replace").strip()
        raise RepositoryError(f"{name}: git cat-file failed: {said}")
    out, pos = result.stdout, 0
    texts: dict[str, str] = {}
    for blob in wanted:
        header_end = out.index(b"\n", pos)
        header = out[pos:header_end].split()
        if len(header) != 3:
            raise RepositoryError(f"{name}: blob {blob} is missing from the repository")
        size = int(header[2])
        data = out[header_end + 1 : header_end + 1 + size]
        texts[blob] = decode_policy_bytes(data, f"{name} blob {blob[:10]}")
        pos = header_end + 1 + size + 1
    return texts


def text_at(repo: git.Repo, rev: str, path: str) -> str:
    """The text of `path` at revision `rev`; RepositoryError when either is unknown."""
    try:
        blob = repo.git.rev_parse("--verify", "--quiet", f"{rev}:{path}")
    except git.GitCommandError:
        raise RepositoryError(f"{rev}:{path}: no such file at that revision; check ref and path") from None
    return blob_text(repo, blob, f"{rev}:{path}")


def tree_files(repo: git.Repo, rev: str, folder: str) -> list[str]:
    """Repository-relative paths of the files under `folder` at `rev` (empty when absent)."""
    if not has_commits(repo):
        return []
    out = _unquoted(repo).ls_tree("-r", "--name-only", rev, "--", folder)
    return [line for line in out.splitlines() if line]


def policy_tags(repo: git.Repo) -> list[TagInfo]:
    """Tags named `POLICY/vX.Y.Z`, peeled to their commits, with their messages."""
    out = repo.git.for_each_ref(
        "refs/tags",
        format=f"%(refname:short){_FIELD}%(objectname){_FIELD}%(*objectname){_FIELD}%(contents){_RECORD}",
    )
    tags: list[TagInfo] = []
    for record in out.split(_RECORD):
        record = record.strip("\n")
        if not record or _FIELD not in record:
            continue
        name, obj, peeled, message = record.split(_FIELD, 3)
        if "/v" not in name:
            continue
        tags.append(TagInfo(name, peeled or obj, message.strip()))
    return tags


def changed_paths(repo: git.Repo, ref: str, folder: str) -> list[str]:
    """Paths under `folder` that differ between `ref` and the working tree (committed or not)."""
    try:
        repo.git.rev_parse("--verify", "--quiet", f"{ref}^{{commit}}")
    except git.GitCommandError:
        raise RepositoryError(f"{ref}: unknown revision; fetch it (git fetch) or name a branch") from None
    out = _unquoted(repo).diff("--name-only", "-M", ref, "--", folder)
    untracked = _unquoted(repo).ls_files("--others", "--exclude-standard", "--", folder)
    return sorted({line for line in (out + "\n" + untracked).splitlines() if line})


def blob_id(text: str) -> str:
    """The id git would give `text` as a blob (so working-tree texts share the classification cache)."""
    data = text.encode("utf-8")
    return hashlib.sha1(b"blob %d\0" % len(data) + data, usedforsecurity=False).hexdigest()


def _unquoted(repo: git.Repo) -> git.Git:
    """The git command with non-ASCII paths printed as they are (for the next call only)."""
    return repo.git(c="core.quotePath=false")
