"""Indicators the portal computes from its own data.

A computed source is a function ``(period_start, period_end) -> Computed``: the figure (None when the
period had no data, never 0) and how many records or responses it rests on. Sources are found by key:

- fixed sources registered with ``register`` (the directory measures below);
- families resolved from the key's prefix with ``register_family``. The ``survey`` family reads
  consultation responses: ``survey:<question id>`` is the share of answers to a satisfaction or agreement
  question that are positive ("satisfied or very satisfied", "agree or strongly agree"), and
  ``survey:<question id>:<respondent type>`` counts only that kind of respondent (like ``parent_carer``).
  Survey templates (such as the EHC process satisfaction survey) plug in here with no new code.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import and_, case, func, or_, select

from portal.extensions import db

FRESHNESS_MONTHS = 12
POSITIVE_ANSWERS = {
    "satisfaction": frozenset({"very_satisfied", "satisfied"}),
    "agreement": frozenset({"strongly_agree", "agree"}),
    "confidence": frozenset({"very_confident", "fairly_confident"}),
    "picture": frozenset({"happy"}),
}


@dataclass(frozen=True)
class Computed:
    value: float | None
    count: int


@dataclass(frozen=True)
class ComputedSource:
    key: str
    title: str
    description: str
    unit: str
    direction: str
    count_label: str
    compute: Callable[[date, date], Computed]


_SOURCES: dict[str, ComputedSource] = {}
_FAMILIES: dict[str, Callable[[str], ComputedSource | None]] = {}


def register(source: ComputedSource) -> ComputedSource:
    _SOURCES[source.key] = source
    return source


def register_family(prefix: str, resolve: Callable[[str], ComputedSource | None]) -> None:
    """Keys ``prefix:…`` are resolved by ``resolve(key)`` (None for a key it does not know)."""
    _FAMILIES[prefix] = resolve


def computed_source(key: str | None) -> ComputedSource | None:
    if not key:
        return None
    if key in _SOURCES:
        return _SOURCES[key]
    resolve = _FAMILIES.get(key.partition(":")[0])
    return resolve(key) if resolve else None


def compute(key: str, start: date, end: date) -> Computed:
    source = computed_source(key)
    if source is None:
        raise KeyError(f"no computed source {key!r}")
    return source.compute(start, end)


def source_choices() -> list[tuple[str, str]]:
    """Every computed source a strategy lead can pick: the fixed ones, then survey questions."""
    return [(key, source.title) for key, source in _SOURCES.items()] + survey_choices()


def percentage(part: int, whole: int) -> float | None:
    return None if whole == 0 else round(100.0 * part / whole, 1)


def _months_before(day: date, months: int) -> date:
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    for candidate in range(day.day, 0, -1):
        try:
            return date(year, month + 1, candidate)
        except ValueError:
            continue
    raise ValueError(day)


def directory_freshness(start: date, end: date) -> Computed:  # noqa: ARG001  (a snapshot at period end)
    """Of the active, non-archived services, the share checked in the 12 months up to period end."""
    from local_offer.models import Service

    since = _months_before(end, FRESHNESS_MONTHS)
    checked = case((and_(Service.assured_date > since, Service.assured_date <= end), 1), else_=0)
    total, fresh = db.session.execute(
        select(func.count(Service.id), func.coalesce(func.sum(checked), 0)).where(
            Service.status == "active", Service.archived.is_(False)
        )
    ).one()
    return Computed(percentage(int(fresh), int(total)), int(total))


def directory_helpfulness(start: date, end: date) -> Computed:
    """Of the 'Was this page helpful?' answers on directory pages in the period, the share saying yes."""
    from portal.feedback import PageFeedback

    yes = case((PageFeedback.helpful.is_(True), 1), else_=0)
    total, helpful = db.session.execute(
        select(func.count(PageFeedback.id), func.coalesce(func.sum(yes), 0)).where(
            PageFeedback.helpful.is_not(None),
            PageFeedback.created_at >= datetime.combine(start, time.min),
            PageFeedback.created_at < datetime.combine(end + timedelta(days=1), time.min),
            or_(PageFeedback.service_id.is_not(None), PageFeedback.path.like("/services%")),
        )
    ).one()
    return Computed(percentage(int(helpful), int(total)), int(total))


register(ComputedSource(
    "directory_freshness", "% of directory services checked in the last 12 months",
    "Of the active services in the directory that are not archived, the percentage whose details were "
    "checked in the 12 months up to the end of the period.", "percent", "increase", "services",
    directory_freshness,
))  # fmt: skip
register(ComputedSource(
    "directory_helpfulness", "% of directory pages found helpful",
    "Of the answers to 'Was this page helpful?' on directory pages during the period, the percentage "
    "that said yes.", "percent", "increase", "answers", directory_helpfulness,
))  # fmt: skip


def survey_share(question_id: int, positive: frozenset[str], respondent_type: str | None) -> Callable:
    """A compute function: the share of positive answers to one survey question in the period."""

    def compute_share(start: date, end: date) -> Computed:
        from consultation.models import Answer, Response

        good = case((Answer.option_value.in_(positive), 1), else_=0)
        query = (
            select(func.count(Answer.id), func.coalesce(func.sum(good), 0))
            .join(Response, Response.id == Answer.response_id)
            .where(Answer.question_id == question_id, Answer.option_value.is_not(None))
            .where(Response.submitted_on >= start, Response.submitted_on <= end)
        )
        if respondent_type:
            query = query.where(Answer.respondent_type == respondent_type)
        total, positive_count = db.session.execute(query).one()
        return Computed(percentage(int(positive_count), int(total)), int(total))

    return compute_share


def survey_source(key: str) -> ComputedSource | None:
    """Resolve ``survey:<question id>[:<respondent type>]`` to a source, if the question can be scored."""
    from consultation.models import Question

    _, _, rest = key.partition(":")
    question_text, _, respondent_type = rest.partition(":")
    question = db.session.get(Question, int(question_text)) if question_text.isdigit() else None
    if question is None or question.kind not in POSITIVE_ANSWERS:
        return None
    positive = POSITIVE_ANSWERS[question.kind]
    who = f" ({respondent_type.replace('_', ' ')})" if respondent_type else ""
    return ComputedSource(
        key, f"{question.consultation.title}: {question.text}{who}",
        f"Of the answers to '{question.text}' in the period, the percentage answering "
        f"{' or '.join(sorted(value.replace('_', ' ') for value in positive))}.",
        "percent", "increase", "answers", survey_share(question.id, positive, respondent_type or None),
    )  # fmt: skip


def survey_choices() -> list[tuple[str, str]]:
    from consultation.models import Consultation, Question

    rows = db.session.execute(
        select(Question.id, Question.text, Consultation.title)
        .join(Consultation, Consultation.id == Question.consultation_id)
        .where(Question.kind.in_(list(POSITIVE_ANSWERS)))
        .order_by(Consultation.title, Question.position)
    ).all()
    return [(f"survey:{row.id}", f"{row.title}: {row.text}") for row in rows]


register_family("survey", survey_source)
