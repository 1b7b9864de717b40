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

from bisect import bisect_right
from collections import Counter, OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate

from rapidfuzz import fuzz, process

from policyvc.classify.events import Event, Mention, mentions, refines
from policyvc.classify.patterns import sentence_words
from policyvc.classify.polarity import NEGATED
from policyvc.classify.rules import Direction, Rule
from policyvc.classify.sentences import Sentence, split_sentences
from policyvc.classify.words import letters_and_digits
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
    return _statement_key(sentence.words)


@lru_cache(maxsize=1 << 16)
def _statement_key(words: str) -> str:
    # a version's sentences are read again for every statement searched near them
    return " ".join(w for w in words.split() if w not in _POLARITY_WORDS)


class StatementIndex:
    """The blocks of one version, indexed by word once (on first use), to find a restated statement.

    Blocks, not sentences, are indexed: only the few blocks that share a query's rarest words are split."""

    def __init__(self, document: Document | None, other: StatementIndex | None = None) -> None:
        self._document = document
        self._version: _VersionWords | None = None
        self._other = other  # the other version of the change set: an index is derived from its index
        if other is not None:
            other._other = self

    def near(self, sentence: Sentence) -> list[tuple[Sentence, str]]:
        """Sentences of this version that make the same statement as `sentence` (any polarity)."""
        version = self._words()
        key = statement_key(sentence)
        found = version.near.get(key)
        if found is None:
            found = version.near[key] = _search(version, key)
        return found

    def containing(self, words: set[str]) -> Iterator[tuple[Sentence, str]]:
        """Sentences of this version in blocks that contain any of `words` (case-folded)."""
        version = self._words()
        for text_id in sorted({i for word in words for i in version.postings(word)}):
            for sentence in split_sentences(version.texts[text_id]):
                for heading in version.headings[text_id]:
                    yield sentence, heading

    def _words(self) -> _VersionWords:
        if self._version is None:
            blocks = _blocks(self._document)
            self._version = _KEPT.get(blocks)
            if self._version is None:
                # derived from the other version of the change set, else from the last version indexed (in a
                # history, the version before); exact from any base, and counted afresh if they differ much
                base = self._other._built() if self._other is not None else None
                base = base if base is not None else next(reversed(_KEPT.values()), None)
                self._version = _KEPT[blocks] = _index(blocks) if base is None else _derive(base, blocks)
                if len(_KEPT) > VERSIONS_KEPT:
                    _KEPT.popitem(last=False)
            _KEPT.move_to_end(blocks)
        return self._version

    def _built(self) -> _VersionWords | None:
        """This version's index if it is built or kept already (nothing is built)."""
        if self._version is None:
            self._version = _KEPT.get(_blocks(self._document))
        return self._version


@dataclass(slots=True)
class _VersionWords:
    """One version's distinct block texts, the headings each sits under, how often each word occurs (counted
    at once, in C), and which blocks hold a word (found by a text search, only for the words looked up)."""

    texts: list[str]  # distinct block texts (repeated boilerplate is indexed once)
    headings: list[list[str]]  # by text id: the heading path of every block with that text
    folded: str = ""  # the case-folded texts, one per line
    starts: list[int] = field(default_factory=list)  # by text id: where it starts in `folded`
    counts: Counter[str] = field(default_factory=Counter)  # word → occurrences in the version
    holding: dict[str, list[int]] = field(default_factory=dict)  # word → text ids, for the words looked up
    near: dict[str, list[tuple[Sentence, str]]] = field(default_factory=dict)  # statement key → found

    def postings(self, word: str) -> list[int]:
        """The ids of the texts that hold `word` (case-folded) as a whole word, in order."""
        found = self.holding.get(word)
        if found is None:
            found = self.holding[word] = self._search(word) if word in self.counts else []
        return found

    def _search(self, word: str) -> list[int]:
        folded, starts, size = self.folded, self.starts, len(word)
        found: list[int] = []
        at = folded.find(word)
        while at >= 0:
            end = at + size
            before, after = folded[at - 1 : at], folded[end : end + 1]
            if not before.isalnum() and not after.isalnum():  # "" at either end is no letter either
                text_id = bisect_right(starts, at) - 1
                if not found or found[-1] != text_id:
                    found.append(text_id)
            at = folded.find(word, end)
        return found


# A history compares each version with the one before and the one after: a version's index is built once and
# kept for its next comparison (keyed by its headings and block texts, so a re-parsed version finds it too).
VERSIONS_KEPT = 4
_KEPT: OrderedDict[tuple[tuple[str, str], ...], _VersionWords] = OrderedDict()


def _blocks(document: Document | None) -> tuple[tuple[str, str], ...]:
    """(heading path, text) of every block of a version, in order."""
    blocks: list[tuple[str, str]] = []
    for section in document.sections if document else ():
        heading = " / ".join(section.path)
        blocks.extend((heading, block.text) for block in section.blocks)
    return tuple(blocks)


def forget_indexes() -> None:
    """Drop the kept version indexes and statement keys (a benchmark's cold start)."""
    _KEPT.clear()
    _statement_key.cache_clear()


def _index(blocks: tuple[tuple[str, str], ...]) -> _VersionWords:
    version = _texts(blocks)
    version.counts = Counter(letters_and_digits(version.folded))
    return version


def _derive(base: _VersionWords, blocks: tuple[tuple[str, str], ...]) -> _VersionWords:
    """The index of a version from the index of another version of the policy: the words of the texts only
    one of them has are counted, not every word again. Equal to _index(blocks)."""
    version = _texts(blocks)
    before, after = set(base.texts), set(version.texts)
    gone = "\n".join(t for t in base.texts if t not in after)
    came = "\n".join(t for t in version.texts if t not in before)
    if 2 * (len(gone) + len(came)) > len(version.folded):  # rewritten more than it was kept: count afresh
        version.counts = Counter(letters_and_digits(version.folded))
        return version
    counts = base.counts.copy()
    removed = Counter(letters_and_digits(gone.casefold()))
    counts.subtract(removed)
    counts.update(letters_and_digits(came.casefold()))
    for word in removed:
        if counts[word] <= 0:
            del counts[word]
    version.counts = counts
    return version


def _texts(blocks: tuple[tuple[str, str], ...]) -> _VersionWords:
    """A version's distinct block texts with their headings, and the texts case-folded (words not counted)."""
    ids: dict[str, int] = {}  # block text → text id
    version = _VersionWords([], [])
    for heading, text in blocks:
        text_id = ids.setdefault(text, len(ids))
        if text_id == len(version.texts):
            version.texts.append(text)
            version.headings.append([])
        if heading not in version.headings[text_id]:
            version.headings[text_id].append(heading)
    folded = [text.casefold() for text in version.texts]
    version.starts = list(accumulate((len(text) + 1 for text in folded[:-1]), initial=0))
    version.folded = "\n".join(folded)
    return version


def _search(version: _VersionWords, key: str) -> list[tuple[Sentence, str]]:
    counts = version.counts  # the rarest words of the key first
    probes = sorted((w for w in set(key.split()) if w in counts), key=lambda w: counts[w])
    # token-sort ratio ≥ SAME_STATEMENT is out of reach when one key is much longer than the other
    spread = SAME_STATEMENT / (200 - SAME_STATEMENT)  # 2·min / (min + max) ≥ 0.9 ⇔ min / max ≥ 0.82
    low, high = len(key) * spread, len(key) / spread
    choices: list[tuple[Sentence, int]] = []
    keys: list[str] = []
    for text_id in sorted({i for word in probes[:PROBE_WORDS] for i in version.postings(word)}):
        for candidate in split_sentences(version.texts[text_id]):
            candidate_key = statement_key(candidate)
            if low <= len(candidate_key) <= high:
                choices.append((candidate, text_id))
                keys.append(candidate_key)
    scored = process.extract(key, keys, scorer=fuzz.token_sort_ratio, score_cutoff=SAME_STATEMENT, limit=None)
    return [
        (choices[i][0], heading)
        for _, _, i in sorted(scored, key=lambda s: s[2])
        for heading in version.headings[choices[i][1]]
    ]


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
