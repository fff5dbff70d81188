"""The front-door chat helper: a chat box on the home page, POST /api/chat, and staff pages for
its knowledge base and the questions it could not answer."""

from __future__ import annotations

import logging
from pathlib import Path

from flask import Flask

from portal.chat.blueprints import public_bp, staff_bp  # noqa: F401  (registered by init_app)

log = logging.getLogger(__name__)


def init_app(app: Flask) -> None:
    from portal.chat import openapi, public_routes, staff_routes, understanding  # noqa: F401  (register views)
    from portal.chat.api import api_bp
    from portal.chat.cli import chat_cli
    from portal.chat.logs import register_retention
    from portal.core.access import Role
    from portal.core.registry import HomeRoute, StaffTool, add_home_route, add_staff_tool, contribute

    app.register_blueprint(public_bp)
    app.register_blueprint(staff_bp)
    app.register_blueprint(api_bp)
    app.cli.add_command(chat_cli)
    register_retention(app)
    openapi.register(app)
    understanding.configure(Path(app.instance_path))
    add_home_route(
        app,
        HomeRoute(
            "chat_public.guides",
            "What is SEND?",
            "What special educational needs and disabilities means, EHC plans, SEN support in school, and your rights.",
        ),
    )
    add_home_route(
        app,
        HomeRoute(
            "main_public.feedback",
            "Give feedback",
            "Tell us what you think of this website and how we could make it better.",
        ),
    )
    add_staff_tool(
        app,
        StaffTool(
            "chat_staff.knowledge_list",
            "Chat helper",
            "edit the helper's answers and see the questions it could not answer",
            (Role.DIRECTORY_EDITOR,),
        ),
    )
    if app.config.get("CHAT_WARM_UP"):
        contribute(app, "warm_up", _warm_up)


def _warm_up() -> None:
    """Load the chat's language models now, so the first message is as quick as the rest."""
    from portal.chat.understanding import warm_up

    warm_up()
