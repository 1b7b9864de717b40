"""Commands over the policy history in git: init, commit, log, show, blame, id (docs/history.md)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from policyvc.cli.app import app, choose_format
from policyvc.errors import UsageError

if TYPE_CHECKING:
    from policyvc.model import Bump

_LOG_FORMATS = ("table", "json")


@app.command()
def init(
    folder: Path = typer.Argument(Path("."), help="Folder to make a policy repository (default: here)."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Say what would be created; change nothing."),
) -> None:
    """Make FOLDER a policy repository: git init if needed, policies/, a commented policyvc.toml."""
    from policyvc.store.initialise import init_repository

    outcome = init_repository(folder, dry_run=dry_run)
    verb = "would create" if dry_run else "created"
    for item in outcome.created:
        typer.echo(f"{verb}: {item}")
    for item in outcome.kept:
        typer.echo(f"kept: {item}")
    if not outcome.created:
        typer.echo(f"{outcome.root} is already a policy repository; nothing to do")


@app.command()
def commit(
    policy: str = typer.Argument(..., help="Policy name, e.g. privacy (the file policies/privacy.md)."),
    source: Path | None = typer.Option(
        None, "--from", help="Import this file (.md, .html, .htm, .docx, .txt) as the new version."
    ),
    effective: str = typer.Option(..., "--effective", help="Date the version takes effect (YYYY-MM-DD)."),
    message: str | None = typer.Option(None, "-m", "--message", help="Commit message (trailers are added)."),
    bump: str | None = typer.Option(
        None, "--bump", help="major|minor|patch; never lower than the change class demands."
    ),
    acknowledge: str | None = typer.Option(
        None, "--acknowledge", help='Who acknowledged a material change: "Name <email>".'
    ),
    dry_run: bool = typer.Option(False, "--dry-run", help="Show version, class and message; write nothing."),
    fmt: str = typer.Option("text", "--format", help="text|json"),
) -> None:
    """Record a new version of POLICY: classify it, number it, commit only that file and tag it."""
    from policyvc.render.history import render_commit_json, render_commit_text
    from policyvc.store.commit import commit_policy
    from policyvc.store.repo import PolicyRepo

    chosen = _bump(bump)
    outcome = commit_policy(
        PolicyRepo.open(),
        policy,
        effective=effective,
        source=source,
        message=message,
        bump=chosen,
        acknowledge=acknowledge,
        dry_run=dry_run,
    )
    as_json = choose_format(fmt) == "json"
    if outcome.hook_output:  # as git shows a hook's output: on stderr, so stdout stays machine-readable
        typer.echo(outcome.hook_output.rstrip("\n"), err=True)
    for warning in outcome.warnings:
        typer.echo(f"policyvc: warning: {warning}", err=True)
    if as_json:
        typer.echo(render_commit_json(outcome))
        return
    for repair in outcome.repairs:
        typer.echo(f"repaired {repair}", err=True)
    typer.echo(render_commit_text(outcome))


@app.command()
def log(
    policy: str | None = typer.Argument(None, help="Policy name (default: every policy)."),
    fmt: str = typer.Option("table", "--format", help="table|json"),
) -> None:
    """List versions: version, effective date, commit date, class, counts, summary."""
    from policyvc.render.history import render_log_json, render_log_table
    from policyvc.store.repo import PolicyRepo

    histories = PolicyRepo.open().histories(policy)
    if choose_format(fmt, _LOG_FORMATS) == "json":
        typer.echo(render_log_json(histories))
        return
    typer.echo(render_log_table(histories), nl=False)


@app.command()
def show(
    spec: str = typer.Argument(..., help="POLICY or POLICY@VERSION (e.g. privacy@1.0.0, privacy@latest)."),
    at: str | None = typer.Option(None, "--at", help="The version in force on this date (YYYY-MM-DD)."),
) -> None:
    """Print the text of a version, or of the version in force on a date."""
    from policyvc.store.repo import PolicyRepo, split_spec

    repo = PolicyRepo.open()
    policy, version = split_spec(spec)
    if at is not None and version is not None:
        raise UsageError("give either POLICY@VERSION or --at DATE, not both")
    found = repo.version_at(policy, at) if at is not None else repo.version(policy, version)
    typer.echo(repo.text(found), nl=False)


@app.command()
def blame(
    spec: str = typer.Argument(..., help="POLICY or POLICY@VERSION."),
    fmt: str = typer.Option("text", "--format", help="text|json"),
) -> None:
    """For each heading and paragraph, the version and date that introduced its current wording."""
    from policyvc.render.history import render_blame_json, render_blame_text
    from policyvc.store.blame import blame_policy
    from policyvc.store.repo import PolicyRepo, split_spec

    policy, version = split_spec(spec)
    entries = blame_policy(PolicyRepo.open(), policy, version)
    if choose_format(fmt) == "json":
        typer.echo(render_blame_json(entries))
        return
    typer.echo(render_blame_text(entries), nl=False)


@app.command(name="id")
def content_id_command(
    spec: str = typer.Argument(..., help="POLICY or POLICY@VERSION (default: latest)."),
) -> None:
    """Print a stable content id (sha256 of the normalised text) that consent records can store."""
    from policyvc.store.repo import PolicyRepo, content_id, split_spec

    repo = PolicyRepo.open()
    policy, version = split_spec(spec)
    typer.echo(content_id(repo.text(repo.version(policy, version))))


def _bump(value: str | None) -> Bump | None:
    from policyvc.model import Bump

    if value is None:
        return None
    if value not in ("major", "minor", "patch"):
        raise UsageError(f"--bump {value!r}: use major, minor or patch")
    return Bump(value)

