"""Crisis in Spanish, Portuguese, French, German and Italian (issue 16): explicit ideation is
recognised, the idioms that use the same words are not, and the answer carries the line for
the person's country and one line in their language.

The phrasings live in tests/data/chat/fresh_crisis_languages.tsv, written before the families
were changed. Its test part (sha1(text) % 4 == 0) is never tuned on: here it only has a floor,
so a change that loses ground there fails; the train part must be read exactly.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from bot.content.crisis_lines import line_for
from bot.core import Core
from bot.intent import Intent, classify
from bot.intent.crisis import crisis_language
from tests.harness import Chat

DATA = Path(__file__).resolve().parent / "data" / "chat" / "fresh_crisis_languages.tsv"
LANGS = ("es", "pt", "fr", "de", "it")

Row = tuple[str, str, str]  # label, lang, text


def _rows(path: Path = DATA) -> list[Row]:
    """(label, lang, text) rows of one of the fresh crisis-language sets."""
    out: list[Row] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        label, lang, text = line.split("\t", 2)
        out.append((label, lang, text))
    return out


def _is_test(text: str) -> bool:
    return int(hashlib.sha1(text.encode()).hexdigest(), 16) % 4 == 0


ROWS = _rows()
TRAIN = [r for r in ROWS if not _is_test(r[2])]
TEST = [r for r in ROWS if _is_test(r[2])]


def _crisis(text: str) -> bool:
    return classify(text).intent is Intent.CRISIS


def test_the_data_has_forty_phrasings_a_language_both_kinds_and_a_test_part() -> None:
    for lang in LANGS:
        mine = [r for r in ROWS if r[1] == lang]
        assert len(mine) >= 40, lang
        assert {r[0] for r in mine} == {"crisis", "none"}, lang
        assert any(_is_test(r[2]) for r in mine), lang


@pytest.mark.parametrize("row", [r for r in TRAIN if r[0] == "crisis"], ids=lambda r: r[2][:40])
def test_explicit_crisis_in_another_language_is_crisis(row: Row) -> None:
    assert _crisis(row[2])


@pytest.mark.parametrize("row", [r for r in TRAIN if r[0] != "crisis"], ids=lambda r: r[2][:40])
def test_idioms_and_ordinary_uses_are_not_crisis(row: Row) -> None:
    assert not _crisis(row[2])


@pytest.mark.parametrize(
    "text",
    ["me muero de risa", "je meurs de faim", "ich sterbe vor Langeweile", "morirò dal ridere"],
)
def test_the_idioms_named_in_the_issue_are_not_crisis(text: str) -> None:
    assert not _crisis(text)


def test_the_set_aside_part_keeps_its_floor() -> None:
    """Measured when the families were written (docs/detector.md): recall 23/30, one false
    alarm in 23. A floor, not a target: the test part is never tuned on."""
    pos = [r for r in TEST if r[0] == "crisis"]
    neg = [r for r in TEST if r[0] != "crisis"]
    caught = sum(_crisis(r[2]) for r in pos)
    false = sum(_crisis(r[2]) for r in neg)
    assert caught / len(pos) >= 0.75
    assert false <= 2


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("es", "ya no quiero estar en este mundo"),
        ("pt", "quero tirar minha vida"),
        ("fr", "je vais mettre fin à mes jours"),
        ("de", "ich will nicht mehr leben"),
        ("it", "mi voglio togliere la vita"),
    ],
)
def test_the_family_that_fires_knows_the_language(lang: str, text: str) -> None:
    detection = classify(text)
    assert detection.intent is Intent.CRISIS
    assert crisis_language(detection.rule) == lang


async def test_a_spanish_crisis_gets_the_country_line_and_a_line_in_spanish(
    chat: Chat, core: Core
) -> None:
    await chat.say("/start")
    await chat.say("/timezone Europe/Madrid")
    await chat.say("ya no quiero estar en este mundo, me quiero quitar la vida")
    assert chat.replies[0].kind == "crisis"
    assert core.library.ui("lang_es") in [r.text for r in chat.replies]
    # Not safe: Spain is offered from the time zone; once confirmed, its line is the one.
    await chat.send_action("cr:unsafe")
    assert "cr:cc:ES" in {b.action for r in chat.replies for b in r.all_buttons}
    await chat.send_action("cr:cc:ES")
    spain = line_for("ES")
    assert spain is not None
    await chat.say("no aguanto mas, me quiero suicidar")
    assert chat.replies[0].kind == "crisis"
    assert spain.contact in chat.replies[0].text
    assert core.library.ui("lang_es") in [r.text for r in chat.replies]


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("pt", "to pensando em me matar"),
        ("fr", "je pense à me suicider"),
        ("de", "ich denke daran mich umzubringen"),
        ("it", "sto pensando di uccidermi"),
    ],
)
async def test_each_language_is_answered_in_it(
    chat: Chat, core: Core, lang: str, text: str
) -> None:
    await chat.say("/start")
    await chat.say(text)
    assert chat.replies[0].kind == "crisis"
    assert core.library.ui(f"lang_{lang}") in [r.text for r in chat.replies]
    assert {"cr:safe", "cr:unsafe", "cr:unsure"} <= {
        b.action for r in chat.replies for b in r.all_buttons
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("me quiero quitar la vida", {"ES", "MX"}),
        ("quero tirar minha vida", {"BR", "PT"}),
        ("je vais mettre fin à mes jours", {"FR", "CA"}),
        ("ich will mir das Leben nehmen", {"DE", "AT"}),
        ("mi voglio togliere la vita", {"IT", "CH"}),
    ],
)
async def test_not_safe_offers_the_countries_of_their_language(
    chat: Chat, text: str, expected: set[str]
) -> None:
    await chat.say(text)  # a stranger: no time zone, no country
    assert chat.replies[0].kind == "crisis"
    await chat.send_action("cr:unsafe")
    offered = {b.action for r in chat.replies for b in r.all_buttons}
    assert {f"cr:cc:{c}" for c in expected} <= offered
    assert "cr:cc:other" in offered


# German capitalises every noun; a careful writer's capitals must not hide the words
# (the name marker used to read "Selbstmord" mid-sentence as someone's name).
_GERMAN_NOUNS = frozenset(
    {
        "leben", "lust", "abschiedsbrief", "sinn", "tabletten", "brücke", "selbstmord",
        "suizidgedanken", "schluss", "langeweile", "hunger", "video", "chef", "hitze", "eltern",
        "handy", "kaffee", "oma", "jahr", "unterricht", "suizid", "arbeit", "vorlesung", "pflanze",
        "lachen", "tode", "allem",
    }
)


def _as_written(text: str) -> str:
    words = text.split(" ")
    out = [w.capitalize() if w in _GERMAN_NOUNS or i == 0 else w for i, w in enumerate(words)]
    return " ".join(out) + "."


@pytest.mark.parametrize("row", [r for r in _rows() if r[1] == "de"], ids=lambda r: r[2][:40])
def test_german_written_with_capital_nouns_reads_as_typed_lowercase(row: Row) -> None:
    written = _as_written(row[2])
    assert written != row[2]
    assert _crisis(written) == _crisis(row[2]), written


# Round 2: tests/data/chat/fresh_crisis_languages_2.tsv, written before the second widening.
DATA_2 = DATA.with_name("fresh_crisis_languages_2.tsv")
KNOWN_MISSES_2: frozenset[str] = frozenset()  # the last one was caught in round 6 of issue 14


ROWS_2 = _rows(DATA_2)


def test_round_two_has_sixty_of_each_kind_a_language() -> None:
    for lang in LANGS:
        mine = [r for r in ROWS_2 if r[1] == lang]
        assert sum(r[0] == "crisis" for r in mine) >= 60, lang
        assert sum(r[0] == "none" for r in mine) >= 60, lang


@pytest.mark.parametrize(
    "row",
    [r for r in ROWS_2 if not _is_test(r[2]) and r[2] not in KNOWN_MISSES_2],
    ids=lambda r: r[2][:40],
)
def test_round_two_train_part_is_read_exactly(row: Row) -> None:
    assert _crisis(row[2]) == (row[0] == "crisis")


def test_round_two_set_aside_part_keeps_its_floor() -> None:
    """Measured after the second widening (docs/detector.md): recall 44/68, three false
    alarms in 72; after round 6 of issue 14 (the third set, below): 60/68, still three. A
    floor, not a target: the test part is never tuned on, its rows never read."""
    test = [r for r in ROWS_2 if _is_test(r[2])]
    pos = [r for r in test if r[0] == "crisis"]
    neg = [r for r in test if r[0] != "crisis"]
    assert sum(_crisis(r[2]) for r in pos) >= 60
    assert sum(_crisis(r[2]) for r in neg) <= 3


# Round 3 (issue 14, round 6): tests/data/chat/fresh_crisis_languages_3.tsv, 500 rows written
# before the third widening; all of them dev rows, the families extended from them.
ROWS_3 = _rows(DATA.with_name("fresh_crisis_languages_3.tsv"))


@pytest.mark.parametrize("row", ROWS_3, ids=lambda r: f"{r[1]}-{r[2][:40]}")
def test_round_three_rows_are_read_exactly(row: Row) -> None:
    assert _crisis(row[2]) == (row[0] == "crisis")
