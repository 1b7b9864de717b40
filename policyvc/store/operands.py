"""What `policyvc diff` compares: files, recorded versions (`privacy@1.0.0`), git revisions (`REV:path`),
a policy against its working tree (`privacy`), or every policy changed since a ref (`--base REF`)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from policyvc.config import Config
from policyvc.errors import RepositoryError, UsageError
from policyvc.parse.source import read_policy_file

if TYPE_CHECKING:
    from policyvc.store.repo import PolicyRepo


@dataclass(frozen=True, slots=True)
class Operand:
    label: str  # what the user named, for headers ("policies/privacy.md", "privacy@1.0.0")
    text: str
    path: str | None = None  # repository-relative path when known (for annotations)


@dataclass(frozen=True, slots=True)
class ComparisonPair:
    policy: str
    old: Operand
    new: Operand


def resolve_pairs(old: str | None, new: str | None, base: str | None, config: Config) -> list[ComparisonPair]:
    """Turn `diff` arguments into the pairs to compare."""
    if base is not None:
        if new is not None:
            raise UsageError("with --base give at most one policy name: policyvc diff [POLICY] --base REF")
        return _since_base(base, old, config)
    if old is None:
        raise UsageError("give two versions to compare (files, privacy@1.0.0, REV:path) or a policy name")
    if new is None:
        return [_against_working_tree(old, config)]
    resolver = _Resolver(config)
    old_operand, old_policy = resolver.operand(old)
    new_operand, new_policy = resolver.operand(new)
    return [ComparisonPair(policy=new_policy or old_policy, old=old_operand, new=new_operand)]


class _Resolver:
    """Resolves one operand; opens the repository only when a git form needs it."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self._repo: PolicyRepo | None = None

    @property
    def repo(self) -> PolicyRepo:
        from policyvc.store.repo import PolicyRepo

        if self._repo is None:
            self._repo = PolicyRepo.open(self.config.root)
        return self._repo

    def operand(self, spec: str) -> tuple[Operand, str]:
        if Path(spec).is_file():
            return Operand(spec, read_policy_file(Path(spec)), spec), Path(spec).stem
        rev, colon, path = spec.partition(":")
        if colon and rev and path and "@" not in rev:
            from policyvc.store.gitlog import text_at

            path = path.removeprefix("./")
            return Operand(spec, text_at(self.repo.git, rev, path), path), PurePosixPath(path).stem
        policy, at, version = spec.partition("@")
        if at or self._is_policy(spec):
            repo = self.repo
            found = repo.version(policy, version or None)
            label = f"{found.policy}@{found.version}"
            return Operand(label, repo.text(found), found.path), found.policy
        return Operand(spec, read_policy_file(Path(spec)), spec), Path(spec).stem

    def _is_policy(self, name: str) -> bool:
        try:
            self.repo.policy_name(name)
        except RepositoryError:
            return False
        return True


def _against_working_tree(spec: str, config: Config) -> ComparisonPair:
    """`policyvc diff privacy`: the last recorded version (or the one named) against the working tree."""
    if Path(spec).is_file() and "@" not in spec:
        raise UsageError(f"give a second file to compare with {spec}: policyvc diff OLD NEW")
    resolver = _Resolver(config)
    policy, _at, version = spec.partition("@")
    repo = resolver.repo
    name = repo.policy_name(policy)
    found = repo.version(name, version or None)
    path = repo.policy_path(name)
    old = Operand(f"{name}@{found.version}", repo.text(found), found.path)
    return ComparisonPair(policy=name, old=old, new=Operand(path, repo.working_text(name), path))


def _since_base(base: str, only: str | None, config: Config) -> list[ComparisonPair]:
    """Every policy whose file differs between `base` and the working tree, in path order."""
    from policyvc.store.gitlog import changed_paths, text_at

    repo = _Resolver(config).repo
    folder = repo.policies_dir
    wanted = repo.policy_path(only) if only is not None else None
    pairs: list[ComparisonPair] = []
    for path in changed_paths(repo.git, base, folder):
        if not path.endswith(".md") or (wanted is not None and path != wanted):
            continue
        try:
            old_text = text_at(repo.git, base, path)
        except RepositoryError:
            old_text = ""  # a policy added since the base
        on_disk = repo.root / path
        new_text = read_policy_file(on_disk) if on_disk.is_file() else ""  # removed since the base
        name = path[len(folder) + 1 : -3] if folder != "." else path[:-3]
        old = Operand(f"{base}:{path}", old_text, path)
        pairs.append(ComparisonPair(name, old, Operand(path, new_text, path)))
    return pairs

