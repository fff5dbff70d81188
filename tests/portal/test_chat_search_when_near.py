"""The chat searches with the directory's own `when` filter and a postcode: the services it lists are the
directory's for the same search, nearest first, and its link opens that search."""

from __future__ import annotations

from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import pytest

from local_offer.models import Location, ServiceAtLocation
from local_offer.services import save_services, set_when_terms
from portal.core.extensions import db
from tests.factories import make_service
from tests.portal.test_chat_frame import conversation


def _at(lat: float, lon: float) -> list[ServiceAtLocation]:
    return [ServiceAtLocation(location=Location(name="Hall", latitude=Decimal(str(lat)), longitude=Decimal(str(lon))))]


@pytest.fixture()
def clubs(app_ctx):
    far = make_service("Stratford After School Club", "An after school club for autistic children.",
                       needs=("ASD",), locations=_at(52.1917, -1.7073))  # fmt: skip
    near = make_service("Nuneaton After School Club", "An after school club for autistic children.",
                        needs=("ASD",), locations=_at(52.5230, -1.4680))  # fmt: skip
    make_service("Nuneaton Saturday Club", "A Saturday club for autistic children.", needs=("ASD",),
                 locations=_at(52.5230, -1.4680))  # fmt: skip
    for service in (far, near):
        set_when_terms(service, ("after_school",))
    save_services([far, near])
    db.session.commit()


def test_the_chat_searches_after_school_near_a_postcode(clubs, client):
    asked, reply = conversation(client, "any after school clubs for my autistic son near CV11 4AB?", "he is 9")
    assert "How old" in asked["reply"] and "nearest to CV11 4AB first" in asked["reply"]
    assert reply["search"]["when"] == ["after_school"] and reply["search"]["postcode"] == "CV11 4AB"
    names = [service["name"] for service in reply["services"]]
    assert names == ["Nuneaton After School Club", "Stratford After School Club"]  # nearest first, no Saturday club
    link = next(link["href"] for link in reply["links"] if "full search" in link["text"])
    query = parse_qs(urlsplit(link).query)
    assert query["when"] == ["after_school"] and query["near"] == ["CV11 4AB"]
