"""When a person wants a service: after school, evenings, weekends, school holidays or term time.

``find_when("any clubs on saturdays or in the holidays?")`` returns ``["weekend", "school_holidays"]``
(in the vocabulary's order). The phrases are data (``nlp/data/when_phrases.json``) a council can edit.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache

from nlp.vocab import data_path

WHEN_VALUES = ("after_school", "evening", "weekend", "school_holidays", "term_time")
# Words that turn a time phrase into something that is not wanted: "not at weekends".
_NEGATED = re.compile(r"\b(?:not|no|never|except|apart from|other than|but not|outside)\s+(?:\w+\s+){0,2}$", re.I)


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    with data_path("when_phrases.json").open(encoding="utf-8") as handle:
        phrases = json.load(handle)
    return {
        value: re.compile(r"\b(?:" + "|".join(phrases.get(value, ())) + r")\b", re.I)
        for value in WHEN_VALUES
        if phrases.get(value)
    }


def when_spans(text: str) -> list[dict]:
    """Each time phrase in ``text`` as a span ``{"entity": "when", "value", "start", "end", "text"}``."""
    spans = []
    for value, pattern in _patterns().items():
        for match in pattern.finditer(text):
            if _NEGATED.search(text[max(0, match.start() - 30) : match.start()]):
                continue
            spans.append(
                {
                    "entity": "when",
                    "value": value,
                    "start": match.start(),
                    "end": match.end(),
                    "text": match.group(),
                    "method": "pattern",
                }
            )
    return spans


def find_when(text: str) -> list[str]:
    """The distinct times wanted in ``text``, in the vocabulary's order."""
    found = {span["value"] for span in when_spans(text)}
    return [value for value in WHEN_VALUES if value in found]
