"""A tiny guess at the language of one message: Spanish, Portuguese, French, German, Italian.

The engine answers a crisis written in another language with one line in that language, so
this only has to tell those five apart from English (and from each other) on short chat
messages. It scores each language by the words it owns: common function words, the verbs
people use when they say how they feel, and a few letters only that language writes (ñ, ã,
ß). A word shared by several languages counts less. Deterministic, no data files, a few
microseconds a message.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from functools import cache

# The languages guessed; English is scored too, but a win for English (or a tie, or too little
# evidence) returns None.
LANGUAGES = ("es", "pt", "fr", "de", "it")

# Words written without accents are listed as typed on a phone: people often drop them, so
# the words are compared after accents are folded ("não" and "nao" both count for Portuguese).
_WORDS: Mapping[str, str] = {
    "en": """the and you that was for are with his they this have from not but what all
        were when your can said there use each which she how their will other about out many
        then them these some her would make like him into time has look two more write see
        number way could people than first been call who its now find long down day did get
        come made may part i im me my myself dont cant want wanna just really anymore feel
        know think even because nothing anything everything tonight today is it to of in on
        be do so no go gonna die kill life live am a an m ll ve re
        sorry lol lmao omg mess sad dead done tired okay ok lonely trying glad hurting
        keep having still never over again got much going doing something someone anyone""",
    "es": """el la los las un una unos unas y que de del en por para con sin pero como mas
        muy ya yo mi mis me te se lo le les nos su sus es esta estoy estas soy eres fue ser
        hay tengo tiene quiero quieres puedo puede nada nadie todo todos siempre nunca ahora
        hoy noche vida morir morirme matarme matar vivir quiero aguanto sentido mejor peor
        porque cuando donde aqui eso esto esa ese asi tambien solo ganas hacer dejar estar
        sé ni contigo conmigo mañana ojala vale pena suicidarme desaparecer cansada cansado
        este estos estas
        muero siento mata risa jajaja jaja dormir despertar quisiera q qué pues bueno mucho
        también alguien otra vez ayer contigo él ella hablar escribir decir
        lloro noches las""",
    "pt": """o a os as um uma uns umas e que de do da dos das em no na nos nas por para com
        sem mas como mais muito ja eu meu minha meus minhas me te se lhe nos seu sua é esta
        estou sou foi ser tem tenho quero queria posso pode nada ninguem tudo todos sempre
        nunca agora hoje noite vida morrer viver matar aguento sentido melhor pior porque
        quando onde aqui isso isto essa esse assim tambem so vontade fazer deixar estar não
        nao voce você ele ela eles obrigado obrigada saudade acabar minha dia gente tô to
        vou vai pra pro mim comigo ninguém amanhã cansado cansada mesmo morrendo
        rir kkk kkkk sinto choro todas noites falta dela dele ontem novo morta cansaço hoje
        estava está tá ta nem pq vc ficar falar alguém outra vez""",
    "fr": """le la les un une des et que qui de du en au aux par pour avec sans mais comme
        plus tres deja je j me moi mon ma mes te tu toi se il elle on nous vous ils elles
        son sa ses est suis es sommes etais était ai as a avons ont veux veut peux peut rien
        personne tout tous toujours jamais maintenant aujourd hui ce soir cette vie mourir
        vivre tuer envie sens mieux pire parce quand ou ici ça ca cela c est n pas ne y
        faire laisser être etre demain fatigue fatiguée marre fin
        jours suicider qu tue mort rire ai sais dois vais suis dis trop bien mal encore
        veux plus là avoir quelqu quelque chose parler""",
    "de": """der die das den dem des ein eine einen einem einer und oder aber dass wie als
        auch sehr schon ich mich mir mein meine meinen meiner du dich dir dein sie er es wir
        ihr ist bin bist sind war habe hast hat haben will willst kann kannst möchte mochte
        nichts niemand alles alle immer nie jetzt heute abend nacht leben sterben tot
        umbringen töten sinn besser schlimmer weil wenn wo hier mit ohne nicht kein keine
        mehr noch nur so zu auf für fur von vor bei nach aus um machen lassen sein morgen
        müde mude schluss einfach gar halt mal doch ganz
        ganze zeit an denke denk selbstmord bei ihr ihm ihn ihrer seiner wieder gestern
        weiß weiss heute jemand reden schreiben sagen""",
    "it": """il lo la i gli le un uno una e che di del della dei delle in nel nella per con
        senza ma come piu molto gia io mi mio mia miei mie me ti tu te si lui lei noi voi
        loro è sono sei era essere ho hai ha abbiamo hanno voglio vuoi posso puo niente nulla
        nessuno tutto tutti sempre mai adesso ora oggi stasera notte vita morire vivere
        uccidere uccidermi senso meglio peggio perché perche quando dove qui questo questa
        quello cosi anche solo voglia fare lasciare stare domani stanco stanca farla finita
        ammazzarmi non più ce la faccio
        muoio dal ridere sento penso giorno ogni andato andata chiamato casa sua suo
        stanotte ieri parlare scrivere dire qualcuno ancora volta
        l ho alle sua ubriaco chiamata messaggio""",
}

# Letters only one of the guessed languages writes (after NFC): strong hints.
_LETTERS: Mapping[str, str] = {"ñ": "es", "¿": "es", "¡": "es", "ã": "pt", "õ": "pt", "ß": "de"}

_TOKEN = re.compile(r"[^\W\d_]+", re.UNICODE)  # "i'm" -> i, m; "j'ai" -> j, ai
_MIN_SCORE = 1.0  # at least one word owned by a single language, or two shared ones
_MAX_CHARS = 2_000


def _fold(word: str) -> str:
    return "".join(
        ch for ch in unicodedata.normalize("NFKD", word) if not unicodedata.combining(ch)
    )


@cache
def _weights() -> dict[str, dict[str, float]]:
    """word -> {language: weight}; a word in k languages' lists weighs 1/k in each."""
    owners: dict[str, set[str]] = {}
    for lang, text in _WORDS.items():
        for word in text.split():
            owners.setdefault(_fold(word.lower()), set()).add(lang)
    return {w: {lang: 1.0 / len(langs) for lang in langs} for w, langs in owners.items()}


def scores(text: str) -> dict[str, float]:
    """Each language's score for `text` (English included); for tests and the benchmark."""
    text = unicodedata.normalize("NFC", text[:_MAX_CHARS]).lower()
    weights = _weights()
    out = dict.fromkeys(_WORDS, 0.0)
    for ch, lang in _LETTERS.items():
        if ch in text:
            out[lang] += 2.0
    for tok in _TOKEN.findall(text):
        for lang, w in weights.get(_fold(tok), {}).items():
            out[lang] += w
    return out


def guess(text: str) -> str | None:
    """'es', 'pt', 'fr', 'de' or 'it' when the message is plainly in that language; None for
    English, unknown or too little to tell."""
    if not isinstance(text, str) or not text.strip():
        return None
    s = scores(text)
    ranked = sorted(s.items(), key=lambda kv: (-kv[1], kv[0]))
    (best, top), (_, second) = ranked[0], ranked[1]
    if best == "en" or top < _MIN_SCORE or top <= second:
        return None
    return best
