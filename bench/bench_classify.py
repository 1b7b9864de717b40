"""Benchmark: the materiality classifier, measured honestly.

1. Precision and recall per class over the labelled suite (tests/classify/labelled/*.toml), end to end.
2. Every consecutive pair in ../shared/corpus classified: class, bump, counts and the top findings per pair,
   next to the human description of the change (versions.tsv `subject`, when the corpus has one).
3. Time: diff alone vs classification over the whole corpus, side by side (median of REPEATS), then
   diff-only vs diff+classify vs compare_texts (parse+diff+classify) on synthetic 500 KB and 5 MB pairs
   (bench_diff's builder: corpus text with ~2% word edits and moved sections, and unrelated documents),
   with the 5 MB / 500 KB growth and one PASS/FAIL line per target.
"""

from __future__ import annotations

import csv
import itertools
import os
import random
import re
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
SYNTHETIC = {"500KB": 500_000, "5MB": 5_000_000}
FIVE_MB_SECONDS = 2.0  # compare_texts on the edited 5 MB pair, parse and diff included
GROWTH_TARGET = 15.0

sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from policyvc.classify.engine import classify_changeset  # noqa: E402
from policyvc.classify.guards import comparison_key  # noqa: E402
from policyvc.classify.patterns import sentence_words  # noqa: E402
from policyvc.classify.polarity import _limit_cue, practice_level, protection_level  # noqa: E402
from policyvc.classify.restated import forget_indexes  # noqa: E402
from policyvc.classify.rules import RulePack, _heading_matches, load_rule_pack  # noqa: E402
from policyvc.classify.sentences import split_sentences  # noqa: E402
from policyvc.compare import compare_texts  # noqa: E402
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


def cold_start(pack: RulePack) -> None:
    """Forget every classifier cache, as in a fresh CLI run (the rule pack itself stays loaded)."""
    caches = (comparison_key, sentence_words, split_sentences, _limit_cue, _heading_matches)
    for cache in (*caches, practice_level, protection_level):
        cache.cache_clear()
    forget_indexes()
    re.purge()  # the narrowed trigger regexes are compiled again, as in a fresh process
    for rule in pack.rules:
        for matcher in (rule.matcher, rule.context_matcher, rule.exclusion_matcher):
            if matcher is not None:
                matcher.forget_narrowed()


def timing(pairs: list[tuple[str, str, str, str, str]]) -> tuple[float, float]:
    pack = load_rule_pack(Config())
    parse_only, diff_only, with_classify = [], [], []
    for _ in range(REPEATS):
        start = time.perf_counter()
        parsed = [(parse_document(old), parse_document(new)) for _, old, new, _, _ in pairs]
        parse_only.append(time.perf_counter() - start)
        start = time.perf_counter()
        changesets = [diff_documents(a, b) for a, b in parsed]
        diff_only.append(time.perf_counter() - start)
        cold_start(pack)
        start = time.perf_counter()
        for changeset in changesets:
            classify_changeset(changeset, pack)
        with_classify.append(time.perf_counter() - start)
    parse_s = statistics.median(parse_only)
    diff_s, classify_s = statistics.median(diff_only), statistics.median(with_classify)
    changes = sum(len(c.changes) for c in changesets)
    print(f"\ntime over {len(pairs)} corpus pairs, {changes} changes (median of {REPEATS};")
    print("classifier caches cleared before every run):")
    print(f"  parse            {parse_s * 1000:8.1f} ms")
    print(f"  diff only        {diff_s * 1000:8.1f} ms")
    print(f"  classify only    {classify_s * 1000:8.1f} ms  ({classify_s / diff_s:.2f}x the diff)")
    both = (diff_s + classify_s) * 1000
    print(f"  diff + classify  {both:8.1f} ms  (classification adds {classify_s / diff_s:.0%} to the diff)")
    whole = parse_s + diff_s
    print(f"  parse + diff     {whole * 1000:8.1f} ms  (classification adds {classify_s / whole:.0%} to it)")
    return diff_s, classify_s


def synthetic() -> dict[str, dict[str, float]]:
    """Seconds by pair and stage: diff only, classify only (of that diff) and compare_texts end to end."""
    import bench_diff  # the same builder as the diff benchmark: corpus text, ~2% word edits, moved sections

    pack = load_rule_pack(Config())
    rng = random.Random(20261129)
    github, pga = bench_diff.latest_texts("github-site-policy"), bench_diff.latest_texts("pga-v1-corpus")
    header = f"{'changes':>8} {'diff':>8} {'classify':>9} {'diff+cls':>9} {'compare':>8}"
    print(f"\n{'synthetic pair':28} {header}")
    results: dict[str, dict[str, float]] = {}
    for label, size in SYNTHETIC.items():
        base = bench_diff.build_policy(github, size)
        revised, other = bench_diff.revise(base, rng), bench_diff.build_policy(pga, size)
        for kind, new in (("edited", revised), ("unrelated", other)):
            old_doc, new_doc = parse_document(base), parse_document(new)
            start = time.perf_counter()
            changeset = diff_documents(old_doc, new_doc)
            diff_s = time.perf_counter() - start
            cold_start(pack)
            start = time.perf_counter()
            classify_changeset(changeset, pack)
            classify_s = time.perf_counter() - start
            cold_start(pack)
            start = time.perf_counter()
            compare_texts(base, new, rules=pack)
            compare_s = time.perf_counter() - start
            name = f"{label} {kind}"
            results[name] = {"diff": diff_s, "classify": classify_s, "compare": compare_s}
            print(f"{name:28} {len(changeset.changes):>8} {diff_s:7.2f}s {classify_s:8.2f}s "
                  f"{diff_s + classify_s:8.2f}s {compare_s:7.2f}s")
    return results


def verdicts(corpus: tuple[float, float], runs: dict[str, dict[str, float]]) -> None:
    diff_s, classify_s = corpus
    print(f"{'PASS' if classify_s <= diff_s else 'FAIL'}  corpus: classification {classify_s * 1000:.0f} ms "
          f"≤ diff {diff_s * 1000:.0f} ms")
    five = runs["5MB edited"]["compare"]
    print(f"{'PASS' if five <= FIVE_MB_SECONDS else 'FAIL'}  compare_texts, 5 MB edited pair: {five:.2f} s "
          f"(≤ {FIVE_MB_SECONDS} s)")
    for kind in ("edited", "unrelated"):
        for stage in ("classify", "compare"):
            growth = runs[f"5MB {kind}"][stage] / runs[f"500KB {kind}"][stage]
            print(f"{'PASS' if growth <= GROWTH_TARGET else 'FAIL'}  {stage}, {kind}: 5 MB / 500 KB "
                  f"{growth:.1f}x (≤ {GROWTH_TARGET}x)")


def main() -> None:
    precision_recall()
    pairs = corpus_pairs()
    corpus_report(pairs)
    corpus = timing(pairs)
    verdicts(corpus, synthetic())


if __name__ == "__main__":
    main()
