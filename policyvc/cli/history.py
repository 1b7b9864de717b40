"""Commands over the policy history in git: init, commit, log, show, blame, id (docs/history.md)."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

import typer

from policyvc.cli.app import app
from policyvc.errors import UsageError
from policyvc.model import Bump, Version

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
    if _format(fmt, ("text", "json")) == "json":
        record = {k: v for k, v in asdict(outcome).items() if k != "assessment"}
        typer.echo(json.dumps(record, indent=2, default=str))
        return
    for repair in outcome.repairs:
        typer.echo(f"repaired {repair}", err=True)
    if outcome.status == "unchanged":
        typer.echo(f"{outcome.policy}: {outcome.summary}")
        return
    head = "would record" if outcome.status == "dry-run" else "recorded"
    after = f" after {outcome.previous}" if outcome.previous else ""
    typer.echo(
        f"{head} {outcome.policy} {outcome.version}{after} ({outcome.classification.value}), "
        f"effective {outcome.effective_date}, tag {outcome.tag}"
        + (f", commit {outcome.commit[:12]}" if outcome.commit else "")
    )
    typer.echo(outcome.summary)
    if outcome.status == "dry-run":
        typer.echo("\n" + outcome.message.rstrip())


@app.command()
def log(
    policy: str | None = typer.Argument(None, help="Policy name (default: every policy)."),
    fmt: str = typer.Option("table", "--format", help="table|json"),
) -> None:
    """List versions: version, effective date, commit date, class, counts, summary."""
    from policyvc.store.repo import PolicyRepo

    repo = PolicyRepo.open()
    names = [repo.policy_name(policy)] if policy is not None else repo.policies()
    histories = {name: repo.history(name) for name in names}
    if _format(fmt, _LOG_FORMATS) == "json":
        typer.echo(json.dumps([version_record(v) for vs in histories.values() for v in vs], indent=2))
        return
    typer.echo(log_table(histories), nl=False)


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
    from policyvc.store.blame import blame_policy
    from policyvc.store.repo import PolicyRepo, split_spec

    policy, version = split_spec(spec)
    entries = blame_policy(PolicyRepo.open(), policy, version)
    if _format(fmt, ("text", "json")) == "json":
        typer.echo(json.dumps([{**asdict(e), "lines": e.lines.to_list()} for e in entries], indent=2))
        return
    width = max((len(e.version) for e in entries), default=5)
    for e in entries:
        since = f"{e.version:<{width}} {e.effective_date or e.commit_date[:10]}"
        text = " ".join(e.text.split())
        typer.echo(f"{since}  {e.lines.start:>4}  {_clip('§ ' + text if e.kind == 'heading' else text, 90)}")


@app.command(name="id")
def content_id_command(
    spec: str = typer.Argument(..., help="POLICY or POLICY@VERSION (default: latest)."),
) -> None:
    """Print a stable content id (sha256 of the normalised text) that consent records can store."""
    from policyvc.store.repo import PolicyRepo, content_id, split_spec

    repo = PolicyRepo.open()
    policy, version = split_spec(spec)
    typer.echo(content_id(repo.text(repo.version(policy, version))))


def version_record(version: Version) -> dict[str, object]:
    """A version as JSON-ready data (the `log --format json` contract)."""
    return {
        "policy": version.policy,
        "version": version.version,
        "effective_date": version.effective_date,
        "commit_date": version.commit_date,
        "class": version.classification.value,
        "counts": dict(version.counts),
        "summary": version.summary,
        "commit": version.commit,
        "path": version.path,
        "tagged": version.tagged,
    }


def log_table(histories: dict[str, list[Version]]) -> str:
    """Aligned columns, newest version first within each policy."""
    header = ("POLICY", "VERSION", "EFFECTIVE", "COMMITTED", "CLASS", "CHANGES", "SUMMARY")
    rows = [header]
    for name, versions in histories.items():
        for v in reversed(versions):
            counts = ", ".join(f"{n} {kind}" for kind, n in v.counts) or "-"
            rows.append(
                (name, v.version, v.effective_date or "-", v.commit_date[:10], v.classification.value, counts,
                 _clip(v.summary, 70))
            )
    if len(rows) == 1:
        return "no recorded versions yet; record one with: policyvc commit POLICY --effective DATE\n"
    widths = [max(len(row[i]) for row in rows) for i in range(len(header) - 1)]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=False)) + "  " + row[-1]
             for row in rows]
    return "\n".join(line.rstrip() for line in lines) + "\n"


def _bump(value: str | None) -> Bump | None:
    if value is None:
        return None
    if value not in ("major", "minor", "patch"):
        raise UsageError(f"--bump {value!r}: use major, minor or patch")
    return Bump(value)


def _format(value: str, allowed: tuple[str, ...]) -> str:
    if value not in allowed:
        raise UsageError(f"--format {value!r}: use {' or '.join(allowed)}")
    return value


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
