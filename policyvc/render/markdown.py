"""`--format markdown`: the text format's structure as Markdown, fit for a pull-request comment.

Redlines use `<del>`/`<ins>` (GitHub shows them struck through and underlined; `~~`/`**` break on the
spaces that edits start and end with). Policy text is escaped twice over, as HTML and as Markdown, so it can
never add links, headings or markup to the comment.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence

from policyvc.model import Assessment, Change, Classification, Finding
from policyvc.render import FunctionRenderer, RenderOptions
from policyvc.render.view import (
    SectionGroup,
    change_segments,
    describe_change,
    evidence_place,
    evidence_words,
    group_changes,
    is_moved,
    lines_label,
    overall_class,
    rule_source,
    summary_line,
)

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]{}|~#!])")
_LINE_START_MARKUP = re.compile(r"^(\s*)([-+=]|\d+[.)])")


def escape_markdown(text: str) -> str:
    """Policy text as literal Markdown: no markup, no links, no raw HTML."""
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(text, quote=False))
    return "\n".join(_LINE_START_MARKUP.sub(_escape_line_start, line) for line in escaped.split("\n"))


def render_markdown(assessments: Sequence[Assessment], options: RenderOptions) -> str:
    """Every comparison, one after another; an overall line first when there are several."""
    parts = []
    if len(assessments) != 1:
        worst = overall_class(assessments)
        changed = sum(1 for a in assessments if a.changes)
        title = options.title or "Policy changes"
        parts.append(
            f"# {escape_markdown(title)}\n\n**{worst.value.upper()}** (bump: {worst.bump}) · "
            f"{changed} of {len(assessments)} policies changed\n"
        )
    title = options.title if options.title and len(assessments) == 1 else "Policy diff"
    for assessment in assessments:
        parts.append(_render_one(assessment, options, title, heading="##"))
    return "\n".join(parts)


def _render_one(assessment: Assessment, options: RenderOptions, title: str, heading: str) -> str:
    labels = f"`{_code(assessment.old_label)}` → `{_code(assessment.new_label)}`"
    cls = assessment.classification
    summary = summary_line(assessment)
    if assessment.changes:
        summary = f"**{cls.value.upper()}**" + summary[len(cls.value) :]
    lines = [f"{heading} {escape_markdown(title)}: {labels}", "", summary, ""]
    groups = group_changes(assessment)
    full = [g for g in groups if g.classification.rank >= Classification.SUBSTANTIVE.rank]
    compact = [g for g in groups if g.classification.rank < Classification.SUBSTANTIVE.rank]
    for group in full:
        lines.extend(_group_lines(group, options, heading + "#"))
    if compact:
        count = sum(len(g.changes) for g in compact)
        lines.extend(["<details>", f"<summary>Editorial changes ({count})</summary>", ""])
        for group in compact:
            lines.extend(_group_lines(group, options, heading + "#"))
        lines.extend(["</details>", ""])
    return "\n".join(lines)


def _group_lines(group: SectionGroup, options: RenderOptions, heading: str) -> list[str]:
    lines = [f"{heading} § {escape_markdown(group.title)} — {group.classification.value}", ""]
    for change in group.changes:
        where = lines_label(change)
        lines.append(
            f"**{escape_markdown(describe_change(change))}** · {change.classification.value}"
            + (f" · {where}" if where else "")
        )
        lines.append("")
        findings = _finding_lines(change.findings, options)
        if findings:
            lines.extend([*findings, ""])
        redline = _redline(change)
        if redline.strip():
            lines.extend([redline, ""])
    return lines


def _finding_lines(findings: Sequence[Finding], options: RenderOptions) -> list[str]:
    lines = []
    for finding in sorted(findings, key=lambda f: -f.classification.rank):
        words = ", ".join(f"“{escape_markdown(w)}”" for w in evidence_words(finding))
        lines.append(
            f"- **{escape_markdown(finding.category)}** ({finding.severity}, {finding.classification}): "
            f"{escape_markdown(finding.reason)}" + (f" — {words}" if words else "")
        )
        if options.explain:
            lines.extend(_explain_lines(finding, options.rule_sources))
    return lines


def _explain_lines(finding: Finding, sources: Mapping[str, str]) -> list[str]:
    lines = [
        f"  - rule `{_code(finding.rule)}` · category {escape_markdown(finding.category)} · "
        f"severity {finding.severity} · from {_source(finding.rule, sources)}"
    ]
    for evidence in finding.evidence:
        lines.append(f"  - {evidence_place(evidence)}: “{escape_markdown(evidence.text)}”")
    return lines


def _redline(change: Change) -> str:
    """The redline as a block quote; tags are closed and reopened at each line break."""
    moved = is_moved(change)
    pieces = []
    for segment in change_segments(change):
        tag = {"delete": "del", "insert": "ins"}.get(segment.op, "")
        rendered = []
        for piece in segment.text.split("\n"):
            text = escape_markdown(piece)
            if tag and piece.strip():
                text = f"<{tag}>{text}</{tag}>"
            elif moved and piece.strip():
                text = f"<em>{text}</em>"
            rendered.append(text)
        pieces.append("\n".join(rendered))
    body = "".join(pieces)
    return "\n".join(f"> {line}" if line.strip() else ">" for line in body.split("\n"))


def _source(rule: str, sources: Mapping[str, str]) -> str:
    """A rule file as code; the engine's own findings in words."""
    source = rule_source(rule, sources)
    return f"`{_code(source)}`" if rule in sources else escape_markdown(source)


def _code(text: str) -> str:
    return text.replace("`", "'")


def _escape_line_start(match: re.Match[str]) -> str:
    """`- item`, `+ item`, `1. item` at a line start would become a list: escape the marker's last char."""
    marker = match.group(2)
    return match.group(1) + marker[:-1] + "\\" + marker[-1]


RENDERER = FunctionRenderer("markdown", render_markdown)
