"""Strategy indicators: outcomes, indicators with targets and expected direction, values per period,
direction of travel, RAG and comparators; the staff dashboard, the public 'How we are doing' pages,
the annual report, ``GET /api/indicators`` and ``flask indicators import``."""

from __future__ import annotations

from flask import Flask

from portal.strategy.blueprints import api_bp, public_bp, staff_bp  # noqa: F401  (registered by init_app)


def init_app(app: Flask) -> None:
    from portal.core.access import Role
    from portal.core.registry import NavItem, StaffTool, add_nav, add_staff_tool
    from portal.strategy import api, openapi, public_routes, staff_routes  # noqa: F401  (register views)
    from portal.strategy.cli import indicators_cli

    app.register_blueprint(public_bp)
    app.register_blueprint(staff_bp)
    app.register_blueprint(api_bp)
    app.cli.add_command(indicators_cli)
    openapi.register(app)
    add_nav(app, NavItem("strategy_public.public_indicators", "How we are doing", "/how-we-are-doing"))
    add_staff_tool(app, StaffTool("strategy_staff.dashboard", "Strategy indicators",
                                  "define indicators and targets, enter or import values, and see progress",
                                  (Role.STRATEGY_LEAD,)))  # fmt: skip
