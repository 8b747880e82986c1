"""The review cycle's query count does not grow with the bank: the same bound at 10 and 1,000."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from learning.models import Bank, CardState, Question, StudySettings
from learning.scheduling import Rating
from learning.services.reviews import grade_token, review_record, study_queue

pytestmark = pytest.mark.django_db

Login = Callable[[User], Client]

# Session, user with study settings, bank, the queue (scope, today's counts, the next card's
# row with its question), the undo lookup; the full page adds the nav's roles.
SESSION_QUERIES = 8
# Nothing left: the queue reads no next card.
NOTHING_DUE_QUERIES = 7
# Session, user, the card with its bank, then in a savepoint the card's row, its update and
# the review log, then the next card's queue.
GRADE_QUERIES = 11
SIZES = [10, 1000]


def _bank_with_history(user: User, size: int) -> Bank:
    """`size` cards: half never seen, half reviewed before and due now, one graded today."""
    bank = Bank.objects.create(slug=f"bank-{size}", title="POEMS", is_published=True)
    Question.objects.bulk_create(
        Question(
            bank=bank,
            key=f"q-{i}",
            category="symptoms" if i % 2 else "tests",
            type="flashcard",
            prompt=f"Prompt {i}?",
            answer=f"Answer {i}",
            source_quote=f"Sentence {i}.",
            position=i,
        )
        for i in range(size)
    )
    now = timezone.now()
    CardState.objects.bulk_create(
        CardState(
            user=user,
            question=question,
            phase="review",
            step=None,
            stability=5.0,
            difficulty=5.0,
            due=now - timedelta(hours=1),
            last_review=now - timedelta(days=5),
            reps=3,
        )
        for question in bank.questions.all()[: size // 2]
    )
    fresh = bank.questions.filter(card_states__isnull=True).first()
    review_record(
        user=user,
        question=fresh,
        rating=Rating.GOOD,
        token=grade_token(user=user, question_id=fresh.pk, reps=0),
        now=now - timedelta(minutes=1),
    )
    return bank


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("htmx", [False, True])
def test_the_study_page_runs_a_fixed_number_of_queries(
    login: Login,
    student: User,
    django_assert_max_num_queries: Callable[..., object],
    size: int,
    htmx: bool,
) -> None:
    bank = _bank_with_history(student, size)
    client = login(student)
    headers = {"HX-Request": "true"} if htmx else {}

    with django_assert_max_num_queries(SESSION_QUERIES):  # type: ignore[attr-defined]
        response = client.get(
            reverse("study_session", args=[bank.slug]) + "?category=symptoms&category=tests",
            headers=headers,
        )

    assert response.status_code == 200
    assert "Due " in response.content.decode()


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("htmx", [False, True])
def test_a_grade_runs_a_fixed_number_of_queries(
    login: Login,
    student: User,
    django_assert_max_num_queries: Callable[..., object],
    size: int,
    htmx: bool,
) -> None:
    bank = _bank_with_history(student, size)
    queue = study_queue(user=student, bank=bank, categories=[], now=timezone.now())
    assert queue.question is not None and queue.card is not None
    client = login(student)
    body = {
        "question": queue.question.pk,
        "token": grade_token(user=student, question_id=queue.question.pk, reps=queue.card.reps),
        "rating": 3,
    }
    headers = {"HX-Request": "true"} if htmx else {}

    with django_assert_max_num_queries(GRADE_QUERIES):  # type: ignore[attr-defined]
        response = client.post(reverse("study_grade", args=[bank.slug]), body, headers=headers)

    assert response.status_code == (200 if htmx else 302)


@pytest.mark.parametrize("size", SIZES)
def test_nothing_due_runs_a_fixed_number_of_queries(
    login: Login,
    student: User,
    django_assert_max_num_queries: Callable[..., object],
    size: int,
) -> None:
    bank = _bank_with_history(student, size)
    CardState.objects.filter(user=student).update(due=timezone.now() + timedelta(days=3))
    StudySettings.objects.update_or_create(user=student, defaults={"new_per_day": 1})
    client = login(student)

    with django_assert_max_num_queries(NOTHING_DUE_QUERIES):  # type: ignore[attr-defined]
        response = client.get(reverse("study_session", args=[bank.slug]))

    assert "Nothing due. Next card due" in response.content.decode()
