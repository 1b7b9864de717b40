"""Table rows read cell by cell under their column titles; Yes/No cells read under their column header: a flip
toward the practice is its rule's class."""

from __future__ import annotations

from policyvc.classify.rules import load_rule_pack
from policyvc.classify.tables import Cell, cell_findings, row_cells
from policyvc.compare import compare_texts
from policyvc.config import Config
from policyvc.model import Classification

PACK = load_rule_pack(Config())
HEADER = "Category | Examples | Sold | Shared for cross-context behavioural advertising"
LINES = (7, 7)


def findings(old: str, new: str, header: str = HEADER) -> list[tuple[str, Classification, str]]:
    found = cell_findings((header, old, new), PACK, "Categories of personal information", "Categories", LINES)
    return [(f.rule, f.classification, f.evidence[1].text) for f in found]


def test_sold_no_to_yes_is_a_sale_introduced_with_the_cells_as_evidence() -> None:
    found = cell_findings(
        (HEADER, "Identifiers | Name | No | No", "Identifiers | Name | Yes | No"), PACK, "Data", "Data", LINES
    )
    assert [(f.rule, f.classification) for f in found] == [("sharing.sale", Classification.MATERIAL)]
    old, new = found[0].evidence
    assert ("Identifiers | Name | No | No"[old.start : old.end], old.side) == ("No", "old")
    assert ("Identifiers | Name | Yes | No"[new.start : new.end], new.side) == ("Yes", "new")
    assert "'Sold' from 'No' to 'Yes' for 'Identifiers'" in found[0].reason


def test_yes_to_no_is_the_mirror() -> None:
    assert findings("Identifiers | Name | Yes | No", "Identifiers | Name | No | No") == [
        ("sharing.sale", Classification.SUBSTANTIVE, "No")
    ]


def test_cells_that_are_not_yes_or_no_or_do_not_flip_say_nothing() -> None:
    assert findings("Identifiers | Name | No | No", "Identifiers | Name, email | No | No") == []
    assert findings("Identifiers | Name | No | No", "Identifiers | Name | Maybe | No") == []


def test_a_column_no_rule_reads_says_nothing() -> None:
    assert findings("Identifiers | No", "Identifiers | Yes", header="Category | Collected from you") == []


def test_rows_of_another_shape_are_left_to_the_rules() -> None:
    assert findings("Identifiers | No", "Identifiers | Yes | Yes") == []


# ---- rows read cell by cell

HEADER4 = "Category of personal data | Sources | Purposes of processing | Recipients"


def cells(old: str | None, new: str | None, header: str = HEADER4) -> list[Cell] | None:
    return row_cells((header, old), (header, new), "Policy / Handling", "Policy / Handling")


def test_a_changed_cell_is_read_under_its_column_with_offsets_into_the_row() -> None:
    old = "Demographic information | Users | Marketing | Service providers"
    new = "Demographic information | Users, data brokers | Marketing | Service providers"
    (cell,) = cells(old, new) or []
    assert cell.old_heading == cell.new_heading == "Policy / Handling / Sources"
    assert cell.pair.old is not None and cell.pair.new is not None
    assert old[cell.pair.old.start : cell.pair.old.end] == "Users"
    assert new[cell.pair.new.start : cell.pair.new.end] == "Users, data brokers"
    assert cell.lead_in == "Category of personal data | Sources"  # its own title and the first column's
    assert cell.where == "row 'Demographic information', column 'Sources'"


def test_an_added_row_reads_every_cell_and_the_first_column_under_the_whole_header() -> None:
    found = cells(None, "Geolocation | Users | Marketing | Advertisers") or []
    assert [c.new_heading.rsplit(" / ", 1)[1] for c in found] == HEADER4.split(" | ")
    assert all(c.pair.old is None for c in found)
    assert found[0].lead_in == HEADER4
    assert found[0].where == "column 'Category of personal data'"


def test_rows_that_do_not_line_up_with_their_header_are_read_whole() -> None:
    assert cells("a | b", "a | b | c") is None  # a column more than the header
    assert cells("a | b | c | d", "a | b | c | d | e") is None
    assert row_cells(("", "a | b"), ("", "a | c"), "P", "P") is None  # the header row itself
    assert row_cells(("We may share it with:", "advertisers"), ("", None), "P", "P") is None  # a list item


def test_a_cell_that_only_links_to_a_section_is_a_table_of_contents() -> None:
    header = "Section | What can you find there?"
    old = "[Cookies](#cookies) | How we use cookies."
    new = "[Cookies and pixels](#cookies) | How we use them."
    found = cells(old, new, header) or []
    assert [c.where for c in found] == ["row 'Cookies and pixels', column 'What can you find there?'"]


def classify(old_body: str, new_body: str, before: str = "") -> list[tuple[str, Classification, str]]:
    head = "# Policy\n\n" + (f"## Uses\n\n{before}\n\n" if before else "") + "## Handling\n\n"
    table = f"| {HEADER4} |\n|---|---|---|---|\n"
    old, new = head + table + old_body + "\n", head + table + new_body + "\n"
    assessment = compare_texts(old, new)
    return [(f.rule, f.classification, f.reason) for c in assessment.changes for f in c.findings]


def test_a_purpose_cell_is_no_disclosure_and_a_source_cell_no_recipient() -> None:
    old = "| Usage | Users | Provide our Services | Service providers |"
    new = "| Usage | Users, data brokers | Provide our Services; support | Service providers |"
    found = classify(old, new)
    assert [(rule, cls) for rule, cls, _ in found] == [
        ("collection.third-party-source", Classification.MATERIAL)
    ]
    assert found[0][2] == (
        "Adds 'data brokers' as a source of personal information in 'Handling' "
        "(row 'Usage', column 'Sources')"
    )


def test_a_cell_adding_a_purpose_the_old_version_states_restates_it() -> None:
    old = "| Usage | Users | Provide our Services | Service providers |"
    new = "| Usage | Users | Provide our Services; targeted advertising | Service providers |"
    (fresh,) = [f for f in classify(old, new) if f[0] == "purpose.new-use"]
    assert fresh[1] is Classification.MATERIAL
    stated = "We use your personal information for targeted advertising."
    (named,) = [f for f in classify(old, new, before=stated) if f[0] == "purpose.new-use"]
    assert named[1] is Classification.SUBSTANTIVE
    assert named[2].endswith("column 'Purposes of processing'); the old version already states it elsewhere")
    negated = "We never use your personal information for targeted advertising."
    (ruled_out,) = [f for f in classify(old, new, before=negated) if f[0] == "purpose.new-use"]
    assert ruled_out[1] is Classification.MATERIAL  # the old version ruled it out: not as strongly
