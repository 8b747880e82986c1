"""Spaced repetition: each learner's settings, memory of each card, and every review."""

from __future__ import annotations

from datetime import datetime
from functools import cache
from typing import TYPE_CHECKING
from zoneinfo import available_timezones

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from learning.scheduling import MAX_RETENTION, MIN_RETENTION, Memory, Phase, Preferences, Rating

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser

PHASE_CHOICES = [(phase.value, phase.value.capitalize()) for phase in Phase]
RATING_CHOICES = [(rating.value, rating.label) for rating in Rating]


@cache
def known_zones() -> frozenset[str]:
    # Reading the zone database walks the file system; once per process is enough.
    return frozenset(available_timezones())


def _validate_zone(value: str) -> None:
    if value not in known_zones():
        raise ValidationError(f"{value!r} is not a known time zone")


def _validate_steps(value: object) -> None:
    if (
        not isinstance(value, list)
        or not value
        or not all(isinstance(step, int) and 0 < step <= 24 * 60 * 7 for step in value)
    ):
        raise ValidationError("steps are whole minutes between 1 and 10080, e.g. [1, 10]")


def _default_learning_steps() -> list[int]:
    return [1, 10]


def _default_relearning_steps() -> list[int]:
    return [10]


class StudySettings(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="study_settings"
    )
    desired_retention = models.FloatField(
        default=0.90,
        validators=[MinValueValidator(MIN_RETENTION), MaxValueValidator(MAX_RETENTION)],
    )
    new_per_day = models.PositiveIntegerField(default=20, validators=[MaxValueValidator(9999)])
    reviews_per_day = models.PositiveIntegerField(
        default=200, validators=[MaxValueValidator(99999)]
    )
    learning_steps = models.JSONField(default=_default_learning_steps, validators=[_validate_steps])
    relearning_steps = models.JSONField(
        default=_default_relearning_steps, validators=[_validate_steps]
    )
    time_zone = models.CharField(max_length=64, default="UTC", validators=[_validate_zone])
    day_starts_at = models.PositiveSmallIntegerField(
        default=4, validators=[MaxValueValidator(23)], help_text="Hour a new study day starts"
    )

    class Meta:
        verbose_name_plural = "study settings"

    def __str__(self) -> str:
        return f"Study settings of {self.user}"

    @classmethod
    def for_user(cls, user: AbstractBaseUser) -> StudySettings:
        # Kept on the user object: one request grades, queues and renders with the same
        # settings, and each lookup would otherwise cost a query.
        # The login backend may have read them with the user already (auth_backends.py).
        cached: StudySettings | None = getattr(user, "_study_settings", None)
        descriptor = user.__class__.study_settings  # type: ignore[attr-defined]
        if cached is None and descriptor.is_cached(user):
            cached = descriptor.related.get_cached_value(user)  # None: the user has none yet
        if cached is None:
            cached, _ = cls.objects.get_or_create(user=user)
        user._study_settings = cached  # type: ignore[attr-defined]
        return cached

    @property
    def preferences(self) -> Preferences:
        return Preferences(
            desired_retention=self.desired_retention,
            learning_steps=tuple(self.learning_steps),
            relearning_steps=tuple(self.relearning_steps),
        )


# The CardState columns that hold a scheduler Memory, in Memory's field order.
MEMORY_FIELDS = ("phase", "step", "stability", "difficulty", "due", "last_review")


def memory_from_row(
    phase: str,
    step: int | None,
    stability: float | None,
    difficulty: float | None,
    due: datetime,
    last_review: datetime | None,
) -> Memory:
    """A card's memory from CardState values read in MEMORY_FIELDS order."""
    return Memory(Phase(phase), step, stability, difficulty, due, last_review)


def memory_columns(memory: Memory) -> dict[str, object]:
    """The CardState column values that store `memory`, by column name."""
    return {
        "phase": memory.phase.value,
        "step": memory.step,
        "stability": memory.stability,
        "difficulty": memory.difficulty,
        "due": memory.due,
        "last_review": memory.last_review,
    }


class CardStateQuerySet(models.QuerySet["CardState"]):
    def for_user(self, user: AbstractBaseUser) -> CardStateQuerySet:
        return self.filter(user=user)


class CardState(models.Model):
    """One learner's memory of one question. No row means the card is still new."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="card_states"
    )
    question = models.ForeignKey(
        "learning.Question", on_delete=models.CASCADE, related_name="card_states"
    )
    phase = models.CharField(max_length=12, choices=PHASE_CHOICES)
    step = models.PositiveSmallIntegerField(null=True, blank=True)
    stability = models.FloatField(null=True, blank=True)
    difficulty = models.FloatField(null=True, blank=True)
    due = models.DateTimeField()
    last_review = models.DateTimeField(null=True, blank=True)
    # How many reviews this card has had; a grade is only accepted for the count it was shown
    # at, which is what stops double clicks, replays and second tabs from counting twice.
    reps = models.PositiveIntegerField(default=0)
    lapses = models.PositiveIntegerField(default=0)

    objects = CardStateQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "question"], name="one_card_state_per_question")
        ]
        indexes = [models.Index(fields=["user", "due"], name="card_state_user_due")]

    def __str__(self) -> str:
        return f"{self.user} · question {self.question_id} · {self.phase}"

    @property
    def memory(self) -> Memory:
        return memory_from_row(*(getattr(self, name) for name in MEMORY_FIELDS))

    def remember(self, memory: Memory) -> None:
        for name, value in memory_columns(memory).items():
            setattr(self, name, value)


class ReviewLogQuerySet(models.QuerySet["ReviewLog"]):
    def for_user(self, user: AbstractBaseUser) -> ReviewLogQuerySet:
        return self.filter(user=user)

    def between(self, start: datetime, end: datetime) -> ReviewLogQuerySet:
        return self.filter(reviewed_at__gte=start, reviewed_at__lt=end)


class ReviewLog(models.Model):
    """One grade. It keeps the card's memory from before, so an undo restores it exactly."""

    SOURCES = [("study", "Study"), ("practice", "Practice"), ("quiz", "Quiz")]

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="review_logs"
    )
    question = models.ForeignKey(
        "learning.Question", on_delete=models.CASCADE, related_name="review_logs"
    )
    rating = models.PositiveSmallIntegerField(choices=RATING_CHOICES)
    reviewed_at = models.DateTimeField()
    duration_ms = models.PositiveIntegerField(null=True, blank=True)
    source = models.CharField(max_length=10, choices=SOURCES, default="study")
    given_answer = models.TextField(blank=True)
    was_correct = models.BooleanField(null=True, blank=True)
    # The card's reps after this review: unique per card, so one shown card makes one review.
    reps = models.PositiveIntegerField()
    phase_before = models.CharField(max_length=12, choices=PHASE_CHOICES)
    memory_before = models.JSONField(null=True, blank=True)  # None: the card was new
    phase_after = models.CharField(max_length=12, choices=PHASE_CHOICES)
    due_after = models.DateTimeField()
    lapses_before = models.PositiveIntegerField(default=0)
    # The submitted attempt a quiz review came from: its assignment's answer policy decides
    # when the review may show in the student's mastery (services/progress.py).
    attempt = models.ForeignKey(
        "learning.Attempt",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reviews",
    )

    objects = ReviewLogQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "question", "reps"], name="one_review_per_card_version"
            )
        ]
        indexes = [models.Index(fields=["user", "reviewed_at"], name="review_log_user_time")]

    def __str__(self) -> str:
        return f"{self.user} rated question {self.question_id} {self.get_rating_display()}"
