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


def fresh(repo: PolicyRepo) -> PolicyRepo:
    """The same repository opened again, as the next command would: nothing remembered but the disk cache."""
    return PolicyRepo.open(repo.root)


class CountingAssessor:
    """Counts the diffs blame asks for; the real assessor still does every one."""

    def __init__(self, repo: PolicyRepo) -> None:
        self.calls = 0
        self.real = repo.assessor.assess
        repo.assessor.assess = self  # type: ignore[method-assign]

    def __call__(self, *args: str) -> object:
        self.calls += 1
        return self.real(*args)


def test_a_repeated_blame_comes_from_the_cache_and_equals_the_uncached_answer(repo: PolicyRepo) -> None:
    uncached = blame_policy(fresh(repo), "privacy", use_cache=False)
    first = fresh(repo)
    first_counter = CountingAssessor(first)
    assert blame_policy(first, "privacy") == uncached
    assert first_counter.calls == 3  # 4 versions: 3 diffs, then saved
    again = fresh(repo)
    again.history("privacy")  # (the history has its own cache)
    counter = CountingAssessor(again)
    assert blame_policy(again, "privacy") == uncached
    assert counter.calls == 0


def test_a_new_commit_is_seen_and_only_it_is_diffed(repo: PolicyRepo, workspace: GitWorkspace) -> None:
    blame_policy(fresh(repo), "privacy")
    text = (workspace.root / PATH).read_text(encoding="utf-8")
    changed = text.replace("if you have questions", "if you have questions or wish to complain")
    assert changed != text
    sha = workspace.commit_file(PATH, changed, "Complaints", "2026-05-01T09:00:00+00:00")
    after = fresh(repo)
    after.history("privacy")
    counter = CountingAssessor(after)
    entries = blame_policy(after, "privacy")
    assert counter.calls == 1  # resumed from the cached state of the four earlier versions
    assert entries == blame_policy(fresh(repo), "privacy", use_cache=False)
    assert by_text(entries, "wish to complain").commit == sha
    assert by_text(entries, "may sell").version == "2.0.0"


def test_a_rewritten_history_is_not_served_from_the_cache(repo: PolicyRepo, workspace: GitWorkspace) -> None:
    before = blame_policy(fresh(repo), "privacy")
    old_sha = by_text(before, ADDED).commit
    # The same day, another wording: only the content and the commit id tell the two histories apart.
    rewritten = (workspace.root / PATH).read_text(encoding="utf-8").replace("two years", "five years")
    workspace.write(PATH, rewritten)
    workspace.repo.git.add(PATH)
    env = {"GIT_COMMITTER_DATE": "2026-04-01T18:00:00+00:00", "GIT_AUTHOR_DATE": "2026-04-01T18:00:00+00:00"}
    workspace.repo.git.commit("-q", "--amend", "--no-verify", "-m", "Retention, five years", env=env)
    entries = blame_policy(fresh(repo), "privacy")
    assert not [e for e in entries if "two years" in e.text]
    retention = by_text(entries, "five years")
    assert retention.commit == workspace.repo.head.commit.hexsha != old_sha
    assert entries == blame_policy(fresh(repo), "privacy", use_cache=False)


def test_a_history_rewritten_without_new_content_names_the_new_commits(
    repo: PolicyRepo, workspace: GitWorkspace
) -> None:
    blame_policy(fresh(repo), "privacy")
    env = {"GIT_COMMITTER_DATE": "2026-04-01T18:00:00+00:00", "GIT_AUTHOR_DATE": "2026-04-01T18:00:00+00:00"}
    workspace.repo.git.commit("-q", "--amend", "--no-verify", "-m", "Retention (reworded message)", env=env)
    entries = blame_policy(fresh(repo), "privacy")
    assert by_text(entries, ADDED).commit == workspace.repo.head.commit.hexsha
    assert by_text(entries, ADDED).commit_date == "2026-04-01T18:00:00+00:00"
    assert entries == blame_policy(fresh(repo), "privacy", use_cache=False)


def test_older_and_latest_versions_share_the_cache_without_mixing_answers(repo: PolicyRepo) -> None:
    for spec in ("2.0.0", None, "2.0.1", None, "1.0.0"):
        assert blame_policy(fresh(repo), "privacy", spec) == blame_policy(
            fresh(repo), "privacy", spec, use_cache=False
        )
