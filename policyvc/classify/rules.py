"""The rule pack: packaged `rules.toml`, then the repository's rule files and inline rules, then overrides.

A rule says which words matter (triggers, regex patterns), where they weigh more (context: section heading
words), what they must not be confused with (exclusions), and which direction of change is material.
"""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

import regex

from policyvc.classify.clauses import phrase_pattern
from policyvc.classify.patterns import Matcher, anchor_words, compile_heading_matcher, compile_matcher
from policyvc.config import Config
from policyvc.errors import RuleError
from policyvc.model import Classification, Severity

CATEGORIES = (
    "sensitive-data", "collection", "sharing", "purpose", "transfer", "choice", "rights", "retention",
    "legal-basis", "controller", "children", "tracking", "policy-change", "dispute", "licence-liability",
    "security",
)  # fmt: skip
PACKAGED = "policyvc/classify/rules.toml"
_E = TypeVar("_E", bound=StrEnum)


class Direction(StrEnum):
    """Which change of the rule's words is the material one."""

    ADDED = "added"  # a practice: newly affirmed (added, negation dropped, "only" dropped) is material
    REMOVED = "removed"  # a protection: withdrawn (removed, negated, "must" → "may") is material
    EITHER = "either"  # any change of the words (a venue, arbitration) is material
    CHANGED = "changed"  # words replaced or removed are material; words only added are the mirror (an entity)
    FLIP = "flip"  # only a polarity flip of the words in the same sentence is material


class Quantity(StrEnum):
    """How numbers near the rule's words compare: which way of moving is material."""

    NONE = ""
    LONGER = "longer"  # a bigger number is material (retention, response time)
    SHORTER = "shorter"  # a smaller number is material (notice period, age threshold, liability cap)


class Unit(StrEnum):
    TIME = "time"
    AGE = "age"
    MONEY = "money"


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    category: str
    severity: Severity
    direction: Direction
    subject: str  # a noun phrase for reasons: "recipients of personal information"
    triggers: tuple[str, ...] = ()
    patterns: tuple[str, ...] = ()
    context: tuple[str, ...] = ()  # section-heading words where context_triggers apply
    context_triggers: tuple[str, ...] = ()
    context_patterns: tuple[str, ...] = ()
    exclusions: tuple[str, ...] = ()
    classification: Classification = Classification.MATERIAL  # when it fires in its direction
    mirror: Classification = Classification.SUBSTANTIVE  # when it fires the other way
    quantity: Quantity = Quantity.NONE
    unit: Unit = Unit.TIME
    removed_sentence: bool = False  # a whole sentence removed from a context section fires
    names: bool = False  # triggers are names (countries): one the rule reads in the old version is not new
    # triggers that name no particular party ("third party"): new only where nothing already disclosed to one
    generic: tuple[str, ...] = ()
    not_after: tuple[str, ...] = ()  # phrases before a trigger, or its list of names, that rule it out
    reason: str = ""  # optional template: {change} {words} {old} {new} {section} {subject}
    pattern_anchors: tuple[str, ...] = ()  # speed hint: patterns run only on sentences with one of these
    requires: frozenset[str] = frozenset()  # the rule reads a sentence only if it has one of these words
    requires_also: frozenset[str] = frozenset()  # … and one of these (a verb and an object, say)
    source: str = PACKAGED
    matcher: Matcher | None = field(default=None, compare=False, repr=False)
    context_matcher: Matcher | None = field(default=None, compare=False, repr=False)
    exclusion_matcher: Matcher | None = field(default=None, compare=False, repr=False)
    heading_matcher: regex.Pattern[str] | None = field(default=None, compare=False, repr=False)
    anchors: frozenset[str] = field(default=frozenset(), compare=False, repr=False)
    context_anchors: frozenset[str] = field(default=frozenset(), compare=False, repr=False)
    generic_keys: frozenset[str] = field(default=frozenset(), compare=False, repr=False)  # of `generic`
    not_after_pattern: regex.Pattern[str] | None = field(default=None, compare=False, repr=False)

    def may_match(self, words: frozenset[str]) -> bool:
        """False when a sentence's words (see sentence_words) rule out every trigger and pattern."""
        return not self.anchors.isdisjoint(words) or (bool(self.patterns) and self._patterns_may_match(words))

    def may_match_in_context(self, words: frozenset[str]) -> bool:
        return not self.context_anchors.isdisjoint(words) or (
            bool(self.context_patterns) and self._patterns_may_match(words)
        )

    def could_mention(self, words: frozenset[str]) -> bool:
        """Whether the rule can find any of its words (triggers, patterns, context triggers) in a sentence
        whose sentence_words are `words`: False rules out every mention."""
        matcher, context = self.matcher, self.context_matcher
        if matcher is not None and self.may_match(words) and matcher.could_match(words):
            return True
        return context is not None and self.may_match_in_context(words) and context.could_match(words)

    def _patterns_may_match(self, words: frozenset[str]) -> bool:
        return not self.pattern_anchors or not words.isdisjoint(self.pattern_anchors)

    def in_context(self, heading_path: str) -> bool:
        """Whether a section heading path (joined, any case) carries one of the rule's context words."""
        return self.heading_matcher is not None and _heading_matches(self.heading_matcher, heading_path)


@functools.lru_cache(maxsize=65536)
def _heading_matches(matcher: regex.Pattern[str], heading_path: str) -> bool:
    # a document has few headings and every change in a section asks about the same one
    return matcher.search(heading_path) is not None


@dataclass(frozen=True, slots=True)
class RulePack:
    rules: tuple[Rule, ...]
    trigger_words: frozenset[str] = field(default=frozenset(), compare=False, repr=False)
    anchor_index: Mapping[str, tuple[int, ...]] = field(default_factory=dict, compare=False, repr=False)
    always: tuple[int, ...] = field(default=(), compare=False, repr=False)  # rules no anchor can rule out
    anchors: frozenset[str] = field(default=frozenset(), compare=False, repr=False)  # anchor_index's words
    on_removal: tuple[int, ...] = field(default=(), compare=False, repr=False)  # removed_sentence rules

    def candidates(self, words: frozenset[str], *, removed: bool) -> list[Rule]:
        """The rules that might fire on a sentence pair with these words, in pack order."""
        chosen = set(self.always)
        for word in words & self.anchors:  # one C-level intersection: most words of a sentence anchor nothing
            chosen.update(self.anchor_index[word])
        if removed:
            chosen.update(self.on_removal)
        return [self.rules[i] for i in sorted(chosen)]

    def rule(self, rule_id: str) -> Rule | None:
        return next((r for r in self.rules if r.id == rule_id), None)

    def touches_trigger(self, word: str) -> bool:
        """Whether a word (any inflection) is in any rule's trigger: such a word is never a mere typo."""
        word = word.casefold()
        stems = {word, *(word.removesuffix(suffix) for suffix in ("s", "es", "ed", "ing"))}
        return not stems.isdisjoint(self.trigger_words)


_FIELDS: dict[str, type | tuple[type, ...]] = {
    "id": str, "category": str, "severity": str, "direction": str, "subject": str, "triggers": list,
    "patterns": list, "context": list, "context_triggers": list, "context_patterns": list, "exclusions": list,
    "class": str, "mirror": str, "quantity": str, "unit": str, "removed_sentence": bool, "names": bool,
    "reason": str, "pattern_anchors": list, "requires": list, "requires_also": list, "generic": list,
    "not_after": list,
}  # fmt: skip


def load_rule_pack(config: Config) -> RulePack:
    """Packaged rules, then config.rule_files, then inline config.rules (same id overrides), then tweaks."""
    raw: dict[str, tuple[dict[str, Any], str]] = {r["id"]: (r, PACKAGED) for r in _packaged_raw()}
    for relative in config.rule_files:
        for table in _read_rule_file(config.path(relative), relative):
            _merge(raw, table, relative)
    inline_where = f"{config.source.name if config.source else 'config'} [rules]"
    for index, inline in enumerate(config.rules):
        _merge(raw, dict(inline), f"{inline_where}[{index}]")
    config_where = config.source.name if config.source else "config"
    for rule_id in config.disable_rules:
        if rule_id not in raw:
            raise RuleError(
                f"{config_where}: disable_rules names unknown rule '{rule_id}'; see `policyvc rules`"
            )
        del raw[rule_id]
    rules = {rule_id: _cached_build(table, source) for rule_id, (table, source) in raw.items()}
    for rule_id, severity in config.severity:
        if rule_id not in rules:
            raise RuleError(f"{config_where}: severity names unknown rule '{rule_id}'; see `policyvc rules`")
        level = _enum(Severity, severity, config_where, rule_id, "severity")
        rules[rule_id] = replace(rules[rule_id], severity=level)
    return _pack(tuple(rules.values()))


@functools.lru_cache(maxsize=1)
def _packaged_raw() -> tuple[dict[str, Any], ...]:
    text = resources.files("policyvc.classify").joinpath("rules.toml").read_text(encoding="utf-8")
    return tuple(_validate_file(tomllib.loads(text), PACKAGED))


@functools.lru_cache(maxsize=1)
def _packaged_rules() -> dict[str, Rule]:
    return {table["id"]: _build(table, PACKAGED) for table in _packaged_raw()}


def _cached_build(table: dict[str, Any], source: str) -> Rule:
    # packaged rules are compiled once per process; user rules are rebuilt (their files may change)
    return _packaged_rules()[table["id"]] if source == PACKAGED else _build(table, source)


def _read_rule_file(path: Path, shown: str) -> list[dict[str, Any]]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise RuleError(f"{shown}: rule file not found (listed in rule_files)") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleError(f"{shown}: cannot be read ({exc})") from None
    except tomllib.TOMLDecodeError as exc:
        raise RuleError(f"{shown}: not valid TOML ({exc})") from None
    return _validate_file(data, shown)


def _validate_file(data: Mapping[str, Any], where: str) -> list[dict[str, Any]]:
    unknown = set(data) - {"rule"}
    if unknown:
        raise RuleError(f"{where}: unknown top-level key '{sorted(unknown)[0]}' (rules go in [[rule]])")
    tables = data.get("rule", [])
    if not isinstance(tables, list):
        raise RuleError(f"{where}: 'rule' must be an array of tables ([[rule]])")
    return [dict(t) for t in tables]


def _merge(raw: dict[str, tuple[dict[str, Any], str]], table: dict[str, Any], where: str) -> None:
    rule_id = table.get("id")
    if not isinstance(rule_id, str) or not rule_id:
        raise RuleError(f"{where}: a rule has no 'id' (every rule needs a unique id string)")
    base = raw[rule_id][0] if rule_id in raw else {}
    merged = {**base, **table}
    _build(merged, where)  # validate now, so the error names the file that introduced the problem
    raw[rule_id] = (merged, where)


def _build(table: Mapping[str, Any], source: str) -> Rule:
    rule_id = str(table.get("id", "?"))
    for key, value in table.items():
        if key not in _FIELDS:
            known = ", ".join(_FIELDS)
            raise RuleError(f"{source}: rule '{rule_id}': unknown field '{key}' (known: {known})")
        expected = _FIELDS[key]
        strings = expected is not list or all(isinstance(v, str) for v in value)
        if not isinstance(value, expected) or not strings:
            kind = "a list of strings" if expected is list else getattr(expected, "__name__", str(expected))
            raise RuleError(f"{source}: rule '{rule_id}': field '{key}' must be {kind}")
    for required in ("category", "subject"):
        if required not in table:
            raise RuleError(f"{source}: rule '{rule_id}': missing field '{required}'")
    category = table["category"]
    if category not in CATEGORIES:
        known = ", ".join(CATEGORIES)
        raise RuleError(f"{source}: rule '{rule_id}': field 'category': '{category}' is not one of {known}")
    triggers = tuple(table.get("triggers", ()))
    patterns = tuple(table.get("patterns", ()))
    context_triggers = tuple(table.get("context_triggers", ()))
    context_patterns = tuple(table.get("context_patterns", ()))
    if not (triggers or patterns or context_triggers or context_patterns):
        raise RuleError(f"{source}: rule '{rule_id}': field 'triggers': give triggers or patterns")
    context = tuple(table.get("context", ()))
    if (context_triggers or context_patterns) and not context:
        raise RuleError(f"{source}: rule '{rule_id}': field 'context': context triggers need context words")
    where = f"{source}: rule '{rule_id}'"
    generic = tuple(table.get("generic", ()))
    unknown = [g for g in generic if g not in triggers]
    if unknown:
        raise RuleError(f"{where}: field 'generic': '{unknown[0]}' is not one of the rule's triggers")
    not_after = tuple(table.get("not_after", ()))
    classification = _enum(Classification, table.get("class", "material"), source, rule_id, "class")
    mirror = _enum(Classification, table.get("mirror", "substantive"), source, rule_id, "mirror")
    return Rule(
        id=rule_id,
        category=category,
        severity=_enum(Severity, table.get("severity", "medium"), source, rule_id, "severity"),
        direction=_enum(Direction, table.get("direction", "added"), source, rule_id, "direction"),
        subject=table["subject"],
        triggers=triggers,
        patterns=patterns,
        context=context,
        context_triggers=context_triggers,
        context_patterns=context_patterns,
        exclusions=tuple(table.get("exclusions", ())),
        classification=classification,
        mirror=mirror,
        quantity=_enum(Quantity, table.get("quantity", ""), source, rule_id, "quantity"),
        unit=_enum(Unit, table.get("unit", "time"), source, rule_id, "unit"),
        removed_sentence=bool(table.get("removed_sentence", False)),
        names=bool(table.get("names", False)),
        generic=generic,
        not_after=not_after,
        reason=table.get("reason", ""),
        pattern_anchors=tuple(w.casefold() for w in table.get("pattern_anchors", ())),
        requires=frozenset(w.casefold() for w in table.get("requires", ())),
        requires_also=frozenset(w.casefold() for w in table.get("requires_also", ())),
        source=source,
        matcher=compile_matcher(triggers, patterns, where=where),
        context_matcher=compile_matcher(
            context_triggers, context_patterns, where=where, field="context_patterns", prefix="c"
        ),
        exclusion_matcher=compile_matcher(table.get("exclusions", ()), (), where=where, field="exclusions"),
        heading_matcher=compile_heading_matcher(context),
        anchors=anchor_words(triggers),
        context_anchors=anchor_words(context_triggers),
        generic_keys=frozenset(f"t{triggers.index(g)}" for g in generic),
        not_after_pattern=phrase_pattern(not_after),
    )


def _enum(kind: type[_E], value: object, source: str, rule_id: str, name: str) -> _E:
    try:
        member = kind(str(value))
    except ValueError:
        allowed = ", ".join(m.value for m in kind if m.value)
        message = f"{source}: rule '{rule_id}': field '{name}': {value!r} is not one of {allowed}"
        raise RuleError(message) from None
    if kind is Classification and member is Classification.NONE:
        raise RuleError(f"{source}: rule '{rule_id}': field '{name}': 'none' is not a class a rule can give")
    return member


_STOP_WORDS = frozenset(
    "a an the of to in on at by for with and or your our their we you us is are be it any".split()  # noqa: SIM905
)


def _pack(rules: tuple[Rule, ...]) -> RulePack:
    words = {
        word.casefold()
        for rule in rules
        for trigger in (*rule.triggers, *rule.context_triggers)
        for alternative in trigger.split("|")
        for word in regex.findall(r"[\w']+", alternative)
    }
    index: dict[str, list[int]] = {}
    always = []
    for i, rule in enumerate(rules):
        for anchor in rule.anchors | rule.context_anchors | frozenset(rule.pattern_anchors):
            index.setdefault(anchor, []).append(i)
        if (rule.patterns or rule.context_patterns) and not rule.pattern_anchors:
            always.append(i)
    return RulePack(
        rules=rules,
        # a letter alone ("U.S." is "u" and "s") is no word a typo could touch
        trigger_words=frozenset(w for w in words - _STOP_WORDS if len(w) > 1),
        anchor_index={word: tuple(ids) for word, ids in index.items()},
        always=tuple(always),
        anchors=frozenset(index),
        on_removal=tuple(i for i, rule in enumerate(rules) if rule.removed_sentence),
    )
