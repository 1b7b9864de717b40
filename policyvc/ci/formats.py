"""Check report formats behind a tiny registry: a format is a function `GateResult -> str` in its own module.

Adding a format is a module and one line below. Modules load on first use, so importing this is cheap.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from policyvc.errors import UsageError

if TYPE_CHECKING:  # `policyvc check --help` lists the names without loading the gate
    from policyvc.ci.result import GateResult

FormatFunction = Callable[["GateResult"], str]

# format name → "module:function"
_FORMATS: dict[str, str] = {
    "text": "policyvc.ci.text:render_text",
    "json": "policyvc.ci.json:render_json",
    "sarif": "policyvc.ci.sarif:render_sarif",
    "junit": "policyvc.ci.junit:render_junit",
    "markdown": "policyvc.ci.markdown:render_markdown",
    "github": "policyvc.ci.github:render_annotations",
}


def format_names() -> tuple[str, ...]:
    return tuple(_FORMATS)


def get_format(name: str) -> FormatFunction:
    """The report function for a format name, or a UsageError listing the known ones."""
    target = _FORMATS.get(name.strip().lower())
    if target is None:
        raise UsageError(f"unknown check format '{name}'; choose one of: {', '.join(_FORMATS)}")
    module_name, _, attribute = target.partition(":")
    function: FormatFunction = getattr(importlib.import_module(module_name), attribute)
    return function


def detect_format(environ: Mapping[str, str]) -> str:
    """`github` inside GitHub Actions, otherwise `text` (GitLab CI reads text plus a JUnit file)."""
    return "github" if environ.get("GITHUB_ACTIONS") == "true" else "text"
