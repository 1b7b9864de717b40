"""How strongly a sentence affirms the words a rule matched: negated, limited or weakened, or affirmed.

Polarity is read in the clause before the trigger ("we do **not** sell", "we **may** respond"), so
"Do Not Track" or "the right to object" do not negate themselves, and a "but" or a semicolon ends the reach
of a negation.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import regex

NEGATED, LIMITED, AFFIRMED = 0, 1, 2  # levels; absent is -1
WINDOW_WORDS = 8

_BOUNDARY = regex.compile(
    r"[,;:()\[\]—–]|\s-\s|\b(?:but|however|although|though|whereas|while|unless|except|if|when|where)\b",
    regex.IGNORECASE,
)
_WORDS = regex.compile(r"\S+")
_NEGATION = regex.compile(
    r"\b(?:not|never|no|nor|neither|without|cannot|no\s+longer|refrains?\s+from|refrained\s+from"
    r"|ceases?\s+to|ceased\s+to|declines?\s+to|prohibited\s+from)\b"
    r"(?!\s+(?:liable|responsible|endorse|guarantee|warrant|control|obliged|obligated|required|only|limited|necessarily)\b)|\b\w+n(?:['’]|&apos;?|&#0?39;)t\b",
    regex.IGNORECASE,
)
_LIMIT = regex.compile(
    r"\b(?:only|solely|exclusively|strictly\s+limited)\b|\bwith\s+your\s+(?:prior\s+|express\s+|explicit\s+)?"
    r"(?:consent|permission)\b|\bif\s+you\s+(?:opt\s+in|consent|agree|choose)\b"
    # data that no longer identifies anyone: "we share aggregated, de-identified information"
    r"|\b(?:aggregated?|de-?identified|anonymi[sz]ed|anonymous|pseudonymi[sz]ed)\b",
    regex.IGNORECASE,
)
_WEAK_MODAL = regex.compile(
    r"\b(?:we|company|it|they)\s+(?:\w+\s+)?(?:may|might|could|can)\b"
    r"|\b(?:try|aim|endeavou?r|attempt|seek)\s+to\b|\bat\s+our\s+(?:sole\s+)?discretion\b"
    r"|\bwhere\s+(?:possible|feasible|practicable)\b|\breasonable\s+efforts\b",
    regex.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Cue:
    """The words that set a trigger's polarity ("do not", "only", "may"), offsets relative to the sentence."""

    text: str
    start: int
    end: int


def clause_before(sentence: str, start: int) -> tuple[str, int]:
    """The text of the clause that leads up to offset `start`, at most WINDOW_WORDS words, and its offset."""
    head = sentence[:start]
    # Only the last WINDOW_WORDS + 1 words can hold the clause: scanning from there keeps this constant-time
    # on long sentences (a boundary that starts earlier ends, at the latest, where the window starts).
    window = _window_start(head)
    # from one character early: a " - " boundary starts with the space before the window's first word
    boundaries = list(_BOUNDARY.finditer(head, max(0, window - 1)))
    clause_start = boundaries[-1].end() if boundaries else window
    words = list(_WORDS.finditer(head, clause_start))
    if len(words) > WINDOW_WORDS:
        clause_start = words[-WINDOW_WORDS].start()
    return head[clause_start:], clause_start


def _window_start(head: str) -> int:
    """Start of the (WINDOW_WORDS + 1)-th word from the end of `head` (0 when it has fewer words)."""
    tail = max(0, len(head) - _TAIL)
    while True:
        words = list(_WORDS.finditer(head, tail))
        if len(words) >= WINDOW_WORDS + 2 or tail == 0:  # the first word of a tail may be cut: never use it
            return words[-WINDOW_WORDS - 1].start() if len(words) > WINDOW_WORDS else 0
        tail = max(0, tail - _TAIL)


_TAIL = 160


def reading_clause(sentence: str, start: int) -> tuple[str, int]:
    """The clause that sets a trigger's polarity: the one before it, or, when the trigger follows a comma
    directly ("we do not, and will not, sell"; "we do not sell, share"), the clause before that comma."""
    clause, offset = clause_before(sentence, start)
    if not clause.strip() and sentence[:offset].endswith(","):
        return clause_before(sentence, offset - 1)
    return clause, offset


@lru_cache(maxsize=65536)
def practice_level(sentence: str, start: int) -> tuple[int, Cue | None]:
    """For a practice (sharing, collection …): NEGATED, LIMITED ("only", "with your consent"), AFFIRMED."""
    clause, offset = reading_clause(sentence, start)
    negation = _last(_NEGATION, clause)
    if negation is not None:
        return NEGATED, Cue(negation.group(), offset + negation.start(), offset + negation.end())
    listed = _negated_list_lead_in(sentence, start)
    if listed is not None:
        return NEGATED, listed
    limit = _limit_cue(sentence)
    return (LIMITED, limit) if limit is not None else (AFFIRMED, None)


def _negated_list_lead_in(sentence: str, start: int) -> Cue | None:
    """The negation of a lead-in a trigger is listed under ("we will not use your data for: (a) profiling,
    (b) data selling"): the clause before the last colon is negated, the items reach the trigger with no
    subject or contrast of their own ("…: we share it"), and the lead-in is not the reader's prohibition."""
    colon = sentence.rfind(": ", 0, start)
    if colon < 0 or _OWN_CLAUSE.search(sentence, colon + 1, start) is not None:
        return None
    clause, offset = reading_clause(sentence, colon)
    negation = _last(_NEGATION, clause)
    if negation is None or readers_prohibition(clause):
        return None
    return Cue(negation.group(), offset + negation.start(), offset + negation.end())


# an item list ends where a clause with its own subject, or a contrast, begins
_OWN_CLAUSE = regex.compile(
    r"\b(?:we|you|they|it|he|she|but|however|although|though|whereas|unless|except)\b", regex.IGNORECASE
)


def readers_prohibition(lead_in: str) -> bool:
    """A lead-in that forbids the reader something ("You agree not to:") promises nothing of ours; one whose
    subject is us or the organisation's name ("Example Corp will not:") does."""
    return _WE.search(lead_in) is None and _YOU.search(lead_in) is not None


_WE = regex.compile(r"\b(?:we|We|WE)\b")
_YOU = regex.compile(r"\byou\b", regex.IGNORECASE)


@lru_cache(maxsize=4096)
def _limit_cue(sentence: str) -> Cue | None:
    # one search per sentence, however many triggers and rules read it
    limit = _LIMIT.search(sentence)
    return Cue(limit.group(), limit.start(), limit.end()) if limit is not None else None


@lru_cache(maxsize=65536)
def protection_level(sentence: str, start: int) -> tuple[int, Cue | None]:
    """For a protection (opt-out, right, notice …): NEGATED, LIMITED (weakened: "we may") or AFFIRMED."""
    clause, offset = reading_clause(sentence, start)
    negation = _last(_NEGATION, clause)
    if negation is not None:
        return NEGATED, Cue(negation.group(), offset + negation.start(), offset + negation.end())
    weak = _last(_WEAK_MODAL, clause)
    if weak is not None:
        return LIMITED, Cue(weak.group(), offset + weak.start(), offset + weak.end())
    return AFFIRMED, None


def _last(pattern: regex.Pattern[str], text: str) -> regex.Match[str] | None:
    found = None
    for found in pattern.finditer(text):  # noqa: B007 - the last match is the one nearest the trigger
        pass
    return found
