"""What every diff format shows, decided once: order (material first), grouping by section, labels, counts.

The renderers only lay these values out; they never re-decide what comes first or how a change is named.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from policyvc.model import (
    Assessment,
    Change,
    ChangeKind,
    Classification,
    Evidence,
    Finding,
    LineRange,
    SectionRef,
    Segment,
)

PATH_SEPARATOR = " › "
PREAMBLE_TITLE = "(before the first heading)"
_CLASSES_DESCENDING = tuple(sorted(Classification, key=lambda c: c.rank, reverse=True))


@dataclass(frozen=True, slots=True)
class SectionGroup:
    """The changes that touch one section, most serious first."""

    id: str  # section id (new side when the section still exists): the anchor
    title: str  # heading path joined with " › "
    classification: Classification  # the highest class of its changes
    changes: tuple[Change, ...]


def section_title(ref: SectionRef | None) -> str:
    """A section's heading path for people: "Sharing › Third parties"."""
    if ref is None:
        return ""
    parts = [part for part in ref.path if part.strip()]
    return PATH_SEPARATOR.join(parts) if parts else PREAMBLE_TITLE


def change_section(change: Change) -> SectionRef:
    """The section a change belongs to: where it now sits, or where it sat if it was removed."""
    ref = change.new_section or change.old_section
    return ref if ref is not None else SectionRef(id="", path=())


def group_changes(assessment: Assessment) -> tuple[SectionGroup, ...]:
    """Changes grouped by section; groups ordered by their most serious change, then by document order."""
    order: list[str] = []
    members: dict[str, list[Change]] = {}
    refs: dict[str, SectionRef] = {}
    for change in assessment.changes:
        ref = change_section(change)
        if ref.id not in members:
            order.append(ref.id)
            members[ref.id] = []
            refs[ref.id] = ref
        members[ref.id].append(change)
    groups = []
    for position, section_id in enumerate(order):
        changes = sorted(
            enumerate(members[section_id]), key=lambda pair: (-pair[1].classification.rank, pair[0])
        )
        ordered = tuple(change for _, change in changes)
        title = section_title(refs[section_id])
        groups.append((position, SectionGroup(section_id, title, ordered[0].classification, ordered)))
    groups.sort(key=lambda pair: (-pair[1].classification.rank, pair[0]))
    return tuple(group for _, group in groups)


def class_counts(changes: Sequence[Change]) -> dict[str, int]:
    """How many changes of each class, most serious first, every class present."""
    counts = {cls.value: 0 for cls in _CLASSES_DESCENDING}
    for change in changes:
        counts[change.classification.value] += 1
    return counts


def overall_class(assessments: Sequence[Assessment]) -> Classification:
    """The highest class across several comparisons (none when there are none)."""
    return max((a.classification for a in assessments), key=lambda c: c.rank, default=Classification.NONE)


def summary_line(assessment: Assessment) -> str:
    """One line: class, bump, and counts by class and by kind (zero counts left out)."""
    total = len(assessment.changes)
    if total == 0:
        return "no changes (bump: none)"
    by_class = ", ".join(f"{n} {cls}" for cls, n in class_counts(assessment.changes).items() if n)
    by_kind = ", ".join(f"{n} {kind}" for kind, n in assessment.counts.items() if n)
    noun = "change" if total == 1 else "changes"
    return f"{assessment.classification} (bump: {assessment.bump}) · {total} {noun}: {by_class} · {by_kind}"


def describe_change(change: Change) -> str:
    """What happened, in words: "modified", "moved from Sharing, text unchanged", "renamed from “Choice”",
    "heading level 3 → 2: was under “Collection”, now under “Policy”"."""
    old_title = section_title(change.old_section)
    new_title = section_title(change.new_section)
    kind = change.kind
    level = level_change(change)
    if kind is ChangeKind.ADDED:
        return "added section" if change.scope == "section" else "added"
    if kind is ChangeKind.REMOVED:
        return "removed section" if change.scope == "section" else "removed"
    if kind is ChangeKind.RENAMED:
        renamed = f"renamed from “{_last_heading(change.old_section)}”"
        return f"{renamed}; {level}" if level else renamed
    if kind is ChangeKind.MOVED:
        moved = f"moved from {old_title}" if old_title and old_title != new_title else "moved"
        return f"{moved}, {moved_text_state(change)}"
    related = ", ".join(section_title(r) for r in change.related)
    if kind is ChangeKind.SPLIT:
        return f"split into {related}" if related else "split"
    if kind is ChangeKind.MERGED:
        return f"merged from {related}" if related else "merged"
    if kind is ChangeKind.FORMATTING or change.formatting_only:
        if level and change.old_text == change.new_text:
            return level
        return f"formatting only; {level}" if level else "formatting only"
    return "modified"


def level_change(change: Change) -> str:
    """A section heading's new level and place in the tree: "heading level 3 → 2: was under “Collection”,
    now under “Policy”" (the place only when the parent changed); "" when the level did not change."""
    old_level, new_level = change.old_level, change.new_level
    if change.scope != "section" or not old_level or not new_level or old_level == new_level:
        return ""
    words = f"heading level {old_level} → {new_level}"
    old_parent, new_parent = _parent(change.old_section), _parent(change.new_section)
    if old_parent == new_parent:
        return words
    was = f"was under “{old_parent}”" if old_parent else "was at the top level"
    now = f"now under “{new_parent}”" if new_parent else "now at the top level"
    return f"{words}: {was}, {now}"


def moved_text_state(change: Change) -> str:
    """Whether moved text changed on the way: "text unchanged", "only formatting edited" or "text edited"."""
    edits = [s for s in change_segments(change) if s.op != "equal"]
    if not edits:
        return "text unchanged"
    if all(s.formatting_only for s in edits):
        return "only formatting edited"
    return "text edited"


def moved_from(change: Change) -> str:
    """Where moved text came from: its old heading path, or its old lines when the heading is the same."""
    old_title = section_title(change.old_section)
    if old_title and old_title != section_title(change.new_section):
        return old_title
    return _lines_text(change.old_lines, "old") if change.old_lines else "elsewhere in the old version"


def lines_label(change: Change) -> str:
    """Source lines on each side: "lines 40–45 → 42–48", "old lines 3–4", "new lines 7–9"."""
    if change.old_lines and change.new_lines:
        return f"lines {_span(change.old_lines.start, change.old_lines.end)} → " + _span(
            change.new_lines.start, change.new_lines.end
        )
    if change.old_lines:
        return _lines_text(change.old_lines, "old")
    if change.new_lines:
        return _lines_text(change.new_lines, "new")
    return ""


def change_segments(change: Change) -> tuple[Segment, ...]:
    """The redline to show: a moved section's body, the diff's own, or the whole text as inserted/deleted/
    unchanged."""
    if change.kind is ChangeKind.MOVED and change.body_redline:
        return change.body_redline
    if change.redline:
        return change.redline
    if change.old_text is not None and change.new_text is not None:
        if change.old_text == change.new_text:
            return (Segment("equal", change.new_text),)
        return (Segment("delete", change.old_text), Segment("insert", change.new_text))
    if change.new_text is not None:
        return (Segment("insert", change.new_text),)
    if change.old_text is not None:
        return (Segment("delete", change.old_text),)
    return ()


def is_moved(change: Change) -> bool:
    """A move, whose unchanged text is styled as moved rather than as deleted and inserted."""
    return change.kind is ChangeKind.MOVED


def evidence_words(finding: Finding) -> tuple[str, ...]:
    """The triggering words of a finding, each once, in evidence order."""
    seen: list[str] = []
    for evidence in finding.evidence:
        words = evidence.text.strip()
        if words and words not in seen:
            seen.append(words)
    return tuple(seen)


def evidence_place(evidence: Evidence) -> str:
    """Where evidence sits: "new line 44, chars 10–30" (line left out when unknown)."""
    where = f"{evidence.side} line {evidence.line}" if evidence.line is not None else f"{evidence.side} text"
    return f"{where}, chars {evidence.start}–{evidence.end}"


def rule_source(rule: str, sources: Mapping[str, str] | None) -> str:
    """The file a rule came from; a finding whose rule is in no rule pack comes from the engine itself."""
    if sources and rule in sources:
        return sources[rule]
    return "built into the engine"


def elide(text: str, keep: int = 12) -> str:
    """Shorten a long unchanged run to its first and last `keep` words, keeping the spacing at its ends."""
    words = text.split()
    if len(words) <= 2 * keep + 1:
        return text
    lead = " " if text[:1].isspace() else ""
    tail = " " if text[-1:].isspace() else ""
    return f"{lead}{' '.join(words[:keep])} … {' '.join(words[-keep:])}{tail}"


def _parent(ref: SectionRef | None) -> str:
    """The heading a section sits under ("" at the top level)."""
    parents = [part for part in (ref.path[:-1] if ref else ()) if part.strip()]
    return parents[-1] if parents else ""


def _last_heading(ref: SectionRef | None) -> str:
    if ref is None or not ref.path:
        return PREAMBLE_TITLE
    return ref.path[-1]


def _span(start: int, end: int) -> str:
    return str(start) if start == end else f"{start}–{end}"


def _lines_text(lines: LineRange, side: str) -> str:
    word = "line" if lines.start == lines.end else "lines"
    return f"{side} {word} {_span(lines.start, lines.end)}"
