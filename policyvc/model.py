"""Frozen values that cross the pipeline's boundaries.

parse → Document; diff → ChangeSet (Changes with redlines); classify → Assessment (classified Changes with
Findings); store → Version. Everything here is plain data: no I/O, no git, no rendering.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Literal


class BlockKind(StrEnum):
    """What a block is in the source Markdown."""

    PARAGRAPH = "paragraph"
    LIST_ITEM = "list_item"
    TABLE_ROW = "table_row"
    QUOTE = "quote"
    CODE = "code"
    CLAUSE = "clause"  # a labelled clause: a list item or paragraph opening with a bold label
    HTML = "html"


@dataclass(frozen=True, slots=True)
class LineRange:
    """1-based, inclusive line range in the source text."""

    start: int
    end: int

    def to_list(self) -> list[int]:
        return [self.start, self.end]


@dataclass(frozen=True, slots=True)
class Block:
    """One comparable unit of prose inside a section."""

    kind: BlockKind
    text: str  # display text: inline Markdown of the block, soft wraps joined by spaces
    norm: str  # normalised text used for comparison only
    lines: LineRange
    label: str | None = None  # bold label of a labelled clause ("Registration Information")
    depth: int = 0  # nesting depth for list items and quotes


@dataclass(frozen=True, slots=True)
class Section:
    """A heading and the blocks up to the next heading (children are separate sections)."""

    id: str  # stable slug of the heading path, de-duplicated; usable as an HTML anchor
    heading: str  # display heading ("" for the preamble before the first heading)
    norm_heading: str
    level: int  # 0 for the preamble, 1-6 for headings
    path: tuple[str, ...]  # headings from the root down to this section
    parent: str | None  # id of the enclosing section, None at top level
    blocks: tuple[Block, ...]
    lines: LineRange  # the heading line through the last line before the next heading


@dataclass(frozen=True, slots=True)
class Document:
    """A parsed policy: a flat, ordered list of sections (tree shape via Section.parent)."""

    sections: tuple[Section, ...]
    metadata: tuple[tuple[str, str], ...] = ()  # front matter, values rendered as strings
    title: str = ""
    line_count: int = 0

    def section(self, section_id: str) -> Section | None:
        for section in self.sections:
            if section.id == section_id:
                return section
        return None

    def meta(self, key: str) -> str | None:
        for k, v in self.metadata:
            if k == key:
                return v
        return None


class ChangeKind(StrEnum):
    ADDED = "added"
    REMOVED = "removed"
    MODIFIED = "modified"
    MOVED = "moved"
    RENAMED = "renamed"
    SPLIT = "split"
    MERGED = "merged"
    FORMATTING = "formatting"


class Classification(StrEnum):
    """Ordered from least to most serious; compare with `.rank`."""

    NONE = "none"
    EDITORIAL = "editorial"
    SUBSTANTIVE = "substantive"
    MATERIAL = "material"

    @property
    def rank(self) -> int:
        return _CLASS_ORDER.index(self)

    @property
    def bump(self) -> Bump:
        return _BUMP_FOR_CLASS[self]


class Bump(StrEnum):
    NONE = "none"
    PATCH = "patch"
    MINOR = "minor"
    MAJOR = "major"

    @property
    def rank(self) -> int:
        return _BUMP_ORDER.index(self)


_CLASS_ORDER = [
    Classification.NONE,
    Classification.EDITORIAL,
    Classification.SUBSTANTIVE,
    Classification.MATERIAL,
]
_BUMP_ORDER = [Bump.NONE, Bump.PATCH, Bump.MINOR, Bump.MAJOR]
_BUMP_FOR_CLASS = dict(zip(_CLASS_ORDER, _BUMP_ORDER, strict=True))


class Severity(StrEnum):
    INFO = "info"
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


SegmentOp = Literal["equal", "insert", "delete"]


@dataclass(frozen=True, slots=True)
class Segment:
    """One run of a word-level redline. Old text = equal+delete runs; new text = equal+insert runs."""

    op: SegmentOp
    text: str
    formatting_only: bool = False  # an insert/delete pair that vanishes under normalisation


@dataclass(frozen=True, slots=True)
class SectionRef:
    """Where a change sits: a section's id, heading path and source lines."""

    id: str
    path: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Evidence:
    """The exact words that made a rule fire, on one side, with offsets into that side's block text."""

    side: Literal["old", "new"]
    text: str
    start: int
    end: int
    line: int | None = None


@dataclass(frozen=True, slots=True)
class Finding:
    rule: str
    category: str  # kebab-case category from MATERIALITY.md, e.g. "sharing"
    severity: Severity
    classification: Classification  # what this finding makes of its change
    reason: str  # plain English, for a lawyer
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True, slots=True)
class Change:
    """One difference between two versions, at section or block scope."""

    kind: ChangeKind
    scope: Literal["section", "block"]
    old_section: SectionRef | None
    new_section: SectionRef | None
    old_lines: LineRange | None
    new_lines: LineRange | None
    old_text: str | None  # display text of the old side (None when added)
    new_text: str | None  # display text of the new side (None when removed)
    redline: tuple[Segment, ...] = ()
    formatting_only: bool = False  # nothing changed after normalisation
    similarity: float = 1.0  # 0..1, how alike the two sides are (after normalisation)
    classification: Classification = Classification.NONE
    findings: tuple[Finding, ...] = ()
    # For split/merge: the other sections or blocks involved, by id or line range.
    related: tuple[SectionRef, ...] = ()
    # Section scope only: each side's heading level (1-6, 0 for the preamble), None where there is no side.
    old_level: int | None = None
    new_level: int | None = None
    # A moved section only: the redline of the text under its heading, so that a reader sees what moved and
    # any edits made on the way (those edits are also their own block changes, classified there).
    body_redline: tuple[Segment, ...] = ()


@dataclass(frozen=True, slots=True)
class ChangeSet:
    """Every change between an old and a new document, in new-document order."""

    old: Document
    new: Document
    changes: tuple[Change, ...]


@dataclass(frozen=True, slots=True)
class Assessment:
    """A classified change set: the document's class is the highest of its changes'."""

    changeset: ChangeSet
    changes: tuple[Change, ...]  # classified, material first is a rendering choice, not stored order
    classification: Classification
    bump: Bump
    old_label: str = ""  # what the caller compared ("policies/privacy.md", "privacy@1.0.0")
    new_label: str = ""

    @property
    def counts(self) -> dict[str, int]:
        counts = {kind.value: 0 for kind in ChangeKind}
        for change in self.changes:
            counts[change.kind.value] += 1
        return counts

    def by_class(self, cls: Classification) -> tuple[Change, ...]:
        return tuple(c for c in self.changes if c.classification == cls)


@dataclass(frozen=True, slots=True)
class Version:
    """One recorded version of a policy in the store."""

    policy: str  # policy name, e.g. "privacy"
    path: str  # repository-relative path of the file at that version
    version: str  # semantic version "2.0.0"
    commit: str  # full commit sha
    blob: str  # blob sha of the file at that commit
    commit_date: str  # ISO 8601
    effective_date: str | None  # YYYY-MM-DD
    classification: Classification
    summary: str = ""  # one-line summary
    counts: tuple[tuple[str, int], ...] = ()
    trailers: tuple[tuple[str, str], ...] = field(default=())
    tagged: bool = False
