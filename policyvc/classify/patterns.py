"""Trigger words and user regexes compiled into one bounded-time matcher per rule.

Every regex runs through the `regex` module with a time limit: a pathological user pattern such as `(a+)+$`
raises RuleError instead of hanging the tool.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import regex

from policyvc.errors import RuleError

MATCH_TIMEOUT = 0.25  # seconds per search over one sentence; generous for any linear pattern
FLAGS = regex.IGNORECASE | regex.V0
NARROWED_CACHE = 4096  # narrowed trigger regexes kept per matcher (one per set of anchors seen)
NARROW_AFTER = 8  # sentences with one set of anchors before a regex narrowed to them is compiled
HITS_CACHE = 16384  # sentences whose trigger hits a matcher remembers (then it starts over)


@dataclass(frozen=True, slots=True)
class Hit:
    """One trigger occurrence: which trigger (its index in the rule's list), where, and the words."""

    key: str
    start: int
    end: int
    text: str


def word_pattern(trigger: str) -> str:
    """A literal trigger as a regex: words joined by flexible space or hyphen, last word inflected."""
    return "(?:" + "|".join(alternative_pattern(a) for a in trigger.split("|") if a.split()) + ")"


def alternative_pattern(alternative: str) -> str:
    """One alternative of a trigger ("data broker") as a regex."""
    words = alternative.strip().split()
    parts = [regex.escape(w) for w in words[:-1]]
    last = words[-1]
    if last.endswith("y") and len(last) > 2 and last[-2] not in "aeiou":
        parts.append(regex.escape(last[:-1]) + "(?:y|ies)")
    elif last[-1:].isalpha():
        parts.append(regex.escape(last) + "(?:s|es)?")
    else:
        parts.append(regex.escape(last))
    return r"[\s\-]+".join(parts)


# one word boundary before the whole alternation lets the engine skip most positions at once
_WORDS_TEMPLATE = r"\b(?<![\w\-])(?:{})(?![\w\-])"


@dataclass(frozen=True, slots=True)
class Matcher:
    """Trigger words compiled with the standard `re` (generated, linear patterns) and user regexes with
    `regex` (run under a time limit). `alternatives` keeps each trigger's alternatives with the one word
    (anchor) they cannot match without, so a sentence is scanned only for the alternatives it can hold."""

    words: re.Pattern[str] | None
    patterns: regex.Pattern[str] | None
    alternatives: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = ()  # (group, ((anchor, regex), …))
    anchors: frozenset[str] = frozenset()
    # by anchor: the words of each of its alternatives (None: not ASCII, so not ruled out by its words)
    spellings: dict[str, tuple[frozenset[str] | None, ...]] = field(
        default_factory=dict, compare=False, hash=False, repr=False
    )
    _narrowed: dict[frozenset[str], re.Pattern[str] | None] = field(
        default_factory=dict, compare=False, hash=False, repr=False
    )
    _seen: dict[frozenset[str], int] = field(default_factory=dict, compare=False, hash=False, repr=False)
    # by sentence: a sentence repeated across a document, or read again to test a restatement, is scanned once
    _hits: dict[str, tuple[Hit, ...]] = field(default_factory=dict, compare=False, hash=False, repr=False)

    def words_in(self, present: frozenset[str] | None, *, spelled: bool = False) -> re.Pattern[str] | None:
        """The trigger regex narrowed to the alternatives whose anchor is among `present` words; with
        `spelled` (`present` is the sentence_words of the text), to the anchors that have an alternative
        whose every word is present. None when no alternative can match.

        A narrowed regex is compiled once its set of anchors has come up NARROW_AFTER times: compiling
        costs as much as dozens of scans with the full regex."""
        if present is None or self.words is None:
            return self.words
        anchors = self.anchors & present
        if spelled and anchors:
            spellings = self.spellings
            anchors = frozenset(
                a for a in anchors if any(s is None or s <= present for s in spellings.get(a, (None,)))
            )
        if anchors == self.anchors:
            return self.words
        try:
            return self._narrowed[anchors]
        except KeyError:
            if not anchors:
                return None  # no alternative can match
            seen = self._seen.get(anchors, 0) + 1
            if len(self._seen) < 4 * NARROWED_CACHE:
                self._seen[anchors] = seen
            if seen < NARROW_AFTER or len(self._narrowed) >= NARROWED_CACHE:
                return self.words
            groups = [
                f"(?P<{group}>(?:{'|'.join(pattern for anchor, pattern in choices if anchor in anchors)}))"
                for group, choices in self.alternatives
                if any(anchor in anchors for anchor, _ in choices)
            ]
            narrowed = re.compile(_WORDS_TEMPLATE.format("|".join(groups)), re.IGNORECASE) if groups else None
            self._narrowed[anchors] = narrowed
            return narrowed

    def could_match(self, present: frozenset[str]) -> bool:
        """Whether a text whose sentence_words are `present` can hold any of the triggers (user regexes are
        not ruled out)."""
        if self.patterns is not None:
            return True
        spellings = self.spellings
        return any(
            s is None or s <= present for a in self.anchors & present for s in spellings.get(a, (None,))
        )

    def forget_narrowed(self) -> None:
        """Drop the narrowed regexes and remembered hits (a benchmark's cold start)."""
        self._narrowed.clear()
        self._seen.clear()
        self.forget_hits()

    def forget_hits(self) -> None:
        """Drop the remembered hits, so that the next find_hits scans again."""
        self._hits.clear()


def compile_matcher(
    triggers: Sequence[str], patterns: Sequence[str], *, where: str, field: str = "patterns", prefix: str = ""
) -> Matcher | None:
    """Named groups per trigger (t0, t1 …) and per pattern (p0, p1 …): the group name is the hit's key,
    so two inflections of one trigger ("sell|sold") share a key."""
    words = None
    alternatives = tuple(
        (f"{prefix}t{i}", tuple((_anchor(a), alternative_pattern(a)) for a in t.split("|") if a.split()))
        for i, t in enumerate(triggers)
    )
    if triggers:
        groups = "|".join(rf"(?P<{prefix}t{i}>{word_pattern(t)})" for i, t in enumerate(triggers))
        words = re.compile(_WORDS_TEMPLATE.format(groups), re.IGNORECASE)
    groups_p = []
    for i, pattern in enumerate(patterns):
        try:
            regex.compile(pattern, FLAGS)
        except regex.error as exc:
            raise RuleError(f"{where}: field '{field}': invalid regex {pattern!r} ({exc})") from None
        groups_p.append(rf"(?P<{prefix}p{i}>{pattern})")
    if words is None and not groups_p:
        return None
    anchors = frozenset(anchor for _, choices in alternatives for anchor, _ in choices)
    user = regex.compile("|".join(groups_p), FLAGS) if groups_p else None
    spellings: dict[str, list[frozenset[str] | None]] = {}
    for trigger in triggers:
        for alternative in trigger.split("|"):
            if alternative.split():
                spellings.setdefault(_anchor(alternative), []).append(_spelling(alternative))
    return Matcher(words, user, alternatives, anchors, {a: tuple(s) for a, s in spellings.items()})


def _spelling(alternative: str) -> frozenset[str] | None:
    """The words a sentence must hold (as sentence_words spells them) for the alternative to match it:
    every word, the last one uninflected ("data brokers" holds "broker"). None for a non-ASCII alternative."""
    if not alternative.isascii():
        return None
    return frozenset(_WORD_TOKEN.findall(alternative.casefold()))


_TOKEN = regex.compile(r"[\w'’]+")


_COMMON_TEXT = """
information data personal provide other account this that access privacy service services product products
contact business under available purpose purposes protection change changes email public action address
control context network content party parties use using your our their with from about
"""
_COMMON = frozenset(_COMMON_TEXT.split())


def anchor_words(triggers: Sequence[str]) -> frozenset[str]:
    """One word per trigger alternative, the longest uncommon one: without it the alternative cannot match."""
    return frozenset(_anchor(a) for t in triggers for a in t.split("|") if _TOKEN.search(a))


def _anchor(alternative: str) -> str:
    # any word of an alternative must occur for it to match; the longest uncommon one occurs least often
    words = _TOKEN.findall(alternative.casefold().replace("’", "'"))
    rare = [w for w in words if w not in _COMMON and len(w) > 3] or words
    return max(rare, key=len) if rare else ""


@lru_cache(maxsize=65536)
def sentence_words(text: str) -> frozenset[str]:
    """Every word of a sentence with its singular and stem forms, to test anchors cheaply: the words a
    case-insensitive trigger regex can match in it, each case-folded."""
    if text.isascii():
        words = set(_WORD_TOKEN.findall(text.lower()))
    else:  # split as `re` does, then fold: folding can turn a mark into a letter ("2FA\u0345" → "2faι");
        # `re` matches 'İ' and 'ı' to "i"
        text = text.replace("’", "'").replace("\u0130", "i").replace("\u0131", "i")
        words = {word.casefold() for word in _WORD_TOKEN.findall(text)}
    if "'" in text:
        # a possessive is its word: "children's data", "your child's information", "users' content"
        words.update([w.removesuffix("s").rstrip("'") for w in words if w.endswith(("'s", "'"))])
        # a word in single quotes is its word: "'sell'" (the trigger regexes match it between the quotes)
        words.update([w.strip("'") for w in words if w.startswith("'")])
    words.discard("")
    for word in [w for w in words if w.endswith("s")]:  # only a word ending in s has a singular or stem
        words.add(word[:-1])
        if word.endswith("es"):
            words.add(word[:-2])
            if word.endswith("ies"):
                words.add(word[:-3] + "y")
    return frozenset(words)


# words as the trigger regexes (standard `re`) see them: a combining mark ends a word for both
_WORD_TOKEN = re.compile(r"[\w']+")


def compile_heading_matcher(words: Sequence[str]) -> regex.Pattern[str] | None:
    """Context words match anywhere in a heading path ("third part" matches "Third parties")."""
    return regex.compile("|".join(regex.escape(w) for w in words), FLAGS) if words else None


def find_hits(
    matcher: Matcher | None, text: str, *, where: str, words: frozenset[str] | None = None
) -> list[Hit]:
    """Every non-empty match of a rule's matcher in text, in order; user regexes are bounded in time.

    `words` (the sentence_words of text), when given, skips the trigger alternatives that cannot match."""
    if matcher is None or not text:
        return []
    known = matcher._hits.get(text)
    if known is None:
        known = _scan(matcher, text, where, words)
        if len(matcher._hits) >= HITS_CACHE:
            matcher._hits.clear()
        matcher._hits[text] = known
    return list(known)


def _scan(matcher: Matcher, text: str, where: str, words: frozenset[str] | None) -> tuple[Hit, ...]:
    hits = []
    trigger_words = matcher.words_in(words, spelled=words is not None)
    if trigger_words is not None:
        hits = [Hit(m.lastgroup or "", m.start(), m.end(), m.group()) for m in trigger_words.finditer(text)]
    if matcher.patterns is not None:
        try:
            for match in matcher.patterns.finditer(text, timeout=MATCH_TIMEOUT):
                if match.end() > match.start() and match.lastgroup:
                    hits.append(Hit(match.lastgroup, match.start(), match.end(), match.group()))
        except TimeoutError:
            raise RuleError(
                f"{where}: field 'patterns': a regex took longer than {MATCH_TIMEOUT}s on a "
                f"{len(text)}-character sentence (nested repetition such as '(a+)+'); simplify the pattern"
            ) from None
        hits.sort(key=lambda h: h.start)
    return tuple(hits)
