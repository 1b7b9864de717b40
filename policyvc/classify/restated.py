"""Whether a statement a change seems to add or remove is made elsewhere in the other version.

Reorganised policies move promises between sections; the diff then shows a sentence removed here and
a near-identical one added there. That is a move, not a material change. Sharing a trigger word is not
enough: "we may buy or sell assets" (a merger clause) does not restate "we may sell your personal
information to data brokers". The other version must hold the same *statement*: a sentence whose words,
polarity and modal words aside, are near-identical (token-sort ratio ≥ SAME_STATEMENT), in which the rule
finds the same trigger with the same polarity. Named places and entities (a venue, a company) are the one
exception: the name itself is the statement, so the same name under the same rule anywhere is enough.
"""

from __future__ import annotations

from collections.abc import Iterator

from rapidfuzz import fuzz, process

from policyvc.classify.events import Event, Mention, mentions, refines
from policyvc.classify.patterns import sentence_words
from policyvc.classify.polarity import NEGATED
from policyvc.classify.rules import Direction, Rule
from policyvc.classify.sentences import Sentence, split_sentences
from policyvc.model import Document

SAME_STATEMENT = 90.0  # rapidfuzz token_sort_ratio (0-100) of two statement keys that say the same thing
PROBE_WORDS = 2  # a near-identical sentence shares at least one of the query's rarest words
_PRACTICE_KINDS = frozenset(["added", "commitment-removed"])
_PROTECTION_KINDS = frozenset(["removed"])
_ENTITY_KINDS = frozenset(["added", "removed"])
# polarity and modality are compared through the rule's levels, not through the words
_POLARITY_TEXT = """
not never no nor neither do does did don doesn didn t will would won may might can could cannot shall
should must only solely
"""
_POLARITY_WORDS = frozenset(_POLARITY_TEXT.split())


def statement_key(sentence: Sentence) -> str:
    """The sentence's case-folded words without polarity and modal words: what it is about."""
    return " ".join(w for w in sentence.words.split() if w not in _POLARITY_WORDS)


class StatementIndex:
    """The sentences of one version, indexed by word once (on first use), to find a restated statement."""

    def __init__(self, document: Document | None) -> None:
        self._document = document
        self._sentences: list[tuple[Sentence, str]] = []  # sentence, heading path
        self._groups: list[list[int]] = []  # sentences sharing one word key (repeated boilerplate), by key id
        self._keys: list[str] = []  # statement key by key id
        self._postings: dict[str, list[int]] | None = None  # word → key ids
        self._near: dict[str, list[int]] = {}

    def near(self, sentence: Sentence) -> Iterator[tuple[Sentence, str]]:
        """Sentences of this version that make the same statement as `sentence` (any polarity)."""
        key = statement_key(sentence)
        found = self._near.get(key)
        if found is None:
            found = self._near[key] = self._search(key)
        for key_id in found:
            for i in self._groups[key_id]:
                yield self._sentences[i]

    def _search(self, key: str) -> list[int]:
        postings = self._index()
        probes = sorted((w for w in set(key.split()) if w in postings), key=lambda w: len(postings[w]))
        ids = {i for word in probes[:PROBE_WORDS] for i in postings[word]}
        # token-sort ratio ≥ SAME_STATEMENT is out of reach when one key is much longer than the other
        spread = SAME_STATEMENT / (200 - SAME_STATEMENT)  # 2·min / (min + max) ≥ 0.9 ⇔ min / max ≥ 0.82
        low, high = len(key) * spread, len(key) / spread
        choices = {i: self._keys[i] for i in ids if low <= len(self._keys[i]) <= high}
        found = process.extract(
            key, choices, scorer=fuzz.token_sort_ratio, score_cutoff=SAME_STATEMENT, limit=None
        )
        return sorted(i for _, _, i in found)

    def containing(self, words: set[str]) -> Iterator[tuple[Sentence, str]]:
        """Sentences of this version that contain any of `words` (case-folded)."""
        postings = self._index()
        for key_id in sorted({i for word in words for i in postings.get(word, ())}):
            for i in self._groups[key_id]:
                yield self._sentences[i]

    def _index(self) -> dict[str, list[int]]:
        if self._postings is None:
            ids: dict[str, int] = {}  # sentence word key → key id
            for section in self._document.sections if self._document else ():
                heading = " / ".join(section.path)
                for block in section.blocks:
                    for sentence in split_sentences(block.text):
                        key_id = ids.setdefault(sentence.words, len(ids))
                        if key_id == len(self._groups):
                            self._groups.append([])
                        self._groups[key_id].append(len(self._sentences))
                        self._sentences.append((sentence, heading))
            postings: dict[str, list[int]] = {}
            for words, key_id in ids.items():
                key = " ".join(w for w in words.split() if w not in _POLARITY_WORDS)
                self._keys.append(key)
                for word in set(key.split()):
                    postings.setdefault(word, []).append(key_id)
            self._postings = postings
        return self._postings


def restated(event: Event, old: StatementIndex, new: StatementIndex) -> bool:
    """True when the other version makes the same statement elsewhere, so the event is a move."""
    rule = event.rule
    if not event.escalates:
        return False
    if rule.direction is Direction.ADDED and event.kind in _PRACTICE_KINDS:
        if event.kind == "added" and event.new is not None:  # the practice was already stated as strongly
            return any(m.level >= event.new.level for m in _same_statement(event.new, rule, old))
        if event.old is not None:  # a "we do not …" commitment removed: does the new version still make it?
            return any(m.level == NEGATED for m in _same_statement(event.old, rule, new))
    if rule.direction is Direction.REMOVED and event.kind in _PROTECTION_KINDS and event.old is not None:
        return any(m.level >= event.old.level for m in _same_statement(event.old, rule, new))
    if rule.direction in (Direction.EITHER, Direction.CHANGED) and event.kind in _ENTITY_KINDS:
        mention, other = (event.new, old) if event.kind == "added" else (event.old, new)
        return mention is not None and (
            _names_elsewhere(mention, rule, other) or any(_same_statement(mention, rule, other))
        )
    return False


def _same_statement(mention: Mention, rule: Rule, other: StatementIndex) -> Iterator[Mention]:
    """The rule's mentions of the same trigger in the other version's near-identical sentences."""
    for sentence, heading in other.near(mention.sentence):
        for found in mentions(rule, sentence, sentence_words(sentence.scan), heading):
            if found.hit.key == mention.hit.key:
                yield found


def _names_elsewhere(mention: Mention, rule: Rule, other: StatementIndex) -> bool:
    """A named venue or entity ("courts of Santa Clara") that the rule also matches in the other version."""
    names = {w.casefold() for w in _capitalised(mention.hit.text)}
    if "p" not in mention.hit.key or not names:  # only a pattern's hit names a place; a trigger is a word
        return False
    text = normalised(mention.hit.text)
    for sentence, heading in other.containing(names):
        for found in mentions(rule, sentence, sentence_words(sentence.scan), heading):
            if normalised(found.hit.text) == text or refines(mention.hit.text, found.hit.text):
                return True
    return False


def _capitalised(text: str) -> list[str]:
    return [w.strip(".,'’") for w in text.split() if w[:1].isupper() and w.strip(".,'’")[1:].islower()]


def normalised(text: str) -> str:
    return " ".join(text.casefold().replace("-", " ").split()).rstrip(".,")
