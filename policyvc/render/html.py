"""`--format html`: a standalone, accessible redline page, and the body fragment the site embeds.

Templates: `templates/diff/page.html.j2` (the page), `diff/_body.html.j2` (one comparison: counts, contents,
sections, material first), `diff/diff.css` (inlined). Autoescape is on, so policy text never becomes markup.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import jinja2

from policyvc.config import Config
from policyvc.model import Assessment, Change, Evidence, Finding, Segment
from policyvc.render import FunctionRenderer, RenderOptions
from policyvc.render.templating import template_env
from policyvc.render.view import (
    SectionGroup,
    change_segments,
    class_counts,
    describe_change,
    evidence_place,
    evidence_words,
    group_changes,
    is_moved,
    lines_label,
    moved_from,
    overall_class,
    rule_source,
)

PAGE_TEMPLATE = "diff/page.html.j2"
BODY_TEMPLATE = "diff/_body.html.j2"
STYLESHEET = "diff/diff.css"


@dataclass(frozen=True, slots=True)
class EvidenceView:
    evidence: Evidence
    place: str  # "new line 57, chars 10–30"


@dataclass(frozen=True, slots=True)
class FindingView:
    finding: Finding
    words: tuple[str, ...]
    source: str
    evidence: tuple[EvidenceView, ...]


@dataclass(frozen=True, slots=True)
class ChangeView:
    change: Change
    description: str  # "modified", "moved from Sharing"
    lines: str
    segments: tuple[Segment, ...]
    moved: bool
    moved_from: str  # old heading path or old lines, for the "Moved from …" label
    findings: tuple[FindingView, ...]


@dataclass(frozen=True, slots=True)
class GroupView:
    group: SectionGroup
    anchor: str  # the section id, prefixed when a page holds several comparisons
    changes: tuple[ChangeView, ...]


@dataclass(frozen=True, slots=True)
class ComparisonView:
    """Everything `diff/_body.html.j2` shows for one comparison."""

    assessment: Assessment
    anchor_prefix: str
    class_counts: Mapping[str, int]
    kind_counts: Mapping[str, int]
    groups: tuple[GroupView, ...]
    explain: bool
    heading_level: int  # level of the fragment's top headings (sections are one below)


def comparison_view(
    assessment: Assessment, options: RenderOptions, *, anchor_prefix: str = "", heading_level: int = 2
) -> ComparisonView:
    """The typed context of one comparison: groups material first, findings with words and sources."""
    groups = []
    for position, group in enumerate(group_changes(assessment)):
        anchor = anchor_prefix + (group.id or f"section-{position + 1}")
        changes = tuple(_change_view(change, options.rule_sources) for change in group.changes)
        groups.append(GroupView(group, anchor, changes))
    return ComparisonView(
        assessment=assessment,
        anchor_prefix=anchor_prefix,
        class_counts=class_counts(assessment.changes),
        kind_counts=assessment.counts,
        groups=tuple(groups),
        explain=options.explain,
        heading_level=min(max(heading_level, 1), 5),
    )


def render_diff_fragment(
    assessment: Assessment, options: RenderOptions | None = None, *, heading_level: int = 2
) -> str:
    """One comparison's redline as an HTML fragment (no <html>, no CSS) for embedding in other pages.

    Style it with `diff_stylesheet()`. Anchors are the section ids; headings start at `heading_level`.
    """
    options = options or RenderOptions()
    view = comparison_view(assessment, options, heading_level=heading_level)
    return _environment(options.config).get_template(BODY_TEMPLATE).render(view=view)


def diff_stylesheet(config: Config | None = None) -> str:
    """The CSS the redline fragment expects (ins/del, moved text, visually hidden labels, class badges)."""
    return _environment(config).get_template(STYLESHEET).render()


def render_html(assessments: Sequence[Assessment], options: RenderOptions) -> str:
    """A standalone page: lang, title, <main>, inline CSS, no JavaScript; one part per comparison."""
    several = len(assessments) != 1
    views = [
        comparison_view(a, options, anchor_prefix=f"p{i + 1}-" if several else "", heading_level=2)
        for i, a in enumerate(assessments)
    ]
    if options.title:
        title = options.title
    elif len(assessments) == 1:
        title = f"Policy changes: {assessments[0].old_label} → {assessments[0].new_label}"
    else:
        title = "Policy changes"
    return _environment(options.config).get_template(PAGE_TEMPLATE).render(
        title=title,
        views=views,
        overall=overall_class(assessments),
    )


def _environment(config: Config | None) -> jinja2.Environment:
    """One environment per template folder, so templates are compiled once per process, not per page."""
    if config is None:
        return _cached_environment(None, "")
    return _cached_environment(str(config.root), config.templates_dir)


@functools.lru_cache(maxsize=8)
def _cached_environment(root: str | None, templates_dir: str) -> jinja2.Environment:
    config = None if root is None else Config(root=Path(root), templates_dir=templates_dir)
    return template_env(config)


def _change_view(change: Change, sources: Mapping[str, str]) -> ChangeView:
    findings = tuple(
        FindingView(
            finding=finding,
            words=evidence_words(finding),
            source=rule_source(finding.rule, sources),
            evidence=tuple(EvidenceView(e, evidence_place(e)) for e in finding.evidence),
        )
        for finding in sorted(change.findings, key=lambda f: -f.classification.rank)
    )
    return ChangeView(
        change=change,
        description=describe_change(change),
        lines=lines_label(change),
        segments=change_segments(change),
        moved=is_moved(change),
        moved_from=moved_from(change) if is_moved(change) else "",
        findings=findings,
    )


RENDERER = FunctionRenderer("html", render_html)
