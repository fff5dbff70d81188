"""Parents' filters as words in the full-text index.

Each search document carries a ``filters`` field of made-up words ("needasd", "areawarwick",
"age7", "free"…). A filtered search then adds those words to the full-text query, so the engine
intersects its own posting lists instead of checking every match against other tables — which
keeps counts and ranking fast at 100,000 services. The words are letters and digits only, so
every tokenizer keeps them whole.
"""

from __future__ import annotations

import re

from local_offer.models import Service
from local_offer.search.types import SearchFilters
from local_offer.taxonomies import CATEGORY_TAXONOMY, NEED_TAXONOMY
from local_offer.when import service_when

ANY_AGE = "ageany"
COUNTY_WIDE = "areaall"
_NOT_ALNUM = re.compile(r"[^a-z0-9]")


def _word(prefix: str, value: str) -> str:
    return prefix + _NOT_ALNUM.sub("", value.lower())


def service_filter_words(service: Service) -> str:
    words = [_word("need", t.code or "") for t in service.terms_in(NEED_TAXONOMY)]
    words += [_word("cat", t.code or "") for t in service.terms_in(CATEGORY_TAXONOMY)]
    words += [_word("area", code) for code in service.district_codes] or [COUNTY_WIDE]
    words += _age_words(service.minimum_age, service.maximum_age)
    if service.is_free:
        words.append("free")
    if service.referral_route in ("self", "both"):
        words.append("selfref")
    words += [_word("del", method) for method in service.delivery_methods]
    words += [when_word(value) for value in service_when(service)]
    return " ".join(dict.fromkeys(words))


def _age_words(low: int | None, high: int | None) -> list[str]:
    if low is None and high is None:
        return [ANY_AGE]
    low = max(0, low if low is not None else 0)
    high = min(25, high if high is not None else 25)
    return [f"age{age}" for age in range(low, high + 1)]


def filter_groups(filters: SearchFilters) -> list[list[str]]:
    """Groups of filter words: one word of each group must be present."""
    groups = []
    if filters.needs:
        groups.append([_word("need", code) for code in filters.needs])
    if filters.categories:
        groups.append([_word("cat", c) for c in filters.categories])
    if filters.areas:
        groups.append([_word("area", code) for code in filters.areas] + [COUNTY_WIDE])
    if filters.age is not None:
        groups.append([f"age{filters.age}", ANY_AGE])
    if filters.free_only:
        groups.append(["free"])
    if filters.self_referral:
        groups.append(["selfref"])
    if filters.delivery:
        groups.append([_word("del", d) for d in filters.delivery] or ["nodeliverymethod"])
    if filters.when:
        groups.append([when_word(value) for value in filters.when])
    return groups


def when_word(value: str) -> str:
    """The filter word for one "when" value ("whenafterschool")."""
    return _word("when", value)
