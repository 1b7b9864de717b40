"""Benchmark: policyvc's structured diff against `git diff --no-index --word-diff` (and redlines, governdiff).

Runs on every consecutive pair in ../shared/corpus, on synthetic 50 KB / 500 KB / 5 MB policies built from
corpus text with ~2% word edits and a few moved sections, and on two unrelated documents of the same size.
Prints medians side by side, the ratios, the 5 MB / 500 KB growth, and one PASS/FAIL line per target.
"""

from __future__ import annotations

import itertools
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(os.environ.get("POLICYVC_CORPUS", ROOT.parent / "shared" / "corpus"))
SIZES = {"50KB": 50_000, "500KB": 500_000, "5MB": 5_000_000}
EDIT_RATE = 0.02
MOVED_SECTIONS = 4
REPEATS = 3
CORPUS_RATIO_TARGET = 5.0
FIVE_MB_SECONDS = 2.0
GROWTH_TARGET = 15.0

sys.path.insert(0, str(ROOT))


def policyvc_runner() -> tuple[str, Callable[[str, str], object]]:
    """compare_texts (parse + diff + classify) when the classifier exists, else parse + diff."""
    try:
        from policyvc.compare import compare_texts

        compare_texts("# A\n\nx\n", "# A\n\ny\n")
        return "policyvc (parse+diff+classify)", compare_texts
    except Exception:
        from policyvc.diff.changeset import diff_documents
        from policyvc.parse.markdown import parse_document

        return "policyvc (parse+diff)", lambda a, b: diff_documents(parse_document(a), parse_document(b))


def optional_tools() -> dict[str, Callable[[str, str], object]]:
    """Other diff libraries, measured only when installed (a bench-only extra)."""
    tools: dict[str, Callable[[str, str], object]] = {}
    try:
        from redlines import Redlines

        tools["redlines"] = lambda a, b: Redlines(a, b).output_markdown
    except ImportError:
        pass
    try:
        from governdiff import analyze_texts

        tools["governdiff"] = lambda a, b: analyze_texts(a, b)
    except ImportError:
        pass
    return tools


def median_seconds(run: Callable[[], object], repeats: int = REPEATS) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def git_word_diff(old: Path, new: Path) -> None:
    subprocess.run(
        ["git", "diff", "--no-index", "--word-diff", "--no-color", str(old), str(new)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=False,
    )


def corpus_pairs() -> Iterator[tuple[str, Path, Path]]:
    """Every consecutive pair of versions of every document, ordered by the date in the file name."""
    for folder in sorted(p for p in CORPUS.glob("*/*") if p.is_dir()):
        versions = sorted(folder.glob("*.md"), key=lambda p: p.stem)
        for old, new in itertools.pairwise(versions):
            yield f"{folder.name}/{old.stem}..{new.stem}", old, new


def latest_texts(subfolder: str) -> list[str]:
    texts = []
    for folder in sorted(p for p in (CORPUS / subfolder).glob("*") if p.is_dir()):
        versions = sorted(folder.glob("*.md"), key=lambda p: p.stem)
        if versions:
            texts.append(versions[-1].read_text(encoding="utf-8"))
    return texts


def build_policy(texts: list[str], size: int) -> str:
    """A policy of about `size` characters made of corpus documents, each under its own part heading."""
    parts: list[str] = []
    total, part = 0, 0
    while total < size:
        text = texts[part % len(texts)]
        part += 1
        chunk = f"# Part {part}\n\n{text}\n"
        parts.append(chunk)
        total += len(chunk)
    text = "".join(parts)
    # Cut at the last complete document so that no code fence or HTML comment is left open.
    return text[: text.rindex("\n# Part ", 0, size) + 1] if len(text) > size else text


def revise(text: str, rng: random.Random) -> str:
    """About EDIT_RATE of the words replaced, deleted or doubled; MOVED_SECTIONS sections moved elsewhere."""
    lines = text.split("\n")
    for n, line in enumerate(lines):
        if line.startswith("#") or not line.strip():
            continue
        words = line.split(" ")
        # Only plain words after the first, so that no fence, list marker or table bar is touched.
        for k in range(1, len(words)):
            if words[k].isalpha() and rng.random() < EDIT_RATE:
                action = rng.randrange(3)
                words[k] = ("revised" if action == 0 else "") if action < 2 else f"{words[k]} {words[k]}"
        lines[n] = " ".join(words)
    starts = [n for n, line in enumerate(lines) if line.startswith("## ")]
    sections = [lines[a:b] for a, b in zip([0, *starts], [*starts, len(lines)], strict=True)]
    for _ in range(MOVED_SECTIONS):
        if len(sections) > 3:
            moving = sections.pop(rng.randrange(1, len(sections) - 1))
            sections.insert(rng.randrange(1, len(sections) - 1), moving)
    return "\n".join(line for section in sections for line in section)


def write_pair(folder: Path, name: str, old: str, new: str) -> tuple[Path, Path]:
    old_path, new_path = folder / f"{name}.old.md", folder / f"{name}.new.md"
    old_path.write_text(old, encoding="utf-8")
    new_path.write_text(new, encoding="utf-8")
    return old_path, new_path


def verdict(ok: bool, what: str) -> bool:
    print(f"{'PASS' if ok else 'FAIL'}  {what}")
    return ok


def bench_corpus(run: Callable[[str, str], object], tools: dict[str, Callable[[str, str], object]]) -> float:
    """Per-pair medians; returns policyvc's total time over git's total time."""
    header = f"{'pair':58} {'policyvc':>9} {'git':>8} {'ratio':>6}" + "".join(f" {t:>11}" for t in tools)
    print(header)
    ours_total = git_total = 0.0
    tool_totals = dict.fromkeys(tools, 0.0)
    pairs = 0
    for name, old_path, new_path in corpus_pairs():
        old, new = old_path.read_text(encoding="utf-8"), new_path.read_text(encoding="utf-8")
        ours = median_seconds(lambda old=old, new=new: run(old, new))
        git = median_seconds(lambda a=old_path, b=new_path: git_word_diff(a, b))
        others = {t: median_seconds(lambda f=f, a=old, b=new: f(a, b), repeats=1) for t, f in tools.items()}
        ours_total += ours
        git_total += git
        for t, seconds in others.items():
            tool_totals[t] += seconds
        pairs += 1
        cells = "".join(f" {others[t] * 1000:9.1f}ms" for t in tools)
        print(f"{name[:58]:58} {ours * 1000:7.1f}ms {git * 1000:6.1f}ms {ours / git:6.2f}{cells}")
    if not pairs:
        print(f"(no corpus at {CORPUS})")
        return 0.0
    extra = "".join(f", {t} {s:.2f} s ({s / git_total:.1f}x git)" for t, s in tool_totals.items())
    print(f"corpus: {pairs} pairs; total policyvc {ours_total:.2f} s, git {git_total:.2f} s{extra}")
    return ours_total / git_total


def bench_synthetic(
    run: Callable[[str, str], object], folder: Path
) -> tuple[dict[str, float], dict[str, float]]:
    """Seconds for the edited pairs and for the unrelated pairs, by size."""
    rng = random.Random(20261129)
    github, pga = latest_texts("github-site-policy"), latest_texts("pga-v1-corpus")
    edited: dict[str, float] = {}
    unrelated: dict[str, float] = {}
    print(f"{'synthetic':34} {'policyvc':>9} {'git':>9} {'ratio':>6}")
    for label, size in SIZES.items():
        base = build_policy(github, size)
        revised = revise(base, rng)
        other = build_policy(pga, size)  # unrelated: no document in common with `base`
        for kind, new, store in (("2% edits + moves", revised, edited), ("unrelated", other, unrelated)):
            old_path, new_path = write_pair(folder, f"{label}-{kind[:4]}", base, new)
            repeats = 1 if size >= 5_000_000 else REPEATS
            ours = median_seconds(lambda a=base, b=new: run(a, b), repeats=repeats)
            git = median_seconds(lambda a=old_path, b=new_path: git_word_diff(a, b), repeats=repeats)
            store[label] = ours
            print(f"{label + ' ' + kind:34} {ours:8.3f}s {git:8.3f}s {ours / git:6.1f}")
    return edited, unrelated


def main() -> None:
    """Run the whole benchmark once and print the PASS/FAIL verdicts."""
    label, run = policyvc_runner()
    tools = optional_tools()
    print(f"measuring {label}; git {_git_version()}; extras: {', '.join(tools) or 'none installed'}")
    corpus_ratio = bench_corpus(run, tools)
    with tempfile.TemporaryDirectory() as tmp:
        edited, unrelated = bench_synthetic(run, Path(tmp))
    growth = edited["5MB"] / edited["500KB"]
    unrelated_growth = unrelated["5MB"] / unrelated["500KB"]
    print(f"growth 500KB → 5MB: edited {growth:.1f}x, unrelated {unrelated_growth:.1f}x (10x the text)")
    corpus_line = f"corpus pairs: {corpus_ratio:.2f}x git (≤ {CORPUS_RATIO_TARGET}x)"
    verdict(0 < corpus_ratio <= CORPUS_RATIO_TARGET, corpus_line)
    verdict(edited["5MB"] <= FIVE_MB_SECONDS, f"5 MB pair: {edited['5MB']:.2f} s (≤ {FIVE_MB_SECONDS} s)")
    verdict(growth <= GROWTH_TARGET, f"5 MB / 500 KB: {growth:.1f}x (≤ {GROWTH_TARGET}x)")
    verdict(
        unrelated["5MB"] <= FIVE_MB_SECONDS and unrelated_growth <= GROWTH_TARGET,
        f"unrelated 5 MB: {unrelated['5MB']:.2f} s, growth {unrelated_growth:.1f}x "
        f"(≤ {FIVE_MB_SECONDS} s, ≤ {GROWTH_TARGET}x)",
    )


def _git_version() -> str:
    done = subprocess.run(["git", "--version"], capture_output=True, text=True, check=False)
    return done.stdout.strip().removeprefix("git version ")


if __name__ == "__main__":
    main()
