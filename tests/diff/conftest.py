"""Shared inputs for the diff tests: real Markdown through the real parser."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from policyvc.diff.changeset import diff_documents
from policyvc.model import ChangeSet
from policyvc.parse.markdown import parse_document

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO.parent / "shared" / "corpus"


@pytest.fixture
def diff_markdown() -> Callable[[str, str], ChangeSet]:
    """Parse two Markdown texts and diff them."""

    def run(old: str, new: str) -> ChangeSet:
        return diff_documents(parse_document(old), parse_document(new))

    return run


@pytest.fixture
def repo_root() -> Path:
    return REPO


@pytest.fixture
def corpus_root() -> Path:
    return CORPUS
