"""Yes/No cells of a disclosure table, read under their column header ("Sold in the last 12 months: Yes").

A CCPA-style table states a practice by a cell, not a sentence: "Identifiers | No" → "Identifiers | Yes"
under "Sold" is a sale introduced. The rules read the column header as the practice; the cell gives its
polarity.
"""

from __future__ import annotations

import re

from policyvc.classify.events import mentions
from policyvc.classify.patterns import sentence_words
from policyvc.classify.rules import Direction, Rule, RulePack
from policyvc.classify.sentences import split_sentences
from policyvc.model import Evidence, Finding

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
