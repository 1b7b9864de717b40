"""The one call the `diff` command makes: resolve what to compare, compare each pair, render one format."""

from __future__ import annotations

from dataclasses import dataclass

from policyvc.config import load_config
from policyvc.model import Assessment, Classification
from policyvc.render import RenderOptions, get_renderer
from policyvc.store.operands import ComparisonPair, resolve_pairs


@dataclass(frozen=True, slots=True)
class DiffReport:
    output: str  # the rendered comparison(s), to print or write
    assessments: tuple[Assessment, ...]
    empty_labels: tuple[str, ...]  # operands whose text is blank, when that is probably a mistake

    @property
    def changed(self) -> bool:
        """Anything substantive or material changed (what `diff --exit-code` reports)."""
        return any(a.classification.rank >= Classification.SUBSTANTIVE.rank for a in self.assessments)


def run_diff(
    old: str | None,
    new: str | None,
    base: str | None = None,
    *,
    fmt: str = "text",
    color: bool = False,
    explain: bool = False,
) -> DiffReport:
    """Compare `old` with `new` (files or git forms), or every policy changed since `base`, and render."""
    renderer = get_renderer(fmt)
    config = load_config()
    pairs = resolve_pairs(old, new, base, config)
    # Imported here so other commands, and bad arguments, do not pay for loading parse, diff and classify.
    from policyvc.classify.rules import load_rule_pack
    from policyvc.compare import compare_texts

    pack = load_rule_pack(config)
    assessments = tuple(
        compare_texts(
            pair.old.text, pair.new.text, rules=pack, old_label=pair.old.label, new_label=pair.new.label
        )
        for pair in pairs
    )
    options = RenderOptions(
        color=color,
        explain=explain,
        collection=base is not None,
        rule_sources={rule.id: rule.source for rule in pack.rules},
        config=config,
    )
    # Under --base an empty side means added or removed since the base, not a mistake.
    empty = () if base is not None else _empty_labels(pairs)
    return DiffReport(renderer.render(list(assessments), options), assessments, empty)


def _empty_labels(pairs: list[ComparisonPair]) -> tuple[str, ...]:
    return tuple(
        operand.label for pair in pairs for operand in (pair.old, pair.new) if not operand.text.strip()
    )
