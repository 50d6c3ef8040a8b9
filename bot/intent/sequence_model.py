"""The learned contact model with numpy: both parts, as trained (see contact_model.py).

Two parts, trained together by `benchmarks/train_intent.py` (deterministic) and shipped in
`contact_model.npz` with a version and the `FEATURE_SPEC` they expect:

- a linear model (multinomial logistic regression) over `features.sparse`: words, word
  pairs and the contact families and rules that fired;
- a small convolutional model that sees word order: each word's 64-d vector (wordllama's
  static 256-d token embeddings, averaged over a word's tokens and projected to 64 dims by
  PCA at training time; the table ships in the same file), a width-3 convolution, max
  pooling, and the family/rule hits beside the pooled vector. It is what tells "i texted
  him" from "he texted me" when the words alone are the same.

Their class probabilities are averaged. Crisis is a training class so that crisis text is
not learned as contact; at serving time its column is dropped (crisis belongs to
`crisis.py` and `booster.py`, which run first). Nothing is downloaded; numpy only.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
import numpy.typing as npt

from bot.intent.features import FEATURE_SPEC, rule_features, sparse, tokens

log = logging.getLogger(__name__)

WEIGHTS = Path(__file__).resolve().parent / "contact_model.npz"
CLASSES = ("none", "urge", "slip", "ex_reached_out", "crisis")
CONTACT = (0, 1, 2, 3)  # the columns read at serving time

Array = npt.NDArray[np.float32]


@dataclass(frozen=True)
class Model:
    version: str
    lin_index: dict[str, int]
    lin_w: Array  # (features, classes)
    lin_b: Array
    word_index: dict[str, int]
    vectors: Array  # (words + 1, dim); row 0 is the unknown word
    conv_w: Array  # (3 * dim, filters)
    conv_b: Array
    rule_index: dict[str, int]
    out_w: Array  # (filters + rules, classes)
    out_b: Array
    mix: float  # weight of the sequence model in the average

    def linear_probs(self, feats: set[str]) -> Array:
        idx = [self.lin_index[f] for f in feats if f in self.lin_index]
        z = self.lin_b.copy()
        if idx:
            z += self.lin_w[idx].sum(axis=0) / np.sqrt(len(idx))
        return _softmax(z)

    def sequence_probs(self, toks: Sequence[str], rules: Sequence[str]) -> Array:
        ids = [self.word_index.get(t, 0) for t in toks] or [0]
        x = self.vectors[ids]
        pad = np.zeros((1, x.shape[1]), dtype=np.float32)
        xp = np.concatenate([pad, x, pad])
        win = np.concatenate([xp[:-2], xp[1:-1], xp[2:]], axis=1)
        h = np.maximum(win @ self.conv_w + self.conv_b, 0.0).max(axis=0)
        r = np.zeros(len(self.rule_index), dtype=np.float32)
        for f in rules:
            j = self.rule_index.get(f)
            if j is not None:
                r[j] = 1.0
        return _softmax(np.concatenate([h, r]) @ self.out_w + self.out_b)

    def probs(self, parts: Sequence[str]) -> Array:
        rules = rule_features(parts)
        lin = self.linear_probs(sparse(parts, rules))
        if self.mix <= 0.0:
            return lin
        seq = self.sequence_probs(tokens(parts), rules)
        return (1.0 - self.mix) * lin + self.mix * seq


def _softmax(z: Array) -> Array:
    e = np.exp(z - z.max())
    out: Array = (e / e.sum()).astype(np.float32)
    return out


def from_arrays(data: dict[str, npt.NDArray[np.generic]]) -> Model:
    """Build a model from the arrays `train_intent.py` writes."""
    spec = str(data["feature_spec"])
    if spec != FEATURE_SPEC:
        raise ValueError(f"weights expect features {spec!r}, this code makes {FEATURE_SPEC!r}")

    def f32(name: str) -> Array:
        return np.asarray(data[name], dtype=np.float32)

    return Model(
        version=str(data["version"]),
        lin_index={str(k): i for i, k in enumerate(data["lin_features"])},
        lin_w=f32("lin_w"),
        lin_b=f32("lin_b"),
        word_index={str(k): i + 1 for i, k in enumerate(data["words"])},
        vectors=f32("vectors"),
        conv_w=f32("conv_w"),
        conv_b=f32("conv_b"),
        rule_index={str(k): i for i, k in enumerate(data["rule_features"])},
        out_w=f32("out_w"),
        out_b=f32("out_b"),
        mix=float(data["mix"]),
    )


@cache
def model() -> Model | None:
    """The shipped model, loaded once; None (rules only) when the file is missing or broken."""
    try:
        with np.load(WEIGHTS, allow_pickle=False) as npz:
            return from_arrays(dict(npz.items()))
    except (OSError, ValueError, KeyError) as exc:
        log.error(
            "contact model unreadable at %s (%s); rules only", WEIGHTS.name, type(exc).__name__
        )
        return None
