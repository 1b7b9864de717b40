"""Blame cache: each paragraph's origin, per version walked, so `blame` need not re-diff the whole history.

A state is keyed by a hash chained over the versions walked (commit, blob, number, dates), so a state for
versions 1..k still matches when later commits are added — blame resumes from it and diffs only the new
versions — and matches nothing once the history is rewritten. The file name carries the rule-pack
fingerprint and a hash of the blame algorithm: new rules or a new policyvc start from scratch.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from policyvc.atomicfile import write_text_atomically
from policyvc.config import Config
from policyvc.model import LineRange, Version
from policyvc.store.cache import rule_fingerprint

_FORMAT = 1
_STATES_KEPT = 4  # the latest version and a few older ones someone blamed, per policy


@dataclass(frozen=True, slots=True)
class BlameUnit:
    """One heading or block of a version, as blame compares them."""

    section_id: str
    heading: str
    kind: str  # "heading" or a BlockKind value
    text: str
    norm: str
    lines: LineRange


@dataclass(frozen=True, slots=True)
class BlameState:
    """The units of version `count` (1-based) and, for each, the index of the version it dates from."""

    count: int
    chain: str
    units: tuple[BlameUnit, ...]
    origins: tuple[int, ...]


def version_chain(versions: list[Version]) -> list[str]:
    """One hash per version, each covering every version up to it: equal prefixes, equal hashes."""
    chain: list[str] = []
    previous = ""
    for v in versions:
        record = "\x1f".join((previous, v.commit, v.blob, v.version, v.effective_date or "", v.commit_date))
        previous = hashlib.sha256(record.encode("utf-8")).hexdigest()
        chain.append(previous)
    return chain


class BlameCache:
    """The saved states of one policy's blame; loaded once per command, saved once if anything was added."""

    def __init__(self, config: Config, policy: str, algorithm: bytes) -> None:
        fingerprint = hashlib.sha256(rule_fingerprint(config).encode() + b"\0" + algorithm).hexdigest()[:20]
        name = hashlib.sha256(policy.encode("utf-8")).hexdigest()[:16]
        self.path = config.path(config.cache_dir) / f"blame-{fingerprint}-{name}.json"
        self._states: list[BlameState] = []
        self._dirty = False
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            if data.get("format") == _FORMAT and isinstance(data.get("states"), list):
                self._states = [s for s in map(_state_from_json, data["states"]) if s is not None]
        except (OSError, ValueError, AttributeError):
            self._states = []  # a missing or damaged cache is rebuilt, never an error

    def best(self, chain: list[str]) -> BlameState | None:
        """The state for exactly these versions, else the longest for a prefix of them (to resume from)."""
        usable = [s for s in self._states if s.count <= len(chain) and chain[s.count - 1] == s.chain]
        return max(usable, key=lambda s: s.count, default=None)

    def put(self, state: BlameState) -> None:
        """Remember a state, newest first; the oldest beyond a few are dropped."""
        others = [s for s in self._states if (s.count, s.chain) != (state.count, state.chain)]
        self._states = [state, *others][:_STATES_KEPT]
        self._dirty = True

    def save(self) -> None:
        """Write atomically; a read-only repository just goes without a cache."""
        if not self._dirty:
            return
        data = {"format": _FORMAT, "states": [_state_to_json(s) for s in self._states]}
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            write_text_atomically(self.path, json.dumps(data, separators=(",", ":"), ensure_ascii=False))
            self._dirty = False
        except OSError:
            return


def _state_to_json(state: BlameState) -> dict[str, object]:
    units = [
        [u.section_id, u.heading, u.kind, u.text, u.norm, u.lines.start, u.lines.end] for u in state.units
    ]
    return {"count": state.count, "chain": state.chain, "units": units, "origins": list(state.origins)}


def _state_from_json(data: object) -> BlameState | None:
    """A saved state, or None when anything in it is not what `_state_to_json` writes."""
    if not isinstance(data, dict):
        return None
    count, chain = data.get("count"), data.get("chain")
    raw_units, raw_origins = data.get("units"), data.get("origins")
    if not (isinstance(count, int) and count >= 1 and isinstance(chain, str)):
        return None
    if not (isinstance(raw_units, list) and isinstance(raw_origins, list)):
        return None
    units = [_unit_from_json(row) for row in raw_units]
    origins = tuple(o for o in raw_origins if isinstance(o, int) and 0 <= o < count)
    if len(origins) != len(raw_origins) or len(origins) != len(units):
        return None
    checked = tuple(u for u in units if u is not None)
    return BlameState(count, chain, checked, origins) if len(checked) == len(units) else None


def _unit_from_json(row: object) -> BlameUnit | None:
    if not isinstance(row, list) or len(row) != 7:
        return None
    section_id, heading, kind, text, norm, start, end = row
    if not all(isinstance(v, str) for v in (section_id, heading, kind, text, norm)):
        return None
    if not (isinstance(start, int) and isinstance(end, int)):
        return None
    return BlameUnit(section_id, heading, kind, text, norm, LineRange(start, end))
