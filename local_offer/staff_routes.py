"""Directory editors' pages: services, the 'due for review' list and problem reports.

Routes stay thin: check the form, call a function in ``local_offer.queries`` or
``local_offer.services``, write the audit entry, commit, redirect.
"""

from __future__ import annotations

from datetime import date

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from local_offer import editing, history, queries, services
from local_offer.editor_forms import ServiceFilterForm, ServiceForm, add_blank_entries, form_data_from
from local_offer.models import PROBLEM_KINDS
from local_offer.services import archive_service, mark_checked
from portal.core import audit
from portal.core.access import Role, staff_required
from portal.core.extensions import db
from portal.core.forms import ActionForm
from portal.core.lookups import found_or_404
from portal.core.paging import Page, page_links, page_number, query_href

editor_bp = Blueprint("local_offer_staff", __name__, url_prefix="/staff/directory")

PER_PAGE = 20
MAX_PAGE = 99_999
RETURN_TO = {"review": "local_offer_staff.due_for_review", "edit": "local_offer_staff.edit_service"}


def editor_pagination(page: Page, endpoint: str, path: dict | None = None, **args: str) -> dict | None:
    """The GOV.UK pagination component's parameters, keeping the page's other (non-empty) query parameters."""
    kept = [(key, value) for key, value in args.items() if value]
    return page_links(page, query_href(url_for(endpoint, **(path or {})), kept))


def _page_number(value: str | None = None) -> int:
    return page_number(request.args.get("page", "1") if value is None else value, high=MAX_PAGE)


def _review_cutoff() -> date:
    return queries.review_cutoff(date.today(), current_app.config["SERVICE_REVIEW_MONTHS"])


@editor_bp.route("/")
@staff_required(Role.DIRECTORY_EDITOR)
def editor_home():
    filters = ServiceFilterForm(request.args)
    filters.validate()
    text = "" if filters.q.errors else (filters.q.data or "")
    status = filters.status_value
    services = queries.list_services(text, status, _page_number(), PER_PAGE)
    return render_template(
        "local_offer/editor/home.html",
        form=filters if filters.errors else None,
        filters=filters,
        counts=queries.editor_counts(_review_cutoff()),
        services=services,
        pages=editor_pagination(services, "local_offer_staff.editor_home", q=text, status=status),
        filtered=bool(text or status),
    )


@editor_bp.route("/services/new", methods=["GET", "POST"])
@staff_required(Role.DIRECTORY_EDITOR)
def new_service():
    form = ServiceForm(organisations=queries.organisation_choices(), data={"status": "active"})
    if form.validate_on_submit():
        service, organisation_created = editing.save_service(None, form.to_input(), current_user.email)
        if organisation_created:
            audit.record("organization.create", "organization", service.organization_id)
        audit.record("service.create", "service", service.id)
        db.session.commit()
        flash(f"{service.name} has been added to the directory.")
        return redirect(url_for(".edit_service", service_id=service.id))
    add_blank_entries(form)
    return render_template("local_offer/editor/service_form.html", form=form, service=None)


@editor_bp.route("/services/<service_id>", methods=["GET", "POST"])
@staff_required(Role.DIRECTORY_EDITOR)
def edit_service(service_id: str):
    service = found_or_404(queries.find_service(service_id))
    before = editing.input_from_service(service)
    form = ServiceForm(organisations=queries.organisation_choices(), data=form_data_from(before))
    if form.validate_on_submit():
        service, organisation_created = editing.save_service(service, form.to_input(), current_user.email)
        if organisation_created:
            audit.record("organization.create", "organization", service.organization_id)
        changed = editing.changed_fields(before, editing.input_from_service(service))
        if changed:
            audit.record("service.edit", "service", service.id, changed=changed)
        db.session.commit()
        flash(f"Your changes to {service.name} have been saved." if changed else "There were no changes to save.")
        return redirect(url_for(".edit_service", service_id=service.id))
    add_blank_entries(form)
    return render_template(
        "local_offer/editor/service_form.html",
        form=form,
        service=service,
        action_form=ActionForm(),
        cutoff=_review_cutoff(),
    )


@editor_bp.route("/services/<service_id>/history")
@staff_required(Role.DIRECTORY_EDITOR)
def service_history(service_id: str):
    service = found_or_404(queries.find_service(service_id))
    changes = queries.service_history(service.id, _page_number(), PER_PAGE)
    pages = editor_pagination(changes, "local_offer_staff.service_history", {"service_id": service.id})
    return render_template(
        "local_offer/editor/history.html", service=service, changes=changes, pages=pages, actions=history.ACTIONS
    )


@editor_bp.route("/services/<service_id>/archive", methods=["GET", "POST"])
@staff_required(Role.DIRECTORY_EDITOR)
def archive(service_id: str):
    service = found_or_404(queries.find_service(service_id))
    form = ActionForm()
    if service.archived:
        return redirect(url_for(".edit_service", service_id=service.id))
    if form.validate_on_submit():
        archive_service(service, current_user.email)
        audit.record("service.archive", "service", service.id)
        db.session.commit()
        flash(f"{service.name} has been archived. Parents can no longer find it.")
        return redirect(url_for(".editor_home"))
    return render_template("local_offer/editor/archive.html", service=service, action_form=form)


@editor_bp.route("/services/<service_id>/unarchive", methods=["POST"])
@staff_required(Role.DIRECTORY_EDITOR)
def unarchive(service_id: str):
    service = found_or_404(queries.find_service(service_id))
    if ActionForm().validate_on_submit() and service.archived:
        services.unarchive_service(service, current_user.email)
        audit.record("service.unarchive", "service", service.id)
        db.session.commit()
        flash(f"{service.name} is back in the directory.")
    return redirect(url_for(".edit_service", service_id=service.id))


@editor_bp.route("/services/<service_id>/checked", methods=["POST"])
@staff_required(Role.DIRECTORY_EDITOR)
def mark_as_checked(service_id: str):
    service = found_or_404(queries.find_service(service_id))
    if ActionForm().validate_on_submit():
        mark_checked(service, date.today(), current_user.email)
        audit.record("service.check", "service", service.id)
        db.session.commit()
        flash(f"{service.name} has been marked as checked today.")
    if request.form.get("return_to") == "edit":
        return redirect(url_for(RETURN_TO["edit"], service_id=service.id))
    return redirect(url_for(RETURN_TO["review"], page=_page_number(request.form.get("page", "1"))))


@editor_bp.route("/review")
@staff_required(Role.DIRECTORY_EDITOR)
def due_for_review():
    cutoff = _review_cutoff()
    services = queries.due_for_review(cutoff, _page_number(), PER_PAGE)
    return render_template(
        "local_offer/editor/review.html",
        services=services,
        cutoff=cutoff,
        months=current_app.config["SERVICE_REVIEW_MONTHS"],
        pages=editor_pagination(services, "local_offer_staff.due_for_review"),
        action_form=ActionForm(),
    )


@editor_bp.route("/problems")
@staff_required(Role.DIRECTORY_EDITOR)
def problem_reports():
    resolved = request.args.get("show") == "resolved"
    reports = queries.problem_reports(resolved, _page_number(), PER_PAGE)
    return render_template(
        "local_offer/editor/problems.html",
        reports=reports,
        resolved=resolved,
        open_count=queries.count_problem_reports(resolved=False),
        resolved_count=queries.count_problem_reports(resolved=True),
        kinds=PROBLEM_KINDS,
        pages=editor_pagination(reports, "local_offer_staff.problem_reports", show="resolved" if resolved else ""),
    )


@editor_bp.route("/problems/<int:report_id>")
@staff_required(Role.DIRECTORY_EDITOR)
def problem_report(report_id: int):
    report = found_or_404(queries.find_problem_report(report_id))
    return render_template(
        "local_offer/editor/problem.html", report=report, kinds=PROBLEM_KINDS, action_form=ActionForm()
    )


@editor_bp.route("/problems/<int:report_id>/resolve", methods=["POST"])
@staff_required(Role.DIRECTORY_EDITOR)
def resolve_problem(report_id: int):
    report = found_or_404(queries.find_problem_report(report_id))
    if ActionForm().validate_on_submit() and report.resolved_at is None:
        editing.resolve_problem_report(report, current_user.email)
        audit.record("problem_report.resolve", "problem_report", report.id, kind=report.kind)
        db.session.commit()
        flash("The problem report has been marked as resolved.")
    return redirect(url_for(".problem_reports"))
