"""The invitation link a young person (or parent) opens from a letter, text or email."""

from __future__ import annotations

from flask import redirect, url_for

from consultation.blueprints import public_bp
from consultation.surveys.invitations import check_token
from consultation.surveys.invited_routes import guard, hold, link_page
from portal.core.access import public

public_bp.before_request(guard)


@public_bp.route("/link/<token>")
@public
def invitation_link(token: str):
    check = check_token(token)
    if check.status != "ok":
        return link_page(check.status)
    hold(check.invitation)
    # Redirect so the link's token leaves the address bar and the browser's history entry.
    return redirect(url_for("consultation_public.consultation_page", slug=check.invitation.batch.consultation.slug))
