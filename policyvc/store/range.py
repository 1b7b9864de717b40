"""What the CI gate needs from git over a range: the base, the changed policies, their texts, commits, tags.

The range is `base..HEAD` (or HEAD against the index with `staged`). Renames are followed (`git diff -M`);
a shallow clone that lacks the base is an error that says how to fetch it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import git

from policyvc.config import Config
from policyvc.errors import RepositoryError
from policyvc.parse.source import decode_policy_bytes
from policyvc.store.gitlog import TagInfo, open_git_repo, policy_tags
from policyvc.store.numbering import parse_semver
from policyvc.store.trailers import POLICY, POLICY_VERSION, names_policy, parse_trailers, trailer_values

POLICY_SUFFIX = ".md"  # as PolicyRepo.policies(): the *.md files under the policies folder
DEFAULT_BRANCHES = ("origin/HEAD", "origin/main", "origin/master", "main", "master")
INDEX = "(index)"

ChangeStatus = Literal["modified", "added", "deleted", "renamed"]


@dataclass(frozen=True, slots=True)
class RangeCommit:
    """A commit in the range that touched a policy (or names it in a `Policy:` trailer)."""

    sha: str
    date: str  # committer date, ISO 8601
    summary: str
    trailers: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class RecordedVersion:
    """A version number and where it was recorded ("trailer Policy-Version", "tag privacy/v2.0.0")."""

    version: str
    source: str


@dataclass(frozen=True, slots=True)
class PolicyChange:
    """One policy file changed between base and head, with both texts and the commits that changed it."""

    policy: str  # name: the file's stem at head (at base when deleted)
    path: str  # repository-relative path at head (at base when deleted)
    old_path: str | None  # path at base; None when added
    status: ChangeStatus
    old_text: str | None
    new_text: str | None
    commits: tuple[RangeCommit, ...]  # newest first
    base_version: RecordedVersion | None  # recorded in git (trailer or tag) up to the base
    head_version: RecordedVersion | None  # recorded in git within the range
    old_policy: str | None = None  # name at base (differs from `policy` after a rename)

    @property
    def names(self) -> frozenset[str]:
        """The names `Policy:` trailers may use for this policy (old and new after a rename)."""
        return frozenset(n for n in (self.policy, self.old_policy) if n)


@dataclass(frozen=True, slots=True)
class PolicyRange:
    """Every policy changed between a base and a head."""

    root: Path
    base: str  # commit sha ("" when the repository has no commit yet)
    base_label: str  # what the base was named ("main", "merge base with origin/HEAD", …)
    head: str  # commit sha, or INDEX for staged changes
    changes: tuple[PolicyChange, ...]
    today: str  # the date a staged change would be published, ISO 8601


def policy_range(
    start: Path,
    config: Config,
    *,
    base: str | None = None,
    staged: bool = False,
    target_branches: tuple[str, ...] = (),
) -> PolicyRange:
    """The policies changed between `base` (default: see `resolve_base`) and HEAD, or HEAD and the index."""
    repo = open_git_repo(start)
    root = Path(repo.working_tree_dir or start)
    folder = _policies_folder(root, config)
    today = dt.datetime.now(dt.UTC).date().isoformat()
    if staged:
        base_sha, label = (_resolve_ref(repo, base), base) if base else (_head_or_empty(repo), "HEAD")
        head = INDEX
    else:
        if not _ref_exists(repo, "HEAD"):
            raise RepositoryError(f"{root}: no commit yet; commit the policies first (or use --staged)")
        base_sha, label = resolve_base(repo, base, target_branches)
        head = repo.head.commit.hexsha
    entries = _changed_entries(repo, base_sha, head, folder)
    changes = tuple(_policy_change(repo, base_sha, head, entry, folder) for entry in entries)
    return PolicyRange(root, base_sha, label, head, changes, today)


def resolve_base(repo: git.Repo, ref: str | None, target_branches: tuple[str, ...] = ()) -> tuple[str, str]:
    """The base commit and a label for it.

    Named ref → that commit. On a policy tag → the previous version's tag. Otherwise the merge base of HEAD
    with the pull request's target branch (`target_branches`, from the CI environment) or the default branch
    (origin/HEAD, else main/master); on that branch itself, HEAD's parent.
    """
    if ref is not None:
        return _resolve_ref(repo, ref), ref
    head = repo.head.commit
    previous = _previous_version_tag(repo, head.hexsha)
    if previous is not None:
        return previous
    for branch in (*target_branches, *DEFAULT_BRANCHES):
        if not _ref_exists(repo, branch):
            continue
        bases = repo.merge_base(branch, head)
        if not bases:
            if _is_shallow(repo):
                raise RepositoryError(_shallow_message(f"the merge base of HEAD and {branch}"))
            raise RepositoryError(f"HEAD and {branch} share no history; give the base with --base REF")
        merge_base = bases[0].hexsha
        if merge_base == head.hexsha:
            if not head.parents:
                return "", f"{branch} (first commit)"
            parent = head.parents[0].hexsha
            if not _ref_exists(repo, parent):
                raise RepositoryError(_shallow_message(f"the commit before HEAD on {branch}"))
            return parent, f"{branch}~1 (HEAD is on {branch})"
        return merge_base, f"merge base with {branch}"
    if _is_shallow(repo):
        raise RepositoryError(_shallow_message("the default branch"))
    raise RepositoryError("no default branch (origin/HEAD, main or master) to compare with; give --base REF")


def _resolve_ref(repo: git.Repo, ref: str) -> str:
    try:
        return str(repo.git.rev_parse("--verify", "--quiet", f"{ref}^{{commit}}")).strip()
    except git.GitCommandError:
        pass
    if _is_shallow(repo):
        raise RepositoryError(_shallow_message(f"base '{ref}'"))
    raise RepositoryError(f"unknown base ref '{ref}': no branch, tag or commit of that name (git branch -a)")


def _shallow_message(what: str) -> str:
    return (
        f"{what} is not in this shallow clone; fetch the history with `git fetch --unshallow` "
        "(GitHub Actions: actions/checkout with fetch-depth: 0)"
    )


def _is_shallow(repo: git.Repo) -> bool:
    return str(repo.git.rev_parse("--is-shallow-repository")).strip() == "true"


def _ref_exists(repo: git.Repo, ref: str) -> bool:
    try:
        repo.git.rev_parse("--verify", "--quiet", f"{ref}^{{commit}}")
    except git.GitCommandError:
        return False
    return True


def _head_or_empty(repo: git.Repo) -> str:
    return repo.head.commit.hexsha if _ref_exists(repo, "HEAD") else ""


def _previous_version_tag(repo: git.Repo, head: str) -> tuple[str, str] | None:
    tags = policy_tags(repo)
    for tag in tags:
        policy, _, version = tag.name.rpartition("/")
        current = parse_semver(version)
        if tag.commit != head or current is None:
            continue
        older = [
            (parse_semver(t.name.rpartition("/")[2]), t)
            for t in tags
            if t.name.rpartition("/")[0] == policy and t.commit != head
        ]
        candidates = [(v, t) for v, t in older if v is not None and v < current]
        if candidates:
            _version, previous = max(candidates, key=lambda pair: pair[0] or (0, 0, 0))
            return previous.commit, previous.name
    return None


def _policies_folder(root: Path, config: Config) -> str:
    folder = config.path(config.policies_dir)
    try:
        return folder.relative_to(root.resolve()).as_posix()
    except ValueError:
        raise RepositoryError(f"policies_dir '{config.policies_dir}' is outside the repository") from None


@dataclass(frozen=True, slots=True)
class _Entry:
    status: ChangeStatus
    old_path: str | None
    new_path: str | None


def _changed_entries(repo: git.Repo, base: str, head: str, folder: str) -> list[_Entry]:
    args = ["--name-status", "-z", "-M", "--no-color"]
    if head == INDEX:
        args.append("--cached")
    if base:
        args.append(base)
    elif head == INDEX:
        args.append(_empty_tree(repo))
    if head != INDEX:
        args.extend([head] if base else [_empty_tree(repo), head])
    out = repo.git.diff(*args, "--", folder or ".")  # -z: paths come unquoted
    tokens = out.split("\0")
    entries: list[_Entry] = []
    i = 0
    while i < len(tokens) and tokens[i]:
        code = tokens[i][0]
        if code in "RC":
            old, new = tokens[i + 1], tokens[i + 2]
            i += 3
            if code == "R" and _is_policy(old) and _is_policy(new):
                entries.append(_Entry("renamed", old, new))
            elif _is_policy(new):
                entries.append(_Entry("added", None, new))
            continue
        path = tokens[i + 1]
        i += 2
        if not _is_policy(path):
            continue
        if code == "A":
            entries.append(_Entry("added", None, path))
        elif code == "D":
            entries.append(_Entry("deleted", path, None))
        else:
            entries.append(_Entry("modified", path, path))
    return entries


def _empty_tree(repo: git.Repo) -> str:
    return str(repo.git.hash_object("-t", "tree", "/dev/null")).strip()


def _is_policy(path: str) -> bool:
    return path.endswith(POLICY_SUFFIX)


def policy_name(path: str, folder: str) -> str:
    """The policy name of a file: its path under the policies folder without `.md` ("privacy", "eu/terms")."""
    prefix = f"{folder}/" if folder not in ("", ".") else ""
    inside = path[len(prefix) :] if prefix and path.startswith(prefix) else path
    return inside.removesuffix(POLICY_SUFFIX)


def _policy_change(repo: git.Repo, base: str, head: str, entry: _Entry, folder: str) -> PolicyChange:
    path = entry.new_path or entry.old_path or ""
    policy = policy_name(path, folder)
    old_policy = policy_name(entry.old_path, folder) if entry.old_path else None
    names = {n for n in (policy, old_policy) if n}
    old_text = _text(repo, base, entry.old_path) if entry.old_path else None
    new_text = _text(repo, head, entry.new_path) if entry.new_path else None
    commits = _range_commits(repo, base, head, [p for p in (entry.old_path, entry.new_path) if p], names)
    base_version = _base_version(repo, base, entry.old_path, names) if entry.old_path and base else None
    head_version = _head_version(repo, commits, names)
    return PolicyChange(
        policy, path, entry.old_path, entry.status, old_text, new_text, commits, base_version, head_version,
        old_policy,
    )


def _text(repo: git.Repo, rev: str, path: str) -> str:
    if rev == INDEX:
        try:
            blob = repo.git.rev_parse("--verify", "--quiet", f":{path}").strip()
        except git.GitCommandError:
            raise RepositoryError(f"{path}: not in the index") from None
    else:
        blob = repo.git.rev_parse("--verify", "--quiet", f"{rev}:{path}").strip()
    _sha, _kind, _size, data = repo.git.get_object_data(blob)
    return decode_policy_bytes(data, f"{path}")


def _range_commits(
    repo: git.Repo, base: str, head: str, paths: list[str], names: set[str]
) -> tuple[RangeCommit, ...]:
    if head == INDEX:
        return ()
    spec = f"{base}..{head}" if base else head
    found: dict[str, RangeCommit] = {}
    for commit in repo.iter_commits(spec, paths=paths):
        found[commit.hexsha] = _range_commit(commit)
    # A commit that touches no file but names the policy (e.g. an acknowledgement) counts too.
    for commit in repo.iter_commits(spec):
        if commit.hexsha not in found:
            trailers = parse_trailers(str(commit.message))
            if names & set(trailer_values(trailers, POLICY)):
                found[commit.hexsha] = _range_commit(commit)
    ordered = sorted(found.values(), key=lambda c: dt.datetime.fromisoformat(c.date), reverse=True)
    return tuple(ordered)


def _range_commit(commit: git.Commit) -> RangeCommit:
    message = str(commit.message)
    summary = message.split("\n", 1)[0]
    return RangeCommit(commit.hexsha, commit.committed_datetime.isoformat(), summary, parse_trailers(message))


def _head_version(
    repo: git.Repo, commits: tuple[RangeCommit, ...], names: set[str]
) -> RecordedVersion | None:
    for commit in commits:
        versions = trailer_values(commit.trailers, POLICY_VERSION)
        if versions and names_policy(commit.trailers, names):
            return RecordedVersion(versions[-1], f"trailer {POLICY_VERSION} on {commit.sha[:7]}")
    shas = {c.sha for c in commits}
    tagged = [t for t in policy_tags(repo) if t.commit in shas and t.name.rpartition("/")[0] in names]
    return _highest_tag(tagged)


def _base_version(repo: git.Repo, base: str, path: str, names: set[str]) -> RecordedVersion | None:
    for commit in repo.iter_commits(base, paths=[path], max_count=500):
        trailers = parse_trailers(str(commit.message))
        versions = trailer_values(trailers, POLICY_VERSION)
        if versions and names_policy(trailers, names):
            return RecordedVersion(versions[-1], f"trailer {POLICY_VERSION} on {commit.hexsha[:7]}")
    tagged = [
        t
        for t in policy_tags(repo)
        if t.name.rpartition("/")[0] in names and repo.is_ancestor(repo.commit(t.commit), repo.commit(base))
    ]
    return _highest_tag(tagged)


def _highest_tag(tags: list[TagInfo]) -> RecordedVersion | None:
    best: tuple[tuple[int, int, int], str] | None = None
    for tag in tags:
        version = parse_semver(tag.name.rpartition("/")[2])
        if version is not None and (best is None or version > best[0]):
            best = (version, tag.name)
    if best is None:
        return None
    return RecordedVersion(best[1].rpartition("/")[2].lstrip("v"), f"tag {best[1]}")
