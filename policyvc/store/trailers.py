"""Commit-message trailers policyvc writes and reads (git interpret-trailers format: `Key: value`)."""

from __future__ import annotations

import re
from collections.abc import Iterable

POLICY = "Policy"
POLICY_VERSION = "Policy-Version"
EFFECTIVE_DATE = "Effective-Date"
CHANGE_CLASS = "Change-Class"
NOTICE_DATE = "Notice-Date"
ACKNOWLEDGED_BY = "Material-Change-Acknowledged-By"

_TRAILER = re.compile(r"^([A-Za-z0-9][A-Za-z0-9-]*):[ \t]+(.*\S)[ \t]*$")


def parse_trailers(message: str) -> tuple[tuple[str, str], ...]:
    """The trailers of a commit message: the last paragraph, when every line of it is `Key: value`."""
    paragraphs = [p for p in re.split(r"\n[ \t]*\n", message.strip()) if p.strip()]
    if len(paragraphs) < 2:
        return ()
    lines = paragraphs[-1].splitlines()
    found = [_TRAILER.match(line) for line in lines]
    if not all(found):
        return ()
    return tuple((m.group(1), m.group(2)) for m in found if m)


def trailer_values(trailers: tuple[tuple[str, str], ...], key: str) -> list[str]:
    """All values of `key` (case-insensitive, as git compares trailer keys)."""
    return [v for k, v in trailers if k.lower() == key.lower()]


def names_policy(trailers: tuple[tuple[str, str], ...], names: Iterable[str]) -> bool:
    """Whether a commit's trailers speak for a policy known by any of `names`: a commit without `Policy:`
    trailers speaks for every policy it touches, one with them only for the policies they name."""
    named = trailer_values(trailers, POLICY)
    return not named or not set(named).isdisjoint(names)


def format_trailers(trailers: list[tuple[str, str]]) -> str:
    """Trailer lines for a commit message; values are single-line by construction."""
    for key, value in trailers:
        if "\n" in value or "\r" in value or not _TRAILER.match(f"{key}: {value}"):
            raise ValueError(f"not a single-line trailer: {key}: {value!r}")
    return "\n".join(f"{key}: {value}" for key, value in trailers)
