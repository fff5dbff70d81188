"""Survey templates, single-use invitation links and the strategy indicators the surveys feed."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from consultation.surveys import lead_routes, public_routes  # noqa: F401  (register views)
    from consultation.surveys.indicators import register_sources
    from portal.access import Role
    from portal.registry import StaffTool, add_staff_tool

    register_sources()
    add_staff_tool(
        app,
        StaffTool(
            "consultation_lead.survey_templates",
            "Survey templates",
            "create the yearly satisfaction and feedback surveys from templates, and make invitation links",
            (Role.CONSULTATION_LEAD,),
        ),
    )
