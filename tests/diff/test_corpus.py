"""Robustness: every consecutive pair of real policy versions in ../shared/corpus diffs without error."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from policyvc.diff.changeset import diff_documents
from policyvc.diff.redline import new_side, old_side
from policyvc.model import ChangeKind
from policyvc.parse.markdown import parse_document


def version_folders(corpus: Path) -> list[Path]:
    return sorted(p for p in corpus.glob("*/*") if p.is_dir() and any(p.glob("*.md")))


def test_every_consecutive_corpus_pair_diffs_cleanly(corpus_root: Path) -> None:
    folders = version_folders(corpus_root)
    if not folders:
        pytest.skip(f"no corpus at {corpus_root}")
    pairs = 0
    for folder in folders:
        versions = sorted(folder.glob("*.md"), key=lambda p: p.stem)
        documents = [parse_document(v.read_text(encoding="utf-8")) for v in versions]
        assert diff_documents(documents[0], documents[0]).changes == (), folder
        for (old_path, old), (new_path, new) in itertools.pairwise(zip(versions, documents, strict=True)):
            changes = diff_documents(old, new).changes
            pairs += 1
            for change in changes:
                where = f"{old_path.name}..{new_path.name} {change.kind}"
                if change.redline:
                    assert old_side(change.redline) == change.old_text, where
                    assert new_side(change.redline) == change.new_text, where
                if change.kind == ChangeKind.ADDED:
                    assert change.old_text is None and change.new_text is not None, where
                if change.kind == ChangeKind.REMOVED:
                    assert change.new_text is None and change.old_text is not None, where
    assert pairs >= 50
