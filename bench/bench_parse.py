"""Parse and normalisation throughput: every corpus version, and synthetic 50 KB / 500 KB / 5 MB policies.

Columns: markdown-it-py with inline parsing, its plain block parser, policyvc's block_tokens (same tokens),
parse_document (tokens + sections + blocks + normalisation), and normalise_text alone.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from pathlib import Path

from markdown_it import MarkdownIt

from policyvc.gcpause import gc_paused
from policyvc.parse.blocks import block_tokens, reference_parser
from policyvc.parse.frontmatter import read_front_matter
from policyvc.parse.markdown import parse_document
from policyvc.parse.normalise import normalise_text

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"
SIZES = {"50 KB": 50_000, "500 KB": 500_000, "5 MB": 5_000_000}


def corpus_versions() -> list[str]:
    """Every corpus version (or a repeated stand-in when the corpus is absent)."""
    files = sorted(CORPUS.rglob("*.md"))
    if not files:
        stand_in = "# Policy\n\n## Data we collect\n\nWe collect your name and “usage data”.\n\n"
        return [stand_in * 50]
    return [path.read_text(encoding="utf-8") for path in files]


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
        read_front_matter.cache_clear()
        with gc_paused():  # as parse_document itself does, so that every column is measured alike
            start = time.process_time()
            action()
            timings.append(time.process_time() - start)
    return statistics.median(timings)


def main() -> None:
    versions = corpus_versions()
    source = "\n\n".join(versions)
    uncached = normalise_text.__wrapped__  # corpus versions repeat paragraphs; measure every one
    with_inline = MarkdownIt("commonmark").enable("table")
    plain_blocks = reference_parser(front_matter=True)
    print("MB/s in CPU time, collector paused; parse_document reuses normalisations of repeated blocks,")
    print("the normalise column does not")
    columns = ("md-it full", "md-it blocks", "block_tokens", "parse_document", "normalise")
    print(f"{'input':>16} " + " ".join(columns))
    inputs = {f"corpus ({len(versions)} files)": versions}
    inputs.update({name: [synthetic_policy(source, size)] for name, size in SIZES.items()})
    for name, texts in inputs.items():
        megabytes = sum(len(text.encode("utf-8")) for text in texts) / 1e6
        runs = 1 if megabytes > 4 else 3
        paragraphs = [paragraph for text in texts for paragraph in text.split("\n\n")]
        timings = [
            best_of(runs, lambda texts=texts, action=action: [action(text) for text in texts])  # type: ignore[misc]
            for action in (with_inline.parse, plain_blocks.parse, block_tokens, parse_document)
        ]
        timings.append(best_of(runs, lambda paragraphs=paragraphs: [uncached(p) for p in paragraphs]))  # type: ignore[misc]
        cells = zip(timings, columns, strict=True)
        rates = " ".join(f"{megabytes / seconds:{len(column)}.1f}" for seconds, column in cells)
        print(f"{name:>16} {rates}   (parse_document {timings[3] * 1000:.0f} ms for {megabytes:.1f} MB)")


if __name__ == "__main__":
    main()
