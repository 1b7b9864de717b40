"""Markdown → Document: a flat, ordered tuple of sections (tree via parent/path) holding comparable blocks.

Only block-level tokens are needed (each carries `.map` line ranges), so markdown-it's inline rule is off:
a block's display text is its inline Markdown source.
"""

from __future__ import annotations

import datetime
import gc
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.front_matter import front_matter_plugin

from policyvc.model import Block, BlockKind, Document, LineRange, Section
from policyvc.parse.normalise import normalise_heading, normalise_text

PREAMBLE_ID = "preamble"


def _block_parser(front_matter: bool) -> MarkdownIt:
    md = MarkdownIt("commonmark").enable("table")
    if front_matter:
        md.use(front_matter_plugin)
    md.disable("inline")  # inline tokens keep their source in .content; children are not needed
    return md


_WITH_FRONT_MATTER = _block_parser(front_matter=True)
_WITHOUT_FRONT_MATTER = _block_parser(front_matter=False)

_HARD_BREAK = re.compile(r"(?: {2,}|\\)$")
_BOLD_LABEL = re.compile(r"^(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_SLUG_JUNK = re.compile(r"[^a-z0-9]+")
_TOP_LEVEL_KEY = re.compile(r"^([A-Za-z_][\w-]*):[ \t]*(.*)$", re.MULTILINE)


def parse_document(text: str) -> Document:
    """Parse a policy's Markdown into sections and blocks, with front matter as metadata."""
    # A 5 MB policy makes ~150k tokens, none of them in reference cycles; the cyclic collector would only
    # rescan them over and over (a third of the parse time), so it is paused for the parse.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _parse(text)
    finally:
        if collecting:
            gc.enable()


def _parse(text: str) -> Document:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    tokens = _WITH_FRONT_MATTER.parse(text)
    metadata: tuple[tuple[str, str], ...] = ()
    if tokens and tokens[0].type == "front_matter":
        parsed = _front_matter(tokens[0].content)
        if parsed is None:
            # Not a YAML mapping: a leading thematic break, not front matter. Keep it as prose.
            tokens = _WITHOUT_FRONT_MATTER.parse(text)
        else:
            metadata = parsed
    line_count = _count_lines(text)
    builder = _SectionBuilder(text.split("\n"), line_count)
    _walk(tokens, builder)
    sections = builder.finish()
    title = dict(metadata).get("title", "") or next((s.heading for s in sections if s.level == 1), "")
    return Document(sections=sections, metadata=metadata, title=title, line_count=line_count)


def display_text(source: str) -> str:
    """A block's display text: soft line breaks become one space, hard breaks "\n", indentation stripped."""
    lines = source.split("\n")
    if len(lines) == 1:
        return source.strip()
    parts: list[str] = []
    for index, line in enumerate(lines):
        last = index == len(lines) - 1
        hard = not last and _HARD_BREAK.search(line) is not None
        stripped = line.strip()
        if hard and stripped.endswith("\\"):
            stripped = stripped[:-1].rstrip()
        parts.append(stripped)
        if not last:
            parts.append("\n" if hard else " ")
    return "".join(parts).strip()


def slugify(text: str) -> str:
    """An ASCII, lowercase, hyphenated slug of a (normalised) heading; "section" when nothing is left."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = _SLUG_JUNK.sub("-", folded.lower()).strip("-")
    return slug or "section"


def _count_lines(text: str) -> int:
    if not text:
        return 0
    return text.count("\n") + (0 if text.endswith("\n") else 1)


def _front_matter(source: str) -> tuple[tuple[str, str], ...] | None:
    """Front matter as (key, value) strings; None when the block is not metadata at all."""
    try:
        data = yaml.safe_load(source) if source.strip() else {}
    except (yaml.YAMLError, ValueError):  # ValueError: an impossible date such as 2021-02-30
        # Broken YAML that still reads as "key: value" lines is metadata with a typo, not prose.
        pairs = tuple((key, value.strip().strip("'\"")) for key, value in _TOP_LEVEL_KEY.findall(source))
        return pairs if pairs and _TOP_LEVEL_KEY.match(source.lstrip("\n")) else None
    if not isinstance(data, dict):
        return None
    return tuple((str(key), _meta_value(value)) for key, value in data.items())


def _meta_value(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return ", ".join(_meta_value(item) for item in value)
    if isinstance(value, dict):
        return ", ".join(f"{key}: {_meta_value(item)}" for key, item in value.items())
    return str(value)


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


class _SectionBuilder:
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


@dataclass(slots=True)
class _Container:
    kind: str  # "list", "item", "quote"
    depth: int
    parts: list[tuple[str, int, int]] = field(default_factory=list)  # pending item text, start, end lines


def _walk(tokens: Sequence[Token], builder: _SectionBuilder) -> None:
    containers: list[_Container] = []
    list_depth = -1
    quote_depth = -1
    index = 0
    count = len(tokens)
    while index < count:
        token = tokens[index]
        kind = token.type
        if kind == "heading_open":
            inline = tokens[index + 1]
            start = token.map[0] + 1 if token.map else 1
            _flush_item(containers, builder)
            builder.heading(int(token.tag[1:]), display_text(inline.content).replace("\n", " "), start)
            index += 3
            continue
        if kind in ("bullet_list_open", "ordered_list_open"):
            _flush_item(containers, builder)
            list_depth += 1
            containers.append(_Container("list", list_depth))
        elif kind in ("bullet_list_close", "ordered_list_close"):
            containers.pop()
            list_depth -= 1
        elif kind == "list_item_open":
            containers.append(_Container("item", list_depth))
        elif kind == "list_item_close":
            _flush_item(containers, builder)
            if tokens[index - 1].type == "list_item_open":
                _empty_item(tokens[index - 1], builder)
            containers.pop()
        elif kind == "blockquote_open":
            _flush_item(containers, builder)
            quote_depth += 1
            containers.append(_Container("quote", quote_depth))
        elif kind == "blockquote_close":
            containers.pop()
            quote_depth -= 1
        elif kind == "paragraph_open":
            inline = tokens[index + 1]
            lines = inline.map or token.map or [0, 1]
            _paragraph(inline.content, lines[0] + 1, lines[1], containers, builder)
            index += 3
            continue
        elif kind == "tr_open":
            _flush_item(containers, builder)
            index = _table_row(tokens, index, builder)
            continue
        elif kind in ("fence", "code_block"):
            _flush_item(containers, builder)
            _leaf(BlockKind.CODE, token.content.rstrip("\n"), token, containers, builder)
        elif kind == "html_block":
            _flush_item(containers, builder)
            _leaf(BlockKind.HTML, token.content.strip(), token, containers, builder)
        index += 1


def _paragraph(
    source: str, start: int, end: int, containers: list[_Container], builder: _SectionBuilder
) -> None:
    text = display_text(source)
    innermost = containers[-1] if containers else None
    if innermost is not None and innermost.kind == "item":
        innermost.parts.append((source, start, end))
        return
    if innermost is not None and innermost.kind == "quote":
        builder.block(_make_block(BlockKind.QUOTE, source, text, start, end, innermost.depth))
        return
    block = _make_block(BlockKind.PARAGRAPH, source, text, start, end, 0)
    previous = builder.last_block()
    if (
        previous is not None
        and block.label is None
        and previous.kind is BlockKind.PARAGRAPH
        and _is_bold_only(previous.text)
        and previous.lines.end + 1 >= start - 1
    ):
        label = _clean_label(previous.text[2:-2])
        merged_text = f"{previous.text}\n{text}"
        builder.replace_last_block(
            Block(
                kind=BlockKind.CLAUSE,
                text=merged_text,
                norm=normalise_text(f"{previous.text}\n{source}"),
                lines=LineRange(previous.lines.start, end),
                label=label,
            )
        )
        return
    builder.block(block)


def _flush_item(containers: list[_Container], builder: _SectionBuilder) -> None:
    item = containers[-1] if containers else None
    if item is None or item.kind != "item" or not item.parts:
        return
    source = "\n\n".join(part[0] for part in item.parts)
    text = "\n\n".join(display_text(part[0]) for part in item.parts)
    start, end = item.parts[0][1], item.parts[-1][2]
    item.parts.clear()
    builder.block(_make_block(BlockKind.LIST_ITEM, source, text, start, end, item.depth))


def _empty_item(token: Token, builder: _SectionBuilder) -> None:
    # CommonMark reads a line such as "94025." (a wrapped postcode in PDF-converted text) as an empty ordered
    # list item; its number is still the policy's text, so keep it as a paragraph.
    if token.markup not in (".", ")"):
        return  # an empty bullet carries no words
    line = token.map[0] + 1 if token.map else 1
    text = builder.source_line(line).lstrip(" >").strip()
    if text:
        builder.block(Block(BlockKind.PARAGRAPH, text, normalise_text(text), LineRange(line, line)))


def _leaf(
    kind: BlockKind, text: str, token: Token, containers: list[_Container], builder: _SectionBuilder
) -> None:
    if not text.strip():
        return
    start, end = (token.map[0] + 1, token.map[1]) if token.map else (1, 1)
    depth = containers[-1].depth if containers else 0
    builder.block(Block(kind, text, normalise_text(text), LineRange(start, max(start, end)), depth=depth))


def _table_row(tokens: Sequence[Token], index: int, builder: _SectionBuilder) -> int:
    row = tokens[index]
    cells: list[str] = []
    index += 1
    while index < len(tokens) and tokens[index].type != "tr_close":
        if tokens[index].type == "inline":
            cells.append(display_text(tokens[index].content))
        index += 1
    if any(cells):
        text = " | ".join(cells)
        start, end = (row.map[0] + 1, row.map[1]) if row.map else (1, 1)
        lines = LineRange(start, max(start, end))
        builder.block(Block(BlockKind.TABLE_ROW, text, normalise_text(text), lines))
    return index + 1


def _make_block(kind: BlockKind, source: str, text: str, start: int, end: int, depth: int) -> Block:
    label = _opening_label(text)
    if label is not None and kind in (BlockKind.PARAGRAPH, BlockKind.LIST_ITEM):
        kind = BlockKind.CLAUSE
    lines = LineRange(start, max(start, end))
    return Block(kind, text, normalise_text(source), lines, label=label, depth=depth)


def _opening_label(text: str) -> str | None:
    """The bold label a clause opens with, if the bold run is followed by more text."""
    match = _BOLD_LABEL.match(text)
    if match is None or match.end() == len(text):
        return None
    label = _clean_label(match.group(2))
    return label or None


def _is_bold_only(text: str) -> bool:
    match = _BOLD_LABEL.match(text)
    return match is not None and match.end() == len(text)


def _clean_label(label: str) -> str:
    return label.strip().rstrip(".:;-").rstrip()
