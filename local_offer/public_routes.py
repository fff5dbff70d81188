"""Public directory pages: search, service detail, problem reports, feedback and the shortlist."""

from __future__ import annotations

from urllib.parse import urlencode

from flask import current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from local_offer import bp
from local_offer.forms import ProblemReportForm, needs_for_categories, search_form_from
from local_offer.presenters import (
    back_link,
    chosen_filters,
    filter_summary,
    local_path,
    print_rows,
    search_page_links,
    service_view,
)
from local_offer.search import SearchRequest, search_services
from local_offer.service_pages import (
    SHORTLIST_MAX,
    BadShareLink,
    add_to_shortlist,
    check_problem_report,
    record_problem,
    remove_from_shortlist,
    save_to_shortlist,
    share_token,
    shared_shortlist,
    shortlist_ids,
    shortlist_space,
    shortlisted_services,
    visible_service,
)
from portal.core.access import public
from portal.core.extensions import limiter, public_post_limit
from portal.core.lookups import found_or_404
from portal.core.page_feedback import PageFeedbackForm, check_page_feedback, record_page_feedback
from portal.core.paging import page_number
from portal.core.safeguarding.public import help_view

MAX_SEARCH_PAGE = 9_999  # a page number beyond it is read as page 1


@bp.route("/")
@public
def search():
    moved = needs_for_categories(request.args)
    if moved is not None:  # an older address that asked for a need as a type of service
        return redirect(url_for("local_offer_public.search") + "?" + urlencode(list(moved.items(multi=True))))
    form = search_form_from(request.args)
    number = page_number(request.args.get("page", "1"), high=MAX_SEARCH_PAGE)
    filters = form.filters()
    text = (form.q.data or "").strip()[:200]
    searched = bool(text) or filters.active or "q" in request.args
    result = None
    if searched:
        per_page = current_app.config["SEARCH_PAGE_SIZE"]
        result = search_services(SearchRequest(text=text, filters=filters, page=number, per_page=per_page))
    shown_text = " ".join(result.corrections.get(w.lower(), w) for w in text.split()) if result else text
    return render_template(
        "local_offer/search.html",
        form=form if form.errors else None,
        search_form=form,
        result=result,
        text=text,
        filters=filters,
        summary=filter_summary(shown_text, filters),
        chosen=chosen_filters(form, request.args),
        pages=search_page_links(result, request.args) if result else None,
        shortlist=set(shortlist_ids()),
    )


@bp.route("/<service_id>")
@public
def service(service_id: str):
    found = found_or_404(visible_service(service_id))
    form = PageFeedbackForm(path=request.path)
    return render_template(
        "local_offer/service.html",
        service=found,
        view=service_view(found),
        feedback_form=form,
        in_shortlist=service_id in shortlist_ids(),
        back=back_link(request.args.get("back")),
    )


@bp.route("/<service_id>/helpful", methods=["POST"])
@public
@limiter.limit(public_post_limit)
def helpful(service_id: str):
    found = found_or_404(visible_service(service_id))
    form = PageFeedbackForm()
    if form.validate_on_submit():
        feedback = record_page_feedback(request.path, form.helpful.data == "yes", form.comment.data, found.id)
        risk = check_page_feedback(feedback, form.comment.data)
        if risk is not None:
            back = url_for("local_offer_public.service", service_id=found.id)
            return render_template("safeguarding/public/feedback_sent.html", help=help_view(risk),
                                   back_href=back, back_text=f"Go back to {found.name}")  # fmt: skip
        flash("Thank you for your feedback.")
        return redirect(url_for("local_offer_public.service", service_id=found.id, _anchor="feedback"))
    return render_template(
        "local_offer/service.html",
        service=found,
        view=service_view(found),
        feedback_form=form,
        form=form,
        in_shortlist=service_id in shortlist_ids(),
        back=back_link(request.args.get("back")),
    )


@bp.route("/<service_id>/report-a-problem", methods=["GET", "POST"])
@public
@limiter.limit(public_post_limit, methods=["POST"])
def report_problem(service_id: str):
    found = found_or_404(visible_service(service_id))
    form = ProblemReportForm()
    if form.validate_on_submit():
        report = record_problem(found, form.kind.data, form.details.data)
        risk = check_problem_report(report, form.details.data)
        return render_template("local_offer/problem_sent.html", service=found, help=help_view(risk))
    return render_template("local_offer/report_problem.html", service=found, form=form)


@bp.route("/shortlist")
@public
def shortlist():
    services = shortlisted_services()
    share = (
        url_for("local_offer_public.shortlist_shared", list=share_token(services), _external=True) if services else None
    )
    return render_template("local_offer/shortlist.html", services=services, share_url=share)


@bp.route("/shortlist/shared", methods=["GET", "POST"])
@public
@limiter.limit(public_post_limit, methods=["POST"])
def shortlist_shared():
    """A shortlist someone sent as a link: read-only, with a button to copy it into this visitor's own shortlist."""
    token = request.values.get("list")
    try:
        shared = shared_shortlist(token)
    except BadShareLink as problem:
        return render_template("local_offer/shortlist_shared.html", problem=str(problem)), 400
    if request.method == "POST":
        return _save_shared(shared.services)
    return render_template(
        "local_offer/shortlist_shared.html", shared=shared, token=token, saved=set(shortlist_ids()), problem=None
    )


def _save_shared(services: list) -> ResponseReturnValue:
    room = shortlist_space()
    added = save_to_shortlist(services)
    if added:
        flash(f"{added} {'service was' if added == 1 else 'services were'} added to your shortlist.")
    elif room <= 0:
        flash(f"Your shortlist already holds {SHORTLIST_MAX} services. Remove some to add others.")
    else:
        flash("These services were already on your shortlist.")
    if added and added < len(services) and room <= added:
        flash(f"Your shortlist can hold {SHORTLIST_MAX} services, so not all of them were added.")
    return redirect(url_for("local_offer_public.shortlist"))


@bp.route("/shortlist/print")
@public
def shortlist_print():
    entries = [(service, print_rows(service, service_view(service))) for service in shortlisted_services()]
    return render_template("local_offer/shortlist_print.html", entries=entries)


@bp.route("/shortlist/add/<service_id>", methods=["POST"])
@public
def shortlist_add(service_id: str):
    found = found_or_404(visible_service(service_id))
    if add_to_shortlist(found.id):
        flash(f"{found.name} has been added to your shortlist.")
    return redirect(_back_to(url_for("local_offer_public.service", service_id=found.id)))


@bp.route("/shortlist/remove/<service_id>", methods=["POST"])
@public
def shortlist_remove(service_id: str):
    remove_from_shortlist(service_id)
    flash("The service has been removed from your shortlist.")
    return redirect(_back_to(url_for("local_offer_public.shortlist")))


def _back_to(default: str) -> str:
    """Return to the page the button was on (a path on this site only)."""
    return local_path(request.form.get("next")) or default
