"""Output of the history commands (commit, log, blame) as text for a terminal or as JSON."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import asdict
from typing import TYPE_CHECKING

from policyvc.model import Version

if TYPE_CHECKING:
    from policyvc.store.blame import BlameEntry
    from policyvc.store.commit import CommitOutcome

_LOG_HEADER = ("POLICY", "VERSION", "EFFECTIVE", "COMMITTED", "CLASS", "CHANGES", "SUMMARY")


def render_commit_text(outcome: CommitOutcome) -> str:
    """What `commit` did (or would do): version, class, date, tag and summary; on a dry run, the message."""
    if outcome.status == "unchanged":
        return f"{outcome.policy}: {outcome.summary}"
    head = "would record" if outcome.status == "dry-run" else "recorded"
    after = f" after {outcome.previous}" if outcome.previous else ""
    lines = [
        f"{head} {outcome.policy} {outcome.version}{after} ({outcome.classification.value}), "
        f"effective {outcome.effective_date}, tag {outcome.tag}"
        + (f", commit {outcome.commit[:12]}" if outcome.commit else ""),
        outcome.summary,
    ]
    if outcome.status == "dry-run":
        lines.append("\n" + outcome.message.rstrip())
    return "\n".join(lines)


def render_commit_json(outcome: CommitOutcome) -> str:
    """The commit outcome without its assessment, as indented JSON."""
    record = {k: v for k, v in asdict(outcome).items() if k != "assessment"}
    return json.dumps(record, indent=2, default=str)


def version_record(version: Version) -> dict[str, object]:
    """A version as JSON-ready data (the `log --format json` contract)."""
    return {
        "policy": version.policy,
        "version": version.version,
        "effective_date": version.effective_date,
        "commit_date": version.commit_date,
        "class": version.classification.value,
        "counts": dict(version.counts),
        "summary": version.summary,
        "commit": version.commit,
        "path": version.path,
        "tagged": version.tagged,
    }


def render_log_json(histories: Mapping[str, Sequence[Version]]) -> str:
    """Every version of every policy, oldest first within each policy, as a JSON array."""
    return json.dumps([version_record(v) for versions in histories.values() for v in versions], indent=2)


def render_log_table(histories: Mapping[str, Sequence[Version]]) -> str:
    """Aligned columns, newest version first within each policy."""
    rows = [_LOG_HEADER]
    for name, versions in histories.items():
        for v in reversed(versions):
            counts = ", ".join(f"{n} {kind}" for kind, n in v.counts) or "-"
            rows.append(
                (name, v.version, v.effective_date or "-", v.commit_date[:10], v.classification.value, counts,
                 _clip(v.summary, 70))
            )
    if len(rows) == 1:
        return "no recorded versions yet; record one with: policyvc commit POLICY --effective DATE\n"
    widths = [max(len(row[i]) for row in rows) for i in range(len(_LOG_HEADER) - 1)]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=False)) + "  " + row[-1]
             for row in rows]
    return "\n".join(line.rstrip() for line in lines) + "\n"


def render_blame_text(entries: Sequence[BlameEntry]) -> str:
    """One line per heading or block: the version and date its wording dates from, its line, its text."""
    width = max((len(e.version) for e in entries), default=5)
    lines = []
    for e in entries:
        since = f"{e.version:<{width}} {e.effective_date or e.commit_date[:10]}"
        text = " ".join(e.text.split())
        shown = _clip("§ " + text if e.kind == "heading" else text, 90)
        lines.append(f"{since}  {e.lines.start:>4}  {shown}\n")
    return "".join(lines)


def render_blame_json(entries: Sequence[BlameEntry]) -> str:
    """The blame entries as a JSON array, line ranges as [start, end]."""
    return json.dumps([{**asdict(e), "lines": e.lines.to_list()} for e in entries], indent=2)


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
