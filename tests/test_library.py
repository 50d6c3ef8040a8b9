"""The content library: the real English words load and validate; broken content fails loudly.

Broken content is written to temporary folders so each failure names its cause; a typo in a
content file must fail here, never in front of someone at 2 a.m.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.library import (
    MILESTONE_DAYS,
    MIN_ITEMS,
    MIN_PER_PHASE,
    MIN_TASKS_PER_PHASE_AND_CATEGORY,
    PHASES,
    REVIEW_CHOICES,
    TASK_CATEGORIES,
    ContentError,
    Item,
    Library,
    placeholders_in,
    render_item,
)

CONTENT = Path(__file__).resolve().parents[1] / "bot" / "content"
SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"

# Placeholder values as a real day would fill them, once with and once without the optional ones.
FULL = {
    "name": "Sam",
    "ex": "Alex",
    "day": "12",
    "days": "30",
    "days_left": "18",
    "reason": "I deserve calm",
}
BARE = {**FULL, "name": "", "ex": "them", "reason": ""}


@pytest.fixture(scope="module")
def lib() -> Library:
    return Library.load("en")


def all_items(lib: Library) -> list[Item]:
    return [item for items in lib.pools().values() for item in items]


# --- the real English library -------------------------------------------------------------


def test_every_pool_meets_its_minimum(lib: Library) -> None:
    for pool, minimum in MIN_ITEMS.items():
        assert len(lib.pool(pool)) >= minimum, pool


def test_every_phase_has_enough_of_each_daily_pool(lib: Library) -> None:
    for pool, minimum in MIN_PER_PHASE.items():
        for phase in PHASES:
            assert sum(i.in_phase(phase) for i in lib.pool(pool)) >= minimum, (pool, phase)


def test_every_task_category_is_covered_in_every_phase(lib: Library) -> None:
    tasks = lib.pool("task")
    assert {t.category for t in tasks} == set(TASK_CATEGORIES)
    for phase in PHASES:
        for category in TASK_CATEGORIES:
            count = sum(t.category == category and t.in_phase(phase) for t in tasks)
            assert count >= MIN_TASKS_PER_PHASE_AND_CATEGORY, (phase, category)


def test_milestones_review_and_phase_intros_are_complete(lib: Library) -> None:
    milestones = lib.pool("milestone")
    for day in MILESTONE_DAYS:
        assert any(m.extra.get("day") == day for m in milestones), day
    for kind in ("end", "every30"):
        assert any(m.extra.get("kind") == kind for m in milestones), kind
    review = lib.pool("review")
    assert any(r.extra.get("kind") == "intro" for r in review)
    for choice in REVIEW_CHOICES:
        assert any(r.extra.get("choice") == choice for r in review), choice
    assert {p for i in lib.pool("phase_intro") for p in i.phase} == set(PHASES)


def test_every_text_renders_whole_with_and_without_optional_values(lib: Library) -> None:
    for item in all_items(lib):
        for fields in (FULL, BARE):
            text = render_item(item, **fields)
            assert "{" not in text and "}" not in text, item.id
            assert not re.search(r"\s[,.;:]|,\s*[.,]|\s{2}|\"\"", text), (item.id, text)


def test_optional_values_have_a_fallback(lib: Library) -> None:
    for item in all_items(lib):
        if placeholders_in(item.text) & {"name", "reason"}:
            assert isinstance(item.extra.get("fallback"), str), item.id
            assert "Sam" not in render_item(item, **BARE)


def test_ex_is_never_the_subject_of_a_sentence(lib: Library) -> None:
    # `{ex}` may render as "them": "them reached out" would be wrong, "to them" is fine.
    for item in all_items(lib):
        assert not re.search(r"(^|[.?:]\s+)\{ex\}", item.text), item.id


def test_days_left_is_only_used_where_it_cannot_be_zero(lib: Library) -> None:
    # "0 to go" on the last day, or after the plan, reads wrong.
    for item in all_items(lib):
        if "days_left" in placeholders_in(item.text):
            assert item.phase and not {"last_week", "after"} & set(item.phase), item.id


def test_most_messages_are_short(lib: Library) -> None:
    for pool in ("morning", "task", "urge_line", "journal_prompt", "checkin_question"):
        texts = [i.text for i in lib.pool(pool)]
        short = sum(len(t) < 300 for t in texts)
        assert short >= 0.9 * len(texts), pool
    assert all(len(i.text) <= 600 for i in all_items(lib))


def test_tone_no_cheerleading_no_promises_no_games(lib: Library) -> None:
    banned = re.compile(
        r"!|win (them|him|her) back|get (them|him|her|your ex) back|miss you|jealous|"
        r"make (them|him|her) (want|realise|realize)|you should|you must|healing journey",
        re.IGNORECASE,
    )
    for item in all_items(lib):
        texts = [item.text, *(v for v in item.extra.values() if isinstance(v, str))]
        for text in texts:
            assert not banned.search(text), (item.id, text)


def test_quick_tasks_exist_in_every_phase(lib: Library) -> None:
    for phase in PHASES:
        quick = [t for t in lib.pool("task") if t.extra.get("quick") is True and t.in_phase(phase)]
        assert len({t.category for t in quick}) >= 4, phase


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the seed articles are not on this machine")
def test_no_sentence_is_copied_from_the_source_articles(lib: Library) -> None:
    def words(text: str) -> list[str]:
        return re.findall(r"[a-z']+", text.lower().replace("’", "'"))

    def grams(text: str, n: int = 7) -> set[tuple[str, ...]]:
        w = words(text)
        return {tuple(w[i : i + n]) for i in range(len(w) - n + 1)}

    source: set[tuple[str, ...]] = set()
    for path in SEEDS.glob("*.txt"):
        source |= grams(path.read_text(encoding="utf-8"))
    for item in all_items(lib):
        shared = grams(item.text) & source
        assert not shared, (item.id, shared)


# --- broken content fails with a clear message --------------------------------------------


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """A copy of the real English content to break."""
    shutil.copytree(CONTENT / "en", tmp_path / "en")
    return tmp_path


def write(root: Path, name: str, body: str) -> None:
    (root / "en" / name).write_text(body, encoding="utf-8")


def test_the_copy_loads(content: Path) -> None:
    assert Library.load("en", content).pool("morning")


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('[[morning]]\nid = "x.1"\ntext = "Hello {nickname}."\n', "unknown placeholder"),
        ('[[morning]]\nid = "x.1"\ntext = "' + "a" * 1001 + '"\n', "1001 characters"),
        ('[[morning]]\nid = "morning.early.01"\ntext = "Again."\n', "duplicate id"),
        ('[[morning]]\nid = "x.1"\ntext = "  "\n', "empty"),
        ('[[morning]]\nid = "x.1"\ntext = "Hello {"\n', "malformed placeholder"),
        ('[[morning]]\nid = "x.1"\nphase = "later"\ntext = "Hi."\n', "unknown phase"),
        ('[[task]]\nid = "x.1"\ncategory = "chores"\ntext = "Hi."\n', "category 'chores'"),
        ('[[morning]]\nid = "x.1"\ncategory = "diet"\ntext = "Hi."\n', "only tasks"),
        ('[[morning]]\nid = "x.1"\ntext = "Hi {name}."\n', "fallback"),
        (
            '[[morning]]\nid = "x.1"\ntext = "Hi {name}."\nfallback = "Hi {reason}."\n',
            "fallback must not",
        ),
        ('[[milestone]]\nid = "x.1"\nday = 5\ntext = "Hi."\n', "milestone day 5"),
        ('[[milestone]]\nid = "x.1"\ntext = "Hi."\n', "either `day` or `kind`"),
        ('[[review]]\nid = "x.1"\nchoice = "maybe"\ntext = "Hi."\n', "review choice 'maybe'"),
        ('[[phase_intro]]\nid = "x.1"\ntext = "Hi."\n', "exactly one phase"),
        ("morning = 3\n", "array of tables"),
        ("[[morning]\n", "not valid TOML"),
    ],
)
def test_a_broken_entry_fails_loading(content: Path, body: str, message: str) -> None:
    write(content, "zz_broken.toml", body)
    with pytest.raises(ContentError, match=re.escape(message)):
        Library.load("en", content)


def test_an_unknown_placeholder_in_ui_fails(content: Path) -> None:
    write(content, "zz_ui.toml", '[ui]\nhello_again = "Hi {nickname}"\n')
    with pytest.raises(ContentError, match="unknown placeholder"):
        Library.load("en", content)


def replace_pool(content: Path, name: str, pool: str, entries: list[str]) -> None:
    write(content, name, "".join(f"[[{pool}]]\n{e}\n" for e in entries))


def test_a_phase_with_too_few_items_fails(content: Path) -> None:
    # 60 morning messages in all, but only 29 open to the first days.
    entries = [f'id = "m.{n}"\ntext = "Line {n}."' for n in range(29)]
    entries += [
        f'id = "m.later.{n}"\nphase = ["middle", "last_week", "after"]\ntext = "Later {n}."'
        for n in range(31)
    ]
    replace_pool(content, "morning.toml", "morning", entries)
    with pytest.raises(ContentError, match=r"morning: phase 'early' has 29 items, at least 30"):
        Library.load("en", content)


def test_a_task_category_too_thin_in_a_phase_fails(content: Path) -> None:
    entries = []
    for category in TASK_CATEGORIES:
        for n in range(8):
            phase = 'phase = "early"\n' if category == "sleep" and n >= 4 else ""
            entries.append(f'id = "t.{category}.{n}"\ncategory = "{category}"\n{phase}text = "Do."')
    replace_pool(content, "tasks.toml", "task", entries)
    with pytest.raises(ContentError, match=r"phase 'middle' has 4 'sleep' tasks, at least 5"):
        Library.load("en", content)


def test_a_pool_below_its_total_fails(content: Path) -> None:
    replace_pool(content, "slip.toml", "slip_recovery", ['id = "s.1"\ntext = "It happens."'])
    with pytest.raises(ContentError, match=r"slip_recovery: 1 items, at least 15"):
        Library.load("en", content)


@pytest.mark.parametrize(
    ("drop", "message"),
    [
        (lambda e: "day = 14" in e, "nothing for day 14"),
        (lambda e: 'kind = "every30"' in e, "kind 'every30'"),
    ],
)
def test_a_missing_milestone_fails(
    content: Path, drop: Callable[[str], bool], message: str
) -> None:
    path = content / "en" / "milestones.toml"
    blocks = path.read_text(encoding="utf-8").split("[[milestone]]")
    kept = [blocks[0], *(b for b in blocks[1:] if not drop(b))]
    # Keep the pool's total above its minimum so the missing milestone is what fails.
    kept += [f'\nid = "extra.{n}"\nday = 1\ntext = "More."\n' for n in range(4)]
    path.write_text("[[milestone]]".join(kept), encoding="utf-8")
    with pytest.raises(ContentError, match=re.escape(message)):
        Library.load("en", content)


def test_a_missing_review_choice_fails(content: Path) -> None:
    path = content / "en" / "review.toml"
    blocks = path.read_text(encoding="utf-8").split("[[review]]")
    kept = [b for b in blocks if 'choice = "move_on"' not in b]
    path.write_text("[[review]]".join(kept), encoding="utf-8")
    with pytest.raises(ContentError, match="no guidance for choice 'move_on'"):
        Library.load("en", content)


def test_a_missing_language_fails(tmp_path: Path) -> None:
    with pytest.raises(ContentError, match="no content folder for language 'xx'"):
        Library.load("xx", tmp_path)


def test_partial_content_loads_without_the_program_check(tmp_path: Path) -> None:
    (tmp_path / "en").mkdir()
    write(tmp_path, "a.toml", '[ui]\nhi = "Hi"\n[[morning]]\nid = "m.1"\ntext = "Morning."\n')
    with pytest.raises(ContentError):
        Library.load("en", tmp_path)
    lib = Library.load("en", tmp_path, program=False)
    assert lib.ui("hi") == "Hi"
    assert lib.pick("morning", "seed").id == "m.1"


def test_a_second_language_is_a_second_folder(content: Path) -> None:
    shutil.copytree(content / "en", content / "xx")
    assert Library.load("xx", content).lang == "xx"


# --- rendering ----------------------------------------------------------------------------


def test_render_item_uses_the_fallback_only_when_needed() -> None:
    item = Item("i", "Morning, {name}. Day {day}.", "morning", extra={"fallback": "Day {day}."})
    assert render_item(item, name="Sam", day=3) == "Morning, Sam. Day 3."
    assert render_item(item, name="", day=3) == "Day 3."
    assert render_item(item, name="  ", day=3) == "Day 3."
    plain = Item("j", "Day {day}. {unknown_is_blank}", "morning")
    assert render_item(plain, day=4) == "Day 4. "
