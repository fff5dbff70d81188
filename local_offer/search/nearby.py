"""Ordering matches by distance from a postcode, on SQLite and PostgreSQL alike.

The engine says which services match (``Matching``: text relevance and filters decide that); this module
orders them: services with a place (a location with latitude and longitude) nearest first, by their
nearest location, then services with no place (online, by phone, county-wide) by name. Only the page's
rows leave the database: the order is plain arithmetic in SQL, the squared equirectangular distance
(latitude difference, and longitude difference scaled by the cosine of the postcode's latitude), which
orders points exactly as the true distance does to well within a tenth of a mile across a county. The
miles shown are then computed exactly (haversine) in Python for the page only.

A ``within_metres`` limit (the ORUK API's ``proximity``) leaves out located services further away, by the
same approximation (off by under 0.5 % at 50 km); services with no place stay, after the located ones.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from sqlalchemy import text

from local_offer.geo import LatLon, miles_between
from local_offer.search.engines import Matching
from portal.core.extensions import db

METRES_PER_DEGREE = 111_195.0  # on a sphere of the Earth's mean radius
_PLACED = "l.latitude IS NOT NULL AND l.longitude IS NOT NULL"


@dataclass
class NearbyPage:
    total: int
    ids: list[str]
    distances: dict[str, float | None] = field(default_factory=dict)


def _located_sql(matching: Matching, limited: bool) -> str:
    # Cast: PostgreSQL's numeric arithmetic is several times slower than double precision's.
    lat, lon = "CAST(l.latitude AS DOUBLE PRECISION)", "CAST(l.longitude AS DOUBLE PRECISION)"
    squared = f"({lat} - :lat) * ({lat} - :lat) + ({lon} - :lon) * ({lon} - :lon) * :k"
    return (
        f"SELECT sal.service_id AS service_id, MIN({squared}) AS d2 FROM service_at_location AS sal "
        f"JOIN location AS l ON l.id = sal.location_id WHERE {_PLACED} "
        f"AND sal.service_id IN ({matching.sql}) GROUP BY sal.service_id"
        + (f" HAVING MIN({squared}) <= :limit2" if limited else "")
    )


def _placeless_sql(matching: Matching) -> str:
    return (
        f"SELECT s.id FROM service AS s WHERE s.id IN ({matching.sql}) AND NOT EXISTS (SELECT 1 FROM "
        f"service_at_location AS sal JOIN location AS l ON l.id = sal.location_id WHERE sal.service_id = s.id "
        f"AND {_PLACED})"
    )


def _counts(matching: Matching, located: str, params: dict, located_total: int | None) -> tuple[int, int]:
    """(located, placeless) match counts; ``located_total`` if the page query already counted them."""
    if located_total is None:
        located_total = db.session.scalar(text(f"SELECT count(*) FROM ({located}) AS near"), params) or 0
    if params["limit2"]:  # some located matches may be too far: count the placeless ones themselves
        placeless = db.session.scalar(text(f"SELECT count(*) FROM ({_placeless_sql(matching)}) AS far"), params)
        return located_total, placeless or 0
    everything = db.session.scalar(text(f"SELECT count(*) FROM ({matching.sql}) AS every"), params) or 0
    return located_total, everything - located_total


def page_by_distance(
    matching: Matching, centre: LatLon, limit: int, offset: int, within_metres: int | None = None
) -> NearbyPage:
    """The total number of matches kept and one page of service ids, nearest first."""
    located = _located_sql(matching, within_metres is not None)
    metres = float(within_metres or 0)
    params = {
        **matching.params,
        "lat": centre.latitude,
        "lon": centre.longitude,
        "k": math.cos(math.radians(centre.latitude)) ** 2,
        "limit2": (metres / METRES_PER_DEGREE) ** 2,
    }
    # One pass orders the located matches and counts them (the window is taken before LIMIT).
    rows = db.session.execute(
        text(
            f"SELECT service_id, count(*) OVER () FROM ({located}) AS near ORDER BY d2, service_id "
            "LIMIT :page_limit OFFSET :page_offset"
        ),
        {**params, "page_limit": limit, "page_offset": offset},
    ).all()
    located_total, placeless_total = _counts(matching, located, params, rows[0][1] if rows else None)
    ids = [row[0] for row in rows]
    if len(ids) < limit and placeless_total:
        ids += db.session.scalars(
            text(f"{_placeless_sql(matching)} ORDER BY s.name, s.id LIMIT :page_limit OFFSET :page_offset"),
            {**params, "page_limit": limit - len(ids), "page_offset": max(0, offset - located_total)},
        ).all()
    return NearbyPage(located_total + placeless_total, ids, distances_to(centre, ids))


def distances_to(centre: LatLon, service_ids: list[str]) -> dict[str, float | None]:
    """Miles from ``centre`` to each service's nearest location; None for a service with no place."""
    if not service_ids:
        return {}
    binds = ", ".join(f":id{i}" for i in range(len(service_ids)))
    rows = db.session.execute(
        text(
            "SELECT sal.service_id, l.latitude, l.longitude FROM service_at_location AS sal "
            f"JOIN location AS l ON l.id = sal.location_id WHERE {_PLACED} AND sal.service_id IN ({binds})"
        ),
        {f"id{i}": sid for i, sid in enumerate(service_ids)},
    ).all()
    found: dict[str, float | None] = dict.fromkeys(service_ids)
    for service_id, latitude, longitude in rows:
        miles = miles_between(centre, LatLon(float(latitude), float(longitude)))
        current = found[service_id]
        found[service_id] = miles if current is None else min(current, miles)
    return found
