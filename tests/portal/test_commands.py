"""The command line on a fresh machine: every command is listed without SECRET_KEY, creating the app loads no
language model, serving in production still refuses to start without the secret, and the web server warms the
models up in the background."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

from portal.core.config import PROJECT_ROOT

FLASK = str(Path(sys.executable).parent / "flask")
COMMAND_GROUPS = ("chat", "consultation", "db", "demo-data", "indicators", "local-offer", "retention",
                  "safeguarding", "users")  # fmt: skip


def _bare_environment() -> dict[str, str]:
    """A newcomer's shell: no PORTAL_CONFIG (so production), no SECRET_KEY."""
    return {k: v for k, v in os.environ.items() if k not in {"PORTAL_CONFIG", "SECRET_KEY", "PYTHONPATH"}}


def _run(*args: str, timeout: int = 120) -> subprocess.CompletedProcess:
    return subprocess.run(args, cwd=PROJECT_ROOT, env=_bare_environment(), capture_output=True, text=True,
                          timeout=timeout)  # fmt: skip


def test_help_lists_every_command_without_a_secret_key():
    result = _run(FLASK, "--app", "portal", "--help")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    listed = {line.split()[0] for line in result.stdout.split("Commands:")[1].splitlines() if line.strip()}
    assert set(COMMAND_GROUPS) <= listed


def test_a_command_group_shows_its_help_without_a_secret_key():
    result = _run(FLASK, "--app", "portal", "retention", "--help")
    assert result.returncode == 0, result.stderr
    assert "apply" in result.stdout and "erase-response" in result.stdout


def test_serving_in_production_still_refuses_without_a_secret_key():
    result = _run(FLASK, "--app", "portal", "run", "--port", "0")
    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr


def test_creating_the_app_loads_no_language_model():
    script = (
        "import sys\n"
        "from portal import create_app\n"
        "from portal.core.config import DevelopmentConfig\n"
        "create_app(DevelopmentConfig)\n"
        "print(sorted(m for m in ('spacy', 'sklearn', 'scipy', 'wordllama', 'thinc') if m in sys.modules))\n"
    )
    result = _run(sys.executable, "-c", script)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[]"


def test_the_web_server_warms_the_models_up_in_the_background(app):
    from portal import warm_up
    from portal.core.registry import contribute

    ran = threading.Event()
    contribute(app, "warm_up", ran.set)
    try:
        assert warm_up(app) is None  # never under test
        app.testing = False
        thread = warm_up(app)
        assert thread is not None and thread.daemon
        thread.join(timeout=60)
        assert ran.is_set()
    finally:
        app.testing = True
        app.extensions["contributions"]["warm_up"].remove(ran.set)
