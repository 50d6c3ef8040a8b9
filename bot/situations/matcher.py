"""Which situation a message is about: the topics' examples, scored by nearest neighbour.

Topics are data (`topics.toml`): each is a list of example messages, typed as people type,
and a few key words. A message goes through the detector's own normaliser
(`bot.intent.normalise.sentences`: lower case, contractions spelled out, slang mapped), its
words are brought to their lemma with the detector's verb forms (`bot.intent.wording`:
"texted" -> "text", "stories" -> "story"), and each sentence, and the whole message, is
compared with every example as weighted words and word pairs (tf-idf, cosine). A topic
scores its nearest example, plus a little for each of its key words present. Nothing here
is a regular expression over the message; changing what a topic hears is editing its data.

Pure and deterministic: no I/O after the first load, microseconds per message.
"""

from __future__ import annotations

import math
import tomllib
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import pairwise
from pathlib import Path

from bot.intent.normalise import sentences
from bot.intent.wording import fold, verb_forms

TOPICS_FILE = Path(__file__).resolve().parent / "topics.toml"
# The detector's irregular verb forms (one table for both).
VERBS_FILE = Path(__file__).resolve().parents[1] / "intent" / "families" / "contact" / "vocab.toml"

# Below this nothing matched well enough to answer for it (tuned on the topics' own
# examples, leave-one-out; checked on the held-out phrasings, tests/test_situations.py).
THRESHOLD = 0.28
KEYWORD_BONUS = 0.1  # per distinct key word of the topic present, at most MAX_KEYWORDS
MAX_KEYWORDS = 2
KEYWORD_FLOOR = 0.15  # the nearest example must be at least this near for key words to count
# A message with fewer content words than this is matched only near-exactly.
MIN_CONTENT_WORDS = 2
SHORT_MESSAGE_SCORE = 0.6
# A follow-up is often about the topic just answered ("what do i actually write" after the
# answer about a text from the kids' dad): that topic gets this much more, if the message
# is near it at all (FOLLOW_UP_FLOOR).
FOLLOW_UP_BONUS = 0.15
FOLLOW_UP_FLOOR = 0.12
FOLLOW_UP_CEILING = 0.6  # ...unless another topic is plainly what was said
MAX_SENTENCES = 12  # a long vent is read sentence by sentence, up to this many

# Words that carry no topic on their own. Question words ("why", "how", "should") and
# negations are kept: they are what tells "should i reply" from "i replied".
STOP = frozenset(
    """i me my mine myself you your a an the to of and or but is am are was were be been it
    its that this these those so just do does did at in on for with as by from then there
    he him his she her they them their we us our really very like about up out im ive
    literally actually tho though um uh lol ngl tbh idk ig omg xname""".split()  # noqa: SIM905
)


@dataclass(frozen=True)
class Topic:
    name: str
    over: frozenset[str]  # detector intents this topic may answer instead of
    next: tuple[str, ...]  # what to offer next (button names, see bot/situations/__init__)
    log: str | None  # what is written down when it answers ("limited"), or None
    # Words (as typed, not lemmas) that say the contact already happened ("said",
    # "replied"): with one of them, `log` applies even when the detector read no slip.
    log_cues: frozenset[str]
    # The longest message (in words) this topic answers: a greeting is a short message, and
    # "20 days of silence and he sends HEY STRANGER" is not one. 0: any length.
    max_words: int
    follow_ups: frozenset[str]  # topics that, right after this one, are about this one
    # Words (as typed) of which the message must hold one for this topic at all: "i can't
    # quite believe it" is near "i can't wait" by its words, and not about waiting.
    needs: frozenset[str]
    keywords: tuple[tuple[str, ...], ...]  # lemmatised key phrases
    examples: tuple[str, ...]


@dataclass(frozen=True)
class Match:
    topic: Topic
    score: float
    words: frozenset[str]  # the message's lemmas, so an answer can be chosen by what was said
    surface: frozenset[str]  # the message's words as normalised, before lemmas


class Matcher:
    """Nearest-neighbour scoring of a message against every topic's examples."""

    def __init__(self, topics: Sequence[Topic], verbs: Mapping[str, Sequence[str]]) -> None:
        self.topics = tuple(topics)
        vocabulary = {w for t in topics for e in t.examples for w in _words(e)}
        vocabulary |= {w for t in topics for k in t.keywords for w in k}
        self._lemma: dict[str, str] = {}
        for word in sorted(vocabulary | set(verbs)):
            if len(word) < 3 or word in STOP or not word.isalpha():
                continue
            for form in verb_forms(word, verbs):
                if form != word:
                    self._lemma.setdefault(form, word)
        self._keywords = tuple(
            tuple(tuple(self.lemmas(list(k))) for k in t.keywords) for t in topics
        )
        docs = [(i, self._features(self.lemmas(_words(e)))) for i, t in enumerate(topics)
                for e in t.examples]  # fmt: skip
        df: Counter[str] = Counter()
        for _, feats in docs:
            df.update(feats)
        n = len(docs) + 1
        self._idf = {f: math.log(n / (1 + c)) + 1.0 for f, c in df.items()}
        self._unknown_idf = math.log(n) + 1.0
        self._examples = [(i, self._vector(f)) for i, f in docs]

    # --- reading a message ---------------------------------------------------------------

    def lemmas(self, words: Iterable[str]) -> list[str]:
        out = []
        for w in words:
            lemma = self._lemma.get(w)
            if lemma is None and w.endswith("s") and len(w) > 3 and w[:-1] in self._lemma:
                lemma = self._lemma[w[:-1]]
            out.append(lemma or w)
        return out

    @staticmethod
    def _features(lemmas: Sequence[str]) -> Counter[str]:
        feats: Counter[str] = Counter(w for w in lemmas if w not in STOP)
        feats.update(f"{a}_{b}" for a, b in pairwise(lemmas))
        return feats

    def _vector(self, feats: Counter[str]) -> dict[str, float]:
        vec = {f: c * self._idf.get(f, self._unknown_idf) for f, c in feats.items()}
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        return {f: v / norm for f, v in vec.items()}

    def scores(self, text: str) -> dict[str, float]:
        """Every topic's score for a message (for tests and the benchmark)."""
        parts = [_words_of(s) for s in sentences(text)[:MAX_SENTENCES]]
        parts = [self.lemmas(p) for p in parts if p]
        if not parts:
            return {t.name: 0.0 for t in self.topics}
        whole = [w for p in parts for w in p]
        # Each sentence on its own (one of a word or two, "right.", says too little to
        # stand for the message), and the whole message.
        views = [
            self._vector(self._features(p))
            for p in parts
            if len(parts) == 1 or sum(w not in STOP for w in p) >= MIN_CONTENT_WORDS
        ]
        if len(parts) > 1:
            views.append(self._vector(self._features(whole)))
        best = [0.0] * len(self.topics)
        for i, example in self._examples:
            for view in views:
                sim = sum(v * example.get(f, 0.0) for f, v in view.items())
                if sim > best[i]:
                    best[i] = sim
        joined = " " + " ".join(whole) + " "
        content = sum(1 for w in whole if w not in STOP)
        out: dict[str, float] = {}
        for i, topic in enumerate(self.topics):
            if topic.max_words and len(whole) > topic.max_words:
                out[topic.name] = 0.0
                continue
            if topic.needs and not topic.needs & set(whole):
                out[topic.name] = 0.0
                continue
            # Key words add to a message that is already near the topic, never on their
            # own: "here" typed to mean "write it here" is not "she's here right now".
            hits = sum(1 for k in self._keywords[i] if f" {' '.join(k)} " in joined)
            bonus = KEYWORD_BONUS * min(hits, MAX_KEYWORDS) if best[i] >= KEYWORD_FLOOR else 0.0
            score = best[i] + bonus
            if content < MIN_CONTENT_WORDS and score < SHORT_MESSAGE_SCORE:
                score = 0.0  # a word or two: only a near-exact example ("thanks", "hi")
            out[topic.name] = score
        return out

    def match(self, text: str, after: str = "") -> Match | None:
        """The topic a message is about, or None when none is near enough; `after` names
        the topic answered just before, which a follow-up may continue."""
        scores = self.scores(text)
        others = max((v for k, v in scores.items() if k != after), default=0.0)
        if scores.get(after, 0.0) >= FOLLOW_UP_FLOOR and others < FOLLOW_UP_CEILING:
            scores[after] += FOLLOW_UP_BONUS
        name, score = max(scores.items(), key=lambda kv: (kv[1], kv[0]))
        if score < THRESHOLD:
            return None
        previous = next((t for t in self.topics if t.name == after), None)
        if previous is not None and name in previous.follow_ups:
            name = previous.name  # "what do i write" right after the kids' text is about it
        topic = next(t for t in self.topics if t.name == name)
        surface = frozenset(w for s in sentences(text) for w in _words_of(s))
        return Match(topic, round(score, 3), frozenset(self.lemmas(surface)), surface)


def _words_of(sentence: str) -> list[str]:
    """The words of a normalised sentence, without punctuation tokens."""
    return [w for w in sentence.split() if any(ch.isalnum() for ch in w)]


def _words(text: str) -> list[str]:
    return [w for s in sentences(text) for w in _words_of(s)]


def load_topics(path: Path = TOPICS_FILE) -> tuple[Topic, ...]:
    """Read the topics; a topic without examples or with an unknown field is an error."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    topics: list[Topic] = []
    for raw in data.get("topic", []):
        unknown = set(raw) - {
            "name", "over", "next", "log", "log_cues", "max_words", "follow_ups", "keywords",
            "examples", "needs",
        }  # fmt: skip
        if unknown or not raw.get("examples"):
            raise ValueError(f"topic {raw.get('name')!r}: unknown {sorted(unknown)} or no examples")
        topics.append(
            Topic(
                name=str(raw["name"]),
                over=frozenset(raw.get("over", [])),
                next=tuple(raw.get("next", [])),
                log=raw.get("log"),
                log_cues=frozenset(raw.get("log_cues", [])),
                max_words=int(raw.get("max_words", 0)),
                follow_ups=frozenset(raw.get("follow_ups", [])),
                needs=frozenset(raw.get("needs", [])),
                keywords=tuple(tuple(_words(fold(k))) for k in raw.get("keywords", [])),
                examples=tuple(raw["examples"]),
            )
        )
    if len({t.name for t in topics}) != len(topics):
        raise ValueError("two topics share a name")
    return tuple(topics)


def _verbs(path: Path = TOPICS_FILE) -> dict[str, list[str]]:
    """The detector's irregular verb forms, and the topics' own additions."""
    verbs: dict[str, list[str]] = {}
    for source in (VERBS_FILE, path):
        data = tomllib.loads(source.read_text(encoding="utf-8"))
        for lemma, forms in data.get("irregular", {}).items():
            verbs[lemma] = [*verbs.get(lemma, []), *forms]
    return verbs


@cache
def matcher() -> Matcher:
    """The shipped topics, loaded once (at start-up by the composition root, or first use)."""
    return Matcher(load_topics(), _verbs())
