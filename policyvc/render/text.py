"""`--format text`: a summary line, then changes grouped by section, material first with reasons and words.

Redlines use git's word-diff markers (`[-deleted-]`, `{+inserted+}`) so the output reads the same with or
without colour; colour is added only when the command asks for it. Editorial changes get one line each.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from policyvc.model import Assessment, Change, Classification, Finding
from policyvc.render import FunctionRenderer, RenderOptions
from policyvc.render.view import (
    SectionGroup,
    change_segments,
    describe_change,
    elide,
    evidence_place,
    evidence_words,
    group_changes,
    is_moved,
    lines_label,
    overall_class,
    rule_source,
    summary_line,
)

_CLASS_STYLE = {
    Classification.MATERIAL: "1;31",
    Classification.SUBSTANTIVE: "33",
    Classification.EDITORIAL: "36",
    Classification.NONE: "2",
}
_OP_STYLE = {"delete": "31", "insert": "32", "moved": "35"}
_COMPACT_CHANGED_CHARS = 60
_INDENT = "    "


class _Paint:
    """ANSI styling that is a no-op unless colour was asked for."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled

    def __call__(self, text: str, style: str) -> str:
        return f"\x1b[{style}m{text}\x1b[0m" if self.enabled and text else text


def render_text(assessments: Sequence[Assessment], options: RenderOptions) -> str:
    """Every comparison one after another; an overall line when there are several."""
    paint = _Paint(options.color)
    blocks = [_render_one(assessment, options, paint) for assessment in assessments]
    if len(assessments) != 1:
        worst = overall_class(assessments)
        changed = sum(1 for a in assessments if a.changes)
        blocks.append(
            f"overall: {paint(worst.value, _CLASS_STYLE[worst])} (bump: {worst.bump}) · "
            f"{changed} of {len(assessments)} policies changed\n"
        )
    return "\n".join(blocks)


def _render_one(assessment: Assessment, options: RenderOptions, paint: _Paint) -> str:
    cls = assessment.classification
    summary = summary_line(assessment)
    if assessment.changes:  # the line opens with the class: shout it, in colour when asked
        summary = paint(cls.value.upper(), _CLASS_STYLE[cls]) + summary[len(cls.value) :]
    lines = [paint(f"policyvc diff {assessment.old_label} → {assessment.new_label}", "1"), summary]
    groups = group_changes(assessment)
    full = [g for g in groups if g.classification.rank >= Classification.SUBSTANTIVE.rank]
    compact = [g for g in groups if g.classification.rank < Classification.SUBSTANTIVE.rank]
    for group in full:
        lines.append("")
        lines.extend(_group_lines(group, options, paint))
    if compact:
        count = sum(len(g.changes) for g in compact)
        lines.append("")
        lines.append(paint(f"Editorial changes ({count}):", _CLASS_STYLE[Classification.EDITORIAL]))
        for group in compact:
            for change in group.changes:
                lines.append(f"  § {group.title}: {_compact_line(change)}")
                if options.explain:
                    lines.extend(_finding_lines(change.findings, options, paint, indent="      "))
    return "\n".join(lines) + "\n"


def _group_lines(group: SectionGroup, options: RenderOptions, paint: _Paint) -> list[str]:
    badge = paint(f"[{group.classification.value.upper()}]", _CLASS_STYLE[group.classification])
    lines = [paint(f"§ {group.title}", "1") + f"  {badge}"]
    for change in group.changes:
        cls = paint(change.classification.value, _CLASS_STYLE[change.classification])
        where = lines_label(change)
        lines.append(f"  {describe_change(change)} · {cls}" + (f" · {where}" if where else ""))
        lines.extend(_finding_lines(change.findings, options, paint, indent="  "))
        redline = _redline(change, paint)
        if redline.strip():
            lines.append(_INDENT + redline.replace("\n", "\n" + _INDENT))
    return lines


def _finding_lines(
    findings: Sequence[Finding], options: RenderOptions, paint: _Paint, indent: str
) -> list[str]:
    lines = []
    ordered = sorted(findings, key=lambda f: -f.classification.rank)
    for finding in ordered:
        words = ", ".join(f"“{w}”" for w in evidence_words(finding))
        marker = "!" if finding.classification is Classification.MATERIAL else "-"
        head = f"{indent}{marker} {finding.category} ({finding.severity}): {finding.reason}"
        lines.append(paint(head, _CLASS_STYLE[finding.classification]) + (f" — {words}" if words else ""))
        if options.explain:
            lines.extend(_explain_lines(finding, options.rule_sources, indent + "    "))
    return lines


def _explain_lines(finding: Finding, sources: Mapping[str, str], indent: str) -> list[str]:
    lines = [
        f"{indent}rule {finding.rule} · category {finding.category} · severity {finding.severity} · "
        f"makes it {finding.classification} · from {rule_source(finding.rule, sources)}"
    ]
    for evidence in finding.evidence:
        lines.append(f"{indent}{evidence_place(evidence)}: “{evidence.text}”")
    if not finding.evidence:
        lines.append(f"{indent}(no evidence words recorded)")
    return lines


def _redline(change: Change, paint: _Paint) -> str:
    moved = is_moved(change)
    parts = []
    for segment in change_segments(change):
        if segment.op == "equal":
            text = elide(segment.text)
            parts.append(paint(text, _OP_STYLE["moved"]) if moved else text)
        elif segment.op == "delete":
            parts.append(paint(f"[-{segment.text}-]", _OP_STYLE["delete"]))
        else:
            parts.append(paint(f"{{+{segment.text}+}}", _OP_STYLE["insert"]))
    return "".join(parts)


def _compact_line(change: Change) -> str:
    """One line for an editorial change: what happened, where, and the changed words if short."""
    where = lines_label(change)
    line = describe_change(change) + (f" ({where})" if where else "")
    edits = [s for s in change_segments(change) if s.op != "equal"]
    if edits and change.old_text is not None and change.new_text is not None:
        shown = " ".join(
            f"[-{s.text.strip()}-]" if s.op == "delete" else f"{{+{s.text.strip()}+}}" for s in edits
        )
        if len(shown) > _COMPACT_CHANGED_CHARS:
            shown = shown[: _COMPACT_CHANGED_CHARS - 1] + "…"
        line += f": {shown}"
    return line


RENDERER = FunctionRenderer("text", render_text)
