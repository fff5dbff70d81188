"""Consultations for tests: the factory as a fixture (it needs the app context), and the short
consultation's helpers from tests.factories, kept importable from here."""

from __future__ import annotations

import pytest

from tests import factories
from tests.factories import question_ids, short_questions, valid_answers

__all__ = ["question_ids", "short_questions", "valid_answers"]


@pytest.fixture()
def make_consultation(app_ctx):
    return factories.make_consultation
