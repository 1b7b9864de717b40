"""The decisions every format shares: order, grouping, labels, counts."""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from diff_samples import (
    added_change,
    formatting_change,
    make_assessment,
    moved_change,
    renamed_change,
    sharing_change,
)

from policyvc.model import Change, ChangeKind, Classification, LineRange, SectionRef, Segment
from policyvc.render.view import (
    PREAMBLE_TITLE,
    change_segments,
    class_counts,
    describe_change,
    elide,
    group_changes,
    level_change,
    lines_label,
    moved_from,
    moved_text_state,
    section_title,
    summary_line,
)


def test_groups_put_material_first_then_document_order() -> None:
    assessment = make_assessment(formatting_change(), renamed_change(), sharing_change(), added_change())
    groups = group_changes(assessment)
    assert [g.id for g in groups] == ["third-parties", "your-choices", "contact", "collected-information"]
    assert [g.classification for g in groups] == [
        Classification.MATERIAL,
        Classification.SUBSTANTIVE,
        Classification.SUBSTANTIVE,
        Classification.EDITORIAL,
    ]


def test_changes_in_one_section_are_ordered_most_serious_first() -> None:
    editorial = formatting_change()
    ref = sharing_change().new_section
    editorial_here = Change(**{**_fields(editorial), "old_section": ref, "new_section": ref})
    assessment = make_assessment(editorial_here, sharing_change())
    (group,) = group_changes(assessment)
    assert [c.classification for c in group.changes] == [Classification.MATERIAL, Classification.EDITORIAL]


def test_removed_changes_group_under_their_old_section() -> None:
    old = SectionRef("gone", ("Gone",))
    removed = Change(ChangeKind.REMOVED, "section", old, None, LineRange(3, 4), None, "text", None)
    (group,) = group_changes(make_assessment(removed))
    assert group.id == "gone"
    assert describe_change(removed) == "removed section"
    assert lines_label(removed) == "old lines 3–4"


def test_descriptions_name_what_happened() -> None:
    assert describe_change(renamed_change()) == "renamed from “Choice/Opt-out”"
    moved = describe_change(moved_change())
    assert moved == "moved from Privacy Statement › Secure Information Transmissions, text unchanged"
    assert describe_change(added_change()) == "added section"
    assert describe_change(sharing_change()) == "modified"
    assert describe_change(formatting_change()) == "formatting only"


def test_a_move_under_the_same_heading_path_names_its_old_lines() -> None:
    ref = SectionRef("a", ("A",))
    moved = Change(ChangeKind.MOVED, "section", ref, ref, LineRange(9, 12), LineRange(2, 5), "t", "t")
    assert describe_change(moved) == "moved, text unchanged"
    assert moved_from(moved) == "old lines 9–12"
    assert moved_from(moved_change()) == "Privacy Statement › Secure Information Transmissions"


Path_ = tuple[str, ...]


def _section_change(kind: ChangeKind, old_path: Path_, new_path: Path_, levels: tuple[int, int]) -> Change:
    old, new = SectionRef("o", old_path), SectionRef("n", new_path)
    lines = LineRange(7, 7)
    texts = (old_path[-1] if old_path else "", new_path[-1] if new_path else "")
    return Change(kind, "section", old, new, lines, lines, *texts, old_level=levels[0], new_level=levels[1])


def test_a_level_change_names_both_levels_and_the_new_place_in_the_tree() -> None:
    up = _section_change(ChangeKind.FORMATTING, ("Cookies",), ("Cookies",), (2, 1))
    assert describe_change(up) == "heading level 2 → 1"  # both at the top: the place did not change
    out = _section_change(ChangeKind.FORMATTING, ("Policy", "Cookies"), ("Cookies",), (2, 1))
    assert describe_change(out) == "heading level 2 → 1: was under “Policy”, now at the top level"
    into = _section_change(ChangeKind.FORMATTING, ("Cookies",), ("Policy", "Cookies"), (1, 2))
    assert describe_change(into) == "heading level 1 → 2: was at the top level, now under “Policy”"
    renamed = _section_change(ChangeKind.RENAMED, ("P", "Choice"), ("P", "Your choices"), (2, 3))
    assert describe_change(renamed) == "renamed from “Choice”; heading level 2 → 3"
    # The preamble has no heading to change the level of; a block change has no level at all.
    assert level_change(_section_change(ChangeKind.RENAMED, ("P",), ("",), (1, 0))) == ""
    assert level_change(replace(up, scope="block")) == ""
    assert describe_change(replace(up, old_level=1)) == "formatting only"


def test_moved_text_is_unchanged_edited_or_reformatted() -> None:
    ref = SectionRef("a", ("A",))
    moved = Change(ChangeKind.MOVED, "section", ref, ref, None, None, "A", "A")
    body = (Segment("equal", "We keep "), Segment("delete", "logs"), Segment("insert", "records"))
    unchanged = (Segment("equal", "We keep logs"),)
    assert moved_text_state(replace(moved, body_redline=unchanged)) == "text unchanged"
    assert moved_text_state(replace(moved, body_redline=body)) == "text edited"
    spaces = Segment("delete", "a  b", formatting_only=True), Segment("insert", "a b", formatting_only=True)
    reflowed = (Segment("equal", "We keep "), *spaces)
    assert moved_text_state(replace(moved, body_redline=reflowed)) == "only formatting edited"
    assert change_segments(replace(moved, body_redline=body)) == body


def test_labels_and_titles() -> None:
    assert lines_label(sharing_change()) == "lines 57 → 57"
    assert lines_label(added_change()) == "new lines 81–83"
    assert section_title(SectionRef("preamble", ())) == PREAMBLE_TITLE
    assert section_title(SectionRef("x", ("Privacy", "Sharing"))) == "Privacy › Sharing"


def test_segments_fall_back_to_whole_texts() -> None:
    assert change_segments(added_change()) == (Segment("insert", "Write to privacy@example.com."),)
    ref = SectionRef("s", ("S",))
    replaced = Change(ChangeKind.MODIFIED, "block", ref, ref, None, None, "a", "b")
    assert change_segments(replaced) == (Segment("delete", "a"), Segment("insert", "b"))


def test_counts_and_summary_line() -> None:
    assessment = make_assessment(formatting_change(), sharing_change(), added_change())
    assert class_counts(assessment.changes) == {"material": 1, "substantive": 1, "editorial": 1, "none": 0}
    assert summary_line(assessment) == (
        "material (bump: major) · 3 changes: 1 material, 1 substantive, 1 editorial · "
        "1 added, 1 modified, 1 formatting"
    )
    assert summary_line(make_assessment()) == "no changes (bump: none)"


def test_elide_keeps_both_ends_and_edge_spaces() -> None:
    text = " " + " ".join(f"w{i}" for i in range(40)) + " "
    short = elide(text, keep=3)
    assert short == " w0 w1 w2 … w37 w38 w39 "
    assert elide("a few words", keep=3) == "a few words"


def _fields(change: Change) -> dict[str, object]:
    return {name: getattr(change, name) for name in Change.__slots__}  # type: ignore[attr-defined]
