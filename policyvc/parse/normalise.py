"""Normalisation for comparison only: two texts that a reader would call the same normalise equal.

Display always keeps the original text; the normalised form decides whether an edit is only formatting.
"""

from __future__ import annotations

import functools
import html
import re
import unicodedata

# Mojibake is UTF-8 read as cp1252/latin-1: a lead byte (Ã, Â, â, Ð, æ, ...) shown as a letter, then a
# continuation byte (0x80-0xBF) shown as one of these. ftfy is slow, so it runs only when such a pair appears.
_CONTINUATION = (
    "\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    "\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122"
)
_MOJIBAKE_HINT = re.compile(f"[\u00c2-\u00f4][{_CONTINUATION}]")

_CHAR_MAP: dict[str, str] = {
    **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032", "'"),
    **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb", '"'),
    **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d", "-"),
    **dict.fromkeys("\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e", ""),
    **dict.fromkeys("\t\x0b\x0c\r\u0085\u1680\u2028\u2029", " "),
}
# str.translate with a dict costs a lookup per character; a regex touches only the characters to replace.
_MAPPED_CHAR = re.compile("[" + "".join(_CHAR_MAP) + "]")
# Patterns start with a literal so that re can skip ahead to it; a lookbehind comes after the literal.
_HYPHENATED_BREAK = re.compile(r"-(?<=[^\W\d_]-)[ \t]*\n[ \t]*(?=[^\W\d_A-Z])")
_BACKSLASH_ESCAPE = re.compile(r"\\+(?=[!-/:-@\[-`{-~])")
_IMAGE = re.compile(r"!\[[^\[\]]*\]\([^()]*(?:\([^()]*\)[^()]*)*\)")
_INLINE_LINK = re.compile(r"\[([^\[\]]*)\]\([^()]*(?:\([^()]*\)[^()]*)*\)")
_REFERENCE_LINK = re.compile(r"\[([^\[\]]+)\]\[[^\[\]]*\]")
_AUTOLINK = re.compile(r"<((?:https?|ftp|mailto):[^<>\s]+|[^<>\s@]+@[^<>\s@]+\.[^<>\s@]+)>")
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_INLINE_TAG = re.compile(
    r"</?(?:a|abbr|b|bdi|bdo|cite|code|del|dfn|em|font|i|ins|kbd|mark|q|s|samp|small|span|strike|strong|sub"
    r"|sup|time|tt|u|var)(?:\s[^<>]*)?/?>",
    re.IGNORECASE,
)
_BLOCK_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
# Emphasis: a run of 1-3 markers that opens before a non-space and closes after one. Markers inside words
# (snake_case, 2*3*4) are not emphasis: an opener may not follow a word char, a closer may not precede one.
# The span is bounded so that a stray opener costs at most that much scanning, not the rest of a 5 MB text.
_STAR_EMPHASIS = re.compile(r"\*(?<![\w*]\*)(\*{0,2})(?=[^\s*])(.{1,3000}?)(?<=[^\s*])\*\1(?![\w*])")
_UNDERSCORE_EMPHASIS = re.compile(r"_(?<![\w_]_)(_{0,2})(?=[^\s_])(.{1,3000}?)(?<=[^\s_])_\1(?![\w_])")
_STRIKETHROUGH = re.compile(r"~~(?<!~~~)(?=\S)(.{1,3000}?)(?<=\S)~~(?!~)")
# Anything that could still be markup after one pass; only then is a second pass worth its cost.
_MARKUP_LEFT = re.compile(r"[&<*_\[\\`~]")

_LEADING_NUMBER = re.compile(
    r"^(?:(?:section|article|chapter|part|clause|§)\s*(?:\d+(?:\.\d+)*|[IVXLCDM]{1,6}|[A-Z])\.?"
    r"|\d+(?:\.\d+)+\.?"  # 2.3 or 2.3.
    r"|(?:\d+|[A-Z]|[IVXLCDM]{1,6})[.)]"  # 1. 3) A. IV.
    r"|\((?:\d+|[A-Z]|[IVXLCDM]{1,6})\))"  # (b) (iv) (2)
    r"(?:\s*[-:]\s*|\s+)",
    re.IGNORECASE,
)


@functools.lru_cache(maxsize=1 << 16)
def normalise_text(text: str) -> str:
    """The comparison form of a text: repaired, NFKC, plain quotes and dashes, no markup, one-space gaps."""
    # Cached: two versions of a policy share most of their blocks, so the second parse is mostly hits.
    result = _normalise_once(text)
    # Removing one layer of markup can reveal another (an escaped or entity-encoded marker), and trimmed
    # context can change ftfy's mind; settle it here so that normalising twice changes nothing.
    for _ in range(4):
        if not _MARKUP_LEFT.search(result) and (result.isascii() or not _MOJIBAKE_HINT.search(result)):
            break
        again = _normalise_once(result)
        if again == result:
            break
        result = again
    return result


def normalise_heading(text: str) -> str:
    """A heading's comparison form: normalised text without leading numbering ("2.3", "A.", "IV.")."""
    normalised = normalise_text(text)
    stripped = _LEADING_NUMBER.sub("", normalised, count=1)
    return stripped if stripped else normalised


def _normalise_once(text: str) -> str:
    if "&" in text:
        text = _unescape_entities(text)
    if not text.isascii():
        if _MOJIBAKE_HINT.search(text):
            import ftfy  # 30 ms to import: only a text that looks like mojibake needs it

            text = ftfy.fix_encoding(text)
        text = _nfkc_mapped(text)
    if "-" in text and "\n" in text:
        text = _HYPHENATED_BREAK.sub("", text)
    stripped = _strip_markup(text)
    # Removing markup can bring a combining mark next to a letter; only then is NFKC needed again.
    recompose = stripped != text and not stripped.isascii()
    text = " ".join(stripped.split())
    if recompose:
        text = _nfkc_mapped(text)
    return text


def _nfkc_mapped(text: str) -> str:
    """NFKC, then plain quotes/dashes/spaces; removing a zero-width char can let NFKC compose once more."""
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    if _MAPPED_CHAR.search(text):
        # A few C-speed replaces beat a Python callback per quote mark on a long text.
        for char, replacement in _CHAR_MAP.items():
            if char in text:
                text = text.replace(char, replacement)
        if not unicodedata.is_normalized("NFKC", text):
            text = unicodedata.normalize("NFKC", text)
    return text


def _unescape_entities(text: str) -> str:
    for _ in range(4):
        unescaped = html.unescape(text)
        if unescaped == text:
            break
        text = unescaped
    return text


def _strip_markup(text: str) -> str:
    if "\\" in text:
        text = _BACKSLASH_ESCAPE.sub("", text)
    if "]" in text:
        text = _IMAGE.sub("", text)
        text = _INLINE_LINK.sub(r"\1", text)
        text = _REFERENCE_LINK.sub(r"\1", text)
    if "<" in text:
        text = _AUTOLINK.sub(r"\1", text)
        text = _HTML_COMMENT.sub(" ", text)
        text = _INLINE_TAG.sub("", text)
        text = _BLOCK_TAG.sub(" ", text)
    if "`" in text:
        text = text.replace("`", "")
    if "*" in text or "_" in text or "~" in text:
        text = " ".join(text.split())
        for _ in range(3):
            before = text
            if "*" in text:
                text = _STAR_EMPHASIS.sub(r"\2", text)
            if "_" in text:
                text = _UNDERSCORE_EMPHASIS.sub(r"\2", text)
            if "~~" in text:
                text = _STRIKETHROUGH.sub(r"\1", text)
            if text == before:
                break
    return text
