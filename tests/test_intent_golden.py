"""Every labelled row is pinned in tests/data/intent/golden.tsv with its label and the
detector's answer; a change that flips one fails here. `benchmarks/golden_diff.py` prints
exactly which rows changed, and `--write` pins a change you mean."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

import golden_diff


def test_golden_file_pins_every_labelled_row() -> None:
    pinned = golden_diff.read()
    rows = golden_diff.rows()
    have = {(s, k) for s, k, _, _ in rows}
    missing = [key for key in have if key not in pinned]
    assert not missing, f"{len(missing)} labelled rows are not pinned: run golden_diff.py --write"
    for source, key, label, _ in rows:
        assert pinned[(source, key)][0] == label, f"label changed for {source} {key[:60]}"


def test_no_pinned_row_flips() -> None:
    changed = golden_diff.diff(golden_diff.read(), golden_diff.current())
    assert not changed, "pinned rows changed (golden_diff.py shows them):\n" + "\n".join(
        changed[:40]
    )


def test_known_misses_are_listed_explicitly() -> None:
    text = golden_diff.GOLDEN.read_text(encoding="utf-8")
    statuses = {line.rsplit("\t", 1)[-1] for line in text.splitlines() if line.startswith("#\t")}
    assert statuses <= {"ok", "miss"}
