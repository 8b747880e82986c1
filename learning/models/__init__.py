"""Models split by domain; import them from here so call sites never care where they live."""

from __future__ import annotations

from learning.models.bank import Bank, BankQuerySet, Question, QuestionQuerySet
from learning.models.reviews import CardState, ReviewLog, StudySettings

__all__ = [
    "Bank",
    "BankQuerySet",
    "CardState",
    "Question",
    "QuestionQuerySet",
    "ReviewLog",
    "StudySettings",
]
