"""What to tell a person whose words suggest someone is at risk, by level and category.

Emergency help leads with what to do now, in words for the situation ("call 999 now" for a
medical emergency), then the people who can help, then (in the chat) a way back to the rest
"when you are safe". Concern help is a panel beside the answer to what was asked: "If you are
worried someone is at risk", with the route for that category. The young person's survey gets
the same in easy-read words. National numbers are facts and live here; the council's own
children's front door comes from configuration.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import current_app

NATIONAL = {
    "999": ("Emergency services", "999", "Police, ambulance or fire service, when someone is in danger now."),
    "111": ("NHS 111", "111", "Urgent medical advice when it is not an emergency, day or night."),
    "childline": ("Childline", "0800 1111", "Free for children and young people, day or night."),
    "samaritans": ("Samaritans", "116 123", "Free for anyone who needs to talk, day or night."),
    "shout": ("Shout", "85258", "Text SHOUT to 85258 for free, confidential support by text, day or night."),
    "papyrus": (
        "Papyrus HOPELINE247",
        "0800 068 4141",
        "For young people with thoughts of suicide, and people worried about them.",
    ),
    "nspcc": ("NSPCC helpline", "0808 800 5000", "Free advice for adults who are worried about a child."),
    "police": ("Police (not an emergency)", "101", "To report something that has happened or a worry about crime."),
    "domestic_abuse": ("National Domestic Abuse Helpline", "0808 2000 247", "Free and confidential, day or night."),
    "forced_marriage": (
        "Forced Marriage Unit",
        "020 7008 0151",
        "Help and advice about forced marriage, including for someone about to be taken abroad.",
    ),
    "missing_people": (
        "Missing People",
        "116 000",
        "Free and confidential, call or text, for a child who has gone missing and their family.",
    ),
    "crimestoppers": (
        "Crimestoppers",
        "0800 555 111",
        "Tell them what you know about crime, without giving your name.",
    ),
    "contact": (
        "Contact helpline for families with disabled children",
        "0808 808 3555",
        "Advice and someone to talk to for parents and carers.",
    ),
    "family_lives": ("Family Lives", "0808 800 2222", "Support for parents and carers who are struggling."),
}

# First sentence for emergency help: what to do now, in words for the situation.
ACT_NOW = {
    "medical_emergency": "Call 999 now and ask for an ambulance. If you are not sure whether it is an emergency, "
    "call 999 anyway.",
    "self_harm_suicide": "If someone has hurt themselves, taken something, or might act on thoughts of suicide now, "
    "call 999 or go to A&E now.",
    "missing_child": "If a child is missing, call 999 now. Tell the police what they were wearing and where they "
    "were last seen.",
    "domestic_abuse": "If you or a child is in danger now, call 999. If you cannot speak, stay on the line and "
    "press 55 when asked.",
    "carer_breaking_point": "If you feel you might hurt your child or yourself, put your child somewhere safe, step "
    "away, and call 999 if anyone is in danger.",
    "honour_based_abuse": "If someone is in danger now, or is about to be taken abroad against their will, call "
    "999 now.",
}
ACT_NOW_DEFAULT = "If you or a child is in danger right now, call 999."

# The people to call, most relevant first, by category; the front door is the council's own.
EMERGENCY_CONTACTS = {
    "medical_emergency": ["999", "111"],
    "self_harm_suicide": ["999", "samaritans", "shout", "childline", "papyrus"],
    "missing_child": ["999", "missing_people", "front_door"],
    "domestic_abuse": ["999", "domestic_abuse", "front_door", "childline"],
    "carer_breaking_point": ["999", "samaritans", "front_door", "contact"],
    "honour_based_abuse": ["999", "forced_marriage", "childline", "front_door"],
    "radicalisation": ["999", "police", "front_door"],
}
EMERGENCY_DEFAULT = ["999", "childline", "front_door", "nspcc", "samaritans", "police"]

CONCERN_TEXT = {
    "carer_breaking_point": "Looking after a child with SEND can be exhausting, and asking for help is the right "
    "thing to do. Short breaks give you time to rest, and the council's early help team can "
    "support the whole family.",
    "self_harm_suicide": "If someone is having thoughts of hurting themselves or of not wanting to be here, talk to "
    "someone today. You do not need to wait until it gets worse.",
    "neglect": "If you are worried a child is not being looked after properly, tell the council's children's front "
    "door. You can talk it through with the NSPCC first.",
    "sexual_exploitation": "An older person giving gifts or money, secrets, or meeting someone met online can be "
    "signs of grooming. Tell the children's front door or the NSPCC what you have noticed.",
    "criminal_exploitation": "New money or clothes, going missing, or owing money to older people can be signs of "
    "criminal exploitation. Tell the children's front door or the police on 101.",
    "domestic_abuse": "Domestic abuse harms the children who live with it too. Help is free and confidential.",
    "honour_based_abuse": "Forced marriage and FGM are against the law, and help is confidential.",
    "radicalisation": "If you are worried someone is being drawn into extremism, the police on 101 can refer them "
    "for support through Prevent.",
    "missing_child": "If a child often goes missing or comes back with no explanation, tell the children's front "
    "door or the police on 101.",
    "medical_emergency": "If anyone becomes seriously ill, call 999. For urgent advice, call NHS 111.",
}
CONCERN_DEFAULT = (
    "If you are worried a child or young person is being harmed, tell the council's children's "
    "front door. You can talk it through with the NSPCC first."
)
CONCERN_CONTACTS = {
    "carer_breaking_point": ["contact", "family_lives", "front_door", "samaritans"],
    "self_harm_suicide": ["samaritans", "shout", "childline", "papyrus"],
    "sexual_exploitation": ["front_door", "nspcc", "childline", "police"],
    "criminal_exploitation": ["front_door", "police", "crimestoppers", "childline"],
    "domestic_abuse": ["domestic_abuse", "front_door", "childline"],
    "honour_based_abuse": ["forced_marriage", "front_door", "childline"],
    "radicalisation": ["police", "front_door"],
    "missing_child": ["front_door", "missing_people", "police"],
    "medical_emergency": ["999", "111"],
}
CONCERN_DEFAULT_CONTACTS = ["front_door", "nspcc", "childline"]

# Routes on this site for a carer at breaking point: short breaks and early help.
SUPPORT_SEARCHES = {
    "carer_breaking_point": [
        ("Find short breaks and respite", {"q": "short breaks"}),
        ("Find family support and early help", {"q": "family support"}),
    ]
}

YOUNG_PERSON_LINES = (
    "Thank you for telling us. Some of what you wrote worries us, and we want you to be safe.",
    "You can talk to Childline about anything. Call 0800 1111. It is free, and it does not show on the phone bill.",
    "Tell an adult you trust, like a teacher, a school nurse or a family member.",
    "If you are in danger now, call 999.",
)


@dataclass
class SafetyHelp:
    level: str
    category: str | None
    title: str
    lead: str
    contacts: list[dict] = field(default_factory=list)
    searches: list[tuple[str, dict]] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {
            "level": self.level,
            "category": self.category,
            "title": self.title,
            "lead": self.lead,
            "contacts": self.contacts,
        }


def _contact(key: str) -> dict:
    if key == "front_door":
        door = current_app.config["CHILDRENS_FRONT_DOOR"]
        name, phone, text = (
            door["name"],
            door["phone"],
            "The council's children's services, if you are worried about a child.",
        )
    else:
        name, phone, text = NATIONAL[key]
    href = ("sms:" if key == "shout" else "tel:") + phone.replace(" ", "")
    return {"id": key, "name": name, "phone": phone, "text": text, "href": href}


def contacts(keys: list[str]) -> list[dict]:
    return [_contact(key) for key in keys]


def help_for(level: str, category: str | None) -> SafetyHelp:
    """The help for an assessment at ``level`` ("emergency" or "concern") in ``category``."""
    if level == "emergency":
        return SafetyHelp(
            level,
            category,
            "Get help now",
            ACT_NOW.get(category, ACT_NOW_DEFAULT),
            contacts(EMERGENCY_CONTACTS.get(category, EMERGENCY_DEFAULT)),
        )
    return SafetyHelp(
        level,
        category,
        "If you are worried someone is at risk",
        CONCERN_TEXT.get(category, CONCERN_DEFAULT),
        contacts(CONCERN_CONTACTS.get(category, CONCERN_DEFAULT_CONTACTS)),
        SUPPORT_SEARCHES.get(category, []),
    )


def emergency_contacts() -> list[dict]:
    """The numbers shown beside the chat on every page: the default emergency list."""
    return contacts(EMERGENCY_DEFAULT)
