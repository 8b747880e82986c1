"""Students' attempts at an assignment: start, answer, submit, and close the expired ones.

Every rule is checked here, with `now` passed in, whatever a page did or did not show: not
before opening, not after the due date or the time limit, not beyond the attempts allowed,
one submission. Races meet the database: concurrent starts race for the unique
(assignment, student, number), concurrent submits for a conditional update of `submitted_at`;
each makes exactly one. Scores are computed here from the answers as saved, never taken from
a request.

Grading, and what a submission leaves behind:
- every question of the attempt gets an AttemptAnswer with `is_correct` set; one the student
  left unanswered gets an empty one, counted wrong;
- every question the student answered also becomes a review in their scheduler (Good if
  right, Again if wrong). Unanswered questions do not: a question left blank, perhaps never
  reached before time ran out, says nothing about what the student remembers.
"""

from __future__ import annotations

import json
import random
from collections.abc import Collection, Iterable
from contextlib import suppress
from datetime import datetime
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction

from learning.answer_leaks import pick_apart
from learning.answers import CHOSEN, TYPED, check_choice, check_typed
from learning.models import Assignment, Attempt, AttemptAnswer, CardState, Membership, Question
from learning.scheduling import Rating
from learning.services.assignments import (
    GRADABLE_TYPES,
    assignment_pool,
    deadline_for,
    draw_apart,
    quiz_items,
)
from learning.services.reviews import AlreadyGraded, grade_token, review_record

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser


class AttemptRefused(Exception):
    """The student may not do this; the message says why, in words for them."""


class NotAMember(AttemptRefused):
    pass


class NotOpenYet(AttemptRefused):
    pass


class PastDue(AttemptRefused):
    pass


class NoAttemptsLeft(AttemptRefused):
    pass


class NotInAttempt(AttemptRefused):
    pass


class AssignmentGone(AttemptRefused):
    pass


class AttemptClosed(AttemptRefused):
    """The attempt takes no more answers: submitted already, or its time is up."""


class AlreadySubmitted(AttemptClosed):
    pass


class TimeUp(AttemptClosed):
    pass


def assignment_questions(
    *,
    assignment: Assignment,
    student: AbstractBaseUser,
    number: int = 1,
    seen: Collection[int] = (),
) -> list[int]:
    """The question ids a student is asked in attempt `number`, in order; the same on every
    call for them. `seen`: the questions of their earlier attempts."""
    rng = random.Random(f"{assignment.seed}:{student.pk}")
    if number > 1 and assignment.show_answers == Assignment.SHOW_IMMEDIATELY:
        ids = _fresh_draw(assignment, student=student, number=number, seen=set(seen))
    elif assignment.draw == Assignment.DRAW_FIXED:
        # A question retired since the set was picked is left out of new attempts.
        active = set(
            Question.objects.active()
            .filter(pk__in=assignment.fixed_question_ids)
            .values_list("pk", flat=True)
        )
        ids = [pk for pk in assignment.fixed_question_ids if pk in active]
    else:
        ids = draw_apart(pool=assignment_pool(assignment), count=assignment.question_count, rng=rng)
    if assignment.shuffle:
        rng.shuffle(ids)
    return ids


def _fresh_draw(
    assignment: Assignment, *, student: AbstractBaseUser, number: int, seen: set[int]
) -> list[int]:
    """After an attempt that showed its answers, the next one asks questions the student has
    not had yet, as many as the scope holds, and only then some they had.

    Seeded by the attempt's number, and for a per-student draw by the student, so that a
    fixed set's later attempts are still the same for everyone."""
    per_student = assignment.draw != Assignment.DRAW_FIXED
    rng = random.Random(f"{assignment.seed}:{student.pk if per_student else 'all'}:{number}")
    pool = assignment_pool(assignment)
    count = assignment.question_count
    fresh = draw_apart(pool=[pk for pk in pool if pk not in seen], count=count, rng=rng)
    # Topped up from the questions already seen, still none giving another's answer away.
    again = [pk for pk in pool if pk in seen]
    rng.shuffle(again)
    chosen = set(pick_apart(quiz_items([*fresh, *again]), count))
    return [pk for pk in pool if pk in chosen]


def attempt_start(*, assignment: Assignment, student: AbstractBaseUser, now: datetime) -> Attempt:
    """The student's attempt in progress if there is one, else a new one if the rules allow."""
    if not Membership.objects.filter(
        classroom_id=assignment.classroom_id, student_id=student.pk
    ).exists():
        raise NotAMember("You are not in this class.")
    mine = Attempt.objects.filter(assignment=assignment, student_id=student.pk)
    with transaction.atomic():
        # Locking the assignment orders this start against its deletion and its edits: one of
        # them waits, and the start then works from the assignment as it is now.
        assignment = Assignment.objects.select_for_update().filter(pk=assignment.pk).first()
        if assignment is None:
            raise AssignmentGone("This assignment was deleted.")
        for expired in mine.filter(submitted_at__isnull=True, deadline__lte=now):
            attempt_close(attempt=expired, now=now)
        current = mine.filter(submitted_at__isnull=True).order_by("-number").first()
        if current is not None:
            return current
        earlier = list(mine.values_list("question_ids", flat=True))
        _check_can_start(assignment, now, used=len(earlier))
        number = len(earlier) + 1
        seen = {pk for ids in earlier for pk in ids}
        questions = assignment_questions(
            assignment=assignment, student=student, number=number, seen=seen
        )
        try:
            with transaction.atomic():
                return Attempt.objects.create(
                    assignment=assignment,
                    student_id=student.pk,
                    number=number,
                    question_ids=questions,
                    started_at=now,
                    deadline=deadline_for(assignment, now),
                )
        except IntegrityError:
            # Another request (a double click, a second tab) started it a moment ago.
            return mine.get(number=number)


def _check_can_start(assignment: Assignment, now: datetime, *, used: int) -> None:
    if now < assignment.opens_at:
        raise NotOpenYet("This assignment is not open yet.")
    if now >= assignment.due_at:
        raise PastDue("This assignment is past its due date.")
    if used >= assignment.attempts_allowed:
        allowed = assignment.attempts_allowed
        raise NoAttemptsLeft(
            f"You have used your {allowed} attempt{'s' if allowed != 1 else ''} at this assignment."
        )


def attempt_answer(
    *, attempt: Attempt, question: Question, given: str, now: datetime
) -> AttemptAnswer:
    """Saves the answer as given, replacing an earlier one; past the deadline it is ignored
    and the attempt closes itself (TimeUp)."""
    if question.pk not in attempt.question_ids:
        raise NotInAttempt("That question is not part of this attempt.")
    with transaction.atomic():
        # Locked, so a submit running at the same moment grades after this answer or refuses it.
        current = Attempt.objects.select_for_update().get(pk=attempt.pk)
        if current.submitted_at is not None:
            raise AlreadySubmitted("This attempt was submitted; its answers can no longer change.")
        if now < current.deadline:
            answer, _ = AttemptAnswer.objects.update_or_create(
                attempt=current, question=question, defaults={"given": given, "answered_at": now}
            )
            return answer
    attempt_close(attempt=current, now=now)
    raise TimeUp("Time is up: that answer came too late, and your attempt was submitted.")


def attempt_submit(*, attempt: Attempt, now: datetime) -> Attempt:
    """Submits once (AlreadySubmitted for any other try) and grades it on the server.

    Past the deadline it is recorded as closed by the deadline, at the deadline: the answers
    saved before then count, and attempt_answer never saved one after it.
    """
    with transaction.atomic():
        deadline = Attempt.objects.values_list("deadline", flat=True).get(pk=attempt.pk)
        late = now >= deadline
        ended = deadline if late else now
        claimed = Attempt.objects.filter(pk=attempt.pk, submitted_at__isnull=True).update(
            submitted_at=ended, closed_by_deadline=late
        )
        if not claimed:
            raise AlreadySubmitted("This attempt was submitted already.")
        submitted = Attempt.objects.select_related("student").get(pk=attempt.pk)
        _grade(submitted, now)
    return submitted


def attempts_close_expired(*, assignments: Iterable[Assignment], now: datetime) -> int:
    """Submits and scores every attempt of these assignments left in progress past its
    deadline, found in one query; returns how many."""
    expired = Attempt.objects.filter(
        assignment__in=list(assignments), submitted_at__isnull=True, deadline__lte=now
    )
    return sum(attempt_close(attempt=attempt, now=now) for attempt in expired)


def attempt_close(*, attempt: Attempt, now: datetime) -> bool:
    """Submits the attempt unless it was already; False if another request got there first."""
    try:
        attempt_submit(attempt=attempt, now=now)
    except AlreadySubmitted:
        return False  # a concurrent request closed it first
    return True


def _grade(attempt: Attempt, now: datetime) -> None:
    questions = Question.objects.in_bulk(attempt.question_ids)
    answers = {answer.question_id: answer for answer in attempt.answers.all()}
    cards = {
        card.question_id: card
        for card in CardState.objects.filter(user=attempt.student, question_id__in=list(answers))
    }
    graded, blank, score = [], [], 0
    for question_id in attempt.question_ids:
        question = questions.get(question_id)
        if question is None:
            continue  # deleted since the attempt began: it counts neither way
        answer = answers.get(question_id)
        if answer is None:
            answer = AttemptAnswer(
                attempt=attempt, question=question, answered_at=attempt.submitted_at
            )
            blank.append(answer)
        else:
            graded.append(answer)
        answer.is_correct = answer_is_correct(question, answer.given)
        score += answer.is_correct
        if answer.given.strip() and question.type in GRADABLE_TYPES:
            _review(attempt, question, answer, cards.get(question_id), now)
    AttemptAnswer.objects.bulk_update(graded, ["is_correct"])
    AttemptAnswer.objects.bulk_create(blank)
    attempt.score, attempt.max_score = score, len(graded) + len(blank)
    attempt.save(update_fields=["score", "max_score"])


def _review(
    attempt: Attempt,
    question: Question,
    answer: AttemptAnswer,
    card: CardState | None,
    now: datetime,
) -> None:
    student = attempt.student
    reps = card.reps if card else 0
    # AlreadyGraded: the card changed under us (a study grade this very moment); keep that one.
    with suppress(AlreadyGraded):
        review_record(
            user=student,
            question=question,
            rating=Rating.GOOD if answer.is_correct else Rating.AGAIN,
            token=grade_token(user=student, question_id=question.pk, reps=reps),
            now=now,
            source="quiz",
            given_answer=answer.given,
            was_correct=bool(answer.is_correct),
            attempt=attempt,
        )


def answer_is_correct(question: Question, given: str) -> bool:
    """The server's verdict on an answer as saved. Typed answers forgive a small typo."""
    if not given.strip():
        return False
    if question.type in TYPED:
        return check_typed(given, [question.answer, *map(str, question.accepted_answers)]).correct
    if question.type in CHOSEN:
        return check_choice(given, question.answer).correct
    if question.type == "matching":
        return _pairs(given) == {(str(left), str(right)) for left, right in question.pairs}
    return False


def _pairs(given: str) -> set[tuple[str, str]] | None:
    """A matching answer (a JSON list of [left, right]) as a set; None if it is not one."""
    try:
        items = json.loads(given)
        return {(str(left), str(right)) for left, right in items}
    except (ValueError, TypeError):
        return None
