"""Word-level redline inside one block: minimal, but never a sentence shredded into one-letter edits."""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz.distance import Indel

from policyvc.model import Segment
from policyvc.parse.normalise import normalise_text

# Words (letters, digits, apostrophes inside words), runs of whitespace, or one other character each.
_TOKEN = re.compile(r"\w+(?:['’]\w+)*|\s+|[^\w\s]")
_WORD = re.compile(r"\w+")
_SPACE = re.compile(r"\s")
MAX_FOLDED_WORDS = 2  # an unchanged run of more words than this is never folded into the edits around it


@dataclass(slots=True)
class _Edit:
    """A change region: what was deleted and what was inserted in its place."""

    deleted: str
    inserted: str

    @property
    def weight(self) -> int:
        return max(len(self.deleted), len(self.inserted))


def tokenize(text: str) -> list[str]:
    """Split text into words, whitespace runs and single punctuation marks; joining them gives the text."""
    tokens: list[str] = _TOKEN.findall(text)
    return tokens


def redline(old: str, new: str) -> tuple[Segment, ...]:
    """Word-level redline of `old` → `new`; equal+delete runs give `old`, equal+insert runs give `new`."""
    if old == new:
        return (Segment("equal", old),) if old else ()
    head, tail = _common_ends(old, new)
    runs: list[str | _Edit] = [old[:head]]
    runs.extend(_token_runs(tokenize(old[head : len(old) - tail]), tokenize(new[head : len(new) - tail])))
    runs.append(old[len(old) - tail :])
    runs = _coalesce(runs)
    return _to_segments(_coalesce(_factor_common_affixes(_merge_short_equalities(runs))))


def _common_ends(old: str, new: str) -> tuple[int, int]:
    """Lengths of the common prefix and suffix, cut at whitespace so that no token is split.

    Comparing slices is done in C, so a long block with one edit is tokenized only around the edit.
    """
    limit = min(len(old), len(new))
    low, high = 0, limit
    while low < high:
        mid = (low + high + 1) // 2
        if old[:mid] == new[:mid]:
            low = mid
        else:
            high = mid - 1
    head = low if low == len(old) == len(new) else _cut_after_last_space(old[:low])
    low, high = 0, limit - head
    while low < high:
        mid = (low + high + 1) // 2
        if old[len(old) - mid :] == new[len(new) - mid :]:
            low = mid
        else:
            high = mid - 1
    return head, _cut_at_first_space(old[len(old) - low :]) if low else 0


def _cut_after_last_space(prefix: str) -> int:
    for position in range(len(prefix) - 1, -1, -1):
        if prefix[position].isspace():
            return position + 1
    return 0


def _cut_at_first_space(suffix: str) -> int:
    found = _SPACE.search(suffix)
    return len(suffix) - found.start() if found else 0


def _token_runs(old_tokens: list[str], new_tokens: list[str]) -> list[str | _Edit]:
    """Diff two token lists into alternating equal strings and edits (common prefix/suffix stripped first)."""
    prefix = 0
    limit = min(len(old_tokens), len(new_tokens))
    while prefix < limit and old_tokens[prefix] == new_tokens[prefix]:
        prefix += 1
    suffix = 0
    while (
        suffix < limit - prefix
        and old_tokens[len(old_tokens) - 1 - suffix] == new_tokens[len(new_tokens) - 1 - suffix]
    ):
        suffix += 1
    old_mid = old_tokens[prefix : len(old_tokens) - suffix]
    new_mid = new_tokens[prefix : len(new_tokens) - suffix]
    runs: list[str | _Edit] = []
    if prefix:
        runs.append("".join(old_tokens[:prefix]))
    runs.extend(_middle_runs(old_mid, new_mid))
    if suffix:
        runs.append("".join(old_tokens[len(old_tokens) - suffix :]))
    return _coalesce(runs)


def _middle_runs(old_mid: list[str], new_mid: list[str]) -> list[str | _Edit]:
    if not old_mid or not new_mid:
        return [_Edit("".join(old_mid), "".join(new_mid))] if (old_mid or new_mid) else []
    runs: list[str | _Edit] = []
    # rapidfuzz compares the tokens by their (cached) string hashes in C++: no Python loop to number them.
    for op in Indel.opcodes(old_mid, new_mid):
        old_text = "".join(old_mid[op.src_start : op.src_end])
        new_text = "".join(new_mid[op.dest_start : op.dest_end])
        runs.append(old_text if op.tag == "equal" else _Edit(old_text, new_text))
    return runs


def _coalesce(runs: list[str | _Edit]) -> list[str | _Edit]:
    """Join neighbouring equal strings and neighbouring edits so runs alternate."""
    out: list[str | _Edit] = []
    for run in runs:
        if isinstance(run, str):
            if not run:
                continue
            if out and isinstance(out[-1], str):
                out[-1] = out[-1] + run
            else:
                out.append(run)
        else:
            if not run.deleted and not run.inserted:
                continue
            last = out[-1] if out else None
            if isinstance(last, _Edit):
                out[-1] = _Edit(last.deleted + run.deleted, last.inserted + run.inserted)
            else:
                out.append(run)
    return out


def _merge_short_equalities(runs: list[str | _Edit]) -> list[str | _Edit]:
    """Fold an equal run into its neighbouring edits when it is shorter than both (cleanupSemantic's rule).

    Whitespace-only or punctuation-only equalities between two edits are always folded: they carry no meaning
    of their own and would make a reader piece a sentence back together from fragments.
    """
    changed = True
    while changed:
        changed = False
        out: list[str | _Edit] = []
        i = 0
        while i < len(runs):
            run = runs[i]
            previous = out[-1] if out else None
            following = runs[i + 1] if i + 1 < len(runs) else None
            if (
                isinstance(run, str)
                and isinstance(previous, _Edit)
                and isinstance(following, _Edit)
                and _is_foldable(run, previous, following)
            ):
                out[-1] = _Edit(
                    previous.deleted + run + following.deleted, previous.inserted + run + following.inserted
                )
                i += 2
                changed = True
                continue
            out.append(run)
            i += 1
        runs = out
    return runs


def _is_foldable(equal: str, before: _Edit, after: _Edit) -> bool:
    if not any(ch.isalnum() for ch in equal):
        return True
    if len(equal) > before.weight or len(equal) > after.weight:
        return False
    # A phrase of three words or more stays visible as unchanged: a reader anchors on it.
    return len(_WORD.findall(equal)) <= MAX_FOLDED_WORDS


def _factor_common_affixes(runs: list[str | _Edit]) -> list[str | _Edit]:
    """Move tokens an edit deletes and re-inserts at its start or end out into the equal runs around it."""
    out: list[str | _Edit] = []
    for run in runs:
        if isinstance(run, str) or not run.deleted or not run.inserted:
            out.append(run)
            continue
        deleted, inserted = tokenize(run.deleted), tokenize(run.inserted)
        head = 0
        while head < min(len(deleted), len(inserted)) and deleted[head] == inserted[head]:
            head += 1
        tail = 0
        while (
            tail < min(len(deleted), len(inserted)) - head
            and deleted[len(deleted) - 1 - tail] == inserted[len(inserted) - 1 - tail]
        ):
            tail += 1
        out.append("".join(deleted[:head]))
        old_core = "".join(deleted[head : len(deleted) - tail])
        out.append(_Edit(old_core, "".join(inserted[head : len(inserted) - tail])))
        out.append("".join(deleted[len(deleted) - tail :]))
    return out


def _to_segments(runs: list[str | _Edit]) -> tuple[Segment, ...]:
    segments: list[Segment] = []
    for k, run in enumerate(runs):
        if isinstance(run, str):
            segments.append(Segment("equal", run))
            continue
        if run.deleted and run.inserted:
            cosmetic = _same_when_normalised(run.deleted, run.inserted)
        else:
            before = runs[k - 1] if k > 0 else ""
            after = runs[k + 1] if k + 1 < len(runs) else ""
            cosmetic = _resizes_a_space(run.deleted or run.inserted, before, after)
        if run.deleted:
            segments.append(Segment("delete", run.deleted, formatting_only=cosmetic))
        if run.inserted:
            segments.append(Segment("insert", run.inserted, formatting_only=cosmetic))
    return tuple(segments)


def _resizes_a_space(edited: str, before: str | _Edit, after: str | _Edit) -> bool:
    """Whitespace added to or taken from a gap that stays a gap (or at the very start or end of the text)."""
    if edited.strip():
        return False
    left = before if isinstance(before, str) else ""
    right = after if isinstance(after, str) else ""
    return not left or not right or left[-1].isspace() or right[0].isspace()


def _same_when_normalised(old: str, new: str) -> bool:
    return normalise_text(old) == normalise_text(new)


def mark_formatting_only(segments: tuple[Segment, ...]) -> tuple[Segment, ...]:
    """The same redline with every edit marked formatting-only (for blocks whose norms are equal)."""
    return tuple(
        s if s.op == "equal" or s.formatting_only else Segment(s.op, s.text, formatting_only=True)
        for s in segments
    )


def old_side(segments: tuple[Segment, ...]) -> str:
    """The old text a redline was made from."""
    return "".join(s.text for s in segments if s.op != "insert")


def new_side(segments: tuple[Segment, ...]) -> str:
    """The new text a redline was made from."""
    return "".join(s.text for s in segments if s.op != "delete")
