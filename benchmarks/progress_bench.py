"""Time the /progress picture for a year of history (the budget is 300 ms).

Run: `.venv/bin/python benchmarks/progress_bench.py [--runs N] [--urges-per-day K]`

Builds a year of history (up to K urges a day with strengths before and after, slips and
limited-contact days), renders it once to warm matplotlib's font cache, then prints the
median, fastest and slowest of N renders, the PNG size, and whether the median is within
budget. The one-off first render (font cache, imports) is printed separately: it happens
once per process, at the first /progress.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.features.progress import PNG_SIZE, ProgressData, UrgePoint, render_png  # noqa: E402

BUDGET_MS = 300.0


def year_of_history(urges_per_day: int, seed: int = 7) -> ProgressData:
    rng = random.Random(seed)
    today = date(2026, 11, 22)
    start = today - timedelta(days=365)
    urges = []
    for n in range(366):
        day = start + timedelta(days=n)
        for _ in range(rng.randint(0, urges_per_day)):
            at = datetime(day.year, day.month, day.day, rng.randint(0, 23), rng.randint(0, 59))
            before = rng.randint(2, 10)
            urges.append(UrgePoint(at, before, max(0, before - rng.randint(0, 7))))
    return ProgressData(
        today=today,
        start=start,
        end=today + timedelta(days=30),
        reset_days=frozenset(start + timedelta(days=rng.randint(0, 365)) for _ in range(15)),
        limited_days=frozenset(start + timedelta(days=rng.randint(0, 365)) for _ in range(20)),
        urges=tuple(urges),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--urges-per-day", type=int, default=6)
    args = parser.parse_args()
    data = year_of_history(args.urges_per_day)
    started = time.perf_counter()
    png = render_png(data)
    first_ms = (time.perf_counter() - started) * 1000
    timings, cpu = [], []
    for _ in range(args.runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        png = render_png(data)
        timings.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    median = statistics.median(timings)
    print(f"history: 366 days, {len(data.urges)} urges, {len(data.reset_days)} slip days")
    print(f"picture: {PNG_SIZE[0]}x{PNG_SIZE[1]} px, {len(png) // 1024} KiB")
    print(f"first render (cold font cache): {first_ms:.0f} ms")
    print(
        f"render x{args.runs}: median {median:.0f} ms, "
        f"min {min(timings):.0f} ms, max {max(timings):.0f} ms"
    )
    print(f"CPU time per render: median {statistics.median(cpu):.0f} ms")
    verdict = "within" if median <= BUDGET_MS else "OVER"
    print(f"budget {BUDGET_MS:.0f} ms: {verdict}")


if __name__ == "__main__":
    main()
