"""The Typer application and its single error boundary.

Library code raises PolicyvcError subclasses; the group below prints their one-line message on stderr
and exits with their documented code. Anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

import sys
from typing import Any

import click
import typer
from typer.core import TyperGroup

from policyvc import __version__
from policyvc.errors import ExitCode, PolicyvcError, UsageError


class PolicyvcGroup(TyperGroup):
    """Maps PolicyvcError to `policyvc: <message>` on stderr and its exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except PolicyvcError as exc:
            click.echo(f"policyvc: {exc.message}", err=True)
            ctx.exit(int(exc.exit_code))
        except KeyboardInterrupt:
            click.echo("policyvc: interrupted", err=True)
            ctx.exit(int(ExitCode.INTERRUPTED))
        except BrokenPipeError:
            sys.stderr.close()
            ctx.exit(0)


app = typer.Typer(
    cls=PolicyvcGroup,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    help="Keep policy documents as versions in git, detect material changes, publish change notices.",
)


def choose_format(value: str, allowed: tuple[str, ...] = ("text", "json")) -> str:
    """The --format value when a command knows it, else a UsageError naming the ones it does."""
    if value not in allowed:
        raise UsageError(f"--format {value!r} is not known; use {' or '.join(allowed)}")
    return value


def _version(value: bool) -> None:
    if value:
        typer.echo(f"policyvc {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version."
    ),
) -> None:
    """policyvc: section-level diffs, materiality classification and change notices for policies."""
