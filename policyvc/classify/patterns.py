"""Trigger words and user regexes compiled into one bounded-time matcher per rule.

Every regex runs through the `regex` module with a time limit: a pathological user pattern such as `(a+)+$`
raises RuleError instead of hanging the tool.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import regex

from policyvc.errors import RuleError

MATCH_TIMEOUT = 0.25  # seconds per search over one sentence; generous for any linear pattern
FLAGS = regex.IGNORECASE | regex.V0


@dataclass(frozen=True, slots=True)
class Hit:
    """One trigger occurrence: which trigger (its index in the rule's list), where, and the words."""

    key: str
    start: int
    end: int
    text: str


def word_pattern(trigger: str) -> str:
    """A literal trigger as a regex: words joined by flexible space or hyphen, last word inflected."""
    alternatives = []
    for alternative in trigger.split("|"):
        words = alternative.strip().split()
        if not words:
            continue
        parts = [regex.escape(w) for w in words[:-1]]
        last = words[-1]
        if last.endswith("y") and len(last) > 2 and last[-2] not in "aeiou":
            parts.append(regex.escape(last[:-1]) + "(?:y|ies)")
        elif last[-1:].isalpha():
            parts.append(regex.escape(last) + "(?:s|es)?")
        else:
            parts.append(regex.escape(last))
        alternatives.append(r"[\s\-]+".join(parts))
    return "(?:" + "|".join(alternatives) + ")"


@dataclass(frozen=True, slots=True)
class Matcher:
    """Trigger words compiled with the standard `re` (generated, linear patterns) and user regexes with
    `regex` (run under a time limit)."""

    words: re.Pattern[str] | None
    patterns: regex.Pattern[str] | None


def compile_matcher(
    triggers: Sequence[str], patterns: Sequence[str], *, where: str, field: str = "patterns", prefix: str = ""
) -> Matcher | None:
    """Named groups per trigger (t0, t1 …) and per pattern (p0, p1 …): the group name is the hit's key,
    so two inflections of one trigger ("sell|sold") share a key."""
    words = None
    if triggers:
        alternatives = "|".join(rf"(?P<{prefix}t{i}>{word_pattern(t)})" for i, t in enumerate(triggers))
        # one word boundary before the whole alternation lets the engine skip most positions at once
        words = re.compile(rf"\b(?<![\w\-])(?:{alternatives})(?![\w\-])", re.IGNORECASE)
    groups = []
    for i, pattern in enumerate(patterns):
        try:
            regex.compile(pattern, FLAGS)
        except regex.error as exc:
            raise RuleError(f"{where}: field '{field}': invalid regex {pattern!r} ({exc})") from None
        groups.append(rf"(?P<{prefix}p{i}>{pattern})")
    if words is None and not groups:
        return None
    return Matcher(words, regex.compile("|".join(groups), FLAGS) if groups else None)


_TOKEN = regex.compile(r"[\w'’]+")


_COMMON_TEXT = """
information data personal provide other account this that access privacy service services product products
contact business under available purpose purposes protection change changes email public action address
control context network content party parties use using your our their with from about
"""
_COMMON = frozenset(_COMMON_TEXT.split())


def anchor_words(triggers: Sequence[str]) -> frozenset[str]:
    """One word per trigger alternative, the longest uncommon one: without it the alternative cannot match."""
    anchors = set()
    for trigger in triggers:
        for alternative in trigger.split("|"):
            words = _TOKEN.findall(alternative.casefold().replace("’", "'"))
            if words:
                rare = [w for w in words if w not in _COMMON] or words
                anchors.add(max(rare, key=len))
    return frozenset(anchors)


@lru_cache(maxsize=65536)
def sentence_words(text: str) -> frozenset[str]:
    """Every word of a sentence with its singular and stem forms, to test anchors cheaply."""
    words = set()
    for word in _TOKEN.findall(text.casefold().replace("’", "'")):
        words.add(word)
        if word.endswith("ies"):
            words.add(word[:-3] + "y")
        if word.endswith("es"):
            words.add(word[:-2])
        if word.endswith("s"):
            words.add(word[:-1])
    return frozenset(words)


def compile_heading_matcher(words: Sequence[str]) -> regex.Pattern[str] | None:
    """Context words match anywhere in a heading path ("third part" matches "Third parties")."""
    return regex.compile("|".join(regex.escape(w) for w in words), FLAGS) if words else None


def find_hits(matcher: Matcher | None, text: str, *, where: str) -> list[Hit]:
    """Every non-empty match of a rule's matcher in text, in order; user regexes are bounded in time."""
    if matcher is None or not text:
        return []
    hits = []
    if matcher.words is not None:
        hits = [Hit(m.lastgroup or "", m.start(), m.end(), m.group()) for m in matcher.words.finditer(text)]
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
    return hits
