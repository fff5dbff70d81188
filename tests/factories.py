"""Factories for test data, saved through the same services layer the application uses."""

from __future__ import annotations

import itertools
from datetime import date

from local_offer.models import Organization, Service
from local_offer.services import save_services, set_districts, set_send_terms
from portal.core.extensions import db

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
