"""The retention page: each kind of personal data, its period and what is due now; apply retention; erase a response."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for

from consultation import retention as erasure
from portal.admin.blueprints import staff_bp
from portal.admin.forms import ApplyRetentionForm, EraseResponseForm, FindResponseForm
from portal.core import retention
from portal.core.access import Role, staff_required


def _overview(form: FindResponseForm) -> str:
    rows = retention.due_by_kind()
    return render_template("admin/retention.html", rows=rows, total=sum(count for _, count in rows), form=form)


def _not_found(form: FindResponseForm, reference: str) -> str:
    form.reference.errors = [f"There is no response with the reference number {reference}. Check it and try again"]
    return _overview(form)


@staff_bp.route("/retention", methods=["GET", "POST"])
@staff_required(Role.ADMIN)
def retention_page():
    """GET shows the page; POST looks a reference up and shows what erasing it would delete."""
    form = FindResponseForm()
    if not form.validate_on_submit():
        return _overview(form)
    try:
        preview = erasure.preview_erasure(form.reference.data)
    except erasure.NoSuchResponse:
        return _not_found(form, form.reference.data)
    confirm = EraseResponseForm(data={"reference": preview.reference}, formdata=None)
    return render_template("admin/erase_confirm.html", preview=preview, confirm_form=confirm)


@staff_bp.route("/retention/erase", methods=["POST"])
@staff_required(Role.ADMIN)
def erase_response():
    form = EraseResponseForm()
    if not form.validate_on_submit():
        lookup = FindResponseForm(formdata=None)
        lookup.reference.errors = [error for errors in form.errors.values() for error in errors]
        return _overview(lookup)
    try:
        erasure.erase_response(form.reference.data)
    except erasure.NoSuchResponse:
        return _not_found(FindResponseForm(formdata=None, data={"reference": form.reference.data}), form.reference.data)
    # Not the reference itself: flashed messages travel in the session cookie.
    flash("The response has been erased, with its answers and anything drawn from them.")
    return redirect(url_for(".retention_page"))


@staff_bp.route("/retention/apply", methods=["GET", "POST"])
@staff_required(Role.ADMIN)
def apply_retention():
    form = ApplyRetentionForm()
    if form.validate_on_submit():
        deleted = retention.apply_retention()
        total = sum(deleted.values())
        flash("1 record past its retention period has been deleted." if total == 1
              else f"{total:,} records past their retention period have been deleted.")  # fmt: skip
        return redirect(url_for(".retention_page"))
    if form.is_submitted():
        return redirect(url_for(".apply_retention"))
    counts = retention.due_counts()
    return render_template("admin/apply_confirm.html", counts=counts, total=sum(counts.values()), form=form)
