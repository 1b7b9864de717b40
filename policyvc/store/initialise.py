"""`policyvc init`: make a folder a policy repository; idempotent, never overwrites anything."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import git

from policyvc.atomicfile import write_text_atomically
from policyvc.config import find_config_file
from policyvc.errors import RepositoryError

CACHE_IGNORE = ".policyvc/cache/"

CONFIG_TEMPLATE = """\
# policyvc configuration. Every key is optional; the values shown are the defaults.
# Documentation: docs/history.md (versions), docs/ci.md (the gate), docs/notify.md (notices).

# Folder holding one Markdown file per policy (policies/privacy.md is the policy "privacy").
policies_dir = "policies"

# Days between publishing a material change and its effective date.
notice_days = 30

# Extra rule packs (TOML files, relative to this folder) and rules to switch off by id.
# rule_files = ["rules/ours.toml"]
# disable_rules = []

# [check]
# fail_on = "material"              # material, substantive, editorial or never
# require_acknowledgement = true

# [notify]
# sender = "Legal <legal@example.org>"
# smtp = "smtp://localhost:25"      # credentials only from the environment

# [site]
# base_url = "https://example.org/policies/"
# title = "Policies"
"""


@dataclass(frozen=True, slots=True)
class InitOutcome:
    root: Path
    created: list[str] = field(default_factory=list)  # what was made, e.g. "git repository", "policyvc.toml"
    kept: list[str] = field(default_factory=list)  # what already existed and was left alone


def init_repository(folder: Path, *, dry_run: bool = False) -> InitOutcome:
    """git init if needed, a policies/ folder, a commented policyvc.toml, the cache in .gitignore."""
    root = folder.resolve()
    if root.exists() and not root.is_dir():
        raise RepositoryError(f"{folder}: exists and is not a folder")
    outcome = InitOutcome(root)
    try:
        existing = git.Repo(root, search_parent_directories=True) if root.exists() else None
    except git.InvalidGitRepositoryError:
        existing = None
    if existing is None:
        outcome.created.append("git repository")
        if not dry_run:
            root.mkdir(parents=True, exist_ok=True)
            git.Repo.init(root)
    else:
        outcome.kept.append(f"git repository ({existing.working_tree_dir})")
    config = find_config_file(root) if root.exists() else None
    if config is not None and config[0] == root:
        outcome.kept.append(config[1].name)
    else:
        outcome.created.append("policyvc.toml")
        if not dry_run:
            _create(root / "policyvc.toml", CONFIG_TEMPLATE)
    policies = root / "policies"
    if policies.is_dir():
        outcome.kept.append("policies/")
    else:
        outcome.created.append("policies/")
        if not dry_run:
            policies.mkdir(parents=True)
    ignore = root / ".gitignore"
    current = ignore.read_text(encoding="utf-8") if ignore.is_file() else ""
    if CACHE_IGNORE in current.splitlines() or ".policyvc/cache" in current.splitlines():
        outcome.kept.append(f".gitignore ({CACHE_IGNORE})")
    else:
        outcome.created.append(f".gitignore entry {CACHE_IGNORE}")
        if not dry_run:
            separator = "" if not current or current.endswith("\n") else "\n"
            write_text_atomically(ignore, f"{current}{separator}{CACHE_IGNORE}\n")
    return outcome


def _create(path: Path, text: str) -> None:
    """Write a new file; if something appeared there meanwhile, leave it."""
    try:
        with path.open("x", encoding="utf-8") as handle:
            handle.write(text)
    except FileExistsError:
        return


