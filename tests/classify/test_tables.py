"""Yes/No cells read under their column header: a flip toward the practice is its rule's class."""

from __future__ import annotations

from policyvc.classify.rules import load_rule_pack
from policyvc.classify.tables import cell_findings
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
