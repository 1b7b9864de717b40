"""Output of commit, log and blame: exact text lines and the JSON contract, from hand-built values."""

from __future__ import annotations

import json

from policyvc.model import Classification, LineRange, Version
from policyvc.render import history
from policyvc.store.blame import BlameEntry
from policyvc.store.commit import CommitOutcome

Counts = tuple[tuple[str, int], ...]  # (change kind, how many)


def _version(number: str, effective: str | None, summary: str, counts: Counts) -> Version:
    return Version(
        policy="privacy", path="policies/privacy.md", version=number, commit="c" * 40, blob="b" * 40,
        commit_date="2026-01-02T10:00:00+00:00", effective_date=effective,
        classification=Classification.MATERIAL, summary=summary, counts=counts, tagged=True,
    )


def _outcome(status: str, commit: str | None = None) -> CommitOutcome:
    return CommitOutcome(
        status=status,  # type: ignore[arg-type]
        policy="privacy", path="policies/privacy.md", version="2.0.0", previous="1.0.0",
        classification=Classification.MATERIAL, effective_date="2026-02-01", tag="privacy/v2.0.0",
        message="Privacy 2.0.0\n\nPolicy-Version: 2.0.0\n", summary="1 material change", commit=commit,
    )


def test_log_table_lists_newest_first_in_aligned_columns_and_clips_long_summaries() -> None:
    histories = {"privacy": [_version("1.0.0", None, "first", ()), _version("2.0.0", "2026-02-01", "x" * 80,
                                                                          (("modified", 2),))]}
    lines = history.render_log_table(histories).splitlines()
    assert lines[0].split() == ["POLICY", "VERSION", "EFFECTIVE", "COMMITTED", "CLASS", "CHANGES", "SUMMARY"]
    assert lines[1] == f"privacy  2.0.0    2026-02-01  2026-01-02  material  2 modified  {'x' * 69}…"
    assert lines[2] == "privacy  1.0.0    -           2026-01-02  material  -           first"


def test_an_empty_log_says_how_to_record_a_version() -> None:
    assert history.render_log_table({"privacy": []}).startswith("no recorded versions yet;")


def test_log_json_keeps_the_contract_keys() -> None:
    histories = {"privacy": [_version("1.0.0", None, "first", (("added", 1),))]}
    (record,) = json.loads(history.render_log_json(histories))
    assert record["class"] == "material" and record["counts"] == {"added": 1} and record["tagged"] is True


def test_commit_text_for_a_dry_run_ends_with_the_message_and_a_commit_names_its_sha() -> None:
    dry = history.render_commit_text(_outcome("dry-run")).splitlines()
    assert dry[0] == (
        "would record privacy 2.0.0 after 1.0.0 (material), effective 2026-02-01, tag privacy/v2.0.0"
    )
    assert dry[1:] == ["1 material change", "", "Privacy 2.0.0", "", "Policy-Version: 2.0.0"]
    done = history.render_commit_text(_outcome("committed", "0123456789abcdef"))
    assert done.splitlines()[0].endswith(", commit 0123456789ab")
    assert history.render_commit_text(_outcome("unchanged")) == "privacy: 1 material change"


def test_commit_json_leaves_out_the_assessment() -> None:
    record = json.loads(history.render_commit_json(_outcome("committed", "abc")))
    assert "assessment" not in record and record["classification"] == "material" and record["commit"] == "abc"


def test_blame_text_marks_headings_and_json_gives_line_ranges() -> None:
    entries = [
        BlameEntry("s1", "Sharing", "heading", "Sharing", LineRange(3, 3), "1.0.0", "2013-01-01", "2013",
                   "c1"),
        BlameEntry("s1", "Sharing", "paragraph", "We  sell\ndata.", LineRange(5, 6), "10.0.0", None,
                   "2026-01-02T10:00:00+00:00", "c2"),
    ]
    assert history.render_blame_text(entries) == (
        "1.0.0  2013-01-01     3  § Sharing\n"
        "10.0.0 2026-01-02     5  We sell data.\n"
    )
    assert [e["lines"] for e in json.loads(history.render_blame_json(entries))] == [[3, 3], [5, 6]]
    assert history.render_blame_text([]) == ""
