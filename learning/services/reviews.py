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
from django.db.models import Count, FilteredRelation, Q

from learning.models import CardState, Question, ReviewLog, StudySettings
from learning.models.reviews import memory_columns
from learning.scheduling import Memory, Phase, Rating, day_bounds, review, study_day

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser

    from learning.models import Attempt, Bank

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
    attempt: Attempt | None = None,
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
                    **memory_columns(after), reps=shown_reps + 1, lapses=lapses
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
                attempt=attempt,
            )
    except IntegrityError:
        raise AlreadyGraded from None


def review_undo(*, user: AbstractBaseUser, review_id: int) -> ReviewLog:
    """Takes back the learner's latest grade, restoring the card exactly as it was."""
    with transaction.atomic():
        # Locked, so a double-clicked Undo or a grade in another tab waits, then finds the
        # state changed: the log gone (nothing to undo) or the card graded since (reps moved).
        latest = (
            ReviewLog.objects.for_user(user)
            .select_for_update()
            .order_by("-reviewed_at", "-pk")
            .first()
        )
        if latest is None or latest.pk != review_id:
            raise NothingToUndo
        card = (
            CardState.objects.select_for_update()
            .filter(user=user, question_id=latest.question_id)
            .first()
        )
        if card is None or card.reps != latest.reps:
            raise NothingToUndo
        if latest.memory_before is None:
            card.delete()  # it was new: it becomes new again
        else:
            card.remember(memory_from_json(latest.memory_before))
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


def memory_from_json(data: dict[str, object]) -> Memory:
    """A memory as a ReviewLog keeps it (`memory_before`)."""

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
    """Learning cards due now first, then today's reviews, then new cards, within daily limits.

    One query reads the scope: this bank's questions, each LEFT JOINed to this learner's card
    through the unique (user, question) index. Filtering or ordering on the card's due date in
    SQL would let the database walk the learner's (user, due) index across every bank they
    study, so the cost would grow with their history; the choice is made here instead, over
    rows as many as the bank has questions.
    """
    study = StudySettings.for_user(user)
    start, end = day_bounds(
        study_day(now, zone=study.time_zone, day_starts_at=study.day_starts_at),
        zone=study.time_zone,
        day_starts_at=study.day_starts_at,
    )
    scope = Question.objects.active().filter(bank=bank)
    if categories:
        scope = scope.filter(category__in=categories)
    rows = scope.annotate(
        mine=FilteredRelation("card_states", condition=Q(card_states__user=user))
    ).values_list("pk", "position", "mine__phase", "mine__due")
    fresh, learning_due, reviews_due, later = [], [], [], []
    for pk, position, phase, due in rows:
        if phase is None:
            fresh.append((position, pk))
        elif phase == Phase.REVIEW:
            (reviews_due if due < end else later).append((due, pk))
        else:
            (learning_due if due <= now else later).append((due, pk))
    done = (
        ReviewLog.objects.for_user(user)
        .between(start, end)
        .aggregate(
            new=Count("pk", filter=Q(phase_before=Phase.NEW)),
            reviews=Count("pk", filter=Q(phase_before=Phase.REVIEW)),
        )
    )
    due = min(len(reviews_due), max(0, study.reviews_per_day - done["reviews"]))
    new = min(len(fresh), max(0, study.new_per_day - done["new"]))
    pool = learning_due or (reviews_due if due else []) or (fresh if new else [])
    pick = min(pool, default=None)
    question = card = next_due_at = None
    if pick is None:
        held_back = bool(reviews_due or fresh)  # by today's limits
        # Held-back cards return when the next study day starts; only learning steps come sooner.
        sooner = [due for due, pk in later if not held_back or due < end]
        next_due_at = min(sooner, default=end if held_back else None)
    elif pool is fresh:
        question = Question.objects.get(pk=pick[1])
    else:  # a card already studied: its state and its question in one query
        card = CardState.objects.select_related("question").get(user=user, question_id=pick[1])
        question = card.question
    return StudyQueue(
        new=new,
        learning=len(learning_due),
        due=due,
        question=question,
        card=card,
        next_due_at=next_due_at,
    )
