"""Features of one message, as the learned contact model sees them (docs/detector.md).

The model is trained by `benchmarks/train_intent.py`, which imports this module, so training
and serving compute exactly the same features. The weights file records `FEATURE_SPEC`; the
model refuses weights written for another spec rather than reading them wrongly.

Two views of the normalised sentences:

- `sparse`: word unigrams and word pairs (with sentence boundaries), plus which contact
  families fired and where (`fam:<intent>` from the family rules, `rule:<intent>` from the
  older clause rules), so the model can lean on the rules where they are right and overrule
  them where the data says they are not;
- `tokens`: the words in order, for the sequence model (its vectors come from wordllama's
  static embeddings, see `contact_model.py`).
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

from bot.intent.contact import detect_ex_reached_out, detect_slip, detect_urge
from bot.intent.families_contact import family_hits

FEATURE_SPEC = "contact-features/2: words+pairs, rule:<intent>, fam:<intent>, fam:<family>"
MAX_TOKENS = 80  # the sequence model reads at most this many words
SEP = "|"  # between sentences in the token sequence


def rule_features(parts: Sequence[str]) -> list[str]:
    """The rules' opinions, as features."""
    out: list[str] = []
    for intent, detect in (
        ("urge", detect_urge),
        ("slip", detect_slip),
        ("ex_reached_out", detect_ex_reached_out),
    ):
        if detect(parts) is not None:
            out.append("rule:" + intent)
    for fam in family_hits(parts):
        out.append("fam:" + fam.intent)
        out.append("fam:" + fam.name)
    return out


def sparse(parts: Sequence[str], rules: Sequence[str] | None = None) -> set[str]:
    feats: set[str] = set(rule_features(parts) if rules is None else rules)
    for sent in parts[:40]:
        toks = ["<s>", *sent.split()[:60], "</s>"]
        for a, b in pairwise(toks):
            feats.add("w:" + b)
            feats.add("b:" + a + "_" + b)
    return feats


def tokens(parts: Sequence[str]) -> list[str]:
    out: list[str] = []
    for sent in parts:
        if out:
            out.append(SEP)
        out += sent.split()
        if len(out) >= MAX_TOKENS:
            break
    return out[:MAX_TOKENS]
