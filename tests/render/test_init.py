"""The renderer registry: formats by name, a clear error for an unknown one."""

from __future__ import annotations

import pytest

from policyvc.errors import ExitCode, UsageError
from policyvc.render import RenderOptions, format_names, get_renderer


def test_every_listed_format_resolves_to_a_renderer_of_that_name() -> None:
    assert format_names() == ("text", "markdown", "html", "json")
    for name in format_names():
        renderer = get_renderer(name)
        assert renderer.name == name
        assert isinstance(renderer.render([], RenderOptions()), str)


def test_names_are_matched_case_insensitively() -> None:
    assert get_renderer(" JSON ").name == "json"


def test_unknown_format_is_a_usage_error_listing_the_known_ones() -> None:
    with pytest.raises(UsageError) as caught:
        get_renderer("notice")
    assert caught.value.exit_code == ExitCode.USAGE
    assert caught.value.message == "unknown format 'notice'; choose one of: text, markdown, html, json"
