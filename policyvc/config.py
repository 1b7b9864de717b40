"""Repository configuration: `policyvc.toml` or `[tool.policyvc]` in pyproject.toml, searched upward.

Unknown keys and wrong types are errors that name the key: a typo in a notice period must not pass silently.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import MISSING, dataclass, field, fields
from pathlib import Path
from typing import Any

from policyvc.errors import ConfigError


@dataclass(frozen=True, slots=True)
class Waiver:
    """A documented exception to the CI gate. Shown in every report, never silent."""

    reason: str
    policy: str = "*"
    rule: str = "*"  # a check id (e.g. "acknowledgement") or a materiality rule id


@dataclass(frozen=True, slots=True)
class NotifyConfig:
    sender: str = ""
    to: tuple[str, ...] = ()
    subscribers: str = ""  # CSV path, relative to the repository root
    unsubscribe_url: str = ""  # may contain {email}
    list_id: str = ""
    smtp: str = ""  # smtp://host:port or smtps://host:port; credentials only from the environment
    min_class: str = "material"
    send_log: str = ".policyvc/sent.jsonl"


@dataclass(frozen=True, slots=True)
class SiteConfig:
    base_url: str = ""
    title: str = "Policies"
    organisation: str = ""
    id: str = ""  # the feeds' permanent identity (Atom ids derive from it); "" = recorded, else the title


@dataclass(frozen=True, slots=True)
class CheckConfig:
    fail_on: str = "material"
    require_acknowledgement: bool = True
    waivers: tuple[Waiver, ...] = ()


@dataclass(frozen=True, slots=True)
class Config:
    root: Path = Path(".")  # the folder the configuration was found in (or the start folder)
    source: Path | None = None  # the file it came from, None for defaults
    policies_dir: str = "policies"
    notice_days: int = 30
    templates_dir: str = ".policyvc/templates"
    cache_dir: str = ".policyvc/cache"
    rule_files: tuple[str, ...] = ()  # extra rule packs (TOML), relative to root
    rules: tuple[Mapping[str, Any], ...] = ()  # inline rules, validated by the classifier
    disable_rules: tuple[str, ...] = ()
    severity: tuple[tuple[str, str], ...] = ()  # rule id → severity override
    notify: NotifyConfig = field(default_factory=NotifyConfig)
    site: SiteConfig = field(default_factory=SiteConfig)
    check: CheckConfig = field(default_factory=CheckConfig)

    def path(self, relative: str) -> Path:
        """A configured path, resolved against the repository root."""
        return (self.root / relative).resolve()


CONFIG_FILES = ("policyvc.toml", "pyproject.toml")


def find_config_file(start: Path) -> tuple[Path, Path] | None:
    """The nearest policyvc.toml, or pyproject.toml with a [tool.policyvc] table, from start upward."""
    start = start.resolve()
    for folder in (start, *start.parents):
        candidate = folder / "policyvc.toml"
        if candidate.is_file():
            return folder, candidate
        candidate = folder / "pyproject.toml"
        if candidate.is_file() and "policyvc" in _read_toml(candidate).get("tool", {}):
            return folder, candidate
    return None


def load_config(start: Path | None = None) -> Config:
    """Load the configuration that applies to `start` (default: the current folder)."""
    start = Path.cwd() if start is None else start
    found = find_config_file(start)
    if found is None:
        return Config(root=start.resolve())
    root, source = found
    data = _read_toml(source)
    table = data.get("tool", {}).get("policyvc", {}) if source.name == "pyproject.toml" else data
    where = f"{source.name} [tool.policyvc]" if source.name == "pyproject.toml" else source.name
    return config_from_mapping(table, root=root, source=source, where=where)


def config_from_mapping(table: Mapping[str, Any], *, root: Path, source: Path | None, where: str) -> Config:
    """Validate a raw table into a Config; every error names the key."""
    top = _check_keys(table, Config, where, skip={"root", "source"})
    notify = _sub(table, "notify", NotifyConfig, where)
    site = _sub(table, "site", SiteConfig, where)
    check_table = table.get("check", {})
    if not isinstance(check_table, Mapping):
        raise ConfigError(f"{where}: 'check' must be a table")
    waivers = tuple(
        _build(w, Waiver, f"{where}: check.waivers[{i}]")
        for i, w in enumerate(check_table.get("waivers", []))
    )
    for i, waiver in enumerate(waivers):
        if not waiver.reason.strip():
            raise ConfigError(f"{where}: check.waivers[{i}].reason must say why the waiver exists")
    check = _build({k: v for k, v in check_table.items() if k != "waivers"}, CheckConfig, f"{where}: check")
    check = CheckConfig(check.fail_on, check.require_acknowledgement, waivers)
    if check.fail_on not in ("material", "substantive", "editorial", "never"):
        raise ConfigError(f"{where}: check.fail_on must be material, substantive, editorial or never")
    severity = top.pop("severity", {})
    if not isinstance(severity, Mapping):
        raise ConfigError(f"{where}: 'severity' must be a table of rule id = severity")
    rules = top.pop("rules", [])
    if not isinstance(rules, list) or not all(isinstance(r, Mapping) for r in rules):
        raise ConfigError(f"{where}: 'rules' must be an array of tables ([[tool.policyvc.rules]])")
    for key in ("notify", "site", "check"):
        top.pop(key, None)
    base = _build(top, Config, where, skip={"root", "source", "notify", "site", "check", "severity", "rules"})
    notice_days = base.notice_days
    if notice_days < 0:
        raise ConfigError(f"{where}: notice_days must be zero or more")
    return Config(
        root=root,
        source=source,
        policies_dir=base.policies_dir,
        notice_days=notice_days,
        templates_dir=base.templates_dir,
        cache_dir=base.cache_dir,
        rule_files=base.rule_files,
        rules=tuple(rules),
        disable_rules=base.disable_rules,
        severity=tuple((str(k), str(v)) for k, v in severity.items()),
        notify=notify,
        site=site,
        check=check,
    )


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc}); fix the file or remove it") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot be read ({exc.strerror})") from None


def _check_keys(
    table: Mapping[str, Any], cls: type, where: str, skip: frozenset[str] | set[str] = frozenset()
) -> dict[str, Any]:
    known = {f.name for f in fields(cls)} - skip
    for key in table:
        if key not in known:
            raise ConfigError(f"{where}: unknown key '{key}' (known: {', '.join(sorted(known))})")
    return dict(table)


def _sub(table: Mapping[str, Any], key: str, cls: type[Any], where: str) -> Any:
    sub = table.get(key, {})
    if not isinstance(sub, Mapping):
        raise ConfigError(f"{where}: '{key}' must be a table")
    return _build(sub, cls, f"{where}: {key}")


def _build(table: Any, cls: type[Any], where: str, skip: frozenset[str] | set[str] = frozenset()) -> Any:
    if not isinstance(table, Mapping):
        raise ConfigError(f"{where}: must be a table")
    _check_keys(table, cls, where, skip)
    values: dict[str, Any] = {}
    for f in fields(cls):
        required = f.default is MISSING and f.default_factory is MISSING
        if f.name not in skip and f.name not in table and required:
            raise ConfigError(f"{where}: '{f.name}' is required")
        if f.name in skip or f.name not in table:
            continue
        values[f.name] = _coerce(table[f.name], f.type, f"{where}: '{f.name}'")
    return cls(**values)


def _coerce(value: Any, annotation: Any, where: str) -> Any:
    kind = str(annotation)
    if kind == "bool":
        if not isinstance(value, bool):
            raise ConfigError(f"{where} must be true or false, not {value!r}")
        return value
    if kind == "int":
        if isinstance(value, bool) or not isinstance(value, int):
            raise ConfigError(f"{where} must be a whole number, not {value!r}")
        return value
    if kind == "str":
        if not isinstance(value, str):
            raise ConfigError(f"{where} must be a string, not {value!r}")
        return value
    if kind.startswith("tuple[str"):
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ConfigError(f"{where} must be a list of strings")
        return tuple(value)
    return value
