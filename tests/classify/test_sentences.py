"""Sentence splitting with offsets and alignment of changed sentences."""

from __future__ import annotations

from policyvc.classify.sentences import changed_sentences, mask_links, split_sentences


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
