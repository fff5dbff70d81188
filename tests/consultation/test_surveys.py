"""Survey templates, the young person's easy-read survey, invitation links and the survey indicators."""

from __future__ import annotations

import csv
import io
import re
from datetime import date, timedelta

from flask import url_for
from sqlalchemy import select

from consultation.models import Response
from consultation.surveys.catalogue import SURVEY_KINDS, YOUNG_PERSON_PLAN_FEEDBACK
from consultation.surveys.indicators import EHC_SATISFACTION, PARENT_CONFIDENCE, YOUNG_PEOPLE_PLAN
from consultation.surveys.invitations import create_batch, token_hash
from consultation.surveys.models import Invitation, InvitationBatch, ResponseBatch
from consultation.surveys.services import create_survey
from portal.core.access import Role
from portal.core.extensions import db
from portal.core.indicator_sources import compute

VOWELS = re.compile(r"[aeiouy]+")
# Compounds with a silent e inside, which the vowel-group rule overcounts.
EXCEPTIONS = {"sometimes": 2, "someone": 2, "something": 2, "everyone": 3}


def syllables(word: str) -> int:
    word = re.sub(r"[^a-z]", "", word.lower())
    if not word:
        return 0
    if word in EXCEPTIONS:
        return EXCEPTIONS[word]
    count = len(VOWELS.findall(word))
    if word.endswith("e") and not word.endswith(("le", "ee")) and count > 1:
        count -= 1
    elif word.endswith("ed") and not word.endswith(("ted", "ded")) and count > 1:
        count -= 1  # "listened" has two
    return max(1, count)


def fk_grade(text: str) -> float:
    sentences = max(1, len(re.findall(r"[.!?…]+", text)) or 1)
    words = re.findall(r"[A-Za-z']+", text)
    return 0.39 * len(words) / sentences + 11.8 * sum(syllables(w) for w in words) / len(words) - 15.59


def test_syllable_counter():
    assert [syllables(w) for w in ("plan", "matters", "school", "listened", "worry", "anything")] == [1, 2, 1, 2, 2, 3]


def test_young_person_survey_reads_at_about_age_nine():
    """Flesch-Kincaid is a measure of passages, so it is taken over all the questions and hints together."""
    texts = [t for q in YOUNG_PERSON_PLAN_FEEDBACK.questions for t in (q.text, q.hint) if t]
    passage = " ".join(t if t.rstrip()[-1:] in ".?!…" else t + "." for t in texts)
    assert fk_grade(passage) <= 4, fk_grade(passage)
    assert all(len(t.split()) <= 10 for t in texts)  # short sentences
    assert not any(q.required for q in YOUNG_PERSON_PLAN_FEEDBACK.questions)


def test_each_template_creates_a_survey(app_ctx):
    for kind in SURVEY_KINDS.values():
        survey = create_survey(kind)
        assert survey.kind == "survey" and len(survey.questions) == len(kind.template.questions)
        assert survey.published_at is None
    texts = {q.text for q in create_survey(SURVEY_KINDS["ehc_assessment_satisfaction"]).questions}
    for topic in ("kept you informed", "listened to", "how long", "EHC plan", "Overall"):
        assert any(topic in t for t in texts), topic


def test_staff_create_a_survey_from_the_templates_page(client_request, sign_in):
    sign_in(Role.CONSULTATION_LEAD)
    page = client_request.get("consultation_staff.survey_templates")
    assert page.text.count("Create survey") >= 3
    client_request.post("consultation_staff.create_survey", key="parent_confidence")


def _plan_survey():
    survey = create_survey(
        SURVEY_KINDS[YOUNG_PERSON_PLAN_FEEDBACK.key],
        slug="plan",
        opens_on=date.today() - timedelta(days=1),
        published=True,
    )
    db.session.commit()
    return survey


def _answer_all_blank(client, client_request, survey, token):
    client_request.get("consultation_public.invitation_link", token=token, _expected_status=302)
    start = client_request.get("consultation_public.consultation_page", slug="plan")
    assert "You can skip any question" in start.text
    client_request.get(
        "consultation_public.respond",
        slug="plan",
        _expected_redirect=url_for("consultation_public.question", slug="plan", number=1),
    )
    for number in range(1, len(survey.questions) + 1):
        page = client_request.get("consultation_public.question", slug="plan", number=number)
        if number == 1:
            assert page.select_one("[aria-hidden=true]") and "app-picture-scale" in str(page)
            assert page.find(string="Happy")
        client_request.post("consultation_public.question", {}, slug="plan", number=number)
    check = client_request.get("consultation_public.check_answers", slug="plan")
    sent_token = check.select_one("input[name=submission_token][type=hidden]")
    return client.post(
        url_for("consultation_public.check_answers", slug="plan"),
        data={"submission_token": sent_token["value"] if sent_token else ""},
    )


def test_a_link_answers_once_with_nothing_filled_in_and_says_thank_you(client, client_request):
    survey = _plan_survey()
    batch, tokens = create_batch(survey, 3, date.today(), "EHC plan issued")
    db.session.commit()
    sent = _answer_all_blank(client, client_request, survey, tokens[0])
    assert sent.status_code == 302 and sent.location == url_for("consultation_public.confirmation", slug="plan")
    assert "Thank you" in client_request.get("consultation_public.confirmation", slug="plan").text
    response = db.session.scalar(select(Response).where(Response.consultation_id == survey.id))
    assert response.respondent_type == "young_person" and response.answers == []
    link = db.session.get(ResponseBatch, response.id)
    assert link.batch_id == batch.id
    again = client_request.get("consultation_public.invitation_link", token=tokens[0], _expected_status=410)
    assert "This link has already been used" in again.text


def test_links_expire_tampered_links_are_not_found_and_no_link_no_entry(client_request):
    survey = _plan_survey()
    batch, tokens = create_batch(survey, 2, date.today(), "Coventry team", days=60)
    batch.expires_on = date.today() - timedelta(days=1)
    db.session.commit()
    expired = client_request.get("consultation_public.invitation_link", token=tokens[0], _expected_status=410)
    assert "This link has expired" in expired.text
    tampered = client_request.get(
        "consultation_public.invitation_link", token=f"{tokens[1][:-2]}xx", _expected_status=404
    )
    assert "We cannot find this link" in tampered.text
    client_request.get("consultation_public.respond", slug="plan", _expected_status=403)


def test_links_are_stored_only_as_fingerprints(app_ctx):
    survey = _plan_survey()
    _, tokens = create_batch(survey, 50, date.today(), "Annual review")
    stored = set(db.session.scalars(select(Invitation.token_hash)))
    assert stored == {token_hash(t) for t in tokens}
    assert not stored & set(tokens)
    assert all(len(t) >= 20 for t in tokens) and len(set(tokens)) == 50


def test_staff_download_a_batch_of_links_as_csv(client, client_request, sign_in):
    sign_in(Role.CONSULTATION_LEAD)
    survey = _plan_survey()
    response = client.post(
        f"/staff/consultations/{survey.id}/invitations",
        data={"count": "5", "month": date.today().replace(day=1).isoformat(), "team": "EHC plan issued", "days": "60"},
    )
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert len(rows) == 5 and all(r["link"].endswith("/have-your-say/link/" + r["code"]) for r in rows)
    batch = db.session.scalar(select(InvitationBatch))
    assert batch.size == 5 and batch.team == "EHC plan issued"
    page = client_request.post(
        "consultation_staff.invitation_links",
        {"count": "6000", "team": ""},
        consultation_id=survey.id,
        _expected_status=200,
    ).text
    assert "Number of links must be between 1 and 5,000" in page and "Enter the team sending the links" in page


def test_survey_indicators_over_responses_and_an_empty_period(app_ctx):
    from consultation.surveys.demo import load_survey_demo

    ehc = create_survey(SURVEY_KINDS["ehc_assessment_satisfaction"], slug="ehc-assessment-satisfaction", published=True)
    db.session.commit()
    assert compute(EHC_SATISFACTION, date.today(), date.today()).value is None
    list(load_survey_demo())
    year = (date.today() - timedelta(days=365), date.today())
    for key in (YOUNG_PEOPLE_PLAN, PARENT_CONFIDENCE):
        result = compute(key, *year)
        assert result.count > 100 and 0 < result.value < 100
    long_ago = compute(YOUNG_PEOPLE_PLAN, date(2001, 1, 1), date(2001, 12, 31))
    assert long_ago.value is None and long_ago.count == 0
    assert ehc.id


def test_a_link_is_spent_when_the_survey_is_all_on_one_page(client, client_request):
    """Probe finding 1: with "all questions on one page" one link sent three responses."""
    survey = _plan_survey()
    survey.one_question_per_page = False
    _, tokens = create_batch(survey, 1, date.today(), "EHC plan issued")
    db.session.commit()
    client_request.get("consultation_public.invitation_link", token=tokens[0], _expected_status=302)
    assert client_request.get("consultation_public.respond", slug="plan").select_one("[name=submission_token]")
    statuses = [
        client.post(
            url_for("consultation_public.respond", slug="plan"), data={"submission_token": f"form-{n}-abcdefghijklmnop"}
        ).status_code
        for n in range(3)
    ]
    assert statuses == [302, 410, 410]
    saved = db.session.scalars(select(Response).where(Response.consultation_id == survey.id)).all()
    assert len(saved) == 1 and db.session.get(ResponseBatch, saved[0].id) is not None
    assert db.session.scalar(select(Invitation)).used_on == date.today()
