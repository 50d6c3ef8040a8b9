"""Crisis families and their exceptions, one case per structure (not copies of the corpus).

The corpus files measure the detector; these pin down the behaviours that keep it general:
a subject only counts inside its own clause, a past that is plainly over is not a crisis,
someone else's act or an accident is not self-harm, and the backstop catches wording that no
family names.
"""

from __future__ import annotations

import pytest

from bot.intent import Intent, classify


@pytest.mark.parametrize(
    "text",
    [
        # the ex is the subject of the first clause only
        "he cheated on me, i want to die",
        "she left and now there is no point in living",
        "he's gone so what's the point of me",
        # families
        "some days i hope i just don't wake up",
        "dying honestly seems like a relief at this point",
        "i doubt i'll still be around by spring",
        "without her i have no reason to keep living",
        "i've been quietly giving away my books and clothes",
        "i googled how many paracetamol would be lethal",
        "the train tracks keep calling me",
        "been burning my forearm with a lighter to feel something",
        "swallowed a whole packet of painkillers",
        "tried to hang myself in march and i keep thinking about it",
        "ready to check out of this life",
        "i wish the pills had worked",
        "goodbye you guys",
        pytest.param(
            "💊💊🔫",
            marks=pytest.mark.xfail(reason="known miss: means as emoji alone", strict=False),
        ),
        # the backstop: self + dying or not existing + a wish, thought or time
        "lately the thought of dying keeps me company at night",
        "i keep wanting to not exist",
        # recovered past, but it is back
        "two years ago i was suicidal and lately it's creeping back",
    ],
)
def test_crisis_families(text: str) -> None:
    assert classify(text).intent is Intent.CRISIS, classify(text)


@pytest.mark.parametrize(
    "text",
    [
        # a past that is plainly over
        "i was suicidal back in college but i'm doing so much better now",
        "i used to cut as a teenager, i've been clean for years",
        # someone else, the topic, the news
        "my coworker unalived himself last spring",
        "we watched a documentary about suicide in class",
        "my best friend attempted suicide in 2019 and she's thriving now",
        # accidents and idioms
        "scratched my leg on a fence while hiking",
        "i burned my wrist on the oven tray",
        "i keep hurting myself by rereading our old texts",
        "i'm dying to see that movie",
        "no one would notice if i skipped the meeting",
        # relationships ending, plans that are not about dying
        "i finally decided to end it with her",
        "i have everything planned out for the trip",
        "this is my last message for tonight, going to sleep",
        "the bridge where we had our first kiss has been on my mind",
        "i'd rather die than text him first lol",
    ],
)
def test_not_crisis(text: str) -> None:
    assert classify(text).intent is not Intent.CRISIS, classify(text)
