"""Bounded fuzzy matching: compare each old text only with the few new texts that share its rarest features.

Comparing every unmatched old text with every unmatched new one is O(n·m) similarity calls, which is what
makes naive diffs of unrelated documents explode. Here each text is reduced to a small signature (its rarest
words or character trigrams across both sides), an inverted index finds candidates sharing signature features,
and only the best few candidates per text are scored with rapidfuzz.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Sequence
from collections.abc import Set as AbstractSet

from rapidfuzz.distance import Indel

_WORD = re.compile(r"\w+")

SIGNATURE_SIZE = 12  # features kept per text
POSTING_CAP = 40  # a feature shared by more texts than this says nothing about which one is alike
CANDIDATES_PER_TEXT = 4  # texts scored per old text
SMALL_GRID = 64  # below this many pairs, score every pair instead of using the index
FEW_TEXTS = 3  # this few texts on one side are scored against every text of the other (linear in it)


Features = Callable[[str], AbstractSet[str]]


class FeatureCache:
    """The features of each distinct text, computed once (a diff looks at the same block several times)."""

    def __init__(self, features: Features) -> None:
        self._features = features
        self._seen: dict[str, AbstractSet[str]] = {}

    def __call__(self, text: str) -> AbstractSet[str]:
        found = self._seen.get(text)
        if found is None:
            found = self._seen[text] = self._features(text)
        return found


class Signatures:
    """Each text's rarest features, rarity counted over the texts being matched (given as feature sets)."""

    def __init__(self, feature_sets: Iterable[AbstractSet[str]]) -> None:
        self.frequency = Counter(itertools.chain.from_iterable(feature_sets))

    def rarest(self, features: AbstractSet[str]) -> list[str]:
        """The signature, rarest feature first (ties by name, so that it is deterministic)."""
        # Two sorts in C, the second stable, instead of ranking every feature of every text once up front:
        # only the texts that can find a partner are ever ranked.
        return sorted(sorted(features), key=self.frequency.__getitem__)[:SIGNATURE_SIZE]

    def members(self, features: AbstractSet[str]) -> Collection[str]:
        """The signature in no particular order: a text with few features needs no ranking."""
        return features if len(features) <= SIGNATURE_SIZE else self.rarest(features)


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
    features: Features | None = None,
) -> list[tuple[float, int, int]]:
    """Scored (similarity, old index, new index) candidates at or above `cutoff`, best first."""
    if not olds or not news:
        return []
    if len(olds) * len(news) <= SMALL_GRID or min(len(olds), len(news)) <= FEW_TEXTS:
        return _every_pair(olds, news, cutoff)
    old_groups, new_groups = _positions(olds), _positions(news)
    if len(old_groups) < len(olds) or len(new_groups) < len(news):
        # Boilerplate repeats ("None.", a standard clause): match each distinct text once, then spread the
        # matches over the repeats, pairing the k-th repeat with the k-th so that order is kept.
        old_keys, new_keys = list(old_groups), list(new_groups)
        spread: list[tuple[float, int, int]] = []
        for score, a, b in _indexed_pairs(old_keys, new_keys, cutoff, features or word_features):
            old_at, new_at = old_groups[old_keys[a]], new_groups[new_keys[b]]
            if len(old_at) * len(new_at) <= SMALL_GRID:
                spread.extend((score, i, j) for i in old_at for j in new_at)
            else:
                spread.extend((score, i, j) for i, j in zip(old_at, new_at, strict=False))
        return sorted(spread, key=lambda p: (-p[0], p[1], p[2]))
    return _indexed_pairs(olds, news, cutoff, features or word_features)


def _positions(texts: Sequence[str]) -> dict[str, list[int]]:
    """Each distinct text with the positions where it occurs, in first-seen order."""
    positions: dict[str, list[int]] = {}
    for k, text in enumerate(texts):
        found = positions.get(text)
        if found is None:
            positions[text] = [k]
        else:
            found.append(k)
    return positions


def _indexed_pairs(
    olds: Sequence[str], news: Sequence[str], cutoff: float, features: Features
) -> list[tuple[float, int, int]]:
    """Candidates from an inverted index of rarest features, each scored; no pair of texts is scored twice."""
    old_sets, new_sets = list(map(features, olds)), list(map(features, news))
    signature = Signatures(itertools.chain(old_sets, new_sets))
    # Index the larger side and query with the smaller: a query costs more than an indexed text.
    swapped = len(olds) > len(news)
    indexed, queries = (olds, news) if swapped else (news, olds)
    indexed_sets, query_sets = (old_sets, new_sets) if swapped else (new_sets, old_sets)
    query_signatures = [signature.rarest(found) for found in query_sets]
    # Only features some query looks up need postings (one found in a single text finds nothing), and a text
    # holding none of them needs no signature: unrelated documents share few rare words, so most are skipped.
    frequency = signature.frequency
    wanted = {feature for found in query_signatures for feature in found if frequency[feature] > 1}
    postings: dict[str, list[int]] = {}
    for j, found in enumerate(indexed_sets):
        if wanted.isdisjoint(found):
            continue
        for feature in wanted.intersection(signature.members(found)):
            postings.setdefault(feature, []).append(j)
    scored: list[tuple[float, int, int]] = []
    for i, text in enumerate(queries):
        hits = [p for p in map(postings.get, query_signatures[i]) if p is not None and len(p) <= POSTING_CAP]
        if not hits:
            continue
        shared: Counter[int] = Counter()
        for posting in hits:
            shared.update(posting)
        # most_common keeps first-seen order among equal counts, so the choice is deterministic.
        for j, _ in shared.most_common(CANDIDATES_PER_TEXT):
            if not lengths_allow(len(text), len(indexed[j]), cutoff):
                continue
            score = similarity(text, indexed[j], cutoff)
            if score > 0 and score >= cutoff:
                scored.append((score, j, i) if swapped else (score, i, j))
    return sorted(scored, key=lambda p: (-p[0], p[1], p[2]))


def _every_pair(olds: Sequence[str], news: Sequence[str], cutoff: float) -> list[tuple[float, int, int]]:
    """Score every pair whose lengths allow `cutoff` (for small grids, or a few texts against many)."""
    scored = []
    for i, old in enumerate(olds):
        for j, new in enumerate(news):
            if lengths_allow(len(old), len(new), cutoff):
                score = similarity(old, new, cutoff)
                if score > 0 and score >= cutoff:
                    scored.append((score, i, j))
    return sorted(scored, key=lambda p: (-p[0], p[1], p[2]))


def lengths_allow(a: int, b: int, cutoff: float) -> bool:
    """Indel similarity can reach at most 2·min/(a+b): texts too different in length cannot meet `cutoff`."""
    return a + b == 0 or 2 * min(a, b) >= cutoff * (a + b)


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
