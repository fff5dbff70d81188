"""URL parameters for walking the URL map: real ids from the database where there are some, else a dummy."""

from __future__ import annotations

from collections.abc import Callable

from werkzeug.routing import Rule

from portal.core.extensions import db

DUMMY = "999999"


def _first(statement) -> str | None:
    value = db.session.scalars(statement.limit(1)).first()
    return None if value is None else str(value)


def resolvers() -> dict[str, Callable[[str], str | None]]:
    from consultation.coding.models import CodingCodebook
    from consultation.models import Consultation, Finding, Question
    from local_offer.models import Organization, ProblemReport, Service, Taxonomy, TaxonomyTerm
    from portal.chat.models import KnowledgeEntry
    from portal.core.safeguarding.models import SafeguardingFlag
    from portal.strategy.models import Indicator, IndicatorValue, StrategyOutcome

    consultation_id = db.session.scalars(db.select(Consultation.id).order_by(Consultation.id)).first()
    question = db.select(Question.id).where(Question.consultation_id == consultation_id, Question.kind == "text")
    indicator_id = db.session.scalars(db.select(Indicator.id).order_by(Indicator.id)).first()

    def slug(endpoint: str) -> str | None:
        if endpoint.startswith("chat_public."):
            return _first(db.select(KnowledgeEntry.slug))
        return _first(db.select(Consultation.slug).where(Consultation.id == consultation_id))

    fixed = {
        "consultation_id": None if consultation_id is None else str(consultation_id),
        "question_id": _first(question),
        "codebook_id": _first(db.select(CodingCodebook.id)),
        "theme_id": "transport",
        "theme": "transport",
        "finding_id": _first(db.select(Finding.id).where(Finding.consultation_id == consultation_id)),
        "service_id": _first(db.select(Service.id).order_by(Service.id)),
        "org_id": _first(db.select(Organization.id)),
        "taxonomy_id": _first(db.select(Taxonomy.id)),
        "term_id": _first(db.select(TaxonomyTerm.id)),
        "report_id": _first(db.select(ProblemReport.id)),
        "entry_id": _first(db.select(KnowledgeEntry.id)),
        "flag_id": _first(db.select(SafeguardingFlag.id)),
        "indicator_id": None if indicator_id is None else str(indicator_id),
        "value_id": _first(db.select(IndicatorValue.id).where(IndicatorValue.indicator_id == indicator_id)),
        "outcome_id": _first(db.select(StrategyOutcome.id)),
        "fmt": "csv",
        "number": "1",
        "filename": "govuk/app.css",
    }
    resolvers: dict[str, Callable[[str], str | None]] = {name: (lambda _e, v=v: v) for name, v in fixed.items()}
    resolvers["slug"] = slug
    return resolvers


def build_url(rule: Rule, resolvers) -> str:
    values = {}
    for name in rule.arguments:
        value = resolvers.get(name, lambda _e: None)(rule.endpoint)
        values[name] = value if value is not None else DUMMY
    return rule.build(values, append_unknown=False)[1]
