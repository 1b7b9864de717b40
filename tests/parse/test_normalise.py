"""normalise_text / normalise_heading: what must compare equal does, and what must not, does not."""

from __future__ import annotations

import textwrap

import ftfy.bad_codecs  # noqa: F401  (registers the sloppy-windows-1252 codec used to make mojibake)
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from policyvc.parse.markdown import parse_document
from policyvc.parse.normalise import normalise_heading, normalise_text

MARKUP_ALPHABET = st.sampled_from(
    [*"ab Z_*~`[]()!<>/&;#\\-\n\t.:'\"", *"\u00a0\u200b\u2019\u201c\u2014\u00e9\u0301\u00c3\u00a9"]
)


@settings(max_examples=400)
@given(st.text())
def test_normalise_is_idempotent_on_any_text(text: str) -> None:
    once = normalise_text(text)
    assert normalise_text(once) == once


@settings(max_examples=600)
@given(st.text(alphabet=MARKUP_ALPHABET, max_size=40))
@example("\\\\*a*")
@example("&amp;lt;b&amp;gt;x")
@example("**a *b* c**")
@example("[![x](i.png)](u)")
def test_normalise_is_idempotent_on_markup_soup(text: str) -> None:
    once = normalise_text(text)
    assert normalise_text(once) == once


# A word opens with a letter, so a wrapped line never starts like a list item ("1.") or heading.
WORDS = st.builds(
    str.__add__,
    st.sampled_from("abcdefghijklmnopqrstuvwxyzABCDEFGHIJ"),
    st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJ,.;:'\"()0123456789", max_size=13),
)


@given(st.lists(WORDS, min_size=1, max_size=60), st.integers(min_value=8, max_value=100))
def test_hard_wrapped_paragraph_equals_unwrapped(words: list[str], width: int) -> None:
    unwrapped = " ".join(words)
    wrapped = textwrap.fill(unwrapped, width=width, break_long_words=False, break_on_hyphens=False)
    assert normalise_text(wrapped) == normalise_text(unwrapped)
    # and through the parser, where a wrapped paragraph is one block
    assert parse_document(wrapped).sections[0].blocks[0].norm == normalise_text(unwrapped)


PHRASES = [
    "It’s our “Service”",
    "Vocalcom Group’s subsidiaries",
    "données personnelles à l’étranger",
    "Übermittlung an Dritte",
    "naïve café — crème brûlée",
    "Привет, мир",
    "10 € per month",
    "São Paulo – Brasil",
]


@given(st.lists(st.sampled_from(PHRASES), min_size=1, max_size=4))
def test_mojibake_normalises_like_the_original(phrases: list[str]) -> None:
    original = " ".join(phrases)
    for codec in ("sloppy-windows-1252", "latin-1"):
        garbled = original.encode("utf-8").decode(codec)
        assert garbled != original
        assert normalise_text(garbled) == normalise_text(original), codec


@pytest.mark.parametrize(
    ("garbled", "original"),
    [  # examples from ftfy's documentation
        ("âœ” No problems", "✔ No problems"),
        ("The Mona Lisa doesnÃƒÂ¢Ã¢â€šÂ¬Ã¢â€žÂ¢t have eyebrows.", "The Mona Lisa doesn’t have eyebrows."),
        ("Â¯\\_(ã\x83\x84)_/Â¯", "¯\\_(ツ)_/¯"),
        ("ÃºnicamentE", "únicamentE"),
    ],
)
def test_ftfy_documented_mojibake_normalises_like_the_original(garbled: str, original: str) -> None:
    assert normalise_text(garbled) == normalise_text(original)


def test_vocalcom_mojibake_is_repaired() -> None:
    assert normalise_text("the Vocalcom Groupâ€™s subsidiaries") == "the Vocalcom Group's subsidiaries"


WORDS_OF_A_CLAUSE = st.sampled_from(["We", "share", "your", "data", "with", "partners"])


@given(st.lists(WORDS_OF_A_CLAUSE, min_size=2, max_size=12))
def test_typographic_variants_normalise_equal(words: list[str]) -> None:
    plain = " ".join(words)
    fancy = "\u00a0".join(words[:2]) + " \u200b" + " ".join(words[2:])
    assert normalise_text(fancy) == normalise_text(plain)
    assert normalise_text(f"“{plain}” — ‘ok’") == normalise_text(f"\"{plain}\" - 'ok'")


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("We don’t sell data", "We don't sell data"),
        ("“Personal Data”", '"Personal Data"'),
        ("2019–2020 — now", "2019-2020 - now"),
        ("a − b", "a - b"),
        ("no\u00a0break\u202fhere", "no break here"),
        ("zero\u200bwidth\u2060join\ufeff", "zerowidthjoin"),
        ("soft\u00adhyphen", "softhyphen"),
        ("tab\tand\n\nnewlines  ", "tab and newlines"),
        ("ﬁle ﬂow", "file flow"),
        ("＊full width＊", "full width"),
        ("e\u0301", "é"),
        ("We **must** keep _records_ and __logs__", "We must keep records and logs"),
        ("***very*** ~~old~~ `code`", "very old code"),
        ("see [our terms](https://x.example/terms \"Terms\") now", "see our terms now"),
        ("see [our terms](/terms_(v2)) now", "see our terms now"),
        ("see [our terms][tos] now", "see our terms now"),
        ("logo ![GitHub](/logo.png) here", "logo here"),
        ("mail <privacy@example.com> or <https://x.example/a>", "mail privacy@example.com or https://x.example/a"),
        ("<b>bold</b> and <span class='x'>span</span><br/>line", "bold and span line"),
        ("a <!-- hidden --> b", "a b"),
        ("AT&amp;T &nbsp;and&#160;co", "AT&T and co"),
        ("escaped \\*stars\\* and snake\\_case", "escaped stars and snake_case"),
        ("informa-\ntion", "information"),
        ("informa-  \n  tion", "information"),
    ],
)
def test_these_normalise_equal(a: str, b: str) -> None:
    assert normalise_text(a) == normalise_text(b)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("snake_case_name stays", "snake_case_name stays"),
        ("2*3*4 = 24 and 2 * 3 * 4", "2*3*4 = 24 and 2 * 3 * 4"),
        ("a_b and _c_ and d_", "a_b and c and d_"),
        ("We MAY share", "We MAY share"),
        ("pre- and post-processing", "pre- and post-processing"),
        ("well-\nKnown Brand", "well- Known Brand"),
        ("a < b > c", "a < b > c"),
        ("[not a link] here", "[not a link] here"),
        ("10 * 20", "10 * 20"),
    ],
)
def test_these_are_kept(text: str, expected: str) -> None:
    assert normalise_text(text) == expected


def test_case_is_kept() -> None:
    assert normalise_text("We Share Data") != normalise_text("we share data")


def test_words_that_differ_stay_different() -> None:
    assert normalise_text("We do not sell your data") != normalise_text("We do sell your data")
    assert normalise_text("[partners](/a)") != normalise_text("[advertisers](/a)")


@pytest.mark.parametrize(
    ("heading", "expected"),
    [
        ("1. Scope", "Scope"),
        ("2.3 Data we collect", "Data we collect"),
        ("2.3. Data we collect", "Data we collect"),
        ("A. Definitions", "Definitions"),
        ("IV. Your rights", "Your rights"),
        ("(b) Retention", "Retention"),
        ("3) Cookies", "Cookies"),
        ("Section 5: Contact", "Contact"),
        ("Article 12 – Law", "Law"),
        ("**1. Bold numbered**", "Bold numbered"),
        ("U.S. Residents", "U.S. Residents"),
        ("2024 Update", "2024 Update"),
        ("I am a heading", "I am a heading"),
        ("42", "42"),
    ],
)
def test_normalise_heading_drops_leading_numbering(heading: str, expected: str) -> None:
    assert normalise_heading(heading) == expected
