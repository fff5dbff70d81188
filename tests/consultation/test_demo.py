"""The demonstration data loads, reads like people wrote it, and loads only once."""

from __future__ import annotations

from sqlalchemy import func, select

from consultation.demo import STRATEGY_RESPONSES, STRATEGY_SLUG, SURVEY_SLUG, TRANSPORT_SLUG, load_consultation_demo
from consultation.models import Answer, Response
from consultation.queries import consultation_by_slug, response_count
from consultation.results import consultation_results
from portal.core.extensions import db


def test_demo_loads_once_with_realistic_answers(app_ctx, client_request):
    lines = list(load_consultation_demo())
    assert len(lines) == 3
    strategy = consultation_by_slug(STRATEGY_SLUG)
    assert strategy.status() == "closed" and strategy.results_published_at and len(strategy.findings) == 3
    assert response_count(strategy) == STRATEGY_RESPONSES >= 400
    assert consultation_by_slug(TRANSPORT_SLUG).status() == "open"
    survey = consultation_by_slug(SURVEY_SLUG)
    assert survey.kind == "survey" and sum(q.kind == "satisfaction" for q in survey.questions) == 5
    types = dict(
        db.session.execute(
            select(Response.respondent_type, func.count())
            .where(Response.consultation_id == strategy.id)
            .group_by(Response.respondent_type)
        ).all()
    )
    assert set(types) == {
        "parent_carer",
        "young_person",
        "education_staff",
        "health_social_care",
        "voluntary_community",
        "other",
    }
    texts = db.session.scalars(
        select(Answer.text)
        .join(Response)
        .where(Response.consultation_id == strategy.id, Answer.text.is_not(None), Answer.option_value.is_(None))
    ).all()
    assert len(set(texts)) > 0.8 * len(texts)  # combined, not repeated
    lengths = sorted(len(t) for t in texts)
    assert lengths[0] < 90 and lengths[-1] > 250
    results = consultation_results(strategy)
    assert results.total == STRATEGY_RESPONSES and all(r.answered for r in results.questions)
    assert list(load_consultation_demo()) == [f"Consultation {STRATEGY_SLUG} already loaded"]
    assert response_count(strategy) == STRATEGY_RESPONSES
    page = client_request.get("consultation_public.consultation_page", slug=STRATEGY_SLUG)
    assert "We asked, you said, we did" in page.text
