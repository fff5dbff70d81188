"""Invitation tokens never reach an access log in full (probe finding 12): gunicorn's access log (request
line, path, referrer, headers) and the development server's request log show ``/link/[token]``."""

from __future__ import annotations

import logging
import runpy
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

from gunicorn.config import Config

TOKEN = "Qx7vK2mN9pL4rT8wZ1bC3d"
LINK = f"/have-your-say/link/{TOKEN}"
ROOT = Path(__file__).resolve().parents[2]


def _gunicorn_logger():
    settings = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    config = Config()
    config.set("logger_class", settings["logger_class"])
    return config.logger_class(config), config


def test_gunicorns_access_log_masks_invitation_tokens():
    logger, config = _gunicorn_logger()
    environ = {"REQUEST_METHOD": "GET", "RAW_URI": LINK + "?from=letter", "SERVER_PROTOCOL": "HTTP/1.1",
               "PATH_INFO": LINK, "QUERY_STRING": "from=letter", "HTTP_REFERER": "https://council.example" + LINK,
               "REMOTE_ADDR": "10.0.0.1"}  # fmt: skip
    response = SimpleNamespace(status="302 FOUND", sent=0, headers=[("Location", "/have-your-say/plan")])
    request = SimpleNamespace(headers=[("REFERER", "https://council.example" + LINK)])
    atoms = logger.atoms(response, request, environ, timedelta(milliseconds=5))
    line = config.access_log_format % logger.atoms_wrapper_class(atoms)
    assert TOKEN not in line and TOKEN not in repr(atoms)
    assert "/have-your-say/link/[token]" in line


def test_the_development_servers_request_log_masks_invitation_tokens(app, caplog):
    with caplog.at_level(logging.INFO, logger="werkzeug"):
        logging.getLogger("werkzeug").info('%s - - [%s] "%s" %s -', "127.0.0.1", "now", f"GET {LINK} HTTP/1.1", 302)
    assert TOKEN not in caplog.text and "/have-your-say/link/[token]" in caplog.text
