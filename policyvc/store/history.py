"""A policy's versions, read from git: trailers and tags win; other commits are classified on the fly."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass

import git

from policyvc.model import Classification, Version
from policyvc.store import trailers as tk
from policyvc.store.assess import BlobAssessor
from policyvc.store.gitlog import NULL_SHA, PathCommit, TagInfo, blob_text, blob_texts, path_commits
from policyvc.store.numbering import FIRST_VERSION, bump_version, effective_date_in_text, parse_semver


@dataclass(frozen=True, slots=True)
class _Recorded:
    """What policyvc wrote for a commit, if anything."""

    version: str | None
    classification: Classification | None
    effective_date: str | None
    summary: str | None
    tagged: bool


def build_history(
    repo: git.Repo, policy: str, path: str, assessor: BlobAssessor, tags: list[TagInfo]
) -> list[Version]:
    """Every version of `policy` (currently at `path`), oldest first, numbered by the semantic rules."""
    tag_by_commit = _tags_for(policy, tags)
    versions: list[Version] = []
    texts: dict[str, str] = {}

    def read(blob: str) -> str:
        # Texts are read only when the cache cannot answer; keep the last few for the next comparison.
        if blob not in texts:
            if len(texts) > 4096:
                texts.clear()
            texts[blob] = blob_text(repo, blob, f"{path} blob {blob[:10]}")
        return texts[blob]

    commits = path_commits(repo, path)
    blobs = [pc.blob for pc in commits if pc.blob != NULL_SHA]
    if any(assessor.cache.get(a, b) is None for a, b in itertools.pairwise(blobs) if a != b):
        texts.update(blob_texts(repo, blobs, path))  # a cold walk reads every text: fetch them in one go

    prev_blob = ""
    for pc in commits:
        if pc.blob == NULL_SHA or pc.blob == prev_blob:
            continue
        recorded = _recorded(policy, pc, tag_by_commit.get(pc.commit))
        counts: tuple[tuple[str, int], ...] = ()
        if not versions:
            classification = recorded.classification or Classification.NONE
            number = recorded.version or FIRST_VERSION
        else:
            found = assessor.cache.get(prev_blob, pc.blob) or assessor.classify(
                prev_blob, read(prev_blob), pc.blob, read(pc.blob)
            )
            if found.classification == Classification.NONE and recorded.version is None:
                continue  # identical after normalisation: not a new version
            counts = found.counts
            classification = recorded.classification or found.classification
            number = recorded.version or bump_version(versions[-1].version, classification.bump)
        effective = recorded.effective_date or _stated_date(assessor, pc.blob, read) or pc.commit_date[:10]
        versions.append(
            Version(
                policy=policy,
                path=pc.path,
                version=number,
                commit=pc.commit,
                blob=pc.blob,
                commit_date=pc.commit_date,
                effective_date=effective,
                classification=classification,
                summary=recorded.summary or _subject(pc.message),
                counts=counts,
                trailers=tk.parse_trailers(pc.message),
                tagged=recorded.tagged,
            )
        )
        prev_blob = pc.blob
    assessor.cache.save()
    return versions


def _stated_date(assessor: BlobAssessor, blob: str, read: Callable[[str], str]) -> str | None:
    """The effective date the text states, remembered per blob in the cache."""
    known = assessor.cache.stated_date(blob)
    if known is None:
        known = effective_date_in_text(read(blob)) or ""
        assessor.cache.put_stated_date(blob, known)
    return known or None


def _tags_for(policy: str, tags: list[TagInfo]) -> dict[str, TagInfo]:
    """Tags of this policy by commit; the highest version wins when a commit has several."""
    prefix = f"{policy}/v"
    found: dict[str, tuple[tuple[int, int, int], TagInfo]] = {}
    for tag in tags:
        semver = parse_semver(tag.name[len(prefix) :]) if tag.name.startswith(prefix) else None
        if semver is None:
            continue
        current = found.get(tag.commit)
        if current is None or semver > current[0]:
            found[tag.commit] = (semver, tag)
    return {commit: tag for commit, (_semver, tag) in found.items()}


def _recorded(policy: str, pc: PathCommit, tag: TagInfo | None) -> _Recorded:
    trailers = tk.parse_trailers(pc.message)
    ours = tk.names_policy(trailers, (policy, policy.rsplit("/", 1)[-1]))
    version = None
    if tag is not None:
        version = tag.name.rsplit("/v", 1)[1]
    elif ours:
        for value in tk.trailer_values(trailers, tk.POLICY_VERSION):
            if parse_semver(value) is not None:
                version = value.lstrip("v")
    classification = None
    effective = None
    if ours:
        for value in tk.trailer_values(trailers, tk.CHANGE_CLASS):
            if value.lower() in Classification.__members__.values():
                classification = Classification(value.lower())
        for value in tk.trailer_values(trailers, tk.EFFECTIVE_DATE):
            effective = value
    summary = tag.message.splitlines()[0] if tag is not None and tag.message else None
    return _Recorded(version, classification, effective, summary, tag is not None)


def _subject(message: str) -> str:
    return message.strip().splitlines()[0] if message.strip() else ""
