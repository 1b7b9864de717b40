"""Bounded fuzzy matching: finds the obvious partner without comparing everything with everything."""

from __future__ import annotations

import random
from collections import Counter

from policyvc.diff.similar import (
    assign_greedily,
    heaviest_increasing_run,
    lengths_allow,
    similar_pairs,
    similarity,
    trigram_features,
    word_features,
)

WORDS = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota"]
WORDS += ["kappa", "lambda", "mu", "nu", "xi", "omicron", "pi", "rho", "sigma"]


def sentence(rng: random.Random, n: int = 25) -> str:
    return " ".join(rng.choice(WORDS) + str(rng.randrange(1000)) for _ in range(n))


def test_each_edited_text_finds_its_original_among_many() -> None:
    rng = random.Random(7)
    olds = [sentence(rng) for _ in range(300)]
    news = [text.replace(text.split()[3], "changed", 1) for text in olds]
    rng.shuffle(news)
    pairs = assign_greedily(similar_pairs(olds, news, cutoff=0.8), ordered=False)
    assert len(pairs) == 300
    assert all(news[j].split()[-1] == olds[i].split()[-1] for i, j in pairs)


def test_nothing_below_the_cutoff_is_returned() -> None:
    rng = random.Random(8)
    olds = [sentence(rng) for _ in range(40)]
    news = [sentence(rng) for _ in range(40)]
    assert similar_pairs(olds, news, cutoff=0.9) == []


def test_small_grids_compare_every_pair() -> None:
    scored = similar_pairs(["Cookies", "Security"], ["Our use of cookies", "Cookie"], cutoff=0.5)
    assert scored[0][1:] == (0, 1)
    assert scored[0][0] == similarity("Cookies", "Cookie")


def test_ordered_assignment_never_crosses() -> None:
    scored = [(0.9, 0, 1), (0.8, 1, 0), (0.7, 1, 2)]
    assert assign_greedily(scored, ordered=True) == [(0, 1), (1, 2)]
    assert assign_greedily(scored, ordered=False) == [(0, 1), (1, 0)]


def test_increasing_run_leaves_out_only_what_moved() -> None:
    values = [0, 1, 7, 2, 3, 4, 5, 6]
    kept = heaviest_increasing_run(values)
    assert sorted(values[k] for k in kept) == [0, 1, 2, 3, 4, 5, 6]
    assert heaviest_increasing_run([]) == set()


def test_increasing_run_keeps_the_heavier_side() -> None:
    values = [2, 3, 0, 1]
    assert heaviest_increasing_run(values, [1, 1, 1, 0.1]) == {0, 1}
    assert heaviest_increasing_run(values, [0.1, 0.1, 1, 1]) == {2, 3}


def test_heading_trigrams_ignore_case_and_spacing() -> None:
    assert trigram_features("Your  Choices") == trigram_features("your choices")


def test_repeated_texts_are_matched_once_and_spread_over_their_repeats() -> None:
    rng = random.Random(9)
    boilerplate = sentence(rng)
    others = [sentence(rng) for _ in range(20)]
    olds = [boilerplate, *others, boilerplate]
    news = [boilerplate.replace(boilerplate.split()[0], "edited", 1), *[sentence(rng) for _ in range(20)]]
    news.append(news[0])
    pairs = assign_greedily(similar_pairs(olds, news, cutoff=0.8), ordered=True)
    assert pairs == [(0, 0), (21, 21)]


def _reference_pairs(olds: list[str], news: list[str], cutoff: float) -> list[tuple[float, int, int]]:
    """The index's definition done the plain way: every text's 12 rarest words (by count over both sides,
    then by name), postings of every feature, at most 40 texts a feature, the 4 texts sharing most."""
    sets = [word_features(text) for text in [*olds, *news]]
    count = Counter(feature for found in sets for feature in found)

    def rarest(found: set[str]) -> list[str]:
        return sorted(found, key=lambda feature: (count[feature], feature))[:12]

    swapped = len(olds) > len(news)
    indexed, queries = (olds, news) if swapped else (news, olds)
    postings: dict[str, list[int]] = {}
    for j, text in enumerate(indexed):
        for feature in rarest(word_features(text)):
            postings.setdefault(feature, []).append(j)
    scored = []
    for i, text in enumerate(queries):
        shared: Counter[int] = Counter()
        for feature in rarest(word_features(text)):
            if len(postings.get(feature, [])) <= 40:
                shared.update(postings.get(feature, []))
        for j, _ in shared.most_common(4):
            # Scored as the index scores (the cutoff in rapidfuzz, lengths first): only the choice is checked.
            if not lengths_allow(len(text), len(indexed[j]), cutoff):
                continue
            score = similarity(text, indexed[j], cutoff)
            if score >= cutoff and score > 0:
                scored.append((score, j, i) if swapped else (score, i, j))
    return sorted(scored, key=lambda p: (-p[0], p[1], p[2]))


def test_the_index_scores_exactly_the_candidates_its_definition_names() -> None:
    # Short texts (fewer than 12 words), common words past the posting cap, unequal sides, either side larger:
    # the shortcuts (postings only for features a query looks up, unranked short texts) must change nothing.
    rng = random.Random(10)
    common = ["the", "of", "data", "we", "you"]

    def text() -> str:
        words = (rng.choice(common) if rng.random() < 0.3 else f"{rng.choice(WORDS)}{rng.randrange(40)}"
                 for _ in range(rng.randrange(1, 30)))
        return " ".join(words)

    for _ in range(60):
        olds = list(dict.fromkeys(text() for _ in range(rng.choice([12, 80]))))
        news = [rng.choice(olds).replace("the", "a") if rng.random() < 0.4 else text() for _ in range(150)]
        news = list(dict.fromkeys(news))[: rng.choice([20, 150])]
        cutoff = rng.choice([0.3, 0.5, 0.75])
        expected = _reference_pairs(olds, news, cutoff)
        assert expected and similar_pairs(olds, news, cutoff=cutoff) == expected
