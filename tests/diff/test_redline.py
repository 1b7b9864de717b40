"""The word-level redline: exact on both sides, minimal, and readable."""

from __future__ import annotations

from policyvc.diff.redline import mark_formatting_only, new_side, old_side, redline, tokenize
from policyvc.model import Segment

LONG = (
    "We may share your personal information with our service providers, who process it on our behalf under "
    "contracts that require them to keep it confidential and to use it only for the services they provide."
)


def edits(segments: tuple[Segment, ...]) -> list[tuple[str, str]]:
    return [(s.op, s.text) for s in segments if s.op != "equal"]


def test_one_word_change_in_a_long_sentence_is_one_delete_insert_pair() -> None:
    changed = LONG.replace("confidential", "secret")
    segments = redline(LONG, changed)
    assert edits(segments) == [("delete", "confidential"), ("insert", "secret")]
    assert segments[0] == Segment("equal", LONG[: LONG.index("confidential")])


def test_both_sides_are_reproduced_exactly() -> None:
    old = "Email is not  secure.\nWe do not sell data — ever."
    new = "E-mail is not secure;\nwe never sell “data”."
    segments = redline(old, new)
    assert old_side(segments) == old
    assert new_side(segments) == new


def test_a_rewritten_sentence_is_not_shredded_into_fragments() -> None:
    old = "We keep your data for two years after you close your account."
    new = "You may ask us at any time to erase all of it from our systems."
    segments = redline(old, new)
    # No equal run made only of spaces or a single short word may sit between two edits.
    for before, middle, after in zip(segments, segments[1:], segments[2:], strict=False):
        if middle.op == "equal" and before.op != "equal" and after.op != "equal":
            assert len(middle.text.split()) >= 3, segments
    assert old_side(segments) == old and new_side(segments) == new


def test_an_inserted_phrase_is_a_pure_insertion() -> None:
    old = "business arrangements with third parties who may be given access"
    new = "business arrangements with third parties, including data brokers, who may be given access"
    assert edits(redline(old, new)) == [("insert", ", including data brokers,")]


def test_separate_edits_far_apart_stay_separate() -> None:
    changed = LONG.replace("We may", "We will").replace("services they provide", "services they sell")
    assert edits(redline(LONG, changed)) == [
        ("delete", "may"),
        ("insert", "will"),
        ("delete", "provide"),
        ("insert", "sell"),
    ]


def test_mojibake_repair_is_formatting_only() -> None:
    segments = redline("the Vocalcom Groupâ€™s subsidiaries", "the Vocalcom Group’s subsidiaries")
    changed = [s for s in segments if s.op != "equal"]
    assert changed and all(s.formatting_only for s in changed)


def test_a_real_word_change_is_not_formatting_only() -> None:
    segments = redline("we do not sell it", "we do sell it")
    assert [s.formatting_only for s in segments if s.op != "equal"] == [False]


def test_a_resized_space_is_formatting_only_but_a_joined_word_is_not() -> None:
    assert [s.formatting_only for s in redline("hello  world", "hello world") if s.op != "equal"] == [True]
    assert not any(s.formatting_only for s in redline("data base", "database"))


def test_identical_and_empty_texts() -> None:
    assert redline("same text", "same text") == (Segment("equal", "same text"),)
    assert redline("", "") == ()
    assert redline("", "new") == (Segment("insert", "new"),)
    assert redline("old", "") == (Segment("delete", "old"),)


def test_tokens_join_back_into_the_text() -> None:
    text = "Don't share it, e-mail it:  we’ll\tkeep 3.5% of it."
    tokens = tokenize(text)
    assert "".join(tokens) == text
    assert "Don't" in tokens and "we’ll" in tokens


def test_mark_formatting_only_marks_every_edit() -> None:
    marked = mark_formatting_only(redline("“quoted”", '"quoted"'))
    assert all(s.formatting_only for s in marked if s.op != "equal")
    assert any(s.op != "equal" for s in marked)
