"""Thin Typer commands over the library. Each module registers its commands on the shared app."""

from policyvc.cli import check, diff, history, publish, rules, site  # noqa: F401  (registers commands)
from policyvc.cli.app import app


def main() -> None:
    app()


__all__ = ["app", "main"]
