"""Trigger words and user regexes compiled into one bounded-time matcher per rule.

Every regex runs through the `regex` module with a time limit: a pathological user pattern such as `(a+)+$`
raises RuleError instead of hanging the tool.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import regex

from policyvc.classify.words import tokens
from policyvc.errors import RuleError

MATCH_TIMEOUT = 0.25  # seconds per search over one sentence; generous for any linear pattern
FLAGS = regex.IGNORECASE | regex.V0
NARROWED_CACHE = 4096  # narrowed trigger regexes kept per matcher (one per set of alternatives)
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
class Choice:
    """One alternative of a trigger ("data broker" of "data broker|data brokers"): its group (the trigger's
    key), its regex, the one word it cannot match without (anchor) and every word it needs (its spelling,
    None for a non-ASCII alternative, which is never ruled out by its words)."""

    group: str
    pattern: str
    anchor: str
    spelling: frozenset[str] | None


@dataclass(frozen=True, slots=True)
class Matcher:
    """Trigger words compiled with the standard `re` (generated, linear patterns) and user regexes with
    `regex` (run under a time limit). `choices` keeps every trigger's alternatives, in order, with the words
    each needs, so a sentence is scanned only for the alternatives it can hold."""

    words_source: str | None  # the whole trigger regex, compiled on first use (most sentences need a part)
    patterns: regex.Pattern[str] | None
    choices: tuple[Choice, ...] = ()
    anchors: frozenset[str] = frozenset()
    by_anchor: dict[str, tuple[int, ...]] = field(default_factory=dict, compare=False, hash=False, repr=False)
    # by the alternatives a sentence can hold: the trigger regex of only those (or None: none can match)
    _narrowed: dict[tuple[int, ...], re.Pattern[str]] = field(
        default_factory=dict, compare=False, hash=False, repr=False
    )
    # by sentence: a sentence repeated across a document, or read again to test a restatement, is scanned once
    _hits: dict[str, tuple[Hit, ...]] = field(default_factory=dict, compare=False, hash=False, repr=False)
    _whole: list[re.Pattern[str]] = field(default_factory=list, compare=False, hash=False, repr=False)

    @property
    def words(self) -> re.Pattern[str] | None:
        """The whole trigger regex (every alternative of every trigger), compiled on first use."""
        if self.words_source is None:
            return None
        if not self._whole:
            self._whole.append(re.compile(self.words_source, re.IGNORECASE))
        return self._whole[0]

    def words_in(self, present: frozenset[str] | None) -> re.Pattern[str] | None:
        """The trigger regex narrowed to the alternatives a text whose sentence_words are `present` can hold
        (every word of the alternative is present), in their order: it finds what the whole regex finds, as
        the others cannot match. None when no alternative can match; the whole regex without `present`."""
        if present is None or self.words_source is None:
            return self.words
        possible = self.possible(present)
        if not possible:
            return None
        if len(possible) == len(self.choices):
            return self.words
        narrowed = self._narrowed.get(possible)
        if narrowed is None:
            if len(self._narrowed) >= NARROWED_CACHE:
                self._narrowed.clear()
            groups: dict[str, list[str]] = {}
            for index in possible:
                groups.setdefault(self.choices[index].group, []).append(self.choices[index].pattern)
            alternation = "|".join(f"(?P<{group}>(?:{'|'.join(found)}))" for group, found in groups.items())
            narrowed = re.compile(_WORDS_TEMPLATE.format(alternation), re.IGNORECASE)
            self._narrowed[possible] = narrowed
        return narrowed

    def possible(self, present: frozenset[str]) -> tuple[int, ...]:
        """The indexes of the choices whose every word is among `present`, in order."""
        return tuple(sorted(self._holdable(present)))

    def could_match(self, present: frozenset[str]) -> bool:
        """Whether a text whose sentence_words are `present` can hold any of the triggers (user regexes are
        not ruled out)."""
        return self.patterns is not None or any(True for _ in self._holdable(present))

    def _holdable(self, present: frozenset[str]) -> Iterator[int]:
        choices, by_anchor = self.choices, self.by_anchor
        for anchor in self.anchors & present:
            for index in by_anchor[anchor]:
                spelling = choices[index].spelling
                if spelling is None or spelling <= present:
                    yield index

    def forget_narrowed(self) -> None:
        """Drop the narrowed regexes and remembered hits (a benchmark's cold start)."""
        self._narrowed.clear()
        self.forget_hits()

    def forget_hits(self) -> None:
        """Drop the remembered hits, so that the next find_hits scans again."""
        self._hits.clear()


def compile_matcher(
    triggers: Sequence[str], patterns: Sequence[str], *, where: str, field: str = "patterns", prefix: str = ""
) -> Matcher | None:
    """Named groups per trigger (t0, t1 …) and per pattern (p0, p1 …): the group name is the hit's key,
    so two inflections of one trigger ("sell|sold") share a key."""
    words: str | None = None
    choices = tuple(
        Choice(f"{prefix}t{i}", alternative_pattern(a), _anchor(a), _spelling(a))
        for i, t in enumerate(triggers)
        for a in t.split("|")
        if a.split()
    )
    if triggers:
        groups = "|".join(rf"(?P<{prefix}t{i}>{word_pattern(t)})" for i, t in enumerate(triggers))
        words = _WORDS_TEMPLATE.format(groups)
    groups_p = []
    for i, pattern in enumerate(patterns):
        try:
            regex.compile(pattern, FLAGS)
        except regex.error as exc:
            raise RuleError(f"{where}: field '{field}': invalid regex {pattern!r} ({exc})") from None
        groups_p.append(rf"(?P<{prefix}p{i}>{pattern})")
    if words is None and not groups_p:
        return None
    by_anchor: dict[str, list[int]] = {}
    for index, choice in enumerate(choices):
        by_anchor.setdefault(choice.anchor, []).append(index)
    user = regex.compile("|".join(groups_p), FLAGS) if groups_p else None
    anchors = frozenset(by_anchor)
    return Matcher(words, user, choices, anchors, {a: tuple(found) for a, found in by_anchor.items()})


def _spelling(alternative: str) -> frozenset[str] | None:
    """The words a sentence must hold (as sentence_words spells them) for the alternative to match it:
    every word, the last one uninflected ("data brokers" holds "broker"). None for a non-ASCII alternative."""
    if not alternative.isascii():
        return None
    return frozenset(tokens(alternative.casefold()))


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
        words = set(tokens(text.lower()))
    else:  # split as `re` does, then fold: folding can turn a mark into a letter ("2FA\u0345" → "2faι");
        # `re` matches 'İ' and 'ı' to "i"
        text = text.replace("’", "'").replace("\u0130", "i").replace("\u0131", "i")
        words = {word.casefold() for word in tokens(text)}
    if "'" in text:
        # a possessive is its word: "children's data", "your child's information", "users' content"
        words.update([w.removesuffix("s").rstrip("'") for w in words if w.endswith(("'s", "'"))])
        # a word in single quotes is its word: "'sell'" (the trigger regexes match it between the quotes)
        words.update([w.strip("'") for w in words if w.startswith("'")])
        # and any word an apostrophe cuts off, as the trigger regexes read it: " 2FA's_" holds "2FA"
        words.update([part for w in words if "'" in w for part in w.split("'") if part != "s"])
    words.discard("")
    for word in [w for w in words if w.endswith("s")]:  # only a word ending in s has a singular or stem
        words.add(word[:-1])
        if word.endswith("es"):
            words.add(word[:-2])
            if word.endswith("ies"):
                words.add(word[:-3] + "y")
    return frozenset(words)


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
    trigger_words = matcher.words_in(words)
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
