"""Builders for the store tests: real git repositories, pinned identities and dates, sample policy texts."""

from __future__ import annotations

from pathlib import Path

import git
import pytest

AUTHOR = "Pat Policy"
EMAIL = "pat@example.com"

V1 = """\
# Privacy Policy

## Sharing

We do not sell your personal information. We share it only with service providers who process it for us.

## Your choices

You can unsubscribe from marketing email at any time by using the link in each message.

## Contact

Write to privacy@example.com if you have questions. We answer every message we recieve.
"""

# Material: selling personal data.
V2 = V1.replace(
    "We do not sell your personal information.",
    "We may sell your personal information to advertising partners and data brokers.",
)

# Editorial: a spelling fix in the contact line.
V3 = V2.replace("we recieve", "we receive")


def pin_dates(monkeypatch: pytest.MonkeyPatch, date: str) -> None:
    """Make the next commits (ours and policyvc's) carry this author and committer date."""
    monkeypatch.setenv("GIT_AUTHOR_DATE", date)
    monkeypatch.setenv("GIT_COMMITTER_DATE", date)


def isolate_git(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No global git configuration leaks in; every commit has a pinned identity and date."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_AUTHOR_NAME", AUTHOR)
    monkeypatch.setenv("GIT_AUTHOR_EMAIL", EMAIL)
    monkeypatch.setenv("GIT_COMMITTER_NAME", AUTHOR)
    monkeypatch.setenv("GIT_COMMITTER_EMAIL", EMAIL)
    pin_dates(monkeypatch, "2026-01-01T09:00:00+00:00")


class GitWorkspace:
    """A repository we commit to with plain git (as a user who never heard of policyvc would)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.repo = git.Repo.init(root, initial_branch="main")
        with self.repo.config_writer() as config:
            config.set_value("commit", "gpgsign", "false")
            config.set_value("tag", "gpgsign", "false")

    def write(self, path: str, text: str) -> None:
        target = self.root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")

    def commit(self, paths: list[str], message: str, date: str) -> str:
        """Stage `paths` and commit them with author and committer date pinned to `date`."""
        self.repo.git.add("--", *paths)
        env = {"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
        self.repo.git.commit("-q", "--no-verify", "-m", message, env=env)
        return self.repo.head.commit.hexsha

    def commit_file(self, path: str, text: str, message: str, date: str) -> str:
        self.write(path, text)
        return self.commit([path], message, date)

    def state(self) -> tuple[str, str, str, str]:
        """Everything a failed command must leave alone: HEAD, refs, the index and the working tree status."""
        refs = self.repo.git.for_each_ref(format="%(refname) %(objectname)")
        index = self.repo.git.ls_files("-s", "--cached")
        status = self.repo.git.status("--porcelain=v1", "--untracked-files=all")
        head = self.repo.git.rev_parse("HEAD") if self.repo.head.is_valid() else ""
        return head, refs, index, status

