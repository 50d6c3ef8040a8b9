"""The labelled set and the seed articles, loaded the same way by tests and the benchmark.

`tests/data/intent/labelled.tsv` is written by the team (no real user or Reddit text). The
seed articles live outside the repository in `../shared/seeds/`; every sentence of them is
advice, so each must classify as `none`. When `../shared/` is absent the seed checks skip.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.intent import Intent

HERE = Path(__file__).resolve().parent
DATA = HERE / "data" / "intent"
SHARED = HERE.parent.parent / "shared"
SEEDS = SHARED / "seeds"

_SEED_SPLIT = re.compile(r"(?<=[.!?…])[\"')\]]*\s+|\n+|(?<=\.\.\.)|(?<=…)")


def load_labelled(*paths: Path) -> list[tuple[Intent, str]]:
    """(label, text) rows of the given TSV files, by default every `*.tsv` in `DATA`.

    Lines starting with '#' are comments.
    """
    rows: list[tuple[Intent, str]] = []
    for path in paths or tuple(sorted(DATA.glob("*.tsv"))):
        rows += _read_tsv(path)
    return rows


def _read_tsv(path: Path) -> list[tuple[Intent, str]]:
    rows: list[tuple[Intent, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        label, text = line.split("\t", 1)
        rows.append((Intent(label), text))
    return rows


def load_seed_sentences(seeds: Path = SEEDS) -> list[str]:
    """Every sentence of the seed articles: split at sentence ends and line breaks."""
    out: list[str] = []
    for path in sorted(seeds.glob("*.txt")):
        for piece in _SEED_SPLIT.split(path.read_text(encoding="utf-8")):
            piece = " ".join(piece.split())
            if re.search(r"[A-Za-z]", piece):
                out.append(piece)
    return out


def test_labelled_set_is_big_and_covers_every_intent() -> None:
    rows = load_labelled()
    assert len(rows) >= 600
    counts = {intent: sum(1 for label, _ in rows if label is intent) for intent in Intent}
    assert all(n >= 80 for n in counts.values()), counts
    texts = [text.lower() for _, text in rows]
    assert len(texts) == len(set(texts)), "duplicate rows inflate the figures"


def test_seed_sentences_load_when_shared_is_present() -> None:
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is not beside this clone")
    sentences = load_seed_sentences()
    assert len(sentences) > 50
    assert all(s == s.strip() for s in sentences)
