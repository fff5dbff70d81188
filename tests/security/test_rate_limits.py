"""Sign-in attempts and public POSTs are rate limited with a friendly 429 page; with Redis the counters are shared."""

from __future__ import annotations

import os

import pytest

from portal.core.access import Role

REDIS_TEST_URL = "redis://127.0.0.1:6379/15"
TOO_MANY = "Sorry, there have been too many attempts"


def _statuses(client, path: str, data: dict, times: int) -> list[int]:
    return [client.post(path, data=data).status_code for _ in range(times)]


def test_sign_in_attempts_are_limited(other_app, make_staff, reset_limiter):
    limited = other_app(RATELIMIT_ENABLED=True, LOGIN_RATE_LIMIT="3 per minute")
    user = make_staff(Role.ADMIN)
    client = limited.test_client()
    wrong = {"email": user.email, "password": "not the right password"}
    assert _statuses(client, "/staff/sign-in", wrong, 3) == [200, 200, 200]
    response = client.post("/staff/sign-in", data={"email": user.email, "password": "correct horse battery staple"})
    assert response.status_code == 429  # even the right password waits: that is what stops guessing
    assert TOO_MANY in response.get_data(as_text=True)
    assert client.get("/staff/sign-in").status_code == 200  # only attempts are counted


@pytest.mark.parametrize(
    "path,data",
    [
        ("/feedback", {"helpful": "yes", "path": "/"}),
        ("/chat", {"message": "hello"}),
    ],
)
def test_public_posts_are_limited_with_a_friendly_page(other_app, reset_limiter, path, data):
    limited = other_app(RATELIMIT_ENABLED=True, PUBLIC_POST_RATE_LIMIT="2 per minute")
    client = limited.test_client()
    assert all(status < 400 for status in _statuses(client, path, data, 2))
    response = client.post(path, data=data)
    assert response.status_code == 429
    body = response.get_data(as_text=True)
    assert TOO_MANY in body and "has not been saved" in body
    assert response.headers["Content-Security-Policy"]


def _redis_or_skip():
    import redis

    connection = redis.Redis.from_url(REDIS_TEST_URL, socket_connect_timeout=1)
    try:
        connection.ping()
    except redis.RedisError:
        pytest.skip(f"Redis is not reachable at {REDIS_TEST_URL}")
    return connection


def _shared_counter_statuses(other_app, storage_uri: str, prefix: str) -> list[int]:
    """Two posts through one app instance, then one through a second instance built afterwards."""
    settings = {
        "RATELIMIT_ENABLED": True,
        "PUBLIC_POST_RATE_LIMIT": "2 per minute",
        "RATELIMIT_STORAGE_URI": storage_uri,
        "RATELIMIT_KEY_PREFIX": prefix,
    }
    first = other_app(**settings)
    statuses = _statuses(first.test_client(), "/feedback", {"helpful": "yes", "path": "/"}, 2)
    second = other_app(**settings)  # binds the shared limiter to a new storage connection
    return statuses + _statuses(second.test_client(), "/feedback", {"helpful": "yes", "path": "/"}, 1)


def test_with_redis_two_app_instances_share_the_counters(other_app, reset_limiter):
    connection = _redis_or_skip()
    prefix = f"portal-test-{os.getpid()}"
    try:
        assert _shared_counter_statuses(other_app, REDIS_TEST_URL, prefix) == [302, 302, 429]
        assert any(prefix in key.decode() for key in connection.scan_iter(f"*{prefix}*"))
    finally:
        for key in connection.scan_iter(f"*{prefix}*"):
            connection.delete(key)


def test_without_redis_each_instance_counts_alone(other_app, reset_limiter):
    assert _shared_counter_statuses(other_app, "memory://", "memory-test") == [302, 302, 302]


def test_redis_url_alone_makes_the_counters_shared(other_app, reset_limiter):
    """Probe finding 9: with REDIS_URL set the limits must not stay per worker (``memory://``)."""
    connection = _redis_or_skip()
    prefix = f"portal-test-url-{os.getpid()}"
    settings = {"RATELIMIT_ENABLED": True, "PUBLIC_POST_RATE_LIMIT": "2 per minute", "REDIS_URL": REDIS_TEST_URL,
                "RATELIMIT_KEY_PREFIX": prefix}  # fmt: skip
    try:
        first = other_app(**settings)
        assert first.config["RATELIMIT_STORAGE_URI"] == REDIS_TEST_URL
        statuses = _statuses(first.test_client(), "/feedback", {"helpful": "yes", "path": "/"}, 2)
        second = other_app(**settings)
        assert statuses + _statuses(second.test_client(), "/feedback", {"helpful": "yes", "path": "/"}, 1) == [
            302, 302, 429,
        ]  # fmt: skip
    finally:
        for key in connection.scan_iter(f"*{prefix}*"):
            connection.delete(key)


def _from(address: str) -> dict:
    return {"environ_base": {"REMOTE_ADDR": address}}


def test_failed_sign_ins_are_limited_per_account_from_any_address(other_app, make_staff, reset_limiter):
    limits = {"LOGIN_RATE_LIMIT": "100 per minute", "ACCOUNT_SIGN_IN_LIMIT": "3 per 15 minutes"}
    limited = other_app(RATELIMIT_ENABLED=True, **limits)
    user, other = make_staff(Role.ADMIN), make_staff(Role.STRATEGY_LEAD)
    client = limited.test_client()
    for number in range(3):
        wrong = {"email": user.email.upper(), "password": f"wrong password {number}"}
        assert client.post("/staff/sign-in", data=wrong, **_from(f"10.0.0.{number}")).status_code == 200
    right = {"email": user.email, "password": "correct horse battery staple"}
    response = client.post("/staff/sign-in", data=right, **_from("10.0.0.99"))
    assert response.status_code == 429
    assert "too many attempts to sign in to this account" in response.get_data(as_text=True)
    assert client.post("/staff/sign-in", data={"email": other.email, "password": right["password"]}).status_code == 302
