"""Models split by domain; import them from here so call sites never care where they live."""

from __future__ import annotations

from learning.models.assignments import Assignment, Attempt, AttemptAnswer, AttemptQuerySet
from learning.models.bank import (
    Bank,
    BankQuerySet,
    Question,
    QuestionQuerySet,
    active_questions,
)
from learning.models.classes import Classroom, ClassroomQuerySet, Membership
from learning.models.imports import ImportJob, ImportJobQuerySet
from learning.models.reviews import CardState, ReviewLog, StudySettings

__all__ = [
    "Assignment",
    "Attempt",
    "AttemptAnswer",
    "AttemptQuerySet",
    "Classroom",
    "ClassroomQuerySet",
    "ImportJob",
    "ImportJobQuerySet",
    "Membership",
    "Bank",
    "BankQuerySet",
    "CardState",
    "Question",
    "QuestionQuerySet",
    "ReviewLog",
    "StudySettings",
    "active_questions",
]
