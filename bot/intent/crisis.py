"""Suicidal thoughts and self-harm, said directly or indirectly.

Missing a crisis is the one error this bot cannot afford, so the patterns are broad and the
exceptions narrow: an exception only removes a match when the words around it make the
meaning plainly something else ("die of embarrassment", "killing myself laughing", "I'm not
suicidal"). Idioms that never name the self ("this is killing me", "I'm dead tired") simply
have no pattern here.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_ME = r"(?:my ?self|meself)"
_FEEL = r"(?:want|wanna|wish|going|ready|need|deserve|about|trying|plan|planning|praying|pray|deserved|wanted|wants)"

# (rule name, pattern). Patterns run on normalised sentences (see normalise.py).
_PATTERNS: Sequence[tuple[str, re.Pattern[str]]] = [
    ("crisis:suicide-word", re.compile(r"\b(?:suicid(?:e|al|ally)|kms|unalive\w*|sewerslide|ctb)\b")),
    (
        "crisis:harm-self",
        re.compile(
            rf"\b(?:kill|killing|killed|hurt|hurting|harm|harming|harmed|cut|cutting|burn|"
            rf"burning|burned|burnt|off|offing|hang|hanging|hanged|drown|drowning|shoot|"
            rf"shooting|poison|poisoning|starve|starving|end|ending|stab|stabbing|choke|"
            rf"choking|suffocate|overdose|od) {_ME}\b"
        ),
    ),
    ("crisis:self-harm", re.compile(r"\b(?:self ?harm\w*|self (?:injur\w*|mutilat\w*)|sh relapse)\b")),
    (
        "crisis:end-life",
        re.compile(
            r"\b(?:end|ending|take|taking|took) (?:my (?:own )?life|it all|my existence|"
            r"everything for good|my suffering)\b|"
            rf"\b{_FEEL} to (?:just )?end it(?: all| now| tonight| today| for good)? ?(?:[.!?,]|$)"
        ),
    ),
    (
        "crisis:want-die",
        re.compile(
            rf"\b(?:{_FEEL}|should|could|would rather|would like to|gonna) (?:just |really |honestly |"
            r"literally |simply )?(?:to )?(?:die|be dead|not exist|not be alive|stop existing|"
            r"cease to exist|not wake up|never wake up|sleep forever|go to sleep forever|"
            r"disappear forever|disappear for good|vanish forever|be gone forever)\b"
            r"(?! (?:of|from|laughing|inside|alone|on that hill|for|happy|in|at|before|"
            r"with|than|over|if|when))"
        ),
    ),
    (
        "crisis:wish-dead",
        re.compile(
            r"\bwish (?:i|that i) (?:was|were|had been|could be) (?:dead|gone|never born)|"
            r"\bwish (?:i|that i) (?:had |have )?never (?:been born|existed|woke up|woken up)|"
            r"\bhope i (?:die|do not wake up|never wake up|do not make it)|"
            r"\bbetter off dead\b|\brather be dead\b(?! than)|\bready to die\b|"
            r"\bpray(?:ing)? (?:for death|to die|i do not wake up)|\bdeserve to die\b|"
            r"\b(?:do not|no longer) deserve to (?:live|be alive|exist)"
        ),
    ),
    (
        "crisis:no-will-to-live",
        re.compile(
            r"\b(?:do not|no longer|never) want to (?:live|be alive|exist|wake up|go on|keep "
            r"living|keep going|continue living|be on this earth|be in this world)\b|"
            r"\b(?:do not|no longer) want to be here (?:anymore|any more|any longer|in this world|"
            r"on this earth)|"
            r"\b(?:no|zero) (?:reason|point|will) (?:to|in) (?:live|living|go on|going on|"
            r"being alive|keep going|keep living|wake up|waking up|be alive|exist|existing)\b|"
            r"\bnothing (?:left )?to live for\b|"
            r"\blife (?:is not|is no longer|was not|isnt) worth (?:living|it)\b|"
            r"\bnot worth living\b|"
            r"\bwhat is the point (?:of|in) (?:living|life|being alive|going on|existing|"
            r"waking up|anything anymore|it all)\b|"
            r"\b(?:done|tired|sick|exhausted) (?:with|of) (?:living|life|being alive|existing)\b|"
            r"\bdone living\b|\bno way out\b|\bsee no way out\b|"
            r"\bcan not (?:go on|keep going|keep living|live like this|live with this pain|"
            r"live without (?:him|her|them)|take (?:it|this|the pain|living) (?:anymore|any more|"
            r"any longer)|do this anymore|do this any more|do life|keep doing this)\b"
            r"(?! (?:no contact|nc|thing|with (?:him|her|them))\b)"
        ),
    ),
    (
        "crisis:burden",
        re.compile(
            r"\b(?:everyone|everybody|people|they|family|world|kids|friends|he|she|you all) "
            r"(?:would|will|is|are|would honestly|would probably) (?:be )?(?:so much |much |honestly |"
            r"probably )?better (?:off )?without me\b|"
            r"\bbetter off without me\b|\bworld (?:would be|is) better without me\b|"
            r"\b(?:no one|nobody|noone) (?:would|will) (?:even )?(?:miss|care|notice|remember) "
            r"(?:me|if i|when i)|"
            r"\bwould (?:anyone|anybody) (?:even )?(?:care|notice|miss me) if i\b|"
            r"\bi am (?:just |such |only )?a burden\b|\bburden (?:to|on|for) (?:everyone|everybody|"
            r"my family|my friends|the people)|"
            r"\b(?:will not|won't|not going to) be (?:around|here|alive) (?:much longer|for long|"
            r"tomorrow|anymore|any more|by)\b"
        ),
    ),
    (
        "crisis:goodbye-plan",
        re.compile(
            r"\b(?:this is (?:my )?(?:final |last )?goodbye|goodbye (?:everyone|forever|world|"
            r"cruel world)|giving away my (?:stuff|things|belongings|stuff)|"
            r"(?:suicide|goodbye) (?:note|letter)|wrote (?:a|my) (?:note|letter) to (?:my family|"
            r"everyone|my mom|my kids)|stockpil\w+|lethal dose|how many pills|"
            r"painless (?:way|death)|ways to (?:die|kill|end it)|have a plan to|"
            r"(?:take|took|taking|swallow|swallowed|swallowing|overdose on|od on|down) (?:all )?"
            r"(?:of )?(?:my |the |a bottle of |a bunch of |a handful of |all the |these )"
            r"(?:pills|meds|medication|sleeping pills|tablets|painkillers)|"
            r"\boverdos(?:e|ed|ing)\b|jump (?:off|from) (?:a|the|this|that) (?:bridge|building|roof|"
            r"balcony|cliff|ledge)|(?:jump|step|walk) in front of (?:a|the) (?:train|bus|car|truck)|"
            r"drive (?:my car )?(?:into|off) (?:a tree|a wall|traffic|oncoming|a cliff|the road)|"
            r"noose|slit my (?:wrists?|throat)|razor (?:blade )?to my|blade to my|"
            r"(?:thoughts|thinking) (?:of|about) (?:suicide|dying|death|killing|ending it|ending my|"
            r"hurting myself|not being here|not being alive)|"
            r"(?:make|made) myself bleed|scars on my (?:arms?|wrists?|thighs?|legs?)|"
            r"(?:started|start|been|am) cutting again|relapsed (?:on|into|with) (?:self|cutting)|"
            r"\bi (?:should|do) not (?:be alive|exist)\b)"
        ),
    ),
    (
        "crisis:third-party-threat",
        re.compile(
            r"\b(?:threaten\w*|said|says|saying|texted|told me) (?:that )?(?:to )?"
            r"(?:(?:he|she|they) (?:will|would|is going to|was going to|might) )?"
            r"(?:kill (?:him|her|them)sel(?:f|ves)|end (?:his|her|their) life|"
            r"hurt (?:him|her|them)sel(?:f|ves)|suicide)"
        ),
    ),
]

# Context that turns a match into an idiom or a denial. Checked on the same sentence.
_NOT_CRISIS = re.compile(
    r"\b(?:killing|killed|kill) myself (?:laughing|at the gym|at work|working|over (?:this|work)|"
    r"to (?:get|finish|make|study))|"
    r"\b(?:cut|cutting) myself (?:off|out|some slack|a break|shaving|while|on|by accident)|"
    r"\b(?:burn|burning|burned|burnt) myself (?:out|on|while|cooking)|"
    r"\b(?:hurt|hurting) myself (?:at the gym|playing|working out|lifting|running|skiing|"
    r"by accident|accidentally)|"
    r"\b(?:social|career|political|financial|fashion|commercial|professional) suicide|"
    r"\bsuicide (?:squad|mission|doors?|run|king|boys|drill|sprints?|kings|burn)|"
    r"\b(?:not|never|no longer|nothing) (?:feeling |actually |at all |even )?suicidal|"
    r"\b(?:would|will|could) never (?:kill|hurt|harm) myself|"
    r"\b(?:not|never) (?:going to|gonna) (?:kill|hurt|harm) myself|"
    r"\b(?:do not|does not) want to die\b|"
    r"\bcan not do this anymore (?:with|no contact)|"
    r"\bend it (?:with|between)\b"
)


def detect_crisis(sentences: Sequence[str]) -> str | None:
    """Return the crisis rule that fires on any sentence, or None."""
    for sentence in sentences:
        for name, pattern in _PATTERNS:
            if pattern.search(sentence) and not _denied(name, sentence):
                return name
    return None


def _denied(name: str, sentence: str) -> bool:
    """A denial or idiom only cancels the softer patterns; explicit plans always count."""
    if name in ("crisis:goodbye-plan", "crisis:third-party-threat", "crisis:burden"):
        return False
    return _NOT_CRISIS.search(sentence) is not None
