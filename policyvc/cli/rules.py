"""Command: rules. List the active materiality rules (packaged, the repository's rule files, inline rules)."""

from __future__ import annotations

import typer

from policyvc.cli.app import app, choose_format

FORMATS = ("text", "json")


@app.command()
def rules(
    fmt: str = typer.Option("text", "--format", "-f", help="Output format: text or json."),
) -> None:
    """List the active rules: id, category, severity, direction, class and the file each came from."""
    choose_format(fmt, FORMATS)
    from policyvc.classify.rules import load_rule_pack
    from policyvc.config import load_config
    from policyvc.render.rules import render_rules_json, render_rules_text

    pack = load_rule_pack(load_config())
    if fmt == "json":
        typer.echo(render_rules_json(pack))
    else:
        typer.echo(render_rules_text(pack), nl=False)
