"""Recording grades, undoing them, and choosing what to study next.

One mechanism keeps every grade counted once: the grade form carries a signed token naming the
card and how many reviews it had when it was shown (`reps`). A grade is accepted only while the
card still has that many, and the card's row is updated only if it still does. A replayed POST,
a double click or a second tab showing the same card all carry a stale count and are refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from django.core import signing
from django.db import IntegrityError, transaction

from learning.models import CardState, Question, ReviewLog, StudySettings
from learning.scheduling import Memory, Phase, Rating, day_bounds, review, study_day

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser

    from learning.models import Bank

_TOKEN_SALT = "learning.grade"


class AlreadyGraded(Exception):
    """The card was graded since this form was shown; nothing was recorded."""


class BadToken(Exception):
    """The grade form's token is missing, forged or for another card."""


class NothingToUndo(Exception):
    """The review to undo is not the learner's latest, or is gone already."""


def grade_token(*, user: AbstractBaseUser, question_id: int, reps: int) -> str:
    return signing.dumps([user.pk, question_id, reps], salt=_TOKEN_SALT)


def _token_reps(token: str, *, user: AbstractBaseUser, question_id: int) -> int:
    try:
        user_id, token_question, reps = signing.loads(token, salt=_TOKEN_SALT)
    except (signing.BadSignature, ValueError, TypeError):
        raise BadToken("the grade form is invalid; reload the page") from None
    if user_id != user.pk or token_question != question_id:
        raise BadToken("the grade form is for another card; reload the page")
    return int(reps)


def review_record(
    *,
    user: AbstractBaseUser,
    question: Question,
    rating: Rating,
    token: str,
    now: datetime,
    source: str = "study",
    given_answer: str = "",
    was_correct: bool | None = None,
    duration_ms: int | None = None,
) -> ReviewLog:
    """Grades the card once; raises AlreadyGraded for any second attempt at the same showing."""
    shown_reps = _token_reps(token, user=user, question_id=question.pk)
    prefs = StudySettings.for_user(user).preferences
    try:
        with transaction.atomic():
            card = CardState.objects.filter(user=user, question=question).first()
            if (card.reps if card else 0) != shown_reps:
                raise AlreadyGraded
            before = card.memory if card else Memory()
            after = review(before, rating, now=now, prefs=prefs)
            lapses_before = card.lapses if card else 0
            lapses = lapses_before + (before.phase is Phase.REVIEW and rating is Rating.AGAIN)
            if card is None:
                card = CardState(user=user, question=question, reps=1, lapses=lapses)
                card.remember(after)
                card.save()  # the unique (user, question) makes a racing first grade fail
            else:
                changed = CardState.objects.filter(pk=card.pk, reps=shown_reps).update(
                    phase=after.phase.value,
                    step=after.step,
                    stability=after.stability,
                    difficulty=after.difficulty,
                    due=after.due,
                    last_review=after.last_review,
                    reps=shown_reps + 1,
                    lapses=lapses,
                )
                if not changed:
                    raise AlreadyGraded
            return ReviewLog.objects.create(
                user=user,
                question=question,
                rating=int(rating),
                reviewed_at=now,
                duration_ms=duration_ms,
                source=source,
                given_answer=given_answer[:2000],
                was_correct=was_correct,
                reps=shown_reps + 1,
                phase_before=before.phase.value,
                memory_before=None if before.is_new else _memory_json(before),
                phase_after=after.phase.value,
                due_after=after.due,
                lapses_before=lapses_before,
            )
    except IntegrityError:
        raise AlreadyGraded from None


def review_undo(*, user: AbstractBaseUser, review_id: int) -> ReviewLog:
    """Takes back the learner's latest grade, restoring the card exactly as it was."""
    with transaction.atomic():
        latest = ReviewLog.objects.for_user(user).order_by("-reviewed_at", "-pk").first()
        if latest is None or latest.pk != review_id:
            raise NothingToUndo
        card = CardState.objects.get(user=user, question_id=latest.question_id)
        if latest.memory_before is None:
            card.delete()  # it was new: it becomes new again
        else:
            card.remember(_memory_from_json(latest.memory_before))
            card.reps = latest.reps - 1
            card.lapses = latest.lapses_before
            card.save()
        latest.delete()
        return latest


def _memory_json(memory: Memory) -> dict[str, object]:
    return {
        "phase": memory.phase.value,
        "step": memory.step,
        "stability": memory.stability,
        "difficulty": memory.difficulty,
        "due": memory.due.isoformat() if memory.due else None,
        "last_review": memory.last_review.isoformat() if memory.last_review else None,
    }


def _memory_from_json(data: dict[str, object]) -> Memory:
    def moment(value: object) -> datetime | None:
        return datetime.fromisoformat(value) if isinstance(value, str) else None

    return Memory(
        phase=Phase(str(data["phase"])),
        step=data["step"],  # type: ignore[arg-type]
        stability=data["stability"],  # type: ignore[arg-type]
        difficulty=data["difficulty"],  # type: ignore[arg-type]
        due=moment(data["due"]),
        last_review=moment(data["last_review"]),
    )


@dataclass(frozen=True)
class StudyQueue:
    """What is left today in one study scope, and the card to show next."""

    new: int
    learning: int
    due: int
    question: Question | None
    card: CardState | None  # None for a new card
    next_due_at: datetime | None  # when nothing is left now: when the next card falls due

    @property
    def remaining(self) -> int:
        return self.new + self.learning + self.due


def study_queue(
    *, user: AbstractBaseUser, bank: Bank, categories: list[str], now: datetime
) -> StudyQueue:
    """Learning cards due now first, then today's reviews, then new cards, within daily limits."""
    study = StudySettings.for_user(user)
    start, end = day_bounds(
        study_day(now, zone=study.time_zone, day_starts_at=study.day_starts_at),
        zone=study.time_zone,
        day_starts_at=study.day_starts_at,
    )
    scope = Question.objects.active().filter(bank=bank)
    if categories:
        scope = scope.filter(category__in=categories)
    cards = CardState.objects.for_user(user).filter(question__in=scope)
    today = ReviewLog.objects.for_user(user).between(start, end)
    new_done = today.filter(phase_before=Phase.NEW.value).count()
    reviews_done = today.filter(phase_before=Phase.REVIEW.value).count()

    learning_due = cards.filter(phase__in=[Phase.LEARNING, Phase.RELEARNING], due__lte=now)
    review_due = cards.filter(phase=Phase.REVIEW, due__lt=end)
    fresh = scope.exclude(card_states__user=user)
    learning = learning_due.count()
    reviews_left, fresh_left = review_due.count(), fresh.count()
    due = min(reviews_left, max(0, study.reviews_per_day - reviews_done))
    new = min(fresh_left, max(0, study.new_per_day - new_done))

    card = None
    if learning:
        card = learning_due.select_related("question").order_by("due", "pk").first()
    elif due:
        card = review_due.select_related("question").order_by("due", "pk").first()
    question = (
        card.question if card else (fresh.order_by("position", "pk").first() if new else None)
    )
    next_due_at = None
    if question is None:
        upcoming = cards.filter(due__gt=now)
        held_back = bool(reviews_left or fresh_left)  # by today's limits
        if held_back:
            # Those cards return when the next study day starts; only learning steps come sooner.
            upcoming = upcoming.filter(phase__in=[Phase.LEARNING, Phase.RELEARNING], due__lt=end)
        next_due_at = upcoming.order_by("due").values_list("due", flat=True).first()
        if held_back and next_due_at is None:
            next_due_at = end
    return StudyQueue(
        new=new, learning=learning, due=due, question=question, card=card, next_due_at=next_due_at
    )
