"""Aligning two section trees: which old section is which new one, and which old block is which new one.

Sections are matched in rounds, strongest evidence first: identical sections, same id, similar heading,
similar content, and last a section rewritten in place (same slot between the same matched neighbours, same
parent, a heading on the same topic). Order changes come from a longest increasing run over the matched pairs,
so only the sections that really moved are moves. Blocks are matched inside matched sections (same normalised
text in order, then similar text in order); what is left over is matched across the whole document as moves.
"""

from __future__ import annotations

import itertools
import operator
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rapidfuzz.distance import Indel

from policyvc.diff.similar import (
    FeatureCache,
    Features,
    assign_greedily,
    heaviest_increasing_run,
    lengths_allow,
    similar_pairs,
    similarity,
    trigram_features,
    word_features,
)
from policyvc.model import Block, Document, Section

HEADING_CUTOFF = 0.85  # a heading this alike is the same heading, reworded
CONTENT_CUTOFF = 0.5  # sections whose prose is at least this alike are the same section, renamed
BLOCK_CUTOFF = 0.5  # blocks in the same place, at least this alike, are one block edited
MOVED_BLOCK_CUTOFF = 0.75  # blocks in different places must be more alike to count as one block moved
REFLOW_CUTOFF = 0.9  # blocks pairing this well one to one were edited in place, not re-wrapped
REFLOW_GAIN = 0.1  # re-wrapped: the joined texts are at least this much more alike than the pairing says
REFLOW_MIN_SIMILARITY = 0.6  # and at least this alike
REFLOW_MIN_BLOCKS = 3  # a re-wrap involves at least three blocks (two is a plain split or merge)
REFLOW_MAX_CHARS = 50_000  # longer gaps are left to block pairing (joined similarity is quadratic-ish)
FUZZY_MOVE_MIN_CHARS = 40  # shorter blocks count as moved only when they reappear unchanged
PRUNE_SLACK = 1e-6  # a bound used only to skip work sits this far below the real threshold

TOPIC_OVERLAP = 0.5  # headings on one topic share at least this share of the shorter one's topic words
TOPIC_SUFFIXES = ("ations", "ation", "ings", "ing", "ions", "ion", "es", "ed", "s", "e")  # crude stemming
TOPIC_MIN_STEM = 3  # a suffix is stripped only when this much of the word is left
# Words that name no topic in a policy heading: "Information we collect" and "Information we share" share
# only "information", which says nothing about whether they are the same section.
TOPIC_STOPWORDS = frozenset(
    (
        "a", "an", "the", "and", "or", "of", "to", "for", "in", "on", "at", "by", "with", "from", "about",
        "into", "under", "this", "that", "these", "those", "our", "your", "their", "its", "we", "you", "us",
        "they", "it", "how", "what", "when", "where", "who", "why", "which", "do", "does", "is", "are",
        "be", "may", "can", "will", "not", "no", "if", "information", "data", "personal", "policy",
        "privacy", "notice", "statement", "terms", "term", "service", "services", "section", "general",
        "other", "additional", "more", "further",
    )
)  # fmt: skip
# A word in this share of all headings (and in at least TOPIC_COMMON_MIN of them) names the document, not a
# topic: the organisation's name ("GitHub Security Audit Report", "How to Contact GitHub").
TOPIC_COMMON_SHARE = 0.1
TOPIC_COMMON_MIN = 4
_TOPIC_WORD = re.compile(r"[^\W\d_]{2,}")

DEPTH_DISCOUNT = 0.01  # weight of a section relative to its parent when deciding what stayed in order

BlockAt = tuple[int, int]  # (section index, block index) in one document


@dataclass(frozen=True, slots=True)
class SectionAlignment:
    """Matched section pairs (old index, new index) in new order, and the new indexes that moved."""

    pairs: tuple[tuple[int, int], ...]
    moved: frozenset[int]

    def new_for_old(self) -> dict[int, int]:
        return {o: n for o, n in self.pairs}

    def old_for_new(self) -> dict[int, int]:
        return {n: o for o, n in self.pairs}


@dataclass(frozen=True, slots=True)
class BlockSplit:
    """One old block became several consecutive new ones (split), or the mirror (merged)."""

    old: tuple[BlockAt, ...]
    new: tuple[BlockAt, ...]


@dataclass(frozen=True, slots=True)
class BlockAlignment:
    """Matched blocks in place, blocks moved between places, splits and merges, and what is left over."""

    in_place: tuple[tuple[BlockAt, BlockAt], ...]
    moved: tuple[tuple[BlockAt, BlockAt], ...]
    splits: tuple[BlockSplit, ...]
    removed: tuple[BlockAt, ...]
    added: tuple[BlockAt, ...]


def section_content(section: Section) -> str:
    """The normalised prose of a section, for content similarity."""
    return "\n".join(block.norm for block in section.blocks)


def align_sections(old: Document, new: Document) -> SectionAlignment:
    """Match old sections to new ones: identical, then by id, then by heading, then by content."""
    olds, news = old.sections, new.sections
    matched: dict[int, int] = {}
    _match_identical(olds, news, matched)
    _match_by_id(olds, news, matched)
    _match_similar(olds, news, matched, lambda s: s.norm_heading, HEADING_CUTOFF, trigram_features)
    _match_similar(olds, news, matched, section_content, CONTENT_CUTOFF, word_features)
    _match_rewritten_in_place(olds, news, matched)
    pairs = tuple(sorted(matched.items(), key=lambda pair: pair[1]))
    return SectionAlignment(pairs=pairs, moved=_moved_sections(olds, news, pairs))


def _match_identical(olds: Sequence[Section], news: Sequence[Section], matched: dict[int, int]) -> None:
    """Sections with the same heading and the same prose, k-th occurrence to k-th occurrence."""
    waiting: dict[tuple[str, ...], list[int]] = {}
    for j in reversed(range(len(news))):
        waiting.setdefault(_identity(news[j]), []).append(j)
    for i, section in enumerate(olds):
        candidates = waiting.get(_identity(section))
        if candidates:
            matched[i] = candidates.pop()


def _identity(section: Section) -> tuple[str, ...]:
    return (str(section.level), section.norm_heading, *(block.norm for block in section.blocks))


def _match_by_id(olds: Sequence[Section], news: Sequence[Section], matched: dict[int, int]) -> None:
    taken = set(matched.values())
    new_by_id = {s.id: j for j, s in enumerate(news) if j not in taken}
    for i, section in enumerate(olds):
        if i in matched:
            continue
        j = new_by_id.pop(section.id, None)
        if j is not None:
            matched[i] = j


def _match_similar(
    olds: Sequence[Section],
    news: Sequence[Section],
    matched: dict[int, int],
    text_of: Callable[[Section], str],
    cutoff: float,
    features: Callable[[str], set[str]],
) -> None:
    taken = set(matched.values())
    old_left = [i for i in range(len(olds)) if i not in matched]
    new_left = [j for j in range(len(news)) if j not in taken]
    old_texts = [text_of(olds[i]) for i in old_left]
    new_texts = [text_of(news[j]) for j in new_left]
    usable_old = [k for k, t in enumerate(old_texts) if t]
    usable_new = [k for k, t in enumerate(new_texts) if t]
    old_usable = [old_texts[k] for k in usable_old]
    new_usable = [new_texts[k] for k in usable_new]
    scored = similar_pairs(old_usable, new_usable, cutoff=cutoff, features=features)
    for a, b in assign_greedily(scored, ordered=False):
        matched[old_left[usable_old[a]]] = new_left[usable_new[b]]


def _match_rewritten_in_place(
    olds: Sequence[Section], news: Sequence[Section], matched: dict[int, int]
) -> None:
    """A section renamed and rewritten beyond content matching, still in its slot, is one section changed.

    Between two consecutive matched pairs (a document end counts only when the other end is a real match),
    each side has a run of unmatched sections and nothing else. When the runs are equally long, they are
    paired in order, each pair only when both sit under the same (matched) parent and their headings share a
    topic word. Anything less certain stays removed + added: pairing unrelated sections is worse.
    """
    taken = set(matched.values())
    parents = _ParentIndex(olds, news)
    topics: _TopicIndex | None = None  # built only when some gap can be paired
    anchors = [(-1, -1), *sorted(matched.items()), (len(olds), len(news))]
    for (old_before, new_before), (old_after, new_after) in itertools.pairwise(anchors):
        old_run, new_run = range(old_before + 1, old_after), range(new_before + 1, new_after)
        if not old_run or len(old_run) != len(new_run) or taken.intersection(new_run):
            continue  # nothing to pair, runs of different lengths, or a section moved in between
        if old_before < 0 and old_after == len(olds):
            continue  # no matched neighbour on either side: the slot says nothing
        topics = topics or _TopicIndex(olds, news)
        for i, j in zip(old_run, new_run, strict=True):
            if olds[i].level and news[j].level and topics.same(i, j) and parents.same(i, j, matched):
                matched[i] = j


class _ParentIndex:
    """Each section's parent by position, to tell whether two sections sit under the same matched parent."""

    def __init__(self, olds: Sequence[Section], news: Sequence[Section]) -> None:
        old_index = {s.id: i for i, s in enumerate(olds)}
        new_index = {s.id: j for j, s in enumerate(news)}
        self.old = [old_index.get(s.parent) if s.parent else None for s in olds]
        self.new = [new_index.get(s.parent) if s.parent else None for s in news]

    def same(self, i: int, j: int, matched: dict[int, int]) -> bool:
        old_parent, new_parent = self.old[i], self.new[j]
        if old_parent is None or new_parent is None:
            return old_parent is None and new_parent is None
        return matched.get(old_parent) == new_parent


class _TopicIndex:
    """Each heading's topic words, less the words so common among the headings that they name no topic."""

    def __init__(self, olds: Sequence[Section], news: Sequence[Section]) -> None:
        old_words = [topic_words(s.norm_heading) for s in olds]
        new_words = [topic_words(s.norm_heading) for s in news]
        counts = Counter(itertools.chain.from_iterable(old_words + new_words))
        floor = max(TOPIC_COMMON_MIN, TOPIC_COMMON_SHARE * (len(olds) + len(news)))
        common = {word for word, count in counts.items() if count >= floor}
        self.old = [words - common for words in old_words]
        self.new = [words - common for words in new_words]

    def same(self, i: int, j: int) -> bool:
        """Old heading i and new heading j share at least half the topic words of the shorter one."""
        old, new = self.old[i], self.new[j]
        return bool(old and new) and len(old & new) >= TOPIC_OVERLAP * min(len(old), len(new))


def topic_words(heading: str) -> frozenset[str]:
    """The words of a heading that name its topic, crudely stemmed ("Choices" and "choice" → "choic")."""
    stems = set()
    for word in _TOPIC_WORD.findall(heading.lower()):
        if word in TOPIC_STOPWORDS:
            continue
        for suffix in TOPIC_SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= TOPIC_MIN_STEM:
                word = word[: -len(suffix)]
                break
        stems.add(word[:-1] + "i" if word.endswith("y") else word)
    return frozenset(stems)


def _moved_sections(
    olds: Sequence[Section], news: Sequence[Section], pairs: Sequence[tuple[int, int]]
) -> frozenset[int]:
    """New indexes of matched sections outside the longest in-order run, less those carried by a parent."""
    # A section and its subsections move as one unit, so deeper sections weigh far less: keeping one
    # top-level section in place outweighs keeping all of another's subsections.
    weights = [DEPTH_DISCOUNT ** (len(news[n].path) - 1) for _, n in pairs]
    in_order = heaviest_increasing_run([o for o, _ in pairs], weights)
    out_of_order = {pairs[k][1] for k in range(len(pairs)) if k not in in_order}
    new_index = {s.id: j for j, s in enumerate(news)}
    old_index = {s.id: i for i, s in enumerate(olds)}
    old_for_new = {n: o for o, n in pairs}
    moved: set[int] = set()
    for j in sorted(out_of_order):
        parent_new = new_index.get(news[j].parent or "")
        parent_old = old_index.get(olds[old_for_new[j]].parent or "")
        carried = parent_new in out_of_order and parent_old is not None
        if carried and parent_new is not None and old_for_new.get(parent_new) == parent_old:
            continue  # carried along by its parent, which is reported as moved
        moved.add(j)
    return frozenset(moved)


def align_blocks(old: Document, new: Document, sections: SectionAlignment) -> BlockAlignment:
    """Match blocks inside each matched section pair, then leftovers across the document as moves."""
    in_place: list[tuple[BlockAt, BlockAt]] = []
    gaps: list[tuple[int, int, list[int], list[int]]] = []  # (old section, new section, old gap, new gap)
    for o, n in sections.pairs:
        old_norms = [b.norm for b in old.sections[o].blocks]
        new_norms = [b.norm for b in new.sections[n].blocks]
        for equal, old_span, new_span in _runs(old_norms, new_norms):
            if equal:
                in_place.extend(((o, a), (n, b)) for a, b in zip(old_span, new_span, strict=True))
            else:
                gaps.append((o, n, old_span, new_span))
    matched_old = {o for o, _ in sections.pairs}
    matched_new = {n for _, n in sections.pairs}
    removed = [(i, b) for i, s in enumerate(old.sections) if i not in matched_old for b in _indexes(s)]
    added = [(j, b) for j, s in enumerate(new.sections) if j not in matched_new for b in _indexes(s)]
    words = FeatureCache(word_features)
    splits: list[BlockSplit] = []
    gap_removed: list[BlockAt] = []
    gap_added: list[BlockAt] = []
    for o, n, old_gap, new_gap in gaps:
        old_section, new_section = old.sections[o], new.sections[n]
        gap = (old_gap, new_gap)
        _pair_gap(old_section, new_section, (o, n), gap, words, in_place, splits, gap_removed, gap_added)
    removed = sorted([*gap_removed, *removed])
    added = sorted([*gap_added, *added])
    moved = _match_moves(old, new, removed, added, words)
    moved_old = {o for o, _ in moved}
    moved_new = {n for _, n in moved}
    return BlockAlignment(
        in_place=tuple(in_place),
        moved=tuple(moved),
        splits=tuple(splits),
        removed=tuple(b for b in removed if b not in moved_old),
        added=tuple(b for b in added if b not in moved_new),
    )


def _indexes(section: Section) -> range:
    return range(len(section.blocks))


def _pair_gap(
    old: Section,
    new: Section,
    pair: tuple[int, int],
    gap: tuple[list[int], list[int]],
    words: Features,
    in_place: list[tuple[BlockAt, BlockAt]],
    splits: list[BlockSplit],
    removed: list[BlockAt],
    added: list[BlockAt],
) -> None:
    """Inside one gap between equal runs: splits and merges first, then similar blocks in order.

    When the blocks pair badly one to one but the gap's text taken as a whole is nearly the same, the lines
    were re-wrapped (typical of policies converted from PDF, one line per paragraph): the whole gap is one
    regrouping, which the change set cuts back into chunks where both sides share a block boundary.
    """
    o, n = pair
    old_gap, new_gap = gap
    exact_splits = _find_splits(old.blocks, new.blocks, old_gap, new_gap)
    for split in exact_splits:
        splits.append(BlockSplit(tuple((o, b) for b in split[0]), tuple((n, b) for b in split[1])))
        old_gap = [b for b in old_gap if b not in split[0]]
        new_gap = [b for b in new_gap if b not in split[1]]
    old_texts = [old.blocks[b].norm for b in old_gap]
    new_texts = [new.blocks[b].norm for b in new_gap]
    scored = similar_pairs(old_texts, new_texts, cutoff=BLOCK_CUTOFF, features=words)
    paired = assign_greedily(scored, ordered=True)
    if not exact_splits and _reflowed(old_texts, new_texts, scored, paired):
        splits.append(BlockSplit(tuple((o, b) for b in old_gap), tuple((n, b) for b in new_gap)))
        return
    in_place.extend([((o, old_gap[a]), (n, new_gap[b])) for a, b in paired])
    paired_old = {old_gap[a] for a, _ in paired}
    paired_new = {new_gap[b] for _, b in paired}
    removed.extend([(o, b) for b in old_gap if b not in paired_old])
    added.extend([(n, b) for b in new_gap if b not in paired_new])


def _reflowed(
    old_texts: list[str],
    new_texts: list[str],
    scored: list[tuple[float, int, int]],
    paired: list[tuple[int, int]],
) -> bool:
    """Blocks that pair badly one to one while their joined texts are clearly more alike (re-wrapped)."""
    if not old_texts or not new_texts or len(old_texts) + len(new_texts) < REFLOW_MIN_BLOCKS:
        return False
    # The lengths of the joined texts, without joining: most gaps are ruled out by them alone.
    old_length = sum(map(len, old_texts)) + len(old_texts) - 1
    new_length = sum(map(len, new_texts)) + len(new_texts) - 1
    total = old_length + new_length
    if max(old_length, new_length) > REFLOW_MAX_CHARS or total == 0:
        return False
    score = {(i, j): value for value, i, j in scored}
    # How much of the text the one-to-one pairing explains, weighted by length (unpaired blocks explain none).
    pairwise = sum(score[i, j] * (len(old_texts[i]) + len(new_texts[j])) for i, j in paired) / total
    if pairwise >= REFLOW_CUTOFF:
        return False
    needed = max(REFLOW_MIN_SIMILARITY, pairwise + REFLOW_GAIN)
    # The length bound and rapidfuzz's cutoff only prune, a hair below `needed`: rapidfuzz turns its cutoff
    # into a distance and can drop a score equal to it (0.6 has no exact binary form).
    prune = needed - PRUNE_SLACK
    if not lengths_allow(old_length, new_length, prune):
        return False
    return similarity(" ".join(old_texts), " ".join(new_texts), prune) >= needed


def _runs(old_norms: list[str], new_norms: list[str]) -> list[tuple[bool, list[int], list[int]]]:
    """Equal runs and the gaps between them (a deletion next to an insertion is one gap)."""
    runs: list[tuple[bool, list[int], list[int]]] = []
    if old_norms == new_norms:
        return [(True, list(range(len(old_norms))), list(range(len(new_norms))))]
    for op in Indel.opcodes(old_norms, new_norms):
        old_span = list(range(op.src_start, op.src_end))
        new_span = list(range(op.dest_start, op.dest_end))
        if op.tag != "equal" and runs and not runs[-1][0]:
            runs[-1][1].extend(old_span)
            runs[-1][2].extend(new_span)
        else:
            runs.append((op.tag == "equal", old_span, new_span))
    return runs


def _find_splits(
    olds: Sequence[Block], news: Sequence[Block], old_gap: list[int], new_gap: list[int]
) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    """Old blocks equal to two consecutive new blocks joined (split), and the mirror (merged)."""
    found: list[tuple[tuple[int, ...], tuple[int, ...]]] = []
    used_old: set[int] = set()
    used_new: set[int] = set()
    old_by_norm = {olds[b].norm: b for b in old_gap if olds[b].norm}
    for first, second in _joinable(news, new_gap, old_by_norm):
        if first in used_new:
            continue
        b = old_by_norm.get(f"{news[first].norm} {news[second].norm}")
        if b is not None and b not in used_old:
            found.append(((b,), (first, second)))
            used_old.add(b)
            used_new.update((first, second))
    new_by_norm = {news[b].norm: b for b in new_gap if news[b].norm and b not in used_new}
    for first, second in _joinable(olds, old_gap, new_by_norm):
        if first in used_old or second in used_old:
            continue
        b = new_by_norm.get(f"{olds[first].norm} {olds[second].norm}")
        if b is not None and b not in used_new:
            found.append(((first, second), (b,)))
            used_old.update((first, second))
            used_new.add(b)
    return found


def _joinable(blocks: Sequence[Block], gap: list[int], targets: dict[str, int]) -> list[tuple[int, int]]:
    """Consecutive blocks of a gap that, joined, are as long as one of `targets`: the only pairs to join."""
    if not targets:
        return []
    lengths = {len(norm) - 1 for norm in targets}  # two norms joined by a space
    sizes = [len(blocks[b].norm) for b in gap]
    return [
        (gap[k], gap[k + 1])
        for k, joined in enumerate(map(operator.add, sizes, sizes[1:]))
        if joined in lengths and gap[k + 1] == gap[k] + 1
    ]


def _match_moves(
    old: Document, new: Document, removed: Sequence[BlockAt], added: Sequence[BlockAt], words: Features
) -> list[tuple[BlockAt, BlockAt]]:
    """Removed blocks that reappear elsewhere (same normalised text first, then very similar text)."""
    old_norms = [old.sections[s].blocks[b].norm for s, b in removed]
    new_norms = [new.sections[s].blocks[b].norm for s, b in added]
    moves: list[tuple[BlockAt, BlockAt]] = []
    waiting: dict[str, list[int]] = {}  # positions in `added`, last first
    for k in range(len(added) - 1, -1, -1):
        if new_norms[k]:
            waiting.setdefault(new_norms[k], []).append(k)
    old_left: list[int] = []  # positions in `removed`
    taken: set[int] = set()
    for k, norm in enumerate(old_norms):
        candidates = waiting.get(norm)
        if candidates:
            taken.add(candidates[-1])
            moves.append((removed[k], added[candidates.pop()]))
        elif len(norm) >= FUZZY_MOVE_MIN_CHARS:
            old_left.append(k)
    # An edited move is only claimed for prose long enough for similarity to mean something; short blocks
    # ("Username", "None.") still move when they reappear unchanged, above.
    new_left = [k for k, norm in enumerate(new_norms) if len(norm) >= FUZZY_MOVE_MIN_CHARS and k not in taken]
    scored = similar_pairs(
        [old_norms[k] for k in old_left],
        [new_norms[k] for k in new_left],
        cutoff=MOVED_BLOCK_CUTOFF,
        features=words,
    )
    pairs = assign_greedily(scored, ordered=False)
    moves.extend((removed[old_left[a]], added[new_left[b]]) for a, b in pairs)
    return moves
