"""Strategy leads' pages. Routes stay thin: check the form, call a service, audit, commit, redirect."""

from __future__ import annotations

from datetime import date

from flask import flash, redirect, render_template, request, url_for

from portal.core import audit
from portal.core.access import Role, staff_required
from portal.core.extensions import db
from portal.core.indicator_sources import computed_source, source_choices
from portal.core.lookups import found_or_404, get_or_404
from portal.strategy import queries, services
from portal.strategy.blueprints import staff_bp
from portal.strategy.forms import (
    ConfirmForm,
    ImportForm,
    IndicatorForm,
    OutcomeForm,
    ValueForm,
    comparator_field_name,
    number_text,
)
from portal.strategy.importer import ImportRefused, import_csv
from portal.strategy.models import Indicator, IndicatorValue
from portal.strategy.presenters import present, present_groups

LEAD = Role.STRATEGY_LEAD


@staff_bp.route("/")
@staff_required(LEAD)
def dashboard():
    groups = queries.group_by_outcome(queries.load_indicators(), queries.list_outcomes())
    return render_template("strategy/dashboard.html", groups=present_groups(groups), confirm=ConfirmForm())


def _indicator_form(indicator: Indicator | None) -> IndicatorForm:
    data = None
    if indicator is not None:
        data = vars(services.indicator_input(indicator)) | {
            "outcome": str(indicator.outcome_id or ""),
            **{name: number_text(getattr(indicator, name)) for name in ("target", "baseline", "amber_tolerance")},
        }
    own_code = indicator.code if indicator else None
    return IndicatorForm(
        data=data,
        outcomes=queries.outcome_choices(),
        sources=source_choices(),
        code_taken=lambda code: code != own_code and queries.indicator_by_code(code) is not None,
    )


@staff_bp.route("/indicators/new", methods=["GET", "POST"])
@staff_required(LEAD)
def new_indicator():
    form = _indicator_form(None)
    if form.validate_on_submit():
        indicator, _ = services.save_indicator(None, form.to_input())
        audit.record("indicator.create", "indicator", indicator.id, code=indicator.code)
        db.session.commit()
        flash(f"{indicator.name} has been added.")
        return redirect(url_for(".indicator_page", indicator_id=indicator.id))
    return render_template("strategy/indicator_form.html", form=form, indicator=None)


@staff_bp.route("/indicators/<int:indicator_id>")
@staff_required(LEAD)
def indicator_page(indicator_id: int):
    view = present(found_or_404(queries.find_indicator(indicator_id)))
    return render_template("strategy/indicator.html", view=view, confirm=ConfirmForm())


@staff_bp.route("/indicators/<int:indicator_id>/edit", methods=["GET", "POST"])
@staff_required(LEAD)
def edit_indicator(indicator_id: int):
    indicator = found_or_404(queries.find_indicator(indicator_id))
    form = _indicator_form(indicator)
    if form.validate_on_submit():
        _, changed = services.save_indicator(indicator, form.to_input())
        if changed:
            audit.record("indicator.edit", "indicator", indicator.id, changed=changed)
        db.session.commit()
        flash(f"Your changes to {indicator.name} have been saved." if changed else "There were no changes to save.")
        return redirect(url_for(".indicator_page", indicator_id=indicator.id))
    return render_template("strategy/indicator_form.html", form=form, indicator=indicator)


def _value_form(row: IndicatorValue | None) -> ValueForm:
    if row is None:
        return ValueForm()
    data = {"period": row.period, "value": number_text(row.value), "target": number_text(row.target), "note": row.note}
    for comparator in row.comparators:
        data[comparator_field_name(comparator.comparator)] = number_text(comparator.value)
    return ValueForm(data=data)


@staff_bp.route("/indicators/<int:indicator_id>/values/new", methods=["GET", "POST"])
@staff_bp.route("/indicators/<int:indicator_id>/values/<int:value_id>", methods=["GET", "POST"])
@staff_required(LEAD)
def edit_value(indicator_id: int, value_id: int | None = None):
    indicator = found_or_404(queries.find_indicator(indicator_id))
    row = None
    if value_id is not None:
        row = get_or_404(IndicatorValue, value_id, where=lambda value: value.indicator_id == indicator.id)
    form = _value_form(row)
    if form.validate_on_submit():
        try:
            saved = services.save_value(indicator, row, form.to_input())
        except services.PeriodTaken as taken:
            form.period.errors.append(str(taken))
        else:
            audit.record("indicator.value_edit" if row else "indicator.value_add", "indicator", indicator.id,
                         period=saved.period)  # fmt: skip
            db.session.commit()
            flash(f"The value for {saved.period} has been saved.")
            return redirect(url_for(".indicator_page", indicator_id=indicator.id))
    return render_template("strategy/value_form.html", form=form, indicator=indicator, row=row)


@staff_bp.route("/indicators/<int:indicator_id>/recompute", methods=["POST"])
@staff_required(LEAD)
def recompute(indicator_id: int):
    indicator = found_or_404(queries.find_indicator(indicator_id))
    if ConfirmForm().validate_on_submit() and indicator.source == "computed":
        rows = services.recompute(indicator, date.today())
        audit.record("indicator.recompute", "indicator", indicator.id, periods=[r.period for r in rows])
        db.session.commit()
        flash(f"{indicator.name} has been recomputed for {' and '.join(r.period for r in rows)}.")
    if request.form.get("next") == "dashboard":
        return redirect(url_for(".dashboard"))
    return redirect(url_for(".indicator_page", indicator_id=indicator.id))


@staff_bp.route("/recompute", methods=["POST"])
@staff_required(LEAD)
def recompute_all():
    if ConfirmForm().validate_on_submit():
        indicators = [i for i in queries.computed_indicators() if computed_source(i.computed_key)]
        for indicator in indicators:
            rows = services.recompute(indicator, date.today())
            audit.record("indicator.recompute", "indicator", indicator.id, periods=[r.period for r in rows])
        db.session.commit()
        flash(f"{len(indicators)} computed {'indicator has' if len(indicators) == 1 else 'indicators have'} "
              "been recomputed.")  # fmt: skip
    return redirect(url_for(".dashboard"))


def _outcome_page(outcome_id: int | None):
    outcome = found_or_404(queries.find_outcome(outcome_id)) if outcome_id else None
    form = OutcomeForm(obj=outcome) if outcome else OutcomeForm(data={"position": len(queries.list_outcomes()) + 1})
    if form.validate_on_submit():
        clash = queries.outcome_by_title(form.title.data)
        if clash is not None and clash is not outcome:
            form.title.errors.append("An outcome with this title already exists")
        else:
            saved = services.save_outcome(outcome, form.title.data, form.description.data or "", form.position.data)
            audit.record("outcome.edit" if outcome else "outcome.create", "strategy_outcome", saved.id)
            db.session.commit()
            flash(f"The outcome '{saved.title}' has been saved.")
            return redirect(url_for(".dashboard"))
    return render_template("strategy/outcome_form.html", form=form, outcome=outcome)


@staff_bp.route("/outcomes/new", methods=["GET", "POST"])
@staff_required(LEAD)
def new_outcome():
    return _outcome_page(None)


@staff_bp.route("/outcomes/<int:outcome_id>", methods=["GET", "POST"])
@staff_required(LEAD)
def edit_outcome(outcome_id: int):
    return _outcome_page(outcome_id)


@staff_bp.route("/import", methods=["GET", "POST"])
@staff_required(LEAD)
def import_values():
    form = ImportForm()
    problems: list = []
    if form.validate_on_submit():
        try:
            summary = import_csv(form.file.content)
        except ImportRefused as refused:
            db.session.rollback()
            problems = refused.errors
            form.file.errors.append(f"The file has {len(problems)} {'problem' if len(problems) == 1 else 'problems'}"
                                    " and nothing was imported")  # fmt: skip
        else:
            # Not the file's name: it can hold a person's name.
            audit.record("indicators.import", "file", None, file_type="csv", **summary.counts)
            db.session.commit()
            flash("The file has been imported. " + " ".join(summary.lines()))
            return redirect(url_for(".dashboard"))
    return render_template("strategy/import.html", form=form, problems=problems)
