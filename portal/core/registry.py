"""The one way a feature tells the kernel and the shared pages what it adds.

A feature's ``init_app`` calls ``contribute(app, slot, item)`` (or one of the typed helpers below); whoever
needs them reads ``contributions(slot)``. The slots: ``nav`` (service navigation), ``home`` (home-page
routes), ``staff_tools`` (the staff home page and counts), ``retention`` (kinds of personal data and their
periods, ``portal.core.retention``), ``indicator_sources`` (computed indicators, ``portal.core.indicator_sources``),
``flag_contexts`` (how the safeguarding queue shows where a flag came from) and ``api_paths`` (the OpenAPI
document). The kernel reads these and never imports a feature.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from flask import Flask, current_app, request, url_for
from flask_login import current_user

from portal.core.access import Role


@dataclass(frozen=True)
class NavItem:
    endpoint: str
    text: str
    prefix: str


@dataclass(frozen=True)
class HomeRoute:
    endpoint: str
    title: str
    text: str


@dataclass(frozen=True)
class StaffTool:
    endpoint: str
    title: str
    text: str
    roles: tuple[Role, ...] = field(default_factory=tuple)
    # Tools with a count of things waiting also appear, with the count, in the navigation of staff who can use them.
    count: Callable[[], int] | None = None


@dataclass(frozen=True)
class ApiPaths:
    """Paths under /api/ (keys like "/api/chat") and the component schemas they refer to."""

    paths: dict[str, Any]
    schemas: dict[str, Any] = field(default_factory=dict)


def contribute(app: Flask, slot: str, item: Any) -> None:
    """Add ``item`` to ``slot``, after what is already there."""
    app.extensions["contributions"].setdefault(slot, []).append(item)


def contributions(slot: str, app: Flask | None = None) -> list[Any]:
    """What the features added to ``slot``, in the order they added it."""
    return list((app or current_app).extensions["contributions"].get(slot, ()))


def init_registry(app: Flask) -> None:
    app.extensions["contributions"] = {}

    @app.template_global()
    def navigation_items() -> list[dict]:
        return [
            {"href": url_for(item.endpoint), "text": item.text, "active": request.path.startswith(item.prefix)}
            for item in contributions("nav", app)
        ] + staff_counts()

    @app.template_global()
    def staff_counts() -> list[dict]:
        """The signed-in person's tools that count waiting items, as navigation items with the count."""
        if not current_user.is_authenticated:
            return []
        items = []
        for tool in contributions("staff_tools", app):
            if tool.count is not None and current_user.has_any_role(tool.roles):
                href = url_for(tool.endpoint)
                waiting = tool.count()
                items.append({"href": href, "text": f"{tool.title} ({waiting})", "count": waiting,
                              "active": request.path.startswith(href)})  # fmt: skip
        return items

    @app.template_global()
    def home_routes() -> list[dict]:
        return [{"href": url_for(r.endpoint), "title": r.title, "text": r.text} for r in contributions("home", app)]


def add_nav(app: Flask, item: NavItem) -> None:
    contribute(app, "nav", item)


def add_home_route(app: Flask, route: HomeRoute) -> None:
    contribute(app, "home", route)


def add_staff_tool(app: Flask, tool: StaffTool) -> None:
    contribute(app, "staff_tools", tool)


def add_api_paths(app: Flask, paths: dict[str, Any], schemas: dict[str, Any] | None = None) -> None:
    contribute(app, "api_paths", ApiPaths(paths, schemas or {}))
