"""The safeguarding categories (after Working Together to Safeguard Children 2023) and levels, with the labels
staff see: a module of names only, so the database models can use them without loading the language models."""

CATEGORIES = (
    "physical_abuse",
    "sexual_abuse",
    "emotional_abuse",
    "neglect",
    "sexual_exploitation",
    "criminal_exploitation",
    "domestic_abuse",
    "honour_based_abuse",
    "radicalisation",
    "missing_child",
    "self_harm_suicide",
    "medical_emergency",
    "carer_breaking_point",
)
LEVELS = ("emergency", "concern")
CATEGORY_LABELS = {
    "physical_abuse": "Physical abuse",
    "sexual_abuse": "Sexual abuse",
    "emotional_abuse": "Emotional abuse",
    "neglect": "Neglect",
    "sexual_exploitation": "Sexual exploitation or online grooming",
    "criminal_exploitation": "Criminal exploitation or county lines",
    "domestic_abuse": "Domestic abuse",
    "honour_based_abuse": "Forced marriage, FGM or honour-based abuse",
    "radicalisation": "Radicalisation",
    "missing_child": "Missing child",
    "self_harm_suicide": "Self-harm or suicide",
    "medical_emergency": "Medical emergency",
    "carer_breaking_point": "Parent or carer at breaking point",
}
