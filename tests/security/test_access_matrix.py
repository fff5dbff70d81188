"""Every rule in the URL map, requested as anonymous and as each role, against the view's declared access.

public: nobody is refused (never 401 or 403). staff_required(R): anonymous people are sent to sign in,
other roles get 403, R and admins get past the gate. Staff pages are never served to anonymous people.
URL parameters are filled with real ids from the demonstration data where there are some; a dummy id
gives a 404 only after the role check, because the check is the outer decorator.
"""

from __future__ import annotations

import pytest
from flask import Flask
from werkzeug.routing import Rule

from portal.core.access import ANY_STAFF, PUBLIC, Role
from tests.security.conftest import ROLES, signed_in_client
from tests.security.routes import build_url, resolvers

DENIED = (401, 403)
# Signing out as the allowed user would end the session the rest of the walk relies on.
NOT_POSTED_WHEN_ALLOWED = {"auth_staff.sign_out"}


def _requests(app: Flask) -> list[tuple[Rule, str, str]]:
    found = resolvers()
    walk = []
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        url = build_url(rule, found)
        for method in sorted(rule.methods & {"GET", "POST"}):
            walk.append((rule, method, url))
    # Read everything before anything is changed.
    return sorted(walk, key=lambda item: item[1])


def _access(app: Flask, rule: Rule):
    view = app.view_functions[rule.endpoint]
    if rule.endpoint == "static":
        return PUBLIC
    return view.access


def _allowed(access, role: Role | None) -> bool:
    if access == PUBLIC:
        return True
    if role is None:
        return False
    return role is Role.ADMIN or access == ANY_STAFF or role in access


def _check(access, role: Role | None, method: str, url: str, response) -> str | None:
    status = response.status_code
    location = response.headers.get("Location", "")
    to_sign_in = status == 302 and "/staff/sign-in" in location
    if access == PUBLIC:
        return f"{status}" if status in DENIED or status >= 500 else None
    if role is None:  # a staff page is never served to an anonymous person: only the way to sign in
        return None if to_sign_in else f"anonymous got {status} {location}"
    if _allowed(access, role):
        return f"{status} {location}" if status in DENIED or to_sign_in or status >= 500 else None
    return None if status == 403 else f"wrong role got {status}"


@pytest.mark.parametrize("role", [None, *ROLES], ids=lambda r: "anonymous" if r is None else r.value)
def test_every_route_against_its_declared_access(demo, role):
    client = demo.test_client() if role is None else signed_in_client(demo, role)
    problems = []
    for rule, method, url in _requests(demo):
        access = _access(demo, rule)
        if method == "POST" and rule.endpoint in NOT_POSTED_WHEN_ALLOWED and _allowed(access, role):
            continue
        if method == "POST" and access != PUBLIC and _allowed(access, role):
            url = build_url(rule, {})  # dummy ids: proves the gate lets the role through without changing demo data
        response = client.open(url, method=method, data={})
        problem = _check(access, role, method, url, response)
        if problem:
            problems.append(f"{method} {url} ({rule.endpoint}): {problem}")
    assert problems == []
