"""Contact with the ex: about to (urge), already did (slip), or the ex did (ex reached out).

Each rule finds a contact action aimed at the ex ("text him", "checked her stories") and then
reads the words of the same clause before it to decide who acts, when, and whether it stands:

- who acts: "I" or no subject counts; "you"/"people" is advice; "he"/"she" acting on "me" is
  the ex reaching out; "my mom" or "a friend" as the object is not the ex at all;
- when: a wish, plan, question or modal ("wanna", "should I", "what if I") makes an urge, the
  past tense a slip;
- whether it stands: a negation ("won't", "didn't") or a later turn ("...but I didn't",
  "...instead") cancels it, while a struggle ("trying not to", "fighting the urge to") is
  still an urge, because the person is tempted right now.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.intent.compiled import Programs
from bot.intent.lexicon import (
    CONTACT_BASE,
    CONTACT_IDIOM_BASE,
    CONTACT_IDIOM_ING,
    CONTACT_IDIOM_PAST,
    CONTACT_ING,
    CONTACT_PAST,
    EX_NOUN,
    EX_POSS,
    EX_REF,
    FEMALE_OTHERS,
    MALE_OTHERS,
    OTHER_PEOPLE,
    PLATFORM,
    WATCH_BASE,
    WATCH_ING,
    WATCH_PAST,
    words,
)

# The clause rules' expressions, kept compiled between runs like the families' (compiled.py).
_PROGRAMS = Programs.named("rules")
_compile = _PROGRAMS.compile

_ADV = (
    r"(?:(?:just|really|so|kind of|sort of|honestly|seriously|literally|actually|maybe|"
    r"probably|finally|totally|desperately|badly|still|quickly|quietly|secretly|only|even|"
    r"also|again|like|lol|ugh|um|please|okay|all|fucking|freaking|damn|drunk|already|"
    r"accidentally|stupidly|impulsively|then|immediately|ever|go|come|at least|"
    r"briefly|randomly|suddenly|once|one more time|first|right now|now|tonight|"
    r"a little|very|too|i think|for once|quick|real quick) )*"
)
# After "her", these make it "her thing", not "her" the person.
_POSSESSED = (
    r"name|number|stuff|things|side|place|life|own|new|face|voice|way|car|house|room|"
    r"hair|eyes|body|heart|mind|family|parents|job|work|ex|bf|boyfriend|gf|girlfriend"
)
# Object after the verb: the ex, unless "her" is followed by another person ("her mom").
_OBJ = (
    rf"(?P<obj>(?:my|the|our) {EX_NOUN}|him|her(?! (?:{OTHER_PEOPLE}|{_POSSESSED})\b)|them|ex|"
    rf"xname)"
    r"(?! ?'s)\b"
)
_WATCH_OBJ = (
    rf"(?:at |on |through )?(?:all (?:of )?|every one of |some of |one of )?{EX_POSS} "
    rf"(?:\w+ )?{PLATFORM}\b"
)
# A verb with no object, where the sentence ends or turns: "should I text?", "wanna call rn".
_BARE = (
    r"(?:text|call|message|dm|email|facetime|reach out|reply|respond|text back|call back)"
    r"(?=(?: (?:first|back|again|so bad|so badly|right now|tonight|today|or not|lol|anyway|"
    r"just once|though))* ?(?:[?!.,]|$))"
)
# The platform named before the verb: "about to facebook message him", "insta dm her".
_VIA = (
    r"(?:(?:facebook|insta|instagram|ig|snapchat|whatsapp|imessage|twitter|tiktok|linkedin|"
    r"messenger|discord|telegram) )?"
)
_ACT_BASE = _compile(
    r"\bsend (?:a|an|one|my) (?:\w+ ){0,2}(?:text|message|msg|email|dm|letter|voice note)s?\b"
    rf"(?! to (?:my|a|the|some) )|"
    rf"\b(?:{_VIA}(?:{CONTACT_BASE}) (?:{_ADV})(?:back |up )?{_OBJ}|{WATCH_BASE} {_WATCH_OBJ}|"
    rf"(?:{CONTACT_IDIOM_BASE})|{_BARE}|look (?:him|her|them) up|send (?:him|her|them)\b)"
)
_ACT_PAST = _compile(
    rf"\b(?:{_VIA}(?:{CONTACT_PAST}) (?:{_ADV})(?:back |up )?{_OBJ}|{WATCH_PAST} {_WATCH_OBJ}|"
    rf"(?:{CONTACT_IDIOM_PAST})|looked (?:him|her|them) up|sent (?:him|her|them)\b)"
)
_ACT_ING = _compile(
    rf"\b(?:{_VIA}(?:{CONTACT_ING}) (?:{_ADV})(?:back |up )?{_OBJ}|{WATCH_ING} {_WATCH_OBJ}|"
    r"reaching out\b|breaking (?:no contact|nc|my streak)|"
    rf"{CONTACT_IDIOM_ING}|"
    r"(?:texting|calling|messaging|dming)(?= (?:again|so bad|right now|tonight)?\s*(?:[?!.,]|$))|"
    r"showing up at (?:his|her|their) |driving (?:by|to|past) (?:his|her|their) )"
)

# Words before a base-form verb that make it a wish, plan or question by the speaker. An
# "and"/"or" may join a second verb: "should I make the first move and text him".
_FRAME_BASE = (
    r"(?:\b(?:want|wanna|wanting|need|needing|have|got|going|about|tempted|planning|plan|"
    r"trying|ready|dying|itching|desperate|urge|close|temptation|itch|impulse|decided|"
    r"deciding|decide|like|love|able|allowed|okay|fine|bad|wrong|weird|crazy|stupid|idea|"
    r"better|time|excuse|reason|how|whether|chance|guts|courage|nerve|hard|struggling|"
    r"struggle|fighting|resist|resisting|everything in me|tempting|supposed|meant|wish|"
    r"desire|needs|wants|gotta|craving|considering|thinking|hurt|harm|longing|aching|"
    r"mind|normal|selfish|pathetic|worth|acceptable|appropriate|best|smart|phone|tell me|think|"
    r"remind me|telling me|tells me|told me|wants me|reasons?) (?:not )?to|\bhelp me(?: not)?|"
    r"\b(?:i|we) (?:will|would|shall|should|could|might|may|can|must)(?: not)?|"
    r"\b(?:should|could|can|may|shall|would|will|do|must|might) (?:i|we)(?: not)?|"
    r"\bif (?:i|we)|\blet me|\bmaybe|\bwhy not|\bmight as well|\btime to|"
    r"(?:^|[,.!?] )(?:might|may|could|should|gonna|going to|wanna|want to|need to|gotta|"
    r"about to|tempted to|thinking i will|thinking i might)|"
    r"\b(?:opening|open|grabbing|grab|unlocking|unlock|downloading|download|redownloading|"
    r"redownload|reinstalling|reinstall|logging (?:in|into|on|onto)|log (?:in|into|on|onto)|"
    r"borrowing|borrow) (?:\w+ ){0,3}?to|"
    r"\b(?:considering|thinking about|thinking of|planning on|tempted by|contemplating) "
    r"(?:going|driving|heading|flying|popping|dropping|walking|coming)\b|"
    r"\b(?:making|make|creating|create|set up|setting up) (?:a|an|another) (?:\w+ ){0,2}?"
    r"(?:account|profile|number|email|page|finsta)s? to|"
    r"(?:^|[,.!?] )(?:ugh|fuck it|screw it))"
)
_URGE_BEFORE_BASE = _compile(
    rf"{_FRAME_BASE} (?:(?:\w+ ){{0,6}}(?:and|or|and then|then|to) )?{_ADV}$"
)
_URGE_BEFORE_ING = _compile(
    r"\b(?:thinking (?:about|of)|think about|considering|consider|contemplating|debating|"
    r"about|close to|on the verge of|feel like|imagining|fantasi[sz]ing about|"
    r"obsessing over|dreaming of|the idea of|craving|plan on|planning on|risk|justify|"
    r"tempted by|tempted with|can not stop|can not help|can not resist|struggling with|"
    r"struggling not|trying not|fighting|resisting|resist|worth|okay|ok|bad|wrong|"
    r"(?:i|we) am|i will be|how about|what about|fine|stop me from|talk me out of|"
    r"keep me from|from|avoid|urge to keep|tempted to keep|keep wanting to keep|"
    r"(?:^|^just |^so )(?:would|will|is|does|could|should i risk))"
    rf" {_ADV}$"
)
_PAST_SUBJECT = _compile(
    rf"(?:^|\b(?:i|we|and|so|then|but|ugh|lol|well|okay|yes|yeah|yep|oops|because|when|after|"
    rf"finally|today|yesterday|tonight|night|morning|week|it|[,.!]))\s*(?:{_ADV})"
    r"(?:(?:have|had|did|ended up|end up|went and|basically|totally|then|finally|already|"
    r"just|also|again|kept|keep|been|have been|was|were|wound up|caved and|gave in and|"
    r"got drunk and|messed up and|screwed up and|relapsed and|slipped up and|drunk) )*$"
)
# "I did text him", "why did I call her", "I text him every day": a base form, yet done.
_DONE_BEFORE_BASE = _compile(
    rf"(?:^|\b)(?:i did|did i|i do|we did|i was|i have|i had|i|we) {_ADV}$"
)
_SLIP_REGRET = _compile(
    r"\b(?:should not|should never|never should) have $|\bwish i (?:had not|did not|never|"
    r"had never) $"
)
_SLIP_BEFORE_ING = _compile(
    r"(?:^|\band |\bthen |\bso )(?:(?:just|basically|somehow|drunk|accidentally) )?"
    r"(?:ended up|wound up)\b|"
    r"\b(?:(?:i|we) (?:have |had )?(?:been|was|were|kept|keep|ended up|end up|started|"
    r"caved and started|regret)|regret|regretting|ashamed of|embarrassed about|guilty about|"
    r"feel bad about|stupid for|sorry for|shame about|(?:i|we) (?:spent|spend) (?:all )?"
    rf"(?:the |last )?(?:night|day|evening|hours|an hour|all night)) {_ADV}$"
)
_NEGATION = _compile(
    r"\bno (?:reason|point|need|desire|intention|plan|way)\b|"
    r"\b(?:not|never|no longer|nor|without|refuse to|refused to|stop|stopped|quit|avoid|"
    r"avoided|instead of|rather than|almost|nearly|barely|no more|hardly|resisted)\b"
)
# Phrases with a negation in them that still say "I am tempted", or that do not negate the
# act at all ("I can't believe I texted him").
_NOT_A_NEGATION = _compile(
    r"\b(?:trying|try|struggling|struggle|hard|hardest|fighting|fight|resisting|everything "
    r"in me|everything i have|all i can|my best|doing my best|how do i|how can i|how to|"
    r"strength|tempted|urge|itch|impulse|tell me why|why|tell me|remind me|help me) "
    r"(?:\w+ ){0,4}?(?:not|stop myself "
    r"from|resist|keep myself from|myself from|avoid)\b|"
    r"\bcan not (?:stop|help|resist|get (?:him|her|them) out|believe|wait|sleep)\b|"
    r"\b(?:stop|talk|keep) me (?:from|out of)\b|\bwhy (?:i )?should not\b|\breasons? not to\b|"
    r"\b(?:do not|don't) know (?:if|whether|why|how)\b|\bnot sure (?:if|whether)\b|"
    r"\b(?:do not|don't) care\b|\bi do not think i can (?:stop|resist|hold)|"
    r"\bnot (?:even|only|gonna lie)\b(?! (?:think|thinking|thought|consider|considered|want|"
    r"wanted|try|tried|look|looked|check|checked|text|texted|call|called|miss|missed)\b)"
)
# What comes after and takes the intention back.
_RETRACT_AFTER = _compile(
    r"^.{0,80}?\b(?:but|though|however|yet|,|and|so) (?:(?!he |she |they |it )\w+ ){0,4}?"
    r"(?:did not|do not|will not|would not|am not|not going|never|decided not|chose not|"
    r"changed my mind|stopped myself|deleted|put (?:the|my) phone|threw my phone|"
    r"went (?:to|for|on)|blocked|resisted|held off|held back|managed not|"
    r"talked myself out|instead(?! of)|journal|wrote it in|wrote in my|can not|could not|"
    r"should not|i know better|no i|no way|walked away|ignored|pretended|burned it|"
    r"tore it up|never sent|not sending|not send|never send|wait|waiting|let it pass|ride it out|"
    r"sit with it|talked it through|talked me down|talked me out|it passed|passed|went away|"
    r"is gone|faded|called you|texted you|came here|remembered|reminded myself|"
    r"thought better|came to my senses|snapped out of it|managed(?! to)|got through it|"
    r"made it through|stayed strong|held strong)\b|\binstead\b(?! of)|"
    r"\b(?:i will|i would|i am going to|i am) never send\b|\bin my (?:journal|notes|diary)\b|"
    # "I wrote him a letter I'm never going to send": the unsent letter, a no-contact exercise
    r"\b(?:i am|i will|i would|am|will) (?:never|not) (?:going to |gonna |ever )?send\b"
    r"(?! (?:another|again|anything|more|one more)\b)|"
    r"\bunsent\b|"
    # "I thought about calling her, then I remembered how she spoke to me"
    r"^.{0,40}?(?:,|\bthen|\bbut) (?:then )?i (?:remembered|reminded myself|thought better|"
    r"came to my senses|snapped out of it)\b"
)
_CLAUSE_SPLIT = _compile(
    r"\b(?:but|because|so that|and then|when|while|although|though|since|until|after|before)"
    r"\b|[,;:!?]"
)
# Told as a story about the past relationship, not news: "when we were together he called
# me every night", "I met him in college".
_NARRATIVE = _compile(
    r"\b(?:remember (?:when|how|the)|used to|back then|back when|when we (?:first )?(?:met|"
    r"were together|were dating|dated|started|got together|were still)|in the beginning|at "
    r"the start|(?:years|months) ago|last (?:year|summer|winter|spring|fall|autumn)|a year ago|"
    r"in (?:19|20)\d\d|the (?:last|first) time (?:i|we|he|she|they)|when we were|"
    r"during our|"
    r"in our relationship|in the relationship|early on|while we were|dream|dreamt|dreamed|"
    r"nightmare|imagine|imagining|"
    r"fantasi[sz]e|met (?:him|her|them) (?:in|at|through|on|online|when|years|at a)|"
    r"(?:when|before) (?:he|she|they) (?:broke up|left|dumped|ended)|"
    r"the day (?:he|she|they) (?:broke up|left|dumped)|"
    r"told (?:him|her|them) (?:no|yes|to stop|to leave|i was done|it was over)|"
    r"wish (?:i|we) (?:had )?never met)\b"
)


def _others_block(sentence: str, obj: str | None) -> bool:
    """A pronoun object that more likely points at another person in the same sentence."""
    if obj == "her":
        return bool(re.search(rf"\b(?:my|our|a|the) (?:{FEMALE_OTHERS})\b", sentence))
    if obj == "him":
        return bool(re.search(rf"\b(?:my|our|a|the) (?:{MALE_OTHERS})\b", sentence))
    if obj == "them":
        return bool(re.search(rf"\b(?:my|our|a|the|some) (?:{OTHER_PEOPLE})\b", sentence))
    return False


def _clause_before(sentence: str, start: int) -> str:
    """Words of the current clause before the verb (at most 12), ending with a space."""
    parts = _CLAUSE_SPLIT.split(sentence[:start])
    words = (parts[-1] if parts else "").split()[-12:]
    return " ".join(words) + " " if words else ""


def _negated(before: str) -> bool:
    return _NEGATION.search(_NOT_A_NEGATION.sub(" ", before)) is not None


_ADMITS = _compile(
    r"\b(?:(?:i )?know|i am aware|aware) (?:that )?(?:i )?(?:should not|am not supposed to|"
    r"really should not)\b(?: have)?|\b(?:i )?know (?:that )?(?:it is|this is) (?:a )?(?:bad|"
    r"wrong|stupid|dumb|a bad idea|not a good idea)\b"
)


# A plain intention to send, later in the sentence, outweighs "in my notes" or "I know better".
_STILL_SENDING = _compile(
    r"(?<!never )(?<!not )\b(?:close to|about to|going to|gonna|want to|wanna|tempted to|"
    r"ready to|so close to) "
    r"(?:send|sending|hit send|hitting send|press send|pressing send)\b"
)


def _retracted(after: str) -> bool:
    if _STILL_SENDING.search(after):
        return False
    return _RETRACT_AFTER.search(_ADMITS.sub(" ", after)) is not None


# After a contact already made, these are what the person did next, not an undoing: "I
# unblocked him and then blocked him again", "I texted her, then deleted the thread".
_DONE_ANYWAY = _compile(
    r"\b(?:deleted|blocked|put (?:the|my) phone|threw my phone|walked away|ignored)\b\W*$"
)


def _undone(after: str) -> bool:
    """A later turn that takes back a past act ("...but I never sent it")."""
    return any(not _DONE_ANYWAY.search(m.group(0)) for m in _RETRACT_AFTER.finditer(after))


# "my brain keeps telling me to text him" is the person's own urge.
_INNER_VOICE = _compile(
    r"\b(?:my (?:brain|heart|mind|gut|body|head)|part of me|everything in me|something in me) "
    r"(?:\w+ ){0,2}(?:telling|tells|told|wants|says|screaming|begging)"
)


_SUBJECTS = _compile(
    r"\b(?:i|we|you|people|one|he|she|they|everyone|everybody|someone|anyone|(?:my|a|his|her) "
    r"(?:friends?|mom|dad|sister|brother|therapist|family)|telling me|told me|tells me|"
    r"wants me|asked me|advised me)\b"
)


_ASKS_THE_BOT = _compile(
    r"\b(?:can|could|would|will) you (?:please |just |maybe )?(?:(?:help|tell|let|remind|show) "
    r"me\b(?: (?:how )?(?:to )?(?:\w+ )?)?)?$|"
    r"\b(?:do|would|does) you think (?:that )?(?:it is |it would be |it will be |i should |"
    r"i can |i could )?(?:\w+ )?$"
)


def _someone_else_speaks(lead: str) -> bool:
    """True when the last subject named before the frame is not the speaker."""
    if _INNER_VOICE.search(lead) or _ASKS_THE_BOT.search(lead):
        return False
    subjects = _SUBJECTS.findall(lead)
    return bool(subjects) and subjects[-1] not in ("i", "we")


# "call him a liar", "saw her as selfish": naming or judging, not contact.
_CALL_NAMING = _compile(r"^ (?:a|an|out|like|names|by|the|his|her|my|crazy|stupid|selfish)\b")
_SEE_JUDGING = _compile(
    r"^ (?:as|for what|doing|in a|differently|go|leave|win|lose|play|suffer|fail|succeed)\b"
)
_STRONG_CONTACT = frozenset(
    ("text", "call", "message", "dm", "email", "facetime", "snap", "ring", "phone")
)
_STRONG_PAST = (
    "asked",
    "texted",
    "called",
    "messaged",
    "dmed",
    "emailed",
    "facetimed",
    "snapped",
    "rang",
    "phoned",
    "reached out",
    "contacted",
    "unblocked",
    "showed up",
    "went over",
    "drunk",
    "sent",
    "wrote",
    "replied",
    "responded",
    "answered",
    "liked",
    "commented",
    "followed",
)


def _names_someone(m: re.Match[str], sentence: str) -> bool:
    verb = m.group(0).split()[0]
    after = sentence[m.end() :]
    if verb.startswith("call"):
        return _CALL_NAMING.search(after) is not None
    if verb in ("saw", "see", "seeing"):
        return _SEE_JUDGING.search(after) is not None
    return False


# --- urge ---------------------------------------------------------------------------------


# "I was about to unblock her. ... so I didn't.": a near-miss told afterwards.
_PAST_INTENT = _compile(
    r"\b(?:was|were) (?:so )?(?:about|going|gonna|close|tempted|ready|planning|this close)\b|"
    r"\bwanted to\b|\b(?:almost|nearly)\b"
)
_LATER_NOT = _compile(
    r"\b(?:i )?(?:did not|never did|stopped myself|changed my mind|talked myself out|"
    r"put (?:the|my) phone (?:down|away)|deleted (?:it|the (?:draft|text|message)))\b"
)
# A message drafted to the ex, then a wish to send it: "I've written out a message to my ex
# three times now. Maybe I should just send it?"
_DRAFTED = _compile(
    r"\b(?:written|wrote|typed|drafted|writing|typing|drafting) (?:out |up )?(?:a|an|the|this|"
    r"my) (?:\w+ )?(?:text|message|email|letter|dm|paragraph|reply)s? (?:to|for) "
    rf"(?:him|her|them|(?:my|the|our) {EX_NOUN}|xname)\b"
)
_SEND_IT = _compile(
    r"\b(?:should i|i should|i might|maybe i will|maybe i should|i will|i am going to|going to|"
    r"gonna|about to|want to|wanna|tempted to|do i|can i|i could) (?:just )?(?:send|hit send on|"
    r"press send on|post) (?:it|the text|the message|this|that|the email|the letter)\b"
)


# "I've got his new number from a friend. I'm tempted to use it."
_HAS_NUMBER = _compile(
    r"\b(?:got|have|found|kept|still have|saved|memorised|memorized|know) (?:his|her|their|"
    r"xname's|my ex's) (?:new |old |work )?(?:number|email|address|snap|handle|account)\b"
)
_USE_IT = _compile(
    r"\b(?:tempted|want|wanna|going|gonna|about|itching|dying|should i|could i|can i|might)"
    r"(?: to)? (?:just )?(?:use|call|ring|dial|text|try|message) (?:it|that|them)\b"
)


# "I keep going over what I'd say if I called him. I think tonight I'll actually do it."
_DO_IT = _compile(
    r"\b(?:i will|i am going to|i am gonna|gonna|going to|i might|i think i will) (?:actually |"
    r"finally |just |really )?do it\b"
)


def _contact_then_do_it(sentences: Sequence[str]) -> bool:
    for i, sentence in enumerate(sentences[:-1]):
        if not any(p.search(sentence) for p in (_ACT_BASE, _ACT_PAST, _ACT_ING)):
            continue
        for later in sentences[i + 1 : i + 3]:
            m = _DO_IT.search(later)
            if m and not _negated(_clause_before(later, m.start())):
                return True
    return False


def detect_urge(sentences: Sequence[str]) -> str | None:
    """Return the urge rule that fires on any sentence, or None."""
    rule = _detect_urge(sentences)
    if rule is None:
        if _contact_then_do_it(sentences):
            return "urge:then-do-it"
        text = " ".join(sentences)
        if _DRAFTED.search(text) and _SEND_IT.search(text) and not _negated_send(text):
            return "urge:drafted-send"
        m = _USE_IT.search(text)
        if m and _HAS_NUMBER.search(text) and not _negated(_clause_before(text, m.start())):
            return "urge:use-number"
        return None
    return rule


def _negated_send(text: str) -> bool:
    m = _SEND_IT.search(text)
    return m is not None and _negated(_clause_before(text, m.start()))


def _detect_urge(sentences: Sequence[str]) -> str | None:
    for i, sentence in enumerate(sentences):
        rule = _urge_in(sentence)
        if rule is None:
            continue
        if _PAST_INTENT.search(sentence) and any(
            _LATER_NOT.search(later) for later in sentences[i + 1 : i + 3]
        ):
            continue
        return rule
    return None


def _urge_in(sentence: str) -> str | None:
    for pattern, frames, form in (
        (_ACT_BASE, _URGE_BEFORE_BASE, "base"),
        (_ACT_ING, _URGE_BEFORE_ING, "ing"),
        (_ACT_PAST, _IF_I_BEFORE_PAST, "if-past"),
    ):
        for m in pattern.finditer(sentence):
            if form == "if-past" and not _hypothetical_contact(sentence, m):
                continue
            if _urge_at(sentence, m, frames):
                return f"urge:{form}-frame"
    if _urge_phrase(sentence):
        return "urge:phrase"
    return None


def _hypothetical_contact(sentence: str, m: re.Match[str]) -> bool:
    """ "what if I texted him?" weighs doing it; "my mom would kill me if I texted him" does not.

    "If I ever saw him again" is a thought, not a plan, so only real contact verbs count.
    """
    if not m.group(0).startswith(_STRONG_PAST):
        return False
    before = _clause_before(sentence, m.start())
    return "?" in sentence or re.search(r"^(?:\w+ ){0,3}if (?:i|we) ", before) is not None


# "what if I texted him", "would it be bad if I called her": a past form, yet not done.
_IF_I_BEFORE_PAST = _compile(rf"\bif (?:i|we) {_ADV}$")


# Seeing the ex because one must or fears it: "I have to see him at work tomorrow", "I'm scared
# I'm going to see him tonight".
_FEAR = _compile(
    r"\b(?:scared|afraid|worried|dreading|dread|nervous|anxious|terrified|panicking) (?:that |"
    r"of |about )?(?:i (?:am |will |might |would |could |have to |will have to )?(?:going to |"
    r"gonna |have to )?)?$"
)
_MUST = _compile(r"\b(?:have|has|got|gotta|will have|must) (?:to )?$")
_SEEING = ("see ", "seeing ", "going to see ", "go see ", "meet ", "meeting ")
_OCCASION = _compile(
    r"^ (?:\w+ )?(?:at|in) (?:work|school|class|church|court|uni|college|the (?:wedding|office|"
    r"party|funeral|meeting|court|hearing|handover|exchange|school|gym|reunion|game|match)|"
    r"our (?:\w+ )?(?:class|lecture|meeting|office|team|friend's))\b"
)


# "My brother threatened to kill me if I text her": someone else's reaction, not a plan.
_SOMEONE_ELSES_THREAT = _compile(
    r"(?:\b(?:kill|murder|disown|hate|ground|block|dump|leave) (?:me|us)|\b(?:be|get|go) "
    r"(?:so )?(?:mad|angry|furious|disappointed|upset|livid|crazy)|\blose it|"
    r"\bnever forgive me|\bnever speak to me)(?: \w+){0,2}? (?:if|when) (?:i|we) "
    r"(?:ever |even |so much as )?$"
)


def _urge_at(sentence: str, m: re.Match[str], frames: re.Pattern[str]) -> bool:
    if _others_block(sentence, m.groupdict().get("obj")):
        return False
    if m.group(0).startswith(_SEEING):
        lead = _clause_before(sentence, m.start())
        if _FEAR.search(lead) or (_MUST.search(lead) and _OCCASION.search(sentence[m.end() :])):
            return False
    before = _clause_before(sentence, m.start())
    if _SOMEONE_ELSES_THREAT.search(before):
        return False
    frame = frames.search(before)
    if frame is None:
        # "text him?" or "call her??" on its own.
        return frames is _URGE_BEFORE_BASE and not before.strip() and sentence.endswith("?")
    if _names_someone(m, sentence):
        return False
    # "should I", "if I" name the speaker; "help me not", "tell me why I shouldn't" ask for help
    # with the speaker's own urge.
    speaker_named = re.search(r"\b(?:i|we)\b|^(?:help|tell|remind) me", frame.group(0))
    if not speaker_named and _someone_else_speaks(before[: frame.start()]):
        return False
    return not (_negated(before) or _retracted(sentence[m.end() :]))


_URGE_PHRASES = _compile(
    r"\b(?:(?:my )?(?:thumb|finger|fingers) (?:is |are |has been |keeps )?(?:\w+ )?(?:hovering|"
    r"on (?:the|"
    r"his|her|call|send))|"
    r"(?:draft|drafting|typing|writing|word|phrase|write|type|record|recording|film|filming) "
    r"(?:out |up )?(?:a |an |the |this |my |another |what to say in (?:a |my )?)?"
    r"(?:long |quick |short |little |whole |huge |massive |big )?(?:text|message|email|letter|dm|"
    r"reply|paragraph|essay|voice note|voice message|voice memo|voicemail|video|poem)s? "
    rf"(?:to|for) (?:him|her|them|(?:my|the|our) {EX_NOUN}|ex|xname)\b|"
    # "one little text wouldn't hurt", "a single message can't hurt, right?"
    r"(?:one|a|just one|just a|1|a single) (?:little |quick |tiny |small |single |short |"
    r"harmless |innocent )?(?:text|message|call|dm|email|snap|msg|voice note|like)s? "
    r"(?:would not|will not|can not|could not|does not|is not going to) (?:hurt|harm|kill|"
    r"matter|be (?:a big deal|so bad|that bad|the end of the world))|"
    r"(?:in|sitting in) my drafts|"
    r"(?:one|1) (?:more|last|final) (?:text|message|call|email)\b(?! (?:from|with))|"
    r"just one (?:little |quick |tiny |more )?(?:text|message|call)|"
    r"harm in (?:just )?(?:one|a|sending (?:a|one)) (?:little |quick )?(?:text|message|call)|"
    r"(?:urge|itch|temptation|impulse) to (?:reach out|contact|text|call|message|dm|see|check)"
    rf"(?! (?:my|a|the) (?:{OTHER_PEOPLE}))|"
    r"hovering over (?:his|her|their|the) (?:name|number|contact|chat|call button|send button)|"
    r"(?:finger|thumb) (?:is )?on the (?:call|send) button|"
    r"(?:about to|going to|gonna|want to|wanna) (?:hit|press|tap) (?:call|dial|send|the call "
    r"button|the send button|his number|her number)\b|"
    r"(?:what|how) (?:should|can|do) i (?:do|keep myself busy|distract myself|stay busy) instead "
    r"of (?:texting|calling|messaging|contacting|reaching out|checking)|"
    r"(?:sitting|standing|parked|waiting|here|i am|am|wait|sit|stand|park|hang around|"
    r"hang out|lurk|camp) (?:\w+ ){0,4}(?:outside|in front of) "
    r"(?:his|her|their) (?:place|house|apartment|flat|work|door|building|office|dorm|gym)|"
    r"(?:looking|look|staring|stare|keep looking) at (?:his|her|their) (?:number|name|contact|"
    r"chat)|"
    r"(?:open|opened|opening|keep opening) (?:our|his|her|their) (?:chat|messages|conversation|"
    r"thread)|"
    r"\b(?:i am|am) (?:\w+ )?(?:outside|at|near|parked outside|in front of|on my way to|"
    r"heading to|driving to|walking to) (?:his|her|their) (?:place|house|apartment|flat|work|"
    r"door|building|office|dorm|gym)|"
    r"on my way to (?:his|her|their) (?:place|house|apartment|flat|work|door|building|dorm)|"
    r"(?:should|do|can) i (?:answer|pick up|reply|respond)(?: (?:it|the phone|him|her))? "
    r"(?:if|when) (?:he|she|they|xname|my ex) (?:calls|texts|messages|reaches out|rings)|"
    r"(?:close to|about to|going to|gonna|on the verge of) (?:caving|cave)\b|"
    r"(?:his|her|their) (?:number|contact|name|chat) (?:is )?(?:up|open|pulled up) on my|"
    r"should i (?:just )?(?:send|hit send on|press send on) (?:it|the text|the message|this|"
    r"that)\b|"
    r"should i (?:go|say yes|agree|accept|meet up|see (?:him|her))(?: or not)? ?(?:[?.]|$)|"
    r"(?:text|message|email|letter) (?:is )?(?:ready to (?:go|send)|all typed)|"
    r"help me (?:write|word|draft|phrase|compose) (?:a|the|my) (?:text|message|email|letter|dm)|"
    r"(?:how|what) (?:should|do|can|would|could) i (?:\w+ ){0,5}?(?:text|message|email|dm|call|"
    r"say|write|tell|word)\b(?=.*\b(?:him|her|them|my ex|xname)\b)|"
    r"(?:about|going|want|wanna|gonna|tempted|ready|need|decided) to (?:cave|break (?:no "
    r"contact|nc|my streak|the silence)|reply|respond|answer|give in|send it|hit send)\b|"
    r"(?:check|look|see) (?:if|whether) (?:he|she|they) (?:is|are|has|have|posted|viewed|saw|"
    r"watched|liked|changed|unblocked|blocked|read)|"
    r"(?:return|give back|drop off|bring back) (?:his|her|their) (?:stuff|things|\w+) "
    r"(?:in person|myself|to (?:him|her))|"
    # Rehearsing it: "I've been planning what I'll say when I find him".
    r"(?:planning|planned|practising|practicing|rehearsing|rehearsed|working out|figuring out|"
    r"deciding) what (?:i will|i am going to|i would|to) (?:say|tell|write|text)\b"
    r"(?=.*\b(?:him|her|them|my ex|xname)\b)|"
    # Typing in their address or number: "typing her address in", "dialling his number".
    r"(?:typing|type|dialling|dialing|dial|punching) (?:in )?(?:his|her|their|xname's) "
    r"(?:email |phone |new )?(?:address|number|email)\b|"
    # "would a quick 'hope you're ok' to my ex-husband be so terrible?"
    r"(?:a|one|just a|just one) (?:quick |little |short |simple |small |single )(?:\S+ ){0,5}?"
    r"to (?:him|her|them|(?:my|the|our) (?:ex|ex \w+|boyfriend|girlfriend|husband|wife)|xname) "
    r"(?:\S+ ){0,3}?(?:be|is|would|hurt|okay|ok|bad|wrong|terrible)\b|"
    # Outside their place and wanting to knock.
    r"(?:his|her|their) (?:street|road|place|house|flat|building|apartment|door)\b.{0,60}?"
    r"\b(?:want|wanna|tempted|going to|gonna|about to|should i|could i|might)\b.{0,30}?"
    r"\b(?:knock|ring the (?:door)?bell|buzz)\b|"
    # Travel to see them: "looking at flights to go see him".
    r"(?:looking at|look at|book|booking|buy|buying|checking|check|pricing|searching|"
    r"searching for) (?:\w+ ){0,2}?(?:flights?|tickets?|trains?|buses|a bus|a train|a flight|"
    r"a ticket|hotels?) (?:to (?:go |come )?|so i can )(?:see|visit|surprise|be with) "
    r"(?:him|her|them|(?:my|the|our) (?:ex|boyfriend|girlfriend|husband|wife)|xname)\b|"
    # Going where they may be: "going to the restaurant where we had our first date, hoping
    # he's there".
    r"(?:going|go|heading|head|go back|going back) to (?:\S+ ){1,12}?(?:hoping|in the hope|"
    r"just in case|in case) (?:he|she|they|xname|my ex) (?:is|are|will be|would be|might be|"
    r"'s|will) (?:there|around|working|be there)\b|"
    # "planning to bump into her at the coffee shop": a chance meeting arranged on purpose.
    r"(?:want|wanna|planning|plan|plan on|try|trying|hoping|tempted|should i|could i|"
    r"can i) (?:to )?(?:\w+ ){0,2}?(?:bump|run) into "
    rf"(?:him|her|them|(?:my|the|our) {EX_NOUN}|xname)\b|"
    rf"(?:bump|run) into (?:him|her|them|(?:my|the|our) {EX_NOUN}|xname) (?:\w+ ){{0,4}}"
    r"on purpose|"
    r"(?:go|going|drive|driving|walk|walking|stop|stopping) (?:past|by|to|over to) (?:his|her|"
    r"their) "
    r"(?:place|house|work|job|apartment|flat|dorm|door|office|gym))"
)


# Phrases that are an urge only after a wish or plan: "I want to see what he's up to", not
# "talk about it, see what they say".
_URGE_PHRASES_FRAMED = _compile(
    r"\b(?:(?:see|find out|check|look) (?:what|how|if|whether|who) (?:he|she|they|his|her|"
    r"their)\b|"
    r"know (?:what|how|if|whether) (?:he|she|they) (?:is|are) (?:doing|okay|ok|alright|fine|"
    r"seeing|dating|with|happy|up to)|"
    r"(?:deserve|earned|allowed|get) (?:one|a|just one) (?:little |quick |single )?"
    r"(?:text|message|call)\b|"
    r"(?:go|show up|head) to (?:the )?(?:\w+ ){1,2}?(?:where |that )?(?:he|she|they) "
    r"(?:always |usually )?(?:goes|go|works|hangs out|will be)|"
    # "comment something nice so she knows I'm still around"
    r"(?:comment|like|reply|react|tag|view|watch|heart) (?:\S+ ){0,6}?(?:so|hoping|so that|"
    r"just so) (?:he|she|they|xname|my ex) (?:will |would |can |could |might )?(?:see|sees|"
    r"notice|notices|know|knows|remembers?)\b|"
    r"drop (?:\w+ ){0,3}off (?:myself|in person|at (?:his|her|their))|"
    # "let myself in while he's at work and leave a note"
    r"let myself in(?:to (?:his|her|their) \w+)?\b|use (?:my|the|his|her|their) (?:spare )?"
    r"key\b|leave (?:him|her|them) (?:a|an) (?:note|letter|message|card|gift)|"
    r"leave (?:a|an) (?:note|letter|card|gift|message) (?:for|on|at|in|outside|under) "
    r"(?:him|her|them|his|their)\b)"
)
_WISH_BEFORE = _compile(
    r"\b(?:want|wanna|need|tempted|going|gonna|about|dying|itching|curious|desperate|"
    r"should i|could i|can i|might|i think i|just to|i feel like i|planning|plan|plan on|"
    r"trying|try|wants|wanted|wanting) (?:\w+ ){0,6}$"
)


def _pronoun_of_other(sentence: str, m: re.Match[str]) -> bool:
    """ "text my best friend and see if she wants dinner": the pronoun is the friend."""
    return (
        re.search(r"\b(?:he|she|they|him|her|his|them|their)\b", m.group(0)) is not None
        and re.search(rf"\b(?:my|our) {EX_NOUN}\b|\bxname\b", m.group(0)) is None
        and _OTHER_PARTY.search(sentence[: m.start()]) is not None
    )


def _urge_phrase(sentence: str) -> bool:
    for m in _URGE_PHRASES_FRAMED.finditer(sentence):
        before = _clause_before(sentence, m.start())
        if _pronoun_of_other(sentence, m):
            continue
        if (
            _WISH_BEFORE.search(before)
            and not _someone_else_speaks(before)
            and not (_negated(before) or _retracted(sentence[m.end() :]))
        ):
            return True
    for m in _URGE_PHRASES.finditer(sentence):
        before = _clause_before(sentence, m.start())
        if _pronoun_of_other(sentence, m):
            continue
        if _someone_else_speaks(before) or re.search(
            r"\b(?:he|she|they|xname|my ex)\s+(?:\w+\s+)?$", before
        ):
            continue
        if _ACT_PAST.search(before) or re.search(
            r"\b(?:i|we) (?:\w+ )?(?:sent|went|drove|walked|did|wrote|typed|said)\b",
            before + m.group(0),
        ):
            continue  # told in the past: a slip, not an urge
        if _negated(before) or _retracted(sentence[m.end() :]):
            continue
        return True
    return False


# --- slip ---------------------------------------------------------------------------------

_SLIP_PHRASES = _compile(
    r"\b(?:(?:i|we) (?:(?:just|finally|totally|kind of|basically|literally|already|stupidly|"
    r"officially) )*(?:caved|relapsed|slipped|slipped up|gave in|broke (?:no contact|nc|the no "
    r"contact|my no contact|my streak|my nc|the silence)|failed (?:no contact|nc)|lost my "
    r"streak|reached out|got in touch|made contact|hit send|pressed send|sent (?:it|the "
    r"(?:text|message|email|letter|dm))|sent (?:a|another) (?:text|message|email|dm|letter) "
    r"(?:to (?:him|her|them|my ex|xname))|(?:was|were|been|got|stayed) on (?:the )?(?:phone|"
    r"facetime|a call|call) with (?:him|her|them|my ex|xname)|(?:spent|stayed) (?:the|last) "
    r"(?:night|weekend|day) (?:at (?:his|her|their) (?:place|house|apartment|flat)|with (?:him|"
    r"her|them|my ex|xname)))\b|"
    r"broke (?:no contact|nc|the no contact|my no contact|my streak)|"
    r"(?:back to|starting over at|reset to|restarting at|on) day (?:1|one|zero|0) again|"
    r"back to day (?:1|one|zero|0)\b|"
    r"reset (?:my|the) (?:streak|counter|no contact|nc|days|clock)|"
    r"streak is (?:back to |at )?(?:0|zero|gone|broken|over|ruined|dead)|"
    r"(?:ended up|stayed|slept|was) (?:at|over at) (?:his|her|their) (?:place|house|apartment|"
    r"flat)|"
    r"(?:we|me and (?:him|her|my ex)|(?:he|she) and i) (?:(?:just|finally|actually|kind of|"
    r"basically|literally|ended up|kept|wound up) )*"
    r"(?:talked(?! it through| me down| me out)|spoke|met up|met for|talking|texting|hanging out|"
    r"hung out|hooked up|slept together|kissed|got coffee|had coffee|had dinner|had drinks|"
    r"facetimed|texted|messaged|called|saw each other|are talking again|started talking again|"
    r"got back together|(?:have |had )?(?:been |are |were )(?:texting|talking|messaging|"
    r"calling|seeing each other|hanging out|sleeping together|meeting up))|"
    r"we (?:spent|stayed up) (?:the |last )?(?:whole |entire )?(?:night|day|evening|weekend|"
    r"hours) (?:talking|texting|on the phone|together|facetiming)|"
    r"\b(?:i|we) (?:went|drove|walked|headed|turned up|showed up|hung around|waited|went back) "
    r"(?:\S+ ){1,12}?(?:hoping|in the hope|in case) (?:he|she|they|xname|my ex) (?:would be|was|"
    r"were|might be|would|might) (?:there|around|working|be there|show up|turn up)\b|"
    r"\bi (?:\w+ )?(?:called|rang|phoned|facetimed|dialled|dialed) (?:\w+ )?(?:and|then|but) "
    r"(?:immediately |just |quickly |then )?hung up\b|"
    r"(?:commented|liked|replied|reacted|tagged|viewed|watched|hearted) (?:\S+ ){0,6}?"
    r"(?:knowing|so|hoping|so that|just so) (?:he|she|they|xname|my ex) (?:would|will|could|"
    r"might|can) (?:see|notice|know)\b|"
    r"(?:i|we) (?:was|were|sat|stood|waited|parked) (?:\w+ ){0,4}(?:outside|in front of) "
    r"(?:his|her|their) (?:place|house|apartment|flat|work|door|building|office|dorm))\b"
)


# Someone other than the ex named before "we": the "we" is most likely them.
_OTHER_PARTY = _compile(rf"\b(?:my|our|a) (?:\w+ )?(?:{OTHER_PEOPLE})\b")


def detect_slip(sentences: Sequence[str]) -> str | None:
    """Return the slip rule that fires on any sentence, or None."""
    for sentence in sentences:
        if _NARRATIVE.search(sentence):
            continue
        for m in _ACT_PAST.finditer(sentence):
            if _slip_at(sentence, m, _PAST_SUBJECT):
                return "slip:past-contact"
        for m in _ACT_BASE.finditer(sentence):
            if _slip_at(sentence, m, _DONE_BEFORE_BASE):
                return "slip:did-contact"
        for m in _ACT_ING.finditer(sentence):
            if _slip_at(sentence, m, _SLIP_BEFORE_ING):
                return "slip:ongoing-contact"
        for m in _SLIP_PHRASES.finditer(sentence):
            before = _clause_before(sentence, m.start())
            if m.group(0).startswith("we ") and _OTHER_PARTY.search(sentence[: m.start()]):
                continue  # "my best friend called me and we talked for an hour"
            if not _negated(before) and not re.search(r"\b(?:if|never|you)\b", before):
                return "slip:phrase"
    return None


# Seen by chance: "when I saw him at the supermarket", "I saw her across the street".
_CHANCE_SIGHTING = _compile(
    r"^ (?:\w+ )?(?:at|in|on|across|from|outside|walking|with|near|by) (?:the|a|an|some|this|"
    r"that|his|her|their)? ?(?:\w+ )?(?:supermarket|store|shop|grocery|groceries|mall|gym|bar|"
    r"club|party|street|road|bus|train|tube|station|park|cafe|coffee shop|restaurant|cinema|"
    r"concert|work|office|campus|class|church|wedding|festival|distance|other side|airport|"
    r"pub|town|market|library|traffic|car park|parking lot|hallway|lecture|event|game|"
    r"another girl|another guy|someone|his new|her new|new)\b"
)


def _slip_at(sentence: str, m: re.Match[str], frames: re.Pattern[str]) -> bool:
    if _others_block(sentence, m.groupdict().get("obj")) or _names_someone(m, sentence):
        return False
    if m.group(0).startswith("saw ") and (
        _CHANCE_SIGHTING.search(sentence[m.end() :])
        or re.search(r"\b(?:when|as|then|and) i (?:\w+ )?$", sentence[: m.start()])
    ):
        return False
    if frames is _DONE_BEFORE_BASE and m.group(0).split()[0] not in _STRONG_CONTACT:
        return False  # "I tell them", "I see him doing that": too common to mean contact
    before = _clause_before(sentence, m.start())
    if _SLIP_REGRET.search(before):
        return True
    if not frames.search(before) or _someone_else_speaks(before):
        return False
    if re.search(
        r"\b(?:if|whether|unless|wish i|you|he|she|they|people|should|would|could|will|might|"
        r"can|want|wanted|going)\b(?: \w+){0,2} $",
        before,
    ):
        return False
    return not (_negated(before) or _undone(sentence[m.end() :]))


# --- ex reached out -----------------------------------------------------------------------

_EX_SUBJ = rf"(?:he|she|they|(?:my|the|our) {EX_NOUN}|ex|xname|guess who)"
_EX_ACTS = _compile(
    rf"\b(?P<subj>{_EX_SUBJ}) (?:{_ADV})(?:(?:has|have|had|is|are|was|were|did|finally|just|"
    rf"actually|suddenly|randomly|kept|keeps|has been|have been|been|even|also|then|literally|"
    rf"already|out of nowhere|now|still|always|constantly) )*(?:{_ADV})"
    r"(?P<verb>text|call|message|send|write|dm|email|facetime|texted|texts|texting|called|calls|"
    r"calling|rang|rings|phoned|messaged|messages|"
    r"messaging|dmed|dms|dming|emailed|emails|emailing|snapped|snapchatted|facetimed|"
    r"contacted|contacts|reached out|reaches out|reaching out|wrote|writes|sent|sends|sending|"
    r"replied|replies|responded|answered|hit me up|hits me up|showed up|shows up|turned up|"
    r"came over|came by|came to my|stopped by|left (?:me )?(?:a|an) (?:voicemail|message|note|"
    r"comment|voice note)|left a note|liked|likes|liking|commented|comments|commenting|viewed|"
    r"views|"
    r"viewing|watched|watches|watching|followed|follows|unblocked|unblocks|added|invited|"
    r"requested to follow|requested|asked me (?:to|if|out|for|how|whether)|"
    r"(?:wants?|wanted) to (?:talk|meet|see me|get coffee|catch up|hang out|get back|try again)|"
    r"asked (?:to (?:talk|meet|see me|get|hang|catch up)|if (?:we|i) )|"
    r"blowing up my phone|blew up my phone|slid into my dms|popped up|keeps texting|"
    r"keeps calling|keeps messaging|got in touch|got back in touch|reconnected|apologi[sz]ed|"
    r"begged|said hi|said hello|wished me|facetimes|tagged me|mentioned me|is at my|was at my|"
    r"is outside|was outside|(?:is|was) (?:at|outside) my|"
    r"(?:trying|tried|tries|keeps trying) (?:to (?:contact|reach|text|call|get in touch with|"
    r"talk to|"
    r"message|facetime)|calling|texting|messaging|contacting|reaching|facetiming) me|"
    r"dropped off my|dropped by|knocked on my|knocks on my|rang my doorbell|rang the doorbell|"
    r"(?:dropped|put|pushed|slipped|posted|left) (?:a |an |some )?(?:\w+ )?(?:note|letter|card|"
    r"gift|present|flowers|package|parcel)s? (?:through|at|in|on|under|outside) my)"
    r"\b(?P<after>.{0,40})"
)
_NEEDS_ME = words(
    """
    text call message send write dm email facetime
    texted texts texting called calls calling rang rings phoned messaged messages messaging
    dmed dms dming emailed emails emailing snapped snapchatted facetimed contacted contacts
    wrote writes sent sends sending replied replies responded answered liked likes liking
    commenting commented comments viewed views viewing watched watches watching followed follows
    unblocked unblocks added invited facetimes begged requested
    """
)
# These must be aimed at "me"/"my": "he added" alone is a quote, "he liked" anything.
_STRICT_MY = words(
    """
    liked likes liking commented comments commenting viewed views viewing watched watches
    watching
    """
)
_STRICT_ME = words(
    """
    followed follows unblocked unblocks added invited requested
    """
)
_INSULT_AFTER = _compile(
    r"^ me (?:a |an |names|out(?! of nowhere)|crazy|stupid|selfish|clingy|needy|psycho|"
    r"insane|toxic|dramatic|pathetic|desperate|obsessive|ugly|fat|worthless|useless|the |"
    r"his |her |by |baby|babe|that|all (?:types|kinds|sorts|sort|kind)|every)"
)
_TO_ME_AFTER = _compile(
    r"^ (?:(?:all |every one of |every single |one of )?(?:me|my)\b|to (?:me|my)\b|back|again|"
    r"out of nowhere|today|yesterday|last|this|tonight|at \d|on (?:my|instagram|facebook|"
    r"snapchat|whatsapp|tiktok|twitter)|after|earlier|just now|first|twice|three|\d+|,|\.|!|"
    r"\?|and|but|asking|saying|to say|to ask|a (?:text|message|letter|email|dm|voice)|$)|^$|"
    # "he sent a 'hey' after 2 months", "she sent a random wyd"
    r"^ (?:a|an|one|the) (?:\w+ )?(?:hey|hi|hello|hiya|heyy|yo|wyd|hbu|hey stranger|"
    r"happy birthday|merry christmas|happy new year|good morning|good night|miss you|"
    r"i miss you|how are you|sorry|apology)\b(?! (?:\w+ ){0,3}to (?!me\b))"
)
# "he texted his sister", "she called a friend": the ex contacted someone else.
_OTHER_OBJECT_AFTER = _compile(
    rf"^ (?:him|her|them|his|their|the|a|an|some|someone|everyone|everybody|people|xname|other|"
    rf"another|random|girls|guys|women|men|other girls|other guys|"
    rf"(?:my|our) (?:{OTHER_PEOPLE}))\b"
)
_EX_RECEIVED = _compile(
    rf"\b(?:got|get|getting|received|receive|have|had|found|woke up to|saw|there is|there was|"
    rf"another|a|an) (?:a |an |another |his |her |this |the |two |three |\d+ |some |"
    rf"multiple |several |like |new )?(?:\w+ )?(?:text|call|message|dm|email|voicemail|letter|"
    rf"snap|missed call|notification|follow request|friend request|reply|response|voice note|"
    rf"voice message|gift|flowers|card|package)s? from {EX_REF}\b|"
    rf"\bheard (?:back )?from {EX_REF}\b|"
    rf"\b{EX_POSS} name (?:popped up|lit up|showed up|appeared|flashed|came up)\b|"
    r"\blit up with (?:his|her|their) name\b|"
    r"\b(?:he|she|they|my ex|xname) (?:\w+ )?(?:messaged|texted|called|asked|contacted|dmed|"
    r"reached out to|emailed) (?:my|our) (?:\w+ )?(?:friends?|best friend|sister|brother|mom|dad|"
    r"family|roommate|coworker|cousin)s? (?:\w+ )?(?:asking |to ask )?(?:about me|how i|if i|"
    r"whether i|what i)\b|"
    rf"\b(?:he|she|they|xname|my ex) (?:is|was) (?:calling|texting|at my door|outside)|"
    rf"\b{EX_POSS} (?:new |old |work |private |other )?(?:number|account|profile|email) "
    r"(?:\w+ )?(?:called|texted|messaged|rang|followed|added|emailed|dmed|liked) (?:me|my)\b|"
    r"\b(?:ignore|ignored|ignoring|delete|deleted|deleting|open|opened|read|screenshot|"
    r"answer|answered|decline|declined|reply to|respond to|do with) (?:his|her|their|my ex's) "
    r"(?:(?:latest |new |last )(?:text|call|message|email|dm|voicemail|snap|letter)s?|"
    r"(?:text|call|message|email|dm|voicemail|snap|request|letter))\b|"
    r"\b(?:left|leave|leaving) (?:him|her|them|my ex) on (?:read|delivered|seen)\b|"
    r"\b(?:let|letting) (?:his|her|their) (?:call|calls) go to voicemail"
)
_EX_HYPOTHETICAL = _compile(
    r"\b(?:if|when|whenever|in case|unless|until|what if|wait for|waiting for|hope|hoping|"
    r"wish|expect|expecting|for|imagine|pretend|never|do not|don't)\b"
)
_EX_CONDITIONAL = _compile(
    rf"{_EX_HYPOTHETICAL.pattern}|\b(?:want|wanted|would|will|might|should)\b"
)


def detect_ex_reached_out(sentences: Sequence[str]) -> str | None:
    """Return the ex-reached-out rule that fires on any sentence, or None."""
    for sentence in sentences:
        if _NARRATIVE.search(sentence):
            continue
        for m in _EX_ACTS.finditer(sentence):
            if _ex_acted(sentence, m):
                return "ex_reached_out:ex-acted"
        for m in _EX_RECEIVED.finditer(sentence):
            before = _clause_before(sentence, m.start())
            last = " ".join(before.split()[-3:])
            if m.group(0).split()[0] in _IMPLIED_VERBS:
                if not _EX_HYPOTHETICAL.search(last) or re.search(r"\bi\b", last):
                    return "ex_reached_out:implied"
            elif not _EX_CONDITIONAL.search(last) and not _negated(before):
                return "ex_reached_out:received"
    return None


# Verbs that only make sense if the ex wrote first, negated or not: "I didn't open her message".
_IMPLIED_VERBS = words(
    """
    ignore ignored ignoring delete deleted deleting open opened read screenshot answer
    answered decline declined reply respond do left leave leaving let letting
    """
)


_RELATIVE_THING = _compile(
    r"\b(?:the|those|these|all the|all|his|her|their|old|every|all of the) (?:\w+ )?(?:letters?|"
    r"texts?|messages?|emails?|cards?|notes?|poems?|songs?|things?|words?|stuff|gifts?|photos?|"
    r"pictures?|flowers|voicemails?)\s*$"
)


_BASE_FORMS = frozenset(("text", "call", "message", "send", "write", "dm", "email", "facetime"))


def _ex_acted(sentence: str, m: re.Match[str]) -> bool:
    verb = m.group("verb")
    after = m.group("after")
    between = sentence[m.start("subj") : m.start("verb")]
    if _negated(between) or re.search(r"\b(?:would|will|might|should|could|can|may)\b", between):
        return False
    before = _clause_before(sentence, m.start("subj"))
    if _RELATIVE_THING.search(before):
        return False  # "I burned the letters he wrote me": the letters, not news
    if _EX_CONDITIONAL.search(" ".join(before.split()[-3:])) or re.search(
        r"\b(?:not|never)\s*$", before
    ):
        return False
    if verb in _NEEDS_ME:
        if verb.startswith("call") and _INSULT_AFTER.search(after):
            return False
        if verb in _STRICT_MY:
            return (
                re.match(
                    r"^ (?:(?:on|to|at) )?(?:my|all my|every one of my|(?:everything|anything|"
                    r"whatever|all|every \w+) i (?:post|share|put up|upload))\b",
                    after,
                )
                is not None
            )
        if verb in _STRICT_ME:
            return re.match(r"^ (?:me|to me|on)\b", after) is not None
        if verb in _BASE_FORMS:  # "he message me today": only with "me" right after
            return re.match(r"^ me\b", after) is not None
        if verb.startswith(("sent", "send", "wrote", "write")):
            return bool(_TO_ME_AFTER.search(after))
        return not _OTHER_OBJECT_AFTER.search(after)
    return True


_PROGRAMS.save()  # every expression above is compiled: kept for the next run
