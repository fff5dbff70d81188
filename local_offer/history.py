"""Each service's change history: what a parent could see of it, field by field, before and after a change.

``snapshot`` puts a service into the words its public page uses (one string per field); ``differences``
compares two snapshots; ``record`` writes a ``ServiceChange`` and moves ``Service.last_modified`` on,
so a changed phone number or opening time reaches the ORUK API's ``last_modified`` too. Editors' saves,
archiving, checking and imports all write through here; the caller commits.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.orm import selectinload

from local_offer.models import (
    DELIVERY_METHODS,
    REFERRAL_ROUTES,
    Service,
    ServiceAtLocation,
    ServiceChange,
)
from local_offer.taxonomies import CATEGORY_TAXONOMY, NEED_TAXONOMY
from portal.core.audit import utcnow
from portal.core.extensions import db

CREATED, EDITED, ARCHIVED, UNARCHIVED, CHECKED, IMPORTED = (
    "created",
    "edited",
    "archived",
    "unarchived",
    "checked",
    "imported",
)
ACTIONS = {
    CREATED: "Added",
    EDITED: "Edited",
    ARCHIVED: "Archived",
    UNARCHIVED: "Brought back into the directory",
    CHECKED: "Marked as checked",
    IMPORTED: "Imported",
}
MAX_VALUE = 2000  # a description can be long; the history keeps enough to see what changed


def _lines(items: Iterable[str | None]) -> str:
    return "\n".join(item for item in items if item)


def _joined(*parts: Any, sep: str = ", ") -> str:
    return sep.join(str(part) for part in parts if part not in (None, ""))


def schedule_text(schedule: Any) -> str:
    hours = f"{schedule.opens_at} to {schedule.closes_at}" if schedule.opens_at else None
    return schedule.description or _joined(schedule.byday, hours)


def _people(service: Service) -> str:
    return _lines(_joined(c.title, c.name, c.email) for c in service.contacts)


def _places(service: Service) -> str:
    places = (link.location for link in service.locations)
    return _lines(
        _joined(p.name, p.address_1, p.address_2, p.city, p.postal_code)
        + (f" (access: {p.accessibility})" if p.accessibility else "")
        for p in places
    )


def _prices(service: Service) -> str:
    return _lines(
        _joined(o.option, f"£{o.amount:.2f}" if o.amount is not None else None, o.amount_description)
        for o in service.cost_options
    )


def snapshot(service: Service) -> dict[str, str]:
    """Every field a parent sees on the service's page (and its state for editors), as text."""
    return {
        "Name": service.name or "",
        "Organisation": service.organization.name if service.organization else "",
        "Description": service.description or "",
        "Alert": service.alert or "",
        "Who can use it": service.eligibility_description or "",
        "Minimum age": "" if service.minimum_age is None else str(service.minimum_age),
        "Maximum age": "" if service.maximum_age is None else str(service.maximum_age),
        "Needs": ", ".join(sorted(t.name for t in service.terms_in(NEED_TAXONOMY))),
        "Type of service": ", ".join(sorted(t.name for t in service.terms_in(CATEGORY_TAXONOMY))),
        "Areas": ", ".join(sorted(a.name or a.district_code or "" for a in service.service_areas)),
        "Referral": REFERRAL_ROUTES.get(service.referral_route or "", ""),
        "How it is delivered": ", ".join(DELIVERY_METHODS[d] for d in service.delivery_methods),
        "Free": "Yes" if service.is_free else "No",
        "Fees": service.fees_description or "",
        "Prices": _prices(service),
        "How to apply": service.application_process or "",
        "Waiting time": service.wait_time or "",
        "Languages and interpreting": service.interpretation_services or "",
        "Status": (service.status or "").capitalize(),
        "Archived": "Yes" if service.archived else "No",
        "Last checked": service.assured_date.isoformat() if service.assured_date else "",
        "Website": service.url or "",
        "Email": service.email or "",
        "Telephone": _lines(_joined(p.description, p.number, sep=": ") for p in service.phones),
        "Contacts": _people(service),
        "Addresses": _places(service),
        "Opening times": _lines(schedule_text(s) for s in service.schedules),
    }


def differences(before: dict[str, str], after: dict[str, str]) -> list[dict[str, str]]:
    """The fields that differ, in the snapshot's order, each with its value before and after."""
    return [
        {"field": name, "before": before.get(name, "")[:MAX_VALUE], "after": value[:MAX_VALUE]}
        for name, value in after.items()
        if before.get(name, "") != value
    ]


def record(
    service: Service, action: str, changes: list[dict[str, str]], by: str | None, note: str | None = None
) -> ServiceChange:
    """Write one history entry and mark the service as changed now."""
    now = utcnow()
    service.last_modified = now
    entry = ServiceChange(
        service_id=service.id, changed_at=now, changed_by=by, action=action, note=note, changes=changes
    )
    db.session.add(entry)
    return entry


def snapshots(service_ids: Sequence[str]) -> dict[str, dict[str, str]]:
    """Snapshots of many services read afresh from the database (after Core writes, as an import makes)."""
    if not service_ids:
        return {}
    statement = (
        select(Service)
        .where(Service.id.in_(service_ids))
        .options(
            selectinload(Service.organization),
            selectinload(Service.attributes),
            selectinload(Service.service_areas),
            selectinload(Service.phones),
            selectinload(Service.contacts),
            selectinload(Service.schedules),
            selectinload(Service.cost_options),
            selectinload(Service.locations).selectinload(ServiceAtLocation.location),
        )
        .execution_options(populate_existing=True)
    )
    return {service.id: snapshot(service) for service in db.session.scalars(statement)}


@dataclass(frozen=True)
class ImportedChange:
    service_id: str
    action: str
    changes: list[dict[str, str]]


def record_many(entries: Sequence[ImportedChange], by: str | None, note: str | None) -> None:
    """History rows for an import, written in bulk; their services' ``last_modified`` is the import's own."""
    if not entries:
        return
    now = utcnow()
    rows = [
        {"service_id": e.service_id, "changed_at": now, "changed_by": by, "action": e.action, "note": note,
         "changes": e.changes}
        for e in entries
    ]  # fmt: skip
    db.session.execute(insert(ServiceChange), rows)


def touch(service_ids: Sequence[str], when: datetime) -> None:
    """Move ``last_modified`` on for services whose change only touched other tables."""
    if service_ids:
        db.session.execute(update(Service).where(Service.id.in_(service_ids)).values(last_modified=when))
