"""Saving imported records in bulk: one insert or update per table per chunk, then the search index.

Going through the ORM one service at a time manages a few hundred services a second; a council
feed of thousands should load in seconds, so rows are written with executemany in chunks and the
search documents are refreshed per chunk with ``index_services``. A record whose rows all match
what is stored is left alone and counted as unchanged, so re-importing a feed rewrites nothing.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

from sqlalchemy import Table, bindparam, delete, select

from local_offer import history
from local_offer.import_mapping import CHILD_TABLES, Bundle
from local_offer.models import Attribute, Location, Service
from local_offer.search import index_services
from local_offer.taxonomies import ALL_TAXONOMIES, CATEGORY_TAXONOMY, NEED_TAXONOMY
from portal.core.audit import utcnow
from portal.core.extensions import db

CHUNK = 1000
TABLES: dict[str, Table] = {name: db.metadata.tables[name] for name in CHILD_TABLES}
SERVICE = Service.__table__
ATTRIBUTE = Attribute.__table__
LOCATION = Location.__table__
SCOPE_TAXONOMIES = {"send": (NEED_TAXONOMY, CATEGORY_TAXONOMY), "needs": (NEED_TAXONOMY,),
                    "categories": (CATEGORY_TAXONOMY,)}  # fmt: skip


@dataclass(frozen=True)
class History:
    """Who an import's history entries name, and the note they carry."""

    by: str | None = None
    note: str | None = None


@dataclass
class Outcome:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    changed_locations: set[str] = field(default_factory=set)


def chunks(items: Sequence, size: int) -> Iterable[Sequence]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def differs(new: dict[str, Any], old: Any) -> bool:
    return any(old[key] != value for key, value in new.items() if key not in ("id", "last_modified"))


def _fingerprint(rows: Iterable[Any], table: Table) -> Counter:
    columns = [c.name for c in table.columns if c.name != "id"]
    return Counter(tuple(row[c] for c in columns) for row in rows)


def _by_service(table: Table, key: str, ids: Sequence[str]) -> dict[str, list[Any]]:
    grouped: dict[str, list[Any]] = defaultdict(list)
    for row in db.session.execute(select(table).where(table.c[key].in_(ids))).mappings():
        grouped[row[key]].append(row)
    return grouped


def _scope_terms(scope: str) -> tuple[str, ...] | None:
    """Term-id prefixes an attribute scope covers; None for every term."""
    prefixes = {NEED_TAXONOMY: "need-", CATEGORY_TAXONOMY: "category-"}
    return None if scope == "all" else tuple(prefixes[t] for t in SCOPE_TAXONOMIES.get(scope, ()))


def _in_scope(attributes: Iterable[Any], scope: str) -> list[Any]:
    prefixes = _scope_terms(scope)
    return [a for a in attributes if prefixes is None or a["taxonomy_term_id"].startswith(prefixes)]


@dataclass
class _Stored:
    services: dict[str, Any]
    children: dict[str, dict[str, list[Any]]]
    attributes: dict[str, list[Any]]


def _load_stored(ids: Sequence[str]) -> _Stored:
    services = {row["id"]: row for row in db.session.execute(select(SERVICE).where(SERVICE.c.id.in_(ids))).mappings()}
    present = [i for i in ids if i in services]
    children = {name: _by_service(table, "service_id", present) for name, table in TABLES.items()}
    attributes = _by_service(ATTRIBUTE, "link_id", present)
    return _Stored(services, children, attributes)


def _unchanged(bundle: Bundle, stored: _Stored, changed_locations: set[str]) -> bool:
    if differs(bundle.service, stored.services[bundle.id]):
        return False
    for name, rows in bundle.children.items():
        old = stored.children[name].get(bundle.id, [])
        if rows is not None and _fingerprint(rows, TABLES[name]) != _fingerprint(old, TABLES[name]):
            return False
    if bundle.attribute_scope != "none":
        old_attributes = _in_scope(stored.attributes.get(bundle.id, []), bundle.attribute_scope)
        if _fingerprint(bundle.attributes, ATTRIBUTE) != _fingerprint(old_attributes, ATTRIBUTE):
            return False
    return not any(loc["id"] in changed_locations for loc in bundle.locations)


def _service_defaults() -> dict[str, Any]:
    defaults = {column.name: None for column in SERVICE.columns}
    defaults.update(
        description="",
        status="active",
        is_free=False,
        delivery_in_person=True,
        delivery_online=False,
        delivery_phone=False,
        archived=False,
    )
    return defaults


def _write_services(created: list[Bundle], updated: list[Bundle]) -> None:
    now, defaults = utcnow(), _service_defaults()
    if created:
        db.session.execute(
            SERVICE.insert(),
            [defaults | b.service | {"last_modified": b.service.get("last_modified") or now} for b in created],
        )
    by_keys: dict[tuple[str, ...], list[dict[str, Any]]] = defaultdict(list)
    for b in updated:
        row = {k: v for k, v in b.service.items() if k != "id"} | {
            "last_modified": b.service.get("last_modified") or now,
            "_id": b.id,
        }
        by_keys[tuple(sorted(row))].append(row)
    for rows in by_keys.values():
        db.session.execute(SERVICE.update().where(SERVICE.c.id == bindparam("_id")), rows)


def _replace_children(created: list[Bundle], updated: list[Bundle]) -> None:
    for name, table in TABLES.items():
        replaced = [b.id for b in updated if b.children.get(name) is not None]
        if replaced:
            db.session.execute(delete(table).where(table.c.service_id.in_(replaced)))
        rows = [row for b in created + updated for row in (b.children.get(name) or [])]
        if rows:
            db.session.execute(table.insert(), rows)
    for scope in ("all", "send", "needs", "categories"):
        ids = [b.id for b in updated if b.attribute_scope == scope]
        if ids:
            condition = ATTRIBUTE.c.link_id.in_(ids) & (ATTRIBUTE.c.link_type == "service")
            prefixes = _scope_terms(scope)
            if prefixes is not None:
                condition &= ATTRIBUTE.c.taxonomy_term_id.like(f"{prefixes[0]}%") | (
                    ATTRIBUTE.c.taxonomy_term_id.like(f"{prefixes[-1]}%")
                )
            db.session.execute(delete(ATTRIBUTE).where(condition))
    rows = [row for b in created + updated for row in b.attributes]
    if rows:
        db.session.execute(ATTRIBUTE.insert(), rows)


def _upsert_locations(chunk: Sequence[Bundle], changed: set[str]) -> None:
    """Locations are shared between services, so they are inserted or updated, never replaced."""
    rows = {loc["id"]: loc for b in chunk for loc in b.locations}
    if rows:
        changed.update(_upsert_rows(LOCATION, rows))


def _rows_by(statement, key: str) -> dict[str, list[SimpleNamespace]]:
    grouped: dict[str, list[SimpleNamespace]] = defaultdict(list)
    for row in db.session.execute(statement).mappings():
        grouped[row[key]].append(SimpleNamespace(**row))
    return grouped


class IndexView(SimpleNamespace):
    """What ``index_services`` reads of a service, read with Core rather than the ORM.

    Loading thousands of full ORM services only to index them took half the import time. A view
    has every service column, the same relationships in miniature (terms, areas, places,
    schedules, organisation) and borrows the Service helpers the indexer calls.
    """

    terms_in = Service.terms_in
    district_codes = Service.district_codes
    delivery_methods = Service.delivery_methods
    visible_to_public = Service.__dict__["visible_to_public"]  # the hybrid itself: on a view, its Python side


def index_views(ids: Sequence[str]) -> list[IndexView]:
    org, term, loc = (db.metadata.tables[n] for n in ("organization", "taxonomy_term", "location"))
    sal, area = TABLES["service_at_location"], TABLES["service_area"]
    rows = (
        db.session.execute(
            select(SERVICE, org.c.name.label("_org_name"))
            .outerjoin(org, org.c.id == SERVICE.c.organization_id)
            .where(SERVICE.c.id.in_(ids))
        )
        .mappings()
        .all()
    )
    terms = _rows_by(
        select(ATTRIBUTE.c.link_id, term)
        .join(term, term.c.id == ATTRIBUTE.c.taxonomy_term_id)
        .where(ATTRIBUTE.c.link_id.in_(ids), ATTRIBUTE.c.link_type == "service"),
        "link_id",
    )
    areas = _rows_by(select(area).where(area.c.service_id.in_(ids)), "service_id")
    places = _rows_by(
        select(sal.c.service_id, loc).join(loc, loc.c.id == sal.c.location_id).where(sal.c.service_id.in_(ids)),
        "service_id",
    )
    schedules = _rows_by(select(TABLES["schedule"]).where(TABLES["schedule"].c.service_id.in_(ids)), "service_id")
    return [
        IndexView(
            **{k: v for k, v in row.items() if k != "_org_name"},
            organization=SimpleNamespace(name=row["_org_name"]) if row["_org_name"] else None,
            attributes=[SimpleNamespace(taxonomy_term=t) for t in terms.get(row["id"], [])],
            service_areas=areas.get(row["id"], []),
            locations=[SimpleNamespace(location=p) for p in places.get(row["id"], [])],
            schedules=schedules.get(row["id"], []),  # for the "when" filter words
        )
        for row in rows
    ]


def reindex(service_ids: Sequence[str]) -> None:
    """Refresh the search documents of services written with Core statements."""
    for part in chunks(list(service_ids), CHUNK):
        index_services(index_views(part))


def _record_history(created: list[str], updated: list[str], before: dict[str, dict[str, str]], who: History) -> None:
    """One entry per service: "added" for a new one (its fields are the record itself, so not copied into the
    history: reading every new service back would cut the import rate several times over), and field by field
    what changed for an updated one."""
    after = history.snapshots(updated)
    entries = [history.ImportedChange(i, history.CREATED, []) for i in created]
    for i in updated:
        changes = history.differences(before.get(i, {}), after[i])
        if changes:
            entries.append(history.ImportedChange(i, history.IMPORTED, changes))
    history.record_many(entries, who.by, who.note)


def store_chunk(chunk: Sequence[Bundle], outcome: Outcome, changed_orgs: set[str], who: History = History()) -> None:
    stored = _load_stored([b.id for b in chunk])
    _upsert_locations(chunk, outcome.changed_locations)
    created, updated = [], []
    for bundle in chunk:
        if bundle.id not in stored.services:
            created.append(bundle)
        elif bundle.service.get("organization_id") in changed_orgs or not _unchanged(
            bundle, stored, outcome.changed_locations
        ):
            updated.append(bundle)
        else:
            outcome.unchanged.append(bundle.id)
    before = history.snapshots([b.id for b in updated])
    _write_services(created, updated)
    _replace_children(created, updated)
    _record_history([b.id for b in created], [b.id for b in updated], before, who)
    reindex([b.id for b in created + updated])
    outcome.created += [b.id for b in created]
    outcome.updated += [b.id for b in updated]


def store_bundles(
    bundles: Sequence[Bundle], changed_orgs: set[str], progress: Callable[[int], None], who: History = History()
) -> Outcome:
    outcome = Outcome()
    for chunk in chunks(bundles, CHUNK):
        store_chunk(chunk, outcome, changed_orgs, who)
        progress(len(chunk))
    if changed_orgs:
        # Other services of a renamed organisation carry its old name in their search documents.
        in_file = {b.id for b in bundles}
        others = db.session.scalars(select(SERVICE.c.id).where(SERVICE.c.organization_id.in_(changed_orgs)))
        reindex([i for i in others if i not in in_file])
    return outcome


def _upsert_rows(table: Table, rows: dict[str, dict[str, Any]], keep: Iterable[str] = ()) -> set[str]:
    """Insert new rows and update changed ones (never those in ``keep``); returns the ids updated."""
    stored: dict[str, Any] = {}
    for part in chunks(list(rows), CHUNK):
        stored |= {r["id"]: r for r in db.session.execute(select(table).where(table.c.id.in_(part))).mappings()}
    new = [row for key, row in rows.items() if key not in stored]
    keep = set(keep)
    altered = [row for key, row in rows.items() if key in stored and key not in keep and differs(row, stored[key])]
    if new:
        db.session.execute(table.insert(), new)
    if altered:
        db.session.execute(
            table.update().where(table.c.id == bindparam("_id")),
            [{k: v for k, v in r.items() if k != "id"} | {"_id": r["id"]} for r in altered],
        )
    return {row["id"] for row in altered}


def _organization_ids_by_name(names: set[str]) -> dict[str, str]:
    table = db.metadata.tables["organization"]
    found: dict[str, str] = {}
    for part in chunks(sorted(names), CHUNK):
        for org_id, name in db.session.execute(select(table.c.id, table.c.name).where(table.c.name.in_(part))):
            found.setdefault(name, org_id)
    return found


def _slug(name: str) -> str:
    return "org-" + "-".join("".join(ch if ch.isalnum() else " " for ch in name.lower()).split())


def store_organizations(bundles: Sequence[Bundle]) -> set[str]:
    """Save the organisations the records name and link each service; returns the ids whose details changed."""
    table = db.metadata.tables["organization"]
    by_name = _organization_ids_by_name(
        {
            b.organization["name"]
            for b in bundles
            if b.organization and b.organization.get("_name_only") and not b.organization["id"]
        }
    )
    full: dict[str, dict[str, Any]] = {}
    for b in bundles:
        org = b.organization
        if org and org.get("_name_only"):
            org["id"] = org["id"] or by_name.get(org["name"]) or _slug(org["name"])
        if org and not org.get("_link_only") and org["id"]:
            full.setdefault(org["id"], {k: v for k, v in org.items() if not k.startswith("_")})
    changed = _upsert_rows(table, full) if full else set()
    _link_organizations(bundles, set(full))
    return changed


def _link_organizations(bundles: Sequence[Bundle], known: set[str]) -> None:
    table = db.metadata.tables["organization"]
    wanted = {b.organization["id"] for b in bundles if b.organization and b.organization.get("_link_only")} - known
    for part in chunks(sorted(wanted), CHUNK):
        known |= set(db.session.scalars(select(table.c.id).where(table.c.id.in_(part))))
    for b in bundles:
        if b.organization and b.organization.get("id"):
            b.service["organization_id"] = b.organization["id"] if b.organization["id"] in known else None


def store_terms(bundles: Sequence[Bundle], our_term_ids: set[str]) -> None:
    """Save foreign taxonomies and terms (ours are never overwritten) and drop links to unknown terms."""
    taxonomies = {t["id"]: t for b in bundles for t in b.taxonomies}
    terms = {t["id"]: t for b in bundles for t in b.terms if t["id"] not in our_term_ids}
    if taxonomies:
        rows = {k: t | {"uri": None, "version": None} for k, t in taxonomies.items()}
        _upsert_rows(db.metadata.tables["taxonomy"], rows, keep=set(ALL_TAXONOMIES))
    table = db.metadata.tables["taxonomy_term"]
    known = set(our_term_ids) | set(terms)
    wanted = {a["taxonomy_term_id"] for b in bundles for a in b.attributes} - known
    for part in chunks(sorted(wanted | {t["parent_id"] for t in terms.values() if t["parent_id"]}), CHUNK):
        known |= set(db.session.scalars(select(table.c.id).where(table.c.id.in_(part))))
    if terms:
        # Parents may come later in the file, so terms go in without them and gain them after.
        _upsert_rows(table, {k: t | {"parent_id": None} for k, t in terms.items()}, keep=our_term_ids)
        parents = [{"_id": k, "parent_id": t["parent_id"]} for k, t in terms.items() if t["parent_id"] in known]
        if parents:
            db.session.execute(table.update().where(table.c.id == bindparam("_id")), parents)
    for b in bundles:
        b.attributes = [a for a in b.attributes if a["taxonomy_term_id"] in known]
