"""The directory, in the Open Referral UK 3.0 (HSDS 3.0) shape.

Identifiers are strings (UUIDs for records made here, the publisher's ids for imported ones).
What parents filter on is held natively: need and service categories are taxonomy terms linked
through ``attribute`` rows; areas are ``service_area`` rows carrying a district code from the
gazetteer; referral route, delivery and cost are columns on ``service`` so filters stay cheap.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    ColumnElement,
    Date,
    DateTime,
    ForeignKey,
    Index,
    LargeBinary,
    Numeric,
    String,
    Text,
    and_,
)
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.core.audit import utcnow
from portal.core.extensions import db

SERVICE_STATUSES = ("active", "inactive", "defunct", "temporarily closed")
REFERRAL_ROUTES = {"self": "Self-referral", "referral": "Needs a referral", "both": "Self-referral or referral"}
DELIVERY_METHODS = {"in_person": "In person", "online": "Online", "phone": "By phone"}


def new_id() -> str:
    return str(uuid.uuid4())


class Organization(db.Model):
    __tablename__ = "organization"

    id: Mapped[str] = mapped_column(String(120), primary_key=True, default=new_id)
    name: Mapped[str] = mapped_column(String(300))
    alternate_name: Mapped[str | None] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    email: Mapped[str | None] = mapped_column(String(255))
    website: Mapped[str | None] = mapped_column(String(500))
    logo: Mapped[str | None] = mapped_column(String(500))
    uri: Mapped[str | None] = mapped_column(String(500))

    services: Mapped[list[Service]] = relationship(back_populates="organization")


# The statuses the public sees; "temporarily closed" services are shown with their status, below open ones.
VISIBLE_STATUSES = ("active", "temporarily closed")


class Service(db.Model):
    __tablename__ = "service"
    __table_args__ = (Index("ix_service_status_archived", "status", "archived"),)

    id: Mapped[str] = mapped_column(String(120), primary_key=True, default=new_id)
    organization_id: Mapped[str | None] = mapped_column(ForeignKey("organization.id", ondelete="SET NULL"), index=True)
    name: Mapped[str] = mapped_column(String(300), index=True)
    alternate_name: Mapped[str | None] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    url: Mapped[str | None] = mapped_column(String(500))
    email: Mapped[str | None] = mapped_column(String(255))
    status: Mapped[str] = mapped_column(String(40), default="active")
    interpretation_services: Mapped[str | None] = mapped_column(Text)
    application_process: Mapped[str | None] = mapped_column(Text)
    fees_description: Mapped[str | None] = mapped_column(Text)
    wait_time: Mapped[str | None] = mapped_column(String(300))
    eligibility_description: Mapped[str | None] = mapped_column(Text)
    minimum_age: Mapped[int | None] = mapped_column(index=True)
    maximum_age: Mapped[int | None] = mapped_column(index=True)
    assured_date: Mapped[date | None] = mapped_column(Date, index=True)
    assurer_email: Mapped[str | None] = mapped_column(String(255))
    alert: Mapped[str | None] = mapped_column(Text)
    last_modified: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    # What parents filter on, beyond taxonomy terms and areas:
    referral_route: Mapped[str | None] = mapped_column(String(20), index=True)
    is_free: Mapped[bool] = mapped_column(default=False, index=True)
    delivery_in_person: Mapped[bool] = mapped_column(default=True)
    delivery_online: Mapped[bool] = mapped_column(default=False)
    delivery_phone: Mapped[bool] = mapped_column(default=False)
    archived: Mapped[bool] = mapped_column(default=False)

    organization: Mapped[Organization | None] = relationship(back_populates="services")
    locations: Mapped[list[ServiceAtLocation]] = relationship(back_populates="service", cascade="all, delete-orphan")
    contacts: Mapped[list[Contact]] = relationship(back_populates="service", cascade="all, delete-orphan")
    phones: Mapped[list[Phone]] = relationship(back_populates="service", cascade="all, delete-orphan")
    schedules: Mapped[list[Schedule]] = relationship(back_populates="service", cascade="all, delete-orphan")
    cost_options: Mapped[list[CostOption]] = relationship(back_populates="service", cascade="all, delete-orphan")
    service_areas: Mapped[list[ServiceArea]] = relationship(back_populates="service", cascade="all, delete-orphan")
    attributes: Mapped[list[Attribute]] = relationship(
        primaryjoin="and_(Service.id == foreign(Attribute.link_id), Attribute.link_type == 'service')",
        cascade="all, delete-orphan",
        overlaps="attributes",
    )

    @property
    def delivery_methods(self) -> list[str]:
        flags = {"in_person": self.delivery_in_person, "online": self.delivery_online, "phone": self.delivery_phone}
        return [key for key, on in flags.items() if on]

    def terms_in(self, taxonomy_id: str) -> list[TaxonomyTerm]:
        return [a.taxonomy_term for a in self.attributes if a.taxonomy_term.taxonomy_id == taxonomy_id]

    @property
    def district_codes(self) -> list[str]:
        return [area.district_code for area in self.service_areas if area.district_code]

    @hybrid_property
    def visible_to_public(self) -> bool:
        """The one definition of a service the public can find and open: not archived, and open or temporarily
        closed. Usable on a row and, as ``Service.visible_to_public``, in a query."""
        return not self.archived and self.status in VISIBLE_STATUSES

    @visible_to_public.inplace.expression
    @classmethod
    def _visible_to_public_expression(cls) -> ColumnElement[bool]:
        return and_(cls.archived.is_(False), cls.status.in_(VISIBLE_STATUSES))


class Location(db.Model):
    __tablename__ = "location"

    id: Mapped[str] = mapped_column(String(120), primary_key=True, default=new_id)
    location_type: Mapped[str] = mapped_column(String(20), default="physical")
    name: Mapped[str | None] = mapped_column(String(300))
    description: Mapped[str | None] = mapped_column(Text)
    latitude: Mapped[Decimal | None] = mapped_column(Numeric(9, 6))
    longitude: Mapped[Decimal | None] = mapped_column(Numeric(9, 6))
    address_1: Mapped[str | None] = mapped_column(String(300))
    address_2: Mapped[str | None] = mapped_column(String(300))
    city: Mapped[str | None] = mapped_column(String(120))
    region: Mapped[str | None] = mapped_column(String(120))
    postal_code: Mapped[str | None] = mapped_column(String(20))
    country: Mapped[str] = mapped_column(String(2), default="GB")
    accessibility: Mapped[str | None] = mapped_column(Text)


class ServiceAtLocation(db.Model):
    __tablename__ = "service_at_location"

    id: Mapped[str] = mapped_column(String(120), primary_key=True, default=new_id)
    service_id: Mapped[str] = mapped_column(ForeignKey("service.id", ondelete="CASCADE"), index=True)
    location_id: Mapped[str] = mapped_column(ForeignKey("location.id", ondelete="CASCADE"), index=True)
    description: Mapped[str | None] = mapped_column(Text)

    service: Mapped[Service] = relationship(back_populates="locations")
    location: Mapped[Location] = relationship()


class Contact(db.Model):
    __tablename__ = "contact"

    id: Mapped[str] = mapped_column(String(120), primary_key=True, default=new_id)
    service_id: Mapped[str | None] = mapped_column(ForeignKey("service.id", ondelete="CASCADE"), index=True)
    name: Mapped[str | None] = mapped_column(String(300))
    title: Mapped[str | None] = mapped_column(String(300))
    department: Mapped[str | None] = mapped_column(String(300))
    email: Mapped[str | None] = mapped_column(String(255))

    service: Mapped[Service | None] = relationship(back_populates="contacts")


class Phone(db.Model):
    __tablename__ = "phone"

    id: Mapped[str] = mapped_column(String(120), primary_key=True, default=new_id)
    service_id: Mapped[str | None] = mapped_column(ForeignKey("service.id", ondelete="CASCADE"), index=True)
    number: Mapped[str] = mapped_column(String(60))
    type: Mapped[str | None] = mapped_column(String(40))
    description: Mapped[str | None] = mapped_column(Text)

    service: Mapped[Service | None] = relationship(back_populates="phones")


class Schedule(db.Model):
    __tablename__ = "schedule"

    id: Mapped[str] = mapped_column(String(120), primary_key=True, default=new_id)
    service_id: Mapped[str | None] = mapped_column(ForeignKey("service.id", ondelete="CASCADE"), index=True)
    freq: Mapped[str | None] = mapped_column(String(20))
    byday: Mapped[str | None] = mapped_column(String(60))
    opens_at: Mapped[str | None] = mapped_column(String(8))
    closes_at: Mapped[str | None] = mapped_column(String(8))
    valid_from: Mapped[date | None] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)
    description: Mapped[str | None] = mapped_column(Text)

    service: Mapped[Service | None] = relationship(back_populates="schedules")


class CostOption(db.Model):
    __tablename__ = "cost_option"

    id: Mapped[str] = mapped_column(String(120), primary_key=True, default=new_id)
    service_id: Mapped[str] = mapped_column(ForeignKey("service.id", ondelete="CASCADE"), index=True)
    option: Mapped[str | None] = mapped_column(String(300))
    amount: Mapped[Decimal | None] = mapped_column(Numeric(10, 2))
    currency: Mapped[str] = mapped_column(String(3), default="GBP")
    amount_description: Mapped[str | None] = mapped_column(String(300))

    service: Mapped[Service] = relationship(back_populates="cost_options")


class ServiceArea(db.Model):
    __tablename__ = "service_area"
    __table_args__ = (Index("ix_service_area_district_service", "district_code", "service_id"),)

    id: Mapped[str] = mapped_column(String(120), primary_key=True, default=new_id)
    service_id: Mapped[str] = mapped_column(ForeignKey("service.id", ondelete="CASCADE"), index=True)
    name: Mapped[str | None] = mapped_column(String(300))
    description: Mapped[str | None] = mapped_column(Text)
    extent_type: Mapped[str | None] = mapped_column(String(40))
    uri: Mapped[str | None] = mapped_column(String(500))
    district_code: Mapped[str | None] = mapped_column(String(60))

    service: Mapped[Service] = relationship(back_populates="service_areas")


class Taxonomy(db.Model):
    __tablename__ = "taxonomy"

    id: Mapped[str] = mapped_column(String(120), primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    uri: Mapped[str | None] = mapped_column(String(500))
    version: Mapped[str | None] = mapped_column(String(40))


class TaxonomyTerm(db.Model):
    __tablename__ = "taxonomy_term"

    id: Mapped[str] = mapped_column(String(120), primary_key=True)
    code: Mapped[str | None] = mapped_column(String(120), index=True)
    name: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    parent_id: Mapped[str | None] = mapped_column(ForeignKey("taxonomy_term.id", ondelete="SET NULL"))
    taxonomy_id: Mapped[str | None] = mapped_column(ForeignKey("taxonomy.id", ondelete="CASCADE"), index=True)
    term_uri: Mapped[str | None] = mapped_column(String(500))

    taxonomy: Mapped[Taxonomy | None] = relationship()


class Attribute(db.Model):
    """Links a taxonomy term to a record (here: services)."""

    __tablename__ = "attribute"
    __table_args__ = (Index("ix_attribute_term_link", "taxonomy_term_id", "link_id"),)

    id: Mapped[str] = mapped_column(String(120), primary_key=True, default=new_id)
    link_id: Mapped[str] = mapped_column(String(120), index=True)
    link_type: Mapped[str] = mapped_column(String(40), default="service")
    link_entity: Mapped[str] = mapped_column(String(40), default="service")
    taxonomy_term_id: Mapped[str] = mapped_column(ForeignKey("taxonomy_term.id", ondelete="CASCADE"))
    value: Mapped[str | None] = mapped_column(String(300))
    label: Mapped[str | None] = mapped_column(String(300))

    taxonomy_term: Mapped[TaxonomyTerm] = relationship(lazy="joined")


class ProblemReport(db.Model):
    __tablename__ = "problem_report"

    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[str] = mapped_column(ForeignKey("service.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    details: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime)
    resolved_by: Mapped[str | None] = mapped_column(String(255))

    service: Mapped[Service] = relationship()


class ServiceChange(db.Model):
    """One change to a service: who, when, how (edited, archived, imported…) and each field before and after.

    ``changes`` is a list of ``{"field", "before", "after"}`` in the words the service page uses.
    """

    __tablename__ = "service_change"
    __table_args__ = (Index("ix_service_change_service_changed", "service_id", "changed_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[str] = mapped_column(ForeignKey("service.id", ondelete="CASCADE"))
    changed_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    changed_by: Mapped[str | None] = mapped_column(String(255))
    action: Mapped[str] = mapped_column(String(40))
    note: Mapped[str | None] = mapped_column(String(300))
    changes: Mapped[list[dict[str, str]]] = mapped_column(JSON, default=list)


class DirectoryUpload(db.Model):
    """A file an editor uploaded to import, kept from its preview until the import job has run."""

    __tablename__ = "directory_upload"

    id: Mapped[int] = mapped_column(primary_key=True)
    filename: Mapped[str] = mapped_column(String(255))
    format: Mapped[str] = mapped_column(String(20))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    preview: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_by: Mapped[str | None] = mapped_column(String(255), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


PROBLEM_KINDS = {
    "out_of_date": "The information is out of date",
    "extra_information": "I have extra information about this service",
    "closed": "The service has closed",
    "something_else": "Something else",
}
