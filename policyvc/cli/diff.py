"""Command: diff. Check the options, run the comparison (policyvc.diffreport), print or write the result."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import typer

from policyvc.cli.app import app
from policyvc.errors import ExitCode
from policyvc.render import format_names, get_renderer


@app.command()
def diff(
    old: str | None = typer.Argument(None, help="Old version: a file (or a git form such as privacy@1.0.0)."),
    new: str | None = typer.Argument(None, help="New version: a file (or a git form such as REV:path)."),
    base: str | None = typer.Option(None, "--base", help="Compare every policy changed since this git ref."),
    fmt: str = typer.Option("text", "--format", "-f", help=f"Output format: {', '.join(format_names())}."),
    exit_code: bool = typer.Option(
        False, "--exit-code", help="Exit 1 when anything substantive or material changed (like git diff)."
    ),
    explain: bool = typer.Option(
        False, "--explain", help="For each finding, show the rule, its source file and the words, by line."
    ),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write to this file (atomically)."),
    color: bool | None = typer.Option(
        None, "--color/--no-color", help="Colour the text format (default: when stdout is a terminal)."
    ),
) -> None:
    """Compare two versions of a policy section by section and classify every change."""
    from policyvc.atomicfile import check_output_path, write_output_file
    from policyvc.diffreport import run_diff  # the pipeline: parse, diff, classify

    get_renderer(fmt)  # an unknown format is refused before any work
    if output is not None:
        check_output_path(output)
    paint = _use_color(color, output)
    report = run_diff(old, new, base, fmt=fmt, color=paint, explain=explain)
    for label in report.empty_labels:  # a valid (empty) policy, but almost always a mistake
        typer.echo(f"policyvc: {label} is empty; compared as an empty policy", err=True)
    if output is None:
        typer.echo(report.output, nl=False, color=paint or None)  # click strips ANSI off a TTY otherwise
    else:
        write_output_file(output, report.output)
    if exit_code and report.changed:
        raise typer.Exit(int(ExitCode.CHANGED))


def _use_color(flag: bool | None, output: Path | None) -> bool:
    """Explicit flag first; otherwise colour only on a terminal, never into a file, never with NO_COLOR."""
    if flag is not None:
        return flag
    if output is not None or os.environ.get("NO_COLOR"):
        return False
    return sys.stdout.isatty()

