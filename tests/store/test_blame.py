"""Blame: each heading and paragraph dates from the last version that changed its wording non-editorially."""

from __future__ import annotations

import pytest
from store_repos import V1, V2, V3, GitWorkspace

from policyvc.store.blame import BlameEntry, blame_policy
from policyvc.store.repo import PolicyRepo

PATH = "policies/privacy.md"
ADDED = "We keep your data for two years after your account closes."


@pytest.fixture
def repo(workspace: GitWorkspace) -> PolicyRepo:
    """1.0.0; 2.0.0 sells data (material); 2.0.1 fixes a typo; then a paragraph is added and one moved."""
    workspace.commit_file(PATH, V1, "Add", "2026-01-01T09:00:00+00:00")
    workspace.commit_file(PATH, V2, "Sell", "2026-02-01T09:00:00+00:00")
    workspace.commit_file(PATH, V3, "Typo", "2026-03-01T09:00:00+00:00")
    unsubscribe = "You can unsubscribe from marketing email at any time by using the link in each message."
    unsubscribe += "\n\n"
    moved = V3.replace(unsubscribe, f"{ADDED}\n\n").replace(
        "## Contact\n\n", f"## Contact\n\n{unsubscribe}"
    )
    workspace.commit_file(PATH, moved, "Retention; move unsubscribe", "2026-04-01T09:00:00+00:00")
    return PolicyRepo.open(workspace.root)


def by_text(entries: list[BlameEntry], fragment: str) -> BlameEntry:
    (found,) = [e for e in entries if fragment in e.text]
    return found


def test_each_paragraph_dates_from_the_version_that_last_changed_its_meaning(repo: PolicyRepo) -> None:
    latest = repo.version("privacy").version
    entries = blame_policy(repo, "privacy")
    assert by_text(entries, "may sell your personal information").version == "2.0.0"
    assert by_text(entries, "we receive").version == "1.0.0"  # the typo fix was editorial
    assert by_text(entries, "unsubscribe").version == "1.0.0"  # moved, not reworded
    added = by_text(entries, ADDED)
    assert added.version == latest and added.commit_date.startswith("2026-04-01")
    heading = by_text(entries, "Sharing")
    assert heading.kind == "heading" and heading.version == "1.0.0"


def test_entries_follow_the_document_with_lines_and_dates(repo: PolicyRepo) -> None:
    entries = blame_policy(repo, "privacy")
    starts = [e.lines.start for e in entries]
    assert starts == sorted(starts)
    assert entries[0].kind == "heading" and entries[0].text == "Privacy Policy"
    sharing = by_text(entries, "may sell")
    assert sharing.effective_date == "2026-02-01"
    assert sharing.section_id == by_text(entries, "Sharing").section_id


def test_blame_of_an_older_version(repo: PolicyRepo) -> None:
    entries = blame_policy(repo, "privacy", "2.0.0")
    assert by_text(entries, "we recieve").version == "1.0.0"
    assert all(e.version in ("1.0.0", "2.0.0") for e in entries)
    assert not [e for e in entries if ADDED in e.text]
