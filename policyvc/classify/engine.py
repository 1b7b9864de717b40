"""Classify every change of a ChangeSet: editorial guards first, then the rule pack over changed sentences.

The document's class is the highest of its changes'; the bump follows the class.
"""

from __future__ import annotations

import re
from dataclasses import replace

from policyvc.classify.events import Event, rule_events
from policyvc.classify.guards import (
    comparison_key,
    entity_words,
    has_run_in_labels,
    is_date_line,
    is_label,
    prose_key,
    run_in_label,
    typo_edits,
)  # fmt: skip
from policyvc.classify.patterns import sentence_words
from policyvc.classify.polarity import NEGATED, practice_level, readers_prohibition
from policyvc.classify.reasons import evidence, explain
from policyvc.classify.restated import StatementIndex, restated
from policyvc.classify.rules import RulePack
from policyvc.classify.sentences import Sentence, SentencePair, changed_sentences, split_sentences
from policyvc.classify.tables import Cell, cell_findings, named_elsewhere, row_cells
from policyvc.classify.words import letters_and_digits
from policyvc.gcpause import gc_paused
from policyvc.model import (
    Assessment,
    Block,
    BlockKind,
    Change,
    ChangeKind,
    ChangeSet,
    Classification,
    Document,
    Evidence,
    Finding,
    LineRange,
    Section,
    SectionRef,
    Severity,
)  # fmt: skip

EDITORIAL = Classification.EDITORIAL
_NO_WORDS: frozenset[str] = frozenset()
_MATERIAL = Classification.MATERIAL
_FORMATTING = "Only formatting changed (whitespace, markup, wraps)"
_MOVED_AND_EDITED = "Moved; the edits to its text are classified as their own changes"
_MOVED_SENTENCES = "Its sentences are unchanged elsewhere in the other version"
_RESTATED = "; the other version says the same elsewhere, so this reads as a move"
_NAMED = "; the old version already states it elsewhere"
_DISCLOSED = "; the sentence already disclosed it, and '{}' names no particular recipient"


def classify_changeset(
    changeset: ChangeSet, pack: RulePack, *, old_label: str = "", new_label: str = ""
) -> Assessment:
    """Classify every change; the document takes the highest class and its bump."""
    with gc_paused():  # as parsing and diffing do: many small objects, no reference cycles
        context = ChangeSetContext(changeset)
        changes = tuple(classify_change(change, pack, context) for change in changeset.changes)
    overall = max((c.classification for c in changes), key=lambda c: c.rank, default=Classification.NONE)
    return Assessment(changeset, changes, overall, overall.bump, old_label=old_label, new_label=new_label)


class ChangeSetContext:
    """What the whole change set tells about one change: moved sentences, promises restated elsewhere."""

    def __init__(self, changeset: ChangeSet | None = None) -> None:
        self.carried = CarriedSentences(changeset.changes if changeset else ())
        self.old = StatementIndex(changeset.old if changeset else None)
        self.new = StatementIndex(changeset.new if changeset else None, self.old)
        self.old_blocks = LeadIns(changeset.old if changeset else None)
        self.new_blocks = LeadIns(changeset.new if changeset else None)


class LeadIns:
    """What a table row or list item reads under: its table's header row, or the sentence that introduces
    the list ("We may share your information with:"). Each section is read once, on first use."""

    def __init__(self, document: Document | None) -> None:
        self._document = document
        self._sections: dict[str, Section] | None = None
        self._lead_ins: dict[str, dict[tuple[int, int], str]] = {}

    def of(self, ref: SectionRef | None, lines: LineRange | None) -> str:
        """The header row or lead-in sentence of the block at `lines` in section `ref`, or ""."""
        if ref is None or lines is None or self._document is None:
            return ""
        found = self._lead_ins.get(ref.id)
        if found is None:
            if self._sections is None:
                self._sections = {section.id: section for section in self._document.sections}
            section = self._sections.get(ref.id)
            found = self._lead_ins[ref.id] = _lead_ins(section.blocks) if section else {}
        return found.get((lines.start, lines.end), "")


_TABLE_ROW, _LIST_ITEM = BlockKind.TABLE_ROW, BlockKind.LIST_ITEM


def _lead_ins(blocks: tuple[Block, ...]) -> dict[tuple[int, int], str]:
    """By line range (the first block of each range): the header row of a table row (not of the header row
    itself), the ':' sentence before a list's first item for every item of the list, "" for anything else."""
    found: dict[tuple[int, int], str] = {}
    first, previous = 0, None  # where the current run of blocks of one kind starts, and its kind
    for index, block in enumerate(blocks):
        kind = block.kind
        if kind is not previous:
            first, previous = index, kind
        lead_in = ""
        if kind is _TABLE_ROW:
            lead_in = blocks[first].text if first < index else ""
        elif kind is _LIST_ITEM and first > 0:
            before = blocks[first - 1]  # not a list item: a run of list items starts after it
            lead_in = before.text if before.text.rstrip().endswith(":") else ""
        lines = block.lines
        key = (lines.start, lines.end)
        if key not in found:
            found[key] = lead_in
    return found


class CarriedSentences:
    """Sentences on each side of a change set, to recognise a sentence that only moved between blocks."""

    def __init__(self, changes: tuple[Change, ...] = ()) -> None:
        self._changes = changes
        self._keys: tuple[frozenset[str], frozenset[str]] | None = None

    def moved(self, pair: SentencePair) -> bool:
        """A removed sentence that reappears on the new side, or an added one that was already there."""
        if pair.old is not None and pair.new is not None:
            return False
        old_keys, new_keys = self._load()
        if pair.old is not None:
            return pair.old.words in new_keys
        return pair.new is not None and pair.new.words in old_keys

    def _load(self) -> tuple[frozenset[str], frozenset[str]]:
        if self._keys is None:
            old = frozenset(s.words for c in self._changes for s in split_sentences(_old_text(c)))
            new = frozenset(s.words for c in self._changes for s in split_sentences(_new_text(c)))
            self._keys = (old, new)
        return self._keys


def _old_text(change: Change) -> str:
    return "" if change.kind is ChangeKind.ADDED else change.old_text or ""


def _new_text(change: Change) -> str:
    return "" if change.kind is ChangeKind.REMOVED else change.new_text or ""


def classify_change(change: Change, pack: RulePack, context: ChangeSetContext | None = None) -> Change:
    """The change with its class and findings filled in."""
    classification, findings = _assess(change, pack, context or ChangeSetContext())
    return replace(change, classification=classification, findings=findings)


def _assess(
    change: Change, pack: RulePack, context: ChangeSetContext
) -> tuple[Classification, tuple[Finding, ...]]:
    old, new = _old_text(change), _new_text(change)
    if change.kind is ChangeKind.FORMATTING or change.formatting_only:
        return EDITORIAL, (_note("editorial.formatting", _FORMATTING),)
    old_key, new_key = comparison_key(old), comparison_key(new)
    if old_key == new_key:
        if change.kind is ChangeKind.MOVED:
            if any(s.op != "equal" and not s.formatting_only for s in change.body_redline):
                return EDITORIAL, (_note("editorial.move", _MOVED_AND_EDITED),)
            return EDITORIAL, (_note("editorial.move", "Moved without changing its text"),)
        return EDITORIAL, (_note("editorial.wording", "Only case, quotes, punctuation, emphasis or links"),)
    # without a "[" there is no link to blank, and prose keys are the comparison keys, already unequal
    if old and new and ("[" in old or "[" in new) and prose_key(old) == prose_key(new):
        return EDITORIAL, (_note("editorial.link", "Only the text or target of a link changed"),)
    if (not old or is_date_line(old)) and (not new or is_date_line(new)):
        return EDITORIAL, (_note("editorial.date-line", "Updates a 'Last updated' or 'Effective date' line"),)
    headings = {h for ref in (change.old_section, change.new_section) if ref for h in ref.path}
    changed = changed_sentences(old, new)
    labelled = has_run_in_labels(old) or has_run_in_labels(new)
    pairs = []
    for pair in changed:
        if _date_lines(pair) or _labels(pair, pack) or _heading_only(pair, headings):
            continue
        if context.carried.moved(pair):
            continue
        # "**Sale**. We do not sell …": the label is the paragraph's heading, not a sale
        statement = _past_run_in_labels(pair, old, new) if labelled else pair
        if statement is not None:
            pairs.append(statement)
    if not pairs and change.kind is ChangeKind.RENAMED:
        # a heading can itself be a promise ("We never sell your data"): only a widening of it counts, and
        # only where both headings read as sentences, not topics ("Choice/Opt-out" → "Your choices")
        titles = [p for p in changed if _statement(p.old) and _statement(p.new)]
        promise = [f for f in _rule_findings(change, pack, titles, context) if f.classification is _MATERIAL]
        if promise:
            return _MATERIAL, tuple(promise)
        return EDITORIAL, (_note("editorial.rename", "Renames the section heading; its text is unchanged"),)
    if not changed:
        # the texts differ but no sentence could be read (a script without spaces, a bare symbol):
        # nothing shows the change is harmless, so it is not called editorial
        return Classification.SUBSTANTIVE, ()
    if not pairs and all(_heading_only(p, headings) for p in changed):
        return EDITORIAL, (_note("editorial.heading", "Adds or removes a heading with no text under it"),)
    if not pairs and any(context.carried.moved(p) for p in changed):
        return EDITORIAL, (_note("editorial.move", _MOVED_SENTENCES),)
    if not pairs:
        return EDITORIAL, (_note("editorial.label", "Changes only labels, date lines or headings"),)
    # a typo fix touches no guard (negation, modal, number, entity, trigger word): no rule can read it
    entities = lambda: entity_words(old) | entity_words(new)  # noqa: E731 - computed only when a word is replaced
    edits = typo_edits(old_key, new_key, pack, entities) if old and new else None
    if edits is not None:
        words = ", ".join(f"'{a}' → '{b}'" for a, b in edits[:5])
        return EDITORIAL, (_note("editorial.typo", f"Fixes spelling without touching a guard word: {words}"),)
    findings = _rule_findings(change, pack, pairs, context, labelled=labelled)
    if findings:
        return max((f.classification for f in findings), key=lambda c: c.rank), findings
    return Classification.SUBSTANTIVE, ()


def _rule_findings(
    change: Change,
    pack: RulePack,
    pairs: list[SentencePair],
    context: ChangeSetContext,
    *,
    labelled: bool = False,
) -> tuple[Finding, ...]:
    old, new = _old_text(change), _new_text(change)
    old_heading, new_heading = _heading(change.old_section), _heading(change.new_section)
    old_lead = context.old_blocks.of(change.old_section, change.old_lines) if change.scope == "block" else ""
    new_lead = context.new_blocks.of(change.new_section, change.new_lines) if change.scope == "block" else ""
    section = _title(change.new_section or change.old_section)
    old_line = change.old_lines.start if change.old_lines else None
    new_line = change.new_lines.start if change.new_lines else None
    findings: dict[tuple[str, str], Finding] = {}
    if old_lead and old_lead == new_lead and _is_table(old_lead) and change.old_text and change.new_text:
        rows = (old_lead, change.old_text, change.new_text)
        for cell in cell_findings(rows, pack, new_heading, section, (old_line, new_line)):
            findings.setdefault((cell.rule, cell.reason), cell)
    negated = (_negative_lead_in(old_lead), _negative_lead_in(new_lead))
    # a table row is read cell by cell, each under its column's title ("Sources", "Purposes")
    cells = row_cells((old_lead, change.old_text), (new_lead, change.new_text), old_heading, new_heading)
    if cells is None:
        lead_in = f"{old_lead} / {new_lead}" if old_lead or new_lead else ""
        # a table's header row names its columns as a heading would ("Retention period"); a list's lead-in
        # sentence only lends the items its verb, not a section's context
        old_in = f"{old_heading} / {old_lead}" if _is_table(change.old_text) and old_lead else old_heading
        new_in = f"{new_heading} / {new_lead}" if _is_table(change.new_text) and new_lead else new_heading
        cells = [Cell(pair, old_in, new_in, lead_in, "") for pair in pairs]
        if labelled:  # a sentence after a run-in label reads under it, as under a heading
            cells = [_under_labels(cell, old, new) for cell in cells]
    for pair, old_heading, new_heading, lead_in, where in cells:
        fragment = bool(lead_in)
        old_words = sentence_words(pair.old.scan) if pair.old else _NO_WORDS
        new_words = sentence_words(pair.new.scan) if pair.new else _NO_WORDS
        words = old_words | new_words
        if fragment:  # a row or item is read with its header row or lead-in: "Retention period", "share"
            words = words | sentence_words(lead_in)
        for rule in pack.candidates(words, removed=pair.new is None):
            found = rule_events(rule, pair, old_heading, new_heading, lead_in=lead_in, negated=negated)
            events = [_unless_restated(e, context, in_table=bool(where)) for e in found]
            if not events:
                continue
            for group in _same_kind(events):
                first = group[0]
                reason = explain(group, section, where)
                reason += first.restated
                finding = Finding(
                    rule=rule.id,
                    category=rule.category,
                    severity=rule.severity,
                    classification=rule.classification if first.escalates else rule.mirror,
                    reason=reason,
                    evidence=_evidence(group, old_line, new_line),
                )
                findings.setdefault((finding.rule, finding.reason), finding)
    return tuple(sorted(findings.values(), key=lambda f: -f.classification.rank))


def _evidence(group: list[Event], old_line: int | None, new_line: int | None) -> tuple[Evidence, ...]:
    return tuple(dict.fromkeys(e for event in group for e in evidence(event, old_line, new_line)))


def _unless_restated(event: Event, context: ChangeSetContext, *, in_table: bool = False) -> Event:
    rule = event.rule
    generic = event.new is not None and event.new.hit.key in rule.generic_keys
    if generic and event.new is not None and _disclosed_already(event):
        return replace(event, escalates=False, restated=_DISCLOSED.format(event.new.hit.text))
    # a table cell, a name (a country) or a generic party adds nothing the old version already states anywhere
    if (in_table or rule.names or generic) and named_elsewhere(event, context.old):
        return replace(event, escalates=False, restated=_NAMED)
    if restated(event, context.old, context.new):
        return replace(event, escalates=False, restated=_RESTATED)
    return event


def _disclosed_already(event: Event) -> bool:
    """A generic party ("third parties") added to a rewritten sentence whose disclosure it joins was already
    ours, as plainly: "… we collect and share" → "… third-party recipients with whom we share it" names the
    recipients that disclosure always had. The disclosure is the verb nearest the party."""
    old, new = event.old_sentence, event.new
    if event.kind != "added" or old is None or new is None:
        return False
    verb = _nearest_verb(new.sentence.scan, new.hit.start, event.rule.requires)
    if verb is None:
        return False
    for found in re.finditer(rf"\b{re.escape(verb)}\b", old.scan, re.IGNORECASE):
        # "we" among the words before the verb, over commas: "… we collect, process, and share"
        ours = _WE.search(" ".join(old.scan[: found.start()].split()[-_SUBJECT_WORDS:])) is not None
        if ours and practice_level(old.scan, found.start())[0] >= new.level:
            return True
    return False


def _nearest_verb(scan: str, at: int, verbs: frozenset[str]) -> str | None:
    nearest: tuple[int, str] | None = None
    for found in _WORD.finditer(scan):
        word = found.group().casefold()
        if word in verbs and word not in _NOT_A_DISCLOSURE:
            distance = abs(found.start() - at)
            if nearest is None or distance < nearest[0]:
                nearest = (distance, word)
    return nearest[1] if nearest else None


_WORD = re.compile(r"[\w']+")
_SUBJECT_WORDS = 8
# words a recipient rule requires that name no disclosure: the recipients themselves, a definition
_NOT_A_DISCLOSURE = frozenset(["recipient", "recipients", "means"])


def _same_kind(events: list[Event]) -> list[list[Event]]:
    """Events of one rule on one sentence, grouped by kind: one finding names all their words."""
    groups: dict[tuple[str, bool, str], list[Event]] = {}
    for event in sorted(events, key=lambda e: e.position):
        groups.setdefault((event.kind, event.escalates, event.restated), []).append(event)
    return list(groups.values())


def _negative_lead_in(lead_in: str) -> bool:
    """A list's lead-in in which the organisation rules out what its items name: "We never sell your personal
    information to:", "Example Corp will not:" (not "You agree not to:", a user's prohibition, which promises
    nothing)."""
    if not lead_in or _is_table(lead_in) or readers_prohibition(lead_in):
        return False
    end = len(lead_in.rstrip().rstrip(":").rstrip())
    return practice_level(lead_in, end)[0] == NEGATED


_WE = re.compile(r"\b(?:we|We|WE)\b")


def _statement(sentence: Sentence | None) -> bool:
    return sentence is not None and len(sentence.words.split()) >= _STATEMENT_WORDS


_STATEMENT_WORDS = 4


def _is_table(text: str | None) -> bool:
    return text is not None and " | " in text


def _heading_only(pair: SentencePair, headings: set[str]) -> bool:
    # a section-level change carries its heading as a first line; the heading is not a sentence of the policy
    return all(s is None or s.text in headings for s in (pair.old, pair.new))


def _labels(pair: SentencePair, pack: RulePack) -> bool:
    """A bold label, a 'Consent:' lead-in or a two-word fragment is structure, not a statement — unless it
    names a trigger word or a number: a list item 'Biometric data' or 'Data brokers' is a statement."""
    return all(
        s is None or (is_label(s.text) and not _names_a_guard(s.text, pack)) for s in (pair.old, pair.new)
    )


def _names_a_guard(text: str, pack: RulePack) -> bool:
    words = _FRAGMENT_WORD.findall(text)
    # touches_trigger knows every word of a multi-word trigger ("brokers" in "data brokers")
    return any(w.isdigit() or pack.touches_trigger(w) for w in words)


_FRAGMENT_WORD = re.compile(r"\w+")


def _past_run_in_labels(pair: SentencePair, old: str, new: str) -> SentencePair | None:
    """The pair with a run-in label taken off the sentence it opens ("**Sale:** We do not sell …"), and a
    sentence that is only the label ("**Sale**.") dropped; None when nothing else changed."""
    before, after = _past_label(pair.old, old), _past_label(pair.new, new)
    if before is pair.old and after is pair.new:
        return pair
    if (before is None and after is None) or (before and after and before.words == after.words):
        return None
    return SentencePair(before, after)


def _past_label(sentence: Sentence | None, text: str) -> Sentence | None:
    label = run_in_label(text, sentence.start) if sentence is not None else None
    if sentence is None or label is None or sentence.start >= label[0]:
        return sentence
    cut = label[0] - sentence.start
    rest = sentence.text[cut:]
    if not rest.strip():
        return None
    cut += len(rest) - len(rest.lstrip())
    scan = sentence.scan[cut:]
    words = " ".join(letters_and_digits(scan.casefold()))
    return Sentence(sentence.text[cut:], sentence.start + cut, scan, words)


def _under_labels(cell: Cell, old: str, new: str) -> Cell:
    """The cell with the run-in label each of its sentences follows ("**Data retention**. We keep …") as the
    innermost heading of that side."""
    old_heading = _under_label(cell.old_heading, old, cell.pair.old)
    new_heading = _under_label(cell.new_heading, new, cell.pair.new)
    return cell._replace(old_heading=old_heading, new_heading=new_heading)


def _under_label(heading: str, text: str, sentence: Sentence | None) -> str:
    label = run_in_label(text, sentence.start) if sentence is not None else None
    if sentence is None or label is None or sentence.start < label[0]:
        return heading
    return f"{heading} / {label[1]}"


def _date_lines(pair: SentencePair) -> bool:
    return all(s is None or is_date_line(s.text) for s in (pair.old, pair.new))


def _heading(ref: SectionRef | None) -> str:
    return " / ".join(ref.path) if ref else ""


def _title(ref: SectionRef | None) -> str:
    if ref is None:
        return ""
    return next((heading for heading in reversed(ref.path) if heading), "")


def _note(rule: str, reason: str, found: tuple[Evidence, ...] = ()) -> Finding:
    return Finding(rule, "editorial", Severity.INFO, EDITORIAL, reason, found)
