"""Quizzes on a fixed clock, for the assignment and attempt services."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest

from learning.models import Assignment
from tests.services.quiz_clock import NOW


@pytest.fixture
def quiz_at(make_quiz: Callable[..., Assignment]) -> Callable[..., Assignment]:
    """make_quiz, opening an hour before NOW and due a day after it unless told otherwise."""

    def _quiz(**overrides: Any) -> Assignment:
        times = {"opens_at": NOW - timedelta(hours=1), "due_at": NOW + timedelta(days=1)}
        return make_quiz(**{**times, **overrides})

    return _quiz


@pytest.fixture
def quiz(quiz_at: Callable[..., Assignment]) -> Assignment:
    return quiz_at()
