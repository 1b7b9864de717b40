"""Where a trigger stands in its sentence, when that decides whether it states anything.

Three places where a trigger names something without the organisation saying it does it:

- the term a definition defines: "'Third-Party Content' means …" defines content, it discloses nothing
  (what the term *means* is still read: "'Partners' means … and data brokers");
- the object of the reader's right: "you have the right to opt out of the sale of your data" or "to request
  that we disclose what we … sell" names a practice the right is about (a right the organisation reserves,
  "we reserve the right to sell", is its own practice);
- a list of names governed by a phrase a rule rules out (`not_after`): "outside of the European Union, EFTA
  States, Brazil, or the United Kingdom" names where data leaves from, "users in Brazil" where people live.
"""

from __future__ import annotations

from functools import lru_cache

import regex

from policyvc.classify.polarity import clause_before

_EDGES = ".,;:()[]\"'“”‘’*_"  # stripped from a word's ends before it is read

# ---------------------------------------------------------------- defined terms

_DEFINES = (
    r"(?:means|mean|shall\s+mean|refers?\s+to|shall\s+refer\s+to|(?:is|are)\s+defined\s+as"
    r"|(?:has|have|shall\s+have)\s+the\s+meaning)\b"
)
_QUOTED_TERM = regex.compile(
    # "Term" means, **“Term”** means, “**Term**” refers to, 'Term' (or "Terms") means
    r"""(?:^|(?<=[\s(\[]))[*_]{0,2}["“‘'][*_]{0,2}(?P<term>[^"“”‘’\n]{1,80}?)[*_]{0,2}["”’'][*_]{0,2}"""
    r"\s*(?:\([^()\n]{0,60}\)\s*)?,?\s*" + _DEFINES,
    regex.IGNORECASE,
)
_OPENING_TERM = regex.compile(
    # a definition opening its sentence with a capitalised term: "Third-Party Services means …", "(a) …"
    r"^(?:[-*+]\s+|\(?[0-9a-zA-Z]{1,3}[.)]\s+)?[*_]{0,2}"
    r"(?P<term>\p{Lu}[\p{L}\p{N}'’\-]*(?:\s+(?:of\s+|and\s+|the\s+)?\p{Lu}[\p{L}\p{N}'’\-]*){0,5})"
    r"[*_]{0,2},?\s+" + _DEFINES,
)
DEFINING_WORDS = frozenset(["means", "mean", "refers", "refer", "defined", "meaning"])


@lru_cache(maxsize=4096)
def defined_terms(sentence: str) -> tuple[tuple[int, int], ...]:
    """The spans of the terms a sentence defines ("'Third-Party Content' means …" → the span of the term)."""
    spans = [m.span("term") for m in _QUOTED_TERM.finditer(sentence)]
    opening = _OPENING_TERM.match(sentence)
    if opening is not None:
        spans.append(opening.span("term"))
    return tuple(spans)


# ---------------------------------------------------------------- the object of the reader's right

_RIGHT = regex.compile(r"\brights?\s+(?:not\s+)?to\b", regex.IGNORECASE)
# who holds the right: the nearest of these words before it ("you grant us the right" is ours)
_READER = frozenset(
    [
        "you", "your", "yourself", "consumer", "consumers", "user", "users", "resident", "residents",
        "individual", "individuals", "customer", "customers", "subject", "subjects", "parent", "parents",
        "member", "members", "people", "person", "persons", "everyone",
    ]
)  # fmt: skip
_OURS = frozenset(["we", "us", "our", "ourselves", "reserve", "reserves", "reserved"])
_NOT_A_HOLDER = frozenset(
    ["the", "a", "an", "this", "these", "such", "each", "any", "every", "right", "rights", "under"]
)
# a new clause with its own subject ends the right's reach: "…, and we sell", "but …", "; (ii) …"
_SCOPE_END = regex.compile(
    r";|\b(?:but|however)\b|\b(?:and|or|while|whereas|although|though|because|since|so)\s*,?\s+"
    r"(?:we|our|(?-i:\p{Lu}[\p{L}\-]*))\b",
    regex.IGNORECASE,
)


@lru_cache(maxsize=4096)
def reader_rights(sentence: str) -> tuple[tuple[int, int], ...]:
    """The spans a reader's right covers: from "the right to" to the end of the sentence or of its clause."""
    spans = []
    for right in _RIGHT.finditer(sentence):
        if not _readers(sentence, right.start()):
            continue
        end = _SCOPE_END.search(sentence, right.end())
        spans.append((right.end(), end.start() if end else len(sentence)))
    return tuple(spans)


def _readers(sentence: str, start: int) -> bool:
    """Whether the right starting at `start` is the reader's: the nearest holder before it in its clause is
    the reader, or the sentence names no one before it (an item of a list of rights: "The right to opt out
    of the sale …"; a licence "with the right to sublicense" is the licensee's)."""
    clause, _ = clause_before(sentence, start)
    for word in reversed(clause.split()):
        folded = word.strip(_EDGES).casefold()
        if folded in _READER:
            return True
        if folded in _OURS or (word[:1].isupper() and folded not in _NOT_A_HOLDER):
            return False  # ours, or a named organisation's ("GitHub has the right to")
    return all(_LIST_MARK.fullmatch(w.strip(_EDGES).casefold()) for w in sentence[:start].split())


_LIST_MARK = regex.compile(r"|the|a|[0-9]{1,2}|[a-z]|[ivx]{1,4}")


def in_spans(spans: tuple[tuple[int, int], ...], start: int, end: int) -> bool:
    """Whether [start, end) overlaps one of the spans."""
    return any(s < end and start < e for s, e in spans)


def starts_in(spans: tuple[tuple[int, int], ...], start: int) -> bool:
    """Whether `start` falls in one of the spans ("the right to sublicense" begins before its reach)."""
    return any(s <= start < e for s, e in spans)


# ---------------------------------------------------------------- a list of names after a phrase

LIST_REACH = 200  # characters a list of names may stretch back from one of its names
_TOKEN = regex.compile(r"\S+")
_JOINERS = frozenset(["the", "and", "or", "&", "/", "-", "–"])


def list_start(sentence: str, start: int) -> int:
    """Where the list of names holding the name at `start` begins: in "outside of the European Union, EFTA
    States, Brazil" the offset of "the". Names are capitalised words joined by commas, "and", "or", "the"
    and an "of" inside a name ("Republic of Korea")."""
    tokens = list(_TOKEN.finditer(sentence, max(0, start - LIST_REACH), start))
    begin = start
    for index in range(len(tokens) - 1, -1, -1):
        word = tokens[index].group().strip(_EDGES)
        inside_a_name = word == "of" and index > 0 and tokens[index - 1].group()[:1].isupper()
        if not (word == "" or word.casefold() in _JOINERS or word[:1].isupper() or inside_a_name):
            break
        begin = tokens[index].start()
    return begin


def governed(pattern: regex.Pattern[str], sentence: str, start: int) -> bool:
    """Whether the list of names holding the name at `start` follows a phrase `pattern` ends on."""
    begin = list_start(sentence, start)
    return pattern.search(sentence[max(0, begin - LIST_REACH) : begin]) is not None


def phrase_pattern(phrases: tuple[str, ...]) -> regex.Pattern[str] | None:
    """One pattern that finds any of `phrases` (words joined by any space) at the end of a text."""
    if not phrases:
        return None
    alternatives = sorted((r"\s+".join(regex.escape(w) for w in p.split()) for p in phrases), key=len)
    return regex.compile(r"(?<![\w\-])(?:" + "|".join(reversed(alternatives)) + r")\s*$", regex.IGNORECASE)
