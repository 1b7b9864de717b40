"""Output of the rules command: the active rule pack as an aligned table or as JSON (`policyvc/rules/1`)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from policyvc.classify.rules import RulePack


def render_rules_text(pack: RulePack) -> str:
    """One line per rule: id, category, severity, direction, class and the file it came from; then a count."""
    width = max((len(r.id) for r in pack.rules), default=2)
    lines = [f"{'id':<{width}}  {'category':<17} {'severity':<8} {'direction':<9} {'class':<11} source"]
    for r in pack.rules:
        lines.append(
            f"{r.id:<{width}}  {r.category:<17} {r.severity.value:<8} {r.direction.value:<9} "
            f"{r.classification.value:<11} {r.source}"
        )
    lines.append(f"{len(pack.rules)} rules")
    return "\n".join(lines) + "\n"


def render_rules_json(pack: RulePack) -> str:
    """The rules with their triggers, patterns and context words, as indented JSON."""
    listed = [
        {
            "id": r.id,
            "category": r.category,
            "severity": r.severity.value,
            "direction": r.direction.value,
            "class": r.classification.value,
            "mirror": r.mirror.value,
            "source": r.source,
            "triggers": list(r.triggers),
            "patterns": list(r.patterns),
            "context": list(r.context),
        }
        for r in pack.rules
    ]
    document = {"schema": "policyvc/rules/1", "count": len(listed), "rules": listed}
    return json.dumps(document, indent=2)
