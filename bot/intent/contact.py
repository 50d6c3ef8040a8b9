"""Contact with the ex: about to (urge), already did (slip), or the ex did (ex reached out).

Each rule finds a contact action aimed at the ex ("text him", "checked her stories") and then
reads the words before it to decide who acts, when, and whether it was wanted:

- who acts: "I"/no subject counts; "you" is advice; "he"/"she" acting on "me" is the ex
  reaching out; "my mom"/"a friend" as the object is not the ex at all;
- when: a wish, plan, question or modal ("wanna", "should I", "what if I") is an urge, the
  past tense is a slip;
- whether it stands: a negation ("won't", "didn't") or a later turn ("...but I didn't",
  "...instead") cancels it, while a struggle ("trying not to", "fighting the urge to") is
  still an urge, because the person is tempted right now.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.intent.lexicon import (
    CONTACT_BASE,
    CONTACT_IDIOM_BASE,
    CONTACT_ING,
    CONTACT_PAST,
    EX_NOUN,
    EX_POSS,
    EX_REF,
    OTHER_PEOPLE,
    PLATFORM,
    WATCH_BASE,
    WATCH_ING,
    WATCH_PAST,
)

_ADV = (
    r"(?:(?:just|really|so|kind of|sort of|honestly|seriously|literally|actually|maybe|"
    r"probably|finally|totally|desperately|badly|still|quickly|quietly|secretly|only|even|"
    r"also|again|like|lol|ugh|um|please|okay|all|fucking|freaking|damn|drunk|already|"
    r"accidentally|stupidly|impulsively|then|immediately|kinda|sorta|ever|go|come|"
    r"lowkey|gonna|briefly|randomly|suddenly|once|one more time) )*"
)
# Object after the verb: the ex, unless "her" is followed by another person ("her mom").
_OBJ = (
    rf"(?P<obj>(?:my|the|our) {EX_NOUN}|him|her(?! (?:{OTHER_PEOPLE})\b)|them|ex|xname)"
    r"(?! ?'s)\b"
)
_WATCH_OBJ = rf"(?:at |on |through )?{EX_POSS} (?:\w+ )?{PLATFORM}\b"
_ACT_BASE = re.compile(
    rf"\b(?:(?:{CONTACT_BASE}) (?:{_ADV})(?:back |up )?{_OBJ}|{WATCH_BASE} {_WATCH_OBJ}|"
    rf"(?:{CONTACT_IDIOM_BASE})|look (?:him|her|them) up|send (?:him|her|them)\b|"
    rf"(?:text|call|message|dm|email|write) (?:back|again)\b(?! to (?:my|a|the) )(?! (?:{OTHER_PEOPLE}))"
    rf"|(?:text|call) (?:him|her|them)\b)"
)
_ACT_PAST = re.compile(
    rf"\b(?:(?:{CONTACT_PAST}) (?:{_ADV})(?:back |up )?{_OBJ}|{WATCH_PAST} {_WATCH_OBJ}|"
    r"looked (?:him|her|them) up|sent (?:him|her|them)\b|"
    r"(?:replied|responded|answered|texted back|wrote back|called back|picked up|caved|relapsed|"
    r"gave in|broke (?:no contact|the no contact|nc|my no contact|my streak)|"
    r"failed (?:no contact|nc)|slipped up)\b|"
    r"(?:liked|commented on|reacted to|replied to|hearted|viewed|watched) "
    rf"{EX_POSS} (?:new |latest |last )?(?:post|pic|picture|photo|story|stories|tweet|status|reel|video)s?\b|"
    r"showed up at (?:his|her|their) |drove (?:by|to|past) (?:his|her|their) )"
)
_ACT_ING = re.compile(
    rf"\b(?:(?:{CONTACT_ING}) (?:{_ADV})(?:back |up )?{_OBJ}|{WATCH_ING} {_WATCH_OBJ}|"
    r"reaching out\b|breaking (?:no contact|nc|my streak)|"
    r"(?:texting|calling|messaging|dming) (?:him|her|them)\b|"
    r"showing up at (?:his|her|their) |driving (?:by|to|past) (?:his|her|their) )"
)

# Words before a base-form verb that make it a wish, plan or question by the speaker.
_URGE_BEFORE_BASE = re.compile(
    r"(?:\b(?:want|wanna|need|have|got|going|about|tempted|planning|plan|trying|ready|dying|"
    r"itching|desperate|urge|close|temptation|itch|impulse|decided|deciding|decide|like|love|"
    r"able|allowed|okay|fine|bad|wrong|weird|crazy|stupid|idea|better|time|excuse|reason|how|"
    r"whether|chance|guts|courage|nerve|hard|struggling|struggle|fighting|resist|resisting|"
    r"everything in me|myself|tempting|supposed|meant|wish|desire|needs|wants|gotta|craving|"
    r"considering|thinking|okay if i|tell me) (?:not )?to\b"
    r"|\b(?:i|we) (?:will|would|shall|should|could|might|may|can|must)\b"
    r"|\b(?:should|could|can|may|shall|would|will|do|must|might) (?:i|we)\b"
    r"|\bif (?:i|we)\b|\blet me\b|\bmaybe\b|\bi wish i could\b|\bwhy not\b|\bmight as well\b|"
    r"\bor\b|\bjust\b) " + _ADV + "$"
)
_URGE_BEFORE_ING = re.compile(
    r"\b(?:thinking (?:about|of)|think about|considering|consider|contemplating|debating|"
    r"about|close to|on the verge of|feel like|felt like|imagining|fantasi[sz]ing about|"
    r"obsessing over|dreaming of|the idea of|craving|plan on|planning on|risk|justify|"
    r"tempted by|tempted with|urge to keep|tempted to keep|can not stop (?:myself from )?|"
    r"can not help|can not resist|struggling with|struggling not|trying not|fighting|"
    r"resisting|resist|stop myself from|keep myself from|worth|okay|ok|bad|wrong|"
    r"(?:i|we) am|(?:i|we) are|i will be|how about|what about|fine)"
    r"(?: (?:just|really|so|maybe|seriously|literally|actually|honestly|even|like|drunk))*\s*$"
)
_PAST_SUBJECT = re.compile(
    rf"(?:^|\b(?:i|we|and|so|then|but|ugh|lol|well|okay|yes|yeah|yep|oops|because|when|after|"
    rf"finally|today|yesterday|tonight|night|morning|week|,|\.|!))\s*(?:{_ADV})"
    r"(?:have |had |did |ended up |end up |went and |kind of |sort of |basically |"
    r"totally |then |finally |already |just |also |again |kept |keep |been |have been |"
    r"was |were |ended up |wound up |just went and |caved and |gave in and )*\s*$"
)
_SLIP_REGRET = re.compile(r"\b(?:should not|never should|wish i had not|wish i did not) have\s*$")
_NEGATION = re.compile(
    r"\b(?:not|never|no longer|nor|without|refuse to|refused to|stop|stopped|quit|avoid|"
    r"avoided|instead of|rather than|almost|nearly|barely|no more|won't|hardly|"
    r"resisted the urge to|resist the urge to|resisted)\b"
)
# A struggle against the urge is still an urge: the temptation is here now.
_STRUGGLE = re.compile(
    r"\b(?:trying|try|struggling|struggle|hard|fighting|fight|resisting|everything in me|"
    r"everything i have|all i can|my best|need|have|got|strength|hardest thing|can not stop|"
    r"can not help|can not resist|do not know if i can|not sure i can|do not think i can|"
    r"tempted|urge|impulse|itch|want|wanna|how do i|how to|how can i) (?:\w+ ){0,4}?"
    r"(?:not|stop myself from|resist|keep myself from|myself from|avoid)\b"
)
# What comes after and takes the intention back.
_RETRACT_AFTER = re.compile(
    r"^(?:(?!\bbut\b).){0,80}?\b(?:but|though|however|yet|,|and|so) (?:\w+ ){0,4}?"
    r"(?:did not|do not|will not|would not|am not|not going|never|decided not|chose not|"
    r"changed my mind|stopped myself|deleted|put (?:the|my) phone|threw my phone|"
    r"went (?:to|for|on)|blocked|resisted|held off|held back|managed not|called my|texted my|"
    r"talked myself out|instead|talked to my|journal|wrote it in|wrote in my|"
    r"can not|could not|shouldn't|should not|i know better|no i|no way)\b|\binstead\b"
)
_OTHER_NEARBY = re.compile(rf"\b(?:my|our|the|a|some) (?:{OTHER_PEOPLE})\b|\b(?:mom|dad|parents)\b")
_YOU_SUBJECT = re.compile(r"\b(?:you|your|one|people|someone|anyone|everyone|most people|they|he|she)\b")
_I_SUBJECT = re.compile(r"\b(?:i|me|my|we|myself)\b")
_CLAUSE_SPLIT = re.compile(r"\b(?:but|because|so|and then|when|while|although|though|if you)\b|[,;:]")


def detect_urge(sentences: Sequence[str]) -> str | None:
    """Return the urge rule that fires on any sentence, or None."""
    for sentence in sentences:
        for pattern, form in ((_ACT_BASE, "base"), (_ACT_ING, "ing")):
            for m in pattern.finditer(sentence):
                rule = _urge_at(sentence, m, form)
                if rule:
                    return rule
        rule = _urge_phrases(sentence)
        if rule:
            return rule
    return None


def _object_is_ex(sentence: str, m: re.Match[str]) -> bool:
    obj = m.groupdict().get("obj")
    return not (obj == "them" and _OTHER_NEARBY.search(sentence))


def _clause_before(sentence: str, start: int) -> str:
    """Words of the current clause before the verb, at most the last 12."""
    before = sentence[:start]
    parts = _CLAUSE_SPLIT.split(before)
    clause = parts[-1] if parts else before
    # Keep the subject that precedes "but"/"so" in "I wanted to but..." out of the clause.
    words = clause.split()[-12:]
    return " ".join(words) + (" " if words else "")


def _urge_at(sentence: str, m: re.Match[str], form: str) -> str | None:
    if not _object_is_ex(sentence, m):
        return None
    before = _clause_before(sentence, m.start())
    if form == "base":
        frame = _URGE_BEFORE_BASE.search(before)
        if not frame:
            # "text him?" on its own, or a bare "text him" as the whole message.
            if sentence.rstrip().endswith("?") and not _I_SUBJECT.search(before) and not before.strip():
                return "urge:bare-question"
            return None
    else:
        frame = _URGE_BEFORE_ING.search(before)
        if not frame:
            return None
    lead = before[: frame.start()] if frame else before
    if _YOU_SUBJECT.search(_last_subject_window(lead)) and not _I_SUBJECT.search(
        _last_subject_window(lead)
    ):
        return None
    if _negated(before) or _retracted(sentence[m.end() :]):
        return None
    return f"urge:{form}-frame"


def _last_subject_window(lead: str) -> str:
    words = lead.split()
    return " ".join(words[-4:])


def _negated(before: str) -> bool:
    if not _NEGATION.search(before):
        return False
    return not _STRUGGLE.search(before)


def _retracted(after: str) -> bool:
    return _RETRACT_AFTER.search(after) is not None


_URGE_PHRASES = re.compile(
    r"\b(?:(?:my )?(?:thumb|finger|fingers) (?:is |are )?(?:hovering|on)|"
    r"(?:draft|drafted|drafting|typing|typed|writing|wrote) (?:out )?(?:a |the |this |my |another )?"
    r"(?:long )?(?:text|message|email|letter|dm)s? (?:to|for) (?:him|her|them|my ex|xname)\b"
    r"(?! (?:and|but) (?:then )?(?:i )?(?:sent|hit send|pressed send))|"
    r"(?:in|sitting in) my drafts|"
    r"(?:one|1) (?:more|last|final) (?:text|message|call|email|time)\b(?! (?:from|with))|"
    r"(?:urge|itch|temptation|impulse|need) to (?:reach out|contact|text|call|message|dm|see)|"
    r"hovering over (?:his|her|their|the) (?:name|number|contact|chat)|"
    r"should i (?:reach out|break no contact|break nc|reply|respond|answer|text back|call back)|"
    r"(?:open|opened|opening) (?:our|his|her|their) (?:chat|messages|conversation|thread)|"
    r"(?:can|could) i (?:just )?(?:reach out|reply|respond)|"
    r"(?:about|going|want|wanna|gonna|tempted|ready|need) to (?:cave|break no contact|"
    r"break nc|break|reply|respond|answer|give in|send it)\b|"
    r"(?:is it|would it be) (?:okay|ok|bad|wrong|fine|weird|crazy|stupid) (?:to|if i) "
    r"(?:reach out|reply|respond|say|send|wish|break)|"
    r"wish (?:him|her|them) (?:a )?(?:happy|merry)|"
    r"(?:hear|see) (?:his|her|their) (?:voice|face)|"
    r"(?:see|know|find out) (?:what|how|if|whether|who) (?:he|she|they) (?:is|are|was|has|have|"
    r"did|does|posted)|"
    r"(?:check|look|see) (?:if|whether) (?:he|she|they) (?:is|are|has|have|posted|viewed|saw|"
    r"watched|liked|changed|unblocked|blocked|read)|"
    r"(?:go|going|drive|driving|walk|walking) (?:past|by|to) (?:his|her|their) "
    r"(?:place|house|work|job|apartment|flat|dorm|door)|"
    r"slide into (?:his|her|their) dms|"
    r"send (?:it|the text|the message|that text)\b)"
)


def _urge_phrases(sentence: str) -> str | None:
    for m in _URGE_PHRASES.finditer(sentence):
        before = _clause_before(sentence, m.start())
        lead = _last_subject_window(before)
        if _YOU_SUBJECT.search(lead) and not _I_SUBJECT.search(lead):
            continue
        if _negated(before) or _retracted(sentence[m.end() :]):
            continue
        return "urge:phrase"
    return None


# --- slip ---------------------------------------------------------------------------------

_SLIP_PHRASES = re.compile(
    r"\b(?:i (?:(?:just|finally|totally|kind of|basically|literally|already|stupidly) )*"
    r"(?:caved|relapsed|slipped|slipped up|gave in|broke (?:no contact|nc|the no contact|my no "
    r"contact|my streak|my nc)|failed (?:no contact|nc)|lost my streak)\b|"
    r"broke (?:no contact|nc|the no contact|my no contact|my streak)|"
    r"(?:back to|starting over at|reset to|restarting at|on) day (?:1|one|zero|0) again|"
    r"back to day (?:1|one|zero|0)\b|"
    r"reset (?:my|the) (?:streak|counter|no contact|nc|days|clock)|"
    r"streak is (?:back to |at )?(?:0|zero|gone|broken|over|ruined|dead)|"
    r"we (?:(?:just|finally|actually|kind of|basically|literally) )*(?:talked|spoke|met up|"
    r"hung out|hooked up|slept together|kissed|got coffee|had coffee|had dinner|had drinks|"
    r"facetimed|texted|messaged|called|saw each other|are talking again|have been talking|"
    r"started talking again|were texting|were talking|got back together)\b)"
)


def detect_slip(sentences: Sequence[str]) -> str | None:
    """Return the slip rule that fires on any sentence, or None."""
    for sentence in sentences:
        for m in _ACT_PAST.finditer(sentence):
            if _slip_at(sentence, m):
                return "slip:past-contact"
        for m in _ACT_ING.finditer(sentence):
            before = _clause_before(sentence, m.start())
            if (
                re.search(r"\b(?:i|we) (?:have |had )?(?:been|was|were|kept|keep)(?: \w+)?\s*$", before)
                and _object_is_ex(sentence, m)
                and not _negated(before)
            ):
                return "slip:ongoing-contact"
        for m in _SLIP_PHRASES.finditer(sentence):
            before = _clause_before(sentence, m.start())
            if not _negated(before) and not re.search(r"\bif\b|\bnever\b", before):
                return "slip:phrase"
    return None


def _slip_at(sentence: str, m: re.Match[str]) -> bool:
    if not _object_is_ex(sentence, m):
        return False
    before = _clause_before(sentence, m.start())
    if _SLIP_REGRET.search(before):
        return True
    if not _PAST_SUBJECT.search(before):
        return False
    if re.search(r"\b(?:if|what if|whether|unless|wish i|when you|you|he|she|they|people)\s*(?:\w+\s*){0,2}$", before):
        return False
    return not _negated(before)


# --- ex reached out -----------------------------------------------------------------------

_EX_SUBJ = rf"(?:he|she|they|(?:my|the|our) {EX_NOUN}|ex|xname)"
_EX_ACTS = re.compile(
    rf"\b(?P<subj>{_EX_SUBJ}) (?:{_ADV})(?:(?:has|have|had|is|are|was|were|did|finally|just|"
    rf"actually|suddenly|randomly|kept|keeps|has been|have been|been|even|also|then|literally|"
    rf"already|out of nowhere|now|still|always|constantly) )*(?:{_ADV})"
    r"(?P<verb>texted|texts|texting|called|calls|calling|rang|rings|phoned|messaged|messages|"
    r"messaging|dmed|dms|dming|emailed|emails|emailing|snapped|snapchatted|facetimed|"
    r"contacted|contacts|reached out|reaches out|reaching out|wrote|writes|sent|sends|sending|"
    r"replied|replies|responded|answered|hit me up|hits me up|showed up|shows up|turned up|"
    r"came over|came by|came to my|stopped by|left (?:me )?(?:a|an) (?:voicemail|message|note|"
    r"comment|voice note)|liked|likes|commented|comments|viewed|views|watched|watches|"
    r"followed|follows|unblocked|unblocks|added|invited|asked (?:me )?(?:to|if|out|for|how|"
    r"whether)|wants? to (?:talk|meet|see me|get coffee|catch up|hang out|get back|try again)|"
    r"blowing up my phone|blew up my phone|slid into my dms|popped up|keeps texting|"
    r"keeps calling|keeps messaging|got in touch|got back in touch|reconnected|apologi[sz]ed|"
    r"begged|said hi|said hello|wished me|facetimes|tagged me|mentioned me|is at my|was at my)"
    r"\b(?P<after>.{0,40})"
)
_NEEDS_ME = frozenset(
    "texted texts texting called calls calling rang rings phoned messaged messages messaging "
    "dmed dms dming emailed emails emailing snapped snapchatted facetimed contacted contacts "
    "wrote writes sent sends sending replied replies responded answered liked likes commented "
    "comments viewed views watched watches followed follows unblocked unblocks added invited "
    "facetimes begged".split()
)
_INSULT_AFTER = re.compile(
    r"^ me (?:a |an |names|out|crazy|stupid|selfish|clingy|needy|psycho|insane|toxic|"
    r"dramatic|pathetic|desperate|obsessive|ugly|fat|worthless|useless|the |his |her |by )"
)
_TO_ME_AFTER = re.compile(
    r"^ (?:me|my|to me|back|again|out of nowhere|today|yesterday|last|this|tonight|at|on|after|"
    r"earlier|just now|first|twice|three|\d+|,|\.|!|\?|and|but|asking|saying|to say|to ask|"
    r"a (?:text|message|letter|email|dm|voice)|$)|^$"
)
_EX_RECEIVED = re.compile(
    rf"\b(?:got|get|getting|received|receive|have|had|found|woke up to|saw|there is|there was|"
    rf"another|a|an|his|her) (?:a |an |another |his |her |this |the |two |three |\d+ |some |"
    rf"multiple |several |like |new )?(?:\w+ )?(?:text|call|message|dm|email|voicemail|letter|"
    rf"snap|missed call|notification|follow request|friend request|reply|response|voice note|"
    rf"voice message|gift|flowers|card|package)s? from {EX_REF}\b|"
    rf"\bheard (?:back )?from {EX_REF}\b|"
    rf"\b{EX_POSS} name (?:popped up|lit up|showed up|appeared|flashed|came up)\b|"
    rf"\b(?:he|she|they|xname|my ex) (?:is|was) (?:calling|texting|at my door|outside)"
)
_EX_CONDITIONAL = re.compile(
    r"\b(?:if|when|whenever|in case|unless|until|what if|wait for|waiting for|hope|hoping|"
    r"wish|expect|expecting|want|wanted|never|not|no longer|would|will|might|should)\b"
)


def detect_ex_reached_out(sentences: Sequence[str]) -> str | None:
    """Return the ex-reached-out rule that fires on any sentence, or None."""
    for sentence in sentences:
        for m in _EX_ACTS.finditer(sentence):
            if _ex_acted(sentence, m):
                return "ex_reached_out:ex-acted"
        for m in _EX_RECEIVED.finditer(sentence):
            before = _clause_before(sentence, m.start())
            if not _EX_CONDITIONAL.search(before[-30:]) and not _negated(before):
                return "ex_reached_out:received"
    return None


def _ex_acted(sentence: str, m: re.Match[str]) -> bool:
    verb = m.group("verb")
    after = m.group("after")
    full = sentence[m.start("subj") : m.start("verb")]
    if _NEGATION.search(full) or re.search(r"\b(?:would|will|might|should|could|can)\b", full):
        return False
    before = _clause_before(sentence, m.start("subj"))
    if _EX_CONDITIONAL.search(" ".join(before.split()[-3:])):
        return False
    if verb in _NEEDS_ME:
        if _INSULT_AFTER.search(after):
            return False
        return bool(_TO_ME_AFTER.search(after))
    return True
