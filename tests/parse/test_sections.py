"""SectionBuilder and slugify: parents from the heading stack, unique ids, preamble, trimmed line ranges."""

from __future__ import annotations

from policyvc.model import Block, BlockKind, LineRange
from policyvc.parse.sections import PREAMBLE_ID, SectionBuilder, slugify


def _block(line: int, text: str = "text") -> Block:
    return Block(BlockKind.PARAGRAPH, text, text, LineRange(line, line))


def test_slugify() -> None:
    assert slugify("Your Consent") == "your-consent"
    assert slugify("Choice/Opt-out") == "choice-opt-out"
    assert slugify("Ça & là") == "ca-la"
    assert slugify("  --Many   spaces--  ") == "many-spaces"
    assert slugify("!!!") == "section"
    assert slugify("隐私") == "section"


def test_parents_paths_and_unique_ids() -> None:
    lines = ["# A", "", "## B", "", "## B", "", "# A", "", "text", ""]
    builder = SectionBuilder(lines, len(lines))
    builder.heading(1, "A", 1)
    builder.heading(2, "B", 3)
    builder.heading(2, "B", 5)
    builder.heading(1, "A", 7)
    builder.block(_block(9))
    sections = builder.finish()
    assert [(s.id, s.parent, s.path) for s in sections] == [
        ("a", None, ("A",)),
        ("a--b", "a", ("A", "B")),
        ("a--b-2", "a", ("A", "B")),
        ("a-2", None, ("A",)),
    ]
    assert [s.lines.to_list() for s in sections] == [[1, 1], [3, 3], [5, 5], [7, 9]], "blanks trimmed"
    assert sections[3].blocks == (_block(9),)


def test_an_id_that_looks_deduplicated_is_not_reused() -> None:
    builder = SectionBuilder(["# X-2", "# X", "# X"], 3)
    for number, heading in enumerate(["X-2", "X", "X"], start=1):
        builder.heading(1, heading, number)
    assert [s.id for s in builder.finish()] == ["x-2", "x", "x-3"]


def test_blocks_before_any_heading_make_the_preamble() -> None:
    lines = ["Effective 2024.", "", "# Terms", "Body."]
    builder = SectionBuilder(lines, len(lines))
    builder.block(_block(1, "Effective 2024."))
    builder.heading(1, "Preamble", 3)
    builder.block(_block(4, "Body."))
    preamble, terms = builder.finish()
    assert (preamble.id, preamble.level, preamble.heading, preamble.path, preamble.parent) == (
        PREAMBLE_ID,
        0,
        "",
        (),
        None,
    )
    assert preamble.lines.to_list() == [1, 1]
    assert terms.id == "preamble-2", "a heading cannot take the preamble's id"
    assert terms.norm_heading == "Preamble"


def test_norm_heading_drops_numbering_and_markup() -> None:
    builder = SectionBuilder(["## 4.2 **Data** we collect"], 1)
    builder.heading(2, "4.2 **Data** we collect", 1)
    (section,) = builder.finish()
    assert (section.id, section.heading, section.norm_heading) == (
        "data-we-collect",
        "4.2 **Data** we collect",
        "Data we collect",
    )
