"""Output formats behind one small Protocol, looked up by name.

A format is a module in this package exposing a `Renderer`; adding one is a new module and one line in
`_FORMATS` below. Renderers are imported on first use so `policyvc diff` loads only the format it prints.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from policyvc.errors import UsageError

if TYPE_CHECKING:  # `policyvc diff` reads the format names for its help before any model is needed
    from policyvc.config import Config
    from policyvc.model import Assessment


@dataclass(frozen=True, slots=True)
class RenderOptions:
    """How to render: decided by the command, never by the renderer (no TTY sniffing in here)."""

    color: bool = False  # ANSI colour (text format only)
    explain: bool = False  # show which rule fired, its source file and the evidence positions
    title: str = ""  # page or comment title; a default is derived from the labels when empty
    collection: bool = False  # several policies (diff --base): JSON uses the wrapper shape even for one
    rule_sources: Mapping[str, str] = field(default_factory=dict)  # rule id → file it was loaded from
    config: Config | None = None  # for template overrides (HTML)


class Renderer(Protocol):
    """One output format."""

    name: str

    def render(self, assessments: Sequence[Assessment], options: RenderOptions) -> str:
        """The whole output for these comparisons, as one string."""
        ...


RenderFunction = Callable[[Sequence["Assessment"], RenderOptions], str]


class FunctionRenderer:
    """A Renderer made of a format name and the function that renders that format."""

    def __init__(self, name: str, function: RenderFunction) -> None:
        self.name = name
        self._function = function

    def render(self, assessments: Sequence[Assessment], options: RenderOptions) -> str:
        """The whole output for these comparisons, as one string."""
        return self._function(assessments, options)


# format name → "module:attribute" of its Renderer instance
_FORMATS: dict[str, str] = {
    "text": "policyvc.render.text:RENDERER",
    "markdown": "policyvc.render.markdown:RENDERER",
    "html": "policyvc.render.html:RENDERER",
    "json": "policyvc.render.json:RENDERER",
}


# the formats of `policyvc notice` (policyvc.render.notice), named here so its help needs no Jinja2
NOTICE_FORMATS = ("markdown", "html", "text", "email", "json")


def format_names() -> tuple[str, ...]:
    """The formats `get_renderer` knows, in the order the help text lists them."""
    return tuple(_FORMATS)


def get_renderer(name: str) -> Renderer:
    """The renderer for a format name, or a UsageError listing the known formats."""
    target = _FORMATS.get(name.strip().lower())
    if target is None:
        raise UsageError(f"unknown format '{name}'; choose one of: {', '.join(_FORMATS)}")
    module_name, _, attribute = target.partition(":")
    renderer: Renderer = getattr(importlib.import_module(module_name), attribute)
    return renderer


__all__ = ["NOTICE_FORMATS", "FunctionRenderer", "RenderOptions", "Renderer", "format_names", "get_renderer"]
