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
TOOL_BUDGET_SECONDS = 20.0  # an extra tool stops being measured once it has used this much

sys.path.insert(0, str(ROOT))


Runner = Callable[[str, str], object]


class DiffOfParsed:
    """diff_documents alone: the pair is parsed in prepare(), outside the timed calls."""

    def __init__(self) -> None:
        self._parsed: tuple[str, str, object, object] | None = None

    def prepare(self, old: str, new: str) -> None:
        from policyvc.parse.markdown import parse_document

        self._parsed = (old, new, parse_document(old), parse_document(new))

    def __call__(self, old: str, new: str) -> object:
        from policyvc.diff.changeset import diff_documents

        assert self._parsed is not None and self._parsed[:2] == (old, new), "prepare() the pair first"
        return diff_documents(self._parsed[2], self._parsed[3])  # type: ignore[arg-type]


def timed(run: Runner, old: str, new: str, repeats: int = 3) -> float:
    """Median seconds of run(old, new), after the runner's own untimed preparation if it has one."""
    prepare = getattr(run, "prepare", None)
    if prepare is not None:
        prepare(old, new)
    return median_seconds(lambda: run(old, new), repeats=repeats)


def policyvc_runners() -> dict[str, Runner]:
    """parse+diff (the structure this benchmark is about) and, when the classifier exists, compare_texts."""
    from policyvc.diff.changeset import diff_documents
    from policyvc.parse.markdown import parse_document

    def parse_and_diff(old: str, new: str) -> object:
        return diff_documents(parse_document(old), parse_document(new))

    runners: dict[str, Runner] = {"diff": DiffOfParsed(), "parse+diff": parse_and_diff}
    try:
        from policyvc.compare import compare_texts

        compare_texts("# A\n\nx\n", "# A\n\ny\n")
        runners["compare"] = compare_texts
    except Exception as exc:  # a missing or broken later stage must not stop the diff benchmark
        print(f"(compare_texts unavailable: {exc})")
    return runners


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
    if len(text) <= size:
        return text
    cut = text.rfind("\n# Part ", 0, size)
    return text[: cut + 1] if cut > 0 else text[: text.rindex("\n\n", 0, size) + 1]


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


def bench_corpus(runners: dict[str, Runner], tools: dict[str, Runner]) -> dict[str, float]:
    """Per-pair medians; returns each policyvc runner's total time over git's total time."""
    print(f"{'pair':50}" + "".join(f" {name:>11}" for name in runners) + f" {'git':>9}" + "".join(
        f" {t:>11}" for t in tools
    ))
    totals = dict.fromkeys(runners, 0.0)
    git_total = 0.0
    tool_totals = dict.fromkeys(tools, 0.0)
    tool_git = dict.fromkeys(tools, 0.0)  # git's time on the pairs each tool was measured on
    pairs = 0
    for name, old_path, new_path in corpus_pairs():
        old, new = old_path.read_text(encoding="utf-8"), new_path.read_text(encoding="utf-8")
        ours = {r: timed(f, old, new, REPEATS) for r, f in runners.items()}
        git = median_seconds(lambda a=old_path, b=new_path: git_word_diff(a, b))
        cells = "".join(f" {ours[r] * 1000:9.1f}ms" for r in runners) + f" {git * 1000:7.1f}ms"
        for t, f in tools.items():
            if tool_totals[t] > TOOL_BUDGET_SECONDS:
                cells += f" {'(budget)':>11}"
                continue
            seconds = median_seconds(lambda f=f, a=old, b=new: f(a, b), repeats=1)
            tool_totals[t] += seconds
            tool_git[t] += git
            cells += f" {seconds * 1000:9.1f}ms"
        for r in runners:
            totals[r] += ours[r]
        git_total += git
        pairs += 1
        print(f"{name[:50]:50}{cells}")
    if not pairs:
        print(f"(no corpus at {CORPUS})")
        return dict.fromkeys(runners, 0.0)
    ours_line = ", ".join(f"{r} {s:.2f} s ({s / git_total:.1f}x git)" for r, s in totals.items())
    print(f"corpus: {pairs} pairs; git {git_total:.2f} s; {ours_line}")
    for t, seconds in tool_totals.items():
        print(f"  {t}: {seconds:.2f} s on the pairs measured, {seconds / tool_git[t]:.1f}x git on them")
    return {r: s / git_total for r, s in totals.items()}


def bench_synthetic(runners: dict[str, Runner], folder: Path) -> tuple[dict[str, dict[str, float]], ...]:
    """Seconds for the edited pairs and for the unrelated pairs, by runner and size."""
    rng = random.Random(20261129)
    github, pga = latest_texts("github-site-policy"), latest_texts("pga-v1-corpus")
    edited: dict[str, dict[str, float]] = {r: {} for r in runners}
    unrelated: dict[str, dict[str, float]] = {r: {} for r in runners}
    print(f"{'synthetic':30}" + "".join(f" {name:>11}" for name in runners) + f" {'git':>9}")
    for label, size in SIZES.items():
        base = build_policy(github, size)
        revised = revise(base, rng)
        other = build_policy(pga, size)  # unrelated: no document in common with `base`
        for kind, new, store in (("2% edits+moves", revised, edited), ("unrelated", other, unrelated)):
            old_path, new_path = write_pair(folder, f"{label}-{kind[:4]}", base, new)
            repeats = 1 if size >= 5_000_000 else REPEATS
            cells = ""
            for r, f in runners.items():
                store[r][label] = timed(f, base, new, repeats)
                cells += f" {store[r][label]:10.3f}s"
            git = median_seconds(lambda a=old_path, b=new_path: git_word_diff(a, b), repeats=repeats)
            print(f"{label + ' ' + kind:30}{cells} {git:8.3f}s")
    return edited, unrelated


def main() -> None:
    """Run the whole benchmark once and print the PASS/FAIL verdicts, for each policyvc runner."""
    runners = policyvc_runners()
    tools = optional_tools()
    print(f"git {_git_version()}; policyvc: {', '.join(runners)}; extras: {', '.join(tools) or 'none'}")
    print(f"wall-clock medians of {REPEATS} (5 MB: 1 run); load average now {os.getloadavg()[0]:.1f}")
    corpus_ratio = bench_corpus(runners, tools)
    with tempfile.TemporaryDirectory() as tmp:
        edited, unrelated = bench_synthetic(runners, Path(tmp))
    for r in runners:
        growth = edited[r]["5MB"] / edited[r]["500KB"]
        unrelated_growth = unrelated[r]["5MB"] / unrelated[r]["500KB"]
        print(f"[{r}] growth 500KB → 5MB edited {growth:.1f}x, unrelated {unrelated_growth:.1f}x")
        ratio = corpus_ratio[r]
        target = CORPUS_RATIO_TARGET
        verdict(0 < ratio <= target, f"[{r}] corpus pairs: {ratio:.2f}x git (≤ {target}x)")
        five = edited[r]["5MB"]
        verdict(five <= FIVE_MB_SECONDS, f"[{r}] 5 MB pair: {five:.2f} s (≤ {FIVE_MB_SECONDS} s)")
        verdict(growth <= GROWTH_TARGET, f"[{r}] 5 MB / 500 KB: {growth:.1f}x (≤ {GROWTH_TARGET}x)")
        verdict(
            unrelated[r]["5MB"] <= FIVE_MB_SECONDS and unrelated_growth <= GROWTH_TARGET,
            f"[{r}] unrelated 5 MB: {unrelated[r]['5MB']:.2f} s, growth {unrelated_growth:.1f}x "
            f"(≤ {FIVE_MB_SECONDS} s, ≤ {GROWTH_TARGET}x)",
        )


def _git_version() -> str:
    done = subprocess.run(["git", "--version"], capture_output=True, text=True, check=False)
    return done.stdout.strip().removeprefix("git version ")


if __name__ == "__main__":
    main()
