"""Indicators the portal computes from its own data; a period with no data gives None, never 0."""

from __future__ import annotations

from datetime import date, datetime

from portal.core import indicator_sources as computed
from portal.core.extensions import db
from portal.core.page_feedback import PageFeedback
from tests.factories import add_response, make_service

SPRING = (date(2026, 1, 1), date(2026, 3, 31))


def test_the_directory_sources_are_registered(app_ctx):
    keys = [key for key, _ in computed.source_choices()[:2]]
    assert keys == ["directory_freshness", "directory_helpfulness"]
    assert computed.computed_source("directory_freshness").unit == "percent"
    assert computed.computed_source("no-such-source") is None
    assert computed.computed_source("survey:not-a-number") is None


def test_freshness_counts_active_unarchived_services_checked_in_the_12_months_to_period_end(app_ctx):
    make_service("Checked this year", assured=date(2026, 2, 1))
    make_service("Checked 11 months before", assured=date(2025, 5, 1))
    make_service("Checked 13 months before", assured=date(2025, 2, 1))
    make_service("Never checked")
    make_service("Checked after period end", assured=date(2026, 5, 1))
    make_service("Archived", assured=date(2026, 2, 1), archived=True)
    make_service("Inactive", assured=date(2026, 2, 1), status="inactive")
    result = computed.compute("directory_freshness", *SPRING)
    assert result == computed.Computed(40.0, 5)


def test_freshness_with_no_services_is_no_data(app_ctx):
    assert computed.compute("directory_freshness", *SPRING) == computed.Computed(None, 0)


def _feedback(path: str, helpful: bool | None, when: datetime, service_id: str | None = None) -> None:
    db.session.add(PageFeedback(path=path, helpful=helpful, created_at=when, service_id=service_id))


def test_helpfulness_is_the_share_of_yes_answers_on_directory_pages_in_the_period(app_ctx):
    _feedback("/services/one", True, datetime(2026, 1, 1, 0, 5))
    _feedback("/services/two", True, datetime(2026, 3, 31, 23, 59))
    _feedback("/services/?q=autism", False, datetime(2026, 2, 2))
    _feedback("/services/three", None, datetime(2026, 2, 2))  # a comment with no answer
    _feedback("/services/one", False, datetime(2025, 12, 31, 23, 59))  # before the period
    _feedback("/services/one", False, datetime(2026, 4, 1, 0, 0))  # after it
    _feedback("/contact", False, datetime(2026, 2, 2))  # not a directory page
    db.session.commit()
    result = computed.compute("directory_helpfulness", *SPRING)
    assert result.count == 3
    assert result.value == 66.7


def test_helpfulness_with_no_answers_is_no_data_not_zero(app_ctx):
    _feedback("/contact", True, datetime(2026, 2, 2))
    db.session.commit()
    assert computed.compute("directory_helpfulness", *SPRING) == computed.Computed(None, 0)


def _survey(kind: str = "satisfaction"):
    from consultation.models import Consultation, Question

    survey = Consultation(slug="ehc-survey", kind="survey", title="EHC process survey", opens_on=date(2025, 9, 1),
                          closes_on=date(2026, 8, 31))  # fmt: skip
    question = Question(consultation=survey, position=1, kind=kind, text="How satisfied are you with the EHC process?")
    db.session.add_all([survey, question])
    db.session.flush()
    answers = [
        ("very_satisfied", "parent_carer", date(2026, 1, 5)),
        ("satisfied", "parent_carer", date(2026, 2, 5)),
        ("dissatisfied", "parent_carer", date(2026, 3, 5)),
        ("neither", "young_person", date(2026, 3, 6)),
        (None, "parent_carer", date(2026, 3, 7)),
        ("very_satisfied", "parent_carer", date(2025, 6, 1)),
    ]
    for value, who, when in answers:
        add_response(
            survey.id, [{"question_id": question.id, "option_value": value}], respondent_type=who, submitted_on=when
        )
    db.session.commit()
    return question


def test_survey_questions_plug_in_as_computed_sources(app_ctx):
    question = _survey()
    assert (f"survey:{question.id}", f"EHC process survey: {question.text}") in computed.source_choices()
    everyone = computed.compute(f"survey:{question.id}", *SPRING)
    assert everyone == computed.Computed(50.0, 4)
    parents = computed.compute(f"survey:{question.id}:parent_carer", *SPRING)
    assert parents == computed.Computed(66.7, 3)
    assert computed.compute(f"survey:{question.id}", date(2024, 9, 1), date(2025, 3, 1)) == computed.Computed(None, 0)


def test_free_text_questions_are_not_scorable(app_ctx):
    question = _survey(kind="text")
    assert computed.computed_source(f"survey:{question.id}") is None
