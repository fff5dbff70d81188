"""Factories for test data, saved through the same services layer the application uses: services and
directories of them, staff, consultations and their responses."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from typing import Any

from consultation.builders import agreement, create_consultation, free_text, respondent_question
from consultation.models import Answer, Consultation, Response
from consultation.responses import save_response
from consultation.services import QuestionInput
from local_offer.models import Organization, Service
from local_offer.services import save_services, set_districts, set_send_terms
from portal.core.access import Role
from portal.core.extensions import db

PASSWORD = "correct horse battery staple"

_counter = itertools.count(1)


def make_service(
    name: str,
    description: str = "",
    *,
    needs: tuple[str, ...] = (),
    categories: tuple[str, ...] = (),
    areas: tuple[str, ...] = (),
    minimum_age: int | None = None,
    maximum_age: int | None = None,
    free: bool = True,
    referral: str | None = "self",
    delivery: tuple[str, ...] = ("in_person",),
    status: str = "active",
    archived: bool = False,
    assured: date | None = None,
    organization: str = "Test Organisation",
    commit: bool = True,
    **fields,
) -> Service:
    n = next(_counter)
    org = db.session.get(Organization, f"org-{organization}") or Organization(
        id=f"org-{organization}", name=organization
    )
    service = Service(
        id=fields.pop("id", f"svc-{n}"),
        name=name,
        description=description,
        organization=org,
        minimum_age=minimum_age,
        maximum_age=maximum_age,
        is_free=free,
        referral_route=referral,
        delivery_in_person="in_person" in delivery,
        delivery_online="online" in delivery,
        delivery_phone="phone" in delivery,
        status=status,
        archived=archived,
        assured_date=assured,
        **fields,
    )
    db.session.add(service)
    db.session.flush()
    set_send_terms(service, needs, categories)
    set_districts(service, areas)
    save_services([service])
    if commit:
        db.session.commit()
    return service


def make_directory(*services: Mapping[str, Any]) -> list[Service]:
    """A sample directory: each service given as ``make_service``'s keyword arguments, saved in order."""
    return [make_service(**service) for service in services]


def make_staff_user(*roles: Role, email: str | None = None, name: str = "Test Person", password: str = PASSWORD):
    """A member of staff with these roles; the email says which roles unless given."""
    from portal.auth.services import create_staff_user

    email = email or f"{'-'.join(r.value for r in roles) or 'staff'}@example.gov.uk"
    return create_staff_user(email, name, password, roles)


def short_questions() -> list[QuestionInput]:
    return [
        respondent_question(),
        agreement("Do you agree with our priorities?"),
        QuestionInput("single", "How did you hear about this?", options=("School", "Social media"), add_other=True),
        QuestionInput(
            "multiple", "Which services have you used?", options=("Short breaks", "Speech therapy", "Transport")
        ),
        free_text("What should we change?", max_length=50, required=True),
    ]


def make_consultation(
    slug: str = "send-strategy",
    questions: list[QuestionInput] | None = None,
    *,
    status: str = "open",
    one_question_per_page: bool | None = None,
    **fields,
) -> Consultation:
    """A consultation (the short one unless ``questions`` are given), open, closed, scheduled or draft."""
    today = date.today()
    opens, closes = {
        "open": (today - timedelta(days=7), today + timedelta(days=30)),
        "closed": (today - timedelta(days=60), today - timedelta(days=1)),
        "scheduled": (today + timedelta(days=3), today + timedelta(days=30)),
        "draft": (today - timedelta(days=7), today + timedelta(days=30)),
    }[status]
    consultation = create_consultation(
        slug,
        fields.pop("title", "Our SEND strategy"),
        short_questions() if questions is None else questions,
        opens_on=opens,
        closes_on=closes,
        summary="We want to know what you think of our plans.",
        audience="Parents, carers and young people",
        one_question_per_page=one_question_per_page,
        published=status != "draft",
        **fields,
    )
    db.session.commit()
    return consultation


def question_ids(consultation: Consultation) -> list[int]:
    return [q.id for q in consultation.visible_questions]


def valid_answers(consultation: Consultation) -> dict:
    """Form data answering the short consultation's questions."""
    who, agree, heard, used, change = question_ids(consultation)
    return {
        f"q{who}": "young_person",
        f"q{who}_young_person": "16_18",
        f"q{agree}": "agree",
        f"q{heard}": "other",
        f"q{heard}_other": "A leaflet at the GP",
        f"q{used}": ["short_breaks", "transport"],
        f"q{change}": "More short breaks",
    }


def make_response(consultation: Consultation, answers: Mapping[str, Any] | None = None, token: str | None = None):
    """A response sent as the public form sends it (the short consultation's valid answers unless given)."""
    return save_response(consultation, valid_answers(consultation) if answers is None else answers, token)


_references = itertools.count(1)


def add_response(
    consultation_id: int,
    answers: Iterable[Mapping[str, Any]],
    *,
    respondent_type: str | None = None,
    submitted_on: date | None = None,
    reference: str | None = None,
    source: str = "online",
) -> Response:
    """A response added straight to the session (not committed), with ``Answer`` fields for each answer."""
    response = Response(
        consultation_id=consultation_id,
        submitted_on=submitted_on or date.today(),
        source=source,
        respondent_type=respondent_type,
        reference=reference,
    )
    for answer in answers:
        response.answers.append(Answer(respondent_type=respondent_type, **answer))
    db.session.add(response)
    return response


def next_reference() -> str:
    return f"T{next(_references):06d}"
