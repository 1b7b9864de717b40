"""Classify pairs of stored texts: parse each blob once, load the rule pack once, reuse cached results."""

from __future__ import annotations

from typing import TYPE_CHECKING

from policyvc.config import Config
from policyvc.model import Assessment, Classification, Document
from policyvc.store.cache import CachedClass, ClassificationCache, rule_fingerprint

if TYPE_CHECKING:
    from policyvc.classify.rules import RulePack


class BlobAssessor:
    """Compares texts identified by blob id; the pipeline modules are imported on first use."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self.cache = ClassificationCache(config.path(config.cache_dir), rule_fingerprint(config))
        self._pack: RulePack | None = None
        self._documents: dict[str, Document] = {}

    def identical(self, old_blob: str, old_text: str, new_blob: str, new_text: str) -> bool:
        """True when the two texts are the same after normalisation (so not a new version)."""
        if old_blob == new_blob:
            return True
        # The parsed documents carry the normalised headings and blocks: compare those, parse once.
        old, new = self.document(old_blob, old_text), self.document(new_blob, new_text)
        return _comparable(old) == _comparable(new)

    def classify(self, old_blob: str, old_text: str, new_blob: str, new_text: str) -> CachedClass:
        """Class and change counts for old → new, from the cache when possible."""
        cached = self.cache.get(old_blob, new_blob)
        if cached is not None:
            return cached
        if self.identical(old_blob, old_text, new_blob, new_text):
            result = CachedClass(Classification.NONE, ())
        else:
            assessment = self.assess(old_blob, old_text, new_blob, new_text)
            counts = tuple((kind, n) for kind, n in assessment.counts.items() if n)
            classification = assessment.classification
            if classification == Classification.NONE:
                classification = Classification.EDITORIAL  # the words differ, so at least editorial
            result = CachedClass(classification, counts)
        self.cache.put(old_blob, new_blob, result)
        return result

    def assess(
        self,
        old_blob: str,
        old_text: str,
        new_blob: str,
        new_text: str,
        old_label: str = "",
        new_label: str = "",
    ) -> Assessment:
        """The full Assessment of old → new (not cached: it carries the whole change set)."""
        from policyvc.classify.engine import classify_changeset
        from policyvc.diff.changeset import diff_documents

        changeset = diff_documents(self.document(old_blob, old_text), self.document(new_blob, new_text))
        return classify_changeset(changeset, self.pack, old_label=old_label, new_label=new_label)

    def document(self, blob: str, text: str) -> Document:
        """The parsed document of a blob, parsed once."""
        from policyvc.parse.markdown import parse_document

        found = self._documents.get(blob)
        if found is None:
            found = parse_document(text)
            if len(self._documents) > 64:
                self._documents.clear()
            self._documents[blob] = found
        return found

    @property
    def pack(self) -> RulePack:
        if self._pack is None:
            from policyvc.classify.rules import load_rule_pack

            self._pack = load_rule_pack(self.config)
        return self._pack



def _comparable(doc: Document) -> tuple[object, ...]:
    """What a reader would compare: front matter, headings and normalised blocks, in order."""
    return (
        doc.metadata,
        tuple((s.level, s.norm_heading, tuple((b.kind, b.norm) for b in s.blocks)) for s in doc.sections),
    )
