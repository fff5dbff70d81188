"""The README's set-up, sign-in and account commands, run as written in a shell against a new database.

Every ``sh`` block under "Signing in as staff" and "Staff accounts" is run in order, in one bash session in the
project folder, from an environment with no PORTAL_CONFIG or SECRET_KEY (as a newcomer's shell has), with only
DATABASE_URL pointing at a temporary SQLite file. Password prompts are answered on standard input. Then the
demonstration account that ``first_run`` printed signs in. When the project has no ``.venv`` of its own (a
worktree sharing another's), ``.venv/bin/`` is read as the running interpreter's folder.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from portal.core.config import PROJECT_ROOT

SECTIONS = ("Signing in as staff", "Staff accounts")
PASSWORD = "a long passphrase for the readme"


def readme_blocks(text: str, sections=SECTIONS) -> list[str]:
    """The ``sh`` code blocks under the given ``##`` headings, in order."""
    blocks = []
    for part in re.split(r"^## ", text, flags=re.MULTILINE)[1:]:
        heading, _, body = part.partition("\n")
        if heading.strip() in sections:
            blocks += re.findall(r"^```sh\n(.*?)^```", body, flags=re.MULTILINE | re.DOTALL)
    return blocks


def _script(blocks: list[str]) -> str:
    script = "set -euo pipefail\n" + "\n".join(blocks)
    if not (PROJECT_ROOT / ".venv" / "bin" / "flask").exists():
        script = script.replace(".venv/bin/", f"{Path(sys.executable).parent}/")
    return script


def _environment(database: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"PORTAL_CONFIG", "SECRET_KEY", "REDIS_URL", "PYTHONPATH"}}
    env["DATABASE_URL"] = f"sqlite:///{database}"
    return env


def test_the_readme_names_the_commands():
    blocks = readme_blocks((PROJECT_ROOT / "README.md").read_text(encoding="utf-8"))
    text = "\n".join(blocks)
    for command in ("db upgrade", "portal.first_run", "users create", "users list", "users roles",
                    "users reset-password", "users deactivate", "users reactivate"):  # fmt: skip
        assert command in text, command


def test_the_readme_commands_work_as_written_on_a_new_database(tmp_path):
    blocks = readme_blocks((PROJECT_ROOT / "README.md").read_text(encoding="utf-8"))
    result = subprocess.run(
        ["bash", "-c", _script(blocks)],
        cwd=PROJECT_ROOT,
        env=_environment(tmp_path / "portal.db"),
        input=f"{PASSWORD}\n" * 8,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    assert "demo.safeguarding.lead@example.gov.uk" in result.stdout
    assert "Created you@example.gov.uk" in result.stdout
    assert "Reactivated you@example.gov.uk." in result.stdout
    demo_password = re.search(r"Password for all of them .*: (\S+)", result.stdout).group(1)
    _signs_in(tmp_path / "portal.db", "demo.admin@example.gov.uk", demo_password)


def _signs_in(database: Path, email: str, password: str) -> None:
    from portal import create_app
    from portal.core.config import TestingConfig

    config = type("ReadmeConfig", (TestingConfig,), {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}"})
    app = create_app(config)
    with app.app_context():
        response = app.test_client().post("/staff/sign-in", data={"email": email, "password": password})
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
        from portal.core.extensions import db

        db.engine.dispose()
