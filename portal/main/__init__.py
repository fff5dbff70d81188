"""The site's own pages: home, feedback, contact, accessibility, privacy and cookies."""

from portal.main import public_routes  # noqa: F401
from portal.main.blueprints import public_bp  # noqa: F401  (registered by init_app)
