"""Commands: notice (a change notice for a version) and notify (email it to a list or to subscribers)."""

from __future__ import annotations

from pathlib import Path

import typer

from policyvc.cli.app import app, choose_format
from policyvc.render import NOTICE_FORMATS


@app.command()
def notice(
    policy: str = typer.Argument(..., help="Policy name, e.g. privacy."),
    version: str | None = typer.Option(None, "--version", "-v", help="Version (default: latest)."),
    since: str | None = typer.Option(None, "--since", help="Compare with this version (default: previous)."),
    fmt: str = typer.Option("markdown", "--format", "-f", help=f"One of: {', '.join(NOTICE_FORMATS)}."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write to this file instead of stdout."),
) -> None:
    """Write the change notice for a version: material changes first, in plain language."""
    from policyvc.atomicfile import write_output_file
    from policyvc.notify.notice import load_notice
    from policyvc.render.notice import render_notice

    built, config = load_notice(Path.cwd(), policy, version, since)
    text = render_notice(built, fmt, config)
    if built.timing_warning:
        typer.echo(f"policyvc: warning: {built.timing_warning}", err=True)
    if output is None:
        typer.echo(text, nl=False)
    else:
        write_output_file(output, text)


@app.command()
def notify(
    policy: str = typer.Argument(..., help="Policy name, e.g. privacy."),
    version: str | None = typer.Option(None, "--version", "-v", help="Version (default: latest)."),
    to: list[str] = typer.Option([], "--to", help="Recipient or mailing-list address (repeatable)."),
    subscribers: str | None = typer.Option(None, "--subscribers", help="CSV: email,opted_in,opted_out."),
    sender: str | None = typer.Option(None, "--sender", help="From address (default: config, then git)."),
    smtp: str | None = typer.Option(None, "--smtp", help="smtp://HOST[:PORT], smtp+starttls://… or smtps://…"),
    eml: str | None = typer.Option(None, "--eml", help="Write .eml files here instead of sending."),
    min_class: str | None = typer.Option(None, "--min-class", help="Least class worth a message (material)."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Show what would be sent; send nothing."),
    fmt: str = typer.Option("text", "--format", "-f", help="text or json."),
) -> None:
    """Email the notice for a version to a list or to opted-in subscribers, each exactly once."""
    from policyvc.notify.dispatch import NotifyRequest, notify_policy
    from policyvc.render.notify import render_notify_json, render_notify_text

    choose_format(fmt)
    request = NotifyRequest(policy, version, tuple(to), subscribers, sender, smtp, eml, min_class, dry_run)
    result = notify_policy(Path.cwd(), request)
    for warning in result.warnings:
        typer.echo(f"policyvc: warning: {warning}", err=True)
    typer.echo(render_notify_json(result) if fmt == "json" else render_notify_text(result))
