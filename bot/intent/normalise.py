"""Turn whatever a person types into one predictable shape before any rule looks at it.

People write to this bot late at night, upset, on a phone: slang ("gonna txt him"), dropped
apostrophes ("dont"), stretched letters ("sooo"), emoji instead of words, and sometimes a
pasted wall of text. The rules stay simple because they only ever see lower-case words
separated by single spaces, with contractions spelled out and slang mapped to plain English.

The work is capped: only the first `MAX_CHARS` characters are read, a run-on sentence is cut
into overlapping pieces of `MAX_SENTENCE_CHARS`, and at most `MAX_SENTENCES` pieces are looked
at, so a 50 KB paste costs tens of milliseconds and no regex ever sees a long string.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from bot.intent.language import guess
from bot.intent.lexicon import (
    CAPITALISED_NOT_NAMES,
    COMMON_NAMES,
    EMOJI_WORDS,
    KNOWN_WORDS,
    OTHER_PEOPLE,
    SLANG,
    words,
)

MAX_CHARS = 20_000
MAX_SENTENCE_CHARS = 300
MAX_SENTENCES = 120
_OVERLAP = 60  # so a phrase cut in two by a piece boundary is still whole in one piece

NAME_TOKEN = "xname"

_QUOTES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'", "´": "'", "“": '"', "”": '"'})
# Sentence ends; the negative look-behind keeps "e.g." and "1.5" from splitting sentences.
_SENTENCE_SPLIT = re.compile(r"(?<=[.!?…])\s+|\n+|(?<=[!?])(?=\w)")
_TOKEN = re.compile(r"[a-z0-9][a-z0-9']*|[?!.,;:]")
_RAW_WORD = re.compile(r"[A-Za-z][A-Za-z']*")
_STRETCHED = re.compile(r"([a-z])\1{2,}")
_WITHOUT = re.compile(r"\b[wW]/[oO]\b")  # "w/o him"
_EX_HYPHEN = re.compile(r"\b(ex)\s*-\s*(?=[a-z])", re.IGNORECASE)


def sentences(text: str) -> list[str]:
    """Split raw text into at most `MAX_SENTENCES` normalised sentences.

    Rules work sentence by sentence so that "I won't text him. I'm going to call my mom."
    never pairs the first sentence's object with the second sentence's verb.
    """
    cleaned = _clean(text[:MAX_CHARS])
    out: list[str] = []
    for raw in _SENTENCE_SPLIT.split(cleaned):
        raw = raw.strip()
        if not raw:
            continue
        for piece in _pieces(raw):
            norm = normalise_sentence(piece)
            if norm:
                out.append(norm)
            if len(out) >= MAX_SENTENCES:
                return out
    return out


@cache
def spell(word: str) -> str:
    """How the normaliser spells one word ("wanna" -> "want to"), so a wording pattern
    follows the input's shape. Cached: the families ask about the same words thousands of
    times while they compile."""
    return " ".join(sentences(word))


def _pieces(raw: str) -> list[str]:
    """Cut a run-on sentence at spaces into overlapping pieces of at most MAX_SENTENCE_CHARS."""
    if len(raw) <= MAX_SENTENCE_CHARS:
        return [raw]
    pieces: list[str] = []
    start = 0
    while start < len(raw):
        end = min(start + MAX_SENTENCE_CHARS, len(raw))
        if end < len(raw):
            space = raw.rfind(" ", start + _OVERLAP, end)
            end = space if space > 0 else end
        pieces.append(raw[start:end])
        if end >= len(raw):
            break
        back = raw.rfind(" ", start + 1, end - _OVERLAP)
        start = back + 1 if back > start else end
    return pieces


def _clean(text: str) -> str:
    """Unicode-normalise, spell out emoji and drop control and invisible characters."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    parts: list[str] = []
    for ch in text:
        word = EMOJI_WORDS.get(ch)
        if word is not None:
            parts.append(f" {word} ")
            continue
        cat = unicodedata.category(ch)
        if ch == "\n":
            parts.append(ch)
        elif cat[0] == "C" or cat in ("Zl", "Zp"):
            # Control, format (zero-width joiners, RTL marks) and unassigned characters carry
            # no words; a space keeps the words around them apart.
            parts.append(" " if cat != "Cf" else "")
        else:
            parts.append(ch)
    return _WITHOUT.sub("without", _EX_HYPHEN.sub(r"\1 ", "".join(parts)))


def normalise_sentence(raw: str) -> str:
    """Lower-case one sentence, expand slang and contractions, mark likely first names."""
    raw = _mark_names(raw)
    tokens: list[str] = []
    for tok in _TOKEN.findall(raw.lower()):
        tok = _unstretch(tok)
        mapped = SLANG.get(tok)
        if mapped is None:
            mapped = _expand_contraction(tok)
        if mapped:
            tokens.append(mapped)
    return " ".join(_digit_words(tokens))


# "going 2 txt him", "want 2 die": "2" is "to" only between a verb like these and a word.
_BEFORE_TWO = frozenset(
    (
        "want",
        "going",
        "need",
        "have",
        "got",
        "about",
        "trying",
        "ready",
        "able",
        "supposed",
        "wish",
        "tempted",
        "planning",
        "decided",
        "like",
        "love",
        "hate",
        "refuse",
        "try",
    )
)


def _digit_words(tokens: list[str]) -> list[str]:
    out = list(tokens)
    for i in range(1, len(out) - 1):
        if out[i] == "2" and out[i - 1].split()[-1] in _BEFORE_TWO and out[i + 1].isalpha():
            out[i] = "to"
    return out


_SUFFIXES = (
    ("n't", " not"),
    ("'ll", " will"),
    ("'ve", " have"),
    ("'re", " are"),
    ("'m", " am"),
    ("'d", " would"),
)


def _expand_contraction(tok: str) -> str:
    """ "didn't" -> "did not", "you'll" -> "you will"; "he's" stays (is or has is unclear)."""
    if "'" not in tok:
        return tok
    for suffix, full in _SUFFIXES:
        if tok.endswith(suffix) and len(tok) > len(suffix):
            return tok[: -len(suffix)] + full
    if tok.endswith("'s") and tok[:-2] in ("he", "she", "it", "that", "what", "there", "who"):
        return tok[:-2] + " is"
    if tok.endswith("s'"):
        return tok[:-1]
    return tok


def _unstretch(tok: str) -> str:
    """'sooo' -> 'so', 'textttt' -> 'text', 'pleeease' -> 'please' (when that is a word)."""
    if not _STRETCHED.search(tok):
        return tok
    double = _STRETCHED.sub(r"\1\1", tok)
    if double in KNOWN_WORDS or double in SLANG:
        return double
    return _STRETCHED.sub(r"\1", tok)


_OTHER_PERSON = re.compile(OTHER_PEOPLE)
_OPENERS_NOT_NAMES = words(
    """someone somebody nobody anyone everyone everybody mum mummy nan nana gran granny grandad
    auntie bestie bro sis babe mother father mama papa ma pa amazon uber apple google spotify
    instagram facebook linkedin tinder hinge bumble twitter whatsapp snapchat tiktok work
    school uni college he she they it this that then so and but also finally today yesterday
    apparently somehow literally honestly again"""
)
_CONTACTED_ME = re.compile(
    r" (?:just |finally |randomly |suddenly |actually |also )?(?:texted|messaged|called|rang|"
    r"phoned|dmed|dm'd|DMed|emailed|facetimed|FaceTimed|snapchatted|snapped|replied to|"
    r"wrote to|sent|reached out to) me\b",
    re.IGNORECASE,
)


def _mark_names(raw: str) -> str:
    """Replace what looks like a person's first name with `NAME_TOKEN`.

    People name their ex ("should I text Jake"). A capitalised word in the middle of a
    sentence that is not a known capitalised non-name (Instagram, Friday, Mom) is taken for a
    name, and so is any word from a short list of common first names, wherever it stands.
    """

    words = _RAW_WORD.findall(raw)
    # Title Case Or ALL CAPS writing says nothing about names; only the name list applies.
    # Nor does German, which capitalises every noun ("Ich denke an Selbstmord").
    shouty = sum(1 for w in words if w[0].isupper()) * 2 > len(words) or guess(raw) == "de"

    def repl(m: re.Match[str]) -> str:
        word = m.group(0)
        low = word.lower()
        if low in COMMON_NAMES:
            return NAME_TOKEN
        if (
            not shouty
            and m.start() > 0
            and word[0].isupper()
            and word[1:].islower()
            and low not in CAPITALISED_NOT_NAMES
            and low not in KNOWN_WORDS
            and low not in SLANG
            and raw[: m.start()].rstrip()[-1:] not in {".", "!", "?", '"', ":"}
        ):
            return NAME_TOKEN
        # "Jack messaged me asking...": a capitalised word opening the sentence is a name
        # when it is the one who contacted "me".
        if (
            not shouty
            and word[0].isupper()
            and word[1:].islower()
            and low not in CAPITALISED_NOT_NAMES
            and low not in KNOWN_WORDS
            and low not in SLANG
            and low not in _OPENERS_NOT_NAMES
            and not _OTHER_PERSON.fullmatch(low)
            and raw[: m.start()].rstrip()[-1:] in {"", ".", "!", "?", ":"}
            and _CONTACTED_ME.match(raw, m.end())
        ):
            return NAME_TOKEN
        return word

    return _RAW_WORD.sub(repl, raw)
