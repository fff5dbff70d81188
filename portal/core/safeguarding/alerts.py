"""Emergency flags emailed at once to the safeguarding inbox (``SAFEGUARDING_ALERT_EMAIL``) over SMTP.

The email says what kind of item it is, its level, category and time, and links to it in the
"Needs attention" queue. It never carries the person's words or the evidence taken from them:
email leaves the council's systems. A failure to send is logged without personal data and
changes nothing that was saved; ``flask safeguarding pending`` still catches the item.
"""

from __future__ import annotations

import logging
import smtplib
from email.message import EmailMessage

from flask import current_app, has_request_context, request

from portal.core.safeguarding.models import SafeguardingFlag

log = logging.getLogger(__name__)


def queue_item_url(flag_id: int) -> str:
    """The absolute address of one queue item, in a request or in a job that has none."""
    base = request.host_url if has_request_context() else current_app.config["PORTAL_BASE_URL"]
    path = current_app.url_map.bind("localhost").build("safeguarding_staff.item", {"flag_id": flag_id})
    return base.rstrip("/") + path


def alert_message(flag: SafeguardingFlag) -> EmailMessage:
    config = current_app.config
    message = EmailMessage()
    message["Subject"] = f"Safeguarding emergency flagged: {flag.category_label} ({config['SERVICE_NAME']})"
    message["From"] = config["SAFEGUARDING_ALERT_FROM"]
    message["To"] = config["SAFEGUARDING_ALERT_EMAIL"]
    message.set_content(
        "Something a person wrote on the website may mean someone is in danger now.\n\n"
        f"What it is: {flag.source_label}\n"
        f"Level: {flag.level_label}\n"
        f"Category: {flag.category_label}\n"
        f"Flagged at: {flag.created_at:%d %B %Y, %H:%M} (UTC)\n\n"
        f"Read it and record what you did in the Needs attention queue:\n{queue_item_url(flag.id)}\n\n"
        "This email does not contain what the person wrote. Sign in to read it.\n"
    )
    return message


def _send(message: EmailMessage) -> None:
    config = current_app.config
    with smtplib.SMTP(config["SMTP_HOST"], config["SMTP_PORT"], timeout=config["SMTP_TIMEOUT"]) as smtp:
        if config["SMTP_STARTTLS"]:
            smtp.starttls()
        if config["SMTP_USERNAME"]:
            smtp.login(config["SMTP_USERNAME"], config["SMTP_PASSWORD"] or "")
        smtp.send_message(message)


def send_emergency_alert(flag: SafeguardingFlag) -> bool:
    """Email one emergency flag; False (and logged) when not configured or when sending failed."""
    config = current_app.config
    if not (config.get("SAFEGUARDING_ALERT_EMAIL") and config.get("SMTP_HOST")):
        log.warning("Safeguarding: emergency flag %s not emailed: no alert address or SMTP host is set", flag.id)
        return False
    try:
        _send(alert_message(flag))
    except (OSError, smtplib.SMTPException) as error:
        log.error("Safeguarding: emailing emergency flag %s failed (%s)", flag.id, type(error).__name__)
        return False
    return True
