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
_FEEL = r"(?:want|wanna|wish|going|ready|about|trying|plan|planning|praying|pray|wanted|wants)"

# (rule name, pattern). Patterns run on normalised sentences (see normalise.py).
_PATTERNS: Sequence[tuple[str, re.Pattern[str]]] = [
    (
        # A wish, plan or weariness followed closely by dying or not being alive: covers the
        # many ways of saying it that no fixed phrase list can ("I really just want to stop
        # being alive", "I'd be better off not waking up", "I want to jump off my balcony").
        "crisis:composed",
        re.compile(
            r"\b(?:want|wanna|wish|hope|rather|ready|going to|gonna|thinking about|thinking of|"
            r"think about|planning|plan|scared i will|afraid i will|urge to|deserve to|about to|"
            r"might|longing|craving|praying|better off) (?:\w+ ){0,3}?"
            r"(?:die|dying|be dead|being dead|death)"
            r"(?: (?:again|anymore|any more|any longer|tomorrow|tonight|forever|ever again))? ?"
            r"(?:[.!,]|$|(?:and|but|because|i|so|honestly|lol|tbh)\b)|"
            r"\b(?:tired of|sick of|stop|rather not|better off not|exhausted from|want to stop|"
            r"wanna stop) (?:\w+ ){0,3}?"
            r"(?:being alive|be alive|staying alive|stay alive|existing|exist|waking up|wake up|"
            r"living|live|breathing)"
            r"(?: (?:again|anymore|any more|any longer|tomorrow|tonight|forever|ever again))? ?"
            r"(?:[.!,]|$|(?:and|but|because|i|so|honestly|lol|tbh)\b)|"
            r"\b(?:thinking about|thought about|think about|thinking of) (?:just )?jumping ?"
            r"(?:[.!,]|$|off|from)|"
            r"\b(?:want|wanna|going to|gonna|about to|ready to|thinking about|thinking of|might|"
            r"could|should) (?:\w+ ){0,2}?(?:jump|jumping) (?:off|from) (?:my|the|a|this|that) "
            r"(?:balcony|bridge|building|roof|window|ledge|cliff|overpass|car park|parking)|"
            r"\b(?:do|doing|did) something (?:stupid |drastic |bad )?to myself\b|"
            r"\b(?:have|got|bought|keep|kept|looking at) (?:a|the|my) (?:rope|noose)\b"
        ),
    ),
    (
        "crisis:means-or-farewell",
        re.compile(
            r"\b(?:staring|looking|stare|look) at (?:the|my|a|these|those) (?:bottle of |pile of )?"
            r"(?:pills|meds|tablets|rope|knife|blade|razor)\b|"
            r"\b(?:the|my|these|those|all the) (?:pills|meds|tablets|knife|blade|razor) (?:are |"
            r"is )?"
            r"(?:in my hand|in front of me|next to me|ready)\b|"
            r"\b(?:time for me to|i am going to|i should|ready to|"
            r"want to) (?:just )?go (?:for good|"
            r"forever|away forever|away for good)\b|"
            r"\b(?:do not|no longer|never) want to (?:be|live|stay|exist) (?:on|in) this (?:planet|"
            r"world|earth)\b|"
            r"\b(?:only|one) (?:way out|option|choice|escape|solution) (?:is|left is) (?:to die|"
            r"death|"
            r"dying|suicide|to end it|to kill myself)\b|"
            r"\bdisappear and (?:not|never) come back\b|"
            r"\bif i (?:died|die|disappeared|was gone|were gone|killed myself|was not here|"
            r"jumped|jump|did it|do it|went through with it|overdosed)\b.{0,40}"
            r"\b(?:nobody|no one|noone|anyone|who would)\b|"
            r"\b(?:nobody|no one|noone) would (?:even )?(?:care|notice|miss me)\b.{0,20}\bif i "
            r"(?:died|disappeared|was gone|were gone)\b|"
            r"\b(?:going to|gonna|about to) do it\b.{0,20}\b(?:goodbye|bye everyone|"
            r"sorry everyone)|"
            r"\b(?:my|the only|my only|his|her) reason (?:to live|for living|to keep going|to stay "
            r"alive)\b|"
            r"\b(?:relieved|glad|fine|okay|ok) (?:if|when) i (?:was|were|am) (?:gone|dead|not here|"
            r"not around)\b|"
            r"\b(?:die|pass away) in my sleep\b"
        ),
    ),
    (
        "crisis:intent-to-die",
        re.compile(
            r"\b(?:want|wanna|thinking of|thinking about|going to|gonna|about to|plan to|planning "
            r"to|planning on|ready to|might) (?:just )?(?:overdos\w*|od|kill myself|hang myself|"
            r"end "
            r"my life|take my life)\b"
        ),
    ),
    (
        # Passive wishes, plans, finality and self-harm slang, written from batch 6.
        "crisis:passive-or-plan",
        re.compile(
            r"\b(?:would not|wouldn't) (?:mind|care) if (?:i|a \w+|something|someone|a car|a bus)"
            r" (?:\w+ ){0,3}?(?:hit me|killed me|died|crashed|did not wake|happened to me|"
            r"ran me over)|"
            r"\bif i (?:got|get) (?:in |into |hit by )?(?:a |an )?(?:car )?(?:crash|accident|car|"
            r"bus|"
            r"truck)\b.{0,40}\b(?:would not|wouldn't|not) (?:care|mind)\b|"
            r"\bhope (?:something|anything) (?:bad |terrible )?happens to me\b|"
            r"\b(?:researching|researched|looked up|looking up|planned|planning|know exactly|"
            r"figured out|decided|thinking about|know) (?:how|when|where) (?:i would|i will|"
            r"i am going "
            r"to|to|i could) (?:do it|end it|die|go through with it)\b|"
            r"\b(?:picked|chosen|chose|set) (?:a|the) date ?(?:[.!,]|$)|"
            r"\b(?:i have|i) made my peace\b(?! with (?:the|our|my|his|her|him|it being|the fact|"
            r"being|losing))|"
            r"\b(?:my )?last (?:message|post|text|words) (?:to|for) (?:anyone|everyone|you all|the "
            r"world|all of you|everybody)\b|"
            r"\b(?:will not|won't) be (?:a problem|a burden|bothering anyone|in anyone's way)"
            r"(?: (?:for|to) (?:anyone|anybody|everyone|you all))? (?:soon|much longer|for long|"
            r"after tonight|after today|anymore soon)\b|"
            r"\b(?:be around|be here|be alive|make it) (?:for |to see |until |till )?(?:christmas|"
            r"xmas|new year|my birthday|next (?:year|month|week)|the new year|tomorrow|the weekend|"
            r"much longer|another year|summer|spring|winter|the end of the (?:week|month|year))\b|"
            r"\b(?:relapsed|relapse|relapsing) (?:on|with|into) (?:sh|self harm|cutting|self "
            r"harming)\b|\bsh (?:again|relapse|urges?|scars?)\b|\b(?:did|do|doing|been doing) sh\b|"
            r"\b(?:having|have|had|passive|active|with|struggling with|dealing with|"
            r"keep having) si\b|"
            r"\bsi (?:thoughts|again|urges)\b|"
            r"\b(?:kil|kll|kiil|kilk) (?:my ?self)\b|"
            r"\b(?:want|wanna|wish|going|gonna|ready|need) (?:to|2) (?:just )?(?:dye|die) ?"
            r"(?:[.!,]|$)|"
            r"\b(?:can not|cannot) see myself (?:living|being alive|alive|being here|making it) "
            r"(?:past|beyond|through|until|to|much longer|another)\b|"
            r"\b(?:death|dying|suicide) (?:seems|feels|is|looks) like (?:the|my) (?:only|best|"
            r"easiest) (?:way out|option|answer|choice|escape)\b|"
            r"\b(?:living|being alive|existing) (?:hurts|is too|feels too)\b|"
            r"\blife (?:is|feels) unbearable\b|"
            r"\bwhy (?:am|do) i (?:even |still )?(?:alive|exist|bother living|keep living|still "
            r"alive|even alive)\b|"
            r"\b(?:imagining|imagine|picturing|planning|thinking about|think about) my (?:own )?"
            r"funeral\b|"
            r"\b(?:walk|walking|walked|drive|driving|step|stepping) (?:into|in front of) (?:the )?"
            r"(?:ocean|sea|lake|river|traffic|a train|a bus|a truck|oncoming)\b|"
            r"\b(?:stood|standing|was|sat|sitting) (?:on|at) (?:the|a) (?:bridge|roof|ledge|edge|"
            r"cliff|tracks)\b.{0,40}\b(?:thought about (?:it|jumping)|almost jumped|wanted to jump|"
            r"considered (?:it|jumping)|nearly jumped)|"
            r"\bnothing left for me (?:here|in this world|anymore|in life)\b|"
            r"\bnothing left for me ?(?:[.!,]|$)|"
            r"\b(?:can not|do not|no longer) see (?:a|any) way forward\b"
            r"(?! (?:with|for us|for the|in (?:the|this|our) relationship)\b)|"
            r"\btime (?:for me to|i|to) (?:end|ended|finish|finished) (?:it all|everything|my life|"
            r"it for good)\b|"
            r"\b(?:going to|gonna|want to|wanna|about to|need to|urge to) cut (?:tonight|again|"
            r"myself)\b|"
            r"\b(?:sitting|lying|standing|here) (?:here |in my room |in bed )?with (?:a|the|my) "
            r"(?:knife|blade|razor|gun|pills|rope)\b|"
            r"\b(?:want|wanna|going|gonna|ready) to (?:just )?end (?:everything|it all|my life)\b"
            r"(?! (?:between|with))"
        ),
    ),
    (
        # Written from batch 7: terse and non-native wording.
        "crisis:plain-words",
        re.compile(
            r"\b(?:want|wanna|wish|going|gonna|ready|need) (?:to )?(?:be )?dead\b(?! (?:serious|"
            r"tired|inside|wrong|right))|"
            r"\b(?:want|wanna|going|gonna|ready|need) to (?:just )?(?:finish (?:it|my life|"
            r"everything)|go away from this (?:life|world)|leave this (?:life|world|earth))\b|"
            r"\b(?:my )?life (?:has |have |is )?no (?:meaning|purpose|point|sense)\b"
            r"(?! without (?!him|her|them|xname|my ex|you)\w+)|"
            r"\b(?:what if|maybe) i (?:just )?(?:ended|end) it(?: all)? ?(?:[?.!,]|$)|"
            r"\b(?:written|wrote|writing|write|left) (?:my )?(?:goodbye|farewell|suicide) "
            r"(?:letters|notes)\b|\b(?:goodbye|farewell) (?:letter|note) to (?:my family|everyone)|"
            r"\b(?:because|since|as|cause) i (?:will not|won't|am not going to) be (?:here|around|"
            r"alive)\b|"
            r"\b(?:want to|wanna|going to) go where (?:he|she|they) (?:is|are|went)\b|"
            r"\b(?:losing|lost|lose|have no|no|zero|without) (?:the |my |all |any )?will to live\b|"
            r"\b(?:do not|don't) (?:even )?care (?:if|whether) i (?:live or die|die|wake up)\b|"
            r"\b(?:cutting|self harm|self harming|hurting myself|burning myself) (?:is|helps|makes "
            r"me feel|is the only)\b|"
            r"\b(?:take|swallow|took|swallowed|taking) (?:every|all the|all my|all of my|"
            r"all of the) "
            r"(?:pill|pills|meds|tablets)\b"
        ),
    ),
    (
        "crisis:off-myself",
        re.compile(r"\b(?:i|to|gonna|going to|want to|will|might|should|just) off myself\b"),
    ),
    (
        "crisis:indirect-2",
        re.compile(
            r"\b(?:see|know) why i (?:should|would) (?:keep going|go on|keep living|stay|live|be "
            r"here|bother|stay alive)\b|"
            r"\bwhy (?:should|would) i (?:keep going|go on|keep living|even bother living|stay "
            r"alive|be alive)\b|"
            r"\bif i (?:just |simply )?(?:was not|were not|am not|was no longer|were no longer) "
            r"(?:here|around|alive|in the picture|on this earth)\b|"
            r"\b(?:everyone|everybody|people|they|my family|family|the world|my kids|my friends) "
            r"(?:would|will|could) (?:\w+ )?(?:be )?(?:fine|okay|happier|better|easier) "
            r"(?:off )?without me\b|"
            r"\b(?:driv\w*|drove|crash\w*) (?:my car )?(?:off (?:the road|a bridge|a cliff)|"
            r"into (?:a tree|a wall|traffic|oncoming|a truck))|"
            r"\b(?:scared|afraid|terrified) of myself\b|\b(?:do not|can not) trust myself "
            r"(?:tonight|right now|alone)\b|"
            r"\bwish (?:i|that i) (?:was not|were not|did not|had not|had never) (?:alive|here|"
            r"born|"
            r"exist|been born|existed)\b|"
            r"\b(?:want|wanna|going|ready) to stop (?:living|breathing)\b|"
            r"\b(?:too hard|impossible|pointless) to (?:keep living|go on|keep going|stay alive)\b|"
            r"\bplan(?:ning|ned)? (?:my|out my) (?:own )?(?:funeral|death|suicide|exit)\b|"
            r"\bend (?:my|this) pain (?:forever|for good|permanently)\b|"
            r"\b(?:having|have|had|get|getting|been having) (?:\w+ )?dark thoughts\b|"
            r"\b(?:want|wanna|urge|need|feel like|itching) (?:to )?(?:cut|cutting)(?: again)? "
            r"?(?:[.!,]|$)|"
            r"\b(?:i am|am) (?:on|at) (?:the|a) (?:bridge|roof|ledge|edge of a|cliff)\b"
            r"(?! (?:\w+ ){0,4}?(?:watching|having|with (?:friends|my)|for (?:a|the)|party|bbq|"
            r"drinking|enjoying|taking (?:photos|pictures)|sunbathing|smoking|reading)\b)|"
            r"\bnot (?:going to|gonna) make it (?:through )?(?:tonight|the night|till morning)\b|"
            r"\btell my (?:family|mom|kids|parents|dad|sister|brother) (?:that )?i love (?:them|"
            r"her|him)\b|"
            r"\blast time (?:you|anyone|anybody) (?:will|would) hear from me\b|"
            r"\b(?:join|be with) (?:my )?\w+ in heaven\b|"
            r"\b(?:want|wanna) to (?:just )?vanish ?(?:[.!,]|$)|"
            r"\bi (?:should|could|would|will|might) (?:just )?end it(?: all)? ?(?:[.!,]|$)|"
            r"\bhope i (?:get hit|die|crash|get in an accident|never wake|do not wake)\b|"
            r"\b(?:want|wanna) to (?:just )?(?:be gone|not be here anymore|not be here any more)\b|"
            r"\b(?:no|any) reason for me to (?:be here|live|stay|keep going|be alive|keep living|"
            r"go on|"
            r"exist|wake up)\b|"
            r"\b(?:better|easier) for (?:everyone|everybody|them|my family|all of them) if i\b|"
            r"\brather (?:be dead|die) than (?:feel|feeling|live|living|be alone|go on|keep|deal|"
            r"hurt|be without|wake up)\b|"
            r"\bwrote (?:letters|goodbye letters|notes) to (?:my family|everyone|my kids)\b"
        ),
    ),
    (
        "crisis:indirect",
        re.compile(
            r"\b(?:no|not see (?:a|the|any)|do not see (?:a|the|any)|what is (?:even )?the|"
            r"there is no|"
            r"is there (?:even )?(?:a|any)|cannot see the|can not see the|lost the) (?:point|"
            r"reason|"
            r"will) (?:in |of |to )?(?:me )?(?:living|being alive|life|going on|existing|"
            r"being here|"
            r"waking up|staying alive|carrying on|me being here|live|exist|keep living|stay alive|"
            r"keep going|go on|continue|be alive|get up)\b|"
            r"\b(?:want|wanna|wish|feel like|felt like|feeling like|would rather|ready|hope|pray|"
            r"long|longing) "
            r"(?:to )?(?:just )?(?:dying|die|be dead|being dead|not being alive|not existing|"
            r"not being here|not waking up|never waking up|disappearing forever)\b"
            r"(?! (?:of|from|laughing|inside|alone|on that|for|happy|in|at|before|with|than|over|"
            r"if|when|my|your|her|his|the|it|them)\b)|"
            r"\b(?:can not|do not think i can|not sure i can|do not know if i can|do not know how "
            r"(?:much longer )?i can|unable to|how (?:much longer )?(?:can|do) i) (?:keep living|"
            r"keep going|go on|survive this|live like this|live with this|live with myself|keep "
            r"doing this|keep existing|exist anymore|make it through (?:tonight|the night)|"
            r"hold on (?:much )?(?:any )?longer)\b"
            r"(?! (?:back and forth|dance|cycle|on and off|push and pull|no contact|nc|thing|"
            r"(?:like (?:this|that) )?with (?:him|her|them|xname))\b)|"
            r"\b(?:happier|better|easier|better off) (?:if|when) i (?:was|were|am|am not|was not|"
            r"were not) (?:dead|gone|not here|not around|not alive|never born)\b|"
            r"\bif i (?:was|were) (?:dead|gone forever|never born)\b|"
            r"\b(?:think|thinking|thought|dream|dreaming|fantasi[sz]e|fantasi[sz]ing|hope|"
            r"hoping|wish|pray|praying) (?:about |of )?(?:just )?(?:not|never) (?:waking up|"
            r"wake up|being here|existing|being alive|being around)\b|"
            r"\b(?:cut|cutting|burn|burning|burned|scratch|scratched|scratching|hit|hitting|carve|"
            r"carved|carving) (?:into )?my (?:arms?|wrists?|legs?|thighs?|skin|stomach)\b|"
            r"\buntil (?:i|they|it) (?:bled|bleed|bleeds)\b|"
            r"\b(?:going to|gonna|about to|want to|ready to|will) (?:just )?jump(?: off| from)?"
            r" ?(?:[.!,]|$)|"
            r"\b(?:take|taking|took|swallow|swallowing|swallowed) (?:them|those|these) all\b|"
            r"\b(?:have|got|saved|hoarded|collected) (?:a lot of |enough |so many |all these )"
            r"(?:pills|meds|tablets)\b|"
            r"\b(?:done|finished)(?: with \w+)? with (?:life|living|existing|being alive|"
            r"this life|this world)\b|"
            r"\b(?:give up|giving up|gave up) on (?:life|living|myself completely|staying alive)\b|"
            r"\b(?:want|wanna|going|gonna|about|ready) to (?:just )?disappear(?: forever| for good|"
            r" completely| and never come back)? ?(?:[.!,]|$)|"
            r"\b(?:end|ending) things (?:for good|permanently|forever|tonight|once and for all)\b|"
            r"\b(?:feel like|want to|wanna|going to|gonna|about to|ready to|thinking about|"
            r"thinking of|might) (?:just )?(?:end|ending) it(?: tonight| now|"
            r" for good)? ?(?:[.!,]|$)|"
            r"\bwaste of (?:space|oxygen|air|life)\b|"
            r"\b(?:the world|nobody|no one|everyone) (?:does not|would not|will not) (?:need|miss) "
            r"me\b|"
            r"\b(?:scared|afraid|terrified) (?:of )?what i (?:might|will|could|am going to) do\b|"
            r"\b(?:say|saying|said) goodbye to (?:everyone|everybody|the world|you all|all of you|"
            r"life)\b|"
            r"\b(?:holding|grabbed|have|got|bought) (?:a|my) (?:knife|blade|razor|gun)\b|"
            r"\b(?:my )?life (?:is|feels) (?:meaningless|pointless|not worth it)\b|"
            r"\bhate (?:being alive|existing|waking up every day)\b|"
            r"\bbetter off (?:not existing|not being here|gone|not alive)\b|"
            r"\b(?:been|started|start|keep|kept) cutting(?: again)? ?(?:[.!,]|$)|\bcut again\b|"
            r"\b(?:will not|won't) (?:have to (?:worry|deal) (?:about|with) me|be a (?:problem|"
            r"burden)) (?:much |for much )?(?:longer|anymore)\b"
        ),
    ),
    (
        "crisis:suicide-word",
        re.compile(
            r"\b(?:suicid(?:e|al|ally)|suicidial|suicidle|suicdal|sucid\w*|sucide|suisid\w*|"
            r"suiside\w*|suecid\w*|kms|unaliv\w*|sewer ?slide|ctb)\b"
        ),
    ),
    (
        "crisis:harm-self",
        re.compile(
            rf"\b(?:kill|killing|killed|hurt|hurting|harm|harming|harmed|cut|cutting|burn|"
            rf"burning|burned|burnt|offing|hang|hanging|hanged|drown|drowning|shoot|"
            rf"shooting|poison|poisoning|starve|starving|end|ending|stab|stabbing|choke|"
            rf"choking|suffocate|overdose|od|hit|hitting|punch|punching|scratch|scratching|slap|"
            rf"slapping|bruise|bruising|strangle|strangling) {_ME}\b"
        ),
    ),
    (
        "crisis:self-harm",
        re.compile(r"\b(?:self ?harm\w*|self (?:injur\w*|mutilat\w*)|sh relapse)\b"),
    ),
    (
        "crisis:end-life",
        re.compile(
            r"\b(?:end|ending) (?:my (?:own )?life|it all|my existence|"
            r"everything for good|my suffering)\b(?! (?:over|about|from|because of) )|\b(?:take|"
            r"taking|took) (?:my (?:own )?life|"
            r"my existence|"
            r"everything for good|my suffering)\b|"
            rf"\b{_FEEL} to (?:just )?end it(?: all| now| tonight| today| for good)? ?(?:[.!?,]|$)|"
            r"\b(?:before|after|then|when|and|so) i (?:just |"
            r"finally )?end it(?: all)?\b(?! (?:with|between))|"
            rf"\b(?:{_FEEL}|gonna) to (?:just )?(?:od|overdose)\b|"
            r"\bwant (?:it all|everything|all of it|all of this|my life|life|the pain|"
            r"it) to (?:end|stop|be over)"
            r"(?: forever| for good| permanently)|"
            r"\bwant (?:it all|everything|all of it|my life) to (?:end|stop|be over)\b"
        ),
    ),
    (
        "crisis:want-die",
        re.compile(
            rf"\b(?:{_FEEL}|should|could|would rather|would like to|gonna) (?:just |really |"
            rf"honestly |"
            r"literally |simply )?(?:to )?(?:just |really |simply )?(?:die|be dead|not exist|"
            r"not be alive|stop existing|"
            r"cease to exist|not wake up|never wake up|sleep forever|go to sleep forever|"
            r"disappear forever|disappear for good|vanish forever|be gone forever)\b"
            r"(?! (?:of|from|laughing|inside|alone|on that hill|for|happy|in|at|before|"
            r"with|than|over|if|when|my|your|her|his|the|it|them)\b)"
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
            r"\b(?:do not|no longer|never) (?:think i |really |even |actually |honestly )?want "
            r"to (?:live|be alive|exist|wake up|go on|keep "
            r"living|keep going|continue living|be on this earth|be in this world)\b"
            r"(?! (?:with(?! (?:it|this|the (?:pain|guilt|shame|hurt))\b)|there|here|near|alone|"
            r"together|like that|without regret|on (?!this)|to|"
            r"next|early|up|another|a date|dates|holiday|vacation|trips?|dating|"
            r"in (?:the past|fear|denial|a |an |that|this (?:city|town|house|"
            r"apartment|flat|country)|his|her|their|my|our))\b)|"
            r"\b(?:do not|no longer) want to be here (?:anymore|any more|any longer|in this world|"
            r"on this earth)|"
            r"\b(?:no|zero) (?:reason|point|will) (?:to|in) (?:live|living|go on|going on|"
            r"being alive|keep going|keep living|wake up|waking up|be alive|exist|existing|"
            r"carry on|carrying on|continue living)\b|"
            r"\b(?:do not|can not|no longer) see (?:much |any |a |the )?(?:reason|point) (?:to|in) "
            r"(?:carry on|carrying on|go on|going on|live|living|keep going|continue|continuing|"
            r"stay alive|staying alive|be alive|being alive|wake up|waking up)\b"
            r"(?! (?:with|in|at|here|there)\b)|"
            r"\bnothing (?:left )?to live for\b|"
            r"\blife (?:is not|is no longer|was not|isnt) worth (?:living|it)\b|"
            r"\bnot worth living\b|"
            r"\bwhat is the point (?:of|in) (?:living|life|being alive|going on|existing|"
            r"waking up|anything anymore|it all)\b|"
            r"\b(?:done|tired|sick|exhausted) (?:with|of) (?:living|life|being alive|existing)\b|"
            r"\bdone living\b|\bno way out\b|\bsee no way out\b|"
            r"\bcan not (?:go on|keep going|keep living|live like this|live with this pain|"
            r"live without (?:him|her|them)|(?:take|bear) (?:it|this|the pain|living) (?:anymore|"
            r"any more|any longer|no more)|do this anymore|do this any more|do life|"
            r"keep doing this)\b"
            r"(?! (?:no contact|nc|thing|(?:like (?:this|that) )?with (?:him|her|them|xname)|"
            r"back and forth|dance|cycle|"
            r"on and off|push and pull)\b)"
            r"(?! ?,? (?:so )?(?:i am|i will|i am going to|going to|i need to|time to|i have to) "
            r"(?:blocking|block|deleting|delete|unfollowing|unfollow|muting|mute|leaving|leave|"
            r"moving|move|quitting|quit|telling|tell|breaking|break|ending things|done with "
            r"(?:him|her|them|this|it|xname)))"
        ),
    ),
    (
        "crisis:burden",
        re.compile(
            r"\b(?:everyone|everybody|people|they|family|world|kids|friends|he|she|you all) "
            r"(?:would|will|is|are|would honestly|would probably) (?:be )?(?:so much |much |"
            r"honestly |"
            r"probably )?better (?:off )?without me\b|"
            r"\bbetter off without me\b|\bworld (?:would be|is) better without me\b|"
            r"\bbetter off (?:if|when) i (?:was|were|am|died|disappeared|did not exist|was not|"
            r"were not|was never|had never|left this world|was dead|was gone)\b|"
            r"\b(?:no one|nobody|noone) (?:would|will) (?:even )?(?:miss|care|notice|remember) "
            r"(?:me(?! (?:at|in|if i (?:left|skipped|did not (?:go|come|show))))\b|"
            r"(?:if|when) i (?!(?:left|skipped|missed|went|stayed|changed|wore|cut my|dyed|"
            r"quit|moved|did not (?:go|come|show|post|text))\b))|"
            r"\bwould (?:anyone|anybody) (?:even )?(?:care|notice|miss me) if i\b|"
            r"\bi am (?:just |such |only )?a burden\b|"
            r"\b(?:feel|feeling|felt) like (?:i am |i have been )?(?:just |such |only |"
            r"nothing but )?"
            r"a burden\b|\bburden (?:to|on|for) (?:everyone|everybody|"
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
            r"suicide (?:note|letter)|wrote (?:a|my) (?:note|letter) to (?:my family|"
            r"everyone|my mom|my kids)|stockpil\w+|lethal dose|how many pills|"
            r"painless (?:way|death)(?! to (?:tell|break|say|let|ask|dump|leave|get over|"
            r"move on|end it with|end things with)\b)|ways to (?:die|kill|end it)|"
            r"how to (?:overdose|od|kill myself|hang myself|end my life|end it all|"
            r"die painlessly)|have a plan to(?! (?:get|move|win|stop|heal|be|text|call|see|"
            r"make|start|find|save|pay|fix|tell|talk|leave|go)\b)|"
            r"(?:take|took|taking|swallow|swallowed|swallowing|overdose on|od on|"
            r"down) (?:all (?:of )?|"
            r"a bottle of |a bunch of |a handful of |the whole bottle of |too many |every )"
            r"(?:my |the |these |of my )?(?:pills|meds|medication|sleeping pills|tablets|"
            r"painkillers)|"
            r"\bi (?:overdosed|am overdosing|will overdose|might overdose|tried to overdose)\b|"
            r"jump (?:off|from) (?:a|the|this|that) (?:bridge|building|roof|"
            r"balcony|cliff|ledge)|(?:jump|step|walk) in front of (?:a|the) (?:train|bus|car|"
            r"truck)|"
            r"drive (?:my car )?(?:into|off) (?:a tree|a wall|traffic|oncoming|a cliff|the road)|"
            r"(?:tie|tied|tying|make|made|making|bought|buy|have|got) (?:a|the|my) noose|"
            r"bought (?:a )?(?:rope|gun|razor blades)|standing on (?:the|a) (?:roof|ledge|"
            r"edge of|bridge)(?! (?:\w+ ){0,4}?(?:watching|taking (?:photos|pictures)|with "
            r"(?:friends|my)|for (?:a|the)|enjoying|having|smoking|reading)\b)|"
            r"(?:sleep|go to sleep|fall asleep) and (?:never|not) wake up|"
            r"\b(?:i am|i feel|i do not feel|feel) (?:not )?safe (?:with|around|from) myself|"
            r"\bi am not safe(?: right now| tonight| anymore| alone)? ?(?:[.!,]|$)|"
            r"\b(?:jump|jumping|jumped) (?:off|from) (?:a|the|this|that) (?:bridge|building|roof|"
            r"balcony|cliff|ledge)|slit my (?:wrists?|throat)|razor (?:blade )?to my|blade to my|"
            r"(?:thoughts|thinking|think|thought) (?:of|about) (?:suicide|dying|death|killing|"
            r"ending it|ending my|"
            r"hurting myself|not being here|not being alive)|"
            r"(?:make|made) myself bleed|scars on my (?:arms?|wrists?|thighs?|legs?)|"
            r"(?:started|start|been|am) cutting again|relapsed (?:on|into|with) (?:self|cutting)|"
            r"\bi should not (?:be alive|exist)\b)"
        ),
    ),
    (
        "crisis:third-party-threat",
        re.compile(
            r"\b(?:threaten\w*|said|says|saying|texted|told me) (?:that )?(?:to )?"
            r"(?:(?:he|she|they) (?:will|would|is going to|was going to|might) )?"
            r"(?:kill (?:him|her|them)sel(?:f|ves)|end (?:his|her|their) life|"
            r"hurt (?:him|her|them)sel(?:f|ves)|suicide)|"
            r"\b(?:he|she|they|my ex|xname) (?:is|was|has been|feels|felt|seems|sounded|sounds) "
            r"(?:really |so |very )?suicidal"
        ),
    ),
    (
        # Written from batch 20: a goodbye note with no ex as its reader, a goodbye with thanks,
        # the least painful way to go, and contact as the last act before ending it ("text her
        # and then end it", "call him one last time before I end it").
        "crisis:last-acts",
        re.compile(
            r"\b(?:wrote|written|writing|write|left|leave|leaving|recorded|recording|record|"
            r"drafted|drafting|typed|typing|made|making|finished|finishing|have|got) "
            r"(?:a |my |the |some |all my |one |\w+ )?(?:goodbye|farewell|suicide) (?:letter|note|"
            r"message|video|post|text|email)s?\b"
            r"(?! (?:(?:\w+ ){0,2}(?:to|for|addressed to) )?(?:him|her|them|xname|your|(?:my|the|"
            r"our) (?:ex|boyfriend|girlfriend|husband|wife|partner|relationship|fiance)))"
            r"(?!.*\b(?:never send|not send|not going to send|never sent|unsent|closure|therapist|"
            r"exercise|journal)\b)|"
            r"\b(?:wrote|written|writing|write|left|leave|leaving|recorded|recording|record) "
            r"(?:a |my |some )?(?:final|last) (?:letter|note|video)s? (?:to|for) (?:my (?:family|"
            r"parents|kids|children|mom|mum|dad|sister|brother|friends)|everyone|everybody)\b|"
            r"\b(?:saying|say|said) (?:my )?goodbye ?[,.!]? (?:\w+ ){0,2}?(?:thank you|thanks|"
            r"sorry|i love you|love you|take care) (?:for (?:trying|everything|all|being|"
            r"listening|helping)|all|everyone|of yourself|of yourselves)\b|"
            r"\b(?:saying|say|said) (?:my )?goodbye to (?:everyone|everybody|you all|you guys|"
            r"the world|this world|life|all of you|my family)\b(?! (?:we|that|he|she|they)\b)|"
            r"\b(?:least painful|most painless|quickest|fastest|easiest|quietest|surest|"
            r"most peaceful|peaceful|cleanest|quick and painless|best) (?:way|ways|method|methods) "
            r"(?:to|of) (?:die|dying|end my life|kill myself|killing myself|overdose|od|"
            r"not wake up|check out)\b|"
            r"\b(?:least painful|most painless|quickest|fastest|easiest|quietest|surest|"
            r"most peaceful|peaceful|quick and painless) (?:way|ways|method|methods) (?:to|of) "
            r"(?:go|do it|end it|end it all|end things|end everything|going)"
            r"(?: (?:tonight|now|for good|forever|quickly|for real))? ?(?:[?.!,]|$)|"
            r"\b(?:and then|then|before i|after that i|and after that i) (?:i will |i am going to |"
            r"i am gonna |i want to |i plan to |i can |i will just |just )?"
            r"(?:end it|end it all|end everything|end my life|go through with it)"
            r"(?: (?:tonight|today|for good|forever|once and for all|now|for real))? ?(?:[.!,]|$)"
        ),
    ),
    (
        # Written from batch 21 (voices: teen, older, non-native, terse, religious, British):
        # dialect and slang for the act ("top myself", "do myself in", "finish my life"),
        # means at hand ("got the blade out", "my tablets all at once"), going to the place,
        # a wish to be hit or to waste away, religious farewells, a world without them, and a
        # farewell followed by "now I'm going to do it".
        "crisis:voices",
        re.compile(
            r"\b(?:want|wanna|going to|gonna|thinking of|thinking about|think about|might|plan|"
            r"planning|ready to|could|should|feel like|tempted to|urge to|about to|will|decided "
            r"to|i) (?:to )?(?:just )?(?:go )?(?:(?:top|topping) myself(?! (?:up|off|out)\b)|"
            r"(?:do|doing) myself in\b)|"
            r"\b(?:want|wanna|going to|gonna|thinking|think|thought|planning|plan|decided|ready|"
            r"wish|try|trying) (?:to |of |about )?(?:just )?(?:finish|finishing|end|ending) "
            r"(?:my ?self|my (?:own )?life|my life now|with my life)\b|"
            r"\b(?:got|get|getting|have|had|took|take|taking) (?:the|my|a) (?:blade|blades|razor|"
            r"razors|razor blade|razor blades) out\b|"
            r"\b(?:got|have|took|take|taking) (?:the|my) (?:pills|tablets|meds|knife|rope) out "
            r"(?:again|ready|tonight|now)\b|"
            r"\b(?:take|taking|took|swallow|swallowing|swallowed|down|downing) (?:all )?"
            r"(?:of )?(?:my|the|these|those) (?:tablets|pills|meds|medication|sleeping pills|"
            r"painkillers) (?:all )?(?:at once|in one go|together)\b|"
            r"\b(?:go|going|walk|walking|drive|driving|head|heading) (?:down |out |up )?to "
            r"(?:the|a) (?:train tracks|railway line|railway tracks|railway|train line|tracks|"
            r"cliffs?|cliff edge|rooftop|roof|top floor|top of (?:the|a) (?:building|car park|"
            r"parking garage))(?: \w+)? (?:tonight|now|today|again|one last time|for the last "
            r"time|alone|when everyone is asleep)\b|"
            r"\b(?:wish|hope|want|wanna|pray|praying) (?:that )?(?:i )?(?:would |could |will |"
            r"just |to )?(?:get|got|be|gets) (?:hit|run over|killed|struck) by (?:a|the|some) "
            r"(?:car|bus|truck|train|lorry|drunk driver)\b|"
            r"\b(?:want|wanna|going|trying|try|hope|hoping|until|planning|plan) (?:to |i )?"
            r"(?:just )?(?:waste|wither|rot|starve) away\b|\bstarve (?:myself )?to death\b|"
            r"\b(?:ready to|want to|wanna|going to|time to|time for me to|let me|take me) "
            r"(?:go )?(?:home to|be with|meet|see) (?:the lord|god|jesus|my maker|my creator|"
            r"my saviou?r)\b|"
            r"\b(?:lord|god|jesus),? (?:please )?(?:just )?(?:take me|call me home|let me die|"
            r"let me sleep forever|end my life)\b|"
            r"\b(?:forgive me|sorry|i am sorry|so sorry) (?:\w+ ){0,2}?for what i (?:am about to|"
            r"am going to|am gonna|will|have to|must) do ?(?:[.!,]|$)|"
            r"\b(?:do not|no longer|never) want to (?:live|be|exist|stay) in (?:a|this) world "
            r"(?:without|with no) (?:him|her|them|you|xname)\b|"
            r"\b(?:will not|won't|am not going to) need (?:\w+ ){0,3}?(?:soon|much longer|for "
            r"long|where i am going|after tonight|after today|anymore after)\b|"
            r"\b(?:goodbye|goodbyes|farewell|last (?:message|text|words)|final (?:message|text|"
            r"words)|my note|the note)\b.{0,60}\b(?:going to|gonna|about to|ready to|time to) "
            r"(?:do it|go through with it)\b|"
            r"\b(?:there is no me|i am nothing|i am no one|no point|nothing left|i am done|"
            r"i give up|goodbye)\b.{0,40}\bi am ending it\b(?! with)|"
            r"\b(?:punched|punch|punching|hit|hitting|banged|bang|banging|smashed|smashing) "
            r"(?:my (?:head|fist|hand|hands) (?:against|into|on) )?(?:the|a) (?:wall|mirror|door|"
            r"window)s? (?:\w+ ){0,3}?until (?:my (?:hand|hands|knuckles|fist|head)|i|it) "
            r"(?:broke|bled|was bleeding|were bleeding|bleed|cracked|could not)|"
            r"\bi (?:wanted|want|needed|need) (?:it|myself|me) to hurt\b|"
            # A whole message of a few words: "end it", "done. goodbye", "pills. tonight."
            r"^(?:just )?end it(?: all)?(?: now| tonight| already)? ?[.!]*$|"
            r"^(?:i am |i am so |so |just )?(?:done|finished|out|through) (?:goodbye|bye|"
            r"farewell)(?: (?:everyone|all|forever|world))? ?[.!]*$|"
            r"^(?:the )?(?:pills|rope|blade|razor|bridge|tracks|noose|knife|overdose) "
            r"(?:tonight|now|today|soon|it is)$"
        ),
    ),
    (
        # Written from batch 22 (medium-length messages, questions to the bot): telling someone
        # before doing it, a jump not made but wanted, the wheel turned on purpose, dying asked
        # about as relief, a question about others "asking for me", lying down for good.
        "crisis:scenes",
        re.compile(
            r"\b(?:tell|told|telling|say (?:it )?to) (?:someone|somebody|anyone|anybody|you|one "
            r"person)(?: \w+)? before i (?:do it|go through with it|go|end it|die)\b|"
            r"\b(?:did not|could not|was too scared to) (?:jump|do it|go through with it|"
            r"take them|take the pills|pull the trigger|step off|let go)\b.{0,25}\b(?:but|though)"
            r" (?:i )?(?:really )?(?:wanted|want|almost did|nearly did|still want)\b|"
            r"\b(?:crash|crashing|crashed|wreck|wrecking|drive|driving|swerve|swerving|steer|"
            r"steering) (?:my car |the car |into \w+ )?(?:\w+ )?on purpose\b|"
            r"\b(?:think|thinking|thought|urge|tempted|want|wanted|imagine|imagined) (?:about |"
            r"of |to )?(?:just )?(?:turning|turn|jerking|jerk|yanking|yank|swerving|swerve) "
            r"(?:the )?(?:steering )?wheel\b|"
            r"\b(?:will|would|does|is) it (?:\w+ )?(?:hurt less|stop hurting|be better|be easier|"
            r"stop|end|be over) (?:\w+ )?(?:if|when|once) i (?:die\b|(?:am|was|were) (?:dead\b|"
            r"gone(?= ?(?:[?.!,]|$| forever| for good))))|"
            r"^(?=.*\b(?:take (?:their|his|her|your|my) own life|kill (?:themselves|himself|"
            r"herself|yourself|myself)|commit(?:ting)? suicide|suicide|end (?:their|your|my) "
            r"(?:own )?life)\b).*\basking for (?:me|myself)\b|"
            r"\b(?:lie|lay|lying|laying) down and (?:never|not) (?:get up|wake up|get back up)\b|"
            r"\bclose my eyes and (?:never|not) (?:open them|wake up)\b|"
            r"\b(?:stood|was standing|stand) on (?:the|a) (?:bridge|ledge|roof|edge)\b"
            r"(?! (?:\w+ ){0,4}?(?:watching|taking (?:photos|pictures)|with (?:friends|my)|"
            r"for (?:a|the) (?:photo|picture|view)|enjoying|having|smoking|reading)\b)"
            r"(?=.{0,60}\b(?:long time|thinking|jump|edge|looking down|wanted|for ages|hours)\b)"
        ),
    ),
    (
        # Written from batch 24 (oblique, longer messages): no plans past next week, "won't
        # need to", reading what too many pills do, relief at a terminal diagnosis, who gets
        # my things, how easy it would be at the cliffs, agreeing with someone who wished me
        # dead, wanting to crash the car, "tonight's the night" with thanks, a stated plan,
        # how high a fall has to be, hoping not to survive the night.
        "crisis:oblique-2",
        re.compile(
            # batch 26: how the family would cope, not seeing oneself older, how easy a fall
            # would be, not coming back up, not caring if I crash, means kept and checked, the
            # pets provided for, no longer afraid of dying, already gone, letters for after,
            # walking into the water, seeing myself hanging, meds saved up.
            r"\bhow (?:my (?:family|kids|parents|mum|mom|dad|friends|sister|brother)|everyone|"
            r"people) would (?:cope|manage|take it|deal with it|get on|be)\b(?! (?:with|if (?:i|"
            r"we) (?:moved|left|split|divorced|broke|got|went)))|"
            r"\b(?:they|everyone|my family|people|my kids|my parents) would (?:be okay|be fine|"
            r"be alright|cope|get over it|move on|manage) (?:after a while|eventually|in time|"
            r"without me|soon enough|after a bit)\b|"
            r"\b(?:do not|can not|never|could never) see myself (?:getting older|growing old|"
            r"being old|grow old|get older|reaching \w+|turning \w+|in (?:\w+ )?(?:years|"
            r"a year))\b(?! with)|"
            r"\bhow (?:easy|quick|simple) it would be to (?:fall|jump|step (?:off|out|in front|"
            r"forward)|let go|slip|drive off|swerve|go under|not wake up|end it|disappear)\b|"
            r"\b(?:think|thinking|thought|imagine|imagining) (?:about |of )?(?:not coming back "
            r"up|not coming up|staying under|going under and (?:not|never)|not surfacing|slipping "
            r"under)\b|"
            r"\b(?:not caring|do not care|does not matter|would not care|would not mind|not even "
            r"caring) (?:if|whether) i (?:crash|crashed|die|died|live or die|get hurt|get hit|do "
            r"not wake up|do not make it|wake up|make it home)\b(?! alone| single| without)|"
            r"\b(?:pills|tablets|rope|blade|razor|razors)\b.{0,60}\bcheck (?:that |if )?(?:they are"
            r"|they're|it is|it's) still there\b|"
            r"\bmade sure (?:my|the) (?:cat|dog|cats|dogs|pets?|kids|children|plants|rabbit|fish) "
            r"(?:will be|would be|are|is|get|gets|will get) (?:looked after|taken care of|cared "
            r"for|rehomed|sorted)\b|"
            r"\b(?:no longer (?:scared|afraid|frightened) of (?:dying|death)|not (?:scared|afraid|"
            r"frightened) of (?:dying|death) (?:anymore|any more|now))\b|"
            r"\b(?:feel|feels|felt) like i am already (?:gone|dead(?! inside| tired))\b|"
            r"\bmy body (?:just )?(?:has not|hasn't) caught up\b|"
            r"\b(?:letters?|notes?|messages?|videos?)\b.{0,60}\bfor (?:after ?(?:[.!,]|$)|when i "
            r"am (?:gone|not here)|afterwards ?(?:[.!,]|$))|"
            r"\b(?:walk|walking|wade|wading|swim|swimming) (?:in|into (?:the )?(?:sea|river|water|"
            r"lake|ocean|waves)|out) and (?:not|never) (?:stopping|stop|coming back|come back|"
            r"coming out|turning back)\b|"
            r"\b(?:see|picture|imagine|visualise|visualize|seeing|picturing|imagining) myself "
            r"(?:hanging|dead|jumping|falling from|in a coffin|being buried|lying dead|not "
            r"breathing|bleeding out|drowning)\b|"
            r"\b(?:skipping|not taking|stopped taking) my (?:meds|pills|tablets|medication)\b"
            r".{0,40}\b(?:saving|keeping|collecting|hoarding|stockpiling) them\b|"
            r"\b(?:stopped|stop|not|no point|no use|not bothering|not bother|quit) (?:making|to "
            r"make|in making) (?:any )?plans (?:past|beyond|after|for after|further than)\b|"
            r"\b(?:does not|do not|did not) (?:really )?(?:feel|seem|look) like i (?:will|would|am "
            r"going to) (?:need|be needing|be around|be here)\b|"
            r"\b(?:reading|read|looking|looked|googling|googled|searching|searched|researching|"
            r"researched) (?:up )?(?:about |into |on )?(?:what happens|how many|how much)\b.{0,40}"
            r"\b(?:too many|overdose|lethal|fatal|kill you|to die)\b|"
            r"\b(?:terminal|fatal|incurable) (?:diagnosis|illness|disease|cancer)\b.{0,40}"
            r"\b(?:relieved|relief|glad|happy|welcome it|okay with it|would not mind|good news|"
            r"thankful|grateful)\b|"
            r"\b(?:wrote down|written down|writing down|decided|deciding|worked out|working out|"
            r"listed|made a list of) who (?:should |will |would |can )?(?:get|gets|have|has|"
            r"inherit|inherits|take|takes) my (?:things|stuff|belongings|possessions|\w+)\b|"
            r"\b(?:cliffs?|bridge|edge|tracks|platform|roof|ledge|balcony|railway|overpass|"
            r"motorway|pills|knife|rope|blade)\b.{0,80}\bhow (?:easy|quick|simple|quiet|"
            r"peaceful) it would be\b(?! to (?:text|call|message|go back|get back|forget|move on|"
            r"give up on|see|talk|reach))|"
            r"^(?=.*\bif i (?:was|were) (?:dead|gone)\b).*?\b(?:give (?:him|her|them|everyone) "
            r"what (?:he|she|they) (?:wants?|asked for)|(?:he|she|they) (?:is|are|might be|may be) "
            r"right|maybe i should|i should (?:just )?do it)\b|"
            r"\b(?:want|wanting|wanted|wanna|urge|urges|tempted|think about|thinking about|going) "
            r"(?:to )?(?:crash|wreck|total) (?:the|my) (?:car|bike|motorbike|motorcycle)\b|"
            r"\b(?:tonight|today)(?:'s| is) the (?:night|day)(?: ?[.!,])? (?:(?:thank you|thanks) "
            r"for (?:being (?:kind|there|so kind|patient)|everything|trying|all|listening)|"
            r"goodbye|bye|sorry|i love you|love you)\b|"
            r"\bmy plan is (?:\w+ ){0,2}?(?:pills|tablets|meds|rope|the bridge|the tracks|a knife|"
            r"to (?:jump|overdose|od|hang|drown|cut|end it|die))\b|"
            r"\b(?:pills|tablets|sleeping pills|painkillers) and (?:vodka|whiskey|whisky|alcohol|"
            r"booze|gin|rum)\b|"
            r"\bhow (?:high|far|tall) (?:a fall|a drop|a building|a bridge|the (?:drop|fall|"
            r"bridge|building)|you (?:have|need) to (?:jump|fall)) (?:has to be|needs to be|would "
            r"need to be|would kill|is fatal|to die|to be fatal|is enough)\b|"
            r"\b(?:hope|hopes|hoping|wish|wishing|praying|pray) (?:that )?i (?:do not|will not|"
            r"never|would not) (?:survive|live through|get through|make it through|see) (?:the "
            r"night|tonight|tomorrow|the week|the weekend|this)\b"
        ),
    ),
    (
        # Written from batch 23 (after reading the rules): a way to die that looks natural,
        # sitting on the edge of a roof, the one reason it has not been done, and dead rather
        # than another night of this.
        "crisis:edges",
        re.compile(
            r"\b(?:going to|gonna|want to|wanna|about to|will|thinking of|thinking about|might|"
            r"planning to|plan to|ready to|should|could) (?:just )?(?:jump|jumping) (?:off|from) "
            r"(?:a|the|this|that|my|our) (?:\w+ ){0,2}?(?:car park|parking garage|parking "
            r"structure|tower|tower block|block of flats|overpass|flyover|pier|dam|viaduct|"
            r"top floor|window|building|bridge|roof|balcony|cliff|ledge|multi storey)\b|"
            r"\b(?:is there|what is|know|find|tell me|give me|need|looking for|want) (?:a|any|an|"
            r"the) (?:\w+ )?(?:way|method) to (?:die|kill myself|end my life|end it)\b|"
            r"\b(?:die|death|dying|kill myself|end it|crash|overdose)\b.{0,40}\b(?:look|looks|"
            r"seem|seems|pass as|passes as) (?:natural|like an accident|accidental)\b|"
            r"\b(?:sitting|sat|been sitting|was sitting|standing|stood|been standing|sitting "
            r"out|sat out) on (?:the )?edge of (?:the|a|my|this) (?:roof|bridge|building|balcony|"
            r"cliff|platform|car park|multi storey|overpass)\b"
            r"(?! (?:\w+ ){0,4}?(?:watching|taking (?:photos|pictures)|with (?:friends|my)|"
            r"enjoying|having (?:a|lunch|a drink|a smoke)|smoking|reading)\b)|"
            r"\bonly (?:reason|thing) (?:i have not|i did not|i am not|i have never) (?:done it|"
            r"gone through with it|killed myself|ended it|ended my life|jumped|taken them)\b|"
            r"\b(?:is|are) the only (?:reason|thing) (?:i am|keeping me) (?:still )?(?:here|"
            r"alive|around|breathing)\b|"
            r"\brather (?:be dead|die) than (?:feel|feeling|live|living|spend|spending|go on|going "
            r"on|keep|keeping|be in this|wake up|waking up|suffer|suffering|hurt|hurting|face "
            r"another|another|one more|do this|carry on|exist)\b"
        ),
    ),
]

# Word families the broader structural rules below are built from (written from batches 10
# and 11, which the rules above caught only 28% and 61% of on first sight).
_WISH = (
    r"(?:want|wanna|wish|wishing|hope|hoping|pray|praying|would love|would like|long|longing|"
    r"dream|dreaming|fantasi[sz]e|fantasi[sz]ing|ready|need|needing|crave|craving)"
)
_GONE = (
    r"(?:dead|gone|not here|not alive|not around|no longer here|no longer alive|no longer around|"
    r"in the ground|out of the picture|not in the picture)"
)
_MEANS = (
    r"(?:pills|meds|medication|tablets|sleeping pills|painkillers|paracetamol|tylenol|"
    r"ibuprofen|insulin|rope|noose|blades?|razors?|razor blades|knife|gun|bullet)"
)
_HEIGHT = (
    r"(?:bridge|train tracks|railway tracks|railway|tracks|roof|rooftop|ledge|cliff|overpass|"
    r"balcony|parking garage|car park|top floor|edge)"
)
_BODY = r"(?:arms?|wrists?|thighs?|legs?|skin|stomach|hips?|forearms?|ankles?|chest|belly|body)"
_HARM_VERB = (
    r"(?:cut|cuts|cutting|carve|carved|carving|slice|sliced|slicing|slash|slashed|slashing|"
    r"burn|burned|burnt|burning|scratch|scratched|scratching|hit|hitting|punch|punched|"
    r"punching|bang|banged|banging|slam|slammed|slamming|bite|bit|biting|smash|smashed|"
    r"smashing|stab|stabbed|stabbing|pick|picked|picking|bruise|bruised|hurt|hurting|starve|"
    r"starved|starving)"
)

_BROAD: Sequence[tuple[str, re.Pattern[str]]] = [
    (
        # Wishing not to wake, to sleep for ever, to go dark: "some nights I wish I could
        # just not wake up", "I want to go to sleep and stay asleep".
        "crisis:no-waking",
        re.compile(
            rf"\b{_WISH} (?:\w+ ){{0,4}}?(?:not|never|to not|to never|will not|do not) "
            r"(?:\w+ )?(?:wake up|wake|open my eyes|wake again)\b|"
            r"\b(?:sleep|asleep) and (?:stay asleep|never wake|not wake|never have to|"
            r"never come back)|"
            rf"\b{_WISH} (?:\w+ ){{0,3}}?(?:stay asleep forever|stay asleep|sleep forever|"
            r"sleep for ever|go dark forever|go dark for good|be at peace forever|rest forever|"
            r"fade away forever|fade out forever|stop forever)\b|"
            r"\b(?:everything|it all|the world|it) to (?:just )?(?:go dark|go black|go quiet|fade)"
            r" (?:forever|for good|permanently)\b"
        ),
    ),
    (
        # Death spoken of as wanted: "I'd welcome death", "dying would be a relief", "death
        # sounds peaceful", "just waiting to die", "better off in the ground".
        "crisis:death-wanted",
        re.compile(
            r"(?<!his )(?<!her )(?<!their )(?<!'s )\b(?:death|dying|being dead|not existing|"
            r"not being alive|not being here|not waking up|ending it|ending it all|ending my life|"
            r"killing myself|the end)"
            r" (?:\w+ ){0,3}?(?:sounds|seems|would be|will be|feels|looks|is|is starting to "
            r"sound|is starting to look) (?:so |really |more and more |kind of |like )?"
            r"(?:peaceful|nice|good|better|a relief|relief|easier|appealing|tempting|inviting|"
            r"comforting|like a relief|freedom|the answer|an escape|a release|welcome|"
            r"a gift|like freedom|like home|like the answer|like an escape|like peace|"
            r"like the only (?:way|option|answer|escape)|the only (?:way|option|answer|escape))\b|"
            r"\b(?:welcome|welcoming|long for|longing for|crave|craving|romanti[sc]i[sz]e|"
            r"romanti[sc]i[sz]ing|envy|envying|jealous of) (?:death|dying|the dead|being dead|"
            r"not existing|the void|the grave)\b|"
            r"\b(?:just )?waiting (?:to die|for death|for (?:it|everything|my life) to end|"
            r"for the end|to not exist)\b(?! (?:of|from|laughing|before|when)\b)|"
            r"\b(?:better off|rather be|want to be|wanna be|should be|belong) (?:\w+ )?"
            r"(?:in the ground|six feet under|in a grave|in a coffin|underground|in the dirt)\b|"
            r"\bmight as well (?:just )?(?:be dead|die|not exist|not be here|end it)\b"
        ),
    ),
    (
        # Not being here in the future: "I don't think I'll be around much after this month",
        # "not planning on being here for her birthday", "can't imagine still being here next
        # year", "don't see myself getting old".
        "crisis:future-absence",
        re.compile(
            r"\b(?:not|never|no longer) (?:plan|planning|intend|intending|expect|expecting|going) "
            r"(?:on |to )(?:be |being |stick |sticking |stay |staying )?"
            r"(?:here|around|alive|sticking around|stick around|staying alive|stay alive|"
            r"make it|making it)\b"
            r"(?! (?:at|in|to|on|this|that|the|for the (?:party|wedding|weekend|meeting)|tonight,"
            r"|when)\b)|"
            r"\b(?:do not think|doubt|not sure|do not know if) i (?:will|would|am going to|can) "
            r"(?:still )?(?:be around|be here|be alive|stay alive|make it|stick around)"
            r" (?:\w+ )?(?:much |for much )?(?:longer|after|past|by|until|till|to see|for long|"
            r"next|another|much)\b|"
            r"\b(?:can not|could not|do not|can never) (?:imagine|see|picture) (?:myself )?"
            r"(?:still )?(?:being (?:here|around|alive)|living|alive|getting old|growing old|"
            r"old|making it|reaching|turning \d+|see(?:ing)? (?:my )?\d+)\b"
            r"(?! (?:in|at|with|without|here|there|near|alone|together|married|a|an|the|"
            r"this (?:city|town|house|place|job)|like (?:this|that))\b)|"
            r"\b(?:not|never|will not) (?:going to )?(?:be|being) (?:here|around|alive) "
            r"(?:by|after|for) (?:friday|monday|tuesday|wednesday|thursday|saturday|sunday|"
            r"the weekend|next|the end|then|christmas|my birthday|her birthday|his birthday|"
            r"new year|much longer|long)\b|"
            r"\b(?:stopped|stop|can not|do not) (?:seeing|see) (?:a|any) future\b|"
            r"\b(?:no|not any|see no|zero) future (?:for me|for myself|left for me)\b"
            r"(?! (?:and|with|together)\b)"
        ),
    ),
    (
        # Hopelessness about living, and no reason without the ex: "without him there's no
        # reason to keep going", "what's the point of me", "no desire to live".
        "crisis:no-point",
        re.compile(
            r"\b(?:no|not any|lost (?:the|my|all|any)|losing (?:the|my)|zero|any) "
            r"(?:desire|will|wish|motivation|reason|point|strength|energy) "
            r"(?:left )?(?:to|in|for) (?:keep )?(?:living|live|be alive|being alive|exist|existing|"
            r"go on|going on|keep going|carry on|carrying on|stay alive|staying alive|"
            r"be here|being here|wake up|waking up|continue|try anymore)\b|"
            r"\b(?:what is|whats|what's) (?:even )?the (?:point|use|purpose|reason) "
            r"(?:of|in|for) (?:me|my life|my existence|living|life|being alive|existing|"
            r"going on|carrying on|staying alive|waking up|any of (?:this|it))"
            r"(?: anymore| any more| at all| now)? ?(?:[.!?,]|$|(?:anymore|i|if|when|without|"
            r"since|he|she)\b)|"
            r"\bwithout (?:him|her|them|xname|my ex|you)\b.{0,30}\b(?:no|not any|any) "
            r"(?:reason|point|purpose|will) (?:in |to |for )?(?:me )?(?:keep going|keep living|"
            r"go on|going on|carry on|carrying on|live|living|being alive|be alive|exist|"
            r"existing|wake up|waking up|stay|staying|be here|being here|continue|life)\b|"
            r"\b(?:no|not any|any) (?:reason|point|purpose) (?:in |to |for )?(?:me )?"
            r"(?:keep going|keep living|go on|going on|carry on|carrying on|live|living|"
            r"be alive|being alive|exist|existing|stay alive|continue living)\b.{0,30}"
            r"\bwithout (?:him|her|them|xname|my ex)\b|"
            r"\b(?:life|living|existing|being alive)(?: is not| is no longer| not| is)? "
            r"(?:worth it|worth living|pointless|meaningless) "
            r"(?:without|since|now that|after) (?:him|her|them|xname|my ex)\b|"
            r"\btired of (?:being a person|being me|being human|being myself|fighting to "
            r"(?:live|stay alive|be here)|trying to stay alive|surviving)\b"
        ),
    ),
    (
        # Finality and goodbyes: "saying my goodbyes", "goodbye y'all", "the last time I'll
        # bother anyone", "don't worry when I stop replying", "take care of my cat for me".
        "crisis:farewell",
        re.compile(
            r"\b(?:saying|said|say|started saying|been saying|making|made) (?:my )?"
            r"(?:last |final )?goodbyes\b|"
            r"(?<!him )(?<!her )(?<!them )(?<!xname )(?<!told )(?<!to )"
            r"\b(?:goodbye|bye|farewell|so long) (?:you all|you guys|guys|all|everyone|everybody|"
            r"world|friends|all of you|forever|for good|for ever)\b|"
            r"\blast time (?:i will|i am going to|i would|you will|anyone will|you all will) "
            r"(?:ever )?(?:bother|burden|annoy|hear from|see|talk to|message|upset) "
            r"(?:anyone|anybody|everyone|you all|you guys|people|me|you)\b|"
            r"\b(?:do not|please do not|try not to) (?:worry|be sad|blame yourselves|blame "
            r"yourself|feel bad) (?:about me )?(?:when|if|after) i (?:stop|go quiet|am gone|"
            r"disappear|do not reply|do not answer|never reply)\b|"
            r"\b(?:take care of|look after|feed) my (?:cat|dog|cats|dogs|kids|pets?|plants|"
            r"rabbit|hamster|bird|fish) (?:for me )?(?:when i am gone|after i am gone|"
            r"once i am gone|for me ?(?:[.!,]|$))|"
            r"\b(?:sorry for everything|forgive me for everything)\b.{0,40}\b(?:goodbye|bye|"
            r"take care of|look after|love you all|i love you|tell my)\b|"
            r"\b(?:sorted|sorting|sort|put) (?:out )?(?:my )?(?:will|affairs|passwords|"
            r"accounts) (?:\w+ ){0,4}(?:nobody|no one|noone|so (?:no one|nobody)|so they|"
            r"for after|after i am gone|in order)\b|"
            r"\b(?:giving|gave|give|given) (?:away )?(?:\w+ ){0,2}?my (?:stuff|things|belongings|"
            r"possessions|clothes|games|books|jewellery|jewelry|plants)\b(?: away| to)?|"
            r"\bwrote (?:a |one |goodbye )?(?:letter|letters|note|notes) (?:to|for) (?:each|every|"
            r"all|everyone|everybody|my (?:family|parents|kids|sisters|brothers|friends))\b|"
            r"\b(?:the )?(?:night|day|time) i (?:finally )?(?:do it|go through with it|end it|"
            r"end (?:things|everything)|kill myself|die)\b(?! (?:with|between)\b)|"
            r"\b(?:guts|courage|nerve|balls|strength|bravery) to (?:finally )?(?:go through with "
            r"it|end it all|end my life|kill myself|do it for real)\b|"
            r"\beverything i need to (?:end it|do it|die|go through with it|end my life)\b|"
            r"\b(?:a|the) plan and (?:a|the) (?:date|time|day|method|way|place)\b|"
            r"\bonly (?:thing|one|person|reason) (?:stopping|holding|keeping) me "
            r"(?:back |here |alive |around )?(?:is|are|right now|anymore)\b|"
            r"\bonly (?:thing|one|person|reason) keeping me (?:here|alive|around|breathing|"
            r"from ending|from doing it)\b|"
            r"\bif (?:it was not|it were not|it is not|not|it was not for|it were not for) "
            r"(?:for )?(?:my |the )?\w+(?: \w+)? i would (?:have )?(?:already |probably )?"
            r"(?:ended (?:it|things|everything|my life)|done it|be dead|be gone|not be here|"
            r"killed myself|given up on life|gone through with it)\b|"
            r"(?<!were )(?<!was )\bready to let go of (?:everything|it all|life|this life|"
            r"this world|living)\b(?! (?:at that|back then|then)\b)|"
            r"\b(?:leave|go|disappear) (?:for good|forever) and (?:not|never|do not) come back\b|"
            r"\b(?:it is|its|it's) over for me\b.{0,30}\b(?:goodbye|bye)\b|"
            r"\bbetter off (?:once|when|after|if) i (?:am|was|were|have|have been|'m) (?:gone|dead|"
            r"not here|not around|no longer here|no longer around)\b|"
            r"\bbetter off with (?:a different|another|a new|a better|someone else as (?:their|"
            r"a)) (?:mom|dad|mother|father|parent|daughter|son|sister|brother|friend)\b|"
            r"\b(?:how long|how many days|how many weeks) (?:it would take|would it take|until|"
            r"before) (?:anyone|anybody|someone|people|they|my family) (?:to )?(?:would )?"
            r"(?:find|found|notice|noticed|realise|realize|realised|realized|miss) me\b"
        ),
    ),
    (
        # Means and places in mind or at hand: "I looked up how many of my pills it would
        # take", "counted the pills again", "the bridge has been on my mind", "put the rope in
        # my car", "standing at the window on the 12th floor thinking about it".
        "crisis:means-in-mind",
        re.compile(
            r"\b(?:looked up|look up|looking up|googled|googling|google|searched|searching|"
            r"researched|researching|reading up on|read up on|checked|checking|asked|"
            r"wondering|wonder|calculated|figuring out|figured out|know) "
            r"(?:\w+ ){0,3}?(?:how many (?:of (?:my|the|these) )?" + _MEANS + r"|"
            r"how (?:much|many) (?:\w+ ){0,3}(?:it would take|would kill|is lethal|is fatal|"
            r"to die|to overdose|to od)|how long (?:it )?(?:takes|would take|it takes) to "
            r"(?:bleed|die|drown|suffocate|overdose|pass out)|which (?:bridge|building|pills|"
            r"meds|method)|the (?:highest|tallest) (?:bridge|building|roof)|"
            r"(?:lethal|fatal|deadly|painless)|how to (?:tie|make) a (?:noose|knot)|"
            r"when the (?:next )?train)|"
            r"\bbleed(?:ing)? out\b|"
            r"\b(?:counted|counting|count|collecting|collected|saving|saved|saving up|hoarding|"
            r"hoarded|stashing|stashed|stockpiling|hiding|hid|lined up|lining up|laid out|"
            r"laying out) (?:up )?(?:\w+ ){0,3}?(?:pills|meds|tablets|sleeping pills|painkillers|"
            r"blades|razor blades)\b|"
            r"\b(?:put|placed|keep|kept|hid|hidden|left|have|got|bought) (?:a |the |my )?"
            r"(?:rope|noose|razor blades|blades) (?:in|under|by|next to|on)\b|"
            r"\b(?:all|every one of|a bottle of|the rest of) (?:my |the )?(?:meds|pills|tablets|"
            r"sleeping pills|painkillers) (?:are |is )?(?:on the (?:table|counter|bed|desk|"
            r"floor)|in front of me|next to me|laid out|lined up|in my hand)\b|"
            r"\b(?:the|that|this) " + _HEIGHT + r" (?!where|when|we|he|she|they|xname)"
            r"(?:\w+ ){0,8}?(?:has been |is |keeps |been )?(?:on my mind|in my head|calling me|"
            r"calling|looks inviting|looks peaceful)\b|"
            r"\b(?:keep|kept|been|always|can not stop) (?:thinking about|picturing|imagining|"
            r"driving past|driving by|walking past|walking by|going to|looking at|staring at) "
            r"(?:the |that |this )?(?:\w+ ){0,2}?(?:train tracks|railway tracks|tracks|"
            r"bridge|ledge|cliff|overpass|rooftop)\b(?! (?:where|when) )|"
            r"\b(?:window|ledge|edge|bridge|roof|rooftop|balcony|tracks|cliff|floor)\b.{0,40}"
            r"\b(?:thinking about it|thinking about jumping|thinking about going|wanting to "
            r"jump|about to jump|ready to jump)\b|"
            r"\b(?:going|heading|driving|walking|walk|drive|go|went) (?:back )?to the "
            r"(?:bridge|tracks|train tracks|cliff|roof|rooftop|ledge|edge) (?:tonight|now|"
            r"right now|one last time|for the last time|again)? ?(?:[.!,]|$)|"
            r"\b(?:going to|gonna|want to|wanna|about to|finna|might|will) (?:just )?"
            r"(?:rope|neck myself|drink myself to death|drive off|jump in front)\b"
            r"(?! (?:him|her|them|you|in|into|off the)\b)"
        ),
    ),
    (
        # Harm to the body, said through the body part or the result: "scratching till it
        # bleeds", "burned my arm on purpose", "my arms are covered in cuts again", "used a
        # razor on my wrist", "relapsed on sh".
        "crisis:self-injury",
        re.compile(
            r"\b(?:till|until|so|and) (?:it|they|i|my \w+) (?:bleeds?|bled|bleeding|bruised?|"
            r"bruises|scarred|scars|blistered)\b|"
            rf"\b{_HARM_VERB} (?:\w+ ){{0,6}}?(?:on purpose|deliberately|intentionally|to feel "
            r"something|to feel anything|to punish myself|to stop (?:feeling|thinking)|"
            r"to distract myself|to cope)\b|"
            rf"\b{_HARM_VERB} (?:\w+ ){{0,2}}?(?:into |on |in |across )?my {_BODY}\b|"
            rf"\b(?:razor|blade|knife|lighter|cigarettes?|scissors|compass|glass) "
            rf"(?:\w+ ){{0,2}}?(?:on|to|into|against|across) my {_BODY}\b|"
            rf"\bmy {_BODY} (?:is|are) (?:covered|full) (?:in|of) (?:fresh )?(?:cuts|burns|"
            r"scars|marks) (?:again|now|since)\b|"
            r"\b(?:bang|banged|banging|hit|hitting|smash|smashing|slam|slamming) my head "
            r"(?:against|on|into) (?:the |a )?(?:wall|floor|desk|door|mirror)\b"
            r"(?! (?:trying|with|over|about|to (?:understand|figure)|figuring)\b)|"
            r"\b(?:sh|self harm|self harming|cutting|cut|hurting myself)\b.{0,40}"
            r"\b(?:relapsed|relapse|relapsing|slipped up|broke my streak)\b|"
            r"\b(?:relapsed|relapse|relapsing|slipped up)\b.{0,20}\b(?:sh|self harm|cutting|"
            r"cut)\b|"
            r"\b(?:want|wanna|need|urge|urges|itching|craving) (?:to )?(?:cut|hurt myself|burn "
            r"myself|harm myself) (?:so bad|so badly|really bad|really badly|right now|tonight|"
            r"again)\b|"
            r"\b(?:took|take|taken|taking|swallowed|swallow|had|downed) (?:\w+ ){0,2}?"
            r"(?:too many|a lot of|a bunch of|a handful of|extra|double|triple|all) "
            r"(?:of )?(?:my |the |these |those )?(?:pills|meds|tablets|sleeping pills|"
            r"painkillers|antidepressants)\b(?=.{0,30}\b(?:on purpose|to die|so i|hoping|"
            r"and i|to sleep forever|ago|tonight|just now)\b)|"
            r"\bstarve myself\b|\bstarving myself\b"
        ),
    ),
    (
        # Stopping existing, a fatal accident wished for, and holding on: "if I just stopped
        # existing", "I wish a car would take me out", "how much longer I can keep myself
        # alive", "I don't want to exist in a world where...".
        "crisis:stop-existing",
        re.compile(
            r"\b(?:i|me|myself) (?:just |simply |quietly )?(?:stopped|stop|stopping|cease|ceased|"
            r"ceasing|quit|quitting) (?:existing|to exist|being alive|breathing|living)\b|"
            rf"\b{_WISH} (?:\w+ ){{0,2}}?(?:a|the|some|an) (?:car|bus|truck|train|plane|lorry|"
            r"meteor|asteroid|drunk driver|bullet|stray bullet|lightning|heart attack|accident|"
            r"illness|disease|cancer) (?:\w+ ){0,3}?(?:hit|hits|take me out|takes me out|kill|"
            r"kills|crash|crashes|end|ends|would get me|gets me|runs me over|run me over)\b|"
            r"\b(?:how much longer|how long) (?:i can|can i|i will be able to|i am able to) "
            r"(?:keep (?:myself )?(?:alive|going on|living|breathing|holding on)|stay alive|"
            r"survive|hold on|keep fighting|hang on)\b|"
            r"\b(?:do not|no longer|never) want to (?:exist|live|be alive|be here) in a world "
            r"(?:where|without|that)\b|"
            r"\b(?:do not|no longer|never|not) (?:\w+ ){0,3}?want to (?:be|live|stay|exist|remain) "
            r"(?:on|in) (?:this |the )?(?:earth|planet|world)\b(?! (?:with|where)\b)|"
            r"\b(?:everyone|everybody|people|the world|my family|family|they|life|the earth) "
            r"(?:\w+ ){0,4}?(?:fine|okay|better|happier|easier|spinning|turning|go on|move on|"
            r"carry on|manage) (?:\w+ ){0,3}?without me\b|"
            r"\b(?:like|as if) it (?:was|is|were) the last time\b.{0,30}\bbecause it (?:is|will be|"
            r"was)\b|"
            r"\bwish (?:i|that i) (?:would|had|have|could have) never (?:woken up|woke up|wake up|"
            r"been born|existed)\b|"
            r"\b(?:swallow\w*|tak\w*|down\w*|overdos\w* on) (?:everything|all|whatever|the whole "
            r"\w+|every \w+) (?:in|from|that is in|out of) (?:my|the) (?:medicine|bathroom|pill|"
            r"first aid)\b|"
            rf"\b{_WISH} to (?:just )?never (?:feel|wake|exist|breathe|be)\b.{{0,30}}"
            r"\b(?:forever|for good|permanently|ever again)\b|"
            r"\b(?:been|started|start|keep|kept|still|been secretly) (?:cutting|burning myself|"
            r"hurting myself|harming myself|scratching myself)\b(?! (?:off|out|him|her|them|"
            r"ties|back|down|corners|class|school|people|my hair|carbs|sugar|the|a|up|in|some|"
            r"weight|costs|calories|grass|wood|paper|it|that|this|loose|myself off)\b)|"
            r"\b(?:so close|close|this close|very close|closer and closer|closer) to (?:just )?"
            r"(?:ending it|ending it all|ending my life|ending everything|doing it|killing myself|"
            r"giving up on life|ending things|jumping|taking the pills)\b(?! (?:with|between)\b)"
        ),
    ),
    (
        # Acts, attempts and plans with a time or a means: overdoses and poisons, "I tried
        # to od", "planning to end it this weekend", "I've written my note", "holding the
        # pills", "step off the platform", "crash my car".
        "crisis:acts-and-plans",
        re.compile(
            r"\b(?:took|take|taking|taken|swallowed|swallow|swallowing|drank|drink|drinking|"
            r"downed|down|ate|eat|popped|pop|chugged) (?:\w+ ){0,3}?(?:all|the whole|a whole|"
            r"the entire|an entire|every|\d\d+|twenty|thirty|forty|fifty|a hundred|a pack of|"
            r"a box of|a bottle of|a handful of|handfuls of|a bunch of|too many|so many|a lot of|"
            r"way too many|all of) (?:of )?(?:my |the |these |those |her |his )?(?:\w+ )?"
            r"(?:pills|tablets|meds|medication|medicine|antidepressants|tylenol|paracetamol|"
            r"ibuprofen|insulin|sleeping pills|painkillers|aspirin|advil|xanax|benadryl|"
            r"pack|packet|bottle|box)\b(?! (?:of (?:water|wine|vodka|beer|chocolate|cereal|"
            r"chips|cookies|crisps|tissues)|as (?:prescribed|usual)|like (?:the|my) doctor)\b)|"
            r"\b(?:drank|drink|drinking|swallowed|swallow|ate|took|take) (?:some |a bottle of |"
            r"a cup of |a glass of )?(?:bleach|antifreeze|poison|rat poison|drain cleaner|"
            r"weed killer|pesticide|lighter fluid)\b|"
            r"\bi (?:tried|attempted|tried again|almost tried) to (?:od|overdose|end it|end my "
            r"life|hang myself|jump|kill myself|drown myself|take my life|do it)\b"
            r"(?! (?:nicely|politely|kindly|gently|with|between|but (?:he|she|they|xname)|"
            r"and (?:he|she|they|xname))\b)|"
            r"\bi (?:attempted|overdosed)(?: (?:again|last \w+|yesterday|before|twice|once|"
            r"in \w+|a few \w+ ago|\w+ (?:days|weeks|months|years) ago))? ?(?:[.!,]|$|and\b|"
            r"but\b)|"
            r"\b(?:after|from|survived|since) (?:an|my|the|a) (?:overdose|od|attempt)\b|"
            r"\b(?:going to|gonna|planning to|plan to|planning on|plan on|want to|ready to|will|"
            r"i am|am|about to) (?:just )?(?:end|ending) (?:it|it all|this|everything|things|"
            r"my life) (?:this|tonight|tomorrow|on|next|soon|before|after|once and for all|"
            r"for real|now|today)\b(?! (?:with|between)\b)|"
            r"\bready to end (?:this|it|everything|things|it all) ?(?:[.!,]|$|now|tonight|for "
            r"good|once and for all)|"
            r"\b(?:written|wrote|writing|finished|left|leave|leaving|have|got) my (?:final |last |"
            r"goodbye |suicide )?note\b|"
            r"\bmy (?:final |last |goodbye )?(?:note|letters?) (?:is|are) "
            r"(?:written|ready|done|finished)\b|"
            r"\b(?:have|got|made) (?:everything|it all) (?:planned out|planned|ready|set up|"
            r"prepared|figured out)\b(?! (?:for|with|to|so|at|out)\b)|"
            r"\b(?:decided|decide|know|feel like|think|feels like) (?:that )?(?:tonight|today|"
            r"tomorrow|this weekend) (?:is|will be|is going to be|might be|may be|could be) "
            r"(?:the|my) (?:night|day|last)\b"
            r"(?! (?:i|we) (?:tell|text|call|ask|confront|talk|delete|block|go|move|leave)\b)|"
            r"\b(?:holding|hold|have|got|grabbed|staring at|looking at) (?:the|my|these|those|a "
            r"handful of|all the|all my) (?:pills|tablets|meds|blade|razor|knife|rope|noose|gun)"
            r" (?:right now|in my hand|now|ready|and)\b|"
            r"\b(?:step|stepping|stepped|jump|jumping|fall|falling|throw myself|throwing myself|"
            r"lie|lying|lay) (?:down )?(?:off|in front of|onto|under|from|on) (?:the |a |an )?"
            r"(?:platform|train|tracks|train tracks|bus|truck|lorry|traffic|oncoming|edge|ledge|"
            r"roof|bridge|building|balcony|window|cliff)\b|"
            r"\b(?:want|wanna|going|gonna|thinking about|tempted|urge|need) (?:to )?(?:just )?"
            r"(?:crash|crashing|wreck|wrecking|swerve|swerving) (?:my|the) car\b|"
            r"\b(?:use|using|turn|turning|point|pointing) (?:it|the gun|a gun|the knife|a knife|"
            r"the blade|a blade|the rope) (?:on|at|against) myself\b|"
            r"\b(?:gun|knife|blade) (?:to|against) my (?:head|wrist|wrists|throat|chest|temple)\b|"
            r"\b(?:scared|afraid|terrified|worried) (?:that )?i (?:am going to|will|might|could) "
            r"do something\b(?! (?:stupid|dumb|i will regret)? ?(?:like|to) (?:text|call|message|"
            r"(?:him|her|them|xname))\b)(?! (?:stupid|dumb) like)|"
            r"\b(?:eating|drinking|starve|starving|drink|cutting|bleed|bleeding|sleep|take|taking|"
            r"smoke|smoking) (?:\w+ ){0,3}?until i (?:die|died|am dead|was dead|pass out|"
            r"do not wake up|never wake up|stop breathing)\b|"
            r"\buntil i (?:do not|never|no longer|stop) (?:wake up|waking up|breathe|breathing|"
            r"exist|existing)\b|"
            r"\b(?:i will|i am going to|i will probably|i might|i could) be (?:dead|gone) "
            r"(?:by|before|within|in a|soon|tomorrow|tonight)\b|"
            r"\b(?:cut|cuts|cutting|cutting is) (?:are |is )?(?:getting )?(?:deeper|too deep|"
            r"worse)\b|"
            r"\b(?:cuts|scars|wounds|burns) (?:are|were|is) (?:getting )?(?:deeper|infected|"
            r"fresh|bleeding)\b"
        ),
    ),
    (
        # Hopelessness, the burden in other words, and wanting the pain over for good.
        "crisis:means-voices-finality",
        re.compile(
            # Broken grammar and non-native English.
            r"\b(?:no|not|do not|never) (?:want|wanting|wanna) (?:to )?(?:live|be alive|exist)\b"
            r"(?! (?:with|in|there|here|near|like|alone|together)\b)|"
            r"\bi (?:will|would|am going to|want to|wanna|going to|think i will|might|should) "
            r"(?:just )?kill me\b|"
            r"\bfor what (?:do |should |would )?i (?:live|exist|wake up|keep living|go on)\b|"
            # Means at hand, hidden, or asked about.
            r"\b(?:have|got|keep|kept|hid|hide|hidden|stashed|there is|there are|is|are) "
            r"(?:the |my |a |some |all the |all my )?(?:pills|razor blades|blades|razor|rope|"
            r"noose|gun)\b (?:\w+ ){0,2}?(?:in my|under my|hidden|ready|next to|by my|in the)\b"
            r"(?! (?:\w+ ){0,3}for (?:my|a|the) (?:headache|anxiety|allergies|cold|period|"
            r"back|pain)\b)|"
            r"\b(?:sitting|lying|laying|standing|sat|here|alone) (?:\w+ ){0,7}?with (?:a|the|my|"
            r"some) (?:knife|blade|razor|gun|pills|rope|bottle of pills)\b|"
            r"\bgarage\b.{0,30}\bengine (?:running|on)\b|\bengine running\b.{0,30}\bgarage\b|"
            r"\b(?:feel|feeling) the (?:pills|meds|tablets) (?:kicking in|working|taking effect)"
            r"\b.{0,30}\b(?:sorry|goodbye|bye|love you)\b|"
            r"\b(?:took|take|taken|swallowed|swallow|ate) (?:everything|all|whatever) (?:in|from) "
            r"(?:the|my) (?:cabinet|medicine cabinet|cupboard|drawer|bathroom)\b|"
            r"\bhow many (?:\w+ )?(?:pills|tablets|meds|painkillers|sleeping pills) (?:would be|"
            r"is|are|would|does it take|do you need) (?:too many|enough|lethal|fatal|deadly|"
            r"kill|to die)\b|"
            r"\bhow (?:high|tall|far) (?:does|do|would|should|is) (?:a|the) (?:building|bridge|"
            r"fall|drop|cliff|balcony|floor) (?:need to|have to|be|to)\b|"
            r"\bif i (?:just )?(?:did not|never|do not|would not|did not ever) wake up\b|"
            r"\blooking at (?:my|the) (?:balcony|bridge|window|rope|pills|tracks|roof|knife) "
            r"(?:differently|in a different way|and thinking)\b|"
            r"\b(?:think|feel like|know|guess) (?:tonight|today|this) is it\b"
            r"(?! (?:\w+ ){0,3}(?:text|call|message|tell|block)\b)|"
            # Burden, intrusive voices, not wanting rescue.
            r"\b(?:everyone|everybody|people|they|my family|the world|my friends) (?:\w+ ){0,3}?"
            r"(?:relieved|happier|better off|glad|fine|okay|easier|breathe easier|lighter|freer|"
            r"at peace) (?:\w+ ){0,2}?if i (?:just )?"
            r"(?:vanished|disappeared|died|was gone|were gone|was not here|did not exist|"
            r"left forever|was dead|were dead)\b|"
            r"\b(?:voice|voices|my head|my brain|my mind|something in me) (?:\w+ ){0,3}?"
            r"(?:telling me|tells me|told me|says|saying|keeps saying) (?:to |i should )?"
            r"(?:just )?(?:kill myself|end it|die|do it|jump|cut|hurt myself|disappear)\b|"
            r"\b(?:keep|kept) hearing (?:that )?i should (?:just )?(?:end it|die|kill myself|"
            r"disappear|not be here)\b|"
            r"\b(?:do not|don't) want to be (?:saved|rescued|stopped|found|helped)\b"
            r"(?! (?:by|from|with) (?!anyone|anybody|you|this)\w)"
            r"(?! from (?:my own|the|this|myself) (?:mistakes|embarrassment|cringe))|"
            r"\b(?:do not|don't) (?:call|tell|contact) (?:anyone|anybody|the police|an ambulance|"
            r"911|999|my (?:mom|family|parents))\b.{0,40}\b(?:made up my mind|decided|too late|"
            r"my choice)\b|"
            # Self-harm and self-punishment.
            r"\bmy (?:wrists?|arms?|thighs?|legs?) (?:are|is|keep|keeps|will not stop) "
            r"(?:still )?bleeding\b|"
            r"\b(?:pull|pulling|pulled|hit|hitting|starv\w+|not eating|burn\w*|cut\w*|scratch\w*|"
            r"bit|bite|biting|punch\w*) (?:\w+ ){0,4}to punish myself\b|"
            r"\bnot eating\b.{0,30}\b(?:do not deserve|deserve to starve|punish)\b|"
            r"\bi deserve (?:to (?:hurt|suffer|bleed|feel pain|be hurt|die|be punished|starve|"
            r"be in pain|disappear)|the pain|pain)\b|"
            r"\b(?:going to|gonna|about to|need to) cut ?(?:[.!,]|$)|"
            # Finality and leaving.
            r"\blife (?:is not|just is not|is just not) for me\b|"
            r"\b(?:i am|im|just) (?:so )?(?:just )?done (?:existing|being alive|breathing)\b|"
            r"\bi (?:\w+ ){0,4}?(?:should|need to|deserve to|want to|ought to) be (?:erased|"
            r"deleted|wiped out|removed from (?:this|the) (?:world|earth))\b|"
            r"\bshould (?:have )?never (?:have )?been born\b|\bshould not have been born\b|"
            r"\bleave (?:this|the) (?:world|earth|planet|life)\b(?! (?:a |better|behind|in|"
            r"with|to)\b)|"
            r"\b(?:meet|meeting) my maker\b|"
            r"\b(?:going to|want to|ready to|about to|gonna|wanna|time to) join my (?:mom|dad|"
            r"mum|brother|sister|grandma|grandpa|nan|nana|son|daughter|baby|father|mother|"
            r"husband|wife|best friend)\b(?! (?:for|at|in|on|to|and)\b)|"
            r"\bbe with my (?:mom|dad|mum|brother|sister|grandma|grandpa|nan|nana|son|daughter|"
            r"baby|father|mother|best friend) again\b.{0,40}\b(?:died|passed|heaven|miss)\b|"
            r"\b(?:ocean|sea|river|lake|water|void|tracks|train tracks) (?:is|keeps|has been) "
            r"calling (?:me|my name)\b(?! ?,? (?:\w+ )?(?:beach|trip|holiday|vacation|surf|"
            r"swim|time for)\b)|"
            r"\b(?:let|letting) the car (?:drift|go|swerve|roll) (?:into|off)\b|"
            r"\b(?:drive|driving|drift|drifting|swerve|swerving|steer|steering) (?:\w+ ){0,2}?"
            r"into (?:the )?(?:other lane|oncoming|a wall|a tree|a pole|the river|the sea|the "
            r"lake|traffic|a truck)\b|"
            r"\bi know (?:how|exactly how|a way) to (?:make (?:that|it|the pain) (?:happen|stop|"
            r"go away)|end it|do it)\b(?! (?:with|between)\b)|"
            r"\b(?:do not|don't|no longer) want to (?:continue|carry on)\b ?(?:[.!,]|$|anymore|"
            r"living|like this)|"
            r"\bno (?:tomorrow|future|next year|more days) for me\b(?! (?:and|with)\b)|"
            r"\b(?:tonight|today|this) (?:is|will be) my (?:last|final) (?:night|day)\b ?"
            r"(?:[.!,]|$|alive|on (?:this )?earth|here)|"
            r"\b(?:this is|here is|consider this) my (?:last|final) (?:message|post|words|text)\b"
            r"(?! (?:to|for) (?:him|her|them|xname|my ex|tonight|today|now|the night|a while|"
            r"the day|this week)\b)|"
            r"\bmy (?:last|final) (?:message|post|words|text) (?:ever|to (?:you all|everyone|"
            r"anyone|the world))\b|"
            r"\b(?:goodnight|good night) (?:forever|for the last time|for good)\b|"
            r"\b(?:will not|won't) be (?:around|here) ?(?:[.!]|$)|"
            r"\bafter (?:tonight|today|tomorrow) (?:none of this|nothing) (?:will|is going to) "
            r"matter\b|"
            r"\b(?:decided|made the decision|made up my mind) to (?:end my life|kill myself|"
            r"go through with it)\b|"
            # "I've decided to end it" is now; "I decided to end it" is the breakup story.
            r"\b(?:have|i am|am) (?:finally )?(?:decided|made the decision|made up my mind) to "
            r"(?:end it|do it)(?: all| tonight| now)? ?(?:[.!,]|$)|"
            r"\b(?:gave|giving|give|rehomed|rehoming) (?:away )?my (?:dog|cat|pets?|rabbit|bird|"
            r"hamster|fish)\b(?! back).{0,40}\b(?:said goodbye|for good|forever|permanently|"
            r"will not need)\b|"
            r"\bsorry i (?:could not|was not|am not) (?:be )?(?:stronger|strong enough|enough|"
            r"better)\b|"
            r"^(?:i am )?sorry (?:mom|mum|dad|mommy|daddy|mama|papa|everyone|everybody|guys) ?"
            r"[.!]?$|"
            r"\b(?:pray|praying|prayed|hope|hoping|wish|wishing) (?:that )?(?:god|jesus|the lord|"
            r"the universe|death) (?:will |would |to )?(?:just )?(?:takes?|taking|calls?) me\b|"
            r"\bjust want (?:it|it all|everything|all of this|this) (?:all )?to (?:be over|end|"
            r"stop) ?(?:[.!,]|$|already|now|forever)"
        ),
    ),
    (
        # Aftermath of an attempt, slang for leaving life, means and places kept in mind, and
        # the world after one is gone (written from batch 15).
        "crisis:aftermath-and-means",
        re.compile(
            r"\b(?:angry|sad|upset|disappointed|mad|annoyed|pissed|furious) (?:that )?i "
            r"(?:survived|woke up|am still (?:here|alive)|lived|did not die)\b|"
            r"\bwish (?:it|the overdose|the pills|the attempt|the rope|i) (?:had|would have) "
            r"(?:worked|succeeded|died|not woken up)\b|"
            r"\b(?:do|did|done) it (?:properly|right) (?:this time|next time|the first time)\b|"
            r"\bnext time i (?:will not|won't) (?:fail|mess it up|survive)\b|"
            r"\b(?:will not|won't) (?:fail|survive) (?:this|next) time\b|"
            r"\boverdos\w* (?:earlier|today|tonight|last night|\w+ (?:minutes|hours) ago|"
            r"an hour ago|just now)\b|"
            r"\b(?:clock|clocking|log|logging|check|checking|tap|tapping|bow|bowing|opt|opting|"
            r"sign|signing) (?:out|off) (?:of|from) (?:life|existence|this life|this world|"
            r"living|being alive)\b|"
            r"\bnice knowing (?:you all|you guys|everyone|everybody|all of you)\b|"
            r"\b(?:yeet|throw|hurl|fling|launch|toss) myself (?:off|in front of|out (?:of )?"
            r"(?:a|the|my) window|into (?:the sun|traffic|a river|the river|the sea|the ocean|"
            r"a lake|the lake|a volcano|oncoming))\b|"
            r"\b(?:thinking|thought|think|obsessing) about (?:the|my|a|his|her|\w+'s|\w+ s|my "
            r"\w+'s) (?:\w+ )?(?:gun|rope|pills|sleeping pills|knife|knives|blade|razor|belt|"
            r"noose)\b|"
            r"\b(?:belt|rope|cord|cable|scarf|sheet) (?:\w+ ){0,2}?(?:to|on|around|over) "
            r"(?:the |a )?(?:door|doorknob|door handle|beam|ceiling|fan|rail|railing|hook|rafter|"
            r"pipe)\b|"
            r"\b(?:charcoal|helium|carbon monoxide)\b.{0,30}\b(?:tape|bag|car|tent|garage|you "
            r"know what for|bathroom)\b|"
            r"\b(?:pills|gun|rope|knife|knives|belt|blade|blades|razor|bridge|noose)\b.{0,60}"
            r"\b(?:(?:been |keep |kept )?thinking about it|staring at it|looking at it|keep "
            r"looking at it)\b|"
            r"\b(?:do not|can not|don't) trust myself (?:around|near|with) (?:the |my |a |any )?"
            r"(?:knives|knife|pills|meds|blades|razors?|sharp \w+|gun|rope|balcony|bridge|"
            r"window|car)\b|"
            r"\b(?:walk|walking|swim|swimming|go|going|wade|wading) (?:out )?into the (?:waves|sea|"
            r"ocean|water|lake|river)\b.{0,40}\b(?:not|never) (?:coming|come) back\b|"
            r"\b(?:swim|swimming|walk|walking) out (?:until|till) i (?:can not|can't|sink|drown)|"
            r"\b(?:thoughts?|thinking|think|thought) (?:of|about) (?:just )?(?:ending "
            r"(?:everything|it all|myself)|not waking up|not existing|disappearing forever)\b|"
            r"\b(?:jump|jumping) off (?:something|somewhere|anything) (?:high|tall)\b|"
            r"\b(?:urge|urges|itch) to (?:die|kill myself|end it|end my life|jump|hang myself|"
            r"overdose|disappear forever)\b|"
            r"\b(?:bled|bleeding) (?:a lot|so much|too much|everywhere)\b|"
            r"\blost (?:a lot of|so much|too much) blood\b|"
            r"\b(?:can not|do not|can never|could not) (?:imagine|see|picture) myself (?:still )?"
            r"(?:alive|living past|making it (?:to|past)|reaching)\b|"
            r"\b(?:life|living|existing|existence)\b.{0,30}\bwant (?:it|this|all of it)"
            r" (?:all )?to (?:end|stop|be over)\b|"
            r"\buntil i can (?:finally )?(?:go|leave|die|rest|stop|be free|disappear) ?(?:[.!,]|$|"
            r"for good|forever)|"
            r"\b(?:get over|be fine after|cope with|move on from|sad about|notice) (?:me dying|"
            r"my death|me being gone|me killing myself|losing me)\b|"
            r"\b(?:nobody|no one|noone) (?:will|would) (?:even )?(?:notice|care|realise|realize) "
            r"(?:that )?i (?:am|was|had) (?:gone|dead)\b|"
            r"\bby the time (?:anyone|anybody|you|someone|you all|people|they) (?:reads?|sees?|"
            r"gets?|finds?) this\b"
        ),
    ),
    (
        # Written from batch 17: the same families said inside longer messages.
        "crisis:long-form",
        re.compile(
            r"(?<!not )\b(?:already )?(?:decided|picked|chose|chosen) (?:exactly )?(?:when|how) ?"
            r"(?:[.!,]|$)|"
            r"\b(?:go away|disappear|vanish) (?:for good|forever)\b(?! (?:from|to|on|after|"
            r"with)\b)|"
            r"\bif i (?:was|were|am) gone\b(?! (?:for|to|on|from|a|an|the|this|that|by|during|"
            r"when|at|over)\b)|"
            rf"\b{_WISH} to (?:just )?stop being ?(?:[.!,]|$)|"
            r"\b(?:have|got|took|taken|stole|found|grabbed) (?:my )?\w+(?:'s| s) (?:pills|meds|"
            r"tablets|sleeping pills|painkillers|gun|rifle|pistol)\b|"
            r"\bif i (?:actually|just|finally|really) (?:go|went|left|did it) ?(?:[.!,?]|$)|"
            r"\bone (?:less|fewer) (?:me|of me)\b|"
            r"\b(?:left|leaving|wrote|written|writing) (?:notes|letters|a note|a letter) "
            r"(?:for|to) (?:everyone|everybody|my family|each of|all of)\b|"
            r"\b(?:train|trains|tracks|platform|station)\b.{0,80}\b(?:step|stepping|stepped) "
            r"(?:forward|in front|off|out)\b"
        ),
    ),
    (
        # Oblique wording with no word for dying in it (written from batch 19): affairs put
        # in order, no place in the future, permanent sleep, the edge, hoping the body or a
        # car does it, enough pills put by.
        "crisis:oblique",
        re.compile(
            r"\btying up (?:all )?(?:my )?loose ends ?(?:[.!,]|$|i guess|before i go)|"
            r"\b(?:changed|updated|wrote|written|made|sorted) my will\b|"
            r"\b(?:will not|won't|not|do not think i will) need (?:a |my |any )?(?:\w+ )?"
            r"(?:coat|clothes|shoes|anything|it|them|these|a phone) (?:\w+ ){0,2}?"
            r"(?:this|next|after) (?:year|winter|summer|month|week|tonight)\b|"
            r"\b(?:looking|look|looked|staring|stare|stared|keep looking) (?:up )?at (?:the )?"
            r"(?:top floor|roof|edge|ledge|top) of (?:the|a|this|that) (?:car park|parking garage|"
            r"parking lot|multi storey|building|bridge|tower|cliff)\b|"
            r"\b(?:no|not a|not any) (?:version of|future|world) (?:\w+ ){0,3}?with me in it\b|"
            r"\b(?:i will not|i won't|i am not going to) be in it\b|"
            r"\b(?:permanent|eternal|endless|final) (?:kind of )?(?:sleep|rest|quiet|silence|"
            r"nap)\b|\bforever (?:quiet|asleep|still|silent)\b|\bquiet forever\b|"
            r"\b(?:like|somewhere|be|lie|lying) (?:\w+ )?(?:under the ground|underground|six "
            r"feet under|in the ground)\b|"
            r"\bholding (?:the|my|these|those|a handful of|all the|all my) (?:pills|tablets|"
            r"meds|blade|razor|rope|noose)\b|"
            r"\b(?:step|stepping|stepped|move|moving|inch|inching|lean|leaning) (?:closer |"
            r"nearer )?(?:to|towards|over) the (?:edge|ledge|tracks|platform edge)\b|"
            r"\b(?:letter|note|message)\b.{0,40}\bnot (?:her|his|their|your|anyone s|anyone's|"
            r"anybody's|anyone|their) fault\b|"
            r"(?<!not )(?<!were )(?<!was )\b(?:going to|gonna|ready to|want to|time to|about to) "
            r"(?:just )?let go ?(?:[.!,]|$|"
            r"tonight|now|for good|forever|of (?:everything|it all|life|this life))|"
            r"\bhope (?:i|that i) (?:\w+ ){0,6}?(?:do not|never|will not|won't) (?:recover|get "
            r"better|make it|survive|wake up)\b|"
            r"\bhope (?:a|the) (?:car|bus|truck|train|lorry|driver) (?:\w+ )?(?:does not|doesn't|"
            r"will not|won't|never) (?:stop|brake|see me)\b|"
            r"\b(?:do not|don't|no longer) want to be (?:a person|human|a human being|me|myself)"
            r"(?: anymore| any more| any longer)? ?(?:[.!,]|$|anymore)|"
            r"\bplan(?:ning|ned)? (?:which|what) (?:day|night|date|time|method|way)\b|"
            r"\b(?:do not|don't) (?:have|see) a future\b.{0,20}\b(?:do not|don't) want "
            r"(?:one|it)\b|"
            r"\b(?:gone|dead|over)\b.{0,40}\bmake it official\b|"
            r"\bso (?:that )?i (?:would|will) have enough\b|"
            r"\b(?:prescription|pills|tablets|meds|refill|refills)\b.{0,40}\b(?:have|had|got|"
            r"saved) enough\b|"
            r"\b(?:bridge|tracks|roof|cliff|ledge|station|platform)\b.{0,60}\b(?:go|going|head|"
            r"heading|i will go) back (?:there )?(?:tonight|later tonight|alone)\b|"
            r"\b(?:hope|hoping|wish|pray|praying) (?:that )?my heart (?:just |would |will )*"
            r"(?:stops?|gives out|gives up)\b|"
            r"\b(?:never|not) (?:have to )?(?:do|face|wake up to) (?:tomorrow|another day|any day)"
            r"\b|"
            r"\bhad enough of (?:this |my )?(?:life|living|existing|being alive)\b|"
            r"\blife\b.{0,30}\b(?:i am|im) leaving it\b|"
            r"\bwhere i (?:cut|burned|burnt|scratched|carved|hit myself|burn)\b(?! (?:my finger|"
            r"my hand|myself shaving|my thumb))|"
            r"\bhoping (?:that )?i (?:would not|wouldn't|will not|won't|do not|don't|never) "
            r"wake up\b|"
            r"\b(?:wonder|wondering|wondered) (?:if|whether|how much) (?:it|dying|falling|jumping|"
            r"drowning) (?:would|will) hurt\b(?! to)(?=.{0,30}\b(?:falling|jumping|dying|"
            r"drowning|the fall|the drop)\b)|"
            r"\bwhere i (?:cut|burned|burnt)\b"
        ),
    ),
    (
        # Others after one is gone: said with someone else as the subject on purpose, so the
        # subject rule does not apply ("my sister can have my car", "they'll be sad for a bit
        # and then they'll be fine").
        "crisis:after-me",
        re.compile(
            r"\b(?:can|could|will|should) have (?:all )?my (?:\w+ )?(?:car|stuff|things|clothes|"
            r"books|guitar|jewellery|jewelry|savings|money|dog|cat|room|collection|records|vinyl|"
            r"games|console|bike|laptop|plants|shoes|watch|ring|necklace|xbox|playstation)\b ?"
            r"(?:[.!,]|$|when|after)|"
            r"\b(?:sad|upset|cry|miss me) for a (?:bit|while|little while|few days|week|day)\b"
            r".{0,40}\b(?:fine|okay|better|get over it|get over me|move on)\b"
        ),
    ),
    (
        # Intrusive thoughts, often quoted in the second person ("you're worthless, just do it
        # already... that's what my head keeps telling me"): the subject rule does not apply.
        "crisis:intrusive",
        re.compile(
            r"\b(?:do it already|nobody will stop you|nobody would miss you|kill yourself|"
            r"just die|you should die|end it already)\b.{0,80}\b(?:my head|my brain|the voice|"
            r"voices|intrusive thoughts?) (?:\w+ ){0,2}?(?:telling|tells|told|says|saying|keep)\b|"
            r"\b(?:my head|my brain|the voice|voices|intrusive thoughts?) (?:\w+ ){0,3}?"
            r"(?:telling me|tells me|told me|says|saying|keeps saying) (?:to |i should )?(?:just )?"
            r"(?:kill myself|end it|die|do it|jump|cut|hurt myself|disappear)\b"
        ),
    ),
    (
        "crisis:hopeless-2",
        re.compile(
            r"\b(?:do not|can not|no longer|can no longer) see (?:a|any) (?:way|reason|point|"
            r"future|light|hope) (?:to|of|in|for) (?:keep going|go on|going on|keep living|"
            r"live|living|stay alive|staying alive|continue|carry on|survive|be here|being here|"
            r"me)\b|"
            r"\b(?:give up|giving up|gave up|given up) on (?:everything|it all|existing|"
            r"the world|being alive)\b|"
            r"\b(?:nobody|no one|noone|not one person) (?:\w+ )?(?:cares|care|would care|will "
            r"care|would notice|would miss me|notices) (?:if|whether) i (?:live or die|die|"
            r"lived or died|disappear|vanish|was gone|were gone|am gone|killed myself)\b|"
            r"\b(?:nobody|no one|noone|who|would anyone|how many people) (?:\w+ ){0,3}?(?:come|"
            r"came|show up|cry|go|be|turn up) (?:to|at) my funeral\b|"
            r"\b(?:life|living|existing|everything|it) is (?:too|so) (?:painful|hard|much|heavy) "
            r"to (?:continue|go on|keep going|bear|live|survive|keep living)\b(?! (?:with|"
            r"without (?:texting|calling)|no contact|nc)\b)|"
            r"\b(?:want|need|wish|make|how do i make) (?:it all|everything|it|this|the pain|"
            r"all of it|my heart|my mind|the thoughts) (?:to )?(?:just )?(?:stop|end|be over)"
            r" (?:forever|for good|permanently|once and for all)\b|"
            r"\b(?:too much|unbearable|too painful|can not take it)\b.{0,30}\bwant (?:it|this|"
            r"everything|it all) to (?:stop|end|be over)\b|"
            r"\bwant my (?:heart|breathing|life|pulse) to stop\b|"
            r"\bhope (?:i|that i) (?:\w+ ){0,4}?(?:and )?(?:die|dead|do not survive|never wake "
            r"up|do not wake up)\b|"
            r"\b(?:fantasi[sz]\w*|dream\w*|daydream\w*|think\w*|thought|obsess\w*|romanti[cs]i[sz]"
            r"\w*) about (?:my (?:own )?(?:death|dying|suicide|funeral|grave)|being dead|"
            r"not being here|not existing|how (?:to|i would|i could|i will) (?:end it|end my life|"
            r"die|do it|kill myself))\b|"
            r"\b(?:want|wanna|ready|wish i could|going|longing|long) to (?:go to heaven|"
            r"be in heaven|be with (?:my )?\w+ (?:in heaven|up there|again on the other side))\b|"
            r"\b(?:not strong enough|too tired|too weak|no energy left|no strength left|"
            r"can not find the strength) to (?:keep )?(?:fight|fighting|hold on|holding on|"
            r"keep going|go on|carry on|stay alive)(?: anymore| any more| any longer)?\b"
            r"(?! (?:for|with|against)\b)|"
            r"(?<=and )so (?:am|will) i(?: be)? (?:soon|shortly|next|before long|too soon)\b|"
            r"\b(?:stop|quit) feeling (?:anything |everything )?(?:\w+ )?,? ?(?:forever|for good|"
            r"permanently)\b|"
            r"\brather (?:not )?(?:be alive|exist|be here|live|wake up) than\b|"
            r"\bwould rather (?:just )?not (?:be alive|exist|be here|wake up)\b|"
            r"\b(?:checking|check|checked) out (?:for good|permanently|forever|early|of (?:this )?"
            r"(?:life|world))\b(?! of (?:the|this) (?:hotel|hostel|store|shop))|"
            r"\bend (?:the|this|my|all this|all the) (?:pain|suffering|misery|hurt) (?:for good|"
            r"forever|permanently|once and for all|tonight)\b|"
            r"\b(?:the|this) world (?:does not|would not|will not|no longer) (?:need|want|miss) "
            r"me\b|"
            r"\btell (?:my (?:mom|dad|family|parents|sister|brother|kids|friends|mum)|everyone|"
            r"everybody) (?:that )?i (?:am sorry|love (?:them|her|him|you)|loved (?:them|her|him)|"
            r"was sorry|am so sorry)\b|"
            r"\b(?:disappear|vanish|erase myself|be erased|fade away|fade) from (?:existence|"
            r"this world|this earth|the earth|the face of the earth|life|being)\b|"
            r"\b(?:doing|do|did) (?:everyone|everybody|the world|them|my family|you all) a "
            r"(?:favou?r|kindness)\b.{0,20}\bif i\b|"
            r"\b(?:do not|can not|not sure i can|doubt i can|do not know if i can) "
            r"(?:think i will |)make it (?:to|through) (?:the weekend|tomorrow|friday|monday|"
            r"tuesday|wednesday|thursday|saturday|sunday|christmas|next week|the end of|morning|"
            r"my birthday|another day|the night|tonight)\b|"
            r"\bdo not think i will make it (?:to|through) (?:the weekend|tomorrow|friday|monday|"
            r"tuesday|wednesday|thursday|saturday|sunday|christmas|next week|the end of the "
            r"(?:week|month)|morning|my birthday|another day|the night)\b|"
            r"\b(?:i am|im) done\b.{0,20}\b(?:goodbye|bye forever|bye everyone)\b(?! to)|"
            r"\b(?:do not|no longer) want to be here ?(?:[.!]|$|anymore|any more|any longer|"
            r"no more|no longer|honestly|lol|at all)"
        ),
    ),
    (
        # Terse finality and emoji: "ready to go 🪦", "😵🔫", "not tryna be here anymore",
        # "imma just disappear permanently", "want out of life".
        "crisis:terse",
        re.compile(
            r"^(?:(?:gun|knife|rope|pills|grave|coffin|blood|sad|lol) ?)*"
            r"(?:gun|knife|rope|grave|coffin)(?: ?(?:gun|knife|rope|pills|grave|coffin|blood|"
            r"sad|lol))* ?[.!]?$|"
            r"\b(?:ready|want|wanna|going|gonna|about|time) to (?:\w+ ){0,3}?(?:grave|coffin)\b|"
            r"\b(?:not|no longer|do not|never) (?:trying|wanting|want|planning|wishing|meant) "
            r"to (?:be here|be alive|exist|live|be around) (?:anymore|any more|any longer|"
            r"ever again)\b|"
            r"\b(?:disappear|vanish|be gone|go away|leave) (?:\w+ )?(?:permanently|for eternity|"
            r"forever and ever)\b|"
            r"\bwant(?:s)? out (?:of )?(?:life|this life|living|existence|this world|"
            r"everything|for good|permanently|forever)\b|"
            r"\bwant (?:it|it all|everything|all of this|this|my life|the pain|this pain|the hurt)"
            r" (?:to )?(?:all )?(?:to )?(?:actually |finally |really |just )?"
            r"(?:end|stop|be over|over|go away)\b ?,? (?:\w+ )?(?:permanently|forever|for good|"
            r"for real)\b|"
            r"\bwant (?:it|my life|everything|it all) to (?:actually|finally|really) end\b|"
            r"\b(?:want|wanna|wish|ready|going|gonna) (?:\w+ ){0,2}?(?:exist|be alive|live)"
            r" (?:no more|nomore)\b"
        ),
    ),
]


# Context that turns a match into an idiom or a denial. Checked on the same sentence.
_NOT_CRISIS = re.compile(
    r"\b(?:killing|killed|kill) myself (?:laughing|at the gym|at work|working|trying|studying|"
    r"for (?:this|work|nothing)|over (?:this|work)|"
    r"to (?:get|finish|make|study))|"
    r"\b(?:cut|cutting) myself (?:off|out|some slack|a break|shaving|while|on (?:the|a|some|my)|"
    r"by accident)|"
    r"\b(?:burn|burning|burned|burnt) myself (?:out|on (?:the|a|my|some)|while|cooking)|"
    r"\b(?:hurt|hurting) myself (?:at the gym|playing|working out|lifting|running|skiing|"
    r"by accident|accidentally)|"
    r"\b(?:social|career|political|financial|fashion|commercial|professional) suicide|"
    r"\bsuicidally (?:bored|boring|hot|tired|sleepy)\b|\bassisted suicide|\bsuicide (?:prevention|"
    r"awareness|hotline|helpline|rates?|statistics|"
    r"survivors? of|squad|mission|doors?|run|king|boys|drill|sprints?|kings|burn)|"
    r"\b(?:not|never|no longer|nothing) (?:feeling |actually |at all |even )?suicidal|"
    r"\b(?:would|will|could) never (?:kill|hurt|harm) myself|"
    r"\b(?:do not|don't|never|stop|not) self ?harm|"
    r"\bnot (?:mean (?:it|that) )?in a suicidal way|"
    r"\b(?:feel|feels|felt|feeling|thought|think) like i (?:am |was )?going to die|"
    r"\b(?:thought|think) i (?:am|was) going to die|\blike i (?:am|was) going to die\b|"
    r"\b(?:lost (?:\w+ ){0,3}to|died (?:by|of|from)|committed|after (?:his|her|their)) suicide\b|"
    r"\b(?:phone|battery|laptop|computer|plant|car|show|game|meme|trend|joke|conversation|"
    r"fire|flowers?|dog|cat|hamster|fish|series|band|career|relationship|marriage|love|"
    r"hope|feelings?|spark|vibe)s? (?:\w+ ){0,3}(?:die|dead|dying|death)\b|"
    r"\b(?:live|living) (?:with(?! (?:it|this|the (?:pain|guilt|shame|hurt)))|"
    r"in(?! this (?:world|planet|earth|pain|hell|misery|agony|body|"
    r"darkness)| (?:a|this) world (?:without|with no))|like that|there|here|near|"
    r"alone|together|my "
    r"(?:best )?life|it up|on)\b|\blive (?:my|our|a)\b|"
    r"\bso tired (?:that )?i (?:could|want to|wanna|would) (?:just )?sleep forever\b|"
    r"\bsuicide is (?:never|not) (?:the answer|an option|a solution)\b|"
    r"\b(?:drown|drowning|drowned) myself (?:in|with) (?:work|my work|books|school|studying|"
    r"studies|assignments|projects|the gym|hobbies)|"
    r"\b(?:not|never) (?:going to|gonna) (?:kill|hurt|harm|starve|cut|burn|off|top) myself|"
    r"\b(?:do not|does not) want to die\b(?! exactly| as such| as in)|"
    r"\bcan not do this anymore (?:with|no contact)|"
    r"\bend it (?:with|between)\b|"
    r"\b(?:relationship|engagement|marriage|situationship|things with|dating|breakup|break up)\b"
    r".{0,80}\bend it\b"
)


# Last, a backstop for wording no family above foresaw: a sentence that speaks of the self,
# names dying or not existing, and carries a wish, plan, thought or time. It runs through the
# same exceptions as every other rule (idioms, denials, other people, a recovered past).
_BACKSTOP_ME = re.compile(r"\b(?:i|me|my|myself)\b")
_BACKSTOP_DEATH = re.compile(
    r"\b(?:die|dying|death|(?:want|wish|rather|like|prefer|chose|choose) (?:to )?not exist|"
    r"not to exist|(?:just|simply|to) not exist|not existing|stop existing|my (?:own )?existence|"
    r"not (?:be |being )?(?:here|alive|around) anymore|not alive|kill(?:ing)? myself|"
    r"hang(?:ing)? myself|myself hanging|overdos\w*|noose|my (?:own )?(?:funeral|grave)|"
    r"borrowed time|gone for good|be gone forever)\b"
)
_BACKSTOP_FRAME = re.compile(
    r"\b(?:want|wanna|wish|hope|urge|urges|thought|thoughts|thinking|think about|planning|plan|"
    r"going to|ready|should|tonight|soon|again|keep|kept|angry|peaceful|worked|point|might|"
    r"picture|imagine|time to|permanently|feel like|better|easier|deserve|craving|tempted|"
    r"rather|can not stop|okay with|fine with|welcome|waiting)\b"
)
_BACKSTOP_BARE = re.compile(
    r"\b(?:urge|urges|want|wanna|wish|thoughts?|ready|time|craving|longing) (?:\w+ ){0,2}?"
    r"(?:to )?(?:die|dying|death|not exist)\b"
)
_BACKSTOP_OTHER = re.compile(r"\b(?:he|she|they|you|his|her|their|your|xname)\b")
_BACKSTOP_NOT = re.compile(
    r"\b(?:die|dying|death) (?:of|for|from|laughing|inside|alone|if|when|before|in your|"
    r"in his|in her|in their|my|your|his|her|our|their|it|a little|to (?:know|see|go|try|meet|"
    r"hear|get|have|find|watch|read))\b|\bdying to\b|"
    r"\b(?:until|till|before|when|the day) i die\b|"
    r"\b(?:his|her|their|your|grandpa|grandma|grandad|granny|mom|dad|dog|cat|friend|brother|"
    r"sister|uncle|aunt|cousin|father|mother|\w+'s|xname) (?:\w+ ){0,2}?(?:died|dies|death|"
    r"dying|funeral|overdose|overdosed)\b|"
    r"\b(?:lyrics?|song|movie|film|show|book|game|episode|character|series|news|article)\b|"
    r"\bdeath (?:stare|metal|note|grip|trap|row|toll|penalty|threats?)\b|"
    r"\b(?:till|until|do us part|near|brush with|fear of|afraid of|scared of) death\b|"
    r"\brather (?:die|death) than\b|\b(?:feel|felt|feeling|feels) like (?:i am|im) dying\b|"
    r"\bdie together\b|\b(?:small|little|slow|social) death\b|\b(?:fake|faked|faking) my death\b|"
    r"\bgo die (?:in|on) (?:bed|my bed|the couch|a hole)\b|"
    r"\bgoing to die\b(?! (?:tonight|soon|by my own))"
)


def _backstop(sentence: str) -> re.Match[str] | None:
    # Without "I", only a wish or urge right before the word counts ("the urge to die").
    about_me = _BACKSTOP_ME.search(sentence) or (
        not _BACKSTOP_OTHER.search(sentence) and _BACKSTOP_BARE.search(sentence)
    )
    if not about_me or _BACKSTOP_NOT.search(sentence):
        return None
    m = _BACKSTOP_DEATH.search(sentence)
    return m if m and _BACKSTOP_FRAME.search(sentence) else None


_ALL: Sequence[tuple[str, re.Pattern[str]]] = [*_PATTERNS, *_BROAD]

# A past plainly over ("a year ago I was suicidal, now I'm doing better") cancels every
# rule but these.
_ALWAYS = frozenset(("crisis:third-party-threat", "crisis:means-or-farewell"))
_INJURY_RULES = frozenset(
    ("crisis:harm-self", "crisis:self-injury", "crisis:indirect", "crisis:goodbye-plan")
)
_PAST = re.compile(
    r"\b(?:used to|ago|last year|in (?:high school|school|college|uni)|as a (?:kid|teen|"
    r"teenager|child)|back then|back in|when i was (?:younger|a kid|a teen|\d+|in)|"
    r"in the past|years back)\b"
)
_RECOVERED = re.compile(
    r"\b(?:(?:now|these days) i am (?:\w+ )?(?:better|okay|fine|happy|good|well|safe|clean|"
    r"doing (?:\w+ )?(?:better|well|okay|good))|doing (?:so |much |a lot |way )*(?:better|well)|"
    r"(?:actually|genuinely|really) happy|happy now|(?:been|am|stayed) clean|\w+ (?:years|"
    r"months|days) clean|clean (?:for|since)|recovered|in recovery|got help|healed|"
    r"(?:it is|it has|it has been|it is been) (?:been )?(?:\w+ ){0,2}(?:years|months)|"
    r"not anymore|past that|behind me|in a (?:\w+ )?(?:good|better|great|safe) place|"
    r"how far i have come|"
    r"i am (?:\w+ )?(?:fine|okay|better|good|well|safe) now|"
    r"(?:therapy|meds|medication|treatment|counselling|counseling) (?:\w+ )?(?:helped|saved))\b"
)
_STILL = re.compile(
    r"\b(?:again|coming back|came back|back now|creeping back|relaps\w*|lately|tonight|"
    r"right now|these days|still|today|starting to|want to|wanna|thinking about|urges?)\b"
)
# Close to a match: someone else did it ("unalived herself"), it was an accident ("scratched
# my arm on the rose bush"), a way of saying heartache ("hurting myself by checking her
# insta"), or the topic is being talked about ("suicide jokes", "a tiktok about").
_AFTER_OTHER = re.compile(r"^ (?:\w+ )?(?:him|her|them)sel(?:f|ves)\b")
_ACCIDENT = re.compile(
    r"\b(?:on (?:the|a|an|some|his|her) (?:oven|stove|pan|iron|kettle|bush|rose|fence|nail|"
    r"glass|corner|door|table|counter|edge|grater|knife|bike|floor|ice|stairs|branch|"
    r"cat|dog)\w*|while (?:cooking|shaving|"
    r"chopping|baking|working|playing|running|climbing|gardening)|by accident|accidentally|"
    r"chopping|cooking|shaving|baking|ironing|at the gym|playing (?:football|soccer|"
    r"rugby|hockey|basketball))\b"
)
_LOCAL_NOT = re.compile(
    r"\b(?:end|ending|ended) (?:it|things|this|everything) (?:\w+ ){0,4}?with (?:him|her|them|"
    r"xname|my ex|my \w+friend)\b|"
    r"\basked (?:me )?(?:if|whether) i (?:was|am|were|felt|feel|had been|have been|had|have) "
    r"(?:\w+ )?(?:suicidal|self harming|cutting|having (?:dark|suicidal) thoughts|"
    r"(?:having )?(?:any )?thoughts (?:of|about) (?:hurting myself|suicide|killing myself|"
    r"self harm|ending (?:it|my life)|harming myself|dying))\b.{0,30}"
    r"\b(?:said|say|told \w+) no\b|"
    r"\bmyself (?:by|with) (?!cutting|burning|starving|hitting|scratching|pills|a (?:knife|"
    r"blade|razor))\w+ing\b|"
    r"\b(?:who|that) (?:is|was|are|were|seems|feels|might be|may be) (?:\w+ )?suicidal\b|"
    r"\b(?:sh|suicide|sewer ?slide|unalive|self harm|suicidal) (?:jokes?|memes?|tiktoks?|"
    r"videos?|trend|content|documentar\w+|awareness|statistics|scenes?)\b|"
    r"\b(?:tiktok|video|meme|joke|jokes|article|post|documentary|movie|film|show|book|song|"
    r"podcast|news|story|lecture|class|essay|episode) (?:\w+ )?(?:about|on) "
    r"(?:suicide|sewer ?slide|self harm|sh|unaliving|overdoses?)\b"
)


def detect_crisis(sentences: Sequence[str]) -> str | None:
    """Return the crisis rule that fires on any sentence, or None."""
    recovered = _is_recovered(sentences)
    for sentence in sentences:
        for name, pattern in _ALL:
            m = pattern.search(sentence)
            if m and not _denied(name, sentence, m, recovered):
                return name
    for sentence in sentences:
        m = _backstop(sentence)
        if m and not _denied("crisis:backstop", sentence, m, recovered):
            return "crisis:backstop"
    # "I'm so done. With everything. With life." says it across sentences.
    if 1 < len(sentences) <= 6:
        joined = " ".join(s.rstrip(" .!?,") for s in sentences)
        for name, pattern in _ALL:
            m = pattern.search(joined)
            if m and not _denied(name, joined, m, recovered):
                return name + "+joined"
    return None


def _is_recovered(sentences: Sequence[str]) -> bool:
    """A past that is plainly over: a past marker, a recovery marker, nothing current."""
    text = " ".join(sentences)
    return bool(_PAST.search(text) and _RECOVERED.search(text) and not _STILL.search(text))


def _denied(name: str, sentence: str, m: re.Match[str], recovered: bool = False) -> bool:
    """A denial, an idiom or someone else as the subject cancels the softer patterns.

    Explicit plans, burden thoughts and threats by the ex always count.
    """
    if name == "crisis:third-party-threat":
        return False
    if name == "crisis:intrusive":
        return bool(_LOCAL_NOT.search(sentence))
    if recovered and name not in _ALWAYS:
        return True
    window = sentence[max(0, m.start() - 40) : m.end() + 40]
    if _AFTER_OTHER.search(sentence[m.end() : m.end() + 20]) or _LOCAL_NOT.search(window):
        return True
    if name in _INJURY_RULES and _ACCIDENT.search(window) and "on purpose" not in window:
        return True
    if name in (
        "crisis:goodbye-plan",
        "crisis:burden",
        "crisis:means-or-farewell",
        "crisis:after-me",
    ):
        return False
    if _NOT_CRISIS.search(sentence):
        return True
    # Only the subject of the clause the match sits in counts: in "she dumped me, want to
    # die" she is the subject of the first clause, not of wanting to die.
    # Breaks are found on the whole sentence so that "and want to die" sees its verb.
    cut = 0
    for brk in _CLAUSE_BREAK.finditer(sentence):
        if brk.end() > m.start():
            break
        cut = brk.end()
    clause = sentence[cut : m.start()]
    subjects = _SUBJECTS.findall(clause)
    if subjects:
        return subjects[-1] not in ("i", "we")
    return bool(_OTHER_OPENS.search(clause))


# A clause boundary: the subject of an earlier clause is not the subject of the match.
_CLAUSE_BREAK = re.compile(
    r"[,;:.!?]|\b(?:so|because|cause|since|now|then|when|after|if|until|though|although|"
    r"while|lol|honestly)\b|"
    # "she left and now..." starts a new clause; "she cried and wants to die" does not.
    r"\b(?:and|but)\b(?! (?:\w+ )?(?:want|wants|wanted|wanna|miss|misses|cry|cries|cried|said|"
    r"says|feel|feels|felt|is|was|has|had|would|will|might|may|can|could|does|did)\b)"
)
# The last of these before a match in its clause says whose thoughts they are: "she can't do
# this anymore" is about her, not the person writing.
_SUBJECTS = re.compile(r"\b(?:i|we|you|he|she|they|people|someone)\b")
# A clause that opens with another person: "my best friend attempted suicide last year".
_OTHER_OPENS = re.compile(
    r"^ ?(?:my|her|his|our|a|the) (?:best )?(?:friend|brother|sister|cousin|mom|dad|uncle|aunt|"
    r"classmate|coworker|roommate|son|daughter|grandpa|grandma|neighbou?r|girl|guy|boy|man|"
    r"woman|kid|character)\b"
)
