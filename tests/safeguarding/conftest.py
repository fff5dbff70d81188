"""Fixtures for the safeguarding tests: consultations, staff, and a flag made the way an entry point makes one."""

from __future__ import annotations

from tests.consultation.conftest import make_consultation  # noqa: F401  (a fixture, shared)

DISCLOSURE = "an adult at home hits me and sometimes I want to die"
