"""What each feature adds to the shared pages: service navigation, home-page routes, staff tools."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from flask import Flask, request, url_for
from flask_login import current_user

from portal.access import Role


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


def init_registry(app: Flask) -> None:
    app.extensions["nav_items"] = []
    app.extensions["home_routes"] = []
    app.extensions["staff_tools"] = []

    @app.template_global()
    def navigation_items() -> list[dict]:
        return [
            {"href": url_for(item.endpoint), "text": item.text, "active": request.path.startswith(item.prefix)}
            for item in app.extensions["nav_items"]
        ] + staff_counts()

    @app.template_global()
    def staff_counts() -> list[dict]:
        """The signed-in person's tools that count waiting items, as navigation items with the count."""
        if not current_user.is_authenticated:
            return []
        items = []
        for tool in app.extensions["staff_tools"]:
            if tool.count is not None and current_user.has_any_role(tool.roles):
                href = url_for(tool.endpoint)
                waiting = tool.count()
                items.append({"href": href, "text": f"{tool.title} ({waiting})", "count": waiting,
                              "active": request.path.startswith(href)})  # fmt: skip
        return items

    @app.template_global()
    def home_routes() -> list[dict]:
        return [{"href": url_for(r.endpoint), "title": r.title, "text": r.text} for r in app.extensions["home_routes"]]


def add_nav(app: Flask, item: NavItem) -> None:
    app.extensions["nav_items"].append(item)


def add_home_route(app: Flask, route: HomeRoute) -> None:
    app.extensions["home_routes"].append(route)


def add_staff_tool(app: Flask, tool: StaffTool) -> None:
    app.extensions["staff_tools"].append(tool)
