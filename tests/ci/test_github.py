"""GitHub workflow-command escaping and the $GITHUB_OUTPUT heredoc format, on hand-built results."""

from __future__ import annotations

from pathlib import Path

from policyvc.ci.github import render_annotations, write_github_files
from policyvc.ci.result import CheckId, CheckResult, CheckStatus, GateResult, PolicyResult
from policyvc.model import Bump, Classification


def _result(path: str, message: str) -> GateResult:
    check = CheckResult(CheckId.DATE_LINE, CheckStatus.FAIL, message, path, 7, "odd", blocking=True)
    editorial = (Classification.EDITORIAL, Bump.PATCH)
    policy = PolicyResult("odd", path, path, "modified", *editorial, "1.0.0", "1.0.1", (check,))
    return GateResult("b" * 40, "main", "c" * 40, "editorial", 30, (policy,))


def test_annotation_properties_and_message_are_escaped() -> None:
    result = _result("policies/a,b:c.md", "100% sure\nsecond line")
    first = render_annotations(result).splitlines()[0]
    assert first == (
        "::error file=policies/a%2Cb%3Ac.md,line=7,title=policyvc date-line::odd: 100%25 sure%0Asecond line"
    )


def test_outputs_use_the_multiline_safe_form(tmp_path: Path) -> None:
    outputs = tmp_path / "github_output"
    write_github_files(_result("policies/x.md", "m"), {"GITHUB_OUTPUT": str(outputs)})
    lines = outputs.read_text("utf-8").splitlines()
    assert lines[0].startswith("classification<<ghadelimiter_")
    assert lines[1:3] == ["editorial", lines[0].split("<<", 1)[1]]
    assert lines[3].startswith("bump<<") and lines[4] == "patch"
    assert not (tmp_path / "summary").exists()  # no GITHUB_STEP_SUMMARY given: nothing written
