"""Two parsed documents in, one ChangeSet out: structure first (sections, then blocks, then words)."""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from operator import itemgetter

from policyvc.diff.align import BlockAlignment, BlockAt, SectionAlignment, align_blocks, align_sections
from policyvc.diff.redline import mark_formatting_only, redline
from policyvc.diff.regroup import changed_pieces
from policyvc.diff.similar import similarity
from policyvc.gcpause import gc_paused
from policyvc.model import (
    Block,
    Change,
    ChangeKind,
    ChangeSet,
    Document,
    LineRange,
    Section,
    SectionRef,
    Segment,
)

# Where a change sits in the new document: (section position, block position, tie-break).
SortKey = tuple[float, float, int]

_SORT_KEY = itemgetter(0)  # of a (SortKey, Change) item
_CHANGE = itemgetter(1)
_SECTION = itemgetter(0)  # of a BlockAt


@dataclass(frozen=True, slots=True)
class SectionRegroup:
    """An old section split into a new one, or merged from an old one, by the blocks that travelled."""

    old: int  # old section index
    new: int  # new section index
    blocks: tuple[tuple[BlockAt, BlockAt], ...]  # the moves that are the evidence


def diff_documents(old: Document, new: Document) -> ChangeSet:
    """Every change between two parsed versions, in new-document order (removals at their old place)."""
    with gc_paused():
        sections = align_sections(old, new)
        blocks = align_blocks(old, new, sections)
        return ChangeSet(old=old, new=new, changes=_ChangeBuilder(old, new, sections, blocks).build())


def find_section_splits(
    old: Document, new: Document, sections: SectionAlignment, blocks: BlockAlignment
) -> tuple[list[SectionRegroup], list[SectionRegroup]]:
    """New sections made mostly of blocks from one kept old section (splits), and the mirror (merges)."""
    new_for_old = sections.new_for_old()
    old_for_new = sections.old_for_new()
    # Moves by section, once: scanning every move for every unmatched section is quadratic.
    arriving: dict[int, list[tuple[BlockAt, BlockAt]]] = {}
    departing: dict[int, list[tuple[BlockAt, BlockAt]]] = {}
    for move in blocks.moved:
        arriving.setdefault(move[1][0], []).append(move)
        departing.setdefault(move[0][0], []).append(move)
    splits: list[SectionRegroup] = []
    merges: list[SectionRegroup] = []
    for j, section in enumerate(new.sections):
        if j in old_for_new or not section.blocks:
            continue
        arrivals = arriving.get(j, [])
        source = _dominant(Counter(m[0][0] for m in arrivals), len(section.blocks))
        if source is not None and source in new_for_old:
            splits.append(SectionRegroup(source, j, tuple(m for m in arrivals if m[0][0] == source)))
    for i, section in enumerate(old.sections):
        if i in new_for_old or not section.blocks:
            continue
        departures = departing.get(i, [])
        target = _dominant(Counter(m[1][0] for m in departures), len(section.blocks))
        if target is not None and target in old_for_new:
            merges.append(SectionRegroup(i, target, tuple(m for m in departures if m[1][0] == target)))
    return splits, merges


def _dominant(counts: Counter[int], total: int) -> int | None:
    """The key holding at least half of `total`, if any."""
    if not counts:
        return None
    key, count = max(counts.items(), key=lambda item: (item[1], -item[0]))
    return key if count * 2 >= total else None


def section_text(section: Section) -> str:
    """A section's heading and its blocks' display text, one per line."""
    parts = [section.heading] if section.heading else []
    parts.extend(block.text for block in section.blocks)
    return "\n".join(parts)


def section_body(section: Section) -> str:
    """The display text under a section's heading (its own blocks, not its subsections), one per line."""
    return "\n".join(block.text for block in section.blocks)


def _ref(section: Section) -> SectionRef:
    return SectionRef(id=section.id, path=section.path)


def _span(blocks: list[Block]) -> LineRange:
    return LineRange(min(b.lines.start for b in blocks), max(b.lines.end for b in blocks))


@dataclass
class _ChangeBuilder:
    """Turns an alignment into Changes, each with the key that puts it in new-document order."""

    old: Document
    new: Document
    sections: SectionAlignment
    blocks: BlockAlignment
    keyed: list[tuple[SortKey, Change]] = field(default_factory=list)
    new_for_old: dict[int, int] = field(default_factory=dict)
    old_for_new: dict[int, int] = field(default_factory=dict)
    in_place_new: dict[BlockAt, int] = field(default_factory=dict)  # old block → new block index, same pair
    anchors: list[float] = field(default_factory=list)  # per old section: where it would sit in the new order
    refs: dict[int, SectionRef] = field(default_factory=dict)  # by id() of the section

    def __post_init__(self) -> None:
        self.new_for_old = self.sections.new_for_old()
        self.old_for_new = self.sections.old_for_new()
        self.in_place_new = {o: n[1] for o, n in self.blocks.in_place if self.new_for_old.get(o[0]) == n[0]}
        anchor = -0.5
        for i in range(len(self.old.sections)):
            self.anchors.append(anchor)
            if i in self.new_for_old:
                anchor = self.new_for_old[i] + 0.5

    def build(self) -> tuple[Change, ...]:
        splits, merges = find_section_splits(self.old, self.new, self.sections, self.blocks)
        regrouped = {m for r in (*splits, *merges) for m in r.blocks}
        split_source = {r.new: r.old for r in splits}  # new section → the kept old section it came from
        merge_target = {r.old: r.new for r in merges}  # old section → the kept new section it went into
        split_new, merged_old = set(split_source), set(merge_target)
        new_for_old, old_for_new = self.new_for_old, self.old_for_new
        for regroup in splits:
            self._regroup(regroup, ChangeKind.SPLIT)
        for regroup in merges:
            self._regroup(regroup, ChangeKind.MERGED)
        for i, section in enumerate(self.old.sections):
            if i not in new_for_old and i not in merged_old:
                self._whole_section(ChangeKind.REMOVED, old=section, key=(self._old_anchor(i), -1.0, i))
        for j, section in enumerate(self.new.sections):
            if j not in old_for_new and j not in split_new:
                self._whole_section(ChangeKind.ADDED, new=section, key=(float(j), -1.0, 0))
        for o, n in self.sections.pairs:
            self._section_pair(o, n)
        for old_at, new_at in self.blocks.in_place:
            self._block_pair(old_at, new_at)
        for move in self.blocks.moved:
            if move not in regrouped:
                self._block_pair(*move, kind=ChangeKind.MOVED)
        for split in self.blocks.splits:
            self._block_split(split.old, split.new)
        # A lone block names the section on the other side too: a reader sees where it was lost or won.
        self._lone_blocks(ChangeKind.REMOVED, self.blocks.removed, {**merge_target, **new_for_old})
        self._lone_blocks(ChangeKind.ADDED, self.blocks.added, {**split_source, **old_for_new})
        self.keyed.sort(key=_SORT_KEY)
        return tuple(map(_CHANGE, self.keyed))

    # -- positions -------------------------------------------------------------------------------------------

    def _old_anchor(self, i: int) -> float:
        """Where old section i would sit in the new document: just after its nearest kept predecessor."""
        return self.anchors[i]

    def _old_block_key(self, at: BlockAt) -> SortKey:
        if at[0] not in self.new_for_old:
            return (self._old_anchor(at[0]), float(at[1]), at[0])
        # Removed blocks come in old order, so walking back stops at the nearest kept block quickly.
        for b in range(at[1] - 1, -1, -1):
            kept = self.in_place_new.get((at[0], b))
            if kept is not None:
                return (float(self.new_for_old[at[0]]), kept + 0.5, at[1])
        return (float(self.new_for_old[at[0]]), -0.5, at[1])

    # -- changes ---------------------------------------------------------------------------------------------

    def _ref(self, section: Section) -> SectionRef:
        """One SectionRef per section, shared by all its changes (sections live as long as the build)."""
        found = self.refs.get(id(section))
        if found is None:
            found = self.refs[id(section)] = _ref(section)
        return found

    def _add(self, key: SortKey, change: Change) -> None:
        self.keyed.append((key, change))

    def _whole_section(
        self, kind: ChangeKind, *, key: SortKey, old: Section | None = None, new: Section | None = None
    ) -> None:
        self._add(
            key,
            Change(
                kind=kind,
                scope="section",
                old_section=self._ref(old) if old else None,
                new_section=self._ref(new) if new else None,
                old_lines=old.lines if old else None,
                new_lines=new.lines if new else None,
                old_text=section_text(old) if old else None,
                new_text=section_text(new) if new else None,
                similarity=0.0,
                old_level=old.level if old else None,
                new_level=new.level if new else None,
            ),
        )

    def _section_pair(self, o: int, n: int) -> None:
        old, new = self.old.sections[o], self.new.sections[n]
        key: SortKey = (float(n), -1.0, 0)
        old_heading_line = LineRange(old.lines.start, old.lines.start)
        new_heading_line = LineRange(new.lines.start, new.lines.start)
        # A heading whose level alone changed moves the section up or down the tree (a subsection becomes a
        # section of its own, or the reverse): one formatting change carrying both levels.
        if old.heading != new.heading or old.level != new.level:
            renamed = old.norm_heading != new.norm_heading
            marks = redline(old.heading, new.heading)
            self._add(
                key,
                Change(
                    kind=ChangeKind.RENAMED if renamed else ChangeKind.FORMATTING,
                    scope="section",
                    old_section=self._ref(old),
                    new_section=self._ref(new),
                    old_lines=old_heading_line,
                    new_lines=new_heading_line,
                    old_text=old.heading,
                    new_text=new.heading,
                    redline=marks if renamed else mark_formatting_only(marks),
                    formatting_only=not renamed,
                    similarity=similarity(old.norm_heading, new.norm_heading),
                    old_level=old.level,
                    new_level=new.level,
                ),
            )
        if n in self.sections.moved:
            self._add(
                (float(n), -1.0, 1),
                Change(
                    kind=ChangeKind.MOVED,
                    scope="section",
                    old_section=self._ref(old),
                    new_section=self._ref(new),
                    old_lines=old.lines,
                    new_lines=new.lines,
                    old_text=old.heading,
                    new_text=new.heading,
                    similarity=similarity(
                        "\n".join(b.norm for b in old.blocks), "\n".join(b.norm for b in new.blocks)
                    ),
                    old_level=old.level,
                    new_level=new.level,
                    body_redline=redline(section_body(old), section_body(new)),
                ),
            )

    def _block_pair(self, old_at: BlockAt, new_at: BlockAt, kind: ChangeKind = ChangeKind.MODIFIED) -> None:
        old_section, new_section = self.old.sections[old_at[0]], self.new.sections[new_at[0]]
        old, new = old_section.blocks[old_at[1]], new_section.blocks[new_at[1]]
        if kind == ChangeKind.MODIFIED and old.text == new.text:
            return
        same_norm = old.norm == new.norm
        marks: tuple[Segment, ...] = ()
        if old.text != new.text:
            marks = redline(old.text, new.text)
            if same_norm:
                marks = mark_formatting_only(marks)
        if kind == ChangeKind.MODIFIED and same_norm:
            kind = ChangeKind.FORMATTING
        self._add(
            (float(new_at[0]), float(new_at[1]), 0),
            Change(
                kind=kind,
                scope="block",
                old_section=self._ref(old_section),
                new_section=self._ref(new_section),
                old_lines=old.lines,
                new_lines=new.lines,
                old_text=old.text,
                new_text=new.text,
                redline=marks,
                formatting_only=kind == ChangeKind.FORMATTING,
                similarity=1.0 if same_norm else similarity(old.norm, new.norm),
            ),
        )

    def _block_split(self, old_ats: tuple[BlockAt, ...], new_ats: tuple[BlockAt, ...]) -> None:
        """A regrouped run (split, merged or re-wrapped blocks): one change per piece that changed."""
        old_section, new_section = self.old.sections[old_ats[0][0]], self.new.sections[new_ats[0][0]]
        olds = [old_section.blocks[b] for _, b in old_ats]
        news = [new_section.blocks[b] for _, b in new_ats]
        for piece in changed_pieces(olds, news):
            old_piece = [old_ats[k] for k in piece.old]
            new_piece = [new_ats[k] for k in piece.new]
            if len(old_piece) == 1 and len(new_piece) == 1:
                self._block_pair(old_piece[0], new_piece[0])
            else:
                self._block_group(old_piece, new_piece)

    def _block_group(self, old_ats: list[BlockAt], new_ats: list[BlockAt]) -> None:
        """Several blocks on one side or both: split, merged, or re-wrapped (modified or formatting only)."""
        old_section, new_section = self.old.sections[old_ats[0][0]], self.new.sections[new_ats[0][0]]
        olds = [old_section.blocks[b] for _, b in old_ats]
        news = [new_section.blocks[b] for _, b in new_ats]
        old_text = "\n\n".join(b.text for b in olds)
        new_text = "\n\n".join(b.text for b in news)
        old_norm, new_norm = " ".join(b.norm for b in olds), " ".join(b.norm for b in news)
        marks = redline(old_text, new_text)
        if len(olds) == 1:
            kind = ChangeKind.SPLIT
        elif len(news) == 1:
            kind = ChangeKind.MERGED
        else:
            kind = ChangeKind.FORMATTING if old_norm == new_norm else ChangeKind.MODIFIED
        if kind == ChangeKind.FORMATTING:
            marks = mark_formatting_only(marks)
        self._add(
            (float(new_ats[0][0]), float(new_ats[0][1]), 0),
            Change(
                kind=kind,
                scope="block",
                old_section=self._ref(old_section),
                new_section=self._ref(new_section),
                old_lines=_span(olds),
                new_lines=_span(news),
                old_text=old_text,
                new_text=new_text,
                redline=marks,
                formatting_only=kind == ChangeKind.FORMATTING,
                similarity=similarity(old_norm, new_norm),
            ),
        )

    def _lone_blocks(self, kind: ChangeKind, ats: Sequence[BlockAt], counterparts: dict[int, int]) -> None:
        """Blocks removed (ats = old positions) or added (new positions) with nothing to pair them with.

        Unrelated documents make tens of thousands of these, so the section references are looked up once
        per section, not per block.
        """
        removed = kind == ChangeKind.REMOVED
        own_document, other_document = (self.old, self.new) if removed else (self.new, self.old)
        keyed = self.keyed
        for s, run in itertools.groupby(ats, key=_SECTION):
            counterpart = counterparts.get(s)
            if counterpart is None:
                continue
            section = own_document.sections[s]
            own, other = self._ref(section), self._ref(other_document.sections[counterpart])
            for _, b in run:
                block = section.blocks[b]
                if removed:
                    key = self._old_block_key((s, b))
                    change = Change(
                        kind=kind,
                        scope="block",
                        old_section=own,
                        new_section=other,
                        old_lines=block.lines,
                        new_lines=None,
                        old_text=block.text,
                        new_text=None,
                        similarity=0.0,
                    )
                else:
                    key = (float(s), float(b), 0)
                    change = Change(
                        kind=kind,
                        scope="block",
                        old_section=other,
                        new_section=own,
                        old_lines=None,
                        new_lines=block.lines,
                        old_text=None,
                        new_text=block.text,
                        similarity=0.0,
                    )
                keyed.append((key, change))

    def _regroup(self, regroup: SectionRegroup, kind: ChangeKind) -> None:
        """A section split off from (or merged into) a kept section: one change carrying the moved prose."""
        old, new = self.old.sections[regroup.old], self.new.sections[regroup.new]
        new_for_old, old_for_new = self.new_for_old, self.old_for_new
        if kind == ChangeKind.SPLIT:
            counterpart = self.new.sections[new_for_old[regroup.old]]
            related = (self._ref(counterpart), self._ref(new))
            old_blocks = [old.blocks[o[1]] for o, _ in regroup.blocks]
            old_text = "\n".join(b.text for b in old_blocks)
            new_text = section_text(new)
            old_lines, new_lines = _span(old_blocks), new.lines
            key: SortKey = (float(regroup.new), -1.0, 0)
        else:
            counterpart = self.old.sections[old_for_new[regroup.new]]
            related = (self._ref(counterpart), self._ref(old))
            new_blocks = [new.blocks[n[1]] for _, n in regroup.blocks]
            old_text = section_text(old)
            new_text = "\n".join(b.text for b in new_blocks)
            old_lines, new_lines = old.lines, _span(new_blocks)
            key = (float(regroup.new), float(min(n[1] for _, n in regroup.blocks)), 0)
        self._add(
            key,
            Change(
                kind=kind,
                scope="section",
                old_section=self._ref(old),
                new_section=self._ref(new),
                old_lines=old_lines,
                new_lines=new_lines,
                old_text=old_text,
                new_text=new_text,
                redline=redline(old_text, new_text),
                similarity=similarity(old_text, new_text),
                related=related,
                old_level=old.level,
                new_level=new.level,
            ),
        )
