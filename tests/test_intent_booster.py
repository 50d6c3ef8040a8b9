"""The learned crisis booster behind the rules (bot/intent/booster.py, docs/detector.md).

It may only turn the rules' `none` into `crisis`, on first-person text, at the threshold fixed
before the untouched batch29 was scored; everyday first-person lines must stay `none`.
"""

from __future__ import annotations

import logging

import pytest

from bot.intent import Intent, booster, classify
from bot.intent.detector import classify_rules

# Oblique crises the rules miss and the booster catches (batch29, scored once, untouched).
CAUGHT = [
    "i looked up how high the car park roof is. just curious i guess",
    "i looked up which painkillers do the most damage. i have them already",
    "i keep thinking the only way this ends is me not being alive",
    "i wish i could go to sleep and not come back. i mean it this time",
]

# Everyday first-person lines, hyperbole and sad-but-safe lines: must stay `none`.
EVERYDAY = [
    "I'm dying to see that film, everyone says the ending is wild",
    "kill me now, Monday again",
    "I'm so tired I could sleep for a week after this shift",
    "I'm so tired of everything today, going to bed at eight",
    "I wish I could just disappear to a cabin in the woods for a month with no wifi",
    "I've been feeling a bit flat this week, I think it's the dark evenings",
    "I'm heartbroken but I know I'll get through this, it just takes time",
    "I feel empty since we split, like the flat is too quiet",
    "I gave my old sofa away to a friend who just moved in",
    "i paid off my credit card today, feels amazing",
    "I'm grateful for my friends this week, they carried me through a rough patch",
    "my pills from the pharmacy finally arrived, back on my normal routine",
]


@pytest.mark.parametrize("text", CAUGHT)
def test_oblique_crises_are_caught_by_the_families_or_the_booster(text: str) -> None:
    # Most of these the crisis families now name themselves; whatever the rules still miss,
    # the booster must catch, at its fixed threshold.
    got = classify(text)
    assert got.intent is Intent.CRISIS, got
    if classify_rules(text).intent is Intent.NONE:
        assert got.rule == "crisis:model" and booster.THRESHOLD <= got.score <= 1.0


@pytest.mark.parametrize("text", EVERYDAY)
def test_everyday_first_person_lines_stay_none(text: str) -> None:
    assert classify(text).intent is Intent.NONE


def test_booster_never_overrides_another_intent() -> None:
    # an urge that reads dark stays an urge: the model only speaks where the rules say none
    for text in ["I want to text him so badly right now, please help me hold off",
                 "I texted him last night after two glasses of wine"]:  # fmt: skip
        assert classify(text).intent is classify_rules(text).intent is not Intent.NONE


def test_booster_needs_first_person_and_weights_load_once() -> None:
    assert booster.score(["the only way this ends is not being alive"]) == 0.0
    assert booster.model() is booster.model() is not None


def test_booster_logs_intent_rule_and_score_never_text(caplog: pytest.LogCaptureFixture) -> None:
    text = CAUGHT[2]
    with caplog.at_level(logging.DEBUG, logger="bot.intent.detector"):
        got = classify(text)
    logged = " ".join(r.getMessage() for r in caplog.records)
    assert got.rule in logged and "score=" in logged
    assert "alive" not in logged and text not in logged
