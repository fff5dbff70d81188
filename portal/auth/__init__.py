"""Staff sign-in and sign-out, the staff home page, accounts and passwords."""

from portal.auth import staff_routes  # noqa: F401
from portal.auth.blueprints import staff_bp  # noqa: F401  (registered by init_app)
