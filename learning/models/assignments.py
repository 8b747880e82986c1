"""Quizzes assigned to a class, students' attempts at them, and each answer given.

The rules (opening time, due date, time limit, attempts allowed, one submission) are enforced
by learning/services/attempts.py; the constraints here are the last line against races.
"""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser


def new_seed() -> str:
    return secrets.token_hex(8)


class Assignment(models.Model):
    DRAW_FIXED = "fixed"
    DRAW_PER_STUDENT = "per_student"
    DRAW_CHOICES = [
        (DRAW_FIXED, "The same questions for everyone"),
        (DRAW_PER_STUDENT, "Drawn per student"),
    ]
    SHOW_IMMEDIATELY = "immediately"
    SHOW_AFTER_DUE = "after_due"
    SHOW_NEVER = "never"
    SHOW_CHOICES = [
        (SHOW_IMMEDIATELY, "Right after submitting"),
        (SHOW_AFTER_DUE, "After the due date"),
        (SHOW_NEVER, "Never"),
    ]

    classroom = models.ForeignKey(
        "learning.Classroom", on_delete=models.CASCADE, related_name="assignments"
    )
    bank = models.ForeignKey("learning.Bank", on_delete=models.PROTECT, related_name="assignments")
    title = models.CharField(max_length=200)
    categories = models.JSONField(default=list, blank=True, help_text="Empty: every category")
    question_types = models.JSONField(default=list, blank=True, help_text="Empty: every type")
    question_count = models.PositiveSmallIntegerField()
    draw = models.CharField(max_length=12, choices=DRAW_CHOICES, default=DRAW_FIXED)
    # The fixed set, chosen once when the assignment is saved (question ids, in order).
    fixed_question_ids = models.JSONField(default=list, blank=True)
    # Per-student draws and shuffles are seeded from this and the student, so reproducible.
    seed = models.CharField(max_length=32, default=new_seed)
    opens_at = models.DateTimeField()
    due_at = models.DateTimeField()
    time_limit_minutes = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Empty: no limit beyond the due date"
    )
    attempts_allowed = models.PositiveSmallIntegerField(default=1)
    shuffle = models.BooleanField(default=False, help_text="Shuffle questions and options")
    show_answers = models.CharField(max_length=12, choices=SHOW_CHOICES, default=SHOW_AFTER_DUE)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(due_at__gt=models.F("opens_at")), name="due_after_opening"
            ),
            models.CheckConstraint(
                condition=models.Q(question_count__gt=0), name="at_least_one_question"
            ),
            models.CheckConstraint(
                condition=models.Q(attempts_allowed__gt=0), name="at_least_one_attempt"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def answers_visible(self, now: datetime) -> bool:
        """Whether a submitted attempt may show the correct answers now."""
        if self.show_answers == self.SHOW_IMMEDIATELY:
            return True
        if self.show_answers == self.SHOW_AFTER_DUE:
            return now >= self.due_at
        return False

    @classmethod
    def answers_hidden_q(cls, now: datetime, *, prefix: str = "") -> models.Q:
        """The assignments whose answers are not visible at `now`, as a filter: the database's
        twin of `answers_visible`. `prefix` reaches them from another model ("attempt__...")."""
        never = models.Q(**{f"{prefix}show_answers": cls.SHOW_NEVER})
        not_due_yet = models.Q(
            **{f"{prefix}show_answers": cls.SHOW_AFTER_DUE, f"{prefix}due_at__gt": now}
        )
        return never | not_due_yet


class AttemptQuerySet(models.QuerySet["Attempt"]):
    def by_student(self, user: AbstractBaseUser) -> AttemptQuerySet:
        return self.filter(student=user)

    def submitted(self) -> AttemptQuerySet:
        return self.filter(submitted_at__isnull=False)


class Attempt(models.Model):
    # PROTECT: deleting an assignment never takes students' work with it; the foreign key
    # also stops a delete that races a student's start (learning/services/assignments.py).
    assignment = models.ForeignKey(Assignment, on_delete=models.PROTECT, related_name="attempts")
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="attempts"
    )
    number = models.PositiveSmallIntegerField()  # 1, 2, ... up to attempts_allowed
    question_ids = models.JSONField(default=list)  # this attempt's questions, in shown order
    started_at = models.DateTimeField()
    # The earlier of the due date and the time limit; answers after it are ignored.
    deadline = models.DateTimeField()
    submitted_at = models.DateTimeField(null=True, blank=True)
    # True when the deadline closed the attempt rather than the student.
    closed_by_deadline = models.BooleanField(default=False)
    score = models.PositiveSmallIntegerField(null=True, blank=True)  # correct answers
    max_score = models.PositiveSmallIntegerField(default=0)

    objects = AttemptQuerySet.as_manager()

    class Meta:
        ordering = ["assignment", "student", "number"]
        constraints = [
            # Concurrent starts race for the same number: exactly one of them wins.
            models.UniqueConstraint(
                fields=["assignment", "student", "number"], name="one_attempt_per_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.student} · {self.assignment} · attempt {self.number}"

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None


class AttemptAnswer(models.Model):
    """The answer as given (saved on every change); graded on the server at submission."""

    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(
        "learning.Question", on_delete=models.CASCADE, related_name="attempt_answers"
    )
    # Typed text, the chosen option, or for matching a JSON list of [left, right] pairs.
    given = models.TextField(blank=True)
    answered_at = models.DateTimeField()
    is_correct = models.BooleanField(null=True, blank=True)  # None until submitted

    class Meta:
        ordering = ["attempt", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["attempt", "question"], name="one_answer_per_question")
        ]

    def __str__(self) -> str:
        return f"{self.attempt} · question {self.question_id}"
