"""Assignments: which questions they may draw from, and saving one with its question set.

A fixed set is picked once, when the assignment is saved, from a random generator seeded with
the assignment's seed, so saving the same settings again picks the same questions. Once a
student has started an attempt the question set is locked: attempts keep the questions they
were given, and an edit may change dates, limits and the answer policy but not the set.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from learning.answer_leaks import QuizItem, pick_apart, quiz_item
from learning.ingestion import QUESTION_TYPES
from learning.models import Assignment, Attempt, Question
from learning.models.bank import Bank, QuestionQuerySet

# A flashcard has no answer the server can check, so it cannot be scored in a quiz.
GRADABLE_TYPES = tuple(name for name in QUESTION_TYPES if name != "flashcard")
# The fields that decide which questions an assignment asks.
SET_FIELDS = ("bank_id", "categories", "question_types", "question_count", "draw")
_ITEM_CHUNK = 200


class NotEnoughQuestions(Exception):
    """The bank has fewer active questions in the chosen scope than the assignment asks for."""

    def __init__(self, available: int, wanted: int) -> None:
        self.available = available
        self.wanted = wanted
        super().__init__(self.message())

    def message(self) -> str:
        available = self.available
        if available == 0:
            return "No active question in this bank matches these categories and types."
        noun = "question matches" if available == 1 else "questions match"
        return (
            f"Only {available} active {noun} these categories and types; "
            f"ask for {available} or fewer, or widen the choice."
        )


class GiveAways(NotEnoughQuestions):
    """Enough questions match, but not enough that keep each other's answers to themselves."""

    def message(self) -> str:
        available = self.available
        noun = "question" if available == 1 else "questions"
        return (
            f"Only {available} {noun} of this scope can be asked together without one giving "
            f"away another's answer in its wording or options; ask for {available} or fewer, "
            "or widen the choice."
        )


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


def assignment_pool(assignment: Assignment) -> list[int]:
    """The ids of the questions the assignment may draw from, in the bank's order."""
    scope = assignment_scope(
        bank=assignment.bank,
        categories=assignment.categories,
        question_types=assignment.question_types,
    )
    return list(scope.values_list("pk", flat=True))


def draw_apart(*, pool: list[int], count: int, rng: random.Random) -> list[int]:
    """`count` ids of `pool` drawn at random, none giving away another's answer, in pool order
    (fewer when the pool cannot give that many). Without give-aways this is `rng.sample`."""
    first = rng.sample(pool, min(count, len(pool)))
    taken = set(first)
    rest = [pk for pk in pool if pk not in taken]
    random.Random(f"{rng.random()}").shuffle(rest)  # looked at only if `first` has give-aways
    picked = set(pick_apart(quiz_items([*first, *rest]), count))
    return [pk for pk in pool if pk in picked]


def quiz_items(ids: list[int]) -> Iterator[QuizItem]:
    """The questions as give-away checks see them, in `ids` order, read a chunk at a time:
    a draw without give-aways reads only the questions it takes."""
    fields = ("prompt", "answer", "accepted_answers", "choices", "pairs")
    for start in range(0, len(ids), _ITEM_CHUNK):
        chunk = ids[start : start + _ITEM_CHUNK]
        rows = Question.objects.only(*fields).in_bulk(chunk)
        for pk in chunk:
            if (question := rows.get(pk)) is not None:
                yield quiz_item(
                    pk,
                    prompt=question.prompt,
                    answers=[question.answer, *map(str, question.accepted_answers)],
                    options=[
                        *map(str, question.choices),
                        *(str(side) for pair in question.pairs for side in pair),
                    ],
                )


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
    pool = assignment_pool(assignment)
    count = assignment.question_count
    if len(pool) < count:
        raise NotEnoughQuestions(len(pool), count)
    if assignment.draw != Assignment.DRAW_FIXED:
        # Each student's draw happens at their start; here, only whether one can be made.
        possible = pick_apart(quiz_items(pool), count)
        if len(possible) < count:
            raise GiveAways(len(possible), count)
        assignment.fixed_question_ids = []
        return
    picked = draw_apart(pool=pool, count=count, rng=random.Random(assignment.seed))
    if len(picked) < count:
        raise GiveAways(len(picked), count)
    assignment.fixed_question_ids = picked


def later_attempts_repeat(*, assignment: Assignment) -> int:
    """How many questions short the scope is of giving every attempt new questions, when
    each attempt shows its answers (0: it is not short, or nothing is shown in between)."""
    if assignment.show_answers != Assignment.SHOW_IMMEDIATELY or assignment.attempts_allowed < 2:
        return 0
    wanted = assignment.question_count * assignment.attempts_allowed
    return max(0, wanted - len(assignment_pool(assignment)))


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
