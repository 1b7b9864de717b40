"""Sentences with their offsets, and which sentences of a changed block were removed, added or rewritten.

The classifier looks only at changed sentences: an unchanged sentence beside a change says nothing new.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

import regex
from rapidfuzz import fuzz

from policyvc.classify.guards import comparison_key
from policyvc.classify.words import letters_and_digits

# a sentence ends after [.!?;], closing quotes or brackets and white space, before an opening one and a
# capital or digit; a line break always ends one. Written for `re` without a look-behind (the end mark is
# matched and the split falls after it, in group 1): [^\S\x1c-\x1f] is the `regex` module's \s.
_SENTENCE_END = re.compile(
    r"[.!?;]([\"'”’)\]*_]*[^\S\x1c-\x1f]+)(?=[\"'“‘(\[*_]*[A-Z0-9])|[^\S\x1c-\x1f\n]*\n[^\S\x1c-\x1f]*"
)
# the same without its line-break branch, for text on one line: only an end mark can start a match, which
# `re` finds faster than a match that may start at any white space
_SENTENCE_END_ONE_LINE = re.compile(r"[.!?;]([\"'”’)\]*_]*[^\S\x1c-\x1f]+)(?=[\"'“‘(\[*_]*[A-Z0-9])")
PAIR_SIMILARITY = 45.0  # rapidfuzz ratio (0-100) above which a removed and an added sentence are one rewrite


@dataclass(frozen=True, slots=True)
class Sentence:
    text: str
    start: int  # offset into the change's old_text or new_text
    scan: str = ""  # the text rules read: link targets, URLs and HTML tags blanked out, same offsets
    words: str = ""  # a cheap key: the case-folded words of `scan` (quotes, emphasis, link targets ignored)

    @property
    def end(self) -> int:
        return self.start + len(self.text)

    @property
    def key(self) -> str:
        """Comparison key: case, quotes, punctuation and markup removed (computed on first use, cached)."""
        return comparison_key(self.text)


@dataclass(frozen=True, slots=True)
class SentencePair:
    """A changed sentence: old only (removed), new only (added) or both (rewritten)."""

    old: Sentence | None
    new: Sentence | None


@lru_cache(maxsize=1 << 18)
def split_sentences(text: str) -> tuple[Sentence, ...]:
    """Sentences of a block's display text, with offsets; blank pieces are dropped."""
    sentences: list[Sentence] = []
    position = 0
    ends = _SENTENCE_END if "\n" in text else _SENTENCE_END_ONE_LINE
    for match in (*ends.finditer(text), None):
        if match is None:
            end, after = len(text), len(text)
        else:
            end, after = match.span(1) if match.start(1) >= 0 else match.span()
        piece = text[position:end]
        stripped = piece.strip()
        if stripped:
            offset = position + len(piece) - len(piece.lstrip())
            scan = mask_links(stripped)
            words = letters_and_digits(scan.casefold())
            sentences.append(Sentence(stripped, offset, scan, " ".join(words)))
        position = after
    return tuple(sentences)


_LINK_TARGET = regex.compile(
    r"(?<=\])\([^)\s]*(?:\s+\"[^\"]*\")?\)|\bhttps?://[^\s)\]>]+|<[^>\n]{1,300}>|\{:[^}]*\}"
)


def mask_links(text: str) -> str:
    """Blank out link targets, bare URLs and HTML tags (keeping offsets): 'https' in a URL is not TLS."""
    if not ("](" in text or "http" in text or "<" in text or "{:" in text):
        return text
    masked: str = _LINK_TARGET.sub(lambda m: " " * len(m.group()), text)
    return masked


def changed_sentences(old_text: str, new_text: str) -> list[SentencePair]:
    """Align the sentences of two texts; return only removed, added and rewritten ones."""
    old = split_sentences(old_text)
    new = split_sentences(new_text)
    old_words, new_words = [s.words for s in old], [s.words for s in new]
    pairs: list[SentencePair] = []
    middle = _one_edited_run(old_words, new_words)
    if middle is not None:  # the common case, without a sequence alignment
        i1, i2, j1, j2 = middle
        return _drop_moves(_pair_up(old[i1:i2], new[j1:j2]))
    matcher = SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        pairs.extend(_pair_up(old[i1:i2], new[j1:j2]))
    return _drop_moves(pairs)


def _one_edited_run(old: list[str], new: list[str]) -> tuple[int, int, int, int] | None:
    """The one run of sentences that differs, when every sentence is distinct and the edited runs share none
    (then a sequence alignment could only find the common head and tail); None otherwise."""
    if len(set(old)) != len(old) or len(set(new)) != len(new):
        return None
    head = 0
    while head < min(len(old), len(new)) and old[head] == new[head]:
        head += 1
    tail = 0
    while tail < min(len(old), len(new)) - head and old[-1 - tail] == new[-1 - tail]:
        tail += 1
    i2, j2 = len(old) - tail, len(new) - tail
    if not set(old[head:i2]).isdisjoint(new[head:j2]):
        return None
    return head, i2, head, j2


def _pair_up(old: Sequence[Sentence], new: Sequence[Sentence]) -> list[SentencePair]:
    pairs: list[SentencePair] = []
    used: set[int] = set()
    for sentence in old:
        best, best_score = -1, PAIR_SIMILARITY
        for j, candidate in enumerate(new):
            score = fuzz.ratio(sentence.words, candidate.words) if j not in used else 0.0
            if score > best_score:
                best, best_score = j, score
        if best >= 0:
            used.add(best)
            pairs.append(SentencePair(sentence, new[best]))
        else:
            pairs.append(SentencePair(sentence, None))
    pairs.extend(SentencePair(None, s) for j, s in enumerate(new) if j not in used)
    return pairs


def _drop_moves(pairs: list[SentencePair]) -> list[SentencePair]:
    """A sentence removed in one place and added unchanged in another was moved: not a change of content."""
    removed = {p.old.words for p in pairs if p.new is None and p.old is not None}
    added = {p.new.words for p in pairs if p.old is None and p.new is not None}
    moved = removed & added
    kept = []
    for pair in pairs:
        only = pair.old if pair.new is None else pair.new if pair.old is None else None
        if only is None or only.words not in moved:
            kept.append(pair)
    return kept
