"""Whether a practice or protection a change seems to add or remove is stated elsewhere in the other version.

Reorganised policies move promises between sections; the diff then shows a sentence removed here and
another added there. A removed opt-out that the new version still offers elsewhere, or a recipient "added"
that the old version already named, is a substantive rewording, not a material change.
"""

from __future__ import annotations

from policyvc.classify.events import ABSENT, Event, mentions, refines
from policyvc.classify.patterns import sentence_words
from policyvc.classify.polarity import NEGATED
from policyvc.classify.rules import Direction, Rule
from policyvc.classify.sentences import Sentence, split_sentences
from policyvc.model import Document

_PRACTICE_KINDS = frozenset(["added", "commitment-removed"])
_PROTECTION_KINDS = frozenset(["removed"])
_ENTITY_KINDS = frozenset(["added", "removed"])


class DocumentMentions:
    """Per rule, the strongest level of each trigger key across a whole document, computed on demand."""

    def __init__(self, document: Document | None) -> None:
        self._document = document
        self._sentences: list[tuple[Sentence, frozenset[str], str]] | None = None
        self._levels: dict[str, dict[str, set[int]]] = {}
        self._texts: dict[str, set[str]] = {}
        self._raw: dict[str, set[str]] = {}

    def level(self, rule: Rule, key: str) -> int:
        """The strongest level the key reaches anywhere (ABSENT when never mentioned)."""
        self._scan(rule)
        return max(self._levels[rule.id].get(key, {ABSENT}))

    def negated(self, rule: Rule, key: str) -> bool:
        """Whether the document says anywhere that the organisation does not do this."""
        self._scan(rule)
        return NEGATED in self._levels[rule.id].get(key, set())

    def has_text(self, rule: Rule, text: str) -> bool:
        """Whether the rule matched these words, or a rewording naming the same places, anywhere."""
        self._scan(rule)
        return normalised(text) in self._texts[rule.id] or any(refines(text, o) for o in self._raw[rule.id])

    def _scan(self, rule: Rule) -> None:
        if rule.id in self._levels:
            return
        levels: dict[str, set[int]] = {}
        texts: set[str] = set()
        raw: set[str] = set()
        for sentence, words, heading in self._all_sentences():
            if not (rule.may_match(words) or rule.may_match_in_context(words)):
                continue
            for mention in mentions(rule, sentence, words, heading):
                levels.setdefault(mention.hit.key, set()).add(mention.level)
                texts.add(normalised(mention.hit.text))
                raw.add(mention.hit.text)
        self._levels[rule.id] = levels
        self._texts[rule.id] = texts
        self._raw[rule.id] = raw

    def _all_sentences(self) -> list[tuple[Sentence, frozenset[str], str]]:
        if self._sentences is None:
            self._sentences = [
                (sentence, sentence_words(sentence.scan), " / ".join(section.path))
                for section in (self._document.sections if self._document else ())
                for block in section.blocks
                for sentence in split_sentences(block.text)
            ]
        return self._sentences


def restated(event: Event, old: DocumentMentions, new: DocumentMentions) -> bool:
    """True when the other version states the same thing elsewhere, so the event is a move, not a change."""
    rule = event.rule
    if not event.escalates:
        return False
    if rule.direction is Direction.ADDED and event.kind in _PRACTICE_KINDS:
        if event.kind == "added" and event.new is not None:
            return old.level(rule, event.new.hit.key) >= event.new.level
        if event.old is not None:  # a "we do not …" commitment removed: does the new version still make it?
            return new.negated(rule, event.old.hit.key)
    if rule.direction is Direction.REMOVED and event.kind in _PROTECTION_KINDS and event.old is not None:
        return new.level(rule, event.old.hit.key) >= event.old.level
    if rule.direction in (Direction.EITHER, Direction.CHANGED) and event.kind in _ENTITY_KINDS:
        if event.kind == "added" and event.new is not None:
            return old.has_text(rule, event.new.hit.text)
        if event.old is not None:
            return new.has_text(rule, event.old.hit.text)
    return False


def normalised(text: str) -> str:
    return " ".join(text.casefold().replace("-", " ").split()).rstrip(".,")
