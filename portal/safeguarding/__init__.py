"""Safeguarding across the site: the help shown when a message suggests someone is at risk
(``help``), the flagging every free-text entry point calls after saving (``flags``), and the
staff's "Needs attention" queue of flagged answers, comments and reports."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from portal.core.access import Role
    from portal.core.registry import StaffTool, add_staff_tool
    from portal.core.safeguarding import public
    from portal.safeguarding.cli import safeguarding_cli
    from portal.safeguarding.queries import count_unreviewed
    from portal.safeguarding.staff_routes import bp

    app.register_blueprint(bp)
    app.cli.add_command(safeguarding_cli)
    app.add_template_global(public.help_view, "safeguarding_help")
    add_staff_tool(
        app,
        StaffTool(
            "safeguarding_staff.queue",
            "Needs attention",
            "free text people wrote that may mean someone is at risk: read it, then mark it reviewed or referred",
            (Role.SAFEGUARDING_LEAD,),
            count=count_unreviewed,
        ),
    )
