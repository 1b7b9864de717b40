"""Command: diff. Resolve what to compare, compare each pair, print (or write) one format."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from policyvc.atomicfile import write_text_atomically
from policyvc.cli.app import app
from policyvc.config import load_config
from policyvc.errors import ExitCode, UsageError
from policyvc.model import Classification
from policyvc.render import RenderOptions, format_names, get_renderer
from policyvc.store.operands import ComparisonPair, resolve_pairs

if TYPE_CHECKING:
    from policyvc.classify.rules import RulePack


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
    renderer = get_renderer(fmt)
    if output is not None:
        check_output_path(output)
    config = load_config()
    pairs = resolve_pairs(old, new, base, config)
    # Imported here so other commands, and bad arguments, do not pay for loading parse, diff and classify.
    from policyvc.classify.rules import load_rule_pack
    from policyvc.compare import compare_texts

    if base is None:  # under --base an empty side means added or removed since the base, not a mistake
        _warn_about_empty(pairs)
    pack = load_rule_pack(config)
    assessments = [
        compare_texts(
            pair.old.text, pair.new.text, rules=pack, old_label=pair.old.label, new_label=pair.new.label
        )
        for pair in pairs
    ]
    options = RenderOptions(
        color=_use_color(color, output),
        explain=explain,
        collection=base is not None,
        rule_sources=_rule_sources(pack),
        config=config,
    )
    rendered = renderer.render(assessments, options)
    if output is None:
        typer.echo(rendered, nl=False, color=options.color or None)  # click strips ANSI off a TTY otherwise
    else:
        write_atomically(output, rendered)
    changed = any(a.classification.rank >= Classification.SUBSTANTIVE.rank for a in assessments)
    if exit_code and changed:
        raise typer.Exit(int(ExitCode.CHANGED))


def check_output_path(path: Path) -> None:
    """Refuse an --output path that cannot be written before doing any work."""
    if not path.parent.is_dir():
        raise UsageError(f"{path}: cannot write, folder {path.parent} does not exist")
    if path.is_dir():
        raise UsageError(f"{path}: is a directory; give a file name for --output")


def write_atomically(path: Path, text: str) -> None:
    """Write text to path through a temporary file in the same folder, so a reader never sees half of it."""
    check_output_path(path)
    try:
        write_text_atomically(path, text)
    except OSError as exc:
        raise UsageError(f"{path}: cannot write ({exc.strerror})") from None


def _warn_about_empty(pairs: list[ComparisonPair]) -> None:
    """An empty file is a valid (empty) policy, but almost always a mistake: say so, once per file."""
    for pair in pairs:
        for operand in (pair.old, pair.new):
            if not operand.text.strip():
                typer.echo(f"policyvc: {operand.label} is empty; compared as an empty policy", err=True)


def _use_color(flag: bool | None, output: Path | None) -> bool:
    """Explicit flag first; otherwise colour only on a terminal, never into a file, never with NO_COLOR."""
    if flag is not None:
        return flag
    if output is not None or os.environ.get("NO_COLOR"):
        return False
    return sys.stdout.isatty()


def _rule_sources(pack: RulePack) -> dict[str, str]:
    return {rule.id: rule.source for rule in pack.rules}
