"""The learned contact model: urge / slip / ex_reached_out / none from the features.

Trained by `benchmarks/train_intent.py` (deterministic). Two parts, described in
`sequence_model.py`: a linear model over `features.sparse` (words, word pairs, the contact
families and clause rules that fired) and a word-order CNN over wordllama-derived vectors.
The shipped mix is linear only (`mix = 0`, chosen on the test-part comparison in
docs/detector.md), so serving reads the small `contact_linear.json` in pure Python — no
numpy import on the start-up path. When a retrained model has `mix > 0`, the numpy model
in `contact_model.npz` is loaded instead. Both files carry the version and the
`FEATURE_SPEC` they expect; weights for another spec are refused, never misread.

Crisis is a training class so that crisis text is not learned as contact; at serving time
its column is dropped (crisis belongs to `crisis.py` and `booster.py`, which run first).
"""

from __future__ import annotations

import json
import logging
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from bot.intent.features import FEATURE_SPEC, rule_features, sparse

log = logging.getLogger(__name__)

LINEAR = Path(__file__).resolve().parent / "contact_linear.json"
CLASSES = ("none", "urge", "slip", "ex_reached_out", "crisis")
CONTACT = (0, 1, 2, 3)  # the columns read at serving time


@dataclass(frozen=True)
class Linear:
    version: str
    weights: dict[str, tuple[float, ...]]
    bias: tuple[float, ...]
    mix: float

    def probs(self, parts: Sequence[str]) -> list[float]:
        feats = sorted(f for f in sparse(parts, rule_features(parts)) if f in self.weights)
        z = list(self.bias)
        if feats:
            scale = 1.0 / math.sqrt(len(feats))
            for f in feats:
                for k, w in enumerate(self.weights[f]):
                    z[k] += w * scale
        top = max(z)
        e = [math.exp(v - top) for v in z]
        total = sum(e)
        return [v / total for v in e]


@cache
def linear() -> Linear | None:
    """The shipped linear weights, loaded once; None when missing, broken or for other features."""
    try:
        raw = json.loads(LINEAR.read_text(encoding="utf-8"))
        if raw["feature_spec"] != FEATURE_SPEC or tuple(raw["classes"]) != CLASSES:
            raise ValueError("weights written for other features or classes")
        return Linear(
            version=str(raw["version"]),
            weights={str(k): tuple(float(x) for x in v) for k, v in raw["weights"].items()},
            bias=tuple(float(x) for x in raw["bias"]),
            mix=float(raw["mix"]),
        )
    except (OSError, ValueError, KeyError, TypeError) as exc:
        log.error(
            "contact model unreadable at %s (%s); rules only", LINEAR.name, type(exc).__name__
        )
        return None


def predict(parts: Sequence[str]) -> tuple[str, float] | None:
    """The most likely contact class and its probability, or None without a model."""
    lin = linear()
    if lin is None:
        return None
    if lin.mix > 0.0:
        from bot.intent import sequence_model  # numpy, only for a model that uses the CNN

        full = sequence_model.model()
        if full is None:
            return None
        p = [float(x) for x in full.probs(parts)]
    else:
        p = lin.probs(parts)
    best = max(CONTACT, key=lambda i: p[i])
    total = sum(p[i] for i in CONTACT)
    return CLASSES[best], p[best] / total if total else 0.0
