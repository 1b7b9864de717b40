"""The classification cache: round trip, atomic rewrite, and a fingerprint that follows the rules."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from policyvc.config import Config
from policyvc.model import Classification
from policyvc.store.cache import CachedClass, ClassificationCache, rule_fingerprint


def test_round_trip_through_disk(tmp_path: Path) -> None:
    cache = ClassificationCache(tmp_path / "cache", "abc")
    value = CachedClass(Classification.MATERIAL, (("modified", 2),))
    cache.put("old", "new", value)
    cache.put_stated_date("new", "2026-01-01")
    cache.save()
    assert [p.name for p in (tmp_path / "cache").iterdir()] == ["classify-abc.json"]  # no temp file left
    again = ClassificationCache(tmp_path / "cache", "abc")
    assert again.get("old", "new") == value
    assert again.get("new", "old") is None
    assert again.stated_date("new") == "2026-01-01" and again.stated_date("old") is None


def test_fingerprint_changes_with_configured_rules(tmp_path: Path) -> None:
    base = Config(root=tmp_path)
    assert rule_fingerprint(base) == rule_fingerprint(Config(root=tmp_path))
    assert rule_fingerprint(base) != rule_fingerprint(replace(base, disable_rules=("sharing-sale",)))
    rules = tmp_path / "ours.toml"
    rules.write_text("# v1\n")
    with_file = replace(base, rule_files=("ours.toml",))
    first = rule_fingerprint(with_file)
    rules.write_text("# v2\n")
    assert rule_fingerprint(with_file) != first


def test_an_unwritable_cache_folder_is_not_an_error(tmp_path: Path) -> None:
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the folder should be")
    cache = ClassificationCache(blocker, "abc")
    cache.put("a", "b", CachedClass(Classification.EDITORIAL, ()))
    cache.save()
    assert blocker.read_text() == "a file where the folder should be"
