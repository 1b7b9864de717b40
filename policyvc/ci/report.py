"""The one call the `check` command makes: run the gate, render it, write the CI files."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from policyvc.atomicfile import write_output_file
from policyvc.ci.formats import detect_format, get_format
from policyvc.ci.gate import run_gate
from policyvc.ci.github import write_github_files
from policyvc.ci.junit import render_junit
from policyvc.ci.result import GateResult


@dataclass(frozen=True, slots=True)
class CheckReport:
    output: str  # what the command prints on stdout
    result: GateResult
    format: str


def run_check(
    start: Path,
    *,
    base: str | None = None,
    fail_on: str | None = None,
    output_format: str | None = None,
    staged: bool = False,
    junit_path: Path | None = None,
    environ: Mapping[str, str] | None = None,
) -> CheckReport:
    """Run the gate, render the chosen (or detected) format, write GitHub files and a JUnit file if asked."""
    env = os.environ if environ is None else environ
    name = output_format or detect_format(env)
    render = get_format(name)
    result = run_gate(start, base=base, fail_on=fail_on, staged=staged, environ=env)
    output = render(result)
    if name == "github":
        write_github_files(result, env)
    if junit_path is not None:
        write_output_file(junit_path, render_junit(result))
    return CheckReport(output, result, name)
