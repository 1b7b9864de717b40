"""Commands: publish (static site and Atom feeds)."""

from __future__ import annotations

import sys
from pathlib import Path
from types import TracebackType
from typing import Any

import click
import typer

from policyvc.cli.app import app, choose_format


class _TerminalProgress:
    """A progress bar on stderr, only when stderr is a terminal (never in logs or pipes)."""

    def __init__(self) -> None:
        self._bar: Any = None
        self._shown = 0

    def __call__(self, done: int, total: int) -> None:
        if not sys.stderr.isatty() or total < 2:
            return
        if self._bar is None:
            self._bar = click.progressbar(length=total, label="publishing versions", file=sys.stderr)
            self._bar.__enter__()
        self._bar.update(done - self._shown)
        self._shown = done

    def __enter__(self) -> _TerminalProgress:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._bar is not None:
            self._bar.__exit__(kind, exc, tb)


@app.command()
def publish(
    out: Path = typer.Option(..., "--out", help="Folder for the site (created if missing)."),
    base_url: str | None = typer.Option(
        None, "--base-url", help="Absolute URL the folder is served at; makes feed links absolute."
    ),
    policy: list[str] = typer.Option([], "--policy", help="Publish only this policy (repeatable)."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Show what would be written; write nothing."),
    fmt: str = typer.Option("text", "--format", help="text or json."),
) -> None:
    """Write the static site and Atom feeds: every policy, every version, every redline."""
    from policyvc.notify.site import publish_repository  # Jinja2, BeautifulSoup, git and the pipeline
    from policyvc.render.notify import render_publish_json, render_publish_text

    choose_format(fmt)
    with _TerminalProgress() as progress:
        result = publish_repository(
            Path.cwd(), out, base_url=base_url, policies=policy, dry_run=dry_run, progress=progress
        )
    for warning in result.warnings:
        typer.echo(f"policyvc: warning: {warning}", err=True)
    typer.echo(render_publish_json(result) if fmt == "json" else render_publish_text(result), nl=False)
