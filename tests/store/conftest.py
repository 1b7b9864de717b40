"""Fixtures for the store tests (builders live in store_repos.py)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from store_repos import GitWorkspace, isolate_git


@pytest.fixture(autouse=True)
def git_identity(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No global git configuration leaks in; every commit has a pinned identity and date."""
    isolate_git(monkeypatch, tmp_path)


@pytest.fixture
def workspace(tmp_path: Path) -> GitWorkspace:
    return GitWorkspace(tmp_path / "repo")
