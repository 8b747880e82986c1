"""Assignments: which questions they may draw from, and saving one with its question set.

A fixed set is picked once, when the assignment is saved, from a random generator seeded with
the assignment's seed, so saving the same settings again picks the same questions. Once a
student has started an attempt the question set is locked: attempts keep the questions they
were given, and an edit may change dates, limits and the answer policy but not the set.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from learning.ingestion import QUESTION_TYPES
from learning.models import Assignment, Attempt, Question
from learning.models.bank import Bank, QuestionQuerySet

# A flashcard has no answer the server can check, so it cannot be scored in a quiz.
GRADABLE_TYPES = tuple(name for name in QUESTION_TYPES if name != "flashcard")
# The fields that decide which questions an assignment asks.
SET_FIELDS = ("bank_id", "categories", "question_types", "question_count", "draw")


class NotEnoughQuestions(Exception):
    """The bank has fewer active questions in the chosen scope than the assignment asks for."""

    def __init__(self, available: int, wanted: int) -> None:
        self.available = available
        self.wanted = wanted
        if available == 0:
            message = "No active question in this bank matches these categories and types."
        else:
            noun = "question matches" if available == 1 else "questions match"
            message = (
                f"Only {available} active {noun} these categories and types; "
                f"ask for {available} or fewer, or widen the choice."
            )
        super().__init__(message)


class QuestionSetLocked(Exception):
    """Students have started this assignment, so its questions can no longer change."""


def assignment_scope(
    *, bank: Bank, categories: list[str], question_types: list[str]
) -> QuestionQuerySet:
    """The active, gradable questions an assignment may draw from, in the bank's order."""
    types = [name for name in question_types if name in GRADABLE_TYPES] or list(GRADABLE_TYPES)
    scope = Question.objects.active().filter(bank=bank).of_types(types)
    if categories:
        scope = scope.in_categories(categories)
    return scope.order_by("position", "pk")


def assignment_save(*, assignment: Assignment) -> Assignment:
    """Creates or updates the assignment; picks its fixed set unless attempts lock it."""
    with transaction.atomic():
        # Locked as attempt_start locks it: a first start waits for this save (and asks the
        # new set), or this save waits for the start and sees the set is taken.
        saved = (
            Assignment.objects.select_for_update().filter(pk=assignment.pk).first()
            if assignment.pk is not None
            else None
        )
        started = saved is not None and Attempt.objects.filter(assignment_id=saved.pk).exists()
        if started:
            if any(getattr(saved, name) != getattr(assignment, name) for name in SET_FIELDS):
                raise QuestionSetLocked(
                    "Students have started this assignment, so its questions stay as they are."
                )
        else:
            _pick_question_set(assignment)
        assignment.save()
        if started:
            _move_open_deadlines(assignment)
    return assignment


def _pick_question_set(assignment: Assignment) -> None:
    scope = assignment_scope(
        bank=assignment.bank,
        categories=assignment.categories,
        question_types=assignment.question_types,
    )
    pool = list(scope.values_list("pk", flat=True))
    if len(pool) < assignment.question_count:
        raise NotEnoughQuestions(len(pool), assignment.question_count)
    if assignment.draw != Assignment.DRAW_FIXED:
        assignment.fixed_question_ids = []
        return
    picked = set(random.Random(assignment.seed).sample(pool, assignment.question_count))
    assignment.fixed_question_ids = [pk for pk in pool if pk in picked]


def later_attempts_repeat(*, assignment: Assignment) -> int:
    """How many questions short the scope is of giving every attempt new questions, when
    each attempt shows its answers (0: it is not short, or nothing is shown in between)."""
    if assignment.show_answers != Assignment.SHOW_IMMEDIATELY or assignment.attempts_allowed < 2:
        return 0
    scope = assignment_scope(
        bank=assignment.bank,
        categories=assignment.categories,
        question_types=assignment.question_types,
    )
    return max(0, assignment.question_count * assignment.attempts_allowed - scope.count())


class AssignmentStarted(Exception):
    """A student started the assignment: it cannot be deleted, or their work would go."""


def assignment_delete(*, assignment: Assignment) -> None:
    """Deletes an assignment no student has started. A start racing this delete either
    commits first (and the delete is refused) or fails on the missing assignment."""
    try:
        with transaction.atomic():
            # Through a queryset: Model.delete() would clear the caller's pk even when the
            # commit then fails.
            Assignment.objects.filter(pk=assignment.pk).delete()
    except (ProtectedError, IntegrityError):
        raise AssignmentStarted(
            f"Students have started “{assignment.title}”: it cannot be deleted. Change its "
            "dates to close it instead."
        ) from None


def deadline_for(assignment: Assignment, started_at: datetime) -> datetime:
    """The earlier of the due date and the end of the time limit."""
    if assignment.time_limit_minutes is None:
        return assignment.due_at
    return min(assignment.due_at, started_at + timedelta(minutes=assignment.time_limit_minutes))


def _move_open_deadlines(assignment: Assignment) -> None:
    """A new due date or time limit applies to attempts still in progress, too."""
    open_attempts = list(Attempt.objects.filter(assignment=assignment, submitted_at__isnull=True))
    for attempt in open_attempts:
        attempt.deadline = deadline_for(assignment, attempt.started_at)
    Attempt.objects.bulk_update(open_attempts, ["deadline"])
