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
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from bot.intent.families_contact import family_hits
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
        # Every number read as a float at once (24,089 rows of weights; a start-up cost).
        raw = json.loads(LINEAR.read_text(encoding="utf-8"), parse_int=float)
        if raw["feature_spec"] != FEATURE_SPEC or tuple(raw["classes"]) != CLASSES:
            raise ValueError("weights written for other features or classes")
        weights = raw["weights"]
        if not all(isinstance(x, float) for v in weights.values() for x in v):
            raise ValueError("a weight that is not a number")
        return Linear(
            version=str(raw["version"]),
            weights={str(k): tuple(v) for k, v in weights.items()},
            bias=tuple(float(x) for x in raw["bias"]),
            mix=float(raw["mix"]),
        )
    except (OSError, ValueError, KeyError, TypeError) as exc:
        log.error(
            "contact model unreadable at %s (%s); rules only", LINEAR.name, type(exc).__name__
        )
        return None


def scores(parts: Sequence[str]) -> dict[str, float] | None:
    """Probabilities of none / urge / slip / ex_reached_out (summing to 1), or None without
    a model."""
    lin = linear()
    if lin is None:
        return None
    if not any(s.split() for s in parts):
        # No words at all (an emoji the normaliser does not spell): the bias alone would
        # decide, so say plainly that there is nothing about contact here.
        return {CLASSES[i]: (1.0 if i == 0 else 0.0) for i in CONTACT}
    if lin.mix > 0.0:
        from bot.intent import sequence_model  # numpy, only for a model that uses the CNN

        full = sequence_model.model()
        if full is None:
            return None
        p = [float(x) for x in full.probs(parts)]
    else:
        p = lin.probs(parts)
    total = sum(p[i] for i in CONTACT) or 1.0
    return {CLASSES[i]: p[i] / total for i in CONTACT}


# A contact family's hit overrules the model's `none` only when the model gives that intent
# at least this probability (chosen on the validation split: `train_intent.py --validate`).
TRUST_FLOOR = 0.1


_PRIORITY = ("slip", "ex_reached_out", "urge")  # the conventions' order when several apply


def rule_intents(parts: Sequence[str]) -> list[str]:
    """The intents whose clause rules fired, in the conventions' order."""
    fired = {f[5:] for f in rule_features(parts) if f.startswith("rule:")}
    return [c for c in _PRIORITY if c in fired]


# When the model's top class is below this probability and a clause rule fired, the rule's
# intent decides (round 5; 0 switches it off; 0.45 chosen on `train_intent.py --validate`:
# the validation split and fresh_validation_e, docs/detector.md).
WEAK_TOP = 0.45

# The model's `none` is weighed by this before deciding (round 6). Its training rows are
# about two thirds `none` (9,000 of them story sentences from r/BreakUps), while a message
# typed to a no-contact bot is far more often about contact; this can correct that prior.
# Off (1): on `train_intent.py --validate` x0.5 raised chat urge recall 0.89 -> 0.92 but
# more than doubled the flags on ordinary comments (GoEmotions) and flagged a seed-article
# sentence; the grid stays in --validate (docs/detector.md, round 6).
NONE_WEIGHT = 1.0


def weighed(probs: Mapping[str, float], none_weight: float = NONE_WEIGHT) -> dict[str, float]:
    """The model's probabilities with `none` weighed by `none_weight`, summing to 1 again."""
    out = {c: p * (none_weight if c == "none" else 1.0) for c, p in probs.items()}
    total = sum(out.values()) or 1.0
    return {c: p / total for c, p in out.items()}


def decide(
    probs: Mapping[str, float],
    fired: Iterable[str],
    floor: float = TRUST_FLOOR,
    rules: Sequence[str] = (),
    weak: float = WEAK_TOP,
    none_weight: float = NONE_WEIGHT,
) -> str:
    """The decision from the model's probabilities and the intents of the families that fired.

    `none` is first weighed by `none_weight` (see `NONE_WEIGHT`). Then the most probable
    class wins, with one exception: the model may not answer `none` over a
    contact family that fired (and that the model gives at least `floor`), unless a
    not-contact family (advice to others, ...) fired too; then the most probable of the
    fired contact intents wins. A family is written for
    its meaning, with examples and counter-examples, so its hit is trusted against `none`
    (chosen on the validation split of the dev parts, docs/detector.md); which contact
    intent it is stays the model's call. Keyed by intents only, never by a family's name.
    """
    probs = weighed(probs, none_weight)
    best = max(probs, key=lambda c: probs[c])
    if rules and probs[best] < weak:
        return rules[0]
    intents = set(fired)
    if best != "none" or "none" in intents:
        return best
    contact = [c for c in probs if c != "none" and c in intents and probs[c] >= floor]
    return max(contact, key=lambda c: probs[c]) if contact else best


def predict(parts: Sequence[str]) -> tuple[str, float] | None:
    """The decided contact class and its probability, or None without a model."""
    p = scores(parts)
    if p is None:
        return None
    q = weighed(p)
    rules = rule_intents(parts) if max(q.values()) < WEAK_TOP else ()
    label = decide(p, (f.intent for f in family_hits(parts)), rules=rules)
    return label, q[label]
