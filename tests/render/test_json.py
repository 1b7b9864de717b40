"""The JSON contract policyvc/diff/1: schema-valid, every key present, keys in a fixed order."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import jsonschema
import pytest

sys.path.insert(0, str(Path(__file__).parent))

from diff_samples import (
    COLLECT,
    COLLECT_EDITED,
    heading_level_assessment,
    make_assessment,
    moved_section_assessment,
    sharing_change,
)

from policyvc.model import Assessment
from policyvc.render import RenderOptions, get_renderer
from policyvc.render.json import SCHEMA_ID, diff_document, diff_schema

CHANGE_KEYS = [
    "kind", "scope", "old_section", "new_section", "old_lines", "new_lines", "old_text", "new_text",
    "classification", "formatting_only", "similarity", "related", "findings", "redline",
    "old_level", "new_level", "body_redline",
]  # fmt: skip
FINDING_KEYS = ["rule", "category", "severity", "classification", "reason", "source", "evidence"]
EVIDENCE_KEYS = ["side", "text", "start", "end", "line"]
KINDS = ["added", "removed", "modified", "moved", "renamed", "split", "merged", "formatting"]
CLASSES = ["material", "substantive", "editorial", "none"]


def _render(assessments: list[Assessment], **options: object) -> dict[str, object]:
    text = get_renderer("json").render(assessments, RenderOptions(**options))  # type: ignore[arg-type]
    assert text.endswith("\n")
    value: dict[str, object] = json.loads(text)
    return value


def _validate(value: object) -> None:
    jsonschema.Draft202012Validator.check_schema(diff_schema())
    jsonschema.Draft202012Validator(diff_schema()).validate(value)


def test_single_comparison_is_schema_valid_with_every_key(mixed: Assessment) -> None:
    value = _render([mixed])
    _validate(value)
    assert list(value) == ["schema", "old", "new", "summary", "changes"]
    assert value["schema"] == SCHEMA_ID
    changes = value["changes"]
    assert isinstance(changes, list) and len(changes) == 5
    for change in changes:
        assert list(change) == CHANGE_KEYS
        for finding in change["findings"]:
            assert list(finding) == FINDING_KEYS
            for evidence in finding["evidence"]:
                assert list(evidence) == EVIDENCE_KEYS
        for run in change["redline"]:
            assert list(run) == ["op", "text", "formatting_only"]


def test_summary_counts_every_kind_and_class(mixed: Assessment) -> None:
    summary = _render([mixed])["summary"]
    assert summary == {
        "classification": "material",
        "bump": "major",
        "total": 5,
        "counts": {
            "added": 1, "removed": 0, "modified": 1, "moved": 1, "renamed": 1, "split": 0, "merged": 0,
            "formatting": 1,
        },
        "class_counts": {"material": 1, "substantive": 2, "editorial": 2, "none": 0},
    }  # fmt: skip


def test_changes_keep_document_order_and_carry_the_model_values(mixed: Assessment) -> None:
    changes = _render([mixed])["changes"]
    assert isinstance(changes, list)
    assert [c["kind"] for c in changes] == ["formatting", "renamed", "modified", "moved", "added"]
    sharing = changes[2]
    assert sharing["old_section"] == {"id": "third-parties", "path": ["Privacy Statement", "Third parties"]}
    assert sharing["old_lines"] == [57, 57]
    assert sharing["similarity"] == 0.8123
    assert sharing["redline"][1] == {
        "op": "insert",
        "text": ", including advertising partners and data brokers,",
        "formatting_only": False,
    }
    finding = sharing["findings"][0]
    assert finding["rule"] == "sharing.new-recipient"
    first = {"side": "new", "text": "advertising partners", "start": 48, "end": 68, "line": 57}
    assert finding["evidence"][0] == first
    added = changes[4]
    assert added["old_section"] is None and added["old_lines"] is None and added["old_text"] is None


def test_redline_reproduces_both_sides(mixed: Assessment) -> None:
    for change in _render([mixed])["changes"]:  # type: ignore[attr-defined]
        if not change["redline"]:
            continue
        old = "".join(r["text"] for r in change["redline"] if r["op"] != "insert")
        new = "".join(r["text"] for r in change["redline"] if r["op"] != "delete")
        assert (old, new) == (change["old_text"], change["new_text"])


def test_rule_source_comes_from_the_options_else_null() -> None:
    assessment = make_assessment(sharing_change())
    with_source = _render([assessment], rule_sources={"sharing.new-recipient": "policyvc.toml"})
    without = _render([assessment])
    assert with_source["changes"][0]["findings"][0]["source"] == "policyvc.toml"  # type: ignore[index]
    assert without["changes"][0]["findings"][0]["source"] is None  # type: ignore[index]


def test_several_comparisons_use_the_policies_wrapper(mixed: Assessment, unchanged: Assessment) -> None:
    value = _render([mixed, unchanged])
    _validate(value)
    assert list(value) == ["schema", "summary", "policies"]
    summary = value["summary"]
    assert isinstance(summary, dict)
    assert (summary["classification"], summary["bump"], summary["total"], summary["policies"]) == (
        "material",
        "major",
        5,
        2,
    )
    assert list(summary["counts"]) == KINDS and list(summary["class_counts"]) == CLASSES
    policies = value["policies"]
    assert isinstance(policies, list)
    assert [list(p) for p in policies] == [["old", "new", "summary", "changes"]] * 2
    assert policies[1]["summary"]["classification"] == "none"


def test_collection_option_keeps_the_wrapper_for_one_or_no_policy(mixed: Assessment) -> None:
    one = _render([mixed], collection=True)
    none = _render([], collection=True)
    for value in (one, none):
        _validate(value)
        assert "policies" in value and "changes" not in value
    assert none["summary"] == {
        "classification": "none",
        "bump": "none",
        "total": 0,
        "counts": dict.fromkeys(KINDS, 0),
        "class_counts": dict.fromkeys(CLASSES, 0),
        "policies": 0,
    }


def test_unchanged_documents_still_have_every_summary_key(unchanged: Assessment) -> None:
    value = _render([unchanged])
    _validate(value)
    assert value["changes"] == []
    assert value["summary"]["classification"] == "none"  # type: ignore[index]


def test_schema_rejects_a_broken_document(mixed: Assessment) -> None:
    value = diff_document([mixed], RenderOptions())
    del value["summary"]["bump"]
    with pytest.raises(jsonschema.ValidationError):
        _validate(value)
    value = diff_document([mixed], RenderOptions())
    value["changes"][0]["classification"] = "serious"
    with pytest.raises(jsonschema.ValidationError):
        _validate(value)


def test_unicode_is_kept_as_is() -> None:
    assessment = make_assessment(sharing_change(), old_label="confidentialité.md", new_label="vie privée.md")
    text = get_renderer("json").render([assessment], RenderOptions())
    assert '"old": "confidentialité.md"' in text
    assert "\\u" not in text


def test_a_moved_section_carries_the_redline_of_its_body() -> None:
    value = _render([moved_section_assessment(edited=True)])
    _validate(value)
    changes = value["changes"]
    assert isinstance(changes, list)
    moved = next(c for c in changes if c["kind"] == "moved")
    assert (moved["old_text"], moved["new_text"], moved["redline"]) == ("Collection", "Collection", [])
    runs = moved["body_redline"]
    assert "".join(r["text"] for r in runs if r["op"] != "insert") == COLLECT
    assert "".join(r["text"] for r in runs if r["op"] != "delete") == COLLECT_EDITED
    assert all(c["body_redline"] == [] for c in changes if c["kind"] != "moved")


def test_a_heading_level_change_carries_both_levels() -> None:
    value = _render([heading_level_assessment("### Cookies", "## Cookies")])
    _validate(value)
    assert value["summary"]["classification"] == "editorial"  # type: ignore[index]
    (change,) = value["changes"]  # type: ignore[misc]
    assert (change["kind"], change["scope"], change["formatting_only"]) == ("formatting", "section", True)
    assert (change["old_level"], change["new_level"]) == (3, 2)
    assert (change["old_section"]["path"], change["new_section"]["path"]) == (
        ["Policy", "Collection", "Cookies"],
        ["Policy", "Cookies"],
    )


def test_levels_outside_one_to_six_are_rejected_by_the_schema() -> None:
    value = _render([heading_level_assessment("### Cookies", "## Cookies")])
    value["changes"][0]["new_level"] = 7  # type: ignore[index]
    with pytest.raises(jsonschema.ValidationError):
        _validate(value)
