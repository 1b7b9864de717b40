"""Fixtures for the diff renderer tests (builders live in diff_samples.py)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from diff_samples import (
    added_change,
    formatting_change,
    hostile_change,
    make_assessment,
    moved_change,
    renamed_change,
    sharing_change,
)

from policyvc.model import Assessment


@pytest.fixture
def mixed() -> Assessment:
    """Document order puts editorial first; renderers must still show the material change first."""
    return make_assessment(
        formatting_change(), renamed_change(), sharing_change(), moved_change(), added_change()
    )


@pytest.fixture
def hostile() -> Assessment:
    return make_assessment(hostile_change())


@pytest.fixture
def unchanged() -> Assessment:
    return make_assessment()
