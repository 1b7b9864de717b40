"""Command: check — the CI gate over the policies changed between a base and HEAD (docs/ci.md)."""

from __future__ import annotations

from pathlib import Path

import typer

from policyvc.ci.formats import format_names
from policyvc.cli.app import app
from policyvc.errors import GateFailed


@app.command()
def check(
    base: str | None = typer.Option(
        None,
        "--base",
        help="Compare with this ref (default: merge base with the default branch; on a policy tag, "
        "the previous version's tag).",
    ),
    fail_on: str | None = typer.Option(
        None, "--fail-on", help="material|substantive|editorial|never (default: config check.fail_on)."
    ),
    output_format: str | None = typer.Option(
        None, "--format", help=f"{'|'.join(format_names())} (default: github in GitHub Actions, else text)."
    ),
    staged: bool = typer.Option(False, "--staged", help="Check staged policies against HEAD (pre-commit)."),
    junit: Path | None = typer.Option(None, "--junit", help="Also write a JUnit XML report to this file."),
) -> None:
    """Gate changed policies: version bump, notice period, acknowledgement, date lines (exit 1 on failure)."""
    from policyvc.ci.report import run_check  # loads the whole pipeline: only when the command runs

    report = run_check(
        Path.cwd(), base=base, fail_on=fail_on, output_format=output_format, staged=staged, junit_path=junit
    )
    typer.echo(report.output, nl=not report.output.endswith("\n"))
    if report.result.failed:
        raise GateFailed(f"check {report.result.verdict()}")
