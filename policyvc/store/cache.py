"""Classification cache: (old blob, new blob, rule-pack fingerprint) → class and counts, as JSON on disk."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import policyvc
from policyvc.atomicfile import write_text_atomically
from policyvc.config import Config
from policyvc.model import Classification

_FORMAT = 1


@dataclass(frozen=True, slots=True)
class CachedClass:
    classification: Classification
    counts: tuple[tuple[str, int], ...]


def rule_fingerprint(config: Config) -> str:
    """A hash of everything that can change a classification: policyvc, packaged and configured rules."""
    digest = hashlib.sha256(f"policyvc {policyvc.__version__}\n".encode())
    package = Path(policyvc.__file__).parent
    for folder in ("classify", "diff", "parse"):
        for path in sorted((package / folder).glob("**/*")):
            if path.suffix in (".py", ".toml") and path.is_file():
                digest.update(path.name.encode() + b"\0" + path.read_bytes())
    for name in config.rule_files:
        rule_path = config.path(name)
        digest.update(name.encode() + b"\0" + (rule_path.read_bytes() if rule_path.is_file() else b""))
    extra = [repr(config.rules), repr(config.disable_rules), repr(config.severity)]
    digest.update("\0".join(extra).encode())
    return digest.hexdigest()[:20]


class ClassificationCache:
    """Loaded once per history walk, saved once at the end if anything was added."""

    def __init__(self, folder: Path, fingerprint: str) -> None:
        self.path = folder / f"classify-{fingerprint}.json"
        self._entries: dict[str, dict[str, object]] = {}
        self._dates: dict[str, str] = {}
        self._dirty = False
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            if data.get("format") == _FORMAT and isinstance(data.get("entries"), dict):
                self._entries = data["entries"]
                self._dates = data.get("dates", {}) if isinstance(data.get("dates"), dict) else {}
        except (OSError, ValueError, AttributeError):
            self._entries, self._dates = {}, {}  # a missing or damaged cache is rebuilt, never an error

    def get(self, old_blob: str, new_blob: str) -> CachedClass | None:
        entry = self._entries.get(f"{old_blob}:{new_blob}")
        if not isinstance(entry, dict):
            return None
        try:
            counts = entry["counts"]
            assert isinstance(counts, list)
            return CachedClass(
                Classification(str(entry["class"])), tuple((str(k), int(v)) for k, v in counts)
            )
        except (KeyError, ValueError, TypeError, AssertionError):
            return None

    def put(self, old_blob: str, new_blob: str, value: CachedClass) -> None:
        self._entries[f"{old_blob}:{new_blob}"] = {
            "class": value.classification.value,
            "counts": [list(pair) for pair in value.counts],
        }
        self._dirty = True

    def stated_date(self, blob: str) -> str | None:
        """The effective date a blob's text states: "" when it states none, None when not yet known."""
        value = self._dates.get(blob)
        return value if isinstance(value, str) else None

    def put_stated_date(self, blob: str, date: str | None) -> None:
        self._dates[blob] = date or ""
        self._dirty = True

    def save(self) -> None:
        """Write atomically; a read-only repository just goes without a cache."""
        if not self._dirty:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            data = {"format": _FORMAT, "entries": self._entries, "dates": self._dates}
            write_text_atomically(self.path, json.dumps(data, separators=(",", ":")))
            self._dirty = False
        except OSError:
            return
