"""Promises that move between sections (a reorganised policy) read as moves, not as material changes;
sharing a trigger word with some other sentence is not a restatement."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from policyvc.classify import restated
from policyvc.classify.restated import StatementIndex
from policyvc.classify.sentences import split_sentences
from policyvc.compare import compare_texts
from policyvc.model import Classification
from policyvc.parse.markdown import parse_document

REPO = Path(__file__).resolve().parents[2]
SOLD = "We may sell your personal information to data brokers and advertising partners."

OLD = """# Privacy

## Summary

We collect your name. We do not sell your personal information.

## Marketing

You can opt out of marketing emails at any time using the link in each email.
"""

REORGANISED = """# Privacy

## Summary

We collect your name.

## Selling data

We never sell your personal information.

## Email

You can opt out of our marketing emails at any time using the link in each email.
"""

DROPPED = """# Privacy

## Summary

We collect your name.

## Email

We send marketing emails.
"""


def test_promises_restated_elsewhere_are_not_material() -> None:
    assessment = compare_texts(OLD, REORGANISED)
    findings = [f for c in assessment.changes for f in c.findings]
    assert assessment.classification is Classification.SUBSTANTIVE, [(f.rule, f.reason) for f in findings]
    restated = [f for f in findings if "says the same elsewhere" in f.reason]
    assert {f.rule for f in restated} >= {"sharing.sale"}


def test_promises_really_dropped_are_material() -> None:
    assessment = compare_texts(OLD, DROPPED)
    findings = [f for c in assessment.changes for f in c.findings]
    material = {f.rule for f in findings if f.classification is Classification.MATERIAL}
    assert {"sharing.sale", "choice.opt-out"} <= material


def test_venue_restated_in_another_sentence_is_a_rewording() -> None:
    old = (
        "# Terms\n\n## Law\n\nClaims are heard exclusively in the courts of Santa Clara.\n\n"
        "## Other\n\nBe nice.\n"
    )
    new = (
        "# Terms\n\n## Law\n\nThese terms are governed by law.\n\n## Other\n\nBe nice. "
        "Claims go to the courts of Santa Clara County, California, USA.\n"
    )
    assessment = compare_texts(old, new)
    venue = [f for c in assessment.changes for f in c.findings if f.rule == "dispute.law-and-venue"]
    assert venue and all(f.classification is Classification.SUBSTANTIVE for f in venue), venue
    moved_abroad = compare_texts(old, new.replace("Santa Clara County, California, USA", "Dublin, Ireland"))
    assert moved_abroad.classification is Classification.MATERIAL


def test_a_sale_sharing_only_trigger_words_with_the_old_version_is_material() -> None:
    # the old version says "we may buy or sell assets" (a merger) and names advertising partners and data
    # brokers in another sentence; neither states that personal information is sold to them
    old = (REPO / "examples" / "privacy-revised.md").read_text(encoding="utf-8")
    heading = "### Use of personal information\n"
    new = old.replace(heading, f"{heading}\n{SOLD}\n", 1)
    assessment = compare_texts(old, new)
    findings = [f for c in assessment.changes for f in c.findings]
    assert assessment.classification is Classification.MATERIAL, [(f.rule, f.reason) for f in findings]
    material = {f.rule for f in findings if f.classification is Classification.MATERIAL}
    assert {"sharing.sale", "sharing.new-recipient"} <= material
    assert not any("elsewhere" in f.reason for f in findings)


def test_the_statement_index_finds_near_identical_sentences_only() -> None:
    document = parse_document(
        "# P\n\n## A\n\nAs we develop our business, we may buy or sell assets.\n\n"
        "## B\n\nWe do not sell your personal information to data brokers or advertising partners.\n"
    )
    index = StatementIndex(document)
    (query,) = split_sentences(SOLD)
    found = [s.text for s, _ in index.near(query)]
    assert found == ["We do not sell your personal information to data brokers or advertising partners."]
    (unrelated,) = split_sentences("We may sell assets to advertising partners.")
    assert list(index.near(unrelated)) == []


def test_a_version_indexed_once_is_found_again_when_parsed_again() -> None:
    # a history compares each version with its neighbours: the second comparison reuses the first's index
    statement = "We do not sell your personal information to data brokers or advertising partners."
    text = f"# P\n\n## B\n\n{statement}\n"
    (query,) = split_sentences(SOLD)
    first, again = StatementIndex(parse_document(text)), StatementIndex(parse_document(text))
    other = StatementIndex(parse_document(text.replace("## B", "## C")))
    assert [s.text for s, _ in first.near(query)] == [s.text for s, _ in again.near(query)]
    assert [h for _, h in other.near(query)] == ["P / C"]
    assert first._words() is again._words()  # built once
    assert other._words() is not first._words()  # another heading is another version


def _versions() -> list[list[str]]:
    corpus = REPO.parent / "shared" / "corpus"
    histories = [sorted(folder.glob("*.md")) for folder in sorted(corpus.glob("*/*")) if folder.is_dir()]
    pieces = [
        "# P\n\n## Sharing\n\nWe share data.\n\nStraße and İstanbul offices.\n",
        "# P\n\n## Sharing\n\nWe share data.\n\nWe share data.\n\n## New\n\nWe sell data to brokers.\n",
        "# P\n\n## Other\n\nWe share data.\n",
    ]
    found = [[p.read_text(encoding="utf-8", errors="replace") for p in files] for files in histories if files]
    return [pieces, *found]


def test_an_index_derived_from_the_other_versions_index_equals_one_built_from_scratch() -> None:
    for history in _versions():
        for old_text, new_text in itertools.pairwise(history):
            old_blocks = restated._blocks(parse_document(old_text))
            new_blocks = restated._blocks(parse_document(new_text))
            built = restated._index(new_blocks)
            derived = restated._derive(restated._index(old_blocks), new_blocks)
            assert (derived.texts, derived.headings, derived.folded, derived.starts) == (
                built.texts, built.headings, built.folded, built.starts
            )  # fmt: skip
            assert derived.counts == built.counts
            assert all(n > 0 for n in derived.counts.values())  # a word gone from the version is not counted


def test_the_new_versions_index_derives_from_the_old_ones(monkeypatch: pytest.MonkeyPatch) -> None:
    restated.forget_indexes()
    old, new = parse_document(OLD), parse_document(REORGANISED)
    old_index = StatementIndex(old)
    new_index = StatementIndex(new, old_index)
    (query,) = split_sentences("We do not sell your personal information.")
    assert old_index.near(query)  # builds the old version's index
    expected = restated._index(restated._blocks(new)).counts
    derived_from: list[object] = []
    derive = restated._derive

    def spy(base: restated._VersionWords, blocks: tuple[tuple[str, str], ...]) -> restated._VersionWords:
        derived_from.append(base)
        return derive(base, blocks)

    monkeypatch.setattr(restated, "_derive", spy)
    monkeypatch.setattr(restated, "_index", lambda blocks: pytest.fail("the new version was indexed afresh"))
    assert new_index._words().counts == expected
    assert derived_from == [old_index._words()]
