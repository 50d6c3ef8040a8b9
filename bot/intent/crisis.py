"""Suicidal thoughts and self-harm, said directly or indirectly, in English and five other
languages: the families of wording in `bot/intent/families/crisis/` and how they are read.

Missing a crisis is the one error this bot cannot afford, so the families are broad and the
exceptions narrow. Each family is one TOML file holding what it means, its patterns (see
`wording.py` for the pattern language), its local exceptions and its own examples, which run
as tests (tests/test_intent_crisis_families.py). Vocabularies shared by several families
(means, time words, wishes) live once in `vocab.toml`.

Two kinds of family:

- a *crisis* family says the person may be in danger. Its `certainty` is "plain" (intent,
  a plan, a wish to die: the full crisis answer) or "uncertain" ("i can't do this anymore"
  and nothing else: a gentle check first);
- a *not-crisis* family says why words that look like crisis are not: an idiom, someone
  else's crisis, a past that is over, the topic talked about, a denial. A crisis family
  lists which of them may cancel it (`cancelled_by`); plans and means are cancelled by
  fewer of them than a bare wish. Nothing here depends on a family's name.

`detect_crisis(parts)` returns the name of the family that fired (a plain one when there is
one anywhere in the message) or None; `crisis_certainty(name)` and `crisis_language(name)`
look its certainty and language up.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal

from bot.intent.compiled import Programs
from bot.intent.normalise import spell
from bot.intent.wording import Compiler, PatternError, fold

FAMILIES = Path(__file__).resolve().parent / "families" / "crisis"
Certainty = Literal["plain", "uncertain"]
PREFIX = "crisis:"  # detect_crisis returns "crisis:<family>", the pipeline's rule label

_WINDOW = 40  # characters either side of a match that a nearby exception may sit in
_MAX_JOINED = 6  # a message of up to this many sentences is also read joined


@dataclass(frozen=True)
class Family:
    name: str
    meaning: str
    lang: str  # "en", "es", "pt", "fr", "de", "it"
    crisis: bool  # False for a family that explains why something is not a crisis
    certainty: Certainty
    regex: re.Pattern[str]
    legacy: re.Pattern[str] | None  # regexes carried over from the old rules, to be rewritten
    exceptions: re.Pattern[str] | None
    exceptions_scope: str  # "near" (the default), "sentence" or "message"
    cancelled_by: tuple[str, ...]
    scope: str  # not-crisis families: "near", "sentence", "subject" or "message"
    unless: re.Pattern[str] | None  # "message" scope: a current sign that keeps the crisis
    requires: tuple[re.Pattern[str], ...]
    subject: Mapping[str, re.Pattern[str]]
    examples: tuple[str, ...]
    counter_examples: tuple[str, ...]
    source: str


@dataclass(frozen=True)
class Families:
    crisis: tuple[Family, ...]
    negative: Mapping[str, Family]

    def named(self, name: str) -> Family:
        name = name.removeprefix(PREFIX)
        for fam in (*self.crisis, *self.negative.values()):
            if fam.name == name:
                return fam
        raise KeyError(name)


def _read(path: Path) -> dict[str, Any]:
    with path.open("rb") as fh:
        return tomllib.load(fh)


def load(folder: Path = FAMILIES, programs: Programs | None = None) -> Families:
    """Read and compile every family in `folder`; a broken family raises at once.
    `programs` keeps the compiled expressions between runs (`compiled.py`)."""
    shared = _read(folder / "vocab.toml")
    irregular = {k: list(v) for k, v in shared.get("irregular", {}).items()}
    crisis: list[Family] = []
    negative: dict[str, Family] = {}
    for path in sorted(folder.glob("*.toml")):
        if path.name == "vocab.toml":
            continue
        data = _read(path)
        for raw in data.get("family", [data]):
            vocab = {**shared.get("vocab", {}), **data.get("vocab", {}), **raw.get("vocab", {})}
            comp = Compiler(vocab, irregular, spell, programs)
            try:
                fam = _family(raw, data, comp, path.name)
            except (PatternError, KeyError, re.error) as exc:
                raise PatternError(f"{path.name}: {exc}") from exc
            if fam.crisis:
                crisis.append(fam)
            else:
                negative[fam.name] = fam
    names = [f.name for f in crisis] + list(negative)
    if len(names) != len(set(names)):
        raise PatternError("two families share a name")
    for fam in crisis:
        unknown = set(fam.cancelled_by) - set(negative)
        if unknown:
            raise PatternError(f"{fam.name}: cancelled_by names no family {sorted(unknown)}")
    # Plain families first, so a message with a plain sign anywhere gets the full answer.
    crisis.sort(key=lambda f: f.certainty != "plain")
    return Families(tuple(crisis), negative)


def _family(raw: Mapping[str, Any], file: Mapping[str, Any], comp: Compiler, src: str) -> Family:
    lang = str(raw.get("lang", file.get("lang", "en")))
    kind = str(raw.get("kind", "crisis"))
    if kind not in ("crisis", "not-crisis"):
        raise PatternError(f"kind must be crisis or not-crisis, not {kind!r}")
    certainty = str(raw.get("certainty", "plain"))
    if certainty not in ("plain", "uncertain"):
        raise PatternError(f"certainty must be plain or uncertain, not {certainty!r}")
    exceptions = list(raw.get("exceptions", []))
    legacy = [str(p) for p in raw.get("legacy", [])]
    unless = list(raw.get("unless", []))
    subject = {k: comp.compile(list(v)) for k, v in raw.get("subject", {}).items()}
    return Family(
        name=str(raw["name"]),
        meaning=str(raw.get("meaning", "")),
        lang=lang,
        crisis=kind == "crisis",
        certainty="uncertain" if certainty == "uncertain" else "plain",
        regex=comp.compile(list(raw.get("patterns", []))),
        legacy=comp.compile_regex("|".join(f"(?:{p})" for p in legacy)) if legacy else None,
        exceptions=comp.compile(exceptions) if exceptions else None,
        exceptions_scope=str(raw.get("exceptions_scope", "near")),
        cancelled_by=tuple(raw.get("cancelled_by", [])),
        scope=str(raw.get("scope", "near")),
        unless=comp.compile(unless) if unless else None,
        requires=tuple(comp.compile(list(group)) for group in raw.get("requires", [])),
        subject=subject,
        examples=tuple(raw.get("examples", [])),
        counter_examples=tuple(raw.get("counter_examples", [])),
        source=src,
    )


@cache
def families() -> Families:
    """The shipped families, compiled once (and their expressions kept for the next run)."""
    programs = Programs.named("crisis")
    out = load(FAMILIES, programs)
    programs.save()
    return out


# --- matching ------------------------------------------------------------------------------


class _Message:
    """One message's sentences, with the not-crisis checks worked out at most once."""

    def __init__(self, parts: Sequence[str]) -> None:
        self.texts = [" " + " ".join(fold(p).split()) + " " for p in parts if p.strip()]
        self.whole = " " + " ".join(t.strip() for t in self.texts) + " "
        self._message_flags: dict[str, bool] = {}

    def joined(self) -> str | None:
        if not 1 < len(self.texts) <= _MAX_JOINED:
            return None
        return " " + " ".join(t.strip().rstrip(" .!?,") for t in self.texts) + " "

    def message_flag(self, fam: Family) -> bool:
        if fam.name not in self._message_flags:
            hit = all(r.search(self.whole) for r in fam.requires) and not (
                fam.unless is not None and fam.unless.search(self.whole)
            )
            self._message_flags[fam.name] = bool(fam.requires) and hit
        return self._message_flags[fam.name]


@dataclass(frozen=True)
class _Span:
    start: int
    end: int
    words: str


def _spans(fam: Family, text: str) -> Iterator[_Span]:
    """Where the family's patterns (then its carried-over regexes) match in `text`."""
    for m in fam.regex.finditer(text):
        yield _Span(m.start(), m.end(), m.group(0))
    if fam.legacy is not None:
        # The old regexes were written for the bare sentence: "$" is its end.
        for m in fam.legacy.finditer(text, 1, len(text) - 1):
            yield _Span(m.start(), m.end(), m.group(0))


def _near(regex: re.Pattern[str], text: str, m: _Span) -> bool:
    lo, hi = m.start - _WINDOW, m.end + _WINDOW
    return any(n.start() < hi and n.end() > lo for n in regex.finditer(text))


def _someone_else(fam: Family, text: str, m: _Span) -> bool:
    """The clause the match sits in belongs to someone else ("she says she wants to die")."""
    s = fam.subject
    if text[m.start : m.start + 3] in (" i ", " we"):
        return False  # the match itself opens with the writer: "... i am done for good"
    after = s.get("after")
    if after is not None and after.match(text, m.end):
        return True  # "... unalived herself"
    breaks = s.get("breaks")
    cut = 0
    if breaks is not None:
        for brk in breaks.finditer(text):
            if brk.end() > m.start:
                break
            cut = brk.end()
    clause = text[cut : m.start + 1]
    subjects = s["subjects"].findall(clause) if "subjects" in s else []
    if subjects:
        return subjects[-1].strip() not in _SELF
    opener = s.get("openers")
    return bool(opener is not None and opener.match(" " + clause.lstrip()))


_SELF = frozenset(("i", "we"))


def _cancelled(fam: Family, text: str, m: _Span, msg: _Message, fams: Families) -> bool:
    if fam.exceptions is not None:
        if fam.exceptions_scope == "message":
            if fam.exceptions.search(msg.whole):
                return True
        elif fam.exceptions_scope == "sentence":
            if fam.exceptions.search(text):
                return True
        elif _near(fam.exceptions, text, m):
            return True
    for name in fam.cancelled_by:
        neg = fams.negative[name]
        if neg.scope == "message":
            hit = msg.message_flag(neg)
        elif neg.scope == "subject":
            hit = _someone_else(neg, text, m)
        elif neg.scope == "sentence":
            hit = bool(neg.regex.search(text))
        else:
            hit = _near(neg.regex, text, m)
        if hit:
            return True
    return False


def _hits(fam: Family, msg: _Message, fams: Families) -> Iterator[str]:
    texts = list(msg.texts)
    joined = msg.joined()
    if joined is not None:
        texts.append(joined)
    for text in texts:
        for m in _spans(fam, text):
            if not _cancelled(fam, text, m, msg, fams):
                yield text
                return


def detect_crisis(parts: Sequence[str]) -> str | None:
    """The name of the crisis family the message's sentences fit, or None.

    `parts` are the normalised sentences of one message (`normalise.sentences`). A plain
    family anywhere in the message wins over an uncertain one.
    """
    fams = families()
    msg = _Message(parts)
    if not msg.texts:
        return None
    for fam in fams.crisis:
        for _ in _hits(fam, msg, fams):
            return PREFIX + fam.name
    return None


def crisis_certainty(family: str) -> Certainty:
    """'plain' (the full crisis answer) or 'uncertain' (a gentle check first) for a family
    name `detect_crisis` returned. An unknown name is 'plain': when unsure, answer fully."""
    try:
        return families().named(family).certainty
    except KeyError:
        return "plain"


def crisis_language(family: str) -> str | None:
    """The language a crisis family is written for: 'es', 'pt', 'fr', 'de', 'it', or None
    for English (and for an unknown name)."""
    try:
        lang = families().named(family).lang
    except KeyError:
        return None
    return None if lang == "en" else lang


def explain(parts: Sequence[str]) -> list[tuple[str, str]]:
    """Every (family, matched words) pair that fires, uncancelled; for tests and benchmarks."""
    fams = families()
    msg = _Message(parts)
    out: list[tuple[str, str]] = []
    texts = list(msg.texts) + ([j] if (j := msg.joined()) is not None else [])
    for fam in fams.crisis:
        for text in texts:
            m = next(
                (m for m in _spans(fam, text) if not _cancelled(fam, text, m, msg, fams)), None
            )
            if m is not None:
                out.append((fam.name, m.words.strip()))
                break
    return out
