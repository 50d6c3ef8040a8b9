"""Measure the intent detector against the figures issue 3 asks for.

Run: `.venv/bin/python benchmarks/intent_bench.py [--errors] [--compare]`

Prints per-class precision/recall/F1 on the labelled set plus every seed-article sentence
(labelled `none`), macro-F1 over the four non-`none` intents, the seed false-flag rate, the
crisis rate on Reddit comments (GoEmotions dev), a sample of flagged r/BreakUps sentences to
read by eye, per-message latency, start-up time (`cooloff classify` from process start to
its first answer, median of 5 runs) and peak memory. `--compare` also trains a small
bag-of-words model on the labelled set (5-fold cross-validation, pure Python) so the rules
can be compared with a learned model and with rules + model.

The Reddit files are evaluation data: they are read here and never copied anywhere.
"""

from __future__ import annotations

import argparse
import math
import os
import random
import re
import statistics
import subprocess
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from itertools import pairwise
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from test_intent_corpus import (  # noqa: E402
    CHAT_WITH_TEST,
    DATA,
    SEEDS,
    SHARED,
    load_labelled,
    load_seed_sentences,
)

from bot.intent import Intent, classify  # noqa: E402

REALTEXT = SHARED / "realtext"
POSITIVE = (Intent.CRISIS, Intent.URGE, Intent.SLIP, Intent.EX_REACHED_OUT)
TARGETS = {
    "macro_f1": 0.93,
    "crisis_recall": 0.98,
    "crisis_precision": 0.90,
    "urge_precision": 0.93,
    "seed_flag_rate_max": 0.01,
    "reddit_crisis_rate_max": 0.005,
    "median_ms_max": 1.0,
    "startup_s_max": 1.5,
    "rss_mb_max": 150.0,
}

Classifier = Callable[[str], Intent]


def rules(text: str) -> Intent:
    return classify(text).intent


def scores(
    gold: Sequence[Intent], pred: Sequence[Intent]
) -> dict[Intent, tuple[float, float, float, int]]:
    """Per class: precision, recall, F1, support."""
    out: dict[Intent, tuple[float, float, float, int]] = {}
    for intent in Intent:
        tp = sum(1 for g, p in zip(gold, pred, strict=True) if g is intent and p is intent)
        fp = sum(1 for g, p in zip(gold, pred, strict=True) if g is not intent and p is intent)
        fn = sum(1 for g, p in zip(gold, pred, strict=True) if g is intent and p is not intent)
        prec = tp / (tp + fp) if tp + fp else 1.0
        rec = tp / (tp + fn) if tp + fn else 1.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        out[intent] = (prec, rec, f1, tp + fn)
    return out


def macro_f1(table: dict[Intent, tuple[float, float, float, int]]) -> float:
    return sum(table[i][2] for i in POSITIVE) / len(POSITIVE)


def print_table(title: str, table: dict[Intent, tuple[float, float, float, int]]) -> None:
    print(f"\n{title}")
    print(f"  {'intent':<16}{'P':>7}{'R':>7}{'F1':>7}{'n':>6}")
    for intent in Intent:
        p, r, f, n = table[intent]
        print(f"  {intent.value:<16}{p:7.3f}{r:7.3f}{f:7.3f}{n:6d}")
    print(f"  macro-F1 (4 intents) {macro_f1(table):.3f}")


def check(name: str, value: float, ok: bool) -> None:
    print(f"  {'PASS' if ok else 'FAIL'}  {name:<34}{value:.4f}")


# --- a learned baseline, for the comparison only ----------------------------------------


def _features(text: str) -> list[str]:
    words = re.findall(r"[a-z']+", text.lower())
    return words + [f"{a}_{b}" for a, b in pairwise(words)]


class NaiveBayes:
    """Multinomial naive Bayes on words and word pairs: the smallest honest learned model."""

    def __init__(self, rows: Sequence[tuple[Intent, str]]) -> None:
        self.prior: dict[Intent, float] = {}
        self.counts: dict[Intent, Counter[str]] = defaultdict(Counter)
        totals: Counter[Intent] = Counter(label for label, _ in rows)
        for label, text in rows:
            self.counts[label].update(_features(text))
        self.vocab = {w for c in self.counts.values() for w in c}
        self.size = {i: sum(c.values()) for i, c in self.counts.items()}
        for i in totals:
            self.prior[i] = math.log(totals[i] / len(rows))

    def scores(self, text: str) -> dict[Intent, float]:
        feats = [f for f in _features(text) if f in self.vocab]
        out = {}
        for i, prior in self.prior.items():
            denom = self.size[i] + len(self.vocab)
            out[i] = prior + sum(math.log((self.counts[i][f] + 1) / denom) for f in feats)
        return out

    def __call__(self, text: str) -> Intent:
        s = self.scores(text)
        return max(s, key=lambda i: s[i])


def cross_validate(
    rows: list[tuple[Intent, str]],
    make: Callable[[list[tuple[Intent, str]]], Classifier],
    k: int = 5,
) -> tuple[list[Intent], list[Intent]]:
    shuffled = rows[:]
    random.Random(7).shuffle(shuffled)
    gold: list[Intent] = []
    pred: list[Intent] = []
    for fold in range(k):
        test = shuffled[fold::k]
        train = [r for j, r in enumerate(shuffled) if j % k != fold]
        model = make(train)
        gold += [label for label, _ in test]
        pred += [model(text) for _, text in test]
    return gold, pred


def hybrid(train: list[tuple[Intent, str]]) -> Classifier:
    """Rules decide; the model may only add recall where the rules said none."""
    nb = NaiveBayes(train)

    def run(text: str) -> Intent:
        by_rules = rules(text)
        return by_rules if by_rules is not Intent.NONE else nb(text)

    return run


def compare(rows: list[tuple[Intent, str]], seeds: list[str]) -> None:
    print("\n== Comparison: 5-fold cross-validation on the labelled set + seed sentences ==")
    print("  (the rules were tuned on all of it, so their row is an upper bound, not an estimate)")
    data = rows + [(Intent.NONE, s) for s in seeds]
    for name, make in (
        ("rules", lambda _train: rules),
        ("naive Bayes", NaiveBayes),
        ("rules + naive Bayes", hybrid),
    ):
        gold, pred = cross_validate(data, make)
        _print_row(name, scores(gold, pred))
        if name == "naive Bayes" and REALTEXT.is_dir():
            model = NaiveBayes(data)
            lines = _lines(REALTEXT / "goemotions_dev.txt")
            flagged = sum(1 for t in lines if model(t) is Intent.CRISIS)
            rate = flagged / len(lines)
            print(f"  {'':<22} trained on all: crisis on Reddit comments {rate:.2%}")

    # Each batch was written after the previous ones and before any rule saw it, so training
    # the model on the earlier batches and testing on the next is the model's fair trial.
    print("\n== Comparison: naive Bayes trained on earlier batches, tested on the next ==")
    batches = sorted(DATA.glob("*.tsv"), key=_batch_order)
    for i in range(1, len(batches)):
        train = load_labelled(*batches[:i]) + [(Intent.NONE, s) for s in seeds]
        test = load_labelled(batches[i])
        model = NaiveBayes(train)
        table = scores([g for g, _ in test], [model(t) for _, t in test])
        _print_row(f"NB -> {batches[i].stem}", table)


def sklearn_compare(rows: list[tuple[Intent, str]], seeds: list[str]) -> None:
    """Logistic regression on TF-IDF words and characters: the usual small text model.

    scikit-learn is not a dependency of Cooloff; run this section with an interpreter that
    has it, e.g. `/tmp/skl/bin/python benchmarks/intent_bench.py --sklearn`.
    """
    try:
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import make_pipeline, make_union
    except ImportError:
        print("\n(scikit-learn not importable here: --sklearn skipped)")
        return

    def make(train: list[tuple[Intent, str]]) -> Classifier:
        model = make_pipeline(
            make_union(
                TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True),
                TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True),
            ),
            LogisticRegression(C=10, class_weight="balanced", max_iter=2000),
        )
        model.fit([t for _, t in train], [g.value for g, _ in train])
        return lambda text: Intent(model.predict([text])[0])

    print("\n== scikit-learn: TF-IDF (words 1-2 + chars 2-5) + logistic regression ==")
    data = rows + [(Intent.NONE, s) for s in seeds]
    gold, pred = cross_validate(data, make)
    _print_row("LR 5-fold CV", scores(gold, pred))
    batches = sorted(DATA.glob("*.tsv"), key=_batch_order)
    for i in range(1, len(batches)):
        model = make(load_labelled(*batches[:i]) + [(Intent.NONE, s) for s in seeds])
        test = load_labelled(batches[i])
        _print_row(
            f"LR -> {batches[i].stem}", scores([g for g, _ in test], [model(t) for _, t in test])
        )
    full = make(data)
    if REALTEXT.is_dir():
        lines = _lines(REALTEXT / "goemotions_dev.txt")
        rate = sum(1 for t in lines if full(t) is Intent.CRISIS) / len(lines)
        print(f"  LR trained on all: crisis on Reddit comments {rate:.2%}")
    code = (
        "import time, resource; t=time.perf_counter(); "
        "from sklearn.feature_extraction.text import TfidfVectorizer; "
        "from sklearn.linear_model import LogisticRegression; "
        "print(time.perf_counter()-t, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, check=True).stdout
    import_s, rss_kb = (float(x) for x in out.split())
    print(f"  import sklearn pieces: {import_s:.2f} s, RSS {rss_kb / 1024:.0f} MB")


def _batch_order(path: Path) -> int:
    """labelled.tsv was written first, fresh.tsv second, then batch3, batch4, ..."""
    if path.stem == "labelled":
        return 1
    if path.stem == "fresh":
        return 2
    digits = "".join(ch for ch in path.stem if ch.isdigit())
    return int(digits) if digits else 99


def _print_row(name: str, table: dict[Intent, tuple[float, float, float, int]]) -> None:
    cells = "  ".join(f"{i.value}={table[i][2]:.3f}" for i in POSITIVE)
    extra = f"crisisR={table[Intent.CRISIS][1]:.3f} urgeP={table[Intent.URGE][0]:.3f}"
    print(f"  {name:<22} macro-F1={macro_f1(table):.3f}  {cells}  {extra}")


def batch_report(paths: Sequence[Path]) -> None:
    """Crisis precision/recall, macro-F1 and every error on each batch file (a first run)."""
    for path in paths:
        rows = load_labelled(path)
        gold = [label for label, _ in rows]
        pred = [rules(text) for _, text in rows]
        table = scores(gold, pred)
        p, r, _, n = table[Intent.CRISIS]
        print(f"{path.name}: {len(rows)} rows, crisis n={n} P={p:.3f} R={r:.3f}")
        for g, got, (_, text) in zip(gold, pred, rows, strict=True):
            if g is not got:
                rule = classify(text).rule
                print(f"  ERR gold={g.value:<14} got={got.value:<14} {rule:<26} {text}")


# --- real text -----------------------------------------------------------------------------


def _lines(path: Path) -> list[str]:
    return [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def realtext_report(sample: int) -> float | None:
    if not REALTEXT.is_dir():
        print("\n(no ../shared/realtext: Reddit figures skipped)")
        return None
    comments = _lines(REALTEXT / "goemotions_dev.txt")
    found = Counter(classify(t).intent for t in comments)
    crisis_rate = found[Intent.CRISIS] / len(comments)
    print(f"\n== Reddit comments (GoEmotions dev, {len(comments)} lines) ==")
    print("  " + "  ".join(f"{i.value}={found[i] / len(comments):.2%}" for i in Intent))

    breakups = _lines(REALTEXT / "breakups_sentences.txt")
    by_intent: dict[Intent, list[tuple[str, str]]] = defaultdict(list)
    for t in breakups:
        d = classify(t)
        by_intent[d.intent].append((d.rule, t))
    print(f"\n== r/BreakUps sentences ({len(breakups)}) flagged, to read by eye ==")
    print("  " + "  ".join(f"{i.value}={len(by_intent[i])}" for i in Intent))
    rng = random.Random(11)
    for intent in POSITIVE:
        hits = by_intent[intent]
        for rule, text in rng.sample(hits, min(sample, len(hits))):
            print(f"  [{intent.value:<14}] {rule:<28} {text[:140]}")
    return crisis_rate


# --- speed and size ------------------------------------------------------------------------


def latency(texts: Sequence[str]) -> tuple[float, float, float]:
    for t in texts[:200]:
        classify(t)
    times = []
    for t in texts:
        start = time.perf_counter()
        classify(t)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    big = ("I miss him so much and I keep thinking about everything. " * 900)[:50_000]
    start = time.perf_counter()
    classify(big)
    big_ms = (time.perf_counter() - start) * 1000
    return statistics.median(times), times[int(len(times) * 0.99)], big_ms


def startup_and_rss() -> tuple[float, float]:
    """Import + first classify in a fresh process, and that process's peak RSS after
    classifying the Reddit comments."""
    code = (
        "import time, resource, sys; t=time.perf_counter(); import bot.intent as b; "
        "b.classify('should i text him'); s=time.perf_counter()-t; "
        "[b.classify(l) for l in sys.stdin]; "
        "print(s, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
    )
    feed = (REALTEXT / "goemotions_dev.txt").read_bytes() if REALTEXT.is_dir() else b"hi\n"
    out = subprocess.run(
        [sys.executable, "-c", code], input=feed, capture_output=True, check=True, cwd=ROOT
    ).stdout.split()
    return float(out[0]), float(out[1]) / 1024


def cli_startup(runs: int = 5, keep: bool = True) -> list[float] | None:
    """`cooloff classify` from process start to its first answer: spawn it, feed one line,
    time until the answer line comes back (the process then reads on); one time per run.
    `keep=False` runs it without the kept compiled expressions (bot/intent/compiled.py), as
    on a machine's first start."""
    cli = ROOT / ".venv" / "bin" / "cooloff"
    if not cli.exists():
        return None
    env = dict(os.environ, **({} if keep else {"COOLOFF_CACHE_DIR": "off"}))
    times: list[float] = []
    for _ in range(runs):
        start = time.perf_counter()
        proc = subprocess.Popen(
            [str(cli), "classify"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            cwd=ROOT,
            env=env,
        )
        assert proc.stdin is not None and proc.stdout is not None
        proc.stdin.write(b"should i text him\n")
        proc.stdin.flush()
        answer = proc.stdout.readline()
        elapsed = time.perf_counter() - start
        proc.stdin.close()
        proc.wait()
        if proc.returncode != 0 or not answer:
            return None
        times.append(elapsed)
    return times


def _f1(gold: Sequence[str], pred: Sequence[str], c: str) -> tuple[float, float, float, int]:
    tp = sum(1 for g, p in zip(gold, pred, strict=True) if g == c and p == c)
    fp = sum(1 for g, p in zip(gold, pred, strict=True) if g != c and p == c)
    fn = sum(1 for g, p in zip(gold, pred, strict=True) if g == c and p != c)
    prec = tp / (tp + fp) if tp + fp else 1.0
    rec = tp / (tp + fn) if tp + fn else 1.0
    return prec, rec, (2 * prec * rec / (prec + rec) if prec + rec else 0.0), tp + fn


def _variants() -> dict[str, Callable[[str], str]]:
    """Today's rules, and the shipped pipeline with its contact model as linear only, as the
    word-order model only, and as shipped (their average)."""
    from dataclasses import replace

    from bot.intent import booster
    from bot.intent import sequence_model as contact_model
    from bot.intent.contact_model import decide
    from bot.intent.crisis import detect_crisis
    from bot.intent.detector import classify_rules
    from bot.intent.families_contact import family_hits
    from bot.intent.normalise import sentences

    base = contact_model.model()

    def with_mix(mix: float) -> Callable[[str], str]:
        assert base is not None
        m = replace(base, mix=mix)

        def run(text: str) -> str:
            if not text.strip():
                return "none"
            parts = sentences(text)
            if detect_crisis(parts) or booster.score(parts) >= booster.THRESHOLD:
                return "crisis"
            p = m.probs(parts)
            probs = {contact_model.CLASSES[i]: float(p[i]) for i in contact_model.CONTACT}
            return decide(probs, (f.intent for f in family_hits(parts)))

        return run

    out: dict[str, Callable[[str], str]] = {
        "rules (today)": lambda t: classify_rules(t).intent.value
    }
    if base is not None:
        out["rules + linear"] = with_mix(0.0)
        out["rules + word-order CNN"] = with_mix(1.0)
    out["shipped"] = lambda t: classify(t).intent.value
    return out


def _chat_part(name: str) -> str:
    """ "fresh_chat_a" -> "fresh chat A (test)", the part's name in the figures."""
    return f"fresh chat {name.rsplit('_', 1)[1].upper()} (test)"


def test_parts(errors: bool) -> dict[str, dict[str, float]]:
    """Per-class figures on each fixed test part, for every variant."""
    from test_intent_corpus import load_chat, load_realtext

    # "fresh chat A (test)", B, and G (round 6: a writer who never read the rules or data).
    sets = {
        _chat_part(name): [(g.value, t) for g, t in load_chat(name, "test")]
        for name in CHAT_WITH_TEST
    }
    sets |= {
        "r/BreakUps tune (test)": [(g.value, t) for _, g, t in load_realtext("test")],
        # Lines 10221-11988: labelled after round 4 was trained, never trained or tuned on.
        "r/BreakUps clean (10221+)": [
            (g.value, t) for _, g, t in load_realtext("clean") if g is not Intent.CRISIS
        ],
    }
    figures: dict[str, dict[str, float]] = {}
    for vname, run in _variants().items():
        print(f"\n-- {vname} --")
        for sname, rows in sets.items():
            if not rows:
                continue
            gold = [g for g, _ in rows]
            pred = [run(t) for _, t in rows]
            real = sname.startswith("r/")
            intents = ["urge", "slip", "ex_reached_out"] + ([] if real else ["crisis"])
            table = {c: _f1(gold, pred, c) for c in intents}
            present = [c for c in intents if table[c][3] > 0]
            macro = sum(table[c][2] for c in present) / len(present)
            nones = [p for g, p in zip(gold, pred, strict=True) if g == "none"]
            none_flag = sum(1 for p in nones if p != "none") / max(1, len(nones))
            cells = "  ".join(f"{c}={table[c][2]:.2f}(n={table[c][3]})" for c in intents)
            print(
                f"  {sname:<24} macro-F1={macro:.3f}  urge P/R={table['urge'][0]:.2f}/"
                f"{table['urge'][1]:.2f}  {cells}  none flagged={none_flag:.1%}"
            )
            figures.setdefault(vname, {})[sname + " macro"] = macro
            figures[vname][sname + " urgeR"] = table["urge"][1]
            figures[vname][sname + " none"] = none_flag
    if errors:
        print("  (errors are not listed for test parts: they must not be read while tuning)")
    return figures


def multilingual_report() -> float:
    from test_intent_corpus import load_multilingual

    rows = [(g, lang, t) for g, lang, t in load_multilingual() if g is not Intent.CRISIS]
    wrong = [(g, lang) for g, lang, t in rows if g is not Intent.URGE and rules(t) is Intent.URGE]
    rate = len(wrong) / max(1, len(rows))
    print(f"\n== Other languages, non-crisis rows ({len(rows)}): wrongly urge {rate:.1%} ==")
    return rate


def memory_growth_mb() -> float:
    """RSS growth of a process from before `import bot.intent` to after 5,000 messages."""
    code = (
        "import resource, sys\n"
        "def rss():\n"
        "    return int(open('/proc/self/statm').read().split()[1]) * 4096 / 2**20\n"
        "a = rss(); import bot.intent as b\n"
        "[b.classify(l) for l in sys.stdin]\n"
        "print(rss() - a)\n"
    )
    feed = (REALTEXT / "goemotions_dev.txt").read_bytes() if REALTEXT.is_dir() else b"hi\n"
    out = subprocess.run(
        [sys.executable, "-c", code], input=feed, capture_output=True, check=True, cwd=ROOT
    ).stdout
    return float(out.split()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--errors", action="store_true", help="list misclassified dev rows")
    parser.add_argument("--compare", action="store_true", help="also the old NB comparison")
    parser.add_argument("--sklearn", action="store_true", help="also try a scikit-learn model")
    parser.add_argument("--batch", nargs="+", type=Path, metavar="TSV", help="one batch's errors")
    args = parser.parse_args()
    if args.batch:
        batch_report(args.batch)
        return

    print("== Fixed test parts (never tuned or trained on) ==")
    figures = test_parts(args.errors)
    shipped = figures.get("shipped", {})

    seeds = load_seed_sentences() if SEEDS.is_dir() else []
    seed_flags = [t for t in seeds if rules(t) is not Intent.NONE]
    print(f"\n== Seed-article sentences: {len(seed_flags)} of {len(seeds)} flagged ==")
    for t in seed_flags:
        print(f"  seed flagged: {classify(t).rule}")
    crisis_rate = None
    if REALTEXT.is_dir():
        comments = _lines(REALTEXT / "goemotions_dev.txt")
        found = Counter(classify(t).intent for t in comments)
        crisis_rate = found[Intent.CRISIS] / len(comments)
        print(f"\n== GoEmotions dev ({len(comments)} comments) ==")
        print("  " + "  ".join(f"{i.value}={found[i] / len(comments):.2%}" for i in Intent))
    multilingual_report()

    rows = load_labelled()
    corpus = [t for _, t in rows] + seeds
    median_ms, p99_ms, big_ms = latency(corpus)
    import_s, rss_mb = startup_and_rss()
    cold_times = cli_startup(keep=False)
    cli_times = cli_startup()
    cli_s = statistics.median(cli_times) if cli_times else None
    growth = memory_growth_mb()
    print("\n== Speed and size ==")
    print(
        f"  latency median {median_ms:.3f} ms, p99 {p99_ms:.3f} ms, 50 KB message {big_ms:.1f} ms"
    )
    print(
        f"  import + first classify {import_s:.3f} s; peak RSS {rss_mb:.1f} MB;"
        f" growth {growth:.1f} MB"
    )
    for name, runs in (("", cli_times), (", nothing kept (first start)", cold_times)):
        if runs:
            each = ", ".join(f"{t:.2f}" for t in runs)
            print(
                f"  cooloff classify, start to first answer{name}: "
                f"median {statistics.median(runs):.3f} s ({each})"
            )
    if not cli_times:
        print("  (no cooloff CLI)")

    print("\n== Figures against issue 14 (shipped detector, test parts) ==")
    r = "r/BreakUps tune (test)"
    for part in map(_chat_part, CHAT_WITH_TEST):
        if part + " urgeR" in shipped:
            v = shipped[part + " urgeR"]
            check(f"{part[:12]} urge recall >= 0.90", v, v >= 0.90)
            v = shipped[part + " macro"]
            check(f"{part[:12]} macro-F1 >= 0.93", v, v >= 0.93)
    if r + " macro" in shipped:
        v = shipped[r + " macro"]
        check("r/BreakUps macro-F1 (3) >= 0.75", v, v >= 0.75)
        v = shipped[r + " none"]
        check("r/BreakUps none flagged <= 5%", v, v <= 0.05)
    check("seed sentences flagged == 0", len(seed_flags), not seed_flags)
    if crisis_rate is not None:
        check("GoEmotions crisis <= 0.5%", crisis_rate, crisis_rate <= 0.005)
    check("median latency ms <= 1", median_ms, median_ms <= 1.0)
    check("p99 latency ms <= 5", p99_ms, p99_ms <= 5.0)
    start_s = cli_s if cli_s is not None else import_s
    check("cooloff classify start s <= 1", start_s, start_s <= 1.0)
    check("memory growth MB <= 60", growth, growth <= 60.0)

    if args.errors:
        labelled = load_labelled()
        for g, t in labelled:
            p = rules(t)
            if g is not p:
                print(f"  ERR gold={g.value:<14} got={p.value:<14} {classify(t).rule:<26} {t}")
    if args.compare:
        compare(rows, seeds)
    if args.sklearn:
        sklearn_compare(rows, seeds)


if __name__ == "__main__":
    main()
