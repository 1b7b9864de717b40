"""Sentence splitting with offsets and alignment of changed sentences."""

from __future__ import annotations

import regex
from hypothesis import example, given, settings
from hypothesis import strategies as st

from policyvc.classify.sentences import (
    Sentence,
    SentencePair,
    changed_sentences,
    mask_links,
    split_sentences,
)


def test_offsets_and_keys() -> None:
    text = "We sell data. We keep it for 3 months! Contact Acme Inc. today."
    sentences = split_sentences(text)
    assert [text[s.start : s.end] for s in sentences] == [s.text for s in sentences]
    assert sentences[0].text == "We sell data." and sentences[1].key == "we keep it for 3 months"


def test_only_changed_sentences_are_returned_and_moves_dropped() -> None:
    old = "We sell data. We keep logs. Contact us by email."
    new = "Contact us by email. We do not sell data. We keep logs."
    pairs = changed_sentences(old, new)
    assert len(pairs) == 1
    assert pairs[0].old is not None and pairs[0].old.text == "We sell data."
    assert pairs[0].new is not None and pairs[0].new.text == "We do not sell data."


def test_links_are_blanked_with_offsets_kept() -> None:
    text = "See [the policy](https://example.com/ssl) and https://tls.example.com now."
    masked = mask_links(text)
    assert len(masked) == len(text)
    assert "https" not in masked and "ssl" not in masked and "the policy" in masked


def _where(pairs: list[SentencePair]) -> list[tuple[int | None, int | None]]:
    def start(sentence: Sentence | None) -> int | None:
        return sentence.start if sentence else None

    return [(start(p.old), start(p.new)) for p in pairs]


def _changed_by_alignment(old_text: str, new_text: str) -> list[tuple[int | None, int | None]]:
    # the reference: a full sequence alignment of the sentences, as before the single-run shortcut
    from difflib import SequenceMatcher

    from policyvc.classify.sentences import _drop_moves, _pair_up

    old, new = split_sentences(old_text), split_sentences(new_text)
    matcher = SequenceMatcher(a=[s.words for s in old], b=[s.words for s in new], autojunk=False)
    pairs = [
        pair
        for op, i1, i2, j1, j2 in matcher.get_opcodes()
        if op != "equal"
        for pair in _pair_up(old[i1:i2], new[j1:j2])
    ]
    return _where(_drop_moves(pairs))


SENTENCES = ["We sell data.", "We do not sell data.", "You may opt out.", "We keep logs.", "Ask us."]


@given(st.lists(st.sampled_from(SENTENCES), max_size=6), st.lists(st.sampled_from(SENTENCES), max_size=6))
def test_the_single_run_shortcut_agrees_with_a_full_alignment(old: list[str], new: list[str]) -> None:
    old_text, new_text = " ".join(old), " ".join(new)
    assert _where(changed_sentences(old_text, new_text)) == _changed_by_alignment(old_text, new_text)


@given(st.text(max_size=120))
def test_a_sentences_words_are_the_letter_and_digit_runs_of_its_scan(text: str) -> None:
    for sentence in split_sentences(text):
        assert sentence.words == " ".join(regex.findall(r"[\p{L}\p{N}]+", sentence.scan.casefold()))


# the split as first written, with the `regex` module and a look-behind: the `re` form must split the same
_LOOK_BEHIND_END = regex.compile(r"(?<=[.!?;])[\"'”’)\]*_]*\s+(?=[\"'“‘(\[*_]*[A-Z0-9])|\s*\n\s*")
SPLIT_PIECES = ["We share data", ".", ";", "!", "?", " ", "  ", "\n", "\n\n", "\x1c", "\u00a0", "A", "7"]
SPLIT_PIECES += ["”", "’", ")", "]", "*", "_", "“", "(", "[", "e.g.", "U.S. law", "\t"]
SPLIT_TEXT = st.lists(st.sampled_from(SPLIT_PIECES)).map("".join) | st.text(max_size=80)


@settings(max_examples=400, deadline=None)
@given(SPLIT_TEXT)
@example("We share data.\x1cA b.")  # white space to `re` but not to `regex`: no split
@example("We share data.\u00a0A b.\n\x1f\nC")
@example("We share. \n ”B")
def test_sentences_split_where_the_look_behind_pattern_splits(text: str) -> None:
    expected, position = [], 0
    for match in (*_LOOK_BEHIND_END.finditer(text), None):
        end = match.start() if match is not None else len(text)
        piece = text[position:end]
        if piece.strip():
            expected.append((piece.strip(), position + piece.index(piece.strip())))
        position = match.end() if match is not None else position
    assert [(s.text, s.start) for s in split_sentences(text)] == expected
