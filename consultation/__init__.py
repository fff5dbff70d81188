"""Consultations and surveys: the public journey, the leads' pages, import, export and results."""

from __future__ import annotations

from flask import Flask

from consultation.blueprints import public_bp, staff_bp  # noqa: F401  (registered by init_app)


def init_app(app: Flask) -> None:
    from consultation import (  # noqa: F401  (each module registers its views on a blueprint)
        data_routes,
        findings_routes,
        flagging,
        import_routes,
        indicators,
        lead_routes,
        presenters,
        public_routes,
        question_routes,
        retention,
    )
    from consultation.cli import consultation_cli
    from consultation.coding import init_app as init_coding
    from consultation.surveys import init_app as init_surveys
    from portal.core.access import Role
    from portal.core.registry import HomeRoute, NavItem, StaffTool, add_home_route, add_nav, add_staff_tool
    from portal.core.safeguarding.context import add_context

    init_surveys(app)  # adds views to the blueprints, so before they are registered
    app.register_blueprint(public_bp)
    app.register_blueprint(staff_bp)
    init_coding(app)
    app.cli.add_command(consultation_cli)
    retention.register(app)
    indicators.register(app)
    add_context(app, "answer_id", flagging.answer_context)
    app.add_template_filter(presenters.long_date, "consultation_date")
    app.add_template_filter(presenters.paragraphs, "consultation_paragraphs")
    app.add_template_global(presenters.answer_text)
    app.add_template_global(presenters.status_tag, "consultation_status_tag")
    app.add_template_global(presenters.respondent_type_label, "respondent_label")
    add_nav(app, NavItem("consultation_public.index", "Have your say", "/have-your-say"))
    add_home_route(
        app,
        HomeRoute(
            "consultation_public.index",
            "Have your say",
            "Answer consultations and surveys about SEND services, and see what changed because of what people said.",
        ),
    )
    add_staff_tool(
        app,
        StaffTool(
            "consultation_staff.home",
            "Consultations",
            "build consultations and surveys, import and read responses, see results and publish what you did",
            (Role.CONSULTATION_LEAD,),
        ),
    )
