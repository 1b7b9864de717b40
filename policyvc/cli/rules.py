"""Commands: rules (see the matching issue)."""

from policyvc.cli.app import app  # noqa: F401
