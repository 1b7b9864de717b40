"""`policyvc blame`: for each heading and paragraph, the version whose change last touched its wording.

Walk versions oldest first. A block keeps its origin while its normalised text survives, or when the change
that touched it was only editorial; a substantive or material change makes the new version its origin.
The walk's state is cached (store/blamecache.py): a repeated blame diffs nothing, a new commit diffs one pair.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from policyvc.model import Change, Classification, Document, LineRange
from policyvc.store.blamecache import BlameCache, BlameState, BlameUnit, version_chain
from policyvc.store.repo import PolicyRepo

_KEEPS_ORIGIN = (Classification.NONE, Classification.EDITORIAL)
# A cached state is only as good as the walk that made it: a change to this file starts the cache afresh.
_ALGORITHM = Path(__file__).read_bytes()


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


def blame_policy(
    repo: PolicyRepo, policy: str, version: str | None = None, *, use_cache: bool = True
) -> list[BlameEntry]:
    """Each heading and block of a version (default: latest) with the version that introduced its wording."""
    target = repo.version(policy, version)
    versions = repo.history(policy)
    versions = versions[: versions.index(target) + 1]
    chain = version_chain(versions)
    cache = BlameCache(repo.config, target.policy, _ALGORITHM) if use_cache else None
    state = cache.best(chain) if cache is not None else None
    if state is None:
        first = versions[0]
        units = _units(repo.assessor.document(first.blob, repo.text(first)))
        state = BlameState(1, chain[0], tuple(units), (0,) * len(units))
    resumed_from = state.count
    units, origins = list(state.units), list(state.origins)
    for index in range(state.count, len(versions)):
        prev, current = versions[index - 1], versions[index]
        assessment = repo.assessor.assess(prev.blob, repo.text(prev), current.blob, repo.text(current))
        units, origins = _walk(units, origins, assessment.changes, _units(assessment.changeset.new), index)
    if cache is not None and len(versions) > resumed_from:
        cache.put(BlameState(len(versions), chain[-1], tuple(units), tuple(origins)))
        cache.save()
    return [
        BlameEntry(
            section_id=u.section_id,
            heading=u.heading,
            kind=u.kind,
            text=u.text,
            lines=u.lines,
            version=versions[o].version,
            effective_date=versions[o].effective_date,
            commit_date=versions[o].commit_date,
            commit=versions[o].commit,
        )
        for u, o in zip(units, origins, strict=True)
    ]


def _walk(
    units: list[BlameUnit],
    origins: list[int],
    changes: tuple[Change, ...],
    new_units: list[BlameUnit],
    current: int,
) -> tuple[list[BlameUnit], list[int]]:
    """One step: the origins of the next version's units, given the previous version's."""
    by_norm: dict[tuple[bool, str], int] = {}
    for unit, origin in zip(units, origins, strict=True):
        by_norm.setdefault((unit.kind == "heading", unit.norm), origin)
    new_origins: list[int] = []
    for unit in new_units:
        kept = by_norm.get((unit.kind == "heading", unit.norm))
        if kept is None:
            kept = _through_change(unit, changes, units, origins)
        new_origins.append(current if kept is None else kept)
    return new_units, new_origins


def _units(doc: Document) -> list[BlameUnit]:
    units: list[BlameUnit] = []
    for section in doc.sections:
        if section.level > 0:
            start = section.lines.start
            units.append(
                BlameUnit(section.id, section.heading, "heading", section.heading, section.norm_heading,
                          LineRange(start, start))
            )
        for block in section.blocks:
            kind = block.kind.value
            units.append(BlameUnit(section.id, section.heading, kind, block.text, block.norm, block.lines))
    return units


def _through_change(
    unit: BlameUnit, changes: tuple[Change, ...], old_units: list[BlameUnit], old_origins: list[int]
) -> int | None:
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
