"""A learned crisis-recall booster behind the rules (issue 3, docs/detector.md).

A small logistic regression, crisis vs the rest, over the normalised sentences' word
unigrams, word pairs and character 4-grams. It only speaks where the rules said `none` and the
text has a first-person word, and it can only turn that `none` into `crisis`. The weights in
`crisis_weights.json` are produced deterministically by `benchmarks/crisis_model.py --write`
(trained on the team's labelled batches, never on real user or Reddit text); the threshold
was fixed before the untouched batch29 was scored (docs/detector.md, "round 2").
"""

from __future__ import annotations

import json
import logging
import math
from collections.abc import Sequence
from functools import cache
from itertools import pairwise
from pathlib import Path

log = logging.getLogger(__name__)

WEIGHTS = Path(__file__).resolve().parent / "crisis_weights.json"
THRESHOLD = 0.95
FIRST_PERSON = frozenset(("i", "me", "my", "myself", "mine", "im", "ive", "id", "ill"))


def features(parts: Sequence[str]) -> set[str]:
    feats: set[str] = set()
    for sent in parts:
        toks = ["<s>", *sent.split(), "</s>"]
        for a, b in pairwise(toks):
            feats.add("w:" + b)
            feats.add("b:" + a + "_" + b)
        padded = " " + sent + " "
        for i in range(len(padded) - 3):
            feats.add("c:" + padded[i : i + 4])
    return feats


def gate(parts: Sequence[str]) -> bool:
    """Only first-person text: the model is never asked about other people's lives."""
    return any(tok in FIRST_PERSON for sent in parts for tok in sent.split())


class Model:
    def __init__(self, weights: dict[str, float], bias: float) -> None:
        self.w = weights
        self.b = bias

    def prob(self, feats: set[str]) -> float:
        if not feats:
            return 0.0
        scale = 1.0 / math.sqrt(len(feats))
        z = self.b + scale * sum(self.w.get(f, 0.0) for f in feats)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


@cache
def model() -> Model | None:
    """The shipped weights, loaded once; None (rules only) if the file is missing or broken."""
    try:
        raw = json.loads(WEIGHTS.read_text(encoding="utf-8"))
        return Model({str(k): float(v) for k, v in raw["w"].items()}, float(raw["b"]))
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        log.error("crisis booster weights unreadable at %s; rules only", WEIGHTS.name)
        return None


def score(parts: Sequence[str]) -> float:
    """The model's crisis probability for first-person text, else 0.0."""
    m = model()
    if m is None or not gate(parts):
        return 0.0
    return m.prob(features(parts))
