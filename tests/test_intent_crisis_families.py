"""Every crisis family's own examples, run as tests (bot/intent/families/crisis/*.toml).

A crisis family's `examples` must be crisis and its `counter_examples` must not; a
not-crisis family's `examples` must not be crisis. Plus the API the engine uses
(certainty, language), the pattern language, and that no behaviour hangs on a name.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from bot.intent import language
from bot.intent.crisis import (
    FAMILIES,
    crisis_certainty,
    crisis_language,
    detect_crisis,
    families,
    load,
)
from bot.intent.normalise import sentences
from bot.intent.wording import Compiler, PatternError, verb_forms

FAMS = families()
POSITIVE = [(f.name, e) for f in FAMS.crisis for e in f.examples]
COUNTER = [(f.name, e) for f in FAMS.crisis for e in f.counter_examples]
NEGATIVE = [(f.name, e) for f in FAMS.negative.values() for e in f.examples]


def detect(text: str) -> str | None:
    return detect_crisis(sentences(text))


@pytest.mark.parametrize(("family", "text"), POSITIVE)
def test_family_examples_are_crisis(family: str, text: str) -> None:
    assert detect(text) is not None, (family, text, sentences(text))


@pytest.mark.parametrize(("family", "text"), COUNTER + NEGATIVE)
def test_counter_examples_are_not_crisis(family: str, text: str) -> None:
    assert detect(text) is None, (family, text, detect(text))


def test_every_family_has_meaning_and_examples() -> None:
    for fam in (*FAMS.crisis, *FAMS.negative.values()):
        assert fam.meaning and fam.examples, fam.name
    langs = {f.lang for f in FAMS.crisis}
    assert {"en", "es", "pt", "fr", "de", "it"} <= langs


@pytest.mark.parametrize(
    "text", ["i cant do this anymore", "i'm so done", "i just want it all to stop"]
)
def test_weariness_alone_is_uncertain(text: str) -> None:
    family = detect(text)
    assert family is not None and crisis_certainty(family) == "uncertain", family


@pytest.mark.parametrize(
    "text",
    [
        "i want to die",
        "im going to kill myself tonight",
        "i cant do this anymore. i want to die",
        "i'm so done. everyone would be better off without me",
    ],
)
def test_plain_intent_is_plain_even_beside_weariness(text: str) -> None:
    family = detect(text)
    assert family is not None and crisis_certainty(family) == "plain", family


def test_unknown_family_is_answered_fully() -> None:
    assert crisis_certainty("no-such-family") == "plain"
    assert crisis_language("no-such-family") is None


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("me quiero morir", "es"),
        ("não quero mais viver", "pt"),
        ("je veux mourir", "fr"),
        ("ich will sterben", "de"),
        ("voglio morire", "it"),
    ],
)
def test_other_languages_are_crisis_and_say_their_language(text: str, lang: str) -> None:
    family = detect(text)
    assert family is not None and crisis_language(family) == lang
    assert language.guess(text) == lang


@pytest.mark.parametrize(
    "text",
    [
        "me muero de risa",
        "je suis mort de rire",
        "ich sterbe vor Langeweile",
        "muoio dal ridere",
        "morro de saudade",
    ],
)
def test_idioms_in_other_languages_are_not_crisis(text: str) -> None:
    assert detect(text) is None


def test_english_is_no_language_guess() -> None:
    assert language.guess("i want to text him so bad") is None
    assert language.guess("") is None
    assert language.guess("ok") is None


def test_verb_forms_come_from_lemmas() -> None:
    irregular = {"take": ["took", "taken"]}
    assert set(verb_forms("die", irregular)) == {"die", "dies", "died", "dying"}
    assert set(verb_forms("stop", irregular)) == {"stop", "stops", "stopped", "stopping"}
    assert set(verb_forms("take", irregular)) == {"take", "takes", "took", "taken", "taking"}
    assert "tried" in verb_forms("try", irregular)


def test_pattern_language() -> None:
    comp = Compiler({"means": ["pills", "rope"]}, {})
    rx = comp.compile(["i [just] <want> to *3 {means} $"])
    assert rx.search(" i wanted to look at the pills . ")
    assert not rx.search(" i want to buy pills later today ")
    with pytest.raises(PatternError):
        comp.compile(["{nowhere}"])
    with pytest.raises(PatternError):
        comp.compile(["(unclosed"])


def test_no_behaviour_hangs_on_a_family_name(tmp_path: Path) -> None:
    """Renaming every family (and the references to it) changes no decision."""
    copy = tmp_path / "crisis"
    shutil.copytree(FAMILIES, copy)
    names = [f.name for f in (*FAMS.crisis, *FAMS.negative.values())]
    for path in copy.glob("*.toml"):
        text = path.read_text(encoding="utf-8")
        for name in names:
            text = re.sub(rf'"{re.escape(name)}"', f'"renamed-{name}"', text)
        path.write_text(text, encoding="utf-8")
    renamed = load(copy)
    from bot.intent import crisis

    texts = [e for _, e in POSITIVE + COUNTER + NEGATIVE]
    before = [detect(t) is None for t in texts]
    original = crisis.families
    try:
        crisis.families = lambda: renamed  # type: ignore[assignment]
        after = [detect(t) is None for t in texts]
    finally:
        crisis.families = original  # type: ignore[assignment]
    assert before == after
