"""Which pinned rows a change flips: compare the detector with tests/data/intent/golden.tsv.

Run: `.venv/bin/python benchmarks/golden_diff.py` (prints every changed row, exits 1 if any)
or `--write` to pin today's behaviour after a change you mean (then commit the file);
`--update` does the same in place, touching only the rows that changed or are new.

The golden file pins every labelled row: the team batches and the chat sets by their text,
the breakups_tune.txt labels by line number (that text stays in ../shared). Each row holds
its label and what the detector answers; rows where the two differ are the known misses,
listed explicitly (`miss`). Data lines start with "#<TAB>" so loaders that read the folder
as label<TAB>text skip them.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from test_intent_corpus import (  # noqa: E402
    CHAT_TEST_UNPINNED,
    CHAT_TRAIN_ONLY,
    CHAT_WITH_TEST,
    DATA,
    load_chat,
    load_labelled,
    load_realtext,
)

from bot.intent import classify  # noqa: E402

GOLDEN = DATA / "golden.tsv"
HEADER = (
    "# Golden file: every labelled row, its label and the detector's answer when pinned\n"
    "# (benchmarks/golden_diff.py --write). status is ok or miss (a known miss).\n"
    "# Data lines: #<TAB>source<TAB>key<TAB>label<TAB>answer<TAB>status; key is the text, or\n"
    "# the line number of ../shared/realtext/breakups_tune.txt for source realtext.\n"
)

Row = tuple[str, str, str, str]  # source, key, label, text


def rows() -> list[Row]:
    out: list[Row] = []
    for path in sorted(DATA.glob("*.tsv")):
        out += [(path.stem, t, g.value, t) for g, t in load_labelled(path)]
    for name in CHAT_WITH_TEST + CHAT_TRAIN_ONLY:
        part = "dev" if name in CHAT_TEST_UNPINNED else "all"
        out += [(name, t, g.value, t) for g, t in load_chat(name, part)]
    out += [("realtext", str(n), g.value, t) for n, g, t in load_realtext()]
    return out


def current() -> dict[tuple[str, str], tuple[str, str]]:
    return {(s, k): (g, classify(t).intent.value) for s, k, g, t in rows()}


def read(path: Path = GOLDEN) -> dict[tuple[str, str], tuple[str, str]]:
    out: dict[tuple[str, str], tuple[str, str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#\t"):
            continue
        _, source, key, label, answer, _status = line.split("\t")
        out[(source, key)] = (label, answer)
    return out


def write(now: dict[tuple[str, str], tuple[str, str]], path: Path = GOLDEN) -> None:
    lines = [HEADER.rstrip("\n")]
    for (source, key), (label, answer) in now.items():
        status = "ok" if label == answer else "miss"
        lines.append(f"#\t{source}\t{key}\t{label}\t{answer}\t{status}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def update(now: dict[tuple[str, str], tuple[str, str]], path: Path = GOLDEN) -> tuple[int, int]:
    """Pin today's answers in place: rewrite only the lines whose label or answer changed and
    append rows that are not pinned yet, leaving every other line (and its order) as it is,
    so rows someone else appended at the same time survive. Returns (changed, appended)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    seen: set[tuple[str, str]] = set()
    changed = 0
    for i, line in enumerate(lines):
        if not line.startswith("#\t"):
            continue
        _, source, key, label, answer, _status = line.split("\t")
        seen.add((source, key))
        got = now.get((source, key))
        if got is None or got == (label, answer):
            continue
        status = "ok" if got[0] == got[1] else "miss"
        lines[i] = f"#\t{source}\t{key}\t{got[0]}\t{got[1]}\t{status}"
        changed += 1
    new = [(k, v) for k, v in now.items() if k not in seen]
    for (source, key), (label, answer) in new:
        status = "ok" if label == answer else "miss"
        lines.append(f"#\t{source}\t{key}\t{label}\t{answer}\t{status}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return changed, len(new)


def diff(
    pinned: dict[tuple[str, str], tuple[str, str]], now: dict[tuple[str, str], tuple[str, str]]
) -> list[str]:
    """One line per row whose answer or label changed, or that appeared or went away.

    Realtext rows are compared only when ../shared is present (their text lives there).
    """
    have_realtext = any(s == "realtext" for s, _ in now)
    out: list[str] = []
    for key in sorted(set(pinned) | set(now)):
        source, k = key
        if source == "realtext" and not have_realtext:
            continue
        a, b = pinned.get(key), now.get(key)
        if a == b:
            continue
        was = f"{a[1]} (label {a[0]})" if a else "absent"
        got = f"{b[1]} (label {b[0]})" if b else "absent"
        fixed = " FIXED" if b and b[0] == b[1] else " BROKEN" if a and a[0] == a[1] else ""
        out.append(f"{source}\t{k[:120]}\t{was} -> {got}{fixed}")
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="pin today's answers (rewrite)")
    parser.add_argument(
        "--update",
        action="store_true",
        help="pin today's answers in place: only changed rows and new rows are touched",
    )
    args = parser.parse_args()
    now = current()
    if args.update:
        changed, appended = update(now)
        print(f"updated {changed} pinned rows and appended {appended} new rows in {GOLDEN}")
        return 0
    if args.write:
        write(now)
        misses = sum(1 for g, a in now.values() if g != a)
        print(f"pinned {len(now)} rows ({misses} known misses) in {GOLDEN}")
        return 0
    changed = diff(read(), now)
    for line in changed:
        print(line)
    print(f"{len(changed)} pinned rows changed")
    return 1 if changed else 0


if __name__ == "__main__":
    raise SystemExit(main())
