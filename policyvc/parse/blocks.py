"""Markdown block tokens, as markdown-it-py's commonmark+table parser makes them, made faster in four ways.

1. Rules a text cannot trigger are switched off (no "|", no table...), on a parser built once per rule set.
2. A "plain paragraph" rule runs first: a paragraph whose lines open with an ordinary character is read in one
   pass, instead of every block rule being tried at its start and every terminator at each of its lines.
3. A text made only of such paragraphs and ATX headings (most PDF-converted policies) skips markdown-it: its
   blocks are cut out with two regular expressions, and parse_document takes them without making tokens.
4. Other texts are cut before their unindented ATX headings, so that their plain parts can be read as in 3.
All keep the tokens identical to the plain parser's; tests/parse/test_blocks.py compares them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Protocol

from markdown_it import MarkdownIt
from markdown_it.common.utils import mdTrim
from markdown_it.rules_block import StateBlock
from markdown_it.token import Token
from mdit_py_plugins.front_matter import front_matter_plugin

# A line opening with one of these may start (or end a paragraph with) another block: heading, quote, list,
# setext underline, table delimiter, HTML, reference, fence; "*"/"_" only as a bullet or a thematic break;
# digits only as an ordered-list marker. Anything else can only be paragraph text.
_NOT_PLAIN = re.compile(r"[#>+\-=:|<\[`~]|\*(?:[ \t]|$)|[*_][*_ \t]*$|\d+[.)]")
# A line that might be a table delimiter row or a setext underline changes the meaning of the lines before it:
# the plain rule leaves such paragraphs to markdown-it.
_UNDERLINE_OR_DELIMITER = re.compile(r"[|:\-=][|:\-= \t]*$")
# A line that is neither a plain paragraph line nor an ATX heading: text after four columns of indent or a
# tab, a marker from _NOT_PLAIN (which covers underlines and delimiter rows), or a "#" that opens no heading.
_NOT_PARAGRAPH_OR_HEADING = re.compile(
    r"^(?: {0,3}\t| {4})[ \t]*[^ \t\n]"
    r"|^ {0,3}(?:[>+\-=:|<\[`~]|\*(?:[ \t]|$)|[*_][*_ \t]*$|\d+[.)]|#(?!#{0,5}(?:[ \t]|$)))",
    re.MULTILINE,
)
# In such a text: a heading line, or a run of non-blank lines (blank: spaces and tabs only, as in markdown-it)
_HEADING_OR_PARAGRAPH = re.compile(
    r"^ {0,3}(#+)([^\n]*)|(?:^(?! {0,3}#)[ \t]*[^ \t\n][^\n]*\n?)+", re.MULTILINE
)


class BlockTokenizer(Protocol):
    """Text to markdown-it block tokens; front matter is read only when asked."""

    def __call__(self, text: str, *, front_matter: bool = True) -> list[Token]: ...


# An unindented ATX heading line, where a text can be cut into independently tokenized parts.
_PART_HEADING = re.compile(r"^#{1,6}(?:[ \t]|$)", re.MULTILINE)
# Blocks that an ATX heading does not end: they run on to a closing line (or a blank one for HTML).
_OPEN_ENDED = frozenset({"fence", "html_block"})

# A block of a plain run: heading level (0 for a paragraph), inline source, first line and end line (0-based,
# end excluded), as the token maps have them.
PlainBlock = tuple[int, str, int, int]

_parsers: dict[tuple[frozenset[str], bool], MarkdownIt] = {}


@dataclass(frozen=True, slots=True)
class PlainRun:
    """Paragraphs and ATX headings read without markdown-it, for parse_document to use without tokens."""

    blocks: list[PlainBlock]


def block_chunks(text: str, *, front_matter: bool = True) -> list[list[Token] | PlainRun]:
    """The text's block tokens in order, but runs of plain paragraphs and headings come as PlainRuns."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")  # as markdown-it's normalize rule does
    if _NOT_PARAGRAPH_OR_HEADING.search(text) is None:
        return [PlainRun(_paragraphs_and_headings(text, 0))]
    if not text.startswith("-"):
        by_part = _chunks_by_part(text)
        if by_part is not None:
            return by_part
    # The front matter rule returns False at once unless the text's first character is "-".
    return [_parser(_rules_not_needed(text), front_matter and text.startswith("-")).parse(text)]


def block_tokens(text: str, *, front_matter: bool = True) -> list[Token]:
    """markdown-it-py's block tokens (commonmark, tables, front matter if asked; no inline parsing)."""
    tokens: list[Token] = []
    for chunk in block_chunks(text, front_matter=front_matter):
        tokens += _plain_tokens(chunk) if isinstance(chunk, PlainRun) else chunk
    return tokens


def reference_parser(front_matter: bool) -> MarkdownIt:
    """The plain parser the fast one must agree with: every rule on, no plain-paragraph rule."""
    md = MarkdownIt("commonmark").enable("table")
    if front_matter:
        md.use(front_matter_plugin)
    md.disable("inline")  # inline tokens keep their source in .content; children are not needed
    return md


def _rules_not_needed(text: str) -> frozenset[str]:
    # Each rule below returns False unless its marker appears in the text (a table needs "|", a reference
    # definition "]:", indented code four columns of leading space...), so switching it off changes nothing.
    # text_join only joins inline children, which are never made.
    unused = ["text_join"]
    if "|" not in text:
        unused.append("table")
    if "```" not in text and "~~~" not in text:
        unused.append("fence")
    if ">" not in text:
        unused.append("blockquote")
    if "]:" not in text:
        unused.append("reference")
    if "<" not in text:
        unused.append("html_block")
    if "#" not in text:
        unused.append("heading")
    if "\t" not in text and "    " not in text:
        unused.append("code")
    return frozenset(unused)


def _parser(unused: frozenset[str], front_matter: bool) -> MarkdownIt:
    key = (unused, front_matter)
    parser = _parsers.get(key)
    if parser is None:
        parser = reference_parser(front_matter)
        parser.block.ruler.before(
            "front_matter" if front_matter else "table", "plain_paragraph", _plain_paragraph
        )
        parser.disable(sorted(unused))
        _parsers[key] = parser
    return parser


def _plain_paragraph(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """markdown-it's paragraph rule, for paragraphs no other rule could claim; False leaves it to them."""
    src, begins, shifts, ends, indents = state.src, state.bMarks, state.tShift, state.eMarks, state.sCount
    block_indent = state.blkIndent
    if silent or not 0 <= indents[start] - block_indent <= 3:
        return False
    position = begins[start] + shifts[start]
    if position >= ends[start] or _NOT_PLAIN.match(src, position, ends[start]):
        return False
    # From here on, as the paragraph rule does it: lines up to a blank one or a terminating block.
    line = start + 1
    last = state.lineMax
    terminators = None
    old_parent = state.parentType
    try:
        while line < last:
            position = begins[line] + shifts[line]
            line_end = ends[line]
            if position >= line_end:
                break
            if _UNDERLINE_OR_DELIMITER.match(src, position, line_end):
                return False
            if indents[line] - block_indent > 3 or indents[line] < 0:
                line += 1
                continue
            if _NOT_PLAIN.match(src, position, line_end) is None:
                line += 1
                continue
            if terminators is None:
                terminators = state.md.block.ruler.getRules("paragraph")
                state.parentType = "paragraph"
            if any(rule(state, line, last, True) for rule in terminators):
                break
            line += 1
    finally:
        state.parentType = old_parent
    content = mdTrim(state.getLines(start, line, block_indent, False))
    state.line = line
    # The three tokens state.push() would make (the level goes up and back down), made directly with
    # positional fields (see _plain_tokens): these are most tokens, and this halves their cost.
    level = state.level
    append = state.tokens.append
    append(Token("paragraph_open", "p", 1, {}, [start, line], level, None, "", "", "", {}, True, False))
    append(Token("inline", "", 0, {}, [start, line], level + 1, [], content, "", "", {}, True, False))
    append(Token("paragraph_close", "p", -1, {}, None, level, None, "", "", "", {}, True, False))
    return True


def _chunks_by_part(text: str) -> list[list[Token] | PlainRun] | None:
    """A text cut before its unindented ATX headings, each part read the cheapest way it can be.

    Such a heading ends every open block but a fenced code block, an HTML block or front matter, so the parts
    tokenize alone to the same tokens, unless one of those runs to the end of its part: then None.
    """
    starts = [match.start() for match in _PART_HEADING.finditer(text, 1)]
    if not starts:
        return None
    parts = [text[a:b] for a, b in zip([0, *starts], [*starts, len(text)], strict=True)]
    plain = [_NOT_PARAGRAPH_OR_HEADING.search(part) is None for part in parts]
    if not any(plain):
        return None
    chunks: list[list[Token] | PlainRun] = []
    line = 0
    index = 0
    while index < len(parts):
        # Neighbouring parts of the same kind are read together: fewer, longer calls.
        following = index + 1
        while following < len(parts) and plain[following] == plain[index]:
            following += 1
        chunk = "".join(parts[index:following])
        if plain[index]:
            chunks.append(PlainRun(_paragraphs_and_headings(chunk, line)))
        else:
            tokens = _parser(_rules_not_needed(chunk), False).parse(chunk)
            chunk_lines = chunk.count("\n")  # every chunk but the last ends with a line break
            if following < len(parts) and any(
                token.type in _OPEN_ENDED and token.map is not None and token.map[1] >= chunk_lines
                for token in tokens
            ):
                return None  # a fence or an HTML block may go on into the next part
            for token in tokens:
                if token.map is not None:
                    token.map = [token.map[0] + line, token.map[1] + line]
            chunks.append(tokens)
        line += chunk.count("\n")
        index = following
    return chunks


def _paragraphs_and_headings(text: str, line: int) -> list[PlainBlock]:
    """What markdown-it reads in a text of plain paragraphs and ATX headings, without running it."""
    text = text.replace("\0", "\ufffd")  # as markdown-it's normalize rule does
    blocks: list[PlainBlock] = []
    append = blocks.append
    offset = 0
    for match in _HEADING_OR_PARAGRAPH.finditer(text):
        start = match.start()
        line += text.count("\n", offset, start)
        hashes = match.group(1)
        if hashes is not None:
            # As the heading rule does it: a closing run of "#" goes when a space or tab comes before it.
            rest = match.group(2).rstrip(" \t")
            unclosed = rest.rstrip("#")
            if unclosed and unclosed[-1] in " \t":
                rest = unclosed
            append((len(hashes), mdTrim(rest), line, line + 1))
            offset = start
            continue
        source = match.group()
        count = source.count("\n")
        append((0, mdTrim(source), line, line + count + (0 if source.endswith("\n") else 1)))
        line += count
        offset = match.end()
    return blocks


def _plain_tokens(run: PlainRun) -> list[Token]:
    """The tokens markdown-it makes for a run of plain paragraphs and headings."""
    tokens: list[Token] = []
    append = tokens.append
    # Positional fields: type, tag, nesting, attrs, map, level, children, content, markup, info, meta, block,
    # hidden.
    for level, content, start, end in run.blocks:
        kind, tag, markup = ("heading", f"h{level}", "#" * level) if level else ("paragraph", "p", "")
        append(Token(f"{kind}_open", tag, 1, {}, [start, end], 0, None, "", markup, "", {}, True, False))
        append(Token("inline", "", 0, {}, [start, end], 1, [], content, "", "", {}, True, False))
        append(Token(f"{kind}_close", tag, -1, {}, None, 0, None, "", markup, "", {}, True, False))
    return tokens
