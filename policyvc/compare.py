"""The library's front door: two texts in, one classified Assessment out (parse → diff → classify)."""

from __future__ import annotations

from policyvc.classify.engine import classify_changeset
from policyvc.classify.rules import RulePack, load_rule_pack
from policyvc.config import Config
from policyvc.diff.changeset import diff_documents
from policyvc.gcpause import gc_paused
from policyvc.model import Assessment
from policyvc.parse.markdown import parse_document


def compare_texts(
    old_text: str,
    new_text: str,
    *,
    config: Config | None = None,
    rules: RulePack | None = None,
    old_label: str = "old",
    new_label: str = "new",
) -> Assessment:
    """Parse both texts, diff them section by section and classify every change."""
    pack = rules if rules is not None else load_rule_pack(config or Config())
    with gc_paused():
        changeset = diff_documents(parse_document(old_text), parse_document(new_text))
        return classify_changeset(changeset, pack, old_label=old_label, new_label=new_label)
