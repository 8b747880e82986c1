"""What to study next: order, daily limits in the learner's day, scope, and query counts."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.auth.models import User

from learning.models import Bank, CardState, Question, ReviewLog, StudySettings
from learning.scheduling import Rating
from learning.services.reviews import StudyQueue, grade_token, review_record, study_queue
from tests.conftest import draft_question

pytestmark = pytest.mark.django_db

# 15:00 UTC; with the default UTC zone and 4 a.m. start, today ends at 04:00 UTC tomorrow.
NOW = datetime(2026, 3, 2, 15, 0, tzinfo=UTC)
END_OF_TODAY = datetime(2026, 3, 3, 4, 0, tzinfo=UTC)
MakeBank = Callable[..., Bank]


def _bank(make_bank: MakeBank, size: int, *, categories: tuple[str, ...] = ("symptoms",)) -> Bank:
    return make_bank(
        questions=[
            draft_question(f"q{index}", category=categories[index % len(categories)])
            for index in range(size)
        ]
    )


def _questions(bank: Bank) -> list[Question]:
    return list(bank.questions.order_by("position"))


def _state(user: User, question: Question, phase: str, due: datetime) -> CardState:
    """A card already studied, written directly: the queue only reads these columns."""
    return CardState.objects.create(
        user=user,
        question=question,
        phase=phase,
        step=0 if phase in ("learning", "relearning") else None,
        stability=5.0,
        difficulty=5.0,
        due=due,
        last_review=due - timedelta(days=1),
        reps=1,
    )


def _queue(
    user: User, bank: Bank, *, now: datetime = NOW, categories: list[str] | None = None
) -> StudyQueue:
    return study_queue(user=user, bank=bank, categories=categories or [], now=now)


def _grade(user: User, queue: StudyQueue, rating: Rating, *, now: datetime) -> ReviewLog:
    """Grades the card the queue shows, as the study page would."""
    assert queue.question is not None
    token = grade_token(
        user=user, question_id=queue.question.pk, reps=queue.card.reps if queue.card else 0
    )
    return review_record(user=user, question=queue.question, rating=rating, token=token, now=now)


def _counts(queue: StudyQueue) -> tuple[int, int, int]:
    return (queue.new, queue.learning, queue.due)


def test_a_bank_nobody_studied_offers_its_new_cards_in_position_order(
    student: User, make_bank: MakeBank
) -> None:
    bank = _bank(make_bank, 5)
    first = _questions(bank)[0]

    queue = _queue(student, bank)

    assert _counts(queue) == (5, 0, 0)
    assert queue.remaining == 5
    assert (queue.question, queue.card, queue.next_due_at) == (first, None, None)


def test_learning_cards_due_now_come_first_then_todays_reviews_then_new_cards(
    student: User, make_bank: MakeBank
) -> None:
    q = _questions(_bank(make_bank, 10))
    bank = q[0].bank
    _state(student, q[1], "review", NOW - timedelta(days=1))
    _state(student, q[2], "learning", NOW - timedelta(minutes=1))
    _state(student, q[3], "relearning", NOW - timedelta(minutes=5))
    _state(student, q[4], "learning", NOW + timedelta(minutes=5))  # not yet
    _state(student, q[5], "review", NOW + timedelta(hours=3))  # later today: due today
    _state(student, q[6], "review", END_OF_TODAY)  # tomorrow
    _state(student, q[8], "review", NOW - timedelta(days=3))
    _state(student, q[9], "learning", NOW)  # due this very instant
    Question.objects.filter(pk=q[0].pk).update(position=99)  # position decides, not the id

    shown = []
    queue = _queue(student, bank)
    assert _counts(queue) == (2, 3, 3)
    while queue.question is not None:
        shown.append(queue.question.key)
        _grade(student, queue, Rating.EASY, now=NOW)  # out of today's queue for days
        queue = _queue(student, bank)

    assert shown == ["q3", "q2", "q9", "q8", "q1", "q5", "q7", "q0"]
    assert _counts(queue) == (0, 0, 0)
    assert queue.next_due_at == NOW + timedelta(minutes=5)


def test_the_card_of_a_studied_question_comes_with_it(student: User, make_bank: MakeBank) -> None:
    q = _questions(_bank(make_bank, 3))
    card = _state(student, q[2], "review", NOW - timedelta(days=1))

    queue = _queue(student, q[0].bank)

    assert (queue.question, queue.card) == (q[2], card)


def test_new_cards_stop_at_the_daily_limit_counting_those_already_started_today(
    student: User, make_bank: MakeBank
) -> None:
    StudySettings.objects.create(user=student, new_per_day=3)
    bank = _bank(make_bank, 5)

    news = []
    for minutes in range(4):
        queue = _queue(student, bank, now=NOW + timedelta(minutes=minutes))
        news.append(queue.new)
        if queue.question is not None:
            _grade(student, queue, Rating.EASY, now=NOW + timedelta(minutes=minutes))

    assert news == [3, 2, 1, 0]
    assert queue.question is None
    assert ReviewLog.objects.count() == 3


def test_reviews_stop_at_the_daily_limit_counting_those_done_today(
    student: User, make_bank: MakeBank
) -> None:
    StudySettings.objects.create(user=student, reviews_per_day=2, new_per_day=0)
    q = _questions(_bank(make_bank, 4))
    bank = q[0].bank
    for question in q:
        _state(student, question, "review", NOW - timedelta(days=2))

    first = _queue(student, bank, now=NOW - timedelta(hours=5))
    _grade(student, first, Rating.GOOD, now=NOW - timedelta(hours=5))
    queue = _queue(student, bank)

    assert (first.due, queue.due) == (2, 1)
    assert queue.question is not None
    _grade(student, queue, Rating.GOOD, now=NOW)
    assert _queue(student, bank).due == 0
    assert _queue(student, bank).question is None


def test_reviews_of_relearning_cards_do_not_use_up_the_review_limit(
    student: User, make_bank: MakeBank
) -> None:
    StudySettings.objects.create(user=student, reviews_per_day=1)
    q = _questions(_bank(make_bank, 2))
    _state(student, q[0], "relearning", NOW - timedelta(minutes=10))
    _state(student, q[1], "review", NOW - timedelta(days=1))

    _grade(student, _queue(student, q[0].bank), Rating.GOOD, now=NOW)

    assert _counts(_queue(student, q[0].bank)) == (0, 0, 1)


def test_the_day_boundary_follows_the_learners_time_zone_and_start_hour(
    student: User, make_bank: MakeBank
) -> None:
    StudySettings.objects.create(
        user=student, time_zone="America/New_York", day_starts_at=4, new_per_day=2
    )
    bank = _bank(make_bank, 6)
    # 03:30 EDT on 1 July still belongs to 30 June; 04:30 EDT starts the study day of 1 July.
    for moment in (
        datetime(2026, 7, 1, 7, 30, tzinfo=UTC),
        datetime(2026, 7, 1, 8, 30, tzinfo=UTC),
    ):
        _grade(student, _queue(student, bank, now=moment), Rating.EASY, now=moment)

    at_0300_edt_2_july = _queue(student, bank, now=datetime(2026, 7, 2, 7, 0, tzinfo=UTC))
    at_0400_edt_2_july = _queue(student, bank, now=datetime(2026, 7, 2, 8, 0, tzinfo=UTC))

    assert at_0300_edt_2_july.new == 1
    assert at_0400_edt_2_july.new == 2


def test_reviews_due_before_the_learners_day_ends_count_as_due_today(
    student: User, make_bank: MakeBank
) -> None:
    StudySettings.objects.create(user=student, time_zone="Asia/Tokyo", day_starts_at=4)
    q = _questions(_bank(make_bank, 2))
    # At 15:00 UTC it is midnight in Tokyo: the study day of 2 March runs until 19:00 UTC.
    _state(student, q[0], "review", datetime(2026, 3, 2, 18, 59, tzinfo=UTC))
    _state(student, q[1], "review", datetime(2026, 3, 2, 19, 0, tzinfo=UTC))

    assert _queue(student, q[0].bank).due == 1


def test_chosen_categories_limit_the_scope(student: User, make_bank: MakeBank) -> None:
    bank = _bank(make_bank, 9, categories=("symptoms", "tests", "treatment"))
    q = _questions(bank)
    _state(student, q[0], "learning", NOW - timedelta(minutes=1))  # symptoms
    _state(student, q[1], "review", NOW - timedelta(days=1))  # tests
    _state(student, q[4], "review", NOW - timedelta(days=1))  # tests
    _state(student, q[2], "learning", NOW - timedelta(minutes=1))  # treatment

    tests_only = _queue(student, bank, categories=["tests"])
    two = _queue(student, bank, categories=["tests", "treatment"])
    whole = _queue(student, bank)

    assert _counts(tests_only) == (1, 0, 2)
    assert tests_only.question == q[1]  # equally overdue: the older row first
    assert _counts(two) == (3, 1, 2)
    assert two.question == q[2]
    assert _counts(whole) == (5, 2, 2)


def test_other_banks_are_out_of_scope(student: User, make_bank: MakeBank) -> None:
    mine = _bank(make_bank, 2)
    other = _bank(make_bank, 3)
    for question in _questions(other):
        _state(student, question, "learning", NOW - timedelta(minutes=1))

    assert _counts(_queue(student, mine)) == (2, 0, 0)


def test_retired_questions_never_appear(student: User, make_bank: MakeBank) -> None:
    q = _questions(_bank(make_bank, 6))
    _state(student, q[0], "learning", NOW - timedelta(minutes=1))
    _state(student, q[1], "review", NOW - timedelta(days=1))
    _state(student, q[3], "relearning", NOW + timedelta(minutes=5))
    Question.objects.filter(pk__in=[q[0].pk, q[1].pk, q[2].pk, q[3].pk]).update(retired_at=NOW)

    queue = _queue(student, q[0].bank)

    assert _counts(queue) == (2, 0, 0)
    assert queue.question == q[4]
    q[4].retired_at = q[5].retired_at = NOW
    Question.objects.bulk_update([q[4], q[5]], ["retired_at"])
    empty = _queue(student, q[0].bank)
    assert (empty.question, empty.remaining, empty.next_due_at) == (None, 0, None)


def test_other_users_cards_and_reviews_do_not_count(
    student: User, other_student: User, make_bank: MakeBank
) -> None:
    StudySettings.objects.create(user=student, new_per_day=2)
    bank = _bank(make_bank, 4)
    q = _questions(bank)
    _state(other_student, q[0], "learning", NOW - timedelta(minutes=1))
    _state(other_student, q[1], "review", NOW - timedelta(days=1))
    for _ in range(2):
        _grade(other_student, _queue(other_student, bank), Rating.EASY, now=NOW)

    queue = _queue(student, bank)

    assert _counts(queue) == (2, 0, 0)
    assert (queue.question, queue.card) == (q[0], None)


def test_when_nothing_is_left_it_says_when_the_next_card_falls_due(
    student: User, make_bank: MakeBank
) -> None:
    q = _questions(_bank(make_bank, 3))
    _state(student, q[0], "review", NOW + timedelta(days=2))
    _state(student, q[1], "learning", NOW + timedelta(minutes=7))
    _state(student, q[2], "review", NOW + timedelta(days=1))

    queue = _queue(student, q[0].bank)

    assert (queue.question, queue.card, queue.remaining) == (None, None, 0)
    assert queue.next_due_at == NOW + timedelta(minutes=7)


def test_next_due_is_empty_while_there_is_something_to_study(
    student: User, make_bank: MakeBank
) -> None:
    q = _questions(_bank(make_bank, 2))
    _state(student, q[0], "learning", NOW + timedelta(minutes=7))

    assert _queue(student, q[0].bank).next_due_at is None


def test_cards_held_back_by_a_daily_limit_come_back_when_the_next_day_starts(
    student: User, make_bank: MakeBank
) -> None:
    StudySettings.objects.create(user=student, new_per_day=1, reviews_per_day=1)
    q = _questions(_bank(make_bank, 5))
    _state(student, q[0], "review", NOW - timedelta(days=1))
    _state(student, q[1], "review", NOW - timedelta(days=1))
    _state(student, q[2], "review", NOW + timedelta(hours=2))  # due today, but over the limit
    for _ in range(2):
        _grade(student, _queue(student, q[0].bank), Rating.EASY, now=NOW)

    queue = _queue(student, q[0].bank)

    assert queue.question is None
    assert queue.next_due_at == END_OF_TODAY


def test_a_learning_card_due_before_the_next_day_comes_first_even_when_limits_hold_back(
    student: User, make_bank: MakeBank
) -> None:
    StudySettings.objects.create(user=student, new_per_day=0)
    q = _questions(_bank(make_bank, 2))
    _state(student, q[0], "learning", NOW + timedelta(minutes=7))

    assert _queue(student, q[0].bank).next_due_at == NOW + timedelta(minutes=7)


def _big_bank(make_bank: MakeBank, user: User, other: User, size: int) -> Bank:
    """`size` questions: a third learning, a third in review, a third new; logs from today."""
    bank = make_bank(slug=f"big-{size}", questions=[])
    questions = Question.objects.bulk_create(
        Question(
            bank=bank,
            key=f"q{index}",
            category=("symptoms", "tests")[index % 2],
            type="flashcard",
            prompt=f"Prompt {index}?",
            answer=f"Answer {index}",
            source_quote="A sentence.",
            position=index,
        )
        for index in range(size)
    )
    phases = ("learning", "review")
    states = [
        CardState(
            user=owner,
            question=question,
            phase=phases[index % 3],
            stability=5.0,
            difficulty=5.0,
            due=NOW - timedelta(minutes=index + 1),
            last_review=NOW - timedelta(days=1),
            reps=1,
        )
        for owner in (user, other)
        for index, question in enumerate(questions)
        if index % 3 < 2
    ]
    CardState.objects.bulk_create(states)
    ReviewLog.objects.bulk_create(
        ReviewLog(
            user=user,
            question=question,
            rating=3,
            reviewed_at=NOW - timedelta(hours=1),
            reps=1,
            phase_before="new",
            phase_after="learning",
            due_after=NOW,
        )
        for question in questions[:3]
    )
    return bank


@pytest.mark.parametrize("size", [10, 1_000])
def test_the_queue_takes_a_fixed_number_of_queries_at_any_size(
    student: User,
    other_student: User,
    make_bank: MakeBank,
    size: int,
    django_assert_max_num_queries: Callable,
) -> None:
    bank = _big_bank(make_bank, student, other_student, size)
    StudySettings.for_user(student)

    with django_assert_max_num_queries(7):
        queue = _queue(student, bank, categories=["symptoms", "tests"])

    assert queue.learning > 0 and queue.due > 0 and queue.new > 0


def test_the_queue_takes_as_many_queries_for_1000_questions_as_for_10(
    student: User,
    other_student: User,
    make_bank: MakeBank,
    django_assert_max_num_queries: Callable,
) -> None:
    StudySettings.for_user(student)
    counts = []
    for size in (10, 1_000):
        bank = _big_bank(make_bank, student, other_student, size)
        with django_assert_max_num_queries(7) as showing:
            _queue(student, bank)
        # Then nothing is left, so the queue also looks up when the next card falls due.
        CardState.objects.filter(user=student).update(due=NOW + timedelta(days=2))
        bank.questions.exclude(card_states__user=student).update(retired_at=NOW)
        with django_assert_max_num_queries(8) as finished:
            queue = _queue(student, bank)
        assert queue.question is None and queue.next_due_at is not None
        counts.append((len(showing), len(finished)))

    assert counts[0] == counts[1]
