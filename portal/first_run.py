"""What ``make run`` does before serving: load the demonstration data when the database has no services yet,
and in the development configuration make one demonstration staff account per role when there are none."""

from __future__ import annotations

from sqlalchemy import func, select

from portal import create_app


def main() -> None:
    app = create_app()
    with app.app_context():
        from local_offer.models import Service
        from portal.auth.demo import create_demo_accounts, describe
        from portal.core.extensions import db
        from portal.demo import load_demo_data

        if (db.session.scalar(select(func.count()).select_from(Service)) or 0) == 0:
            for line in load_demo_data():
                print(line)
        else:
            print("The database already has services: demonstration data not loaded.")
        for line in describe(create_demo_accounts()):
            print(line)


if __name__ == "__main__":
    main()
