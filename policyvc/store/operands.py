"""What `policyvc diff` compares: files today; git revisions (`privacy@1.0.0`, `REV:path`) join here."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from policyvc.config import Config
from policyvc.errors import UsageError
from policyvc.parse.source import read_policy_file


@dataclass(frozen=True, slots=True)
class Operand:
    label: str  # what the user named, for headers ("policies/privacy.md", "privacy@1.0.0")
    text: str
    path: str | None = None  # repository-relative path when known (for annotations)


@dataclass(frozen=True, slots=True)
class ComparisonPair:
    policy: str
    old: Operand
    new: Operand


def resolve_pairs(old: str | None, new: str | None, base: str | None, config: Config) -> list[ComparisonPair]:
    """Turn `diff` arguments into the pairs to compare."""
    if old is None or new is None or base is not None:
        raise UsageError("give two files to compare: policyvc diff OLD NEW")
    old_path, new_path = Path(old), Path(new)
    return [
        ComparisonPair(
            policy=new_path.stem,
            old=Operand(old, read_policy_file(old_path), old),
            new=Operand(new, read_policy_file(new_path), new),
        )
    ]
