"""YAML front matter (GitHub's site-policy files have it) → metadata strings; it is never diffed as prose."""

from __future__ import annotations

import datetime
import functools
import re

import yaml

_TOP_LEVEL_KEY = re.compile(r"^([A-Za-z_][\w-]*):[ \t]*(.*)$", re.MULTILINE)


@functools.lru_cache(maxsize=256)  # versions of a policy mostly share their front matter; YAML is slow
def read_front_matter(source: str) -> tuple[tuple[str, str], ...] | None:
    """Front matter as (key, value) strings; None when the block is not metadata at all."""
    try:
        data = yaml.safe_load(source) if source.strip() else {}
    except (yaml.YAMLError, ValueError):  # ValueError: an impossible date such as 2021-02-30
        # Broken YAML that still reads as "key: value" lines is metadata with a typo, not prose.
        pairs = tuple((key, value.strip().strip("'\"")) for key, value in _TOP_LEVEL_KEY.findall(source))
        return pairs if pairs and _TOP_LEVEL_KEY.match(source.lstrip("\n")) else None
    if not isinstance(data, dict):
        return None
    return tuple((str(key), _meta_value(value)) for key, value in data.items())


def _meta_value(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return ", ".join(_meta_value(item) for item in value)
    if isinstance(value, dict):
        return ", ".join(f"{key}: {_meta_value(item)}" for key, item in value.items())
    return str(value)
