"""The engine on hand-built changes: direction, context, evidence offsets, document class and bump."""

from __future__ import annotations

from policyvc.classify.engine import classify_change, classify_changeset
from policyvc.classify.rules import load_rule_pack
from policyvc.config import Config
from policyvc.diff.changeset import diff_documents
from policyvc.model import (
    Bump,
    Change,
    ChangeKind,
    ChangeSet,
    Classification,
    Document,
    Finding,
    LineRange,
    SectionRef,
)  # fmt: skip
from policyvc.parse.markdown import parse_document

PACK = load_rule_pack(Config())
EMPTY = Document(sections=())


def change(
    old: str | None, new: str | None, *, heading: str = "Policy", kind: ChangeKind = ChangeKind.MODIFIED
) -> Change:
    ref = SectionRef(id="s", path=("Privacy", heading))
    return Change(
        kind=kind,
        scope="block",
        old_section=ref if old is not None else None,
        new_section=ref if new is not None else None,
        old_lines=LineRange(5, 5) if old is not None else None,
        new_lines=LineRange(7, 7) if new is not None else None,
        old_text=old,
        new_text=new,
    )


def findings(c: Change) -> list[Finding]:
    return list(classify_change(c, PACK).findings)


def test_expansion_is_material_and_the_mirror_substantive() -> None:
    few, more = "We share data with affiliates.", "We share data with affiliates and data brokers."
    wider = classify_change(change(few, more), PACK)
    narrower = classify_change(change(more, few), PACK)
    assert wider.classification is Classification.MATERIAL
    assert narrower.classification is Classification.SUBSTANTIVE
    assert {f.rule for f in wider.findings} == {"sharing.new-recipient"}
    assert {f.rule for f in narrower.findings} == {"sharing.new-recipient"}


def test_evidence_offsets_point_at_the_exact_words() -> None:
    old = "Intro sentence here. We do not sell your personal information."
    new = "Intro sentence here. We may sell your personal information to advertisers."
    c = change(old, new, heading="Sale of data")
    sale = next(f for f in findings(c) if f.rule == "sharing.sale")
    assert sale.classification is Classification.MATERIAL
    texts = {"old": old, "new": new}
    for evidence in sale.evidence:
        assert texts[evidence.side][evidence.start : evidence.end] == evidence.text
    assert {(e.side, e.text) for e in sale.evidence} == {("old", "not"), ("old", "sell"), ("new", "sell")}
    assert all(e.line == (5 if e.side == "old" else 7) for e in sale.evidence)
    assert "do not sell" in sale.reason and "'Sale of data'" in sale.reason


def test_context_heading_gives_weight_to_a_neutral_sentence() -> None:
    text_old, text_new = "We work with a bank.", "We work with a bank. We give your address to Acme Couriers."
    inside = classify_change(change(text_old, text_new, heading="Sharing with third parties"), PACK)
    outside = classify_change(change(text_old, text_new, heading="About us"), PACK)
    assert inside.classification is Classification.MATERIAL
    assert [f.rule for f in inside.findings] == ["sharing.in-sharing-section"]
    assert outside.classification is Classification.SUBSTANTIVE and outside.findings == ()


def test_added_and_removed_sections_are_wholly_added_or_removed() -> None:
    added = classify_change(change(None, "We sell your data to data brokers.", kind=ChangeKind.ADDED), PACK)
    opt_out = "You can opt out of marketing emails."
    removed = classify_change(change(opt_out, None, kind=ChangeKind.REMOVED), PACK)
    assert added.classification is Classification.MATERIAL
    assert removed.classification is Classification.MATERIAL
    assert all(e.side == "new" for f in added.findings for e in f.evidence)
    assert all(e.side == "old" for f in removed.findings for e in f.evidence)


def test_formatting_moves_and_date_lines_are_editorial() -> None:
    formatting = change("We sell data.", "We sell data.", kind=ChangeKind.FORMATTING)
    moved = change("We sell data.", "We sell data.", kind=ChangeKind.MOVED)
    dated = change("Last updated: 1 May 2023", "Last updated: 2 June 2024")
    expected = (
        (formatting, "editorial.formatting"), (moved, "editorial.move"), (dated, "editorial.date-line"),
    )
    for c, rule in expected:
        classified = classify_change(c, PACK)
        assert classified.classification is Classification.EDITORIAL
        assert [f.rule for f in classified.findings] == [rule]


def test_unmatched_real_change_is_substantive_without_findings() -> None:
    c = change("Support answers by email.", "Support answers by phone and by chat.")
    classified = classify_change(c, PACK)
    assert classified.classification is Classification.SUBSTANTIVE and classified.findings == ()


def test_document_class_is_the_highest_and_bump_follows() -> None:
    changes = (
        change("Last updated: 1 May 2023", "Last updated: 2 June 2024"),
        change("Support answers by email.", "Support answers by phone."),
        change("We keep logs for 30 days.", "We keep logs for 2 years.", heading="Retention"),
    )
    assessment = classify_changeset(ChangeSet(EMPTY, EMPTY, changes), PACK, old_label="a", new_label="b")
    assert [c.classification for c in assessment.changes] == [
        Classification.EDITORIAL, Classification.SUBSTANTIVE, Classification.MATERIAL,
    ]  # fmt: skip
    assert assessment.classification is Classification.MATERIAL and assessment.bump is Bump.MAJOR
    assert (assessment.old_label, assessment.new_label) == ("a", "b")
    empty = classify_changeset(ChangeSet(EMPTY, EMPTY, ()), PACK)
    assert empty.classification is Classification.NONE and empty.bump is Bump.NONE


def test_sentence_moved_between_blocks_is_not_a_change() -> None:
    removed = change("You can opt out of marketing emails at any time.", None, kind=ChangeKind.REMOVED)
    text = "Newsletters. You can opt out of marketing emails at any time."
    added = change(None, text, kind=ChangeKind.ADDED)
    assessment = classify_changeset(ChangeSet(EMPTY, EMPTY, (removed, added)), PACK)
    assert assessment.changes[0].classification is Classification.EDITORIAL
    assert assessment.classification is not Classification.MATERIAL


def test_venue_reworded_is_substantive_but_moved_is_material() -> None:
    old = "Disputes go exclusively to the federal or state courts of Santa Clara."
    same_place = "Disputes go to the courts of Santa Clara County, California."
    reworded = classify_change(change(old, same_place), PACK)
    moved = classify_change(change(old, "Disputes go to the courts of Dublin, Ireland."), PACK)
    assert reworded.classification is Classification.SUBSTANTIVE
    assert "naming the same place" in reworded.findings[0].reason
    assert moved.classification is Classification.MATERIAL


def test_the_organisations_own_right_is_not_a_user_right() -> None:
    old = "If content breaks the law, we have the right to access and remove it. Contact us with questions."
    new = "Contact us with questions."
    classified = classify_change(change(old, new, heading="Access"), PACK)
    assert all(f.rule != "rights.data-subject" for f in classified.findings)


def test_heading_rename_is_an_editorial_rename() -> None:
    old, new = SectionRef("a", ("P", "Choice/Opt-out")), SectionRef("b", ("P", "Your choices"))
    renamed = Change(ChangeKind.RENAMED, "section", old, new, None, None, "Choice/Opt-out", "Your choices")
    classified = classify_change(renamed, PACK)
    assert classified.classification is Classification.EDITORIAL
    assert [f.rule for f in classified.findings] == ["editorial.rename"]


def test_a_moved_section_says_whether_its_text_was_edited_on_the_way() -> None:
    old = "# P\n\n## Cookies\n\nWe use cookies.\n\n## Contact\n\nWrite to us.\n"
    moved = "# P\n\n## Contact\n\nWrite to us.\n\n## Cookies\n\nWe use cookies.\n"
    edited = "# P\n\n## Contact\n\nWrite to us.\n\n## Cookies\n\nWe use small cookies.\n"
    reasons = {}
    for name, new in (("moved", moved), ("edited", edited)):
        assessment = classify_changeset(diff_documents(parse_document(old), parse_document(new)), PACK)
        moves = [c for c in assessment.changes if c.kind is ChangeKind.MOVED]
        reasons[name] = [f.reason for c in moves for f in c.findings]
    assert reasons["moved"] == ["Moved without changing its text"]
    assert reasons["edited"] == ["Moved; the edits to its text are classified as their own changes"]


def test_a_run_in_label_is_a_heading_not_a_statement() -> None:
    label = "**Sale**. We do not sell your personal data."
    added = classify_change(change(None, label, kind=ChangeKind.ADDED), PACK)
    assert added.classification is Classification.SUBSTANTIVE
    assert {(e.side, e.text) for f in added.findings for e in f.evidence} == {("new", "not"), ("new", "sell")}
    relabelled = classify_change(change("**Sale:** We do not sell it.", "**Sales:** We do not sell it"), PACK)
    assert relabelled.classification is Classification.EDITORIAL
    assert [f.rule for f in relabelled.findings] == ["editorial.label"]
    # a sentence the label opens keeps its offsets into the block once the label is taken off
    old, new = "**Sale:** We do not sell your data.", "**Sale:** We sell your data."
    (sale,) = [f for f in findings(change(old, new)) if f.rule == "sharing.sale"]
    texts = {"old": old, "new": new}
    assert all(texts[e.side][e.start : e.end] == e.text for e in sale.evidence)
    assert sale.classification is Classification.MATERIAL


def test_a_generic_party_joining_a_disclosure_we_made_says_so() -> None:
    old = "The table lists the personal information we collect and share."
    new = "The table lists the personal information we collect and the third parties with whom we share it."
    (recipient,) = [f for f in findings(change(old, new)) if f.rule == "sharing.new-recipient"]
    assert recipient.classification is Classification.SUBSTANTIVE
    assert recipient.reason.endswith(
        "; the sentence already disclosed it, and 'third parties' names no particular recipient"
    )
    # the disclosure must have been ours and as plain: "only with your consent" was narrower
    narrower = "The table lists the personal information we collect and share only with your consent."
    theirs = "The table lists the personal information you collect and share."
    for before in (narrower, theirs):
        (recipient,) = [f for f in findings(change(before, new)) if f.rule == "sharing.new-recipient"]
        assert recipient.classification is Classification.MATERIAL, before
