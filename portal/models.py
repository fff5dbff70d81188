"""Imports every model so Alembic's autogenerate and ``db.create_all`` see the whole schema."""

from consultation.coding.models import *  # noqa: F401,F403
from consultation.models import *  # noqa: F401,F403
from consultation.surveys.models import *  # noqa: F401,F403
from local_offer.models import *  # noqa: F401,F403
from local_offer.search.models import SearchDocument, SearchTerm  # noqa: F401
from portal.auth.models import StaffUser  # noqa: F401
from portal.chat.models import ChatLog, KnowledgeEntry  # noqa: F401
from portal.core.audit import AuditEvent  # noqa: F401
from portal.core.jobs import Job  # noqa: F401
from portal.core.page_feedback import PageFeedback  # noqa: F401
from portal.core.safeguarding.models import SafeguardingFlag  # noqa: F401
from portal.strategy.models import ComparatorValue, Indicator, IndicatorValue, StrategyOutcome  # noqa: F401
