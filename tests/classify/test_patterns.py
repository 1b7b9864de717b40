"""Trigger matchers: a regex narrowed to the anchors a sentence holds finds what the full one finds."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from policyvc.classify.patterns import anchor_words, find_hits, sentence_words
from policyvc.classify.rules import load_rule_pack
from policyvc.config import Config

PACK = load_rule_pack(Config())
TRIGGER_WORDS = sorted(
    {w for rule in PACK.rules for t in (*rule.triggers, *rule.context_triggers, *rule.exclusions)
     for w in re.findall(r"[\w'-]+", t)}
)  # fmt: skip
FILLER = ["we", "do", "not", "may", "your", "data", "with", "the", "of", "to", ",", ".", "and", "only"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(TRIGGER_WORDS + FILLER), min_size=1, max_size=40))
def test_narrowed_matchers_find_what_the_full_matchers_find(words: list[str]) -> None:
    text = " ".join(words)
    present = sentence_words(text)
    for rule in PACK.rules:
        for matcher in (rule.matcher, rule.context_matcher, rule.exclusion_matcher):
            full = find_hits(matcher, text, where=rule.id)
            if matcher is not None:
                matcher.forget_hits()  # scan again, narrowed, instead of reading the remembered hits
            assert find_hits(matcher, text, where=rule.id, words=present) == full, (rule.id, text)


def test_a_multi_word_trigger_is_anchored_on_its_rarest_word() -> None:
    # "of" would make the rule a candidate for nearly every sentence
    assert anchor_words(["change of control"]) == {"control"}
    assert anchor_words(["sale of all or a portion of our assets"]) == {"portion"}
    assert anchor_words(["or older"]) == {"older"}


def test_remembered_hits_are_the_scanned_hits_and_callers_cannot_change_them() -> None:
    rule = PACK.rule("sharing.sale")
    assert rule is not None and rule.matcher is not None
    matcher = rule.matcher
    text = "We may sell your personal information to data brokers."
    matcher.forget_hits()
    first = find_hits(matcher, text, where=rule.id)
    assert [hit.text for hit in first] == ["sell"]
    first.clear()  # a caller extends or filters the list it gets
    remembered = find_hits(matcher, text, where=rule.id)
    matcher.forget_hits()
    assert remembered == find_hits(matcher, text, where=rule.id)
    assert [hit.text for hit in remembered] == ["sell"]


ASCII_TEXT = st.text(alphabet=st.characters(max_codepoint=127), max_size=80) | st.sampled_from(
    ["Don't sell_data to third-parties' brokers", "O'Brien's 2nd e-mail: parties, policies, addresses"]
)


# what sits between and around words in real text: quotes glued to a word, hyphens, underscores, and the
# letters and marks on which `re` and casefold disagree ('İ' is "i" for re and "i̇" folded; a combining mark)
GLUE = ["'", "’", "-", "_", "'s", ".", ",", "İ", "ı", "ſ", "\u0301", "\u0345", "é", "“", "”", " ", " ", " "]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(TRIGGER_WORDS + FILLER + GLUE), min_size=1, max_size=40))
def test_matchers_narrowed_by_spelled_words_find_what_the_full_matchers_find(pieces: list[str]) -> None:
    # the words of every alternative must all be in sentence_words for it to be scanned: never a missed hit
    text = "".join(f" {p}" if p not in GLUE else p for p in pieces)
    present = sentence_words(text)
    for rule in PACK.rules:
        for matcher in (rule.matcher, rule.context_matcher, rule.exclusion_matcher):
            full = find_hits(matcher, text, where=rule.id)
            if matcher is not None:
                matcher.forget_hits()
            assert find_hits(matcher, text, where=rule.id, words=present) == full, (rule.id, text)


def test_a_sentence_with_none_of_a_multi_word_triggers_words_is_not_scanned_for_it() -> None:
    # "third parties" anchors on "third"; a sentence with "third" but not "party" cannot hold the trigger
    rule = PACK.rule("sharing.new-recipient")
    assert rule is not None and rule.matcher is not None
    text = "We reply within a third of the time."
    words = sentence_words(text)
    assert "third" in words
    assert rule.matcher.words_in(words) is None
    assert find_hits(rule.matcher, text, where=rule.id, words=words) == []


def test_text_where_re_and_casefold_disagree_is_split_as_re_splits_it() -> None:
    assert "information" in sentence_words("İnformation we share")  # re matches 'İ' to "i"
    assert "2fa" in sentence_words("2FA\u0345 codes")  # casefold turns the mark into a letter
    assert "data" in sentence_words("data\u0301 we share")  # a mark ends a word for re
    assert "j" not in sentence_words("\u01f0data")  # 'ǰ' folds to "j" and a mark, but is one letter for re


def test_a_word_in_single_quotes_is_its_word() -> None:
    assert {"sell", "'sell'"} <= sentence_words("We do not 'sell' your data")


def _sentence_words_reference(text: str) -> frozenset[str]:
    # the word-by-word form sentence_words had before its ASCII path and distinct-word loop
    words = set()
    text = text.replace("’", "'").replace("\u0130", "i").replace("\u0131", "i")
    tokens = [t.casefold() for t in re.findall(r"[\w']+", text)]
    possessives = [t[:-2] if t.endswith("'s") else t[:-1] for t in tokens if t.endswith(("'s", "'"))]
    quoted = [t.strip("'") for t in tokens + possessives if t.startswith("'")]
    # every word an apostrophe cuts off (the trigger regexes read "2FA" in "2FA's_"), not a possessive's "s"
    cut = [part for t in tokens if "'" in t for part in t.split("'") if part != "s"]
    for word in tokens + [p.rstrip("'") for p in possessives] + quoted + cut:
        if not word:
            continue
        words.add(word)
        if word.endswith("ies"):
            words.add(word[:-3] + "y")
        if word.endswith("es"):
            words.add(word[:-2])
        if word.endswith("s"):
            words.add(word[:-1])
    return frozenset(words)


@settings(max_examples=300, deadline=None)
@given(ASCII_TEXT | st.text(max_size=60) | st.lists(st.sampled_from(TRIGGER_WORDS + FILLER)).map(" ".join))
def test_sentence_words_are_every_word_with_its_singular_and_stem(text: str) -> None:
    sentence_words.cache_clear()
    assert sentence_words(text) == _sentence_words_reference(text)


def test_a_trigger_an_apostrophe_cuts_off_is_found_by_the_narrowed_matcher() -> None:
    # hypothesis found " 2FA's'" and " 2FA's_": the regex reads "2FA", sentence_words gave only "2fa's'"
    rule = PACK.rule("security.safeguard")
    assert rule is not None and rule.matcher is not None
    for text in (" 2FA's'", " 2FA's_", "We use 'TLS'_ and o'2FA"):
        full = find_hits(rule.matcher, text, where=rule.id)
        rule.matcher.forget_hits()
        assert full
        assert find_hits(rule.matcher, text, where=rule.id, words=sentence_words(text)) == full


def test_a_possessive_trigger_is_found_by_the_narrowed_matcher() -> None:
    # "children's" used to give the words "children's" and "children'" but not the anchor "children"
    rule = PACK.rule("children.age")
    assert rule is not None
    text = "We collect our children's data and your child’s information."
    words = sentence_words(text)
    assert {"children", "child"} <= words
    hits = find_hits(rule.matcher, text, where=rule.id, words=words)
    assert [h.text for h in hits] == ["children", "child"]
