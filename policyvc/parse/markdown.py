"""Markdown → Document: a flat, ordered tuple of sections (tree via parent/path) holding comparable blocks.

Only block-level tokens are needed (each carries `.map` line ranges), so markdown-it's inline rule is off:
a block's display text is its inline Markdown source.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from markdown_it.token import Token

from policyvc.gcpause import gc_paused
from policyvc.model import Block, BlockKind, Document, LineRange
from policyvc.parse.blocks import BlockTokenizer, PlainRun, block_chunks
from policyvc.parse.frontmatter import read_front_matter
from policyvc.parse.normalise import normalise_text
from policyvc.parse.sections import SectionBuilder

_HARD_BREAK = re.compile(r"(?: {2,}|\\)$")
_BOLD_LABEL = re.compile(r"^(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_BOLD_MARKERS = ("**", "__")
_HTML_ELEMENT_START = re.compile(
    r"<(?:li|p|tr|dt|dd|div|h[1-6]|blockquote|table|ul|ol|section|article)\b", re.IGNORECASE
)


def parse_document(text: str) -> Document:
    """Parse a policy's Markdown into sections and blocks, with front matter as metadata."""
    # A 5 MB policy makes ~150k tokens, none of them in reference cycles; the cyclic collector would only
    # rescan them over and over (a third of the parse time), so it is paused for the parse.
    with gc_paused():
        return _parse(text, block_chunks)


def parse_with_tokens(text: str, tokenize: BlockTokenizer) -> Document:
    """parse_document with another block tokenizer (tests compare the fast one with markdown-it-py's own)."""

    def one_chunk(text: str, *, front_matter: bool = True) -> list[list[Token] | PlainRun]:
        return [tokenize(text, front_matter=front_matter)]

    return _parse(text, one_chunk)


class _ChunkReader(Protocol):
    def __call__(self, text: str, *, front_matter: bool = True) -> list[list[Token] | PlainRun]: ...


def _parse(text: str, read_chunks: _ChunkReader) -> Document:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    chunks = read_chunks(text, front_matter=True)
    metadata: tuple[tuple[str, str], ...] = ()
    first = chunks[0] if chunks else None
    if isinstance(first, list) and first and first[0].type == "front_matter":
        parsed = read_front_matter(first[0].content)
        if parsed is None:
            # Not a YAML mapping: a leading thematic break, not front matter. Keep it as prose.
            chunks = read_chunks(text, front_matter=False)
        else:
            metadata = parsed
    line_count = _count_lines(text)
    builder = SectionBuilder(text.split("\n"), line_count)
    for chunk in chunks:
        if isinstance(chunk, PlainRun):
            _walk_plain(chunk, builder)
        else:
            _walk(chunk, builder)
    sections = builder.finish()
    title = dict(metadata).get("title", "") or next((s.heading for s in sections if s.level == 1), "")
    return Document(sections=sections, metadata=metadata, title=title, line_count=line_count)


def display_text(source: str) -> str:
    """A block's display text: soft line breaks become one space, hard breaks "\n", indentation stripped."""
    if "\n" not in source:
        return source.strip()
    lines = source.split("\n")
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


def _count_lines(text: str) -> int:
    if not text:
        return 0
    return text.count("\n") + (0 if text.endswith("\n") else 1)


@dataclass(slots=True)
class _Container:
    kind: str  # "list", "item", "quote"
    depth: int
    parts: list[tuple[str, int, int]] = field(default_factory=list)  # pending item text, start, end lines


def _walk(tokens: Sequence[Token], builder: SectionBuilder) -> None:
    containers: list[_Container] = []
    list_depth = -1
    quote_depth = -1
    index = 0
    count = len(tokens)
    while index < count:
        token = tokens[index]
        kind = token.type
        if kind == "paragraph_open":  # most tokens are paragraphs: test for them first
            inline = tokens[index + 1]
            lines = inline.map or token.map or [0, 1]
            _paragraph(inline.content, lines[0] + 1, lines[1], containers, builder)
            index += 3
            continue
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
        elif kind == "tr_open":
            _flush_item(containers, builder)
            index = _table_row(tokens, index, builder)
            continue
        elif kind in ("fence", "code_block"):
            _flush_item(containers, builder)
            _leaf(BlockKind.CODE, token.content.rstrip("\n"), token, containers, builder)
        elif kind == "html_block":
            _flush_item(containers, builder)
            _html_pieces(token, containers, builder)
        index += 1


def _walk_plain(run: PlainRun, builder: SectionBuilder) -> None:
    """What _walk does for the tokens of a plain run, without the tokens: no container is ever open."""
    no_containers: list[_Container] = []
    for level, source, start, end in run.blocks:
        if level:
            builder.heading(level, display_text(source).replace("\n", " "), start + 1)
        else:
            _paragraph(source, start + 1, end, no_containers, builder)


def _paragraph(
    source: str, start: int, end: int, containers: list[_Container], builder: SectionBuilder
) -> None:
    innermost = containers[-1] if containers else None
    if innermost is not None and innermost.kind == "item":
        innermost.parts.append((source, start, end))  # one block per item, made when the item ends
        return
    text = display_text(source)
    if innermost is not None and innermost.kind == "quote":
        builder.block(_make_block(BlockKind.QUOTE, source, text, start, end, innermost.depth))
        return
    block = _make_block(BlockKind.PARAGRAPH, source, text, start, end, 0)
    previous = builder.last_block() if block.label is None else None
    if (
        previous is not None
        and previous.kind is BlockKind.PARAGRAPH
        and previous.text.startswith(_BOLD_MARKERS)
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


def _flush_item(containers: list[_Container], builder: SectionBuilder) -> None:
    item = containers[-1] if containers else None
    if item is None or item.kind != "item" or not item.parts:
        return
    source = "\n\n".join(part[0] for part in item.parts)
    text = "\n\n".join(display_text(part[0]) for part in item.parts)
    start, end = item.parts[0][1], item.parts[-1][2]
    item.parts.clear()
    builder.block(_make_block(BlockKind.LIST_ITEM, source, text, start, end, item.depth))


def _empty_item(token: Token, builder: SectionBuilder) -> None:
    # CommonMark reads a line such as "94025." (a wrapped postcode in PDF-converted text) as an empty ordered
    # list item; its number is still the policy's text, so keep it as a paragraph.
    if token.markup not in (".", ")"):
        return  # an empty bullet carries no words
    line = token.map[0] + 1 if token.map else 1
    text = builder.source_line(line).lstrip(" >").strip()
    if text:
        builder.block(Block(BlockKind.PARAGRAPH, text, normalise_text(text), LineRange(line, line)))


def _leaf(
    kind: BlockKind, text: str, token: Token, containers: list[_Container], builder: SectionBuilder
) -> None:
    if not text.strip():
        return
    start, end = (token.map[0] + 1, token.map[1]) if token.map else (1, 1)
    while end > start and not builder.source_line(end).strip(" \t"):
        end -= 1  # an unclosed fence runs on over the blank lines at the end of the file
    depth = containers[-1].depth if containers else 0
    builder.block(Block(kind, text, normalise_text(text), LineRange(start, end), depth=depth))


def _html_pieces(token: Token, containers: list[_Container], builder: SectionBuilder) -> None:
    """An HTML block split before each block element (<li>, <p>, <tr>...), so each clause is its own block."""
    content = token.content
    first_line = token.map[0] + 1 if token.map else 1
    depth = containers[-1].depth if containers else 0
    starts = [0, *(match.start() for match in _HTML_ELEMENT_START.finditer(content) if match.start() > 0)]
    for start, end in zip(starts, [*starts[1:], len(content)], strict=True):
        piece = content[start:end]
        norm = normalise_text(piece)
        if not norm:
            continue  # tags only: no words of the policy
        stripped = piece.strip()
        leading_newlines = piece[: len(piece) - len(piece.lstrip())].count("\n")
        line = first_line + content.count("\n", 0, start) + leading_newlines
        text = "\n".join(part.strip() for part in stripped.split("\n"))
        lines = LineRange(line, line + stripped.count("\n"))
        builder.block(Block(BlockKind.HTML, text, norm, lines, depth=depth))


def _table_row(tokens: Sequence[Token], index: int, builder: SectionBuilder) -> int:
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
    # The common case (no bold label, one line or more) costs no function call beyond the two objects.
    label = _opening_label(text) if text.startswith(_BOLD_MARKERS) else None
    if label is not None and kind in (BlockKind.PARAGRAPH, BlockKind.LIST_ITEM):
        kind = BlockKind.CLAUSE
    lines = LineRange(start, end if end > start else start)
    return Block(kind, text, normalise_text(source), lines, label, depth)


def _opening_label(text: str) -> str | None:
    """The bold label a clause opens with, if the bold run is followed by more text."""
    if not text.startswith(_BOLD_MARKERS):
        return None  # most blocks: no need to run the regex
    match = _BOLD_LABEL.match(text)
    if match is None or match.end() == len(text):
        return None
    label = _clean_label(match.group(2))
    return label or None


def _is_bold_only(text: str) -> bool:
    if not text.startswith(_BOLD_MARKERS):
        return False
    match = _BOLD_LABEL.match(text)
    return match is not None and match.end() == len(text)


def _clean_label(label: str) -> str:
    # "***Meta***" style runs leave stray markers; a trailing "." or ":" is punctuation, not the label
    return label.strip(" *_").rstrip(".:;-").rstrip(" *_")
