"""block_tokens makes exactly the plain markdown-it-py parser's tokens, and so the same Document."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it.token import Token

from policyvc.model import Document
from policyvc.parse import blocks
from policyvc.parse.blocks import block_tokens, reference_parser
from policyvc.parse.markdown import parse_document, parse_with_tokens

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT.parent / "shared" / "corpus"
_REFERENCE = reference_parser(front_matter=True)
_REFERENCE_WITHOUT_FRONT_MATTER = reference_parser(front_matter=False)


def reference_tokens(text: str, *, front_matter: bool = True) -> list[Token]:
    """Every rule on, no plain-paragraph rule: what markdown-it-py itself makes."""
    return (_REFERENCE if front_matter else _REFERENCE_WITHOUT_FRONT_MATTER).parse(text)


def reference_document(text: str) -> Document:
    return parse_with_tokens(text, reference_tokens)


def _policy_files() -> list[Path]:
    local = [*sorted((ROOT / "policies").rglob("*.md")), *sorted((ROOT / "examples").rglob("*.md"))]
    return [*sorted(CORPUS.rglob("*.md")), *local]


def test_policy_files_are_there() -> None:
    assert (ROOT / "policies" / "privacy.md") in _policy_files()


@pytest.mark.parametrize("path", _policy_files(), ids=lambda path: f"{path.parent.name}/{path.name}")
def test_every_policy_file_gives_the_reference_tokens_and_document(path: Path) -> None:
    text = path.read_text(encoding="utf-8").replace("\r\n", "\n").replace("\r", "\n")
    assert block_tokens(text) == reference_tokens(text)
    assert parse_document(text) == reference_document(text)


@pytest.mark.parametrize(
    ("text", "taken"),
    [
        ("Plain first line\nsecond line with | bar\n**bold** third\n2019 was a year\n", 1),
        ("text\n2. an ordered list other than 1 cannot interrupt a paragraph\n", 1),
        ("text\n- a list ends it; the item's own paragraph is plain too\n", 2),
        ("text\n-- a dash line that is no underline\n", 1),
        ("> quoted plain text\n> more\n", 1),
        ("Heading text\n---\n", 0),  # a setext underline: left to markdown-it
        ("Name | Value\n--- | ---\n", 0),  # a table delimiter row: left to markdown-it
        ("***\n\n[ref]: http://example.com\n\n    indented code\n\n# Heading\n", 0),
        ("* star\n", 1),  # not the list, only the item's paragraph
    ],
)
def test_plain_paragraph_rule_takes_plain_paragraphs_and_leaves_the_rest(text: str, taken: int) -> None:
    # The rule must really run (else the equality tests prove nothing about it) and leave what it cannot.
    assert _plain_rule_paragraphs(text) == taken
    assert block_tokens(text) == reference_tokens(text)


def test_rules_a_text_cannot_trigger_are_switched_off() -> None:
    assert "table" in blocks._rules_not_needed("no bars here\n")
    assert "table" not in blocks._rules_not_needed("a | b\n")
    assert "code" not in blocks._rules_not_needed("text\n\n\tcode\n")
    assert "code" in blocks._rules_not_needed("text\n\n   three spaces\n")


def test_front_matter_parser_only_for_a_text_opening_with_a_rule() -> None:
    text = "---\ntitle: A\n---\n\n# A\n\nText\n"
    assert block_tokens(text)[0].type == "front_matter"
    assert block_tokens(text, front_matter=False)[0].type == "hr"
    assert block_tokens(text, front_matter=False) == reference_tokens(text, front_matter=False)


MARKDOWN_LINES = st.sampled_from(
    [
        "# Title", "## Sub ##", "#5 not a heading", "Setext", "===", "---", "***", "* * *", "___", "_x_ y",
        "", "", "", "plain text line", "second plain line", "more *em* and **strong**", "**Label** text",
        "**Label**", "**", "*", "*x", "- item", "-x", "-", "+ plus", "  - nested item", "* star item",
        "1. first", "2) second", "1.5 percent", "2019 was a year", "12345678901. long", "94025.",
        "> quote", "> > deep quote", "> - quoted item", ">lazy", "    indented code", "\tTabbed", "  \tmixed",
        "     five", "```", "```py", "``` a`b", "~~~", "````", "<div>", "</div>", "<!-- note", "-->",
        "<ol><li>html item</li>", "<span>inline</span> text", "| a | b |", "a | b", "|---|---|", "--- | ---",
        ":--|--:", "| 1 | 2 |", "[ref]: http://x", "[link](http://x) é “q”", "[a\u00a0b]:", "   lazy line",
        "\u00a0nbsp line", "\u2003em space", "hard\\", "trailing  ", "=x", ":colon", "|bar", "~tilde",
        "{% note %}", "informa-", "tion", "`code` span", "&amp; entity", "\x00nul",
    ]
)


@settings(max_examples=600, deadline=None)
@given(st.lists(MARKDOWN_LINES, max_size=40), st.booleans())
def test_random_markdown_gives_the_reference_tokens(lines: list[str], front_matter: bool) -> None:
    text = "\n".join(lines) + "\n"
    if front_matter:
        text = "---\ntitle: x\n# a comment\n---\n" + text
    assert block_tokens(text) == reference_tokens(text)
    assert block_tokens(text, front_matter=False) == reference_tokens(text, front_matter=False)
    assert parse_document(text) == reference_document(text)


PARAGRAPH_AND_HEADING_LINES = st.sampled_from(
    [
        "# Title", "## Sub ##", "###### Six", "####### seven is text", "#hashtag", "  # indented heading",
        "   ### three spaces", "# closing #", "# #", "#", "## trailing # \t", "# tab\theading", "# a#",
        "", "", "", "   ", "\t", " \t ", "plain text line", "second plain line", "  leading spaces",
        "\u00a0nbsp line", "\u2003em space", "**Label** text", "_x_ y", "2019 was a year", "end.  ",
        "a\rb", "x\r- item", "tail \\", "\x00nul", "•  bullet glyph", "(a) clause", "“quoted”",
    ]
)


@settings(max_examples=600, deadline=None)
@given(st.lists(PARAGRAPH_AND_HEADING_LINES, max_size=30), st.booleans())
def test_paragraphs_and_headings_cut_without_markdown_it_give_the_reference_tokens(
    lines: list[str], final_newline: bool
) -> None:
    text = "\n".join(lines) + ("\n" if final_newline else "")
    assert block_tokens(text) == reference_tokens(text)
    assert parse_document(text) == reference_document(text)


def test_a_text_of_paragraphs_and_headings_skips_markdown_it() -> None:
    text = "# Title\n\nFirst paragraph\nwraps here.\n\n## Part #\nText under it.\n"
    assert blocks._NOT_PARAGRAPH_OR_HEADING.search(text) is None
    assert block_tokens(text) == reference_tokens(text)
    assert [token.map for token in block_tokens(text) if token.type == "inline"] == [
        [0, 1], [2, 4], [5, 6], [6, 7]
    ]
    assert blocks._NOT_PARAGRAPH_OR_HEADING.search(text + "- a list\n") is not None
    assert [type(chunk) for chunk in blocks.block_chunks(text)] == [blocks.PlainRun]
    mixed = blocks.block_chunks(text + "\n# List\n\n- a list\n\n# After\n\nplain\n")
    assert [type(chunk) for chunk in mixed] == [blocks.PlainRun, list, blocks.PlainRun]


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["# Part", "## Part two", "###### Six", "#"]),
            st.lists(PARAGRAPH_AND_HEADING_LINES, max_size=8) | st.lists(MARKDOWN_LINES, max_size=8),
        ),
        max_size=8,
    ),
    st.lists(MARKDOWN_LINES, max_size=4),
)
def test_parts_between_unindented_headings_give_the_reference_tokens(
    parts: list[tuple[str, list[str]]], opening: list[str]
) -> None:
    # Plain parts are cut without markdown-it, the others tokenized alone: together they must be the whole.
    lines = [*opening, *(line for heading, body in parts for line in (heading, *body))]
    text = "\n".join(lines) + "\n"
    assert block_tokens(text) == reference_tokens(text)
    assert parse_document(text) == reference_document(text)


@pytest.mark.parametrize(
    ("text", "whole"),
    [
        ("```\nopen fence\n# Part\nstill code\n```\n# Next\n\nplain\n", True),
        ("<div>\n# inside the HTML block\n\n# Part\n\nplain\n", True),
        ("<!-- a comment\n\n# inside it\n-->\n# Part\n\nplain\n", True),
        ("- item\n  ```\n# Part\n\nplain\n", True),  # safe (the list ends), yet read whole
        ("> quote\n# Part\n\nplain\n", False),  # the heading ends the quote
        ("Setext\n# Part\n===\n", False),
    ],
)
def test_a_block_running_past_a_heading_is_read_whole(text: str, whole: bool) -> None:
    assert (blocks._chunks_by_part(text) is None) == whole
    assert block_tokens(text) == reference_tokens(text)
    assert parse_document(text) == reference_document(text)


@settings(max_examples=200, deadline=None)
@given(st.lists(MARKDOWN_LINES, max_size=12).map(lambda lines: "\n".join(lines)))
def test_random_markdown_nested_in_containers_gives_the_reference_tokens(body: str) -> None:
    # The plain rule also runs inside list items and quotes, where blkIndent and sCount are not zero.
    lines = body.split("\n")
    for text in (
        "- " + "\n  ".join(lines) + "\n",
        "1. " + "\n   ".join(lines) + "\n",
        "> " + "\n> ".join(lines) + "\n",
        "- " + "\n".join(lines) + "\n",  # lazy continuation lines
        "> - " + "\n>   ".join(lines) + "\n",
    ):
        assert block_tokens(text) == reference_tokens(text), text


def _plain_rule_paragraphs(text: str) -> int:
    """How many paragraphs the plain rule made (it leaves no trace in the tokens, so count its successes)."""
    made = 0
    rule = blocks._plain_paragraph

    def counting(state: blocks.StateBlock, start: int, end: int, silent: bool) -> bool:
        nonlocal made
        taken = rule(state, start, end, silent)
        made += taken
        return taken

    parser = blocks.reference_parser(front_matter=False)
    parser.block.ruler.before("table", "plain_paragraph", counting)
    assert parser.parse(text) == reference_tokens(text, front_matter=False)
    return made
