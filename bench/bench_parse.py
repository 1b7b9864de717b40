"""Parse and normalisation throughput on synthetic 50 KB / 500 KB / 5 MB policies built from corpus text."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from pathlib import Path

from markdown_it import MarkdownIt

from policyvc.parse.markdown import parse_document
from policyvc.parse.normalise import normalise_text

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"
SIZES = {"50 KB": 50_000, "500 KB": 500_000, "5 MB": 5_000_000}


def corpus_text() -> str:
    """Every corpus version, concatenated (or a repeated stand-in when the corpus is absent)."""
    files = sorted(CORPUS.glob("*/*/*.md"))
    if not files:
        stand_in = "# Policy\n\n## Data we collect\n\nWe collect your name and “usage data”.\n\n"
        return stand_in * 50
    return "\n\n".join(path.read_text(encoding="utf-8") for path in files)


def synthetic_policy(source: str, size: int) -> str:
    """A policy of about `size` characters: corpus text repeated under numbered part headings."""
    body = source.replace("\n---\n", "\n\n")
    parts: list[str] = []
    total = 0
    copy = 0
    while total < size:
        copy += 1
        chunk = f"# Part {copy}\n\n{body}"
        parts.append(chunk)
        total += len(chunk)
    return "".join(parts)[:size]


def best_of(runs: int, action: Callable[[], object]) -> float:
    """The median of a few CPU-time measurements, in seconds (steadier than wall time on a shared machine)."""
    timings = []
    for _ in range(runs):
        normalise_text.cache_clear()  # measure cold: no block seen before
        start = time.process_time()
        action()
        timings.append(time.process_time() - start)
    return statistics.median(timings)


def main() -> None:
    source = corpus_text()
    uncached = normalise_text.__wrapped__  # corpus versions repeat paragraphs; measure every one
    with_inline = MarkdownIt("commonmark").enable("table")
    block_only = MarkdownIt("commonmark").enable("table")
    block_only.disable("inline")
    print("CPU time; parse_document reuses normalisations of repeated blocks, the normalise column does not")
    print(f"{'size':>7} {'markdown-it full':>17} {'block only':>11} {'parse_document':>15} {'normalise':>10}")
    for name, size in SIZES.items():
        text = synthetic_policy(source, size)
        megabytes = len(text.encode("utf-8")) / 1e6
        runs = 3 if size <= 500_000 else 1
        full = best_of(runs, lambda text=text: with_inline.parse(text))  # type: ignore[misc]
        blocks = best_of(runs, lambda text=text: block_only.parse(text))  # type: ignore[misc]
        parsed = best_of(runs, lambda text=text: parse_document(text))  # type: ignore[misc]
        paragraphs = text.split("\n\n")
        normalised = best_of(runs, lambda paragraphs=paragraphs: [uncached(p) for p in paragraphs])  # type: ignore[misc]
        print(
            f"{name:>7} {megabytes / full:>11.1f} MB/s {megabytes / blocks:>6.1f} MB/s "
            f"{megabytes / parsed:>10.1f} MB/s {megabytes / normalised:>5.1f} MB/s   "
            f"(parse_document {parsed * 1000:.0f} ms)"
        )


if __name__ == "__main__":
    main()
