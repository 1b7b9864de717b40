"""The blame cache: chained version keys, resumable prefixes, damaged files rebuilt, rules in its name."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from policyvc.config import Config
from policyvc.model import Classification, LineRange, Version
from policyvc.store.blamecache import BlameCache, BlameState, BlameUnit, version_chain

UNIT = BlameUnit("s", "Sharing", "paragraph", "We share.", "we share.", LineRange(3, 3))


def version(number: str, blob: str, commit: str = "") -> Version:
    return Version(
        "privacy", "policies/privacy.md", number, commit or blob * 40, blob * 40,
        "2026-01-01T09:00:00+00:00", "2026-01-01", Classification.EDITORIAL,
    )  # fmt: skip


def state(chain: list[str]) -> BlameState:
    return BlameState(len(chain), chain[-1], (UNIT,), (len(chain) - 1,))


def test_a_chain_hash_covers_every_version_before_it() -> None:
    one, two, three = version("1.0.0", "a"), version("1.1.0", "b"), version("1.2.0", "c")
    chain = version_chain([one, two, three])
    assert version_chain([one, two]) == chain[:2]  # a new commit keeps the earlier keys
    rewritten = version_chain([one, replace(two, commit="f" * 40), three])
    assert rewritten[0] == chain[0] and rewritten[1] != chain[1] and rewritten[2] != chain[2]


def test_the_longest_matching_prefix_is_the_state_to_resume_from(tmp_path: Path) -> None:
    config = Config(root=tmp_path)
    chain = version_chain([version("1.0.0", "a"), version("1.1.0", "b"), version("1.2.0", "c")])
    cache = BlameCache(config, "privacy", b"walk")
    cache.put(state(chain[:1]))
    cache.put(state(chain[:2]))
    cache.save()
    again = BlameCache(config, "privacy", b"walk")
    assert again.best(chain) == state(chain[:2])
    assert again.best(chain[:1]) == state(chain[:1])
    other = version_chain([version("1.0.0", "z"), version("1.1.0", "b")])
    assert again.best(other) is None


def test_a_damaged_cache_file_is_ignored_and_rebuilt(tmp_path: Path) -> None:
    config = Config(root=tmp_path)
    chain = version_chain([version("1.0.0", "a"), version("1.1.0", "b")])
    cache = BlameCache(config, "privacy", b"walk")
    cache.path.parent.mkdir(parents=True)
    for damage in ('{"format": 1, "states": [{"count": 2, "chain": "x", "units": [[1]], "origins": [0]}]}',
                   "{not json", '{"format": 1, "states": [{"count": 2, "origins": [7]}]}'):
        cache.path.write_text(damage, encoding="utf-8")
        assert BlameCache(config, "privacy", b"walk").best(chain) is None
    cache.put(state(chain))
    cache.save()
    assert BlameCache(config, "privacy", b"walk").best(chain) == state(chain)


def test_an_origin_outside_the_versions_walked_makes_the_state_unusable(tmp_path: Path) -> None:
    config = Config(root=tmp_path)
    chain = version_chain([version("1.0.0", "a")])
    cache = BlameCache(config, "privacy", b"walk")
    cache.put(BlameState(1, chain[0], (UNIT,), (1,)))  # version index 1 of a one-version walk
    cache.save()
    assert BlameCache(config, "privacy", b"walk").best(chain) is None


def test_rules_algorithm_and_policy_each_have_their_own_file(tmp_path: Path) -> None:
    config = Config(root=tmp_path)
    paths = {
        BlameCache(config, "privacy", b"walk").path,
        BlameCache(replace(config, disable_rules=("sharing.sale",)), "privacy", b"walk").path,
        BlameCache(config, "privacy", b"another walk").path,
        BlameCache(config, "terms", b"walk").path,
    }
    assert len(paths) == 4
    assert all(p.parent == tmp_path / ".policyvc" / "cache" for p in paths)


def test_only_a_few_states_are_kept_per_policy(tmp_path: Path) -> None:
    config = Config(root=tmp_path)
    chain = version_chain([version(f"1.{n}.0", chr(97 + n)) for n in range(8)])
    cache = BlameCache(config, "privacy", b"walk")
    for n in range(1, 9):
        cache.put(state(chain[:n]))
    cache.save()
    again = BlameCache(config, "privacy", b"walk")
    assert again.best(chain) == state(chain)
    assert again.best(chain[:4]) is None  # the oldest states were dropped


def test_an_unwritable_cache_folder_is_not_an_error(tmp_path: Path) -> None:
    (tmp_path / ".policyvc").write_text("a file where the folder should be")
    cache = BlameCache(Config(root=tmp_path), "privacy", b"walk")
    cache.put(state(version_chain([version("1.0.0", "a")])))
    cache.save()
    assert (tmp_path / ".policyvc").read_text() == "a file where the folder should be"
