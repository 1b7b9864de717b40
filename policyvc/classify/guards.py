"""Editorial guards: what a change must not touch to count as wording noise.

A comparison key erases case, quotes, dashes, punctuation, emphasis, list numbering, link targets and
mojibake; two texts with equal keys differ only editorially. A typo fix is a small edit that touches no
guard word.
"""

from __future__ import annotations

import html
import unicodedata
from collections.abc import Callable
from functools import lru_cache
from typing import Protocol

import regex
from rapidfuzz.distance import Levenshtein

from policyvc.classify.words import has_letter_or_digit, letters_and_digits

_LINK = regex.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_REF_LINK = regex.compile(r"\[([^\]]+)\]\[[^\]]*\]")
_URL = regex.compile(r"\b(?:https?://|www\.)[^\s)>\]]+", regex.IGNORECASE)
_ENUMERATOR = regex.compile(r"^\s*(?:[#>*+-]+\s+)?(?:\(?(?:\d+|[a-z]|[ivxlc]+)[.)]\s+)+", regex.IGNORECASE)
_INVISIBLE = regex.compile(r"[\u200b-\u200f\u2060\ufeff\u00ad]")
_SCHEME = regex.compile(r"^(?:https?://)?(?:www\.)?", regex.IGNORECASE)
_BROKEN_APOSTROPHE = regex.compile(r"&apos;?|&#0?39;")
_DATE_LINE = regex.compile(
    r"^\W*(?:last\s+(?:updated|modified|revised|changed)|(?:date\s+)?(?:updated|revised)"
    r"|effective(?:\s+date|\s+as\s+of|\s+from|\s+on)?"
    r"|(?:date|version)\s+(?:of\s+)?(?:last\s+)?(?:revision|update|effect))\b",
    regex.IGNORECASE,
)
_GUARD_TEXT = """
not no never nor neither none without cannot can't won't don't doesn't didn't isn't aren't shouldn't
may might must shall should will would can could only solely exclusively except unless always all any
some every each more less fewer longer shorter before after within
"""
GUARD_WORDS = frozenset(_GUARD_TEXT.split())
_ARTICLES = frozenset(["a", "an", "the"])
_DETERMINERS = _ARTICLES | frozenset("our your their its his her my this that these those".split())  # noqa: SIM905
_PREPOSITIONS = frozenset("of to in on at by for with from into onto about upon as".split())  # noqa: SIM905


class TriggerGuard(Protocol):
    def touches_trigger(self, word: str) -> bool: ...


@lru_cache(maxsize=65536)
def comparison_key(text: str) -> str:
    """Lower-case words only: no punctuation, quotes, emphasis, link targets, numbering or mojibake."""
    if text.isascii():
        pass  # no mojibake, nothing NFKC changes, no invisible characters
    elif _maybe_mojibake(text):
        import ftfy  # 30 ms to import: only a text that looks like mojibake needs it

        text = _INVISIBLE.sub("", ftfy.fix_text(text, normalization="NFKC"))
    else:
        text = _INVISIBLE.sub("", unicodedata.normalize("NFKC", text))
    if "&" in text:
        text = html.unescape(_BROKEN_APOSTROPHE.sub("'", text))
    if "[" in text:
        text = _REF_LINK.sub(r"\1", _LINK.sub(r"\1", text))
    if "://" in text or "www." in text.casefold():
        text = _URL.sub(lambda m: _url_path(m.group()), text)
    return " ".join(letters_and_digits(_ENUMERATOR.sub("", text).casefold()))


def entity_words(text: str) -> frozenset[str]:
    """Case-folded words written with a capital inside a sentence: names of organisations and places."""
    return frozenset(m.group(1).casefold() for m in _INNER_CAPITAL.finditer(text))


_INNER_CAPITAL = regex.compile(r"(?<=[\p{L},;:)]\s+)(\p{Lu}[\p{L}\p{N}]*)")


def prose_key(text: str) -> str:
    """The comparison key with every Markdown link (text and target) replaced by one marker word."""
    return comparison_key(_LINK.sub(" link ", _REF_LINK.sub(" link ", text)))


def _maybe_mojibake(text: str) -> bool:
    return any(ch in text for ch in "ÃÂâ€™œ\x80\x93\x94")


def _url_path(url: str) -> str:
    # a host-only or scheme-only change of a link is editorial: compare links by their path
    without_scheme: str = _SCHEME.sub("", url)
    _, _, path = without_scheme.partition("/")
    return path.rstrip("/")


def is_date_line(text: str) -> bool:
    """A short 'Last updated: …' / 'Effective date: …' line."""
    return len(text) <= 120 and _DATE_LINE.search(text.strip().strip("*_#> ")) is not None


def is_label(text: str) -> bool:
    """A label rather than a sentence: '**Generally for all websites**', 'Consent:'. A short list item
    ('By telephone', 'Biometric data') is content, not a label."""
    stripped = text.strip()
    if stripped.endswith(":"):
        return True
    if stripped[:1] not in ("*", "_"):  # not wrapped in emphasis: a label only if it has no word at all
        return not has_letter_or_digit(stripped)
    words = letters_and_digits(stripped)
    return not words or (len(words) <= 8 and _EMPHASIS_ONLY.fullmatch(stripped) is not None)


_EMPHASIS_ONLY = regex.compile(r"(\*\*|__|\*|_).+\1[.:]?")


def run_in_label(text: str, at: int) -> tuple[int, str] | None:
    """The run-in label of the line holding offset `at` ("**Sale**. We do not sell …"): where the label ends
    and its words. A run-in label is the heading of its paragraph, not a statement. None when the line has no
    such label: emphasis that ends without a full stop or colon, runs on into its sentence, is alone on its
    line (a list item "**Data brokers**" is content), is long, or reads as a statement ("**We never sell your
    data.**" — a subject, a negation or a modal)."""
    if "*" not in text and "_" not in text:
        return None
    line = text.rfind("\n", 0, at) + 1
    return _run_in_labels(text).get(line)


def has_run_in_labels(text: str) -> bool:
    """Whether some line of the text opens with a run-in label."""
    return ("*" in text or "_" in text) and bool(_run_in_labels(text))


@lru_cache(maxsize=4096)
def _run_in_labels(text: str) -> dict[int, tuple[int, str]]:
    found: dict[int, tuple[int, str]] = {}
    for match in _RUN_IN.finditer(text):
        words = match.group("words").strip().rstrip(".:").strip()
        folded = letters_and_digits(words.casefold())
        ended = match.group("words").rstrip()[-1:] in (".", ":") or match.group("after")
        if not ended or not folded or len(folded) > _LABEL_WORDS:
            continue
        if folded[0] in _SUBJECTS or not GUARD_WORDS.isdisjoint(folded) or "n't" in words:
            continue  # a statement set in bold, not a topic
        found[match.start()] = (match.end("label"), words)
    return found


_RUN_IN = regex.compile(
    r"^[ \t]*(?:[-*+][ \t]+|\(?(?:\d{1,3}|[a-z]|[ivx]{1,4})[.)][ \t]+)?"
    r"(?P<label>(?P<mark>\*\*|__|\*|_)(?P<words>[^*_\n]{1,120}?)(?P=mark)[ \t]*(?P<after>[.:])?)[ \t]+(?=\S)",
    regex.MULTILINE | regex.IGNORECASE,
)
_LABEL_WORDS = 8
_SUBJECTS = frozenset("we you they it i he she our your".split())  # noqa: SIM905


def typo_edits(
    old_key: str,
    new_key: str,
    guard: TriggerGuard,
    entities: frozenset[str] | Callable[[], frozenset[str]] = frozenset(),
) -> list[tuple[str, str]] | None:
    """The word edits between two comparison keys if every one is a typo fix; None if any touches a guard.

    `entities` are the (case-folded) capitalised names of both texts (or a function giving them, called
    only when a word is replaced): a changed name is never a typo."""
    old_words, new_words = old_key.split(), new_key.split()
    edits: list[tuple[str, str]] = []
    for i1, i2, j1, j2 in _edited_regions(old_words, new_words):
        removed, added = old_words[i1:i2], new_words[j1:j2]
        if removed and len(removed) == len(added):
            if callable(entities):
                entities = entities()
            for before, after in zip(removed, added, strict=True):
                if {before, after} == {"a", "an"}:  # "a information" → "an information"
                    edits.append((before, after))
                    continue
                if before in entities or after in entities or not _small_edit(before, after, guard):
                    return None
                edits.append((before, after))
        elif (removed and added and _joined_or_split(removed, added)) or (
            not (removed and added) and _slip_word(old_words, new_words, i1, i2, j1, j2, guard)
        ):
            edits.append((" ".join(removed), " ".join(added)))
        else:
            return None
    return edits


def _edited_regions(old: list[str], new: list[str]) -> list[tuple[int, int, int, int]]:
    """Word ranges (old i1:i2, new j1:j2) that differ, adjacent edits merged (rapidfuzz's word alignment)."""
    regions: list[tuple[int, int, int, int]] = []
    for op in Levenshtein.opcodes(old, new):
        if op.tag == "equal":
            continue
        if regions and regions[-1][1] == op.src_start and regions[-1][3] == op.dest_start:
            i1, _, j1, _ = regions.pop()
            regions.append((i1, op.src_end, j1, op.dest_end))
        else:
            regions.append((op.src_start, op.src_end, op.dest_start, op.dest_end))
    return regions


def _small_edit(before: str, after: str, guard: TriggerGuard) -> bool:
    if any(ch.isdigit() for ch in before + after) or {before, after} & GUARD_WORDS:
        return False
    if guard.touches_trigger(before) or guard.touches_trigger(after):
        return _same_trigger_stem(before, after)
    distance = Levenshtein.distance(before, after)
    shortest = min(len(before), len(after))
    return shortest >= 4 and distance <= (1 if shortest < 6 else 2)


def _same_trigger_stem(before: str, after: str) -> bool:
    # "informaton" → "information" inside a trigger area is fine; "share" → "sell" is not. Two neighbouring
    # letters swapped ("thrid" → "third") is a slip of the keys, and a trigger word so swapped is not a word
    if len(before) == len(after) >= 4 and _swapped(before, after):
        return True
    return Levenshtein.distance(before, after) == 1 and min(len(before), len(after)) >= 6


def _swapped(before: str, after: str) -> bool:
    """The same letters with one pair of neighbours exchanged: "thrid" / "third"."""
    differ = [i for i, (a, b) in enumerate(zip(before, after, strict=True)) if a != b]
    return len(differ) == 2 and differ[1] == differ[0] + 1 and before[differ[0]] == after[differ[1]] and (
        before[differ[1]] == after[differ[0]]
    )


def _joined_or_split(removed: list[str], added: list[str]) -> bool:
    return "".join(removed) == "".join(added)


def _slip_word(
    old: list[str], new: list[str], i1: int, i2: int, j1: int, j2: int, guard: TriggerGuard
) -> bool:
    """One word removed or added that is a slip of the keyboard: a doubled word ("the the"), a stray
    article beside another determiner ("the our") or a stray preposition beside another ("to of")."""
    words, start, end = (old, i1, i2) if i2 > i1 else (new, j1, j2)
    if end - start != 1:
        return False
    word = words[start]
    if word in GUARD_WORDS or guard.touches_trigger(word):
        return False
    neighbours = words[start - 1 : start] + words[end : end + 1]
    if word in neighbours:
        return True
    if word in _ARTICLES:
        return not _DETERMINERS.isdisjoint(neighbours)
    return word in _PREPOSITIONS and not _PREPOSITIONS.isdisjoint(neighbours)
