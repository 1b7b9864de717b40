"""Benchmark: the materiality classifier, measured honestly.

1. Precision and recall per class over the labelled suite (tests/classify/labelled/*.toml), end to end.
2. Every consecutive pair in ../shared/corpus classified: class, bump, counts and the top findings per pair,
   next to the human description of the change (versions.tsv `subject`, when the corpus has one).
3. Time: parse+diff alone vs parse+diff+classify over the whole corpus, side by side (median of REPEATS).
"""

from __future__ import annotations

import csv
import itertools
import os
import statistics
import sys
import time
import tomllib
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(os.environ.get("POLICYVC_CORPUS", ROOT.parent / "shared" / "corpus"))
LABELLED = ROOT / "tests" / "classify" / "labelled"
REPEATS = 3
TOP_FINDINGS = 4

sys.path.insert(0, str(ROOT))

from policyvc.classify.engine import classify_changeset  # noqa: E402
from policyvc.classify.guards import comparison_key  # noqa: E402
from policyvc.classify.patterns import sentence_words  # noqa: E402
from policyvc.classify.rules import load_rule_pack  # noqa: E402
from policyvc.classify.sentences import split_sentences  # noqa: E402
from policyvc.config import Config  # noqa: E402
from policyvc.diff.changeset import diff_documents  # noqa: E402
from policyvc.model import Classification  # noqa: E402
from policyvc.parse.markdown import parse_document  # noqa: E402


def labelled_documents(case: dict[str, str]) -> tuple[str, str]:
    if "old_doc" in case:
        return case["old_doc"].lstrip(), case["new_doc"].lstrip()
    frame = "# Example policy\n\n## {section}\n\n{body}\n\n## Contact\n\nWrite to privacy@example.com.\n"
    section = case.get("section", "Policy")
    return frame.format(section=section, body=case["old"]), frame.format(section=section, body=case["new"])


def precision_recall() -> None:
    pack = load_rule_pack(Config())
    pairs: list[tuple[str, str, str]] = []
    for path in sorted(LABELLED.glob("*.toml")):
        for case in tomllib.loads(path.read_text(encoding="utf-8"))["case"]:
            old, new = labelled_documents(case)
            assessment = classify_changeset(diff_documents(parse_document(old), parse_document(new)), pack)
            got = assessment.classification.value
            accepted = {case["class"], *case.get("also", [])}
            expected = got if got in accepted else case["class"]
            pairs.append((case["id"], expected, got))
    print(f"labelled suite: {len(pairs)} cases, {sum(e == g for _, e, g in pairs)} correct")
    print(f"{'class':<12} {'precision':>9} {'recall':>7} {'support':>8}")
    for cls in Classification:
        tp = sum(1 for _, e, g in pairs if e == g == cls.value)
        predicted = sum(1 for _, _, g in pairs if g == cls.value)
        actual = sum(1 for _, e, _ in pairs if e == cls.value)
        precision = tp / predicted if predicted else float("nan")
        recall = tp / actual if actual else float("nan")
        print(f"{cls.value:<12} {precision:>9.2f} {recall:>7.2f} {actual:>8}")
    for case_id, expected, got in pairs:
        if expected != got:
            print(f"  MISS {case_id}: expected {expected}, got {got}")


def corpus_pairs() -> list[tuple[str, str, str, str, str]]:
    """(document, old date, new date, old text, new text, subject) for every consecutive pair."""
    found = []
    for versions in sorted(CORPUS.glob("*/*/versions.tsv")):
        folder = versions.parent
        with versions.open(encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle, delimiter="\t"))
        for before, after in itertools.pairwise(rows):
            old_path, new_path = folder / f"{before['date']}.md", folder / f"{after['date']}.md"
            if old_path.exists() and new_path.exists():
                found.append(
                    (
                        f"{folder.name} {before['date']}→{after['date']}",
                        old_path.read_text(encoding="utf-8", errors="replace"),
                        new_path.read_text(encoding="utf-8", errors="replace"),
                        after.get("subject", "") or "",
                        folder.parent.name,
                    )
                )
    return found


def corpus_report(pairs: list[tuple[str, str, str, str, str]]) -> None:
    pack = load_rule_pack(Config())
    totals: Counter[str] = Counter()
    for name, old, new, subject, _ in pairs:
        assessment = classify_changeset(diff_documents(parse_document(old), parse_document(new)), pack)
        classes = Counter(c.classification.value for c in assessment.changes)
        totals[assessment.classification.value] += 1
        print(f"\n{name}: {assessment.classification.value.upper()} (bump {assessment.bump.value}); "
              + ", ".join(f"{k} {v}" for k, v in sorted(classes.items())))
        if subject:
            print(f"  subject: {subject[:150]}")
        findings = [f for c in assessment.changes for f in c.findings if f.classification.rank >= 2]
        findings.sort(key=lambda f: (-f.classification.rank, f.severity != "high"))
        for finding in findings[:TOP_FINDINGS]:
            print(f"  - [{finding.classification.value}] {finding.rule}: {finding.reason[:200]}")
        by_rule = Counter(f.rule for f in findings)
        if len(findings) > TOP_FINDINGS:
            print(f"  … {len(findings) - TOP_FINDINGS} more; by rule: {dict(by_rule.most_common(6))}")
    print(f"\ncorpus: {len(pairs)} pairs; document classes: {dict(totals)}")


def timing(pairs: list[tuple[str, str, str, str, str]]) -> None:
    pack = load_rule_pack(Config())
    parsed = [(parse_document(old), parse_document(new)) for _, old, new, _, _ in pairs]
    diff_only, with_classify = [], []
    for _ in range(REPEATS):
        start = time.perf_counter()
        changesets = [diff_documents(a, b) for a, b in parsed]
        diff_only.append(time.perf_counter() - start)
        for cache in (comparison_key, sentence_words, split_sentences):
            cache.cache_clear()  # a cold start, as in one CLI run
        start = time.perf_counter()
        for changeset in changesets:
            classify_changeset(changeset, pack)
        with_classify.append(time.perf_counter() - start)
    diff_s, classify_s = statistics.median(diff_only), statistics.median(with_classify)
    changes = sum(len(c.changes) for c in changesets)
    print(f"\ntime over {len(pairs)} corpus pairs, {changes} changes (median of {REPEATS}, parse excluded,")
    print("classifier caches cleared before every run):")
    print(f"  diff only        {diff_s * 1000:8.1f} ms")
    print(f"  classify only    {classify_s * 1000:8.1f} ms")
    both = (diff_s + classify_s) * 1000
    print(f"  diff + classify  {both:8.1f} ms  (classification adds {classify_s / diff_s:.0%} to the diff)")


def main() -> None:
    precision_recall()
    pairs = corpus_pairs()
    corpus_report(pairs)
    timing(pairs)


if __name__ == "__main__":
    main()
