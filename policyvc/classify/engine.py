"""Classify every change of a ChangeSet: editorial guards first, then the rule pack over changed sentences.

The document's class is the highest of its changes'; the bump follows the class.
"""

from __future__ import annotations

from dataclasses import replace

from policyvc.classify.events import rule_events
from policyvc.classify.guards import comparison_key, entity_words, is_date_line, typo_edits
from policyvc.classify.reasons import evidence, explain
from policyvc.classify.rules import RulePack
from policyvc.classify.sentences import SentencePair, changed_sentences
from policyvc.model import (
    Assessment, Change, ChangeKind, ChangeSet, Classification, Evidence, Finding, SectionRef, Severity,
)  # fmt: skip

EDITORIAL = Classification.EDITORIAL


def classify_changeset(changeset: ChangeSet, pack: RulePack, *, old_label: str = "", new_label: str = "") -> Assessment:
    """Classify every change; the document takes the highest class and its bump."""
    changes = tuple(classify_change(change, pack) for change in changeset.changes)
    overall = max((c.classification for c in changes), key=lambda c: c.rank, default=Classification.NONE)
    return Assessment(changeset, changes, overall, overall.bump, old_label=old_label, new_label=new_label)


def classify_change(change: Change, pack: RulePack) -> Change:
    """The change with its class and findings filled in."""
    classification, findings = _assess(change, pack)
    return replace(change, classification=classification, findings=findings)


def _assess(change: Change, pack: RulePack) -> tuple[Classification, tuple[Finding, ...]]:
    old = "" if change.kind is ChangeKind.ADDED else change.old_text or ""
    new = "" if change.kind is ChangeKind.REMOVED else change.new_text or ""
    if change.kind is ChangeKind.FORMATTING or change.formatting_only:
        return EDITORIAL, (_note("editorial.formatting", "Only formatting changed (whitespace, markup, wrapping)"),)
    old_key, new_key = comparison_key(old), comparison_key(new)
    if old_key == new_key:
        if change.kind is ChangeKind.MOVED:
            return EDITORIAL, (_note("editorial.move", "Moved without changing its text"),)
        return EDITORIAL, (_note("editorial.wording", "Only case, quotes, punctuation, emphasis or links changed"),)
    if (not old or is_date_line(old)) and (not new or is_date_line(new)):
        return EDITORIAL, (_note("editorial.date-line", "Updates a 'Last updated' or 'Effective date' line"),)
    findings = _rule_findings(change, pack, old, new)
    if findings:
        return max((f.classification for f in findings), key=lambda c: c.rank), findings
    edits = typo_edits(old_key, new_key, pack, entity_words(old) | entity_words(new)) if old and new else None
    if edits is not None:
        words = ", ".join(f"'{a}' → '{b}'" for a, b in edits[:5])
        return EDITORIAL, (_note("editorial.typo", f"Fixes spelling without touching a guard word: {words}"),)
    return Classification.SUBSTANTIVE, ()


def _rule_findings(change: Change, pack: RulePack, old: str, new: str) -> tuple[Finding, ...]:
    old_heading, new_heading = _heading(change.old_section), _heading(change.new_section)
    section = _title(change.new_section or change.old_section)
    old_line = change.old_lines.start if change.old_lines else None
    new_line = change.new_lines.start if change.new_lines else None
    findings: dict[tuple[str, str], Finding] = {}
    for pair in changed_sentences(old, new):
        if _date_lines(pair):
            continue
        for rule in pack.rules:
            for event in rule_events(rule, pair, old_heading, new_heading):
                finding = Finding(
                    rule=rule.id,
                    category=rule.category,
                    severity=rule.severity,
                    classification=rule.classification if event.escalates else rule.mirror,
                    reason=explain(event, section),
                    evidence=evidence(event, old_line, new_line),
                )
                findings.setdefault((finding.rule, finding.reason), finding)
    return tuple(sorted(findings.values(), key=lambda f: -f.classification.rank))


def _date_lines(pair: SentencePair) -> bool:
    return all(s is None or is_date_line(s.text) for s in (pair.old, pair.new))


def _heading(ref: SectionRef | None) -> str:
    return " / ".join(ref.path) if ref else ""


def _title(ref: SectionRef | None) -> str:
    if ref is None:
        return ""
    return next((heading for heading in reversed(ref.path) if heading), "")


def _note(rule: str, reason: str, found: tuple[Evidence, ...] = ()) -> Finding:
    return Finding(rule, "editorial", Severity.INFO, EDITORIAL, reason, found)
