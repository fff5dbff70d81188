"""Administrators' pages: staff accounts; retention periods, applying them, and erasing one consultation response."""

from __future__ import annotations

from flask import Flask

from portal.admin.blueprints import staff_bp  # noqa: F401  (registered by init_app)


def init_app(app: Flask) -> None:
    from portal.admin import staff_routes, users_routes  # noqa: F401  (register views)
    from portal.core.access import Role
    from portal.core.registry import StaffTool, add_staff_tool

    app.register_blueprint(staff_bp)
    add_staff_tool(app, StaffTool("admin_staff.users_page", "Staff accounts",
                                  "add people, change their roles, deactivate accounts and reset passwords",
                                  (Role.ADMIN,)))  # fmt: skip
    add_staff_tool(app, StaffTool("admin_staff.retention_page", "Retention and erasure",
                                  "see how long personal data is kept, delete what is due and erase a response",
                                  (Role.ADMIN,)))  # fmt: skip
