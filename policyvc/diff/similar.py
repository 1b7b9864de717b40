"""Bounded fuzzy matching: compare each old text only with the few new texts that share its rarest features.

Comparing every unmatched old text with every unmatched new one is O(n·m) similarity calls, which is what
makes naive diffs of unrelated documents explode. Here each text is reduced to a small signature (its rarest
words or character trigrams across both sides), an inverted index finds candidates sharing signature features,
and only the best few candidates per text are scored with rapidfuzz.
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Callable, Sequence

import regex
from rapidfuzz.distance import Indel

_WORD = regex.compile(r"\w+", regex.UNICODE)

SIGNATURE_SIZE = 12  # features kept per text
POSTING_CAP = 40  # a feature shared by more texts than this says nothing about which one is alike
CANDIDATES_PER_TEXT = 4  # texts scored per old text
SMALL_GRID = 64  # below this many pairs, score every pair instead of using the index


def word_features(text: str) -> set[str]:
    """Distinct lower-cased words of a text."""
    return set(_WORD.findall(text.lower()))


def trigram_features(text: str) -> set[str]:
    """Character trigrams of a short text such as a heading (the whole text when shorter)."""
    folded = f" {' '.join(text.lower().split())} "
    if len(folded) <= 3:
        return {folded}
    return {folded[i : i + 3] for i in range(len(folded) - 2)}


def similarity(old: str, new: str, cutoff: float = 0.0) -> float:
    """How alike two texts are, 0..1 (normalised Indel similarity); 0 when below `cutoff`."""
    return float(Indel.normalized_similarity(old, new, score_cutoff=cutoff))


def similar_pairs(
    olds: Sequence[str],
    news: Sequence[str],
    *,
    cutoff: float,
    features: Callable[[str], set[str]] = word_features,
) -> list[tuple[float, int, int]]:
    """Scored (similarity, old index, new index) candidates at or above `cutoff`, best first."""
    if not olds or not news:
        return []
    if len(olds) * len(news) <= SMALL_GRID:
        grid = [(similarity(o, n, cutoff), i, j) for i, o in enumerate(olds) for j, n in enumerate(news)]
        return sorted((p for p in grid if p[0] > 0 and p[0] >= cutoff), key=lambda p: (-p[0], p[1], p[2]))
    old_features = [features(t) for t in olds]
    new_features = [features(t) for t in news]
    frequency: Counter[str] = Counter()
    for feature_set in old_features:
        frequency.update(feature_set)
    for feature_set in new_features:
        frequency.update(feature_set)

    def signature(feature_set: set[str]) -> list[str]:
        return sorted(feature_set, key=lambda f: (frequency[f], f))[:SIGNATURE_SIZE]

    postings: dict[str, list[int]] = {}
    for j, feature_set in enumerate(new_features):
        for feature in signature(feature_set):
            postings.setdefault(feature, []).append(j)
    scored: list[tuple[float, int, int]] = []
    for i, feature_set in enumerate(old_features):
        shared: Counter[int] = Counter()
        for feature in signature(feature_set):
            posting = postings.get(feature)
            if posting and len(posting) <= POSTING_CAP:
                shared.update(posting)
        best = sorted(shared.items(), key=lambda item: (-item[1], item[0]))[:CANDIDATES_PER_TEXT]
        for j, _ in best:
            score = similarity(olds[i], news[j], cutoff)
            if score > 0 and score >= cutoff:
                scored.append((score, i, j))
    return sorted(scored, key=lambda p: (-p[0], p[1], p[2]))


def assign_greedily(pairs: Sequence[tuple[float, int, int]], *, ordered: bool) -> list[tuple[int, int]]:
    """One-to-one pairs from scored candidates, best first; with `ordered`, pairs never cross each other."""
    used_old: set[int] = set()
    used_new: set[int] = set()
    accepted: list[tuple[int, int]] = []  # sorted by old index
    for _, i, j in pairs:
        if i in used_old or j in used_new:
            continue
        if ordered:
            at = bisect.bisect_left(accepted, (i, j))
            if at > 0 and accepted[at - 1][1] > j:
                continue
            if at < len(accepted) and accepted[at][1] < j:
                continue
        bisect.insort(accepted, (i, j))
        used_old.add(i)
        used_new.add(j)
    return accepted


def heaviest_increasing_run(values: Sequence[int], weights: Sequence[float] | None = None) -> set[int]:
    """Positions of an increasing subsequence of distinct non-negative `values` with the largest total weight.

    With unit weights this is a longest increasing subsequence; O(n log n) with a Fenwick tree of maxima.
    """
    if not values:
        return set()
    size = max(values) + 1
    tree: list[tuple[float, int]] = [(0.0, -1)] * (size + 1)  # (best total, position ending it)
    previous = [-1] * len(values)
    best: tuple[float, int] = (0.0, -1)
    for position, value in enumerate(values):
        weight = 1.0 if weights is None else weights[position]
        prefix: tuple[float, int] = (0.0, -1)
        k = value  # prefix over values strictly below `value` (tree is 1-based)
        while k > 0:
            if tree[k][0] > prefix[0]:
                prefix = tree[k]
            k -= k & -k
        total = (prefix[0] + weight, position)
        previous[position] = prefix[1]
        if total[0] > best[0]:
            best = total
        k = value + 1
        while k <= size:
            if total[0] > tree[k][0]:
                tree[k] = total
            k += k & -k
    kept: set[int] = set()
    position = best[1]
    while position != -1:
        kept.add(position)
        position = previous[position]
    return kept
