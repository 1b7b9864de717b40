"""Sections as headings arrive: the heading stack gives parents, paths and unique, stable slug ids."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

from policyvc.model import Block, LineRange, Section
from policyvc.parse.normalise import normalise_heading

PREAMBLE_ID = "preamble"

_SLUG_JUNK = re.compile(r"[^a-z0-9]+")


def slugify(text: str) -> str:
    """An ASCII, lowercase, hyphenated slug of a (normalised) heading; "section" when nothing is left."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = _SLUG_JUNK.sub("-", folded.lower()).strip("-")
    return slug or "section"


@dataclass(slots=True)
class _OpenSection:
    id: str
    heading: str
    norm_heading: str
    level: int
    path: tuple[str, ...]
    parent: str | None
    start: int  # 1-based first line
    blocks: list[Block] = field(default_factory=list)


class SectionBuilder:
    """Collects blocks into sections as headings arrive, keeping the heading stack for parents and ids."""

    def __init__(self, source_lines: Sequence[str], line_count: int) -> None:
        self._source_lines = source_lines
        self._line_count = line_count
        self._sections: list[_OpenSection] = []
        self._stack: list[_OpenSection] = []
        self._used_ids: set[str] = set()
        self._preamble: _OpenSection | None = None

    def heading(self, level: int, heading: str, start: int) -> None:
        while self._stack and self._stack[-1].level >= level:
            self._stack.pop()
        parent = self._stack[-1] if self._stack else None
        norm = normalise_heading(heading)
        slug = slugify(norm)
        section_id = self._unique_id(f"{parent.id}--{slug}" if parent else slug)
        path = (*parent.path, heading) if parent else (heading,)
        section = _OpenSection(section_id, heading, norm, level, path, parent.id if parent else None, start)
        self._sections.append(section)
        self._stack.append(section)

    def block(self, block: Block) -> None:
        if self._sections:
            self._sections[-1].blocks.append(block)
            return
        if self._preamble is None:
            self._preamble = _OpenSection(PREAMBLE_ID, "", "", 0, (), None, block.lines.start)
            self._used_ids.add(PREAMBLE_ID)
        self._preamble.blocks.append(block)

    def source_line(self, number: int) -> str:
        return self._source_lines[number - 1] if 0 < number <= len(self._source_lines) else ""

    def last_block(self) -> Block | None:
        current = self._sections[-1] if self._sections else self._preamble
        return current.blocks[-1] if current and current.blocks else None

    def replace_last_block(self, block: Block) -> None:
        current = self._sections[-1] if self._sections else self._preamble
        assert current is not None and current.blocks
        current.blocks[-1] = block

    def finish(self) -> tuple[Section, ...]:
        ordered = ([self._preamble] if self._preamble else []) + self._sections
        sections: list[Section] = []
        for index, open_section in enumerate(ordered):
            following = ordered[index + 1].start if index + 1 < len(ordered) else self._line_count + 1
            end = self._last_nonblank(open_section.start, following - 1)
            sections.append(
                Section(
                    id=open_section.id,
                    heading=open_section.heading,
                    norm_heading=open_section.norm_heading,
                    level=open_section.level,
                    path=open_section.path,
                    parent=open_section.parent,
                    blocks=tuple(open_section.blocks),
                    lines=LineRange(open_section.start, end),
                )
            )
        return tuple(sections)

    def _last_nonblank(self, start: int, end: int) -> int:
        # Blank as CommonMark sees it: only spaces and tabs (an em space is text and belongs to a block).
        while end > start and not self._source_lines[end - 1].strip(" \t"):
            end -= 1
        return end

    def _unique_id(self, candidate: str) -> str:
        # A preamble claims "preamble" only once it exists; reserve it so a later heading cannot take it.
        unique = candidate
        number = 2
        while unique in self._used_ids or unique == PREAMBLE_ID:
            unique = f"{candidate}-{number}"
            number += 1
        self._used_ids.add(unique)
        return unique
