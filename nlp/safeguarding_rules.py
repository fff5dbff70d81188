"""The phrase rules behind ``nlp.safeguarding``, kept apart so they can be read and reviewed
by safeguarding leads without reading code.

Rules are the clear, explainable cases: each names the risk category it shows (or ``None`` when the
words alone do not say which, and the model decides) and the least level it deserves. The
statistical model in ``nlp.safeguarding_model`` catches what the rules do not word.

Rules match a message rewritten as lower-case words joined by single spaces, without
punctuation or apostrophes ("don't" -> "dont"), once as written and once as lemmas
("hits" -> "hit", "was" -> "be"). Each rule is tried on both.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Rule:
    name: str
    group: str  # the family of rules it belongs to, for reading this file
    pattern: re.Pattern[str]
    negatable: bool = False  # "he has never hit me" should not fire this rule

    @property
    def outcome(self) -> tuple[str | None, str]:
        """(category or None, least level) for a message this rule fires on."""
        return OUTCOMES[self.name]


# Rule groups, most urgent first: when several rules fire, the first group's rule names the category.
GROUP_PRIORITY = ("immediate_danger", "suicide_self_harm", "sexual_exploitation", "abuse_violence")

# Text-speak and joined-up words, after apostrophes are removed.
REPLACEMENTS = {
    "kms": "kill myself",
    "kys": "kill yourself",
    "unalive": "kill",
    "unaliving": "killing",
    "unalived": "killed",
    "selfharm": "self harm",
    "selfharming": "self harming",
    "selfharmed": "self harmed",
    "killmyself": "kill myself",
    "wanna": "want to",
    "wana": "want to",
    "gonna": "going to",
    "gona": "going to",
    "u": "you",
    "ur": "your",
    "r": "are",
    "kil": "kill",
    "kiled": "killed",
    "dnt": "do not",
    "wnt": "want",
    "wont": "will not",
    "cant": "cannot",
    "cnt": "cannot",
    "anymore": "any more",
    "nomore": "no more",
    "pix": "pics",
    "pic": "pics",
    "nudez": "nudes",
    "myslf": "myself",
    "mself": "myself",
    "meself": "myself",
    "hes": "he is",
    "shes": "she is",
    "im": "i am",
    "ive": "i have",
    "dont": "do not",
    "doesnt": "does not",
    "didnt": "did not",
    "isnt": "is not",
    "wasnt": "was not",
    "havent": "have not",
    "hasnt": "has not",
    "wouldnt": "would not",
    "couldnt": "could not",
    "noone": "no one",
    "somone": "someone",
    "sumone": "someone",
    "stepdad": "step dad",
    "stepmum": "step mum",
    "stepmom": "step mum",
    "daddy": "dad",
    "mummy": "mum",
    "mom": "mum",
    "mam": "mum",
    "mother": "mum",
    "father": "dad",
    "bf": "boyfriend",
    "od": "overdose",
    "oding": "overdosing",
    "sh": "self harm",
    "didn": "did",
    "pls": "please",
    "plz": "please",
    "nite": "night",
    "2nite": "tonight",
    "tonite": "tonight",
}

# Key words a misspelling is corrected towards (see ``SpellingCorrector``: rare words only).
KEYWORDS = (
    "suicide",
    "suicidal",
    "disappear",
    "disappearing",
    "overdose",
    "overdosed",
    "myself",
    "himself",
    "herself",
    "themselves",
    "anymore",
    "abuse",
    "abused",
    "abusive",
    "abusing",
    "grooming",
    "groomed",
    "nudes",
    "naked",
    "pictures",
    "photos",
    "strangle",
    "strangled",
    "strangling",
    "knife",
    "knives",
    "weapon",
    "threaten",
    "threatened",
    "threatening",
    "violent",
    "violence",
    "punched",
    "punches",
    "kicked",
    "kicks",
    "slapped",
    "scared",
    "frightened",
    "terrified",
    "touches",
    "touched",
    "touching",
    "inappropriately",
    "secret",
    "exploited",
    "exploitation",
    "hanging",
    "raped",
    "paracetamol",
    "tablets",
    "bruises",
    "bruised",
    "breathing",
    "unconscious",
    "missing",
    "stabbed",
    "stabbing",
    "harming",
    "cutting",
    "living",
    "alive",
    "forever",
    "existing",
    "snapchat",
    "instagram",
    "beating",
    "battered",
    "choking",
    "danger",
    "hits",
    "hitting",
    "beats",
    "kicks",
    "kill",
    "hurt",
    "hurts",
    "punch",
    "rape",
    "police",
    "sexual",
    "sexually",
    "private",
    "privates",
)

NEGATIONS = frozenset({"not", "never", "no", "nobody", "nothing"})

# Idioms that use alarming words harmlessly; blanked before the rules run.
IDIOMS = tuple(
    re.compile(p)
    for p in (
        r"\bdying to (?:know|see|go|hear|get|find|meet|try|tell)\b",
        r"\bto die for\b",
        r"\bkill(?:ing)? (?:time|two birds)\b",
        r"\b(?:could|would) kill for\b",
        r"\bin danger of\b",
        r"\bknife and fork\b|\bknives and forks\b|\bcutlery\b",
        r"\bsuicide (?:prevention|awareness)\b",
        r"\b(?:really|deeply|truly|so|genuinely) touched me\b|\btouched me (?:deeply|so much|a lot)\b",
        r"\bit (?:really |has |just )?hit me\b",
        r"\bhit me up\b",
        r"\bmissing (?:a lot of |lots of |so much |too much |some |most of |more )?(?:out|school|lessons?|class(?:es)?|"
        r"education|days?|work|sessions?|appointments?|the bus|pe|forms?|paperwork|letters?|pages?|documents?|"
        r"information|details|links?)\b",
        r"\boverdos\w* on (?!(?:\w+ ){0,2}(?:pills?|tablets?|paracetamol|meds|medication|medicine|drugs|insulin|"
        r"painkillers|ibuprofen|alcohol|vodka)\b)",
        r"\b(?:just |please |honestly )?shoot me now\b|\bjust shoot me\b",
        r"\b(?:cannot|could not|can not) breathe (?:for|from|with) (?:laughing|laugh|laughter|giggling|giggle)\b",
        r"\bhit hard(?:est)? by (?:the )?(?:cost|costs|cuts|price|prices|lack|loss|changes|delays|news|bills|bill|"
        r"rise|rises|shortage|shortages)\b",
        r"\bdog groom\w*|\bgroom(?:ing|ers?)? (?:salon|parlour|kit|brush)\b",
        r"\bself harm (?:awareness|training|course|courses|policy|policies|leaflet|leaflets|page|pages|support page|"
        r"training for)\b",
        r"\bmissing in action\b",
        r"\bdead in the water\b",
        r"\b(?:die|died|dying|dye) (?:of|from) (?:boredom|embarrassment|shame|laughter|laughing|cuteness|excitement)\b",
        r"\bdie laughing\b",
        r"\b(?:hit|hits|hitting|got hit|get hit) (?:\w+ )?with (?:a |an |the |another |more |big |huge )*"
        r"(?:delay|delays|bill|bills|fine|fines|charge|charges|cut|cuts|news|letter|letters|decision|question|questions|demand|"
        r"demands|paperwork|form|forms)\b",
        r"\bdisappear (?:into|to) (?:a|the|my|his|her) (?:\w+ )?(?:room|bedroom|corner|garden|shed|library|den)\b",
        r"\bhurt (?:him|her|my|them)self (?:playing|play|at (?:football|rugby|pe|the park|play)|falling|when (?:he|"
        r"she) fell)\b",
    )
)

# Words saying it is happening now: a threat or plan with one of these gets the emergency answer.
URGENCY = re.compile(r"\b(?:right now|tonight|this minute|as we speak|at the moment he|outside the door)\b")

_SELF = r"(?:myself|my self|himself|him self|herself|her self|themselves|themself|yourself|ourselves)"
_ADULT = (
    r"(?:dad|step dad|mum|step mum|mums boyfriend|mums partner|mums new partner|mums new boyfriend|"
    r"mum boyfriend|boyfriend|girlfriend|partner|husband|wife|"
    r"ex|uncle|grandad|granddad|carer|foster carer|foster dad|foster mum)"
)
_AGENT = (
    rf"(?:{_ADULT}|he|she|they|brother|sister|cousin|teacher|someone|somebody|man|woman|people|"
    r"son|daughter|boy|girl|kid|kids|child)"
)
_VIOLENT = (
    r"(?:hit|hits|hitting|beat|beats|beating|kick|kicks|kicking|punch|punches|punching|slap|slaps|"
    r"slapping|smack|smacks|smacking|strangle|strangles|strangling|choke|chokes|choking|throttle|"
    r"batter|batters|hurt|hurts|hurting|attack|attacks|attacking|bite|bites|biting|burn|burns|whip|"
    r"belt|belts|stab|stabs|punched|kicked|slapped|smacked|strangled|choked|burnt|burned|stabbed|"
    r"throw (?:thing|things|stuff) at|throws (?:things|stuff) at)"
)
_VICTIM = r"(?:me|us|my mum|my sister|my brother|my baby|my little|my nan|mum)"
_PICS = r"(?:nude|nudes|naked|pics|pic|picture|pictures|photo|photos|selfie|selfies|video|videos|image|images)"
_ONLINE = (
    r"(?:online|on snapchat|on snap|on insta|on instagram|on tiktok|on discord|on roblox|on fortnite|"
    r"on xbox|on playstation|on a game|in a game|on whatsapp|on facebook|on an app|on the internet)"
)
_NOT_WANT = r"(?:do not|does not|did not|not|never|no longer) (?:want|wanna|wish) to"


def _rules(category: str, *entries: tuple[str, str] | tuple[str, str, bool]) -> list[Rule]:
    return [Rule(entry[0], category, re.compile(entry[1]), len(entry) > 2 and bool(entry[2])) for entry in entries]


RULES: tuple[Rule, ...] = tuple(
    _rules(
        "immediate_danger",
        (
            "weapon",
            r"\b(?:has|have|got|holding|hold|pull|pulled|grab|grabbed|waving|wave|carry|carrying|"
            r"brought|bring|get|getting|threaten \w+ with|threatening \w+ with|came at \w+ with|"
            r"come at \w+ with|coming at \w+ with|chasing \w+ with|chase \w+ with|attack \w+ with|"
            r"attacked \w+ with|standing there with|waiting with|threatened with|threatening with) (?:a |an |"
            r"the |his |her |"
            r"my |mums |dads )?(?:knife|knives|gun|weapon|machete|blade|axe)\b",
        ),
        ("weapon at person", r"\b(?:knife|gun|blade) (?:to|at) (?:my|his|her|mum|me|us)\b"),
        (
            "stabbing or shooting",
            r"\b(?:stab|stabbed|stabbing|shoot|shot|shooting) (?:me|us|mum|my|him|her|"
            r"someone)\b",
        ),
        (
            "overdose taken",
            r"\b(?:taken|took|take|swallowed|had) (?:an |a )?(?:overdose|load of pills|"
            r"all (?:my|the|his|her) (?:pills|tablets))\b",
        ),
        ("not breathing", r"\b(?:not|stopped) breathing\b|\bunconscious\b|\bwont wake up\b|\bwill not wake up\b"),
        ("locked in with", rf"\block(?:ed|s)? {_SELF} in\b"),
        (
            "overdose swallowed",
            r"\b(?:taken|took|swallowed|eaten|ate|necked) (?:a |an )?(?:whole |full )?(?:packet|"
            r"box|"
            r"bottle|handful|load|lot|lots|loads|all|too many|\d+)\b(?: \w+){0,3} (?:pills|pill|"
            r"tablets|"
            r"tablet|paracetamol|painkillers|meds|medication)\b",
        ),
        (
            "hiding from someone",
            r"\b(?:we are|were|i am|we re|im|are) hiding\b|\bhiding (?:from (?:him|her|them|dad|"
            r"my)|upstairs)\b|\bdrunk and (?:violent|smashing|shouting|hitting|aggressive|"
            r"threatening)\b",
        ),
        ("danger now", r"\b(?:in danger|call (?:the )?police|call 999|ring 999|phone 999)\b"),
        (
            "breaking in",
            r"\btrying to (?:get|break|kick) (?:in|into)\b|\b(?:kick|kicking|banging) (?:the |"
            r"my )?door (?:down|in)\b",
        ),
        ("edge", r"\b(?:on|at) the (?:edge of the )?(?:bridge|roof|railway|train tracks|tracks|cliff)\b"),
        (
            "swallowed something dangerous",
            r"\b(?:swallow|swallowed|swallowing|ate|eaten|drank|drunk|drink) "
            r"(?:(?:a|an|some|the|two|2|three|3|one of (?:those|the|his|her|my)|"
            r"all the|loads of|lots of) )?(?:\w+ )?(?:button batter(?:y|ies)|"
            r"batter(?:y|ies)|magnets?|magnet balls|bleach|dishwasher tablets?|"
            r"washing (?:tablets?|pods?|capsules?)|liquitabs?|weed killer|"
            r"antifreeze|white spirit)\b",
        ),
        (
            "seizure not stopping",
            r"\b(?:seizure|fit|fitting|convulsing|convulsions?)\b(?: \w+){0,6} (?:not stopp|"
            r"wont stop|will not stop|still going|for (?:over |more than )?(?:5|five|6|six|7|"
            r"seven|8|eight|10|ten) min)\w*|\b(?:lips?|face|tongue|throat) (?:is |are )?"
            r"(?:going |turning |gone |turned )?(?:blue|grey|swelling|swollen|swelled)\b|"
            r"\b"
            r"\b(?:cannot|can not|cant) (?:wake (?:him|her|them) up|wake (?:him|her|them)|"
            r"breathe|get (?:his|her) breath)\b",
        ),
        (
            "missing child",
            r"\b(?:he|she|son|daughter|child|kid|boy|girl|teenager|teen|brother|sister|they|"
            r"grandson|granddaughter|\d+ year old)\b(?: \w+){0,3} (?:is|has gone|gone|went|been|"
            r"has been|was|be|go) missing\b|\b(?:ran|run|running|runs) "
            r"away from home\b|\b(?:has not|not|did not|never) (?:come|came) home\b",
        ),
        (
            "nowhere safe tonight",
            r"\bnowhere (?:to sleep|to stay|to go|safe)\b|\bkicked (?:me|us) out\b|"
            r"\bkick (?:me|us) out\b",
        ),
    )
    + _rules(
        "suicide_self_harm",
        ("suicide", r"\bsuicid\w*|\bsuicde\w*", True),
        ("kill self", rf"\bkill(?:ing|ed|s)? {_SELF}\b|\bkill yourself\b"),
        (
            "end life",
            r"\b(?:end|ending|take|taking|took) (?:my|his|her|their|your) (?:own )?life\b|\bend it all\b|"
            r"\b(?:want|going|plan|planning|thinking about|think about) (?:to )?end(?:ing)? "
            r"(?:it|things|everything)\b",
        ),
        (
            "want to die",
            r"\b(?:want|wants|wanted|wish|wishes|going|plan|planning|try|tried|trying|need|needs) to "
            r"(?:die|be dead|not be here|not exist|stop existing|disappear|vanish|sleep forever|"
            r"never wake up|not wake up|be gone|not be alive|jump off|hang)\b|\b(?:think|thinking|"
            r"thought|talk|talks|talking|dream|dreams|dreaming) (?:about|of) (?:dying|being dead|"
            r"disappearing|not being here|not existing|ending it|jumping off|hanging)\b|"
            r"\b(?:would|d|id) rather (?:die|be dead)\b",
        ),
        (
            "wish dead",
            r"\bwish (?:i|he|she|they) (?:was|were|be|could|had|would|d) (?:just )?(?:dead|die|"
            r"never been born|"
            r"never born|not born|not here|not alive|gone|disappear|sleep forever|not exist|"
            r"not wake up)\b",
        ),
        (
            "not want to live",
            rf"\b{_NOT_WANT} (?:be alive|exist|wake up|live|be here any more|be here|be around|"
            r"go on|carry on)\b(?! (?:in|at|with|on|near|independently|alone|away|there|nearer|"
            r"closer|by|without|today|school|this|the|a)\b)",
        ),
        (
            "cannot go on",
            r"\bcannot (?:go on|carry on|do this any more|take (?:it|this|any more)(?: any more)?|"
            r"cope any more)\b(?! (?:with|at|in|school|trips?|the|a|an|holiday|holidays|outings?|"
            r"rides?|buses|residentials?|his|her|their)\b)",
        ),
        (
            "no point living",
            r"\bno (?:point|reason|use) (?:in )?(?:living|being alive|to live|going on|carrying on|"
            r"in life|being here|me being here)\b|\bnot worth living\b|\blife is not worth\b|"
            r"\b(?:tired|sick) of (?:living|being alive|life)\b|\b(?:done|finished) with (?:life|"
            r"living|"
            r"everything|it all)\b|\b(?:not|cannot|can not|never) see (?:the|any) point (?:in |of )?"
            r"(?:living|life|being alive|going on|being here|anything|it all)\b",
        ),
        (
            "better off without me",
            r"\bbetter off (?:dead|without me|if i was gone|if i was not here|if i were gone|"
            r"when i am gone)\b|\bwould be (?:better|happier) without me\b",
        ),
        (
            "cannot keep going",
            r"\b(?:cannot|can not|not sure i can|dont think i can|do not think i can) "
            r"(?:keep going|keep living|keep on living|go on living|do life)\b|\b(?:easier|better|"
            r"happier) (?:for everyone )?if i (?:was not|wasnt|were not|was never|was gone|"
            r"were gone|"
            r"did not exist|died)\b|\bways to (?:die|kill (?:my|him|her)self|end (?:it|my life))\b|"
            r"\bhow to (?:kill (?:my|him|her)self|hang|overdose|end my life)\b|\basleep forever\b",
        ),
        (
            "nobody would miss me",
            r"\b(?:nobody|no one|no body) would (?:care|miss me|notice|even notice|"
            r"even care)\b",
        ),
        ("disappear forever", r"\b(?:disappear|disappearing|vanish|gone|sleep) forever\b|\bnever wake up\b"),
        ("self harm", r"\bself (?:harm|harming|harmed|harms|injur\w*|hurt\w*)\b", True),
        (
            "hurting self",
            rf"\b(?:cut|cuts|cutting|burn|burns|burning|hurt|hurts|hurting|harm|harms|harming|"
            rf"scratch|scratches|scratching|starve|starving|punch|punching|hit|hitting|stab|"
            rf"strangle|strangling|choke|choking|hang|hanging|hanged) {_SELF}\b",
            True,
        ),
        (
            "cuts on body",
            r"\b(?:cuts|cut|cutting|cut marks|scars|scratches|scratching|burns|burning|marks) "
            r"(?:on |all over |up )?(?:my|his|her|their) (?:arm|arms|wrist|wrists|leg|legs|thigh|"
            r"thighs|skin|stomach|body)\b|\bslit (?:my|his|her) wrists?\b|\brazor blades?\b",
        ),
        (
            "overdose",
            r"\boverdos\w*|\btake (?:all|loads of|lots of|a load of|a lot of) (?:my |the |his |her )?"
            r"(?:pill|pills|tablet|tablets|paracetamol|meds|medication)\b|\b(?:take|taking|took|swallow|"
            r"swallowing) "
            r"(?:all|loads of|lots of|a load of|a lot of|a bottle of|a packet of) (?:my |the |his |her )?"
            r"(?:pill|pills|tablet|tablets|paracetamol|meds|medication)\b|\bdrink bleach\b",
        ),
        (
            "method",
            r"\bnoose\b|\bligature\b|\bjump (?:off|in front of|from) (?:a|the)\b|\bthrow "
            rf"{_SELF} (?:off|in front|under)\b|\bstep in front of (?:a|the) (?:train|car|bus|lorry)\b",
        ),
        (
            "goodbye note",
            r"\b(?:suicide|goodbye) note\b|\bwritten (?:a|my) note\b|\bsay goodbye (?:forever|"
            r"to everyone)\b",
        ),
    )
    + _rules(
        "sexual_exploitation",
        (
            "asked for pictures",
            rf"\b(?:want|wants|wanted|ask|asks|asked|asking|make|makes|made|tell|tells|told|"
            rf"pressure|pressures|pressured|pressuring|force|forced|beg|begging|keep asking|"
            rf"keeps asking) (?:me|her|him|my \w+) (?:to )?(?:send|take|share)\b(?: \w+){{0,3}}"
            rf" {_PICS}\b|\bask(?:ed|s|ing)? (?:me|her|him) for (?:\w+ )?{_PICS}\b",
        ),
        (
            "nudes",
            r"\bnudes\b|\bnude (?:pic|pics|picture|pictures|photo|photos|selfie|selfies|image|images)\b|"
            r"\bnaked (?:pic|pics|picture|pictures|photo|photos|selfie|selfies|video|videos|image|images)\b|"
            r"\bsext\w*|\bsextortion\b",
        ),
        (
            "touching",
            rf"\b{_AGENT}\b(?: \w+){{0,2}} touch(?:es|ed|ing)? (?:me|my private|my privates|her private|"
            r"his private|him there|her there|me there)\b|\btouch(?:es|ed|ing)? (?:me|her|him) "
            r"(?:inappropriately|down there|in (?:my|her|his) private)\b|\binappropriate(?:ly)? touch\w*|"
            r"\bprivate parts\b|\bmade me touch\b|\bshow(?:ed|s)? me (?:his|her) (?:privates|private|penis|"
            r"willy|body)\b",
            True,
        ),
        (
            "sexual abuse",
            r"\brape\b|\braped\b|\braping\b|\bsexual(?:ly)? (?:abuse|abused|assault|assaulted|"
            r"exploit\w*|"
            r"touch\w*|message\w*|picture\w*|photo\w*|comment\w*|harass\w*)\b|\bmolest\w*|"
            r"\bchild sexual exploitation\b|\bcse\b",
        ),
        (
            "sex with",
            r"\b(?:have|having|had) sex with (?:me|him|her|them|an older|a man|an adult|older)\b|"
            r"\b(?:make|makes|made|force|forced|want|wants|wanted) (?:me|her|him) (?:to )?(?:have sex|"
            r"do sexual|"
            r"do stuff|do things)\b",
        ),
        (
            "groomed",
            r"\b(?:be|been|being|get|got|is being|was) groom(?:ed)?\b|\bgroom(?:ing|ed|s)? (?:me|my daughter|"
            r"my son|children|kids|young people)\b|\b(?:online|sexual) groom\w*|\bgroomer\b",
        ),
        (
            "secret",
            r"\b(?:want|wants|asked|asks|told|tells|says|said) (?:me|her|him) (?:\w+ ){0,8}not (?:to )?tell "
            r"(?:anyone|anybody|my mum|mum|my parents|my dad|dad|no one)\b|\bour (?:little )?secret\b|"
            r"\bkeep (?:it|this|us|what happened) (?:a )?secret\b|"
            r"\b(?:told|tell|tells|say|says|said|make|made|makes) (?:me |her |him )?(?:not to|to not|"
            r"never to) "
            r"tell\b",
        ),
        (
            "older partner",
            r"\bolder (?:man|men|guy|guys|boyfriend|lad|lads|bloke)\b|\b(?:man|guy|boy|boyfriend|lad) "
            r"(?:who is|is|thats|aged) (?:19|20|21|22|23|24|25|26|27|28|29|30|40|much older)\b|"
            r"\b(?:from|with|by|to|and) an? (?:1[89]|[2-5]\d) (?:year old|yr old|yo) (?:man|guy|bloke|"
            r"male|adult|boyfriend)\b|\bgrown (?:man|men)\b",
        ),
        (
            "online contact meeting",
            rf"\b(?:met|meet|meeting|talking to|talk to|talks to|chatting to|chat to|"
            rf"chat with|"
            rf"someone|somebody|a man|a guy|a boy|a girl|person|friend|he|"
            rf"she)\b(?: \w+){{0,3}} "
            rf"{_ONLINE}\b(?: \w+){{0,8}} (?:meet|meet up|come round|pick me up|pick her up|"
            rf"pick him up|secret|address|where i live|gift|gifts|money|send|older|run away|"
            rf"his house|her house|"
            rf"his place|their house|go round|not tell|alone)\b",
        ),
        (
            "going off with adults",
            r"\b(?:going|goes|go|went|gone|been going) off with (?:older |much older )?"
            r"(?:men|man|guys|strangers|adults|older boys)\b|\b(?:men|older men|guys|"
            r"strangers) "
            r"in cars\b",
        ),
        (
            "blackmail",
            r"\bblackmail\w*|\b(?:share|post|send|show|put) (?:the |my |those )?(?:photos|pics|pictures|"
            r"videos|images) (?:i sent|of me)\b",
        ),
        (
            "much older contact",
            r"\b(?:seeing|dating|going out with|meeting up with|meeting|sleeping with) an? "
            r"(?:1[89]|[2-5]\d) (?:year old|yr old|yo)\b",
        ),
        (
            "online stranger",
            rf"\b(?:someone|somebody|a man|a guy|a stranger|a person|people) {_ONLINE} "
            r"(?:wants|keeps|asked|asks|is asking|said|says|told)\b",
        ),
    )
    + _rules(
        "abuse_violence",
        ("hit me", rf"\b{_AGENT}\b(?: \w+){{0,3}} {_VIOLENT} {_VICTIM}\b", True),
        (
            "adult hits",
            rf"\b{_ADULT}\b(?: \w+){{0,3}} {_VIOLENT} (?:her|him|them|the kids|the children|the baby|"
            r"my \w+)\b",
            True,
        ),
        (
            "hit at home",
            r"\b(?:be|get|got|keep get|keeps getting|been|being|was|were|am|is) (?:hit|beat|beaten|"
            r"punch|punched|kick|kicked|slap|slapped|hurt|abuse|abused|attack|attacked|assault|"
            r"assaulted|strangle|strangled|choke|choked|smack|smacked|whip|whipped|burn|burned|burnt|"
            rf"push|pushed|batter|battered) (?:at home|by (?:my |his |her |their |our |mums |a )?"
            rf"(?:{_ADULT}|him|her|them|someone|older|man|adult|an adult))\b",
            True,
        ),
        (
            "violence to me",
            r"\b(?:push|pushes|pushed|shove|shoves|shoved|throw|throws|threw|drag|drags|dragged) "
            r"(?:me|us|mum|my mum) (?:down|over|into|against|out|across|off)\b|\b(?:grab|grabs|"
            r"grabbed|hold|holds|held|pin|pins|pinned) (?:me|us|mum|my mum) (?:by|round|around|down|"
            r"against)\b|\b(?:attack|attacks|attacked|hits|hit|hitting|punches|punched|punch|kicks|"
            r"kicked|kick|slaps|slapped|slap|beats|"
            r"beat|strangles|strangled|chokes|choked|smacks|smacked|batters|battered) (?:me|"
            r"us)\b",
            True,
        ),
        (
            "hit hard",
            r"\b(?:be|get|got|gets|getting|been|being|was|were) (?:hit|beaten|beat|punched|kicked|slapped|"
            r"smacked|whipped|belted|battered) (?:really |so |very )?(?:hard|badly|a lot|every day|"
            r"all the time|"
            r"for nothing|if i|if we|with a)\b",
        ),
        ("beaten up", r"\bbeat(?:en)? (?:me |him |her |us )?up\b"),
        (
            "abuse",
            r"\b(?:domestic|physical|emotional|child|family) (?:abuse|violence)\b|\babuse (?:me|us|him|her|my|"
            r"child|children|kid|kids)\b|\b(?:be|been|being|is being|get|got) abuse(?! (?:their|the|its|our|"
            r"your|his|her|power|"
            r"position|process|system|trust|authority))\b|\babusive (?:dad|mum|"
            r"step dad|partner|boyfriend|relationship|home|household|husband|ex|parent|parents)\b|"
            r"\bviolen(?:t|ce) at home\b",
            True,
        ),
        (
            "afraid of someone at home",
            rf"\b(?:scared|scare|afraid|frightened|frighten|terrified) (?:of|to go|to be) "
            rf"(?:my |his |her )?(?:{_ADULT}|him|going home|go home|home|be at home|"
            r"what he|what she)\b|\b(?:feel|be|am|is) not safe at home\b|\bnot safe at "
            r"home\b|\bunsafe at home\b|\bdo not feel safe (?:at home|with)\b",
        ),
        (
            "threat to kill",
            r"\bthreaten(?:ed|ing|s)? (?:me |us |her |him |mum )?(?:to|with) (?:kill|hurt|stab|hit|"
            r"beat|a knife|a gun|a weapon)\b|\b(?:going to|will|would|gonna) (?:kill|stab|shoot|hurt) "
            r"(?:me|us|mum|my|her|him|them)\b",
        ),
        (
            "want to hurt others",
            r"\bwant (?:to )?(?:kill|stab|shoot|hurt|murder) (?:him|her|them|someone|everyone|"
            r"people|my|the)\b",
        ),
        (
            "bruises",
            r"\b(?:covered in|lots of|keeps getting|got|has|have|with) (?:bruise|bruises|a black eye|"
            r"black eye|black eyes|marks on)\b",
        ),
        (
            "violent adult",
            rf"\b{_ADULT} (?:\w+ ){{0,2}}(?:is|gets|get|be|was|becomes|become|can be|"
            rf"has been) (?:really |very |so "
            r"|quite )?(?:violent|aggressive|dangerous|abusive)\b",
        ),
        (
            "locked in",
            r"\block(?:s|ed)? (?:me|us|him|her) (?:in|out)\b|\blocked in (?:my|his|her|the|a) "
            r"(?:room|cupboard|shed)\b",
        ),
        (
            "neglect",
            r"\b(?:not|never|no one|nobody) (?:feed|feeds|fed) (?:me|us|him|her)\b|\bleft (?:me|us|him|her) "
            r"(?:home )?alone (?:for|all|overnight)\b|\bno food (?:at home|in the house) for days\b",
        ),
        (
            "criminal exploitation",
            r"\bcounty lines\b|\b(?:carry|carrying|sell|selling|move|moving|hold|holding|"
            r"deliver|delivering|stash|stashing) drugs\b|\bcriminal exploitation\b|\bowe "
            r"(?:them|him|a dealer) money\b",
        ),
    )
)

_E, _C = "emergency", "concern"

# What each rule says: (category, least level). ``None``: the words do not say which category.
OUTCOMES: dict[str, tuple[str | None, str]] = {
    "weapon": ("physical_abuse", _E),
    "weapon at person": ("physical_abuse", _E),
    "stabbing or shooting": ("physical_abuse", _E),
    "overdose taken": ("self_harm_suicide", _E),
    "not breathing": ("medical_emergency", _E),
    "swallowed something dangerous": ("medical_emergency", _E),
    "seizure not stopping": ("medical_emergency", _E),
    "locked in with": ("domestic_abuse", _E),
    "overdose swallowed": ("medical_emergency", _E),
    "hiding from someone": ("domestic_abuse", _E),
    "danger now": (None, _E),
    "breaking in": ("domestic_abuse", _E),
    "edge": ("self_harm_suicide", _E),
    "missing child": ("missing_child", _E),
    "nowhere safe tonight": (None, _E),
    "suicide": ("self_harm_suicide", _C),
    "kill self": ("self_harm_suicide", _E),
    "end life": ("self_harm_suicide", _E),
    "want to die": ("self_harm_suicide", _E),
    "wish dead": ("self_harm_suicide", _C),
    "not want to live": ("self_harm_suicide", _C),
    "cannot go on": (None, _C),
    "no point living": ("self_harm_suicide", _C),
    "better off without me": ("self_harm_suicide", _C),
    "cannot keep going": ("self_harm_suicide", _C),
    "nobody would miss me": ("self_harm_suicide", _C),
    "disappear forever": ("self_harm_suicide", _C),
    "self harm": ("self_harm_suicide", _C),
    "hurting self": ("self_harm_suicide", _C),
    "cuts on body": ("self_harm_suicide", _C),
    "overdose": ("self_harm_suicide", _E),
    "method": ("self_harm_suicide", _E),
    "goodbye note": ("self_harm_suicide", _E),
    "asked for pictures": ("sexual_exploitation", _C),
    "nudes": ("sexual_exploitation", _C),
    "touching": ("sexual_abuse", _E),
    "sexual abuse": ("sexual_abuse", _C),
    "sex with": ("sexual_abuse", _E),
    "groomed": ("sexual_exploitation", _C),
    "secret": ("sexual_abuse", _C),
    "older partner": ("sexual_exploitation", _C),
    "online contact meeting": ("sexual_exploitation", _C),
    "going off with adults": ("sexual_exploitation", _C),
    "blackmail": ("sexual_exploitation", _E),
    "much older contact": ("sexual_exploitation", _C),
    "online stranger": ("sexual_exploitation", _C),
    "hit me": ("physical_abuse", _E),
    "adult hits": ("physical_abuse", _C),
    "hit at home": ("physical_abuse", _E),
    "violence to me": ("physical_abuse", _E),
    "hit hard": ("physical_abuse", _E),
    "beaten up": ("physical_abuse", _C),
    "abuse": (None, _C),
    "afraid of someone at home": (None, _C),
    "threat to kill": (None, _C),
    "want to hurt others": (None, _C),
    "bruises": ("physical_abuse", _C),
    "violent adult": ("domestic_abuse", _C),
    "locked in": ("emotional_abuse", _C),
    "neglect": ("neglect", _C),
    "criminal exploitation": ("criminal_exploitation", _C),
}
