"""Real git repositories for the gate: a main branch with a published policy and a PR-like feature branch."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import git
import pytest

AUTHOR = "Pat Policy"
EMAIL = "pat@example.com"

PRIVACY_V1 = """\
---
title: Privacy Policy
version: 1.0.0
effective_date: 2026-01-01
---
# Privacy Policy

Last updated: 2026-01-01

## Sharing

We do not sell your personal information. We share it only with service providers who process it for us.

## Your choices

You can unsubscribe from marketing email at any time by using the link in each message.

## Contact

Write to privacy@example.com if you have questions. We will recieve and answer every message.
"""

TERMS_V1 = """\
# Terms of Service

## Use of the service

You may use the service for lawful purposes only.
"""

SOLD = "We may sell your personal information to advertising partners and data brokers."
NOT_SOLD = "We do not sell your personal information."


PR_DATE = "2026-03-01T10:00:00+00:00"
PRIVACY = "policies/privacy.md"


class PolicyGitRepo:
    """A git repository in a temporary folder with pinned identities and dates."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.repo = git.Repo.init(root, initial_branch="main")
        with self.repo.config_writer() as config:
            config.set_value("user", "name", AUTHOR)
            config.set_value("user", "email", EMAIL)
            config.set_value("commit", "gpgsign", "false")
            config.set_value("tag", "gpgsign", "false")

    def write(self, path: str, text: str) -> None:
        target = self.root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        self.repo.git.add("--", path)

    def commit(self, message: str, date: str, *, allow_empty: bool = False) -> str:
        """Commit the index with author and committer date pinned to `date` (ISO 8601)."""
        env = {
            "GIT_AUTHOR_NAME": AUTHOR,
            "GIT_AUTHOR_EMAIL": EMAIL,
            "GIT_COMMITTER_NAME": AUTHOR,
            "GIT_COMMITTER_EMAIL": EMAIL,
            "GIT_AUTHOR_DATE": date,
            "GIT_COMMITTER_DATE": date,
        }
        args = ["-q", "--no-verify", "-m", message] + (["--allow-empty"] if allow_empty else [])
        self.repo.git.commit(*args, env=env)
        return self.repo.head.commit.hexsha

    def tag(self, name: str, date: str) -> None:
        env = {"GIT_COMMITTER_DATE": date, "GIT_COMMITTER_NAME": AUTHOR, "GIT_COMMITTER_EMAIL": EMAIL}
        self.repo.git.tag("-a", name, "-m", name, env=env)

    def branch(self, name: str) -> None:
        self.repo.git.checkout("-q", "-b", name)

    def text(self, path: str) -> str:
        return (self.root / path).read_text(encoding="utf-8")

    def edit(self, path: str, old: str, new: str) -> None:
        text = self.text(path)
        assert old in text, f"{old!r} not in {path}"
        self.write(path, text.replace(old, new))

    def material_pr(self) -> None:
        """A material change (sale of data) keeping 1.0.0, with 9 days' notice and no acknowledgement."""
        self.edit(PRIVACY, NOT_SOLD, SOLD)
        self.edit(PRIVACY, "effective_date: 2026-01-01", "effective_date: 2026-03-10")
        self.edit(PRIVACY, "Last updated: 2026-01-01", "Last updated: 2026-03-10")
        self.commit("Allow selling data to partners", PR_DATE)


@pytest.fixture
def published(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[PolicyGitRepo]:
    """main: privacy 1.0.0 (trailers, tag) and terms, committed 2025-12-01; HEAD on a new branch `change`."""
    ci_variables = ("GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY", "GITHUB_OUTPUT", "GITHUB_BASE_REF", "GITLAB_CI")
    for name in (*ci_variables, "CI_MERGE_REQUEST_TARGET_BRANCH_NAME"):
        monkeypatch.delenv(name, raising=False)
    root = tmp_path / "repo"
    root.mkdir()
    repo = PolicyGitRepo(root)
    repo.write("policies/privacy.md", PRIVACY_V1)
    repo.write("policies/terms.md", TERMS_V1)
    repo.write("README.md", "Our policies.\n")
    repo.commit(
        "Publish privacy 1.0.0\n\nPolicy: privacy\nPolicy-Version: 1.0.0\nEffective-Date: 2026-01-01\n"
        "Change-Class: material",
        "2025-12-01T09:00:00+00:00",
    )
    repo.tag("privacy/v1.0.0", "2025-12-01T09:00:00+00:00")
    repo.branch("change")
    monkeypatch.chdir(root)
    yield repo
