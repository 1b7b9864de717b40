"""Commands: publish (static site and Atom feeds)."""

from policyvc.cli.app import app  # noqa: F401
