"""The Local Offer directory: models, search, public pages, editor pages, import/export and the ORUK API."""

from __future__ import annotations

from flask import Blueprint, Flask

bp = Blueprint("local_offer_public", __name__, url_prefix="/services")


def init_app(app: Flask) -> None:
    from local_offer import (
        indicators,
        presenters,
        public_routes,  # noqa: F401  (registers the public views on bp)
        retention,
        service_pages,
    )
    from local_offer.postcodes import ATTRIBUTION
    from portal.core.access import Role
    from portal.core.registry import HomeRoute, NavItem, StaffTool, add_home_route, add_nav, add_staff_tool
    from portal.core.safeguarding.context import add_context

    app.register_blueprint(bp)
    retention.register(app)
    indicators.register(app)
    add_context(app, "page_feedback_id", service_pages.feedback_context)
    add_context(app, "problem_report_id", service_pages.report_context)
    for helper in (
        presenters.service_view,
        presenters.who_rows,
        presenters.how_rows,
        presenters.where_rows,
        presenters.contact_rows,
        presenters.filter_count,
    ):
        app.add_template_global(helper)
    app.add_template_filter(zip, "zip")
    app.add_template_global(ATTRIBUTION, "postcode_attribution")  # the ONS Postcode Directory's licence
    add_nav(app, NavItem("local_offer_public.search", "Find services", "/services"))
    add_home_route(
        app,
        HomeRoute(
            "local_offer_public.search",
            "Find services",
            "Search clubs, therapies, short breaks, groups and advice for children and young people with SEND.",
        ),
    )
    _register_optional(app)
    add_staff_tool(
        app,
        StaffTool(
            "local_offer_staff.editor_home",
            "Directory",
            "edit services, review due services and problem reports",
            (Role.DIRECTORY_EDITOR,),
        ),
    )
    add_staff_tool(
        app,
        StaffTool(
            "local_offer_staff.feedback_inbox",
            "Parents' feedback",
            "read comments on service pages and the site, and mark them as done",
            (Role.DIRECTORY_EDITOR,),
            count=_open_feedback,
        ),
    )


def _open_feedback() -> int:
    from local_offer.inbox import count_feedback

    return count_feedback(done=False)


def _register_optional(app: Flask) -> None:
    """Blueprints written in their own modules: the editor pages, the ORUK API and the CLI."""
    from local_offer import feedback_routes, import_routes  # noqa: F401  (register the inbox and import on editor_bp)
    from local_offer.api import api_bp
    from local_offer.cli import local_offer_cli
    from local_offer.staff_routes import editor_bp

    app.register_blueprint(editor_bp)
    app.register_blueprint(api_bp)
    app.cli.add_command(local_offer_cli)
