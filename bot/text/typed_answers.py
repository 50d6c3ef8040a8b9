"""What people type when a step asks them something, in the words they use.

One home for the typed-answer vocabulary of the steps outside the urge and slip flows:
yes and no, the evening mood, "any contact today?", plan lengths ("30 days ig", "idk like
8", "a month"), start dates ("last tuesday", "9 days ago"), times ("like 9ish?"), and a
few phrases ("skip", "start again", "im gonna leave him on read"). Every function is pure
and returns None for anything it cannot read, so the step can answer what was said
instead and offer itself again. Vocabularies are data, defined once, with their examples
in tests/test_typed_answers.py.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, timedelta

from bot.intent.normalise import sentences
from bot.text.parsing import parse_length, parse_start, parse_time

# Words that soften an answer without changing it ("idk like 8", "30 days ig").
FILLERS = frozenset(
    {
        "idk", "ig", "i", "guess", "like", "maybe", "tbh", "ngl", "um", "umm", "uh", "hmm",
        "lol", "lmao", "haha", "ok", "okay", "so", "just", "probably", "prob", "about",
        "around", "roughly", "say", "think", "dunno", "please", "pls", "plz", "then",
        "let's", "lets", "go", "with", "do", "make", "it", "total", "sounds", "right",
        "good", "fine", "the", "for", "me", "yeah", "yes", "sure", "hmmm", "ish",
        "plan", "length", "a", "an", "one", "of", "is", "that's", "thats", "start",
        "would", "to", "try", "want", "i'd", "id", "i'll", "ill",
    }
)  # fmt: skip

YES = frozenset(
    {
        "yes", "y", "yeah", "yea", "yep", "yup", "ya", "yah", "ye", "yas", "sure", "ok",
        "okay", "k", "definitely", "absolutely", "correct", "right", "affirmative", "aye",
        "please", "do it", "go ahead", "yes please", "i do", "i did", "did", "👍", "✅",
    }
)  # fmt: skip
NO = frozenset(
    {
        "no", "n", "nope", "nah", "na", "naw", "nay", "not really", "no thanks", "no thank you",
        "never", "negative", "i didn't", "i didnt", "didn't", "didnt", "none", "nothing",
        "👎", "❌",
    }
)  # fmt: skip

# The evening mood, 1 rough, 2 okay, 3 good; checked as whole words, longest phrase first.
MOOD_WORDS: dict[str, int] = {
    # rough
    "rough": 1, "bad": 1, "awful": 1, "terrible": 1, "horrible": 1, "shit": 1, "shitty": 1,
    "crap": 1, "crappy": 1, "hard": 1, "tough": 1, "exhausted": 1, "exhausting": 1,
    "tired": 1, "sad": 1, "low": 1, "down": 1, "miserable": 1, "awful day": 1, "not good": 1,
    "not great": 1, "not okay": 1, "not ok": 1, "struggling": 1, "rubbish": 1, "lonely": 1,
    "heavy": 1, "a mess": 1, "wrecked": 1, "drained": 1, "sucked": 1, "sucks": 1,
    "worst": 1, "bleh": 1,
    # okay
    "ok": 2, "okay": 2, "fine": 2, "alright": 2, "all right": 2, "aight": 2, "mid": 2,
    "so so": 2, "so-so": 2, "average": 2, "quiet": 2, "not bad": 2, "could be worse": 2,
    "bit better": 2, "a bit better": 2, "better": 2, "decent": 2, "normal": 2, "meh": 2,
    "manageable": 2, "survived": 2, "surviving": 2, "steady": 2, "calm": 2, "mixed": 2,
    "up and down": 2, "ok i guess": 2, "okay i guess": 2,
    # good
    "good": 3, "great": 3, "pretty good": 3, "really good": 3, "amazing": 3, "proud": 3,
    "happy": 3, "lovely": 3, "better than expected": 3, "strong": 3, "good day": 3,
    "brilliant": 3, "fantastic": 3, "nice": 3, "solid": 3, "well": 3, "positive": 3,
}  # fmt: skip
MOOD_EMOJI: dict[str, int] = {
    "😭": 1, "😢": 1, "😞": 1, "😔": 1, "💔": 1, "😩": 1, "😣": 1, "🙁": 1, "☹️": 1, "😫": 1,
    "😐": 2, "😶": 2, "🙂": 2, "🤷": 2, "😕": 2, "😌": 2,
    "😊": 3, "😄": 3, "😀": 3, "😁": 3, "💪": 3, "🥳": 3, "❤️": 3, "🫶": 3,
}  # fmt: skip
# Words that turn a mood word around ("not bad" is listed; "not good" too).
_MOOD_NEGATORS = frozenset({"not", "never", "isnt", "wasnt", "no"})

# "Any contact with them today?": held (no contact), limited (logistics only), or contact.
HELD_NONE = frozenset(
    {
        "no contact", "none", "none today", "nothing", "no", "nope", "nah", "not once",
        "didnt", "didn't", "i didnt", "i didn't", "held", "held on", "i held on", "zero",
        "no contact today", "kept it", "stayed strong", "no texts", "didnt text",
        "didn't text", "didnt call", "didn't call", "no calls", "not today", "no i didnt",
    }
)  # fmt: skip
HELD_LIMITED = frozenset(
    {
        "limited", "limited contact", "only logistics", "logistics", "just logistics",
        "kids", "the kids", "kid stuff", "just the kids", "about the kids", "childcare",
        "pickup", "drop off", "handover", "practical", "practical stuff", "lease", "rent",
        "bills", "belongings", "stuff", "his stuff", "her stuff", "their stuff", "work",
    }
)  # fmt: skip
# Words that make contact practical: children, a home, money, belongings.
LOGISTICS_WORDS = frozenset(
    {
        "logistics", "limited", "kids", "kid", "children", "childcare", "pickup", "school",
        "custody", "lease", "rent", "mortgage", "house", "flat", "apartment", "sale",
        "paperwork", "keys", "bills", "money", "belongings", "stuff", "things", "dog", "cat",
    }
)  # fmt: skip
HELD_CONTACT = frozenset(
    {
        "yes", "yeah", "yep", "ya", "yup", "i did", "i texted", "texted", "i called",
        "called", "i messaged", "messaged", "i reached out", "reached out", "slipped",
        "i slipped", "i caved", "caved", "i replied", "replied", "we talked", "we met",
    }
)  # fmt: skip

SKIP = frozenset(
    {
        "skip", "skip it", "skip this", "pass", "next", "later", "not now", "no idea",
        "dont know", "don't know", "idk", "dunno", "whatever", "doesnt matter",
        "doesn't matter", "any", "anything", "none", "no", "nah", "nope", "rather not",
        "i'd rather not", "id rather not", "prefer not to say", "n/a", "na",
        "whatever is fine", "whatever works", "anything is fine", "any is fine", "up to you",
        "doesnt matter to me", "doesn't matter to me", "either is fine", "whatever you think",
        # the word in Spanish, Portuguese, French, German, Italian
        "saltar", "omitir", "pular", "passer", "sauter", "überspringen", "ueberspringen",
        "salta", "saltare",
    }
)  # fmt: skip
START_AGAIN = frozenset(
    {
        "start again", "start over", "restart", "reset", "from scratch", "begin again",
        "start from scratch", "start afresh", "start fresh", "go back to the start",
        "redo", "redo it", "do it again", "start setup again",
    }
)  # fmt: skip
# The rest of setup, left to the defaults: what "Skip the rest" is typed as.
SKIP_REST = frozenset(
    {
        "skip the rest", "skip rest", "skip all", "skip all of it", "skip all of this",
        "skip everything", "skip the rest of it", "skip the rest of this", "skip setup",
        "skip the setup", "skip the questions", "skip all the questions", "skip all that",
        "defaults", "use the defaults", "just use the defaults", "defaults are fine",
        "the defaults are fine", "do the rest later", "ill do the rest later",
        "i'll do the rest later", "finish later", "finish it later", "later for the rest",
        "enough questions", "no more questions", "stop asking", "stop the questions",
    }
)  # fmt: skip
DONE = frozenset(
    {
        "done", "that's all", "thats all", "no more", "that's it", "thats it", "finished",
        "all done", "nothing else", "that's everything", "thats everything", "enough",
    }
)  # fmt: skip
# Deleting everything: only a plain yes, or saying to delete; never a vague "ok".
DELETE_YES = frozenset(
    {
        "yes", "yes delete", "yes delete it", "yes delete everything", "delete", "delete it",
        "delete everything", "delete all", "erase", "erase everything", "erase it",
        "yes erase everything", "yes please delete", "yes, delete everything", "do it",
        "yes do it", "yes i'm sure", "yes im sure", "i'm sure", "im sure", "confirm",
    }
)  # fmt: skip

# "I'm not going to answer them": the decision to leave a message from the ex unanswered.
_NOT_REPLYING = re.compile(
    r"\b(?:(?:not|never|won'?t|wont|ain'?t|aint)\s+(?:gonna\s+|going\s+to\s+|gunna\s+)?"
    r"(?:answer|answering|reply|replying|respond|responding|text(?:ing)?\s+(?:him|her|them)\s+back"
    r"|pick(?:ing)?\s+up)"
    r"|(?:leave|leaving|left)\s+(?:him|her|them|it)\s+on\s+(?:read|delivered|seen)"
    r"|(?:haven'?t|havent|didn'?t|didnt)\s+(?:answer(?:ed)?|repl(?:y|ied)|respond(?:ed)?)"
    r"|ignor(?:e|ed|ing)\s+(?:it|him|her|them|the\s+(?:text|message|call))"
    r"|(?:no|not)\s+(?:reply|replying|response|answer)"
    r"|(?:didn'?t|didnt|not)\s+pick(?:ing)?\s+up"
    r")",
    re.I,
)

# "So should I text him now? What do I say?": asking how to write the first message.
_FIRST_MESSAGE = re.compile(
    r"\b(?:what\s+(?:do|should|would|can)\s+i\s+(?:say|write|text|send|open\s+with)"
    r"|how\s+(?:do|should|would|can)\s+i\s+(?:start|begin|word|phrase|say|reach|open|text|message|write)"
    r"|should\s+i\s+(?:text|message|call|reach\s+out|write|send|apologi[sz]e|say)"
    r"|(?:first|opening)\s+(?:message|text)"
    r"|(?:is|are)\s+(?:it|now)\s+(?:the\s+)?(?:time|ok(?:ay)?)\s+to\s+(?:text|message|reach)"
    r"|can\s+i\s+(?:text|message|reach\s+out|call|write)"
    r"|when\s+(?:do|should|can)\s+i\s+(?:text|message|reach|call|write)"
    r"|what\s+(?:about|if)\s+i\s+(?:apologi[sz]e|say\s+sorry)"
    r"|should\s+i\s+(?:mention|bring\s+up|explain|act\s+normal|just\s+act|pretend)"
    r"|(?:just\s+)?act\s+(?:normal|like\s+nothing)"
    r")",
    re.I,
)

_NUMBER_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fourteen": 14,
    "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "ninety": 90, "a": 1, "an": 1, "couple": 2, "few": 3,
}  # fmt: skip
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def normalise(text: str) -> str:
    """Lower case, curly quotes straightened, runs of spaces and the punctuation at the
    ends removed: the form every vocabulary here is written in."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    folded = folded.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    folded = re.sub(r"\s+", " ", folded).strip()
    return folded.strip(" .!?,;:~-\"'()*")


def _plain(text: str) -> str:
    """`normalise`, also without inner punctuation ("no. didnt call" -> "no didnt call")."""
    return re.sub(r"\s+", " ", re.sub(r"[.!?,;:()\"*~]+", " ", normalise(text))).strip()


def word_list(text: str) -> list[str]:
    """The words of a text, lower case, without punctuation or emoji; accents folded
    ("días" -> "dias"), so a word typed in another language stays one word."""
    decomposed = unicodedata.normalize("NFKD", _plain(text))
    folded = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return re.findall(r"[a-z0-9']+", folded)


def _lead(text: str) -> str:
    """The first clause of an answer: "no. didnt call again" -> "no"."""
    return _plain(re.split(r"[.!?,;\n]| but | though | - ", normalise(text), maxsplit=1)[0])


def _in(vocab: frozenset[str], text: str) -> bool:
    return _plain(text) in vocab or normalise(text) in vocab


def yes_no(text: str) -> bool | None:
    """True for a yes ("yes", "yeah", "ya", "👍"), False for a no ("nope", "nah"), else None.

    The whole answer, or its first clause ("nah, not tonight"), must be the yes or the no:
    "no idea" is neither."""
    for candidate in (_plain(text), _lead(text)):
        if candidate in YES:
            return True
        if candidate in NO:
            return False
    return None


def is_skip(text: str) -> bool:
    """ "skip", "pass", "idk", "no idea", "rather not": leave this step as it is."""
    return _in(SKIP, text) or _plain(text) in {"/skip"}


_POLITE_START = r"^(?:please|pls|can we|can i|let's|lets|i want to|id like to|i'd like to)\s+"


def is_start_again(text: str) -> bool:
    """ "start again", "start over", "please start again", "restart"."""
    plain = _plain(text)
    plain = re.sub(_POLITE_START, "", plain)
    plain = re.sub(r"\s+(?:please|pls|then|i guess|i suppose|ig)$", "", plain)
    return plain in START_AGAIN


def is_skip_rest(text: str) -> bool:
    """ "skip the rest", "skip all", "just use the defaults": the rest of setup can wait."""
    plain = re.sub(_POLITE_START, "", _plain(text))
    plain = re.sub(r"\s+(?:please|pls|then|for now)$", "", plain)
    return plain in SKIP_REST or _plain(text) in SKIP_REST


# What people say in passing, one vocabulary: each word with where it is read as such.
#   a: an acknowledgement on its own ("ok", "lol"): never a reason or a nickname;
#   o: opening a short reply to something said ("yeah i did that"), not a thought of its own;
#   c: a word of a conversation, not of a place ("thanks. goodnight" typed at the time zone).
PASSING: dict[str, str] = {
    "haha": "aoc", "lol": "aoc", "ok": "aoc", "okay": "aoc", "thanks": "aoc", "ty": "aoc",
    "yeah": "aoc", "yes": "aoc", "alright": "ao", "fine": "ao", "k": "ao", "kk": "ao",
    "no": "ao", "right": "ao", "sure": "ao", "ya": "ao", "yep": "ao", "bye": "oc", "gn": "oc",
    "goodnight": "oc", "nah": "oc", "thank": "oc", "thx": "oc", "...": "a", "?": "a", "ah": "a",
    "cool": "a", "got it": "a", "hm": "a", "hmm": "a", "huh": "a", "lmao": "a", "oh": "a",
    "okk": "a", "thank you": "a", "uh": "a", "um": "a", "what": "a", "👍": "a", "night": "o",
    "nope": "o", "true": "o", "yea": "o", "hello": "c", "hey": "c", "hi": "c", "idk": "c",
    "me": "c", "sorry": "c", "ugh": "c", "you": "c",
}  # fmt: skip


def _passing(role: str) -> frozenset[str]:
    return frozenset(word for word, roles in PASSING.items() if role in roles)


ACKNOWLEDGEMENTS = _passing("a")
_ANSWER_OPENERS = _passing("o")
_CHAT_WORDS = _passing("c")


# Words of a feeling rather than a reason ("i hate myself for it", "i miss him so much").
FEELING_WORDS = frozenset(
    {
        "hate", "hating", "myself", "stupid", "idiot", "pathetic", "worthless", "miss",
        "missing", "cry", "crying", "cried", "sad", "lonely", "hurts", "hurting", "shaking",
        "scared", "ugh", "awful", "sick", "numb", "empty", "broken", "tired",
    }
)  # fmt: skip


def sounds_like_a_feeling(text: str) -> bool:
    """ "i hate myself for it", "im so lonely": how someone feels, not why they're doing
    this (a reason like "i want my self-respect back" has none of these words)."""
    words = word_list(text)
    return bool(FEELING_WORDS & set(words)) or " ".join(words[:2]) in {"im so", "i'm so"}


# The language of a message in a script none of this reads (Arabic, Cyrillic, Devanagari).
OTHER_SCRIPT = "other"


def unreadable_script(text: str) -> bool:
    """Letters, and none of them Latin ("مرحبا كيف حالك", "привет как дела"): a language
    no step or rule here can read, whatever it says."""
    letters = [ch for ch in text if ch.isalpha()]
    return len(letters) >= 2 and not any("LATIN" in unicodedata.name(ch, "") for ch in letters)


_GREETING = re.compile(
    r"^(?:h+i+|he+y+|hello+|hell+o|hiya|howdy|yo+|sup|wassup|hola|ola|ciao|salut|hallo|hai"
    r"|good (?:morning|evening|afternoon)|morning|evening)(?: there| again| cooloff| bot)?"
    r"[\s!.,~:()]*(?:[\U0001F300-\U0001FAFF\u2600-\u27BF]\s*)*$"
)


def is_greeting(text: str) -> bool:
    """ "hi", "hii", "heyyy", "hello there", "good morning :)": a hello, nothing more."""
    return _GREETING.match(normalise(text).strip()) is not None


def is_acknowledgement(text: str) -> bool:
    """ "ok", "sure", "lol", "hmm": something said in passing, not an answer to write down."""
    return _plain(text) in ACKNOWLEDGEMENTS or normalise(text) in ACKNOWLEDGEMENTS


def declines(text: str) -> bool:
    """ "no", "nah", "no nickname lol", "no thanks", "don't need one", "skip": a no to an
    optional question."""
    if yes_no(text) is False or is_skip(text):
        return True
    words = word_list(text)
    return bool(words) and (
        words[0] in {"no", "nah", "nope", "none", "nothing", "pass"}
        or " ".join(words[:2]) in {"dont need", "don't need", "i dont", "i don't", "not needed"}
    )


def is_done(text: str) -> bool:
    """ "done", "that's all", "no more": the end of a list being written."""
    return _in(DONE, text)


def is_delete_yes(text: str) -> bool:
    """A clear yes to erasing everything ("yes", "yes delete everything", "delete it")."""
    plain = _plain(text)
    return plain in DELETE_YES or normalise(text) in DELETE_YES


def mood(text: str) -> int | None:
    """The day's mood from a typed answer: 1 rough, 2 okay, 3 good, or None.

    Takes words ("rough", "ok i guess", "pretty good", "aight", "honestly rough. i keep
    replaying the last fight": the first clause decides), emoji, "3/10"-style scores and
    bare numbers: 1 to 3 are the three choices as shown, 4 and 5 read on a 1-5 scale.
    """
    lead = _lead(text)
    words = word_list(lead)
    score = re.fullmatch(r"(?:like\s+)?(?:a\s+)?(\d{1,2})\s*(?:/|out of)\s*10(?:\s+day)?", lead)
    if score:
        value = int(score.group(1))
        return None if value > 10 else 1 if value <= 3 else 2 if value <= 6 else 3
    if lead.isdigit():
        value = int(lead)
        return value if 1 <= value <= 3 else 3 if value in {4, 5} else None
    for emoji, value in MOOD_EMOJI.items():
        if emoji in text and not words:
            return value
    for scope in (words, word_list(text)):
        found = _mood_in(scope)
        if found is not None:
            return found
    for emoji, value in MOOD_EMOJI.items():
        if emoji in text:
            return value
    return None


def _mood_in(words: list[str]) -> int | None:
    """The mood of the longest mood phrase in the words ("not bad" over "bad", "pretty
    good" over "good"); a one-word mood after "not" turns towards okay or rough."""
    found: tuple[int, int, int] | None = None  # (phrase length, -position, mood)
    for phrase, value in MOOD_WORDS.items():
        parts = phrase.split()
        for at in range(len(words) - len(parts) + 1):
            if words[at : at + len(parts)] != parts:
                continue
            picked = value
            if len(parts) == 1 and at > 0 and words[at - 1] in _MOOD_NEGATORS:
                picked = 2 if value == 1 else 1 if value == 3 else value
            candidate = (len(parts), -at, picked)
            if found is None or candidate > found:
                found = candidate
    return found[2] if found is not None else None


def held(text: str) -> str | None:
    """The answer to "any contact with them today?": "yes" (held: no contact), "limited"
    (logistics only) or "no" (there was contact), or None.

    Read from the first clause, so "no contact. his mum texted me though" is held and
    "just the kid stuff about saturday" is logistics.
    """
    lead = _lead(text)
    plain = _plain(text)
    for candidate in (plain, lead):
        if candidate in HELD_NONE:
            return "yes"
        if candidate in HELD_LIMITED:
            return "limited"
        if candidate in HELD_CONTACT:
            return "no"
    words = word_list(lead)
    if not words:
        return None
    if words[0] in {"no", "nope", "nah", "none", "zero", "nothing"} or lead.startswith(
        ("no contact", "not once", "didnt", "didn't", "i didnt", "i didn't", "none")
    ):
        return "yes"
    if LOGISTICS_WORDS & set(word_list(text)):
        return "limited"
    if words[0] in {"yes", "yeah", "yep", "ya", "yup"}:
        return "no"
    return None


def choice_number(text: str, count: int) -> int | None:
    """A bare number that picks one of `count` choices (1-based), or None."""
    plain = _plain(text)
    if plain.isdigit() and plain.isascii() and 1 <= int(plain) <= count:
        return int(plain)
    return None


def _number_in(words: list[str]) -> tuple[int, int] | None:
    """(value, index) of the first number in the words, digits or a number word."""
    for at, word in enumerate(words):
        if word.isdigit() and word.isascii() and len(word) <= 4:
            return int(word), at
        if word in _NUMBER_WORDS and word not in {"a", "an"}:
            return _NUMBER_WORDS[word], at
        if (
            word in {"a", "an"}
            and at + 1 < len(words)
            and words[at + 1].startswith(("week", "month", "year", "fortnight"))
        ):
            return 1, at
    return None


# "30 días", "6 semanas", "2 mois": a number with the unit in the language someone typed
# in (Cooloff speaks English for now; setup must not be a trap for them).
_FOREIGN_UNITS = {
    "dias": 1, "días": 1, "dia": 1, "día": 1, "jours": 1, "jour": 1, "tage": 1, "tag": 1,
    "giorni": 1, "giorno": 1, "semanas": 7, "semana": 7, "semaines": 7, "semaine": 7,
    "wochen": 7, "woche": 7, "settimane": 7, "settimana": 7, "mes": 30, "meses": 30,
    "mês": 30, "mois": 30, "monat": 30, "monate": 30, "mese": 30, "mesi": 30,
}  # fmt: skip


def plan_length(text: str) -> int | None:
    """Days from a typed plan length: "30", "30 days ig", "idk like 8" (weeks? no: 8 days),
    "a month", "6 weeks", "two months", "a fortnight", "make it 6 weeks total"; or None.

    Bounds (7 to 365) are the caller's, so it can say which was crossed. Of several
    sentences the last one may be the answer ("i dont even know how long. like a month??")."""
    clauses = [c for c in re.split(r"[.!?\n]+", text) if c.strip()]
    if len(clauses) > 1:
        return _plan_length(text) or _plan_length(clauses[-1])
    return _plan_length(text)


def _plan_length(text: str) -> int | None:
    exact = parse_length(text)
    if exact is not None:
        return exact
    words = word_list(text)
    units = {
        "d": 1, "day": 1, "days": 1, "w": 7, "wk": 7, "wks": 7, "week": 7, "weeks": 7,
        "fortnight": 14, "fortnights": 14, "m": 30, "mo": 30, "month": 30, "months": 30,
        "year": 365, "yr": 365, **_FOREIGN_UNITS,
    }  # fmt: skip
    found = _number_in(words)
    if found is None:
        for word in words:
            if word in units and word not in {"d", "w", "m", "mo"}:
                # "month", "a month sounds right": one of the unit.
                return units[word]
        return None
    value, at = found
    if value == 0:
        return None
    unit = words[at + 1] if at + 1 < len(words) else ""
    if unit in units:
        rest = words[at + 2 :]
    elif unit == "" or unit in FILLERS or unit in {"ish", "or", "maybe"}:
        rest = words[at + 1 :]
        unit = "d"
    else:
        return None
    # Every other word must only soften the answer: "9 days and i blew it" is not a length,
    # and neither is "3 or 4 weeks".
    allowed = FILLERS | units.keys() | {"ish", "total", "days", "maybe"}
    if any(w not in allowed for w in (*words[:at], *rest)) or _number_in(rest) is not None:
        return None
    return value * units[unit]


_DATE_SOFTENERS = frozenset(
    {
        "yes", "yeah", "ok", "okay", "so", "then", "please", "start", "from", "starting",
        "since", "about", "around", "like", "maybe", "idk", "ig", "i", "guess", "it", "was",
        "roughly", "just", "lets", "let's", "count", "counting", "think", "probably", "prob",
    }
)  # fmt: skip


# Words that tell what happened before the date ("he left", "we broke up", "last texted").
_STORY_WORDS = frozenset(
    {
        "he", "she", "they", "we", "it", "left", "broke", "up", "ended", "stopped", "talking",
        "split", "dumped", "me", "him", "her", "them", "last", "texted", "spoke", "talked",
        "contact", "no", "was", "were", "on", "things", "called", "saw", "moved", "out",
        "started", "began", "i", "cut", "off", "blocked", "all",
    }
)  # fmt: skip


def start_date(text: str, today: date) -> date | None:
    """`_start_date` of the whole text or, failing that, of its last sentence, which may be
    the answer ("yesterday?? or the day before. yesterday"), as with `plan_length`."""
    found = _start_date(text, today)
    clauses = [c for c in re.split(r"[.!?\n]+", text) if c.strip()]
    if found is None and len(clauses) > 1:
        found = _start_date(clauses[-1], today)
    return found


def _start_date(text: str, today: date) -> date | None:
    """The day no contact began: "today", "yesterday", "3 days ago", "last tuesday",
    "about 9 days ago", "a week ago", "start today then", "2026-11-01"; or None.

    Never in the future; the caller bounds how far back."""
    exact = parse_start(text, today)
    if exact is not None:
        return exact
    words = word_list(text)
    rest = [w for w in words if w not in _DATE_SOFTENERS]
    joined = " ".join(rest)
    if joined in {"today", "now", "tonight", "this morning", "right now"}:
        return today
    if joined in {"yesterday", "last night", "yesterday morning", "yesterday evening"}:
        return today - timedelta(days=1)
    if joined in {"day before yesterday", "the day before yesterday"}:
        return today - timedelta(days=2)
    m = re.fullmatch(r"(?:(\S+)\s+)?(day|days|week|weeks|month|months)\s+ago", joined)
    if m:
        raw = m.group(1) or "1"
        n = int(raw) if raw.isdigit() and raw.isascii() else _NUMBER_WORDS.get(raw)
        if n is None or n > 400:
            return None
        per = {"day": 1, "days": 1, "week": 7, "weeks": 7, "month": 30, "months": 30}[m.group(2)]
        return today - timedelta(days=n * per)
    m = re.fullmatch(
        r"(?:(?:its|it's|it has|it|ive|i've|we've|weve)\s+)?(?:been\s+)?(\S+)\s+(day|days|week"
        r"|weeks|month|months)\s+(?:since|without|of no contact|no contact)(?:\s.*)?",
        " ".join(words),  # "since" is a softener elsewhere; here it says what was counted
    )
    if m:
        # "its been 5 days since we talked", "2 weeks without talking".
        return _start_date(f"{m.group(1)} {m.group(2)} ago", today)
    if joined in {"last week", "a week ago"}:
        return today - timedelta(days=7)
    m = re.fullmatch(r"((?:\S+\s+)*?)(\S+\s+)?(day|days|week|weeks|month|months)\s+ago", joined)
    if m and m.group(1) and all(w in _STORY_WORDS for w in m.group(1).split()):
        # "he left 2 weeks ago", "we broke up like 3 days ago": the story, then the date.
        return _start_date(joined[m.end(1) :], today)
    m = re.fullmatch(
        r"((?:\S+\s+)+?)((?:(?:last|on|this past|past)\s+)?(?:mon|tues|wednes|thurs|fri|satur"
        r"|sun)day)",
        joined,
    )
    if m and all(w in _STORY_WORDS for w in m.group(1).split()):
        # "he ended it last sunday": the story, then the day.
        return _start_date(m.group(2), today)
    m = re.fullmatch(r"(?:last|on|this past|past)?\s*([a-z]+)", joined)
    if m:
        name = m.group(1)
        weekday = next(
            (n for n, day in enumerate(_WEEKDAYS) if len(name) >= 3 and day.startswith(name)),
            None,
        )
        if weekday is not None:
            back = (today.weekday() - weekday) % 7 or 7
            return today - timedelta(days=back)
    return None


_CLOCK = r"\b\d{1,2}(?:[:.h]\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.)?(?=\s|$|[?!,.])"


# "its 2am", "it's like 3 already": the hour it is now, said while telling the night.
_TELLS_THE_TIME = re.compile(
    r"\b(?:its|it's|it is)\s+(?:like\s+|already\s+|literally\s+|almost\s+|nearly\s+|past\s+"
    r"|gone\s+)?\d"
)


def time_of_day(text: str) -> str | None:
    """ "8am", "like 9ish?", "idk what time. like 9ish", "20:30", "half 7" -> "HH:MM"; never
    the hour it is now ("its 2am and i cant sleep")."""
    exact = parse_time(text.strip())
    if exact is not None:
        return exact
    cleaned = re.sub(r"ish\b", "", normalise(text))
    if _TELLS_THE_TIME.search(cleaned):
        return None
    m = re.search(r"\bhalf\s+(\d{1,2})\b", cleaned)
    if m:
        hour = int(m.group(1))
        return f"{hour:02d}:30" if 0 <= hour <= 23 else None
    found = re.findall(_CLOCK, cleaned)
    if len(found) > 1:
        # "change the time to 10. 9 is too early": the one after "to" or "at" is the answer.
        found = re.findall(r"\b(?:to|at|for|make it)\s+(" + _CLOCK[2:] + ")", cleaned)
    if len(found) == 1:
        value = parse_time(found[0].strip())
        if value is not None:
            return value
    return None


# Which setting a typed request is about ("plan length. make it 6 weeks", "can i change the
# time to 10"), checked in this order: the more specific words first.
SETTING_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("quiet", ("quiet", "do not disturb", "sleep hours", "quiet hours")),
    ("pm", ("evening", "check-in", "checkin", "check in", "night", "pm message")),
    ("tz", ("time zone", "timezone", "zone")),
    ("start", ("start date", "started", "began", "start", "day 1", "day one")),
    ("len", ("length", "how long", "longer", "shorter", "weeks", "days", "months", "month")),
    ("am", ("morning", "wake", "time", "message at", "am")),
    ("cc", ("country", "helpline")),
    ("nick", ("nickname", "call him", "call her", "call them", "name")),
    ("reasons", ("reasons", "reason")),
)


def setting_named(text: str) -> str | None:
    """The setting a typed request is about (an onboarding step key), or None."""
    plain = " " + _plain(text) + " "
    for key, phrases in SETTING_WORDS:
        if any(f" {p} " in plain for p in phrases):
            return key
    return None


def not_replying(text: str) -> bool:
    """ "im not gonna answer", "leaving him on read", "haven't answered that one": the choice
    not to reply to the ex."""
    return _NOT_REPLYING.search(normalise(text)) is not None


_LATER = re.compile(
    r"\b(?:i'?ll|i will|im going to|i'?m going to|gonna|going to|i think i'?ll|maybe i'?ll)\s+"
    r"(?:\w+\s+){0,2}?(?:wait|hold off|leave it|give it)\b"
    r"|\b(?:wait|hold off)\s+(?:until|till|til|for)\b|\bnot\s+(?:yet|tonight|today)\b"
)


def waits_to_write(text: str) -> bool:
    """ "I think I'll wait until the weekend", "not yet", "gonna give it a few days"."""
    return _LATER.search(normalise(text)) is not None


def asks_about_first_message(text: str) -> bool:
    """ "so should i text him now? what do i say", "how do i start": a question about the
    first message after the plan."""
    return _FIRST_MESSAGE.search(normalise(text)) is not None


# Words that open a question, after any of the fillers people start with ("like what if",
# "ok but should i"), as the detector's normaliser spells them.
QUESTION_OPENERS = frozenset(
    """is does do did can could should would will what how why when where am are
    whats hows wait""".split()  # noqa: SIM905
)
QUESTION_FILLERS = frozenset(
    "like ok okay so but and um uh hmm well wait honestly ngl tbh lol".split()  # noqa: SIM905
)


def is_question(text: str) -> bool:
    """Whether the words ask something: a question mark, a question's opening words (after
    fillers) in one of its first sentences, or "what if" anywhere ("like what if hes
    waiting too"). The one definition every flow and the engine use."""
    if "?" in text:
        return True
    for sentence in sentences(text)[:4]:
        words = [w for w in sentence.split() if w.isalnum()]
        opening = next((w for w in words if w not in QUESTION_FILLERS), "")
        if opening in QUESTION_OPENERS or "what if" in " ".join(words):
            return True
    return False


# What an attempt at a step's answer looks like: a digit, or one of the words the step's
# answers are made of. Anything else typed at that step is a message of its own.
_ATTEMPT_WORDS = {
    "len": frozenset(
        {"day", "days", "week", "weeks", "month", "months", "year", "fortnight", "default",
         "dias", "días", "semanas", "mes", "meses", "jours", "semaines", "mois", "tage",
         "wochen", "monat", "monate", "giorni", "settimane", "mese", "mesi"}
    ),
    "start": frozenset(
        {"today", "yesterday", "ago", "week", "weeks", "month", "months", "tonight", "now",
         "night", "morning", "monday", "tuesday", "wednesday", "thursday", "friday",
         "saturday", "sunday", "mon", "tue", "tues", "wed", "thu", "thurs", "fri", "sat",
         "sun", "hoy", "ayer", "hoje", "ontem", "aujourd'hui", "hier", "heute", "gestern",
         "oggi", "ieri"}
    ),
    "am": frozenset({"am", "pm", "noon", "midday", "morning", "half", "quarter", "oclock"}),
    "pm": frozenset({"am", "pm", "noon", "evening", "night", "half", "quarter", "oclock"}),
    "quiet": frozenset({"keep", "none", "off", "am", "pm", "midnight", "night"}),
}  # fmt: skip


def opens_with_an_answer(text: str) -> bool:
    """ "yeah i did that", "ok i can speak english too", "no not really": a reply to
    something said, not a thought of its own (so not a reason to keep)."""
    words = word_list(text)
    return bool(words) and len(words) <= 6 and words[0] in _ANSWER_OPENERS


_SUBJECTS = frozenset(
    {"i", "im", "i'm", "ive", "i've", "he", "hes", "he's", "she", "shes", "she's", "they",
     "theyre", "we", "my", "its", "it's", "it"}
)  # fmt: skip


def could_be_a_name(text: str) -> bool:
    """ "Sam", "the chef", "mr ex": a few words, not a sentence about someone ("he blocked me
    on everything", "i miss her")."""
    words = word_list(text)
    return 0 < len(words) <= 4 and words[0] not in _SUBJECTS and not {"me", "my"} & set(words)


def attempts(step_key: str, text: str) -> bool:
    """Whether typed text looks like an attempt at the step's answer ("30 dias", "like 9")
    rather than a message of its own ("i hate myself for it"). Steps without a vocabulary
    (a place, a name, a reason) take any short line as an attempt."""
    vocabulary = _ATTEMPT_WORDS.get(step_key)
    words = word_list(text)
    if not any(ch.isalnum() for ch in text):
        return False  # "😭😭😭", "...": a feeling, not a place or a number
    if vocabulary is None:
        # "i just found out", "he blocked me": a sentence about someone, not a place.
        telling = step_key in {"tz", "cc"} and bool(words) and words[0] in _SUBJECTS
        chat = step_key in {"tz", "cc"} and bool(set(words) & _CHAT_WORDS)
        return len(words) <= 4 and not telling and not chat
    if step_key in {"am", "pm", "quiet"} and _TELLS_THE_TIME.search(normalise(text)):
        return False  # "its 2am and i cant sleep": the hour now, not the one to choose
    if step_key == "quiet" and "keep" in words and len(words) > 3:
        words = [w for w in words if w != "keep"]  # "i keep rereading our old texts"
    numbers = _NUMBER_WORDS.keys() - {"a", "an"}  # "a" alone is no number
    return any(ch.isdigit() for ch in text) or any(w in vocabulary or w in numbers for w in words)

