"""Plain-English reasons and exact evidence for rule events: what changed, which words, which section."""

from __future__ import annotations

from typing import Literal

import regex

from policyvc.classify.events import Event, Mention
from policyvc.classify.quantities import Quantity
from policyvc.classify.rules import Direction, Unit
from policyvc.classify.sentences import Sentence
from policyvc.model import Evidence

Side = Literal["old", "new"]

QUOTE_LIMIT = 160
_WORDS = regex.compile(r"\S+")
_AUXILIARIES = frozenset("may might can could will would shall should must do does".split())  # noqa: SIM905

_PHRASES = {
    # practices (direction added / flip)
    "added": "Adds '{new}' as {subject}",
    "negation-dropped": "Turns '{old}' into '{new}': {subject} that was ruled out is now allowed",
    "limit-dropped": "Drops the limit '{cue}' from '{new}', widening {subject}",
    "exception-added": "Carves an exception out of '{old}' ({subject}): '{new_sentence}'",
    "commitment-removed": "Removes the commitment '{old}' ({subject})",
    "removed": "Removes '{old}' as {subject}",
    "negated-added": "Adds '{new_phrase}', ruling out {subject}",
    "negated": "Turns '{old}' into '{new}', ruling out {subject}",
    "limited": "Limits '{new}' with '{new_cue}' ({subject})",
    # protections (direction removed)
    "p:removed": "Removes {subject}: '{old_sentence}'",
    "p:negated": "Turns '{old}' into '{new}', taking away {subject}",
    "p:weakened": "Weakens '{old}' to '{new}' ({subject})",
    "p:denial-added": "Adds '{new_phrase}', denying {subject}",
    "p:denial-removed": "Removes the denial '{old_phrase}' ({subject})",
    "p:added": "Adds {subject}: '{new_sentence}'",
    "p:strengthened": "Strengthens {subject}: '{old}' becomes '{new}'",
    "sentence-removed": "Removes a sentence on {subject}: '{old_sentence}'",
    "quantity-removed": "Drops '{old_quantity}' from {subject}: now '{new_sentence}'",
    "quantity-added": "Sets '{new_quantity}' for {subject}: '{new_sentence}'",
    # any change (direction either)
    "e:changed": "Changes {subject} from '{old}' to '{new}'",
    "e:added": "Adds '{new}' ({subject})",
    "e:removed": "Removes '{old}' ({subject})",
    "e:refined": "Rewords {subject} from '{old}' to '{new}', naming the same place or entity",
}
_QUANTITY_VERBS = {
    (Unit.TIME, True): "Lengthens", (Unit.TIME, False): "Shortens", (Unit.AGE, True): "Raises",
    (Unit.AGE, False): "Lowers", (Unit.MONEY, True): "Raises", (Unit.MONEY, False): "Cuts",
}  # fmt: skip


def explain(events: list[Event], section: str, where: str = "") -> str:
    """The reason for events of one kind: the rule's template when it has one, else the kind's phrase.
    `where` places a table cell in its table: "row 'Demographic information', column 'Sources'"."""
    event = events[0]
    old_phrase, new_phrase = _phrases(event)
    values = {
        "subject": event.rule.subject,
        "old": _join([_phrases(e)[0] for e in events]) if event.kind in _LISTED else old_phrase,
        "new": _join([_phrases(e)[1] for e in events]) if event.kind in _LISTED else new_phrase,
        "old_phrase": _phrase(event.old, whole_clause=True) if event.old else "",
        "new_phrase": _phrase(event.new, whole_clause=True) if event.new else "",
        "cue": event.old.cue.text if event.old and event.old.cue else "",
        "new_cue": event.new.cue.text if event.new and event.new.cue else "",
        "old_sentence": _quote(event.old_sentence),
        "new_sentence": _quote(event.new_sentence),
        "old_quantity": event.old_quantity.text if event.old_quantity else "",
        "new_quantity": event.new_quantity.text if event.new_quantity else "",
        "section": section,
        "where": where,
        "words": _join([m.hit.text for e in events for m in (e.new or e.old,) if m is not None]),
    }
    if event.old_quantity and event.new_quantity:
        verb = _QUANTITY_VERBS[(event.rule.unit, event.kind == "quantity-up")]
        values["old"], values["new"] = event.old_quantity.text, event.new_quantity.text
        change = f"{verb} {event.rule.subject} from '{values['old']}' to '{values['new']}'"
    else:
        change = _PHRASES[_phrase_key(event)].format(**values).replace("''", "'")
    values["change"] = change
    default = f"{change} in '{section}'" if section else change
    default = f"{default} ({where})" if where else default
    if not event.rule.reason:
        return default
    try:
        return event.rule.reason.format(**values)
    except (KeyError, IndexError, ValueError):
        return default


_LISTED = frozenset(["added", "removed"])


def _join(phrases: list[str]) -> str:
    unique = list(dict.fromkeys(p for p in phrases if p))
    if len(unique) <= 1:
        return unique[0] if unique else ""
    return "', '".join(unique[:-1]) + "' and '" + unique[-1]


def evidence(event: Event, old_line: int | None, new_line: int | None) -> tuple[Evidence, ...]:
    """The exact words behind the event, with offsets into the change's old_text / new_text."""
    found: list[Evidence] = []
    sides: tuple[tuple[Side, Mention | None, int | None], ...] = (
        ("old", event.old, old_line),
        ("new", event.new, new_line),
    )
    for side, mention, line in sides:
        if mention is None:
            continue
        base = mention.sentence.start
        if mention.cue is not None and mention.cue.end <= mention.hit.start:
            found.append(_evidence(side, mention.sentence, mention.cue.start, mention.cue.end, line, base))
        found.append(_evidence(side, mention.sentence, mention.hit.start, mention.hit.end, line, base))
    quantities: tuple[tuple[Side, Quantity | None, Sentence | None, int | None], ...] = (
        ("old", event.old_quantity, event.old_sentence, old_line),
        ("new", event.new_quantity, event.new_sentence, new_line),
    )
    for side, quantity, sentence, line in quantities:
        if quantity is not None and sentence is not None:
            found.append(_evidence(side, sentence, quantity.start, quantity.end, line, sentence.start))
    if not found and event.old_sentence is not None and event.kind == "sentence-removed":
        sentence = event.old_sentence
        found.append(Evidence("old", sentence.text, sentence.start, sentence.end, old_line))
    return tuple(found)


def _evidence(side: Side, sentence: Sentence, start: int, end: int, line: int | None, base: int) -> Evidence:
    return Evidence(side, sentence.text[start:end], base + start, base + end, line)


def _phrase_key(event: Event) -> str:
    if event.kind in ("sentence-removed", "quantity-removed", "quantity-added"):
        return event.kind
    if event.rule.direction is Direction.REMOVED:
        return f"p:{event.kind}"
    if event.rule.direction in (Direction.EITHER, Direction.CHANGED):
        return f"e:{event.kind}"
    return event.kind


def _phrases(event: Event) -> tuple[str, str]:
    """Old and new wording around the trigger, with the words that set its polarity: 'do not sell'."""
    return _lead(event.old, _lead_words(event.old)), _lead(event.new, _lead_words(event.new))


def _lead_words(mention: Mention | None) -> int:
    """How many words before the trigger are needed to show its cue (and the auxiliary before the cue)."""
    if mention is None:
        return 0
    text, start = mention.sentence.text, mention.hit.start
    if mention.cue is None or mention.cue.end > start:
        return 0
    words = _WORDS.findall(text[mention.cue.start : start])
    before = _WORDS.findall(text[: mention.cue.start])
    extra = 1 if before and before[-1].casefold() in _AUXILIARIES else 0
    return min(len(words) + extra, 8)


def _lead(mention: Mention | None, lead: int) -> str:
    if mention is None:
        return ""
    text, start = mention.sentence.text, mention.hit.start
    before = list(_WORDS.finditer(text[:start]))
    if lead == 0 and before and before[-1].group().casefold() in _AUXILIARIES:
        lead = 1
    if lead and before:
        start = before[-min(lead, len(before))].start()
    return text[start : mention.hit.end].strip()


def _phrase(mention: Mention, *, whole_clause: bool = False) -> str:
    """The trigger with the words that set its polarity, or its whole clause up to the trigger."""
    text = mention.sentence.text
    start = mention.hit.start
    if mention.cue is not None and mention.cue.end <= mention.hit.start:
        start = mention.cue.start
    if whole_clause and mention.hit.start - start < 80:
        start = 0
    return text[start : mention.hit.end].strip()


def _quote(sentence: Sentence | None) -> str:
    if sentence is None:
        return ""
    text = sentence.text
    return text if len(text) <= QUOTE_LIMIT else text[: QUOTE_LIMIT - 1].rsplit(" ", 1)[0] + "…"
