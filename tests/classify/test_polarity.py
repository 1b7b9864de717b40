"""Polarity per trigger: negation in the clause before the trigger, limits, and weakened obligations."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from policyvc.classify.polarity import (
    AFFIRMED,
    LIMITED,
    NEGATED,
    clause_before,
    practice_level,
    protection_level,
)


def level(fn, sentence: str, trigger: str) -> int:  # type: ignore[no-untyped-def]
    return fn(sentence, sentence.index(trigger))[0]


@pytest.mark.parametrize(
    ("sentence", "trigger", "expected"),
    [
        ("We do not sell your data.", "sell", NEGATED),
        ("We never rent or sell your data.", "sell", NEGATED),
        ("We don’t share it with advertisers.", "advertisers", NEGATED),
        ("We don&apost share it.", "share", NEGATED),
        ("We may sell your data.", "sell", AFFIRMED),
        ("We share it with partners only with your consent.", "partners", LIMITED),
        ("We do not sell your data, but we share it with partners.", "partners", AFFIRMED),
        ("We are not liable for disclosures to third parties.", "third parties", AFFIRMED),
    ],
)
def test_practice_levels(sentence: str, trigger: str, expected: int) -> None:
    assert level(practice_level, sentence, trigger) == expected


@pytest.mark.parametrize(
    ("sentence", "trigger", "expected"),
    [
        ("You can opt out at any time.", "opt out", AFFIRMED),
        ("You may opt out at any time.", "opt out", AFFIRMED),  # the user's "may" is a permission
        ("You cannot withdraw your consent.", "withdraw", NEGATED),
        ("We may respond to deletion requests.", "deletion", LIMITED),
        ("We must respond to deletion requests.", "deletion", AFFIRMED),
        ("We honour Do Not Track signals.", "Do Not Track", AFFIRMED),  # the trigger does not negate itself
        ("We do not respond to Do Not Track signals.", "Do Not Track", NEGATED),
    ],
)
def test_protection_levels(sentence: str, trigger: str, expected: int) -> None:
    assert level(protection_level, sentence, trigger) == expected


def test_cue_points_at_the_negation() -> None:
    sentence = "We will not sell your data."
    _, cue = practice_level(sentence, sentence.index("sell"))
    assert cue is not None and sentence[cue.start : cue.end] == "not"


def _clause_before_reference(sentence: str, start: int) -> tuple[str, int]:
    # the first implementation, scanning the whole head: clause_before must agree with it
    import regex

    from policyvc.classify.polarity import _BOUNDARY, WINDOW_WORDS

    head = sentence[:start]
    boundaries = list(_BOUNDARY.finditer(head))
    clause_start = boundaries[-1].end() if boundaries else 0
    words = list(regex.finditer(r"\S+", head[clause_start:]))
    if len(words) > WINDOW_WORDS:
        clause_start += words[-WINDOW_WORDS].start()
    return head[clause_start:], clause_start


@given(
    st.lists(
        st.sampled_from(["we", "do", "not", "sell", "data,", "but", "-", " ", "\n", "x" * 40, "(a)", ";"]),
        max_size=60,
    ),
    st.integers(min_value=0, max_value=400),
)
def test_clause_before_reads_only_the_window_yet_agrees_with_a_whole_head_scan(
    pieces: list[str], cut: int
) -> None:
    sentence = " ".join(pieces) + " sell"
    start = min(cut, len(sentence))
    assert clause_before(sentence, start) == _clause_before_reference(sentence, start)


def test_clause_before_sees_a_dash_boundary_at_the_window_edge() -> None:
    # found by hypothesis: the " - " boundary starts with the space just before the window's first word
    sentence = "we -   we we we we we we we sell"
    assert clause_before(sentence, 29) == _clause_before_reference(sentence, 29)


def test_a_trigger_right_after_a_comma_reads_the_clause_before_it() -> None:
    sentence = "We do not, and will not, sell your data."
    level_, cue = practice_level(sentence, sentence.index("sell"))
    assert level_ == NEGATED and cue is not None and cue.text == "not"
    listed = "We do not sell, share or rent your data."
    assert practice_level(listed, listed.index("share"))[0] == NEGATED
    plain = "For example, we share your data with processors."
    assert practice_level(plain, plain.index("share"))[0] != NEGATED


def test_de_identified_data_is_a_limit() -> None:
    sentence = "We share aggregated, de-identified information with advertising partners."
    level_, cue = practice_level(sentence, sentence.index("advertising"))
    assert level_ == LIMITED and cue is not None and cue.text == "aggregated"
    plain = "We share information about you with advertising partners."
    assert practice_level(plain, plain.index("advertising"))[0] == AFFIRMED


@pytest.mark.parametrize(
    ("sentence", "trigger", "expected"),
    [
        # a negated lead-in governs the items its colon introduces, however far down the list
        ("We will not use your data for: (a) profiling, (b) ads, or (c) data selling.", "selling", NEGATED),
        ("Example Corp shall not: sell, rent or lease personal data.", "lease", NEGATED),
        ("We may use your data for: (a) profiling, or (b) data selling.", "selling", AFFIRMED),
        # an item with its own subject, or after a contrast, is a clause of its own
        ("We do not sell your data: we share it with advertisers.", "advertisers", AFFIRMED),
        ("We will not use it for: (a) ads, but we sell it.", "sell", AFFIRMED),
        # the reader's prohibition promises nothing of ours
        ("You agree not to: (a) scrape, or (b) sell personal data.", "sell", AFFIRMED),
        # a colon inside a link is no lead-in
        ("We do not track you on https://example.com and we sell data.", "sell", AFFIRMED),
    ],
)
def test_a_negated_lead_in_reaches_across_its_colon(sentence: str, trigger: str, expected: int) -> None:
    assert level(practice_level, sentence, trigger) == expected


def test_the_cue_of_a_listed_item_is_the_lead_ins_negation() -> None:
    sentence = "Example Corp will not: (a) profile users, or (b) sell personal data."
    level_, cue = practice_level(sentence, sentence.index("sell"))
    assert level_ == NEGATED and cue is not None
    assert sentence[cue.start : cue.end] == "not"
