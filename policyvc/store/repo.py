"""PolicyRepo: the read side of the store — policies, their versions, texts and assessments, from git."""

from __future__ import annotations

import hashlib
from pathlib import Path

import git

from policyvc.config import Config, load_config
from policyvc.errors import RepositoryError
from policyvc.model import Assessment, Version
from policyvc.parse.source import read_policy_file
from policyvc.store.assess import BlobAssessor
from policyvc.store.gitlog import blob_id, blob_text, open_git_repo, policy_tags, tree_files
from policyvc.store.history import build_history
from policyvc.store.numbering import check_date, parse_semver

LATEST = "latest"


def split_spec(spec: str) -> tuple[str, str | None]:
    """`privacy@1.0.0` → ("privacy", "1.0.0"); `privacy` → ("privacy", None)."""
    policy, sep, version = spec.partition("@")
    return policy, (version if sep else None)


class PolicyRepo:
    """A git repository holding policies under `config.policies_dir`."""

    def __init__(self, git_repo: git.Repo, config: Config) -> None:
        self.git = git_repo
        self.root = Path(str(git_repo.working_tree_dir)).resolve()
        self.config = config
        self._histories: dict[str, list[Version]] = {}
        self._policies: list[str] | None = None
        self._assessor: BlobAssessor | None = None

    @classmethod
    def open(cls, start: Path | None = None) -> PolicyRepo:
        """The repository containing `start` (default: the current folder); RepositoryError if none."""
        git_repo = open_git_repo((start or Path.cwd()).resolve())
        root = Path(str(git_repo.working_tree_dir)).resolve()
        return cls(git_repo, load_config(root))

    @property
    def assessor(self) -> BlobAssessor:
        if self._assessor is None:
            self._assessor = BlobAssessor(self.config)
        return self._assessor

    @property
    def policies_dir(self) -> str:
        return self.config.policies_dir.strip("/") or "."

    def refresh(self) -> None:
        """Forget what was read (after this process changed the repository)."""
        self._histories.clear()
        self._policies = None

    def policies(self) -> list[str]:
        """Policy names: the *.md files under the policies folder, committed or only in the working tree."""
        if self._policies is None:
            self._policies = self._find_policies()
        return list(self._policies)

    def _find_policies(self) -> list[str]:
        folder = self.policies_dir
        paths = {p for p in tree_files(self.git, "HEAD", folder) if p.endswith(".md")}
        on_disk = self.root / folder
        if on_disk.is_dir():
            paths |= {p.relative_to(self.root).as_posix() for p in on_disk.rglob("*.md") if p.is_file()}
        prefix = "" if folder == "." else folder + "/"
        return sorted(p[len(prefix) : -len(".md")] for p in paths if p.startswith(prefix))

    def policy_name(self, name: str) -> str:
        """Accept `privacy`, `privacy.md` or `policies/privacy.md`; RepositoryError naming the known ones."""
        name = name.strip().removesuffix(".md")
        prefix = self.policies_dir + "/"
        name = name.removeprefix(prefix)
        known = self.policies()
        if name not in known:
            listing = ", ".join(known) if known else f"none yet under {self.policies_dir}/"
            raise RepositoryError(f"unknown policy {name!r}; known policies: {listing}")
        return name

    def policy_path(self, policy: str) -> str:
        """Repository-relative path of a policy, e.g. "policies/privacy.md"."""
        name = self.policy_name(policy)
        return f"{name}.md" if self.policies_dir == "." else f"{self.policies_dir}/{name}.md"

    def history(self, policy: str) -> list[Version]:
        """Every version of the policy, oldest first."""
        name = self.policy_name(policy)
        if name not in self._histories:
            tags = policy_tags(self.git)
            self._histories[name] = build_history(self.git, name, self.policy_path(name), self.assessor, tags)
        return self._histories[name]

    def histories(self, policy: str | None = None) -> dict[str, list[Version]]:
        """The history of one policy, or of every policy, by name."""
        names = [self.policy_name(policy)] if policy is not None else self.policies()
        return {name: self.history(name) for name in names}

    def version(self, policy: str, version: str | None = None) -> Version:
        """One version: None or "latest" for the newest, "1.2.0"/"v1.2.0", or a commit id prefix."""
        versions = self.history(policy)
        if not versions:
            raise RepositoryError(
                f"{policy} has no recorded version yet; record one: policyvc commit {policy} --effective DATE"
            )
        if version is None or version == LATEST:
            return versions[-1]
        wanted = parse_semver(version)
        for candidate in reversed(versions):
            if wanted is not None and parse_semver(candidate.version) == wanted:
                return candidate
        if wanted is None and len(version) >= 7 and all(c in "0123456789abcdef" for c in version.lower()):
            for candidate in reversed(versions):
                if candidate.commit.startswith(version.lower()):
                    return candidate
        known = ", ".join(v.version for v in versions)
        raise RepositoryError(f"{policy}@{version}: no such version; known versions: {known}")

    def version_at(self, policy: str, date: str) -> Version:
        """The version in force on `date`: the latest whose effective date is on or before it."""
        day = check_date(date, "date")
        versions = self.history(policy)
        in_force = [v for v in versions if (v.effective_date or v.commit_date[:10]) <= day]
        if not in_force:
            first = versions[0].effective_date if versions else None
            detail = f"the first took effect on {first}" if first else "it has no recorded version"
            raise RepositoryError(f"no version of {policy} was in force on {day}; {detail}")
        return in_force[-1]

    def previous(self, version: Version) -> Version | None:
        """The version before `version`, or None for the first."""
        versions = self.history(version.policy)
        for index, candidate in enumerate(versions):
            if candidate.commit == version.commit and candidate.blob == version.blob:
                return versions[index - 1] if index else None
        return None

    def text(self, version: Version) -> str:
        """The policy text at that version."""
        return blob_text(self.git, version.blob, f"{version.policy}@{version.version}")

    def working_text(self, policy: str) -> str:
        """The policy's text in the working tree (InputError when the file is missing or unreadable)."""
        return read_policy_file(self.root / self.policy_path(policy))

    def assessment(self, policy: str, version: str | None = None, since: str | None = None) -> Assessment:
        """That version against the previous one (or against `since`); the first version against nothing."""
        new = self.version(policy, version)
        old = self.version(policy, since) if since is not None else self.previous(new)
        old_text = self.text(old) if old is not None else ""
        old_label = f"{new.policy}@{old.version}" if old is not None else "(nothing)"
        return self.assessor.assess(
            old.blob if old is not None else blob_id(""),
            old_text,
            new.blob,
            self.text(new),
            old_label=old_label,
            new_label=f"{new.policy}@{new.version}",
        )


def content_id(text: str) -> str:
    """A stable id for a policy text that consent records can store: sha256 of its normalised form."""
    from policyvc.parse.normalise import normalise_text

    return "sha256:" + hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()
