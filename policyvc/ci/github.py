"""GitHub Actions: `::error`/`::warning` annotations, the step summary and the step outputs."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from pathlib import Path

from policyvc.ci.files import append_text
from policyvc.ci.markdown import render_markdown
from policyvc.ci.result import CheckResult, CheckStatus, GateResult


def render_annotations(result: GateResult) -> str:
    """One workflow command per finding (blocking → error, others → warning), then the verdict line."""
    lines = [_annotation(check) for check in result.findings]
    lines.append(f"policyvc check {result.verdict()}")
    return "\n".join(lines)


def write_github_files(result: GateResult, environ: Mapping[str, str]) -> None:
    """Append the Markdown report to $GITHUB_STEP_SUMMARY and classification/bump/failed to $GITHUB_OUTPUT."""
    summary = environ.get("GITHUB_STEP_SUMMARY")
    if summary:
        append_text(Path(summary), render_markdown(result) + "\n")
    outputs = environ.get("GITHUB_OUTPUT")
    if outputs:
        values = {
            "classification": result.classification.value,
            "bump": result.bump.value,
            "failed": "true" if result.failed else "false",
            "verdict": result.verdict(),
        }
        append_text(Path(outputs), "".join(_output(name, value) for name, value in values.items()))


def _annotation(check: CheckResult) -> str:
    command = "error" if check.status == CheckStatus.FAIL and check.blocking else "warning"
    title = f"policyvc {check.check}"
    message = f"{check.policy}: {check.message}"
    if check.status == CheckStatus.WAIVED:
        message += f" (waived: {check.waiver})"
    properties = f"file={_property(check.path)},line={check.line},title={_property(title)}"
    return f"::{command} {properties}::{_data(message)}"


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def _output(name: str, value: str) -> str:
    # The heredoc form is safe for any value, even one with newlines.
    delimiter = f"ghadelimiter_{uuid.uuid4()}"
    return f"{name}<<{delimiter}\n{value}\n{delimiter}\n"
