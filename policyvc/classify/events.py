"""What one rule sees in one changed sentence: an escalation (its material direction) or a mirror."""

from __future__ import annotations

from dataclasses import dataclass, replace

import regex

from policyvc.classify.clauses import (
    DEFINING_WORDS,
    defined_terms,
    governed,
    in_spans,
    reader_rights,
    starts_in,
)
from policyvc.classify.patterns import Hit, find_hits, sentence_words
from policyvc.classify.polarity import AFFIRMED, LIMITED, NEGATED, Cue, practice_level, protection_level
from policyvc.classify.quantities import Quantity, find_quantities
from policyvc.classify.rules import Direction, Rule
from policyvc.classify.rules import Quantity as QuantityRule
from policyvc.classify.sentences import Sentence, SentencePair

ABSENT = -1


@dataclass(frozen=True, slots=True)
class Mention:
    """A trigger hit in a sentence with its polarity level and the cue that set it."""

    sentence: Sentence
    hit: Hit
    level: int
    cue: Cue | None


@dataclass(frozen=True, slots=True)
class Event:
    """A rule firing on one sentence pair. `escalates` picks the rule's class, otherwise its mirror class."""

    rule: Rule
    kind: str  # added, removed, negation-dropped, limit-dropped, negated, limited, weakened, changed …
    escalates: bool
    old: Mention | None = None
    new: Mention | None = None
    old_quantity: Quantity | None = None
    new_quantity: Quantity | None = None
    old_sentence: Sentence | None = None
    new_sentence: Sentence | None = None
    # why the event adds nothing new (the other version says the same elsewhere …), said at the end of its
    # reason: downgraded to the mirror class; "" when it stands
    restated: str = ""

    @property
    def position(self) -> int:
        """Where the event's words start in their sentence, to order the words in a reason."""
        mention = self.new or self.old
        return mention.hit.start if mention else 0


FRAGMENT_WORDS = 6  # at most this many distinct words: a list item, not a sentence


def rule_events(
    rule: Rule,
    pair: SentencePair,
    old_heading: str,
    new_heading: str,
    *,
    lead_in: str = "",
    negated: tuple[bool, bool] = (False, False),
) -> list[Event]:
    """Every way `rule` fires on one changed sentence pair. `lead_in`: the header row of a table row, or the
    sentence introducing a list item ("We may share your information with:"); the block takes its verb and
    object from it. `negated`: the old or new lead-in rules out what its items name ("We never sell to:")."""
    fragment = bool(lead_in)
    old_words = sentence_words(pair.old.scan) if pair.old else frozenset()
    new_words = sentence_words(pair.new.scan) if pair.new else frozenset()
    if not (rule.could_mention(old_words) or rule.could_mention(new_words)) and not _fires_unmentioned(
        rule, pair, old_heading, new_heading, fragment or len(old_words | new_words) <= FRAGMENT_WORDS
    ):
        return []  # most candidate rules, told apart without reading the sentences
    if rule.requires and rule.requires.isdisjoint(old_words) and rule.requires.isdisjoint(new_words):
        # a short list item ("Biometric data" under "Information we collect") takes its verb from the heading
        fragment = fragment or len(old_words | new_words) <= FRAGMENT_WORDS
        nothing = frozenset[str]()
        headings = (old_heading, new_heading, lead_in)
        if not (fragment and _mentions_any(rule.requires, nothing, nothing, *headings)):
            return []
    also = rule.requires_also
    if also and not _mentions_any(also, old_words, new_words, old_heading, new_heading, lead_in):
        return []
    old_may = rule.may_match(old_words) or (
        rule.may_match_in_context(old_words) and rule.in_context(old_heading)
    )
    new_may = rule.may_match(new_words) or (
        rule.may_match_in_context(new_words) and rule.in_context(new_heading)
    )
    old = mentions(rule, pair.old, old_words, old_heading) if old_may else []
    new = mentions(rule, pair.new, new_words, new_heading) if new_may else []
    old = [replace(m, level=NEGATED, cue=None) for m in old] if negated[0] else old
    new = [replace(m, level=NEGATED, cue=None) for m in new] if negated[1] else new
    events: list[Event] = []
    # a table row "Account data | 30 days" under "Retention period" names no trigger: its column does
    in_context = fragment and (rule.in_context(old_heading) or rule.in_context(new_heading))
    if rule.quantity is not QuantityRule.NONE and pair.old and pair.new and (old or new or in_context):
        # a period dropped or set counts only where both sides still speak of the rule's subject
        events.extend(_quantity_event(rule, pair, same_subject=bool(old and new) or in_context))
    if old or new:
        if rule.direction in (Direction.EITHER, Direction.CHANGED):
            events.extend(_either_events(rule, old, new, pair))
        elif rule.direction is Direction.FLIP:
            events.extend(_flip_events(rule, old, new, pair))
        else:
            events.extend(_term_events(rule, old, new, pair))
    whole = pair.old is not None and pair.new is None and len(pair.old.words.split()) >= 5
    removed = rule.removed_sentence and whole
    if not events and removed and rule.in_context(old_heading):
        events.append(Event(rule, "sentence-removed", True, old_sentence=pair.old))
    return events


def _fires_unmentioned(
    rule: Rule, pair: SentencePair, old_heading: str, new_heading: str, short: bool
) -> bool:
    """Whether a rule that can mention none of its words fires all the same: on a number in a table row, list
    item or short fragment under its context heading, or on a whole sentence removed from its context."""
    if pair.new is None:
        return rule.removed_sentence and rule.in_context(old_heading)
    in_context = rule.in_context(old_heading) or rule.in_context(new_heading)
    return bool(rule.quantity) and pair.old is not None and short and in_context


def _mentions_any(
    required: frozenset[str],
    old: frozenset[str],
    new: frozenset[str],
    old_heading: str,
    new_heading: str,
    lead_in: str = "",
) -> bool:
    """Whether either sentence, or its section heading, has one of the words: a list item under "How we use
    your information" takes its object from the heading."""
    return not (
        required.isdisjoint(old)
        and required.isdisjoint(new)
        and required.isdisjoint(sentence_words(old_heading))
        and required.isdisjoint(sentence_words(new_heading))
        and required.isdisjoint(sentence_words(lead_in))
    )


def mentions(rule: Rule, sentence: Sentence | None, words: frozenset[str], heading: str) -> list[Mention]:
    """The rule's trigger hits in one sentence, exclusions removed, each with its polarity level."""
    if sentence is None:
        return []
    where = f"{rule.source}: rule '{rule.id}'"
    scan = sentence.scan
    hits = find_hits(rule.matcher, scan, where=where, words=words) if rule.may_match(words) else []
    if rule.context_matcher is not None and rule.may_match_in_context(words) and rule.in_context(heading):
        hits.extend(find_hits(rule.context_matcher, scan, where=where, words=words))
    if rule.exclusion_matcher is not None and hits:
        found = find_hits(rule.exclusion_matcher, scan, where=where, words=words)
        excluded = [(h.start, h.end) for h in found]
        hits = [h for h in hits if not any(s < h.end and h.start < e for s, e in excluded)]
    if hits:
        hits = _stating(rule, scan, words, hits)
    level_of = protection_level if rule.direction is Direction.REMOVED else practice_level
    mentions = []
    for hit in hits:
        level, cue = level_of(sentence.scan, hit.start)
        mentions.append(Mention(sentence, hit, level, cue))
    return mentions


def _stating(rule: Rule, scan: str, words: frozenset[str], hits: list[Hit]) -> list[Hit]:
    """The hits that can state something: not inside the term a definition defines, not (for a practice)
    inside the object of the reader's right, not in a list of names after one of the rule's `not_after`."""
    if not DEFINING_WORDS.isdisjoint(words):
        terms = defined_terms(scan)
        hits = [h for h in hits if not in_spans(terms, h.start, h.end)]
    if rule.direction is Direction.ADDED and ("right" in words or "rights" in words):
        rights = reader_rights(scan)
        hits = [h for h in hits if not starts_in(rights, h.start)]
    after = rule.not_after_pattern
    if after is not None:
        hits = [h for h in hits if not governed(after, scan, h.start)]
    return hits


def _term_events(rule: Rule, old: list[Mention], new: list[Mention], pair: SentencePair) -> list[Event]:
    events = []
    old_by_key = _strongest(old)
    new_by_key = _strongest(new)
    for key in sorted(old_by_key.keys() | new_by_key.keys()):
        before, after = old_by_key.get(key), new_by_key.get(key)
        was = before.level if before else ABSENT
        now = after.level if after else ABSENT
        if was == now == NEGATED and rule.direction is Direction.ADDED and before and after:
            carved = _exception_added(before, after)
            if carved is not None:
                kind = "exception-added"
                events.append(Event(rule, kind, carved, before, after, None, None, pair.old, pair.new))
            continue
        if was == now:
            dropped = _only_dropped(before, after)
            if dropped is not None and rule.direction is Direction.ADDED:
                kind = "limit-dropped" if dropped else "limited"
                events.append(Event(rule, kind, dropped, before, after, None, None, pair.old, pair.new))
            continue
        judge = _practice_kind if rule.direction is Direction.ADDED else _protection_kind
        kind, escalates = judge(was, now)
        events.append(Event(rule, kind, escalates, before, after, None, None, pair.old, pair.new))
    return events


_STRICT = regex.compile(r"\b(?:only|solely|exclusively|strictly)\b", regex.IGNORECASE)


_EXCEPTION = regex.compile(
    r"\b(?:except|excepting|unless|other\s+than|apart\s+from|save\s+(?:for|where|as)|but\s+may)\b",
    regex.IGNORECASE,
)
# an exception for legal compulsion narrows nothing a regulator would object to
_COMPELLED = regex.compile(
    r"\b(?:law|laws|legal|legally|court|courts|subpoena|subpoenas|warrant|regulators?|authorities)\b",
    regex.IGNORECASE,
)


def _exception_added(before: Mention, after: Mention) -> bool | None:
    """A "we do not …" promise that gains an exception after its trigger ("… unless …", "… except with our
    partners"): True when it widens the practice, False for legal compulsion, None when nothing was carved."""
    old_tail = before.sentence.scan[before.hit.end :]
    new_tail = after.sentence.scan[after.hit.end :]
    found = _EXCEPTION.search(new_tail)
    if found is None or _EXCEPTION.search(old_tail) is not None:
        return None
    return _COMPELLED.search(new_tail, found.end()) is None


def _only_dropped(before: Mention | None, after: Mention | None) -> bool | None:
    """Both sides limited, but "only with your consent" became "with your consent" (True) or the reverse
    (False); None when the strict word stayed or never was."""
    if before is None or after is None or before.level != LIMITED:
        return None
    was = before.cue is not None and _STRICT.search(before.cue.text) is not None
    now = after.cue is not None and _STRICT.search(after.cue.text) is not None
    return None if was == now else was


def _practice_kind(was: int, now: int) -> tuple[str, bool]:
    """A practice widens (material) when newly affirmed, its negation or limit goes, or its ban is removed."""
    if now == ABSENT:
        return ("commitment-removed", True) if was == NEGATED else ("removed", False)
    if was == ABSENT:
        return ("added", True) if now > NEGATED else ("negated-added", False)
    if now > was:
        return ("negation-dropped" if was == NEGATED else "limit-dropped"), True
    return ("negated" if now == NEGATED else "limited"), False


def _protection_kind(was: int, now: int) -> tuple[str, bool]:
    """A protection is withdrawn (material) when removed, negated or weakened, or when a denial is added."""
    if now == ABSENT:
        return ("removed", True) if was > NEGATED else ("denial-removed", False)
    if was == ABSENT:
        return ("added", False) if now > NEGATED else ("denial-added", True)
    if now < was:
        return ("negated" if now == NEGATED else "weakened"), True
    return "strengthened", False


def _flip_events(rule: Rule, old: list[Mention], new: list[Mention], pair: SentencePair) -> list[Event]:
    """Only a negation that comes or goes in a rewritten sentence ("do not share" → "may share")."""
    if not old or not new:
        return []
    was_negated = all(m.level == NEGATED for m in old)
    now_negated = all(m.level == NEGATED for m in new)
    if was_negated == now_negated:
        return []
    before = max(old, key=lambda m: m.level) if now_negated else old[0]
    after = new[0] if now_negated else max(new, key=lambda m: m.level)
    kind = "negated" if now_negated else "negation-dropped"
    return [Event(rule, kind, not now_negated, before, after, old_sentence=pair.old, new_sentence=pair.new)]


def _either_events(rule: Rule, old: list[Mention], new: list[Mention], pair: SentencePair) -> list[Event]:
    if rule.direction is Direction.CHANGED and not old:
        return [Event(rule, "added", False, None, new[0], old_sentence=pair.old, new_sentence=pair.new)]
    # sets, not counts: naming arbitration twice instead of once does not change how disputes are resolved
    old_words = {_norm(m.hit.text) for m in old}
    new_words = {_norm(m.hit.text) for m in new}
    gone = [m for m in old if _norm(m.hit.text) not in new_words]
    came = [m for m in new if _norm(m.hit.text) not in old_words]
    if not gone and not came:
        return []
    first_old = gone[0] if gone else None
    first_new = came[0] if came else None
    kind = "changed" if first_old and first_new else "added" if first_new else "removed"
    escalates = rule.direction is Direction.EITHER or kind != "added"
    if first_old and first_new and refines(first_old.hit.text, first_new.hit.text):
        kind, escalates = "refined", False
    return [Event(rule, kind, escalates, first_old, first_new, old_sentence=pair.old, new_sentence=pair.new)]


def refines(old: str, new: str) -> bool:
    """One side's names contain the other's ("courts of Santa Clara" → "courts of Santa Clara County"):
    the same place or entity, reworded."""
    old_names = set(_NAME.findall(old))
    new_names = set(_NAME.findall(new))
    return bool(old_names and new_names) and (old_names <= new_names or new_names <= old_names)


_NAME = regex.compile(r"\b\p{Lu}[\p{L}\p{N}&'\-]*")


def _quantity_event(rule: Rule, pair: SentencePair, *, same_subject: bool) -> list[Event]:
    assert pair.old is not None and pair.new is not None
    before = find_quantities(pair.old.text, rule.unit)
    after = find_quantities(pair.new.text, rule.unit)
    if before and not after and same_subject:
        # "for 30 days" → "for as long as necessary": the period, or the notice period, is gone
        return [Event(rule, "quantity-removed", True, None, None, before[0], None, pair.old, pair.new)]
    if after and not before and same_subject:
        return [Event(rule, "quantity-added", False, None, None, None, after[0], pair.old, pair.new)]
    if not before or not after or before[0].value == after[0].value:
        return []
    grew = after[0].value > before[0].value
    escalates = grew if rule.quantity is QuantityRule.LONGER else not grew
    kind = "quantity-up" if grew else "quantity-down"
    return [Event(rule, kind, escalates, None, None, before[0], after[0], pair.old, pair.new)]


def _strongest(mentions: list[Mention]) -> dict[str, Mention]:
    strongest: dict[str, Mention] = {}
    for mention in mentions:
        current = strongest.get(mention.hit.key)
        if current is None or mention.level > current.level:
            strongest[mention.hit.key] = mention
    return strongest


def _norm(text: str) -> str:
    return " ".join(text.casefold().replace("-", " ").split()).rstrip(".,")  # keep in step with restated


__all__ = ["ABSENT", "AFFIRMED", "Event", "Mention", "mentions", "refines", "rule_events"]
