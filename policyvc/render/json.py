"""The JSON contract `policyvc/diff/1`: what CI and other tools build on (documented in docs/diff.md).

Every key is always present (null or empty when it does not apply), keys keep a fixed order, and changes keep
document order: consumers sort as they like. Adding a key is compatible; removing or renaming one needs
`policyvc/diff/2`. The JSON Schema is `policyvc/render/schema/diff-1.schema.json`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from importlib import resources
from typing import Any

from policyvc.model import Assessment, Change, ChangeKind, Evidence, Finding, LineRange, SectionRef, Segment
from policyvc.render import FunctionRenderer, RenderOptions
from policyvc.render.view import class_counts, overall_class

SCHEMA_ID = "policyvc/diff/1"
SIMILARITY_DIGITS = 4


def diff_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) that every `policyvc/diff/1` document validates against."""
    text = resources.files("policyvc.render").joinpath("schema/diff-1.schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def diff_document(assessments: Sequence[Assessment], options: RenderOptions) -> dict[str, Any]:
    """The JSON value: one comparison's object, or the `policies` wrapper for a collection."""
    sources = options.rule_sources
    if len(assessments) == 1 and not options.collection:
        return {"schema": SCHEMA_ID, **comparison_dict(assessments[0], sources)}
    everything = [change for assessment in assessments for change in assessment.changes]
    worst = overall_class(assessments)
    kind_totals = {kind.value: 0 for kind in ChangeKind}
    for assessment in assessments:
        for kind, count in assessment.counts.items():
            kind_totals[kind] += count
    return {
        "schema": SCHEMA_ID,
        "summary": {
            "classification": worst.value,
            "bump": worst.bump.value,
            "total": len(everything),
            "counts": kind_totals,
            "class_counts": class_counts(everything),
            "policies": len(assessments),
        },
        "policies": [comparison_dict(assessment, sources) for assessment in assessments],
    }


def comparison_dict(assessment: Assessment, sources: Mapping[str, str]) -> dict[str, Any]:
    """One old/new comparison: labels, summary and every change."""
    return {
        "old": assessment.old_label,
        "new": assessment.new_label,
        "summary": {
            "classification": assessment.classification.value,
            "bump": assessment.bump.value,
            "total": len(assessment.changes),
            "counts": assessment.counts,
            "class_counts": class_counts(assessment.changes),
        },
        "changes": [change_dict(change, sources) for change in assessment.changes],
    }


def change_dict(change: Change, sources: Mapping[str, str]) -> dict[str, Any]:
    """One change with its findings and redline."""
    return {
        "kind": change.kind.value,
        "scope": change.scope,
        "old_section": _section(change.old_section),
        "new_section": _section(change.new_section),
        "old_lines": _lines(change.old_lines),
        "new_lines": _lines(change.new_lines),
        "old_text": change.old_text,
        "new_text": change.new_text,
        "classification": change.classification.value,
        "formatting_only": change.formatting_only,
        "similarity": round(change.similarity, SIMILARITY_DIGITS),
        "related": [_section(ref) for ref in change.related],
        "findings": [finding_dict(finding, sources) for finding in change.findings],
        "redline": [_segment(segment) for segment in change.redline],
        "old_level": change.old_level,
        "new_level": change.new_level,
        "body_redline": [_segment(segment) for segment in change.body_redline],
    }


def finding_dict(finding: Finding, sources: Mapping[str, str]) -> dict[str, Any]:
    """One rule that fired: which, why, from which file, on which words."""
    return {
        "rule": finding.rule,
        "category": finding.category,
        "severity": finding.severity.value,
        "classification": finding.classification.value,
        "reason": finding.reason,
        "source": sources.get(finding.rule),
        "evidence": [_evidence(evidence) for evidence in finding.evidence],
    }


def render_json(assessments: Sequence[Assessment], options: RenderOptions) -> str:
    """`--format json`: the diff document, indented, UTF-8 kept as is, one trailing newline."""
    return json.dumps(diff_document(assessments, options), indent=2, ensure_ascii=False) + "\n"


RENDERER = FunctionRenderer("json", render_json)


def _section(ref: SectionRef | None) -> dict[str, Any] | None:
    return None if ref is None else {"id": ref.id, "path": list(ref.path)}


def _lines(lines: LineRange | None) -> list[int] | None:
    return None if lines is None else lines.to_list()


def _segment(segment: Segment) -> dict[str, Any]:
    return {"op": segment.op, "text": segment.text, "formatting_only": segment.formatting_only}


def _evidence(evidence: Evidence) -> dict[str, Any]:
    return {
        "side": evidence.side,
        "text": evidence.text,
        "start": evidence.start,
        "end": evidence.end,
        "line": evidence.line,
    }

