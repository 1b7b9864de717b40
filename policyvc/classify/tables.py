"""Table rows read cell by cell, each under its column's title, and Yes/No cells of a disclosure table.

A CCPA-style table states practices by cells, not sentences. A cell means what its column says: "third-party
data brokers" under "Sources" is where data comes from, not a recipient, and "Provide our Services" under
"Purposes of Processing" is a purpose, not a disclosure. So a row is split into its cells, and each changed
cell is read with its column's title as the innermost heading. "Identifiers | No" → "Identifiers | Yes" under
"Sold" is a sale introduced: the column header names the practice, the cell gives its polarity.

Such a table summarises what the policy says elsewhere: a cell that names a purpose, data type or recipient
the other version already states (the same trigger of the same rule, as strongly) restates it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from typing import NamedTuple
from weakref import WeakKeyDictionary

from policyvc.classify.events import AFFIRMED, Event, Mention, mentions
from policyvc.classify.patterns import anchor_words, sentence_words
from policyvc.classify.restated import StatementIndex
from policyvc.classify.rules import Direction, Rule, RulePack
from policyvc.classify.sentences import Sentence, SentencePair, changed_sentences, split_sentences
from policyvc.model import Evidence, Finding

CELL_SEPARATOR = " | "  # how the parser joins a row's cells
LABEL_LIMIT = 60  # characters of a row's label quoted in a reason


class Cell(NamedTuple):
    """A changed sentence of one table cell, with what it is read under: the section headings and the cell's
    column title (`old_heading`, `new_heading`), the header words that lend it a verb (`lead_in`), and the row
    and column a reason names (`where`). Offsets of `pair` are into the whole row texts."""

    pair: SentencePair
    old_heading: str
    new_heading: str
    lead_in: str
    where: str


def row_cells(
    old: tuple[str, str | None], new: tuple[str, str | None], old_heading: str, new_heading: str
) -> list[Cell] | None:
    """The changed cells of a table row, each read under its column. `old` and `new` are (header row, row
    text) on each side; a side without the row has no text. None when the block is not a table row or its
    cells do not line up with the header and the other side: then it is read as one text."""
    (old_header, old_row), (new_header, new_row) = old, new
    if not (old_row or new_row):
        return None
    old_side = _side(old_header, old_row) if old_row else None
    new_side = _side(new_header, new_row) if new_row else None
    if (old_row and old_side is None) or (new_row and new_side is None):
        return None
    if old_side is not None and new_side is not None and len(old_side[0]) != len(new_side[0]):
        return None
    sides = [side for side in (old_side, new_side) if side is not None]
    titles, _ = sides[-1]
    label = _label(sides[-1][1][0][0])
    found: list[Cell] = []
    for column in range(len(titles)):
        before = old_side[1][column] if old_side else ("", 0)
        after = new_side[1][column] if new_side else ("", 0)
        if before[0] == after[0] or _cross_reference(before[0]) or _cross_reference(after[0]):
            continue
        old_title = old_side[0][column] if old_side else titles[column]
        new_title = new_side[0][column] if new_side else titles[column]
        # the first column names what the row is about: every column's title is said of it ("Processing",
        # "Sold"); another cell reads its own column's title and the first one's ("Category of data")
        lead_in = CELL_SEPARATOR.join(titles if column == 0 else (titles[0], titles[column]))
        where = f"column '{new_title}'" if column == 0 else f"row '{label}', column '{new_title}'"
        for pair in _cell_pairs(before[0], after[0]):
            shifted = SentencePair(_shift(pair.old, before[1]), _shift(pair.new, after[1]))
            old_in = f"{old_heading} / {old_title}"
            found.append(Cell(shifted, old_in, f"{new_heading} / {new_title}", lead_in, where))
    return found


def _cell_pairs(old: str, new: str) -> list[SentencePair]:
    """The changed sentences of a cell; a cell of one sentence on each side is one rewrite ("30 days" →
    "2 years"), however little of it is left."""
    old_sentences, new_sentences = split_sentences(old), split_sentences(new)
    if len(old_sentences) == len(new_sentences) == 1:
        return [SentencePair(old_sentences[0], new_sentences[0])]
    return changed_sentences(old, new)


def _side(header: str, row: str) -> tuple[list[str], list[tuple[str, int]]] | None:
    """A side's column titles and its row's cells with their offsets, if the header and row line up."""
    if CELL_SEPARATOR not in header:
        return None
    titles = [title.strip() for title in header.split(CELL_SEPARATOR)]
    cells, at = [], 0
    for text in row.split(CELL_SEPARATOR):
        cells.append((text, at))
        at += len(text) + len(CELL_SEPARATOR)
    return (titles, cells) if len(cells) == len(titles) else None


def _shift(sentence: Sentence | None, offset: int) -> Sentence | None:
    return None if sentence is None else replace(sentence, start=sentence.start + offset)


_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_CROSS_REFERENCE = re.compile(r"\s*\[[^\]]*\]\(#[^)]*\)\s*")


def _cross_reference(cell: str) -> bool:
    """A cell that is only a link to a section of the page ("[Cookies](#cookies)") names that section, like a
    table of contents: the section's own text carries the statement."""
    return _CROSS_REFERENCE.fullmatch(cell) is not None


def _label(text: str) -> str:
    text = " ".join(_LINK.sub(r"\1", text).split())
    return text if len(text) <= LABEL_LIMIT else text[: LABEL_LIMIT - 1].rsplit(" ", 1)[0] + "…"


def named_elsewhere(event: Event, old: StatementIndex) -> bool:
    """Whether the old version already states the practice a table cell adds: the same trigger of the same
    rule, read as the rule reads it (its required words in the sentence or heading), at least as strongly.
    Only an addition: a promise or a protection a cell drops is not kept by the same words said elsewhere."""
    rule = event.rule
    if not event.escalates or event.kind != "added" or event.new is None or rule.direction != Direction.ADDED:
        return False
    return _strongest_named(event.new, rule, old) >= event.new.level


def _strongest_named(mention: Mention, rule: Rule, other: StatementIndex) -> int:
    """The strongest level of the trigger's mentions in the other version (-1 for none), kept per version: a
    generic trigger ("third party") comes up in many changes of one change set."""
    kept = _STRONGEST.setdefault(other, {})
    key = (rule.id, rule.source, mention.hit.key)
    if key not in kept:
        strongest = -1
        for named in _named(mention, rule, other):
            strongest = max(strongest, named.level)
            if strongest == AFFIRMED:  # none is stronger
                break
        kept[key] = strongest
    return kept[key]


_STRONGEST: WeakKeyDictionary[StatementIndex, dict[tuple[str, str, str], int]] = WeakKeyDictionary()


def _named(mention: Mention, rule: Rule, other: StatementIndex) -> Iterator[Mention]:
    """The rule's mentions of the same trigger in the other version, where the rule would read them."""
    trigger = _trigger(rule, mention.hit.key)
    if not trigger:
        return
    anchors = anchor_words([trigger])
    # a trigger's last word also matches its plural ("contractor" reads "contractors"), which the index holds
    # as another word
    plurals = {a + "s" for a in anchors} | {a + "es" for a in anchors} | {a[:-1] + "ies" for a in anchors}
    for sentence, heading in other.containing(set(anchors) | plurals):
        words = sentence_words(sentence.scan)
        heading_words = sentence_words(heading)
        if rule.requires and rule.requires.isdisjoint(words | heading_words):
            continue
        if rule.requires_also and rule.requires_also.isdisjoint(words | heading_words):
            continue
        yield from (m for m in mentions(rule, sentence, words, heading) if m.hit.key == mention.hit.key)


def _trigger(rule: Rule, key: str) -> str:
    """The trigger behind a hit's group name: t3 is triggers[3], ct1 context_triggers[1], a pattern none."""
    triggers = rule.context_triggers if key.startswith("c") else rule.triggers
    index = key.removeprefix("c").removeprefix("t")
    if not key.removeprefix("c").startswith("t") or not index.isdigit() or int(index) >= len(triggers):
        return ""
    return triggers[int(index)]

_CELL = re.compile(r"[^|]+")
_YES = frozenset(["yes", "y", "✓", "✔", "x", "true"])
_NO = frozenset(["no", "n", "✗", "✘", "-", "—", "false", "none"])


def cell_findings(
    rows: tuple[str, str, str],
    pack: RulePack,
    heading: str,
    section: str,
    lines: tuple[int | None, int | None],
) -> list[Finding]:
    """Findings for every column whose cell flips between yes and no under a header a rule reads; `rows` are
    the header, old and new row texts."""
    header, old_row, new_row = rows
    columns = _cells(header)
    old_cells, new_cells = _cells(old_row), _cells(new_row)
    if not (len(columns) == len(old_cells) == len(new_cells)):
        return []
    label = old_cells[0][0] if old_cells else ""
    findings = []
    for (title, _), (old, old_at), (new, new_at) in zip(columns, old_cells, new_cells, strict=True):
        was, now = _flag(old), _flag(new)
        if was is None or now is None or was == now:
            continue
        for rule in _rules_reading(title, pack, heading):
            widened = now if rule.direction is Direction.ADDED else was
            reason = (
                f"Changes '{title}' from '{old}' to '{new}' for '{label}' in '{section}'"
                + ("" if widened else f", ruling out {rule.subject}")
            )
            evidence = (
                Evidence("old", old, old_at, old_at + len(old), lines[0]),
                Evidence("new", new, new_at, new_at + len(new), lines[1]),
            )
            classification = rule.classification if widened else rule.mirror
            findings.append(Finding(rule.id, rule.category, rule.severity, classification, reason, evidence))
    return findings


def _rules_reading(title: str, pack: RulePack, heading: str) -> list[Rule]:
    sentence = split_sentences(title)
    if not sentence:
        return []
    words = sentence_words(sentence[0].scan)
    chosen = []
    for rule in pack.candidates(words, removed=False):
        practice = rule.direction in (Direction.ADDED, Direction.REMOVED)
        if practice and mentions(rule, sentence[0], words, heading):
            chosen.append(rule)
    return chosen


def _cells(row: str) -> list[tuple[str, int]]:
    cells = []
    for match in _CELL.finditer(row):
        text = match.group()
        cells.append((text.strip(), match.start() + len(text) - len(text.lstrip())))
    return cells


def _flag(cell: str) -> bool | None:
    folded = cell.casefold().strip("*_ ")
    return True if folded in _YES else False if folded in _NO else None
