"""Cutting a run of re-wrapped or regrouped blocks back into the smallest pieces a reader can check.

Policies converted from PDF often hold one line per paragraph; when a revision re-wraps the text, every line
changes a little. Diffing the run's joined text and cutting it wherever both sides share a block boundary in
unchanged text gives pieces the size of the original paragraphs, each with an honest word-level redline.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from policyvc.diff.redline import redline
from policyvc.model import Block

BOUNDARY = "\u241e"  # SYMBOL FOR RECORD SEPARATOR: its own token, never inside a block's text


@dataclass(frozen=True, slots=True)
class Piece:
    """A changed piece of a regrouped run: which old blocks became which new blocks (half-open ranges)."""

    old: range
    new: range


def changed_pieces(olds: Sequence[Block], news: Sequence[Block]) -> list[Piece]:
    """The changed pieces of a run, cut where both sides have a block boundary inside unchanged text."""
    segments = redline(BOUNDARY.join(b.text for b in olds), BOUNDARY.join(b.text for b in news))
    pieces: list[Piece] = []
    old_at = new_at = 0  # the block each side's cursor is in
    old_start = new_start = 0
    changed = False
    for segment in segments:
        if segment.op != "equal" or BOUNDARY not in segment.text:
            changed = changed or segment.op != "equal"
            old_at += segment.text.count(BOUNDARY) if segment.op != "insert" else 0
            new_at += segment.text.count(BOUNDARY) if segment.op != "delete" else 0
            continue
        # A boundary in unchanged text ends the current piece on both sides at once.
        if changed:
            pieces.append(Piece(range(old_start, old_at + 1), range(new_start, new_at + 1)))
        shared = segment.text.count(BOUNDARY)
        old_at += shared
        new_at += shared
        old_start, new_start = old_at, new_at
        changed = False
    if changed:
        pieces.append(Piece(range(old_start, old_at + 1), range(new_start, new_at + 1)))
    return pieces

