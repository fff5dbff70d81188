"""``flask local-offer …`` commands."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from portal.extensions import db

local_offer_cli = AppGroup("local-offer", help="Work with the Local Offer directory.")


@local_offer_cli.command("rebuild-index")
def rebuild_index_command() -> None:
    """Rebuild the search index and spelling vocabulary from the services."""
    from local_offer.search import rebuild_index

    count = rebuild_index()
    db.session.commit()
    click.echo(f"Indexed {count} services.")
