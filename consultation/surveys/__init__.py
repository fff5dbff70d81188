"""Survey templates, single-use invitation links and the strategy indicators the surveys feed."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from consultation.surveys import lead_routes, public_routes  # noqa: F401  (register views)
    from consultation.surveys.indicators import register_sources
    from portal.core.access import Role
    from portal.core.registry import StaffTool, add_staff_tool

    register_sources(app)
    add_staff_tool(
        app,
        StaffTool(
            "consultation_staff.survey_templates",
            "Survey templates",
            "create the yearly satisfaction and feedback surveys from templates, and make invitation links",
            (Role.CONSULTATION_LEAD,),
        ),
    )
