"""Creating surveys from the catalogue and reading how they are run."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from consultation.builders import create_from_template
from consultation.models import Consultation
from consultation.services import slug_from_title
from consultation.surveys.catalogue import SurveyKind
from consultation.surveys.models import SurveySetup
from portal.core.extensions import db

SURVEY_OPEN_DAYS = 365


def create_survey(
    kind: SurveyKind,
    *,
    slug: str | None = None,
    opens_on: date | None = None,
    closes_on: date | None = None,
    published: bool = False,
) -> Consultation:
    """A new survey from the template, with its set-up (flushed, not committed). Drafts until published."""
    opens_on = opens_on or date.today()
    survey = create_from_template(
        kind.template,
        slug=slug or slug_from_title(kind.template.title),
        opens_on=opens_on,
        closes_on=closes_on or opens_on + timedelta(days=SURVEY_OPEN_DAYS),
        published=published,
        one_question_per_page=kind.one_question_per_page,
    )
    attach_setup(survey, kind)
    return survey


def attach_setup(survey: Consultation, kind: SurveyKind) -> SurveySetup:
    setup = db.session.get(SurveySetup, survey.id) or SurveySetup(consultation_id=survey.id)
    setup.template_key = kind.key
    setup.requires_invitation = kind.requires_invitation
    setup.respondent_type = kind.respondent_type
    db.session.add(setup)
    db.session.flush()
    return setup


def setup_of(consultation_id: int) -> SurveySetup | None:
    return db.session.get(SurveySetup, consultation_id)


def surveys_from(template_key: str) -> list[Consultation]:
    return list(
        db.session.scalars(
            select(Consultation)
            .join(SurveySetup, SurveySetup.consultation_id == Consultation.id)
            .where(SurveySetup.template_key == template_key)
            .order_by(Consultation.opens_on.desc())
        )
    )
