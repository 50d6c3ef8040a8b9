"""The day-by-day program: which words a person gets on which day of their cooling-off.

Everything here is a pure function of (library, user key, day, plan length). There is no
history table: what someone saw on day 12 can be recomputed on day 40, so the rules below hold
without storing anything and survive restarts, migrations and a second worker.

The rules, and why they hold:

* **Phases.** A plan of `length` days has a first week (`early`: grief, don't rush), a
  `middle` (work on yourself, understand what went wrong), a `last_week` (prepare for the
  review) and, past its end, `after`. Short plans shrink the first week and drop the middle.
* **No repeat within 30 days** (morning, check-in, daily journal prompt). For each phase the
  pool's items open to that phase are put in a per-user order and walked one a day, cycling.
  Inside a phase an item comes back only after `len(eligible)` days, and loading guarantees
  at least 30 eligible items per phase. At a phase boundary, items used in the 29 days before
  the phase starts go to the end of the new order, sorted by when they were last used; an
  item of rank r among k such items was last used at least k - r days before the phase began
  and comes back at least len(eligible) - k + r days into it, so at least len(eligible) >= 30
  days apart in total.
* **Tasks: never the same category on consecutive days.** Days fall into blocks of 8, and
  each block holds each of the 8 categories once, in a per-user order; if a block would open
  with the category the previous one ended with, its first two are swapped. Within a category
  the same walk as above runs over that category's occurrences. A category comes back at
  most 15 days later and at least 1 day later, never the next day; an item comes back only
  after `len(eligible in that category)` occurrences, at least 5, which is at least
  8 * 4 + 1 = 33 days.
* **Specific before general.** Within a phase, items written for that phase alone come
  before items shared with other phases, so the first week reads like a first week.

The guarantees hold for a fixed plan length; if a plan is extended, the program is computed
again for the new length and its first days after the change may meet an item seen shortly
before.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from bot.content.library import (
    MILESTONE_DAYS,
    PHASES,
    TASK_CATEGORIES,
    ContentError,
    Item,
    Library,
)

WINDOW_DAYS = 30  # no item of a daily pool comes back within this many days
EARLY_DAYS = 7
LAST_WEEK_DAYS = 7
BLOCK_DAYS = len(TASK_CATEGORIES)  # one of each task category per block
EVERY_DAYS = 30  # "every 30 days" milestones: days 60, 90, ...

# The daily plan's pools; all are walked with the no-repeat rule.
MORNING = "morning"
TASK = "task"
CHECKIN = "checkin_question"
JOURNAL = "journal_prompt"


@dataclass(frozen=True)
class DailyPlan:
    """What the scheduler sends on one day of a plan.

    `phase_intro` is set on the first day of a phase, `milestone` on a milestone day.
    """

    day: int
    phase: str
    morning: Item
    task: Item
    checkin: Item
    milestone: Item | None = None
    phase_intro: Item | None = None


# --- phases -------------------------------------------------------------------------------


def _check_days(day: int, length: int) -> None:
    if length < 1:
        raise ValueError(f"a plan lasts at least one day, not {length}")
    if day < 1:
        raise ValueError(f"plan days start at 1, not {day}")


@lru_cache(maxsize=512)
def phase_bounds(length: int) -> tuple[tuple[str, int, int | None], ...]:
    """The phases of a plan as (phase, first day, last day or None for `after`).

    A first week and a last week of seven days each, the middle between them. A plan under
    two weeks splits in two halves (first half `early`, the rest `last_week`), because the
    first days are for grief whatever the length, and the last days for getting ready.
    """
    if length < 1:
        raise ValueError(f"a plan lasts at least one day, not {length}")
    early_end = min(EARLY_DAYS, max(1, length // 2))
    last_start = max(early_end + 1, length - LAST_WEEK_DAYS + 1)
    bounds: list[tuple[str, int, int | None]] = [("early", 1, early_end)]
    if last_start > early_end + 1:
        bounds.append(("middle", early_end + 1, last_start - 1))
    if last_start <= length:
        bounds.append(("last_week", last_start, length))
    bounds.append(("after", length + 1, None))
    return tuple(bounds)


def _phase_start(day: int, length: int) -> tuple[str, int]:
    for phase, first, last in phase_bounds(length):
        if day >= first and (last is None or day <= last):
            return phase, first
    raise AssertionError("phase bounds cover every day")  # pragma: no cover


def phase_for(day: int, length: int) -> str:
    """The phase of a (1-based) plan day: `early`, `middle`, `last_week` or `after`."""
    _check_days(day, length)
    return _phase_start(day, length)[0]


def phase_begins(day: int, length: int) -> str | None:
    """The phase that starts on this day, if one does (for its short introduction)."""
    _check_days(day, length)
    phase, first = _phase_start(day, length)
    return phase if first == day else None


# --- seeded orders ------------------------------------------------------------------------

_MASK = (1 << 64) - 1
_RECENT = 1 << 80  # above every fresh item's sort key: recently used items go last


def _rank(*parts: object) -> int:
    """A stable pseudo-random number for a tuple of parts (not Python's salted `hash`)."""
    digest = hashlib.sha256("\x1f".join(map(str, parts)).encode()).digest()
    return int.from_bytes(digest[:8], "big")


@lru_cache(maxsize=4096)
def _key(*parts: str) -> int:
    """`_rank` of a fixed name (an item, a category, a phase): one sha256 per name, ever."""
    return _rank(*parts)


def _mix(value: int) -> int:
    """The first two rounds of splitmix64's finaliser: a bijection of 64-bit numbers whose
    high bits, the ones a sort compares first, depend on every input bit. (The third round
    only changes the low bits, so it would not change an order.)"""
    z = ((value ^ (value >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
    return ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK


def _specificity(item: Item) -> int:
    """How many phases an item is written for: fewer means more specific."""
    return len(item.phase) if item.phase else len(PHASES)


@dataclass(frozen=True)
class _Pool:
    """The items one phase (and task category) may use, with what sorting them needs.

    Each item has a fixed 64-bit key from its id; a user's order sorts `_mix(key ^ seed)`,
    with one seed per (pool, user, phase, category). That is as varied as one sha256 per
    item and user, at a fifteenth of the cost: the scheduler walks every user each morning,
    and this is its inner loop.
    """

    items: tuple[Item, ...]
    keys: tuple[int, ...]
    tiers: tuple[int, ...]  # specificity, shifted above any mixed key
    index: Mapping[str, int]


@lru_cache(maxsize=256)
def _pool(lib: Library, pool: str, phase: str, category: str) -> _Pool:
    items = tuple(
        i for i in lib.pool(pool) if i.in_phase(phase) and (not category or i.category == category)
    )
    if not items:
        raise ContentError(f"nothing to walk in {pool!r} for {phase!r} {category!r}")
    return _Pool(
        items,
        tuple(_key("item", i.id) for i in items),
        tuple(_specificity(i) << 64 for i in items),
        {item.id: n for n, item in enumerate(items)},
    )


def _order(pool: _Pool, recent: Mapping[str, int], seed: int) -> list[int]:
    """The walking order of one phase, as positions in `pool.items`: fresh items first,
    recently used ones last.

    Fresh items go specific-before-general, then in the user's seeded order; recently used
    ones go in the order they were last used, so the oldest comes back first.
    """
    sort_keys = []
    for tier, key in zip(pool.tiers, pool.keys, strict=True):  # _mix(key ^ seed), inlined
        z = key ^ seed
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
        sort_keys.append(tier | (((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK))
    for item_id, day in recent.items():
        at = pool.index.get(item_id)
        if at is not None:
            sort_keys[at] = _RECENT + day
    return sorted(range(len(sort_keys)), key=sort_keys.__getitem__)


# --- walking a pool day by day ------------------------------------------------------------


class _Walk:
    """One user's walk through one daily pool for one plan length.

    Orders are computed when a day first needs them (a morning in the first week needs only
    the first week's), and each phase's order depends on the days just before it, so asking
    for days in any order gives the same answers.
    """

    def __init__(self, lib: Library, pool: str, user_key: str, length: int) -> None:
        self.lib = lib
        self.pool = pool
        self.user_key = user_key
        self.length = length
        self._seed = _rank(pool, user_key)
        self._orders: dict[tuple[str, str], tuple[tuple[Item, ...], list[int]]] = {}
        self._recent: dict[tuple[str, str], dict[str, int]] = {}

    def category(self, day: int) -> str:
        """The task category of a day; "" for pools walked whole."""
        return task_category(self.user_key, day) if self.pool == TASK else ""

    def recent(self, phase: str, first: int, category: str) -> Mapping[str, int]:
        """Items used in the 29 days before a phase begins, with the day each was last used.

        Only days of the same task category are looked at: another category's items are
        not in this order, so they could not move anything in it. Walked phase by phase
        rather than day by day: this runs for every user every morning.
        """
        found = self._recent.get((phase, category))
        if found is not None:
            return found
        found = {}
        low = max(1, first - WINDOW_DAYS + 1)
        for name, start, last in phase_bounds(self.length):
            if start >= first or (last is not None and last < low):
                continue
            end = first - 1 if last is None else min(last, first - 1)
            items, order = self.order(name, start, category)
            if not category:
                for day in range(max(low, start), end + 1):
                    found[items[order[(day - start) % len(order)]].id] = day
                continue
            seen = 0  # the category's occurrences so far in this phase: one per block
            for block in range((start - 1) // BLOCK_DAYS, (end - 1) // BLOCK_DAYS + 1):
                day = _category_day(self.user_key, block, category)
                if start <= day <= end:
                    seen += 1
                    if day >= low:
                        found[items[order[(seen - 1) % len(order)]].id] = day
        self._recent[phase, category] = found
        return found

    def order(self, phase: str, first: int, category: str) -> tuple[tuple[Item, ...], list[int]]:
        """The phase's items and the order they are walked in (positions in the items)."""
        found = self._orders.get((phase, category))
        if found is None:
            pool = _pool(self.lib, self.pool, phase, category)
            seed = _mix(self._seed ^ _key("phase", phase, category))
            found = pool.items, _order(pool, self.recent(phase, first, category), seed)
            self._orders[phase, category] = found
        return found

    def on(self, day: int) -> Item:
        phase, first = _phase_start(day, self.length)
        category = self.category(day)
        items, order = self.order(phase, first, category)
        if category:
            position = _occurrences(self.user_key, category, first, day) - 1
        else:
            position = day - first
        return items[order[position % len(order)]]


@lru_cache(maxsize=512)  # the people active right now; the scheduler never comes back
def _walk(lib: Library, pool: str, user_key: str, length: int) -> _Walk:
    return _Walk(lib, pool, user_key, length)


def clear_caches() -> None:
    """Forget every computed order (tests use it to show that nothing depends on them)."""
    _walk.cache_clear()


def walk(lib: Library, pool: str, user_key: str, day: int, length: int) -> Item:
    """The item of a daily pool (morning, check-in, journal) for one user on one day."""
    _check_days(day, length)
    return _walk(lib, pool, user_key, length).on(day)


# --- tasks: one category a day ------------------------------------------------------------


_CATEGORY_KEYS = tuple(_rank("category", c) for c in TASK_CATEGORIES)


@lru_cache(maxsize=2048)
def _raw_block(user_key: str, block: int) -> tuple[str, ...]:
    seed = _rank("block", user_key, block)
    mixed = [_mix(seed ^ key) for key in _CATEGORY_KEYS]
    return tuple(TASK_CATEGORIES[i] for i in sorted(range(BLOCK_DAYS), key=mixed.__getitem__))


@lru_cache(maxsize=2048)
def _block(user_key: str, block: int) -> tuple[str, ...]:
    """The order of categories in one 8-day block (0-based), never opening with the last.

    Only positions 0 and 1 are ever swapped, so a block's last category is its raw last one
    and each block can be fixed by looking at its predecessor alone.
    """
    raw = _raw_block(user_key, block)
    if block > 0 and raw[0] == _raw_block(user_key, block - 1)[-1]:
        return (raw[1], raw[0], *raw[2:])
    return raw


def task_category(user_key: str, day: int) -> str:
    """The category of a user's task on a day (1-based): never the previous day's."""
    block, pos = divmod(day - 1, BLOCK_DAYS)
    return _block(user_key, block)[pos]


def _category_day(user_key: str, block: int, category: str) -> int:
    return block * BLOCK_DAYS + _block(user_key, block).index(category) + 1


def _occurrences(user_key: str, category: str, first: int, day: int) -> int:
    """How many days in [first, day] have this category (each block has it exactly once)."""
    b_first, b_day = (first - 1) // BLOCK_DAYS, (day - 1) // BLOCK_DAYS
    count = max(0, b_day - b_first - 1)
    for block in {b_first, b_day}:
        if first <= _category_day(user_key, block, category) <= day:
            count += 1
    return count


def daily_task(lib: Library, user_key: str, day: int, length: int) -> Item:
    """The day's small self-care task for a user."""
    _check_days(day, length)
    return _walk(lib, TASK, user_key, length).on(day)


# --- the day's plan -----------------------------------------------------------------------


def daily_plan(lib: Library, user_key: str, day: int, length: int) -> DailyPlan:
    """Everything the scheduler sends a user on one plan day."""
    _check_days(day, length)
    begins = phase_begins(day, length)
    return DailyPlan(
        day=day,
        phase=phase_for(day, length),
        morning=walk(lib, MORNING, user_key, day, length),
        task=daily_task(lib, user_key, day, length),
        checkin=pick_checkin_question(lib, user_key, day, length),
        milestone=milestone_for(lib, day, length, user_key),
        phase_intro=phase_intro(lib, begins) if begins else None,
    )


def pick_checkin_question(lib: Library, user_key: str, day: int, length: int) -> Item:
    """The day's evening check-in question: the same one `daily_plan` schedules."""
    return walk(lib, CHECKIN, user_key, day, length)


def pick_journal_prompt(lib: Library, user_key: str, day: int, length: int, n: int = 0) -> Item:
    """The n-th reflection prompt a user asks for on a day (n = 0 is the day's prompt).

    The day's prompt follows the no-repeat walk. Further prompts the same day come from the
    same phase, avoiding, as far as the pool allows, every day's prompt within 30 days either
    side (so asking for more today does not spoil next week) and the ones already given today.
    """
    _check_days(day, length)
    if n < 0:
        raise ValueError(f"n counts prompts from 0, not {n}")
    if n == 0:
        return walk(lib, JOURNAL, user_key, day, length)
    phase = phase_for(day, length)
    near = {
        walk(lib, JOURNAL, user_key, d, length).id: abs(d - day)
        for d in range(max(1, day - WINDOW_DAYS + 1), day + WINDOW_DAYS)
    }
    eligible = [i for i in lib.pool(JOURNAL) if i.in_phase(phase)]
    # Never used nearby first, then those used furthest away; today's own prompt last.
    ordered = sorted(
        eligible,
        key=lambda i: (
            i.id in near,
            -near.get(i.id, 0),
            _rank(JOURNAL, "extra", user_key, day, i.id),
        ),
    )
    return ordered[(n - 1) % len(ordered)]


def pick_line(
    lib: Library, pool: str, user_key: str, seed: str, recent: Collection[str] = ()
) -> Item:
    """A deterministic line from any pool for a moment (an urge, a slip, a message from them).

    `seed` identifies the moment (e.g. its timestamp); ids in `recent` are avoided while
    anything else remains, for callers that remember what they just showed.
    """
    return lib.pick(pool, f"{user_key}:{seed}", exclude=recent)


def pick_urge_line(lib: Library, user_key: str, seed: str, recent: Collection[str] = ()) -> Item:
    """A line for the urge moment, when the user has no reasons of their own to show."""
    return pick_line(lib, "urge_line", user_key, seed, recent)


def pick_task_now(lib: Library, user_key: str, seed: str, day: int, length: int) -> Item:
    """Something to do right now, during an urge.

    Quick tasks (`quick = true`) of this phase come first; never today's task or its category,
    and, while the pool allows, none of the daily tasks within 30 days either side, so the
    urge does not use up a coming day's task.
    """
    _check_days(day, length)
    phase = phase_for(day, length)
    today = daily_task(lib, user_key, day, length)
    near = {
        daily_task(lib, user_key, d, length).id
        for d in range(max(1, day - WINDOW_DAYS + 1), day + WINDOW_DAYS)
    }
    base = [
        i
        for i in lib.pool(TASK)
        if i.in_phase(phase) and i.category != today.category and i.id != today.id
    ]
    tiers = (
        [i for i in base if i.extra.get("quick") is True and i.id not in near],
        [i for i in base if i.extra.get("quick") is True],
        [i for i in base if i.id not in near],
        base,
    )
    choices = next(t for t in tiers if t)
    return min(choices, key=lambda i: _rank(TASK, "now", user_key, seed, i.id))


# --- milestones, phase intros, the review -------------------------------------------------


def milestone_kind(day: int, length: int) -> str | int | None:
    """Which milestone a day is: "end" (the plan's last day), a fixed day, "every30", or None.

    The end wins over a fixed day (day 30 of a 30-day plan leads to the review). Fixed days
    mark time since the plan began, so they apply past a short plan too; from day 60 on,
    every 30th day is marked, inside a long plan or after one.
    """
    _check_days(day, length)
    if day == length:
        return "end"
    if day in MILESTONE_DAYS:
        return day
    if day >= 2 * EVERY_DAYS and day % EVERY_DAYS == 0:
        return "every30"
    return None


def milestone_for(lib: Library, day: int, length: int, user_key: str = "") -> Item | None:
    """The milestone message for a day, if it is one; varied per user when several exist."""
    kind = milestone_kind(day, length)
    if kind is None:
        return None
    items = [
        i
        for i in lib.pool("milestone")
        if (i.extra.get("day") == kind if isinstance(kind, int) else i.extra.get("kind") == kind)
    ]
    if not items:
        raise ContentError(f"no milestone for {kind!r}")
    return min(items, key=lambda i: _rank("milestone", user_key, day, i.id))


def phase_intro(lib: Library, phase: str) -> Item:
    """The short text that opens a phase."""
    for item in lib.pool("phase_intro"):
        if phase in item.phase:
            return item
    raise ContentError(f"no phase_intro for {phase!r}")


def review_intro(lib: Library) -> Item:
    """The opening of the end-of-plan review, which offers the three choices."""
    for item in lib.pool("review"):
        if item.extra.get("kind") == "intro":
            return item
    raise ContentError("no review intro")


def review_guidance(lib: Library, choice: str) -> list[Item]:
    """Guidance for a choice at the review (`extend`, `move_on`, `resume`), in file order."""
    items = [i for i in lib.pool("review") if i.extra.get("choice") == choice]
    if not items:
        raise ContentError(f"no review guidance for {choice!r}")
    return items


# --- placeholder values -------------------------------------------------------------------


def fields_for(
    day: int,
    length: int,
    *,
    name: str = "",
    ex: str = "",
    reasons: Sequence[str] = (),
    user_key: str = "",
) -> dict[str, str]:
    """The placeholder values for a user's day: name, ex, day, days, days_left, reason.

    The reason is one of the user's own, chosen per day so they rotate; empty without any,
    in which case `render_item` uses an item's fallback wording. `ex` falls back to "them",
    which content only uses where that reads right.
    """
    _check_days(day, length)
    kept = [r.strip() for r in reasons if r.strip()]
    reason = min(kept, key=lambda r: _rank("reason", user_key, day, r)) if kept else ""
    return {
        "name": name.strip(),
        "ex": ex.strip() or "them",
        "day": str(day),
        "days": str(length),
        "days_left": str(max(0, length - day)),
        "reason": reason,
    }
