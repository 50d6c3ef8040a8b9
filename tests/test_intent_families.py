"""The contact families (bot/intent/families/contact/*.toml): each family's own examples
fire it and its counter-examples do not; the files compile; no behaviour hangs on a name."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot.intent import Intent, classify
from bot.intent.families_contact import INTENTS, families, load
from bot.intent.normalise import sentences

FAMILIES = families()


def _fires(fam_name: str, text: str) -> bool:
    fam = next(f for f in FAMILIES if f.name == fam_name)
    return any(fam.fires(p) for p in sentences(text))


@pytest.mark.parametrize(("family", "text"), [(f.name, e) for f in FAMILIES for e in f.examples])
def test_family_fires_on_its_examples(family: str, text: str) -> None:
    assert _fires(family, text)


@pytest.mark.parametrize(
    ("family", "text"), [(f.name, e) for f in FAMILIES for e in f.counter_examples]
)
def test_family_does_not_fire_on_its_counter_examples(family: str, text: str) -> None:
    assert not _fires(family, text)


@pytest.mark.parametrize(("intent", "text"), [(f.intent, e) for f in FAMILIES for e in f.examples])
def test_family_examples_classify_as_the_family_intent(intent: str, text: str) -> None:
    got = classify(text)
    assert got.intent is Intent(intent), f"{text!r}: {got}"


def test_every_family_has_meaning_examples_and_a_known_intent() -> None:
    assert FAMILIES
    for fam in FAMILIES:
        assert fam.meaning and fam.examples and fam.intent in INTENTS


def test_renaming_a_family_changes_no_match() -> None:
    renamed = [replace(f, name=f"x{i}") for i, f in enumerate(load())]
    for old, new in zip(FAMILIES, renamed, strict=True):
        for text in old.examples + old.counter_examples:
            parts = sentences(text)
            assert any(old.fires(p) for p in parts) == any(new.fires(p) for p in parts)
