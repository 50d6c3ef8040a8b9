"""The content library: the real English words load and validate; broken content fails loudly.

Broken content is written to temporary folders so each failure names its cause; a typo in a
content file must fail here, never in front of someone at 2 a.m.
"""

from __future__ import annotations

import ast
import re
import shutil
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.content.library import (
    MILESTONE_DAYS,
    MIN_ITEMS,
    MIN_PER_PHASE,
    MIN_TASKS_PER_PHASE_AND_CATEGORY,
    PHASES,
    PLACEHOLDERS,
    POOL_FIELDS,
    REVIEW_CHOICES,
    TASK_CATEGORIES,
    ContentError,
    Item,
    Library,
    placeholders_in,
    render_item,
    render_item_strict,
    render_strict,
)
from bot.core import Core
from tests.harness import Chat

ROOT = Path(__file__).resolve().parents[1]
CONTENT = ROOT / "bot" / "content"
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


# --- no placeholder is ever shown unfilled ---------------------------------------------------

LEFT_OVER = re.compile(r"[{}]")


def test_every_pool_is_shown_by_code_that_says_what_it_fills(lib: Library) -> None:
    assert set(lib.pools()) <= set(POOL_FIELDS)


def test_every_pool_text_renders_whole_with_the_fields_its_callers_pass(lib: Library) -> None:
    # Only the values the callers really pass: a `{ex}` in a text whose callers pass no `ex`
    # stays `{ex}` here, as it would (blank, or raw) in front of someone.
    unfilled = []
    for item in all_items(lib):
        for values in (FULL, BARE):
            passed = {k: v for k, v in values.items() if k in POOL_FIELDS[item.pool]}
            text = render_item_strict(item, **passed)
            if LEFT_OVER.search(text):
                unfilled.append((item.id, text))
    assert unfilled == []


@dataclass(frozen=True)
class Site:
    """One place the code asks the library for a ui text, and the values it passes."""

    where: str
    fields: frozenset[str] | None  # None: passes `**something` that cannot be read statically


def _returned_dict_keys(tree: ast.Module) -> dict[str, frozenset[str]]:
    """Functions that return one dict literal with string keys (`day_fields`, `_fields`)."""
    found: dict[str, frozenset[str]] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            returns = [n.value for n in ast.walk(node) if isinstance(n, ast.Return)]
            if len(returns) == 1 and isinstance(returns[0], ast.Dict):
                keys = [k.value for k in returns[0].keys if isinstance(k, ast.Constant)]
                if len(keys) == len(returns[0].keys):
                    found[node.name] = frozenset(str(k) for k in keys)
    return found


def _spread_keys(
    value: ast.expr, scope: ast.AST, helpers: dict[str, frozenset[str]]
) -> frozenset[str] | None:
    """The keys a `**value` argument holds, when a dict literal or a helper shows them."""
    if isinstance(value, ast.Dict) and all(isinstance(k, ast.Constant) for k in value.keys):
        return frozenset(str(k.value) for k in value.keys if isinstance(k, ast.Constant))
    if isinstance(value, ast.Call):
        name = value.func.attr if isinstance(value.func, ast.Attribute) else None
        name = value.func.id if isinstance(value.func, ast.Name) else name
        return helpers.get(name or "")
    if isinstance(value, ast.Name):
        for node in ast.walk(scope):
            if isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == value.id for t in node.targets
            ):
                return _spread_keys(node.value, scope, helpers)
    return None


def _scopes(tree: ast.Module) -> Iterator[tuple[ast.AST, ast.Call]]:
    """Every `.t(...)` / `.ui(...)` call with its innermost enclosing function."""

    def visit(node: ast.AST, scope: ast.AST) -> Iterator[tuple[ast.AST, ast.Call]]:
        for child in ast.iter_child_nodes(node):
            inner = child if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef) else scope
            if (
                isinstance(child, ast.Call)
                and isinstance(child.func, ast.Attribute)
                and child.func.attr in {"t", "ui"}
                and child.args
            ):
                yield inner, child
            yield from visit(child, inner)

    yield from visit(tree, tree)


def _key_forms(key: ast.expr) -> Iterator[tuple[str, str]]:
    """("exact", key) | ("pattern", regex) | ("variable", "") for a key argument."""
    if isinstance(key, ast.Constant) and isinstance(key.value, str):
        yield "exact", key.value
    elif isinstance(key, ast.IfExp):
        yield from _key_forms(key.body)
        yield from _key_forms(key.orelse)
    elif isinstance(key, ast.JoinedStr):
        parts = [
            re.escape(v.value) if isinstance(v, ast.Constant) else "[a-z0-9_]+" for v in key.values
        ]
        yield "pattern", "".join(parts)
    else:
        yield "variable", ""


def ui_call_sites() -> tuple[dict[str, list[Site]], dict[str, list[Site]], dict[str, list[Site]]]:
    """What the code passes for each ui text, read from the source.

    Returns sites by exact key, by f-string pattern, and, per module, the sites whose key is
    a variable (`ctx.t(key)`, `ctx.t(step.ask, ...)`). `ctx.t` always passes `ex` itself.
    """
    exact: dict[str, list[Site]] = defaultdict(list)
    pattern: dict[str, list[Site]] = defaultdict(list)
    variable: dict[str, list[Site]] = defaultdict(list)
    sources = [p for d in ("bot", "scheduler", "adapters") for p in (ROOT / d).rglob("*.py")]
    trees = {p: ast.parse(p.read_text(encoding="utf-8")) for p in sources}
    helpers: dict[str, frozenset[str]] = {}
    clashes: set[str] = set()
    for tree in trees.values():
        for name, keys in _returned_dict_keys(tree).items():
            if helpers.setdefault(name, keys) != keys:
                clashes.add(name)  # two helpers of one name: which one is meant is unknown
    for name in clashes:
        del helpers[name]
    for path, tree in trees.items():
        module = str(path.relative_to(ROOT))
        for scope, call in _scopes(tree):
            assert isinstance(call.func, ast.Attribute)
            names = {k.arg for k in call.keywords if k.arg is not None}
            spreads = [_spread_keys(k.value, scope, helpers) for k in call.keywords if not k.arg]
            if call.func.attr == "t":
                names.add("ex")  # Ctx.t fills the ex's nickname for every text
            fields: frozenset[str] | None = frozenset(names)
            for spread in spreads:
                fields = None if spread is None or fields is None else fields | spread
            site = Site(f"{module}:{call.lineno}", fields)
            for form, key in _key_forms(call.args[0]):
                if form == "exact":
                    exact[key].append(site)
                elif form == "pattern":
                    pattern[key].append(site)
                else:
                    variable[module].append(site)
    return exact, pattern, variable


def _modules_naming(key: str) -> set[str]:
    """Modules with the key as a string literal (where a variable key may come from)."""
    out = set()
    for d in ("bot", "scheduler", "adapters"):
        for path in (ROOT / d).rglob("*.py"):
            if f'"{key}"' in path.read_text(encoding="utf-8"):
                out.add(str(path.relative_to(ROOT)))
    return out


def _whole(text: str, fields: frozenset[str] | None) -> bool:
    if fields is None:
        fields = PLACEHOLDERS
    return not LEFT_OVER.search(render_strict(text, **dict.fromkeys(fields, "x")))


def test_every_ui_text_renders_whole_with_the_fields_its_callers_pass(lib: Library) -> None:
    exact, pattern, variable = ui_call_sites()
    unfilled = []
    for key in lib.ui_keys():
        text = lib.ui_template(key)
        sites = exact.get(key) or [
            s for p, found in pattern.items() if re.fullmatch(p, key) for s in found
        ]
        if sites:
            # Every call that names this text must fill all of it.
            unfilled += [(key, s.where) for s in sites if not _whole(text, s.fields)]
            continue
        # Reached through a variable (`key = "urge_wait" ...; ctx.t(key, ...)`): some call in
        # a module that names the key must fill it.
        candidates = [s for m in _modules_naming(key) for s in variable.get(m, [])]
        if not any(_whole(text, s.fields) for s in candidates):
            unfilled.append((key, "no call fills it"))
    assert unfilled == []


async def test_a_journal_prompt_shows_the_nickname_not_a_placeholder(core: Core) -> None:
    chat = Chat(core)
    await chat.say("/start")
    await chat.say("/settings")
    await chat.press("Nickname")
    await chat.say("Quokka")
    prompts = []
    await chat.say("/journal")
    for _ in range(50):
        prompts.append(chat.replies[0].text)
        await chat.press("Another prompt")
    assert not [p for p in prompts if LEFT_OVER.search(p)]
    # journal.early.05 asks about "where things stand between you and {ex}".
    assert any("between you and Quokka" in p for p in prompts)


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
        ('[[run_into]]\nid = "x.1"\ntext = "Seeing {ex}."\n', "never fills in run_into"),
        ('[[morning]]\nid = "x.1"\ntext = "{count} days."\n', "never fills in morning"),
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
