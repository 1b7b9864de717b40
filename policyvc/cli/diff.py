"""Command: diff."""

from policyvc.cli.app import app  # noqa: F401
