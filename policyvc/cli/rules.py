"""Command: rules. List the active materiality rules (packaged, the repository's rule files, inline rules)."""

from __future__ import annotations

import json

import typer

from policyvc.cli.app import app, choose_format
from policyvc.config import load_config

FORMATS = ("text", "json")


@app.command()
def rules(
    fmt: str = typer.Option("text", "--format", "-f", help="Output format: text or json."),
) -> None:
    """List the active rules: id, category, severity, direction, class and the file each came from."""
    choose_format(fmt, FORMATS)
    from policyvc.classify.rules import load_rule_pack

    pack = load_rule_pack(load_config())
    if fmt == "json":
        listed = [
            {
                "id": r.id,
                "category": r.category,
                "severity": r.severity.value,
                "direction": r.direction.value,
                "class": r.classification.value,
                "mirror": r.mirror.value,
                "source": r.source,
                "triggers": list(r.triggers),
                "patterns": list(r.patterns),
                "context": list(r.context),
            }
            for r in pack.rules
        ]
        document = {"schema": "policyvc/rules/1", "count": len(listed), "rules": listed}
        typer.echo(json.dumps(document, indent=2))
        return
    width = max((len(r.id) for r in pack.rules), default=2)
    typer.echo(f"{'id':<{width}}  {'category':<17} {'severity':<8} {'direction':<9} {'class':<11} source")
    for r in pack.rules:
        typer.echo(
            f"{r.id:<{width}}  {r.category:<17} {r.severity.value:<8} {r.direction.value:<9} "
            f"{r.classification.value:<11} {r.source}"
        )
    typer.echo(f"{len(pack.rules)} rules")
