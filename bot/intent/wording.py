"""A small pattern language for wording families kept as data (bot/intent/families/).

A pattern is a sequence of words over the normalised sentence (lower case, one space
between tokens, contractions spelled out; see normalise.py):

    word        the word itself (also matched as the normaliser would spell it: "wanna"
                -> "want to", "não" -> whatever the normaliser makes of it, and with its
                accents folded: "nao")
    <lemma>     every form of a verb, from its lemma: <die> = die dies died dying;
                <take> = take takes took taken taking (irregular forms from the vocabulary
                file's [irregular] table, the rest by the usual spelling rules)
    {name}      one of the phrases of a vocabulary (itself patterns), defined once
    [ ... ]     optional (so is ( ... )?);  ( a | b c )  one of;  !( ... ) not followed by
    *N          up to N words of anything (fewest first); _ is exactly one word
    word*       any word starting so: suicid* = suicide, suicidal, suicidally
    ^  $        the start, the end of the sentence or a punctuation mark

A word written with a capital letter ("Leben") may also stand as `xname`: the normaliser
marks capitalised words inside a sentence as names, and German writes its nouns that way.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache

from bot.intent.compiled import Programs

_SPECIAL = re.compile(r"\s*(\(|\)\?|\)|\[|\]|\||!\(|\{[\w-]+\}|<[\w-]+>|\*\d+|\^|\$|[^\s()\[\]|]+)")
_VOWEL_GROUPS = re.compile(r"[aeiou]+")
_PUNCT_END = r"(?= [.!?,;:]| ?$)"


class PatternError(ValueError):
    """A pattern or vocabulary that cannot be compiled; raised at load time, never later."""


def fold(text: str) -> str:
    """Lower case with accents and ligatures folded: "Não" -> "nao", "ß" -> "ss"."""
    text = unicodedata.normalize("NFKD", text.lower()).replace("ß", "ss")
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def verb_forms(lemma: str, irregular: Mapping[str, Sequence[str]]) -> list[str]:
    """Every form of a verb: base, -s, past, past participle, -ing (irregular past forms from
    the table; spelling rules for the rest: die -> dying, stop -> stopped, try -> tried)."""
    forms = [lemma, _third_person(lemma), _ing(lemma)]
    forms += list(irregular[lemma]) if lemma in irregular else [_past(lemma)]
    return list(dict.fromkeys(forms))


def _doubles(w: str) -> bool:
    # One syllable ending consonant-vowel-consonant doubles its last letter: stop, cut, plan.
    return (
        len(w) >= 3
        and len(_VOWEL_GROUPS.findall(w)) == 1
        and w[-1] not in "aeiouwxy"
        and w[-2] in "aeiou"
        and w[-3] not in "aeiou"
    )


def _third_person(w: str) -> str:
    if w.endswith(("s", "x", "z", "ch", "sh", "o")):
        return w + "es"
    if w.endswith("y") and w[-2:-1] not in tuple("aeiou"):
        return w[:-1] + "ies"
    return w + "s"


def _ing(w: str) -> str:
    if w.endswith("ie"):
        return w[:-2] + "ying"
    if w.endswith("e") and not w.endswith(("ee", "ye", "oe")) and len(w) > 2:
        return w[:-1] + "ing"
    return w + w[-1] + "ing" if _doubles(w) else w + "ing"


def _past(w: str) -> str:
    if w.endswith("e"):
        return w + "d"
    if w.endswith("y") and w[-2:-1] not in tuple("aeiou"):
        return w[:-1] + "ied"
    return w + w[-1] + "ed" if _doubles(w) else w + "ed"


@dataclass
class Compiler:
    """Turns patterns into regular expressions over " " + sentence + " ".

    `vocab` maps names to phrase lists; `irregular` maps verb lemmas to their past forms;
    `spell` is how the normaliser spells one word (so patterns follow it when it changes);
    `programs`, when given, keeps the compiled expressions between runs.
    """

    vocab: Mapping[str, Sequence[str]]
    irregular: Mapping[str, Sequence[str]]
    spell: Callable[[str], str] = field(default=lambda w: w)
    programs: Programs | None = None  # compiled programs kept between runs (compiled.py)
    _cache: dict[str, str] = field(default_factory=dict)
    _busy: set[str] = field(default_factory=set)

    def regex(self, pattern: str) -> str:
        toks = [m.group(1) for m in _SPECIAL.finditer(pattern)]
        if "".join(toks).replace(" ", "") != pattern.replace(" ", "").replace("\t", ""):
            raise PatternError(f"cannot read pattern {pattern!r}")
        pos, out = self._sequence(toks, 0, pattern)
        if pos != len(toks):
            raise PatternError(f"unbalanced brackets in {pattern!r}")
        return out

    def compile(self, patterns: Sequence[str]) -> re.Pattern[str]:
        if not patterns:
            return re.compile(r"(?!)")
        return self.compile_regex("|".join(f"(?:{self.regex(p)})(?= )" for p in patterns))

    def compile_regex(self, source: str) -> re.Pattern[str]:
        """A regular expression as written (not a pattern), kept as the patterns are."""
        return self.programs.compile(source) if self.programs else re.compile(source)

    # --- recursive descent ---------------------------------------------------------------

    def _sequence(self, toks: list[str], pos: int, src: str) -> tuple[int, str]:
        """Alternatives separated by '|' up to a closing bracket."""
        alts, cur = [], ""
        while pos < len(toks) and toks[pos] not in (")", ")?", "]"):
            tok = toks[pos]
            if tok == "|":
                alts.append(cur)
                cur, pos = "", pos + 1
                continue
            pos, piece = self._element(toks, pos, src)
            cur += piece
        alts.append(cur)
        return pos, alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"

    def _element(self, toks: list[str], pos: int, src: str) -> tuple[int, str]:
        tok = toks[pos]
        if tok in ("(", "[", "!("):
            closes = ("]",) if tok == "[" else (")",) if tok == "!(" else (")", ")?")
            end, inner = self._sequence(toks, pos + 1, src)
            if end >= len(toks) or toks[end] not in closes:
                raise PatternError(f"unbalanced brackets in {src!r}")
            if tok == "[" or toks[end] == ")?":
                return end + 1, f"(?:{inner})?"
            if tok == "!(":
                return end + 1, f"(?!{inner}(?= ))"
            return end + 1, f"(?:{inner})"
        if tok.startswith("{"):
            return pos + 1, self._vocab(tok[1:-1], src)
        if tok.startswith("<"):
            lemma = tok[1:-1]
            return pos + 1, self._words(verb_forms(lemma, self.irregular))
        if tok.startswith("*"):
            return pos + 1, f"(?: [^ ]+){{0,{int(tok[1:])}}}?"
        if len(tok) > 1 and tok.endswith("*") and not tok.startswith("*"):
            return pos + 1, " " + re.escape(fold(tok[:-1])) + "[^ ]*"
        if tok == "_":
            return pos + 1, "(?: [^ ]+)"
        if tok == "^":
            return pos + 1, "^"
        if tok == "$":
            return pos + 1, _PUNCT_END
        return pos + 1, self._words([tok])

    def _vocab(self, name: str, src: str) -> str:
        if name in self._cache:
            return self._cache[name]
        if name not in self.vocab:
            raise PatternError(f"unknown vocabulary {{{name}}} in {src!r}")
        if name in self._busy:
            raise PatternError(f"vocabulary {{{name}}} refers to itself")
        self._busy.add(name)
        try:
            out = "(?:" + "|".join(self.regex(p) for p in self.vocab[name]) + ")"
        finally:
            self._busy.discard(name)
        self._cache[name] = out
        return out

    def _words(self, words: Sequence[str]) -> str:
        """One word (or its forms), as typed, as the normaliser spells it, accents folded."""
        return _alternatives(tuple(words), self.spell)


@cache
def _alternatives(words: tuple[str, ...], spell: Callable[[str], str]) -> str:
    """`Compiler._words`, worked out once per word list: the families repeat their words."""
    alts: set[str] = set()
    optional = False
    for word in words:
        low = word.lower()
        spelled = {fold(low), spell(low), spell(fold(low))}
        if word[:1].isupper():
            spelled.add("xname")
        for s in spelled:
            s = " ".join(s.split())
            if s:
                alts.add(" " + re.escape(s))
            else:
                optional = True  # the normaliser drops it ("à"): the word may be absent
    body = "(?:" + "|".join(sorted(alts, key=lambda a: (-len(a), a))) + ")"
    return f"{body}?" if optional else body
