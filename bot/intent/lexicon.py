"""Words the detector knows: slang, emoji, names, and the regex pieces the rules are built from.

Everything here is data. Keeping it in one place means a miss found on real text ("he hmu
last nite") is usually fixed by adding a word here, not by writing a new rule.
"""

from __future__ import annotations

# One token in, plain English out. Applied after lower-casing, before any rule.
SLANG: dict[str, str] = {
    # intentions
    "gonna": "going to",
    "gona": "going to",
    "gunna": "going to",
    "finna": "going to",
    "wanna": "want to",
    "wana": "want to",
    "wanta": "want to",
    "gotta": "got to",
    "tryna": "trying to",
    "imma": "i am going to",
    "ima": "i am going to",
    "i'ma": "i am going to",
    "lemme": "let me",
    "gimme": "give me",
    "hafta": "have to",
    "shoulda": "should have",
    "coulda": "could have",
    "woulda": "would have",
    "dunno": "do not know",
    "kinda": "kind of",
    "sorta": "sort of",
    "outta": "out of",
    "tempted2": "tempted to",
    "wnat": "want",
    "wnt": "want",
    "watn": "want",
    "wamt": "want",
    "wabt": "want",
    "wnana": "want to",
    "wanan": "want to",
    # contractions people type without the apostrophe
    "im": "i am",
    "ive": "i have",
    "dont": "do not",
    "didnt": "did not",
    "doesnt": "does not",
    "wont": "will not",
    "cant": "can not",
    "cannot": "can not",
    "shouldnt": "should not",
    "wouldnt": "would not",
    "couldnt": "could not",
    "isnt": "is not",
    "wasnt": "was not",
    "havent": "have not",
    "hasnt": "has not",
    "hadnt": "had not",
    "arent": "are not",
    "werent": "were not",
    "aint": "is not",
    "youre": "you are",
    "theyre": "they are",
    "hes": "he is",
    "shes": "she is",
    "thats": "that is",
    "whats": "what is",
    "its": "it is",
    "lets": "let us",
    "let's": "let us",
    "ill": "i will",
    "id": "i would",
    "iam": "i am",
    "ima'": "i am going to",
    "idk": "i do not know",
    "ik": "i know",
    "ikr": "i know",
    "i'm": "i am",
    "i've": "i have",
    "i'll": "i will",
    "i'd": "i would",
    "won't": "will not",
    "can't": "can not",
    "ain't": "is not",
    "shan't": "shall not",
    # people and the ex
    "bf": "boyfriend",
    "gf": "girlfriend",
    "xbf": "ex boyfriend",
    "xgf": "ex girlfriend",
    "exbf": "ex boyfriend",
    "exgf": "ex girlfriend",
    "exboyfriend": "ex boyfriend",
    "exgirlfriend": "ex girlfriend",
    "exwife": "ex wife",
    "exhusband": "ex husband",
    "expartner": "ex partner",
    "hubby": "husband",
    "wifey": "wife",
    "fiancé": "fiance",
    "fiancée": "fiancee",
    "mum": "mom",
    "mommy": "mom",
    "mama": "mom",
    "momma": "mom",
    "mother": "mom",
    "daddy": "dad",
    "father": "dad",
    "bestie": "best friend",
    "bff": "best friend",
    "sis": "sister",
    "bro": "brother",
    "u": "you",
    "ya": "you",
    "yu": "you",
    "ur": "your",
    "urs": "yours",
    "r": "are",
    "em": "them",
    "'em": "them",
    "hm": "him",
    "hr": "her",
    "thm": "them",
    "sm1": "someone",
    "some1": "someone",
    "any1": "anyone",
    "every1": "everyone",
    "ppl": "people",
    # contact
    "txt": "text",
    "tx": "text",
    "txts": "texts",
    "txted": "texted",
    "txtd": "texted",
    "txting": "texting",
    "txtin": "texting",
    "textd": "texted",
    "texed": "texted",
    "textin": "texting",
    "textn": "texting",
    "tetx": "text",
    "txet": "text",
    "texr": "text",
    "tecxt": "text",
    "tezt": "text",
    "textt": "text",
    "texts": "texts",
    "txtng": "texting",
    "msg": "message",
    "msgs": "messages",
    "msged": "messaged",
    "msgd": "messaged",
    "msging": "messaging",
    "msgn": "messaging",
    "mssg": "message",
    "mesage": "message",
    "messege": "message",
    "massage": "message",
    "messg": "message",
    "mesaged": "messaged",
    "messagin": "messaging",
    "dmd": "dmed",
    "dm'd": "dmed",
    "dm'ed": "dmed",
    "dmed": "dmed",
    "dms": "dms",
    "dm'ing": "dming",
    "dmming": "dming",
    "dmed'": "dmed",
    "pm'd": "dmed",
    "callin": "calling",
    "calld": "called",
    "cald": "called",
    "cal": "call",
    "calll": "call",
    "caled": "called",
    "caling": "calling",
    "fone": "phone",
    "phonin": "phoning",
    "facetimed": "facetimed",
    "ft": "facetime",
    "ft'd": "facetimed",
    "snapchatted": "snapped",
    "snapchatting": "snapping",
    "emaild": "emailed",
    "e-mail": "email",
    "e-mailed": "emailed",
    "hmu": "hit me up",
    "hmuu": "hit me up",
    "vm": "voicemail",
    "vn": "voice note",
    "ig": "instagram",
    "insta": "instagram",
    "fb": "facebook",
    "snapmap": "snap map",
    "reachin": "reaching",
    "reachd": "reached",
    "unblockd": "unblocked",
    "stalkin": "stalking",
    "checkin": "checking",
    "lookin": "looking",
    "thinkin": "thinking",
    "goin": "going",
    "tryin": "trying",
    "talkin": "talking",
    "havin": "having",
    "feelin": "feeling",
    "doin": "doing",
    "nothin": "nothing",
    "somethin": "something",
    "sayin": "saying",
    "beggin": "begging",
    "cryin": "crying",
    "drinkin": "drinking",
    # time and glue
    "abt": "about",
    "bout": "about",
    "'bout": "about",
    "rn": "right now",
    "atm": "right now",
    "tn": "tonight",
    "tonite": "tonight",
    "2nite": "tonight",
    "tnite": "tonight",
    "tmrw": "tomorrow",
    "tmr": "tomorrow",
    "tmw": "tomorrow",
    "tomoz": "tomorrow",
    "2morrow": "tomorrow",
    "2day": "today",
    "b4": "before",
    "bc": "because",
    "cuz": "because",
    "coz": "because",
    "cos": "because",
    "bcuz": "because",
    "bcz": "because",
    "pls": "please",
    "plz": "please",
    "plsss": "please",
    "tho": "though",
    "thru": "through",
    "smth": "something",
    "sth": "something",
    "smthng": "something",
    "w/": "with",
    "shud": "should",
    "shld": "should",
    "shuld": "should",
    "shoud": "should",
    "sholud": "should",
    "cud": "could",
    "cld": "could",
    "wud": "would",
    "wld": "would",
    "prolly": "probably",
    "probs": "probably",
    "ok": "okay",
    "k": "okay",
    "kk": "okay",
    "alright": "okay",
    "aight": "okay",
    "oki": "okay",
    "okey": "okay",
    "luv": "love",
    "nite": "night",
    "lil": "little",
    "ya'll": "you all",
    "yall": "you all",
    "n": "and",
    "nd": "and",
    "wat": "what",
    "wut": "what",
    "wht": "what",
    "y": "why",
    "jus": "just",
    "jst": "just",
    "juss": "just",
    "rly": "really",
    "rlly": "really",
    "realy": "really",
    "srsly": "seriously",
    "bday": "birthday",
    "b-day": "birthday",
    "hbd": "happy birthday",
    "nc": "no contact",
    "lc": "low contact",
    "smh": "",
    "lmao": "lol",
    "lmfao": "lol",
    "haha": "lol",
    "hahaha": "lol",
    "lolol": "lol",
    "jk": "lol",
    "ngl": "honestly",
    "tbh": "honestly",
    "fr": "honestly",
    "lowkey": "honestly",
    "highkey": "honestly",
    "omw": "on my way",
    "otw": "on the way",
    "wbu": "what about you",
    "w": "with",
    # crisis slang and dropped letters
    "wna": "want to",
    "wnna": "want to",
    "dnt": "do not",
    "idc": "i do not care",
    "idgaf": "i do not care",
    "bein": "being",
    "livin": "living",
    "killin": "killing",
    "dyin": "dying",
    "hurtin": "hurting",
    "cuttin": "cutting",
    "existin": "existing",
    "wakin": "waking",
    "endin": "ending",
    "4ever": "forever",
    "4eva": "forever",
    "forevr": "forever",
    "y'all": "you all",
    "tryin2": "trying to",
    "od'd": "overdosed",
    "oded": "overdosed",
    "od'ed": "overdosed",
}


def words(text: str) -> frozenset[str]:
    """A word list kept as prose-like text: easier to read and extend than a list literal."""
    return frozenset(text.split())


# Emoji that stand in for words in this bot's conversations. Others are dropped.
EMOJI_WORDS: dict[str, str] = {
    "📱": "phone",
    "📲": "phone",
    "☎": "call",
    "📞": "call",
    "💬": "message",
    "🗨": "message",
    "✉": "message",
    "📧": "message",
    "📩": "message",
    "📨": "message",
    "💌": "message",
    "✍": "write",
    "⌨": "type",
    "🔫": "gun",
    "🔪": "knife",
    "🗡": "knife",
    "💊": "pills",
    "🪦": "grave",
    "⚰": "coffin",
    "🪢": "rope",
    "🩸": "blood",
    "🍷": "drunk",
    "🍺": "drunk",
    "🍻": "drunk",
    "🥃": "drunk",
    "🍸": "drunk",
    "🍾": "drunk",
    "🥴": "drunk",
    "👀": "look",
    "❓": "?",
    "❔": "?",
    "❗": "!",
    "‼": "!",
    "😂": "lol",
    "🤣": "lol",
    "😆": "lol",
    "💀": "lol",
    "😭": "sad",
    "😢": "sad",
    "💔": "sad",
    "🥺": "sad",
    "😔": "sad",
    "😞": "sad",
}

# Written with a capital mid-sentence, yet not a person.
CAPITALISED_NOT_NAMES: frozenset[str] = words(
    """
    i i'm i've i'll i'd mom dad god jesus lord christ christmas easter xmas thanksgiving
    halloween valentine valentines valentine's monday tuesday wednesday thursday friday saturday
    sunday january february march april may june july august september october november december
    instagram insta facebook twitter tiktok snapchat snap whatsapp imessage telegram discord
    spotify youtube netflix tinder hinge bumble google iphone android apple linkedin reddit uber
    starbucks mcdonalds amazon english french spanish american british canadian european
    christian muslim jewish catholic ok okay omg lol wtf nc no yes hi hey hello dear sorry
    please thanks thank ex bf gf my his her their the a an and but so because he she they we you
    it this that what why how when where who which if then also just really even still never
    always maybe actually literally honestly anyway well oh ugh day week month year weeks months
    years new york london paris texas california florida canada australia uk us usa europe
    america nyc la tho lmao lmfao idk tbh ngl btw rn pls plz wow yeah yep nope bro dude man girl
    guys gosh dm dms text call hmu birthday anniversary mr mrs ms dr sir madam father mother ig
    fb ft
    """
)

# First names that often appear in lower case ("should i text jake"). Kept short and free of
# names that are also everyday words (will, may, grace, hope, mark, bill, rose, don).
COMMON_NAMES: frozenset[str] = words(
    """
    james john robert michael david richard joseph thomas charles christopher daniel matthew
    anthony steven andrew joshua kevin brian george timothy ryan jacob jason jeffrey eric
    jonathan justin brandon benjamin samuel alexander nicholas tyler aaron adam nathan kyle jose
    zachary noah ethan logan jeremy christian austin sean dylan jordan cody luke liam mason
    lucas oliver elijah aiden jayden caleb connor owen evan gavin isaac hunter jake josh matt
    mike chris dave dan tom tommy nick alex ben sam tony steve andy jon jonny johnny joey danny
    kev bryan brad chad trevor derek travis mary patricia jennifer linda elizabeth barbara susan
    jessica sarah karen lisa nancy betty sandra ashley kimberly emily donna michelle carol
    amanda melissa deborah stephanie rebecca sharon laura cynthia amy angela anna brenda emma
    olivia ava sophia isabella mia abigail madison chloe ella avery sofia camila scarlett
    victoria hannah lily natalie zoe leah hazel aria ellie nora riley layla lillian addison
    aubrey brooklyn savannah audrey claire skylar lucy paisley caroline kennedy jess jen jenny
    kate katie becca beth liz lizzie meg megan abby maddie allie ally sophie molly rachel kayla
    taylor morgan lauren brittany courtney danielle tiffany vanessa alyssa jasmine kelly kelsey
    haley hailey heather erin jenna alexis alexa gabby gabriella bella julia juliet nicole
    christina samantha
    """
)

# Words that are never a name even when capitalised mid-sentence, and that the stretched-
# letter repair should prefer ("textttt" -> "text", not "tex").
KNOWN_WORDS: frozenset[str] = words(
    """
    text texts texted texting call called calling message messaged messaging email emailed dm
    dmed dming reach reached reaching contact contacted contacting reply replied unblock
    unblocked block blocked stalk stalked stalking check checked checking look looked looking
    see saw seen visit visited ring rang phone phoned tell told ask asked him her them me you we
    us he she they my his their our the and but so too all really soo good need needs want wants
    wanted please miss missed missing sorry hello hey hi yes no not never love loved feel
    feeling night tonight today right now just still ever even very well will would should could
    can cannot kill killed die dying dead life live living alive anymore anyone someone everyone
    goodbye bye sleep ugh omg lol help happy birthday sad crying cry drunk wasted high wanna
    going gonna about think thinking tempted maybe stop says said
    """
)

# --- regex pieces -------------------------------------------------------------------------
# All patterns run on normalised text: lower case, single spaces, punctuation as tokens.

# People who are not the ex. Contact with them is `none`.
FEMALE_OTHERS = (
    r"mom|sister|aunt|grandma|grandmother|nana|granny|daughter|stepmom|niece|girlfriends"
)
MALE_OTHERS = r"dad|brother|uncle|grandpa|grandfather|son|stepdad|nephew"
OTHER_PEOPLE = (
    r"(?:mom|dad|parents?|family|sister|brother|siblings?|cousin|aunt|uncle|grandma|"
    r"grandpa|grandmother|grandfather|nana|granny|friends?|best friend|therapist|"
    r"counsel+or|doctor|dr|gp|nurse|psychiatrist|psychologist|boss|manager|coworkers?|"
    r"co workers?|colleagues?|landlord|roommates?|flatmates?|teacher|professor|coach|"
    r"pastor|priest|kids?|son|daughter|children|dentist|vet|lawyer|mentor|neighbou?r|"
    r"team|group chat|gc|sponsor|work|office|hr|bank|school|hotline|helpline|crisis line|"
    r"support group|new (?:boyfriend|girlfriend|guy|girl|partner)|date|match|crush|tinder|"
    r"plumber|stepmom|stepdad|niece|nephew|partner's|mutuals?)"
)

# How the ex is named. "her" in object position is checked separately for "her mom".
EX_NOUN = (
    r"(?:ex|ex (?:boyfriend|girlfriend|wife|husband|partner|fiance|fiancee|bf|gf|lover)|"
    r"former (?:partner|boyfriend|girlfriend)|old flame|"
    r"(?:boyfriend|girlfriend|husband|wife|partner|fiance|fiancee)|xname)"
)
EX_REF = rf"(?:him|her|them|(?:my|the|our) {EX_NOUN}|ex|xname)"
EX_POSS = r"(?:his|her|their|(?:my|the) ex's|ex's|xname's|(?:my|the) ex s|xname)"

# Where someone can be watched.
PLATFORM = (
    r"(?:instagram|facebook|twitter|tiktok|snapchat|snap|snap map|stories|story|profile|"
    r"page|socials|social media|accounts?|posts?|pics|pictures|photos|feed|spotify|"
    r"playlists?|linkedin|location|last seen|online status|whatsapp|status|highlights|"
    r"following|followers|likes|activity|tweets|new (?:girlfriend|boyfriend|gf|bf)'?s? "
    r"(?:instagram|profile|page)|vsco|bereal|reels|grid|strava|venmo|life360)"
)

# Verbs of contact, in base form ("want to text"), past ("texted") and -ing ("texting").
CONTACT_BASE = (
    r"(?:text|call|ring|phone|message|dm|email|snap|snapchat|facetime|whatsapp|voicemail|"
    r"voice note|voice message|voicenote|"
    r"contact|write to|write|talk to|speak to|reply to|respond to|answer|unblock|follow|"
    r"refollow|add|visit|see|meet up with|meet|hit up|hit me up|tell|ask|beg|apologi[sz]e to|"
    r"send|go see|go over to|drunk text|drunk dial|drunk call|stalk|check on|look up|"
    r"google|facebook|hug|kiss|sleep with|hook up with|get back with|go back to|"
    r"get in touch with|reach out to|reconnect with|confront|congratulate|invite|"
    r"vent to|say hi to|say hello to|say happy birthday to|say sorry to|talk with|"
    r"catch up with|hang out with|check up on|reply|answer)"
)
CONTACT_PAST = (
    r"(?:texted|called|rang|phoned|messaged|dmed|emailed|snapped|snapchatted|facetimed|"
    r"voice noted|voice messaged|voicenoted|"
    r"whatsapped|voicemailed|contacted|wrote to|wrote|talked to|spoke to|replied to|"
    r"responded to|answered|unblocked|followed|refollowed|added|visited|saw|met up with|"
    r"met|hit up|told|asked|begged|apologi[sz]ed to|sent|went to see|went over to|"
    r"drunk texted|drunk dialed|drunk dialled|drunk called|stalked|checked on|looked up|"
    r"googled|facebooked|hugged|kissed|slept with|hooked up with|got back with|"
    r"went back to|got in touch with|reached out to|reconnected with|confronted|"
    r"congratulated|invited|vented to|said hi to|said hello to|said happy birthday to|"
    r"said sorry to|talked with|caught up with|hung out with|checked up on)"
)
CONTACT_ING = (
    r"(?:texting|calling|ringing|phoning|messaging|dming|emailing|snapping|snapchatting|"
    r"voice noting|voice messaging|voicenoting|"
    r"facetiming|whatsapping|contacting|writing to|writing|talking to|speaking to|"
    r"replying to|responding to|answering|unblocking|following|refollowing|adding|"
    r"visiting|seeing|meeting up with|meeting|hitting up|telling|asking|begging|"
    r"apologi[sz]ing to|sending|going to see|going over to|drunk texting|"
    r"drunk dialing|drunk dialling|drunk calling|stalking|checking on|looking up|"
    r"googling|hugging|kissing|sleeping with|hooking up with|getting back with|"
    r"going back to|getting in touch with|reaching out to|reconnecting with|confronting|"
    r"congratulating|inviting|venting to|saying hi to|saying hello to|"
    r"saying happy birthday to|talking with|catching up with|hanging out with)"
)

# Watching: looking at the ex's profile, stories, location.
WATCH_BASE = (
    r"(?:look at|check|stalk|watch|view|see|scroll|scroll through|go through|open|peek at|"
    r"creep on|lurk on|look through|look up|go on|get on|go onto)"
)
WATCH_PAST = (
    r"(?:looked at|checked|stalked|watched|viewed|saw|scrolled|scrolled through|went through|"
    r"opened|peeked at|crept on|creeped on|lurked on|looked through|looked up|went on|got on|"
    r"went onto)"
)
WATCH_ING = (
    r"(?:looking at|checking|stalking|watching|viewing|seeing|scrolling|scrolling through|"
    r"going through|opening|peeking at|creeping on|lurking on|looking through|looking up|"
    r"going on|getting on)"
)

_HIS = r"(?:his|her|their|xname's)"
_PLACE = r"(?:place|house|home|door|work|job|office|apartment|flat|dorm|gym|building)"
_ASKED_ABOUT = (
    r"(?:\w+ ){0,3}?(?:about (?:him|her|them)|how (?:he|she|they)|if (?:he|she|they)|"
    r"what (?:he|she|they)|whether (?:he|she|they)|for (?:his|her|their) (?:number|new))"
)
# Fishing through their circle: "texting his mum to ask how everyone is, and maybe she'll
# mention him".
_FISHING = r"(?:\S+ ){0,12}?(?:mention (?:him|her|them)|news (?:of|about) (?:him|her|them))"
_SOME_OF = (
    r"(?:(?:one|all|some|each|every one|every single one|a few|two|three|four|five|several|"
    r"most|a couple|loads|lots|a bunch|half) of )?"
)
_FRIENDS = (
    rf"(?:{_HIS}|our|mutual|our mutual) (?:\w+ )?(?:friends?|best friend|mom|mum|dad|sister|"
    r"brother|family|cousin|roommates?|flatmates?|housemates?|mates?|coworkers?|colleagues?|"
    r"parents|bestie|boss)"
)

# The -ing form of asking their circle about them: "thinking about texting his mum to ask".
CONTACT_IDIOM_ING = (
    rf"(?:asking|texting|messaging|calling|dming|ringing|emailing) {_FRIENDS} "
    rf"(?:{_ASKED_ABOUT}|{_FISHING})|"
    rf"(?:swinging|popping|dropping|nipping|stopping|going|heading|coming) (?:by|round|over|past|"
    rf"over to|round to|to) {_HIS} (?:\S+ )?{_PLACE}\b|"
    rf"(?:leaving|dropping|sending|posting) (?:him |her |them )?(?:something|flowers|a (?:\w+ )?"
    r"(?:note|letter|card|gift|present|bouquet|package|parcel)|some flowers) (?:on|at|in|"
    rf"outside|under|by|to) {_HIS} (?:\w+ )?(?:windscreen|windshield|car|door|doorstep|desk|"
    r"locker|mailbox|letterbox|porch|bike|office|work|house|place|flat|home|address)\b"
)

# Whole phrases that already say "contact the ex", in base form and in the past.
CONTACT_IDIOM_BASE = (
    r"(?:(?:break|end) (?:no contact|the no contact|nc|my no contact|my streak)|reach out|"
    r"get (?:back )?in touch|slide into (?:his|her|their) dms|hit (?:him|her|them) up|"
    r"drunk (?:text|dial|call)|send (?:the|that|this|my) (?:text|message|email|letter|dm)|"
    r"hit send|press send|make (?:the|that) call|unblock (?:his|her|their) number|"
    rf"show up at {_HIS} {_PLACE}|go (?:over )?(?:to|by) {_HIS} {_PLACE}|"
    # "swing by his mum's place", "pop round to her new flat", "go to his gig"
    rf"(?:swing|pop|drop|nip|head|stop|go|come) (?:by|round|over|past|over to|round to|to) "
    rf"{_HIS} (?:\S+ )?{_PLACE}\b|"
    rf"(?:go|turn up|show up|come) (?:to|at) {_HIS} (?:\w+ )?(?:gig|show|concert|game|match|"
    r"party|birthday|graduation|exhibition|performance|recital|leaving do|race)\b|"
    rf"(?:leave|post|drop) (?:a|an) (?:\w+ )?(?:comment|reply|like|heart|emoji) (?:on|under) "
    rf"{_HIS}|"
    # Things left or sent: "leaving something on her windscreen", "send flowers to her office"
    rf"(?:leave|drop|send|post) (?:him |her |them )?(?:something|flowers|a (?:\w+ )?(?:note|"
    r"letter|card|gift|present|bouquet|package|parcel)|some flowers) (?:on|at|in|outside|under|"
    rf"by|to) {_HIS} (?:\w+ )?(?:windscreen|windshield|car|door|doorstep|desk|locker|mailbox|"
    r"letterbox|porch|bike|office|work|house|place|flat|home|address)\b|"
    r"send (?:him|her|them|xname) (?:some )?(?:flowers|a (?:\w+ )?(?:gift|present|card|package|"
    r"parcel|bouquet))\b|"
    r"give (?:it|this|that|the (?:\w+ )?(?:present|gift|card|letter|ring|necklace|book|stuff|"
    r"things)) (?:back )?to (?:him|her|them|xname|my ex)\b|"
    r"give (?:him|her|them|xname) (?:back )?(?:the|a|my|his|her|their|this|that) (?:\w+ )?"
    r"(?:present|gift|card|letter|ring|stuff|things|hoodie|jumper|keys)\b|"
    rf"(?:reply|respond) (?:\S+ ){{1,3}}?to {_HIS} (?:\w+ )?(?:announcement|news|post|story|"
    r"tweet|status|message|text|email)s?\b|"
    rf"(?:drive|walk) (?:by|to|past) {_HIS} {_PLACE}|stop by {_HIS} {_PLACE}|"
    rf"(?:ask|text|message|call|dm) {_FRIENDS} {_ASKED_ABOUT}|"
    rf"(?:ask|text|message|call|dm|ring|email) {_FRIENDS} {_FISHING}|"
    r"(?:hear|see) (?:his|her|their) (?:voice|face)|hear from (?:him|her|them|xname|my ex)\b|"
    r"knock on (?:his|her|their|xname's) door|wish (?:him|her|them|xname) (?:a )?(?:happy|merry|"
    r"good luck|"
    r"well|the best|luck)|"
    r"send (?:a |my )?(?:happy birthday|birthday wishes|merry christmas|happy new year|"
    r"congratulations|congrats)|"
    r"say (?:hi|hello|hey|sorry|happy birthday|goodbye|congrats)\b(?! to (?:my|a|the|some) )|"
    rf"(?:reply|respond) to {_HIS} (?:text|message|email|story|dm|snap)s?|"
    rf"accept {_HIS} (?:friend |follow )?request|"
    rf"answer {_HIS} (?:call|text|message|facetime)s?|"
    rf"(?:like|comment on|react to|reply to|heart|view|watch) {_SOME_OF}{_HIS} "
    r"(?:new |latest |last |old )?(?:profile |cover |display |insta |ig |fb |tiktok )?"
    r"(?:post|pic|picture|photo|story|stories|tweet|status|reel|"
    r"video)s?|"
    rf"search (?:for )?{_HIS} (?:full )?name\b)"
)
CONTACT_IDIOM_PAST = (
    r"(?:knocked on (?:his|her|their|xname's) door|wished (?:him|her|them|xname) (?:a )?(?:happy|"
    r"merry|good luck|well|the best|luck)|"
    r"broke (?:no contact|the no contact|nc|my no contact|my streak)|"
    rf"showed up at {_HIS} {_PLACE}|went (?:over )?(?:to|by) {_HIS} {_PLACE}|"
    rf"(?:swung|popped|dropped|nipped|headed|stopped|went|came) (?:by|round|over|past|over to|"
    rf"round to|to) {_HIS} (?:\S+ )?{_PLACE}\b|"
    rf"(?:went|turned up|showed up|came) (?:to|at) {_HIS} (?:\w+ )?(?:gig|show|concert|game|"
    r"match|party|birthday|graduation|exhibition|performance|recital|leaving do|race)\b|"
    rf"(?:left|posted|dropped) (?:a|an) (?:\w+ )?(?:comment|reply|like|heart|emoji) (?:on|under) "
    rf"{_HIS}|"
    rf"(?:left|dropped|sent|posted) (?:him |her |them )?(?:something|flowers|a (?:\w+ )?(?:note|"
    r"letter|card|gift|present|bouquet|package|parcel)|some flowers) (?:on|at|in|outside|under|"
    rf"by|to) {_HIS} (?:\w+ )?(?:windscreen|windshield|car|door|doorstep|desk|locker|mailbox|"
    r"letterbox|porch|bike|office|work|house|place|flat|home|address)\b|"
    r"sent (?:him|her|them|xname) (?:some )?(?:flowers|a (?:\w+ )?(?:gift|present|card|package|"
    r"parcel|bouquet))\b|"
    r"gave (?:it|this|that|the (?:\w+ )?(?:present|gift|card|letter|ring|necklace|book|stuff|"
    r"things)) (?:back )?to (?:him|her|them|xname|my ex)\b|"
    rf"(?:drove|walked) (?:by|to|past) {_HIS} {_PLACE}|stopped by {_HIS} {_PLACE}|"
    rf"(?:asked|texted|messaged|called|dmed) {_FRIENDS} {_ASKED_ABOUT}|"
    r"slid into (?:his|her|their) dms|hit (?:him|her|them) up|"
    rf"(?:replied|responded) to {_HIS} (?:text|message|email|story|dm|snap)s?|"
    rf"answered {_HIS} (?:call|text|message|facetime)s?|"
    rf"(?:liked|commented on|reacted to|replied to|hearted|viewed|watched) {_SOME_OF}{_HIS} "
    r"(?:new |latest |last |old )?(?:profile |cover |display |insta |ig |fb |tiktok )?"
    r"(?:post|pic|picture|photo|story|stories|tweet|status|reel|"
    r"video)s?|"
    rf"searched (?:for )?{_HIS} (?:full )?name\b|"
    # "I went to the cafe where he works"
    r"(?:went|showed up|headed|drove|walked|turned up|popped) (?:in )?(?:to|at) (?:the )?"
    r"(?:\w+ ){1,2}?(?:where|that) (?:he|she|they|xname|my ex) (?:always |usually |still )?"
    r"(?:goes|works|hangs out|lives|drinks|studies|eats|trains|plays|was|would be)\b|"
    r"(?:checked|looked|saw) (?:if|whether) (?:he|she|they) (?:was|were|is|are|had|has|"
    r"posted|viewed|liked|changed)|"
    # "I checked who she follows now", "looked up where he works now"
    r"(?:checked|looked up|looked at|looked into|found out) (?:who|what|where|when) "
    r"(?:he|she|they|xname|my ex) (?:\w+ )?(?:follows|followed|is following|was following|"
    r"likes|liked|posted|posts|is dating|is seeing|is with|was with|works|lives|is doing|"
    r"was doing|listens|listened|is listening|was listening|hangs out|went|goes)|"
    r"(?:replied|responded|answered|texted back|wrote back|called back|picked up))"
)
