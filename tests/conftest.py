"""Fixtures shared by every test folder."""

from __future__ import annotations

import difflib
import os
from collections.abc import Callable
from pathlib import Path

import pytest

GOLDEN = Path(__file__).resolve().parent / "golden"

GoldenCheck = Callable[[str, str], None]


def _check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("POLICYVC_UPDATE_GOLDEN") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    if not path.is_file():
        pytest.fail(f"missing golden file {path}; regenerate with POLICYVC_UPDATE_GOLDEN=1")
    expected = path.read_text(encoding="utf-8")
    if text != expected:
        delta = "".join(
            difflib.unified_diff(expected.splitlines(True), text.splitlines(True), str(path), "now")
        )
        pytest.fail(f"output differs from {name} (POLICYVC_UPDATE_GOLDEN=1 to accept on purpose):\n{delta}")


@pytest.fixture
def golden() -> GoldenCheck:
    """Compare text with tests/golden/<name>; POLICYVC_UPDATE_GOLDEN=1 rewrites the file instead."""
    return _check_golden
