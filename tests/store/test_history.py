"""History from plain git: commits made without policyvc get versions; renames are followed; trailers win."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from store_repos import V1, V2, V3, GitWorkspace

from policyvc.model import Classification
from policyvc.store.repo import PolicyRepo

PATH = "policies/privacy.md"


def versions(ws: GitWorkspace) -> list[tuple[str, str]]:
    return [(v.version, v.classification.value) for v in PolicyRepo.open(ws.root).history("privacy")]


def test_a_repository_committed_without_policyvc_has_classified_versions(workspace: GitWorkspace) -> None:
    first = workspace.commit_file(PATH, V1, "Add privacy policy", "2026-01-01T09:00:00+00:00")
    workspace.commit_file("README.md", "unrelated\n", "Docs", "2026-01-05T09:00:00+00:00")
    workspace.commit_file(PATH, V2, "Start selling data", "2026-02-01T09:00:00+00:00")
    workspace.commit_file(PATH, V2.replace("\n\n", "\n\n\n"), "Reflow", "2026-02-15T09:00:00+00:00")
    last = workspace.commit_file(PATH, V3, "Fix a typo", "2026-03-01T09:00:00+00:00")
    history = PolicyRepo.open(workspace.root).history("privacy")
    assert [(v.version, v.classification) for v in history] == [
        ("1.0.0", Classification.NONE),
        ("2.0.0", Classification.MATERIAL),
        ("2.0.1", Classification.EDITORIAL),
    ]
    assert history[0].commit == first and history[-1].commit == last
    assert [v.commit_date for v in history] == [
        "2026-01-01T09:00:00+00:00",
        "2026-02-01T09:00:00+00:00",
        "2026-03-01T09:00:00+00:00",
    ]
    assert [v.effective_date for v in history] == ["2026-01-01", "2026-02-01", "2026-03-01"]
    assert [v.summary for v in history] == ["Add privacy policy", "Start selling data", "Fix a typo"]
    assert dict(history[1].counts).get("modified", 0) >= 1
    assert not any(v.tagged for v in history)


def test_renamed_files_keep_their_history(workspace: GitWorkspace) -> None:
    workspace.commit_file("policies/privacy-statement.md", V1, "Add", "2026-01-01T09:00:00+00:00")
    workspace.repo.git.mv("policies/privacy-statement.md", PATH)
    workspace.commit([PATH], "Rename", "2026-01-10T09:00:00+00:00")
    workspace.commit_file(PATH, V2, "Sell data", "2026-02-01T09:00:00+00:00")
    history = PolicyRepo.open(workspace.root).history("privacy")
    assert [(v.version, v.path) for v in history] == [
        ("1.0.0", "policies/privacy-statement.md"),
        ("2.0.0", PATH),
    ]
    repo = PolicyRepo.open(workspace.root)
    assert repo.text(history[0]) == V1


def test_trailers_and_tags_win_over_classification(workspace: GitWorkspace) -> None:
    workspace.commit_file(PATH, V1, "Add", "2026-01-01T09:00:00+00:00")
    message = (
        "Sell data\n\nPolicy: privacy\nPolicy-Version: 5.0.0\nEffective-Date: 2026-04-01\n"
        "Change-Class: substantive"
    )
    workspace.commit_file(PATH, V2, message, "2026-02-01T09:00:00+00:00")
    workspace.commit_file(PATH, V3, "Typo", "2026-03-01T09:00:00+00:00")
    closing = V3 + "\nA new closing paragraph.\n"
    tagged = workspace.commit_file(PATH, closing, "More", "2026-03-05T09:00:00+00:00")
    workspace.repo.git.tag("-a", "privacy/v7.1.0", "-m", "Closing paragraph added", tagged)
    history = PolicyRepo.open(workspace.root).history("privacy")
    assert [(v.version, v.classification.value) for v in history][:3] == [
        ("1.0.0", "none"),
        ("5.0.0", "substantive"),
        ("5.0.1", "editorial"),
    ]
    assert history[1].effective_date == "2026-04-01"
    assert history[3].version == "7.1.0" and history[3].tagged
    assert history[3].summary == "Closing paragraph added"


def test_trailers_for_another_policy_do_not_number_this_one(workspace: GitWorkspace) -> None:
    message = "Add\n\nPolicy: terms\nPolicy-Version: 9.0.0"
    workspace.commit_file(PATH, V1, message, "2026-01-01T09:00:00+00:00")
    assert versions(workspace) == [("1.0.0", "none")]


def test_effective_date_comes_from_the_text_when_stated(workspace: GitWorkspace) -> None:
    front = "---\neffective_date: 2026-06-30\n---\n" + V1
    workspace.commit_file(PATH, front, "Add", "2026-01-01T09:00:00+00:00")
    line = V2.replace("# Privacy Policy\n", "# Privacy Policy\n\nEffective date: July 4, 2026\n")
    workspace.commit_file(PATH, line, "Sell", "2026-02-01T09:00:00+00:00")
    history = PolicyRepo.open(workspace.root).history("privacy")
    assert [v.effective_date for v in history] == ["2026-06-30", "2026-07-04"]


def test_classifications_are_cached_by_blob_pair_and_the_cache_is_read(workspace: GitWorkspace) -> None:
    workspace.commit_file(PATH, V1, "Add", "2026-01-01T09:00:00+00:00")
    workspace.commit_file(PATH, V1.replace("recieve", "receive"), "Typo", "2026-02-01T09:00:00+00:00")
    assert versions(workspace) == [("1.0.0", "none"), ("1.0.1", "editorial")]
    cache_files = list((workspace.root / ".policyvc" / "cache").glob("classify-*.json"))
    assert len(cache_files) == 1
    data = json.loads(cache_files[0].read_text())
    (key,) = data["entries"]
    old_blob, new_blob = key.split(":")
    assert workspace.repo.git.rev_parse(f"HEAD~1:{PATH}") == old_blob
    assert workspace.repo.git.rev_parse(f"HEAD:{PATH}") == new_blob
    # A second run trusts the cache: doctor the entry and the history follows it.
    data["entries"][key]["class"] = "substantive"
    cache_files[0].write_text(json.dumps(data))
    assert versions(workspace) == [("1.0.0", "none"), ("1.1.0", "substantive")]


def test_a_damaged_cache_is_rebuilt_not_an_error(workspace: GitWorkspace) -> None:
    workspace.commit_file(PATH, V1, "Add", "2026-01-01T09:00:00+00:00")
    workspace.commit_file(PATH, V2, "Sell", "2026-02-01T09:00:00+00:00")
    versions(workspace)
    (cache_file,) = (workspace.root / ".policyvc" / "cache").glob("classify-*.json")
    cache_file.write_text("{not json")
    assert versions(workspace) == [("1.0.0", "none"), ("2.0.0", "material")]
    assert json.loads(cache_file.read_text())["format"] == 1


def test_a_deleted_and_restored_policy_continues_its_numbering(workspace: GitWorkspace) -> None:
    workspace.commit_file(PATH, V1, "Add", "2026-01-01T09:00:00+00:00")
    workspace.repo.git.rm("-q", PATH)
    workspace.repo.git.commit("-q", "-m", "Remove", env={"GIT_COMMITTER_DATE": "2026-01-02T09:00:00+00:00"})
    workspace.commit_file(PATH, V2, "Back, selling", "2026-02-01T09:00:00+00:00")
    assert versions(workspace) == [("1.0.0", "none"), ("2.0.0", "material")]


CORPUS = Path("/work/shared/corpus/github-site-policy/github-privacy-statement")


@pytest.mark.skipif(not (CORPUS / "versions.tsv").is_file(), reason="the shared corpus is not here")
def test_githubs_privacy_statement_moved_between_folders_keeps_its_history(workspace: GitWorkspace) -> None:
    """Real text: GitHub's statement moved from Policies/ to Policies/privacy-policies/ in 2023."""
    (workspace.root / "policyvc.toml").write_text('policies_dir = "Policies"\n', encoding="utf-8")
    rows = list(csv.DictReader((CORPUS / "versions.tsv").open(encoding="utf-8"), delimiter="\t"))
    previous = None
    for row in rows:
        if previous is not None and previous != row["path"]:
            (workspace.root / row["path"]).parent.mkdir(parents=True, exist_ok=True)
            workspace.repo.git.mv(previous, row["path"])
        workspace.write(row["path"], (CORPUS / f"{row['date']}.md").read_text(encoding="utf-8"))
        workspace.commit([row["path"]], row["subject"][:60], f"{row['date']}T12:00:00+00:00")
        previous = row["path"]
    repo = PolicyRepo.open(workspace.root)
    name = "privacy-policies/github-privacy-statement"
    assert repo.policies() == [name]
    history = repo.history(name)
    assert len(history) == len(rows)
    assert {v.path for v in history} == {r["path"] for r in rows}
    numbers = [tuple(int(n) for n in v.version.split(".")) for v in history]
    assert numbers == sorted(numbers) and len(set(numbers)) == len(numbers)
    assert history[0].effective_date is not None and history[0].effective_date < rows[0]["date"]
