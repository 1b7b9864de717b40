"""parse_document: sections, ids, blocks, clauses, front matter; the Vocalcom policy, small inputs, corpus."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policyvc.model import BlockKind, Document
from policyvc.parse.markdown import display_text, parse_document
from policyvc.parse.normalise import normalise_text

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT.parent / "shared" / "corpus"


@pytest.fixture(scope="module")
def vocalcom() -> Document:
    return parse_document((ROOT / "policies" / "privacy.md").read_text(encoding="utf-8"))


def test_vocalcom_sections_ids_and_tree(vocalcom: Document) -> None:
    ids = [section.id for section in vocalcom.sections]
    assert ids == [
        "privacy-statement",
        "privacy-statement--your-consent",
        "privacy-statement--collected-information",
        "privacy-statement--personal-information",
        "privacy-statement--use-of-personal-information",
        "privacy-statement--choice-opt-out",
        "privacy-statement--information-from-cookies",
        "privacy-statement--sharing-information-with-third-parties",
        "privacy-statement--secure-information-transmissions",
        "privacy-statement--web-sites-linked-to-our-web-site",
        "privacy-statement--transfer-of-personal-information",
        "privacy-statement--notification-of-changes",
    ]
    root, *children = vocalcom.sections
    assert (root.level, root.parent, root.path) == (1, None, ("Privacy Statement",))
    assert all(child.level == 3 and child.parent == "privacy-statement" for child in children)
    assert children[0].path == ("Privacy Statement", "Your Consent")
    assert vocalcom.title == "Privacy Statement"


def test_vocalcom_line_ranges(vocalcom: Document) -> None:
    lines = (ROOT / "policies" / "privacy.md").read_text(encoding="utf-8").split("\n")
    for section in vocalcom.sections:
        assert lines[section.lines.start - 1].lstrip("#").strip() == section.heading
        assert lines[section.lines.end - 1].strip(), "a section ends on its last non-blank line"
    starts = [section.lines.start for section in vocalcom.sections]
    ends = [section.lines.end for section in vocalcom.sections]
    assert all(end < start for end, start in zip(ends, starts[1:], strict=False))


def test_vocalcom_labelled_clauses(vocalcom: Document) -> None:
    personal = vocalcom.section("privacy-statement--personal-information")
    assert personal is not None
    assert [(block.kind, block.label) for block in personal.blocks] == [
        (BlockKind.CLAUSE, "Registration Information"),
        (BlockKind.CLAUSE, "Email Information"),
    ]
    registration = personal.blocks[0]
    assert registration.text.startswith("**Registration Information**\nYou will provide us information")
    assert registration.norm.startswith("Registration Information You will provide us information")
    assert registration.lines.start + 1 == registration.lines.end


def test_vocalcom_list_items_and_mojibake(vocalcom: Document) -> None:
    choice = vocalcom.section("privacy-statement--choice-opt-out")
    assert choice is not None
    assert [block.kind for block in choice.blocks] == [BlockKind.LIST_ITEM] * 3
    assert not choice.blocks[0].text.startswith("*"), "the list marker is stripped"
    transfer = vocalcom.section("privacy-statement--transfer-of-personal-information")
    assert transfer is not None
    assert "Vocalcom Groupâ€™s" in transfer.blocks[0].text, "display keeps the original"
    assert "Vocalcom Group's subsidiaries" in transfer.blocks[0].norm, "comparison repairs the mojibake"


def test_front_matter_is_metadata_not_prose(vocalcom: Document) -> None:
    assert vocalcom.meta("organisation") == "Vocalcom Group"
    assert vocalcom.meta("archived") == "2013-05-23"
    all_text = " ".join(block.text for section in vocalcom.sections for block in section.blocks)
    assert "Wayback Machine" not in all_text


def test_front_matter_values_become_strings() -> None:
    document = parse_document(
        "---\ntitle: Terms\nredirect_from:\n  - /terms\n  - /tos\nversions:\n  fpt: '*'\ndraft: false\n"
        "effective: 2024-01-31\n---\n\nBody text.\n"
    )
    assert document.metadata == (
        ("title", "Terms"),
        ("redirect_from", "/terms, /tos"),
        ("versions", "fpt: *"),
        ("draft", "false"),
        ("effective", "2024-01-31"),
    )
    assert document.title == "Terms"
    assert [block.text for block in document.sections[0].blocks] == ["Body text."]
    assert document.sections[0].lines.start == 12


def test_leading_rule_that_is_not_yaml_stays_prose() -> None:
    document = parse_document("---\nThis is a policy line, not: metadata: at all\n---\n\nMore.\n")
    assert document.metadata == ()
    texts = [block.text for section in document.sections for block in section.blocks]
    assert texts[-1] == "More."
    assert any("This is a policy line" in text for text in texts) or any(
        "This is a policy line" in section.heading for section in document.sections
    )


def test_broken_yaml_front_matter_is_still_metadata() -> None:
    document = parse_document("---\ntitle: Terms: of use\neffective: 2021-02-30\n---\n\n# Terms\n\nText.\n")
    assert document.metadata == (("title", "Terms: of use"), ("effective", "2021-02-30"))
    assert [s.id for s in document.sections] == ["terms"]
    assert document.sections[0].blocks[0].text == "Text."


def test_setext_headings_and_nesting_by_level() -> None:
    document = parse_document("Terms\n=====\n\nIntro.\n\nData\n----\n\nWe collect.\n\n#### Deep\n\nDeeper.\n")
    assert [(s.id, s.level, s.parent) for s in document.sections] == [
        ("terms", 1, None),
        ("terms--data", 2, "terms"),
        ("terms--data--deep", 4, "terms--data"),
    ]
    assert document.sections[1].lines.start == 6
    assert document.sections[1].path == ("Terms", "Data")


def test_level_three_directly_under_level_one_is_its_child() -> None:
    document = parse_document("# A\n\n### B\n\n## C\n\n# D\n\n### E\n")
    assert [(s.id, s.parent) for s in document.sections] == [
        ("a", None),
        ("a--b", "a"),
        ("a--c", "a"),
        ("d", None),
        ("d--e", "d"),
    ]


def test_duplicate_headings_get_numbered_ids() -> None:
    document = parse_document("# Scope\n\n## Scope\n\n# Scope\n\n# Scope\n\n## Scope\n")
    assert [s.id for s in document.sections] == [
        "scope",
        "scope--scope",
        "scope-2",
        "scope-3",
        "scope-3--scope",
    ]


def test_numbering_is_not_part_of_ids_or_norm_heading() -> None:
    old = parse_document("# 1. Scope\n\n## 1.2 Data We Collect\n\n# IV. Your Rights\n\n# A) Contact\n")
    new = parse_document("# 2. Scope\n\n## 2.7. Data We Collect\n\n# V. Your Rights\n\n# B) Contact\n")
    assert [s.id for s in old.sections] == [s.id for s in new.sections]
    assert [s.id for s in old.sections] == ["scope", "scope--data-we-collect", "your-rights", "contact"]
    assert old.sections[1].norm_heading == "Data We Collect"
    assert old.sections[1].heading == "1.2 Data We Collect"


def test_ids_are_ascii_anchors() -> None:
    document = parse_document(
        "# Données personnelles — “vos” droits\n\n# 隐私\n\n# **Bold** `code` [link](/x)\n"
    )
    ids = [s.id for s in document.sections]
    assert ids == ["donnees-personnelles-vos-droits", "section", "bold-code-link"]
    assert all(re.fullmatch(r"[a-z0-9]+(?:-+[a-z0-9]+)*", section_id) for section_id in ids)


def test_preamble_only_when_it_has_blocks() -> None:
    with_preamble = parse_document("Effective date: 1 May 2024\n\n# Terms\n\nText.\n")
    preamble = with_preamble.sections[0]
    assert (preamble.id, preamble.level, preamble.heading, preamble.path) == ("preamble", 0, "", ())
    assert with_preamble.sections[0].lines.to_list() == [1, 1]
    without = parse_document("\n\n# Terms\n\nText.\n")
    assert [s.id for s in without.sections] == ["terms"]
    heading_named_preamble = parse_document("Intro.\n\n# Preamble\n")
    assert [s.id for s in heading_named_preamble.sections] == ["preamble", "preamble-2"]


def test_plain_text_is_one_section() -> None:
    document = parse_document("We collect data.\nWe share it with partners.\n\nYou may opt out.\n")
    assert len(document.sections) == 1
    assert [block.text for block in document.sections[0].blocks] == [
        "We collect data. We share it with partners.",
        "You may opt out.",
    ]
    assert document.line_count == 4


def test_empty_file_is_an_empty_policy() -> None:
    for text in ("", "\n", "   \n\n"):
        document = parse_document(text)
        assert document.sections == ()
        assert document.title == ""


def test_nested_lists_are_separate_blocks_with_depth() -> None:
    document = parse_document(
        "# Sharing\n\n- Partners:\n  - advertisers\n  - analytics\n    1. Google\n- Authorities\n"
    )
    blocks = document.sections[0].blocks
    assert [(b.kind, b.text, b.depth, b.lines.to_list()) for b in blocks] == [
        (BlockKind.LIST_ITEM, "Partners:", 0, [3, 3]),
        (BlockKind.LIST_ITEM, "advertisers", 1, [4, 4]),
        (BlockKind.LIST_ITEM, "analytics", 1, [5, 5]),
        (BlockKind.LIST_ITEM, "Google", 2, [6, 6]),
        (BlockKind.LIST_ITEM, "Authorities", 0, [7, 7]),
    ]


def test_loose_list_item_with_two_paragraphs_is_one_block() -> None:
    blocks = parse_document("1. First part.\n\n   Second part.\n\n2. Next.\n").sections[0].blocks
    assert [(b.text, b.lines.to_list()) for b in blocks] == [
        ("First part.\n\nSecond part.", [1, 3]),
        ("Next.", [5, 5]),
    ]


def test_table_rows_are_blocks() -> None:
    document = parse_document(
        "# Processors\n\n| Name | Purpose |\n|---|---|\n| Acme | *Hosting* |\n| Beta | Email |\n"
    )
    blocks = document.sections[0].blocks
    assert [(b.kind, b.text, b.lines.to_list()) for b in blocks] == [
        (BlockKind.TABLE_ROW, "Name | Purpose", [3, 3]),
        (BlockKind.TABLE_ROW, "Acme | *Hosting*", [5, 5]),
        (BlockKind.TABLE_ROW, "Beta | Email", [6, 6]),
    ]
    assert blocks[1].norm == "Acme | Hosting"


def test_quotes_code_and_html() -> None:
    document = parse_document(
        "> Quoted\n> text.\n>\n> > inner\n\n```\ncode here\n```\n\n"
        "    indented code\n\n<div>\nraw html\n</div>\n"
    )
    blocks = document.sections[0].blocks
    assert [(b.kind, b.text, b.depth) for b in blocks] == [
        (BlockKind.QUOTE, "Quoted text.", 0),
        (BlockKind.QUOTE, "inner", 1),
        (BlockKind.CODE, "code here", 0),
        (BlockKind.CODE, "indented code", 0),
        (BlockKind.HTML, "<div>\nraw html\n</div>", 0),
    ]
    assert blocks[4].norm == "raw html"


def test_html_lists_become_one_block_per_element() -> None:
    document = parse_document(
        "# Clauses\n\n<ol class=\"x\">\n  <li>First clause\n  continues.</li>\n  <li>Second.</li>\n</ol>\n\n"
        "<!-- editor note -->\n\nAfter.\n"
    )
    blocks = document.sections[0].blocks
    assert [(b.kind, b.text, b.norm, b.lines.to_list()) for b in blocks] == [
        (BlockKind.HTML, "<li>First clause\ncontinues.</li>", "First clause continues.", [4, 5]),
        (BlockKind.HTML, "<li>Second.</li>\n</ol>", "Second.", [6, 7]),
        (BlockKind.PARAGRAPH, "After.", "After.", [11, 11]),
    ]


def test_display_text_joins_soft_breaks_and_keeps_hard_breaks() -> None:
    assert display_text("one\n  two\nthree") == "one two three"
    assert display_text("label  \nbody") == "label\nbody"
    assert display_text("label\\\nbody") == "label\nbody"
    block = parse_document("We may\nshare   \nyour data.\n").sections[0].blocks[0]
    assert block.text == "We may share\nyour data."
    assert block.norm == "We may share your data."


def test_hyphenated_line_end_is_joined_in_norm_only() -> None:
    block = parse_document("We process informa-\ntion you give us.\n").sections[0].blocks[0]
    assert block.text == "We process informa- tion you give us."
    assert block.norm == "We process information you give us."


def test_bold_label_opening_a_paragraph_makes_a_clause() -> None:
    text = "**Cookies.** We use cookies.\n\n**Not a label** here and **there**.\n"
    blocks = parse_document(text).sections[0].blocks
    assert [(b.kind, b.label) for b in blocks] == [
        (BlockKind.CLAUSE, "Cookies"),
        (BlockKind.CLAUSE, "Not a label"),
    ]


def test_label_loses_stray_markers_and_closing_punctuation() -> None:
    blocks = parse_document("***Meta*** and our vision.\n\n- __Cookies:__ small files.\n").sections[0].blocks
    assert [(b.kind, b.label) for b in blocks] == [(BlockKind.CLAUSE, "Meta"), (BlockKind.CLAUSE, "Cookies")]


def test_bold_only_paragraph_labels_the_next_paragraph() -> None:
    text = "# Data\n\n**Device data**\n\nWe collect your IP address.\n\nAnother.\n"
    blocks = parse_document(text).sections[0].blocks
    assert [(b.kind, b.label, b.text, b.lines.to_list()) for b in blocks] == [
        (BlockKind.CLAUSE, "Device data", "**Device data**\nWe collect your IP address.", [3, 5]),
        (BlockKind.PARAGRAPH, None, "Another.", [7, 7]),
    ]


def test_bold_only_paragraph_before_another_label_stays_a_paragraph() -> None:
    blocks = parse_document("**Things you do.**\n\n**Content.** We collect content.\n").sections[0].blocks
    assert [(b.kind, b.label) for b in blocks] == [(BlockKind.PARAGRAPH, None), (BlockKind.CLAUSE, "Content")]


def test_postcode_line_read_as_empty_list_item_is_kept() -> None:
    blocks = parse_document("Menlo Park, CA\n\n94025.\n\nNext.\n").sections[0].blocks
    assert [b.text for b in blocks] == ["Menlo Park, CA", "94025.", "Next."]


def test_crlf_input_parses_like_lf() -> None:
    assert parse_document("# A\r\n\r\nText\r\nmore\r\n") == parse_document("# A\n\nText\nmore\n")


# Lines that carry no words of the policy: thematic breaks, table delimiter rows, setext underlines,
# link reference definitions, empty list markers.
_NON_PROSE = re.compile(r"^\s*(?:[-*_=\s]{3,}|[|:\-\s]+|\[[^\]]+\]:\s*\S+.*|[-*+]|\d{1,9}[.)])\s*$")


def _corpus_files() -> list[Path]:
    return sorted(CORPUS.glob("*/*/*.md"))


@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not present")
def test_every_corpus_version_parses_with_sane_invariants() -> None:
    files = _corpus_files()
    assert files, "the corpus folder holds no versions"
    for path in files:
        text = path.read_text(encoding="utf-8")
        document = parse_document(text)
        source_lines = text.split("\n")
        ids = [section.id for section in document.sections]
        assert len(ids) == len(set(ids)), f"{path}: duplicate section ids"
        assert all(re.fullmatch(r"[a-z0-9]+(?:-+[a-z0-9]+)*", section_id) for section_id in ids), path
        known = set(ids)
        covered: set[int] = set()
        for section in document.sections:
            assert section.parent is None or section.parent in known, f"{path}: {section.id} parent unknown"
            assert 1 <= section.lines.start <= section.lines.end <= document.line_count, (path, section.id)
            if section.level:
                covered.add(section.lines.start)
                covered.add(section.lines.start + 1)  # a setext underline
            for block in section.blocks:
                assert section.lines.start <= block.lines.start <= block.lines.end <= section.lines.end, (
                    f"{path}: block {block.lines} outside section {section.id} {section.lines}"
                )
                covered.update(range(block.lines.start, block.lines.end + 1))
                assert normalise_text(block.norm) == block.norm, f"{path}: norm of {block.lines} not stable"
        front_matter_end = _front_matter_end(source_lines) if document.metadata else 0
        uncovered = [
            (number, line)
            for number, line in enumerate(source_lines, start=1)
            if number > front_matter_end
            and number not in covered
            and not _NON_PROSE.match(line)
            and normalise_text(line)  # a line of HTML tags only carries no words
        ]
        assert not uncovered, f"{path}: prose lines in no block: {uncovered[:3]}"


def _front_matter_end(lines: list[str]) -> int:
    return lines.index("---", 1) + 1 if lines and lines[0] == "---" else 0


MARKDOWN_LINES = st.sampled_from(
    [
        "# Title", "## Sub ##", "Setext", "===", "---", "***", "", "", "", "plain text line",
        "more *em* and **strong**", "- item", "  - nested item", "* star item", "1. first", "2) second",
        "> quote", "> > deep quote", "> - quoted item", "    indented code", "```", "~~~", "<div>", "</div>",
        "<ol><li>html item</li>", "| a | b |", "|---|---|", "| 1 | 2 |", "**Label**  ", "**Label** text",
        "***x******y***", "hard\\", "[ref]: http://x", "[link](http://x) é “q”", "   lazy continuation",
        "\tTabbed", "94025.", "-", "1.", "#", "#hashtag", "{% note %}", "informa-", "tion",
    ]
)


@settings(max_examples=300)
@given(st.lists(MARKDOWN_LINES, max_size=30))
def test_random_markdown_keeps_the_invariants(lines: list[str]) -> None:
    text = "\n".join(lines) + "\n"
    document = parse_document(text)
    ids = [section.id for section in document.sections]
    assert len(ids) == len(set(ids))
    assert document.line_count == max(len(lines), 1)
    for section in document.sections:
        assert 1 <= section.lines.start <= section.lines.end <= max(document.line_count, 1)
        assert section.blocks or section.level > 0, "a preamble exists only with blocks"
        for block in section.blocks:
            assert section.lines.start <= block.lines.start <= block.lines.end <= section.lines.end
            assert block.norm == normalise_text(block.norm), "norm is already normal"
