"""Words split by byte translation (ASCII) are exactly the words the regexes find."""

from __future__ import annotations

import re

import regex
from hypothesis import example, given, settings
from hypothesis import strategies as st

from policyvc.classify.words import letters_and_digits, tokens

ASCII = st.text(alphabet=st.characters(max_codepoint=127), max_size=120)
WORDS = ["We", "don't", "share", "_id", "3rd", "e-mail", "'", "’", "‘", "“", "—", "\u00a0", "…", "é", "ß"]
PIECES = st.lists(st.sampled_from(WORDS))


@settings(max_examples=400)
@given(ASCII | st.text(max_size=80) | PIECES.map(" ".join))
@example("Über 2 bis3 — data_set don't\x00\x7f")
def test_letters_and_digits_are_the_letter_and_digit_runs(text: str) -> None:
    assert letters_and_digits(text) == regex.findall(r"[\p{L}\p{N}]+", text)
    assert letters_and_digits(text.casefold()) == regex.findall(r"[\p{L}\p{N}]+", text.casefold())


@settings(max_examples=400)
@given(ASCII | st.text(max_size=80) | PIECES.map(" ".join))
@example("children's data_set 'sell' O'Brien\x00")
def test_tokens_are_the_runs_of_re_word_characters_and_apostrophes(text: str) -> None:
    assert tokens(text) == re.findall(r"[\w']+", text)
