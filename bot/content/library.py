"""Everything Cooloff says, loaded from TOML files under `bot/content/<lang>/`.

Words live in data, not code, so they can be reviewed by people who write rather than
program, and so another language is another folder. Loading validates everything once at
start-up: a broken placeholder fails the test suite, not a person at 2 a.m.
"""

from __future__ import annotations

import hashlib
import string
import tomllib
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

MAX_TEXT_CHARS = 1000

# Every placeholder a text may use. Rendering fills the ones it knows; an unknown name in a
# content file is a load error.
PLACEHOLDERS = frozenset(
    {
        "name",  # how we address the user (may be empty)
        "ex",  # the nickname the user chose for their ex, or "them"
        "day",  # day X of the plan
        "days",  # plan length N
        "days_left",
        "reason",  # one of the user's own reasons
        "streak",  # current run in days
        "longest",
        "total",
        "minutes",
        "time",
        "zone",
        "quiet",
        "date",
        "count",
        "strength",
        "line",  # a crisis line, formatted
        "detail",
        "value",
        "field",
        "command",
        "path",
    }
)


# The program's shape. `bot/domain/program.py` walks these; loading checks the content against
# them so a thin pool is caught by the tests, not noticed by a user who sees the same line twice.
PHASES = ("early", "middle", "last_week", "after")
TASK_CATEGORIES = (
    "health",
    "diet",
    "movement",
    "sleep",
    "project",
    "people",  # friends and family
    "outside",  # getting out of the house
    "self_respect",
)
MILESTONE_DAYS = (1, 3, 7, 14, 21, 30)
MILESTONE_KINDS = ("end", "every30")
REVIEW_CHOICES = ("extend", "move_on", "resume")

# Pools walked day by day must never repeat an item within 30 days. A pool walked once a day
# needs at least 30 items open to every phase (a phase can last longer than 30 days); tasks
# are walked per category, one category a day in blocks of 8 days, so 5 per category and
# phase keep any repeat at least 33 days apart. See `bot/domain/program.py` for the proof.
MIN_PER_PHASE: Mapping[str, int] = {"morning": 30, "journal_prompt": 30, "checkin_question": 30}
MIN_TASKS_PER_PHASE_AND_CATEGORY = 5
MIN_ITEMS: Mapping[str, int] = {
    "morning": 60,
    "task": 60,
    "journal_prompt": 40,
    "urge_line": 30,
    "slip_recovery": 15,
    "ex_contacted": 5,
    "run_into": 5,
    "checkin_question": 30,
    "milestone": len(MILESTONE_DAYS) + len(MILESTONE_KINDS),
    "review": 1 + len(REVIEW_CHOICES),
    "phase_intro": len(PHASES),
}

# The values the code fills each pool's texts with (see the callers: `bot/domain/nudges.py` for the
# scheduler's messages, `bot/flows/*` for answers, all from `program.fields_for`). A text
# using anything else would be shown with a hole in it, so loading refuses it. Guidance is
# shown even to someone without a plan, so it gets no values at all.
DAY_FIELDS = frozenset({"name", "ex", "day", "days", "days_left", "reason"})
POOL_FIELDS: Mapping[str, frozenset[str]] = {
    "morning": DAY_FIELDS,
    "task": DAY_FIELDS,
    "journal_prompt": DAY_FIELDS,
    "urge_line": DAY_FIELDS,
    "slip_recovery": DAY_FIELDS,
    "checkin_question": DAY_FIELDS,
    "milestone": DAY_FIELDS,
    "review": DAY_FIELDS,
    "phase_intro": DAY_FIELDS,
    "ex_contacted": frozenset(),
    "run_into": frozenset(),
    "crisis_talk": frozenset(),
    "crisis_again": frozenset(),
    "crisis_morning": frozenset(),
    # bot/situations: answers to what people bring, the fallback's questions, the note for
    # another language, and the lead put before a line that would repeat. Shown to anyone,
    # plan or not, so only the nickname of the ex (which always has a default).
    "situation": frozenset({"ex"}),
    "chat_question": frozenset({"ex"}),
    "other_language": frozenset(),
    "again_lead": frozenset(),
}

# Values that may be empty for a user (no name given, no reasons written). A text using one of
# them needs a `fallback` text that does without, so nobody reads "Morning, ." at 7 a.m.
OPTIONAL_FIELDS = frozenset({"name", "reason"})


class ContentError(ValueError):
    """A content file is broken; raised at load time."""


@dataclass(frozen=True)
class Item:
    """One entry of a pool: a morning message, a task, a prompt, ..."""

    id: str
    text: str
    pool: str
    phase: tuple[str, ...] = ()  # empty: open to every phase
    category: str = ""
    extra: Mapping[str, Any] = field(default_factory=dict)

    def __hash__(self) -> int:
        # `extra` is a dict, so the generated hash would fail; ids are unique per language.
        return hash((self.pool, self.id))

    def in_phase(self, phase: str) -> bool:
        """An item without phases belongs to all of them."""
        return not self.phase or phase in self.phase


def fingerprint(text: str) -> str:
    """A short, one-way fingerprint of a text Cooloff sent (never of what a person wrote):
    enough to tell "the same line again" without keeping the line."""
    return hashlib.sha256(" ".join(text.split()).encode()).hexdigest()[:16]


@dataclass(frozen=True)
class Said:
    """What was last said to one person, as fingerprints only (see `fingerprint`): the last
    message, the whole last answer, each of its paragraphs, and the situation topic it
    answered (a name from bot/situations/topics.toml, or ""). Kept in the conversation row
    so the next answer can be different, and can follow on from the topic."""

    last: str = ""
    whole: str = ""
    topic: str = ""
    parts: frozenset[str] = frozenset()

    @classmethod
    def of(cls, texts: Sequence[str], topic: str = "") -> Said:
        paragraphs = [p for t in texts for p in t.split("\n\n") if p.strip()]
        return cls(
            last=fingerprint(texts[-1]) if texts else "",
            whole=fingerprint("\n".join(texts)),
            topic=topic,
            parts=frozenset(fingerprint(p) for p in paragraphs[:8]),
        )

    @classmethod
    def parse(cls, raw: object) -> Said:
        if not isinstance(raw, str):
            return cls()
        last, whole, topic, parts = ([*raw.split(":", 3), "", "", ""])[:4]
        return cls(last, whole, topic, frozenset(p for p in parts.split(".") if p))

    def dump(self) -> str:
        return ":".join([self.last, self.whole, self.topic, ".".join(sorted(self.parts))])

    def avoids(self) -> frozenset[str]:
        """Fingerprints a new answer should not repeat: the last message and its parts."""
        return self.parts | ({self.last} if self.last else set())


def placeholders_in(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


class _Fields(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return ""


class _Unfilled(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def render(text: str, **fields: Any) -> str:
    """Fill placeholders; a placeholder without a value renders empty, never `{x}`."""
    return text.format_map(_Fields(fields))


def render_strict(text: str, **fields: Any) -> str:
    """Fill placeholders, leaving one without a value as `{x}`: for the content checks, so
    they can see which text a caller would have shown with a hole in it."""
    return text.format_map(_Unfilled(fields))


def render_item(item: Item, **fields: Any) -> str:
    """Render an item, switching to its `fallback` text when an optional value is missing.

    A text that greets by name or quotes one of the user's reasons reads wrong without them;
    such items carry a second wording that needs neither.
    """
    return render(_text_for(item, fields), **fields)


def render_item_strict(item: Item, **fields: Any) -> str:
    """`render_item`, leaving a placeholder without a value as `{x}` (see `render_strict`)."""
    return render_strict(_text_for(item, fields), **fields)


def _text_for(item: Item, fields: Mapping[str, Any]) -> str:
    text = item.text
    fallback = item.extra.get("fallback")
    if isinstance(fallback, str):
        missing = {k for k in OPTIONAL_FIELDS if not str(fields.get(k) or "").strip()}
        if placeholders_in(text) & missing:
            text = fallback
    return text


def _check_text(where: str, text: object) -> str:
    if not isinstance(text, str) or not text.strip():
        raise ContentError(f"{where}: empty or not a string")
    if len(text) > MAX_TEXT_CHARS:
        raise ContentError(f"{where}: {len(text)} characters, over {MAX_TEXT_CHARS}")
    try:
        unknown = placeholders_in(text) - PLACEHOLDERS
    except ValueError as exc:
        raise ContentError(f"{where}: malformed placeholder ({exc})") from exc
    if unknown:
        raise ContentError(f"{where}: unknown placeholder(s) {sorted(unknown)}")
    return text


class Library:
    """The loaded, validated words of one language."""

    def __init__(self, lang: str, ui: dict[str, str], pools: dict[str, list[Item]]) -> None:
        self.lang = lang
        self._ui = ui
        self._pools = pools
        self._by_id = {item.id: item for items in pools.values() for item in items}

    @classmethod
    def load(
        cls, lang: str = "en", base: str | Path | None = None, *, program: bool = True
    ) -> Library:
        """Load and validate one language.

        `base` is a content root holding one folder per language (default: the packaged
        `bot/content`), so tests can load broken content from a temporary folder. With
        `program` (the default) the pools the daily program needs are checked too: their
        minimum sizes per phase, categories, milestones and review choices.
        """
        root: Traversable | Path = (
            Path(base) if base is not None else resources.files("bot") / "content"
        )
        folder = root / lang
        if not folder.is_dir():
            raise ContentError(f"no content folder for language {lang!r}")
        ui: dict[str, str] = {}
        pools: dict[str, list[Item]] = {}
        seen_ids: set[str] = set()
        names = sorted(p.name for p in folder.iterdir() if p.name.endswith(".toml"))
        if not names:
            raise ContentError(f"no content files for language {lang!r}")
        for name in names:
            try:
                data = tomllib.loads((folder / name).read_text(encoding="utf-8"))
            except tomllib.TOMLDecodeError as exc:
                raise ContentError(f"{lang}/{name}: not valid TOML ({exc})") from exc
            for key, value in data.items():
                where = f"{lang}/{name}:{key}"
                if key == "ui":
                    for ui_key, text in value.items():
                        if ui_key in ui:
                            raise ContentError(f"{where}.{ui_key}: duplicate ui key")
                        ui[ui_key] = _check_text(f"{where}.{ui_key}", text)
                    continue
                if not isinstance(value, list):
                    raise ContentError(f"{where}: a pool must be an array of tables")
                for raw in value:
                    item = _item(where, key, raw)
                    if item.id in seen_ids:
                        raise ContentError(f"{where}: duplicate id {item.id!r}")
                    seen_ids.add(item.id)
                    pools.setdefault(key, []).append(item)
        if program:
            check_program(lang, pools)
        return cls(lang, ui, pools)

    def ui(self, key: str, **fields: Any) -> str:
        """A fixed interface text (prompts, button labels, errors) by key."""
        return render(self._ui[key], **fields)

    def ui_template(self, key: str) -> str:
        """A ui text before its placeholders are filled (for the content checks)."""
        return self._ui[key]

    def has_ui(self, key: str) -> bool:
        return key in self._ui

    def ui_keys(self) -> Collection[str]:
        return self._ui.keys()

    def pool(self, name: str) -> list[Item]:
        return self._pools.get(name, [])

    def pools(self) -> Mapping[str, list[Item]]:
        return self._pools

    def item(self, item_id: str) -> Item | None:
        return self._by_id.get(item_id)

    def pick_fresh(
        self,
        items: Sequence[Item],
        seed: str,
        avoid: Collection[str] = (),
        **fields: Any,
    ) -> tuple[Item, str]:
        """A deterministic choice among `items` for a seed, rendered, whose text is none of
        the fingerprints in `avoid` (what was last said to this person, see `Said`) while any
        other remains: so the same answer never comes twice in a row."""
        if not items:
            raise KeyError("nothing to pick from")
        digest = hashlib.sha256(f"{items[0].pool}:{seed}".encode()).digest()
        start = int.from_bytes(digest[:8], "big") % len(items)
        ordered = [items[(start + k) % len(items)] for k in range(len(items))]
        rendered = [(item, render_item(item, **fields)) for item in ordered]
        for item, text in rendered:
            if fingerprint(text) not in avoid:
                return item, text
        return rendered[0]

    def vary(self, text: str, seed: str, avoid: str | None) -> str:
        """`text`, unless its fingerprint is `avoid`: then the same text led by a short line
        from the "again_lead" pool (one the text does not already start with), so a step
        offered again never reads as the identical message."""
        if fingerprint(text) != avoid:
            return text
        leads = [i for i in self.pool("again_lead") if not text.startswith(i.text)]
        if not leads:
            return text
        lead, _ = self.pick_fresh(leads, seed)
        return f"{lead.text} {text}" if "\n" not in text[:80] else f"{lead.text}\n\n{text}"

    def pick(self, pool: str, seed: str, exclude: Collection[str] = ()) -> Item:
        """A deterministic choice from a pool for a seed (e.g. user and moment).

        Items in `exclude` are avoided while any other remains.
        """
        items = self._pools.get(pool)
        if not items:
            raise KeyError(f"empty pool {pool!r}")
        choices = [i for i in items if i.id not in exclude] or items
        digest = hashlib.sha256(f"{pool}:{seed}".encode()).digest()
        return choices[int.from_bytes(digest[:8], "big") % len(choices)]


def _item(where: str, pool: str, raw: object) -> Item:
    if not isinstance(raw, dict):
        raise ContentError(f"{where}: entries must be tables")
    item_id = raw.get("id")
    if not isinstance(item_id, str) or not item_id:
        raise ContentError(f"{where}: an entry without an id")
    text = _check_text(f"{where}[{item_id}]", raw.get("text"))
    phase = raw.get("phase", ())
    if isinstance(phase, str):
        phase = (phase,)
    if not isinstance(phase, list | tuple) or not all(isinstance(p, str) for p in phase):
        raise ContentError(f"{where}[{item_id}]: phase must be a string or a list of strings")
    extra = {k: v for k, v in raw.items() if k not in {"id", "text", "phase", "category"}}
    for k, v in extra.items():
        if isinstance(v, str):
            _check_text(f"{where}[{item_id}].{k}", v)
    return Item(
        id=item_id,
        text=text,
        pool=pool,
        phase=tuple(phase),
        category=str(raw.get("category", "")),
        extra=extra,
    )


def check_program(lang: str, pools: Mapping[str, list[Item]]) -> None:
    """Check that the content can carry the program: raise `ContentError` saying what is thin.

    Per-item checks (phases, categories, milestone keys, fallbacks) come first so a typo is
    reported as a typo rather than as a pool that looks too small.
    """
    for pool, items in pools.items():
        for item in items:
            _check_item_shape(f"{lang}:{pool}[{item.id}]", item)
    for pool, minimum in MIN_ITEMS.items():
        count = len(pools.get(pool, []))
        if count < minimum:
            raise ContentError(f"{lang}:{pool}: {count} items, at least {minimum} needed")
    for pool, minimum in MIN_PER_PHASE.items():
        for phase in PHASES:
            count = sum(1 for i in pools[pool] if i.in_phase(phase))
            if count < minimum:
                raise ContentError(
                    f"{lang}:{pool}: phase {phase!r} has {count} items, at least {minimum} needed"
                )
    for phase in PHASES:
        for category in TASK_CATEGORIES:
            count = sum(1 for i in pools["task"] if i.category == category and i.in_phase(phase))
            if count < MIN_TASKS_PER_PHASE_AND_CATEGORY:
                raise ContentError(
                    f"{lang}:task: phase {phase!r} has {count} {category!r} tasks, "
                    f"at least {MIN_TASKS_PER_PHASE_AND_CATEGORY} needed"
                )
    milestones = pools["milestone"]
    for day in MILESTONE_DAYS:
        if not any(i.extra.get("day") == day for i in milestones):
            raise ContentError(f"{lang}:milestone: nothing for day {day}")
    for kind in MILESTONE_KINDS:
        if not any(i.extra.get("kind") == kind for i in milestones):
            raise ContentError(f"{lang}:milestone: nothing of kind {kind!r}")
    review = pools["review"]
    if not any(i.extra.get("kind") == "intro" for i in review):
        raise ContentError(f'{lang}:review: no intro (kind = "intro")')
    for choice in REVIEW_CHOICES:
        if not any(i.extra.get("choice") == choice for i in review):
            raise ContentError(f"{lang}:review: no guidance for choice {choice!r}")
    for phase in PHASES:
        if not any(phase in i.phase for i in pools["phase_intro"]):
            raise ContentError(f"{lang}:phase_intro: nothing for phase {phase!r}")


def _check_item_shape(where: str, item: Item) -> None:
    unknown = set(item.phase) - set(PHASES)
    if unknown:
        raise ContentError(f"{where}: unknown phase(s) {sorted(unknown)}")
    if item.pool == "task" and item.category not in TASK_CATEGORIES:
        raise ContentError(f"{where}: category {item.category!r} is not one of {TASK_CATEGORIES}")
    if item.pool != "task" and item.category:
        raise ContentError(f"{where}: only tasks have a category")
    if item.pool == "milestone":
        day, kind = item.extra.get("day"), item.extra.get("kind")
        if (day is None) == (kind is None):
            raise ContentError(f"{where}: a milestone needs either `day` or `kind`")
        if day is not None and (isinstance(day, bool) or day not in MILESTONE_DAYS):
            raise ContentError(f"{where}: milestone day {day!r} is not one of {MILESTONE_DAYS}")
        if kind is not None and kind not in MILESTONE_KINDS:
            raise ContentError(f"{where}: milestone kind {kind!r} is not one of {MILESTONE_KINDS}")
    if item.pool == "review":
        choice, kind = item.extra.get("choice"), item.extra.get("kind")
        if choice is None and kind != "intro":
            raise ContentError(f'{where}: a review text needs `choice` or kind = "intro"')
        if choice is not None and choice not in REVIEW_CHOICES:
            raise ContentError(f"{where}: review choice {choice!r} is not one of {REVIEW_CHOICES}")
    if item.pool == "phase_intro" and len(item.phase) != 1:
        raise ContentError(f"{where}: a phase intro belongs to exactly one phase")
    fallback = item.extra.get("fallback")
    if item.pool in POOL_FIELDS:
        texts = [item.text, *([fallback] if isinstance(fallback, str) else [])]
        unfilled = set().union(*(placeholders_in(t) for t in texts)) - POOL_FIELDS[item.pool]
        if unfilled:
            raise ContentError(
                f"{where}: uses {sorted(unfilled)}, which the code never fills in "
                f"{item.pool} texts (it fills {sorted(POOL_FIELDS[item.pool]) or 'nothing'})"
            )
    needs = placeholders_in(item.text) & OPTIONAL_FIELDS
    if needs and not isinstance(fallback, str):
        raise ContentError(f"{where}: uses {sorted(needs)}, which may be empty; add a `fallback`")
    if isinstance(fallback, str) and placeholders_in(fallback) & OPTIONAL_FIELDS:
        raise ContentError(f"{where}: the fallback must not use {sorted(OPTIONAL_FIELDS)}")
