"""Cutting a regrouped run of blocks into pieces at the block boundaries both sides share."""

from __future__ import annotations

from policyvc.diff.regroup import Piece, changed_pieces
from policyvc.model import Block, BlockKind, LineRange


def blocks(*texts: str) -> list[Block]:
    return [Block(BlockKind.PARAGRAPH, t, t, LineRange(k + 1, k + 1)) for k, t in enumerate(texts)]


def test_rewrapped_paragraphs_are_cut_at_their_shared_ends() -> None:
    old = blocks("We collect your name", "and email address.", "We never sell", "your data to anyone.")
    new = blocks("We collect your name and", "email address.", "We never sell your", "data to anyone.")
    assert changed_pieces(old, new) == [Piece(range(0, 2), range(0, 2)), Piece(range(2, 4), range(2, 4))]


def test_unchanged_blocks_between_pieces_are_left_out() -> None:
    old = blocks("We collect your name", "and email address.", "Same paragraph.", "We keep it", "a year.")
    new = blocks("We collect your name and", "email address.", "Same paragraph.", "We keep it two", "years.")
    assert changed_pieces(old, new) == [Piece(range(0, 2), range(0, 2)), Piece(range(3, 5), range(3, 5))]


def test_a_split_paragraph_is_one_piece() -> None:
    old = blocks("We collect your name and email address when you sign up.")
    new = blocks("We collect your name and email address", "when you sign up.")
    assert changed_pieces(old, new) == [Piece(range(0, 1), range(0, 2))]
