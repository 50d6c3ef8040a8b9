"""/progress: a picture of the plan so far. Data in, PNG bytes out.

The rendering is a pure function of `ProgressData` (no clock, no store, no global pyplot
state: each call builds its own `Figure` on the Agg canvas), so it can be tested and timed
on its own. Gathering the data, the /progress command and its flow live in
`bot.features.buddy_progress`, which imports this module (never the other way round).

Three panels: the plan as a calendar (no-contact days, slips, limited contact, days still
ahead), urge strength before and after each urge over time, and the hours when urges come.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.transforms import Transform


WIDTH_IN, HEIGHT_IN, DPI = 8.0, 9.0, 100
PNG_SIZE = (int(WIDTH_IN * DPI), int(HEIGHT_IN * DPI))  # (width, height) in pixels
MAX_CALENDAR_DAYS = 53 * 7  # a year of weeks, plus the one that is starting
WEEKLY_MEANS_FROM = 40  # with more urges than this, weekly means carry the strength panel

# Calendar cell kinds, in colour order.
EMPTY, AHEAD, CLEAN, LIMITED, SLIP = range(5)
COLOURS = ("#ffffff", "#e6e6e6", "#5aae61", "#f4a736", "#d6604d")
BEFORE_COLOUR, AFTER_COLOUR, LINK_COLOUR, BAR_COLOUR = "#d6604d", "#4393c3", "#bbbbbb", "#762a83"

# Words drawn in the picture; `bot.features.buddy_progress` fills them from the content files.
LABEL_KEYS = (
    "title",
    "calendar",
    "clean",
    "limited",
    "slip",
    "ahead",
    "strength",
    "before",
    "after",
    "no_urges",
    "hours",
)


@dataclass(frozen=True)
class UrgePoint:
    """One urge, at the person's local time; strengths 0-10 when they gave them."""

    at: datetime
    before: int | None = None
    after: int | None = None


@dataclass(frozen=True)
class ProgressData:
    today: date  # the person's local today
    start: date  # the first day of their first plan
    end: date  # the last day of their current plan
    reset_days: frozenset[date] = frozenset()
    limited_days: frozenset[date] = frozenset()
    urges: tuple[UrgePoint, ...] = ()
    labels: Mapping[str, str] = field(default_factory=dict)

    def label(self, key: str) -> str:
        return self.labels.get(key, key.replace("_", " ").capitalize())


# --- the calendar grid (pure, testable without drawing) ------------------------------------


def calendar_window(data: ProgressData) -> tuple[date, date]:
    """First and last day shown: at most a year back, on to the plan's end, today always in."""
    first = min(max(data.start, data.today - timedelta(days=364)), data.today)
    last = max(data.today, data.end)
    last = min(last, max(data.today, first + timedelta(days=MAX_CALENDAR_DAYS - 8)))
    return first, last


def day_kind(data: ProgressData, day: date) -> int:
    if day < data.start:
        return EMPTY
    if day > data.today:
        return AHEAD if day <= data.end else EMPTY
    if day in data.reset_days:
        return SLIP
    if day in data.limited_days:
        return LIMITED
    return CLEAN


def calendar_grid(data: ProgressData) -> tuple[list[list[int]], date]:
    """Rows Monday..Sunday, one column per week; and the Monday the first column starts on."""
    first, last = calendar_window(data)
    monday = first - timedelta(days=first.weekday())
    weeks = (last - monday).days // 7 + 1
    grid = [[EMPTY] * weeks for _ in range(7)]
    day = first
    while day <= last:
        offset = (day - monday).days
        grid[offset % 7][offset // 7] = day_kind(data, day)
        day += timedelta(days=1)
    return grid, monday


def weekly_means(values: Sequence[tuple[date, float]]) -> tuple[list[float], list[float]]:
    """Mean value per Monday-to-Sunday week, placed mid-week (x as a day ordinal)."""
    sums: dict[int, list[float]] = {}
    for day, value in values:
        monday = day.toordinal() - day.weekday()
        sums.setdefault(monday, []).append(value)
    xs = sorted(sums)
    return [x + 3.5 for x in xs], [sum(sums[x]) / len(sums[x]) for x in xs]


def hour_counts(urges: Sequence[UrgePoint]) -> list[int]:
    counts = [0] * 24
    for urge in urges:
        counts[urge.at.hour] += 1
    return counts


# --- drawing -------------------------------------------------------------------------------


def render_png(data: ProgressData) -> bytes:
    """The progress picture as PNG bytes, `PNG_SIZE` pixels."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(WIDTH_IN, HEIGHT_IN), dpi=DPI)
    FigureCanvasAgg(fig)
    fig.text(0.06, 0.965, data.label("title"), fontsize=15, weight="bold", va="center")
    _draw_calendar(fig.add_axes((0.06, 0.64, 0.9, 0.27)), data)
    _draw_strength(fig.add_axes((0.06, 0.35, 0.9, 0.22)), data)
    _draw_hours(fig.add_axes((0.06, 0.06, 0.9, 0.2)), data)
    buffer = io.BytesIO()
    # Fast zlib: the picture is mostly flat colour, so level 1 costs little in size.
    fig.savefig(buffer, format="png", dpi=DPI, pil_kwargs={"compress_level": 1})
    return buffer.getvalue()


def _draw_calendar(ax: Axes, data: ProgressData) -> None:
    from matplotlib.colors import ListedColormap
    from matplotlib.patches import Rectangle

    ax.set_anchor("NW")
    grid, monday = calendar_grid(data)
    weeks = len(grid[0])
    ax.imshow(
        grid,
        cmap=ListedColormap(COLOURS),
        vmin=0,
        vmax=len(COLOURS) - 1,
        aspect="equal",
        interpolation="nearest",
        extent=(-0.5, weeks - 0.5, 6.5, -0.5),
    )
    # White gaps between the cells: two line collections (ticks or a patch per day would
    # cost more than the rest of the picture).
    gap = 1.5 if weeks < 20 else 0.8
    ax.vlines([x - 0.5 for x in range(1, weeks)], -0.5, 6.5, colors="white", linewidth=gap)
    ax.hlines([y - 0.5 for y in range(1, 7)], -0.5, weeks - 0.5, colors="white", linewidth=gap)
    today = (data.today - monday).days
    ax.add_patch(
        Rectangle((today // 7 - 0.5, today % 7 - 0.5), 1, 1, fill=False, lw=2, ec="#222222")
    )
    _axis_labels(ax, "y", [0, 2, 4, 6], ["Mon", "Wed", "Fri", "Sun"])
    ticks, names = [], []
    for week in range(weeks):
        first_of_week = monday + timedelta(days=7 * week)
        if week == 0 or first_of_week.day <= 7:
            ticks.append(week)
            names.append(first_of_week.strftime("%b"))
    step = max(1, len(ticks) // 13)
    _axis_labels(ax, "x", ticks[::step], names[::step])
    for side in ("top", "right", "left", "bottom"):
        ax.spines[side].set_visible(False)
    ax.set_title(data.label("calendar"), loc="left", fontsize=11)
    keys = ((CLEAN, "clean"), (LIMITED, "limited"), (SLIP, "slip"), (AHEAD, "ahead"))
    for n, (kind, key) in enumerate(keys):
        x = 0.41 + 0.14 * n
        _key(ax, ax.figure.transFigure, x, 0.935, COLOURS[kind], "■", data.label(key))


def _key(
    ax: Axes, transform: Transform, x: float, y: float, colour: str, mark: str, label: str
) -> None:
    """One legend entry as two texts (a matplotlib Legend costs ~15 ms to draw)."""
    ax.text(x, y, mark, transform=transform, color=colour, fontsize=11, va="center")
    ax.annotate(
        label,
        (x, y),
        xycoords=transform,
        xytext=(11, 0),
        textcoords="offset points",
        fontsize=8,
        va="center",
        annotation_clip=False,
    )


def _axis_labels(
    ax: Axes, axis: str, positions: Sequence[float], names: Sequence[str], size: float = 8
) -> None:
    """Axis labels as plain texts instead of matplotlib ticks: a tick is several artists
    built from rcParams, and ~40 of them cost more than everything else in the picture."""
    if axis == "x":
        ax.set_xticks([])
        transform = ax.get_xaxis_transform()
        for x, name in zip(positions, names, strict=True):
            ax.text(x, -0.04, name, transform=transform, ha="center", va="top", fontsize=size)
    else:
        ax.set_yticks([])
        transform = ax.get_yaxis_transform()
        for y, name in zip(positions, names, strict=True):
            ax.text(-0.01, y, name, transform=transform, ha="right", va="center", fontsize=size)


def _x(moment: datetime) -> float:
    return moment.toordinal() + (moment.hour * 60 + moment.minute) / 1440


def _draw_strength(ax: Axes, data: ProgressData) -> None:
    ax.set_title(data.label("strength"), loc="left", fontsize=11)
    ax.set_ylim(-0.5, 10.5)
    _axis_labels(ax, "y", [0, 5, 10], ["0", "5", "10"], size=9)
    rated = [u for u in data.urges if u.before is not None or u.after is not None]
    start, _ = calendar_window(data)
    lo = min([start.toordinal(), *(_x(u.at) for u in rated)])
    hi = max(data.today.toordinal() + 1, lo + 7)
    ax.set_xlim(lo - 0.5, hi + 0.5)
    if not rated:
        ax.text(
            0.5,
            0.5,
            data.label("no_urges"),
            transform=ax.transAxes,
            ha="center",
            va="center",
            color="#777777",
        )
    else:
        pairs = [
            (_x(u.at), float(u.before), float(u.after))
            for u in rated
            if u.before is not None and u.after is not None
        ]
        if pairs:
            ax.vlines(
                [x for x, _, _ in pairs],
                [a for _, _, a in pairs],
                [b for _, b, _ in pairs],
                colors=LINK_COLOUR,
                linewidth=0.8,
            )
        before = [u for u in rated if u.before is not None]
        after = [u for u in rated if u.after is not None]
        many = len(rated) > WEEKLY_MEANS_FROM
        size, alpha = (2.5, 0.35) if many else (4.0, 1.0)
        for points, attr, colour, key in (
            (before, "before", BEFORE_COLOUR, "before"),
            (after, "after", AFTER_COLOUR, "after"),
        ):
            values = [float(getattr(u, attr)) for u in points]
            ax.plot([_x(u.at) for u in points], values, "o", ms=size, alpha=alpha, color=colour)
            if many:
                xs, means = weekly_means(
                    [(u.at.date(), v) for u, v in zip(points, values, strict=True)]
                )
                ax.plot(xs, means, "-", lw=2, color=colour)
            _key(
                ax,
                ax.transAxes,
                0.78 if key == "before" else 0.9,
                1.04,
                colour,
                "●",
                data.label(key),
            )
    ticks, names = _date_ticks(int(lo), int(hi))
    _axis_labels(ax, "x", ticks, names)
    ax.spines["top"].set_visible(False)
    ax.spines["right"].set_visible(False)


def _date_ticks(lo: int, hi: int) -> tuple[list[int], list[str]]:
    """Ticks for a span of day ordinals: month starts over a long span, else every few days."""
    span = hi - lo
    if span > 90:
        days = [date.fromordinal(o) for o in range(lo, hi + 1)]
        firsts = [d for d in days if d.day == 1]
        step = max(1, len(firsts) // 12)
        return [d.toordinal() for d in firsts[::step]], [d.strftime("%b") for d in firsts[::step]]
    step = 7 if span > 21 else 2 if span > 10 else 1
    days = [date.fromordinal(o) for o in range(lo, hi + 1, step)]
    return [d.toordinal() for d in days], [d.strftime("%d %b") for d in days]


def _draw_hours(ax: Axes, data: ProgressData) -> None:
    from matplotlib.collections import PolyCollection

    counts = hour_counts(data.urges)
    # One collection for the 24 bars (cheaper to draw than 24 patches).
    bars = [[(h - 0.4, 0), (h - 0.4, n), (h + 0.4, n), (h + 0.4, 0)] for h, n in enumerate(counts)]
    ax.add_collection(PolyCollection(bars, facecolors=BAR_COLOUR, edgecolors="none"))
    ax.set_xlim(-0.6, 23.6)
    top = max(1, *counts)
    ax.set_ylim(0, top * 1.15)
    _axis_labels(ax, "x", range(0, 24, 3), [f"{h:02d}:00" for h in range(0, 24, 3)])
    marks = sorted({0, top // 2, top}) if top > 1 else [0, 1]
    _axis_labels(ax, "y", marks, [str(m) for m in marks], size=9)
    ax.set_title(data.label("hours"), loc="left", fontsize=11)
    ax.spines["top"].set_visible(False)
    ax.spines["right"].set_visible(False)
    if not data.urges:
        ax.text(
            0.5,
            0.5,
            data.label("no_urges"),
            transform=ax.transAxes,
            ha="center",
            va="center",
            color="#777777",
        )
