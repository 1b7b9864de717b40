"""run_diff: the library call behind `policyvc diff` (operands → assessments → one rendered format)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from policyvc.diffreport import run_diff
from policyvc.errors import UsageError
from policyvc.model import Classification

ROOT = Path(__file__).resolve().parents[1]
POLICY = ROOT / "policies" / "privacy.md"
REVISED = ROOT / "examples" / "privacy-revised.md"


@pytest.fixture(autouse=True)
def _outside_any_repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def test_a_revised_policy_is_reported_as_changed_in_the_chosen_format() -> None:
    report = run_diff(str(POLICY), str(REVISED), fmt="json")
    assert len(report.assessments) == 1 and report.changed
    assert report.assessments[0].classification == Classification.MATERIAL
    assert json.loads(report.output)["summary"]["classification"] == "material"
    assert report.empty_labels == ()


def test_a_policy_compared_with_itself_is_unchanged() -> None:
    report = run_diff(str(POLICY), str(POLICY))
    assert not report.changed and report.assessments[0].classification == Classification.NONE


def test_an_empty_side_is_named_so_the_command_can_warn(tmp_path: Path) -> None:
    empty = tmp_path / "empty.md"
    empty.write_text("  \n", encoding="utf-8")
    report = run_diff(str(empty), str(POLICY))
    assert report.empty_labels == (str(empty),)


def test_an_unknown_format_is_refused() -> None:
    with pytest.raises(UsageError, match="unknown format 'yaml'"):
        run_diff(str(POLICY), str(REVISED), fmt="yaml")
