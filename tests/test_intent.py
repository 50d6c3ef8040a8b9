"""Behaviour of the free-text intent detector, one class at a time, with the hard cases.

Each table pairs what people really type with the intent the engine must route to. The
whole labelled set is checked in `test_intent_corpus.py`; speed is measured by
`benchmarks/intent_bench.py`, not here.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from bot.intent import Detection, Intent, classify


def _check(text: str, expected: Intent) -> None:
    got = classify(text)
    assert got.intent is expected, f"{text!r}: got {got.intent} by {got.rule}"


@pytest.mark.parametrize(
    "text",
    [
        "I want to text him so bad",
        "gonna txt him",
        "im abt to dm her lol",
        "i wnat to txt him",
        "shud i call her",
        "is it ok if i just text him happy birthday",
        "what if I just say hi",
        "would it be bad if I called her?",
        "Should I text Jake?",
        "should i text back",
        "I'm trying so hard not to text him",
        "I'm fighting the urge to message her",
        "Tell me why I shouldn't text him tonight",
        "my brain keeps telling me to text him",
        "3am and I'm drunk and about to call my ex 🍷🍷",
        "📱 him? yes or no",
        "I'm so tempted to check his instagram",
        "I want to ask our mutual friends about her",
        "I'm literally outside his apartment rn",
        "I know I shouldn't but I'm going to text her anyway",
        "Could you help me word an email to my ex-wife?",
        "one quick message can't hurt, can it",
        "I'm downloading tinder again to check if she's on it",
        "I wrote a text to her an hour ago. Should I just send it?",
        "I'm about to call him and I know I shouldn't",
    ],
)
def test_urge(text: str) -> None:
    _check(text, Intent.URGE)


@pytest.mark.parametrize(
    "text",
    [
        "I caved and called her",
        "I texted him last night",
        "i txted him",
        "Texted my ex",
        "I broke no contact",
        "back to day one again",
        "I shouldn't have texted him",
        "I can't believe I called her again",
        "I looked at his instagram",
        "I watched all her stories",
        "we ended up talking for hours last night",
        "he texted me and I replied",
        "I asked his friends about him",
        "I liked a couple of his old photos last night",
        "I rang her and then hung up straight away",
        "I unblocked her, then blocked her again an hour later",
    ],
)
def test_slip(text: str) -> None:
    _check(text, Intent.SLIP)


@pytest.mark.parametrize(
    "text",
    [
        "he texted me last night",
        "My ex just messaged me",
        "she dmed me on instagram",
        "I got a text from him",
        "His name popped up on my phone",
        "he liked my post",
        "She unblocked me",
        "he hmu last nite",
        "Sarah called me last night",
        "he called while I was at work",
        "I ignored his text",
        "He messaged my best friend asking about me",
        "Priya texted me asking if we could talk",
        "he slipped a card under my door",
        "She keeps commenting on everything I post",
        # conventions: the ex wrote and the writer asks whether to answer
        "He texted me. Should I reply?",
    ],
)
def test_ex_reached_out(text: str) -> None:
    _check(text, Intent.EX_REACHED_OUT)


@pytest.mark.parametrize(
    "text",
    [
        "I want to kill myself",
        "i wanna die",
        "I don't want to live anymore",
        "everyone would be better off without me",
        "nobody would even notice if I was gone",
        "It would be easier if I just wasn't here",
        "I've been cutting again",
        "what's the point of living",
        "I can't go on",
        "I don't want to wake up tomorrow",
        "i'm gonna kms",
        "I'm so done. with everything. with life",
        "My ex said he'd kill himself if I don't answer",
        # crisis outranks everything else in the same message
        "I want to text him goodbye before I end it",
        "I'm going to call her and then end my life",
        "thinking of topping myself tonight",
        "I want to call her one last time and then end it",
        "what is the least painful way to die",
        "I didn't jump, but I really wanted to",
        pytest.param(
            "Do you think people who kill themselves go to hell? Asking for me.",
            marks=pytest.mark.xfail(reason="crisis.py is being rebuilt in parallel", strict=False),
        ),
    ],
)
def test_crisis(text: str) -> None:
    _check(text, Intent.CRISIS)


@pytest.mark.parametrize(
    "text",
    [
        # negated, resisted or finished intentions
        "I won't text him",
        "I'm not gonna message her",
        "I almost called her but didn't",
        "I wanted to text him but I went to the gym instead",
        "I had the urge to text her but it passed",
        "I didn't text him",
        "I haven't contacted her since March",
        # other people
        "I'm going to call my mom",
        "I need to call my therapist",
        "my friend texted me about him",
        "My friend keeps telling me to just text him",
        "I texted my mom",
        # idioms that are not a crisis
        "this is killing me",
        "I could die of embarrassment",
        "I'm dead tired",
        "I'm killing myself trying to finish this project",
        "I want to die my hair red",
        "I'd rather die than text him first",
        "I'm not suicidal, just really sad",
        # sadness without intent, wishes about the ex
        "I miss him so much",
        "I wish he would text me",
        "he hasn't texted me",
        "he called me a liar once",
        "I had a dream that he called me",
        "When we were dating he called me every night",
        # advice and quotes
        "You shouldn't text him",
        "Do not incessantly call them and leave countless messages.",
        "Put on a brave face and say hi.",
        # nothing at all
        "",
        "   ",
        "ok",
        "😭😭😭",
        "I was about to text him. So I called my mum instead and I didn't.",
        "I saw him at the supermarket and walked the other way",
        "my cousin rang me and we talked for ages",
        "how do I support a friend who is suicidal?",
        "I wrote her a letter I am never going to send",
    ],
)
def test_none(text: str) -> None:
    _check(text, Intent.NONE)


@pytest.mark.parametrize(
    "text",
    [
        "\x00\x01\x02 text him \x7f",
        "\u202eمرحبا كيف حالك\u202c",
        "שלום, אני רוצה לכתוב לו",
        "🙂" * 5_000,
        "a" * 50_000,
        "I want to text him. " * 3_000,
        "(" * 20_000 + "text him",
        "\ud800 lone surrogate",
        "te\u200bxt h\u200bim",
        "\n\n\n\t\t",
    ],
)
def test_never_raises_on_odd_input(text: str) -> None:
    result = classify(text)
    assert isinstance(result, Detection)
    assert result.rule != "none:error"


def test_non_string_input_is_none_not_an_error() -> None:
    assert classify(None).intent is Intent.NONE  # type: ignore[arg-type]


def test_crisis_late_in_a_long_message_is_still_found() -> None:
    text = "I keep going back and forth about everything. " * 40 + "I want to kill myself."
    assert classify(text).intent is Intent.CRISIS


def test_crisis_at_the_end_of_a_run_on_paste_is_still_found() -> None:
    """No punctuation at all: the detector cuts the text into pieces instead of truncating."""
    text = "and I keep thinking about everything that happened between us " * 150
    assert classify(text + "and honestly I want to kill myself").intent is Intent.CRISIS


def test_debug_log_names_intent_and_rule_but_never_the_text(
    caplog: pytest.LogCaptureFixture,
) -> None:
    secret = "should I text Zebediah about the thing"
    with caplog.at_level(logging.DEBUG, logger="bot.intent"):
        result = classify(secret)
    assert result.intent is Intent.URGE
    logged = " ".join(r.getMessage() for r in caplog.records)
    assert result.rule in logged and "urge" in logged
    assert "Zebediah" not in logged and "text" not in logged.replace(result.rule, "")


def test_rule_names_are_safe_labels() -> None:
    for text in ("I want to kill myself", "gonna txt him", "I caved", "he texted me", "hi"):
        rule = classify(text).rule
        assert rule.split(":")[0] in {i.value for i in Intent}
        assert rule.replace(":", "").replace("-", "").replace("+", "").replace("_", "").isalnum()


def test_shipped_contact_model_carries_its_version_and_feature_spec() -> None:
    import json

    from bot.intent import contact_model
    from bot.intent.features import FEATURE_SPEC

    raw = json.loads(contact_model.LINEAR.read_text(encoding="utf-8"))
    assert raw["version"] and raw["feature_spec"] == FEATURE_SPEC
    assert contact_model.linear() is not None


def test_weights_for_other_features_are_refused_and_the_rules_decide(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import json

    from bot.intent import contact_model

    raw = json.loads(contact_model.LINEAR.read_text(encoding="utf-8"))
    raw["feature_spec"] = "something else"
    bad = tmp_path / "w.json"
    bad.write_text(json.dumps(raw), encoding="utf-8")
    monkeypatch.setattr(contact_model, "LINEAR", bad)
    contact_model.linear.cache_clear()
    try:
        assert contact_model.linear() is None
        assert classify("should i text him").intent is Intent.URGE  # the clause rules
    finally:
        contact_model.linear.cache_clear()
