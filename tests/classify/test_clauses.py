"""Where a trigger stands: the term a definition defines, the object of a reader's right, a list of names."""

from __future__ import annotations

import pytest

from policyvc.classify.clauses import (
    defined_terms,
    governed,
    list_start,
    phrase_pattern,
    reader_rights,
    starts_in,
)  # fmt: skip


def spans_text(sentence: str, spans: tuple[tuple[int, int], ...]) -> list[str]:
    return [sentence[start:end] for start, end in spans]


@pytest.mark.parametrize(
    ("sentence", "terms"),
    [
        ('"Third-Party Content" means Content posted by others.', ["Third-Party Content"]),
        ("**“Affiliate”** means any entity that controls us.", ["Affiliate"]),
        ("1. “Affiliate” refers to any entity that controls us.", ["Affiliate"]),
        ('"Partners" (each a "Partner") means advertisers.', ["Partners"]),
        ("Third-Party Services means websites that display Content.", ["Third-Party Services"]),
        ("(a) Service Providers shall mean vendors.", ["Service Providers"]),
        # what the term means is not the term, and a term used (not defined) is no term
        ("We share data with “Partners” and advertisers.", []),
        ("This means that we share your data with third parties.", ["This"]),
        ("Third parties means any entity other than you.", []),  # lower case: not read as a defined term
    ],
)  # fmt: skip
def test_defined_terms_are_the_terms_before_means(sentence: str, terms: list[str]) -> None:
    assert spans_text(sentence, defined_terms(sentence)) == terms


@pytest.mark.parametrize(
    ("sentence", "covered", "open_"),
    [
        ("You have the right to opt out of the sale of your personal data.", ["sale"], []),
        (
            "You have the right to request that we (i) disclose what personal data we collect, use, "
            "disclose, share, and sell, (ii) delete your personal data.",
            ["sell", "share"],
            [],
        ),
        ("California residents have a right to know whether we sell data.", ["sell"], []),
        ("The right to opt out of the sale of personal information.", ["sale"], []),  # an item of a list
        # the organisation's own right, a licensee's, a named organisation's: their practice
        ("We reserve the right to sell your personal data.", [], ["sell"]),
        ("You grant us the right to sell your content.", [], ["sell"]),
        ("A licence to use your content, with the right to sublicense it.", [], ["sublicense"]),
        ("GitHub has the right to share your content with partners.", [], ["share"]),
        # a new clause with its own subject, "but" or ";" ends the reader's right
        ("You have the right to access your data, and we sell it to advertisers.", [], ["sell"]),
        ("You have the right to object, but GitHub may share it.", [], ["share"]),
        ("You have the right to continue using it; (ii) we may modify or sell it.", [], ["sell"]),
    ],
)
def test_the_readers_right_covers_its_object(sentence: str, covered: list[str], open_: list[str]) -> None:
    rights = reader_rights(sentence)
    for word in covered:
        assert starts_in(rights, sentence.index(word)), word
    for word in open_:
        assert not starts_in(rights, sentence.rindex(word)), word


def test_a_trigger_that_starts_before_the_right_is_not_its_object() -> None:
    sentence = "A licence, and you have the right to sublicense it."
    rights = reader_rights(sentence)
    assert not starts_in(rights, sentence.index("right to sublicense"))  # the trigger holds the cue itself
    assert starts_in(rights, sentence.index("sublicense"))


OUTSIDE = phrase_pattern(("outside", "outside of", "users in", "if you are in", "you are in"))


@pytest.mark.parametrize(
    ("sentence", "name", "ruled_out"),
    [
        ("We transfer data outside of the European Union, EFTA States, Brazil, or the United Kingdom.",
         "Brazil", True),
        ("We transfer data outside of the European Union, EFTA States, Brazil, or the United Kingdom.",
         "United Kingdom", True),
        ("We store the data of users in Canada and Brazil on servers in Germany.", "Brazil", True),
        ("If you are in Europe or North America, our office processes your data.", "North America", True),
        ("For people outside the Republic of Korea and Japan, GitHub B.V. is responsible.", "Japan", True),
        # where data goes: after "to", "in", "such as", or a sentence that starts with the name
        ("When we transfer data outside of the European Union to Brazil, we use clauses.", "Brazil", False),
        ("We transfer personal data to the United States and Brazil.", "Brazil", False),
        ("We store data of users in Canada on servers in Brazil.", "Brazil", False),
        ("Brazil, India and Japan host our servers.", "Japan", False),
        ("We may transfer data to countries outside the EEA, such as Brazil.", "Brazil", False),
    ],
)  # fmt: skip
def test_a_list_of_names_after_a_phrase(sentence: str, name: str, ruled_out: bool) -> None:
    assert OUTSIDE is not None
    assert governed(OUTSIDE, sentence, sentence.index(name)) is ruled_out


def test_list_start_walks_back_over_names_joined_by_commas_and_or() -> None:
    sentence = "data outside of the European Union, EFTA States, Brazil, or the United Kingdom"
    assert sentence[list_start(sentence, sentence.index("Brazil")) :].startswith("the European Union")
    assert list_start(sentence, 0) == 0
    assert phrase_pattern(()) is None
