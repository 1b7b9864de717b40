"""`policyvc blame`: for each heading and paragraph, the version whose change last touched its wording.

Walk versions oldest first. A block keeps its origin while its normalised text survives, or when the change
that touched it was only editorial; a substantive or material change makes the new version its origin.
"""

from __future__ import annotations

from dataclasses import dataclass

from policyvc.model import Change, Classification, Document, LineRange, Version
from policyvc.store.repo import PolicyRepo

_KEEPS_ORIGIN = (Classification.NONE, Classification.EDITORIAL)


@dataclass(frozen=True, slots=True)
class BlameEntry:
    """One heading or block of the blamed version and the version its wording dates from."""

    section_id: str
    heading: str
    kind: str  # "heading" or a BlockKind value
    text: str
    lines: LineRange
    version: str
    effective_date: str | None
    commit_date: str
    commit: str


@dataclass(frozen=True, slots=True)
class _Unit:
    section_id: str
    heading: str
    kind: str
    text: str
    norm: str
    lines: LineRange


def blame_policy(repo: PolicyRepo, policy: str, version: str | None = None) -> list[BlameEntry]:
    """Each heading and block of a version (default: latest) with the version that introduced its wording."""
    target = repo.version(policy, version)
    versions = repo.history(policy)
    versions = versions[: versions.index(target) + 1]
    first = versions[0]
    doc = repo.assessor.document(first.blob, repo.text(first))
    units = _units(doc)
    origins: list[Version] = [first] * len(units)
    prev = first
    for current in versions[1:]:
        assessment = repo.assessor.assess(prev.blob, repo.text(prev), current.blob, repo.text(current))
        new_units = _units(assessment.changeset.new)
        by_norm: dict[tuple[bool, str], Version] = {}
        for unit, origin in zip(units, origins, strict=True):
            by_norm.setdefault((unit.kind == "heading", unit.norm), origin)
        new_origins: list[Version] = []
        for unit in new_units:
            kept = by_norm.get((unit.kind == "heading", unit.norm))
            if kept is None:
                kept = _through_change(unit, assessment.changes, units, origins)
            new_origins.append(kept or current)
        units, origins, prev = new_units, new_origins, current
    return [
        BlameEntry(
            section_id=u.section_id,
            heading=u.heading,
            kind=u.kind,
            text=u.text,
            lines=u.lines,
            version=o.version,
            effective_date=o.effective_date,
            commit_date=o.commit_date,
            commit=o.commit,
        )
        for u, o in zip(units, origins, strict=True)
    ]


def _units(doc: Document) -> list[_Unit]:
    units: list[_Unit] = []
    for section in doc.sections:
        if section.level > 0:
            start = section.lines.start
            units.append(
                _Unit(section.id, section.heading, "heading", section.heading, section.norm_heading,
                      LineRange(start, start))
            )
        for block in section.blocks:
            kind = block.kind.value
            units.append(_Unit(section.id, section.heading, kind, block.text, block.norm, block.lines))
    return units


def _through_change(
    unit: _Unit, changes: tuple[Change, ...], old_units: list[_Unit], old_origins: list[Version]
) -> Version | None:
    """The old origin when an editorial change turned an old unit into this one; None otherwise."""
    touching = [c for c in changes if c.new_lines is not None and _overlaps(c.new_lines, unit.lines)]
    if not touching:
        return None
    heading = unit.kind == "heading"
    # The narrowest change decides: a block edit inside a reworded section is judged on its own.
    change = min(touching, key=lambda c: (c.scope != ("section" if heading else "block"), _size(c.new_lines)))
    if change.classification not in _KEEPS_ORIGIN or change.old_lines is None:
        return None
    for old, origin in zip(old_units, old_origins, strict=True):
        if (old.kind == "heading") == heading and _overlaps(change.old_lines, old.lines):
            return origin
    return None


def _overlaps(a: LineRange, b: LineRange) -> bool:
    return a.start <= b.end and b.start <= a.end


def _size(lines: LineRange | None) -> int:
    return lines.end - lines.start if lines is not None else 1 << 30
