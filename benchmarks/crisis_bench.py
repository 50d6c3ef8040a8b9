"""Crisis detection figures (docs/detector.md, "Crisis families"): recall and precision on
every labelled set and language, GoEmotions and seed-article flag rates, latency.

    .venv/bin/python benchmarks/crisis_bench.py [--errors-train]

The chat files' test part is fixed: a row is test when
int(sha1(text).hexdigest(), 16) % 4 == 0. Figures are printed for both parts; only
`--errors-train` lists errors, and only for the train part (never tune on the test part).
"rules" is `detect_crisis` on `normalise.sentences`; "shipped" is `bot.intent.classify`
(the families, then the learned booster where every rule says none).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from test_intent_corpus import load_seed_sentences  # noqa: E402

from bot.intent import Intent, classify  # noqa: E402
from bot.intent.crisis import crisis_certainty, detect_crisis  # noqa: E402
from bot.intent.normalise import sentences  # noqa: E402

DATA = ROOT / "tests" / "data"
REALTEXT = ROOT.parent / "shared" / "realtext" / "goemotions_dev.txt"

Row = tuple[str, str, str]  # label, language, text


def is_test(text: str) -> bool:
    return int(hashlib.sha1(text.encode()).hexdigest(), 16) % 4 == 0


def read(path: Path) -> list[Row]:
    rows: list[Row] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        f = line.split("\t")
        rows.append((f[0], f[1] if len(f) == 3 else "en", f[-1]))
    return rows


def rules(text: str) -> bool:
    return detect_crisis(sentences(text)) is not None


def shipped(text: str) -> bool:
    return classify(text).intent is Intent.CRISIS


def prf(rows: list[Row], pred: Callable[[str], bool]) -> tuple[str, list[Row], list[Row]]:
    tp = fp = fn = 0
    misses: list[Row] = []
    false: list[Row] = []
    for row in rows:
        p = pred(row[2])
        if row[0] == "crisis":
            tp += p
            fn += not p
            if not p:
                misses.append(row)
        elif p:
            fp += 1
            false.append(row)
    r = tp / (tp + fn) if tp + fn else float("nan")
    pr = tp / (tp + fp) if tp + fp else float("nan")
    return (
        f"R {r:.3f} ({tp}/{tp + fn})  P {pr:.3f}  false {fp}/{len(rows) - tp - fn}",
        misses,
        false,
    )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--errors-train", action="store_true", help="list train-part errors only")
    args = ap.parse_args()

    print("== Crisis, labelled team sets (tests/data/intent, all rows: a regression guard) ==")
    intent_rows = [r for p in sorted((DATA / "intent").glob("*.tsv")) for r in read(p)]
    for name, pred in (("rules", rules), ("shipped", shipped)):
        print(f"  {name:8} {prf(intent_rows, pred)[0]}")

    print("== Fresh chat and multilingual sets (fixed split: sha1 % 4 == 0 is test) ==")
    for fname in (
        "fresh_chat_b.tsv",
        "fresh_chat_a.tsv",
        "fresh_multilingual.tsv",
        "fresh_crisis_languages.tsv",
        "fresh_crisis_languages_2.tsv",
        "fresh_crisis_languages_3.tsv",  # all dev in truth: the families were extended from it
        "fresh_chat_g.tsv",
        "fresh_chat_f.tsv",  # train only: its "test" rows were trained on too
    ):
        rows = read(DATA / "chat" / fname)
        langs = sorted({r[1] for r in rows})
        for part, keep in (("train", False), ("test", True)):
            part_rows = [r for r in rows if is_test(r[2]) is keep]
            for lang in langs if len(langs) > 1 else ["all"]:
                sub = [r for r in part_rows if lang in ("all", r[1])]
                for name, pred in (("rules", rules), ("shipped", shipped)):
                    line, misses, false = prf(sub, pred)
                    print(f"  {fname:28} {part:5} {lang:3} {name:8} {line}")
                    if args.errors_train and part == "train" and name == "shipped":
                        for row in misses + false:
                            print(f"      {row[0]:14} {row[2]}")

    print("== Reddit comments (GoEmotions dev) and seed-article sentences ==")
    if REALTEXT.is_file():
        lines = REALTEXT.read_text(encoding="utf-8").splitlines()
        for name, pred in (("rules", rules), ("shipped", shipped)):
            n = sum(1 for t in lines if pred(t))
            print(f"  GoEmotions {name:8} crisis {n}/{len(lines)} = {100 * n / len(lines):.2f}%")
    seeds = load_seed_sentences()
    if seeds:
        for name, pred in (("rules", rules), ("shipped", shipped)):
            print(f"  seeds      {name:8} flagged {sum(1 for s in seeds if pred(s))}/{len(seeds)}")

    print("== Certainty: uncertain share of crisis detections ==")
    certs = [detect_crisis(sentences(r[2])) for r in intent_rows if r[0] == "crisis"]
    fired = [c for c in certs if c]
    unsure = sum(1 for c in fired if crisis_certainty(c) == "uncertain")
    print(f"  labelled crisis rows detected {len(fired)}, uncertain {unsure}")

    print("== Latency (detect_crisis on normalised sentences, every labelled message) ==")
    texts = [r[2] for r in intent_rows]
    parts = [sentences(t) for t in texts]
    times = []
    for p in parts:
        t0 = time.perf_counter()
        detect_crisis(p)
        times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    p99 = times[int(0.99 * len(times))]
    print(f"  median {statistics.median(times):.3f} ms, p99 {p99:.3f} ms, n={len(times)}")
    big = "i miss him so much and i keep thinking about everything. " * 900
    t0 = time.perf_counter()
    detect_crisis(sentences(big))
    print(f"  50 KB message {(time.perf_counter() - t0) * 1000:.1f} ms (normalise + detect)")
    anew, kept = _load_ms(keep=False), _load_ms(keep=True)
    print(f"  families load {anew:.0f} ms compiled anew, {kept:.0f} ms from the kept programs")


def _load_ms(keep: bool) -> float:
    """`crisis.families()` in a fresh process: every expression compiled anew (no kept
    programs, bot/intent/compiled.py), or read back from the kept ones (written first)."""
    code = (
        "import time; from bot.intent import crisis; t = time.perf_counter(); "
        "crisis.families(); print((time.perf_counter() - t) * 1000)"
    )
    env = dict(os.environ)
    if not keep:
        env["COOLOFF_CACHE_DIR"] = "off"
    run = [sys.executable, "-c", code]
    if keep:
        subprocess.run(run, env=env, cwd=ROOT, check=True, capture_output=True)
    out = subprocess.run(run, env=env, cwd=ROOT, check=True, capture_output=True).stdout
    return float(out.split()[-1])


if __name__ == "__main__":
    main()
