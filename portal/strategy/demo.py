"""Demonstration strategy indicators: made-up but plausible figures for a county's SEND strategy.

None of these are real council figures; the England and statistical-neighbour comparators are invented
too (national EHC plan timeliness has been around 50–60% in recent years, and the demo sits near it).
Loading adds only what is missing, so it is safe to run again and never overwrites staff changes.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from portal.core.extensions import db
from portal.core.indicator_sources import computed_source
from portal.strategy import queries, services
from portal.strategy.models import Indicator, StrategyOutcome
from portal.strategy.services import IndicatorInput, ValueInput

YEARS = ("2019-20", "2020-21", "2021-22", "2022-23", "2023-24", "2024-25", "2025-26")
ENGLAND, NEIGHBOURS = "England", "Statistical neighbours"

OUTCOMES = (
    ("Needs are identified early and met quickly",
     "Children and young people get the right help at the right time, and EHC needs assessments finish on time."),
    ("More children learn in good local mainstream schools",
     "Mainstream schools are supported to include children with SEND, with specialist places close to home."),
    ("Young people are well prepared for adulthood",
     "Young people with SEND move into work, training, independent living and good health."),
    ("Families are listened to and trust the SEND system",
     "Parents, carers and young people shape decisions and are satisfied with the help they get."),
    ("Families can find the right information and help",
     "The Local Offer is up to date, easy to search and useful."),
)  # fmt: skip

# code, outcome number, name, definition, unit, direction, target, values by year (None: not collected),
# {comparator: values by year}, note on the latest figure.
INDICATORS = (
    ("EHCP-20WK", 1, "% of new EHC plans issued within 20 weeks (excluding exceptions)",
     "New Education, Health and Care plans issued within the 20-week legal time limit, as a percentage of all "
     "new plans issued in the year, excluding cases where the law allows an exception.",
     "percent", "increase", 65.0, (58.2, 52.4, 47.1, 44.0, 49.3, 55.0, 61.2),
     {ENGLAND: (58.0, 59.5, 57.8, 50.1, 50.8, 47.2, None), NEIGHBOURS: (55.1, 56.7, 52.3, 47.9, 48.2, 50.4, None)},
     "Provisional: September to March."),
    ("EHCP-MAINSTREAM", 2, "% of children and young people with EHC plans in mainstream schools",
     "Children and young people with EHC plans attending mainstream schools and academies (including resourced "
     "provision), as a percentage of all with EHC plans in school.", "percent", "increase", 45.0,
     (38.5, 38.9, 39.6, 40.4, 41.2, 42.0, 43.1),
     {ENGLAND: (38.6, 39.4, 40.3, 40.8, 41.3, 41.7, None), NEIGHBOURS: (37.9, 38.3, 39.0, 39.8, 40.3, 40.9, None)},
     ""),
    ("EHCP-STATE-SPECIAL", 2, "% of children and young people with EHC plans in state-funded special schools",
     "Children and young people with EHC plans attending maintained special schools and special academies, as a "
     "percentage of all with EHC plans in school.", "percent", "increase", 40.0,
     (33.0, 33.4, 33.9, 34.6, 35.8, 37.0, 38.1),
     {ENGLAND: (37.2, 37.0, 36.8, 36.9, 37.1, 37.4, None), NEIGHBOURS: (35.5, 35.6, 35.2, 35.4, 35.9, 36.3, None)},
     "New special school places opened in September 2025."),
    ("EHCP-INDEPENDENT", 2, "% of children and young people with EHC plans in independent special schools",
     "Children and young people with EHC plans attending independent or non-maintained special schools, as a "
     "percentage of all with EHC plans in school.", "percent", "decrease", 6.0,
     (9.8, 10.2, 10.9, 11.3, 10.8, 9.9, 9.1),
     {ENGLAND: (5.9, 6.1, 6.3, 6.6, 6.9, 7.1, None), NEIGHBOURS: (7.4, 7.7, 8.0, 8.4, 8.6, 8.8, None)}, ""),
    ("SUPPORTED-INTERNSHIPS", 3, "Number of young people on supported internships",
     "Young people aged 16 to 24 with EHC plans starting a supported internship during the year.",
     "count", "increase", 60.0, (12, 9, 18, 26, 34, 41, 48), {}, ""),
    ("PFA-PATHWAY", 3, "Preparing for adulthood pathway published",
     "A preparing for adulthood pathway, written with young people, published on the Local Offer.",
     "count", "complete", 1.0, (None, None, None, 0, 0, 1, 1), {}, ""),
    ("PARENT-EHC-SATISFACTION", 4, "% of parents satisfied or very satisfied with the EHC process",
     "Parents and carers answering 'satisfied' or 'very satisfied' about the EHC needs assessment process, in the "
     "annual parent and carer survey.", "percent", "increase", 60.0, (None, None, 41.0, 39.0, 44.0, 48.0, 55.0), {},
     "312 parents and carers answered."),
    ("PARENT-CONFIDENCE", 4, "% of parents and carers confident in the local SEND system",
     "Parents and carers who agree or strongly agree that they are confident their child's needs will be met.",
     "percent", "increase", 50.0, (None, 28.0, 31.0, 29.0, 33.0, 37.0, 36.0), {}, ""),
    ("YP-PLAN-MATTERS", 4, "% of young people who feel their plan says what matters to them",
     "Young people with EHC plans answering yes to 'Does your plan say what matters to you?' in plan feedback.",
     "percent", "increase", 75.0, (None, None, None, 58.0, 63.0, 66.0, 71.0), {}, ""),
)  # fmt: skip

# Read from the template surveys' answers (consultation.surveys); earlier years keep their imported figures.
SURVEY_COMPUTED = {
    "PARENT-EHC-SATISFACTION": "survey_ehc_process_satisfaction",
    "PARENT-CONFIDENCE": "survey_parent_confidence",
    "YP-PLAN-MATTERS": "survey_young_people_plan_matters",
}

COMPUTED = (
    ("DIR-FRESHNESS", 5, "directory_freshness", 90.0),
    ("DIR-HELPFUL", 5, "directory_helpfulness", 80.0),
)


def _outcomes() -> list[StrategyOutcome]:
    found = []
    for position, (title, description) in enumerate(OUTCOMES, start=1):
        outcome = queries.outcome_by_title(title) or services.save_outcome(None, title, description, position)
        found.append(outcome)
    return found


def _indicator(code: str, outcome: StrategyOutcome, **fields) -> Indicator | None:
    """A new published indicator, or None when one with the code exists (staff may have changed it)."""
    if queries.indicator_by_code(code):
        return None
    data = IndicatorInput(code=code, outcome_id=outcome.id, frequency="annual", baseline_period=YEARS[0],
                          amber_tolerance=None, published=True, **fields)  # fmt: skip
    indicator, _ = services.save_indicator(None, data)
    return indicator


def _history(indicator: Indicator, values: tuple, comparators: dict, note: str) -> None:
    for index, year in enumerate(YEARS):
        if values[index] is None:
            continue
        others = {name: series[index] for name, series in comparators.items()}
        latest = index == len(YEARS) - 1
        data = ValueInput(year, float(values[index]), None, note if latest else "", others)
        services.save_value(indicator, None, data)


def _survey_history(indicator: Indicator, values: tuple) -> None:
    """Computed figures for this year and last; the imported figures for the years before."""
    services.recompute(indicator, date.today())
    for index, year in enumerate(YEARS):
        if values[index] is not None and queries.find_value(indicator, year) is None:
            services.save_value(indicator, None, ValueInput(year, float(values[index]), None, "", {}))


def load_indicator_demo() -> Iterator[str]:
    outcomes = _outcomes()
    added = 0
    for code, number, name, definition, unit, direction, target, values, comparators, note in INDICATORS:
        first = next((v for v in values if v is not None), None)
        key = SURVEY_COMPUTED.get(code)
        indicator = _indicator(code, outcomes[number - 1], name=name, definition=definition, unit=unit,
                               direction=direction, target=target, baseline=first,
                               source="computed" if key else "imported", computed_key=key)  # fmt: skip
        if indicator and key:
            _survey_history(indicator, values)
            added += 1
        elif indicator:
            _history(indicator, values, comparators, note)
            added += 1
    for code, number, key, target in COMPUTED:
        source = computed_source(key)
        indicator = _indicator(code, outcomes[number - 1], name=source.title, definition=source.description,
                               unit=source.unit, direction=source.direction, target=target, baseline=None,
                               source="computed", computed_key=key)  # fmt: skip
        if indicator:
            services.recompute(indicator, date.today())
            added += 1
    db.session.flush()
    yield f"  {len(outcomes)} strategy outcomes; {added} indicators added, with figures from {YEARS[0]} to {YEARS[-1]}."
